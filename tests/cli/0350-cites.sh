#!/bin/sh
# 0350-cites: citations and lineage end to end. On the bundled corpus:
# --refs 74/29 lists the 22 resolutions its PP1 recalls (read by hand from
# corpus/A_RES_74_29.txt) and its report, --cited-by and cites: agree in
# every written form, pruned and --exhaustive; --graph is DOT that Graphviz
# renders; a damaged citation table is refused by unindex --check. On a
# generated corpus of series (gencorpus --series, with its truth file):
# --cited-by and cites: agree with each other and with the generator's
# citations, --refs resolves cited versions to their titles and dates,
# --diff recovers the generator's edits (the precision and
# recall of its clause alignment are in the PASS names), and --history
# follows a clause through exactly the versions that kept it.
. tests/setup

refs=$("$UNSEARCH" -i "$IX" --json --refs 74/29 | jfield relation symbol date)
want="cites:A/74/363:None cites:36/103:1981-12-09 cites:43/78H:1988-12-07 \
cites:53/70:1998-12-04 cites:54/49:1999-12-01 cites:55/28:2000-11-20 \
cites:56/19:2001-11-29 cites:57/53:2002-11-22 cites:58/32:2003-12-08 \
cites:59/61:2004-12-03 cites:60/45:2005-12-08 cites:61/54:2006-12-06 \
cites:62/17:2007-12-05 cites:63/37:2008-12-02 cites:64/25:2009-12-02 \
cites:65/41:2010-12-08 cites:66/24:2011-12-02 cites:67/27:2012-12-03 \
cites:68/243:2013-12-27 cites:69/28:2014-12-02 cites:70/237:2015-12-23 \
cites:71/28:2016-12-05 cites:73/27:2018-12-05"
check_eq refs-74-29 "$want" "$refs"

# Every written form of a cited symbol finds the same clause both ways.
for s in 53/70 A/RES/53/70 a/res/53/70 '43/78 H' 43/78H 36/103 A/74/363; do
	by=$("$UNSEARCH" -i "$IX" --json --cited-by "$s" | jfield symbol label)
	q=$("$UNSEARCH" -i "$IX" --json -n 100 "cites:\"$s\"" | jfield symbol label)
	qx=$("$UNSEARCH" -i "$IX" --json -n 100 --exhaustive "cites:\"$s\"" | jfield symbol label)
	w=A/RES/74/29:PP1
	[ "$s" = A/74/363 ] && w=A/RES/74/29:Header
	check_eq "cited-by-$s" "$w" "$by"
	check_eq "cites-query-$s" "$w" "$q"
	check_eq "cites-query-exhaustive-$s" "$w" "$qx"
done
# Pruned and exhaustive agree when cites: is combined with words.
for q in 'cites:53/70 (tecnologías OR resoluciones)' 'cites:53/70 OR creación' \
         'resoluciones -cites:53/70' 'cites:"A/74/363" OR cites:73/27'; do
	p=$("$UNSEARCH" -i "$IX" --json -n 100 "$q" | jfield symbol label)
	x=$("$UNSEARCH" -i "$IX" --json -n 100 --exhaustive "$q" | jfield symbol label)
	check_eq "pruned-equals-exhaustive-$q" "$x" "$p"
