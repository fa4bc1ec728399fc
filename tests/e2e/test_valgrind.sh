#!/bin/bash
# End to end: Valgrind finds no memory error and no definite or indirect leak
# in a build of the example report (the CLI's whole path: read, parse,
# check, layout, fonts, PDF, atomic write). Valgrind is installed by the
# set-up (tools/debian-packages.txt); its absence is a failure, not a skip.
# An AddressSanitizer build (the second CI run) is checked by ASan itself:
# Valgrind cannot run such a binary.
set -euo pipefail
gongwen=$1 src=$2 out=$3/valgrind
rm -rf "$out"; mkdir -p "$out"
if grep -qa __asan_init "$gongwen"; then
    echo "valgrind: not run on an AddressSanitizer build (ASan checks it)"
    exit 0
fi
command -v valgrind > /dev/null || { echo "FAIL: valgrind is not installed"; exit 1; }
vg() { # vg LOG CMD...
    local log=$1; shift
    valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --log-file="$out/$log" "$@"
}
# a good build: a whole PDF, no error, no leak
vg good.log "$gongwen" build "$src/examples/report-2022.txt" -o "$out/a.pdf" -q ||
    { echo "FAIL: valgrind (exit $?)"; tail -40 "$out/good.log"; exit 1; }
[ "$(head -c 5 "$out/a.pdf")" = "%PDF-" ] || { echo "FAIL: no PDF"; exit 1; }
grep -q "ERROR SUMMARY: 0 errors" "$out/good.log" || { cat "$out/good.log"; exit 1; }
# a refusal frees as much as a success does
printf '标题\n\n正\xff文\n' > "$out/bad.txt"
set +e
vg bad.log "$gongwen" build "$out/bad.txt" -o "$out/bad.pdf" 2> /dev/null
rc=$?
set -e
[ $rc -eq 1 ] || { echo "FAIL: bad input under valgrind: exit $rc"; tail -40 "$out/bad.log"; exit 1; }
echo "valgrind ok"
