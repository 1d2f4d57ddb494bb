# unsearch: full-text search over Spanish UN resolutions.
#
#   make          build bin/unindex and bin/unsearch (installs missing packages first)
#   make demo     build, index corpus/, run the example query, draw 74/29's citations
#   make check    build and run every test; the last line is "N passed, N failed"
#   make check-asan   the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make install  install binaries, man pages and shell completion under
#                 $(DESTDIR)$(PREFIX) (default /usr/local); make uninstall
#   make deb      build the Debian package build-deb/unsearch_VERSION_ARCH.deb
#   make eval     ranking quality (MRR, nDCG@10) on the judged needs of tests/relevance/
#
# Sources are found by wildcard: a new module is a new .c/.h pair in common/,
# indexer/ or query/, and a new test is tests/unit/test_<module>.c.

CC      ?= cc
O       ?= build
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes
# The version is debian/changelog's (one place); --version prints it.
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
STD     := -std=c11 -D_GNU_SOURCE -DUNSEARCH_VERSION='"$(VERSION)"'
PKGS    := zlib libzstd libxxhash libutf8proc poppler-glib libzip libxml-2.0 libmicrohttpd
READERS_PKGS := poppler-glib libzip libxml-2.0 libutf8proc
# unindex is linked with link-time optimisation: its hot loops call across
# modules (strmap's hash and probe from the analyzer, the postings and the
# word code; the codecs' varints from the merge), which only LTO can
# inline. Building the generated 10 MiB corpus took 0.24 -> 0.23 s wall,
# 0.38 -> 0.36 s CPU (medians of 20, interleaved), the segment byte for
# byte the same. The objects are fat (their ordinary code too) and every
# other link says -fno-lto, so the tests and the other binaries are linked
# as before: unsearch linked with LTO ran its queries in the same
# instructions within 3%, some more, some fewer, not worth a longer link.
# Not under a sanitizer.
LTO     := $(if $(SAN),,-flto=auto)
NO_LTO  := $(if $(LTO),-fno-lto)
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(SAN) $(if $(LTO),$(LTO) -ffat-lto-objects) -pthread -Icommon -Iindexer -Iquery -Itests \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# -pthread: unindex deflates stored text on a second thread (storedtext.c).
LDLIBS  = $(SAN) -pthread $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm

# unsearch starts once per query, so its start-up is part of every answer.
# It links libstemmer and utf8proc from Debian's static archives and is
# position-dependent: the dynamic loader then has nothing of theirs to map
# or relocate (libstemmer.so alone makes 11,233 relocations that dirty 82
# pages at every start; a PIE keeps them even when linked statically).
# libzstd (stored text since format 8) is static too: 5 page faults and
# ~0.4 ms less CPU per start. Then glibc: the dynamic loader still mapped
# and relocated libc, libm and libz at every start (0.8 ms above
# /bin/true for --version); linked whole from Debian's static archives
# (libc6-dev, zlib1g-dev: of zlib only crc32 is used), unsearch starts
# as fast as /bin/true. It calls nothing of glibc's that needs the
# dynamic loader (no NSS, iconv or dlopen: the link would warn), and
# debian/unsearch.lintian-overrides says why it is static. A sanitizer
# build stays dynamic (its runtime is a shared library).
UNSEARCH_LDFLAGS := -no-pie $(if $(SAN),,-static)
UNSEARCH_DYNAMIC_LDLIBS = $(SAN) -lz -Wl,-Bstatic -lzstd -lxxhash -lutf8proc -lstemmer -Wl,-Bdynamic -lm
UNSEARCH_LDLIBS = $(if $(SAN),$(UNSEARCH_DYNAMIC_LDLIBS),-lzstd -lxxhash -lutf8proc -lstemmer -lz -lm)

