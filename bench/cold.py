#!/usr/bin/env python3
"""cold.py: the single-report process, as a user runs it.

    python3 bench/cold.py [REPORT] [N] [GONGWEN]

Runs `gongwen build -q REPORT -o /dev/shm/...` N times (default 21) after
one warm-up run (which also writes the font memo a user's second run
finds) and prints the median and the minimum wall time (a monotonic clock
around the process) and CPU time (user + system of the finished child, from
getrusage), in ms with 0.1 ms resolution, and both against Typst 0.14's
209 ms on the example. /usr/bin/time's 10 ms steps are too coarse for a
process of ~20 ms.
"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TYPST_MS = 209.0


def timed(cmd, env):
    """One run of cmd: (wall ms, CPU ms of the finished child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env)
    wall = (time.perf_counter() - t) * 1e3
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3
    return wall, cpu


def measure(report, n, gongwen, tmp):
    """n timed builds of report after a warm-up, with a font memo of their
    own in tmp (another process's runs cannot make it stale): the walls and
    the CPU times."""
    cmd = [gongwen, "build", "-q", report, "-o", os.path.join(tmp, "cold.pdf")]
    env = dict(os.environ, GONGWEN_CACHE_DIR=os.path.join(tmp, "cache"))
    timed(cmd, env)  # the warm-up writes the font memo a user's second run finds
    return zip(*(timed(cmd, env) for _ in range(n)))


def main():
    report = sys.argv[1] if len(sys.argv) > 1 else "examples/report-2022.txt"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    gongwen = sys.argv[3] if len(sys.argv) > 3 else "build/gongwen"
    tmp = tempfile.mkdtemp(prefix="gongwen-cold.", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        walls, cpus = measure(report, n, gongwen, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    mw, mc = statistics.median(walls), statistics.median(cpus)
    print("%s: %d runs, wall median %.1f ms (min %.1f), cpu median %.1f ms (min %.1f)"
          % (report, n, mw, min(walls), mc, min(cpus)))
    print("Typst 0.14 on the example: %.0f ms; ratio by median wall %.1fx, by median cpu %.1fx"
          % (TYPST_MS, TYPST_MS / mw, TYPST_MS / mc))


if __name__ == "__main__":
    main()
