#!/bin/sh
# 0110-crash: a rebuild killed at any moment leaves the index as it was.
# A generated corpus is indexed and the answers to a fixed set of queries
# recorded; then, many times, a rebuild of the same corpus with a small
# memory budget (so it spills runs and merges) is SIGKILLed after a random
# delay spread over the build, and each time unsearch must give
# byte-identical answers, and a new unindex must not be blocked by the dead
# one's lock. A last, uninterrupted rebuild must succeed and leave no
# temporaries and a single segment behind.
. tests/setup

TRIALS=${UNSEARCH_CRASH_TRIALS:-30}
# 256K: many spilled runs and a real merge, so there is a lot to interrupt.
MEM=${UNSEARCH_CRASH_MEMORY:-256K}
GC=$T/gc
IDX=$T/crash-ix
"$GENCORPUS" -o "$GC" -s 3 -m 4 >/dev/null

now() { date +%s.%N; }
# The first build is timed: kill delays are scaled to it.
t0=$(now)
run "$UNINDEX" -q --rebuild -o "$IDX" --memory "$MEM" "$GC"
t1=$(now)
check_eq initial-build-exit 0 "$rc"
build_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
# A very slow build (sanitizers on a loaded machine) would blow the time
# budget: fall back to a larger budget, and say so.
if awk -v b="$build_s" 'BEGIN { exit !(b > 8) }'; then
	pass "memory-$MEM-build-took-${build_s}s-using-16M"
	MEM=16M
	t0=$(now)
	"$UNINDEX" -q --rebuild -o "$IDX" --memory "$MEM" "$GC" >/dev/null 2>&1 || :
	t1=$(now)
	build_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
fi
start=$(now)

cat >"$T/queries" <<'Q'
derechos humanos
"Asamblea General"
desarrollo sostenible
informa*
paz OR seguridad
cooperación NEAR/5 internacional
kind:operative mujeres
session:60..75 capacidad
Decide -examen
year:1990..2010 NOT comisión
Q
answers() {
	rc=0
	"$UNSEARCH" -i "$IDX" --json -n 5 --batch "$T/queries" >"$1" 2>"$1.err" || rc=$?
	echo "batch-exit $rc" >>"$1"
	rc=0
	"$UNSEARCH" -i "$IDX" --json -n 20 "derechos humanos" >>"$1" 2>>"$1.err" || rc=$?
	echo "single-exit $rc" >>"$1"
}
answers "$T/before"
if [ -s "$T/before.err" ] || ! grep -q '"rank"' "$T/before"; then
	fail recorded-answers "queries fail on the fresh index: $(head -c 300 "$T/before.err")"
else
	pass recorded-answers
fi

# Kill delays: spread uniformly over the whole build (walk, parse, spill,
# merge, segment write, renames) when 30 trials of it fit in ~35 s; on a
# slow build (sanitizers, a loaded machine) most trials fall in the first
# 1.5 s and a few around the end of the build (the commit point).
awk -v b="$build_s" -v n="$TRIALS" 'BEGIN {
	srand(110)
	if (n * b * 0.55 <= 35) { late = 0; early = b * 1.1 }
	else {
		late = int(20 / (b + 0.1)); if (late < 2) late = 2
		if (late > n / 4) late = int(n / 4)
		early = b < 1.5 ? b : 1.5
	}
	for (i = 0; i < n - late; i++) printf "%.3f\n", 0.01 + rand() * early
	for (i = 0; i < late; i++) printf "%.3f\n", b * (0.75 + rand() * 0.3)
}' >"$T/delays"

trial=0 killed=0 finished=0 bad=0
while read -r delay; do
	# At most ~60 s of trials, whatever the machine.
	if awk -v a="$start" -v b="$(now)" 'BEGIN { exit !(b - a > 60) }'; then
		pass "time-budget-reached-after-$trial-trials"
		break
	fi
	trial=$((trial + 1))
	"$UNINDEX" -q --rebuild -o "$IDX" --memory "$MEM" "$GC" >"$T/build.out" 2>"$T/build.err" &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || :
	st=0
	{ wait "$pid"; } 2>/dev/null || st=$?
	case $st in
	137) killed=$((killed + 1)) ;;
	0) finished=$((finished + 1)) ;;
	*) fail "trial$trial-build" "unindex exited $st before the kill at ${delay}s: $(head -c 300 "$T/build.err")"
	   bad=$((bad + 1)) ;;
	esac
	answers "$T/after"
	if ! cmp -s "$T/before" "$T/after" || [ -s "$T/after.err" ]; then
		fail "trial$trial-answers" "answers differ after a kill at ${delay}s: $(head -c 300 "$T/after.err")"
		bad=$((bad + 1))
		cp "$T/after" "$T/after.$trial"
	fi
done <"$T/delays"
[ "$bad" -eq 0 ] && pass "answers-identical-after-$trial-kills"
[ "$killed" -ge $((trial / 3)) ] && [ "$trial" -ge 10 ] && pass "builds-killed-$killed-of-$trial" ||
	fail builds-killed "only $killed of $trial builds were killed mid-way (build ${build_s}s)"

# The next build succeeds, cleans up, and answers the same.
run "$UNINDEX" -q --rebuild -o "$IDX" --memory "$MEM" "$GC"
check_eq rebuild-after-kills-exit 0 "$rc"
left=$(cd "$IDX" && ls | grep -v -x -e MANIFEST -e LOCK -e 'seg-[0-9]*\.uns' || :)
check_eq no-stale-temporaries "" "$left"
check_eq one-segment 1 "$(ls "$IDX" | grep -c '\.uns$')"
run "$UNINDEX" --check -o "$IDX"
check_eq check-after-kills 0 "$rc"
answers "$T/after"
if cmp -s "$T/before" "$T/after"; then pass answers-after-rebuild; else
	fail answers-after-rebuild "a clean rebuild answers differently"; fi
