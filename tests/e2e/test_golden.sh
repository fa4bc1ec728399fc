#!/bin/bash
# Golden traces: each tests/golden/NAME.txt lays out to exactly the display
# list in NAME.dl.expected (gongwen trace: every glyph run with its font,
# size and positions, every rule, every page). A layout change shows here as
# a readable diff; when it is intended, rewrite the files with
#   UPDATE_GOLDEN=1 ctest -R golden
set -euo pipefail
gongwen=$1 src=$2 out=$3/golden
mkdir -p "$out"
status=0
for input in "$src"/tests/golden/*.txt; do
    name=$(basename "$input" .txt)
    expected=$src/tests/golden/$name.dl.expected
    "$gongwen" -q trace "$input" -o "$out/$name.dl"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$out/$name.dl" "$expected"
        echo "updated $expected"
    elif ! diff -u "$expected" "$out/$name.dl" > "$out/$name.diff"; then
        echo "FAIL: $name differs from its golden trace:"
        head -40 "$out/$name.diff"
        status=1
    else
        echo "golden ok: $name"
    fi
done
exit $status
