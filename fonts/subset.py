#!/usr/bin/env python3
"""Regenerate the subset Noto CJK SC fonts shipped in fonts/.

How to run (from the repository root):

    apt-get install fonts-noto-cjk      # Debian/Ubuntu: provides the .ttc sources
    pip install fonttools               # tested with fontTools 4.68
    python3 fonts/subset.py

Options / environment:

    --src DIR    directory holding NotoSerifCJK-{Regular,Bold}.ttc and
                 NotoSansCJK-{Regular,Bold}.ttc
                 (env NOTO_CJK_DIR; default /usr/share/fonts/opentype/noto)
    --out DIR    where to write the .otf files (env NOTO_CJK_OUT;
                 default: the directory containing this script)

The output is deterministic: the same source files and fontTools version
produce byte-identical .otf files (head timestamps are copied from the
source font instead of "now"; every set is sorted before use).

What it does, per face: open the Simplified-Chinese face of the .ttc (located
by its family name, normally font index 2), keep only the code points listed
below, keep only a small set of OpenType layout features, drop hinting and
glyph names, rename the CFF-internal font name to the SC PostScript name
(the .ttc shares one CFF table whose internal name is the JP one), and write
a single-face .otf (CID-keyed CFF outlines).  Family/subfamily names in the
name table are kept as in the original, so selecting "Noto Serif CJK SC" /
"Noto Sans CJK SC" with weight 400/700 finds these files.

The result is a Modified Version of the Font Software under the SIL Open Font
License 1.1 (see OFL.txt next to this script).  The Reserved Font Name
"Source" is not used by the Noto names.
"""

import argparse
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

# Typst (via ttf-parser / rustybuzz) drops glyph ids >= 32768.
MAX_GLYPHS = 32768

# Layout features to keep (everything else, e.g. locl/aalt/fwid/hwid/vrt2/
# ruby/hist/dlig and the Hangul jamo features, is dropped).  subs/sups are
# listed for completeness; Noto CJK does not actually define them.
LAYOUT_FEATURES = [
    "ccmp", "kern", "liga", "calt", "mark", "mkmk",
    "subs", "sups", "halt", "palt", "vert",
]

# (output file, source .ttc, expected family, expected subfamily,
#  expected OS/2 weight, include full GBK repertoire?)
FACES = [
    ("NotoSerifCJKsc-Regular.otf", "NotoSerifCJK-Regular.ttc",
     "Noto Serif CJK SC", "Regular", 400, True),
    ("NotoSerifCJKsc-Bold.otf", "NotoSerifCJK-Bold.ttc",
     "Noto Serif CJK SC", "Bold", 700, False),
    ("NotoSansCJKsc-Regular.otf", "NotoSansCJK-Regular.ttc",
     "Noto Sans CJK SC", "Regular", 400, True),
    ("NotoSansCJKsc-Bold.otf", "NotoSansCJK-Bold.ttc",
     "Noto Sans CJK SC", "Bold", 700, False),
]

# Characters every face must contain after subsetting (the script fails
# otherwise).  REGULAR_MUST additionally applies to faces with GBK coverage.
ALL_MUST = (
    "销售服务管控管理制度受控状态持有者分发号编制审核批准"
    "《》（）、。，“”№□○√×①"
)
GBK_MUST = "喆堃珺"

# Code points requested but known to be absent from Noto CJK SC; they are
# silently skipped (reported with -v).  Notably the ballot boxes
# U+2610..2612 (☐ ☑ ☒) are NOT in Noto CJK at all and need a fallback font.


def ranges(*pairs):
    out = set()
    for lo, hi in pairs:
        out.update(range(lo, hi + 1))
    return out


