/*
 * engine.c: the pipeline behind one call.
 *
 *   bytes → read (the reader table) → parse → form (the standard tables) →
 *         check → layout (style, fonts)
 *         → display list → PDF bytes
 *
 * The engine owns what outlives one report: the font library, the table
 * templates and every layout style loaded so far with its resolved fonts, so
 * a batch of reports in one process opens each font file once. It reads the
 * data files it needs (layouts/, fonts/); it never writes a file: the caller
 * gets bytes and decides where they go (the CLI writes them atomically).
 *
 * Invariant: a build either returns CORE_OK with the whole PDF in `pdf`, or
 * another status with at least one error diagnostic explaining why.
 */
#define _DEFAULT_SOURCE /* timegm */
#include "engine-imp.h"

#include "check/check.h"
#include "dl/dl.h"
#include "font/font.h"
#include "layout/layout.h"
#include "form/form.h"
#include "parse/parse.h"
#include "ofd/ofd.h"
#include "pdf/pdf.h"
#include "read/read.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#ifndef GONGWEN_DATA_DIR
#define GONGWEN_DATA_DIR "."
#endif
#ifndef GONGWEN_VERSION
#define GONGWEN_VERSION "0.0.0"
#endif

/* The PDF/A OutputIntent's profile: sRGB, shipped in the data folder
 * (icc/sRGB.icc, a copy of Debian's icc-profiles-free sRGB.icc under its
 * zlib licence, see icc/README.md), so that PDF/A never depends on an
 * optional system file. Text is DeviceGray, which any intent covers. */
#define GONGWEN_ICC_PROFILE "icc/sRGB.icc"

enum { MAX_STYLES = 8 };

typedef struct engine_style {
    char *path;
    layout_style *style;
    layout_fonts fonts;
} engine_style;

struct engine {
    char *data_dir;
    char *default_layout;
    char *icc_path;
    core_buf icc;            /* its bytes, read at the first build */
    bool no_check;
    bool strict;
    check_phrases *phrases;
    doc_document *previous; /* --previous, formed once, for every report */
    font_lib *fonts;
    form_set *forms;
    read_data *reader_data;
    char *from;
    engine_style styles[MAX_STYLES];
    size_t nstyles;
    size_t last_pages; /* of the last lay(), for engine_pages */
    engine_times times;     /* of the last call */
    core_buf shown;         /* the text the last call's places are in */
    bool has_shown;
    core_translate_fn translate; /* the caller's, for every diagnostics list given */
};

/* The diagnostics list d, with the engine's translation of messages (a list
 * the caller gave its own keeps it). Every entry point passes d through. */
static core_diags *lang(const engine *e, core_diags *d)
{
    if (e->translate && !d->translate)
        d->translate = e->translate;
    return d;
}

/* This thread's CPU time in ms, for engine_times: on a shared machine it
 * varies much less than the wall clock, and each worker of a batch has its
 * own. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void engine_last_times(const engine *e, engine_times *out) { *out = e->times; }

bool engine_last_text(const engine *e, const char **text, size_t *len)
{
    *text = e->shown.data ? e->shown.data : "";
    *len = e->shown.len;
    return e->has_shown;
}

/* Keep the text that src's places are in (the file as decoded: a GBK
 * file's UTF-8, a DOCX's paragraphs), for engine_last_text. */
static void keep_shown(engine *e, const core_source *src)
{
    while (src && src->origin)
        src = src->origin;
    e->shown.len = 0;
    e->has_shown = src != NULL;
    if (src)
        core_buf_append(&e->shown, src->text, src->len);
}

const char *engine_version(void) { return GONGWEN_VERSION; }

size_t engine_pages(const engine *e) { return e->last_pages; }

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* A layout given by name ("gbt9704") lives in layouts/NAME.ini; anything
 * with a slash or an .ini ending is a path. */
static char *layout_path(const engine *e, const char *name)
{
    if (strchr(name, '/') || (strlen(name) > 4 && !strcmp(name + strlen(name) - 4, ".ini")))
        return strdup(name);
    char file[512];
    snprintf(file, sizeof file, "layouts/%s.ini", name);
    return join(e->data_dir, file);
}

