#!/usr/bin/env python3
"""incremental.py: what updates cost (issue 10), for `make bench`.

usage: incremental.py --build BUILD_DIR [--size MIB] [--seed N] [--runs N]

On a generated corpus of SIZE MiB, measures whole-process wall time of:
  - a full build (unindex --rebuild), the reference;
  - adding one resolution to the index (goal: under 2% of the build);
  - a refresh with nothing changed (goal: under 5% of the build);
and query latency (bench/queries.txt, each query's best of 5 runs, p50 and
p95 over the queries) on the corpus as one segment, spread over 10 segments
(ten indexes searched together with -i: ten segments, one collection), and
after --optimize of a 10-update index. Writes bench/RESULTS-incremental.md.
"""
import argparse
import os
import shutil
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work", "incremental")


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def best(cmd, runs, before=None):
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(timed(cmd))
    return min(times)


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p / 100))]


def latency(unsearch, index_args, queries):
    per_query = []
    for q in queries:
        per_query.append(min(timed([unsearch, *index_args, "-n", "10", "--json", "--", q])
                             for _ in range(5)) * 1000)
    return pct(per_query, 50), pct(per_query, 95)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    bindir = os.path.join(a.build, "bin")
    unindex, unsearch = os.path.join(bindir, "unindex"), os.path.join(bindir, "unsearch")
    shutil.rmtree(WORK, ignore_errors=True)
    corpus, extra = os.path.join(WORK, "corpus"), os.path.join(WORK, "extra")
    subprocess.run([os.path.join(bindir, "gencorpus"), "-o", corpus, "-s", str(a.seed),
                    "-m", str(a.size)], check=True, stdout=subprocess.DEVNULL)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs)
    os.makedirs(extra)
    one = os.path.join(extra, os.path.basename(files[-1]))
    os.rename(files[-1], one)
    ix, base = os.path.join(WORK, "ix"), os.path.join(WORK, "ix-base")

    rebuild = best([unindex, "-q", "--rebuild", "-i", ix, corpus], a.runs)
    shutil.copytree(ix, base)
    refresh = best([unindex, "-q", "-i", ix], a.runs)

    def reset():
        shutil.rmtree(ix)
        shutil.copytree(base, ix)
    add_one = best([unindex, "-q", "-i", ix, one], a.runs, reset)

    # Ten segments: the folders dealt into ten groups, each its own index.
    dirs = sorted(os.listdir(corpus))
    groups = []
    for k in range(10):
        g = os.path.join(WORK, "group%d" % k)
        os.makedirs(g)
        for d in dirs[k::10]:
            os.symlink(os.path.join(corpus, d), os.path.join(g, d))
        gix = os.path.join(WORK, "gix%d" % k)
        subprocess.run([unindex, "-q", "-i", gix, g], check=True, stdout=subprocess.DEVNULL)
        groups.append(gix)
    # One index updated ten times, then optimized.
    upd = os.path.join(WORK, "updated")
    for k in range(10):
        subprocess.run([unindex, "-q", "-i", upd, os.path.join(WORK, "group%d" % k)],
                       check=True, stdout=subprocess.DEVNULL)
    segs_before = len([f for f in os.listdir(upd) if f.endswith(".uns")])
    subprocess.run([unindex, "-q", "-i", upd, "--optimize"], check=True, stdout=subprocess.DEVNULL)

    with open(os.path.join(HERE, "queries.txt"), encoding="utf-8") as f:
        queries = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    lat_one = latency(unsearch, ["-i", base], queries)
    lat_ten = latency(unsearch, [x for g in groups for x in ("-i", g)], queries)
    lat_opt = latency(unsearch, ["-i", upd], queries)

    def share(x):
        return "%.1f%%" % (100 * x / rebuild)
    rows = [
        ("full build (--rebuild)", "%.2f s" % rebuild, "reference", ""),
        ("add 1 resolution", "%.3f s" % add_one, share(add_one), "under 2%"),
        ("refresh, nothing changed", "%.3f s" % refresh, share(refresh), "under 5%"),
        ("query p50 / p95, 1 segment", "%.1f / %.1f ms" % lat_one, "1.00x", ""),
        ("query p50 / p95, 10 segments", "%.1f / %.1f ms" % lat_ten,
         "%.2fx / %.2fx" % (lat_ten[0] / lat_one[0], lat_ten[1] / lat_one[1]), "at most 1.3x"),
        ("query p50 / p95, after --optimize (%d segments before)" % segs_before,
         "%.1f / %.1f ms" % lat_opt,
         "%.2fx / %.2fx" % (lat_opt[0] / lat_one[0], lat_opt[1] / lat_one[1]), "1x"),
    ]
    out = ["# Incremental updates (%d MiB generated corpus, seed %d)" % (a.size, a.seed), "",
           "Whole-process wall time, best of %d; queries: bench/queries.txt, best of 5 each."
           % a.runs, "", "| measure | time | vs reference | goal |", "|---|---|---|---|"]
    out += ["| %s | %s | %s | %s |" % r for r in rows]
    with open(os.path.join(HERE, "RESULTS-incremental.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
