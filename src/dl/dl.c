/*
 * dl.c: building and replaying display lists, and the two sinks that need
 * no output library: the text trace (golden tests) and the bounds check
 * (run by the engine before every PDF is written). Both are dl_sinks
 * replayed by dl_run, like the PDF writer.
 *
 * Numbers in the trace are printed with two decimals so that a golden file
 * is stable across compilers; a 0.01 pt difference is invisible on paper.
 */
#include "dl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

dl_list *dl_list_new(void)
{
    core_arena *a = core_arena_new();
    dl_list *dl = core_arena_alloc(a, sizeof *dl);
    dl->arena = a;
    dl->max_pages = CORE_MAX_PAGES;
    dl->overflow_src = SIZE_MAX;
    return dl;
}

void dl_list_drop(dl_list *dl)
{
    if (!dl)
        return;
    for (size_t i = 0; i < dl->npages; i++)
        free(dl->pages[i].ops);
    core_arena_drop(dl->arena);
}

/* The source offset of the first text on `p`, or SIZE_MAX. */
static size_t page_first_src(const dl_page *p)
{
    for (size_t k = 0; k < p->nops; k++) {
        const dl_glyphs *g = &p->ops[k].u.glyphs;
        if (p->ops[k].kind != DL_GLYPHS)
            continue;
        for (uint32_t i = 0; i < g->n; i++)
            if (g->src && g->src[i] != SIZE_MAX)
                return g->src[i];
    }
    return SIZE_MAX;
}

dl_page *dl_add_page(dl_list *dl, float width, float height)
{
    if (dl->max_pages && dl->npages >= dl->max_pages) {
        /* over the ceiling: recycle the last page (its ops storage too) */
        dl_page *p = &dl->pages[dl->npages - 1];
        if (!dl->overflow)
            dl->overflow_src = page_first_src(p);
        dl->overflow = true;
        dl_op *ops = p->ops;
        size_t cap = p->cap;
        memset(p, 0, sizeof *p);
        p->ops = ops;
        p->cap = cap;
        p->width = width;
        p->height = height;
        return p;
    }
    if (dl->npages == dl->cap)
        core_vec_grow_(dl->arena, (void **)&dl->pages, &dl->cap, dl->npages, sizeof *dl->pages);
    dl_page *p = &dl->pages[dl->npages++];
    memset(p, 0, sizeof *p);
    p->width = width;
    p->height = height;
    return p;
}

/* A page's ops live on the heap (freed with the list), not in the arena: an
 * arena would keep every outgrown copy, as much again as the ops. */
dl_op *dl_add_op(dl_list *dl, dl_page *page, const dl_op *op)
{
    (void)dl;
    if (page->nops == page->cap) {
        size_t cap = page->cap ? 2 * page->cap : 16;
        dl_op *ops = realloc(page->ops, cap * sizeof *ops);
        if (!ops)
            abort(); /* as core_arena: out of memory is not an input problem */
        page->ops = ops, page->cap = cap;
    }
    page->ops[page->nops] = *op;
    return &page->ops[page->nops++];
}

core_status dl_run(const dl_list *dl, dl_sink *sink)
{
    core_status st = CORE_OK;
    if (sink->begin_document)
        CORE_CHECK(sink->begin_document(sink->self, &dl->meta));
    for (size_t i = 0; i < dl->npages; i++) {
        const dl_page *p = &dl->pages[i];
        if (sink->begin_page)
            CORE_CHECK(sink->begin_page(sink->self, p, i));
        for (size_t k = 0; k < p->nops; k++)
            if (sink->op)
                CORE_CHECK(sink->op(sink->self, p, &p->ops[k]));
        if (sink->end_page)
            CORE_CHECK(sink->end_page(sink->self, p));
    }
    if (sink->end_document)
        CORE_CHECK(sink->end_document(sink->self));
done:
    return st;
}

/* ---- trace ---------------------------------------------------------------- */

static double r2(double v)
{
    double r = round(v * 100.0) / 100.0;
    return r == 0 ? 0 : r; /* no "-0.00" */
}

static void trace_glyphs(const dl_glyphs *g, core_buf *out)
{
    const font_info *fi = font_face_info(g->face);
    core_buf_printf(out, "glyphs %s %.2f @%.2f,%.2f \"", fi->ps_name, r2(g->size),
                    r2(g->x), r2(g->y));
    for (uint32_t i = 0; i < g->n; i++) {
        char u[4];
        core_buf_append(out, u, core_utf8_encode(g->cp[i], u));
    }
    core_buf_puts(out, "\" pos");
    for (uint32_t i = 0; i < g->n; i++)
        core_buf_printf(out, "%s%.2f", i ? "," : " ", r2(g->pos[i]));
    if (g->embolden > 0)
        core_buf_printf(out, " bold%.2f", r2(g->embolden));
    if (g->color.c || g->color.m || g->color.y || g->color.k != 1.0f)
        core_buf_printf(out, " cmyk%.2f,%.2f,%.2f,%.2f", r2(g->color.c), r2(g->color.m),
                        r2(g->color.y), r2(g->color.k));
    core_buf_puts(out, "\n");
}

