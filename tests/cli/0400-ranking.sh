# 0400-ranking: what comes first on the bundled corpus: boilerplate clauses
# (header, title, intro, footer, vote) are not hits unless asked for, a word
# in a resolution's title lifts that resolution's clauses (BM25F), and
# --count says how many boilerplate clauses it left out of an empty answer.
. tests/setup

labels() {
	python3 -c '
import json, sys
print(" ".join(h["symbol"] + ":" + h["label"] for h in map(json.loads, sys.stdin)))'
}
kinds() {
	python3 -c '
import json, sys
print(" ".join(sorted({h["kind"] for h in map(json.loads, sys.stdin)})))'
}

# "La Asamblea General," is an intro in both resolutions: no hit by default.
run "$UNSEARCH" -i "$IX" --strict 'Asamblea General'
check_eq intro-not-a-hit-status 1 "$rc"
check_eq intro-not-a-hit-output "" "$(cat "$T/out")"
check_eq intro-by-kind 2 "$("$UNSEARCH" -i "$IX" --count 'kind:intro Asamblea General')"
# --all-kinds: the intros and the adoption lines of the headers.
check_eq intro-all-kinds "header intro" "$("$UNSEARCH" -i "$IX" --json --strict --all-kinds 'Asamblea General' | kinds)"

# "período de sesiones": the headers of both resolutions and 74/29's OP3.
check_eq phrase-no-headers "A/RES/74/29:OP3" \
	"$("$UNSEARCH" -i "$IX" --json '"período de sesiones"' | labels)"
check_eq phrase-all-kinds 3 "$("$UNSEARCH" -i "$IX" --count --all-kinds '"período de sesiones"')"

# --count of an answer made empty by the rule says what it left out.
run "$UNSEARCH" -i "$IX" --count 'Resolución aprobada'
check_eq count-left-out-zero 0 "$(cat "$T/out")"
check count-left-out-notice grep -q '^2 boilerplate clauses' "$T/err"
check_eq count-left-out-json '0:2' \
	"$("$UNSEARCH" -i "$IX" --count --json 'Resolución aprobada' 2>/dev/null | jfield count left_out)"
# ... and nothing when the answer is not empty.
run "$UNSEARCH" -i "$IX" --count --json 'período de sesiones'
check_eq count-not-empty-no-left-out '{"count":1}' "$(cat "$T/out")"

# A symbol alone lists its resolution whole, boilerplate included.
check_eq symbol-lists-all 21 "$("$UNSEARCH" -i "$IX" --count 74/29)"

# "humanos": in the UDHR's title, and in 74/29's PP6. The title field keeps
# the UDHR's articles first; without it 74/29's short PP6 is third.
check_eq title-lifts "A/RES/217 A (III):PP2 A/RES/217 A (III):Art.6 A/RES/217 A (III):Art.26.2" \
	"$("$UNSEARCH" -i "$IX" --json -n 3 humanos | labels)"
check_eq title-off "A/RES/217 A (III):PP2 A/RES/217 A (III):Art.6 A/RES/74/29:PP6" \
	"$("$UNSEARCH" -i "$IX" --json -n 3 --title-weight 0 humanos | labels)"
# --explain shows the title tf.
"$UNSEARCH" -i "$IX" -n 1 --explain humanos >"$T/ex"
check explain-title-tf grep -q 'title tf 1 (weight 0.25)' "$T/ex"

# Partial matches: "presunción" is not in the corpus (Art.11.1 says "se
# presuma su inocencia"), so no clause has both words; the clauses with
# "inocencia" follow, marked partial, unless --strict.
check_eq partial-first "A/RES/217 A (III):Art.11.1:True" \
	"$("$UNSEARCH" -i "$IX" --json -n 1 'presunción de inocencia' | jfield symbol label partial)"
"$UNSEARCH" -i "$IX" --color=never -n 1 'presunción de inocencia' >"$T/p.txt"
check partial-heading grep -q 'Art.11.1 (article) · partial match$' "$T/p.txt"
run "$UNSEARCH" -i "$IX" --strict 'presunción de inocencia'
check_eq strict-status 1 "$rc"
check_eq partial-not-counted 0 "$("$UNSEARCH" -i "$IX" --count 'presunción de inocencia' 2>/dev/null)"
# Full matches come first, partial ones after: "libertad expresión" has
# full matches (Art.19 first); with -n 50 partial ones follow, never before.
check partial-after-full python3 -c '
import json, subprocess, sys
out = subprocess.run([sys.argv[1], "-i", sys.argv[2], "--json", "-n", "50",
                      "libertad expresión"], capture_output=True).stdout
flags = [json.loads(l).get("partial", False) for l in out.decode().splitlines()]
sys.exit(not (flags and not flags[0] and True in flags and flags == sorted(flags)))' "$UNSEARCH" "$IX"
# Filters still apply to partial matches.
check_eq partial-filtered "" "$("$UNSEARCH" -i "$IX" --json 'session:74 presunción inocencia' | jfield label)"
