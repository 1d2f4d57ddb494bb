# 0320-unindex-tty: unindex on a terminal (script(1) gives it one): a
# warning first erases the progress line instead of being appended to it; a
# single large file shows progress by bytes, not only 0/1 then 1/1; the
# summary says "1 file (1 resolution)"; -i/--index names the index as in
# unsearch, -o stays an alias, both at once are refused; the HOME-less
# message names -i.
. tests/setup

if ! command -v script >/dev/null; then
	echo "SKIP $SCRIPT: no script(1) to give unindex a terminal"
	exit 0
fi
mkdir "$T/texts"
# One file of 24 MB (generated resolutions back to back), then a binary
# file whose warning comes after progress was shown. Progress at every
# step (UNSEARCH_PROGRESS_EVERY=0), not five times a second: however fast
# the machine, the large file shows its bytes growing.
"$GENCORPUS" -o "$T/gen" -m 24 >/dev/null
find "$T/gen" -name '*.txt' | sort | xargs cat >"$T/texts/a_large.txt"
printf 'x\000y' >"$T/texts/z_binary.txt"
UNSEARCH_PROGRESS_EVERY=0 script -qec "'$UNINDEX' -i '$T/ix2' '$T/texts'" /dev/null >"$T/tty" 2>&1 || true
tr '\r' '\n' <"$T/tty" >"$T/lines"
# Every warning starts its own line: after a line break or the erase
# sequence, never after progress text.
check warning-not-after-progress python3 - "$T/tty" <<'PY'
import re, sys
s = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
for m in re.finditer("unindex: warning", s):
    before = s[max(0, m.start() - 4):m.start()]
    assert before.endswith("\n") or before.endswith("\r") or before.endswith("\x1b[K"), repr(s[max(0, m.start() - 80):m.end()])
assert "z_binary.txt" in s
PY
# While the large file (the first) is indexed: 0/2 files, and the MB grow.
distinct=$(grep -o '0/2 files  [0-9.]* of' "$T/lines" | sort -u | wc -l)
check progress-by-bytes-inside-one-file test "$distinct" -ge 2

run "$UNINDEX" -i "$T/one" corpus/A_RES_74_29.txt
check_eq summary-singular "+1 new, 0 changed, 0 removed, 0 unchanged; 1 file parsed (1 resolution)," \
	"$(cut -d' ' -f1-13 <"$T/out")"
run "$UNINDEX" -q -o "$T/alias" corpus/A_RES_74_29.txt
check_eq output-alias-status 0 "$rc"
run "$UNINDEX" --check --index "$T/alias"
check_eq check-with-index "check ok" "$(tail -n 1 "$T/out")"
run "$UNINDEX" -i "$T/a" -o "$T/b" corpus
check_eq index-twice-status 2 "$rc"
check index-twice-says-so grep -q 'given twice' "$T/err"
run env -u HOME -u XDG_DATA_HOME -u UNSEARCH_INDEX "$UNSEARCH" paz
check_eq no-home-status 2 "$rc"
check no-home-names-i grep -q 'pass -i DIR' "$T/err"
run env -u HOME -u XDG_DATA_HOME -u UNSEARCH_INDEX "$UNINDEX" corpus
check no-home-unindex-names-i grep -q 'pass -i DIR' "$T/err"
