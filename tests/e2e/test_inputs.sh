#!/bin/bash
# End to end: bad input never crashes, hangs or loses work. Every input below
# either builds a correct PDF or is refused with FILE:LINE:COLUMN (or the
# file alone, for a file as a whole), its code from docs/ERRORS.md, a
# non-zero exit, and yesterday's PDF left byte for byte with no temp file
# beside it. Inputs are made here, never committed.
#
# Sizes: the large cases are divided by $GONGWEN_TEST_SCALE, which defaults
# to 1, or to 10 when the binary is built with AddressSanitizer (the second
# CI run), so that each case stays within seconds.
set -euo pipefail
gongwen=$1 src=$2 out=$3/inputs
rm -rf "$out"; mkdir -p "$out"
report=$src/examples/report-2022.txt
if [ -n "${GONGWEN_TEST_SCALE:-}" ]; then
    scale=$GONGWEN_TEST_SCALE
elif grep -qa __asan_init "$gongwen"; then
    scale=10
else
    scale=1
fi
keep=$out/keep.pdf
mnt=""
cleanup() { if [ -n "$mnt" ]; then umount "$mnt" 2>/dev/null || true; fi; }
trap cleanup EXIT

fail() { echo "FAIL: $*"; [ -s "$out/stderr" ] && head -20 "$out/stderr"; exit 1; }

# refuse EXIT PLACE CODE FILE [ARGS...]: building FILE onto an existing PDF
# exits with EXIT, prints "PLACE: error: ... [CODE]" and changes nothing.
refuse() {
    local want=$1 place=$2 code=$3 file=$4; shift 4
    printf 'yesterday' > "$keep"
    set +e
    timeout 120 "$gongwen" build "$file" -o "$keep" "$@" > /dev/null 2> "$out/stderr"
    local rc=$?
    set -e
    [ "$rc" -eq "$want" ] || fail "$file: exit $rc, want $want"
    grep -qF -- "$place: error: " "$out/stderr" || fail "$file: no '$place: error:'"
    grep -F -- "$place: error: " "$out/stderr" | grep -qF "[$code]" ||
        fail "$file: the error at $place is not $code"
    [ "$(cat "$keep")" = yesterday ] || fail "$file: the existing PDF was changed"
    if ls "$out" | grep -q '^keep\.pdf\.'; then fail "$file: temp file left"; fi
}

# builds FILE [ARGS...]: exit 0 and a whole PDF that pdftotext reads; the
# text of its first two pages and its last goes to ok.txt (pdftotext takes
# ~30 ms a page: all of a 4 000-page PDF would take minutes).
builds() {
    local file=$1; shift
    timeout 120 "$gongwen" build "$file" -o "$out/ok.pdf" "$@" 2> "$out/stderr" ||
        fail "$file: did not build"
    [ "$(head -c 5 "$out/ok.pdf")" = "%PDF-" ] && tail -c 7 "$out/ok.pdf" | grep -q '%%EOF' ||
        fail "$file: not a whole PDF"
    local pages
    pages=$(pdfinfo "$out/ok.pdf" | awk '/^Pages:/ {print $2}')
    pdftotext -l 2 "$out/ok.pdf" "$out/ok.txt" || fail "$file: pdftotext cannot read the PDF"
    if [ "$pages" -gt 2 ]; then
        pdftotext -f "$pages" -l "$pages" "$out/ok.pdf" - >> "$out/ok.txt"
    fi
}

# has TEXT: the last built PDF's text holds TEXT.
has() { grep -qF -- "$1" "$out/ok.txt" || fail "the PDF lacks '$1'"; }

# gen FILE PYTHON-EXPRESSION: write the bytes of a Python bytes expression.
gen() { python3 -c "import sys; sys.stdout.buffer.write($2)" > "$out/$1"; }

