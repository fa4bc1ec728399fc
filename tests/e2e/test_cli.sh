#!/bin/bash
# End to end: the command line's conventions (issue 12 item 3). getopt_long
# forms (--output=FILE, --, combined short options), "did you mean", colour
# only on a terminal and never with NO_COLOR, each diagnostic with its
# source line and a caret under its column, --diagnostics=json, Chinese
# messages in a Chinese locale, no PDF onto a terminal, where build wrote,
# and what `fonts` says about substituted official fonts.
set -euo pipefail
gongwen=$1 src=$2 out=$3/cli
rm -rf "$out"; mkdir -p "$out"
report=$src/examples/report-2022.txt
fail() { echo "FAIL: $*"; [ -s "$out/stderr" ] && head -20 "$out/stderr"; exit 1; }
run() { # run EXIT ARGS...: gongwen ARGS exits with EXIT; stderr in $out/stderr
    local want=$1; shift
    set +e
    "$gongwen" "$@" > "$out/stdout" 2> "$out/stderr"
    local rc=$?
    set -e
    [ $rc -eq "$want" ] || fail "gongwen $*: exit $rc, want $want"
}
"$gongwen" build "$report" -o "$out/ref.pdf" -q

# ---- option forms ----------------------------------------------------------------
run 0 build --output="$out/a.pdf" "$report"
cmp -s "$out/ref.pdf" "$out/a.pdf" || fail "--output=FILE"
run 0 build -qo "$out/b.pdf" "$report"
cmp -s "$out/ref.pdf" "$out/b.pdf" || fail "-qo FILE"
[ ! -s "$out/stderr" ] || fail "-q printed something"
cp "$report" "$out/-dash.txt"
(cd "$out" && "$gongwen" build -o dash.pdf -- -dash.txt 2> stderr) || fail "-- before an input starting with -"
cmp -s "$out/ref.pdf" "$out/dash.pdf" || fail "the -- input"
run 0 build "$report" -o "$out/c.pdf"
grep -q "^gongwen: wrote $out/c.pdf (5 pages)$" "$out/stderr" || fail "build does not say where it wrote"

# ---- did you mean ------------------------------------------------------------------
run 2 biuld "$report"
grep -q "unknown command 'biuld'; did you mean 'build'?" "$out/stderr" || fail "no suggestion for biuld"
run 2 chek "$report"
grep -q "did you mean 'check'?" "$out/stderr" || fail "no suggestion for chek"
run 2 build "$report" --outptu=x.pdf
grep -q "unknown option '--outptu=x.pdf'; did you mean '--output'?" "$out/stderr" || fail "no suggestion for --outptu"
run 2 build "$report" --no-chek
grep -q "did you mean '--no-check'?" "$out/stderr" || fail "no suggestion for --no-chek"
run 2 build "$report" --diagnostics=jsno
grep -q "did you mean 'json'?" "$out/stderr" || fail "no suggestion for jsno"
run 2 build "$report" -j 0
run 2 build "$report" -o
grep -q "option -o needs a value" "$out/stderr" || fail "-o without its value"

# ---- carets -------------------------------------------------------------------------
printf '标题\n\n正文写错\xff了。\n\n\t\t@nosuch\n' > "$out/bad.txt"
run 1 build "$out/bad.txt" -o "$out/bad.pdf"
# the message, the line, and the caret under column 5 (four Han characters,
# two cells each, before it)
grep -A2 -F "bad.txt:3:5: error: " "$out/stderr" > "$out/caret"
sed -n 2p "$out/caret" | grep -q '^    3 | 正文写错$' || fail "no source line: $(cat "$out/caret")"
sed -n 3p "$out/caret" | grep -q '^      |         \^$' || fail "the caret is not under column 5: $(cat -A "$out/caret")"
[ ! -e "$out/bad.pdf" ] || fail "a PDF from a refused input"
# the line shown is the text as read: a GBK file's line decoded, a DOCX's
# paragraph, never the raw bytes (GBK mojibake, the ZIP's PK...)
printf '标题\n\n正文。\n\n@nosuch 中文\n' | iconv -f UTF-8 -t GBK > "$out/gbk.txt"
run 1 build "$out/gbk.txt" -o "$out/gbk.pdf"
grep -q '^    5 | @nosuch 中文$' "$out/stderr" || fail "a GBK line not shown decoded: $(cat "$out/stderr")"
run 0 build "$src/tests/reports/real/docx/example.docx" -o "$out/docx.pdf"
grep -q '^    4 | .*(一) 主动公开。' "$out/stderr" || fail "a DOCX paragraph not shown: $(head -4 "$out/stderr")"
if grep -q ' | PK' "$out/stderr"; then fail "the ZIP's bytes shown under a message"; fi

