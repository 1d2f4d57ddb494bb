"""tests/assets/damage.py IX IX1 OUT: the damaged-index fixtures of
tests/cli/0100-corrupt.sh, made fresh from an index of corpus/ (IX) and one
of a single file (IX1) so that they follow format changes (stored binary
fixtures would silently turn into "missing section" cases). Writes one
directory per case under OUT and prints NAME<TAB>DIR<TAB>FILE<TAB>SECTION
<TAB>STRICT per case: FILE is the name stderr must contain, SECTION a word
it must contain ("-" for none), STRICT 1 when the index must be refused, 0
for damage behind recomputed checksums (any answer but a crash, a hang or a
multi-line error). Runs from the project root (reads common/format.h)."""
import os, random, re, shutil, struct, sys, zlib
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from segfile import HDR, ENT, table, fix, clause_line
ix, ix1, out = sys.argv[1:4]
rnd = random.Random(100)
# Section names as the reader prints them: SEC_<NAME> = <id> in format.h.
NAMES = {int(m.group(2)): m.group(1) for m in
         re.finditer(r"\bSEC_([A-Z_]+) = (\d+),", open("common/format.h").read())}
seg = sorted(f for f in os.listdir(ix) if f.endswith(".uns"))[0]
files = {"MANIFEST": open(os.path.join(ix, "MANIFEST"), "rb").read(),
         seg: open(os.path.join(ix, seg), "rb").read()}

ncase = 0
def case(name, fname, section, strict, data=None, setup=None, target=None):
    global ncase
    ncase += 1
    d = os.path.join(out, "c%03d" % ncase)
    shutil.copytree(ix, d)
    if data is not None:
        open(os.path.join(d, target or fname), "wb").write(data)
    if setup:
        setup(d)
    print("\t".join([name, d, fname, section, str(strict)]))

def flip(b, lo, hi, count):
    b = bytearray(b)
    for _ in range(count):
        b[rnd.randrange(lo, hi)] ^= 1 << rnd.randrange(8)
    return bytes(b)

