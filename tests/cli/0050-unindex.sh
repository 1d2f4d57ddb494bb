# 0050-unindex: the indexer on bad inputs (a FIFO, a binary file, invalid
# UTF-8, an empty file, a symlink loop) next to good ones, its summary and
# exit status, reproducible segments (twice the same corpus, and any memory
# budget), --check, the lock, and --export.
. tests/setup

# seg DIR: the one segment file of the index in DIR.
seg() {
	ls "$1"/seg-*.uns
}

# A folder of good and bad files.
c=$T/mixed
mkdir -p "$c/sub"
cp "$CORPUS/A_RES_74_29.txt" "$c/"
cp "$CORPUS/A_RES_217_A_III.txt" "$c/sub/"
mkfifo "$c/x.txt"
printf 'La Asamblea General,\000\001\002 binario\n' >"$c/binary.txt"
printf 'La Asamblea General,\n\nRecordando la cooperaci\363n regional zafiroazul,\n' >"$c/latin1.txt"
: >"$c/empty.txt"
printf '  \n\n\t\n' >"$c/blank.txt"
ln -s loop.txt "$c/loop.txt"
run timeout 20 "$UNINDEX" -q -o "$T/mix" "$c"
check_eq bad-files-status 1 "$rc"
for f in x.txt binary.txt latin1.txt empty.txt blank.txt loop.txt; do
	check "warning-names-$f" grep -q "$c/$f" "$T/err"
done
check_eq bad-files-summary-one-line 1 "$(wc -l <"$T/out" | tr -d ' ')"
check_eq good-74-29-indexed "PP9 PP7 PP10" "$("$UNSEARCH" -i "$T/mix" --json -n 3 "creación de capacidad" | jfield label)"
check_eq good-udhr-indexed "Art.19" "$("$UNSEARCH" -i "$T/mix" --json 'libertad NEAR/4 expresión' | jfield label)"
# The invalid UTF-8 file is still indexed, its bad byte replaced.
check_eq invalid-utf8-indexed 1 "$("$UNSEARCH" -i "$T/mix" --count zafiroazul || :)"
check_eq invalid-utf8-json-valid 0 "$("$UNSEARCH" -i "$T/mix" --json zafiroazul | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' && echo 0)"
check_eq binary-not-indexed 0 "$("$UNSEARCH" -i "$T/mix" --count binario || :)"
check_eq mixed-check 0 "$("$UNINDEX" --check -o "$T/mix" >/dev/null 2>&1 && echo 0 || echo $?)"

# A clean corpus: exit 0, one summary line on stdout, nothing else.
run "$UNINDEX" -q -o "$T/clean" "$CORPUS"
check_eq clean-status 0 "$rc"
check_eq clean-one-line 1 "$(wc -l <"$T/out" | tr -d ' ')"
check clean-summary-counts grep -q '2 resolutions), 86 clauses' "$T/out"
check_eq clean-no-warnings "" "$(cat "$T/err")"

# The same corpus twice: byte-identical segments (the second run replaces
# the first, so keep a copy).
cp "$(seg "$T/clean")" "$T/first.uns"
run "$UNINDEX" -q -o "$T/clean" "$CORPUS"
check_eq reindex-status 0 "$rc"
check_eq reindex-one-segment 1 "$(ls "$T/clean"/seg-*.uns | wc -l | tr -d ' ')"
check reindex-identical cmp "$T/first.uns" "$(seg "$T/clean")"
check other-dir-identical cmp "$T/first.uns" "$(seg "$IX")"

# --check: passes, prints section sizes and bits per posting.
run "$UNINDEX" --check -o "$T/clean"
check_eq check-status 0 "$rc"
for s in TERMS POSTINGS POSITIONS CLAUSES TEXT KEYS; do
	check "check-section-$s" grep -Eq "^ *$s +[0-9]+ bytes" "$T/out"
done
check check-bits-per-posting grep -Eq 'bits per posting [0-9]+\.[0-9]+' "$T/out"
# ...and fails on a damaged segment.
cp -R "$T/clean" "$T/damaged"
s=$(seg "$T/damaged")
size=$(wc -c <"$s" | tr -d ' ')
printf 'ZZZZ' | dd of="$s" bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
run "$UNINDEX" --check -o "$T/damaged"
check_eq check-damaged-status 2 "$rc"
check check-damaged-message grep -q "seg-" "$T/err"
# A document record whose title clause (format.h DOC_TITLE_BITS) is not
# the one its clauses' kinds give, checksums made right: --check names it;
# one past the document's first 16 clauses and unsearch refuses the index.
for case in "wrong 1" "far 200"; do
	set -- $case
	cp -R "$T/clean" "$T/title-$1"
	python3 - "$(seg "$T/title-$1")" "$2" <<'PY'
