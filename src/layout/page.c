/*
 * page.c: flow entries onto pages, glyph runs into the display list, and the
 * page numbers.
 *
 * The body sits on a grid of `lines` lines per page at `line_pitch`: a text
 * line always takes the next free grid line, its em box centred in it, so
 * that a full page of prose holds exactly 22 lines whatever came before (a
 * table ends anywhere; the text after it resumes on the next grid line).
 * An entry marked keep_next goes to the next page, with the entries it is
 * chained to, when they would not all fit; a chain taller than a page is
 * placed as it comes. The first page left short that way is reported to
 * layout.c (short_page, short_block), which may re-break a paragraph before
 * it to fill the page.
 *
 * Page numbers (GB/T 9704 §7.5): "— N —" in the page-number face, the dashes'
 * vertical middle `pagenum_drop` below the text area, odd pages right and
 * even pages left, `pagenum_inset` in from the text area's side.
 * Caller: layout.c.
 */
#include "layout-imp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

float lay_area_x0(const lay_ctx *c, size_t page)
{
    bool even = (page + 1) % 2 == 0;
    return c->s->mirror && even ? c->s->margin_right : c->s->margin_left;
}

void lay_new_page(lay_ctx *c)
{
    const layout_style *s = c->s;
    dl_page *p = dl_add_page(c->dl, s->page_w, s->page_h);
    size_t i = c->dl->npages - 1;
    p->area_x0 = lay_area_x0(c, i);
    p->area_x1 = p->area_x0 + c->measure;
    p->area_y0 = s->margin_bottom;
    p->area_y1 = s->page_h - s->margin_top;
    c->pg.page = i;
    c->pg.used = 0;
    c->pg.fresh = true;
}

dl_page *lay_page(lay_ctx *c) { return &c->dl->pages[c->pg.page]; }

void lay_seal_line(core_arena *a, lay_line *l)
{
    lay_glyph *g = l->n ? core_arena_alloc(a, l->n * sizeof *g) : NULL;
    for (size_t k = 0; k < l->n; k++) {
        const lay_item *it = &l->items[k];
        g[k] = (lay_glyph){it->face, it->size, it->embolden, it->x + it->dx,
                           it->gid, it->cp, it->src};
    }
    l->glyphs = g;
}

void lay_seal_lines(core_arena *a, lay_lines *l)
{
    lay_line *v = l->n ? core_arena_alloc(a, l->n * sizeof *v) : NULL;
    for (size_t i = 0; i < l->n; i++) {
        v[i] = l->v[i];
        lay_seal_line(a, &v[i]);
    }
    l->v = v;
    l->cap = l->n;
}

/* Glyph runs for a sealed line: one run per stretch of one face, size and
 * stroke. */
void lay_emit_line(lay_ctx *c, const lay_line *l, float x0, float baseline)
{
    dl_list *dl = c->dl;
    for (size_t s = 0; s < l->n && !c->dry;) {
        size_t e = s + 1;
        const lay_glyph *a = &l->glyphs[s];
        while (e < l->n && l->glyphs[e].face == a->face && l->glyphs[e].size == a->size &&
               l->glyphs[e].embolden == a->embolden)
            e++;
        uint32_t n = (uint32_t)(e - s);
        dl_op op = {.kind = DL_GLYPHS};
        dl_glyphs *g = &op.u.glyphs;
        g->face = a->face;
        g->size = a->size;
        g->x = x0 + a->x;
        g->y = baseline;
        g->n = n;
        /* one allocation for the four arrays: most runs are a few glyphs
         * (table cells), and each allocation is rounded up to 16 bytes */
        g->src = core_arena_alloc(dl->arena, n * (sizeof *g->src + sizeof *g->gid +
                                                  sizeof *g->pos + sizeof *g->cp));
        g->gid = (uint32_t *)(g->src + n);
        g->pos = (float *)(g->gid + n);
        g->cp = g->gid + 2 * n;
        g->color = (dl_color){0, 0, 0, 1};
        g->embolden = a->embolden;
        for (uint32_t k = 0; k < n; k++) {
            const lay_glyph *it = &l->glyphs[s + k];
            g->gid[k] = it->gid;
            g->pos[k] = it->x - a->x;
            g->cp[k] = it->cp;
            g->src[k] = it->src == LAY_NO_SRC ? SIZE_MAX : it->src;
        }
        dl_add_op(dl, lay_page(c), &op);
        s = e;
    }
}

/* The grid line a text line placed after `used` pt takes. */
static int next_grid(const lay_ctx *c, float used)
{
    return (int)ceilf(used / c->s->line_pitch - 1e-3f);
}

float lay_grid_after(const lay_ctx *c, float used, int lines)
{
    return (float)(next_grid(c, used) + lines) * c->s->line_pitch;
}

/* Grid lines that must share the last page of table entry i with it: the
 * keep chain right after it when that is the signature with only empty
 * lines before it (GB/T 9704 §7.3.5: the signature has body above it on
 * its page; here the table's last rows). 0 for any other table: body lines
 * between them go over with the signature themselves. */
static int lines_kept_after(const lay_entry *e, size_t i, size_t n)
{
    int k = 0;
    bool sig = false;
    for (size_t j = i + 1; j < n; j++) {
        bool blank = e[j].kind == LAY_E_BLANK, line = e[j].kind == LAY_E_LINE;
        if (!blank && !(line && e[j].sig))
            return 0;
        k++, sig |= e[j].sig;
        if (!e[j].keep_next)
            break;
    }
    return sig ? k : 0;
}

