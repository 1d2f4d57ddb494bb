"""tests/assets/segfile.py: reading and patching segment files (format.h)
for the tests that damage an index on purpose: the section table, the
checksums made right again after a patch, and where a clause's source line
lies in the packed clause records. Runs from the project root (reads
common/format.h), imported with tests/assets on sys.path."""
import re, struct, zlib

HDR, ENT = 32, 24
FMT = open("common/format.h").read()


def const(name):
    """An integer #define or enum value of format.h (1u << n understood)."""
    m = re.search(r"#define %s \(1u << (\d+)\)" % name, FMT)
    if m:
        return 1 << int(m.group(1))
    m = re.search(r"(?:#define %s|\b%s =) (\d+)" % (name, name), FMT)
    return int(m.group(1))


def table(b):
    """The section table: (id, crc, offset, length) per section."""
    n = struct.unpack_from("<I", b, 20)[0]
    return [struct.unpack_from("<IIQQ", b, HDR + ENT * i) for i in range(n)]


def section(b, sid):
    """(offset, length) of section sid."""
    for s, _, off, ln in table(b):
        if s == sid:
            return off, ln
    raise KeyError(sid)


def fix(b):
    """b with every section, table and header checksum recomputed."""
    b = bytearray(b)
    t = table(b)
    for i, (sid, crc, off, ln) in enumerate(t):
        struct.pack_into("<I", b, HDR + ENT * i + 4, zlib.crc32(b[off:off + ln]))
    struct.pack_into("<I", b, 24, zlib.crc32(b[HDR:HDR + ENT * len(t)]))
    struct.pack_into("<I", b, 28, zlib.crc32(b[:28]))
    return bytes(b)


def _varint(b, i):
    v = shift = 0
    while True:
        v |= (b[i] & 0x7f) << shift
        shift += 7
        i += 1
        if b[i - 1] < 0x80:
            return v, i


def clause_line(b, k):
    """Clause k's record in group 0 (k < CLAUSE_GROUP): the byte offset and
    length of its line varint, and its head (format.h SEC_CLAUSES)."""
    off, _ = section(b, const("SEC_CLAUSES"))
    i = off
    for c in range(k + 1):
        head, i = _varint(b, i)
        first = c == 0
        n = 1 + (first or bool(head & const("CLREC_NEW_DOC"))) + \
            (first or bool(head & const("CLREC_NEW_BLOCK"))) + first + \
            bool(head & const("CLREC_LABEL")) + bool(head & const("CLREC_VERB")) + \
            2 * bool(head & const("CLREC_EMPH"))
        for _ in range(n):
            _, i = _varint(b, i)
        at = i
        _, i = _varint(b, i)
    return at, i - at, head