/* Hand every file of data folder `sub` whose name ends in `ext`, in name
 * order (a stable order), to `add`. The engine reads data files so that the
 * stages below it get bytes and never open a file. */
static core_status load_dir(engine *e, const char *sub, const char *ext,
                            core_status (*add)(void *set, const char *name, const char *text,
                                               size_t len, core_diags *d),
                            void *set, core_diags *d)
{
    core_status st = CORE_OK;
    char *dir = join(e->data_dir, sub);
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    size_t elen = strlen(ext);
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        size_t len = strlen(nm);
        if (st == CORE_OK && len > elen && !strcmp(nm + len - elen, ext)) {
            char *p = join(dir, nm);
            core_buf b = {0};
            const char *why = NULL;
            if (core_file_read(p, &b, &why) != CORE_OK) {
                core_diag_file(d, p, CORE_ERROR, "E-data", "cannot read: %s", why);
                st = CORE_EIO;
            } else {
                st = add(set, p, b.data ? b.data : "", b.len, d);
            }
            core_buf_free(&b);
            free(p);
        }
        free(names[i]);
    }
    free(names);
    free(dir);
    return st;
}

static core_status add_template(void *set, const char *name, const char *text, size_t len,
                                core_diags *d)
{
    return form_set_add(set, name, text, len, d);
}

static core_status add_reader_data(void *set, const char *name, const char *text, size_t len,
                                   core_diags *d)
{
    return read_data_add(set, name, text, len, d);
}

static core_status add_phrases(void *set, const char *name, const char *text, size_t len,
                               core_diags *d)
{
    return check_phrases_add(set, name, text, len, d);
}

static core_status load_data(engine *e, core_diags *d)
{
    core_status st = CORE_OK;
    e->forms = form_set_new();
    e->reader_data = read_data_new();
    e->phrases = check_phrases_new();
    CORE_CHECK(load_dir(e, "layouts/tables", ".tbl", add_template, e->forms, d));
    CORE_CHECK(load_dir(e, "layouts/reader", ".txt", add_reader_data, e->reader_data, d));
    CORE_CHECK(load_dir(e, "layouts/prose", ".txt", add_phrases, e->phrases, d));
done:
    return st;
}

core_status engine_new(const engine_options *opt, core_diags *d, engine **out)
{
    core_status st = CORE_OK;
    engine *e = calloc(1, sizeof *e);
    if (!e)
        abort();
    const char *dd = opt && opt->data_dir ? opt->data_dir : getenv("GONGWEN_DATA");
    e->data_dir = strdup(dd && *dd ? dd : GONGWEN_DATA_DIR);
    e->default_layout = strdup(opt && opt->layout ? opt->layout : "gbt9704");
    e->no_check = opt && opt->no_check;
    e->strict = opt && opt->strict;
    e->translate = opt ? opt->translate : NULL;
    lang(e, d);
    if (opt && opt->from)
        e->from = strdup(opt->from);
    if (opt && opt->icc_path)
        e->icc_path = strdup(opt->icc_path);
    else
        e->icc_path = join(e->data_dir, GONGWEN_ICC_PROFILE);
    char *fontdir = join(e->data_dir, "fonts");
    st = font_lib_new(fontdir, lang(e, d), &e->fonts);
    if (st == CORE_OK && opt && opt->font_memo)
        font_lib_memo_load(e->fonts, opt->font_memo, opt->font_memo_len);
    free(fontdir);
    if (st == CORE_OK)
        st = load_data(e, d);
    if (st != CORE_OK) {
        engine_drop(e);
        e = NULL;
    }
    *out = e;
    return st;
}

bool engine_font_memo(engine *e, core_buf *out)
{
    return font_lib_memo_save(e->fonts, out);
}

void engine_drop(engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nstyles; i++) {
        layout_style_drop(e->styles[i].style);
        free(e->styles[i].path);
    }
    form_set_drop(e->forms);
    check_phrases_drop(e->phrases);
    doc_document_drop(e->previous);
    read_data_drop(e->reader_data);
    font_lib_drop(e->fonts);
    free(e->data_dir);
    free(e->default_layout);
    free(e->icc_path);
    free(e->from);
    core_buf_free(&e->icc);
    core_buf_free(&e->shown);
    free(e);
}

