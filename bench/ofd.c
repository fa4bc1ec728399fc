/*
 * gongwen-bench-ofd: what writing OFD costs beside writing PDF. Not a test:
 * it measures.
 *
 *   gongwen-bench-ofd [REPORT.txt] [RUNS]
 *
 * The engine hides its display list, so each writer's own time is found
 * from whole builds of the same report in one process (fonts loaded once):
 * the median CPU time of PDF alone, OFD alone, and both from one layout.
 * Both minus PDF alone is the OFD writer's time; both minus OFD alone the
 * PDF writer's. Also prints each output's size.
 */
#define _DEFAULT_SOURCE
#include "engine/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { PDF, OFD, BOTH, KINDS };

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One build of `kind`; its CPU time, the sizes written into size[]. */
static double build(engine *e, int kind, const char *path, const core_buf *in, size_t size[2])
{
    core_diags d = {0};
    core_buf pdf = {0}, ofd = {0};
    double t = cpu_ms();
    core_status st = kind == PDF ? engine_build(e, path, in->data, in->len, &pdf, &d)
                     : kind == OFD
                         ? engine_build_ofd(e, path, in->data, in->len, &ofd, &d)
                         : engine_build_pdf_ofd(e, path, in->data, in->len, &pdf, &ofd, &d);
    t = cpu_ms() - t;
    if (st != CORE_OK) {
        fprintf(stderr, "build failed: %s\n", core_status_name(st));
        exit(1);
    }
    if (pdf.len)
        size[0] = pdf.len;
    if (ofd.len)
        size[1] = ofd.len;
    core_buf_free(&pdf), core_buf_free(&ofd);
    core_diags_free(&d);
    return t;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "examples/report-2022.txt";
    int runs = argc > 2 ? atoi(argv[2]) : 15;
    runs = runs < 1 ? 1 : runs;
    core_buf in = {0};
    const char *why;
    core_diags d = {0};
    engine *e;
    if (core_file_read(path, &in, &why) != CORE_OK || engine_new(NULL, &d, &e) != CORE_OK) {
        fprintf(stderr, "%s: cannot read or set up\n", path);
        return 1;
    }
    double *t[KINDS], med[KINDS];
    size_t size[2] = {0, 0};
    for (int k = 0; k < KINDS; k++)
        t[k] = calloc((size_t)runs, sizeof *t[k]);
    for (int i = 0; i < runs; i++) /* interleaved, so drift hits all alike */
        for (int k = 0; k < KINDS; k++)
            t[k][i] = build(e, k, path, &in, size);
    for (int k = 0; k < KINDS; k++) {
        qsort(t[k], (size_t)runs, sizeof *t[k], cmp_double);
        med[k] = t[k][runs / 2];
        free(t[k]);
    }
    printf("report          %s (%d runs, median CPU time)\n", path, runs);
    printf("build PDF       %.2f ms\n", med[PDF]);
    printf("build OFD       %.2f ms\n", med[OFD]);
    printf("build both      %.2f ms (one layout)\n", med[BOTH]);
    printf("PDF writer      %.2f ms (both - OFD)\n", med[BOTH] - med[OFD]);
    printf("OFD writer      %.2f ms (both - PDF)\n", med[BOTH] - med[PDF]);
    printf("sizes           PDF %zu bytes, OFD %zu bytes\n", size[0], size[1]);
    engine_drop(e);
    core_diags_free(&d);
    core_buf_free(&in);
    return 0;
}
