#!/bin/bash
# End to end: the PDF carries the report's numbers as a PDF/A-3 associated
# file (docs/DATA.md). pdfdetach lists gongwen-data.json; it is `gongwen
# data`'s JSON with "file" null (the archive copy must not depend on where
# the input lay) and validates against the schema; the catalog has /AF, the
# file spec /AFRelationship /Data, the stream its MIME type, /Size and an
# MD5 /CheckSum that match; the XMP says part 3; qpdf --check is clean;
# two builds from differently named copies are byte-identical; a report
# without standard tables has no attachment and stays PDF/A-2u.
set -euo pipefail
gongwen=$1 src=$2 out=$3/data-pdf
rm -rf "$out"; mkdir -p "$out/a" "$out/b"
fail() { echo "FAIL: $*"; exit 1; }
ex=$src/examples/report-2022.txt

cp "$ex" "$out/a/one.txt"; cp "$ex" "$out/b/two.txt"
SOURCE_DATE_EPOCH=1700000000 "$gongwen" build -q "$out/a/one.txt" -o "$out/one.pdf"
SOURCE_DATE_EPOCH=1700000000 "$gongwen" build -q "$out/b/two.txt" -o "$out/two.pdf"
cmp -s "$out/one.pdf" "$out/two.pdf" || fail "the input's name or place reached the bytes"
pdfdetach -list "$out/one.pdf" > "$out/list"
grep -q '^1: gongwen-data.json$' "$out/list" || { cat "$out/list"; fail "pdfdetach does not list it"; }
pdfdetach -save 1 -o "$out/data.json" "$out/one.pdf"
python3 "$src/tests/e2e/datacheck.py" json "$out/data.json" > /dev/null || fail "embedded JSON"
"$gongwen" data "$out/a/one.txt" 2> /dev/null |
    python3 -c "
import json,sys
a=json.load(sys.stdin); b=json.load(open('$out/data.json'))
for c in a['cells']: c['file']=None
assert a==b, 'embedded data differ from gongwen data'
assert all(c['file'] is None for c in b['cells'])" || fail "embedded data are not gongwen data's"
qpdf --check "$out/one.pdf" > "$out/qpdf" 2>&1 || { cat "$out/qpdf"; fail "qpdf --check"; }
qpdf --qdf --object-streams=disable "$out/one.pdf" "$out/q.pdf"
python3 - "$out/q.pdf" "$out/data.json" <<'PY' || fail "structure"
import hashlib, re, sys
d = open(sys.argv[1], "rb").read()
j = open(sys.argv[2], "rb").read()
assert re.search(rb"/AF \[\s*\d+ 0 R\s*\]", d), "no /AF in the catalog"
assert b"/AFRelationship /Data" in d, "no /AFRelationship /Data"
assert b"/Subtype /application#2fjson" in d.replace(b"#2F", b"#2f"), "no MIME type"
m = re.search(rb"/CheckSum <([0-9a-f]+)>", d, re.I)
assert m and m.group(1).decode().lower() == hashlib.md5(j).hexdigest(), "checksum"
assert re.search(rb"/Size %d\b" % len(j), d), "size"
assert b"<pdfaid:part>3</pdfaid:part>" in d, "XMP part"
PY
# no standard table: nothing attached, PDF/A-2u
printf '某局2022年政府信息公开工作年度报告\n\n一、总体情况\n\n正文。\n' > "$out/plain.txt"
"$gongwen" build -q "$out/plain.txt" -o "$out/plain.pdf" 2> /dev/null
pdfdetach -list "$out/plain.pdf" | grep -q '^0 embedded files' || fail "plain: an attachment"
qpdf --qdf --object-streams=disable "$out/plain.pdf" "$out/pq.pdf"
grep -aq '<pdfaid:part>2</pdfaid:part>' "$out/pq.pdf" || fail "plain: not part 2"
echo ok