/* The offset of the first "@layout" line of `src`, where a layout the text
 * names is reported when it cannot be found. */
static size_t layout_directive_at(const core_source *src)
{
    for (size_t i = 0; i < src->nlines; i++) {
        const char *t = src->text + src->line_start[i];
        size_t k = 0;
        for (;;) { /* spaces, ASCII and U+3000; the text ends in a NUL */
            if (t[k] == ' ')
                k++;
            else if (t[k] == '\xE3' && t[k + 1] == '\x80' && t[k + 2] == '\x80')
                k += 3;
            else
                break;
        }
        if (strncmp(t + k, "@layout", 7) == 0)
            return src->line_start[i] + k;
    }
    return 0;
}

/* The style named `name` (NULL: the default), loaded and its fonts resolved
 * once per engine. A name from the text (`src` not NULL) is reported at its
 * @layout line. */
/* Letters, digits, '-' and '_' only: a name in layouts/. */
static bool plain_name(const char *name)
{
    if (!name || !*name)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

/* Read the layout file at `path` and the title terms file it names, and
 * hand their bytes to layout (which opens no file). */
static core_status style_read(const char *path, core_diags *d, layout_style **out)
{
    core_status st = CORE_OK;
    core_buf raw = {0}, terms = {0};
    const char *why = NULL;
    *out = NULL;
    if (core_file_read(path, &raw, &why) != CORE_OK) {
        core_diag_file(d, path, CORE_ERROR, "E-layout", "cannot read the layout file: %s", why);
        CORE_CHECK(CORE_EIO);
    }
    CORE_CHECK(layout_style_parse(path, raw.data, raw.len, d, out));
    const char *tf = (*out)->title_terms_file;
    if (tf && core_file_read(tf, &terms, &why) != CORE_OK) {
        core_diag_at(d, (*out)->src, (*out)->title_terms_at, CORE_ERROR, "E-layout",
                     "cannot read the title terms file %s: %s", tf, why);
        layout_style_drop(*out);
        *out = NULL;
        CORE_CHECK(CORE_EINPUT);
    }
    if (tf)
        layout_style_set_terms(*out, terms.data, terms.len);
done:
    core_buf_free(&raw);
    core_buf_free(&terms);
    return st;
}

static core_status style_lookup(engine *e, const char *name, const core_source *src,
                                core_diags *d, engine_style **out)
{
    core_status st = CORE_OK;
    if (src && !plain_name(name)) {
        /* a report names a layout of this installation; reading any file
         * the text points at is for the person running gongwen (--layout) */
        core_diag_at(d, src, layout_directive_at(src), CORE_ERROR, "E-layout",
                     "@layout takes the name of a layout in layouts/ (such as gbt9704 or "
                     "gbt9704-sealed), not a path; give a path with --layout");
        return CORE_EINPUT;
    }
    char *path = layout_path(e, name ? name : e->default_layout);
    for (size_t i = 0; i < e->nstyles; i++)
        if (!strcmp(e->styles[i].path, path)) {
            *out = &e->styles[i];
            free(path);
            return CORE_OK;
        }
    if (e->nstyles == MAX_STYLES) {
        core_diag_at(d, NULL, 0, CORE_ERROR, "E-limit", "more than %d layouts in one run", MAX_STYLES);
        free(path);
        return CORE_ELIMIT;
    }
    if (!file_exists(path)) {
        if (src)
            core_diag_at(d, src, layout_directive_at(src), CORE_ERROR, "E-layout",
                         "layout file %s not found (@layout takes the name of a layout "
                         "in layouts/)", path);
        else
            core_diag_file(d, path, CORE_ERROR, "E-layout", "layout file not found");
        free(path);
        return CORE_EIO;
    }
    engine_style *s = &e->styles[e->nstyles];
    memset(s, 0, sizeof *s);
    CORE_CHECK(style_read(path, d, &s->style));
    st = layout_fonts_resolve(s->style, e->fonts, d, &s->fonts);
    if (st != CORE_OK) {
        layout_style_drop(s->style);
        goto done;
    }
    s->path = path;
    path = NULL;
    e->nstyles++;
    *out = s;
done:
    free(path);
    return st;
}

core_status engine_read(engine *e, const char *name, const char *bytes, size_t len,
                        core_buf *text, core_diags *d)
{
    core_arena *a = core_arena_new();
    core_source *src = NULL;
    size_t errors = lang(e, d)->errors;
    core_status st = read_source(a, name, bytes, len, e->from, e->reader_data, d, &src);
    if (st == CORE_OK && d->errors > errors)
        st = CORE_EINPUT; /* the shaper refused a line (E-runon) but read on */
    if (st == CORE_OK)
        core_buf_append(text, src->text, src->len);
    core_arena_drop(a);
    return st;
}

/* parse + check, shared by build, trace and check. */
static core_status front(engine *e, const char *name, const char *bytes, size_t len,
                         core_diags *d, doc_document **doc)
{
    core_status st = CORE_OK;
    size_t errors = lang(e, d)->errors;
    *doc = NULL;
    memset(&e->times, 0, sizeof e->times);
    double t = now_ms();
    core_arena *a = core_arena_new();
    core_source *src = NULL;
    st = read_source(a, name, bytes, len, e->from, e->reader_data, d, &src);
    keep_shown(e, st == CORE_OK ? src : NULL);
    if (st != CORE_OK) {
        core_arena_drop(a);
        goto done;
    }
    st = parse_source(a, src, d, doc);
    e->times.read = now_ms() - t;
    CORE_CHECK(st);
    t = now_ms();
    st = form_apply(e->forms, *doc, d);
    e->times.form = now_ms() - t;
    CORE_CHECK(st);
    if ((*doc)->ntitle == 0 && (*doc)->nblocks == 0) {
        core_diag_at(d, (*doc)->src, 0, CORE_ERROR, "E-empty",
                     "nothing to typeset: the file is empty or holds only blank lines "
                     "and metadata");
        CORE_CHECK(CORE_EINPUT);
    }
    check_options co = {.lenient = e->no_check, .strict = e->strict, .phrases = e->phrases,
                        .previous = e->previous};
    t = now_ms();
    st = check_document(*doc, &co, d);
    e->times.check = now_ms() - t;
done:
    if (st == CORE_OK && d->errors > errors)
        st = CORE_EINPUT; /* a stage reported an error without failing */
    if (st != CORE_OK) {
        doc_document_drop(*doc);
        *doc = NULL;
    }
    return st;
}

/* The date written into the PDF: the report's own, else SOURCE_DATE_EPOCH,
 * else none (never the clock, so that the same input gives the same bytes). */
static void date_meta(dl_meta *m, core_diags *d)
{
    if (m->year) {
        struct tm tm = {.tm_year = m->year - 1900, .tm_mon = m->month - 1, .tm_mday = m->day,
                        .tm_hour = 12};
        m->epoch = (long long)timegm(&tm);
        return;
    }
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long t = strtoll(sde, &end, 10);
        time_t tt = (time_t)t;
        struct tm tm;
        /* a PDF date has four year digits: 1970 .. 9999-12-31T23:59:59Z */
        if (*end || errno || t < 0 || t > 253402300799LL || !gmtime_r(&tt, &tm)) {
            core_diag_file(d, "SOURCE_DATE_EPOCH", CORE_WARNING, "W-date",
                           "\"%s\" is not a time from 1970 to 9999 in seconds; ignored", sde);
            return;
        }
        m->epoch = t;
        m->year = tm.tm_year + 1900;
        m->month = tm.tm_mon + 1;
        m->day = tm.tm_mday;
    }
}

