#!/bin/bash
# End to end: the numbers read back from a PDF gongwen made (docs/DATA.md
# "Reading it back"). `gongwen data x.pdf` equals `gongwen data report.txt`
# but for the `file` field, in JSON and CSV; `--previous` takes last year's
# PDF: equal carry-over passes, a changed one is refused naming the column
# and the PDF's place (the line and column of the text it was made from),
# years not consecutive are refused; a PDF not made by gongwen (or one
# without standard tables) and a file that only looks like a PDF are one
# clear E-data / E-previous each, with nothing printed.
set -euo pipefail
gongwen=$1 src=$2 out=$3/data-read
rm -rf "$out"; mkdir -p "$out"
ex=$src/examples/report-2022.txt
fail() { echo "FAIL: $*"; [ -s "$out/err" ] && head -5 "$out/err"; exit 1; }

cp "$ex" "$out/r.txt"
"$gongwen" build -q "$out/r.txt" -o "$out/r.pdf" 2> /dev/null
"$gongwen" data "$out/r.txt" 2> /dev/null > "$out/txt.json"
"$gongwen" data "$out/r.pdf" 2> "$out/err" > "$out/pdf.json" || fail "data x.pdf refused"
grep -q '"file": null' "$out/pdf.json" || fail "file is not null"
sed 's/"file": "[^"]*"/"file": null/' "$out/txt.json" | cmp -s - "$out/pdf.json" ||
    fail "data x.pdf differs from data report.txt"
python3 "$src/tests/e2e/datacheck.py" json "$out/pdf.json" > /dev/null || fail "schema (JSON)"
"$gongwen" data --format csv "$out/r.txt" 2> /dev/null | sed 's/,[^,]*r\.txt,\([0-9]*\),\([0-9]*\)\r$/,,\1,\2\r/' > "$out/txt.csv"
"$gongwen" data --format csv "$out/r.pdf" 2> /dev/null > "$out/pdf.csv" || fail "data --format csv x.pdf"
cmp -s "$out/txt.csv" "$out/pdf.csv" || fail "CSV from the PDF differs"
python3 "$src/tests/e2e/datacheck.py" csv "$out/pdf.csv" > /dev/null || fail "schema (CSV)"

# --previous with last year's PDF (test_previous.sh's inputs)
. "$src/tests/e2e/carry.sh"
carry "$ex" "$out/2022.txt" 2022 3 3
carry "$ex" "$out/2021.txt" 2021 3 3
carry "$ex" "$out/2021b.txt" 2021 2 2
carry "$ex" "$out/2020.txt" 2020 3 3
for y in 2021 2021b 2020; do "$gongwen" build -q "$out/$y.txt" -o "$out/$y.pdf" 2> /dev/null; done
"$gongwen" check --previous "$out/2021.pdf" "$out/2022.txt" 2> "$out/err" || fail "equal carry-over (PDF) refused"
grep -q '[[EWN]-previous]' "$out/err" && fail "equal carry-over (PDF) reported"
if "$gongwen" check --previous "$out/2021b.pdf" "$out/2022.txt" 2> "$out/err"; then
    fail "a changed carry-over (PDF) passed"; fi
[ "$(grep -c 'E-previous' "$out/err")" = 2 ] || fail "not 2 E-previous (自然人, 总计)"
grep -q '2022.txt:42:[0-9]*: error: 表三 二、上年结转 「自然人」 = 3, but last year.s 四、结转下年度 「自然人」 = 2 (.*2021b.pdf:66:[0-9]*) \[E-previous\]' "$out/err" ||
    fail "the message does not name the column and the PDF's place"
# the PDF's place is the text's place
"$gongwen" check --previous "$out/2021b.txt" "$out/2022.txt" 2> "$out/err.txt" || true
[ "$(sed 's/2021b\.pdf/2021b.txt/' "$out/err" | grep previous)" = "$(grep previous "$out/err.txt")" ] ||
    fail "the PDF's places differ from its text's"
if "$gongwen" check --previous "$out/2020.pdf" "$out/2022.txt" 2> "$out/err"; then fail "2020.pdf -> 2022 passed"; fi
grep -q 'this report is of 2022 but the previous one (.*2020.pdf) of 2020, not 2021 \[E-previous\]' "$out/err" ||
    fail "years message (PDF)"

# a PDF gongwen did not make, or without standard tables; not a PDF at all
printf '某局2022年政府信息公开工作年度报告\n\n一、总体情况\n\n正文。\n' > "$out/plain.txt"
"$gongwen" build -q "$out/plain.txt" -o "$out/plain.pdf" 2> /dev/null
qpdf --empty "$out/other.pdf"
printf '%%PDF-1.7\nnothing\n' > "$out/fake.pdf"
for f in plain other fake; do
    if "$gongwen" data "$out/$f.pdf" > "$out/o" 2> "$out/err"; then fail "data $f.pdf passed"; fi
    [ ! -s "$out/o" ] || fail "data $f.pdf printed something"
    [ "$(grep -c 'error:' "$out/err")" = 1 ] || fail "$f.pdf: not one error"
    grep -q "$f.pdf: error: cannot read the report's numbers: .* \[E-data\]" "$out/err" || fail "$f.pdf: E-data"
    grep -qi 'warning' "$out/err" && fail "$f.pdf: a library's warning reached the user"
    if "$gongwen" check --previous "$out/$f.pdf" "$out/2022.txt" 2> "$out/err"; then
        fail "--previous $f.pdf passed"; fi
    grep -q "$f.pdf: error: cannot read the report's numbers: .* \[E-previous\]" "$out/err" || fail "$f.pdf: E-previous"
done
"$gongwen" data "$out/other.pdf" 2> "$out/err" || true
grep -q 'no gongwen-data.json attached: not a PDF gongwen made' "$out/err" ||
    fail "other.pdf: the message does not say why"
echo ok
