#!/usr/bin/env python3
"""eval.py: measure ranking quality on tests/relevance/needs.tsv.

Runs every need's query through `unsearch --batch -n 10` on an index of the
judged corpus, once per ranking variant, and prints MRR (reciprocal rank of
the first relevant clause, 0 when none is in the top 10) and nDCG@10
(gains 2^grade - 1, log2 discount, ideal from the judgments) per variant.

usage: eval.py UNSEARCH INDEX NEEDS [--floor FILE] [--show]
  --floor FILE  exit 1 unless the default ranking's MRR is at least the
                number in FILE (tests/relevance/floor)
  --show        print each need's first relevant rank under the default
"""
import json
import math
import subprocess
import sys

VARIANTS = [
    ("default", []),
    ("no title field", ["--title-weight", "0"]),
    ("no boilerplate rule", ["--all-kinds"]),
    ("plain BM25 (neither)", ["--title-weight", "0", "--all-kinds"]),
    ("strict (no partial)", ["--strict"]),
]


def read_needs(path):
    needs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit("%s:%d: want need<TAB>query<TAB>judgments" % (path, n))
            judged = {}
            for j in parts[2].split():
                key, _, grade = j.rpartition("=")
                if not key or grade not in ("1", "2"):
                    sys.exit("%s:%d: bad judgment %r" % (path, n, j))
                judged[key] = int(grade)
            needs.append((parts[0], parts[1], judged))
    return needs


def hit_key(hit):
    sym = hit.get("symbol") or "-"
    if sym.startswith("A/RES/"):
        sym = sym[len("A/RES/"):]
    return sym.replace(" ", "") + ":" + hit["label"]


def run(unsearch, index, needs, extra):
    queries = "".join(q + "\n" for _, q, _ in needs)
    out = subprocess.run([unsearch, "-i", index, "-n", "10", *extra, "--batch", "-"],
                         input=queries.encode("utf-8"), capture_output=True)
    if out.returncode not in (0, 1):
        sys.exit("unsearch failed: " + out.stderr.decode("utf-8", "replace"))
    ranked = {}
    for line in out.stdout.decode("utf-8").splitlines():
        hit = json.loads(line)
        if "error" in hit:
            sys.exit("query %r: %s" % (hit["query"], hit["error"]))
        if "rank" in hit:
            ranked.setdefault(hit["query"], []).append(hit_key(hit))
    return ranked


def score(needs, ranked):
    mrr = ndcg = 0.0
    firsts = []
    for _, query, judged in needs:
        keys = ranked.get(query, [])[:10]
        first = next((i + 1 for i, k in enumerate(keys) if judged.get(k)), None)
        firsts.append(first)
        mrr += 1.0 / first if first else 0.0
        dcg = sum((2 ** judged.get(k, 0) - 1) / math.log2(i + 2) for i, k in enumerate(keys))
        ideal = sorted(judged.values(), reverse=True)[:10]
        idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        ndcg += dcg / idcg
    return mrr / len(needs), ndcg / len(needs), firsts


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    unsearch, index, needs_path = argv[1:4]
    floor = argv[argv.index("--floor") + 1] if "--floor" in argv else None
    needs = read_needs(needs_path)
    print("%d information needs, top 10" % len(needs))
    print("%-22s %7s %8s" % ("ranking", "MRR", "nDCG@10"))
    results = {}
    for name, extra in VARIANTS:
        mrr, ndcg, firsts = score(needs, run(unsearch, index, needs, extra))
        results[name] = (mrr, firsts)
        print("%-22s %7.4f %8.4f" % (name, mrr, ndcg))
    if "--show" in argv:
        for (need, query, _), first in zip(needs, results["default"][1]):
            print("%4s  %s  [%s]" % (first or "-", need, query))
    if floor:
        with open(floor) as f:
            want = float(f.read().split()[0])
        got = results["default"][0]
        if got + 1e-9 < want:
            print("MRR %.4f fell below the floor %.4f (%s)" % (got, want, floor))
            return 1
        print("MRR %.4f is at least the floor %.4f" % (got, want))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