# unindex reads PDF and Word files through a plugin, unindex-readers.so
# (indexer/readers.h), loaded at a run's first such file: poppler-glib pulls
# in ~50 shared libraries whose loading took 30 ms of every unindex start,
# a third of an update that adds one text file to a 100 MiB index. The
# plugin has its own position-independent copies of the common code it
# uses, so it needs nothing from unindex; unindex links none of the
# readers' libraries. It sits in ../lib/unsearch/ from the binary.
READERS_SRC := indexer/readers.c indexer/pdftext.c indexer/pdfclean.c indexer/docx.c \
               indexer/emphtext.c common/buf.c common/err.c common/xalloc.c \
               common/strmap.c common/text.c
READERS_OBJ := $(patsubst %.c,$(O)/pic/%.o,$(READERS_SRC))
READERS_SO  := $(O)/lib/unsearch/unindex-readers.so
READERS_LDLIBS = $(SAN) $(shell pkg-config --libs $(READERS_PKGS) 2>/dev/null) -lm
# unindex's own libraries come from Debian's static archives, as
# unsearch's do: loaded as shared objects they were mapped and relocated
# at every start (libstemmer's tables alone 11,233 relocations), 0.8 ms
# of `unindex --version`'s 4.9 (hyperfine), which an update that adds one
# file pays too. libc stays shared, for dlopen of the readers' plugin.
# A sanitizer build links them shared. Position-dependent, as unsearch:
# in a PIE the loader still relocated the static libraries' tables
# (11,417 relative relocations, each page of them copied and written at
# start), 3.9 -> 2.2 ms for `unindex --version`, a refresh of the
# 100 MiB corpus with nothing changed 26.7 -> 25.4 ms (medians of 40,
# interleaved).
UNINDEX_LDFLAGS := -no-pie
UNINDEX_LIBS   = -lzstd -lxxhash -lutf8proc -lstemmer -lz
UNINDEX_LDLIBS = $(SAN) -pthread $(if $(SAN),$(UNINDEX_LIBS),-Wl,-Bstatic $(UNINDEX_LIBS) -Wl,-Bdynamic) -lm

# Debian packages the build and tests need; `make deps` installs them.
DEB_PKGS := build-essential pkg-config zlib1g-dev libzstd-dev libxxhash-dev libutf8proc-dev libstemmer-dev \
            libpoppler-glib-dev libzip-dev libxml2-dev antiword \
            snowball-data python3 valgrind python3-reportlab pandoc \
            bash-completion graphviz libmicrohttpd-dev curl
# Packaging (make deb, and the CI's install check).
DEB_BUILD_PKGS := debhelper dpkg-dev lintian
DEPS_STAMP := $(O)/.deps-ok

