# 0040-output: what unsearch prints and how it exits: --count, -l,
# --limit/--offset, --sort=date, exit statuses 0/1/2, index errors (missing,
# truncated, damaged), syntax errors with a caret, --json, --batch, colour,
# --explain, and --help against man/unsearch.1.
. tests/setup

S() {
	"$UNSEARCH" -i "$IX" "$@"
}

# --count equals the number of hits listed.
n=$(S --count derechos)
check_eq count-vs-json "$n" "$(S --json -n 100000 derechos | wc -l | tr -d ' ')"
check count-positive test "$n" -gt 10

# -l: one line per resolution that has a match, symbol TAB path.
S -l derechos >"$T/l.txt"
check_eq files-lines 2 "$(wc -l <"$T/l.txt" | tr -d ' ')"
check_eq files-symbols "A/RES/217 A (III)|A/RES/74/29" "$(cut -f1 "$T/l.txt" | sort | paste -sd '|' -)"
check files-paths-exist sh -c 'cut -f2 "$1" | while read -r p; do test -f "$p" || exit 1; done' sh "$T/l.txt"
check_eq files-one-resolution "A/RES/74/29" "$(S -l capacidad | cut -f1)"

# --limit / --offset page through the same ranking.
S --json -n 1000 derechos >"$T/page-all.json"
S --json --limit 3 --offset 2 derechos >"$T/page.json"
check limit-offset python3 -c '
import json, sys
key = lambda l: (json.loads(l)["symbol"], json.loads(l)["label"], json.loads(l)["score"])
a = [key(l) for l in open(sys.argv[1], encoding="utf-8")]
p = [key(l) for l in open(sys.argv[2], encoding="utf-8")]
sys.exit(not (len(a) > 5 and p == a[2:5]))' "$T/page-all.json" "$T/page.json"
check_eq offset-ranks "3 4 5" "$(jfield rank <"$T/page.json")"
check_eq limit-default 10 "$(S --json derechos | wc -l | tr -d ' ')"
check_eq offset-past-end "" "$(S --json --offset 100000 derechos || :)"

# --sort=date: newest first (74/29 of 2019 before the UDHR of 1948).
S --json -n 1000 --sort=date derechos >"$T/date.json"
check sort-date-order python3 -c '
import json, sys
d = [json.loads(l)["date"] for l in open(sys.argv[1])]
sys.exit(not (d and d == sorted(d, reverse=True) and d[0] == "2019-12-12" and d[-1] == "1948-12-10"))' "$T/date.json"
check_eq sort-date-same-hits "$(S --count derechos)" "$(wc -l <"$T/date.json" | tr -d ' ')"
check_eq sort-bad 2 "$(S --sort=size derechos >/dev/null 2>&1 && echo 0 || echo $?)"

# Exit statuses: 0 found, 1 nothing found, 2 error.
run S derechos
check_eq exit-found 0 "$rc"
run S zzzyyyxxx
check_eq exit-nothing 1 "$rc"
check_eq exit-nothing-quiet "" "$(cat "$T/out")"
run S --count zzzyyyxxx
check_eq exit-nothing-count 1 "$rc"
check_eq count-zero 0 "$(cat "$T/out")"
run S --limit x derechos
check_eq exit-bad-option 2 "$rc"

# A missing index: exit 2, one line that names the path and unindex.
run "$UNSEARCH" -i "$T/no-such-index" derechos
check_eq missing-index-status 2 "$rc"
check_eq missing-index-one-line 1 "$(wc -l <"$T/err" | tr -d ' ')"
check missing-index-names-path grep -q "$T/no-such-index" "$T/err"
check missing-index-names-unindex grep -q unindex "$T/err"

# A damaged index: exit 2, one line, no crash (a signal gives > 128).
for how in truncate-half truncate-header flip-bytes empty; do
	rm -rf "$T/bad"
	cp -R "$IX" "$T/bad"
	seg=$(ls "$T/bad"/seg-*.uns)
	size=$(wc -c <"$seg" | tr -d ' ')
	case $how in
	truncate-half) head -c $((size / 2)) "$seg" >"$T/seg" && mv "$T/seg" "$seg" ;;
	truncate-header) head -c 20 "$seg" >"$T/seg" && mv "$T/seg" "$seg" ;;
	flip-bytes) printf 'XXXXXXXXXXXXXXXX' | dd of="$seg" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null ;;
	empty) : >"$seg" ;;
	esac
	run "$UNSEARCH" -i "$T/bad" derechos
	check_eq "corrupt-$how-status" 2 "$rc"
	check_eq "corrupt-$how-one-line" 1 "$(wc -l <"$T/err" | tr -d ' ')"
	check "corrupt-$how-names-segment" grep -q "seg-" "$T/err"
done

# Syntax errors: the message, the query, and a caret under the column.
# caret_col QUERY: the display column of the caret minus the query's
# indentation, as a character index into the query.
caret() {
	run "$UNSEARCH" -i "$IX" "$1"
	python3 - "$T/err" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
q, c = lines[1], lines[2]
indent = len(q) - len(q.lstrip(" "))
print(len(lines[0]) > 0, c.index("^") - indent)
PY
}
check_eq caret-quote "True 4" "$(caret 'abc "def')"
check_eq caret-quote-status 2 "$rc"
check_eq caret-quote-accents "True 9" "$(caret 'creación "def')"
check_eq caret-unknown-field "True 0" "$(caret 'foo:bar')"
check_eq caret-unknown-field-status 2 "$rc"
check unknown-field-named grep -q foo "$T/err"
check_eq caret-unknown-field-later "True 9" "$(caret 'libertad foo:bar')"
check_eq caret-paren "True 0" "$(caret '(libertad')"
check_eq caret-dangling-or "True 2" "$(caret 'a OR')"
run "$UNSEARCH" -i "$IX" 'abc "def'
check syntax-echoes-query grep -q '^ *abc "def$' "$T/err"
check_eq syntax-no-stdout "" "$(cat "$T/out")"

