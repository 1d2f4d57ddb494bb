#!/bin/sh
# 0520-concurrent-update: queries running while updates and merges commit
# answer from a complete state. One root folder holds either corpus A or
# corpus B; in the background its files are swapped and `unindex` brings the
# index up to date (one commit: B's files new, A's removed), then
# `--optimize` merges the segments (the same answers), again and again.
# Every query meanwhile must exit 0 with the ranked hits (scores, symbols,
# labels) of either state.
. tests/setup

"$GENCORPUS" -o "$T/ca" -s 7 -m 1 >/dev/null
"$GENCORPUS" -o "$T/cb" -s 8 -m 1 >/dev/null
mkdir -p "$T/a" "$T/b" "$T/root"
find "$T/ca" -name '*.txt' | while read -r f; do cp "$f" "$T/a/a-$(basename "$f")"; done
find "$T/cb" -name '*.txt' | while read -r f; do cp "$f" "$T/b/b-$(basename "$f")"; done
IDX=$T/upd
cp "$T"/a/* "$T/root/"
"$UNINDEX" -q -i "$IDX" "$T/root" >/dev/null

# ranked IDX Q: every hit's score, symbol and label, sorted (documents are
# numbered in update order, so ties may come in another order); unsearch's
# exit status.
ranked() {
	_rc=0
	"$UNSEARCH" -i "$1" --json -n 1000 "$2" >"$T/hits" || _rc=$?
	jfield score symbol label <"$T/hits" | tr ' ' '\n' | sort
	return "$_rc"
}
set -- "derechos humanos" "desarrollo sostenible" "paz OR seguridad" "informa*"
i=0
for q; do
	i=$((i + 1))
	ranked "$IDX" "$q" >"$T/a.$i" 2>/dev/null || :
done
# State B's answers, from an index of B's files in a root of the same name.
mv "$T/root" "$T/root-a"
mkdir "$T/root"
cp "$T"/b/* "$T/root/"
"$UNINDEX" -q -i "$T/ixb" "$T/root" >/dev/null
i=0
for q; do
	i=$((i + 1))
	ranked "$T/ixb" "$q" >"$T/b.$i" 2>/dev/null || :
	if cmp -s "$T/a.$i" "$T/b.$i" || ! [ -s "$T/a.$i" ] || ! [ -s "$T/b.$i" ]; then
		fail "states-differ-$i" "query '$q' does not tell the two states apart"
	fi
done
rm -rf "$T/root"
mv "$T/root-a" "$T/root"

# Updates and merges in the background: to B, merge, to A, merge, ...
(
	for s in b a b a b a; do
		other=a
		[ "$s" = a ] && other=b
		rm -f "$T/root/$other-"*
		cp "$T/$s"/* "$T/root/"
		"$UNINDEX" -q -i "$IDX" >/dev/null 2>>"$T/update.err" ||
			echo "update to $s failed" >>"$T/update.err"
		"$UNINDEX" -q -i "$IDX" --optimize >/dev/null 2>>"$T/update.err" ||
			echo "merge in $s failed" >>"$T/update.err"
	done
	: >"$T/update.done"
) &
upid=$!

answer() {
	ranked "$IDX" "$1"
}
answer_states "$T/update.done" answer "$@"
wait "$upid" || :
if [ -s "$T/update.err" ]; then
	fail updates "$(head -c 300 "$T/update.err")"
else
	pass updates-and-merges-succeed
fi
[ "$bad" -eq 0 ] && [ "$n" -gt 0 ] && pass "queries-during-updates-$n-ok"
# Both states were seen (informative when the machine is very fast).
if [ "$n_a" -gt 0 ] && [ "$n_b" -gt 0 ]; then
	pass saw-both-states
else
	pass "saw-one-state-only-$n_a-$n_b"
fi
run "$UNINDEX" --check -i "$IDX"
check_eq check-after-updates 0 "$rc"
