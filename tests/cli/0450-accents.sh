# 0450-accents: accents the user typed count. Matching stays accent-
# insensitive, but a word typed with its accents or ñ ranks clauses holding
# that exact form above clauses that match only once folded; a word typed
# without them ranks every form alike.
. tests/setup

mkdir "$T/acc"
cat >"$T/acc/notas.txt" <<'TXT'
El ano.

El año pasado fue difícil para todos los pueblos del mundo.

La pena de muerte.

La Peña Grande y la pena.
TXT
# Not a resolution: indexed as plain paragraphs, with a warning (exit 1).
"$UNINDEX" -q -o "$T/acc-ix" "$T/acc" >/dev/null 2>&1 || :
texts() {
	"$UNSEARCH" -i "$T/acc-ix" --json "$@" | python3 -c '
import json, sys
print(" | ".join(json.loads(l)["text"] for l in sys.stdin))'
}

# "año" typed: the long clause with "año" before the short "El ano.".
check_eq typed-accent "El año pasado fue difícil para todos los pueblos del mundo. | El ano." "$(texts año)"
check_eq typed-accent-upper "El año pasado fue difícil para todos los pueblos del mundo. | El ano." "$(texts AÑO)"
# "ano" typed: BM25 alone, the short clause first; both still match.
check_eq typed-plain "El ano. | El año pasado fue difícil para todos los pueblos del mundo." "$(texts ano)"
# "Peña": both clauses match; "pena" alone counts a twentieth in the first.
check_eq typed-tilde-count 2 "$("$UNSEARCH" -i "$T/acc-ix" --count Peña)"
check_eq typed-tilde-first "La Peña Grande y la pena." "$(texts -n 1 Peña)"
"$UNSEARCH" -i "$T/acc-ix" --explain --color=never -n 2 Peña >"$T/ex"
check explain-weighted-tf grep -q 'tf 1.05, len 6' "$T/ex"
check explain-folded-tf grep -q 'tf 0.05, len 4' "$T/ex"
