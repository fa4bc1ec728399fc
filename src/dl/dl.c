/*
 * dl.c: building and replaying display lists, and the two sinks that need
 * no output library: the text trace (golden tests) and the bounds check.
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

core_status dl_trace(const dl_list *dl, core_buf *out)
{
    const dl_meta *m = &dl->meta;
    core_buf_printf(out, "document title=\"%s\" author=\"%s\" date=%04d-%02d-%02d\n",
                    m->title ? m->title : "", m->author ? m->author : "", m->year,
                    m->month, m->day);
    for (size_t i = 0; i < dl->npages; i++) {
        const dl_page *p = &dl->pages[i];
        core_buf_printf(out, "page %zu %.2fx%.2f number=%d\n", i + 1, r2(p->width),
                        r2(p->height), p->number);
        for (size_t k = 0; k < p->nops; k++) {
            const dl_op *op = &p->ops[k];
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
                core_buf_printf(out, "rect %.2f,%.2f %.2fx%.2f\n", r2(op->u.rect.x),
                                r2(op->u.rect.y), r2(op->u.rect.w), r2(op->u.rect.h));
                break;
            case DL_ANCHOR:
                core_buf_printf(out, "anchor %d %.2f \"%s\"\n", op->u.anchor.level,
                                r2(op->u.anchor.y), op->u.anchor.title);
                break;
            }
        }
    }
    return CORE_OK;
}

/* ---- bounds --------------------------------------------------------------- */

size_t dl_count_outside(const dl_list *dl, float tol, core_buf *report)
{
    size_t bad = 0;
    for (size_t i = 0; i < dl->npages; i++) {
        const dl_page *p = &dl->pages[i];
        for (size_t k = 0; k < p->nops; k++) {
            const dl_op *op = &p->ops[k];
            if (op->kind != DL_GLYPHS)
                continue;
            const dl_glyphs *g = &op->u.glyphs;
            if (g->n && g->src[0] == SIZE_MAX && g->y < p->area_y0)
                continue; /* the page number lives below the text area */
            const font_info *fi = font_face_info(g->face);
            for (uint32_t j = 0; j < g->n; j++) {
                font_glyph m;
                font_face_glyph_metrics(g->face, g->gid[j], &m);
                float x0 = g->x + g->pos[j], x1 = x0 + m.advance * g->size;
                if (m.x1 > m.x0) /* ink, when there is some, decides */
                    x0 = g->x + g->pos[j] + m.x0 * g->size, x1 = g->x + g->pos[j] + m.x1 * g->size;
                float y0 = g->y + fi->descent * g->size, y1 = g->y + fi->ascent * g->size;
                if (x0 < p->area_x0 - tol || x1 > p->area_x1 + tol || y0 < p->area_y0 - tol ||
                    y1 > p->area_y1 + tol) {
                    bad++;
                    if (report)
                        core_buf_printf(report, "page %zu U+%04X at %.2f,%.2f\n", i + 1,
                                        g->cp[j], x0, g->y);
                }
            }
        }
    }
    return bad;
}