done
run "$UNSEARCH" -i "$IX" --cited-by 74/29
check_eq cited-by-nothing-exits-1 1 "$rc"
run "$UNSEARCH" -i "$IX" --count cites:99/99
check_eq cites-nothing-counts-0 0 "$(cat "$T/out")"
# The citation is what --cited-by highlights.
hl=$("$UNSEARCH" -i "$IX" --json --cited-by '43/78 H' | python3 -c '
import json, sys
o = json.loads(sys.stdin.readline())
t = o["text"].encode()
print(" ".join(t[a:b].decode() for a, b in o["highlights"]))')
check_eq cited-by-highlights-citation "43/78 H" "$hl"
run "$UNSEARCH" -i "$IX" --color=always --refs 74/29
check refs-color grep -q "$(printf '\033')" "$T/out"
run "$UNSEARCH" -i "$IX" --history 99/99 PP1
check_eq history-unknown-exits-2 "2:1" "$rc:$(wc -l <"$T/err")"
run "$UNSEARCH" -i "$IX" --history 74/29 PP99
check_eq history-unknown-label-exits-2 "2:1" "$rc:$(wc -l <"$T/err")"
run "$UNSEARCH" -i "$IX" --depth 2 creación
check_eq depth-without-graph-exits-2 2 "$rc"

# --graph: DOT with 74/29 and an edge to each thing it cites.
"$UNSEARCH" -i "$IX" --graph 74/29 >"$T/g.dot"
check_eq graph-edges 23 "$(grep -c -- '->' "$T/g.dot")"
check graph-edge-73-27 grep -q -F '"74/29" -> "73/27";' "$T/g.dot"
if command -v dot >/dev/null 2>&1; then
	check graph-renders dot -Tsvg -o "$T/g.svg" "$T/g.dot"
	check graph-svg-names-74-29 grep -q -F 'A/RES/74/29' "$T/g.svg"
else
	echo "SKIP $SCRIPT:graph-renders: Graphviz dot not installed"
fi

# A damaged citation table (damage.py's fixed-cites- cases) is refused.
mkdir "$T/one" "$T/cases"
cp "$CORPUS"/A_RES_74_29.txt "$T/one/"
"$UNINDEX" -q -o "$T/ix1" "$T/one" >/dev/null
python3 tests/assets/damage.py "$IX" "$T/ix1" "$T/cases" | grep '^fixed-cites-' >"$T/cases.txt"
check_eq damage-cases 4 "$(wc -l <"$T/cases.txt")"
tab=$(printf '\t')
while IFS=$tab read -r name dir file section strict; do
	run "$UNINDEX" --check -o "$dir"
	if [ "$rc" -eq 2 ] && grep -q -w CITES "$T/err" && [ "$(wc -l <"$T/err")" -eq 1 ]; then
		pass "check-refuses-$name"
	else
		fail "check-refuses-$name" "exit $rc: $(cat "$T/err")"
	fi
	run "$UNSEARCH" -i "$dir" --refs 74/29
	[ "$rc" -le 2 ] && pass "refs-survives-$name" || fail "refs-survives-$name" "exit $rc"
done <"$T/cases.txt"

# A generated corpus: 8 series of 5 versions among 1 MiB of other
# resolutions, and the generator's truth.
"$GENCORPUS" -o "$T/gen" -s 3 -m 1 --series 8 --versions 5 >/dev/null
"$UNINDEX" -q -o "$T/gix" "$T/gen" >/dev/null
python3 - "$UNSEARCH" "$T/gix" "$T/gen/series-truth.tsv" <<'PY'
import json, subprocess, sys
unsearch, ix, truth_path = sys.argv[1:4]
def run(*args):
    p = subprocess.run([unsearch, "-i", ix, *args], capture_output=True, text=True)
    return [json.loads(l) for l in p.stdout.splitlines()]
def say(ok, name, why=""):
    print(("PASS 0350-cites:%s" % name) if ok else ("FAIL 0350-cites:%s: %s" % (name, why)))

series, clauses, cites = [], {}, {}
for line in open(truth_path):
    f = line.rstrip("\n").split("\t")
    if f[0] == "series":
        series.append(f[2:])
    elif f[0] == "clause":
        clauses.setdefault(f[1], []).append((f[2], int(f[3]), f[4], int(f[5])))
    elif f[0] == "cite":
        cites.setdefault(f[3], set()).add(("A/RES/" + f[1], f[2]))

# --cited-by and cites: (pruned and exhaustive) against the truth.
bad = []
for cited, want in sorted(cites.items()):
    by = {(o["symbol"], o["label"]) for o in run("--json", "--cited-by", cited)}
    q = {(o["symbol"], o["label"]) for o in run("--json", "-n", "1000", "cites:" + cited)}
    qx = {(o["symbol"], o["label"]) for o in run("--json", "-n", "1000", "--exhaustive", "cites:" + cited)}
    if not (by == q == qx == want):
        bad.append("%s: truth %s, --cited-by %s, cites: %s" % (cited, sorted(want), sorted(by), sorted(q)))
say(not bad and len(cites) > 20, "cited-by-and-cites-match-truth-%d-symbols" % len(cites), "; ".join(bad[:3]))

# --refs resolves a cited version of the series to its title and date,
# and lists its successor among those citing it.
bad = []
for versions in series:
    for old, new, newer in zip(versions, versions[1:], versions[2:] + [None]):
        refs = run("--json", "--refs", new)
        cited = [r for r in refs if r["relation"] == "cites" and r["symbol"] == old]
        prev = run("--json", "-n", "1", "symbol:" + old)
        if not cited or not prev or not cited[0]["indexed"] or \
           cited[0]["title"] != prev[0]["title"] or cited[0]["date"] != prev[0]["date"]:
            bad.append("%s cites %s: %s" % (new, old, cited))
        if newer and not any(r["relation"] == "cited_by" and r["symbol"] == "A/RES/" + newer
                             for r in refs):
            bad.append("%s not cited by %s" % (new, newer))
say(not bad, "refs-resolve-titles-and-dates", "; ".join(bad[:3]))

# --diff of each consecutive pair against the truth: a clause id present in
# both versions is a pair; the diff's (from, to) pairs are compared.
right = wrong = missed = 0
status_bad = []
for versions in series:
    for old, new in zip(versions, versions[1:]):
        o_ids = {i: lab for lab, i, st, ed in clauses[old]}
        n_ids = {i: lab for lab, i, st, ed in clauses[new]}
        truth_pairs = {(o_ids[i], n_ids[i]) for i in n_ids if i in o_ids and i != 0}
        got = run("--json", "--diff", old, new)
        pairs = {(g["from"], g["to"]) for g in got if g["from"] and g["to"]}
        pairs -= {(o_ids.get(0), n_ids.get(0))}  # the rewritten citing clause
        right += len(pairs & truth_pairs)
        wrong += len(pairs - truth_pairs)
        missed += len(truth_pairs - pairs)
        st = {g["to"]: g["status"] for g in got if g["to"]}
        for lab, i, s, ed in clauses[new]:
            if i != 0 and s != st.get(lab) and not (s == "edited" and st.get(lab) == "unchanged"):
                status_bad.append("%s %s: truth %s, diff %s" % (new, lab, s, st.get(lab)))
prec = right / (right + wrong) if right + wrong else 0
rec = right / (right + missed) if right + missed else 0
say(wrong == 0 and missed == 0 and right > 100,
    "diff-alignment-precision-%.3f-recall-%.3f-of-%d-pairs" % (prec, rec, right + missed),
    "%d right, %d wrong, %d missed" % (right, wrong, missed))
say(not status_bad, "diff-statuses-match-truth", "; ".join(status_bad[:3]))
# On a terminal, added words are green and removed ones struck out in red;
# without colour they are {+added+} and [-removed-].
old, new = series[0][0], series[0][1]
p = subprocess.run([unsearch, "-i", ix, "--color=always", "--diff", old, new],
                   capture_output=True, text=True).stdout
q = subprocess.run([unsearch, "-i", ix, "--diff", old, new], capture_output=True, text=True).stdout
say("\x1b[32m" in p and "\x1b[9;31m" in p and "\x1b" not in q and "{+" in q and "[-" in q,
    "diff-colour-and-plain-marks", "colour %r / plain %r" % (p[:200], q[:200]))

# --history of every clause of each series' last version: the versions
# that kept that clause, oldest first, and their labels.
bad = []
n = 0
for versions in series:
    for lab, i, s, ed in clauses[versions[-1]]:
        if i == 0:
            continue
        want = []
        for v in reversed(versions):
            labs = [l for l, j, _, _ in clauses[v] if j == i]
            if not labs:
                break
            want.insert(0, ("A/RES/" + v, labs[0]))
        got = [(o["symbol"], o["label"]) for o in run("--json", "--history", versions[-1], lab)]
        n += 1
        if got != want:
            bad.append("%s %s: want %s, got %s" % (versions[-1], lab, want, got))
say(not bad and n > 50, "history-follows-truth-%d-clauses" % n, "; ".join(bad[:2]))
PY
