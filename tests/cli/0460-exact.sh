# 0460-exact: =word matches that surface form only (case and accents
# folded, not stemmed), through the folded-word lexicon: =Estado is not
# Estados, though a plain Estado finds both.
. tests/setup

"$UNINDEX" -q -o "$T/exp" --export "$T/all.jsonl" "$CORPUS" >/dev/null
# count_form FORM: clauses (boilerplate aside) with a token folded to FORM.
count_form() {
	python3 - "$T/all.jsonl" "$1" <<'PY'
import json, re, sys, unicodedata
def fold(w):
    return "".join(c for c in unicodedata.normalize("NFD", w.casefold())
                   if not unicodedata.combining(c))
skip = {"header", "title", "intro", "footer", "vote"}
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    c = json.loads(line)
    n += c["kind"] not in skip and sys.argv[2] in (fold(w) for w in re.findall(r"\w+", c["text"]))
print(n)
PY
}
estado=$(count_form estado)
estados=$(count_form estados)
check nonzero test "$estado" -gt 0 -a "$estados" -gt 0
check_eq exact-estado "$estado" "$("$UNSEARCH" -i "$IX" --count =Estado)"
check_eq exact-estados "$estados" "$("$UNSEARCH" -i "$IX" --count =Estados)"
check_eq exact-case-folded "$estado" "$("$UNSEARCH" -i "$IX" --count =ESTADO)"
check_eq exact-accent-folded "$(count_form informacion)" "$("$UNSEARCH" -i "$IX" --count =informacion)"
# Plain Estado is stemmed: it finds both forms.
plain=$("$UNSEARCH" -i "$IX" --count Estado)
check plain-finds-more test "$plain" -gt "$estado" -a "$plain" -gt "$estados"
# Highlights cover the exact form only.
check_eq exact-highlights "estado" "$("$UNSEARCH" -i "$IX" --json -n 100 =Estado | python3 -c '
import json, sys
words = set()
for l in sys.stdin:
    h = json.loads(l)
    t = h["text"].encode("utf-8")
    words.update(t[a:b].decode("utf-8").lower() for a, b in h["highlights"])
print(" ".join(sorted(words)))')"