for fname, b in files.items():
    n = len(b)
    t = table(b)
    # Truncation: 0, around the header and table ends and every section
    # start, then evenly spread, 40 offsets in all.
    offs = {0, 1, 8, 12, HDR - 1, HDR, HDR + 1, HDR + ENT, HDR + ENT * len(t) - 1,
            HDR + ENT * len(t), n - 1}
    offs |= {s[2] for s in t} | {s[2] + 1 for s in t}
    offs = {o for o in offs if 0 <= o < n}
    step = max(1, n // 40)
    o = 3
    while len(offs) < 40 and o < n:
        offs.add(o)
        o += step
    for o in sorted(offs)[:40] if len(offs) > 40 else sorted(offs):
        case("truncate-%s-at-%d" % (fname, o), fname, "-", 1, b[:o])
    # The header field by field, the section table entry by entry.
    for fld, lo, hi in (("magic", 0, 8), ("sentinel", 8, 12),
                        ("version", 12, 16), ("kind", 16, 20),
                        ("nsections", 20, 24), ("tablecrc", 24, 28),
                        ("headercrc", 28, 32)):
        case("flip-%s-header-%s" % (fname, fld), fname, "-", 1, flip(b, lo, hi, 1))
    for i in range(len(t)):
        lo = HDR + ENT * i
        case("flip-%s-table-entry%d" % (fname, i), fname, "-", 1,
             flip(b, lo, lo + ENT, 1))
        # The same entry damaged with its checksums made consistent: an
        # offset or length pointing elsewhere must still be refused.
        for fld, fo in (("offset", 8), ("length", 16)):
            bb = bytearray(b)
            struct.pack_into("<Q", bb, lo + fo,
                             struct.unpack_from("<Q", bb, lo + fo)[0] + rnd.choice([1, 7, 1 << 20, 1 << 40]))
            case("fixed-%s-table-entry%d-%s" % (fname, i, fld), fname, "-", 1, fix(bb))
    # Each section: 1, 3 and 8 random bits flipped.
    for sid, crc, off, ln in t:
        if ln == 0:
            continue
        for k in (1, 3, 8):
            case("flip-%s-%s-%dbits" % (fname, NAMES.get(sid, "?"), k), fname,
                 NAMES.get(sid, "?"), 1, flip(b, off, off + ln, k))
        # Checksum-fixed: decoders see the damage (lenient group).
        for k in (1, 4, 16, 64):
            case("fixed-%s-%s-%dbits" % (fname, NAMES.get(sid, "?"), k), fname,
                 NAMES.get(sid, "?"), 0, fix(flip(b, off, off + ln, k)))
        # A whole section of 0xff, checksum fixed.
        bb = bytearray(b)
        bb[off:off + ln] = b"\xff" * ln
        case("fixed-%s-%s-all-ff" % (fname, NAMES.get(sid, "?")), fname, NAMES.get(sid, "?"), 0, fix(bb))
    # Zero-length file; a directory and a FIFO in its place.
    case("empty-%s" % fname, fname, "-", 1, b"")
    def mkdir(d, f=fname):
        os.unlink(os.path.join(d, f)); os.mkdir(os.path.join(d, f))
    case("directory-%s" % fname, fname, "-", 1, setup=mkdir)
    def mkfifo(d, f=fname):
        os.unlink(os.path.join(d, f)); os.mkfifo(os.path.join(d, f))
    case("fifo-%s" % fname, fname, "-", 1, setup=mkfifo)

# The MANIFEST names a segment that is not there.
case("missing-segment", seg, "-", 1, setup=lambda d: os.unlink(os.path.join(d, seg)))
man = bytearray(files["MANIFEST"])
p = man.find(seg.encode())
other = ("seg-9" + seg[seg.index("."):]).encode() if len(seg) == len("seg-9.uns") else None
if p > 0 and other:
    man[p:p + len(other)] = other
    case("manifest-names-missing-segment", other.decode(), "-", 1, fix(man),
         target="MANIFEST")
# The segment name in the MANIFEST holds a newline, or binary bytes: the
# error must still be one line.
for label, bad in (("newline", b"\n"), ("binary", b"\xff\x1b[")):
    p = files["MANIFEST"].find(seg.encode())
    if p > 0:
        m2 = bytearray(files["MANIFEST"])
        m2[p + 5:p + 5 + len(bad)] = bad
        case("manifest-name-" + label, "MANIFEST", "MANIFEST", 1, fix(m2))
# Files of another index (built from one of the two files).
seg1 = sorted(f for f in os.listdir(ix1) if f.endswith(".uns"))[0]
one = {"MANIFEST": open(os.path.join(ix1, "MANIFEST"), "rb").read(),
       seg: open(os.path.join(ix1, seg1), "rb").read()}
case("segment-from-other-index", seg, "-", 1, one[seg])
case("manifest-from-other-index", "MANIFEST" if seg1 == seg else seg1, "-", 1,
     one["MANIFEST"])
# A file of the other kind in place.
case("manifest-is-a-segment", "MANIFEST", "-", 1, files[seg])
case("segment-is-a-manifest", seg, "-", 1, files["MANIFEST"])

# Targeted damage behind fixed checksums, each once found by fuzz_index
# (tests/fuzz/README): a text block starting far past its section (format 11
# had a raw length of ~4 GiB here; format 12 keeps raw lengths in 16 bits),
# and positions zeroed or saturated (NEAR then sees kids without positions).
b = files[seg]
t = {e[0]: e for e in table(b)}
TEXT_INDEX = [k for k, v in NAMES.items() if v == "TEXT_INDEX"]
POSITIONS = [k for k, v in NAMES.items() if v == "POSITIONS"]
if TEXT_INDEX and TEXT_INDEX[0] in t:
    bb = bytearray(b)
    struct.pack_into("<IH", bb, t[TEXT_INDEX[0]][2], 0xfffffff0, 0xffff)
    case("fixed-text-offset-past-end", seg, "-", 0, fix(bb))
# One byte flipped in the middle of every stored text block, checksums
# fixed: each block's own CRC (format 5) must refuse it, whatever the
# section checksums say, so a hit's paragraph is never printed garbled.
TEXT = [k for k, v in NAMES.items() if v == "TEXT"]
fmt = open("common/format.h").read()
TXE = int(re.search(r"#define TEXTIDX_ENTRY_SIZE (\d+)", fmt).group(1))
if TEXT_INDEX and TEXT_INDEX[0] in t and TEXT and TEXT[0] in t:
    bb = bytearray(b)
    ioff, ilen = t[TEXT_INDEX[0]][2], t[TEXT_INDEX[0]][3]
    toff, tlen = t[TEXT[0]][2], t[TEXT[0]][3]
    # u48 offsets; a frame ends where the next begins.
    offs = [int.from_bytes(bb[ioff + k * TXE:ioff + k * TXE + 6], "little")
            for k in range(ilen // TXE)] + [tlen]
    for k in range(ilen // TXE):
        bb[toff + (offs[k] + offs[k + 1]) // 2] ^= 0x10
    case("fixed-text-every-block-1byte", seg, "TEXT", 1, fix(bb))
if POSITIONS and POSITIONS[0] in t:
    off, ln = t[POSITIONS[0]][2], t[POSITIONS[0]][3]
    for label, byte in (("zero", 0), ("ones", 0x55)):
        bb = bytearray(b)
        bb[off:off + ln] = bytes([byte]) * ln
        case("fixed-positions-" + label, seg, "-", 0, fix(bb))
# A clause's source line (format 4) zeroed and one run backwards (zigzag
# line deltas of the packed records: 0 from 0 for clause 0, -1 for clause
# 2): the query side only prints lines, unindex --check refuses both.
CLAUSES = [k for k, v in NAMES.items() if v == "CLAUSES"]
if CLAUSES and CLAUSES[0] in t:
    for label, clause, value in (("zero", 0, 0), ("backwards", 2, 1)):
        bb = bytearray(b)
        at, n, _ = clause_line(bb, clause)
        bb[at:at + n] = bytes([0x80] * (n - 1) + [value])
        case("fixed-clause-line-" + label, seg, "-", 0, fix(bb))

# The citation table behind fixed checksums: a record naming a clause past
# the end, one out of clause order, an unknown kind, a symbol offset inside
# a string. Queries may not read it; `unindex --check` must refuse each
# (tests/cli/0350-cites.sh runs these "fixed-cites-" cases again for that).
CITES = [k for k, v in NAMES.items() if v == "CITES"]
if CITES and CITES[0] in t and t[CITES[0]][3] >= 32:
    off = t[CITES[0]][2]
    last = off + t[CITES[0]][3] - 16
    for label, at, value in (("clause-past-end", last, 0x7fffffff),
                             ("clause-order", last, 0),
                             ("kind", last + 12, 9),
                             ("symbol-inside-string", last + 4, None)):
        bb = bytearray(b)
        if label == "kind":
            bb[at] = value
        elif value is None:
            struct.pack_into("<I", bb, at, struct.unpack_from("<I", bb, at)[0] + 1)
        else:
            struct.pack_into("<I", bb, at, value)
        case("fixed-cites-" + label, seg, "CITES", 0, fix(bb))
