# unsearch: full-text search over Spanish UN resolutions.
#
#   make          build bin/unindex and bin/unsearch (installs missing packages first)
#   make demo     build, index corpus/, run the example query
#   make check    build and run every test; the last line is "N passed, N failed"
#   make check-asan   the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make eval     ranking quality (MRR, nDCG@10) on the judged needs of tests/relevance/
#
# Sources are found by wildcard: a new module is a new .c/.h pair in common/,
# indexer/ or query/, and a new test is tests/unit/test_<module>.c.

CC      ?= cc
O       ?= build
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes
STD     := -std=c11 -D_GNU_SOURCE
PKGS    := zlib libutf8proc
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(SAN) -Icommon -Iindexer -Iquery -Itests \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  = $(SAN) $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm

# Debian packages the build and tests need; `make deps` installs them.
DEB_PKGS := build-essential pkg-config zlib1g-dev libutf8proc-dev libstemmer-dev \
            snowball-data python3 valgrind
DEPS_STAMP := $(O)/.deps-ok

COMMON_SRC  := $(wildcard common/*.c)
INDEXER_SRC := $(filter-out indexer/main.c,$(wildcard indexer/*.c))
QUERY_SRC   := $(filter-out query/main.c,$(wildcard query/*.c))
LIB_OBJ     := $(patsubst %.c,$(O)/%.o,$(COMMON_SRC) $(INDEXER_SRC) $(QUERY_SRC)) \
               $(O)/gen/stopwords.o
TEST_SRC    := $(wildcard tests/unit/test_*.c)
TEST_BIN    := $(patsubst tests/unit/%.c,$(O)/tests/%,$(TEST_SRC))
TOOLS       := $(O)/bin/gencorpus

.PHONY: all deps demo check check-asan eval clean
.SECONDARY:
all: $(O)/bin/unindex $(O)/bin/unsearch $(TOOLS)
ifeq ($(O),build)
all: bin/unindex bin/unsearch
bin/%: $(O)/bin/%
	@mkdir -p bin
	cp $< $@.tmp && mv -f $@.tmp $@
endif

# Installs missing Debian packages when run as root; otherwise prints the
# exact command. The stamp keeps apt out of every later build.
deps: $(DEPS_STAMP)
$(DEPS_STAMP): tools/deps.sh
	@sh tools/deps.sh $(DEB_PKGS)
	@mkdir -p $(@D) && touch $@

$(O)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# The stop-word list is data (common/stopwords-es.txt), compiled in so that
# the binaries need no data files at run time.
$(O)/gen/stopwords.c: common/stopwords-es.txt tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh stopwords_es_txt $< > $@
$(O)/gen/stopwords.o: $(O)/gen/stopwords.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(O)/lib.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/bin/unindex: $(O)/indexer/main.o $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(LDLIBS)
$(O)/bin/unsearch: $(O)/query/main.o $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(LDLIBS)
$(O)/bin/gencorpus: $(O)/corpus/gencorpus.o $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(LDLIBS)

# Every test links the harness and the other shared test code in tests/*.c.
TEST_SUPPORT := $(patsubst %.c,$(O)/%.o,$(wildcard tests/*.c))
$(O)/tests/%: $(O)/tests/unit/%.o $(TEST_SUPPORT) $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(LDLIBS)

demo: all
	@rm -rf $(O)/demo-index
	$(O)/bin/unindex -o $(O)/demo-index corpus/
	$(O)/bin/unsearch -i $(O)/demo-index "creación de capacidad"

# Ranking quality: the information needs of tests/relevance/needs.tsv on an
# index of corpus/ and tests/relevance/corpus/, per ranking variant.
eval: all
	@rm -rf $(O)/eval-index
	@$(O)/bin/unindex -q -o $(O)/eval-index corpus tests/relevance/corpus >/dev/null
	@python3 tests/relevance/eval.py $(O)/bin/unsearch $(O)/eval-index tests/relevance/needs.tsv

check: all $(TEST_BIN)
	@sh tests/run.sh $(O)

check-asan:
	$(MAKE) O=build-asan OPT=-O1 SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" check

clean:
	rm -rf build build-asan bin

-include $(shell find $(O) -name '*.d' 2>/dev/null)

# Benchmarks against the peers (bench/) and fuzzing (tests/fuzz/) keep their
# rules next to their sources.
-include bench/bench.mk
-include tests/fuzz/fuzz.mk
