/*
 * gongwen-bench: how fast and how lean a build is. Not a test: it measures.
 *
 *   gongwen-bench [-n RUNS] [REPORT.txt ...]
 *
 * Without reports it measures the example (examples/report-2022.txt) and
 * the long report (bench/reports/long-2023.txt: nine pages, the three
 * standard tables filled in). It prints the time to set up the engine
 * (fontconfig, fonts, layout, table templates), then for each report the
 * median over RUNS builds in one process (as a batch would: each font is
 * loaded once) of each stage's CPU time (read, form, check, layout, PDF;
 * engine_last_times: less disturbed by other work on a shared machine than
 * the wall clock), of the whole build's wall time and of its CPU time,
 * the layout time per page, and the peak resident memory so far. Last, the
 * long report's layout time per page against the example's (the goal of
 * issue 12: within 2×). The cold single-report process is measured by
 * bench/cold.sh.
 */
#define _DEFAULT_SOURCE
#include "engine/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

enum { ST_READ, ST_FORM, ST_CHECK, ST_LAYOUT, ST_EMIT, ST_TOTAL, ST_CPU, ST_N };
static const char *const stage_name[ST_N] = {"read", "form", "check", "layout", "pdf",
                                             "build", "cpu"};

/* Pages of the report: "page " lines of its display-list trace. */
static size_t count_pages(engine *e, const char *path, const core_buf *in)
{
    core_buf tr = {0};
    core_diags d = {0};
    size_t pages = 0;
    if (engine_trace(e, path, in->data, in->len, &tr, &d) == CORE_OK)
        for (const char *p = tr.data; p && (p = strstr(p, "page ")); p++)
            pages += p == tr.data || p[-1] == '\n';
    core_buf_free(&tr);
    core_diags_free(&d);
    return pages;
}

/* Measure one report; its layout ms per page into *per_page. */
static int bench_report(engine *e, const char *path, int runs, double *per_page)
{
    core_buf in = {0};
    const char *why;
    if (core_file_read(path, &in, &why) != CORE_OK) {
        fprintf(stderr, "%s: %s\n", path, why);
        return 1;
    }
    double *ms = calloc((size_t)runs * ST_N, sizeof *ms);
    size_t size = 0;
    for (int i = 0; i < runs; i++) {
        core_buf pdf = {0};
        core_diags d = {0};
        double t = now_ms(), c = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
        core_status st = engine_build(e, path, in.data, in.len, &pdf, &d);
        ms[ST_TOTAL * runs + i] = now_ms() - t;
        ms[ST_CPU * runs + i] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c;
        engine_times et;
        engine_last_times(e, &et);
        double stage[] = {et.read, et.form, et.check, et.layout, et.emit};
        for (int k = 0; k < ST_TOTAL; k++)
            ms[k * runs + i] = stage[k];
        core_diags_free(&d);
        if (st != CORE_OK) {
            fprintf(stderr, "%s: build failed: %s\n", path, core_status_name(st));
            return 1;
        }
        size = pdf.len;
        core_buf_free(&pdf);
    }
    size_t pages = count_pages(e, path, &in);
    /* the first build of a process also loads the layout style and opens
     * its faces: what a one-report process pays on top of the medians */
    printf("%s: first build, ms:", path);
    for (int k = 0; k < ST_N; k++)
        printf(" %s %.2f", stage_name[k], ms[k * runs]);
    printf("\n");
    double med[ST_N];
    for (int k = 0; k < ST_N; k++)
        med[k] = median(ms + k * runs, runs);
    *per_page = pages ? med[ST_LAYOUT] / (double)pages : 0;
    printf("%s: %zu bytes, %zu pages, %zu bytes of PDF\n", path, in.len, pages, size);
    printf("  median of %d, ms:", runs);
    for (int k = 0; k < ST_N; k++)
        printf(" %s %.2f", stage_name[k], med[k]);
    printf("\n  layout per page %.2f ms; peak rss so far %.1f MiB\n", *per_page,
           peak_rss_mib());
    free(ms);
    core_buf_free(&in);
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 21, first = 1;
    if (argc > 2 && !strcmp(argv[1], "-n"))
        runs = atoi(argv[2]), first = 3;
    if (runs < 1)
        runs = 1;
    static const char *def[] = {"examples/report-2022.txt", "bench/reports/long-2023.txt"};
    const char **paths = first < argc ? (const char **)argv + first : def;
    int n = first < argc ? argc - first : 2;
    core_diags d = {0};
    engine *e;
    double t0 = now_ms();
    if (engine_new(NULL, &d, &e) != CORE_OK) {
        fprintf(stderr, "engine setup failed\n");
        return 1;
    }
    printf("engine setup %.2f ms (forms, phrases; fontconfig, the layout style and its "
           "fonts load with the first build: no font memo is given here)\n", now_ms() - t0);
    double pp0 = 0, pp;
    for (int i = 0; i < n; i++) {
        if (bench_report(e, paths[i], runs, &pp))
            return 1;
        if (i == 0)
            pp0 = pp;
        else if (pp0 > 0)
            printf("  layout per page: %.2f× the first report's\n", pp / pp0);
    }
    engine_drop(e);
    core_diags_free(&d);
    return 0;
}
