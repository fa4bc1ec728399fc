#!/bin/bash
# cmake --install into a DESTDIR, then use what was installed as a user
# would: the C program of example.c compiled with the installed pkg-config
# file and linked to libgongwen.so builds the example report; the installed
# binary finds its data under PREFIX/share/gongwen (GONGWEN_DATA unset), its
# Chinese messages, its man page and completion; nothing points back into
# the build or source tree.
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) out=$3/install
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*"; [ -s "$out/stderr" ] && head -20 "$out/stderr"; exit 1; }
unset GONGWEN_DATA
dest=$out/dest
DESTDIR=$dest cmake --install "$build" > "$out/install.log"
prefix=$(sed -n 's/^prefix=//p' "$build/gongwen.pc")
root=$dest$prefix
libdir=$(sed -n 's/^libdir=\${prefix}//p' "$build/gongwen.pc")
for f in bin/gongwen include/gongwen.h share/gongwen/layouts/gbt9704.ini \
         share/gongwen/layouts/tables share/gongwen/fonts/fandol \
         share/man/man1/gongwen.1 share/bash-completion/completions/gongwen \
         share/locale/zh_CN/LC_MESSAGES/gongwen.mo \
         "${libdir#/}/libgongwen.a" "${libdir#/}/pkgconfig/gongwen.pc"; do
    [ -e "$root/$f" ] || fail "not installed: $f"
done
# the shared library: versioned, with its soname
so=$(ls "$root$libdir"/libgongwen.so.*.*.* | head -1)
[ -n "$so" ] && [ -L "$root$libdir/libgongwen.so" ] || fail "no versioned libgongwen.so"
objdump -p "$so" | grep -q 'SONAME *libgongwen.so.0' || fail "no soname libgongwen.so.0"
# only gongwen_ names exported; the header stands alone
if nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^gongwen_' | grep -q .; then
    fail "exports other than gongwen_*: $(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^gongwen_' | head -5)"
fi
printf '#include <gongwen.h>\nint main(void) { return gongwen_version() == 0; }\n' > "$out/alone.c"
cc -std=c99 -Wall -Werror -pedantic -I"$root/include" -c "$out/alone.c" -o "$out/alone.o" ||
    fail "gongwen.h does not compile on its own"
# a program built with pkg-config against the installed library
export PKG_CONFIG_PATH=$root$libdir/pkgconfig
flags=$(pkg-config --define-variable=prefix="$root" --cflags --libs gongwen)
# (a sanitizer build installs an instrumented library: the program needs the runtime)
grep -qa __asan_init "$root/bin/gongwen" && flags="$flags -fsanitize=address,undefined"
# shellcheck disable=SC2086
cc -std=c11 -Wall -Werror "$src/tests/install/example.c" -o "$out/example" $flags ||
    fail "example.c does not build with pkg-config"
LD_LIBRARY_PATH=$root$libdir "$out/example" "$src/examples/report-2022.txt" "$out/lib.pdf" \
    > "$out/stdout" 2> "$out/stderr" || fail "example.c did not build the report"
grep -q "5 pages" "$out/stdout" || fail "example.c: $(cat "$out/stdout")"
pdfinfo "$out/lib.pdf" | grep -q "^Pages: *5" || fail "the library's PDF is not the 5-page report"
# the installed binary, its data found beside it; the same bytes as the library's
"$root/bin/gongwen" build "$src/examples/report-2022.txt" -o "$out/cli.pdf" -q 2> "$out/stderr" ||
    fail "the installed gongwen did not build"
cmp -s "$out/lib.pdf" "$out/cli.pdf" || fail "the installed binary and the library differ"
"$root/bin/gongwen" fonts > "$out/fonts" 2> "$out/stderr" || fail "installed fonts failed"
grep -q "$root/share/gongwen/fonts/fandol" "$out/fonts" || fail "the installed fonts are not used"
if grep -q "$src/fonts" "$out/fonts"; then fail "the installed binary reads the source tree"; fi
# its Chinese catalogue
set +e
LANG=zh_CN.UTF-8 LC_ALL= "$root/bin/gongwen" biuld 2> "$out/stderr"
set -e
grep -q "未知命令" "$out/stderr" || fail "the installed binary has no Chinese messages"
man -l "$root/share/man/man1/gongwen.1" 2>/dev/null | grep -q "GB/T 9704" ||
    { command -v man > /dev/null && fail "the man page does not render"; }
bash -c "source '$root/share/bash-completion/completions/gongwen'; complete -p gongwen" > /dev/null ||
    fail "the completion does not load"
echo "install ok"
