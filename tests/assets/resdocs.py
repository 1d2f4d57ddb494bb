#!/usr/bin/python3
"""resdocs.py: lays out resolution texts (the corpus/*.txt layout) as the
documents the UN publishes, for the front-end round-trip tests.

    resdocs.py pdf  OUTDIR FILE.txt...   A4 PDFs drawn with reportlab
    resdocs.py docx OUTDIR FILE.txt...   Word files written by pandoc (one run)

Each FILE.txt becomes OUTDIR/FILE.pdf (or .docx). The PDF looks like an
Official Document System file: page 1 opens with the masthead (Naciones
Unidas, the symbol, Asamblea General, the distribution block; a text that
opens with such a masthead paragraph has it drawn there) and ends with
the job number and barcode lines; later pages carry the symbol and the
resolution's title (small type, up to two lines) as running
header and "n/N" with the job number as footer. Paragraphs are justified
with a first-line indent and 6 pt between paragraphs, long words are
hyphenated at line ends, paragraphs run across pages, *emphasis* is set in
Times-Italic, the symbol line has a hanging indent, a paragraph number
"1." sits at the indent with its text at the next tab stop (so that poppler
reads the number apart from the text, often after the line below), a
footnote call [^N] is a superscript number and its body
([^N]: text) is set small under a short rule at the foot of the page that
calls it. The DOCX goes through pandoc's markdown reader: lines inside a
paragraph become hard line breaks, so the header block stays one line per
field; numbered paragraphs become Word list numbering.
"""
import os
import re
import subprocess
import sys

PAGE_W, PAGE_H = 595.27, 841.89  # A4 in points
LEFT, RIGHT = 72.0, 523.0
BODY_SIZE, LEADING, PARA_SKIP, INDENT = 11.0, 13.5, 6.0, 36.0
NOTE_SIZE, NOTE_LEADING = 9.0, 11.0
SUP_SIZE, SUP_RISE = 7.0, 4.0
FIRST_TOP, TOP, BOTTOM = 700.0, 760.0, 80.0
ROMAN, ITALIC = "Times-Roman", "Times-Italic"
CALL = re.compile(r"\[\^(\d+)\]")
NOTE = re.compile(r"^\[\^(\d+)\]:\s*(.*)$", re.S)
MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
          "agosto", "septiembre", "octubre", "noviembre", "diciembre"]


def paragraphs(text):
    """The blank-line separated paragraphs, each a list of its lines."""
    return [[ln.strip() for ln in p.split("\n") if ln.strip()]
            for p in re.split(r"\n\s*\n", text) if p.strip()]


def text_masthead(paras):
    """A text that opens with its masthead as a paragraph ("Naciones Unidas
    A/74/363" / "Asamblea General Distr. general" / date), as
    tests/shapes/ files do: (symbol, organ, date), else None."""
    p = paras[0] if paras else []
    if len(p) < 3 or not p[0].startswith("Naciones Unidas "):
        return None
    return (p[0][len("Naciones Unidas "):].strip(),
            p[1].split(" Distr.")[0].strip(), p[2])


PARA_NUMBER = re.compile(r"^(\d+\.)\s+(?=\S)")
SYMBOL_LINE = re.compile(r"^(?:\d+/\d+(?: [A-Z])?|\d+(?: [A-Z])? \([IVXLC]+\))\.\s+(.*)$")


def title_of(paras):
    """The title on the symbol line ("74/29. Avances ..."), or None."""
    for p in paras[:12]:
        m = SYMBOL_LINE.match(p[0])
        if m:
            return " ".join([m.group(1)] + p[1:])
    return None


def symbol_of(paras):
    for p in paras[:12]:
        m = re.match(r"^(\d+/\d+(?: [A-Z])?|\d+(?: [A-Z])? \([IVXLC]+\))\.\s",
                     p[0])
        if m:
            return "A/RES/" + m.group(1)
    return "A/INF/1"


def job_number(name):
    n = sum(ord(c) * (i + 1) for i, c in enumerate(name)) % 90000 + 10000
    return "19-%05d" % n


# ---- PDF ------------------------------------------------------------------

