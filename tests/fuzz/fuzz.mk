# tests/fuzz/fuzz.mk: libFuzzer targets (included by the Makefile).
#
#   make fuzz        run every target for FUZZ_SECONDS (default 60) each
#   make fuzz-ci     replay tests/fuzz/regress_<target>/ then fuzz ~30 s each
#   make fuzz-build  only build build-fuzz/fuzz_<target>
#
# The product sources are compiled again with clang and
# -fsanitize=fuzzer-no-link,address,undefined into build-fuzz/, apart from
# build/ and build-asan/. Seeds live in tests/fuzz/corpus_<target>/ (read
# only: new inputs go to build-fuzz/corpus_<target>/); every input that once
# crashed a target is kept in tests/fuzz/regress_<target>/ (with a line in
# tests/fuzz/README saying what it found), and fuzz-ci replays those first.
# build-fuzz/ ignores itself (a .gitignore of '*').

FUZZ_O        := build-fuzz
FUZZ_CC       ?= clang-14
FUZZ_SECONDS  ?= 60
FUZZ_CI_SECONDS ?= 30
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all \
                 -fno-omit-frame-pointer
FUZZ_CFLAGS   := $(STD) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link -pthread \
                 -Icommon -Iindexer -Iquery \
                 $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_LDLIBS   := -pthread $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm
FUZZ_TARGETS  := qparse parse index pdfclean docx wordcode
FUZZ_BINS     := $(patsubst %,$(FUZZ_O)/fuzz_%,$(FUZZ_TARGETS))
FUZZ_LIB_OBJ  := $(patsubst %.c,$(FUZZ_O)/%.o,$(COMMON_SRC) $(INDEXER_SRC) $(QUERY_SRC)) \
                 $(FUZZ_O)/gen/stopwords.o
FUZZ_STAMP    := $(FUZZ_O)/.fuzz-deps-ok
FUZZ_DEB_PKGS := clang-14 libclang-rt-14-dev
# Keep libFuzzer's own output short; -timeout catches hangs (a slow input
# is reported as a crash), -rss_limit_mb runaway allocations.
FUZZ_RUN_FLAGS := -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

.PHONY: fuzz fuzz-ci fuzz-build fuzz-replay fuzz-clean

fuzz-build: $(FUZZ_BINS)

# clang-14 and its libFuzzer runtime, through the one install script.
$(FUZZ_STAMP): tools/deps.sh | $(DEPS_STAMP)
	@sh tools/deps.sh $(FUZZ_DEB_PKGS)
	@mkdir -p $(@D) && echo '*' > $(@D)/.gitignore && touch $@

$(FUZZ_O)/%.o: %.c | $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_O)/gen/stopwords.c: common/stopwords-es.txt tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh stopwords_es_txt $< > $@
$(FUZZ_O)/gen/stopwords.o: $(FUZZ_O)/gen/stopwords.c | $(FUZZ_STAMP)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_O)/lib.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_O)/fuzz_%: $(FUZZ_O)/tests/fuzz/fuzz_%.o $(FUZZ_O)/lib.a
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LDLIBS)

# Replay every saved crash first: a regression fails the run at once.
fuzz-replay: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
	  d=tests/fuzz/regress_$$t; \
	  [ -d $$d ] && [ -n "$$(ls -A $$d 2>/dev/null)" ] || continue; \
	  echo "replaying $$d"; \
	  UNSEARCH_FUZZ_CORPUS=$(CURDIR)/corpus $(FUZZ_O)/fuzz_$$t $(FUZZ_RUN_FLAGS) $$d/* >$(FUZZ_O)/replay_$$t.log 2>&1 || \
	    { tail -n 40 $(FUZZ_O)/replay_$$t.log; echo "FAIL fuzz_$$t: regression input crashes"; exit 1; }; \
	done

# FUZZ_RUN(target, seconds): new inputs go to build-fuzz/corpus_<t>, seeds
# are read from tests/fuzz/corpus_<t>; crashes land in build-fuzz/.
define FUZZ_RUN
	@mkdir -p $(FUZZ_O)/corpus_$(1) $(FUZZ_O)/artifacts_$(1)
	UNSEARCH_FUZZ_CORPUS=$(CURDIR)/corpus $(FUZZ_O)/fuzz_$(1) $(FUZZ_RUN_FLAGS) \
	  -max_total_time=$(2) -artifact_prefix=$(FUZZ_O)/artifacts_$(1)/ \
	  $(FUZZ_O)/corpus_$(1) tests/fuzz/corpus_$(1)

endef

fuzz: $(FUZZ_BINS)
	$(foreach t,$(FUZZ_TARGETS),$(call FUZZ_RUN,$(t),$(FUZZ_SECONDS)))

fuzz-ci: fuzz-replay
	$(foreach t,$(FUZZ_TARGETS),$(call FUZZ_RUN,$(t),$(FUZZ_CI_SECONDS)))

fuzz-clean:
	rm -rf $(FUZZ_O)

-include $(shell find $(FUZZ_O) -name '*.d' 2>/dev/null)
