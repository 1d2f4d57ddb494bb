#!/usr/bin/env python3
"""updates.py: random update sequences against fresh builds (issue 10).

usage: updates.py BIN_DIR WORK_DIR POOL_DIR SEED STEPS

Two roots A and B under WORK_DIR get files from POOL_DIR (a generated
corpus). Each step applies one random operation (add, change, delete,
rename, touch, forget a root and add it back, optimize), brings the index
up to date with `unindex`, builds a fresh index of the same files with
`unindex --rebuild`, and compares the ranked JSON answers of both to a few
hundred queries: the same hits in the same order with the same symbols,
labels, files and scores (within 1e-6); ids may differ. Ties are compared
as sets: a fresh build numbers documents in walk order, an updated index in
update order. Prints PASS/FAIL lines as tests/setup does.
"""
import json
import os
import random
import shutil
import subprocess
import sys

BIN, WORK, POOL, SEED, STEPS = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
UNINDEX = os.path.join(BIN, "unindex")
UNSEARCH = os.path.join(BIN, "unsearch")
LIMIT = 25
rng = random.Random(SEED)
failed = 0


def report(ok, name, why=""):
    global failed
    if ok:
        print("PASS 0500-incremental:%s" % name)
    else:
        failed = 1
        print("FAIL 0500-incremental:%s: %s" % (name, why))


def run(*args, ok=(0, 1)):
    p = subprocess.run(list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode not in ok:
        raise RuntimeError("%s exited %d: %s" % (" ".join(args), p.returncode, p.stderr[:300]))
    return p.stdout


pool = sorted(os.path.join(d, f) for d, _, fs in os.walk(POOL) for f in fs if f.endswith(".txt"))
roots = [os.path.join(WORK, "A"), os.path.join(WORK, "B")]
for r in roots:
    os.makedirs(r, exist_ok=True)
next_file = 0


def add_file():
    global next_file
    src = pool[next_file % len(pool)]
    next_file += 1
    root = rng.choice(roots)
    sub = os.path.join(root, "s%d" % rng.randrange(3))
    os.makedirs(sub, exist_ok=True)
    shutil.copy(src, os.path.join(sub, "f%04d.txt" % next_file))


def files():
    return sorted(os.path.join(d, f) for r in roots for d, _, fs in os.walk(r) for f in fs)


# Queries: words of the pool, pairs, phrases, prefixes, operators, filters.
words = []
with open(pool[0], encoding="utf-8") as f:
    for w in f.read().split():
        w = w.strip(".,;:()\"'").lower()
        if w.isalpha() and len(w) > 4 and w not in words:
            words.append(w)
qrng = random.Random(SEED + 1)
queries = []
i = 0
while len(queries) < 300:  # distinct: answers are told apart by query
    a, b = qrng.choice(words), qrng.choice(words)
    q = [a, "%s %s" % (a, b), '"%s %s"' % (a, b), a[:4] + "*",
         "%s OR %s" % (a, b), "%s -%s" % (a, b)][i % 6]
    i += 1
    if q not in queries:
        queries.append(q)
qfile = os.path.join(WORK, "queries")
with open(qfile, "w", encoding="utf-8") as f:
    f.write("\n".join(queries) + "\n")


def answers(ix):
    out = run(UNSEARCH, "-i", ix, "--json", "-n", str(LIMIT), "--batch", qfile)
    by_query = {}
    for line in out.splitlines():
        o = json.loads(line)
        if "score" not in o:
            continue
        by_query.setdefault(o["query"], []).append(
            (round(o["score"], 6), o["symbol"], o.get("label"), o.get("file")))
    result = {}
    for q, hits in by_query.items():
        if len(hits) == LIMIT:  # a tie at the cut may keep either clause
            cut = hits[-1][0]
            hits = [h for h in hits if abs(h[0] - cut) > 1e-6]
        groups = []
        for h in hits:  # order across scores, sets within a score
            if groups and abs(groups[-1][0] - h[0]) <= 1e-6:
                groups[-1][1].append(h[1:])
            else:
                groups.append((h[0], [h[1:]]))
        result[q] = [(s, sorted(g)) for s, g in groups]
    return result


def same_scores(x, y):
    if len(x) != len(y):
        return False
    return all(abs(a[0] - b[0]) <= 1e-6 and a[1] == b[1] for a, b in zip(x, y))


IX = os.path.join(WORK, "ix")
FRESH = os.path.join(WORK, "fresh")
for _ in range(12):
    add_file()
run(UNINDEX, "-q", "-i", IX, *roots)
ops = ["add", "add", "change", "delete", "rename", "touch", "forget", "optimize", "add-many"]
for step in range(STEPS):
    op = rng.choice(ops)
    have = files()
    extra = []
    if op == "add":
        add_file()
    elif op == "add-many":
        for _ in range(rng.randrange(2, 6)):
            add_file()
    elif op == "change" and have:
        p = rng.choice(have)
        with open(p, encoding="utf-8") as f:
            text = f.read()
        w = rng.choice(words)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text.replace(" de ", " de %s " % w, 3))
    elif op == "delete" and len(have) > 2:
        os.unlink(rng.choice(have))
    elif op == "rename" and have:
        p = rng.choice(have)
        os.rename(p, p[:-4] + "r.txt")
    elif op == "touch" and have:
        os.utime(rng.choice(have), None)
    elif op == "optimize":
        extra = ["--optimize"]
    if op == "forget":
        run(UNINDEX, "-q", "-i", IX, "--forget", roots[1])
        run(UNINDEX, "-q", "-i", IX, roots[1])
    else:
        run(UNINDEX, "-q", "-i", IX, *extra)
    shutil.rmtree(FRESH, ignore_errors=True)
    run(UNINDEX, "-q", "-i", FRESH, *roots)
    got, want = answers(IX), answers(FRESH)
    bad = [q for q in queries if not same_scores(got.get(q, []), want.get(q, []))]
    hits = sum(len(g) for v in want.values() for _, g in v)
    report(not bad and hits > 0, "step-%d-%s" % (step + 1, op),
           "%d of %d queries differ, first '%s'" % (len(bad), len(queries), bad[0] if bad else ""))
    chk = subprocess.run([UNINDEX, "--check", "-i", IX], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if chk.returncode != 0:
        report(False, "step-%d-check" % (step + 1), chk.stderr[:300])
status = run(UNINDEX, "--status", "-i", IX)
segs = [l for l in status.splitlines() if l.startswith("segments ")]
report(bool(segs), "status-lists-segments", status[:300])
sys.exit(failed)
