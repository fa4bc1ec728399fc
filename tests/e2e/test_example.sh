#!/bin/bash
# End to end: the example report builds to a PDF that real readers accept:
# all text back in order, fonts embedded as subsets with ToUnicode, A4 pages
# each numbered, qpdf clean, and the same bytes when built twice.
set -euo pipefail
gongwen=$1 src=$2 out=$3/example
mkdir -p "$out"
check="python3 $src/tests/e2e/pdfcheck.py"
report=$src/examples/report-2022.txt

"$gongwen" build "$report" -o "$out/a.pdf"
$check clean "$out/a.pdf"
$check fonts "$out/a.pdf"
$check pages "$out/a.pdf"
$check text "$out/a.pdf" "$report"

# determinism: byte-identical on a second build
"$gongwen" build "$report" -o "$out/b.pdf"
cmp "$out/a.pdf" "$out/b.pdf"
echo "determinism ok"

# a BOM + CRLF copy builds to the same text
printf '\357\273\277' > "$out/crlf.txt"
sed 's/$/\r/' "$report" >> "$out/crlf.txt"
"$gongwen" build "$out/crlf.txt" -o "$out/crlf.pdf"
diff <(pdftotext "$out/a.pdf" -) <(pdftotext "$out/crlf.pdf" -)
echo "BOM+CRLF ok"
