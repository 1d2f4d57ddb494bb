# 0410-relevance: the default ranking's MRR on the judged information needs
# of tests/relevance/needs.tsv (what `make eval` prints) does not fall below
# the floor recorded in tests/relevance/floor.
. tests/setup

"$UNINDEX" -q -o "$T/rel" "$CORPUS" tests/relevance/corpus >/dev/null
if python3 tests/relevance/eval.py "$UNSEARCH" "$T/rel" tests/relevance/needs.tsv \
	--floor tests/relevance/floor >"$T/eval.out" 2>&1; then
	pass mrr-floor
else
	fail mrr-floor "$(tail -n 1 "$T/eval.out")"
fi
# Each variant is measured, so a ranking change shows its effect.
check four-variants test "$(grep -c '^[a-z].* [0-9.]* *[0-9.]*$' "$T/eval.out")" -ge 4
