#!/bin/bash
# End to end: `gongwen data` (docs/DATA.md). The example's and real reports'
# values as JSON and CSV, validated against the documented schema; the two
# formats hold the same cells; values and keys as the tables have them; a
# title with quotes, a backslash and a comma is escaped in both; a refused
# report prints nothing and fails.
set -euo pipefail
gongwen=$1 src=$2 out=$3/data
rm -rf "$out"; mkdir -p "$out"
check="python3 $src/tests/e2e/datacheck.py"
fail() { echo "FAIL: $*"; exit 1; }

"$gongwen" data "$src/examples/report-2022.txt" -o "$out/ex.json" 2> /dev/null
"$gongwen" data --format=csv "$src/examples/report-2022.txt" > "$out/ex.csv" 2> /dev/null
nj=$($check json "$out/ex.json") || fail "example json: $nj"
nc=$($check csv "$out/ex.csv") || fail "example csv: $nc"
[ "$nj" = 200 ] || fail "example: $nj cells, not 10 + 175 + 15"
[ "$nj" = "$nc" ] || fail "json $nj cells, csv $nc"
python3 - "$out/ex.json" <<'PY' || fail "example values"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["meta"]["year"] == 2022 and d["meta"]["title"].endswith("年度报告"), d["meta"]
c = {(x["form"], x["row_key"], x["col_key"]): x for x in d["cells"]}
assert c[("2021-三", "三.七", "总计")]["value"] == 0
assert c[("2021-四", "数据", "复议.总计")]["value"] == 0
assert c[("2021-二", "行政事业性收费", None)]["unit"] == "万元"
PY

# a real report with figures: 16 (2019 form), 13 (2021 form)
r=$src/tests/reports/real/text
"$gongwen" data "$r/16-shbgt-2019-webcopy-nbsp.txt" > "$out/16.json" 2> /dev/null
$check json "$out/16.json" > /dev/null || fail "16 json"
python3 - "$out/16.json" <<'PY' || fail "16 values"
import json, sys
d = json.load(open(sys.argv[1]))
c = {(x["form"], x["row_key"], x["col_key"]): x for x in d["cells"]}
assert d["meta"]["date"] == "2020-01-31" and d["meta"]["year"] == 2019
x = c[("2019-三", "三.七", "总计")]
assert x["value"] == 805 and x["line"] > 1, x
PY
"$gongwen" data "$r/13-shuyang-fgj-2023-portal-crawl.txt" > "$out/13.json" 2> /dev/null
python3 -c "
import json,sys; d=json.load(open('$out/13.json'))
c={(x['form'],x['row_key'],x['col_key']):x['value'] for x in d['cells']}
assert c[('2021-三','一','自然人')]==26, c[('2021-三','一','自然人')]" || fail "13: 新收 自然人"

# escaping: quotes, a backslash, a comma in the title (after Latin: a comma
# after a Han character is read as the full-width one, N-punct)
sed '1s/.*/郑东新区"科技\\人才"局ZD,2022年政府信息公开工作年度报告/' "$src/examples/report-2022.txt" > "$out/q.txt"
"$gongwen" data "$out/q.txt" > "$out/q.json" 2> /dev/null
$check json "$out/q.json" > /dev/null || fail "escaped json"
python3 -c "
import json; t=json.load(open('$out/q.json'))['meta']['title']
assert t=='郑东新区\"科技\\\\人才\"局ZD,2022年政府信息公开工作年度报告', t" || fail "json title"
"$gongwen" data --format=csv "$out/q.txt" > "$out/q.csv" 2> /dev/null
$check csv "$out/q.csv" > /dev/null || fail "escaped csv"
grep -q '^#meta,,title,,,,,"郑东新区""科技\\人才""局ZD,2022' "$out/q.csv" || fail "csv quoting"

# refused: a sum broken -> exit 1, nothing on standard output
sed 's/^\(一、本年新收政府信息公开申请数量\t\)0/\15/' "$src/examples/report-2022.txt" > "$out/bad.txt"
if "$gongwen" data "$out/bad.txt" > "$out/bad.json" 2> /dev/null; then fail "a bad report gave data"; fi
[ ! -s "$out/bad.json" ] || fail "data printed for a refused report"
"$gongwen" data --format=xml "$src/examples/report-2022.txt" > /dev/null 2>&1 && fail "--format=xml accepted"
echo ok