def words_of(line, italic):
    """A text line -> (words, italic at its end) given whether it starts in
    italics; a word is a list of (text, style) pieces with style 'r'
    (roman), 'i' (italic) or 's' (superscript call)."""
    words, cur, i = [], [], 0
    piece = ""

    def flush_piece():
        nonlocal piece
        if piece:
            cur.append((piece, "i" if italic else "r"))
            piece = ""
    while i < len(line):
        c = line[i]
        m = CALL.match(line, i)
        if m:
            flush_piece()
            cur.append((m.group(1), "s"))
            i = m.end()
            continue
        if c == "*":
            flush_piece()
            italic = not italic
        elif c == " ":
            flush_piece()
            if cur:
                words.append(cur)
            cur = []
        else:
            piece += c
        i += 1
    flush_piece()
    if cur:
        words.append(cur)
    return words, italic


def font_of(style):
    if style == "s":
        return ROMAN, SUP_SIZE
    return (ITALIC if style == "i" else ROMAN), BODY_SIZE


def word_width(c, word):
    return sum(c.stringWidth(t, *font_of(s)) for t, s in word)


def hyphenate(c, word, room):
    """Split a long roman word so that its head and a hyphen fit in room;
    None if no split fits."""
    if len(word) != 1 or word[0][1] != "r":
        return None
    t = word[0][0]
    if len(t) < 6 or not t.isalpha():
        return None
    vowels = "aeiouáéíóú"
    onsets = ("bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl",
              "pr", "tr", "ch", "ll", "rr")
    for k in range(len(t) - 3, 1, -1):
        syllable = (t[k] not in vowels and t[k + 1] in vowels and
                    t[k - 1:k + 1] not in onsets) or \
                   (t[k - 1] not in vowels and t[k] not in vowels and
                    t[k:k + 2] in onsets)
        if syllable and c.stringWidth(t[:k] + "-", ROMAN, BODY_SIZE) <= room:
            return [(t[:k] + "-", "r")], [(t[k:], "r")]
    return None


def wrap(c, para, space):
    """A paragraph (list of lines) -> layout lines: (words, x0, justify,
    calls) with calls the footnote numbers the line holds. The symbol line
    ("74/29. Title") is set as the UN sets it: ragged, with a hanging
    indent (its later lines under the title's text)."""
    out, italic = [], False
    hang = bool(SYMBOL_LINE.match(para[0]))
    number = None if hang else PARA_NUMBER.match(para[0])
    for li, line in enumerate(para):
        if li == 0 and number:  # "1." at the indent, the text at the next tab stop
            line = line[number.end():]
        words, italic = words_of(line, italic)
        x0 = LEFT + (INDENT if (li == 0) != hang else 0.0) + \
            (INDENT if li == 0 and number else 0.0)
        cur, width = [], 0.0
        while words:
            w = words[0]
            ww = word_width(c, w)
            need = ww + (space if cur else 0.0)
            if x0 + width + need <= RIGHT or not cur:
                cur.append(w)
                width += need
                words.pop(0)
                continue
            split = None if hang else hyphenate(c, w, RIGHT - x0 - width - space)
            if split:
                cur.append(split[0])
                words[0] = split[1]
            out.append((cur, x0, not hang))
            cur, width, x0 = [], 0.0, LEFT + (INDENT if hang else 0.0)
        if cur:
            out.append((cur, x0, False))
    return [(ws, x0, just, [t for w in ws for t, s in w if s == "s"],
             number.group(1) if number and k == 0 else None)
            for k, (ws, x0, just) in enumerate(out)]


def draw_line(c, y, words, x0, justify, space, number):
    if number:
        c.setFont(ROMAN, BODY_SIZE)
        c.drawString(LEFT + INDENT, y, number)
    gap = space
    if justify and len(words) > 1:
        total = sum(word_width(c, w) for w in words)
        gap = (RIGHT - x0 - total) / (len(words) - 1)
    x = x0
    for w in words:
        for t, s in w:
            font, size = font_of(s)
            c.setFont(font, size)
            c.drawString(x, y + (SUP_RISE if s == "s" else 0.0), t)
            x += c.stringWidth(t, font, size)
        x += gap