# ---- encoding ---------------------------------------------------------------
# invalid UTF-8: a stray byte, a truncated sequence at the end, an overlong
# form, a UTF-16 surrogate; the message names the byte offset too
printf '标题\n\n正\xff文\n' > "$out/utf8.txt"
refuse 1 "$out/utf8.txt:3:2" E-utf8 "$out/utf8.txt"
grep -q "offset 11" "$out/stderr" || fail "the byte offset is not named"
printf '标题\n\n正文\xe4\xb8' > "$out/trunc.txt"
refuse 1 "$out/trunc.txt:3:3" E-utf8 "$out/trunc.txt"
printf '标题\n\n\xc0\xaf\n' > "$out/overlong.txt"
refuse 1 "$out/overlong.txt:3:1" E-utf8 "$out/overlong.txt"
printf '标题\n\n正文\xed\xa0\x80。\n' > "$out/surrogate.txt"
refuse 1 "$out/surrogate.txt:3:3" E-utf8 "$out/surrogate.txt"
# a UTF-16 file with its BOM (Windows "Unicode" text) is read, and said so
printf '\xff\xfe\x07\x68\x98\x98\n\x00\n\x00\x63\x6b\x87\x65\n\x00' > "$out/utf16.txt"
builds "$out/utf16.txt"
grep -q "read as UTF-16LE.*N-encoding" "$out/stderr" || fail "UTF-16: no N-encoding note"
grep -q "正文" "$out/ok.txt" || fail "UTF-16: the text is lost"
# standard input is named <stdin>
printf 'yesterday' > "$keep"
if "$gongwen" build - -o "$keep" < "$out/utf8.txt" 2> "$out/stderr"; then fail "stdin built"; fi
grep -q '^<stdin>:3:2: error: .*\[E-utf8\]' "$out/stderr" || fail "stdin not located"

# a byte-order mark, CRLF and lone CR line ends: the same text as plain LF,
# and the same places in messages
printf '标题\n\n正文一。\n\n正文二。\n' > "$out/lf.txt"
builds "$out/lf.txt"; cp "$out/ok.txt" "$out/lf.out"
printf '\xef\xbb\xbf标题\r\n\r\n正文一。\r\n\r\n正文二。\r\n' > "$out/crlf.txt"
builds "$out/crlf.txt"; cmp "$out/lf.out" "$out/ok.txt" || fail "BOM+CRLF text differs"
printf '标题\r\r正文一。\r\r正文二。\r' > "$out/cr.txt"
builds "$out/cr.txt"; cmp "$out/lf.out" "$out/ok.txt" || fail "CR text differs"
printf '\xef\xbb\xbf标题\r\r正\xff文\r' > "$out/crbad.txt"
refuse 1 "$out/crbad.txt:3:2" E-utf8 "$out/crbad.txt"
printf '\xef\xbb\xbf标题\r\n\r\n@nosuch\r\n' > "$out/crlfdir.txt"
refuse 1 "$out/crlfdir.txt:3:1" E-directive "$out/crlfdir.txt"

# NUL and the other control characters (C0, DEL, C1); a tab is a table cell
for c in '\x00' '\x01' '\x1b' '\x7f' '\xc2\x85'; do
    printf "标题\n\n正文${c}文\n" > "$out/ctl.txt"
    refuse 1 "$out/ctl.txt:3:3" E-control "$out/ctl.txt"
done
# a form feed is a page break of a PDF's text: the text goes on
printf '标题\n\n正文一\x0c正文二。\n' > "$out/ff.txt"
builds "$out/ff.txt"
grep -q "正文一 *正文二" "$out/ok.txt" || fail "form feed: text lost"
# invisible characters pasted from web pages and word processors (a zero
# width space, a BOM inside the text, a direction override) are removed with
# a note; a Unicode line separator ends the line; the U+FFFD of a lossy
# conversion stands for a character already lost: refused
for c in '\xe2\x80\x8b' '\xef\xbb\xbf' '\xe2\x80\xae'; do
    printf "标题\n\n正文${c}文。\n" > "$out/invisible.txt"
    builds "$out/invisible.txt"
    grep -q "invisible.txt:3:3: note: invisible characters removed: 1 \[N-invisible\]" "$out/stderr" ||
        fail "invisible $c: no located note"
    grep -q "正文文。" "$out/ok.txt" || fail "invisible $c: text not kept"
