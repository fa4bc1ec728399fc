#!/bin/bash
# End to end, issue "archive-grade PDF": PDF/A-2u structure (PDF/A-3u when
# the report's table values are attached, test_data_pdf.sh) (XMP with the
# pdfaid keys, an OutputIntent with its ICC profile, no encryption), Chinese
# document info with the report's date, and bookmarks of every heading.
set -euo pipefail
gongwen=$1 src=$2 out=$3/archive
rm -rf "$out"; mkdir -p "$out"
report=$src/examples/report-2022.txt
pdf=$out/a.pdf
# the report with its date and agency given (it has no signature of its own)
{ printf '@date 2023年1月15日\n@agency 郑东新区科技人才局\n'; cat "$report"; } > "$out/dated.txt"
"$gongwen" -q build "$out/dated.txt" -o "$pdf"

fail() { echo "FAIL: $*"; exit 1; }

# the header: %PDF-1.x and a binary comment line
head -c 8 "$pdf" | grep -q '^%PDF-1\.[4-7]' || fail "header"
[ "$(head -2 "$pdf" | tail -1 | LC_ALL=C tr -d '\000-\177' | wc -c)" -ge 4 ] || fail "no binary comment"

# XMP: the metadata stream parses as XML and holds the PDF/A keys
qpdf --qdf --object-streams=disable "$pdf" "$out/q.pdf"
python3 - "$out/q.pdf" <<'PY'
import re, sys, xml.dom.minidom
data = open(sys.argv[1], "rb").read()
m = re.search(rb"<\?xpacket begin.*?<\?xpacket end=.[rw].\?>", data, re.S)
if not m:
    sys.exit("FAIL: no XMP packet")
xmp = m.group(0).decode("utf-8")
xml.dom.minidom.parseString(xmp)  # raises if not well-formed
for want in ("pdfaid:part", "pdfaid:conformance", "dc:title", "dc:creator", "xmp:CreateDate"):
    if want not in xmp:
        sys.exit("FAIL: XMP lacks " + want)
# a report with standard tables carries their values as an associated
# file (docs/DATA.md), which is PDF/A-3's: PDF/A-3u
if not re.search(r"pdfaid:part(>|=\")3", xmp) or not re.search(r"pdfaid:conformance(>|=\")U", xmp):
    sys.exit("FAIL: XMP does not say PDF/A-3u")
if "政府信息公开工作年度报告" not in xmp or "郑东新区科技人才局" not in xmp:
    sys.exit("FAIL: XMP title or creator is not the report's")
if "2023-01-15" not in xmp:
    sys.exit("FAIL: XMP CreateDate is not the report's date")
for key in (b"/OutputIntents", b"/GTS_PDFA1", b"/DestOutputProfile"):
    if key not in data:
        sys.exit("FAIL: no " + key.decode())
for bad in (b"/Encrypt", b"/JavaScript", b"/JS "):
    if bad in data:
        sys.exit("FAIL: has " + bad.decode())
print("xmp ok")
PY

# document info in Chinese
info=$(pdfinfo "$pdf")
echo "$info" | grep -q '^Title: *郑东新区科技人才局2022年政府信息公开工作年度报告' || fail "title: $info"
echo "$info" | grep -q '^Creator: *gongwen' || fail "creator"

# bookmarks: every level-1 heading of the report
outline=$(mutool show "$pdf" outline)
for h in 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 \
         四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项; do
    grep -q "$h" <<< "$outline" || fail "outline lacks $h"
done
echo "outline ok"

# no clock in the file: the date comes from the report or SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=1700000000 "$gongwen" -q build "$report" -o "$out/b.pdf"
SOURCE_DATE_EPOCH=1700000000 "$gongwen" -q build "$report" -o "$out/c.pdf"
cmp "$out/b.pdf" "$out/c.pdf" || fail "two builds with one SOURCE_DATE_EPOCH differ"
pdfinfo -isodates "$out/b.pdf" | grep -q '^CreationDate: *2023-11-14' || fail "SOURCE_DATE_EPOCH not used"
pdfinfo -isodates "$pdf" | grep -q '^CreationDate: *2023-01-15' || fail "@date not used"
pdfinfo "$pdf" | grep -q '^Author: *郑东新区科技人才局' || fail "@agency not the author"
echo "dates ok"

# nothing of the machine reaches the bytes: not the time zone or locale,
# not where the fonts and layouts lie, not fontconfig's cache
SOURCE_DATE_EPOCH=1700000000 TZ=Asia/Shanghai LC_ALL=C.UTF-8 LANG=zh_CN.UTF-8 \
    "$gongwen" -q build "$report" -o "$out/tz.pdf"
cmp "$out/b.pdf" "$out/tz.pdf" || fail "time zone or locale changed the bytes"
mkdir -p "$out/data" "$out/fc-cache"
cp -r "$src/fonts" "$src/layouts" "$src/icc" "$out/data/"
SOURCE_DATE_EPOCH=1700000000 GONGWEN_DATA=$out/data XDG_CACHE_HOME=$out/fc-cache TZ=America/New_York \
    "$gongwen" -q build "$report" -o "$out/moved.pdf"