def masthead(c, symbol, organ, date):
    c.setFont("Helvetica-Bold", 13)
    c.drawString(LEFT, 790, "Naciones Unidas")
    c.setFont("Helvetica-Bold", 15)
    c.drawRightString(RIGHT, 790, symbol)
    c.setFont("Helvetica-Bold", 17)
    c.drawString(LEFT, 762, organ)
    c.setFont("Helvetica", 10)
    c.drawString(400, 764, "Distr. general")
    c.drawString(400, 752, date)
    c.drawString(400, 728, "Original: inglés")
    c.setLineWidth(1.5)
    c.line(LEFT, 718, RIGHT, 718)


def first_footer(c, job):
    c.setFont("Helvetica", 8)
    c.drawString(LEFT, 48, job + " (S)    181219    181219")
    c.setFont("Courier-Bold", 11)
    c.drawString(LEFT, 34, "*" + job.replace("-", "") + "*")


def header_title_lines(c, title, width):
    """The resolution's title as the running header sets it: small type,
    at most two lines of width, the rest cut with an ellipsis."""
    lines, cur = [], ""
    for w in title.split():
        if cur and c.stringWidth(cur + " " + w, "Helvetica", 8) > width:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w).strip()
    lines.append(cur)
    if len(lines) > 2:
        lines = lines[:2]
        lines[1] += "..."
    return lines


def page_frame(c, page, pages, symbol, job, title):
    """The running header (the symbol on the outer side, the title beside
    it, as GA resolutions have them) and the footer."""
    c.setFont("Helvetica-Bold", 9)
    width = RIGHT - LEFT - c.stringWidth(symbol, "Helvetica-Bold", 9) - 24
    heads = header_title_lines(c, title, width) if title else []
    if page % 2 == 0:
        c.drawString(LEFT, 800, symbol)
    else:
        c.drawRightString(RIGHT, 800, symbol)
    c.setFont("Helvetica", 8)
    for k, t in enumerate(heads):
        if page % 2 == 0:
            c.drawRightString(RIGHT, 800 - 9 * k, t)
        else:
            c.drawString(LEFT, 800 - 9 * k, t)
    y = 794 - 9 * max(len(heads) - 1, 0)
    c.setLineWidth(0.5)
    c.line(LEFT, y, RIGHT, y)
    c.setFont("Helvetica", 8)
    if page % 2 == 0:
        c.drawString(LEFT, 40, "%d/%d" % (page, pages))
        c.drawRightString(RIGHT, 40, job)
    else:
        c.drawString(LEFT, 40, job)
        c.drawRightString(RIGHT, 40, "%d/%d" % (page, pages))


def note_lines(c, num, text):
    """A footnote body as layout lines: the superscript number, then the
    text wrapped at the note size."""
    lines, cur, x = [], [(num, "sup")], LEFT + c.stringWidth(num, ROMAN, 6)
    x += c.stringWidth(" ", ROMAN, NOTE_SIZE)
    for w in text.split():
        ww = c.stringWidth(w, ROMAN, NOTE_SIZE)
        if x + ww > RIGHT and len(cur) > 1:
            lines.append(cur)
            cur, x = [], LEFT
        cur.append((w, "note"))
        x += ww + c.stringWidth(" ", ROMAN, NOTE_SIZE)
    lines.append(cur)
    return lines