COMMON_SRC  := $(wildcard common/*.c)
INDEXER_SRC := $(filter-out indexer/main.c indexer/readers.c,$(wildcard indexer/*.c))
QUERY_SRC   := $(filter-out query/main.c query/serve_main.c,$(wildcard query/*.c))
LIB_OBJ     := $(patsubst %.c,$(O)/%.o,$(COMMON_SRC) $(INDEXER_SRC) $(QUERY_SRC)) \
               $(O)/gen/stopwords.o $(O)/gen/serve_page.o
TEST_SRC    := $(wildcard tests/unit/test_*.c)
TEST_BIN    := $(patsubst tests/unit/%.c,$(O)/tests/%,$(TEST_SRC))
TOOLS       := $(O)/bin/gencorpus

.PHONY: all deps demo check check-asan check-browser eval clean install uninstall deb
.SECONDARY:
all: $(O)/bin/unindex $(O)/bin/unsearch $(O)/bin/unsearch-serve $(READERS_SO) $(TOOLS)
ifeq ($(O),build)
all: bin/unindex bin/unsearch bin/unsearch-serve lib/unsearch/unindex-readers.so
bin/%: $(O)/bin/%
	@mkdir -p bin
	cp $< $@.tmp && mv -f $@.tmp $@
lib/unsearch/%: $(O)/lib/unsearch/%
	@mkdir -p $(@D)
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
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# The readers plugin's objects: position-independent, every symbol hidden
# but the table readers.c exports.
$(O)/pic/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -MMD -MP -c $< -o $@
$(READERS_SO): $(READERS_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(NO_LTO) -shared -Wl,--no-undefined -o $@ $^ $(READERS_LDLIBS)

# The stop-word list is data (common/stopwords-es.txt), compiled in so that
# the binaries need no data files at run time.
# --version prints the version of debian/changelog.
$(O)/common/cli.o: debian/changelog

$(O)/gen/stopwords.c: common/stopwords-es.txt tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh stopwords_es_txt $< > $@
$(O)/gen/stopwords.o: $(O)/gen/stopwords.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The page of `unsearch serve` (query/serve.c) is compiled in the same way.
SERVE_PAGE := query/serve_page.html query/serve_page.css query/serve_page.js
$(O)/gen/serve_page.c: $(SERVE_PAGE) tools/embed.sh
	@mkdir -p $(@D)
	for f in $(SERVE_PAGE); do sh tools/embed.sh "$$(basename $$f | tr . _)" $$f; done > $@.tmp
	mv -f $@.tmp $@
$(O)/gen/serve_page.o: $(O)/gen/serve_page.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(O)/lib.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/bin/unindex: $(O)/indexer/main.o $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(LTO) $(CFLAGS) $(UNINDEX_LDFLAGS) -o $@ $^ $(UNINDEX_LDLIBS)
$(O)/bin/unsearch: $(O)/query/main.o $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(NO_LTO) $(UNSEARCH_LDFLAGS) -o $@ $^ $(UNSEARCH_LDLIBS)
# The same objects linked as before glibc went static, for the memcheck
# test only (tests/cli/0200-valgrind.sh): valgrind cannot put its malloc
# in place of a static binary's, so it would check no heap block there.
$(O)/tests/unsearch-dynamic: $(O)/query/main.o $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(NO_LTO) -no-pie -o $@ $^ $(UNSEARCH_DYNAMIC_LDLIBS)
# `unsearch serve` execs unsearch-serve from unsearch's own directory: only
# the server links libmicrohttpd (and the TLS libraries it needs), so no
# query pays for loading them.
$(O)/bin/unsearch-serve: $(O)/query/serve_main.o $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(NO_LTO) -o $@ $^ $(LDLIBS)
$(O)/bin/gencorpus: $(O)/corpus/gencorpus.o $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(NO_LTO) -o $@ $^ $(LDLIBS)

# Every test links the harness and the other shared test code in tests/*.c
# (test_extract loads the readers plugin, as unindex does).
TEST_SUPPORT := $(patsubst %.c,$(O)/%.o,$(wildcard tests/*.c))
$(O)/tests/test_extract: $(READERS_SO)
$(O)/tests/%: $(O)/tests/unit/%.o $(TEST_SUPPORT) $(O)/lib.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(NO_LTO) -o $@ $(filter %.o %.a,$^) $(LDLIBS)

# The demo index stays in the build tree (a user's own index in the default
# location is left alone), so the demo ends with the command that searches it.
demo: all
	@rm -rf $(O)/demo-index
	$(O)/bin/unindex -i $(O)/demo-index corpus/
	$(O)/bin/unsearch -i $(O)/demo-index "creación de capacidad"
	$(O)/bin/unsearch -i $(O)/demo-index --graph 74/29 > $(O)/demo-graph.dot
	dot -Tsvg -o $(O)/demo-graph.svg $(O)/demo-graph.dot
	@echo "citation graph of 74/29: $(O)/demo-graph.svg"
	@echo "The demo index is $(O)/demo-index, not the default location; search it with:"
	@echo "  $(O)/bin/unsearch -i $(O)/demo-index WORDS"

# Ranking quality: the information needs of tests/relevance/needs.tsv on an
# index of corpus/ and tests/relevance/corpus/, per ranking variant.
eval: all
	@rm -rf $(O)/eval-index
	@$(O)/bin/unindex -q -o $(O)/eval-index corpus tests/relevance/corpus >/dev/null
	@python3 tests/relevance/eval.py $(O)/bin/unsearch $(O)/eval-index tests/relevance/needs.tsv

check: all $(TEST_BIN) $(O)/tests/unsearch-dynamic
	@sh tests/run.sh $(O)

# The page of `unsearch serve` in Debian's headless Chromium, driven by
# puppeteer-core from npm (tests/browser/package-lock.json pins it); the
# screenshots land in $(O)/browser/. Not in `make check` (Chromium is
# heavy); CI runs it (.ci/run). npm comes from Debian unless a node is there.
BROWSER_NODE := tests/browser/node_modules/.package-lock.json
$(BROWSER_NODE): tests/browser/package.json tests/browser/package-lock.json
	@sh tools/deps.sh chromium
	@command -v npm >/dev/null || sh tools/deps.sh npm
	cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts
check-browser: all $(BROWSER_NODE)
	@rm -rf $(O)/browser-index $(O)/browser-corpus
	@$(O)/bin/gencorpus -o $(O)/browser-corpus -m 1 >/dev/null
	@$(O)/bin/unindex -q -o $(O)/browser-index corpus $(O)/browser-corpus >/dev/null
	node tests/browser/page.test.js $(O)/bin $(O)/browser-index $(O)/browser

check-asan:
	$(MAKE) O=build-asan OPT=-O1 SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" check

clean:
	rm -rf build build-asan bin lib

# Installation, as Debian lays it out; DESTDIR stages it (packaging, tests).
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
# unindex finds its readers plugin in ../lib/unsearch/ from its own folder.
READERSDIR  := $(PREFIX)/lib/unsearch
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
INSTALLED   := $(BINDIR)/unindex $(BINDIR)/unsearch $(BINDIR)/unsearch-serve \
               $(READERSDIR)/unindex-readers.so \
               $(MANDIR)/man1/unindex.1 $(MANDIR)/man1/unsearch.1 $(MANDIR)/man1/unsearch-serve.1 $(MANDIR)/man5/unsearch.5 \
               $(BASHCOMPDIR)/unsearch $(BASHCOMPDIR)/unindex $(ZSHCOMPDIR)/_unsearch

install: $(O)/bin/unindex $(O)/bin/unsearch $(O)/bin/unsearch-serve $(READERS_SO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(READERSDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(O)/bin/unindex $(O)/bin/unsearch $(O)/bin/unsearch-serve $(DESTDIR)$(BINDIR)/
	install -m 644 $(READERS_SO) $(DESTDIR)$(READERSDIR)/
	install -m 644 man/unindex.1 man/unsearch.1 man/unsearch-serve.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/unsearch.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 completion/unsearch.bash $(DESTDIR)$(BASHCOMPDIR)/unsearch
	install -m 644 completion/unsearch.bash $(DESTDIR)$(BASHCOMPDIR)/unindex
	install -m 644 completion/_unsearch $(DESTDIR)$(ZSHCOMPDIR)/_unsearch

# Removes exactly the files install wrote, not the directories it may share.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

# dpkg-buildpackage drives debian/rules, which builds in build-deb/ and
# calls this Makefile's install; the package and its .changes land in
# build-deb/ rather than in the parent directory, then lintian checks it.
DEB_OUT := build-deb
deb:
	@sh tools/deps.sh $(DEB_PKGS) $(DEB_BUILD_PKGS)
	dpkg-buildpackage -b -us -uc --buildinfo-option=-u$(DEB_OUT) \
		--changes-option=-u$(DEB_OUT) \
		--buildinfo-file=$(DEB_OUT)/unsearch_$(VERSION).buildinfo \
		--changes-file=$(DEB_OUT)/unsearch_$(VERSION).changes
	lintian --fail-on error $(DEB_OUT)/unsearch_$(VERSION).changes
	@ls $(DEB_OUT)/*.deb

-include $(shell find $(O) -name '*.d' 2>/dev/null)

# Benchmarks against the peers (bench/) and fuzzing (tests/fuzz/) keep their
# rules next to their sources.
-include bench/bench.mk
-include tests/fuzz/fuzz.mk
