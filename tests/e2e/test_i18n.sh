#!/bin/bash
# End to end: the library's diagnostics in Chinese (issue 12 item 3). The
# command line hands the library a translation hook (dgettext on gongwen's
# catalogue), so in a Chinese locale a bad byte, a wrong sum and a note are
# printed in Chinese with their FILE:LINE:COL and their code, in text and in
# --diagnostics=json (message and hints translated, code and severity not),
# and `gongwen fonts` is a Chinese report; LANG=C stays English. Like
# test_cli.sh this needs no generated zh_CN locale: the CLI falls back to
# C.UTF-8 with LANGUAGE when zh_CN.UTF-8 is missing, as on a fresh Debian 12.
set -euo pipefail
gongwen=$1 src=$2 out=$3/i18n
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*"; [ -s "$out/stderr" ] && head -20 "$out/stderr"; exit 1; }
zh() { LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL= "$gongwen" "$@"; }

printf '标题\n\n正文写错\xff了。\n' > "$out/bad.txt"
set +e
zh build "$out/bad.txt" -o "$out/bad.pdf" 2> "$out/stderr"; rc=$?
set -e
[ $rc -eq 1 ] || fail "a bad byte in Chinese: exit $rc, want 1"
[ ! -e "$out/bad.pdf" ] || fail "a PDF was written for a bad input"
grep -qF "bad.txt:3:5: 错误: 字节 0xFF（偏移 20）不是有效的 UTF-8（请将文件另存为 UTF-8 编码） [E-utf8]" \
    "$out/stderr" || fail "the E-utf8 message is not in Chinese with its place and code"

set +e
LANG=C LC_ALL= "$gongwen" build "$out/bad.txt" -o "$out/bad.pdf" 2> "$out/stderr"
set -e
grep -qF "bad.txt:3:5: error: byte 0xFF at offset 20 is not valid UTF-8 (save the file as UTF-8) [E-utf8]" \
    "$out/stderr" || fail "LANG=C is not English"

# a wrong total: the check's messages, with the table's own words kept
sed '41s/0\t0$/0\t7/' "$src/examples/report-2022.txt" > "$out/sum.txt"
set +e
zh check "$out/sum.txt" 2> "$out/stderr"; rc=$?
set -e
[ $rc -eq 1 ] || fail "a wrong sum in Chinese: exit $rc, want 1"
grep -qF "sum.txt:41:30: 错误: 表三 列「总计」：一 + 二 = 7 ≠ 三（七）+ 四 = 0 [E-table-sum]" "$out/stderr" ||
    fail "E-table-sum is not in Chinese"
grep -qF "提示: 表三 识别为表式 2021-三：核对校验关系 39 项，成立 37 项，不成立 2 项，未核对 0 项 [N-form]" \
    "$out/stderr" || fail "N-form is not in Chinese"
grep -q "[a-z]\{4,\}" <(grep -v "^ *[0-9]* |\|^ *|" "$out/stderr" | sed 's/\[[A-Z]-[a-z-]*\]//; s/[^ ]*\.txt//') &&
    fail "an English word left in the Chinese messages: $(grep -v '|' "$out/stderr" | grep '[a-z]\{4,\}' | head -1)"

# JSON: the message and its hints in the user's language, code and severity stable
set +e
zh check "$out/sum.txt" --diagnostics=json 2> "$out/stderr"
set -e
python3 -c "
import json
rows=[json.loads(l) for l in open('$out/stderr', encoding='utf-8')]
w=[r for r in rows if r['code']=='W-label']
assert w and w[0]['severity']=='warning', rows
assert w[0]['message'].endswith('不一致') and w[0]['hints']==['按原文保留'], w[0]
e=[r for r in rows if r['code']=='E-table-sum']
assert e and e[0]['severity']=='error' and e[0]['line']==41 and '≠' in e[0]['message'], e
" || fail "JSON diagnostics in Chinese"
# `fonts` in Chinese: the roles, why each font was chosen, the substituted
# official fonts and how to install them (the library's report through its
# hook); the family and file names stay as they are. C stays English.
zh fonts > "$out/fonts" 2> "$out/stderr" || fail "zh fonts failed"
grep -q "^正文  *[^ ].*（16.0 磅）$" "$out/fonts" || fail "fonts: the body role is not in Chinese"
grep -q "^一级标题  *" "$out/fonts" || fail "fonts: no 一级标题 row"
grep -q "^ *原因：" "$out/fonts" || fail "fonts: the why lines are not in Chinese"
if grep -q "\[随附\]" "$out/fonts"; then
    grep -q "^ *原因：.* 未安装；.*（随附）$" "$out/fonts" || fail "fonts: the why text is not in Chinese"
    grep -q "^被替代的规定字体" "$out/fonts" || fail "fonts: no Chinese list of substituted fonts"
    grep -q "^  方正小标宋简体 → .*（随附）$" "$out/fonts" || fail "fonts: the title's official font"
    grep -q "fc-cache -f" "$out/fonts" || fail "fonts: not said how to install"
fi
# the role column lines up in display cells: the family starts at cell 14
# on every role row (a Chinese character takes two)
python3 -c "
import unicodedata
def cells(l): return ''.join(c + ('\0' if unicodedata.east_asian_width(c) in 'WF' else '') for c in l)
report=open('$out/fonts', encoding='utf-8').read().split('\n\n')[0].split('\n')[1:]
rows=[cells(l) for l in report if l[:1] != ' ']
bad=[r for r in rows if r[12] != ' ' or r[13] == ' ' or r[33] != ' ' or r[34] != '/']
assert len(rows) >= 10 and not bad, bad
" || fail "fonts: the Chinese columns do not line up"
grep -q "^\(layout\|body\|title\|heading\|table\|fallback\) \|why: \|not installed\|(bundled)\|\[bundled\]" \
    "$out/fonts" && fail "fonts: an English word left: $(grep -m1 "why: \|bundled\|^[a-z]" "$out/fonts")"
LANG=C LC_ALL= "$gongwen" fonts | grep -q "^body  *" || fail "fonts: LANG=C is not English"

# every message the real reports give (refusals of every kind, warnings,
# notes) is Chinese: a message the catalogue lacks (a format xgettext did
# not see) would come out in English after 错误/警告/提示
for f in "$src"/tests/reports/real/text/* "$src"/tests/reports/real/html/real/*.html \
         "$src"/tests/reports/*.txt; do
    zh check "$f" 2>&1 || true
done > "$out/real.txt"
grep -q "错误: " "$out/real.txt" || fail "real reports: no refusal seen (the check proves nothing)"
if grep -E "(错误|警告|提示): [A-Za-z]" "$out/real.txt" > "$out/english.txt"; then
    fail "real reports: an English message: $(head -1 "$out/english.txt")"
fi
echo ok
