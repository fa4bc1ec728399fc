#!/bin/bash
# End to end: Chinese typography on long reports, measured on the PDF with a
# real reader (mutool's stext device), not on the display list.
#
#   tests/reports/typo-dense.txt   dense punctuation, quotes, brackets, Latin
#     and numbers (PPT, 5G, IPv6, 2023年, 12.5%), a heading before a table at
#     a page's foot, and a signature that would fall alone on a new page
#     (the last paragraph is re-broken a line tighter instead)
#   tests/reports/typo-sealed.txt  a three-line title (agency, year and
#     terms whole), the sealed signature (--layout gbt9704-sealed)
#
# Asserted (STANDARDS §3–§5, GB/T 9704 §5.2.3, §7.3.1, §7.3.5):
#   every body line that does not end a paragraph ends on the measure (a
#   left-ink mark counted by its left half); no line starts with a mark that
#   may not start one or ends with one that may not end one; two adjacent
#   full-width marks take 1.5 em; pages of prose hold 22 lines; the
#   signature has body text above it on its page and sits where §7.3.5.1/2
#   put it; the date is printed without leading zeros and a 1、 number with
#   the layout's mark, each with a note.
set -euo pipefail
gongwen=$1 src=$2 out=$3/typography
rm -rf "$out"; mkdir -p "$out"
reports=$src/tests/reports

"$gongwen" build "$reports/typo-dense.txt" -o "$out/dense.pdf" -q
"$gongwen" build "$reports/typo-sealed.txt" -o "$out/sealed.pdf" --layout gbt9704-sealed -q
"$gongwen" build "$src/examples/report-2022.txt" -o "$out/example.pdf" -q

check() { # check PDF MODE
    python3 - "$@" <<'EOF'
import collections, subprocess, sys
import xml.etree.ElementTree as ET

pdf, mode = sys.argv[1], sys.argv[2]
MM = 72 / 25.4
LEFT, RIGHT, TOP = 28 * MM, 595.28 - 26 * MM, 841.89 - 37 * MM
PITCH, EM = 225 * MM / 22, 156 * MM / 28
NO_START = set("，。、；：？！）》」』】〕〉”’…—·％,.;:?!)]}")
NO_END = set("（《「『【〔〈“‘([{")
LEFT_INK = set("，。、；：！）》」』】〕〉”’")
RIGHT_INK = set("（《「『【〔〈“‘")
MARKS = LEFT_INK | RIGHT_INK
fails = []

def fail(msg):
    fails.append(msg)

xml = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                     capture_output=True, text=True, check=True).stdout
chars = []
for pno, page in enumerate(ET.fromstring(xml).iter("page"), 1):
    h = float(page.get("height"))
    for font in page.iter("font"):
        size = float(font.get("size"))
        for ch in font.iter("char"):
            q = [float(v) for v in ch.get("quad").split()]
            chars.append(dict(page=pno, c=ch.get("c"), size=size, x0=min(q[0], q[4]),
                              x1=max(q[2], q[6]), base=round(h - float(ch.get("y")), 1)))
pages = max(c["page"] for c in chars)
lines = collections.defaultdict(list)
for c in chars:
    if abs(c["size"] - 16) < 0.6 and c["c"].strip():
        lines[(c["page"], c["base"])].append(c)
order = sorted(lines, key=lambda k: (k[0], -k[1]))
ln = [sorted(lines[k], key=lambda c: c["x0"]) for k in order]
tables = {c["page"] for c in chars if abs(c["size"] - 12) < 0.6}

def text(l):
    return "".join(c["c"] for c in l)

def right(c):
    return c["x0"] + 0.5 * EM if c["c"] in LEFT_INK else c["x0"] + EM if c["x1"] - c["x0"] > 12 else c["x1"]

# 1. justification: a line is a paragraph's end when the next starts indented,
#    leaves a gap, or is the last; every other line ends on the measure
for i, l in enumerate(ln):
    nxt = ln[i + 1] if i + 1 < len(ln) else None
    same = nxt and order[i + 1][0] == order[i][0]
    gap = same and order[i][1] - order[i + 1][1] > PITCH + 1
    indented = nxt and nxt[0]["x0"] > LEFT + 1.5 * EM
    ends_para = nxt is None or gap or indented or order[i + 1][0] in tables and not same
    last = l[-1]
    on = abs(right(last) - RIGHT) <= 0.6 or (last["c"] in LEFT_INK and abs(last["x0"] + EM - RIGHT) <= 0.6)
    if l[0]["x0"] < LEFT + 1 and not ends_para and not on:
        fail(f"page {order[i][0]}: line ends at {right(l[-1]):.2f}, not {RIGHT:.2f}: {text(l)}")
# 2. prohibitions
for i, l in enumerate(ln):
    s = text(l)
    if s[0] in NO_START:
        fail(f"page {order[i][0]}: line starts with {s[0]}: {s}")
    if s[-1] in NO_END:
        fail(f"page {order[i][0]}: line ends with {s[-1]}: {s}")
# 3. adjacent full-width marks take 1.5 em: the second starts ½ em after the
#    first (a little more when the line is stretched)
pairs = 0
for l in ln:
    for a, b in zip(l, l[1:]):
        if a["c"] in MARKS and b["c"] in MARKS and not (a["c"] in RIGHT_INK and b["c"] in LEFT_INK):
            pairs += 1
            d = b["x0"] - a["x0"]
            if not (0.5 * EM - 0.05 <= d <= 0.5 * EM + 1.5):
                fail(f"{a['c']}{b['c']}: {d:.2f} pt apart, want {0.5 * EM:.2f}: {text(l)}")
