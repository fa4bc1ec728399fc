/*
 * pdf.c: pdf_write, the top of the PDF writer, and the page content.
 *
 * pdf_write is a list of steps: a libharu document; the OutputIntent's
 * colour space; a first pass over the list collecting the glyphs of each
 * face; the subset fonts; a second pass writing each page (a dl_sink); the
 * document-level objects; the bytes.
 *
 * Why two passes: a glyph's CID is its id in the subset, known only once
 * every glyph of the face has been seen, and the content streams must name
 * CIDs. The list is in memory, so reading it twice is cheap and keeps the
 * content writer free of placeholders.
 *
 * Page content is written by us, operator by operator, into w->cs, which
 * becomes the data of the page's contents stream at end_page; no
 * HPDF_Page_* drawing call is used, so libharu's graphics-mode bookkeeping
 * stays in its initial state (page description) and its before-write hook
 * has nothing to close.
 * Numbers are printed by our own fixed-point formatter (rounded to fixed
 * decimals, trailing zeros trimmed; no printf, so no locale), so the same
 * list gives the same bytes on every run and every machine. Streams are
 * compressed here (pdf_stream_put), and libharu writes the file straight
 * into the caller's buffer (doc_save).
 *
 * Caller: engine_run (and tests), through pdf_write in pdf.h.
 */
#include "pdf-imp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

/* ---- failures ------------------------------------------------------------- */

core_status pdf_hpdf(pdf_writer *w, HPDF_STATUS ret, const char *what)
{
    if (ret == HPDF_OK && w->hpdf_error == HPDF_OK)
        return CORE_OK;
    /* the handler saw raised errors; the document's error record also has
     * those libharu only set (most object calls) */
    HPDF_STATUS code = w->hpdf_error, detail = w->hpdf_detail;
    if (!code && w->doc)
        code = HPDF_GetError(w->doc), detail = HPDF_GetErrorDetail(w->doc);
    if (!code)
        code = ret;
    return core_fail(&w->fail, CORE_EPDF, "libharu error 0x%04X (detail %u) while writing %s",
                     (unsigned)code, (unsigned)detail, core_tr(w->fail.d, what));
}

core_status pdf_obj(pdf_writer *w, const void *obj, const char *what)
{
    return obj ? pdf_hpdf(w, HPDF_OK, what) : pdf_hpdf(w, HPDF_FAILD_TO_ALLOC_MEM, what);
}

/* libharu calls this for the errors it raises (not for every failed call,
 * hence pdf_hpdf also checks return values). Reading the finished file to
 * its end raises "end of stream", which is no failure. */
static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS no, HPDF_STATUS detail, void *data)
{
    pdf_writer *w = data;
    if (no != HPDF_STREAM_EOF && w->hpdf_error == HPDF_OK) {
        w->hpdf_error = no;
        w->hpdf_detail = detail;
    }
}

/* ---- object helpers ------------------------------------------------------- */

core_status pdf_dict_new(pdf_writer *w, HPDF_Dict *out)
{
    core_status st = CORE_OK;
    HPDF_Dict d = HPDF_Dict_New(w->doc->mmgr);
    CORE_CHECK(pdf_obj(w, d, "a dictionary"));
    CORE_CHECK(pdf_hpdf(w, HPDF_Xref_Add(w->doc->xref, d), "a dictionary"));
    *out = d;
done:
    return st;
}

/* libharu's dict writer calls this after the entries, before ">>": the
 * data it copies as is were compressed by pdf_stream_put. */
static HPDF_STATUS flate_key(HPDF_Dict d, HPDF_Stream s)
{
    return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

/* ---- stream data: a libharu reader over bytes in the arena ---------------- */

typedef struct pdf_bytes {
    const unsigned char *p;
    size_t len, pos;
} pdf_bytes;

static HPDF_STATUS bytes_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *size)
{
    pdf_bytes *b = s->attr;
    size_t n = b->len - b->pos < *size ? b->len - b->pos : *size;
    memcpy(ptr, b->p + b->pos, n);
    b->pos += n;
    HPDF_STATUS ret = n < *size ? HPDF_STREAM_EOF : HPDF_OK;
    *size = (HPDF_UINT)n;
    return ret;
}