/* The invariant every build checks before a PDF is written (issue 13): all
 * text lies inside the text area, page numbers inside the bottom margin. A
 * glyph outside is a layout gongwen cannot set (E-bounds), never a PDF
 * that loses text with exit 0. The tolerance covers ½ em marks hanging at
 * a line's end. */
static core_status check_bounds(const doc_document *doc, const dl_list *dl, core_diags *d)
{
    dl_bounds b = {.tolerance = 0.5f};
    dl_sink sink = dl_bounds_sink(&b);
    dl_run(dl, &sink);
    if (!b.outside)
        return CORE_OK;
    core_diag_at(d, doc->src, b.first_src == SIZE_MAX ? 0 : b.first_src, CORE_ERROR, "E-bounds",
                 "%zu character%s would be set outside the text area (the first, U+%04X, on "
                 "page %zu): the layout cannot hold this text; no PDF is written",
                 b.outside, b.outside == 1 ? "" : "s", b.first_cp, b.first_page + 1);
    return CORE_ELAYOUT;
}

/* The numbers of the report's standard tables, for the PDF to carry as
 * its associated file (docs/DATA.md); none when it has no such table. */
static void embed_data(const doc_document *doc, dl_list *dl)
{
    bool any = false;
    for (size_t i = 0; i < doc->nblocks && !any; i++)
        any = doc->blocks[i].kind == DOC_BLOCK_TABLE && doc->blocks[i].table &&
              doc->blocks[i].table->template_id;
    if (!any)
        return;
    core_buf b = {0};
    engine_data_write(doc, ENGINE_DATA_JSON, false, &b);
    char *copy = core_arena_alloc(dl->arena, b.len + 1);
    memcpy(copy, b.data, b.len);
    copy[b.len] = 0;
    dl->meta.data = copy;
    dl->meta.data_len = b.len;
    core_buf_free(&b);
}

