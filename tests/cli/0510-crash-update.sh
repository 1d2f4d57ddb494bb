#!/bin/sh
# 0510-crash-update: an update or a merge killed at any moment leaves the
# index answering as before it, and the next run finishes the job. Each
# trial changes the files (adds, a change, a removal) or asks for
# --optimize, runs the same update to completion on a copy of the index to
# learn the answers after it, then SIGKILLs the real update after a random
# delay: the index must answer exactly as before or as after (the kill may
# land past the commit), never otherwise, and a new unindex must finish with
# the answers after and a sound index.
. tests/setup

TRIALS=${UNSEARCH_CRASH_TRIALS:-30}
MEM=256K # spilled runs and run merges: more moments to interrupt
"$GENCORPUS" -o "$T/pool" -s 21 -m 2 >/dev/null
find "$T/pool" -name '*.txt' | sort >"$T/pool.list"
D=$T/docs
IDX=$T/ix
mkdir -p "$D"
head -n 40 "$T/pool.list" | while read -r f; do cp "$f" "$D/"; done
"$UNINDEX" -q -i "$IDX" --memory "$MEM" "$D" >/dev/null

# Queries touching the changed clauses ("Decide seguir examinando") too.
cat >"$T/queries" <<'Q'
decide seguir examinando
"seguir examinando la cuestión"
cooperación internacional
desarroll*
mujeres OR niñas
kind:operative informe
year:1990..2015 paz
Q
answers() {
	rc=0
	"$UNSEARCH" -i "$1" --json -n 8 --batch "$T/queries" >"$2" 2>"$2.err" || rc=$?
	echo "exit $rc" >>"$2"
}

now() { date +%s.%N; }
next=41 trial=0 killed=0 bad=0
while [ "$trial" -lt "$TRIALS" ]; do
	trial=$((trial + 1))
	opt=
	if [ $((trial % 3)) -eq 0 ]; then
		opt=--optimize
	else
		for k in 1 2 3; do
			f=$(sed -n "${next}p" "$T/pool.list")
			next=$((next + 1))
			[ -n "$f" ] && cp "$f" "$D/"
		done
		victim=$(ls "$D" | sort | sed -n "$((trial % 7 + 1))p")
		printf '\nDecide seguir examinando la cuestión %s.\n' "$trial" >>"$D/$victim"
		victim=$(ls "$D" | sort | sed -n "$((trial % 5 + 2))p")
		rm -f "$D/$victim"
	fi
	answers "$IDX" "$T/before"
	rm -rf "$T/copy"
	cp -a "$IDX" "$T/copy"
	t0=$(now)
	"$UNINDEX" -q -i "$T/copy" --memory "$MEM" $opt >/dev/null 2>&1 || :
	t1=$(now)
	answers "$T/copy" "$T/after"
	delay=$(awk -v a="$t0" -v b="$t1" -v s="$trial" 'BEGIN { srand(s); printf "%.3f", (b - a) * rand() * 1.1 }')
	"$UNINDEX" -q -i "$IDX" --memory "$MEM" $opt >/dev/null 2>"$T/run.err" &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || :
	st=0
	{ wait "$pid"; } 2>/dev/null || st=$?
	[ "$st" -eq 137 ] && killed=$((killed + 1))
	answers "$IDX" "$T/now"
	if ! cmp -s "$T/now" "$T/before" && ! cmp -s "$T/now" "$T/after"; then
		fail "trial$trial-answers" "after a kill at ${delay}s ($opt): neither before nor after"
		bad=$((bad + 1))
	fi
	run "$UNINDEX" -q -i "$IDX" --memory "$MEM" $opt
	if [ "$rc" -ne 0 ]; then
		fail "trial$trial-next-run" "exit $rc: $(head -c 300 "$T/err")"
		bad=$((bad + 1))
	fi
	answers "$IDX" "$T/now"
	if ! cmp -s "$T/now" "$T/after"; then
		fail "trial$trial-finished" "the next run answers otherwise than the update on the copy"
		bad=$((bad + 1))
	fi
done
[ "$bad" -eq 0 ] && pass "answers-before-or-after-$trial-kills"
[ "$killed" -ge $((trial / 3)) ] && [ "$trial" -ge 10 ] && pass "updates-killed-$killed-of-$trial" ||
	fail updates-killed "only $killed of $trial updates were killed mid-way"
run "$UNINDEX" --check -i "$IDX"
check_eq check-after-kills 0 "$rc"
left=$(cd "$IDX" && ls | grep -v -x -e MANIFEST -e LOCK -e 'seg-[0-9]*\.uns' || :)
check_eq no-stale-temporaries "" "$left"
run "$UNINDEX" --status -i "$IDX"
check_eq only-listed-segments "$(sed -n 's/^segments \([0-9]*\);.*/\1/p' "$T/out")" "$(ls "$IDX" | grep -c '\.uns$')"
