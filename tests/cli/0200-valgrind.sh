# 0200-valgrind: the end-to-end flow under valgrind memcheck: no invalid
# read or write, no use of uninitialised memory, no leak. Sanitizer builds
# (make check-asan) cannot run under valgrind; there ASan and LSan do this
# job, so the script only runs on the plain build.
. tests/setup

case "$UNSEARCH_BIN" in *asan*) exit 0 ;; esac

# unsearch is linked statically (its start-up, Makefile), and valgrind
# cannot put its malloc in place of a static binary's: memcheck runs the
# same objects linked dynamically, built beside the unit tests.
UNSEARCH=$UNSEARCH_BIN/../tests/unsearch-dynamic
if [ ! -x "$UNSEARCH" ]; then
	fail unsearch-dynamic "no $UNSEARCH (make check builds it)"
	exit 1
fi

VG="valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"

# vg NAME EXPECTED_STATUS CMD...: CMD under memcheck exits as expected and
# valgrind reports nothing.
vg() {
	_name=$1 _want=$2
	shift 2
	run $VG "$@"
	if [ "$rc" -eq 9 ] || grep -q '==[0-9]*==' "$T/err"; then
		fail "$_name" "valgrind: $(grep -m3 '==[0-9]*==' "$T/err" | tr '\n' ' ')"
	elif [ "$rc" -ne "$_want" ]; then
		fail "$_name" "exit $rc, expected $_want: $(head -c 300 "$T/err")"
	else
		pass "$_name"
	fi
}

vg unindex-corpus 0 "$UNINDEX" -q -o "$T/vgix" --export "$T/export.jsonl" "$CORPUS"
vg unindex-check 0 "$UNINDEX" --check -o "$T/vgix"
vg phrase 0 "$UNSEARCH" -i "$T/vgix" "creación de capacidad"
vg json-explain 0 "$UNSEARCH" -i "$T/vgix" --json --explain 'derechos OR libertad -tortura'
vg color-near 0 "$UNSEARCH" -i "$T/vgix" --color=always 'libertad NEAR/4 expresión'
vg filters 0 "$UNSEARCH" -i "$T/vgix" --count 'session:70..74 kind:preambular verb:observar'
vg prefix-files 0 "$UNSEARCH" -i "$T/vgix" -l 'capac*'
vg sort-date 0 "$UNSEARCH" -i "$T/vgix" --sort=date -n 3 derecho
vg nothing 1 "$UNSEARCH" -i "$T/vgix" zzzzqqq
vg syntax-error 2 "$UNSEARCH" -i "$T/vgix" '"creación de'
vg missing-index 2 "$UNSEARCH" -i "$T/none" derecho
printf 'tortura\n"abc\nA/RES/74/29\n' > "$T/batch"
vg batch 2 "$UNSEARCH" -i "$T/vgix" --batch "$T/batch"

# Citations and lineage (on corpus/ and on two generated series).
vg cites 0 "$UNSEARCH" -i "$T/vgix" --count 'cites:"43/78 H" OR cites:A/74/363'
vg cited-by 0 "$UNSEARCH" -i "$T/vgix" --json --cited-by 53/70
vg refs 0 "$UNSEARCH" -i "$T/vgix" --color=always --refs 74/29
vg graph 0 "$UNSEARCH" -i "$T/vgix" --graph 74/29 --depth 3
"$GENCORPUS" -o "$T/vgs" -m 0 --series 2 --versions 4 >/dev/null
"$UNINDEX" -q -o "$T/vgsix" "$T/vgs" >/dev/null
first=$(sed -n 's/^series\t0\t\([^\t]*\)\t\([^\t]*\).*/\1 \2/p' "$T/vgs/series-truth.tsv")
vg diff 0 "$UNSEARCH" -i "$T/vgsix" --color=always --diff $first
vg history 0 "$UNSEARCH" -i "$T/vgsix" --json --history ${first#* } OP2
vg history-unknown 2 "$UNSEARCH" -i "$T/vgsix" --history ${first#* } PP99
