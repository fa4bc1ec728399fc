/*
 * batch.c: many reports in one run (`gongwen build A.txt B.txt … -o DIR/`,
 * `gongwen check DIR`).
 *
 * The engine is set up once (fontconfig, fonts, layout, table forms), then
 * N worker processes are forked from it (-j N, default one per core), so
 * each starts with every font already loaded and shares its pages with the
 * parent copy-on-write. Processes rather than threads because the engine's
 * font library (FreeType faces, HarfBuzz fonts, fontconfig) is neither
 * locked nor read-only during a build; a worker that crashes costs one report,
 * not the batch. Workers take the next report from a counter in shared
 * memory, build and write it themselves (safely, files.c) and send the
 * parent one record per report over their own pipe: status, pages, first
 * error and the rendered messages. Only the parent prints: messages as they
 * come, the progress line on a terminal (erased before each message), and
 * the summary table at the end.
 *
 * Invariant: every report gets exactly one result; the exit status is the
 * highest of the reports' (0 when all were built). Called by main.c.
 */
#define _DEFAULT_SOURCE
#include "cli.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One record from a worker: a report started (msglen 0, rc -1) or done. */
typedef struct record {
    uint32_t idx;
    int32_t rc;
    uint32_t pages;
    uint32_t msglen;
    char first_error[200];
} record;

typedef struct batch {
    cli *c;
    cli_result *res;
    size_t done;
    const char *current;
    double t0;
} batch;

static void finish(batch *b, size_t i, const cli_result *r, const char *msgs, size_t len)
{
    b->res[i] = *r;
    b->done++;
    if (len) {
        cli_progress_clear();
        fwrite(msgs, 1, len, stderr);
    }
    if (b->c->batch)
        cli_progress(b->done, b->c->ninputs, b->current, now_s() - b->t0);
}

static void run_here(batch *b, engine *e)
{
    core_buf msgs = {0};
    for (size_t i = 0; i < b->c->ninputs; i++) {
        b->current = b->c->inputs[i];
        if (b->c->batch)
            cli_progress(b->done, b->c->ninputs, b->current, now_s() - b->t0);
        cli_result r;
        msgs.len = 0;
        cli_run_one(b->c, e, i, &msgs, &r);
        finish(b, i, &r, msgs.data, msgs.len);
    }
    core_buf_free(&msgs);
}

/* A worker: take reports from the shared counter until none is left. */
static void worker(cli *c, engine *e, size_t *next, int fd)
{
    core_buf msgs = {0};
    for (;;) {
        size_t i = __atomic_fetch_add(next, 1, __ATOMIC_RELAXED);
        if (i >= c->ninputs)
            break;
        record rec = {.idx = (uint32_t)i, .rc = -1};
        if (!cli_full_io(true, fd, &rec, sizeof rec))
            break;
        cli_result r;
        msgs.len = 0;
        cli_run_one(c, e, i, &msgs, &r);
        rec = (record){.idx = (uint32_t)i, .rc = r.rc, .pages = (uint32_t)r.pages,
                       .msglen = (uint32_t)msgs.len};
        memcpy(rec.first_error, r.first_error, sizeof rec.first_error);
        if (!cli_full_io(true, fd, &rec, sizeof rec) || !cli_full_io(true, fd, msgs.data, msgs.len))
            break;
    }
    _exit(0);
}

/* Read one record of worker fd; false at its end. */
static bool take(batch *b, int fd, bool *got)
{
    record rec;
    if (!cli_full_io(false, fd, &rec, sizeof rec) || rec.idx >= b->c->ninputs)
        return false;
    if (rec.rc < 0) {
        b->current = b->c->inputs[rec.idx];
        cli_progress(b->done, b->c->ninputs, b->current, now_s() - b->t0);
        return true;
    }
    char *msgs = malloc(rec.msglen + 1);
    if (!msgs || !cli_full_io(false, fd, msgs, rec.msglen)) {
        free(msgs);
        return false;
    }
    cli_result r = {.rc = rec.rc, .pages = rec.pages};
    memcpy(r.first_error, rec.first_error, sizeof r.first_error);
    r.first_error[sizeof r.first_error - 1] = 0;
    got[rec.idx] = true;
    finish(b, rec.idx, &r, msgs, rec.msglen);
    free(msgs);
    return true;
}