done
printf '标题\n\n正文一。\xe2\x80\xa8正文二。\n' > "$out/invisible.txt"
builds "$out/invisible.txt"
printf '标题\n\n正文\xef\xbf\xbd文\n' > "$out/invisible.txt"
refuse 1 "$out/invisible.txt:3:3" E-control "$out/invisible.txt"
grep -q "U+FFFD" "$out/stderr" || fail "U+FFFD not named"
# binary garbage: refused, with a bounded list of messages
gen garbage.bin '__import__("random").Random(7).randbytes(65536)'
refuse 1 "$out/garbage.bin:1:2" E-utf8 "$out/garbage.bin"
[ "$(grep -c E-utf8 "$out/stderr")" -eq 1 ] || fail "garbage: not one message"
# the same bytes GBK-encoded text would never have, a GBK text is read
printf '\xb1\xea\xcc\xe2\n\n\xd5\xfd\xce\xc4\xa1\xa3\n' > "$out/gbk.txt"
builds "$out/gbk.txt"
grep -q "read as GB18030.*N-encoding" "$out/stderr" || fail "GBK: no N-encoding note"
grep -q "正文。" "$out/ok.txt" || fail "GBK: text not converted"
gen gzip.bin 'b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4'
refuse 1 "$out/gzip.bin:1:2" E-utf8 "$out/gzip.bin"

# ---- almost nothing -----------------------------------------------------------
: > "$out/empty.txt"
refuse 1 "$out/empty.txt:1:1" E-empty "$out/empty.txt"
printf '\n \n\t\n\xe3\x80\x80\n' > "$out/blank.txt"
refuse 1 "$out/blank.txt:1:1" E-empty "$out/blank.txt"
printf '只有标题的报告\n' > "$out/title.txt"
builds "$out/title.txt"; has 只有标题的报告
printf '只有标题的报告' > "$out/title-noeol.txt"
builds "$out/title-noeol.txt"; has 只有标题的报告

# ---- size ---------------------------------------------------------------------
# a file over CORE_MAX_INPUT_BYTES (8 MiB): refused before it is decoded
head -c $((8 * 1024 * 1024 + 1)) /dev/zero | tr '\0' a > "$out/huge.txt"
refuse 1 "$out/huge.txt" E-limit "$out/huge.txt"
rm "$out/huge.txt"
# a title past CORE_MAX_TITLE_CHARS (a forgotten blank line): located
gen longtitle.txt '("标" * 150 + "\n" + "题" * 60 + "\n\n正文。\n").encode()'
refuse 1 "$out/longtitle.txt:2:51" E-limit "$out/longtitle.txt"
# a line over CORE_MAX_LINE_BYTES (1 MiB): refused where it passes the limit
gen longline.txt '("标题\n\n" + "字" * 350000 + "\n").encode()'
refuse 1 "$out/longline.txt:3:349526" E-limit "$out/longline.txt"
# a single line of megabytes under the limit: CJK, and unbreakable Latin
# (each of its lines is broken against the rules: one W-break a line)
gen bigline.txt "(\"标题\n\n\" + \"字\" * (340000 // $scale) + \"\n\").encode()"
builds "$out/bigline.txt"; has 字字字字字字字字
gen bigword.txt "(\"标题\n\n\" + \"ab%\" * (60000 // $scale) + \"\n\").encode()"
builds "$out/bigword.txt"
# (50 messages of a code are printed, then how many more there were)
[ "$(grep -c '\[W-break\]$' "$out/stderr")" -eq 50 ] || fail "W-break not capped at 50"
grep -q "bigword.txt: warning: [0-9]* more \[W-break\] not shown" "$out/stderr" ||
    fail "no count of the W-breaks not shown"
# 100 000 lines
gen lines.txt "(\"标题\n\n\" + \"\".join(\"第%d段正文。\n\" % i for i in range(100000 // $scale))).encode()"
builds "$out/lines.txt"; has "第$((100000 / scale - 1))段正文。"
# more pages than CORE_MAX_PAGES (20 000): refused, located at the last page
# kept, before the PDF is written
gen pages.txt '("标题\n\n" + "字\n@pagebreak\n" * 20001).encode()'
refuse 1 "$out/pages.txt:40001:1" E-limit "$out/pages.txt"

# ---- structure ------------------------------------------------------------------
# deep and odd numbering: every level, the largest numbers, gaps
printf '标题\n\n一、甲\n（一）乙\n1.丙\n（1）丁\n（2）戊\n(3)己\n999.庚\n1000.不是标题\n九十九、壬\n（九十九）癸\n' \
    > "$out/deep.txt"
