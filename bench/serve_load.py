#!/usr/bin/env python3
"""serve_load.py --build DIR [--size MiB] [--clients N] [--queries N]:
the load test of `unsearch serve` (make bench-serve, not make check).

A corpus of --size MiB from gencorpus (the one bench.py generates, with the
same seed and folder, reused when present) is indexed with unindex; its
query set is drawn by sample_queries.py, as bench.py draws it. The server
runs on a free loopback port, and N clients (threads, each with one
keep-alive HTTP/1.1 connection) send --queries requests between them,
cycling through the query set: /api/search?q=QUERY&n=10. Twice: alone, and
while `unindex` updates the same index over and over (a file of the corpus
removed, then added back; each commit is picked up by the server as it
answers).

Reported per run: errors (any status but 200, or a broken answer),
queries per second, p50/p99 latency, the server's RSS after warm-up (the
first 10% of the queries) and at the end, and how many index commits the
server went through. The numbers go to bench/work/serve-results.json and to
the "Web server under load" section of bench/RESULTS.md (bench.py keeps it
when it rewrites the file). The machine may be shared: the load average is
recorded beside the numbers.
"""
import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORK = os.path.join(BENCH, "work")
SAMPLER = os.path.join(BENCH, "sample_queries.py")
SECTION = "## Web server under load"