def layout_pages(c, body, notes, space):
    """Body layout lines -> pages, each a list of ('line'|'skip', ...) and
    the footnote numbers set at its foot."""
    pages, cur, cur_notes = [], [], []
    y, bottom_room = FIRST_TOP, 0.0
    for para in body:
        lines = wrap(c, para, space)
        # Blocks of short lines (header, meeting footer) are kept on one
        # page, as the UN's templates keep them.
        if len(para) > 1 and cur and \
                y - len(lines) * LEADING < BOTTOM + bottom_room:
            pages.append((cur, cur_notes))
            cur, cur_notes, y, bottom_room = [], [], TOP, 0.0
        for k, (words, x0, just, calls, number) in enumerate(lines):
            extra = sum(len(note_lines(c, n, notes.get(n, ""))) * NOTE_LEADING
                        for n in calls) + (12.0 if calls and not cur_notes else 0.0)
            if y - LEADING < BOTTOM + bottom_room + extra and cur:
                pages.append((cur, cur_notes))
                cur, cur_notes, y, bottom_room = [], [], TOP, 0.0
                extra = sum(len(note_lines(c, n, notes.get(n, ""))) * NOTE_LEADING
                            for n in calls) + (12.0 if calls else 0.0)
            y -= LEADING
            cur.append((y, words, x0, just, number))
            bottom_room += extra
            cur_notes.extend(calls)
        y -= PARA_SKIP
    pages.append((cur, cur_notes))
    return pages


def write_pdf(src, dst):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    with open(src, encoding="utf-8") as f:
        paras = paragraphs(f.read())
    notes, body = {}, []
    for p in paras:
        m = NOTE.match(" ".join(p))
        if m:
            notes[m.group(1)] = m.group(2)
        else:
            body.append(p)
    symbol = symbol_of(paras)
    name = os.path.basename(src)
    job = job_number(name)
    date = "%d de %s de 2019" % (len(name) % 28 + 1, MONTHS[len(name) % 12])
    organ = "Asamblea General"
    own = text_masthead(body)
    if own:  # the text's own masthead is drawn as the masthead
        symbol, organ, date = own
        body = body[1:]
    c = canvas.Canvas(dst, pagesize=A4, invariant=1)
    space = c.stringWidth(" ", ROMAN, BODY_SIZE)
    pages = layout_pages(c, body, notes, space)
    for i, (lines, calls) in enumerate(pages):
        if i == 0:
            masthead(c, symbol, organ, date)
            first_footer(c, job)
        else:
            page_frame(c, i + 1, len(pages), symbol, job, title_of(paras))
        for y, words, x0, just, number in lines:
            draw_line(c, y, words, x0, just, space, number)
        y = BOTTOM + sum(len(note_lines(c, n, notes.get(n, ""))) for n in calls) \
            * NOTE_LEADING + 6.0
        if calls:
            c.setLineWidth(0.5)
            c.line(LEFT, y, LEFT + 108, y)
        for n in calls:
            for ln in note_lines(c, n, notes.get(n, "")):
                y -= NOTE_LEADING
                x = LEFT
                for t, s in ln:
                    size = 6.0 if s == "sup" else NOTE_SIZE
                    c.setFont(ROMAN, size)
                    c.drawString(x, y + (3.0 if s == "sup" else 0.0), t)
                    x += c.stringWidth(t + " ", ROMAN, size)
        c.showPage()
    c.save()


# ---- DOCX -----------------------------------------------------------------

def markdown_of(text, tag=""):
    """The corpus layout as pandoc markdown: a line break inside a
    paragraph is a hard break (backslash-newline), characters that markdown
    would read as syntax are escaped. tag is put into footnote labels so
    that the notes of many files set in one document stay apart."""
    out = []
    for p in paragraphs(text):
        m = NOTE.match("\n".join(p))
        lines = [re.sub(r"([\\`_#<>|~^$@])", r"\\\1", ln) for ln in p]
        lines = [re.sub(r"\\\^(\d+)\]", r"^%s\1]" % tag, ln) for ln in lines]
        if not m:
            lines[0] = re.sub(r"^(\d+)\.(\s*)$", r"\1\\.\2", lines[0])
        out.append("\\\n".join(lines))
    return "\n\n".join(out) + "\n"


CUT = "UNSEARCHCUT"
# A paragraph of document.xml holding the cut mark (pandoc writes a
# paragraph as <w:p> ... </w:p>, never nested).
CUT_PARA = re.compile(r"<w:p>(?:(?!</w:p>).)*?%s(\d+)(?:(?!</w:p>).)*?</w:p>" % CUT,
                      re.S)