static core_status lay(engine *e, const char *name, const char *bytes, size_t len,
                       core_diags *d, dl_list **dl)
{
    core_status st = CORE_OK;
    doc_document *doc = NULL;
    engine_style *s = NULL;
    size_t errors = lang(e, d)->errors;
    *dl = NULL;
    e->last_pages = 0;
    CORE_CHECK(front(e, name, bytes, len, d, &doc));
    CORE_CHECK(style_lookup(e, doc->meta.layout, doc->meta.layout ? doc->src : NULL, d, &s));
    double t = now_ms();
    st = layout_document(doc, s->style, &s->fonts, d, dl);
    e->times.layout = now_ms() - t;
    CORE_CHECK(st);
    if ((*dl)->overflow) {
        size_t at = (*dl)->overflow_src;
        core_diag_at(d, doc->src, at == SIZE_MAX ? 0 : at, CORE_ERROR,
                     "E-limit", "the report needs more than %zu pages, the limit; page %zu "
                     "begins here", (*dl)->max_pages, (*dl)->max_pages);
        CORE_CHECK(CORE_ELIMIT);
    }
    CORE_CHECK(check_bounds(doc, *dl, d));
    (*dl)->meta.creator = core_arena_printf((*dl)->arena, "gongwen %s", GONGWEN_VERSION);
    embed_data(doc, *dl);
    date_meta(&(*dl)->meta, d);
    e->last_pages = (*dl)->npages;
done:
    if (st == CORE_OK && d->errors > errors)
        st = CORE_ELAYOUT;
    if (st != CORE_OK && *dl) {
        dl_list_drop(*dl);
        *dl = NULL;
    }
    /* the list points into the fonts, never into the document */
    doc_document_drop(doc);
    return st;
}

/* What a laid-out report becomes: PDF bytes or a trace. */
typedef core_status (*emit_fn)(engine *e, const char *name, const dl_list *dl, core_buf *out,
                               core_diags *d);

static core_status emit_pdf(engine *e, const char *name, const dl_list *dl, core_buf *out,
                            core_diags *d)
{
    const char *why = NULL;
    if (!e->icc.len && core_file_read(e->icc_path, &e->icc, &why) != CORE_OK) {
        /* a PDF without its OutputIntent would not be PDF/A: refused */
        core_diag_file(d, e->icc_path, CORE_ERROR, "E-icc",
                       "cannot read the ICC profile (%s), without which the PDF would not be "
                       "PDF/A; reinstall gongwen's data folder (icc/sRGB.icc)", why);
        return CORE_EIO;
    }
    pdf_options po = {.icc = e->icc.data, .icc_len = e->icc.len, .icc_name = e->icc_path,
                      .compress = true};
    return pdf_write(dl, &po, name, out, d);
}

static core_status emit_ofd(engine *e, const char *name, const dl_list *dl, core_buf *out,
                            core_diags *d)
{
    return ofd_write(dl, name, out, d);
}