def decode_double_byte(codec, lead, trail):
    """All characters a two-byte codec decodes in the given byte ranges."""
    out = set()
    for b1 in lead:
        for b2 in trail:
            try:
                s = bytes((b1, b2)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                out.add(ord(s))
    return out


def gb2312_chars():
    # EUC-CN: both bytes 0xA1..0xFE.
    return decode_double_byte("gb2312", range(0xA1, 0xFF), range(0xA1, 0xFF))


def gbk_chars():
    # GBK: lead 0x81..0xFE, trail 0x40..0xFE except 0x7F.
    trail = [b for b in range(0x40, 0xFF) if b != 0x7F]
    return decode_double_byte("gbk", range(0x81, 0xFF), trail)


def base_codepoints():
    cps = ranges(
        (0x0020, 0x007E),  # ASCII
        (0x00A0, 0x00FF),  # Latin-1 supplement (punctuation, ×, ÷, ...)
        (0x2000, 0x206F),  # General Punctuation
        (0x2100, 0x214F),  # Letterlike Symbols (incl. № U+2116)
        (0x2190, 0x21FF),  # Arrows
        (0x2460, 0x24FF),  # Enclosed Alphanumerics (①, ⑴, ⒈, ...)
        (0x25A0, 0x25FF),  # Geometric Shapes (□ ■ ○ ● △ ...)
        (0x2610, 0x2612),  # Ballot boxes (not in Noto CJK, see above)
        (0x2713, 0x2713),  # ✓
        (0x3000, 0x303F),  # CJK Symbols and Punctuation
        (0x3200, 0x32FF),  # Enclosed CJK Letters and Months (㈠ ㊣ ...)
        (0x3380, 0x33DF),  # CJK compatibility: units (㎡ ㎏ ㏄ ...)
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    )
    cps.update(ord(c) for c in "□☐☑○√№×")
    cps |= gb2312_chars()
    return cps


def find_sc_face(path, family):
    """Return the font index in the .ttc whose name ID 1 equals family."""
    from fontTools.ttLib import TTCollection

    coll = TTCollection(path, lazy=True)
    found = [
        i for i, f in enumerate(coll.fonts)
        if f["name"].getDebugName(1) == family
    ]
    coll.close()
    if len(found) != 1:
        sys.exit(f"{path}: expected exactly one face named {family!r}, "
                 f"found {found}")
    return found[0]


def make_options():
    o = subset.Options()
    o.layout_features = list(LAYOUT_FEATURES)
    o.layout_scripts = ["*"]
    o.hinting = False
    o.glyph_names = False
    o.legacy_kern = False
    o.notdef_glyph = True
    o.notdef_outline = True
    o.recommended_glyphs = False
    o.name_IDs = ["*"]
    o.name_languages = ["*"]
    o.name_legacy = True
    o.desubroutinize = False
    o.prune_unicode_ranges = True
    o.recalc_bounds = True
    o.recalc_timestamp = False
    o.canonical_order = True
    return o


def build_face(src_dir, out_dir, face, base, gbk, verbose):
    out_name, src_name, family, style, weight, want_gbk = face
    src = os.path.join(src_dir, src_name)
    if not os.path.isfile(src):
        sys.exit(f"missing source font {src} (apt-get install fonts-noto-cjk "
                 f"or pass --src / NOTO_CJK_DIR)")
    index = find_sc_face(src, family)

    font = TTFont(src, fontNumber=index, recalcTimestamp=False,
                  recalcBBoxes=True)
    name = font["name"]
    assert name.getDebugName(1) == family, name.getDebugName(1)
    assert name.getDebugName(2) == style, name.getDebugName(2)
    assert font["OS/2"].usWeightClass == weight
    created = font["head"].created
    modified = font["head"].modified

    wanted = set(base)
    if want_gbk:
        wanted |= gbk
    cmap = font.getBestCmap()
    unicodes = sorted(c for c in wanted if c in cmap)
    missing = sorted(wanted - set(cmap))
    if verbose and missing:
        print(f"  {out_name}: {len(missing)} requested code points not in "
              f"source: " + " ".join(f"U+{c:04X}" for c in missing),
              file=sys.stderr)

    sub = subset.Subsetter(options=make_options())
    sub.populate(unicodes=unicodes)
    sub.subset(font)

    # The .ttc shares one CFF table whose internal name is the JP face's;
    # make the CFF font name agree with the SC PostScript name (name ID 6).
    ps_name = name.getDebugName(6)
    cff = font["CFF "].cff
    cff.fontNames = [ps_name]
    top = cff.topDictIndex[0]
    top.FullName = name.getDebugName(4)
    top.FamilyName = family

    # Deterministic timestamps: keep the source's, never "now".
    font["head"].created = created
    font["head"].modified = modified
    font.recalcTimestamp = False

    n = len(font.getGlyphOrder())
    assert n < MAX_GLYPHS, f"{out_name}: {n} glyphs >= {MAX_GLYPHS}"

    out = os.path.join(out_dir, out_name)
    tmp = out + ".tmp"
    font.save(tmp, reorderTables=True)
    font.close()

    # Re-read what was written and check it before putting it in place.
    check = TTFont(tmp)
    n = check["maxp"].numGlyphs
    assert n == len(check.getGlyphOrder())
    assert n < MAX_GLYPHS, f"{out_name}: {n} glyphs >= {MAX_GLYPHS}"
    assert check["name"].getDebugName(1) == family
    assert check["name"].getDebugName(2) == style
    assert check["OS/2"].usWeightClass == weight
    out_cmap = check.getBestCmap()
    must = ALL_MUST + (GBK_MUST if want_gbk else "")
    absent = [c for c in must if ord(c) not in out_cmap]
    assert not absent, f"{out_name}: missing required characters {absent}"
    check.close()
    os.replace(tmp, out)
    size = os.path.getsize(out)
    print(f"{out_name}: {n} glyphs, {len(out_cmap)} code points, "
          f"{size} bytes (from {src_name} #{index})")
    return size


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=os.environ.get(
        "NOTO_CJK_DIR", "/usr/share/fonts/opentype/noto"))
    ap.add_argument("--out", default=os.environ.get("NOTO_CJK_OUT", here))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    base = base_codepoints()
    gbk = gbk_chars()
    total = 0
    for face in FACES:
        total += build_face(args.src, args.out, face, base, gbk, args.verbose)
    print(f"total: {total} bytes")


if __name__ == "__main__":
    main()
