#!/bin/sh
# 0620-serve-update.sh: the index updated under a running `unsearch serve`
# (files added to and removed from its folder, unindex run again):
# clients querying all along get only answers of one complete index (the
# old one's count or the new one's, never an error or a mix), and the
# first request after each commit answers from the new index, without a
# restart.
. tests/setup

mkdir -p "$T/src" "$T/large"
cp "$CORPUS"/*.txt "$T/src/"
cp "$CORPUS"/*.txt tests/shapes/*.txt "$T/large/"
"$UNINDEX" -q -o "$T/large-ix" "$T/large" >/dev/null 2>&1
"$UNINDEX" -q -o "$T/live" "$T/src" >/dev/null
small=$("$UNSEARCH" -i "$T/live" --count seguridad)
large=$("$UNSEARCH" -i "$T/large-ix" --count seguridad)
check different-counts test "$small" != "$large"

serve_start -i "$T/live" || exit 1
# Two clients query while unindex updates the index four times over.
python3 - "$SERVE_URL" "$small" "$large" "$T/stop" >"$T/clients" 2>&1 <<'EOF' &
import json, os, sys, threading, urllib.request
url, small, large, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
seen, bad = set(), []
def client():
    for _ in range(20000):
        if os.path.exists(stop):
            return
        try:
            r = urllib.request.urlopen(url + "/api/search?q=seguridad&facet=kind", timeout=30)
            total = json.loads(r.read())["total"]
            seen.add(total)
            if total not in (small, large):
                bad.append("total %d" % total)
        except Exception as e:
            bad.append(str(e))
ts = [threading.Thread(target=client) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
print("seen", sorted(seen), "bad", len(bad), bad[:5])
EOF
clients=$!
# total: the server's count for seguridad now.
total() {
	http_get /api/search --data-urlencode q=seguridad --data-urlencode facet=kind
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$T/body"
}
n=0
for change in add remove add remove; do
	if [ "$change" = add ]; then
		cp tests/shapes/*.txt "$T/src/"
		want=$large
	else
		(cd tests/shapes && for f in *.txt; do rm "$T/src/$f"; done)
		want=$small
	fi
	"$UNINDEX" -q -o "$T/live" "$T/src" >/dev/null 2>&1
	n=$((n + 1))
	# unindex has committed when it exits: the very next request sees it.
	check_eq "sees-update-$n" "$want" "$(total)"
done
touch "$T/stop"
wait "$clients"
if grep -q "bad 0 \[\]" "$T/clients"; then pass consistent-answers; else fail consistent-answers "$(cat "$T/clients")"; fi
serve_stop
