#!/usr/bin/env python3
"""incremental.py: what updates cost (issue 10), for `make bench`.

usage: incremental.py --build BUILD_DIR [--size MIB] [--seed N] [--runs N]
                      [--repeat N] [--work DIR]

On a generated corpus of SIZE MiB, measures whole-process wall time of:
  - a full build (unindex --rebuild), the reference;
  - adding one resolution to the index (goal: under 2% of the build);
  - a refresh with nothing changed (goal: under 5% of the build);
and query latency over queries sampled from the corpus
(bench/sample_queries.py, as bench.py does) on the corpus as one segment,
spread over 10 segments (the folders dealt into ten groups, each added by
its own `unindex --no-merge` run: one index of ten segments, as ten updates
leave it before the merge policy folds them), and after --optimize of that
index. Latency is taken in process as bench.py takes it
(bench.unsearch_latency: start-up and opening cancel out), and also whole
process (best of 3 runs of each query, opening included). Every ratio
compares figures of this one run. Writes the section "Incremental updates"
of bench/RESULTS.md (replacing an earlier one). Its files go under
--work (default bench/work/incremental), which it empties first.
"""
import argparse
import os
import shutil
import subprocess

import bench

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work", "incremental")
RESULTS = os.path.join(HERE, "RESULTS.md")
SECTION = "## Incremental updates"


def timed(cmd, ok=(0,)):
    """(wall s, CPU s) of one run of cmd (exit status in ok)."""
    dt, cpu, _, _ = bench.run_cpu(cmd, ok)
    return dt, cpu


def best(cmd, runs, before=None, ok=(0,)):
    """The least wall time and the least CPU time of runs runs."""
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(timed(cmd, ok))
    return min(t[0] for t in times), min(t[1] for t in times)


def latencies(unsearch, setups, queries, repeat):
    """Per setup (its index arguments), [in process, whole process], each
    ((p50, p95) wall, (p50, p95) CPU) in ms. In process is
    bench.unsearch_latency; whole process the best of 3 runs of each query
    (which may find nothing: exit 1, as grep). The setups take turns query
    by query, so that a change in the machine's load falls on all alike."""
    raw = [[[], [], [], []] for _ in setups]  # in wall, in CPU, whole wall, whole CPU
    for q in queries:
        for (_, args), r in zip(setups, raw):
            x = bench.unsearch_latency(unsearch, args, [q], repeat)[0]
            r[0].append(x["us"] / 1000)
            r[1].append(x["cpu_us"] / 1000)
            w, c = best([unsearch, *args, "-n", "10", "--json", "--", q[1]], 3, ok=(0, 1))
            r[2].append(w * 1000)
            r[3].append(c * 1000)

    def p(v):
        return bench.pct(v, 50), bench.pct(v, 95)
    return [[(p(r[0]), p(r[1])), (p(r[2]), p(r[3]))] for r in raw]


