#!/bin/sh
# 0500-incremental: the index follows the collection. Random sequences of
# updates (add, change, delete, rename, touch, forget a root and add it
# back, optimize) on a generated corpus, each checked against a fresh build
# of the same files on 300 queries (tests/assets/updates.py); a file named
# directly joins an index of its folder; the summary line says what changed.
. tests/setup

"$GENCORPUS" -o "$T/pool" -s 11 -m 1 >/dev/null
STEPS=${UNSEARCH_UPDATE_STEPS:-14}
python3 tests/assets/updates.py "$UNSEARCH_BIN" "$T/work1" "$T/pool" 1 "$STEPS" ||
	FAILED=1
python3 tests/assets/updates.py "$UNSEARCH_BIN" "$T/work2" "$T/pool" 2 "$STEPS" ||
	FAILED=1

# A single file into an index of a folder adds it and keeps the folder.
mkdir -p "$T/one/folder" "$T/one/loose"
n=0
for f in $(find "$T/pool" -name '*.txt' | sort | head -n 6); do
	n=$((n + 1))
	cp "$f" "$T/one/folder/r$n.txt"
done
cp "$(find "$T/pool" -name '*.txt' | sort | sed -n 7p)" "$T/one/loose/single.txt"
run "$UNINDEX" -q -i "$T/one/ix" "$T/one/folder"
check_eq folder-indexed "+6 new, 0 changed, 0 removed, 0 unchanged" "$(cut -d';' -f1 "$T/out")"
run "$UNINDEX" -q -i "$T/one/ix" "$T/one/loose/single.txt"
check_eq single-file-added "+1 new, 0 changed, 0 removed, 6 unchanged" "$(cut -d';' -f1 "$T/out")"
run "$UNINDEX" --status -i "$T/one/ix"
check folder-kept grep -q "^root $(cd "$T/one/folder" && pwd -P): 6 documents" "$T/out"
check single-root grep -q "^root $(cd "$T/one/loose" && pwd -P)/single.txt: 1 document" "$T/out"

# A file reached twice (through its folder and directly, through a link)
# is one document.
ln -s "$T/one/folder" "$T/one/link"
run "$UNINDEX" -q -i "$T/one/ix" "$T/one/link" "$T/one/folder/r1.txt"
check_eq reached-twice-is-one "+0 new, 0 changed, 0 removed, 7 unchanged" "$(cut -d';' -f1 "$T/out")"

# A root whose files are reached through a symbolic link to a folder.
mkdir -p "$T/via"
ln -s "$T/one/folder" "$T/via/sub"
run "$UNINDEX" -q -i "$T/via-ix" "$T/via"
check_eq through-linked-folder "0 +6 new" "$rc $(cut -d, -f1 "$T/out")"

# Refresh: touched but unchanged costs a hash, a change is re-parsed, a
# removal is counted; --status sees them before the update does.
touch "$T/one/folder/r2.txt"
printf '\nDecide seguir ocupándose de la cuestión.\n' >>"$T/one/folder/r3.txt"
rm "$T/one/folder/r4.txt"
run "$UNINDEX" --status -i "$T/one/ix"
check status-sees-changes grep -q "^on disk: +0 new, 1 changed, 1 removed, 5 unchanged" "$T/out"
run "$UNINDEX" -q -i "$T/one/ix"
check_eq refresh-summary "+0 new, 1 changed, 1 removed, 5 unchanged" "$(cut -d';' -f1 "$T/out")"
check_eq refresh-status 0 "$rc"
run "$UNINDEX" -q -i "$T/one/ix"
check_eq nothing-changed "+0 new, 0 changed, 0 removed, 6 unchanged" "$(cut -d';' -f1 "$T/out")"

# --forget removes a root and its documents; a path that is no root is an error.
run "$UNINDEX" -q -i "$T/one/ix" --forget "$T/one/loose/single.txt"
check_eq forget-summary "+0 new, 0 changed, 1 removed, 5 unchanged" "$(cut -d';' -f1 "$T/out")"
run "$UNINDEX" -q -i "$T/one/ix" --forget "$T/one/loose"
check_eq forget-not-a-root 2 "$rc"
run "$UNINDEX" --check -i "$T/one/ix"
check_eq check-after-updates 0 "$rc"