# ---- colour ---------------------------------------------------------------------------
if grep -q $'\033' "$out/stderr"; then fail "colour when piped"; fi
run 1 build "$out/bad.txt" -o "$out/bad.pdf" --color=always
grep -q $'\033\[1;31merror' "$out/stderr" || fail "no colour with --color=always"
if command -v script > /dev/null; then
    script -qec "$gongwen build $out/bad.txt -o $out/bad.pdf" /dev/null > "$out/tty.log" || true
    grep -q $'\033\[1;31m' "$out/tty.log" || fail "no colour on a terminal"
    script -qec "env NO_COLOR=1 $gongwen build $out/bad.txt -o $out/bad.pdf" /dev/null > "$out/tty.log" || true
    if grep -q $'\033\[1;31m' "$out/tty.log"; then fail "colour on a terminal with NO_COLOR"; fi
    # a PDF is never written onto a terminal
    script -qec "$gongwen build $report -o -; echo rc=\$?" /dev/null > "$out/tty.log" || true
    grep -q "a PDF is not for a terminal" "$out/tty.log" && grep -q "rc=2" "$out/tty.log" ||
        fail "a PDF onto a terminal: $(cat "$out/tty.log")"
    if grep -q "%PDF" "$out/tty.log"; then fail "PDF bytes on the terminal"; fi
fi
"$gongwen" build "$report" -o - -q | cmp -s - "$out/ref.pdf" || fail "-o - into a pipe"

# ---- JSON diagnostics -----------------------------------------------------------------
run 1 check "$out/bad.txt" --diagnostics=json
python3 - "$out/stderr" <<'EOF' || fail "JSON diagnostics"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert rows, "no lines"
keys = {"file", "line", "column", "end", "severity", "code", "message", "hints"}
for r in rows:
    assert keys <= set(r), r
first = rows[0]
assert first["line"] == 3 and first["column"] == 5, first
assert first["severity"] == "error" and first["code"] == "E-utf8", first
assert first["end"] == {"line": 3, "column": 6}, first
assert first["file"].endswith("bad.txt"), first
EOF
run 0 check "$report" --diagnostics=json
python3 -c "
import json,sys
rows=[json.loads(l) for l in open('$out/stderr', encoding='utf-8')]
w=[r for r in rows if r['code']=='W-label']
assert w and w[0]['severity']=='warning' and w[0]['hints']==['kept as written'], rows
# a label's diagnostic names its span: 本年度止件数, six characters from column 13
assert (w[0]['line'], w[0]['column'], w[0]['end']) == (22, 13, {'line': 22, 'column': 19}), w[0]
" || fail "JSON warnings, hints and spans"
# ... and the caret line underlines it: ^ and ~ under six characters of two cells
run 0 check "$report"
grep -A2 -F "report-2022.txt:22:13: warning:" "$out/stderr" | sed -n 3p | grep -q '\^'"$(printf '~%.0s' $(seq 11))"'$' ||
    fail "the span is not underlined: $(grep -A2 -F 'report-2022.txt:22:13:' "$out/stderr")"

# the command line's own messages are JSON too
run 4 build "$report" -o "$out/no/such/x.pdf" --diagnostics=json
python3 -c "
import json
rows=[json.loads(l) for l in open('$out/stderr', encoding='utf-8')]
e=[r for r in rows if r['severity']=='error']
assert e and e[-1]['file'].endswith('x.pdf') and e[-1]['message'].startswith('cannot create'), rows
" || fail "a write error is not a JSON line"

# ---- Chinese ---------------------------------------------------------------------------
set +e
LANG=zh_CN.UTF-8 LC_ALL= "$gongwen" biuld 2> "$out/stderr"
LANG=zh_CN.UTF-8 LC_ALL= "$gongwen" build "$out/bad.txt" -o "$out/bad.pdf" 2>> "$out/stderr"
LC_ALL=zh_CN.UTF-8 "$gongwen" --help > "$out/help" 2>> "$out/stderr"
set -e
grep -q "未知命令“biuld”；您是不是要用“build”？" "$out/stderr" || fail "no Chinese for an unknown command"
grep -q "bad.txt:3:5: 错误: " "$out/stderr" || fail "the severity is not in Chinese"
grep -q "未写出 PDF（" "$out/stderr" || fail "no Chinese summary line"
grep -q "^用法：gongwen build" "$out/help" || fail "no Chinese help"
LANG=C LC_ALL= "$gongwen" --help | grep -q "^usage: gongwen build" || fail "the C locale is not English"

# ---- formats and fonts -------------------------------------------------------------------
run 0 build "$report" -o "$out/r.ofd"
[ "$(head -c 2 "$out/r.ofd")" = PK ] || fail "-o X.ofd did not write an OFD package"
run 0 build "$report" --to=pdf,ofd -o "$out/both.pdf"
[ -s "$out/both.pdf" ] || fail "--to=pdf,ofd: no PDF"
run 2 build "$report" --to=pdf,odf
run 0 build "$report" --to=pdf -o "$out/t.pdf" --from=text
cmp -s "$out/ref.pdf" "$out/t.pdf" || fail "--to=pdf --from=text"
run 0 fonts
if grep -q "\[bundled\]" "$out/stdout"; then
    grep -q "^substituted official fonts" "$out/stdout" || fail "fonts: no substituted list"
    grep -q "^  方正小标宋简体 → " "$out/stdout" || fail "fonts: the title's official font not named"
    grep -q "fc-cache -f" "$out/stdout" || fail "fonts: not said how to install"
fi
echo "cli ok"
