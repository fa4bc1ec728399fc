#!/usr/bin/python3
"""Convert a CFF-flavoured OpenType font to TrueType (quadratic) outlines.

gongwen embeds fonts as CIDFontType2 (TrueType) programs, and the Fandol
fonts are CFF. fontTools' cu2qu turns each cubic curve into quadratics within
`--max-err` font units; the glyf table it writes has no composite glyphs, so
libharu's and some readers' trouble with nested composites cannot arise.
Side bearings are recomputed from the new outlines (see fix_side_bearings).

usage: otf2ttf.py IN.otf OUT.ttf [--max-err 1.0]
Needs Debian's python3-fonttools. Deterministic: the same input gives the
same bytes (head.modified is copied from the source, not the clock).
"""
import sys
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen


def fix_side_bearings(font, glyf, glyph_order):
    """Make hmtx lsb equal glyf xMin (and vmtx tsb = vertical origin - yMax).

    A TrueType rasterizer places the outline so that its xMin sits at the hmtx
    lsb (phantom point pp1 = xMin - lsb), and head.flags bit 1, copied from
    the source, promises they are equal. The CFF source's lsb is the exact
    curve extreme, while glyf's xMin is the extreme of the control points,
    which after cu2qu can lie further out; keeping the old lsb shifted such
    glyphs sideways (U+3007 〇 by 32 units) in FreeType and other renderers.
    """
    vorg = font["VORG"] if "VORG" in font else None
    hmtx = font["hmtx"]
    vmtx = font["vmtx"] if "vmtx" in font else None
    for name in glyph_order:
        g = glyf[name]
        g.recalcBounds(glyf)
        if g.numberOfContours == 0:
            continue
        adv, _ = hmtx[name]
        hmtx[name] = (adv, g.xMin)
        if vmtx is not None and vorg is not None:
            origin = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
            vadv, _ = vmtx[name]
            vmtx[name] = (vadv, origin - g.yMax)


def convert(src, dst, max_err=1.0):
    font = TTFont(src)
    glyph_order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(None)
        gs[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    fix_side_bearings(font, glyf, glyph_order)
    font["loca"] = newTable("loca")
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for k in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
              "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
              "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, k, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    font.recalcTimestamp = False
    font.save(dst, reorderTables=True)


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) < 2:
        print(__doc__)
        sys.exit(2)
    err = float(a[a.index("--max-err") + 1]) if "--max-err" in a else 1.0
    convert(a[0], a[1], err)