static core_status trace_begin_document(void *self, const dl_meta *m)
{
    core_buf_printf(self, "document title=\"%s\" author=\"%s\" date=%04d-%02d-%02d\n",
                    m->title ? m->title : "", m->author ? m->author : "", m->year,
                    m->month, m->day);
    return CORE_OK;
}

static core_status trace_begin_page(void *self, const dl_page *p, size_t index)
{
    core_buf_printf(self, "page %zu %.2fx%.2f number=%d\n", index + 1, r2(p->width),
                    r2(p->height), p->number);
    return CORE_OK;
}

static core_status trace_op(void *self, const dl_page *p, const dl_op *op)
{
    core_buf *out = self;
    (void)p;
    switch (op->kind) {
    case DL_GLYPHS:
        trace_glyphs(&op->u.glyphs, out);
        break;
    case DL_RULE:
        core_buf_printf(out, "rule %.2f,%.2f-%.2f,%.2f w%.2f\n", r2(op->u.rule.x0),
                        r2(op->u.rule.y0), r2(op->u.rule.x1), r2(op->u.rule.y1),
                        r2(op->u.rule.width));
        break;
    case DL_RECT:
        core_buf_printf(out, "rect %.2f,%.2f %.2fx%.2f\n", r2(op->u.rect.x), r2(op->u.rect.y),
                        r2(op->u.rect.w), r2(op->u.rect.h));
        break;
    case DL_ANCHOR:
        core_buf_printf(out, "anchor %d %.2f \"%s\"\n", op->u.anchor.level, r2(op->u.anchor.y),
                        op->u.anchor.title);
        break;
    }
    return CORE_OK;
}

dl_sink dl_trace_sink(core_buf *out)
{
    return (dl_sink){.self = out, .begin_document = trace_begin_document,
                     .begin_page = trace_begin_page, .op = trace_op};
}

core_status dl_trace(const dl_list *dl, core_buf *out)
{
    dl_sink sink = dl_trace_sink(out);
    return dl_run(dl, &sink);
}

/* ---- bounds --------------------------------------------------------------- */

/* A glyph's box: its ink when it has some, else origin .. advance; the
 * face's descent .. ascent. */
static void glyph_box(const dl_glyphs *g, uint32_t j, float *x0, float *x1, float *y0, float *y1)
{
    const font_info *fi = font_face_info(g->face);
    font_glyph m;
    font_face_glyph_metrics(g->face, g->gid[j], &m);
    float o = g->x + g->pos[j];
    *x0 = o, *x1 = o + m.advance * g->size;
    if (m.x1 > m.x0)
        *x0 = o + m.x0 * g->size, *x1 = o + m.x1 * g->size;
    *y0 = g->y + fi->descent * g->size, *y1 = g->y + fi->ascent * g->size;
}

static core_status bounds_begin_page(void *self, const dl_page *p, size_t index)
{
    ((dl_bounds *)self)->page = index;
    (void)p;
    return CORE_OK;
}

static core_status bounds_op(void *self, const dl_page *p, const dl_op *op)
{
    dl_bounds *b = self;
    if (op->kind != DL_GLYPHS)
        return CORE_OK;
    const dl_glyphs *g = &op->u.glyphs;
    float t = b->tolerance;
    /* a page number (generated text below the text area) has its own area:
     * the bottom margin, within the text area's width */
    bool pagenum = g->n && g->src[0] == SIZE_MAX && g->y < p->area_y0;
    float ay0 = pagenum ? 0 : p->area_y0, ay1 = pagenum ? p->area_y0 : p->area_y1;
    for (uint32_t j = 0; j < g->n; j++) {
        float x0, x1, y0, y1;
        glyph_box(g, j, &x0, &x1, &y0, &y1);
        if (x0 >= p->area_x0 - t && x1 <= p->area_x1 + t && y0 >= ay0 - t && y1 <= ay1 + t)
            continue;
        if (b->outside++ == 0)
            b->first_page = b->page, b->first_cp = g->cp[j], b->first_src = g->src[j];
        if (b->report)
            core_buf_printf(b->report, "page %zu U+%04X at %.2f,%.2f\n", b->page + 1, g->cp[j],
                            x0, g->y);
    }
    return CORE_OK;
}

dl_sink dl_bounds_sink(dl_bounds *b)
{
    b->outside = 0, b->first_src = SIZE_MAX;
    return (dl_sink){.self = b, .begin_page = bounds_begin_page, .op = bounds_op};
}

size_t dl_count_outside(const dl_list *dl, float tol, core_buf *report)
{
    dl_bounds b = {.tolerance = tol, .report = report};
    dl_sink sink = dl_bounds_sink(&b);
    dl_run(dl, &sink);
    return b.outside;
}