static void run_forked(batch *b, engine *e, int n)
{
    cli *c = b->c;
    size_t *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (next == MAP_FAILED) {
        run_here(b, e);
        return;
    }
    *next = 0;
    struct pollfd *pf = calloc((size_t)n, sizeof *pf);
    pid_t *pid = calloc((size_t)n, sizeof *pid);
    bool *got = calloc(c->ninputs, sizeof *got);
    fflush(NULL);
    for (int k = 0; k < n; k++) {
        int p[2];
        if (pipe(p) != 0)
            break;
        pid[k] = fork();
        if (pid[k] == 0) {
            close(p[0]);
            for (int j = 0; j < k; j++)
                close(pf[j].fd);
            worker(c, e, next, p[1]);
        }
        close(p[1]);
        pf[k] = (struct pollfd){.fd = pid[k] > 0 ? p[0] : -1, .events = POLLIN};
        if (pid[k] < 0)
            close(p[0]);
    }
    for (int open = n; open > 0;) {
        if (poll(pf, (nfds_t)n, -1) < 0 && errno != EINTR)
            break;
        for (int k = 0; k < n; k++)
            if (pf[k].fd >= 0 && (pf[k].revents & (POLLIN | POLLHUP)) && !take(b, pf[k].fd, got)) {
                close(pf[k].fd);
                pf[k].fd = -1;
                open--;
            }
    }
    for (int k = 0; k < n; k++)
        if (pid[k] > 0)
            waitpid(pid[k], NULL, 0);
    for (size_t i = 0; i < c->ninputs; i++) /* a worker that died took its report along */
        if (!got[i]) {
            cli_result r = {.rc = EXIT_IO};
            snprintf(r.first_error, sizeof r.first_error, "%s", _("the worker building it died"));
            finish(b, i, &r, NULL, 0);
        }
    munmap(next, sizeof *next);
    free(pf);
    free(pid);
    free(got);
}

static const char *result_word(int rc)
{
    switch (rc) {
    case 0: return _("ok");
    case EXIT_INPUT: return _("refused");
    case EXIT_USAGE: return _("usage");
    case EXIT_ENV: return _("setup");
    default: return _("I/O error");
    }
}

static void summary(const batch *b, double secs)
{
    const cli *c = b->c;
    size_t ok = 0;
    /* columns counted in terminal cells (Chinese labels, file names and
     * messages), a long name cut at its start, a long error at its end,
     * whole characters only */
    core_buf t = {0};
    core_buf_puts(&t, "\n");
    core_buf_pad(&t, _("file"), 40);
    const char *pages = _("pages");
    core_buf_printf(&t, " %*s%s  ", 5 - core_str_cells(pages, strlen(pages)), "", pages);
    core_buf_pad(&t, _("result"), 9);
    core_buf_printf(&t, " %s\n", _("first error"));
    for (size_t i = 0; i < c->ninputs; i++) {
        const cli_result *r = &b->res[i];
        ok += r->rc == 0;
        const char *f = c->inputs[i], *e = r->first_error;
        size_t n = strlen(f), cut = core_cells_fit(f, n, 40, true);
        core_buf name = {0};
        if (cut) { /* "…" and the end that fits beside it */
            core_buf_puts(&name, "…");
            cut = core_cells_fit(f, n, 39, true);
        }
        core_buf_append(&name, f + cut, n - cut);
        core_buf_pad(&t, name.data, 40);
        core_buf_free(&name);
        core_buf_printf(&t, " %5zu  ", r->pages);
        core_buf_pad(&t, result_word(r->rc), 9);
        core_buf_puts(&t, " ");
        core_buf_append(&t, e, core_cells_fit(e, strlen(e), 80, false));
        core_buf_puts(&t, "\n");
    }
    fwrite(t.data, 1, t.len, stderr);
    core_buf_free(&t);
    fprintf(stderr, _("%zu reports: %zu ok, %zu not, in %.2f s (%.1f reports/s)\n"), c->ninputs, ok,
            c->ninputs - ok, secs, secs > 0 ? (double)c->ninputs / secs : 0.0);
}

int cli_run_batch(cli *c, engine *e)
{
    batch b = {.c = c, .res = calloc(c->ninputs, sizeof(cli_result)), .t0 = now_s()};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int n = c->jobs ? c->jobs : cores > 0 ? (int)cores : 1;
    if ((size_t)n > c->ninputs)
        n = (int)c->ninputs;
    if (n > 1) {
        /* load the layout and its fonts before forking, so that no worker
         * loads them again */
        core_buf scratch = {0};
        core_diags d = {0};
        engine_fonts_report(e, &scratch, &d);
        core_buf_free(&scratch);
        core_diags_free(&d);
        run_forked(&b, e, n);
    } else {
        run_here(&b, e);
    }
    cli_progress_clear();
    int rc = 0;
    for (size_t i = 0; i < c->ninputs; i++)
        if (b.res[i].rc > rc)
            rc = b.res[i].rc;
    if (c->batch && !c->quiet && !c->json)
        summary(&b, now_s() - b.t0);
    free(b.res);
    return rc;
}
