#!/bin/sh
# cold.sh: the single-report process, as a user runs it: the median CPU time
# (user+system, what a shared machine disturbs least) and wall time of N runs
# of `gongwen build` on one report, the PDF to /dev/shm so that the disk is
# not measured.
#   sh bench/cold.sh [REPORT] [N] [GONGWEN]
set -eu
report=${1:-examples/report-2022.txt}
n=${2:-21}
bin=${3:-build/gongwen}
out=${TMPDIR:-/tmp}/gongwen-cold.$$
trap 'rm -f "$out" /dev/shm/gongwen-cold.$$.pdf' EXIT
i=0
while [ "$i" -lt "$n" ]; do
    /usr/bin/time -f "%e %U %S" -a -o "$out" "$bin" build -q "$report" \
        -o /dev/shm/gongwen-cold.$$.pdf
    i=$((i + 1))
done
med() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
wall=$(awk '{ print $1 * 1000 }' "$out" | med)
cpu=$(awk '{ print ($2 + $3) * 1000 }' "$out" | med)
echo "$report: $n runs, median wall $wall ms, median cpu $cpu ms (user+system)"
awk -v w="$wall" -v c="$cpu" 'BEGIN { printf "Typst 0.14 on the example: 209 ms; ratio by wall %.1fx, by cpu %.1fx\n", 209 / w, 209 / c }'
