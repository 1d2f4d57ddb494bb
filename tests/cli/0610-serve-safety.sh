#!/bin/sh
# 0610-serve-safety.sh: no query can crash or hang `unsearch serve`: the
# query fuzzer's corpus (tests/fuzz/corpus_qparse/, and its saved crashes
# when there are any) replayed through HTTP as q, and as every filter
# parameter, each answered with a JSON object and 200 or 400 within the
# time limit (and up to 2000 inputs of build-fuzz/corpus_qparse/ when make
# fuzz has grown it); a query past the time limit gives up with 400 and the server
# goes on answering.
. tests/setup

"$GENCORPUS" -o "$T/corpus" -m 3 >/dev/null
"$UNINDEX" -q -o "$T/ix3" "$T/corpus" >/dev/null

serve_start -i "$T/ix3" --time-limit 1 || exit 1
http_get /api/search --data-urlencode 'q=de OR la OR los' --data-urlencode facet=session,year
check_eq time-limit "400 the query ran past its time limit; narrow it with more words or a filter" \
	"$status $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"])' "$T/body")"
http_get /api/search --data-urlencode q=capacidad --data-urlencode symbol=74/29
check_eq after-time-limit 200 "$status"
serve_stop

serve_start -i "$T/ix3" || exit 1
if python3 - "$SERVE_URL" tests/fuzz/corpus_qparse tests/fuzz/regress_qparse build-fuzz/corpus_qparse <<'EOF'
import json, os, sys, time, urllib.error, urllib.parse, urllib.request
url, dirs = sys.argv[1], sys.argv[2:]
inputs = []
for d in dirs:
    if os.path.isdir(d):
        inputs += [os.path.join(d, f) for f in sorted(os.listdir(d))][:2000]
bad, n = [], 0
for path in inputs:
    data = open(path, "rb").read()
    # The fuzzer reads its bytes as a NUL-terminated string; so does a URL.
    data = data.split(b"\0")[0][:1024]
    for param in ("q", "kind", "verb", "session", "symbol"):
        qs = urllib.parse.quote_from_bytes(data, safe=b"")
        if param != "q":
            qs = "paz&" + param + "=" + qs
        start = time.monotonic()
        try:
            r = urllib.request.urlopen(url + "/api/search?q=" + qs, timeout=30)
            status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        except Exception as e:
            bad.append("%s (%s): %s" % (path, param, e))
            continue
        n += 1
        elapsed = time.monotonic() - start
        try:
            json.loads(body)
        except ValueError:
            bad.append("%s (%s): not JSON: %r" % (path, param, body[:80]))
        if status not in (200, 400) or elapsed > 10:
            bad.append("%s (%s): status %d after %.1f s" % (path, param, status, elapsed))
print("NOTE %d fuzz inputs replayed through HTTP, %d requests" % (len(inputs), n))
for b in bad[:20]:
    print(b)
sys.exit(1 if bad or not inputs else 0)
EOF
then pass fuzz-corpus-replay; else fail fuzz-corpus-replay "see above"; fi
check server-alive kill -0 "$SERVE_PID"
http_get /api/search --data-urlencode q=capacidad
check_eq still-answers 200 "$status"
serve_stop
check_eq clean-exit 0 "$rc"
