# 0030-filters: field filters in the query (symbol:, session:, year:,
# kind:, verb:) on the bundled corpus (74/29: 21 clauses, session 74,
# 2019; 217 A (III): session 3, 1948), and the same filters given as
# options (--symbol, --session, --year, --kind, --verb) counting the same.
. tests/setup

count() {
	"$UNSEARCH" -i "$IX" --count "$@" || :
}
symbols() {
	"$UNSEARCH" -i "$IX" --json -n 1000 "$@" | python3 -c '
import json, sys
print(" ".join(sorted({json.loads(l)["symbol"] for l in sys.stdin})))'
}
labels() {
	"$UNSEARCH" -i "$IX" --json --strict -n 1000 "$@" | jfield label
}

# The number of clauses of each resolution, from the index's own export.
"$UNINDEX" -q -o "$T/ixe" --export "$T/clauses.jsonl" "$CORPUS" >/dev/null
n74=$(grep -c '"symbol":"A/RES/74/29"' "$T/clauses.jsonl")
n217=$(grep -c '"symbol":"A/RES/217 A (III)"' "$T/clauses.jsonl")
check_eq export-74-29-clauses 21 "$n74"

check_eq symbol-short "$n74" "$(count symbol:74/29)"
check_eq symbol-full "$n74" "$(count symbol:A/RES/74/29)"
check_eq symbol-217 "$n217" "$(count 'symbol:"A/RES/217 A (III)"')"
check_eq session-74 "$n74" "$(count session:74)"
check_eq session-range "$n74" "$(count session:70..74)"
check_eq session-3 "$n217" "$(count session:3)"
check_eq session-both "$((n74 + n217))" "$(count session:3..74)"
check_eq session-none 0 "$(count session:75..80)"
check_eq year-1948 "$n217" "$(count year:1948)"
check_eq year-range "$n74" "$(count year:2019..2020)"
check_eq year-range-symbols "A/RES/74/29" "$(symbols year:2019..2020)"

# 74/29 has 12 preambular and 3 operative paragraphs; the UDHR has 7 and 1.
check_eq kind-operative 4 "$(count kind:operative)"
check_eq kind-preambular 19 "$(count kind:preambular)"
check_eq kind-operative-74 "OP1 OP2 OP3" "$(labels kind:operative session:74)"
check_eq kind-and-word "PP7 PP9 PP10" "$(labels kind:preambular '"creación de capacidad"' | tr ' ' '\n' | sort -V | tr '\n' ' ' | sed 's/ $//')"
check_eq kind-excludes "" "$(labels kind:operative '"creación de capacidad"' || :)"

# Opening verbs, given in the infinitive, find the conjugated forms.
check_eq verb-acoger "OP1" "$(labels verb:acoger)"
check_eq verb-decidir "OP3" "$(labels verb:decidir)"
check_eq verb-observar "PP7 PP10" "$(labels verb:observar)"
check_eq verb-observar-form "PP7 PP10" "$(labels verb:observando)"
check_eq verb-and-word "PP7" "$(labels verb:observar capacidad esencial)"

# Options mean the same filters.
check_eq opt-symbol "$(count symbol:74/29 capacidad)" "$(count --symbol 74/29 capacidad)"
check_eq opt-session "$(count session:74 derechos)" "$(count --session 74 derechos)"
check_eq opt-session-range "$(count session:3..74 derechos)" "$(count --session 3..74 derechos)"
check_eq opt-year "$(count year:1948 derechos)" "$(count --year 1948 derechos)"
check_eq opt-kind "$(count kind:operative Naciones)" "$(count --kind operative Naciones)"
check_eq opt-verb "$(count verb:observar Naciones)" "$(count --verb observar Naciones)"
check_eq opt-all-filters-nonzero 1 "$(count --session 74 --year 2019 --kind preambular --verb observar --symbol A/RES/74/29 esencial)"
# An option filter alone is a complete query, as the same filter typed in
# the query is.
want=""
got=""
for f in session:74 kind:operative verb:observar year:1948 symbol:74/29; do
	want="$want ${f%%:*}=$(count "$f")"
	got="$got ${f%%:*}=$(count "--${f%%:*}" "${f#*:}" 2>/dev/null)"
done
check_eq opt-filters-alone "$want" "$got"

# Bad filter values are syntax errors (exit 2), not empty results.
for q in kind:nonsense session:abc session:9..3 year:19x; do
	rc=0
	"$UNSEARCH" -i "$IX" "$q" >/dev/null 2>&1 || rc=$?
	check_eq "bad-value-$q" 2 "$rc"
done
