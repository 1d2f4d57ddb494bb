# bench.mk: `make bench` compares unsearch with Xapian, SQLite FTS5 and
# ripgrep on generated corpora (BENCH_SIZES, MiB) and corpus/, and writes
# bench/RESULTS.md, bench/latency.png and bench/indexing.png, then what
# incremental updates cost on the largest size (bench/incremental.py ->
# the "Incremental updates" section of bench/RESULTS.md). Not part of
# `make check`; bench/smoke.sh is its quick self-test.
#
#   make bench                       sizes 10 and 100 MiB
#   make bench BENCH_SIZES="10 100 1000" BENCH_RUNS=3 BENCH_REPEAT=200
#
# Data (corpora, exports, indexes) goes to bench/work/, which git ignores.
#
#   make bench-serve                 the web server under load (serve_load.py)

BENCH_SIZES  ?= 10 100
BENCH_SEED   ?= 1
BENCH_RUNS   ?= 5
BENCH_REPEAT ?= 200
BENCH_DRIVERS := $(O)/bench/xapian_driver $(O)/bench/fts5_driver

.PHONY: bench bench-drivers bench-serve
bench-drivers: $(BENCH_DRIVERS)

$(O)/bench/.deps-ok: bench/deps.sh
	@sh bench/deps.sh
	@mkdir -p $(@D) && touch $@

$(O)/bench/jsonl.o: bench/jsonl.c bench/jsonl.h | $(O)/bench/.deps-ok
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -c $< -o $@
$(O)/bench/fts5_driver: bench/fts5_driver.c bench/jsonl.h $(O)/bench/jsonl.o | $(O)/bench/.deps-ok
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -o $@ $(filter-out %.h,$^) -lsqlite3
$(O)/bench/xapian_driver: bench/xapian_driver.cc bench/jsonl.h $(O)/bench/jsonl.o | $(O)/bench/.deps-ok
	g++ -std=c++17 -O2 -g -Wall -Wextra $$(xapian-config --cxxflags) -o $@ $(filter-out %.h,$^) \
	    $$(xapian-config --libs)

bench: all $(BENCH_DRIVERS)
	python3 bench/bench.py --build $(O) --sizes "$(BENCH_SIZES)" --seed $(BENCH_SEED) \
	    --runs $(BENCH_RUNS) --repeat $(BENCH_REPEAT)
	python3 bench/incremental.py --build $(O) --size $(lastword $(BENCH_SIZES)) \
	    --seed $(BENCH_SEED) --runs $(BENCH_RUNS) --repeat $(BENCH_REPEAT)

# The web server under load: 16 clients, 20000 queries of the bench query
# set against a 100 MiB index, alone and while unindex updates it; the
# numbers go to the "Web server under load" section of bench/RESULTS.md.
SERVE_SIZE    ?= 100
SERVE_CLIENTS ?= 16
SERVE_QUERIES ?= 20000
bench-serve: all
	python3 bench/serve_load.py --build $(O) --size $(SERVE_SIZE) --seed $(BENCH_SEED) \
	    --clients $(SERVE_CLIENTS) --queries $(SERVE_QUERIES)
