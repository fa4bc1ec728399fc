#!/bin/bash
# End to end: bad input is refused with FILE:LINE:COLUMN, a non-zero exit,
# and never a half-written or overwritten PDF.
set -euo pipefail
gongwen=$1 src=$2 out=$3/errors
rm -rf "$out"; mkdir -p "$out"

expect_fail() { # expect_fail PATTERN CMD...
    local pat=$1; shift
    set +e
    "$@" 2> "$out/stderr"
    local rc=$?
    set -e
    if [ $rc -eq 0 ]; then echo "FAIL: succeeded: $*"; exit 1; fi
    if ! grep -q -- "$pat" "$out/stderr"; then
        echo "FAIL: message lacks '$pat':"; cat "$out/stderr"; exit 1
    fi
}

# invalid UTF-8 on line 3, column 2
printf '标题\n\n正\xff文\n' > "$out/bad.txt"
expect_fail "bad.txt:3:2: error:" "$gongwen" build "$out/bad.txt" -o "$out/bad.pdf"
test ! -e "$out/bad.pdf"

# a failed build leaves an existing PDF byte for byte, and no temp file
"$gongwen" build "$src/examples/report-2022.txt" -o "$out/keep.pdf"
cp "$out/keep.pdf" "$out/keep.orig"
expect_fail "bad.txt:3:2" "$gongwen" build "$out/bad.txt" -o "$out/keep.pdf"
cmp "$out/keep.pdf" "$out/keep.orig"
if ls "$out" | grep -q 'keep.pdf\.'; then echo "FAIL: temp file left"; exit 1; fi

# an unwritable place: a clear message, exit non-zero
expect_fail "cannot" "$gongwen" build "$src/examples/report-2022.txt" -o /nonexistent-dir/x.pdf
# a full disk
if [ -w /dev/full ]; then
    expect_fail "cannot write" "$gongwen" build "$src/examples/report-2022.txt" -o - \
        > /dev/full
fi

# a missing input and an unknown option
expect_fail "cannot read" "$gongwen" build "$out/none.txt" -o "$out/none.pdf"
expect_fail "unknown option" "$gongwen" build --frobnicate x
# an unknown directive is located
printf '标题\n\n@nosuch 值\n正文。\n' > "$out/dir.txt"
expect_fail "dir.txt:3:1: error:" "$gongwen" build "$out/dir.txt" -o "$out/dir.pdf"
# a report names a layout of this installation, never a file of its choosing
printf '标题\n\n@layout /etc/passwd\n正文。\n' > "$out/path.txt"
expect_fail "path.txt:3:1: error: @layout takes the name" "$gongwen" build "$out/path.txt" -o "$out/path.pdf"
test ! -e "$out/path.pdf"
echo "errors ok"