def write_section(lines):
    """Put lines as the section SECTION of RESULTS.md, replacing an old one."""
    text = open(RESULTS, encoding="utf-8").read() if os.path.exists(RESULTS) else ""
    at = text.find(SECTION)
    if at >= 0:
        end = text.find("\n## ", at + len(SECTION))
        tail = text[end + 1:] if end >= 0 else ""
        text = text[:at] + tail
    text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    with open(RESULTS, "w", encoding="utf-8") as f:
        f.write(text.lstrip("\n"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--work", default=WORK)
    a = ap.parse_args()
    work = a.work
    bench.WORK = work  # where bench.py's helpers write their batch files
    bindir = os.path.join(a.build, "bin")
    unindex, unsearch = os.path.join(bindir, "unindex"), os.path.join(bindir, "unsearch")
    load_start = os.getloadavg()[0]
    shutil.rmtree(work, ignore_errors=True)
    corpus, extra = os.path.join(work, "corpus"), os.path.join(work, "extra")
    subprocess.run([os.path.join(bindir, "gencorpus"), "-o", corpus, "-s", str(a.seed),
                    "-m", str(a.size)], check=True, stdout=subprocess.DEVNULL)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs)
    os.makedirs(extra)
    one = os.path.join(extra, os.path.basename(files[-1]))
    os.rename(files[-1], one)
    ix, base = os.path.join(work, "ix"), os.path.join(work, "ix-base")
    export, qfile = os.path.join(work, "export.jsonl"), os.path.join(work, "queries.txt")

    subprocess.run([unindex, "-q", "-i", ix, "--export", export, corpus], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["python3", bench.SAMPLER, export, str(a.seed), qfile], check=True)
    queries = bench.read_queries(qfile)
    rebuild = best([unindex, "-q", "--rebuild", "-i", ix, corpus], a.runs)
    shutil.copytree(ix, base)
    refresh = best([unindex, "-q", "-i", ix], a.runs)

    def reset():
        shutil.rmtree(ix)
        shutil.copytree(base, ix)
    add_one = best([unindex, "-q", "-i", ix, one], a.runs, reset)

    # Ten segments: the folders dealt into ten groups, each added to one
    # index by its own update; --no-merge keeps the merge policy from
    # folding eight of them into one, as it would after the eighth.
    dirs = sorted(os.listdir(corpus))
    ten, upd = os.path.join(work, "ten"), os.path.join(work, "updated")
    for k in range(10):
        g = os.path.join(work, "group%d" % k)
        os.makedirs(g)
        for d in dirs[k::10]:
            os.symlink(os.path.join(corpus, d), os.path.join(g, d))
        subprocess.run([unindex, "-q", "--no-merge", "-i", ten, g], check=True,
                       stdout=subprocess.DEVNULL)
    n_segs = len([f for f in os.listdir(ten) if f.endswith(".uns")])
    # The same index, optimized.
    shutil.copytree(ten, upd)
    subprocess.run([unindex, "-q", "-i", upd, "--optimize"], check=True, stdout=subprocess.DEVNULL)

    setups = [("1 segment", ["-i", base]),
              ("%d segments" % n_segs, ["-i", ten]),
              ("after --optimize", ["-i", upd])]
    lat = latencies(unsearch, setups, queries, a.repeat)
    inproc, whole = [x[0] for x in lat], [x[1] for x in lat]
    load_end = os.getloadavg()[0]

    def share(x):
        return "%.1f%% / %.1f%%" % (100 * x[0] / rebuild[0], 100 * x[1] / rebuild[1])

    def secs(x):
        return "%.3f / %.3f s" % x

    def vs(x, ref):
        return " / ".join("%.2fx" % (a / b) if b else "-" for a, b in zip(x, ref))
    goals = ["", "at most 1.3x", "1x"]
    rows = [
        ("full build (--rebuild), wall / CPU", secs(rebuild), "reference", ""),
        ("add 1 resolution, wall / CPU", secs(add_one), share(add_one), "under 2%"),
        ("refresh, nothing changed, wall / CPU", secs(refresh), share(refresh), "under 5%"),
    ]
    for kind, lat in (("in process", inproc), ("whole process", whole)):
        for clock, c in (("wall", 0), ("CPU", 1)):
            for (name, _), x, goal in zip(setups, lat, goals):
                rows.append(("query p50 / p95 %s %s, %s" % (kind, clock, name),
                             "%.2f / %.2f ms" % x[c], vs(x[c], lat[0][c]), goal))
    out = [SECTION, "",
           "%d MiB generated corpus (seed %d), `bench/incremental.py`. unindex: whole "
           "process, best of %d, wall and CPU (user + system) time. Queries: %d sampled "
           "from the corpus (bench/sample_queries.py); in process as the latency above "
           "(start-up and opening cancel out), whole process the best of 3 runs of each. "
           "Ten segments: the corpus's folders dealt into ten groups, each added to one "
           "index by its own `unindex --no-merge` run. "
           "The machine was shared with other jobs (load average %.1f at the start, %.1f "
           "at the end), which disturbs wall time most: compare the ratios, all measured "
           "in this one run, and CPU time first."
           % (a.size, a.seed, a.runs, len(queries), load_start, load_end), "",
           "| measure | time | vs reference | goal |", "|---|---|---|---|"]
    out += ["| %s | %s | %s | %s |" % r for r in rows]
    write_section(out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
