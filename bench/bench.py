#!/usr/bin/env python3
"""bench.py: runs the unsearch benchmark against Xapian, SQLite FTS5 and rg.

Called by `make bench` (bench/bench.mk) once the binaries and the peer drivers
are built. For every corpus (gencorpus at each size, plus corpus/) it measures
indexing throughput and peak RSS, index size, in-process query latency over
a query set sampled from the corpus and whole-process query time
(hyperfine), then writes
bench/RESULTS.md, bench/latency.png and bench/indexing.png. Corpora, exports,
indexes and raw measurements live in bench/work/.

The query set of each corpus is drawn from that corpus by
bench/sample_queries.py (seeded with --seed), in classes (rare, mid and
common words, ANDs and phrases from real paragraphs, OR, NOT, prefixes);
latency is reported per class.
"""
import argparse
import datetime
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORK = os.path.join(BENCH, "work")
SAMPLER = os.path.join(BENCH, "sample_queries.py")
PHRASE = "creación de capacidad"
HF_ROUNDS = 3  # hyperfine rounds; the figure is the median of their medians
# In-process latency rounds, the engines taking turns; a query's figure is
# the median of its rounds (median_rounds).
LAT_ROUNDS = 3
CLASSES = ("rare", "mid", "common", "and2", "and3", "phrase", "or", "not", "prefix")
# The classes measured again with unsearch --strict (see Bench.measure).
STRICT_CLASSES = ("and2", "and3")
# Indexing rounds in which Xapian is timed (see Bench.index_all).
INDEX_XAPIAN_RUNS = 3
ENGINES = ("unsearch", "xapian", "fts5")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def run_cpu(cmd, ok=(0,), out_path=None):
    """Runs cmd; returns (wall seconds, user+system CPU seconds, stdout,
    stderr). Commands run one at a time, so the growth of RUSAGE_CHILDREN is
    this child's CPU time, which a loaded machine disturbs less than wall
    time. With out_path, stdout goes to that file rather than to a pipe
    (and is read back from it afterwards)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    if out_path:
        with open(out_path, "wb") as out:
            p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
    else:
        p = subprocess.run(cmd, capture_output=True)
    dt = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in ok:
        sys.exit("bench: %s failed (%d):\n%s" % (" ".join(cmd), p.returncode,
                                                  p.stderr.decode(errors="replace")[-2000:]))
    cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
    if out_path:
        with open(out_path, "rb") as out:
            return dt, cpu, out.read().decode(), p.stderr.decode()
    return dt, cpu, p.stdout.decode(), p.stderr.decode()


def run(cmd):
    """Runs cmd; returns (wall seconds, stdout, stderr)."""
    dt, _, out, err = run_cpu(cmd)
    return dt, out, err


def timed(cmd):
    """Runs cmd under /usr/bin/time -v: (wall s, CPU s, peak RSS bytes)."""
    dt, cpu, _, err = run_cpu(["/usr/bin/time", "-v"] + cmd)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    return dt, cpu, int(m.group(1)) * 1024 if m else 0


def tree_bytes(path, suffix=""):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            if f.endswith(suffix):
                total += os.path.getsize(os.path.join(d, f))
    return total


def read_queries(path):
    """[(class, query)] from a file written by sample_queries.py."""
    out, cls = [], "?"
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"# class: (\w+)", line)
            if m:
                cls = m.group(1)
            elif line.strip() and not line.startswith("#"):
                out.append((cls, line))
    return out


def pct(values, p):
    """Percentile by linear interpolation between closest ranks."""
    v = sorted(values)
    if len(v) == 1:
        return v[0]
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def class_stats(runs, cls):
    """{engine: p50, p95 and count of the per-query figures of class cls} of
    runs ({engine: latency results})."""
    c = {}
    for eng, res in runs.items():
        us = [x["us"] for x in res if x["class"] == cls]
        if us:
            c[eng] = {"p50": pct(us, 50), "p95": pct(us, 95), "n": len(us)}
    return c


def unsearch_batch(unsearch, index_args, q, n, keep=False):
    """One unsearch process answering q n times (--batch): (wall s, CPU s,
    stdout, "" unless keep). The output goes to /dev/null, as hyperfine
    sends a command's (the whole-process figures): every hit's JSON is
    still made and written, but not copied into the page cache of a file,
    which on this machine cost a query more than its highlighting (see
    METHOD); through a pipe, this script's reading of it was most of a rare
    word's wall time. Neither is counted by the drivers' in-process clocks,
    whose engines print nothing. With keep, it goes to a file and is read
    back (for the hit count, untimed)."""
    path = os.path.join(WORK, "batch.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write((q + "\n") * n)
    # Exit status 1 means no hits, as with grep.
    dt, cpu, out, _ = run_cpu([unsearch, *index_args, "--batch", path], ok=(0, 1),
                              out_path=os.path.join(WORK, "batch.out") if keep else os.devnull)
    return dt, cpu, out


# A batch's R copies of a query take about BATCH_SECONDS, within
# [20, BATCH_MAX]: the two processes' start-up (3-4 ms at 100 MiB) varies by
# a few tenths of a millisecond from run to run, which R = 200 copies of a
# 10 us query (2 ms) did not drown: one query's figure moved by 20% from
# run to run, and the --strict rows at 100 MiB between 0.30x and 0.42x.
BATCH_SECONDS = 0.25
BATCH_MAX = 2000


def unsearch_latency(unsearch, index_args, queries, repeat):
    """Per query: (wall(1 + R copies) - wall(1 copy)) / R, one process
    each, so start-up and index opening cancel out; R is sized so that a
    query gets about BATCH_SECONDS (between 20 and BATCH_MAX, and at least
    repeat). index_args name the index (-i DIR, repeated for several)."""
    res = []
    for cls, q in queries:
        small, small_cpu = [], []
        for _ in range(3):
            dt, cpu, _ = unsearch_batch(unsearch, index_args, q, 1)
            small.append(dt)
            small_cpu.append(cpu)
        out = unsearch_batch(unsearch, index_args, q, 1, keep=True)[2]
        hits = len([l for l in out.splitlines() if l.strip()])
        base, base_cpu = statistics.median(small), statistics.median(small_cpu)
        probe, _, _ = unsearch_batch(unsearch, index_args, q, 21)
        est = max((probe - base) / 20, 1e-6)
        reps = int(min(max(repeat, BATCH_MAX), max(20, BATCH_SECONDS / est)))
        big, big_cpu, _ = unsearch_batch(unsearch, index_args, q, reps + 1)
        res.append({"query": q, "class": cls, "us": max(big - base, 0) / reps * 1e6,
                    "cpu_us": max(big_cpu - base_cpu, 0) / reps * 1e6,
                    "hits": hits, "reps": reps})
    return res


def median_rounds(rounds):
    """One latency list from several rounds of the same queries: each
    query's wall and CPU times the median of its rounds'. One round's figure
    for a 10 us query moved by 2x when something else ran during its
    batch (nabodeura at 10 MiB: 9.9 us in one run, 20.8 in the next)."""
    out = []
    for per_query in zip(*rounds):
        x = dict(per_query[0])
        x["us"] = statistics.median(p["us"] for p in per_query)
        x["cpu_us"] = statistics.median(p["cpu_us"] for p in per_query)
        out.append(x)
    return out


class Bench:
    def __init__(self, args):
        self.a = args
        # Private copies: a rebuild during the run must not swap binaries.
        b = os.path.join(ROOT, args.build)
        bindir = os.path.join(WORK, "bin")
        os.makedirs(bindir, exist_ok=True)
        for sub, name in (("bin", "unindex"), ("bin", "unsearch"), ("bin", "gencorpus"),
                          ("bench", "xapian_driver"), ("bench", "fts5_driver")):
            shutil.copy2(os.path.join(b, sub, name), os.path.join(bindir, name))
            setattr(self, name.replace("_driver", ""), os.path.join(bindir, name))

    # -- corpora ---------------------------------------------------------
    def corpus(self, size):
        if size == "real":
            return os.path.join(ROOT, "corpus")
        d = os.path.join(WORK, "gen-s%d-%sM" % (self.a.seed, size))
        stamp = d + ".ok"
        if not os.path.exists(stamp):
            shutil.rmtree(d, ignore_errors=True)
            log("generating %s MiB (seed %d)" % (size, self.a.seed))
            run([self.gencorpus, "-o", d, "-s", str(self.a.seed), "-m", str(size)])
            open(stamp, "w").close()
        return d

    # -- indexing --------------------------------------------------------
    def index_all(self, name, cdir, r):
        w = os.path.join(WORK, name)
        os.makedirs(w, exist_ok=True)
        idx, export = os.path.join(w, "unsearch-index"), os.path.join(w, "export.jsonl")
        xdb, fdb = os.path.join(w, "xapian-db"), os.path.join(w, "fts5.db")
        r["corpus_bytes"] = tree_bytes(cdir, ".txt")
        r["files"] = sum(1 for d, _, fs in os.walk(cdir) for f in fs if f.endswith(".txt"))
        # The export feeds the peers; this run also warms the page cache.
        shutil.rmtree(idx, ignore_errors=True)
        _, out, _ = run([self.unindex, "-q", "-o", idx, "--export", export, cdir])
        r["unindex_summary"] = out.strip()
        r["clauses"] = sum(1 for _ in open(export, encoding="utf-8"))
        cmds = {
            "unsearch": ([self.unindex, "-q", "-o", idx, cdir], idx),
            "xapian": ([self.xapian, "index", export, xdb], xdb),
            "fts5": ([self.fts5, "index", export, fdb], fdb),
        }
        # Each engine is timed in turns with the others, a round at a time
        # in an order that rotates, so that the host's load, which moves a
        # build's time by 10-20% over minutes on this machine, falls on all
        # of them alike; unsearch and FTS5 first run once untimed (as
        # hyperfine's --warmup): in the five runs of 2026-12-05 unindex's
        # first timed run was its slowest each time, and Xapian's first
        # was its slowest in every run of that day. Xapian, whose builds
        # take 8-90 s and whose figure no goal compares, is timed in the
        # first INDEX_XAPIAN_RUNS rounds without a warm-up.
        times = {eng: ([], [], []) for eng in cmds}
        for rnd in range(-1, self.a.runs):
            order = list(cmds)
            order = order[rnd % len(order):] + order[:rnd % len(order)]
            for eng in order:
                cmd, out_path = cmds[eng]
                if eng == "xapian" and not 0 <= rnd < INDEX_XAPIAN_RUNS:
                    continue
                if eng == "unsearch":
                    shutil.rmtree(idx, ignore_errors=True)
                # The writeback of what came before (the export, the last
                # run's index) is not this run's.
                os.sync()
                dt, cpu, m = timed(cmd)
                if rnd >= 0:
                    for v, x in zip(times[eng], (dt, cpu, m)):
                        v.append(x)
        for eng, (walls, cpus, rss) in times.items():
            out_path = cmds[eng][1]
            wall = statistics.median(walls)
            r[eng] = {
                "index_seconds": wall,
                "index_seconds_all": walls,
                "index_cpu": statistics.median(cpus),
                "mbps": r["corpus_bytes"] / 1e6 / wall,
                "mbps_cpu": r["corpus_bytes"] / 1e6 / statistics.median(cpus),
                "rss": statistics.median(rss),
                "index_bytes": tree_bytes(out_path),
            }
            log("%s: %s indexed in %.2f s (%.1f MB/s)" % (name, eng, wall, r[eng]["mbps"]))
        # Size splits: unsearch from --check, Xapian per table, FTS5 per b-tree.
        # Xapian compacted, as a user would ship it (xapian-compact).
        xc = xdb + "-compact"
        shutil.rmtree(xc, ignore_errors=True)
        run(["xapian-compact", xdb, xc])
        r["xapian"]["compact_bytes"] = tree_bytes(xc)
        _, chk, _ = run([self.unindex, "--check", "-o", idx])
        sec = {m.group(1): int(m.group(2))
               for m in re.finditer(r"^\s+([A-Z_]+)\s+(\d+) bytes", chk, re.M)}
        u = r["unsearch"]
        u["sections"] = sec
        u["postings_positions"] = sec.get("POSTINGS", 0) + sec.get("POSITIONS", 0)
        u["text"] = sec.get("TEXT", 0) + sec.get("TEXT_INDEX", 0) + sec.get("TEXT_DICT", 0)
        u["dictionary"] = sum(sec.get(k, 0) for k in
                              ("TERMS", "TERMS_INDEX", "FOLDED", "FOLDED_INDEX", "KEYS", "KEYS_INDEX"))
        u["other"] = sum(sec.values()) - u["postings_positions"] - u["text"] - u["dictionary"]
        u["check"] = chk
        r["xapian"]["text"] = tree_bytes(os.path.join(xdb, "docdata.glass"))
        _, st, _ = run([self.fts5, "stats", fdb])
        tables = dict(l.split("\t") for l in st.splitlines())
        r["fts5"]["text"] = int(tables.get("t_content", 0))
        for eng in ENGINES:
            e = r[eng]
            e["notext_bytes"] = e["index_bytes"] - e["text"]
        return idx, xdb, fdb

    # -- in-process query latency ---------------------------------------
    def unsearch_latency(self, idx, queries, extra=()):
        return unsearch_latency(self.unsearch, ["-i", idx, *extra], queries, self.a.repeat)

    def driver_latency(self, driver, db, qfile, queries, *mode):
        _, out, _ = run([driver, "search", db, qfile, str(self.a.repeat), *mode])
        res = []
        for (cls, _), line in zip(queries, out.splitlines()):
            us, cpu, hits, q = line.split("\t", 3)
            res.append({"query": q, "class": cls, "us": float(us), "cpu_us": float(cpu),
                        "hits": int(hits)})
        return res

    # -- whole-process time ----------------------------------------------
    def hyperfine(self, name, cmds):
        """Median of HF_ROUNDS hyperfine medians of --hf-runs runs each."""
        js = os.path.join(WORK, name, "hyperfine.json")
        cmd = ["hyperfine", "-N", "-i", "--warmup", "3", "--runs", str(self.a.hf_runs),
               "--export-json", js]
        for label, c in cmds.items():
            cmd += ["-n", label, " ".join(shlex_quote(x) for x in c)]
        medians = {}
        for _ in range(HF_ROUNDS):
            run(cmd)
            with open(js) as f:
                data = json.load(f)
            for res in data["results"]:
                medians.setdefault(res["command"], []).append(res["median"])
        return {k: statistics.median(v) for k, v in medians.items()}

    def measure(self, size):
        name = "real" if size == "real" else "gen-%sM" % size
        cdir = self.corpus(size)
        r = {"name": name, "size": size}
        idx, xdb, fdb = self.index_all(name, cdir, r)
        # The indexes just written (Xapian's ~1.2 GB at 100 MiB) go to disk
        # now, not while queries are timed: the kernel's writeback during
        # the 100 MiB hyperfine rounds of one run made unsearch --version
        # take 1.93 ms against 1.27 ms at 10 MiB in the same run.
        os.sync()
        qfile = os.path.join(WORK, name, "queries.txt")
        run(["python3", SAMPLER, os.path.join(WORK, name, "export.jsonl"), str(self.a.seed), qfile])
        queries = read_queries(qfile)
        r["n_queries"] = len(queries)
        log("%s: query latency (%d sampled queries, %d rounds)"
            % (name, len(queries), LAT_ROUNDS))
        # unsearch fills an AND with fewer full matches than asked for with
        # partial matches (man/unsearch.1 RANKING); Xapian's and FTS5's AND
        # stop at the full ones. So the AND classes are measured twice:
        # unsearch's default against drivers that fill the same way
        # ("fill": the words' OR after the AND), and --strict against the
        # drivers' plain AND.
        strict = [(c, q) for c, q in queries if c in STRICT_CLASSES]
        sfile = os.path.join(WORK, name, "queries-and.txt")
        with open(sfile, "w", encoding="utf-8") as f:
            f.write("".join(q + "\n" for _, q in strict))
        measures = {
            "unsearch": lambda: self.unsearch_latency(idx, queries),
            "xapian": lambda: self.driver_latency(self.xapian, xdb, qfile, queries),
            "fts5": lambda: self.driver_latency(self.fts5, fdb, qfile, queries),
            "unsearch-strict": lambda: self.unsearch_latency(idx, strict, ("--strict",)),
            "xapian-fill": lambda: self.driver_latency(self.xapian, xdb, sfile, strict, "fill"),
            "fts5-fill": lambda: self.driver_latency(self.fts5, fdb, sfile, strict, "fill"),
        }
        rounds = {k: [] for k in measures}
        for _ in range(LAT_ROUNDS):
            for k, m in measures.items():
                rounds[k].append(m())
        lat = {k: median_rounds(v) for k, v in rounds.items()}
        r["latency"] = lat
        r["classes"] = {}
        for cls in CLASSES:
            runs = {e: lat[e] for e in ENGINES}
            if cls not in STRICT_CLASSES:
                rows = {cls: runs}
            else:
                rows = {cls: dict(runs, xapian=lat["xapian-fill"], fts5=lat["fts5-fill"]),
                        cls + " --strict": dict(runs, unsearch=lat["unsearch-strict"])}
            for row, row_runs in rows.items():
                c = class_stats(row_runs, cls)
                if c:
                    r["classes"][row] = c
        for eng in ENGINES:
            us = [x["us"] for x in lat[eng]]
            cpu = [x["cpu_us"] for x in lat[eng]]
            r[eng].update(p50=pct(us, 50), p95=pct(us, 95), p99=pct(us, 99), max=max(us),
                          cpu_p50=pct(cpu, 50), cpu_p95=pct(cpu, 95), cpu_max=max(cpu))
        q1 = os.path.join(WORK, name, "q1.txt")
        with open(q1, "w", encoding="utf-8") as f:
            f.write('"%s"\n' % PHRASE)
        # The first sampled two-word AND, for the whole-process AND figure.
        and2 = next((q for c, q in queries if c == "and2"), "derechos humanos")
        r["and2_query"] = and2
        q2 = os.path.join(WORK, name, "q2.txt")
        with open(q2, "w", encoding="utf-8") as f:
            f.write(and2 + "\n")
        log("%s: whole-process time (hyperfine)" % name)
        hf = self.hyperfine(name, {
            "unsearch": [self.unsearch, "-i", idx, '"%s"' % PHRASE],
            "xapian": [self.xapian, "search", xdb, q1, "0"],
            "fts5": [self.fts5, "search", fdb, q1, "0"],
            "rg": ["rg", "-i", "-F", "-c", PHRASE, cdir],
            "unsearch-and": [self.unsearch, "-i", idx] + and2.split(),
            "xapian-and": [self.xapian, "search", xdb, q2, "0", "fill"],
            "fts5-and": [self.fts5, "search", fdb, q2, "0", "fill"],
            "true": ["/bin/true"],
            "unsearch-version": [self.unsearch, "--version"],
        })
        r["process"] = hf
        return r


def shlex_quote(s):
    if re.fullmatch(r"[\w@%+=:,./-]+", s):
        return s
    return "'" + s.replace("'", "'\"'\"'") + "'"


# -- report ---------------------------------------------------------------
def mb(n):
    return "%.1f MB" % (n / 1e6) if n >= 1e5 else "%.0f kB" % (n / 1e3)


def ratio(a, b):
    return "%.2f" % (a / b) if b else "-"


def ms(us):
    return "%.3f" % (us / 1000)


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "%d CPUs (nproc), %s, %.0f GiB RAM" % (os.cpu_count(), model, mem)


def versions():
    out = []
    for cmd in (["xapian-config", "--version"], ["sqlite3", "--version"], ["rg", "--version"],
                ["hyperfine", "--version"]):
        try:
            out.append(subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0])
        except (OSError, IndexError):
            pass
    return "; ".join(o.split(" (")[0].replace("xapian-config - ", "") if o[0].isalpha()
                     else "sqlite " + o.split()[0] for o in out)


def targets(r):
    """The issue's goals (issue 12), each as (text, met)."""
    u, f = r["unsearch"], r["fts5"]
    cb = r["corpus_bytes"]
    hf = r["process"]
    out = [
        ("indexing >= 2x FTS5 (%.1f vs %.1f MB/s)" % (u["mbps"], f["mbps"]), u["mbps"] >= 2 * f["mbps"]),
        ("index with text <= 60%% of corpus (%.0f%%)" % (100 * u["index_bytes"] / cb),
         u["index_bytes"] <= 0.60 * cb),
    ]
    for cls, c in r.get("classes", {}).items():
        cu, cx = c.get("unsearch"), c.get("xapian")
        if cu and cx:
            out.append(("%s: p50 <= 1/3 and p95 <= 1/2 of Xapian's (ratios %s, %s)"
                        % (cls, ratio(cu["p50"], cx["p50"]), ratio(cu["p95"], cx["p95"])),
                        cu["p50"] * 3 <= cx["p50"] and cu["p95"] * 2 <= cx["p95"]))
    out.append(("whole process, phrase: <= 1/2 of Xapian's driver (%s vs %s ms)"
                % (ms(hf["unsearch"] * 1e6), ms(hf["xapian"] * 1e6)),
                hf["unsearch"] * 2 <= hf["xapian"]))
    if "unsearch-and" in hf:
        out.append(("whole process, two-word AND: <= 1/2 of Xapian's driver (%s vs %s ms)"
                    % (ms(hf["unsearch-and"] * 1e6), ms(hf["xapian-and"] * 1e6)),
                    hf["unsearch-and"] * 2 <= hf["xapian-and"]))
    if "unsearch-version" in hf:
        out.append(("start-up: `unsearch --version` within 1 ms of /bin/true (%s vs %s ms)"
                    % (ms(hf["unsearch-version"] * 1e6), ms(hf["true"] * 1e6)),
                    hf["unsearch-version"] - hf["true"] <= 0.001))
    return out


