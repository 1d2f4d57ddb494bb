# 0160-formats: PDF and Word files index exactly like the text they were
# laid out from. tests/assets/resdocs.py sets the bundled resolutions, a
# copy of 74/29 with a footnote, and ~330 generated resolutions as UN-style PDFs
# (masthead, running header, n/N footer with job number, barcode,
# hyphenated line ends, paragraphs across pages, a footnote under a rule)
# and as DOCX (pandoc: list numbering, italics, footnotes). Each folder's
# clauses (symbol, label, kind, text up to white space) and documents'
# metadata must equal its .txt folder's; the flagship query answers the
# same on the PDFs. Then the summary: files counted by format and by skip
# reason, --verbose naming each skipped file, and "nothing could be
# indexed" saying why.
. tests/setup

# The Python that has reportlab (Debian's, also when another python3 is
# first on PATH).
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import reportlab' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ] || ! command -v pandoc >/dev/null 2>&1; then
	echo "SKIP $SCRIPT: needs python3-reportlab and pandoc (make deps)"
	exit 0
fi
RESDOCS=tests/assets/resdocs.py

# clauses EXPORT: the clauses of an --export file, one per line, text with
# its white space collapsed.
clauses() {
	python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    print(o["symbol"], o["label"], o["kind"], " ".join(o["text"].split()), sep="\t")' "$1"
}

# documents IX: every clause with its document metadata as unsearch --json
# gives them (the file path left out), text with white space collapsed.
documents() {
	"$UNSEARCH" -i "$1" --json -n 1000000 'session:1..999' | python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    print(o["symbol"], o["session"], o["date"], o["title"], o["label"],
          o["kind"], " ".join(o["text"].split()), sep="\t")'
}