static core_status emit_trace(engine *e, const char *name, const dl_list *dl, core_buf *out,
                              core_diags *d)
{
    return dl_trace(dl, out);
}

static core_status lay_and_emit(engine *e, const char *name, const char *bytes, size_t len,
                                emit_fn emit, core_buf *out, core_diags *d)
{
    dl_list *dl = NULL;
    core_status st = lay(e, name, bytes, len, d, &dl);
    double t = now_ms();
    if (st == CORE_OK)
        st = emit(e, name, dl, out, d);
    e->times.emit = now_ms() - t;
    dl_list_drop(dl);
    return st;
}

core_status engine_build(engine *e, const char *name, const char *bytes, size_t len,
                         core_buf *pdf, core_diags *d)
{
    return lay_and_emit(e, name, bytes, len, emit_pdf, pdf, d);
}

core_status engine_build_ofd(engine *e, const char *name, const char *bytes, size_t len,
                             core_buf *out, core_diags *d)
{
    return lay_and_emit(e, name, bytes, len, emit_ofd, out, d);
}

core_status engine_build_pdf_ofd(engine *e, const char *name, const char *bytes, size_t len,
                                 core_buf *pdf, core_buf *ofd, core_diags *d)
{
    dl_list *dl = NULL;
    core_status st = lay(e, name, bytes, len, d, &dl);
    if (st == CORE_OK)
        st = emit_pdf(e, name, dl, pdf, d);
    if (st == CORE_OK)
        st = emit_ofd(e, name, dl, ofd, d);
    dl_list_drop(dl);
    return st;
}

core_status engine_trace(engine *e, const char *name, const char *bytes, size_t len,
                         core_buf *trace, core_diags *d)
{
    return lay_and_emit(e, name, bytes, len, emit_trace, trace, d);
}

core_status engine_check(engine *e, const char *name, const char *bytes, size_t len,
                         core_diags *d)
{
    doc_document *doc = NULL;
    core_status st = front(e, name, bytes, len, d, &doc);
    doc_document_drop(doc);
    return st;
}

/* A PDF's own numbers (gongwen-data.json) as a document; `code` names the
 * command's refusal (E-data, E-previous). */
static core_status from_pdf(const char *name, const char *bytes, size_t len, const char *code,
                            core_diags *d, doc_document **doc)
{
    core_buf json = {0};
    core_status st = engine_pdf_json(name, bytes, len, code, &json, d);
    if (st == CORE_OK)
        st = engine_data_document(name, json.data, json.len, code, d, doc);
    core_buf_free(&json);
    return st;
}

core_status engine_data(engine *e, const char *name, const char *bytes, size_t len,
                        engine_data_format f, core_buf *out, core_diags *d)
{
    doc_document *doc = NULL;
    e->has_shown = false; /* a PDF's places are in its JSON, not in text */
    lang(e, d);
    core_status st = engine_is_pdf(bytes, len) ? from_pdf(name, bytes, len, "E-data", d, &doc)
                                               : front(e, name, bytes, len, d, &doc);
    if (st == CORE_OK)
        engine_data_write(doc, f, !engine_is_pdf(bytes, len), out);
    doc_document_drop(doc);
    return st;
}

core_status engine_set_previous(engine *e, const char *name, const char *bytes, size_t len,
                                core_diags *d)
{
    doc_document_drop(e->previous);
    e->previous = NULL;
    if (!bytes)
        return CORE_OK;
    /* last year's report as published: its own sums are not this run's
     * business, only whether it can be read and formed */
    if (engine_is_pdf(bytes, len))
        return from_pdf(name, bytes, len, "E-previous", lang(e, d), &e->previous);
    core_diags own = {.translate = lang(e, d)->translate};
    bool no_check = e->no_check, strict = e->strict;
    e->no_check = true;
    e->strict = false;
    core_status st = front(e, name, bytes, len, &own, &e->previous);
    e->no_check = no_check;
    e->strict = strict;
    if (st != CORE_OK) {
        const core_diag *g = NULL;
        for (size_t i = 0; i < own.n && !g; i++)
            if (own.v[i].severity == CORE_ERROR)
                g = &own.v[i];
        if (g)
            core_diag_file(d, name, CORE_ERROR, "E-previous",
                           "the previous report cannot be used: line %u: %s [%s]", g->line,
                           g->message, g->code);
        else
            core_diag_file(d, name, CORE_ERROR, "E-previous",
                           "the previous report cannot be used");
    }
    core_diags_free(&own);
    return st;
}

