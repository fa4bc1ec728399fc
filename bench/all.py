#!/usr/bin/env python3
"""all.py: the three figures issue 12 asks for, measured in one run.

    python3 bench/all.py [--runs N] [--batch N] [GONGWEN_BUILD_DIR]

1. Per stage and per page, in one process (build/gongwen-bench): the
   example, the long report and a real published one; the long and the
   real report's layout ms per page against the example's.
2. The single-report process (as bench/cold.py): wall and CPU median of
   N runs of `gongwen build` on the example, and the ratio against Typst
   0.14's 209 ms.
3. Batch throughput: N copies of the example in one `gongwen build -q -j
   CORES DIR -o OUT/`, reports a second (median of three runs).

Run from the source root on an otherwise idle machine: every figure is a
median, but a machine shared with other work moves them all.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cold  # noqa: E402 (beside this file)

EXAMPLE = "examples/report-2022.txt"
LONG = "bench/reports/long-2023.txt"
REAL = "tests/reports/real/text/04-hongze-2024-pdftotext-layout.txt"


def args():
    runs, batch, build = 31, 200, "build"
    a = sys.argv[1:]
    while a:
        x = a.pop(0)
        if x == "--runs":
            runs = int(a.pop(0))
        elif x == "--batch":
            batch = int(a.pop(0))
        else:
            build = x
    return runs, batch, build


def stages(build, runs):
    out = subprocess.run([os.path.join(build, "gongwen-bench"), "-n", str(runs), EXAMPLE, LONG,
                          REAL], check=True, capture_output=True, text=True).stdout
    print(out, end="")
    per = [float(m) for m in re.findall(r"layout per page ([0-9.]+) ms", out)]
    if len(per) == 3 and per[0] > 0:
        print("layout per page against the example: long %.2fx, real %.2fx"
              % (per[1] / per[0], per[2] / per[0]))


def cold_process(gongwen, runs, tmp):
    walls, cpus = cold.measure(EXAMPLE, runs, gongwen, tmp)
    mw, mc = statistics.median(walls), statistics.median(cpus)
    print("single report, %d runs: wall median %.1f ms (min %.1f), cpu median %.1f ms; "
          "Typst 0.14 %.0f ms: %.1fx by the median wall time"
          % (runs, mw, min(walls), mc, cold.TYPST_MS, cold.TYPST_MS / mw))


def batch(gongwen, n, tmp, env):
    src, out = os.path.join(tmp, "in"), os.path.join(tmp, "out")
    os.mkdir(src)
    for i in range(n):
        shutil.copy(EXAMPLE, os.path.join(src, "r%03d.txt" % i))
    cores = os.cpu_count() or 1
    times = []
    for _ in range(3):
        shutil.rmtree(out, ignore_errors=True)
        os.mkdir(out)
        wall, _ = cold.timed([gongwen, "build", "-q", "-j", str(cores), src, "-o", out + "/"],
                             env)
        times.append(wall / 1e3)
    got = len([f for f in os.listdir(out) if f.endswith(".pdf")])
    if got != n:
        sys.exit("batch: %d of %d PDFs written" % (got, n))
    t = statistics.median(times)
    print("batch: %d example-size reports, -j %d: %.2f s (median of 3), %.0f reports a second"
          % (n, cores, t, n / t))


def main():
    runs, n, build = args()
    gongwen = os.path.join(build, "gongwen")
    with tempfile.TemporaryDirectory(prefix="gongwen-bench.", dir="/dev/shm"
                                     if os.path.isdir("/dev/shm") else None) as tmp:
        env = dict(os.environ, GONGWEN_CACHE_DIR=os.path.join(tmp, "cache"))
        stages(build, max(runs // 3, 7))
        cold_process(gongwen, runs, tmp)
        batch(gongwen, n, tmp, env)


if __name__ == "__main__":
    main()