def report(results, args):
    L = []
    L.append("# unsearch benchmark results\n")
    L.append("Written by `make bench` (bench/bench.py); do not edit by hand.\n")
    L.append("- date: %s" % getattr(args, "date", datetime.datetime.now().strftime("%Y-%m-%d %H:%M")))
    L.append("- machine: %s" % machine())
    L.append("- load average (1 min) at start / end: %s / %s; other work on the machine "
             "inflates wall times, CPU-time rows are less affected"
             % (args.load_start, getattr(args, "load_end", "?")))
    L.append("- peers: %s" % versions())
    L.append("- corpora: `gencorpus -s %d -m SIZE` for SIZE in %s MiB, and corpus/; "
             "%d queries per corpus sampled from it by bench/sample_queries.py; "
             "indexing median of %d runs"
             % (args.seed, args.sizes, results[0].get("n_queries", 0), args.runs))
    L.append("")
    L.append("![query latency](latency.png) ![indexing throughput](indexing.png)\n")
    for r in results:
        u, x, f = r["unsearch"], r["xapian"], r["fts5"]
        cb = r["corpus_bytes"]
        title = "corpus/" if r["size"] == "real" else "generated, %s MiB" % r["size"]
        L.append("## %s: %s in %d files, %d clauses\n" % (title, mb(cb), r["files"], r["clauses"]))
        L.append("| figure | unsearch | Xapian | FTS5 | unsearch/Xapian | unsearch/FTS5 |")
        L.append("|---|---:|---:|---:|---:|---:|")

        def row(label, key, fmt, lower_better=True):
            vals = [fmt(e[key]) for e in (u, x, f)]
            L.append("| %s | %s | %s | %s | %s | %s |" % (label, *vals, ratio(u[key], x[key]),
                                                          ratio(u[key], f[key])))
        row("indexing MB/s", "mbps", lambda v: "%.1f" % v)
        row("indexing wall s", "index_seconds", lambda v: "%.2f" % v)
        row("indexing CPU s (user+sys)", "index_cpu", lambda v: "%.2f" % v)
        row("indexing MB per CPU second", "mbps_cpu", lambda v: "%.1f" % v)
        row("indexing peak RSS", "rss", mb)
        row("index bytes", "index_bytes", mb)
        if "compact_bytes" in x:
            L.append("| index bytes, Xapian after xapian-compact | | %s | | %s | |"
                     % (mb(x["compact_bytes"]), ratio(u["index_bytes"], x["compact_bytes"])))
        for e in (u, x, f):
            e["size_pct"] = 100.0 * e["index_bytes"] / cb
            e["notext_pct"] = 100.0 * e["notext_bytes"] / cb
        row("index / corpus %", "size_pct", lambda v: "%.0f" % v)
        row("index without stored text / corpus %", "notext_pct", lambda v: "%.0f" % v)
        row("query p50 ms", "p50", ms)
        row("query p95 ms", "p95", ms)
        row("query p99 ms", "p99", ms)
        row("query max ms", "max", ms)
        row("query p50 ms, CPU time", "cpu_p50", ms)
        row("query p95 ms, CPU time", "cpu_p95", ms)
        row("query max ms, CPU time", "cpu_max", ms)
        hf = r["process"]
        L.append("| one query, whole process ms (hyperfine median) | %s | %s | %s | %s | %s |"
                 % (ms(hf["unsearch"] * 1e6), ms(hf["xapian"] * 1e6), ms(hf["fts5"] * 1e6),
                    ratio(hf["unsearch"], hf["xapian"]), ratio(hf["unsearch"], hf["fts5"])))
        if "unsearch-and" in hf:
            L.append("| two-word AND `%s`, whole process ms | %s | %s | %s | %s | %s |"
                     % (r["and2_query"], ms(hf["unsearch-and"] * 1e6), ms(hf["xapian-and"] * 1e6),
                        ms(hf["fts5-and"] * 1e6), ratio(hf["unsearch-and"], hf["xapian-and"]),
                        ratio(hf["unsearch-and"], hf["fts5-and"])))
        L.append("")
        if r.get("classes"):
            L.append("In-process latency per query class (ms; p50 and p95 of the class's "
                     "per-query figures):\n")
            L.append("| class | queries | unsearch p50 | Xapian p50 | FTS5 p50 | unsearch p95 "
                     "| Xapian p95 | FTS5 p95 | u/X p50 | u/X p95 |")
            L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for cls, c in r["classes"].items():
                cu, cx, cf = c["unsearch"], c["xapian"], c["fts5"]
                L.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |"
                         % (cls, cu["n"], ms(cu["p50"]), ms(cx["p50"]), ms(cf["p50"]),
                            ms(cu["p95"]), ms(cx["p95"]), ms(cf["p95"]),
                            ratio(cu["p50"], cx["p50"]), ratio(cu["p95"], cx["p95"])))
            L.append("")
        if "unsearch-version" in hf:
            L.append("Start-up: `unsearch --version` %s ms, `/bin/true` %s ms (hyperfine).\n"
                     % (ms(hf["unsearch-version"] * 1e6), ms(hf["true"] * 1e6)))
        L.append("ripgrep without an index (`rg -i -F -c '%s' DIR`): %s ms; unsearch/rg = %s.\n"
                 % (PHRASE, ms(hf["rg"] * 1e6), ratio(hf["unsearch"], hf["rg"])))
        L.append("unsearch index split: postings+positions %s (%.0f%%), stored text %s (%.0f%%), "
                 "dictionary+lexicon %s (%.0f%%), other (clauses, docs, strings) %s (%.0f%%) "
                 "of corpus bytes. `unindex`: %s\n"
                 % (mb(u["postings_positions"]), 100 * u["postings_positions"] / cb,
                    mb(u["text"]), 100 * u["text"] / cb, mb(u["dictionary"]), 100 * u["dictionary"] / cb,
                    mb(u["other"]), 100 * u["other"] / cb, r["unindex_summary"]))
        L.append("Targets (the issue states them for 100 MB):\n")
        for text, met in targets(r):
            L.append("- [%s] %s" % ("x" if met else " ", text))
        L.append("")
    # Every generated size's queries, smallest first: the class
    # percentiles above are of six queries each, and which of them a p95
    # is (and how many hits it printed) tells why a class loses.
    for r in sorted((r for r in results if r["size"] != "real"), key=lambda r: r["corpus_bytes"]):
        L.append("## Per query, %s\n" % r["name"])
        L.append("Mean in-process microseconds per query, and hits returned (at most 10).\n")
        L.append("| class | query | unsearch µs | Xapian µs | FTS5 µs | hits u/X/F |")
        L.append("|---|---|---:|---:|---:|---|")
        lat = r["latency"]
        # The AND classes' default rows against the peers' fill, their
        # --strict rows against the peers' plain AND (see Method).
        fill = zip(lat["xapian-fill"], lat["fts5-fill"])
        strict = []
        for i, q in enumerate(lat["unsearch"]):
            xq, fq = lat["xapian"][i], lat["fts5"][i]
            label = q.get("class", "?")
            if label in STRICT_CLASSES:
                strict.append((label + " --strict", q["query"], xq, fq))
                xq, fq = next(fill)
            L.append("| %s | `%s` | %.1f | %.1f | %.1f | %d/%d/%d |"
                     % (label, q["query"], q["us"], xq["us"], fq["us"],
                        q["hits"], xq["hits"], fq["hits"]))
        for (label, query, xq, fq), sq in zip(strict, lat["unsearch-strict"]):
            L.append("| %s | `%s` | %.1f | %.1f | %.1f | %d/%d/%d |"
                     % (label, query, sq["us"], xq["us"], fq["us"],
                        sq["hits"], xq["hits"], fq["hits"]))
        L.append("")
    L.append(METHOD)
    # The web server's section (bench/serve_load.py, make bench-serve) and
    # the updates' (bench/incremental.py, which make bench runs next and
    # which replaces its own) are measured apart: kept, each up to the next
    # section, so that --report-only loses neither.
    path, kept = os.path.join(BENCH, "RESULTS.md"), []
    if os.path.exists(path):
        old = open(path, encoding="utf-8").read()
        for heading in ("## Web server under load", "## Incremental updates"):
            at = old.find(heading)
            if at >= 0:
                end = old.find("\n## ", at + 1)
                kept.append(old[at:end + 1 if end >= 0 else len(old)].rstrip("\n"))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n\n".join(["\n".join(L)] + kept) + "\n")


