#!/bin/bash
# End to end: many reports in one run (issue 12 item 1). A folder or a list
# of inputs is built into -o DIR/ by worker processes; each PDF is the one a
# single build makes, byte for byte; a refused report gets no PDF, a line in
# the summary with its first error, and a non-zero exit; `check` works the
# same over many files; without a terminal there is no progress line.
set -euo pipefail
gongwen=$1 src=$2 out=$3/batch
rm -rf "$out"; mkdir -p "$out/in"
report=$src/examples/report-2022.txt
fail() { echo "FAIL: $*"; [ -s "$out/stderr" ] && head -30 "$out/stderr"; exit 1; }

for i in 1 2 3 4 5; do cp "$report" "$out/in/r$i.txt"; done
printf '标题\n\n正\xff文\n' > "$out/in/bad.txt"
printf '另一份报告\n\n正文。\n' > "$out/in/short.txt"
printf 'not a report' > "$out/in/notes.md" # not .txt: not taken from the folder
"$gongwen" build "$report" -o "$out/single.pdf" -q

for j in 1 2 3; do
    rm -rf "$out/o$j"
    set +e
    "$gongwen" build "$out/in" -o "$out/o$j/" -j $j 2> "$out/stderr"
    rc=$?
    set -e
    [ $rc -eq 1 ] || fail "-j $j: exit $rc with a refused report, want 1"
    for i in 1 2 3 4 5; do
        cmp -s "$out/single.pdf" "$out/o$j/r$i.pdf" || fail "-j $j: r$i.pdf differs from a single build"
    done
    [ -s "$out/o$j/short.pdf" ] || fail "-j $j: short.pdf missing"
    [ ! -e "$out/o$j/bad.pdf" ] || fail "-j $j: a PDF for the refused report"
    [ "$(ls "$out/o$j" | wc -l)" -eq 6 ] || fail "-j $j: $(ls "$out/o$j")"
    # the diagnostics (with their caret), then the summary
    grep -q "in/bad.txt:3:2: error: .*\[E-utf8\]" "$out/stderr" || fail "-j $j: the error is not printed"
    grep -Eq "in/bad.txt +0  refused +byte 0xFF" "$out/stderr" || fail "-j $j: no summary line for bad.txt"
    grep -Eq "in/r3.txt +5  ok" "$out/stderr" || fail "-j $j: no summary line for r3.txt"
    grep -q "^7 reports: 6 ok, 1 not" "$out/stderr" || fail "-j $j: no total"
    if grep -q $'\r' "$out/stderr"; then fail "-j $j: a progress line without a terminal"; fi
done
# a long Chinese name and a Chinese message: the summary's columns line up
# in terminal cells and nothing is cut inside a character
long="$out/很长的文件夹名称用来看汇总表怎样截断中文名字"
mkdir -p "$long"; cp "$report" "$long/郑东新区报告.txt"
set +e
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL= "$gongwen" build "$long/郑东新区报告.txt" "$out/in/bad.txt" \
    -o "$out/zh/" 2> "$out/stderr"
set -e
python3 - "$out/stderr" <<'PY' || fail "the Chinese summary is cut or misaligned"
import sys, unicodedata
lines = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()  # raises on a cut character
h = next(i for i, l in enumerate(lines) if l.startswith("文件"))
head, rows = lines[h], lines[h + 1:h + 3]
cells = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
at = lambda l, word: cells(l[:l.index(word)])
assert at(rows[0], "成功") == at(rows[1], "拒绝") == at(head, "结果"), rows
assert rows[0].startswith("…") and "郑东新区报告.txt" in rows[0], rows[0]
assert lines[h + 3].startswith("共 2 份报告"), lines[h + 3]
PY

# the same, inputs named one by one; the exit is 0 when all are built
rm -rf "$out/list"
"$gongwen" build "$out/in/r1.txt" "$out/in/short.txt" -o "$out/list/" -q 2> "$out/stderr" ||
    fail "a list of good reports: exit $?"
cmp -s "$out/single.pdf" "$out/list/r1.pdf" || fail "list: r1.pdf differs"
[ -s "$out/list/short.pdf" ] || fail "list: short.pdf missing"
[ ! -s "$out/stderr" ] || fail "-q printed: $(cat "$out/stderr")"
# several inputs need a folder to write to
set +e
"$gongwen" build "$out/in/r1.txt" "$out/in/r2.txt" -o "$out/one.pdf" 2> "$out/stderr"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "names a folder" "$out/stderr" || fail "several inputs into one file: exit $rc"
# without -o, each PDF beside its input
mkdir -p "$out/beside"; cp "$report" "$out/beside/a.txt"; cp "$report" "$out/beside/b.txt"
"$gongwen" build "$out/beside/a.txt" "$out/beside/b.txt" -q
cmp -s "$out/single.pdf" "$out/beside/a.pdf" && cmp -s "$out/single.pdf" "$out/beside/b.pdf" ||
    fail "PDFs beside their inputs"
# a folder of one report into an existing folder (no trailing /)
mkdir -p "$out/one" "$out/oneout"; cp "$report" "$out/one/x.txt"
"$gongwen" build "$out/one" -o "$out/oneout" -q 2> "$out/stderr" || fail "a folder of one report"
cmp -s "$out/single.pdf" "$out/oneout/x.pdf" || fail "a folder of one report: x.pdf"
# check over many: the table of results, exit 1 for the one refused
set +e
"$gongwen" check "$out/in" -j 2 2> "$out/stderr"; rc=$?
set -e
[ $rc -eq 1 ] || fail "check over a folder: exit $rc"
grep -q "^7 reports: 6 ok, 1 not" "$out/stderr" || fail "check: no total"
[ ! -e "$out/in/r1.pdf" ] || fail "check wrote a PDF"
# on a terminal: the progress line, erased before each message
if command -v script > /dev/null; then
    rm -rf "$out/tty"
    script -qec "$gongwen build $out/in -o $out/tty/ -j 2 --color=never" /dev/null > "$out/tty.log" || true
    grep -q $'\[[0-9]*/7\]' "$out/tty.log" || fail "no progress line on a terminal"
    # every message line starts clean: the progress line was erased first
    if tr '\r' '\n' < "$out/tty.log" | grep -E '\[[0-9]+/7\].*error:'; then
        fail "a message printed over the progress line"
    fi
fi
echo "batch ok"
