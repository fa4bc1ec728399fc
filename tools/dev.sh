#!/bin/sh
# tools/dev.sh: set up, build and run gongwen on a Debian 12 machine.
#
#   sh tools/dev.sh example   install what is missing, build, render
#                             examples/report-2022.txt to build/report-2022.pdf
#   sh tools/dev.sh test      install what is missing, build, run every test
#                             (unit, end-to-end, and the whole suite again
#                             under AddressSanitizer + UBSan)
#   sh tools/dev.sh build     install what is missing and build only
#
# Packages come from tools/debian-packages.txt; installing needs root (or
# sudo). The exit status is non-zero when anything fails.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

install_deps() {
    missing=""
    for p in $(sed 's/#.*//' tools/debian-packages.txt); do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    # ofd.js is fetched with npm: Debian's nodejs comes without it, other
    # node builds bring their own (and conflict with Debian's npm package)
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
    [ -z "$missing" ] && return 0
    echo "installing:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

build() { # build DIR CMAKE-ARGS...
    dir=$1; shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

case "${1:-}" in
example)
    install_deps
    build build
    ./build/gongwen build examples/report-2022.txt -o build/report-2022.pdf
    echo "wrote build/report-2022.pdf"
    ;;
test)
    install_deps
    build build
    ctest --test-dir build --output-on-failure -j "$jobs"
    build build-asan -DGONGWEN_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -j "$jobs"
    ;;
build)
    install_deps
    build build
    ;;
*)
    echo "usage: sh tools/dev.sh example|test|build" >&2
    exit 2
    ;;
esac
