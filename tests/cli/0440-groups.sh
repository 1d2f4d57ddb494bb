# 0440-groups: matching clauses seen from above, on the bundled corpus:
# --by-resolution shows each resolution once with its three best clauses
# and how many more match; --facet counts matching clauses per session,
# year, kind, verb or committee, as text and JSON.
. tests/setup

# "período de sesiones" (boilerplate too): 74/29's header and OP3, the
# UDHR's header.
check_eq facet-session "$(printf '74\t2\n3\t1')" \
	"$("$UNSEARCH" -i "$IX" --all-kinds --facet session '"período de sesiones"')"
check_eq facet-year-json '[{"value": 2019, "count": 2}, {"value": 1948, "count": 1}]' \
	"$("$UNSEARCH" -i "$IX" --all-kinds --json --facet year '"período de sesiones"' | python3 -c '
import json, sys
print(json.dumps(json.loads(sys.stdin.read())["counts"]))')"
check_eq facet-kind "$(printf 'header\t2\noperative\t1')" \
	"$("$UNSEARCH" -i "$IX" --all-kinds --facet kind '"período de sesiones"')"
check_eq facet-committee "$(printf 'Primera Comisión\t21')" \
	"$("$UNSEARCH" -i "$IX" --facet committee 74/29)"
check_eq facet-verb "$(printf 'observar\t2')" \
	"$("$UNSEARCH" -i "$IX" --facet verb 'creación de capacidad verb:observar')"
# The counts add up to --count when every clause has a value.
total=$("$UNSEARCH" -i "$IX" --count derechos)
check_eq facet-sums "$total" "$("$UNSEARCH" -i "$IX" --facet session derechos | awk -F'\t' '{s += $2} END {print s}')"

# --by-resolution: "derechos" is in both resolutions; each comes once, best
# first, with at most three clauses and the number of the others.
"$UNSEARCH" -i "$IX" --json --by-resolution derechos >"$T/g.json"
check by-resolution-shape python3 - "$T/g.json" "$total" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
groups, clauses, sym = [], {}, None
for o in lines:
    if "resolution" in o:
        groups.append(o)
        sym = o["symbol"]
        clauses[sym] = []
    else:
        assert o["symbol"] == sym, o
        clauses[sym].append(o["score"])
assert [g["resolution"] for g in groups] == list(range(1, len(groups) + 1))
assert len({g["symbol"] for g in groups}) == len(groups) == 2
assert sum(g["hits"] for g in groups) == int(sys.argv[2])
for g in groups:
    shown = clauses[g["symbol"]]
    assert len(shown) == min(3, g["hits"]) and g["more"] == g["hits"] - len(shown), g
    assert shown == sorted(shown, reverse=True)
best = [clauses[g["symbol"]][0] for g in groups]
assert best == sorted(best, reverse=True)
PY
check_eq by-resolution-limit 1 "$("$UNSEARCH" -i "$IX" --json --by-resolution -n 1 derechos | grep -c '"resolution"')"
"$UNSEARCH" -i "$IX" --color=never --by-resolution -n 1 derechos >"$T/g.txt"
check by-resolution-text grep -q '^#1 A/RES/217 A (III) · 1948-12-10 · [0-9]* matching clauses ([0-9]* more)$' "$T/g.txt"

# Errors: an unknown field, and two answers at once.
run "$UNSEARCH" -i "$IX" --facet color derechos
check_eq facet-unknown "2" "$rc"
run "$UNSEARCH" -i "$IX" --facet year --count derechos
check_eq facet-and-count "2" "$rc"
