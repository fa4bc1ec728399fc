#!/bin/bash
# End to end, issue "archive-grade PDF": PDF/A-2u structure (XMP with the
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
if not re.search(r"pdfaid:part(>|=\")2", xmp) or not re.search(r"pdfaid:conformance(>|=\")U", xmp):
    sys.exit("FAIL: XMP does not say PDF/A-2u")
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
    echo "$outline" | grep -q "$h" || fail "outline lacks $h"
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