cmp "$out/b.pdf" "$out/moved.pdf" || fail "the fonts' place or fontconfig's cache changed the bytes"
if strings "$out/b.pdf" | grep -q -e "$src" -e "/usr/share/"; then
    fail "a path of this machine is in the file"
fi
echo "machine-independent ok"

# PDF/A never depends on a system file: the profile comes from the data
# folder; without it the build is refused, no PDF written (issue 12 item 5)
rm "$out/data/icc/sRGB.icc"
set +e
GONGWEN_DATA=$out/data XDG_CACHE_HOME=$out/fc-cache "$gongwen" build "$report" -o "$out/noicc.pdf" \
    2> "$out/noicc.err"
rc=$?
set -e
[ $rc -ne 0 ] || fail "a build without the ICC profile succeeded"
grep -q "icc/sRGB.icc: error: cannot read the ICC profile .*\[E-icc\]" "$out/noicc.err" \
    || fail "no E-icc: $(cat "$out/noicc.err")"
[ ! -e "$out/noicc.pdf" ] || fail "a PDF without its OutputIntent was written"
echo "profile shipped ok"

# the report's fonts, object by object: every code drawn has the width the
# embedded program gives it (/W, else /DW), is a glyph of it, has a
# ToUnicode value (not 0, FEFF, FFFE) and is no .notdef; no CIDSet
# [PDF/A-2u 6.2.11.4-8]
python3 - "$pdf" <<'PY'
import re, struct, subprocess, sys
pdf = sys.argv[1]
def show(*a):
    return subprocess.run(["mutool", "show", *a], check=True, capture_output=True).stdout
objs = {int(m.group(1)): m.group(2) for m in
        re.finditer(rb"^(\d+) 0 obj (.*)$", show(pdf, "grep"), re.M)}
def ref(o, key):
    return int(re.search(rb"/" + key + rb" (\d+) 0 R", o).group(1))
def program(ttf):
    tabs = {}
    for i in range(struct.unpack(">H", ttf[4:6])[0]):
        tag, _, off, ln = struct.unpack(">4sIII", ttf[12 + 16 * i:28 + 16 * i])
        tabs[tag] = ttf[off:off + ln]
    upem = struct.unpack(">H", tabs[b"head"][18:20])[0]
    nglyphs = struct.unpack(">H", tabs[b"maxp"][4:6])[0]
    nh = struct.unpack(">H", tabs[b"hhea"][34:36])[0]
    adv = [struct.unpack(">H", tabs[b"hmtx"][4 * min(g, nh - 1):4 * min(g, nh - 1) + 2])[0] * 1000 / upem
           for g in range(nglyphs)]
    return adv
fonts = {}  # Type0 object -> (advances of its program, widths, /DW, ToUnicode)
for n, o in objs.items():
    if b"/CIDSet" in o:
        sys.exit("FAIL: a CIDSet")
    if b"/Subtype/Type0" not in o:
        continue
    cid = objs[int(re.search(rb"/DescendantFonts\[(\d+) 0 R", o).group(1))]
    adv = program(show("-b", pdf, str(ref(objs[ref(cid, b"FontDescriptor")], b"FontFile2"))))
    widths = {}
    for first, ws in re.findall(rb"(\d+)\[([^\]]*)\]", re.search(rb"/W\[(.*?\]?)\]", cid).group(1)):
        for k, v in enumerate(ws.split()):
            widths[int(first) + k] = float(v)
    dw = float(re.search(rb"/DW (\d+)", cid).group(1))
    uni = dict(re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4})", show("-b", pdf, str(ref(o, b"ToUnicode")))))
    fonts[n] = (adv, widths, dw, uni)
codes = 0
for n, o in objs.items():
    if not re.search(rb"/Type/Page[^s]", o):
        continue
    res = dict((k, int(v)) for k, v in re.findall(rb"/(F\d+) (\d+) 0 R", o))
    cs = show("-b", pdf, str(ref(o, b"Contents")))
    for name, body in re.findall(rb"BT /(F\d+) [^\[]*\[(.*?)\] TJ", cs, re.S):
        adv, widths, dw, uni = fonts[res[name]]
        for hexes in re.findall(rb"<([0-9A-F]*)>", body):
            for i in range(0, len(hexes), 4):
                code = hexes[i:i + 4]
                cid = int(code, 16)
                codes += 1
                if code == b"0000" or uni.get(code, b"0000") in (b"0000", b"FEFF", b"FFFE"):
                    sys.exit("FAIL: code %s on page object %d has no text" % (code.decode(), n))
                if cid >= len(adv) or abs(widths.get(cid, dw) - adv[cid]) > 0.001:
                    sys.exit("FAIL: CID %d width %s, program %s" %
                             (cid, widths.get(cid, dw), adv[cid] if cid < len(adv) else "none"))
if len(fonts) < 2 or codes < 1000:
    sys.exit("FAIL: %d fonts, %d codes checked" % (len(fonts), codes))
print("fonts ok: %d fonts, %d codes" % (len(fonts), codes))
PY
