# 0420-verbs: opening verbs as a reader says them, on the bundled corpus:
# verb: takes the lemma or any form in any case, multi-word openers too;
# a plain query word that is a form of an opening verb matches its other
# forms; --json names each clause's opener by its lemma ("verb").
. tests/setup

labels() {
	"$UNSEARCH" -i "$IX" --json --strict -n 1000 "$@" | jfield label
}

for q in verb:acoger verb:acoge verb:Acoge 'verb:"acoger con beneplácito"' \
	'verb:"Acoge con beneplácito"' 'verb:"acoger con beneplacito"'; do
	check_eq "same-facet-$q" "OP1" "$(labels "$q")"
done
for q in verb:decidir verb:decide verb:Decide verb:DECIDE; do
	check_eq "decide-$q" "OP3" "$(labels "$q")"
done
# Preambular openers: Observando (PP7, PP10 of 74/29), Considerando (the
# UDHR's seven and 74/29's PP5), Recordando (PP1).
check_eq observar "PP7 PP10" "$(labels verb:observar)"
check_eq observando "PP7 PP10" "$(labels verb:Observando)"
check_eq considerar 8 "$("$UNSEARCH" -i "$IX" --count verb:considerar)"
check_eq recordar "PP1" "$(labels verb:recordar)"
# A phrase opener the corpus does not use finds nothing.
run "$UNSEARCH" -i "$IX" 'verb:"tomar nota"'
check_eq tomar-nota-none 1 "$rc"

# Plain words: "considerar" is not in the corpus, but it is a form of the
# opener of eight clauses; "observar" also finds "Observando".
check_eq plain-considerar 8 "$("$UNSEARCH" -i "$IX" --count considerar)"
check_eq plain-observar "$("$UNSEARCH" -i "$IX" --count observando)" \
	"$("$UNSEARCH" -i "$IX" --count observar)"
# "recuerda" does not share a stem with "Recordando" (PP1): the table
# joins them; quoted, a word is only itself (and its stem).
check_eq plain-recuerda "PP1" "$(labels recuerda)"
check_eq quoted-recuerda "" "$(labels '"recuerda"')"

# The lemma of each clause's opener in --json.
check_eq json-verb "OP1:acoger con beneplácito" \
	"$("$UNSEARCH" -i "$IX" --json 'verb:acoger' | jfield label verb)"
check_eq json-verb-pp "PP7:observar PP10:observar" \
	"$("$UNSEARCH" -i "$IX" --json 'verb:observar' | jfield label verb)"
check_eq json-verb-none "Art.1:None" \
	"$("$UNSEARCH" -i "$IX" --json -n 1 'nacen libres' | jfield label verb)"