static HPDF_STATUS bytes_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    pdf_bytes *b = s->attr;
    long to = mode == HPDF_SEEK_SET ? 0 : mode == HPDF_SEEK_CUR ? (long)b->pos : (long)b->len;
    to += pos;
    if (to < 0 || (size_t)to > b->len)
        return HPDF_STREAM_EOF;
    b->pos = (size_t)to;
    return HPDF_OK;
}

static HPDF_INT32 bytes_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((pdf_bytes *)s->attr)->pos;
}

static HPDF_UINT32 bytes_size(HPDF_Stream s)
{
    return (HPDF_UINT32)((pdf_bytes *)s->attr)->len;
}

/* The /ID digest of a stream's data: a font program (an sfnt) by its table
 * directory, whose checksums cover every table, so 200 KB of subsets cost
 * 200 bytes of MD5; anything else by the bytes as written. */
static void digest(pdf_writer *w, const unsigned char *bytes, size_t len, bool sfnt)
{
    if (sfnt && len >= 12) {
        size_t dir = 12 + 16 * (size_t)(bytes[4] << 8 | bytes[5]);
        len = dir < len ? dir : len;
    }
    HPDF_MD5Update(&w->md5, bytes, (HPDF_UINT32)len);
}

#define PDF_DEFLATE_LEVEL 1 /* see pdf_data */

/* libdeflate compresses a buffer whole, about twice as fast as zlib at the
 * same ratio, and deterministically. */
bool pdf_pack(struct libdeflate_compressor **c, const void *bytes, size_t len, pdf_packed *out)
{
    *out = (pdf_packed){0};
    if (!*c && !(*c = libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL)))
        return false;
    size_t cap = libdeflate_zlib_compress_bound(*c, len);
    if (!(out->z = malloc(cap)))
        abort(); /* as core_arena */
    out->len = libdeflate_zlib_compress(*c, bytes, len, out->z, cap);
    if (!out->len) {
        free(out->z);
        out->z = NULL;
    }
    return out->len != 0;
}

/* pdf_stream_put, with the bytes' compressed form when `z` has it. */
static core_status stream_put(pdf_writer *w, HPDF_Dict d, const void *bytes, size_t len,
                              pdf_data kind, pdf_packed *z);

core_status pdf_stream_new_packed(pdf_writer *w, const void *bytes, size_t len, pdf_data kind,
                                  pdf_packed *z, HPDF_Dict *out)
{
    core_status st = CORE_OK;
    HPDF_Dict d = HPDF_DictStream_New(w->doc->mmgr, w->doc->xref);
    CORE_CHECK(pdf_obj(w, d, "a stream"));
    CORE_CHECK(stream_put(w, d, bytes, len, kind, z));
    *out = d;
done:
    free(z->z);
    *z = (pdf_packed){0};
    return st;
}

core_status pdf_stream_put(pdf_writer *w, HPDF_Dict d, const void *bytes, size_t len,
                           pdf_data kind)
{
    pdf_packed none = {0};
    return stream_put(w, d, bytes, len, kind, &none);
}

static core_status stream_put(pdf_writer *w, HPDF_Dict d, const void *bytes, size_t len,
                              pdf_data kind, pdf_packed *z)
{
    core_status st = CORE_OK;
    if (len > 0x7fffffffu)
        return core_fail(&w->fail, CORE_EPDF, "a stream of %zu bytes is too large", len);
    pdf_bytes *b = core_arena_alloc(w->arena, sizeof *b);
    unsigned char *data = NULL;
    d->filter = HPDF_STREAM_FILTER_NONE;
    if (kind != PDF_DATA_PLAIN && w->opt->compress && len > 0) {
        /* a zlib stream (what /FlateDecode reads), made here unless a
         * thread of the font writer made it already */
        pdf_packed own = {0};
        if (!z->z && !pdf_pack(&w->deflate, bytes, len, &own))
            return core_fail(&w->fail, CORE_EPDF, "compressing a stream of %zu bytes failed", len);
        const pdf_packed *p = z->z ? z : &own;
        data = core_arena_alloc(w->arena, p->len);
        memcpy(data, p->z, p->len);
        b->len = p->len;
        free(own.z);
        d->write_fn = flate_key;
    } else {
        data = core_arena_alloc(w->arena, len + 1);
        if (len)
            memcpy(data, bytes, len);
        b->len = len;
    }
    b->p = data;
    if (kind == PDF_DATA_FONT)
        digest(w, bytes, len, true);
    else
        digest(w, data, b->len, false);
    /* libharu copies the data from a reader of ours when it writes the
     * file, instead of keeping its own copy */
    HPDF_Stream r = HPDF_CallbackReader_New(w->doc->mmgr, bytes_read, bytes_seek, bytes_tell,
                                            bytes_size, b);
    CORE_CHECK(pdf_obj(w, r, "a stream"));
    HPDF_Stream_Free(d->stream);
    d->stream = r;
done:
    return st;
}

