/*
 * gongwen-bench: how fast and how lean a build is. Not a test: it measures.
 *
 *   gongwen-bench [REPORT.txt] [RUNS]
 *
 * Prints the time to set up the engine (fontconfig, fonts, layout, table
 * templates), then the median, minimum and maximum wall time of RUNS builds
 * of the report in one process (as a batch would: each font is loaded once),
 * the median CPU time of a build (this process's own user+system time, so
 * less disturbed by other work on a shared machine than wall time), the
 * PDF size and the peak resident memory of the whole process.
 */
#define _DEFAULT_SOURCE
#include "engine/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "examples/report-2022.txt";
    int runs = argc > 2 ? atoi(argv[2]) : 21;
    if (runs < 1)
        runs = 1;
    core_buf in = {0};
    const char *why;
    if (core_file_read(path, &in, &why) != CORE_OK) {
        fprintf(stderr, "%s: %s\n", path, why);
        return 1;
    }
    core_diags d = {0};
    engine *e;
    double t0 = now_ms();
    if (engine_new(NULL, &d, &e) != CORE_OK) {
        fprintf(stderr, "engine setup failed\n");
        return 1;
    }
    double setup = now_ms() - t0;
    double *ms = calloc((size_t)runs, sizeof *ms), *cpu = calloc((size_t)runs, sizeof *cpu);
    size_t size = 0;
    for (int i = 0; i < runs; i++) {
        core_buf pdf = {0};
        core_diags_free(&d);
        double t = now_ms(), c = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
        core_status st = engine_build(e, path, in.data, in.len, &pdf, &d);
        ms[i] = now_ms() - t;
        cpu[i] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c;
        if (st != CORE_OK) {
            fprintf(stderr, "build failed: %s\n", core_status_name(st));
            return 1;
        }
        size = pdf.len;
        core_buf_free(&pdf);
    }
    double first = ms[0];
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("report        %s\n", path);
    printf("engine setup  %.2f ms (fontconfig, fonts, layout, templates)\n", setup);
    printf("first build   %.2f ms\n", first);
    printf("build         median %.2f ms, min %.2f, max %.2f over %d runs\n", ms[runs / 2],
           ms[0], ms[runs - 1], runs);
    printf("build cpu     median %.2f ms (user+system of this process)\n", cpu[runs / 2]);
    printf("setup+build   %.2f ms (one report, cold process)\n", setup + first);
    printf("pdf size      %zu bytes\n", size);
    printf("peak rss      %.1f MiB\n", ru.ru_maxrss / 1024.0);
    engine_drop(e);
    core_diags_free(&d);
    core_buf_free(&in);
    free(ms);
    free(cpu);
    return 0;
}
