/*
 * ofd-page.c: each page's Content.xml, one Layer holding the page's ops in
 * list order: a TextObject per glyph run, a PathObject per rule or
 * rectangle. Anchors are the outline's, written by ofd-doc.c.
 *
 * Invariants:
 *  - Positions are the list's, converted once to ten-thousandths of a
 *    millimetre from the top-left corner (ofd_mm_units). A run's TextCode
 *    has X and Y of its first glyph and DeltaX from the rounded absolute
 *    positions of consecutive glyphs, so no rounding accumulates along a
 *    line and every glyph lands within 0.00005 mm of the list's place.
 *  - Each object's Boundary holds its ink: for text the font's bounding
 *    box around the run (readers may clip to it), for a rule its ends with
 *    half the line width around them. Coordinates inside an object are
 *    relative to its Boundary, as GB/T 33190 defines them.
 *  - A glyph is named by a CGTransform exactly when the font's cmap would
 *    not give it for its character (or the character cannot stand in XML),
 *    so a reader that maps characters through the embedded cmap and one
 *    that follows CGTransform draw the same glyph.
 *  - Every object names its colour (readers differ on the defaults), as
 *    RGB in the default colour space: black, the colour of everything
 *    gongwen draws today, is "0 0 0"; another colour goes through the
 *    naive CMYK conversion the PDF writer also uses for an RGB intent.
 *
 * Both passes over the list (here and the glyph collection in ofd-font.c)
 * are dl_sinks run by dl_run.
 *
 * Caller: ofd_write (ofd.c), after the fonts are built.
 */
#include "ofd-imp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ----------------------------------------------------------- */

static void put_units(core_buf *b, int64_t u)
{
    char s[32];
    ofd_units_str(u, s);
    core_buf_puts(b, s);
}

/* "x y w h", the Boundary of an object, in units */
static void box_attr(ofd_xml *x, int64_t bx, int64_t by, int64_t bw, int64_t bh)
{
    core_buf b = {0};
    put_units(&b, bx), core_buf_puts(&b, " ");
    put_units(&b, by), core_buf_puts(&b, " ");
    put_units(&b, bw), core_buf_puts(&b, " ");
    put_units(&b, bh);
    ofd_xml_attr(x, "Boundary", b.data);
    core_buf_free(&b);
}

/* <ofd:FillColor Value="r g b"/> (or StrokeColor) */
static void color_elem(ofd_xml *x, const char *name, dl_color c)
{
    char v[48];
    snprintf(v, sizeof v, "%d %d %d", (int)lround(255 * (1 - c.c) * (1 - c.k)),
             (int)lround(255 * (1 - c.m) * (1 - c.k)), (int)lround(255 * (1 - c.y) * (1 - c.k)));
    ofd_xml_start(x, name);
    ofd_xml_attr(x, "Value", v);
    ofd_xml_end(x);
}

static void object_start(ofd_writer *w, ofd_xml *x, const char *kind)
{
    ofd_xml_start(x, kind);
    ofd_xml_attr_u32(x, "ID", w->next_id++);
}

/* ---- text ---------------------------------------------------------------------- */

