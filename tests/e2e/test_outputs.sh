#!/bin/bash
# End to end (issue 13, items 5-8): how the output file is written and how
# inputs that are no regular file are read.
#  - a build killed during its write (SIGKILL, SIGHUP, SIGPIPE: strace
#    injects the signal when the PDF is being flushed) leaves the old PDF and
#    no temporary file;
#  - an output name of 249-255 bytes (the longest a file name may be) is
#    written and replaced;
#  - a replaced PDF keeps its mode and group; a new one gets the umask;
#  - a FIFO with no writer is refused within seconds, not waited on for
#    ever; a FIFO with a writer, and <(process substitution), are read.
set -euo pipefail
gongwen=$1 src=$2 out=$3/outputs
# no font memo: the system calls strace counts below must be the same in
# every run, and a memo written by the first run (or by a test beside this
# one) would spare the later runs fontconfig's files
export GONGWEN_CACHE_DIR=
# LeakSanitizer cannot stop the world under strace: no leak check in here
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
# the font memo (src/cli/cache.c) off: whether a run asks fontconfig depends on
# what the last run on this machine (any worktree's) left in ~/.cache, and the
# fallback case below counts the openat calls of a run before its output's
export GONGWEN_CACHE_DIR=
rm -rf "$out"; mkdir -p "$out"
report=$src/examples/report-2022.txt
fail() { echo "FAIL: $*"; [ -s "$out/stderr" ] && head -20 "$out/stderr"; exit 1; }
# no file but those named: nothing left beside the outputs
only() { # only DIR NAME...: DIR holds exactly these names
    local dir=$1; shift
    local want got
    want=$(printf '%s\n' "$@" | sort)
    got=$(ls -A "$dir" | sort)
    [ "$want" = "$got" ] || fail "$dir holds: $(echo $got)"
}

# ---- killed during the write ---------------------------------------------------
if strace -o /dev/null true 2>/dev/null; then
    for sig in SIGKILL SIGHUP SIGPIPE SIGTERM; do
        d=$out/kill-$sig; mkdir -p "$d"
        printf 'yesterday' > "$d/r.pdf"
        set +e
        strace -f -o /dev/null -e trace=fsync -e inject=fsync:signal=$sig \
            "$gongwen" build "$report" -o "$d/r.pdf" -q 2> "$out/stderr"
        set -e
        [ "$(cat "$d/r.pdf")" = yesterday ] || fail "$sig: the old PDF was changed"
        only "$d" r.pdf
        # and when there was no PDF before
        rm "$d/r.pdf"
        set +e
        strace -f -o /dev/null -e trace=fsync -e inject=fsync:signal=$sig \
            "$gongwen" build "$report" -o "$d/r.pdf" -q 2> "$out/stderr"
        set -e
        only "$d"
    done
    # a file system without O_TMPFILE (strace fails that open: the how-many-th
    # openat it is comes from a first run): the named temporary file of the
    # fallback is removed when a catchable signal stops the write
    d=$out/fallback; mkdir -p "$d"
    strace -o "$out/openat.log" -e trace=openat "$gongwen" build "$report" -o "$d/r.pdf" -q
    n=$(grep -n O_TMPFILE "$out/openat.log" | head -1 | cut -d: -f1)
    [ -n "$n" ] || fail "the output is not opened with O_TMPFILE"
    for sig in SIGHUP SIGPIPE SIGINT SIGTERM; do
        printf 'yesterday' > "$d/r.pdf"
        set +e
        strace -o "$out/fallback.log" -e trace=openat,fsync -e inject=openat:error=EOPNOTSUPP:when=$n \
            -e inject=fsync:signal=$sig "$gongwen" build "$report" -o "$d/r.pdf" -q 2> "$out/stderr"
        set -e
        grep -q 'r\.pdf\.[A-Za-z0-9]*", O_RDWR|O_CREAT|O_EXCL' "$out/fallback.log" ||
            fail "$sig: the fallback was not taken"
        [ "$(cat "$d/r.pdf")" = yesterday ] || fail "fallback, $sig: the old PDF was changed"
        only "$d" r.pdf
    done
    # and without a signal the fallback writes the PDF
    strace -o /dev/null -e trace=openat -e inject=openat:error=EOPNOTSUPP:when=$n \
        "$gongwen" build "$report" -o "$d/r.pdf" -q
    cmp -s <("$gongwen" build "$report" -o - -q) "$d/r.pdf" || fail "the fallback's PDF differs"
    only "$d" r.pdf