# --json: every hit of a broad query is one JSON object with the fields,
# ranks 1..n, scores not increasing, highlights inside the text.
S --json -n 100000 derechos >"$T/all.json"
check json-every-line python3 - "$T/all.json" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) > 10
prev = None
for i, l in enumerate(lines, 1):
    h = json.loads(l)
    for f in ("rank", "score", "symbol", "session", "date", "title", "file", "label", "kind", "text", "highlights"):
        assert f in h, f
    assert h["rank"] == i
    assert prev is None or h["score"] <= prev
    prev = h["score"]
    t = h["text"].encode("utf-8")
    assert h["highlights"], h["label"]
    for a, b in h["highlights"]:
        assert 0 <= a < b <= len(t)
PY
S --json -n 100000 de >"$T/de.json"
check json-stopword-query python3 -c '
import json, sys
n = sum(1 for l in open(sys.argv[1], encoding="utf-8") if json.loads(l))
sys.exit(n < 50)' "$T/de.json"

# --batch: JSON Lines, each hit carrying its query; a query without hits
# prints one {"query", "hits": 0} line; status 0 when any query found
# something.
printf '%s\n' 'derechos' 'zzzyyyxxx' 'creación de capacidad' 'verb:decidir' >"$T/batch.txt"
run "$UNSEARCH" -i "$IX" --batch "$T/batch.txt"
check_eq batch-status 0 "$rc"
check batch-lines python3 - "$T/out" <<'PY'
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
per = {}
for h in hits:
    per.setdefault(h["query"], []).append(h)
assert list(per) == ["derechos", "zzzyyyxxx", "creación de capacidad", "verb:decidir"], list(per)
assert per["zzzyyyxxx"] == [{"query": "zzzyyyxxx", "hits": 0}], per["zzzyyyxxx"]
assert len(per["derechos"]) == 10
assert [h["label"] for h in per["creación de capacidad"][:3]] == ["PP9", "PP7", "PP10"]
assert [h["label"] for h in per["verb:decidir"]] == ["OP3"]
PY
printf 'derechos\nabc "def\n' | "$UNSEARCH" -i "$IX" --batch - >"$T/out" 2>/dev/null && rc=0 || rc=$?
check_eq batch-error-status 2 "$rc"
check batch-error-json python3 -c '
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
err = [o for o in objs if "error" in o]
sys.exit(not (len(err) == 1 and err[0]["query"] == "abc \"def" and err[0]["column"] == 5))' "$T/out"
printf 'zzzyyyxxx\n' >"$T/none.txt"
run "$UNSEARCH" -i "$IX" --batch "$T/none.txt"
check_eq batch-nothing-status 1 "$rc"

# Colour: never when piped, always with --color=always, and NO_COLOR
# turns off auto on a terminal (script(1) gives a pseudo-terminal).
esc=$(printf '\033')
S derechos >"$T/plain.txt"
check no-esc-piped sh -c '! grep -q "$1" "$2"' sh "$esc" "$T/plain.txt"
S --color=always derechos >"$T/color.txt"
check esc-color-always grep -q "$esc" "$T/color.txt"
NO_COLOR=1 S --color=always derechos >"$T/color2.txt"
check esc-color-always-beats-no-color grep -q "$esc" "$T/color2.txt"
S --color=never derechos >"$T/never.txt"
check_eq color-never-same-text "$(cat "$T/plain.txt")" "$(cat "$T/never.txt")"
if command -v script >/dev/null 2>&1; then
	env -u NO_COLOR script -qc "'$UNSEARCH' -i '$IX' -n 1 derechos" /dev/null >"$T/tty.txt" </dev/null
	check esc-auto-on-tty grep -q "$esc" "$T/tty.txt"
	NO_COLOR=1 script -qc "'$UNSEARCH' -i '$IX' -n 1 derechos" /dev/null >"$T/tty2.txt" </dev/null
	check no-esc-no-color-on-tty sh -c '! grep -q "$1" "$2"' sh "$esc" "$T/tty2.txt"
else
	fail no-color-tty "script(1) from util-linux is needed to test NO_COLOR"
fi

# --explain: per-term idf and tf lines under each hit.
S --explain -n 1 "creación de capacidad" >"$T/explain.txt"
check explain-idf grep -q 'idf' "$T/explain.txt"
check explain-tf grep -q 'tf' "$T/explain.txt"
check_eq explain-term-lines 3 "$(grep -c 'idf.*tf' "$T/explain.txt")"

# --help lists every option of the table, and each is in the man page.
run "$UNSEARCH" --help
check_eq help-status 0 "$rc"
opts=$(grep -o -- '--[a-z0-9][a-z0-9-]*' "$T/out" | sort -u)
for o in index limit offset count files-with-matches json sort session year kind verb symbol k1 b exhaustive explain color batch help; do
	check "help-lists-$o" sh -c 'printf "%s\n" "$1" | grep -qx -- "--$2"' sh "$opts" "$o"
done
man=man/unsearch.1
if [ -f "$man" ]; then
	missing=""
	for o in $opts; do
		# roff writes dashes as \- or \(hy; accept either.
		pat=$(printf '%s' "$o" | sed 's/-/\\\\\\?-/g')
		grep -q -- "$pat" "$man" || missing="$missing $o"
	done
	check_eq help-options-in-man "" "$missing"
else
	fail help-options-in-man "$man does not exist"
fi
