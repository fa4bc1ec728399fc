#!/bin/sh
# tools/pot.sh [OUT.pot]: extract every message of gongwen — the command
# line's (_(), ngettext) and the library's diagnostics (core_diag_at and
# core_diag_file, their wrappers, and the pieces marked N_()) — into a
# gettext template (default po/gongwen.pot), then merge it into
# po/zh_CN.po when writing the real template. Run from anywhere; the
# file names in the template are relative to the source root. Used by the
# `pot` target (cmake --build build --target pot) and by tests/po/pocheck.py.
set -eu
cd "$(dirname "$0")/.."
out=${1:-po/gongwen.pot}
# The argument holding the format, for each function that makes a message;
# --flag marks those as c-format so that msgfmt --check-format checks them.
kw="_ N_ ngettext:1,2 cli_say:1 core_tr:2 core_diag_at:6 core_diag_span:7 core_diag_file:5 core_diags_vadd:6
    raw_error:6 ld_error:3 refuse:3 perr:3 say:5 unplaced:3 bad:3 core_fail:3 core_translate:2
    pdf_hpdf:3 pdf_obj:3"
args=""
for k in $kw; do
    args="$args --keyword=$k"
    case $k in
    *:*) args="$args --flag=${k%%,*}:c-format" ;;
    esac
done
# shellcheck disable=SC2086
find src -name '*.c' | LC_ALL=C sort | xgettext --from-code=UTF-8 --language=C \
    --package-name=gongwen --package-version="$(sed -n 's/^project(gongwen VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)" \
    --add-comments=TRANSLATORS: --no-wrap $args -o "$out" -f -
if [ "$out" = po/gongwen.pot ]; then
    msgmerge --quiet --update --backup=none --no-wrap po/zh_CN.po po/gongwen.pot
fi