METHOD = """## Method

- **Input.** unsearch indexes the corpus folder. The peers index the clauses
  that `unindex --export` writes (one JSON object per clause), so all three
  index the same units; their time excludes parsing the resolution files,
  which unsearch's includes. A first untimed `unindex` run writes the export
  and warms the page cache; every timed run reads from the cache.
- **Indexing.** Wall time of the whole process (corpus bytes / seconds;
  MB = 10^6 bytes) and peak RSS from `/usr/bin/time -v`; median of the runs
  (`--runs`, 5 by default; 3 before 2026-12-05). The engines take turns, a
  round at a time in a rotating order, after one untimed run each of
  unsearch and FTS5 (since 2026-12-05: each engine's runs had been timed
  one after the other, and in that day's five benchmarks unindex's first
  timed run was its slowest every time, Xapian's too). Xapian is timed
  in the first three rounds only, without a warm-up: its builds take
  8-90 s.
  Each run starts after a sync (since 2026-12-03: a run at 22:23 that day
  indexed 100 MiB in 3.1-3.4 s wall and 5.5 s of CPU, against 2.3 s and
  3.7 s for the same build alone a few minutes later; the untimed run
  before them writes the export, 100+ MB the kernel was likely still
  writing out).
  Xapian: `TermGenerator` with `Stem("spanish")`, positions on, clause text as
  document data, default flush threshold, no compaction. FTS5: one transaction,
  `journal_mode=OFF`, `synchronous=OFF`, `tokenize='unicode61 remove_diacritics 2'`
  (no stemmer), then `'optimize'` (included in the time).
- **Index size.** Bytes on disk after indexing. "Without stored text" takes
  off unsearch's TEXT, TEXT_INDEX and TEXT_DICT sections (`unindex --check`),
  Xapian's `docdata.glass` and FTS5's `t_content` b-tree (`dbstat`). Xapian
  is also measured after `xapian-compact`; FTS5's figure is after
  `'optimize'`.
- **Queries.** Drawn from each corpus's own clauses by
  `bench/sample_queries.py` with the benchmark's seed: rare (2-10 clauses),
  mid (0.2-1%) and common (3-20%) words, two and three words of one real
  paragraph (ANDed), quoted phrases of 2-3 consecutive words of a paragraph,
  two mid words ORed, a common word NOT a mid word, and 5-letter prefixes;
  six queries a class, stop words never drawn. The file is
  `bench/work/NAME/queries.txt`.
- **In-process latency.** unsearch's `--batch` prints no timings, so for each
  query unsearch runs `--batch` on a file with the query once and on a file
  with it 1+R times; (wall(1+R) - wall(1)) / R is the time of one query with
  process start and index opening cancelled out. It includes the JSON output
  with snippets and highlights of the 10 hits, written to /dev/null (as
  hyperfine sends a command's output for the whole-process figures). Until
  2026-12-03 it went to a pipe that this script read, and the script's
  reading was most of the time: a batch of 4000 of one rare word at 100 MiB
  took 17.5 us a query into a file, 18-19 us into a pipe read by `cat`,
  15 us into /dev/null and 128-141 us into Python's `subprocess` pipe.
  Until 2026-12-05 it went to a file on the disk, and the kernel's copying
  of the JSON into the file's page cache (fresh pages, dear on this virtual
  machine) was part of unsearch's figure and of no peer's: at 10 MiB,
  felitaoso 8.24 us a query into the file against 6.11 into /dev/null,
  cetamear 4.81 against 3.83, agenda niteante --strict 16.30 against
  14.07, colaboración fateismo --strict 17.42 against 14.72 (medians of
  three rounds, R = 2000). The hit count comes from one more untimed run
  into a file. R is
  sized to about a quarter of a second per query, between 20 and 2000 (or
  BENCH_REPEAT if larger); until 2026-12-03 it was at most BENCH_REPEAT
  (200), and ten runs of one two-word `--strict` query at 100 MiB then
  read 4.7-14.4 us, against 7.3-10.7 us with 2000. The drivers time each
  query in-process with a monotonic clock: one untimed run, then the mean
  of up to BENCH_REPEAT runs (at least 5, stopping after a second).
  Xapian: parse + `get_mset(0, 10)` + reading the docids; FTS5:
  `SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10`. Every
  engine's queries are timed in three rounds, the engines taking turns, and
  a query's figure is the median of its three (since 2026-12-03: one
  round's figure for a 10 us query at 10 MiB doubled when something else
  ran during its batch). p50/p95/p99 are percentiles of the per-query
  figures over the query set.
- **ANDs, two ways.** When fewer clauses than asked for hold every word of
  a query, unsearch follows them with the clauses that hold some of the
  words (partial matches, ranked by BM25 over the words they hold), so an
  AND of three words from one paragraph usually returns 10 hits where the
  peers' AND returns the one or two full matches. The rows `and2` and
  `and3` time unsearch's default against drivers that answer the same way
  (`search ... fill`: when the AND finds fewer than 10, the words joined by
  OR, ranked by BM25, fill the rest, skipping the full matches; Xapian
  parses the query again with OR as its default operator and asks
  `get_mset(0, 10 + full matches)`, FTS5 runs `"a" OR "b"` with `LIMIT
  10 + full matches`); `and2 --strict` and `and3 --strict` time the same
  queries with `--strict` against the drivers' plain AND (since 2026-12-04;
  before, both rows compared with the plain AND, which left the default
  rows comparing ten hits with one or two). The hits column of the
  per-query table shows the counts. The overall p50/p95/p99 rows use
  unsearch's default and the peers' plain queries; the whole-process
  two-word AND, the default and the fill.
- **CPU time.** The machine may be shared (see the load average above), so
  every timing is also taken as CPU time: user+system of the child processes
  for indexing and for unsearch's batches (the same difference method), and
  `CLOCK_PROCESS_CPUTIME_ID` in the drivers. The targets are judged on wall
  time, as the issue states them.
- **Query translation.** Xapian's `QueryParser` reads unsearch's syntax as is
  (FLAG_PHRASE, FLAG_BOOLEAN, FLAG_LOVEHATE, FLAG_WILDCARD, default AND,
  STEM_SOME). FTS5 gets every word quoted, prefixes as `"w"*`, phrases and OR
  unchanged, and `-w` as a trailing `NOT "w"`. unsearch drops Spanish stop
  words; the peers do not, so `creación de capacidad` unquoted also requires
  `de` there.
- **Whole process.** `hyperfine -N --warmup 3 --runs 30`, three times; the
  figure is the median of the three medians. Before any query of a corpus
  is timed, the indexes just written are synced to disk, so that the
  kernel's writeback does not run meanwhile. Commands: one phrase query
  (`"creación de capacidad"`, top 10) and the first sampled two-word AND by
  `unsearch` and by each driver (`search DB q.txt 0`: one cold run; for
  the AND, `search DB q.txt 0 fill`, as unsearch fills),
  `rg -i -F -c` over the folder, and `unsearch --version` against
  `/bin/true` for start-up.
"""