builds "$out/deep.txt"; has 1000.不是标题; has （九十九）癸
grep -q "deep.txt:11:1: warning: .*\[W-numbering\]" "$out/stderr" || fail "numbering gap not located"
# a table row of hundreds of cells: too wide for the page, located
gen wide.txt '("标题\n\n" + "\t".join(str(i) for i in range(300)) + "\n").encode()'
refuse 1 "$out/wide.txt:3:1" E-table-width "$out/wide.txt"
# more cells than CORE_MAX_TABLE_CELLS in a row
gen cells.txt '("标题\n\n" + "甲\t乙\n" + "0\t" * 4096 + "0\n").encode()'
refuse 1 "$out/cells.txt:4:1" E-limit "$out/cells.txt"
# a cell longer than a page: split across pages, nothing lost
gen longcell.txt '("标题\n\n甲\t乙\n丙\t" + "很长的单元格内容。" * 1500 + "\n").encode()'
builds "$out/longcell.txt"
[ "$(pdftotext "$out/ok.pdf" - | grep -o 很 | wc -l)" -eq 1500 ] || fail "a long cell lost text"

# ---- numbers in the standard tables (表二 row 规章 is line 23) --------------------
sed '23s/\t0\t0\t0$/\t99999999999999999999\t0\t99999999999999999999/' "$report" > "$out/big.txt"
builds "$out/big.txt"; has 99999999999999999999
sed '23s/\t0\t0\t0$/\t-5\t0\t0/' "$report" > "$out/neg.txt"
refuse 1 "$out/neg.txt:23:4" E-table-value "$out/neg.txt"
sed '23s/\t0\t0\t0$/\t１２\t０\t１２/' "$report" > "$out/wide-digits.txt"
builds "$out/wide-digits.txt"; has １２
grep -q "wide-digits.txt:23:4: note: .*\[N-table-value\]" "$out/stderr" || fail "full-width digits not noted"
sed '23s/\t0\t0\t0$/\t1e999\t0\tNaN/' "$report" > "$out/nan.txt"
refuse 1 "$out/nan.txt:23:4" E-table-value "$out/nan.txt"

# ---- characters ----------------------------------------------------------------
# an emoji no bundled font has: located, named, never dropped in silence
printf '标题\n\n正文\xf0\x9f\x98\x80。\n' > "$out/emoji.txt"
refuse 3 "$out/emoji.txt:3:3" E-glyph "$out/emoji.txt"
grep -q "U+1F600" "$out/stderr" || fail "the emoji is not named"
# a text of emoji: E-glyphs located, 50 printed, the rest counted (core keeps
# CORE_MAX_DIAGS_PER_CODE of a code), quickly (locating is cheap however
# long the line)
gen emojis.txt "(\"标题\n\n\" + (\"😀\" * 1500 + \"\n\") * (200 // $scale)).encode()"
refuse 3 "$out/emojis.txt:3:1" E-glyph "$out/emojis.txt"
[ "$(grep -c '\[E-glyph\]$' "$out/stderr")" -eq 50 ] || fail "E-glyph not capped at 50"
grep -q "emojis.txt: error: [0-9]* more \[E-glyph\] not shown" "$out/stderr" ||
    fail "the E-glyphs are not counted"
# a hanzi outside the BMP that WenQuanYi Zen Hei has: rendered, and read back
printf '标题\n\n正文\xf0\xa0\x95\x87字。\n' > "$out/nonbmp.txt"
builds "$out/nonbmp.txt"; has "$(printf '\xf0\xa0\x95\x87')"

# ---- the environment ---------------------------------------------------------------
# SOURCE_DATE_EPOCH past what a PDF date holds (four year digits) or no
# number: ignored with a warning, never a damaged date
for v in 99999999999999999999 253402300800 -1 abc; do
    SOURCE_DATE_EPOCH=$v builds "$out/title.txt"
    grep -q "^SOURCE_DATE_EPOCH: warning: .*\[W-date\]" "$out/stderr" || fail "SOURCE_DATE_EPOCH=$v"
    if pdfinfo "$out/ok.pdf" | grep -q CreationDate; then fail "a date from SOURCE_DATE_EPOCH=$v"; fi