# The sources: corpus/, 74/29 with a footnote, generated resolutions.
src=$T/src
mkdir -p "$src/txt"
cp "$CORPUS"/*.txt "$src/txt/"
python3 - "$CORPUS/A_RES_74_29.txt" "$src/txt/A_RES_74_29_nota.txt" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("comunidad internacional aspira", "comunidad internacional[^1] aspira", 1)
end = s.index("\n\n", s.index("[^1] aspira"))
note = ("\n\n[^1]: Véase la resolución 73/27, anexo, y Documentos Oficiales de la "
        "Asamblea General, septuagésimo tercer período de sesiones, Suplemento "
        "núm. 10 (A/73/10), párr. 4.")
open(sys.argv[2], "w", encoding="utf-8").write(s[:end] + note + s[end:])
EOF
sed -i "s/^74\/29\./74\/30./" "$src/txt/A_RES_74_29_nota.txt"
"$GENCORPUS" -o "$T/gen" -s 7 -m 5 >/dev/null
cp "$T"/gen/*/*.txt "$src/txt/"
n_txt=$(ls "$src/txt" | wc -l | tr -d ' ')
check_eq has-a-few-hundred yes "$([ "$n_txt" -ge 300 ] && echo yes || echo no)"
# Every text as PDF (reportlab, two processes) and as DOCX (one pandoc run
# for all of them, cut into files by resdocs.py).
"$PY" "$RESDOCS" docx "$T/docx" "$src"/txt/*.txt &
docx_pid=$!
ls "$src"/txt/*.txt | xargs -P 2 -n 40 "$PY" "$RESDOCS" pdf "$T/pdf"
wait "$docx_pid"
check_eq pdf-files-made "$n_txt" "$(ls "$T/pdf" | grep -c '\.pdf$')"
check_eq docx-files-made "$n_txt" "$(ls "$T/docx" | grep -c '\.docx$')"

# The PDF looks like a UN document to poppler's own tool too.
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext -f 2 -l 2 "$T/pdf/A_RES_217_A_III.pdf" "$T/p2.txt"
	check pdf-has-running-header grep -q '^A/RES/217 A (III)$' "$T/p2.txt"
	check pdf-has-page-footer grep -Eq '^2/[0-9]+$' "$T/p2.txt"
	pdftotext "$T/pdf/A_RES_74_29.pdf" "$T/p.txt"
	check pdf-has-job-number grep -Eq '^19-[0-9]{5} \(S\)' "$T/p.txt"
	check pdf-has-barcode grep -Eq '^\*19[0-9]{5}\*$' "$T/p.txt"
	for f in $(ls "$T"/pdf/A_RES_*.pdf | head -n 20); do
		pdftotext "$f" -
	done >"$T/p20.txt"
	check_eq pdf-has-hyphenated-line-ends yes \
		"$([ "$(grep -c '[a-z]-$' "$T/p20.txt")" -ge 10 ] && echo yes || echo no)"
fi

run "$UNINDEX" -q -o "$T/ix-txt" --export "$T/txt.jsonl" "$src/txt"
check_eq txt-indexed 0 "$rc"
clauses "$T/txt.jsonl" >"$T/txt.clauses"
documents "$T/ix-txt" >"$T/txt.docs"
for fmt in pdf docx; do
	run "$UNINDEX" -q -o "$T/ix-$fmt" --export "$T/$fmt.jsonl" "$T/$fmt"
	check_eq "$fmt-indexed" 0 "$rc"
	check "$fmt-summary-counts-format" grep -q "indexed $n_txt $fmt\$" "$T/out"
	check_eq "$fmt-no-warnings" "" "$(cat "$T/err")"
	clauses "$T/$fmt.jsonl" >"$T/$fmt.clauses"
	check "$fmt-same-clauses-as-txt" cmp -s "$T/txt.clauses" "$T/$fmt.clauses"
	documents "$T/ix-$fmt" >"$T/$fmt.docs"
	check "$fmt-same-metadata-as-txt" cmp -s "$T/txt.docs" "$T/$fmt.docs"
	check_eq "$fmt-metadata-nonempty" yes \
		"$([ "$(wc -l <"$T/$fmt.docs")" -gt 1000 ] && echo yes || echo no)"
	# The footnote is a clause of its own (kind footnote, labelled under
	# the paragraph that calls it), and the call leaves no mark in that
	# paragraph's text nor glues its words ("internacional aspira").
	check "$fmt-footnote-clause" grep -q \
		"^A/RES/74/30	PP[0-9]*\.n1	footnote	Véase la resolución 73/27" "$T/$fmt.clauses"
	check "$fmt-footnote-call" grep -q \
		"^A/RES/74/30	PP[0-9]*	preambular	.*comunidad internacional aspira" "$T/$fmt.clauses"
	check_eq "$fmt-footnote-no-marker" 0 "$(grep -c '\[^1\]' "$T/$fmt.clauses" || true)"
	# Italics came through as the verb of the operative paragraphs.
	check_eq "$fmt-verb-filter" \
		"$("$UNSEARCH" -i "$T/ix-txt" --count 'verb:acoger symbol:74/29' || :)" \
		"$("$UNSEARCH" -i "$T/ix-$fmt" --count 'verb:acoger symbol:74/29' || :)"
	check_eq "$fmt-flagship" "PP9 PP7 PP10" \
		"$("$UNSEARCH" -i "$T/ix-$fmt" --json -n 3 'symbol:74/29 "creación de capacidad"' | jfield label)"
done
# The flagship query on the whole PDF folder, as on corpus/.
mkdir -p "$T/pdfcorpus"
cp "$T/pdf/A_RES_74_29.pdf" "$T/pdf/A_RES_217_A_III.pdf" "$T/pdfcorpus/"
"$UNINDEX" -q -o "$T/ix-pc" "$T/pdfcorpus" >/dev/null
check_eq pdf-folder-flagship "PP9 PP7 PP10" \
	"$("$UNSEARCH" -i "$T/ix-pc" --json -n 3 "creación de capacidad" | jfield label)"
check_eq pdf-folder-flagship-symbol "A/RES/74/29" \
	"$("$UNSEARCH" -i "$T/ix-pc" --json -n 1 "creación de capacidad" | jfield symbol)"

# A plain document (a committee report) as a PDF keeps the symbol its
# masthead gives, as its .txt does, and the same paragraphs but the
# masthead itself.
mkdir -p "$T/report"
"$PY" "$RESDOCS" pdf "$T/report" tests/shapes/report_A_74_363.txt
"$UNINDEX" -q -o "$T/ix-rt" --export "$T/rt.jsonl" tests/shapes/report_A_74_363.txt >/dev/null 2>&1
run "$UNINDEX" -q -o "$T/ix-rp" --export "$T/rp.jsonl" "$T/report"
check report-pdf-plain grep -q 'not a UN resolution (no symbol line); indexed as a plain document' "$T/err"
check_eq report-pdf-symbol "A/74/363" "$(clauses "$T/rp.jsonl" | cut -f1 | sort -u)"
check_eq report-pdf-paragraphs "$(clauses "$T/rt.jsonl" | sed 1d | cut -f3,4)" \
	"$(clauses "$T/rp.jsonl" | cut -f3,4)"

# The summary on a mixed folder: what was indexed, by format, and what was
# skipped, by reason; --verbose names every skipped file.
m=$T/mixed
mkdir -p "$m"
cp "$CORPUS/A_RES_74_29.txt" "$m/a.txt"
cp "$T/pdf/A_RES_217_A_III.pdf" "$m/b.pdf"
cp "$T/docx/A_RES_74_29.docx" "$m/c.docx"
printf 'not a pdf at all\n' >"$m/broken.pdf"
printf 'PK\003\004 truncated zip' >"$m/broken.docx"
printf '\320\317\021\340\241\261\032\341 not really Word' >"$m/old.doc"
printf 'x' >"$m/notes.odt"
printf 'La Asamblea,\000\001 binario\n' >"$m/bin.txt"
: >"$m/empty.md"
run "$UNINDEX" -q -v -o "$T/ix-mixed" "$m"
check_eq mixed-status 1 "$rc"
check mixed-summary grep -q 'indexed 1 txt, 1 pdf, 1 docx; skipped 6 (1 extension, 1 binary, 1 empty, 3 unreadable)$' "$T/out"
for f in notes.odt:extension bin.txt:binary empty.md:empty broken.pdf:unreadable \
         broken.docx:unreadable old.doc:unreadable; do
	check "verbose-${f%%:*}" grep -q "^unindex: skipped $m/${f%%:*}: ${f#*:}\$" "$T/err"
done
check doc-warning-says-convert grep -q "old.doc: antiword cannot read this .doc; convert it" "$T/err"
run "$UNINDEX" -q -o "$T/ix-mixed2" "$m"
check_eq no-verbose-no-skip-lines "" "$(grep 'unindex: skipped' "$T/err" || :)"

# Without antiword on PATH, a .doc is "filter missing" and the warning
# names the package; a folder of only such files says why nothing was
# indexed.
d=$T/docs
mkdir -p "$d" "$T/bin"
cp "$m/old.doc" "$d/"
cp "$m/broken.pdf" "$d/"
cp "$m/notes.odt" "$d/"
ln -s "$(command -v sh)" "$T/bin/sh"
run env PATH="$T/bin" "$UNINDEX" -q -o "$T/ix-docs" "$d"
check_eq nothing-status 2 "$rc"
check nothing-says-why grep -q 'nothing could be indexed under the given paths (indexed nothing; skipped 3 (1 extension, 1 unreadable, 1 filter missing))' "$T/err"
check filter-missing-names-package grep -q 'old.doc: the .doc filter antiword is not installed (apt-get install antiword)' "$T/err"

# The PDF and Word readers are a plugin (../lib/unsearch/unindex-readers.so
# from unindex's directory). An unindex without it still indexes the text
# files; each PDF and .docx is "filter missing", its warning naming the
# plugin's path and the fix.
mkdir -p "$T/alone/bin"
cp "$UNINDEX" "$T/alone/bin/unindex"
run "$T/alone/bin/unindex" -q -o "$T/ix-alone" "$m"
check_eq no-plugin-status 1 "$rc"
check no-plugin-summary grep -q 'indexed 1 txt; skipped 8 (1 extension, 1 binary, 1 empty, 1 unreadable, 4 filter missing)$' "$T/out"
check no-plugin-warning-names-plugin grep -q "b.pdf: the PDF and Word readers cannot be loaded (.*alone/bin/../lib/unsearch/unindex-readers.so: cannot open shared object file.*); reinstall unsearch" "$T/err"
check_eq no-plugin-one-warning-each 4 "$(grep -c 'readers cannot be loaded' "$T/err")"
check_eq no-plugin-text-indexed 0 "$("$UNSEARCH" -i "$T/ix-alone" --count "creación de capacidad" >/dev/null; echo $?)"