def plot(results):
    gen = [r for r in results if r["size"] != "real"]
    if not gen:
        return
    dat = os.path.join(WORK, "plot.dat")
    with open(dat, "w") as f:
        f.write("# MB unsearch_p50 xapian_p50 fts5_p50 unsearch_p95 xapian_p95 fts5_p95 "
                "unsearch_mbps xapian_mbps fts5_mbps\n")
        for r in sorted(gen, key=lambda r: r["corpus_bytes"]):
            vals = [r["corpus_bytes"] / 1e6]
            vals += [r[e]["p50"] / 1000 for e in ENGINES]
            vals += [r[e]["p95"] / 1000 for e in ENGINES]
            vals += [r[e]["mbps"] for e in ENGINES]
            f.write(" ".join("%.6g" % v for v in vals) + "\n")
    xr = "set xrange [%g:%g]\n" % (min(r["corpus_bytes"] for r in gen) / 1e6 * 0.7,
                                   max(r["corpus_bytes"] for r in gen) / 1e6 * 1.4)
    common = ("set terminal png size 800,500\nset logscale x\nset key top left\n"
              "set grid\nset xlabel 'corpus size (MB)'\n" + xr)
    gp = common + """set output '%s'
set logscale y
set ylabel 'in-process query latency (ms)'
set title 'query latency over the sampled queries (filled: p50, open: p95)'
plot '%s' u 1:2 w lp lw 2 lc 1 pt 7 t 'unsearch p50', \\
     '' u 1:3 w lp lw 2 lc 2 pt 5 t 'Xapian p50', \\
     '' u 1:4 w lp lw 2 lc 3 pt 9 t 'FTS5 p50', \\
     '' u 1:5 w lp lw 1 lc 1 pt 6 t 'unsearch p95', \\
     '' u 1:6 w lp lw 1 lc 2 pt 4 t 'Xapian p95', \\
     '' u 1:7 w lp lw 1 lc 3 pt 8 t 'FTS5 p95'
unset logscale y
set output '%s'
set yrange [0:*]
set ylabel 'indexing throughput (MB/s)'
set title 'indexing throughput (corpus bytes / wall seconds)'
plot '%s' u 1:8 w lp lw 2 lc 1 pt 7 t 'unsearch', \\
     '' u 1:9 w lp lw 2 lc 2 pt 5 t 'Xapian', \\
     '' u 1:10 w lp lw 2 lc 3 pt 9 t 'FTS5'
""" % (os.path.join(BENCH, "latency.png"), dat, os.path.join(BENCH, "indexing.png"), dat)
    p = subprocess.run(["gnuplot"], input=gp, text=True, capture_output=True)
    if p.returncode != 0:
        sys.exit("bench: gnuplot failed:\n" + p.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--sizes", default="10 100")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--hf-runs", type=int, default=30)
    ap.add_argument("--no-real", action="store_true", help="skip corpus/")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite RESULTS.md and the plots from bench/work/results.json")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    args.load_start = "%.2f" % os.getloadavg()[0]
    if args.report_only:
        with open(os.path.join(WORK, "results.json")) as f:
            saved = json.load(f)
        if isinstance(saved, list):     # older layout: results only
            saved = {"args": {}, "results": saved}
        for k, v in saved["args"].items():
            setattr(args, k, v)
        report(saved["results"], args)
        plot(saved["results"])
        return
    args.date = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    b = Bench(args)
    sizes = args.sizes.split() + ([] if args.no_real else ["real"])
    results = []
    for s in sizes:
        results.append(b.measure(s))
        with open(os.path.join(WORK, "results.json"), "w") as f:
            json.dump({"args": vars(args), "results": results}, f, indent=1, default=str)
    args.load_end = "%.2f" % os.getloadavg()[0]
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump({"args": vars(args), "results": results}, f, indent=1, default=str)
    report(results, args)
    plot(results)
    log("wrote bench/RESULTS.md, bench/latency.png, bench/indexing.png")


if __name__ == "__main__":
    main()
