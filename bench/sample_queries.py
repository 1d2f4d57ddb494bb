#!/usr/bin/env python3
"""sample_queries.py EXPORT SEED OUT: draws the benchmark's query set from a
corpus, so that no query is chosen by hand. EXPORT is `unindex --export`
JSON Lines (one clause a line, field "text"); the same SEED and corpus give
the same queries. OUT gets a "# class: NAME" line before each class's
queries, one query a line in unsearch's syntax (the peer drivers skip the
comment lines; bench.py reads the classes from them).

Classes (document frequency = clauses holding the lower-cased word):
  rare      one word in 2..10 clauses
  mid       one word in 0.2%..1% of the clauses
  common    one word in 3%..20% of the clauses
  and2      two words of one real paragraph (each in at least 10 clauses)
  and3      three such words of one paragraph
  phrase    2 or 3 consecutive words of a paragraph, quoted, starting and
            ending with a word that is not a stop word
  or        two mid words joined by OR
  not       a common word and -a mid word
  prefix    the first 5 letters of a mid or common word of 7+ letters, then *
Stop words (common/stopwords-es.txt) are never drawn as query words.
"""
import json
import os
import random
import re
import sys

PER_CLASS = 6
WORD = re.compile(r"[^\W\d_]+")


def main():
    export, seed, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "common", "stopwords-es.txt"), encoding="utf-8") as f:
        stop = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    clauses = []
    with open(export, encoding="utf-8") as f:
        for line in f:
            clauses.append(WORD.findall(json.loads(line)["text"].lower()))
    df = {}
    for words in clauses:
        for w in set(words):
            df[w] = df.get(w, 0) + 1
    n = len(clauses)
    rnd = random.Random(seed)

    def ok(w):
        return w not in stop and len(w) > 2

    def band(lo, hi):
        return sorted(w for w, c in df.items() if lo <= c <= hi and ok(w))

    rare = band(2, 10)
    mid = band(max(2, int(0.002 * n)), max(3, int(0.01 * n)))
    common = band(max(3, int(0.03 * n)), max(4, int(0.20 * n)))
    long_clauses = [c for c in clauses if sum(1 for w in c if ok(w) and df[w] >= 10) >= 6]

    def pick(pool, k):
        return rnd.sample(pool, min(k, len(pool))) if pool else []

    def from_paragraph(k):
        words = sorted({w for w in rnd.choice(long_clauses) if ok(w) and df[w] >= 10})
        return " ".join(rnd.sample(words, k))

    def phrase():
        while True:
            c = rnd.choice(long_clauses)
            size = rnd.choice((2, 3))
            i = rnd.randrange(0, len(c) - size + 1)
            p = c[i:i + size]
            if ok(p[0]) and ok(p[-1]) and df[p[0]] >= 10:
                return '"%s"' % " ".join(p)

    classes = [
        ("rare", pick(rare, PER_CLASS)),
        ("mid", pick(mid, PER_CLASS)),
        ("common", pick(common, PER_CLASS)),
        ("and2", [from_paragraph(2) for _ in range(PER_CLASS)] if long_clauses else []),
        ("and3", [from_paragraph(3) for _ in range(PER_CLASS)] if long_clauses else []),
        ("phrase", [phrase() for _ in range(PER_CLASS)] if long_clauses else []),
        ("or", ["%s OR %s" % tuple(pick(mid, 2)) for _ in range(PER_CLASS)] if len(mid) > 1 else []),
        ("not", ["%s -%s" % (rnd.choice(common), rnd.choice(mid)) for _ in range(PER_CLASS)]
         if common and mid else []),
        ("prefix", ["%s*" % w[:5] for w in pick([w for w in mid + common if len(w) >= 7], PER_CLASS)]),
    ]
    with open(out, "w", encoding="utf-8") as f:
        f.write("# sampled by bench/sample_queries.py from %s, seed %d\n"
                % (os.path.basename(export), seed))
        for name, qs in classes:
            if qs:
                f.write("# class: %s\n" % name)
                for q in qs:
                    f.write(q + "\n")


if __name__ == "__main__":
    main()