done
SOURCE_DATE_EPOCH=253402300799 builds "$out/title.txt"
pdfinfo "$out/ok.pdf" | grep -q "CreationDate:.* 9999 UTC" || fail "the last second of 9999"
# no fonts, damaged fonts, no layout (by option and by @layout)
mkdir -p "$out/nofonts"; cp -r "$src/layouts" "$out/nofonts/"
refuse 3 "$out/nofonts/fonts" E-font "$report" --data "$out/nofonts"
mkdir -p "$out/badfonts/fonts/fandol"; cp -r "$src/layouts" "$out/badfonts/"
for f in "$src"/fonts/fandol/*.ttf; do
    head -c 4096 "$f" > "$out/badfonts/fonts/fandol/$(basename "$f")"
done
# (the layout file is the place of the message)
set +e
"$gongwen" build "$report" --data "$out/badfonts" -o "$keep" 2> "$out/stderr"
rc=$?
set -e
[ $rc -eq 3 ] || fail "damaged fonts: exit $rc"
grep -q "badfonts/layouts/gbt9704.ini: error: no font found for role body.*\[E-font\]" "$out/stderr" ||
    fail "damaged fonts: no E-font naming the role"
refuse 4 "$src/layouts/nosuch.ini" E-layout "$report" --layout nosuch
printf '标题\n\n正文。\n@layout nosuch\n' > "$out/atlayout.txt"
refuse 4 "$out/atlayout.txt:4:1" E-layout "$out/atlayout.txt"

# unwritable places: no folder, a folder, the input itself
expect_io() { # expect_io EXIT PATTERN ARGS...
    local want=$1 pat=$2; shift 2
    set +e
    "$gongwen" "$@" > /dev/null 2> "$out/stderr"
    local rc=$?
    set -e
    [ "$rc" -eq "$want" ] || fail "$*: exit $rc, want $want"
    grep -q -- "$pat" "$out/stderr" || fail "$*: message lacks '$pat'"
}
expect_io 4 "cannot create a file there" build "$report" -o "$out/no/such/dir/x.pdf"
mkdir -p "$out/adir"
expect_io 4 "is a folder" build "$report" -o "$out/adir"
cp "$report" "$out/self.txt"; cp "$report" "$out/self.pdf"
expect_io 2 "is the input itself" build "$out/self.txt" -o "$out/self.txt"
expect_io 2 "is the input itself" build "$out/self.pdf"
cmp "$report" "$out/self.txt" && cmp "$report" "$out/self.pdf" || fail "the input was changed"
# a full disk: /dev/full stays a device (never renamed over), the error said
if [ -c /dev/full ] && [ -w /dev/full ]; then
    expect_io 4 "No space left" build "$report" -o /dev/full
    [ -c /dev/full ] || fail "/dev/full was replaced"
fi
# a tiny tmpfs (when this runs as root): yesterday's PDF survives a full disk
mkdir -p "$out/tiny"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=400k tmpfs "$out/tiny" 2>/dev/null; then
    mnt=$out/tiny
    "$gongwen" build "$report" -o "$mnt/r.pdf" -q
    cp "$mnt/r.pdf" "$out/r.orig"
    dd if=/dev/zero of="$mnt/fill" bs=1k count=400 2>/dev/null || true
    expect_io 4 "No space left" build "$report" -o "$mnt/r.pdf"
    cmp "$mnt/r.pdf" "$out/r.orig" || fail "a full disk damaged yesterday's PDF"
    if ls "$mnt" | grep -q '^r\.pdf\.'; then fail "temp file left on a full disk"; fi
    umount "$mnt"; mnt=""
    # a folder that cannot be written (root writes through permissions: a
    # read-only mount): refused before anything is created
    if mount -t tmpfs -o ro,size=64k tmpfs "$out/tiny" 2>/dev/null; then
        mnt=$out/tiny
        expect_io 4 "cannot create a file there: Read-only file system" \
            build "$report" -o "$mnt/r.pdf"
        umount "$mnt"; mnt=""
    fi
fi
# a symbolic link is followed: the file it names is written, the link stays
mkdir -p "$out/real"; ln -s real/linked.pdf "$out/link.pdf"
"$gongwen" build "$out/title.txt" -o "$out/link.pdf" -q
[ -L "$out/link.pdf" ] && [ -s "$out/real/linked.pdf" ] || fail "the link was replaced"

echo "inputs ok (scale 1/$scale)"