else
    echo "strace cannot trace here: the killed-write cases are skipped"
fi

# ---- long names ------------------------------------------------------------------
for n in 249 252 255; do
    name=$(printf 'a%.0s' $(seq $((n - 4)))).pdf
    d=$out/long$n; mkdir -p "$d"
    "$gongwen" build "$report" -o "$d/$name" -q 2> "$out/stderr" || fail "a $n-byte name refused"
    "$gongwen" build "$report" -o "$d/$name" -q 2> "$out/stderr" || fail "a $n-byte name not replaced"
    [ "$(head -c 5 "$d/$name")" = "%PDF-" ] || fail "$n-byte name: no PDF"
    only "$d" "$name"
done

# ---- mode and group ---------------------------------------------------------------
d=$out/mode; mkdir -p "$d"
printf 'old' > "$d/private.pdf"; chmod 600 "$d/private.pdf"
"$gongwen" build "$report" -o "$d/private.pdf" -q
[ "$(stat -c %a "$d/private.pdf")" = 600 ] || fail "a 0600 PDF came back $(stat -c %a "$d/private.pdf")"
printf 'old' > "$d/shared.pdf"; chmod 664 "$d/shared.pdf"
"$gongwen" build "$report" -o "$d/shared.pdf" -q
[ "$(stat -c %a "$d/shared.pdf")" = 664 ] || fail "a 0664 PDF came back $(stat -c %a "$d/shared.pdf")"
(umask 027; "$gongwen" build "$report" -o "$d/new.pdf" -q)
[ "$(stat -c %a "$d/new.pdf")" = 640 ] || fail "a new PDF under umask 027 is $(stat -c %a "$d/new.pdf")"
# the group, where we may set it (root may; others when they belong to it)
grp=$(id -G | tr ' ' '\n' | grep -vx "$(id -g)" | head -1 || true)
[ -z "$grp" ] && [ "$(id -u)" -eq 0 ] && grp=$(getent group daemon | cut -d: -f3 || true)
if [ -n "$grp" ]; then
    printf 'old' > "$d/group.pdf"; chgrp "$grp" "$d/group.pdf"
    "$gongwen" build "$report" -o "$d/group.pdf" -q
    [ "$(stat -c %g "$d/group.pdf")" = "$grp" ] || fail "the group of a replaced PDF was not kept"
fi
only "$d" private.pdf shared.pdf new.pdf $([ -n "$grp" ] && echo group.pdf)

# ---- FIFOs and other inputs that are no file --------------------------------------
d=$out/fifo; mkdir -p "$d"
mkfifo "$d/in.txt"
set +e
timeout 30 "$gongwen" build "$d/in.txt" -o "$d/out.pdf" 2> "$out/stderr"
rc=$?
set -e
[ $rc -ne 124 ] || fail "a FIFO with no writer hangs"
[ $rc -eq 4 ] || fail "a FIFO with no writer: exit $rc, want 4"
grep -q "in.txt: error: cannot read: a FIFO that nobody writes to" "$out/stderr" || fail "no FIFO message"
[ ! -e "$d/out.pdf" ] || fail "a PDF from an unwritten FIFO"
# a writer that comes a moment later is waited for
(sleep 1; cat "$report" > "$d/in.txt") &
timeout 30 "$gongwen" build "$d/in.txt" -o "$d/out.pdf" -q || fail "a FIFO with a writer was not read"
wait
cmp -s <("$gongwen" build "$report" -o - -q) "$d/out.pdf" || fail "the FIFO's PDF differs"
timeout 30 "$gongwen" build <(cat "$report") -o "$d/sub.pdf" -q || fail "<(…) was not read"
cmp -s "$d/out.pdf" "$d/sub.pdf" || fail "the <(…) PDF differs"
# a folder or a device as a single input's file: refused, named
set +e
timeout 30 "$gongwen" check /dev/null/x 2> "$out/stderr"; rc=$?
timeout 30 "$gongwen" trace /dev/zero 2> "$out/stderr"; rc=$?
set -e
[ $rc -eq 4 ] || fail "a device as input: exit $rc"
grep -q "/dev/zero: error: cannot read: it is a device" "$out/stderr" || fail "no device message"
echo "outputs ok"
