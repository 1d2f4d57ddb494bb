#!/bin/sh
# unindex on several threads writes what it writes on one
# (UNSEARCH_THREADS=1): the same segment files byte for byte, the same
# export and summary, through a first build with many postings runs, an
# update and a merge; and the analysis thread's queue keeps peak memory
# within a fixed overhead of the one-thread run's under --memory.
. tests/setup

# About 6 MiB of generated resolutions, the bundled corpus, and a volume
# of 300 resolutions in one file (more documents than the queue holds).
"$GENCORPUS" -o "$T/gen" -s 5 -m 6 >/dev/null
mkdir "$T/docs" "$T/more"
cp -r "$T/gen" "$T/docs/gen"
cp "$CORPUS"/*.txt "$T/docs/"
find "$T/gen" -name '*.txt' | sort | head -n 300 | while read -r f; do cat "$f"; echo; done >"$T/docs/volume.txt"
find "$T/gen" -name '*.txt' | sort | tail -n 40 | while read -r f; do
	cp "$f" "$T/more/late-$(basename "$f")"; done

# index NAME THREADS ARGS...: unindex ARGS into $T/ix-NAME with
# UNSEARCH_THREADS=THREADS (empty: the default); the summary without its
# time and index path appended to $T/sum-NAME.
index() {
	_name=$1 _threads=$2
	shift 2
	if [ -n "$_threads" ]; then
		UNSEARCH_THREADS=$_threads "$UNINDEX" -o "$T/ix-$_name" "$@" >"$T/out" 2>"$T/err" || rc=$?
	else
		"$UNINDEX" -o "$T/ix-$_name" "$@" >"$T/out" 2>"$T/err" || rc=$?
	fi
	sed "s/ in [0-9.]* s;/ in S s;/; s|$T/ix-$_name|IX|" "$T/out" >>"$T/sum-$_name"
}

# same_segments WHAT: the segment files of both indexes, byte for byte.
same_segments() {
	_a=$(cd "$T/ix-many" && ls seg-*.uns | tr '\n' ' ')
	_b=$(cd "$T/ix-one" && ls seg-*.uns | tr '\n' ' ')
	if [ -z "$_a" ] || [ "$_a" != "$_b" ]; then
		fail "$1" "segments differ: '$_a' and '$_b'"
		return
	fi
	for s in $_a; do
		if ! cmp -s "$T/ix-many/$s" "$T/ix-one/$s"; then
			fail "$1" "$s differs"
			return
		fi
	done
	pass "$1"
}

# A first build with a small budget (several postings runs) and an export.
rc=0
index many "" --memory 2M --export "$T/export-many" "$T/docs"
index one 1 --memory 2M --export "$T/export-one" "$T/docs"
check_eq build-exit 0 "$rc"
same_segments build-same-segments
check build-same-export cmp -s "$T/export-many" "$T/export-one"
check build-same-summary cmp -s "$T/sum-many" "$T/sum-one"
check build-volume-read grep -q "files parsed (7[0-9][0-9] resolutions" "$T/sum-one"

# An update (a second root) and a merge of everything.
index many "" "$T/more"
index one 1 "$T/more"
same_segments update-same-segments
index many "" --optimize
index one 1 --optimize
check_eq merge-exit 0 "$rc"
same_segments merge-same-segments
check merge-same-summary cmp -s "$T/sum-many" "$T/sum-one"
check_eq merge-answers "$("$UNSEARCH" -i "$T/ix-one" --json -n 20 'derechos humanos' | md5sum)" \
	"$("$UNSEARCH" -i "$T/ix-many" --json -n 20 'derechos humanos' | md5sum)"

# Peak RSS with --memory 16M: the threads add a fixed overhead (the queue's
# documents, the thread stacks, the blocks waiting for the compressor and
# the main thread's own compressor when they are too many), not memory that
# grows with the corpus. Measured on this test's corpus: 11.7-13.0 MiB over
# the one-thread run (47 MiB against 34.5), and 10.9 MiB on the generated
# 10 MiB corpus, 14.9 MiB on 100 MiB. When unindex began to read a small
# file once and to keep its last postings run in memory, the one-thread run
# here went from 38.7 to 34.5 MiB and the threaded one only from 48.6 to
# 47 (the main thread's compressor came with them), so the allowance went
# from 12 to 14 MiB.
peak() {
	python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
one=$(UNSEARCH_THREADS=1 peak "$UNINDEX" -q -o "$T/ix-rss1" --memory 16M "$T/docs")
many=$(peak "$UNINDEX" -q -o "$T/ix-rss2" --memory 16M "$T/docs")
if ldd "$UNINDEX" 2>/dev/null | grep -q libasan; then
	printf 'SKIP %s:peak-rss-fixed-overhead: sanitizer build (peak RSS %s and %s KiB)\n' \
		"$SCRIPT" "$one" "$many"
elif [ "$many" -le $((one + 14336)) ]; then
	pass "peak-rss-fixed-overhead"
else
	fail peak-rss-fixed-overhead "peak RSS ${many} KiB on threads, ${one} KiB on one"
fi
