#!/bin/bash
# End to end, issue 14 "OFD for the archive": gongwen build -o X.ofd writes
# an OFD package (GB/T 33190) from the same display list as the PDF. Read
# back with readers that are not gongwen's: Python's zipfile, xmllint with
# the standard's schemas (tests/ofd-schema), and ofd.js (npm) in headless
# Chromium, whose pages are compared with the PDF's (pdftoppm) and whose
# text must hold every character of the source. Identical input gives
# identical bytes. A negative control shows the comparison can fail.
set -euo pipefail
gongwen=$1 src=$2 out=$3/ofd
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
py=/usr/bin/python3 # Debian's, with python3-pil
check="$py $src/tests/e2e/ofdcheck.py"
schemas=$src/tests/ofd-schema

# the independent reader: ofd.js 0.2.6 (pure JavaScript, Apache-2.0), once
# per build tree; 1.5.0 needs a licence key for its WebAssembly core
reader=$3/ofd-reader
if [ ! -f "$reader/node_modules/ofd.js/lib/ofd.umd.min.js" ]; then
    mkdir -p "$reader"
    npm install --prefix "$reader" --no-audit --no-fund --ignore-scripts --silent \
        ofd.js@0.2.6 >/dev/null || fail "npm could not install ofd.js 0.2.6"
fi

# the example and the long reports: valid, rendered like the PDF, every
# character, byte for byte
for report in "$src/examples/report-2022.txt" "$src"/tests/reports/*.txt; do
    name=$(basename "$report" .txt)
    "$gongwen" -q build "$report" -o "$out/$name.ofd"
    "$gongwen" -q build "$report" -o "$out/$name.pdf"
    "$gongwen" -q build "$report" -o "$out/$name-again.ofd"
    cmp -s "$out/$name.ofd" "$out/$name-again.ofd" || fail "$name: two builds differ"
    $check package "$out/$name.ofd" "$schemas"
    $check render "$out/$name.ofd" "$out/$name.pdf" "$report" "$reader" "$out/$name-pages"
done

# metadata and outline of a dated report
{ printf '@date 2023年1月15日\n@agency 郑东新区科技人才局\n@keywords 政府信息公开；年度报告\n'
  cat "$src/examples/report-2022.txt"; } > "$out/dated.txt"
"$gongwen" -q build "$out/dated.txt" -o "$out/dated.ofd"
$check package "$out/dated.ofd" "$schemas" >/dev/null
info=$(unzip -p "$out/dated.ofd" OFD.xml)
for want in "<ofd:Title>郑东新区科技人才局2022年政府信息公开工作年度报告</ofd:Title>" \
            "<ofd:Author>郑东新区科技人才局</ofd:Author>" \
            "<ofd:CreationDate>2023-01-15</ofd:CreationDate>" \
            "<ofd:Keyword>政府信息公开</ofd:Keyword><ofd:Keyword>年度报告</ofd:Keyword>" \
            "<ofd:Creator>gongwen</ofd:Creator>"; do
    grep -qF "$want" <<<"$info" || fail "OFD.xml lacks $want: $info"
done
unzip -Z -T "$out/dated.ofd" OFD.xml | grep -q 20230115 || fail "ZIP date is not the report's"
doc=$(unzip -p "$out/dated.ofd" Doc_0/Document.xml)
for h in 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 \
         四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项; do
    grep -q "OutlineElem Title=\"$h\"" <<<"$doc" || fail "outline lacks $h"
done
echo "metadata and outline ok"

# negative controls: text moved by 3 mm must fail the comparison, a part
# without a required attribute must fail the schema
$py - "$out/report-2022.ofd" "$out/moved.ofd" "$out/broken.ofd" <<'PY'
import re, sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
def rewrite(dst, part, fn):
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for n in src.namelist():
            d = src.read(n)
            z.writestr(n, fn(d.decode()).encode() if n == part else d)
def move(s):
    return re.sub(r'(<ofd:TextObject ID="\d+" Boundary=")([\d.]+)',
                  lambda m: m.group(1) + "%.4f" % (float(m.group(2)) + 3), s)
rewrite(sys.argv[2], "Doc_0/Pages/Page_1/Content.xml", move)
rewrite(sys.argv[3], "Doc_0/Pages/Page_1/Content.xml", lambda s: s.replace(' Font="', ' Fnt="', 1))
PY
if $check render "$out/moved.ofd" "$out/report-2022.pdf" "$src/examples/report-2022.txt" \
        "$reader" "$out/moved-pages" >"$out/moved.log"; then
    fail "text moved by 3 mm passed the page comparison"
fi
grep -q "page 2:" "$out/moved.log" || fail "the moved page was not named: $(cat "$out/moved.log")"
if $check package "$out/broken.ofd" "$schemas" >"$out/broken.log"; then
    fail "a TextObject without Font passed the schema"
fi
echo "negative controls ok"

# bad input: an error, and no OFD written
printf '标题\n\n一、总体情况\n\n\x01\n' > "$out/bad.txt"
if "$gongwen" -q build "$out/bad.txt" -o "$out/bad.ofd" 2>"$out/bad.err"; then
    fail "bad input built"
fi
[ ! -e "$out/bad.ofd" ] || fail "an OFD was written for bad input"
grep -q "no OFD written" "$out/bad.err" || fail "no 'no OFD written': $(cat "$out/bad.err")"
echo "ofd ok"
