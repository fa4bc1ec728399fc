/*
 * gongwen.c: the public interface (include/gongwen.h) as thin wrappers over
 * the engine, so that programs linking libgongwen see one self-contained
 * header with one prefix while the stages keep their own names (which the
 * shared library does not export: it is built with hidden visibility).
 *
 * What stays true: every gongwen_status equals the core_status it wraps
 * (checked at compile time); a gongwen_diag view is rebuilt whenever the
 * list it shows has grown. Called only by programs using libgongwen.
 */
#define _GNU_SOURCE /* dladdr */
#include "../../include/gongwen.h"

#include "engine/engine.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

_Static_assert((int)GONGWEN_EPDF == (int)CORE_EPDF && (int)GONGWEN_EIO == (int)CORE_EIO &&
                   (int)GONGWEN_EINPUT == (int)CORE_EINPUT,
               "gongwen_status mirrors core_status");
_Static_assert((int)GONGWEN_ERROR == (int)CORE_ERROR, "gongwen_severity mirrors core_severity");

struct gongwen_diags {
    core_diags d;
    gongwen_diag *view;
    size_t nview;
};

struct gongwen_engine {
    engine *e;
};

gongwen_diags *gongwen_diags_new(void)
{
    gongwen_diags *d = calloc(1, sizeof *d);
    if (!d)
        abort();
    return d;
}

void gongwen_diags_drop(gongwen_diags *d)
{
    if (!d)
        return;
    core_diags_free(&d->d);
    free(d->view);
    free(d);
}

size_t gongwen_diags_count(const gongwen_diags *d) { return d->d.n; }
size_t gongwen_diags_errors(const gongwen_diags *d) { return d->d.errors; }

const gongwen_diag *gongwen_diags_at(gongwen_diags *d, size_t i)
{
    if (i >= d->d.n)
        return NULL;
    if (d->nview != d->d.n) {
        free(d->view);
        d->view = calloc(d->d.n, sizeof *d->view);
        if (!d->view)
            abort();
        for (size_t k = 0; k < d->d.n; k++) {
            const core_diag *g = &d->d.v[k];
            d->view[k] = (gongwen_diag){.severity = (gongwen_severity)g->severity,
                                        .code = g->code, .file = g->file, .line = g->line,
                                        .column = g->col, .end_line = g->end_line,
                                        .end_column = g->end_col, .offset = g->offset,
                                        .message = g->message};
        }
        d->nview = d->d.n;
    }
    return &d->view[i];
}

size_t gongwen_diag_format(const gongwen_diag *g, char *buf, size_t n)
{
    core_diag cd = {.severity = (core_severity)g->severity, .code = g->code, .file = g->file,
                    .line = g->line, .col = g->column, .end_line = g->end_line,
                    .end_col = g->end_column, .offset = g->offset, .message = (char *)g->message};
    core_buf b = {0};
    core_diag_format(&cd, &b);
    size_t len = b.len;
    if (n) {
        size_t k = len < n ? len : n - 1;
        memcpy(buf, b.data, k);
        buf[k] = 0;
    }
    core_buf_free(&b);
    return len;
}

/* PREFIX/share/gongwen when this library is PREFIX/lib/libgongwen.so and
 * that folder holds the layouts; NULL otherwise (the engine's built-in). */
static char *installed_data_dir(void)
{
    Dl_info info;
    if (!dladdr((void *)installed_data_dir, &info) || !info.dli_fname)
        return NULL;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", info.dli_fname);
    char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    snprintf(slash, sizeof path - (size_t)(slash - path), "/../share/gongwen");
    char probe[PATH_MAX + 32];
    snprintf(probe, sizeof probe, "%s/layouts/gbt9704.ini", path);
    struct stat sb;
    return stat(probe, &sb) == 0 ? realpath(path, NULL) : NULL;
}

gongwen_status gongwen_engine_new(const gongwen_options *opt, gongwen_diags *d,
                                  gongwen_engine **out)
{
    engine_options eo = {0};
    char *data = NULL;
    const char *env = getenv("GONGWEN_DATA");
    if (opt) {
        eo.data_dir = opt->data_dir;
        eo.layout = opt->layout;
        eo.from = opt->from;
        eo.no_check = opt->no_check != 0;
        eo.translate = opt->translate;
    }
    if (!eo.data_dir && !(env && *env))
        eo.data_dir = data = installed_data_dir();
    engine *e = NULL;
    core_status st = engine_new(&eo, &d->d, &e);
    free(data);
    *out = NULL;
    if (st == CORE_OK) {
        *out = calloc(1, sizeof **out);
        if (!*out)
            abort();
        (*out)->e = e;
    }
    return (gongwen_status)st;
}

void gongwen_engine_drop(gongwen_engine *e)
{
    if (!e)
        return;
    engine_drop(e->e);
    free(e);
}

void gongwen_bytes_free(gongwen_bytes *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
}

gongwen_status gongwen_build(gongwen_engine *e, const char *name, const void *bytes, size_t len,
                             gongwen_bytes *pdf, gongwen_diags *d)
{
    core_buf b = {0};
    core_status st = engine_build(e->e, name, bytes, len, &b, &d->d);
    if (st != CORE_OK) {
        core_buf_free(&b);
        return (gongwen_status)st;
    }
    unsigned char *p = realloc(pdf->data, pdf->len + b.len + 1);
    if (!p)
        abort();
    memcpy(p + pdf->len, b.data, b.len);
    pdf->data = p;
    pdf->len += b.len;
    core_buf_free(&b);
    return GONGWEN_OK;
}

gongwen_status gongwen_check(gongwen_engine *e, const char *name, const void *bytes, size_t len,
                             gongwen_diags *d)
{
    return (gongwen_status)engine_check(e->e, name, bytes, len, &d->d);
}

size_t gongwen_pages(const gongwen_engine *e) { return engine_pages(e->e); }
const char *gongwen_version(void) { return engine_version(); }
const char *gongwen_status_name(gongwen_status st) { return core_status_name((core_status)st); }