# 4. pages of prose hold 22 lines (the last page, the title's and table pages aside)
titled = {c["page"] for c in chars if abs(c["size"] - 22) < 0.6}
for p in range(1, pages):
    if p in titled:
        continue
    n = sum(1 for k in order if k[0] == p)
    if p not in tables and n != 22:
        fail(f"page {p}: {n} lines, want 22")
# 5. the signature: body text above it on its page, and its place
if mode in ("unsealed", "sealed"):
    date = next(i for i, l in enumerate(ln) if text(l).endswith("日") and "年" in text(l)
                and len(text(l)) <= 11 and i == len(ln) - 1)
    agency, d = ln[date - 1], ln[date]
    page = order[date][0]
    body = [i for i in range(date - 1) if order[i][0] == page]
    if not body:
        fail(f"the signature stands alone on page {page}")
    if "0" in text(d).split("年")[1]:
        fail(f"date with a leading zero: {text(d)}")
    if mode == "unsealed":
        if abs(agency[-1]["x0"] + EM - (RIGHT - 2 * EM)) > 0.5:
            fail(f"agency not right 2字: ends {agency[-1]['x0'] + EM:.2f}")
        if abs(order[body[-1]][1] - order[date - 1][1] - 2 * PITCH) > 1:
            fail("not one empty line between body and agency")
    else:
        dend = d[-1]["x0"] + EM  # 日 on the grid pitch
        aend = agency[-1]["x0"] + EM
        # right 4字, unless the agency centred over it would cross the edge
        if abs(dend - (RIGHT - 4 * EM)) > 0.5 and abs(aend - RIGHT) > 0.5:
            fail(f"date not right 4字: ends {dend:.2f}, want {RIGHT - 4 * EM:.2f}")
        mid_a = (agency[0]["x0"] + agency[-1]["x0"] + EM) / 2
        mid_d = (d[0]["x0"] + dend) / 2
        if abs(mid_a - mid_d) > 0.5:
            fail(f"agency not centred over the date: {mid_a:.2f} vs {mid_d:.2f}")
        if abs(order[body[-1]][1] - order[date - 1][1] - 3 * PITCH) > 1:
            fail("not two empty lines (room for the seal) between body and agency")
# 6. the title: three lines, agency whole on the first, the middle longest
#    or each longer (diamond or trapezoid), terms whole
if mode == "sealed":
    tl = collections.defaultdict(list)
    for c in chars:
        if abs(c["size"] - 22) < 0.6:
            tl[c["base"]].append(c)
    t = [sorted(tl[b], key=lambda c: c["x0"]) for b in sorted(tl, reverse=True)]
    w = [l[-1]["x1"] - l[0]["x0"] for l in t]
    s = [text(l) for l in t]
    if len(t) != 3 or s[0] != "郑州市郑东新区管理委员会办公室":
        fail(f"title lines {s}")
    elif w[0] > w[1] + 1:
        fail(f"title neither trapezoid nor diamond: {[round(x) for x in w]}")
    joined = "|".join(s)
    for term in ("政府信息公开", "年度报告", "2023年", "关于印发"):
        for k in range(1, len(term)):
            if term[:k] + "|" + term[k:] in joined:
                fail(f"title splits {term}: {joined}")
if fails:
    print("\n".join(fails[:20]))
    sys.exit(1)
print(f"{mode}: {len(ln)} lines, {pairs} adjacent mark pairs ok")
EOF
}

check "$out/dense.pdf" unsealed
check "$out/sealed.pdf" sealed
check "$out/example.pdf" plain

# the date's print form and the level-3 mark: the printed text changes, the
# source is named in a note
printf '标题\n\n1、属于国家秘密的。\n\n正文。\n\n某某局\n2024年01月05日\n' > "$out/forms.txt"
"$gongwen" build "$out/forms.txt" -o "$out/forms.pdf" 2> "$out/forms.err"
grep -q 'forms.txt:8:1: note: .*2024年01月05日.*2024年1月5日.*\[N-date\]' "$out/forms.err"
grep -q 'forms.txt:3:1: note: .*1、.*1\..*\[N-numbering\]' "$out/forms.err"
pdftotext "$out/forms.pdf" - | grep -q '2024年1月5日'
pdftotext "$out/forms.pdf" - | grep -q '1\.属于国家秘密的。'
echo "print forms ok"

# [signature] place = title: agency and date centred on the lines under the
# title (the date in its print form, in （）), and no signature at the end
"$gongwen" build "$reports/typo-sealed.txt" -o "$out/under.pdf" --layout gbt9704-under-title -q
mutool draw -q -F stext -o "$out/under.xml" "$out/under.pdf"
python3 - "$out/under.xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET
MM = 72 / 25.4
MID = (28 * MM + 595.28 - 26 * MM) / 2
pages = ET.parse(sys.argv[1]).getroot().findall(".//page")
def lines(page):
    out = []
    for ln in page.iter("line"):
        cs = list(ln.iter("char"))
        text = "".join(c.get("c") for c in cs)
        xs = [float(q) for c in cs for q in c.get("quad").split()[0::2]]
        out.append((text, min(xs), max(xs)))
    return out
first, last = lines(pages[0]), lines(pages[-1])
texts = [t for t, _, _ in first]
i = texts.index("郑州市郑东新区管理委员会办公室", 1)  # the first is the title's own
assert i <= 4, "not under the title: %r" % texts[:8]
assert texts[i + 1] == "（2024年1月15日）", texts[:8]
for t, x0, x1 in first[i:i + 2]:
    assert abs((x0 + x1) / 2 - MID) < 1.0, (t, x0, x1, MID)
body = [t for t, _, _ in last if not t.startswith("—")]
assert "郑州市郑东新区管理委员会办公室" not in body[-3:], body[-3:]
assert not any("2024年1月15日" in t for t in body), body[-3:]
print("signature under the title ok")
EOF
echo "typography ok"
