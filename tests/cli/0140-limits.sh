#!/bin/sh
# 0140-limits: the documented limits give clear messages, never a crash:
# a query of more than QPARSE_MAX_LENGTH (4096) bytes and nesting deeper
# than QPARSE_MAX_DEPTH (32) are refused with exit 2 (the limits themselves
# are accepted); a prefix matching thousands of words is searched whole,
# without a notice; a 20 MB file of one
# line is split into clauses of at most RESPARSE_MAX_CLAUSE bytes with a
# warning (text files are read in chunks: no size cap applies to them).
. tests/setup

# limit NAME QUERY WORDS: the query is refused with exit 2, nothing on
# stdout, and the first stderr line contains WORDS.
limit() {
	run timeout 10 "$UNSEARCH" -i "$IX" -c -- "$2"
	check_eq "$1-exit" 2 "$rc"
	check_eq "$1-no-stdout" "" "$(cat "$T/out")"
	if head -n 1 "$T/err" | grep -q -F "$3"; then pass "$1-message"; else
		fail "$1-message" "first stderr line: $(head -n 1 "$T/err" | cut -c1-200)"; fi
}
# accepted NAME QUERY: exit 0 or 1, nothing on stderr but did-you-mean.
accepted() {
	run timeout 10 "$UNSEARCH" -i "$IX" -c -- "$2"
	if [ "$rc" -le 1 ] && ! grep -v -q '^¿Quiso decir: ' "$T/err"; then pass "$1"; else
		fail "$1" "exit $rc: $(head -c 200 "$T/err")"; fi
}
rep() { python3 -c 'import sys; print(sys.argv[1] * int(sys.argv[2]) + sys.argv[3] + sys.argv[4] * int(sys.argv[2]))' "$@"; }

# Length: 4096 bytes is the last accepted length.
accepted query-4096-bytes "$(rep 'paz ' 1023 pazz '')"
limit query-4097-bytes "$(rep 'paz ' 1024 p '')" 4096
limit query-100k-bytes "$(rep 'derechos ' 11000 '' '')" 4096
# Nesting: by parentheses, NOT and '-'.
accepted parens-32-deep "$(rep '(' 32 paz ')')"
limit parens-33-deep "$(rep '(' 33 paz ')')" "deeper than 32"
limit parens-1000-deep "$(rep '(' 1000 paz ')')" "deeper than 32"
limit not-40-deep "$(rep 'NOT ' 40 paz '')" "deeper than 32"
limit minus-40-deep "$(rep '-' 40 paz '')" "deeper than 32"
limit unclosed-2000 "$(rep '(' 2000 '' '')" "deeper than 32"

# In --batch, an over-long line is one error object; the others answer.
{
	echo paz
	rep x 100000 '' ''
	rep '(' 40 paz ')'
	echo derechos
} >"$T/batch"
run timeout 10 "$UNSEARCH" -i "$IX" --batch "$T/batch" -n 1
if [ "$rc" -le 2 ] && [ "$(wc -l <"$T/out")" -eq 4 ] &&
   [ "$(grep -c '"error"' "$T/out")" -eq 2 ]; then
	pass batch-limits-one-object-each
else
	fail batch-limits-one-object-each "exit $rc, $(wc -l <"$T/out") lines: $(cut -c1-120 "$T/out" | tr '\n' '|')"
fi

# A prefix of thousands of words has no cap: "c*" counts exactly the
# clauses (boilerplate aside) that have a word starting with c, as read
# from the exported text; no notice.
"$GENCORPUS" -o "$T/gc" -s 3 -m 1 >/dev/null
"$UNINDEX" -q -o "$T/gix" --export "$T/gc.jsonl" "$T/gc" >/dev/null
run timeout 10 "$UNSEARCH" -i "$T/gix" -c "c*"
check_eq prefix-exit 0 "$rc"
check_eq prefix-no-notice "" "$(cat "$T/err")"
want=$(python3 - "$T/gc.jsonl" <<'PY'
import json, re, sys, unicodedata
skip = {"header", "title", "intro", "footer", "vote"}
def fold(w):
    return "".join(c for c in unicodedata.normalize("NFD", w.casefold())
                   if not unicodedata.combining(c))
words = set()
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    c = json.loads(line)
    ws = [fold(w) for w in re.findall(r"\w+", c["text"])]
    words.update(w for w in ws if w.startswith("c"))
    n += c["kind"] not in skip and any(w.startswith("c") for w in ws)
print(n if len(words) > 512 else "fewer than 513 words: %d" % len(words))
PY
)
check_eq prefix-exact "$want" "$(cat "$T/out")"
# Excluding every word of a prefix excludes them all.
check_eq prefix-exclusion-whole 0 "$("$UNSEARCH" -i "$T/gix" -c "desarrollo -de*")"
run timeout 10 "$UNSEARCH" -i "$T/gix" --json -n 3 "c*"
if [ "$rc" -eq 0 ] && [ ! -s "$T/err" ] && python3 -c '
import json, sys
for l in open(sys.argv[1]): json.loads(l)' "$T/out"; then
	pass prefix-json-stdout-clean
else
	fail prefix-json-stdout-clean "exit $rc"
fi

# One line of 20 MB: split into clauses of at most 16384 bytes, warned.
mkdir "$T/long"
python3 - "$T/long/one-line.txt" <<'PY'
import random, sys
r = random.Random(140)
w = ["derechos", "humanos", "paz", "seguridad", "desarrollo", "mujeres",
     "cooperación", "internacional", "Asamblea", "niños"]
parts, n = [], 0
while n < 20 << 20:
    s = r.choice(w)
    parts.append(s)
    n += len(s) + 1
open(sys.argv[1], "w").write(" ".join(parts) + " zzfinal\n")
PY
run timeout 60 "$UNINDEX" -q -o "$T/lix" "$T/long"
check_eq long-line-exit-warned 1 "$rc"
if grep -q -i "split" "$T/err"; then pass long-line-warning; else
	fail long-line-warning "stderr: $(head -c 300 "$T/err")"; fi
run "$UNSEARCH" -i "$T/lix" -c paz
if [ "$rc" -eq 0 ] && [ "$(cat "$T/out")" -ge 1280 ]; then pass long-line-many-clauses; else
	fail long-line-many-clauses "exit $rc, $(cat "$T/out") clauses with paz"; fi
run "$UNSEARCH" -i "$T/lix" -c zzfinal
check_eq long-line-last-word-indexed 1 "$(cat "$T/out")"
run "$UNSEARCH" -i "$T/lix" --json -n 50 --exhaustive "paz niños"
if [ "$rc" -eq 0 ] && python3 -c '
import json, sys
m = max(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1]))
sys.exit(0 if 0 < m <= 16384 else 1)' "$T/out"; then
	pass long-line-clauses-at-most-16384-bytes
else
	fail long-line-clauses-at-most-16384-bytes "exit $rc"
fi
run "$UNINDEX" --check -o "$T/lix"
check_eq long-line-index-checks 0 "$rc"
