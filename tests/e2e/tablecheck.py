#!/usr/bin/env python3
"""tablecheck: what the table end-to-end test asks of a report's PDF, read
back with MuPDF (`mutool draw -F stext` for every glyph's box and text,
`mutool draw -F trace` for the stroked rule paths).

  tablecheck.py cells  PDF SOURCE LAYOUT   every label and number of the
        source's tables is the text of one cell of the PDF (cells rebuilt
        from the rules around each glyph; a label drawn again after a page
        break may carry the continued mark); every number exactly as often
        as the source has it; no cell ends in a lone character under a
        longer line
  tablecheck.py ink    PDF LAYOUT          no rule runs through a glyph; no
        rule and no glyph but the page numbers outside the text area
  tablecheck.py repeat PDF SOURCE [cut]    on every page table 三 spans, its
        header cells are there, and 三、本年度办理结果 beside any of its rows
        (cut: that label is on two pages, cut by a break)
  tablecheck.py gate   GONGWEN SOURCE DIR  changing any one number of 表三
        or 表四 makes `gongwen build` fail with E-table-sum at the changed line
        naming the table (表三: the row and the column; 表四, one row: the
        block of five in 「」, at its 总计), and write no PDF. 表二 has no
        relation to break.

pdftotext is no use for cells: it interleaves the lines of wrapped cells
with their neighbours. Each subcommand prints what is wrong and exits 1, or
prints a one-line summary and exits 0.
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

MM = 72 / 25.4
PAGE_NO = re.compile(r"^—\s*\d+\s*—$")
NUMBER = re.compile(r"^-?[0-9][0-9,.]*(元|万元)?$")


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def norm(s):
    """Brackets and digits folded to one width, spaces dropped."""
    s = s.replace("(", "（").replace(")", "）")
    s = re.sub(r"[０-９]", lambda m: chr(ord(m.group()) - 0xFEE0), s)
    return re.sub(r"\s+", "", s)


# ---- the layout file -------------------------------------------------------

def text_area(layout):
    """(x0, y0, x1, y1) of the text area, y down from the page's top, from
    the [page] keys of the layout file (mm or pt; defaults of GB/T 9704)."""
    keys = {"width": 210 * MM, "height": 297 * MM, "margin_top": 37 * MM,
            "margin_bottom": 35 * MM, "margin_left": 28 * MM, "margin_right": 26 * MM}
    section = None
    for line in open(layout, encoding="utf-8"):
        line = line.split("#")[0].strip()
        if line.startswith("["):
            section = line.strip("[]").strip()
        elif "=" in line and section == "page":
            k, v = (x.strip() for x in line.split("=", 1))
            m = re.match(r"^([\d.]+)\s*(mm|pt)$", v)
            if k in keys and m:
                keys[k] = float(m.group(1)) * (MM if m.group(2) == "mm" else 1)
    return (keys["margin_left"], keys["margin_top"], keys["width"] - keys["margin_right"],
            keys["height"] - keys["margin_bottom"])


# ---- reading the PDF -------------------------------------------------------

def mutool(fmt, pdf):
    rc, out, err = run("mutool", "draw", "-q", "-F", fmt, "-o", "-", pdf)
    if rc:
        fail(f"mutool draw -F {fmt} failed: {err}")
    return out


def glyphs(pdf):
    """Per page: a list of (x0, y0, x1, y1, char), y down."""
    pages = []
    for page in ET.fromstring(mutool("stext", pdf)).iter("page"):
        out = []
        for ch in page.iter("char"):
            if not ch.get("c").strip():
                continue  # a space mutool puts in a gap: no glyph
            q = [float(v) for v in ch.get("quad").split()]
            xs, ys = q[0::2], q[1::2]
            out.append((min(xs), min(ys), max(xs), max(ys), ch.get("c")))
        pages.append(out)
    return pages


def rules(pdf):
    """Per page: a list of stroked segments (x0, y0, x1, y1, width), y down."""
    pages = []
    for page in ET.fromstring("<r>" + re.sub(r"<\?xml[^>]*>", "", mutool("trace", pdf)) +
                              "</r>").iter("page"):
        out = []
        for path in page.iter("stroke_path"):
            a, b, c, d, e, f = (float(v) for v in path.get("transform").split())
            w = float(path.get("linewidth")) * (abs(a * d - b * c) ** 0.5)
            pts = [(float(p.get("x")), float(p.get("y"))) for p in path
                   if p.tag in ("moveto", "lineto")]
            pts = [(a * x + c * y + e, b * x + d * y + f) for x, y in pts]
            out += [(*pts[i], *pts[i + 1], w) for i in range(len(pts) - 1)]
        pages.append(out)
    return pages


def stroke_box(r):
    """The ink of a straight butt-capped stroke."""
    x0, y0, x1, y1, w = r
    h = w / 2
    if abs(x0 - x1) < 1e-3:  # vertical
        return (x0 - h, min(y0, y1), x0 + h, max(y0, y1))
    return (min(x0, x1), y0 - h, max(x0, x1), y0 + h)


def lines_of(page):
    """Glyphs grouped into text lines (same top), each (top, text, glyphs)."""
    rows = {}
    for g in page:
        rows.setdefault(round(g[1], 1), []).append(g)
    return [(y, "".join(c[4] for c in sorted(gs)), gs) for y, gs in sorted(rows.items())]


def page_number_glyphs(page):
    out = set()
    for _, text, gs in lines_of(page):
        if PAGE_NO.match(text.strip()):
            out.update(gs)
    return out


def cells(gl, rl, lines=False):
    """Per page: {(left, top, right, bottom): text} — each glyph goes to the
    box of the nearest rules around its centre that reach past it; glyphs
    with no rule on some side are not in a table. lines: the text as a list
    of its lines."""
    pages = []
    for page, segs in zip(gl, rl):
        vs = [(s[0], min(s[1], s[3]), max(s[1], s[3])) for s in segs if abs(s[0] - s[2]) < 1e-3]
        hs = [(s[1], min(s[0], s[2]), max(s[0], s[2])) for s in segs if abs(s[1] - s[3]) < 1e-3]
        boxes = {}
        for g in page:
            cx, cy = (g[0] + g[2]) / 2, (g[1] + g[3]) / 2
            left = [x for x, a, b in vs if x < cx and a <= cy <= b]
            right = [x for x, a, b in vs if x > cx and a <= cy <= b]
            top = [y for y, a, b in hs if y < cy and a <= cx <= b]
            bottom = [y for y, a, b in hs if y > cy and a <= cx <= b]
            if left and right and top and bottom:
                key = tuple(round(v, 1) for v in (max(left), max(top), min(right), min(bottom)))
                boxes.setdefault(key, []).append(g)
        if lines:
            pages.append({k: [t for _, t, _ in lines_of(gs)] for k, gs in boxes.items()})
        else:
            pages.append({k: "".join(g[4] for _, _, g in
                                     sorted((round(g[1], 1), g[0], g) for g in gs))
                          for k, gs in boxes.items()})
    return pages


# ---- the source ------------------------------------------------------------

def source_tables(source):
    """The tables of a plain-text report: runs of tab-separated lines (blank
    lines inside a run allowed), each a list of (line number, fields)."""
    tables, cur, blank = [], [], 0
    for i, line in enumerate(open(source, encoding="utf-8-sig").read().split("\n"), 1):
        line = line.rstrip("\r")
        if "\t" in line:
            cur.append((i, line.split("\t")))
            blank = 0
        elif not line.strip() and cur and blank == 0:
            blank = 1
        else:
            if cur:
                tables.append(cur)
            cur, blank = [], 0
    if cur:
        tables.append(cur)
    return tables


def table_named(tables, word):
    for t in tables:
        if any(word in f for _, fs in t for f in fs):
            return t
    fail(f"no table with {word} in the source")


# ---- subcommands -----------------------------------------------------------

def cmd_cells(pdf, source, layout):
    found = [norm(t) for page in cells(glyphs(pdf), rules(pdf)) for t in page.values()]
    texts = set(found)
    labels, numbers = set(), Counter()
    for t in source_tables(source):
        for _, fields in t:
            for f in fields:
                f = norm(f)
                if NUMBER.match(f):
                    numbers[f] += 1
                elif f:
                    labels.add(f)
    missing = [l for l in labels if l not in texts and not any(
        t.startswith(l) and len(t) - len(l) <= 3 for t in texts)]
    if missing:
        fail("labels not found as a cell: " + " | ".join(sorted(missing)[:5]))
    got = Counter(t for t in found if NUMBER.match(t))
    if got != numbers:
        fail(f"numbers differ: source {dict(numbers)}, PDF cells {dict(got)}")
    for p, page in enumerate(cells(glyphs(pdf), rules(pdf), lines=True), 1):
        for ls in page.values():
            if len(ls) >= 2 and len(ls[-1]) == 1 and len(ls[-2]) >= 3:
                fail(f"page {p}: a lone 「{ls[-1]}」 under 「{ls[-2]}」 in a cell")
    print(f"cells ok: {len(labels)} labels, {sum(numbers.values())} numbers, each in a cell")


HANG = set("。，、；：？！”’）》】〕」』")
OPEN = set("（“‘《【〔「『")


def ink_x(g):
    """The x extent of a glyph's ink, near enough: its box, but a full-width
    mark only the half its ink is in. The breaker squeezes the empty half of
    marks (adjacent marks take 1.5 em; a line may end on a ½ em mark), so
    that half of the box may lie over a neighbour's box, or a cell's rule."""
    half = (g[2] - g[0]) / 2
    if g[4] in HANG and half > 3:
        return g[0], g[0] + half
    if g[4] in OPEN and half > 3:
        return g[0] + half, g[2]
    return g[0], g[2]


def in_table(g, boxes):
    """Is glyph g between rules on its left and right?"""
    cy = (g[1] + g[3]) / 2
    return any(b[2] <= g[0] + 0.5 and b[1] <= cy <= b[3] for b in boxes) and \
        any(b[0] >= g[2] - 0.5 and b[1] <= cy <= b[3] for b in boxes)


def cmd_ink(pdf, layout):
    x0, y0, x1, y1 = text_area(layout)
    gl, rl = glyphs(pdf), rules(pdf)
    nrules = nglyphs = 0
    for p, (page, segs) in enumerate(zip(gl, rl), 1):
        boxes = [stroke_box(s) for s in segs]
        for b in boxes:
            if b[0] < x0 - 0.01 or b[2] > x1 + 0.01 or b[1] < y0 - 0.01 or b[3] > y1 + 0.01:
                fail(f"page {p}: a rule leaves the text area: {b}")
        nrules += len(boxes)
        pn = page_number_glyphs(page)
        for g in page:
            if g in pn:
                continue
            # a closing mark at a prose line's end may hang its empty half
            hang = 0.5 * (g[2] - g[0]) if g[4] in HANG and not in_table(g, boxes) else 0
            if g[0] < x0 - 0.5 or g[2] > x1 + 0.5 + hang or g[1] < y0 - 0.5 or g[3] > y1 + 0.5:
                fail(f"page {p}: {g[4]} at {g[0]:.1f},{g[1]:.1f} outside the text area")
            gx0, gx1 = ink_x(g)
            for b in boxes:  # the glyph box less 0.2 pt all round
                if b[0] < gx1 - 0.2 and b[2] > gx0 + 0.2 and b[1] < g[3] - 0.2 and \
                        b[3] > g[1] + 0.2:
                    fail(f"page {p}: a rule {b} runs through {g[4]} at {g[0]:.1f},{g[1]:.1f}")
            nglyphs += 1
    print(f"ink ok: {nrules} rule segments, {nglyphs} glyphs, none crossing, all inside")


HEADS_THREE = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
               "其他", "总计"]


def cmd_repeat(pdf, source, cut=None):
    three = table_named(source_tables(source), "申请人情况")
    start = next(i for i, (_, fs) in enumerate(three) if "商业企业" in fs) + 1
    body = [norm(f) for _, fs in three[start:] for f in fs
            if norm(f) and not NUMBER.match(norm(f))]
    heads = HEADS_THREE
    spanned = labelled = 0
    for p, page in enumerate(cells(glyphs(pdf), rules(pdf)), 1):
        texts = {norm(t) for t in page.values()}
        if not any(any(t.startswith(r) for t in texts) for r in body):
            continue
        spanned += 1
        lost = [h for h in heads if h not in texts]
        if lost:
            fail(f"page {p} shows rows of 表三 without its header cells {lost}")
        inner = [r for r in body if re.match(r"^(（[一二三四五六七]）|\d+\.)", r)]
        if any(t.startswith(r) for r in inner for t in texts):
            labelled += 1
            if not any(t.startswith("三、本年度办理结果") for t in texts):
                fail(f"page {p} shows rows of 三、本年度办理结果 without that label")
    if spanned == 0:
        fail("表三 not found in the PDF")
    if cut and labelled < 2:
        fail(f"三、本年度办理结果 is on {labelled} page: this case wants it cut by a break")
    print(f"repeat ok: 表三 on {spanned} page(s), its header on each; "
          f"三、本年度办理结果 on {labelled}")


def mutations(source):
    """(line number, field index, table name) of every number of 表三 and 表四."""
    tables = source_tables(source)
    out = []
    for word, name in (("申请人情况", "表三"), ("行政复议", "表四")):
        for line, fields in table_named(tables, word):
            out += [(line, k, name) for k, f in enumerate(fields) if NUMBER.match(norm(f))]
    return out


FOUR_BLOCKS = ("「行政复议」", "「行政诉讼·未经复议直接起诉」", "「行政诉讼·复议后起诉」")


def gate_four(fields, k, msgs, line, where, err):
    """表四 (one data row, three blocks of five): field k changed; a message
    names its block in 「」 and points at that block's 总计 (the one cell
    against four). Columns count characters from 1."""
    block = k // 5
    total = 5 * block + 4
    col = sum(len(f) + 1 for f in fields[:total]) + 1
    at = f"m.txt:{line}:{col}: "
    if not any(at in m and f"表四 {FOUR_BLOCKS[block]}: " in m for m in msgs):
        fail(f"{where}: no message names the block {FOUR_BLOCKS[block]} at its 总计 "
             f"({at.strip()}): {err.strip()}")


def cmd_gate(gongwen, source, outdir):
    os.makedirs(outdir, exist_ok=True)
    lines = open(source, encoding="utf-8-sig").read().split("\n")
    muts = mutations(source)
    if len(muts) < 150:
        fail(f"only {len(muts)} numbers found in 表三 and 表四")
    for line, k, name in muts:
        fields = lines[line - 1].split("\t")
        fields[k] = str(int(norm(fields[k])) + 5) if norm(fields[k]).isdigit() else "5"
        changed = lines[:line - 1] + ["\t".join(fields)] + lines[line:]
        txt, pdf = os.path.join(outdir, "m.txt"), os.path.join(outdir, "m.pdf")
        open(txt, "w", encoding="utf-8").write("\n".join(changed))
        if os.path.exists(pdf):
            os.remove(pdf)
        rc, _, err = run(gongwen, "build", txt, "-o", pdf, "-q")
        where = f"line {line} field {k + 1}"
        if rc == 0:
            fail(f"{where}: a changed number of {name} built")
        if os.path.exists(pdf):
            fail(f"{where}: a PDF was written")
        msgs = [m for m in err.splitlines() if "E-table-sum" in m]
        if not msgs or not all(name in m for m in msgs):
            fail(f"{where}: the message does not name {name}: {err.strip()}")
        if not any(f"m.txt:{line}:" in m for m in msgs):
            fail(f"{where}: no message points at the changed line: {err.strip()}")
        # 表三: a row relation (行「…」) and a column relation (列「…」) break;
        # 表四 has one row: its message names the block of five broken
        if name == "表三" and not (any("行「" in m for m in msgs) and
                                   any("列「" in m for m in msgs)):
            fail(f"{where}: the messages do not name the row and the column: {err.strip()}")
        if name == "表四":
            gate_four(fields, k, msgs, line, where, err)
    print(f"gate ok: {len(muts)} single-number changes of 表三 and 表四 each refused")


def main(argv):
    cmds = {"cells": (cmd_cells, 3), "ink": (cmd_ink, 2), "repeat": (cmd_repeat, 2),
            "gate": (cmd_gate, 3)}
    if len(argv) < 2 or argv[1] not in cmds or \
            len(argv) - 2 not in (cmds[argv[1]][1], cmds[argv[1]][1] + (argv[1] == "repeat")):
        print(__doc__)
        sys.exit(2)
    cmds[argv[1]][0](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