/* Each official font the layout asks for that is not installed, what
 * stands in, and how to install it. */
static void fonts_substituted(const layout_fonts *f, core_buf *out, core_diags *d)
{
    size_t n = 0;
    const char *seen[LAYOUT_ROLE_COUNT];
    for (int r = 0; r < LAYOUT_ROLE_COUNT; r++) {
        const font_match *m = &f->match[r];
        bool skip = !f->face[r] || !m->substituted; /* or named already */
        for (size_t i = 0; i < n && !skip; i++)
            skip = !strcmp(seen[i], m->substituted);
        if (skip)
            continue;
        if (!n)
            core_buf_puts(out, core_tr(d, N_("\nsubstituted official fonts (the bundled free "
                                             "font stands in):\n")));
        seen[n++] = m->substituted;
        core_buf_printf(out, "  %s → ", m->substituted);
        core_buf_printf(out, m->bundled ? core_tr(d, N_("%s (bundled)")) : "%s", m->family);
        core_buf_puts(out, "\n");
    }
    if (n)
        core_buf_puts(out, core_tr(d, N_("to use an official font, copy its licensed .ttf/.otf "
                                         "file (方正 for 方正小标宋简体;\nthe 中易 fonts "
                                         "仿宋_GB2312, 黑体, 楷体_GB2312, 宋体 come with "
                                         "Windows) to\n~/.local/share/fonts/ (or "
                                         "/usr/local/share/fonts/) and run fc-cache -f;\n"
                                         "`gongwen fonts` then names it.\n")));
}

core_status engine_fonts_report(engine *e, core_buf *out, core_diags *d)
{
    static const char *roles[LAYOUT_ROLE_COUNT] = {
        [LAYOUT_ROLE_BODY] = N_("body"), [LAYOUT_ROLE_TITLE] = N_("title"),
        [LAYOUT_ROLE_H1] = N_("heading 1"), [LAYOUT_ROLE_H2] = N_("heading 2"),
        [LAYOUT_ROLE_H3] = N_("heading 3"), [LAYOUT_ROLE_H4] = N_("heading 4"),
        [LAYOUT_ROLE_TABLE] = N_("table"), [LAYOUT_ROLE_PAGENUM] = N_("page number"),
        [LAYOUT_ROLE_FALLBACK] = N_("fallback"), [LAYOUT_ROLE_LATIN] = N_("latin")};
    engine_style *s = NULL;
    core_status st = style_lookup(e, NULL, NULL, lang(e, d), &s);
    if (st != CORE_OK)
        return st;
    core_buf_printf(out, core_tr(d, "layout %s\n"), s->path);
    for (int r = 0; r < LAYOUT_ROLE_COUNT; r++) {
        const font_match *m = &s->fonts.match[r];
        if (!s->fonts.face[r])
            continue;
        core_buf_pad(out, roles[r] ? core_tr(d, roles[r]) : "?", 12);
        core_buf_puts(out, " ");
        core_buf_pad(out, m->family ? m->family : "?", 20);
        core_buf_printf(out, m->bundled ? core_tr(d, " %s [bundled] (%.1f pt)\n")
                                        : core_tr(d, " %s (%.1f pt)\n"),
                        m->path ? m->path : "?", s->style->font[r].size);
        if (m->why)
            core_buf_printf(out, core_tr(d, "%-12s   why: %s\n"), "", m->why);
    }
    for (size_t i = 0; i < s->fonts.nfallback; i++) {
        const font_info *fi = font_face_info(s->fonts.fallback[i]);
        char label[64];
        snprintf(label, sizeof label, core_tr(d, "fallback %zu"), i + 1);
        core_buf_pad(out, label, 12);
        core_buf_puts(out, " ");
        core_buf_pad(out, fi->family, 20);
        core_buf_printf(out, " %s\n", fi->path);
    }
    fonts_substituted(&s->fonts, out, d);
    return CORE_OK;
}