class SharedPart:
    """A part of pandoc's package (numbering.xml, footnotes.xml) read once
    as its head, its elements by id and its tail, so that the copy for one
    file keeps only the elements that file refers to."""

    def __init__(self, xml, elems):
        pat = re.compile(r'<w:(%s) w:\w+="(-?\d+)"[^>]*>.*?</w:\1>'
                         % "|".join(elems), re.S)
        found = list(pat.finditer(xml))
        self.head = xml[:found[0].start()] if found else xml
        self.tail = xml[found[-1].end():] if found else ""
        self.elems = [(m.group(1), m.group(2), m.group(0)) for m in found]

    def keep(self, ids):
        """The part with the elements whose (name, id) is in ids."""
        return (self.head + "".join(x for name, i, x in self.elems
                                    if (name, i) in ids) + self.tail).encode("utf-8")


def one_file_parts(parts, shared, doc):
    """pandoc's package parts with document.xml replaced by doc and the
    shared numbering and footnotes cut down to what doc refers to, so that
    each file is the size a file of its own would be."""
    ids = {("num", i) for i in re.findall(r'<w:numId w:val="(\d+)"', doc)}
    ids |= {("footnote", i) for i in
            re.findall(r'<w:footnoteReference w:id="(\d+)"', doc) + ["-1", "0"]}
    numbering = shared["word/numbering.xml"]
    ids |= {("abstractNum", a) for name, i, x in numbering.elems
            if (name, i) in ids for a in re.findall(r'<w:abstractNumId w:val="(\d+)"', x)}
    return [(info, doc.encode("utf-8") if info.filename == "word/document.xml" else
             shared[info.filename].keep(ids) if info.filename in shared else data)
            for info, data in parts]


def write_docx(srcs, outdir):
    """All srcs through one pandoc run (it takes half a second whatever the
    size), then cut: the single document is set with a marked paragraph
    before each file's text, and each file's DOCX is pandoc's package with
    document.xml's body cut down to that file's paragraphs and its
    numbering and footnotes to those they use."""
    import tempfile
    import zipfile

    md = []
    for i, src in enumerate(srcs):
        with open(src, encoding="utf-8") as f:
            md.append("%s%d\n\n" % (CUT, i) + markdown_of(f.read(), "f%dn" % i))
    with tempfile.TemporaryDirectory() as tmp:
        whole = os.path.join(tmp, "all.docx")
        subprocess.run(["pandoc", "-f", "markdown-smart-auto_identifiers",
                        "-t", "docx", "-o", whole],
                       input="\n".join(md).encode("utf-8"), check=True)
        with zipfile.ZipFile(whole) as z:
            parts = [(info, z.read(info.filename)) for info in z.infolist()]
    raw = dict((i.filename, d.decode("utf-8", "replace")) for i, d in parts)
    doc = raw["word/document.xml"]
    shared = {"word/numbering.xml": SharedPart(raw["word/numbering.xml"], ["num", "abstractNum"]),
              "word/footnotes.xml": SharedPart(raw["word/footnotes.xml"], ["footnote"])}
    start = doc.index("<w:body>") + len("<w:body>")
    end = doc.rindex("<w:sectPr")
    cuts = list(CUT_PARA.finditer(doc, start, end))
    if [int(m.group(1)) for m in cuts] != list(range(len(srcs))):
        raise SystemExit("resdocs.py: pandoc's output lost a cut mark")
    for i, src in enumerate(srcs):
        body = doc[cuts[i].end():cuts[i + 1].start() if i + 1 < len(cuts) else end]
        one = doc[:start] + body + doc[end:]
        dst = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0]
                           + ".docx")
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
            for info, data in one_file_parts(parts, shared, one):
                z.writestr(info, data)


def main(argv):
    if len(argv) < 3 or argv[0] not in ("pdf", "docx"):
        sys.stderr.write(__doc__)
        return 2
    kind, outdir = argv[0], argv[1]
    os.makedirs(outdir, exist_ok=True)
    if kind == "docx":
        write_docx(argv[2:], outdir)
        return 0
    for src in argv[2:]:
        write_pdf(src, os.path.join(outdir, os.path.splitext(
            os.path.basename(src))[0] + ".pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