/* Height used after placing entries i.. of a keep chain from `used`. */
static float chain_end(const lay_ctx *c, const lay_entry *e, size_t i, size_t n, float used)
{
    for (size_t j = i; j < n; j++) {
        if (e[j].kind == LAY_E_PAGEBREAK)
            break;
        if (e[j].kind == LAY_E_TABLE)
            used = lay_table_head_end(c, e[j].table, lines_kept_after(e, j, n), used);
        else
            used = lay_grid_after(c, used, 1);
        if (!e[j].keep_next)
            break;
    }
    return used;
}

static void place_line(lay_ctx *c, const lay_entry *e)
{
    const layout_style *s = c->s;
    int g = next_grid(c, c->pg.used);
    if (g >= s->lines) {
        lay_new_page(c);
        g = 0;
    }
    c->pg.used = (float)(g + 1) * s->line_pitch;
    c->pg.fresh = false;
    if (e->kind == LAY_E_BLANK)
        return;
    float size = e->line.size;
    float top = s->page_h - s->margin_top;
    float baseline = top - (float)g * s->line_pitch - (s->line_pitch - size) / 2 -
                     LAY_IDEO_ASCENT * size;
    float x0 = lay_area_x0(c, c->pg.page);
    lay_emit_line(c, &e->line, x0, baseline);
    if (e->anchor_level && !c->dry) {
        dl_op op = {.kind = DL_ANCHOR};
        op.u.anchor = (dl_anchor){e->anchor_level, e->anchor_title, baseline};
        dl_add_op(c->dl, lay_page(c), &op);
    }
}

core_status lay_paginate(lay_ctx *c, const lay_entry *e, size_t n)
{
    core_status st = CORE_OK;
    lay_new_page(c);
    for (size_t i = 0; i < n; i++) {
        if (e[i].kind == LAY_E_PAGEBREAK) {
            if (!c->pg.fresh) /* on an empty page a break is already made */
                lay_new_page(c);
            continue;
        }
        if (!c->pg.fresh && (e[i].keep_next || e[i].kind == LAY_E_TABLE) &&
            chain_end(c, e, i, n, c->pg.used) > c->height + LAY_EPS &&
            chain_end(c, e, i, n, 0) <= c->height + LAY_EPS) {
            if (c->short_page == SIZE_MAX && c->pg.page >= c->short_from &&
                c->pg.used < c->height - c->s->line_pitch / 2)
                c->short_page = c->pg.page, c->short_block = e[i].block, c->short_sev = 1;
            if (c->lost_page != SIZE_MAX && c->short_page != SIZE_MAX &&
                (c->short_page < c->lost_page ||
                 (c->short_page == c->lost_page && c->short_sev >= c->lost_sev)))
                break; /* a trial that cannot be kept (layout.c) */
            lay_new_page(c);
        }
        if (e[i].kind == LAY_E_BLANK && c->pg.fresh && c->dl->npages > 1)
            continue; /* an empty line never opens a page, moved there or not */
        /* the signature opening a page stands alone (a table before it
         * keeps rows with it, unless its last row fills a page alone):
         * report the page before as one to mend */
        if (e[i].sig && c->pg.fresh && c->pg.page > 0) {
            size_t p = c->pg.page - 1;
            c->sig_alone = true;
            if (p >= c->short_from && (c->short_page == SIZE_MAX || c->short_page == p))
                c->short_page = p, c->short_block = e[i].block, c->short_sev = 2;
        }
        if (e[i].kind == LAY_E_TABLE)
            CORE_CHECK(lay_table_place(c, e[i].table, lines_kept_after(e, i, n)));
        else
            place_line(c, &e[i]);
    }
done:
    return st;
}

/* "— N —" on page `i`, placed per GB/T 9704 §7.5. */
static void page_number(lay_ctx *c, size_t i)
{
    const layout_style *s = c->s;
    font_face *face = c->f->face[LAYOUT_ROLE_PAGENUM];
    float size = s->font[LAYOUT_ROLE_PAGENUM].size;
    char text[32];
    snprintf(text, sizeof text, "\xE2\x80\x94 %zu \xE2\x80\x94", i + 1);
    lay_line l = {0};
    l.items = core_arena_alloc(c->tmp, sizeof text * sizeof *l.items);
    float w = 0;
    for (size_t k = 0; text[k];) {
        uint32_t cp;
        k += core_utf8_decode(text + k, strlen(text + k), &cp);
        lay_item *it = &l.items[l.n++];
        it->cp = cp, it->size = size, it->src = LAY_NO_SRC, it->x = w;
        it->face = lay_face_for(c, LAYOUT_ROLE_PAGENUM, cp, &it->gid);
        if (!it->face)
            it->face = face;
        font_glyph m;
        font_face_glyph_metrics(it->face, it->gid, &m);
        w += m.advance * size;
    }
    font_glyph dash;
    font_face_glyph_metrics(face, font_face_glyph(face, 0x2014), &dash);
    float mid = (dash.y1 > dash.y0 ? (dash.y0 + dash.y1) / 2 : 0.3f) * size;
    float baseline = s->margin_bottom - s->pagenum_drop - mid;
    float x0 = lay_area_x0(c, i);
    bool odd = (i + 1) % 2 == 1;
    float x = odd ? x0 + c->measure - s->pagenum_inset - w : x0 + s->pagenum_inset;
    c->pg.page = i;
    lay_seal_line(c->tmp, &l);
    lay_emit_line(c, &l, x, baseline);
    c->dl->pages[i].number = (int)(i + 1);
}

core_status lay_page_numbers(lay_ctx *c)
{
    for (size_t i = 0; i < c->dl->npages && !c->dry; i++)
        page_number(c, i);
    return CORE_OK;
}
