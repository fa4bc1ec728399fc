#!/bin/bash
# End to end: the example's three tables (表二, 表三, 表四) as the PDF shows
# them. Every label and number is the text of a cell; no rule runs through a
# glyph; nothing leaves the text area; 表三's header is on every page it
# spans; and changing any one number of 表三 or 表四 makes the build fail
# naming the table, row and column, with no PDF written (the arithmetic
# gate; 表二 has no relation to break). The same checks hold with the table
# font at its floor and with number cells right-aligned.
set -euo pipefail
gongwen=$1 src=$2 out=$3/tables
rm -rf "$out"; mkdir -p "$out"
check="python3 $src/tests/e2e/tablecheck.py"
report=$src/examples/report-2022.txt
layout=$src/layouts/gbt9704.ini

"$gongwen" build "$report" -o "$out/a.pdf" -q
$check cells "$out/a.pdf" "$report" "$layout"
$check ink "$out/a.pdf" "$layout"
$check repeat "$out/a.pdf" "$report"

# variants of the [table] keys: small type (more rows a page, other breaks),
# right-aligned numbers, no continued mark, 宋体-like one face for heads
mkdir -p "$out/layouts"
cp "$src"/layouts/*.txt "$out/layouts/" 2>/dev/null || true
sed -e 's/^numbers = center/numbers = right/' -e 's/^continued = .*/continued = none/' \
    -e 's/^header_font = h1/header_font = table/' "$layout" > "$out/layouts/variant.ini"
awk '/^\[font.table\]/{t=1} t&&/^size =/{print "size = 10.5pt"; t=0; next} {print}' \
    "$out/layouts/variant.ini" > "$out/layouts/small.ini"
for v in variant small; do
    "$gongwen" build "$report" --layout "$out/layouts/$v.ini" -o "$out/$v.pdf" -q
    $check cells "$out/$v.pdf" "$report" "$out/layouts/$v.ini"
    $check ink "$out/$v.pdf" "$out/layouts/$v.ini"
    $check repeat "$out/$v.pdf" "$report"
done

$check gate "$gongwen" "$report" "$out/gate"
echo "tables ok"
