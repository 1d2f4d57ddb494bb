#!/bin/sh
# 0120-concurrent: readers never see a half-built index, and writers
# exclude each other. Queries run in a loop while the index is rebuilt
# several times, alternating between two different corpora: every query
# must exit 0 with exactly the answers of either the old or the new index.
# A second unindex while one runs exits 2 naming the lock holder's pid; a
# LOCK left by a dead process does not block (flock, not file existence).
. tests/setup

IDX=$T/conc-ix
"$GENCORPUS" -o "$T/ca" -s 5 -m 1 >/dev/null
"$GENCORPUS" -o "$T/cb" -s 6 -m 1 >/dev/null
"$UNINDEX" -q -o "$T/ixa" "$T/ca" >/dev/null
"$UNINDEX" -q -o "$T/ixb" "$T/cb" >/dev/null
"$UNINDEX" -q -o "$IDX" "$T/ca" >/dev/null

# Expected answers of each index, for a few queries taken in turn.
set -- "derechos humanos" "desarrollo sostenible" "paz OR seguridad" "informa*"
i=0
for q; do
	i=$((i + 1))
	"$UNSEARCH" -i "$T/ixa" --json -n 5 "$q" >"$T/a.$i" 2>/dev/null || :
	"$UNSEARCH" -i "$T/ixb" --json -n 5 "$q" >"$T/b.$i" 2>/dev/null || :
	if cmp -s "$T/a.$i" "$T/b.$i" || ! [ -s "$T/a.$i" ] || ! [ -s "$T/b.$i" ]; then
		fail "corpora-differ-$i" "query '$q' does not tell the two corpora apart"
	fi
done

# Rebuilds in the background: b, a, b, a, b, a.
(
	for c in cb ca cb ca cb ca; do
		"$UNINDEX" -q --rebuild -o "$IDX" "$T/$c" >/dev/null 2>>"$T/rebuild.err" ||
			echo "rebuild from $c failed" >>"$T/rebuild.err"
	done
	: >"$T/rebuild.done"
) &
rpid=$!

answer() {
	"$UNSEARCH" -i "$IDX" --json -n 5 "$1"
}
answer_states "$T/rebuild.done" answer "$@"
wait "$rpid" || :
if [ -s "$T/rebuild.err" ]; then
	fail rebuilds "$(head -c 300 "$T/rebuild.err")"
else
	pass rebuilds-succeed
fi
[ "$bad" -eq 0 ] && [ "$n" -gt 0 ] && pass "queries-during-rebuilds-$n-ok"
# Both indexes were seen (informative when the machine is very fast).
if [ "$n_a" -gt 0 ] && [ "$n_b" -gt 0 ]; then
	pass saw-old-and-new-index
else
	printf 'SKIP %s:saw-old-and-new-index: only one index seen (%s, %s)\n' "$SCRIPT" "$n_a" "$n_b"
fi

# A second unindex while one is running: exit 2, names the holder's pid.
# --memory 256K makes the first one slow (it spills a run per clause).
"$UNINDEX" -q -o "$IDX" --memory 256K "$T/cb" >/dev/null 2>&1 &
slow=$!
k=0
while [ "$(cat "$IDX/LOCK" 2>/dev/null | tr -d '\n')" != "$slow" ] && [ "$k" -lt 200 ]; do
	sleep 0.05
	k=$((k + 1))
done
if [ "$k" -ge 200 ]; then
	fail lock-held "LOCK never named the running unindex $slow: '$(cat "$IDX/LOCK" 2>/dev/null)'"
else
	run "$UNINDEX" -q -o "$IDX" "$T/ca"
	still=0
	kill -0 "$slow" 2>/dev/null && still=1
	if [ "$still" -eq 0 ]; then
		printf 'SKIP %s:second-unindex-exit: the first unindex finished too fast\n' "$SCRIPT"
	else
		check_eq second-unindex-exit 2 "$rc"
		check_eq second-unindex-one-line 1 "$(wc -l <"$T/err")"
		if grep -q -w "$slow" "$T/err"; then pass second-unindex-names-pid; else
			fail second-unindex-names-pid "stderr: $(cat "$T/err")"; fi
		run "$UNSEARCH" -i "$IDX" -c "derechos humanos"
		check_eq query-while-locked 0 "$rc"
	fi
fi
# Kill it: the LOCK it leaves (with its pid) must not block the next build.
kill -9 "$slow" 2>/dev/null || :
{ wait "$slow"; } 2>/dev/null || :
run "$UNINDEX" -q -o "$IDX" "$T/ca"
check_eq lock-of-killed-process-does-not-block 0 "$rc"
# A LOCK naming a pid that does not exist, as after a reboot. --rebuild
# makes ca the only root again: the killed update of cb may have committed
# (and added its root) before the kill.
printf '999999999\n' >"$IDX/LOCK"
run "$UNINDEX" -q --rebuild -o "$IDX" "$T/ca"
check_eq stale-lock-file-does-not-block 0 "$rc"
run "$UNSEARCH" -i "$IDX" --json -n 5 "$1"
if cmp -s "$T/out" "$T/a.1"; then pass final-index-answers; else
	fail final-index-answers "answers differ from the index of corpus a"; fi