import struct, sys
sys.path.insert(0, "tests/assets")
from segfile import const, fix, section
path, add = sys.argv[1], int(sys.argv[2])
b = bytearray(open(path, "rb").read())
off, _ = section(b, const("SEC_DOCS"))
at = off + const("DOC_FLAGS")  # document 0
flags = struct.unpack_from("<I", b, at)[0]
title = (flags >> const("DOC_TITLE_SHIFT") & 0xff) + add
struct.pack_into("<I", b, at, flags & 0xff | (title & 0xff) << const("DOC_TITLE_SHIFT"))
open(path, "wb").write(fix(b))
PY
done
run "$UNINDEX" --check -o "$T/title-wrong"
check_eq check-title-status 2 "$rc"
check check-title-message grep -q "document 0: title clause" "$T/err"
run "$UNSEARCH" -i "$T/title-far" paz
check_eq title-far-status 2 "$rc"
check title-far-message grep -q "document 0: title clause out of range" "$T/err"

# The lock: while another process holds INDEX/LOCK, unindex exits 2 and
# names the holder (the pid written in the lock file; flock -o keeps the
# lock in the flock process only, so killing it frees the lock).
if command -v flock >/dev/null 2>&1; then
	mkdir -p "$T/locked"
	sh -c 'echo $$ >"$1/LOCK"; exec flock -o "$1/LOCK" sleep 5' sh "$T/locked" &
	holder=$!
	i=0
	while [ $i -lt 50 ] && flock -n "$T/locked/LOCK" true 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	run "$UNINDEX" -q -o "$T/locked" "$CORPUS"
	check_eq locked-status 2 "$rc"
	check locked-names-holder grep -q "$holder" "$T/err"
	check_eq locked-no-segment "" "$(ls "$T/locked"/seg-*.uns 2>/dev/null || :)"
	kill "$holder" 2>/dev/null || :
	wait "$holder" 2>/dev/null || :
	run "$UNINDEX" -q -o "$T/locked" "$CORPUS"
	check_eq unlocked-status 0 "$rc"
else
	fail locked "flock(1) from util-linux is needed"
fi

# The memory budget changes nothing in the segment: a generated corpus
# indexed with a small budget (many runs) and with the default.
"$GENCORPUS" -o "$T/gen" -s 7 -m 1 >/dev/null 2>&1
run "$UNINDEX" -q -o "$T/gsmall" --memory 256K "$T/gen"
check_eq small-budget-status 0 "$rc"
run "$UNINDEX" -q -o "$T/gbig" "$T/gen"
check_eq default-budget-status 0 "$rc"
check budget-identical cmp "$(seg "$T/gsmall")" "$(seg "$T/gbig")"
run "$UNINDEX" -q -o "$T/gbad" --memory lots "$T/gen"
check_eq bad-budget-status 2 "$rc"

# --export: one JSON object per clause; as many as the summary counts.
run "$UNINDEX" -q -o "$T/gexp" --export "$T/export.jsonl" "$T/gen"
clauses=$(sed -n 's/.* \([0-9][0-9]*\) clauses.*/\1/p' "$T/out")
check_eq export-lines "$clauses" "$(wc -l <"$T/export.jsonl" | tr -d ' ')"
check export-json python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l)
    assert {"symbol", "label", "kind", "text"} <= set(o), o
    n += 1
sys.exit(n == 0)' "$T/export.jsonl"
check export-same-segment cmp "$(seg "$T/gexp")" "$(seg "$T/gbig")"
"$UNINDEX" -q -o "$T/cexp" --export "$T/c.jsonl" "$CORPUS" >/dev/null
check_eq export-corpus-lines 86 "$(wc -l <"$T/c.jsonl" | tr -d ' ')"
check export-corpus-op1 python3 -c '
import json, sys
o = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
op1 = [x for x in o if x["symbol"] == "A/RES/74/29" and x["label"] == "OP1"]
sys.exit(not (len(op1) == 1 and op1[0]["kind"] == "operative" and op1[0]["text"].startswith("1. Acoge con beneplácito el inicio")))' "$T/c.jsonl"