# --optimize leaves one segment without deletions.
run "$UNINDEX" -q -i "$T/one/ix" --optimize
run "$UNINDEX" --status -i "$T/one/ix"
check optimize-one-segment grep -q "^segments 1; 5 documents, .* 0.0% of clauses deleted" "$T/out"

# --no-merge: nine updates leave nine segments (the policy would have merged
# eight of one tier), answering as a fresh build of the same files; the
# next run without it merges.
i=0
for f in $(find "$T/pool" -name '*.txt' | sort | sed -n 11,19p); do
	i=$((i + 1))
	mkdir -p "$T/nm/d$i"
	cp "$f" "$T/nm/d$i/"
	"$UNINDEX" -q --no-merge -i "$T/nm/ix" "$T/nm/d$i" >/dev/null
done
"$UNINDEX" -q -i "$T/nm/fresh" "$T"/nm/d* >/dev/null
run "$UNINDEX" --status -i "$T/nm/ix"
check no-merge-nine-segments grep -q "^segments 9;" "$T/out"
check_eq no-merge-ranks-as-fresh "$("$UNSEARCH" -i "$T/nm/fresh" --json -n 50 asamblea)" \
	"$("$UNSEARCH" -i "$T/nm/ix" --json -n 50 asamblea)"
run "$UNINDEX" -q -i "$T/nm/ix"
run "$UNINDEX" --status -i "$T/nm/ix"
check merged-after-no-merge grep -q "^segments 2;" "$T/out"
run "$UNINDEX" -q -i "$T/nm/ix" --optimize --no-merge
check_eq no-merge-optimize-refused 2 "$rc"

# Two indexes searched at once (-i A -i B, or UNSEARCH_INDEX=A:B) rank as
# one index of both: statistics are global.
mkdir -p "$T/half1" "$T/half2"
k=0
for f in $(find "$T/pool" -name '*.txt' | sort | head -n 30); do
	k=$((k + 1))
	if [ $((k % 2)) -eq 0 ]; then cp "$f" "$T/half1/h$k.txt"; else cp "$f" "$T/half2/h$k.txt"; fi
done
"$UNINDEX" -q -i "$T/ix1" "$T/half1" >/dev/null
"$UNINDEX" -q -i "$T/ix2" "$T/half2" >/dev/null
"$UNINDEX" -q -i "$T/ix12" "$T/half1" "$T/half2" >/dev/null
for q in "derechos humanos" "paz OR seguridad" "informa*" '"Secretario General"' "kind:operative mujeres"; do
	a=$("$UNSEARCH" -i "$T/ix1" -i "$T/ix2" --json -n 1000 "$q" | jfield score symbol label | tr ' ' '\n' | sort)
	b=$(UNSEARCH_INDEX="$T/ix12" "$UNSEARCH" --json -n 1000 "$q" | jfield score symbol label | tr ' ' '\n' | sort)
	if [ -n "$a" ] && [ "$a" = "$b" ]; then pass "two-indexes-rank-as-one-$q"; else
		fail "two-indexes-rank-as-one-$q" "hits or scores differ"; fi
done

# Citations follow updates too: 74/29 indexed after the Declaration, then
# changed and merged, cites what a fresh build says it cites.
mkdir -p "$T/cc"
cp corpus/A_RES_217_A_III.txt "$T/cc/"
"$UNINDEX" -q -i "$T/cc-ix" "$T/cc" >/dev/null
cp corpus/A_RES_74_29.txt "$T/cc/"
"$UNINDEX" -q -i "$T/cc-ix" >/dev/null
printf '\nRecordando su resolución 70/1, de 25 de septiembre de 2015,\n' >>"$T/cc/A_RES_74_29.txt"
"$UNINDEX" -q -i "$T/cc-ix" >/dev/null
"$UNINDEX" -q -i "$T/cc-fresh" "$T/cc" >/dev/null
for s in 74/29 70/1; do
	a=$("$UNSEARCH" -i "$T/cc-ix" --json --refs "$s" | jfield relation symbol)
	b=$("$UNSEARCH" -i "$T/cc-fresh" --json --refs "$s" | jfield relation symbol)
	check_eq "refs-after-updates-$s" "$b" "$a"
	a=$("$UNSEARCH" -i "$T/cc-ix" --json --cited-by "$s" | jfield symbol label)
	b=$("$UNSEARCH" -i "$T/cc-fresh" --json --cited-by "$s" | jfield symbol label)
	check_eq "cited-by-after-updates-$s" "$b" "$a"
