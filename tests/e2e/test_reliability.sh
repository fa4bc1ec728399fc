#!/bin/bash
# End to end, issue 13 (what a probe with hostile inputs and layouts found):
# each reproducer is refused at its place with the right kind of error, or
# built with every character on the page; never undefined behaviour (the
# second CI run is under ASan + UBSan, which abort on it), a run-away or an
# E-pdf for a layout's values.
set -euo pipefail
gongwen=$1 src=$2 out=$3/reliability
rm -rf "$out"; mkdir -p "$out"
ex="$src/examples/report-2022.txt"

expect_fail() { # expect_fail PATTERN CMD...
    local pat=$1; shift
    set +e
    timeout 20 "$@" 2> "$out/stderr"
    local rc=$?
    set -e
    if [ $rc -eq 0 ] || [ $rc -eq 124 ]; then echo "FAIL: rc $rc: $*"; cat "$out/stderr"; exit 1; fi
    if ! grep -q -- "$pat" "$out/stderr"; then
        echo "FAIL: message lacks '$pat':"; cat "$out/stderr"; exit 1
    fi
    if grep -qE "runtime error|E-pdf|libharu" "$out/stderr"; then
        echo "FAIL: $*:"; cat "$out/stderr"; exit 1
    fi
}

# 1. 40 nines in 表二's 规章 row: read as too long to check (a warning),
# no signed __int128 overflow
sed 's/^规章\t0\t0\t0/规章\t9999999999999999999999999999999999999999\t0\t0/' "$ex" > "$out/nines.txt"
grep -q 9999999999999999999999999999999999999999 "$out/nines.txt"
"$gongwen" check "$out/nines.txt" 2> "$out/stderr"
grep -q "nines.txt:23:4: warning: 表二: 「9999999999999999999999999999999999999999」 has more than 18 digits" "$out/stderr" \
    || { cat "$out/stderr"; exit 1; }
if grep -q "runtime error" "$out/stderr"; then cat "$out/stderr"; exit 1; fi

# 2, 4, 10. layout values a page cannot hold: E-layout at the value, at once
layout() { # layout NAME LINES...: a layout file $out/NAME.ini
    local n=$1; shift
    printf '%s\n' "# $n" "$@" > "$out/$n.ini"
}
layout table500 "[font.table]" "size = 500pt"
layout table10000 "[font.table]" "size = 10000pt"
layout body0 "[font.body]" "size = 0pt"
layout title0 "[font.title]" "size = 0pt"
layout pagenum0 "[font.pagenum]" "size = 0pt"
layout body10000 "[font.body]" "size = 10000pt"
layout wide "[page]" "width = 100000mm"
layout chars1 "[grid]" "chars = 1"
layout indent1000 "[grid]" "indent = 1000字"
for n in table500 table10000 body0 title0 pagenum0 body10000; do
    expect_fail "$n.ini:3:8: error: .* size .*\[E-layout\]" \
        "$gongwen" build --layout "$out/$n.ini" "$ex" -o "$out/$n.pdf"
    test ! -e "$out/$n.pdf"
done
expect_fail "wide.ini:3:9: error: \[page\] width .*\[E-layout\]" \
    "$gongwen" build --layout "$out/wide.ini" "$ex" -o "$out/wide.pdf"
expect_fail "chars1.ini:3:9: error: \[grid\] chars is 1.*\[E-layout\]" \
    "$gongwen" build --layout "$out/chars1.ini" "$ex" -o "$out/chars1.pdf"
expect_fail "indent1000.ini:3:10: error: \[grid\] indent .*\[E-layout\]" \
    "$gongwen" build --layout "$out/indent1000.ini" "$ex" -o "$out/indent1000.pdf"

# 2. the table font still steps down to fit: a large size that a page can
# hold is fitted (bisection), quickly
layout table72 "[font.table]" "size = 72pt"
timeout 20 "$gongwen" build --layout "$out/table72.ini" "$ex" -o "$out/table72.pdf" 2> "$out/stderr"
pdftotext "$out/table72.pdf" "$out/table72.txt"; grep -q 规章 "$out/table72.txt"

# 3. an agency longer than a line: broken over lines, every character on
# the page, inside the text area (the bounds check runs in every build)
for n in 30 40 3000; do
    agency=$(printf '某%.0s' $(seq "$n"))
    printf '标题报告\n\n@agency %s\n@date 2024-01-15\n\n一、总体情况\n\n正文。\n\n@signature\n' \
        "$agency" > "$out/agency$n.txt"
    "$gongwen" build "$out/agency$n.txt" -o "$out/agency$n.pdf" 2> "$out/stderr"
    got=$(pdftotext "$out/agency$n.pdf" - | grep -o 某 | wc -l)
    [ "$got" -eq "$n" ] || { echo "FAIL: $n-character agency: $got on the page"; exit 1; }
    # every glyph inside the paper (x, y of each word's box)
    pdftotext -bbox "$out/agency$n.pdf" - | python3 -c '
import re, sys
for m in re.finditer(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\"|<word xMin=\"([-\d.]+)\" yMin=\"([-\d.]+)\" xMax=\"([-\d.]+)\" yMax=\"([-\d.]+)\"", sys.stdin.read()):
    if m.group(1): w, h = float(m.group(1)), float(m.group(2)); continue
    x0, y0, x1, y1 = map(float, m.group(3, 4, 5, 6))
    # the text area of gbt9704: 28 mm .. 210-26 mm, 37 mm .. 297-35 mm (+ the page number)
    if x0 < 79 or x1 > 522 or y0 < 104 or y1 > 800:
        sys.exit("word outside the text area: %r" % (m.group(0),))
'
done
echo "reliability ok"
