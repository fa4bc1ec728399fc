#!/bin/bash
# End to end: --previous LAST-YEAR-REPORT. The example (2022) against a
# 2021 copy of itself: carried-over figures equal -> passes; last year's
# 四、结转下年度 changed -> refused, naming the column and both files'
# places; years not consecutive -> refused; 表二 现行有效 discontinuity -> a
# warning (an error with --strict); a real consecutive pair (洪泽 2023 and
# 2024, pdftotext -layout) passes its carry-over; an unreadable previous
# report is one E-previous.
set -euo pipefail
gongwen=$1 src=$2 out=$3/previous
rm -rf "$out"; mkdir -p "$out"
ex=$src/examples/report-2022.txt
fail() { echo "FAIL: $*"; [ -s "$out/err" ] && head -5 "$out/err"; exit 1; }

# 3 carried over in 自然人 and 总计, consistent within each year
. "$src/tests/e2e/carry.sh"
carry "$ex" "$out/2022.txt" 2022 3 3
carry "$ex" "$out/2021.txt" 2021 3 3
"$gongwen" check "$out/2022.txt" 2> "$out/err" || fail "this year's copy is not consistent"
"$gongwen" check --previous "$out/2021.txt" "$out/2022.txt" 2> "$out/err" || fail "equal carry-over refused"
grep -q '[[EWN]-previous]' "$out/err" && fail "equal carry-over reported"

carry "$ex" "$out/2021b.txt" 2021 2 2
if "$gongwen" check --previous "$out/2021b.txt" "$out/2022.txt" 2> "$out/err"; then
    fail "a changed carry-over passed"
fi
[ "$(grep -c 'E-previous' "$out/err")" = 2 ] || fail "not 2 E-previous (自然人, 总计)"
grep -q '2022.txt:42:[0-9]*: error: 表三 二、上年结转 「自然人」 = 3, but last year.s 四、结转下年度 「自然人」 = 2 (.*2021b.txt:66:[0-9]*) \[E-previous\]' "$out/err" ||
    fail "the message does not name the column and both places"
grep -q '「总计」 = 3, but .* 「总计」 = 2' "$out/err" || fail "总计 column"
# the PDF is not written either
if "$gongwen" build --previous "$out/2021b.txt" "$out/2022.txt" -o "$out/x.pdf" 2> /dev/null; then
    fail "build passed"; fi
[ ! -e "$out/x.pdf" ] || fail "a PDF was written"
# --no-check: a warning
"$gongwen" check --no-check --previous "$out/2021b.txt" "$out/2022.txt" 2> "$out/err" || fail "--no-check refused"
grep -q 'W-previous' "$out/err" || fail "--no-check: no W-previous"

carry "$ex" "$out/2020.txt" 2020 3 3
if "$gongwen" check --previous "$out/2020.txt" "$out/2022.txt" 2> "$out/err"; then fail "2020 -> 2022 passed"; fi
grep -q 'this report is of 2022 but the previous one (.*2020.txt) of 2020, not 2021 \[E-previous\]' "$out/err" ||
    fail "years message"

# 表二 行政规范性文件 现行有效: last year 0, this year 制发 0 废止 0 现行有效 4 -> warning
sed 's/^\(行政规范性文件\)\t0\t0\t0/\1\t0\t0\t4/' "$out/2022.txt" > "$out/2022f.txt"
"$gongwen" check --previous "$out/2021.txt" "$out/2022f.txt" 2> "$out/err" || fail "in-force: refused"
grep -q 'warning: 表二 行政规范性文件 现行有效 = 4, but last year.s 0 (.*) + 制发 0 − 废止 0 = 0 \[W-previous\]' "$out/err" ||
    fail "in-force warning"
if "$gongwen" check --strict --previous "$out/2021.txt" "$out/2022f.txt" 2> /dev/null; then
    fail "--strict passed the in-force difference"; fi

# a real pair
r=$src/tests/reports/real/text
"$gongwen" check --no-check --previous "$r/02-hongze-2023-pdftotext-layout.txt" \
    "$r/04-hongze-2024-pdftotext-layout.txt" 2> "$out/err" || fail "洪泽 2023 -> 2024"
grep -q 'E-previous\|W-previous' "$out/err" && fail "洪泽: carry-over reported"

printf '\xff\xfe\xfd' > "$out/bad.txt"
if "$gongwen" check --previous "$out/bad.txt" "$out/2022.txt" 2> "$out/err"; then fail "bad previous passed"; fi
[ "$(grep -c 'E-previous' "$out/err")" = 1 ] || fail "bad previous: not one E-previous"
echo ok
