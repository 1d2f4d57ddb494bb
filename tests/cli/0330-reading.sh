# 0330-reading: --show prints a whole resolution in order (data lines,
# title, every clause under its label, the opening verb in italics, the
# preambular gerund too), or one clause; it takes every symbol form the query
# language takes; -C N prints the neighbouring clauses dimmed; --path names
# FILE:LINE and --json carries line, which point at the clause's first line
# in the source file.
. tests/setup

# Whole resolution, in the order of the file: the labels --show prints are
# those of the export (the parser's order), and each clause's first line is
# in the file at the line named.
run "$UNSEARCH" -i "$IX" --json --show 74/29
check_eq show-status 0 "$rc"
"$UNINDEX" -q -i "$T/ix2" --export "$T/export.jsonl" "$CORPUS/A_RES_74_29.txt" >/dev/null
check_eq show-all-clauses-in-order \
	"$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["label"] for l in open(sys.argv[1])))' "$T/export.jsonl")" \
	"$(python3 -c 'import json,sys; print(" ".join(c["label"] for c in json.load(open(sys.argv[1]))["clauses"]))' "$T/out")"
check show-lines-point-at-the-text python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
src = open(d["file"], encoding="utf-8").read().split("\n")
assert d["symbol"] == "A/RES/74/29" and d["session"] == 74 and d["date"] == "2019-12-12", d
prev = 0
for c in d["clauses"]:
    line = src[c["line"] - 1]
    # The clause's first words stand on its line (emphasis markers aside).
    first = c["text"].split("\n")[0][:30]
    assert first.replace("*", "") in line.replace("*", ""), (c["label"], c["line"], line, first)
    assert c["line"] >= prev
    prev = c["line"]
pp = [c for c in d["clauses"] if c["kind"] == "preambular"]
op = [c for c in d["clauses"] if c["kind"] == "operative"]
assert pp and op
for c in pp:   # the gerund that opens each preambular paragraph
    s, e = c["verb"]
    assert s == 0 and c["text"][:e].endswith("ndo"), c
for c in op:   # the emphasised words after the number ("3. Decide")
    s, e = c["verb"]
    assert 0 < s < e and c["text"][:s].rstrip().rstrip(".").isdigit(), c
PY
run "$UNSEARCH" -i "$IX" --show 74/29 --color=always
check show-text-preambular-verb-italic grep -q "$(printf '\033\\[3mRecordando')" "$T/out"
check show-text-title-dimmed grep -q "$(printf '\033\\[2mAvances en la esfera')" "$T/out"
check_eq show-text-data-line "A/RES/74/29 · 2019-12-12 · session 74 · agenda item 93 · meeting 46" \
	"$("$UNSEARCH" -i "$IX" --show 74/29 | head -n 1)"

# One clause; the symbol forms of the query language.
for form in 74/29 A/RES/74/29 a/res/74/29 'A/RES/74/29 '; do
	run "$UNSEARCH" -i "$IX" --json --show "$form" OP3
	check_eq "show-one-clause-$form" "OP3" \
		"$(python3 -c 'import json,sys; print(" ".join(c["label"] for c in json.load(open(sys.argv[1]))["clauses"]))' "$T/out")"
done
run "$UNSEARCH" -i "$IX" --show '217 A (III)' Art.1
check_eq show-udhr-status 0 "$rc"
check show-udhr-article grep -q '^Todos los seres humanos nacen libres' "$T/out"
run "$UNSEARCH" -i "$IX" --show 'A/RES/217 A (III)'
check show-udhr-long-form grep -q '^Art.30 (article)' "$T/out"
run "$UNSEARCH" -i "$IX" --show 74/29 OP99
check_eq show-missing-clause-status 1 "$rc"
check show-missing-clause-says grep -q 'has no clause OP99' "$T/err"
run "$UNSEARCH" -i "$IX" --show 99/1
check_eq show-missing-resolution-status 1 "$rc"
check show-missing-resolution-says grep -q 'no resolution 99/1' "$T/err"

# -C: neighbours in the same resolution, dimmed; JSON before/after.
run "$UNSEARCH" -i "$IX" --json -n 1 -C 2 '"creación de capacidad"'
check_eq context-json "PP9 PP7,PP8 PP10,PP11" "$(python3 -c '
import json, sys
h = json.loads(open(sys.argv[1]).readline())
print(h["label"], ",".join(c["label"] for c in h["before"]), ",".join(c["label"] for c in h["after"]))' "$T/out")"
run "$UNSEARCH" -i "$IX" -n 1 -C 1 --color=always '"creación de capacidad"'
check context-dimmed grep -q "$(printf '\033\\[2m\033\\[3mReconociendo')" "$T/out"
check context-hit-not-dimmed grep -q "^$(printf '\033\\[3mAfirmando')" "$T/out"
# At the edge of a resolution: no clause of another one.
run "$UNSEARCH" -i "$IX" --json -n 1 -C 3 'symbol:74/29 kind:title'
check_eq context-stays-in-resolution "Title Header,Header,Header Intro,PP1,PP2" "$(python3 -c '
import json, sys
h = json.loads(open(sys.argv[1]).readline())
print(h["label"], ",".join(c["label"] for c in h["before"]), ",".join(c["label"] for c in h["after"]))' "$T/out")"

# --path: FILE:LINE in the heading, as `vim +LINE FILE` wants; JSON line.
run "$UNSEARCH" -i "$IX" -n 1 --path '"creación de capacidad"'
loc=$(head -n 1 "$T/out" | sed 's/.* · //')
file=${loc%:*}
line=${loc##*:}
check path-file-exists test -f "$file"
check path-line-holds-clause sh -c "sed -n '${line}p' '$file' | grep -q '^Afirmando que las medidas de creación de capacidad'"
run "$UNSEARCH" -i "$IX" --json -n 1 '"creación de capacidad"'
check_eq json-line "$line" "$(jfield line <"$T/out")"

# unindex --check refuses a damaged source line (format 4): clause 3's line
# made one less than clause 2's (its packed record's line delta made -1).
cp -r "$IX" "$T/bad"
seg=$(ls "$T/bad" | grep '\.uns$')
python3 - "$T/bad/$seg" <<'PY'
import sys
sys.path.insert(0, "tests/assets")
from segfile import clause_line, const, fix
b = bytearray(open(sys.argv[1], "rb").read())
at, n, head = clause_line(b, 3)
assert n == 1 and not head & const("CLREC_NEW_DOC")
b[at] = 1  # zigzag(-1)
open(sys.argv[1], "wb").write(fix(b))
PY
run "$UNINDEX" --check -i "$T/bad"
check_eq check-refuses-line-out-of-order 2 "$rc"
check check-names-clauses grep -q 'CLAUSES.*clause 3: source line [0-9]* out of order' "$T/err"