/* Characters XML 1.0 can hold (and that are Unicode scalar values). */
static bool xml_char(uint32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* The CGTransforms of the run: one per glyph the cmap would not give. */
static void text_glyph_map(ofd_xml *x, const ofd_font *f, const dl_glyphs *g)
{
    for (uint32_t i = 0; i < g->n; i++) {
        if (xml_char(g->cp[i]) && font_face_glyph(g->face, g->cp[i]) == g->gid[i])
            continue;
        char v[16];
        snprintf(v, sizeof v, "%u", ofd_font_new_gid(f, g->gid[i]));
        ofd_xml_start(x, "CGTransform");
        ofd_xml_attr_u32(x, "CodePosition", i);
        ofd_xml_attr(x, "CodeCount", "1");
        ofd_xml_attr(x, "GlyphCount", "1");
        ofd_xml_leaf(x, "Glyphs", v);
        ofd_xml_end(x);
    }
}

/* DeltaX: the steps between the glyphs' rounded absolute x, a run of three
 * or more equal steps abbreviated as "g COUNT STEP" (GB/T 33190 11.3). */
static void text_deltas(core_buf *b, const int64_t *ax, uint32_t n)
{
    for (uint32_t i = 1; i < n;) {
        int64_t d = ax[i] - ax[i - 1];
        uint32_t k = i + 1;
        while (k < n && ax[k] - ax[k - 1] == d)
            k++;
        if (b->len)
            core_buf_puts(b, " ");
        if (k - i >= 3) {
            core_buf_printf(b, "g %u ", k - i);
        } else {
            k = i + 1;
        }
        put_units(b, d);
        i = k;
    }
}

static void text_code(ofd_xml *x, const dl_glyphs *g, double height, int64_t bx, int64_t by)
{
    int64_t *ax = malloc(g->n * sizeof *ax);
    core_buf deltas = {0}, text = {0};
    if (!ax)
        abort();
    for (uint32_t i = 0; i < g->n; i++) {
        char u[4];
        ax[i] = ofd_mm_units((double)g->x + g->pos[i]);
        core_buf_append(&text, u, core_utf8_encode(xml_char(g->cp[i]) ? g->cp[i] : 0xFFFD, u));
    }
    text_deltas(&deltas, ax, g->n);
    ofd_xml_start(x, "TextCode");
    ofd_xml_attr_units(x, "X", ax[0] - bx);
    ofd_xml_attr_units(x, "Y", ofd_mm_units(height - g->y) - by);
    if (deltas.len)
        ofd_xml_attr(x, "DeltaX", deltas.data);
    ofd_xml_text(x, text.data);
    ofd_xml_end(x);
    core_buf_free(&deltas);
    core_buf_free(&text);
    free(ax);
}

static core_status put_text(ofd_writer *w, ofd_xml *x, const dl_page *pg, const dl_glyphs *g)
{
    const ofd_font *f = ofd_font_lookup(w, g->face);
    if (g->n == 0)
        return CORE_OK;
    if (!f || !(g->size > 0))
        return core_fail(&w->fail, CORE_EOFD, "a glyph run with an unknown face or size %g",
                         g->size);
    const font_info *fi = font_face_info(g->face);
    float pmin = g->pos[0], pmax = g->pos[0];
    for (uint32_t i = 1; i < g->n; i++)
        pmin = fminf(pmin, g->pos[i]), pmax = fmaxf(pmax, g->pos[i]);
    double e = g->embolden > 0 ? g->embolden : 0, s = g->size, h = pg->height;
    double left = g->x + pmin + fmin(0, fi->bbox[0]) * s - e;
    double right = g->x + pmax + fmax(1, fi->bbox[2]) * s + e;
    double top = g->y + fmax(fi->bbox[3], fi->ascent) * s + e;
    double bottom = g->y + fmin(fi->bbox[1], fi->descent) * s - e;
    int64_t bx = ofd_mm_units(left), by = ofd_mm_units(h - top);
    object_start(w, x, "TextObject");
    box_attr(x, bx, by, ofd_mm_units(right) - bx, ofd_mm_units(h - bottom) - by);
    ofd_xml_attr_u32(x, "Font", f->id);
    ofd_xml_attr_units(x, "Size", ofd_mm_units(s));
    if (e > 0) { /* a heavier face: fill and stroke the outline, as the PDF */
        ofd_xml_attr(x, "Stroke", "true");
        ofd_xml_attr_units(x, "LineWidth", ofd_mm_units(e));
    }
    color_elem(x, "FillColor", g->color); /* readers differ on the default */
    if (e > 0)
        color_elem(x, "StrokeColor", g->color);
    text_glyph_map(x, f, g);
    text_code(x, g, h, bx, by);
    ofd_xml_end(x);
    return CORE_OK;
}

/* ---- paths --------------------------------------------------------------------- */

static void put_rule(ofd_writer *w, ofd_xml *x, const dl_page *pg, const dl_rule *r)
{
    double hw = r->width / 2, h = pg->height;
    int64_t bx = ofd_mm_units(fmin(r->x0, r->x1) - hw);
    int64_t by = ofd_mm_units(h - (fmax(r->y0, r->y1) + hw));
    int64_t bw = ofd_mm_units(fmax(r->x0, r->x1) + hw) - bx;
    int64_t bh = ofd_mm_units(h - (fmin(r->y0, r->y1) - hw)) - by;
    core_buf d = {0};
    core_buf_puts(&d, "M ");
    put_units(&d, ofd_mm_units(r->x0) - bx), core_buf_puts(&d, " ");
    put_units(&d, ofd_mm_units(h - r->y0) - by), core_buf_puts(&d, " L ");
    put_units(&d, ofd_mm_units(r->x1) - bx), core_buf_puts(&d, " ");
    put_units(&d, ofd_mm_units(h - r->y1) - by);
    object_start(w, x, "PathObject");
    box_attr(x, bx, by, bw, bh);
    ofd_xml_attr_units(x, "LineWidth", ofd_mm_units(r->width));
    color_elem(x, "StrokeColor", r->color);
    ofd_xml_leaf(x, "AbbreviatedData", d.data);
    ofd_xml_end(x);
    core_buf_free(&d);
}

static void put_rect(ofd_writer *w, ofd_xml *x, const dl_page *pg, const dl_rect *r)
{
    int64_t bx = ofd_mm_units(r->x), by = ofd_mm_units(pg->height - (r->y + r->h));
    int64_t bw = ofd_mm_units(r->x + r->w) - bx, bh = ofd_mm_units(pg->height - r->y) - by;
    core_buf d = {0};
    core_buf_puts(&d, "M 0 0 L "), put_units(&d, bw), core_buf_puts(&d, " 0 L ");
    put_units(&d, bw), core_buf_puts(&d, " "), put_units(&d, bh), core_buf_puts(&d, " L 0 ");
    put_units(&d, bh), core_buf_puts(&d, " C");
    object_start(w, x, "PathObject");
    box_attr(x, bx, by, bw, bh);
    ofd_xml_attr(x, "Stroke", "false");
    ofd_xml_attr(x, "Fill", "true");
    color_elem(x, "FillColor", r->color);
    ofd_xml_leaf(x, "AbbreviatedData", d.data);
    ofd_xml_end(x);
    core_buf_free(&d);
}

/* ---- pages ----------------------------------------------------------------------- */

/* <ofd:PhysicalBox>0 0 W H</ofd:PhysicalBox> of a page */
void ofd_physical_box(ofd_xml *x, const dl_page *pg)
{
    core_buf b = {0};
    core_buf_puts(&b, "0 0 ");
    put_units(&b, ofd_mm_units(pg->width)), core_buf_puts(&b, " ");
    put_units(&b, ofd_mm_units(pg->height));
    ofd_xml_leaf(x, "PhysicalBox", b.data);
    core_buf_free(&b);
}

/* The page pass is a dl_sink: a page's Content.xml from begin_page to
 * end_page, one object per op. */
typedef struct page_sink {
    ofd_writer *w;
    ofd_xml x;
    size_t index;
} page_sink;

static core_status page_begin(void *self, const dl_page *pg, size_t index)
{
    page_sink *s = self;
    const dl_page *first = &s->w->dl->pages[0];
    s->index = index;
    s->w->page_id[index] = s->w->next_id++;
    core_status st = ofd_xml_begin(s->w, &s->x, "Page");
    if (st != CORE_OK)
        return st;
    if (pg->width != first->width || pg->height != first->height) {
        ofd_xml_start(&s->x, "Area");
        ofd_physical_box(&s->x, pg);
        ofd_xml_end(&s->x);
    }
    ofd_xml_start(&s->x, "Content");
    object_start(s->w, &s->x, "Layer");
    return CORE_OK;
}

static core_status page_op(void *self, const dl_page *pg, const dl_op *op)
{
    page_sink *s = self;
    if (op->kind == DL_GLYPHS)
        return put_text(s->w, &s->x, pg, &op->u.glyphs);
    if (op->kind == DL_RULE)
        put_rule(s->w, &s->x, pg, &op->u.rule);
    else if (op->kind == DL_RECT)
        put_rect(s->w, &s->x, pg, &op->u.rect);
    return CORE_OK; /* anchors: the outline, in Document.xml */
}

static core_status page_end(void *self, const dl_page *pg)
{
    page_sink *s = self;
    char name[64];
    ofd_xml_end(&s->x); /* Layer */
    ofd_xml_end(&s->x); /* Content */
    snprintf(name, sizeof name, "Doc_0/Pages/Page_%zu/Content.xml", s->index);
    return ofd_xml_finish(s->w, &s->x, name);
}

core_status ofd_pages_write(ofd_writer *w)
{
    page_sink s = {.w = w};
    dl_sink sink = {.self = &s, .begin_page = page_begin, .op = page_op, .end_page = page_end};
    w->page_id = core_arena_alloc(w->arena, w->dl->npages * sizeof *w->page_id);
    core_status st = dl_run(w->dl, &sink);
    if (st != CORE_OK && s.x.tw) { /* stopped inside a page */
        ofd_xml_discard(&s.x);
    }
    return st;
}