def log(msg):
    print("bench-serve: " + msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def prepare(a):
    """The corpus, its index and its query set; returns (corpus, index, queries)."""
    corpus = os.path.join(WORK, "gen-s%d-%dM" % (a.seed, a.size))
    if not os.path.exists(corpus + ".ok"):
        shutil.rmtree(corpus, ignore_errors=True)
        log("generating %d MiB (seed %d)" % (a.size, a.seed))
        run([os.path.join(a.build, "bin", "gencorpus"), "-o", corpus, "-s", str(a.seed),
             "-m", str(a.size)])
        open(corpus + ".ok", "w").close()
    w = os.path.join(WORK, "serve-%dM" % a.size)
    index, export = os.path.join(w, "index"), os.path.join(w, "export.jsonl")
    # The stamp holds the version line (with the index format): another
    # format is indexed again.
    version = subprocess.run([os.path.join(a.build, "bin", "unsearch"), "--version"],
                             check=True, capture_output=True, text=True).stdout
    stamp = os.path.join(w, "index.ok")
    if not os.path.exists(stamp) or open(stamp).read() != version:
        shutil.rmtree(w, ignore_errors=True)
        os.makedirs(w)
        log("indexing %s" % corpus)
        run([os.path.join(a.build, "bin", "unindex"), "-q", "-i", index, "--export", export,
             corpus], stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(version)
    qfile = os.path.join(w, "queries.txt")
    run(["python3", SAMPLER, export, str(a.seed), qfile])
    with open(qfile, encoding="utf-8") as f:
        queries = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    return corpus, index, queries


def rss_kib(pid):
    """(RssAnon, RssFile) of pid in KiB: the heap, and the index's mapped
    pages (each open index state maps the segment anew)."""
    got = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(("RssAnon:", "RssFile:")):
                got[line.split(":")[0]] = int(line.split()[1])
    return got.get("RssAnon", 0), got.get("RssFile", 0)


def start_server(a, index):
    p = subprocess.Popen([os.path.join(a.build, "bin", "unsearch"), "serve", "-i", index,
                          "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if not line.startswith("serving "):
        p.kill()
        raise SystemExit("the server did not start")
    host, port = line.rsplit("http://", 1)[1].rstrip("/\n").rsplit(":", 1)
    return p, host, int(port)


def load(a, server, host, port, queries, updater=None):
    """One run: a.queries requests from a.clients threads."""
    lock = threading.Lock()
    state = {"next": 0, "done": 0}
    latencies, errors, rss = [], [], []
    warm = a.queries // 10

    def client():
        conn = http.client.HTTPConnection(host, port, timeout=60)
        mine = []
        while True:
            with lock:
                i = state["next"]
                if i >= a.queries:
                    break
                state["next"] += 1
            q = queries[i % len(queries)]
            path = "/api/search?" + urllib.parse.urlencode({"q": q, "n": "10"})
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                body = r.read()
                ok = r.status == 200 and body.startswith(b'{"query":')
                if not ok:
                    errors.append("%d %s: %s" % (r.status, q, body[:120]))
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as e:
                errors.append("%s: %s" % (q, e))
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            mine.append(time.perf_counter() - t0)
            with lock:
                state["done"] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    def sampler():
        while state["done"] < a.queries and server.poll() is None:
            rss.append((state["done"], rss_kib(server.pid)))
            time.sleep(0.25)

    threads = [threading.Thread(target=client) for _ in range(a.clients)]
    watch = threading.Thread(target=sampler)
    load1 = os.getloadavg()[0]
    t0 = time.perf_counter()
    watch.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    watch.join()
    after_warm = [k for n, k in rss if n >= warm] or [rss_kib(server.pid)]
    anon = [k[0] for k in after_warm]
    lat = sorted(latencies)
    return {
        "queries": a.queries, "clients": a.clients, "errors": len(errors),
        "first_errors": errors[:5], "seconds": round(wall, 2),
        "qps": round(a.queries / wall, 1),
        "p50_ms": round(1000 * lat[len(lat) // 2], 2),
        "p99_ms": round(1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))], 2),
        "mean_ms": round(1000 * statistics.mean(lat), 2),
        "anon_warm_kib": anon[0], "anon_end_kib": anon[-1], "anon_max_kib": max(anon),
        "file_max_kib": max(k[1] for k in after_warm),
        "load_before": round(load1, 2), "load_after": round(os.getloadavg()[0], 2),
    }


def updater_loop(a, corpus, index, stop, counter):
    """Until stop is set, one file after another leaves the corpus and comes
    back, with `unindex` updating the served index after each move (two
    commits a file: its documents deleted, then parsed and added again).
    The corpus is whole again at the end."""
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(corpus)
                   for f in names if f.endswith(".txt"))
    aside = os.path.join(WORK, "serve-aside.txt")
    update = [os.path.join(a.build, "bin", "unindex"), "-q", "-i", index, corpus]
    i = 0
    while not stop.is_set():
        path = files[(i * 97) % len(files)]
        i += 1
        os.rename(path, aside)
        try:
            run(update, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            counter.append(time.time())
        finally:
            os.rename(aside, path)
        run(update, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counter.append(time.time())


def write_results(a, res):
    with open(os.path.join(WORK, "serve-results.json"), "w") as f:
        json.dump(res, f, indent=1)
    L = [SECTION + " (`make bench-serve`)", ""]
    L.append("`unsearch serve` on a %d MiB generated corpus (gencorpus seed %d; index %.0f MB), "
             "%d clients (threads of bench/serve_load.py, one keep-alive connection each) "
             "sending %d queries between them: the %d queries of the benchmark's query set "
             "(sample_queries.py) in turn, as `/api/search?q=...&n=10` (10 hits with text "
             "and highlights, as `--json`). Measured on %s with %d cores, shared with other "
             "work (load average before/after each run given), the clients on the same cores "
             "as the server." % (a.size, a.seed, res["index_mb"], a.clients, a.queries,
                                  res["n_queries"], res["date"], os.cpu_count()))
    L.append("")
    L.append("| run | errors | queries/s | p50 | p99 | heap RSS after warm-up -> end (max) | "
             "mapped index (max) | unindex commits meanwhile | load avg |")
    L.append("|---|---:|---:|---:|---:|---|---:|---:|---|")
    for name, r in (("alone", res["alone"]), ("while unindex updates", res["updating"])):
        L.append("| %s | %d | %.0f | %.1f ms | %.1f ms | %.1f -> %.1f MiB (%.1f) | %.0f MiB | %s | %.1f / %.1f |" % (
            name, r["errors"], r["qps"], r["p50_ms"], r["p99_ms"], r["anon_warm_kib"] / 1024,
            r["anon_end_kib"] / 1024, r["anon_max_kib"] / 1024, r["file_max_kib"] / 1024,
            r.get("commits", "-"), r["load_before"], r["load_after"]))
    L.append("")
    L.append("RSS is sampled every 0.25 s from /proc: the heap (RssAnon), the measure of a "
             "leak, and the index's mapped pages (RssFile: each index state, one per request "
             "running at once, maps the segment, and the kernel counts each mapping). "
             "\"After warm-up\" is the first sample "
             "past the first 10% of the queries. During the second run `unindex` updates the "
             "served index in a loop: one file of the corpus after another is taken out and "
             "put back, and each move is an update (its documents deleted, then parsed and "
             "added as a new segment, with the merges the policy decides); the server opens "
             "each new index state on the request after its commit while requests already "
             "running finish on the old one.")
    L.append("")
    # The section replaces an earlier one, wherever it was, and goes last
    # (as bench/incremental.py writes its own).
    path = os.path.join(BENCH, "RESULTS.md")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    at = text.find(SECTION)
    if at >= 0:
        end = text.find("\n## ", at + len(SECTION))
        text = text[:at] + (text[end + 1:] if end >= 0 else "")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.strip("\n") + "\n\n" + "\n".join(L) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--queries", type=int, default=20000)
    a = ap.parse_args()
    corpus, index, queries = prepare(a)
    size = sum(os.path.getsize(os.path.join(index, f)) for f in os.listdir(index))
    res = {"n_queries": len(queries), "index_mb": size / 1e6,
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    server, host, port = start_server(a, index)
    try:
        log("%d queries from %d clients, alone" % (a.queries, a.clients))
        res["alone"] = load(a, server, host, port, queries)
        log(json.dumps(res["alone"]))
        log("the same while unindex updates the index")
        stop, commits = threading.Event(), []
        up = threading.Thread(target=updater_loop, args=(a, corpus, index, stop, commits))
        up.start()
        time.sleep(1)
        res["updating"] = load(a, server, host, port, queries)
        res["updating"]["commits"] = len(commits)
        stop.set()
        up.join()
        log(json.dumps(res["updating"]))
    finally:
        server.terminate()
        server.wait()
    write_results(a, res)
    bad = res["alone"]["errors"] + res["updating"]["errors"]
    if not res["updating"]["commits"]:
        log("no unindex commit happened during the second run")
        bad += 1
    log("wrote bench/RESULTS.md; %d errors" % bad)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
