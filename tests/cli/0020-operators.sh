# 0020-operators: every query operator on the real text of the bundled
# corpus (UDHR articles, 74/29 paragraphs): OR, -word, NOT, parentheses,
# NEAR/n, prefix*, quoted phrases with stop words, stop words in
# bag-of-words queries, and UN symbols typed as written.
. tests/setup

# labels QUERY...: the labels of every hit, in rank order (--strict: the
# clauses that match the whole query, no partial matches after them).
labels() {
	"$UNSEARCH" -i "$IX" --json --strict -n 1000 "$@" | jfield label
}
# sorted_labels QUERY...: the same, sorted, to compare sets.
sorted_labels() {
	"$UNSEARCH" -i "$IX" --json --strict -n 1000 "$@" | python3 -c '
import json, sys
print(" ".join(sorted(json.loads(l)["label"] for l in sys.stdin)))'
}
count() {
	"$UNSEARCH" -i "$IX" --count "$@"
}

# OR: Art.4 has "esclavitud", Art.5 "torturas"; nothing else has either.
check_eq or "Art.4 Art.5" "$(sorted_labels 'esclavitud OR torturas')"
check_eq lowercase-or-is-a-word 0 "$(count 'esclavitud or torturas' || :)"

# Exclusion: Art.4 also says "trata", Art.5 does not say "esclavitud".
check_eq minus "Art.4" "$(labels 'esclavitud -torturas')"
check_eq minus-all-excluded "" "$(labels 'esclavitud -trata' || :)"
check_eq not "Art.5" "$(labels 'torturas NOT esclavitud')"
check_eq not-all-excluded "" "$(labels 'esclavitud NOT trata' || :)"
# count(a -b) = count(a) - count(a b), whatever the numbers are.
a=$(count humanos)
ab=$(count humanos dignidad)
check_eq minus-arithmetic $((a - ab)) "$(count 'humanos -dignidad')"
check_eq not-arithmetic $((a - ab)) "$(count 'humanos NOT dignidad')"
check_eq minus-after-dashdash $((a - ab)) "$(count -- -dignidad humanos)"

# Parentheses change the grouping: OR binds looser than AND.
check_eq parentheses "Art.5" "$(labels '(esclavitud OR torturas) crueles')"
check_eq no-parentheses "Art.4 Art.5" "$(sorted_labels 'esclavitud OR torturas crueles')"

# NEAR/n: Art.19 "la libertad de opinión y de expresión": four words
# between libertad and expresión.
check_eq near4 "Art.19" "$(labels 'libertad NEAR/4 expresión')"
check_eq near4-reversed "Art.19" "$(labels 'expresión NEAR/4 libertad')"
check_eq near2 "" "$(labels 'libertad NEAR/2 expresión' || :)"
check_eq near3 "" "$(labels 'libertad NEAR/3 expresión' || :)"
check_eq near-default "Art.19" "$(labels 'libertad NEAR expresión')"
# ...and they are not an exact phrase.
check_eq phrase-not-adjacent "" "$(labels '"libertad de expresión"' || :)"

# Prefix: capac* = capacidad (PP7, PP9, PP10) and capacidades (PP4) of 74/29,
# and every hit's text has a word starting with "capac".
check_eq prefix "PP10 PP4 PP7 PP9" "$(sorted_labels 'capac*')"
"$UNSEARCH" -i "$IX" --json -n 1000 'capac*' >"$T/capac.json"
check prefix-texts python3 -c '
import json, re, sys
hits = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
sys.exit(not hits or not all(re.search(r"\bcapac", h["text"]) for h in hits))' "$T/capac.json"
check_eq prefix-accent-insensitive "$(count 'capac*')" "$(count 'CAPAC*')"

# A quoted phrase needs its stop words: "creación y capacidad" is not
# "creación de capacidad". A tiny extra corpus with both wordings.
mkdir -p "$T/extra"
cat >"$T/extra/A_RES_75_1.txt" <<'RES'
Septuagésimo quinto período de sesiones
Tema 1 del programa

Resolución aprobada por la Asamblea General el 1 de octubre de 2020

75/1. Cooperación técnica

La Asamblea General,

Observando que la creación y capacidad institucional de los Estados es desigual,

Reconociendo que la creación de capacidad técnica requiere recursos,

1. *Decide* seguir examinando la cuestión.

*10ª sesión plenaria
1 de octubre de 2020*
RES
"$UNINDEX" -q -o "$T/ix2" "$T/extra" >/dev/null
labels2() {
	"$UNSEARCH" -i "$T/ix2" --json -n 100 "$@" | jfield label
}
check_eq phrase-needs-stopword "PP2" "$(labels2 '"creación de capacidad"')"
check_eq phrase-other-stopword "PP1" "$(labels2 '"creación y capacidad"')"
check_eq bag-of-words-both "PP1 PP2" "$("$UNSEARCH" -i "$T/ix2" --json 'creación capacidad' | python3 -c '
import json, sys
print(" ".join(sorted(json.loads(l)["label"] for l in sys.stdin)))')"

# Stop words are ignored in bag-of-words queries: same hits with or without.
check_eq stopwords-ignored "$(sorted_labels libertad opinión)" "$(sorted_labels la libertad de opinión)"
check_eq stopwords-ignored-count "$(count derechos humanos)" "$(count los derechos de los humanos)"
check_eq stopwords-only-still-matches 0 "$(if count 'de la' >/dev/null; then echo 0; else echo $?; fi)"

# UN symbols typed as written are never syntax errors and find 74/29.
for q in A/RES/74/29 74/29 A/74/363; do
	rc=0
	"$UNSEARCH" -i "$IX" --json -n 1000 "$q" >"$T/sym.json" 2>"$T/sym.err" || rc=$?
	check_eq "symbol-status-$q" 0 "$rc"
	check_eq "symbol-only-74-29-$q" "A/RES/74/29" "$(python3 -c '
import json, sys
print(" ".join(sorted({json.loads(l)["symbol"] for l in open(sys.argv[1])})))' "$T/sym.json")"
done
# The report symbol is in the header paragraph naming the First Committee.
check_eq report-symbol-header "Header" "$("$UNSEARCH" -i "$IX" --json -n 1 A/74/363 | jfield label)"
"$UNSEARCH" -i "$IX" --json -n 1000 74/29 >"$T/sym.json"
check symbol-includes-title python3 -c '
import json, sys
sys.exit("Title" not in [json.loads(l)["label"] for l in open(sys.argv[1])])' "$T/sym.json"
