#!/bin/bash
# End to end: the font memo in the user's cache folder (src/cli/cache.c,
# src/font/memo.c). A second run starts from it without reading
# fontconfig's configuration; each installation (binary and data folder)
# keeps its own, so two used in turn do not spoil each other's; an empty
# GONGWEN_CACHE_DIR writes none; the PDF is the same with and without it.
set -euo pipefail
gongwen=$1 src=$2 out=$3/memo
rm -rf "$out"; mkdir -p "$out/cache" "$out/data"
report=$src/examples/report-2022.txt
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1700000000

mkdir -p "$out/home"
HOME=$out/home XDG_CACHE_HOME= GONGWEN_CACHE_DIR= "$gongwen" -q build "$report" -o "$out/none.pdf"
[ -z "$(ls -A "$out/home")" ] || fail "an empty GONGWEN_CACHE_DIR wrote a memo"
export GONGWEN_CACHE_DIR=$out/cache
"$gongwen" -q build "$report" -o "$out/first.pdf"
memos() { find "$out/cache" -name 'font-memo-*' | wc -l; }
[ "$(memos)" = 1 ] || fail "first run: $(memos) memo files, not 1"
"$gongwen" -q build "$report" -o "$out/second.pdf"
cmp "$out/none.pdf" "$out/first.pdf" || fail "the memo changed the PDF"
cmp "$out/first.pdf" "$out/second.pdf" || fail "a run from the memo made another PDF"

# another installation: the same binary reading another data folder
cp -r "$src/fonts" "$src/layouts" "$src/icc" "$out/data/"
GONGWEN_DATA=$out/data "$gongwen" -q build "$report" -o "$out/other.pdf"
[ "$(memos)" = 2 ] || fail "a second installation: $(memos) memo files, not 2"

# fontconfig reads its configuration (fonts.conf) only when no memo holds
if strace -o /dev/null true 2>/dev/null; then
    conf() { grep -c 'fonts\.conf' "$1" || true; }
    # LeakSanitizer cannot stop the world under strace
    export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
    strace -f -o "$out/again.log" -e trace=openat "$gongwen" -q build "$report" -o "$out/again.pdf"
    [ "$(conf "$out/again.log")" = 0 ] || fail "the first installation's memo was not used after the second's run"
    GONGWEN_CACHE_DIR=$out/empty strace -f -o "$out/cold.log" -e trace=openat \
        "$gongwen" -q build "$report" -o "$out/cold.pdf"
    [ "$(conf "$out/cold.log")" -gt 0 ] || fail "without a memo fontconfig's configuration was not read (the check proves nothing)"
else
    echo "strace cannot trace here: the configuration reads are not checked"
fi
echo "memo ok"
