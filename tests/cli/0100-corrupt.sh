#!/bin/sh
# 0100-corrupt: a damaged index is refused cleanly. An index of corpus/ is
# damaged in many ways (every file truncated at many offsets, bytes flipped
# in the header, the section table and each section, a MANIFEST naming a
# missing segment, files swapped in from another index, zero-length files,
# a directory or a FIFO where a file should be). In every case unsearch
# exits 2 within 10 s, prints nothing on stdout and exactly one line on
# stderr naming the damaged file (and the section when a section was
# damaged), and `unindex --check` exits non-zero too.
# A second group flips bytes and then recomputes every checksum, so the
# damage reaches the decoders: there any answer is allowed except a crash,
# a hang or a multi-line error (these are the cases to run under ASan).
. tests/setup

# One index of both files, one of a single file (to swap files in).
mkdir "$T/one"
cp "$CORPUS"/A_RES_74_29.txt "$T/one/"
"$UNINDEX" -q -o "$T/ix1" "$T/one" >/dev/null

# damage.py writes one directory per case under $T/cases and prints a line
# per case: NAME<TAB>DIR<TAB>FILE<TAB>SECTION<TAB>STRICT, where FILE is the
# name stderr must contain, SECTION a word it must contain ("-" for none)
# and STRICT 1 when the index must be refused (0: the checksum-fixed group).
mkdir "$T/cases"
python3 tests/assets/damage.py "$IX" "$T/ix1" "$T/cases" >"$T/cases.txt"

# A sanitizer report (ASan and UBSan exit 1 by default, which looks like
# "no hits") in FILE.
sanitized() {
	grep -q -E 'runtime error:|Sanitizer|==[0-9]+==ERROR' "$1"
}

# Queries for the indexes that open despite damage: words, phrases,
# prefixes, NEAR, OR/NOT, filters, symbols.
cat >"$T/queries" <<'Q'
derechos humanos
"derechos humanos"
informa*
a*
seguridad NEAR/3 internacional
(paz OR guerra) -nacion
kind:operative
verb:acoge tecnologías
session:74 year:2019..2020 comunicaciones
A/RES/74/29
Asamblea General NOT declaración
Q
# Under ASan, a huge allocation driven by bytes on disk is an error too.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=512"
export ASAN_OPTIONS

# Every case: PASS lines are summed per group so the log stays readable;
# each failure gets its own FAIL line naming the case.
n_strict=0 n_lenient=0 bad=0
tab=$(printf '\t')
while IFS=$tab read -r name dir file section strict; do
	rc=0
	timeout 10 "$UNSEARCH" -i "$dir" --json "derechos humanos" \
		>"$T/out" 2>"$T/err" </dev/null || rc=$?
	lines=$(wc -l <"$T/err")
	why=""
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		why="timed out after 10 s"
	elif [ "$rc" -gt 2 ] || sanitized "$T/err"; then
		why="exit $rc (crash?): $(head -c 300 "$T/err")"
	elif [ "$strict" = 1 ]; then
		if [ "$rc" -ne 2 ]; then
			why="exit $rc, expected 2"
		elif [ "$lines" -ne 1 ]; then
			why="$lines lines on stderr, expected 1: $(head -c 300 "$T/err")"
		elif [ -s "$T/out" ]; then
			why="output on stdout: $(head -c 100 "$T/out")"
		elif ! grep -q -F "$file" "$T/err"; then
			why="stderr does not name $file: $(cat "$T/err")"
		elif [ "$section" != - ] && ! grep -q -w -F "$section" "$T/err"; then
			why="stderr does not name section $section: $(cat "$T/err")"
		fi
	elif [ "$rc" -eq 2 ] && [ "$lines" -ne 1 ]; then
		why="$lines lines on stderr, expected 1: $(head -c 300 "$T/err")"
	elif [ "$rc" -eq 2 ] && ! grep -q -F "$file" "$T/err"; then
		why="stderr does not name $file: $(cat "$T/err")"
	else
		# The index opened: every kind of query over the damage.
		for mode in --json --explain; do
			rc=0
			timeout 20 "$UNSEARCH" -i "$dir" $mode --exhaustive --batch "$T/queries" \
				>"$T/out" 2>"$T/err" </dev/null || rc=$?
			if [ "$rc" -gt 2 ] || sanitized "$T/err" ||
			   [ "$(wc -l <"$T/err")" -gt 1 ]; then
				why="--batch $mode: exit $rc: $(head -c 300 "$T/err")"
				break
			fi
		done
	fi
	if [ -z "$why" ]; then
		crc=0
		timeout 10 "$UNINDEX" --check -o "$dir" >"$T/out" 2>"$T/err" </dev/null || crc=$?
		if [ "$crc" -eq 124 ] || [ "$crc" -eq 137 ]; then
			why="unindex --check timed out after 10 s"
		elif [ "$crc" -gt 2 ] || sanitized "$T/err"; then
			why="unindex --check exit $crc (crash?): $(head -c 300 "$T/err")"
		elif [ "$strict" = 1 ] && [ "$crc" -eq 0 ]; then
			why="unindex --check exits 0 on a damaged index"
		elif [ "$crc" -ne 0 ] && [ "$(wc -l <"$T/err")" -ne 1 ]; then
			why="unindex --check: $(wc -l <"$T/err") lines on stderr, expected 1: $(head -c 300 "$T/err")"
		fi
	fi
	if [ -n "$why" ]; then
		fail "$name" "$why"
		bad=$((bad + 1))
	elif [ "$strict" = 1 ]; then
		n_strict=$((n_strict + 1))
	else
		n_lenient=$((n_lenient + 1))
	fi
done <"$T/cases.txt"
total=$(wc -l <"$T/cases.txt")
[ "$total" -ge 150 ] && pass "cases-generated-$total" || fail cases-generated "only $total cases"
[ "$n_strict" -gt 0 ] && pass "refused-cleanly-$n_strict-cases"
[ "$n_lenient" -gt 0 ] && pass "checksum-fixed-no-crash-$n_lenient-cases"

# The undamaged index still answers after all that (cases were copies).
run "$UNSEARCH" -i "$IX" "derechos humanos"
check_eq intact-index-answers 0 "$rc"