core_status pdf_stream_new(pdf_writer *w, const void *bytes, size_t len, pdf_data kind,
                           HPDF_Dict *out)
{
    core_status st = CORE_OK;
    HPDF_Dict d = HPDF_DictStream_New(w->doc->mmgr, w->doc->xref);
    CORE_CHECK(pdf_obj(w, d, "a stream"));
    CORE_CHECK(pdf_stream_put(w, d, bytes, len, kind));
    *out = d;
done:
    return st;
}

core_status pdf_text_new(pdf_writer *w, const char *utf8, HPDF_Binary *out)
{
    core_status st = CORE_OK;
    core_buf b = {0};
    core_buf_append(&b, "\xFE\xFF", 2);
    for (size_t i = 0, n = strlen(utf8); i < n;) {
        uint32_t cp = 0xFFFD;
        size_t k = core_utf8_decode(utf8 + i, n - i, &cp);
        i += k ? k : 1;
        if (cp >= 0x10000) { /* a surrogate pair */
            cp -= 0x10000;
            unsigned char u[4] = {(unsigned char)(0xD8 | (cp >> 18)), (unsigned char)(cp >> 10),
                                  (unsigned char)(0xDC | ((cp >> 8) & 3)), (unsigned char)cp};
            core_buf_append(&b, u, 4);
        } else {
            unsigned char u[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
            core_buf_append(&b, u, 2);
        }
    }
    if (b.len > 32767) { /* PDF/A's limit for a string */
        st = core_fail(&w->fail, CORE_EPDF, "a text of %zu bytes is too long for a PDF string",
                       b.len);
        goto done;
    }
    HPDF_Binary s = HPDF_Binary_New(w->doc->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
    CORE_CHECK(pdf_obj(w, s, "a text string"));
    *out = s;
done:
    core_buf_free(&b);
    return st;
}

/*
 * v in t: at most `dec` (0..6) decimals, rounded half away from zero,
 * trailing zeros trimmed, never "-0", never an exponent. One rounding, then
 * integer arithmetic: no locale, rounding mode or libc formatting reaches
 * the bytes. Returns t.
 */
static const char *fmt_num(char t[static 32], double v, int dec)
{
    static const double scale[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
    if (!isfinite(v))
        v = 0; /* no PDF number for it; layout never makes one */
    dec = dec < 0 ? 0 : dec > 6 ? 6 : dec;
    double a = round(fabs(v) * scale[dec]);
    if (a > 9e15) /* beyond any page by far, and PDF readers' limits: keep */
        a = 9e15; /* the digits exact and the buffer bounded */
    uint64_t q = (uint64_t)a, unit = (uint64_t)scale[dec];
    uint64_t ip = q / unit, fp = q % unit;
    char d[24];
    size_t n = 0, k = 0;
    if (q && v < 0)
        t[n++] = '-';
    do
        d[k++] = (char)('0' + ip % 10);
    while (ip /= 10);
    while (k)
        t[n++] = d[--k];
    if (fp) {
        t[n++] = '.';
        for (uint64_t u = unit / 10; fp; u /= 10) {
            t[n++] = (char)('0' + fp / u);
            fp %= u;
        }
    }
    t[n] = 0;
    return t;
}

void pdf_put_num(core_buf *b, double v, int dec)
{
    char t[32];
    core_buf_puts(b, fmt_num(t, v, dec));
}

void pdf_put_hex4(core_buf *b, uint32_t v)
{
    static const char hex[] = "0123456789ABCDEF";
    char t[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    core_buf_append(b, t, 4);
}

/* ---- colour and line state ------------------------------------------------ */

static bool is_black(dl_color c)
{
    return c.c == 0 && c.m == 0 && c.y == 0 && c.k == 1;
}

/* The operator setting colour c, in the document's colour space: DeviceGray
 * for black (allowed with any OutputIntent), else the OutputIntent's space
 * (DeviceCMYK when there is none). */
static void color_op(const pdf_writer *w, dl_color c, bool stroke, char *op, size_t n)
{
    char a[32], b[32], d[32], e[32];
    if (is_black(c)) {
        snprintf(op, n, "0 %s", stroke ? "G" : "g");
    } else if (w->space == PDF_SPACE_RGB) { /* naive CMYK -> RGB, no profile */
        snprintf(op, n, "%s %s %s %s", fmt_num(a, (1 - c.c) * (1 - c.k), 4),
                 fmt_num(b, (1 - c.m) * (1 - c.k), 4), fmt_num(d, (1 - c.y) * (1 - c.k), 4),
                 stroke ? "RG" : "rg");
    } else if (w->space == PDF_SPACE_GRAY) {
        double g = 1 - fmin(1, 0.3 * c.c + 0.59 * c.m + 0.11 * c.y + c.k);
        snprintf(op, n, "%s %s", fmt_num(a, g, 4), stroke ? "G" : "g");
    } else {
        snprintf(op, n, "%s %s %s %s %s", fmt_num(a, c.c, 4), fmt_num(b, c.m, 4),
                 fmt_num(d, c.y, 4), fmt_num(e, c.k, 4), stroke ? "K" : "k");
    }
}

/* Write the colour operator only when the colour changes. */
static void set_color(pdf_writer *w, dl_color c, bool stroke)
{
    char op[sizeof w->fill];
    char *cur = stroke ? w->stroke : w->fill;
    dl_color *last = stroke ? &w->stroke_color : &w->fill_color;
    if (cur[0] && memcmp(last, &c, sizeof c) == 0)
        return; /* the list's colour of the operator in force */
    *last = c;
    color_op(w, c, stroke, op, sizeof op);
    if (strcmp(op, cur) != 0) {
        core_buf_puts(&w->cs, op);
        core_buf_puts(&w->cs, "\n");
        memcpy(cur, op, sizeof op);
    }
}

static void set_line_width(pdf_writer *w, double width)
{
    if (fabs(width - w->line_width) > 1e-6) {
        pdf_put_num(&w->cs, width, 3);
        core_buf_puts(&w->cs, " w\n");
        w->line_width = width;
    }
}

/* ---- page content --------------------------------------------------------- */

/* List font f in the current page's /Resources /Font (once per page). */
static core_status page_use_font(pdf_writer *w, pdf_font *f)
{
    core_status st = CORE_OK;
    if (f->page_seen == w->page_index + 1)
        return CORE_OK;
    if (!w->page_fonts) {
        HPDF_Dict res = HPDF_Dict_GetItem(w->page, "Resources", HPDF_OCLASS_DICT);
        CORE_CHECK(pdf_obj(w, res, "page resources"));
        HPDF_Dict fonts = HPDF_Dict_New(w->doc->mmgr);
        CORE_CHECK(pdf_obj(w, fonts, "page fonts"));
        CORE_CHECK(pdf_hpdf(w, HPDF_Dict_Add(res, "Font", fonts), "page fonts"));
        w->page_fonts = fonts;
    }
    char name[16];
    snprintf(name, sizeof name, "F%d", f->num);
    CORE_CHECK(pdf_hpdf(w, HPDF_Dict_Add(w->page_fonts, name, f->type0), "page fonts"));
    f->page_seen = w->page_index + 1;
done:
    return st;
}

/*
 * The TJ array body: glyph i lands at x + pos[i]. The adjustment after
 * glyph i is measured from where the previous rounding actually left the
 * pen, so rounding never accumulates along the run.
 */
static core_status put_tj(pdf_writer *w, const pdf_font *f, const dl_glyphs *g)
{
    core_buf *b = &w->cs;
    double pen = g->pos[0];
    bool open = false;
    for (uint32_t i = 0; i < g->n; i++) {
        size_t k = pdf_font_index(f, g->gid[i]);
        if (k == SIZE_MAX)
            return core_fail(&w->fail, CORE_EPDF, "glyph %u of U+%04X was not collected",
                             g->gid[i], g->cp[i]);
        if (!open)
            core_buf_puts(b, "<");
        open = true;
        pdf_put_hex4(b, f->cid[k]);
        if (i + 1 == g->n)
            break;
        double want = ((double)g->pos[i + 1] - pen) * 1000.0 / g->size;
        double adj = round((f->width[k] - want) * 1000.0) / 1000.0;
        pen += (f->width[k] - adj) * g->size / 1000.0;
        if (adj != 0) {
            core_buf_puts(b, "> ");
            pdf_put_num(b, adj, 3);
            core_buf_puts(b, " ");
            open = false;
        }
    }
    if (open)
        core_buf_puts(b, ">");
    return CORE_OK;
}

static core_status put_glyphs(pdf_writer *w, const dl_glyphs *g)
{
    core_status st = CORE_OK;
    core_buf *b = &w->cs;
    pdf_font *f = pdf_font_lookup(w, g->face);
    if (g->n == 0)
        return CORE_OK;
    if (!f || !(g->size > 0))
        return core_fail(&w->fail, CORE_EPDF, "a glyph run with an unknown face or size %g",
                         g->size);
    CORE_CHECK(page_use_font(w, f));
    set_color(w, g->color, false);
    if (g->embolden > 0) { /* fill and stroke the outline, same colour */
        set_color(w, g->color, true);
        set_line_width(w, g->embolden);
    }
    core_buf_puts(b, "BT /F");
    pdf_put_num(b, f->num, 0);
    core_buf_puts(b, " ");
    pdf_put_num(b, g->size, 3);
    core_buf_puts(b, " Tf 1 0 0 1 ");
    pdf_put_num(b, (double)g->x + g->pos[0], 3);
    core_buf_puts(b, " ");
    pdf_put_num(b, g->y, 3);
    core_buf_puts(b, g->embolden > 0 ? " Tm 2 Tr [" : " Tm [");
    CORE_CHECK(put_tj(w, f, g));
    core_buf_puts(b, g->embolden > 0 ? "] TJ 0 Tr ET\n" : "] TJ ET\n");
done:
    return st;
}

static void put_rule(pdf_writer *w, const dl_rule *r)
{
    core_buf *b = &w->cs;
    set_color(w, r->color, true);
    set_line_width(w, r->width);
    pdf_put_num(b, r->x0, 3);
    core_buf_puts(b, " ");
    pdf_put_num(b, r->y0, 3);
    core_buf_puts(b, " m ");
    pdf_put_num(b, r->x1, 3);
    core_buf_puts(b, " ");
    pdf_put_num(b, r->y1, 3);
    core_buf_puts(b, " l S\n");
}

static void put_rect(pdf_writer *w, const dl_rect *r)
{
    core_buf *b = &w->cs;
    set_color(w, r->color, false);
    const float v[4] = {r->x, r->y, r->w, r->h};
    for (int i = 0; i < 4; i++) {
        pdf_put_num(b, v[i], 3);
        core_buf_puts(b, " ");
    }
    core_buf_puts(b, "re f\n");
}

/* ---- the page pass (a dl_sink) ------------------------------------------- */

static core_status page_begin(void *self, const dl_page *p, size_t index)
{
    core_status st = CORE_OK;
    pdf_writer *w = self;
    w->page = HPDF_AddPage(w->doc);
    CORE_CHECK(pdf_obj(w, w->page, "a page"));
    CORE_CHECK(pdf_hpdf(w, HPDF_Page_SetWidth(w->page, p->width), "the page width"));
    CORE_CHECK(pdf_hpdf(w, HPDF_Page_SetHeight(w->page, p->height), "the page height"));
    w->page_index = index;
    w->page_fonts = NULL;
    w->cs.len = 0;
    /* state is written before its first use on each page, even where it
     * equals PDF's initial state (black, 1 pt), so a page's content stands
     * on its own */
    w->fill[0] = w->stroke[0] = 0;
    w->line_width = -1;
done:
    return st;
}

static core_status page_op(void *self, const dl_page *p, const dl_op *op)
{
    pdf_writer *w = self;
    switch (op->kind) {
    case DL_GLYPHS:
        return put_glyphs(w, &op->u.glyphs);
    case DL_RULE:
        put_rule(w, &op->u.rule);
        return CORE_OK;
    case DL_RECT:
        put_rect(w, &op->u.rect);
        return CORE_OK;
    case DL_ANCHOR:
        return pdf_meta_anchor(w, &op->u.anchor);
    }
    return CORE_OK;
}

static core_status page_end(void *self, const dl_page *p)
{
    pdf_writer *w = self;
    HPDF_PageAttr attr = (HPDF_PageAttr)w->page->attr;
    core_status st = pdf_stream_put(w, attr->contents, w->cs.data, w->cs.len, PDF_DATA_TEXT);
    attr->stream = attr->contents->stream; /* the one it had is freed */
    return st;
}

static core_status pages_write(pdf_writer *w)
{
    dl_sink sink = {.self = w, .begin_page = page_begin, .op = page_op, .end_page = page_end};
    core_status st = dl_run(w->dl, &sink);
    if (st != CORE_OK)
        core_fail(&w->fail, st, "writing the pages failed");
    return st;
}

/* ---- document ------------------------------------------------------------- */

static core_status doc_new(pdf_writer *w)
{
    w->doc = HPDF_New(on_hpdf_error, w);
    if (!w->doc)
        return core_fail(&w->fail, CORE_EPDF, "libharu could not create a document");
    w->doc->pdf_version = HPDF_VER_17;
    /* compression stays off in libharu: pdf_stream_put compresses */
    return CORE_OK;
}

/* libharu's output stream: straight into the caller's buffer. */
static HPDF_STATUS save_write(HPDF_Stream s, const HPDF_BYTE *bytes, HPDF_UINT n)
{
    core_buf_append(s->attr, bytes, n);
    return HPDF_OK;
}

/* The finished file, appended to out. HPDF_SaveToStream writes into the
 * document's stream when it has one; given a callback writer, no copy of
 * the file is made in libharu's memory stream (HPDF_Free frees it). */
static core_status doc_save(pdf_writer *w, core_buf *out)
{
    core_status st = CORE_OK;
    w->doc->stream = HPDF_CallbackWriter_New(w->doc->mmgr, save_write, out);
    CORE_CHECK(pdf_obj(w, w->doc->stream, "the file"));
    CORE_CHECK(pdf_hpdf(w, HPDF_SaveToStream(w->doc), "the file"));
done:
    return st;
}

core_status pdf_write(const dl_list *dl, const pdf_options *opt, const char *name,
                      core_buf *out, core_diags *d)
{
    core_status st = CORE_OK;
    static const pdf_options defaults = {.compress = true};
    pdf_writer w = {.dl = dl, .opt = opt ? opt : &defaults,
                    .fail = {d, name, N_("cannot write the PDF: %s"), "E-pdf", CORE_OK}};
    w.arena = core_arena_new();
    HPDF_MD5Init(&w.md5);

    CORE_CHECK(doc_new(&w));
    CORE_CHECK(pdf_meta_prepare(&w));  /* colour space of the OutputIntent */
    CORE_CHECK(pdf_fonts_collect(&w)); /* which glyphs of which faces */
    CORE_CHECK(pdf_fonts_build(&w));   /* subsets and their font objects */
    CORE_CHECK(pages_write(&w));       /* content streams and outline */
    CORE_CHECK(pdf_meta_finish(&w));   /* info, XMP, OutputIntent, /ID */
    CORE_CHECK(doc_save(&w, out));
done:
    if (st != CORE_OK) /* every failure has its message; this one is for the unforeseen */
        core_fail(&w.fail, st, "%s", core_tr(d, core_status_name(st)));
    if (w.doc)
        HPDF_Free(w.doc);
    core_buf_free(&w.cs);
    core_buf_free(&w.icc);
    libdeflate_free_compressor(w.deflate);
    core_arena_drop(w.arena);
    return st;
}