done
"$UNINDEX" -q -i "$T/cc-ix" --optimize >/dev/null
a=$("$UNSEARCH" -i "$T/cc-ix" --json --refs 74/29 | jfield relation symbol)
check_eq refs-after-optimize "$("$UNSEARCH" -i "$T/cc-fresh" --json --refs 74/29 | jfield relation symbol)" "$a"
check refs-not-empty test -n "$a"

# Every file of the only root gone: the index stays sound and finds nothing;
# files back, it finds them again.
mkdir -p "$T/gone"
cp corpus/*.txt "$T/gone/"
"$UNINDEX" -q -i "$T/gone-ix" "$T/gone" >/dev/null
rm "$T/gone/"*.txt
run "$UNINDEX" -q -i "$T/gone-ix"
check_eq all-gone "0 +0 new, 0 changed, 2 removed, 0 unchanged" "$rc $(cut -d';' -f1 "$T/out")"
run "$UNSEARCH" -i "$T/gone-ix" paz
check_eq all-gone-finds-nothing 1 "$rc"
run "$UNINDEX" -q -i "$T/gone-ix" --optimize
check_eq all-gone-optimize 0 "$rc"
cp corpus/*.txt "$T/gone/"
"$UNINDEX" -q -i "$T/gone-ix" >/dev/null
check_eq all-back "$("$UNSEARCH" -i "$IX" -c paz)" "$("$UNSEARCH" -i "$T/gone-ix" -c paz)"
run "$UNINDEX" --check -i "$T/gone-ix"
check_eq all-back-check 0 "$rc"

# A volume (one file of several resolutions) is replaced and removed whole.
mkdir -p "$T/vol"
cat corpus/A_RES_74_29.txt corpus/A_RES_217_A_III.txt >"$T/vol/v.txt"
"$UNINDEX" -q -i "$T/vol-ix" "$T/vol" >/dev/null
printf '\nDecide seguir ocupándose de la cuestión.\n' >>"$T/vol/v.txt"
"$UNINDEX" -q -i "$T/vol-ix" >/dev/null
"$UNINDEX" -q -i "$T/vol-fresh" "$T/vol" >/dev/null
for q in paz "derechos humanos" "seguir ocupándose"; do
	check_eq "volume-changed-$q" "$("$UNSEARCH" -i "$T/vol-fresh" --json -n 100 "$q")" \
		"$("$UNSEARCH" -i "$T/vol-ix" --json -n 100 "$q")"
done
rm "$T/vol/v.txt"
run "$UNINDEX" -q -i "$T/vol-ix"
check_eq volume-removed "+0 new, 0 changed, 1 removed, 0 unchanged" "$(cut -d';' -f1 "$T/out")"
run "$UNSEARCH" -i "$T/vol-ix" -c paz
check_eq volume-removed-finds-nothing "0" "$(cat "$T/out")"

# A file parsed by another version of the parser (format.h DOC_PARSER) is
# parsed again although its bytes did not change; the others are kept.
mkdir -p "$T/pv"
for f in $(find "$T/pool" -name '*.txt' | sort | head -n 3); do cp "$f" "$T/pv/"; done
"$UNINDEX" -q -i "$T/pv-ix" "$T/pv" >/dev/null
python3 - "$T/pv-ix" <<'PY'
import glob, struct, sys
sys.path.insert(0, "tests/assets")
from segfile import const, fix, section
path, = glob.glob(sys.argv[1] + "/seg-*.uns")
b = bytearray(open(path, "rb").read())
off, _ = section(b, const("SEC_DOCS"))
at = off + const("DOC_RECORD_SIZE") + const("DOC_PARSER")  # document 1
struct.pack_into("<I", b, at, struct.unpack_from("<I", b, at)[0] - 1)
open(path, "wb").write(fix(b))
PY
run "$UNINDEX" -q -i "$T/pv-ix"
check_eq older-parser-reparsed "0 +0 new, 1 changed, 0 removed, 2 unchanged" "$rc $(cut -d';' -f1 "$T/out")"
check older-parser-one-parse grep -q '; 1 files\? parsed' "$T/out"
"$UNINDEX" -q -i "$T/pv-fresh" "$T/pv" >/dev/null
# The same hits and scores (ties may change order: the document moved to a
# newer segment).
hits() {
	"$UNSEARCH" -i "$1" --json -n 1000 paz | sed 's/"rank":[0-9]*,//' | sort
}
check_eq older-parser-same-answers "$(hits "$T/pv-fresh")" "$(hits "$T/pv-ix")"
run "$UNINDEX" -q -i "$T/pv-ix"
check_eq current-parser-kept "+0 new, 0 changed, 0 removed, 3 unchanged" "$(cut -d';' -f1 "$T/out")"

# An update's segment codes its text with a copy of the index's word model
# or dictionary when a segment of the index trained its own on a full
# sample (storedtext.h), so readers digest one; a small folder indexed
# alone trains its own. Generated text (drawn word by word) takes the word
# model; the real resolutions copied again and again (whole paragraphs
# repeated) keep zstd's dictionary. The texts read back the same either
# way, and after --optimize (a merge of every segment, which trains one
# for all).
"$GENCORPUS" -o "$T/big" -s 12 -m 3 >/dev/null
mkdir -p "$T/later" "$T/realbig"
for f in $(find "$T/pool" -name '*.txt' | sort | head -n 3); do cp "$f" "$T/later/"; done
for i in $(seq 1 130); do
	for f in "$CORPUS"/*.txt; do cp "$f" "$T/realbig/c$i-$(basename "$f")"; done
done
"$UNINDEX" -q -i "$T/dict-ix" "$T/big" >/dev/null
"$UNINDEX" -q --no-merge -i "$T/dict-ix" "$T/later" >/dev/null
"$UNINDEX" -q -i "$T/later-alone" "$T/later" >/dev/null
"$UNINDEX" -q -i "$T/real-ix" "$T/realbig" >/dev/null
"$UNINDEX" -q --no-merge -i "$T/real-ix" "$T/later" >/dev/null
# per segment: model or dict (the one that is not empty), its length, CRC
dicts() {
	python3 - "$@" <<'PY'
import glob, sys, zlib
sys.path.insert(0, "tests/assets")
from segfile import const, section
for d in sys.argv[1:]:
    for p in sorted(glob.glob(d + "/seg-*.uns"), key=lambda p: int(p.split("-")[-1][:-4])):
        b = open(p, "rb").read()
        off, ln = section(b, const("SEC_TEXT_MODEL"))
        kind = "model"
        if ln == 0:
            off, ln = section(b, const("SEC_TEXT_DICT"))
            kind = "dict"
        print(kind, ln, zlib.crc32(b[off:off + ln]))
PY
}
set -- $(dicts "$T/dict-ix" "$T/later-alone")
check_eq update-dict-two-segments-and-one 9 $#
check_eq generated-text-takes-the-model model "$1"
check_eq update-inherits-model "$1 $2 $3" "$4 $5 $6"
check update-model-differs-from-own test "$4 $5 $6" != "$7 $8 $9"
set -- $(dicts "$T/real-ix")
check_eq real-text-keeps-a-dict "dict 6" "$1 $#"
check_eq update-inherits-dict "$1 $2 $3" "$4 $5 $6"
check real-dict-trained test "$2" -gt 0
# Every clause of the later files reads back the same text (file, line,
# text of each hit of a word they share).
texts() {
	"$UNSEARCH" -i "$1" --json -n 100000 asamblea | grep -F "\"file\":\"$T/later/" |
		sed 's/.*\("file":.*\),"highlights".*/\1/' | sort
}
check_eq inherited-dict-same-text "$(texts "$T/later-alone")" "$(texts "$T/dict-ix")"
check inherited-dict-texts-found test -n "$(texts "$T/dict-ix")"
run "$UNINDEX" --check -i "$T/dict-ix"
check_eq inherited-dict-check 0 "$rc"
run "$UNINDEX" --check -i "$T/real-ix"
check_eq inherited-real-dict-check 0 "$rc"
check_eq inherited-real-dict-same-text "$(texts "$T/later-alone")" "$(texts "$T/real-ix")"
"$UNINDEX" -q -i "$T/dict-ix" --optimize >/dev/null
set -- $(dicts "$T/dict-ix")
check_eq optimize-one-segment 3 $#
check_eq optimized-same-text "$(texts "$T/later-alone")" "$(texts "$T/dict-ix")"
