# 0010-phrase: the flagship query "creación de capacidad" on the bundled
# corpus: the three clauses of 74/29 that contain the exact phrase come
# first (shortest first), with or without accents and quotes, and the JSON
# highlights cover exactly the phrase's bytes.
. tests/setup

top3() {
	"$UNSEARCH" -i "$IX" --json "$@" | python3 -c '
import json, sys
hits = [json.loads(l) for l in sys.stdin]
print(" ".join(h["symbol"] + ":" + h["label"] for h in hits[:3]))'
}

want="A/RES/74/29:PP9 A/RES/74/29:PP7 A/RES/74/29:PP10"
check_eq unquoted "$want" "$(top3 "creación de capacidad")"
check_eq no-accents-separate-words "$want" "$(top3 creacion de capacidad)"
check_eq quoted-plural "$want" "$(top3 '"creación de capacidades"')"
check_eq quoted "$want" "$(top3 '"creación de capacidad"')"

# The quoted phrase matches only those three clauses.
check_eq quoted-count 3 "$("$UNSEARCH" -i "$IX" --count '"creación de capacidad"')"

# Highlights: byte ranges [start, end) into the UTF-8 text; each of the
# three clauses has one range, and it is exactly "creación de capacidad".
"$UNSEARCH" -i "$IX" --json -n 3 "creación de capacidad" >"$T/hl.json"
if python3 - "$T/hl.json" <<'PY'
import json, sys
bad = []
for line in open(sys.argv[1], encoding="utf-8"):
    h = json.loads(line)
    text = h["text"].encode("utf-8")
    spans = [text[a:b] for a, b in h["highlights"]]
    if spans != ["creación de capacidad".encode("utf-8")]:
        bad.append("%s: %r" % (h["label"], [s.decode("utf-8", "replace") for s in spans]))
if bad:
    print("; ".join(bad))
    sys.exit(1)
PY
then pass highlight-bytes
else fail highlight-bytes "highlights are not exactly the phrase"
fi

# Without accents the highlight still points at the accented text.
"$UNSEARCH" -i "$IX" --json -n 1 creacion de capacidad >"$T/hl2.json"
got=$(python3 -c '
import json, sys
h = json.loads(open(sys.argv[1], encoding="utf-8").readline())
t = h["text"].encode("utf-8")
print("|".join(t[a:b].decode("utf-8") for a, b in h["highlights"]))' "$T/hl2.json")
check_eq highlight-unaccented-query "creación de capacidad" "$got"
