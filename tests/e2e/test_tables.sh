#!/bin/bash
# End to end: the example's three tables (表二, 表三, 表四) as the PDF shows
# them. Every label and number is the text of a cell; no rule runs through a
# glyph; nothing leaves the text area; 表三's header is on every page it
# spans; and changing any one number of 表三 or 表四 makes the build fail
# naming the table, row and column (表四: the block of five, at its 总计),
# with no PDF written (the arithmetic gate; 表二 has no relation to break).
# The same checks hold with other [table] keys (10.5 pt type, right-aligned
# numbers, no continued mark, one face), and for a 2019-form 表二 before
# 表三, where a page break cuts the 22-row label 三、本年度办理结果 and it
# must show on both pages.
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

# 表二 of the 2019 form (5 blocks, 18 rows) pushes 表三 down so that the
# break cuts its 22-row label 三、本年度办理结果: drawn on both pages
python3 - "$report" "$out/2019.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8-sig").read().split("\n")
first = next(i for i, l in enumerate(lines) if l.startswith("第二十条第（一）项"))
last = next(i for i, l in enumerate(lines) if l.startswith("行政事业性收费"))
rows = ["第二十条第（一）项\t\t\t", "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        "规章\t0\t0\t3", "规范性文件\t2\t2\t15", "第二十条第（五）项\t\t\t",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量", "行政许可\t10\t-2\t120",
        "其他对外管理服务事项\t4\t0\t30", "第二十条第（六）项\t\t\t",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量", "行政处罚\t5\t1\t7",
        "行政强制\t0\t0\t0", "第二十条第（八）项\t\t\t", "信息内容\t上一年项目数量\t本年增/减",
        "行政事业性收费\t2\t0", "第二十条第（九）项\t\t\t", "信息内容\t采购项目数量\t采购总金额",
        "政府集中采购\t3\t25000元"]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines[:first] + rows + lines[last + 1:]))
PY
"$gongwen" build "$out/2019.txt" -o "$out/2019.pdf" -q
$check cells "$out/2019.pdf" "$out/2019.txt" "$layout"
$check ink "$out/2019.pdf" "$layout"
$check repeat "$out/2019.pdf" "$out/2019.txt" cut

$check gate "$gongwen" "$report" "$out/gate"
echo "tables ok"
