#!/bin/bash
# End to end: the HTML and DOCX readers. The example report as three saved
# portal pages (tests/reports/real/html: Word-pasted TRS page, a GB2312
# page laid out in tables, an HTML5 page) and as a DOCX made by LibreOffice
# from its Word-saved page must give the PDF the plain text gives: the same
# title, the same outline (level-1 headings and below) and the same text
# with every table value. Then the DOCX features (numbering, merges,
# tracked changes), and hostile inputs: a truncated ZIP, a ZIP bomb, XML
# with an external entity, broken markup — refused with their code, never
# a crash, no PDF written.
set -euo pipefail
gongwen=$1 src=$2 out=$3/readers
rm -rf "$out"; mkdir -p "$out"
real=$src/tests/reports/real
fail() { echo "FAIL: $*"; [ -s "$out/stderr" ] && head -20 "$out/stderr"; exit 1; }

"$gongwen" build "$src/examples/report-2022.txt" -o "$out/text.pdf" -q
pdfinfo "$out/text.pdf" | grep '^Title:' > "$out/text.title"
mutool show "$out/text.pdf" outline | sed 's/#page.*//' > "$out/text.outline"
grep -q '^-	"一、总体情况"' "$out/text.outline" || fail "the text's outline lacks 一、总体情况"
pdftotext "$out/text.pdf" "$out/text.txt"

for f in html/trs-word.html html/layout-gb2312.html html/modern.html docx/example.docx \
         docx/numbered.docx docx/styled.docx; do
    b=$(basename "$f")
    "$gongwen" build "$real/$f" -o "$out/$b.pdf" 2> "$out/stderr" || fail "$f: not built"
    pdfinfo "$out/$b.pdf" | grep '^Title:' | cmp -s - "$out/text.title" || fail "$f: title differs"
    mutool show "$out/$b.pdf" outline | sed 's/#page.*//' | diff "$out/text.outline" - ||
        fail "$f: outline differs"
    pdftotext "$out/$b.pdf" - | diff "$out/text.txt" - > /dev/null || fail "$f: text differs"
done
# the drafts whose heading numbers are all Word's automatic numbering (by
# styles, a restarted list, numId 0: tests/reports/real/docx/SOURCES.md)
# read to the text's canonical text (blank lines and trailing empty cells
# aside: a DOCX table's rows all have its columns), the numbers in the PDF
"$gongwen" read "$src/examples/report-2022.txt" -o "$out/text.canon" 2> /dev/null
canon() { grep -v '^$' "$1" | sed 's/\t*$//'; }
for b in numbered.docx styled.docx; do
    "$gongwen" read "$real/docx/$b" -o "$out/$b.canon" 2> "$out/stderr" || fail "$b: not read"
    diff <(canon "$out/text.canon") <(canon "$out/$b.canon") || fail "$b: canonical text differs"
    pdftotext "$out/$b.pdf" "$out/$b.txt"
    for want in '^一、总体情况$' '^（五）监督保障' '^六、其他需要报告的事项$' '^（一）持续增强公开意识' \
                '^（三）持续完善体制机制' '^郑东新区科技人才局2022年未产生信息处理费'; do
        grep -q "$want" "$out/$b.txt" || fail "$b: no $want in the PDF's text"
    done
done

# the portal pages' metadata box gives the author; the chrome is one note
for b in trs-word.html layout-gb2312.html modern.html; do
    pdfinfo "$out/$b.pdf" | grep -q '^Author: *郑东新区科技人才局$' || fail "$b: author"
done
"$gongwen" build "$real/html/trs-word.html" -o "$out/x.pdf" 2> "$out/stderr"
[ "$(grep -c '\[N-html\]' "$out/stderr")" -eq 1 ] || fail "trs-word: not one N-html note"
pdftotext "$out/trs-word.html.pdf" - | grep -qE '索引号|当前位置|版权所有|打印本页' &&
    fail "trs-word: portal chrome printed"
"$gongwen" build "$real/html/layout-gb2312.html" -o "$out/x.pdf" 2> "$out/stderr"
grep -q 'GB18030.*\[N-encoding\]' "$out/stderr" || fail "layout-gb2312: encoding not said"

# standard input, and --from
"$gongwen" build - --from html -o "$out/stdin.pdf" -q < "$real/html/modern.html"
pdftotext "$out/stdin.pdf" - | diff -q "$out/text.txt" - > /dev/null || fail "html on stdin"
"$gongwen" build - -o "$out/stdin.pdf" -q < "$real/docx/example.docx"
pdftotext "$out/stdin.pdf" - | diff -q "$out/text.txt" - > /dev/null || fail "docx on stdin"

# the DOCX features: Word's numbers in the text, merges as span marks, one
# warning for tracked changes at its paragraph, one note for the rest
"$gongwen" read "$real/docx/features.docx" -o "$out/features.txt" 2> "$out/stderr"
for want in '^一、总体情况$' '^（二）依申请公开$' '^二、主动公开政府信息情况$' \
            '^本年度新收到申请3件。全部办结。$' '^申请人情况	<	法人或其他组织	<$' \
            '^\^	\^	商业企业	科研机构$' '^\^	（二）部分公开	0	\\\^$'; do
    grep -qP "$want" "$out/features.txt" || fail "features.docx: no line $want"
done
grep -q '旧的说法' "$out/features.txt" && fail "features.docx: a deletion kept"
grep -q 'features.docx:5:4: warning: the draft still has tracked changes.*\[W-docx\]' \
    "$out/stderr" || fail "features.docx: no tracked-change warning at paragraph 5"
grep -q 'not read: 1 comment.*2 header and footer parts \[N-docx\]' "$out/stderr" ||
    fail "features.docx: no note of what was not read"

# refused: CODE FILE — exit 1, the code, no PDF
refuse() {
    local code=$1 file=$2
    set +e
    timeout 60 "$gongwen" build "$file" -o "$out/refused.pdf" > /dev/null 2> "$out/stderr"
    local rc=$?
    set -e
    [ "$rc" -eq 1 ] || fail "$file: exit $rc, want 1"
    grep -q "error: .*\[$code\]" "$out/stderr" || fail "$file: no $code"
    [ ! -e "$out/refused.pdf" ] || fail "$file: a PDF was written"
}
head -c 4000 "$real/docx/example.docx" > "$out/truncated.docx"
refuse E-docx "$out/truncated.docx"
python3 - "$out" <<'PY'
import sys, zipfile
out = sys.argv[1]
with zipfile.ZipFile(out + "/bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/document.xml", b"<w:document>" + b" " * (80 << 20) + b"</w:document>")
xxe = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
with zipfile.ZipFile(out + "/xxe.docx", "w") as z:
    z.writestr("word/document.xml", xxe)
with zipfile.ZipFile(out + "/odt.docx", "w") as z:
    z.writestr("content.xml", "<office:document/>")
open(out + "/broken.html", "w").write(
    "<html><body><table><tr><td rowspan=99999 colspan=99999>x<td><table><p>"
    "<div>" * 3000 + "&#xD800;&bogus; <b><i></b></i>" + "</td>" * 50)
PY
refuse E-limit "$out/bomb.docx"
refuse E-docx "$out/xxe.docx"
grep -q root: "$out/stderr" && fail "xxe.docx: a file was read"
refuse E-docx "$out/odt.docx"
set +e
timeout 60 "$gongwen" read "$out/broken.html" -o "$out/broken.txt" 2> "$out/stderr"
rc=$?
set -e
[ "$rc" -le 1 ] || fail "broken.html: exit $rc"
echo "ok"
