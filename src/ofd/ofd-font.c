/*
 * ofd-font.c: one embedded font per face the list draws with, a TrueType
 * subset holding exactly the glyphs drawn (font_face_subset), its cmap
 * holding every character drawn with the glyph the font maps it to, so a
 * reader that maps TextCode through the cmap finds the glyph (ofd-page.c
 * writes a CGTransform for the others).
 *
 * Invariants:
 *  - Each font's glyphs are distinct and ascending, so the subset and its
 *    renumbering depend only on the set drawn, not on drawing order.
 *  - Fonts are numbered in order of first use in the list; the same list
 *    gives the same IDs and file names.
 *  - Glyph 0 (.notdef) is refused, as in the PDF: a character no font has
 *    never reaches an archive copy as an empty box. A face whose OS/2
 *    fsType forbids embedding is refused (OFD-A: every font embedded).
 *
 * Caller: ofd_write (ofd.c): collect, then build; lookups from the pages.
 */
#include "ofd-imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const ofd_font *ofd_font_lookup(const ofd_writer *w, const font_face *face)
{
    size_t i = 0;
    while (i < w->fonts.n && w->fonts.v[i]->face != face)
        i++;
    return i < w->fonts.n ? w->fonts.v[i] : NULL;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

uint32_t ofd_font_new_gid(const ofd_font *f, uint32_t gid)
{
    const uint32_t *at = bsearch(&gid, f->gid, f->n, sizeof gid, u32_cmp);
    return at ? f->new_gid[at - f->gid] : 0;
}

/* The font of `face`, added (numbered in order of first use) if new. */
static ofd_font *font_of(ofd_writer *w, font_face *face)
{
    ofd_font *f = (ofd_font *)ofd_font_lookup(w, face);
    if (f)
        return f;
    f = core_arena_alloc(w->arena, sizeof *f);
    *f = (ofd_font){.face = face, .num = (int)w->fonts.n + 1, .id = w->next_id++};
    core_vec_push(w->arena, &w->fonts, f);
    return f;
}

static void font_add_gid(ofd_writer *w, ofd_font *f, uint32_t gid)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 256;
        uint32_t *v = core_arena_alloc(w->arena, cap * sizeof *v);
        if (f->n)
            memcpy(v, f->gid, f->n * sizeof *v);
        f->gid = v, f->cap = cap;
    }
    f->gid[f->n++] = gid;
}

/* The collection pass is a dl_sink: it sees every run, in list order. */
typedef struct collect {
    ofd_writer *w;
    size_t page;
} collect;

static core_status collect_page(void *self, const dl_page *page, size_t index)
{
    ((collect *)self)->page = index + 1;
    return CORE_OK;
}

static core_status collect_op(void *self, const dl_page *page, const dl_op *op)
{
    collect *c = self;
    const dl_glyphs *g = &op->u.glyphs;
    if (op->kind != DL_GLYPHS || g->n == 0)
        return CORE_OK;
    if (!g->face)
        return core_fail(&c->w->fail, CORE_EOFD, "a glyph run on page %zu has no face", c->page);
    ofd_font *f = font_of(c->w, g->face);
    for (uint32_t i = 0; i < g->n; i++) {
        if (g->gid[i] == 0) /* .notdef would print an empty box */
            return core_fail(&c->w->fail, CORE_EFONT, "U+%04X on page %zu has no glyph in %s",
                             g->cp[i], c->page, font_face_info(g->face)->family);
        font_add_gid(c->w, f, g->gid[i]);
        if (!f->chars.n || f->chars.v[f->chars.n - 1].cp != g->cp[i])
            core_vec_push(c->w->arena, &f->chars, ((font_char){g->cp[i], g->gid[i]}));
    }
    return CORE_OK;
}

core_status ofd_fonts_collect(ofd_writer *w)
{
    collect c = {w, 0};
    dl_sink sink = {.self = &c, .begin_page = collect_page, .op = collect_op};
    return dl_run(w->dl, &sink);
}

static core_status font_build(ofd_writer *w, ofd_font *f)
{
    const font_info *fi = font_face_info(f->face);
    if (!fi->embeddable)
        return core_fail(&w->fail, CORE_EFONT,
                         "font %s (%s) does not allow embedding (OS/2 fsType)", fi->family,
                         fi->path);
    qsort(f->gid, f->n, sizeof *f->gid, u32_cmp);
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        if (n == 0 || f->gid[i] != f->gid[n - 1])
            f->gid[n++] = f->gid[i];
    f->n = n;
    f->new_gid = core_arena_alloc(w->arena, (n + 1) * sizeof *f->new_gid);
    if (font_face_subset(f->face, f->gid, n, f->chars.v, f->chars.n, &f->prog,
                         f->new_gid) != CORE_OK)
        return core_fail(&w->fail, CORE_EFONT, "font %s could not be subset", fi->ps_name);
    for (size_t i = 0; i < n; i++)
        if (f->new_gid[i] == 0)
            return core_fail(&w->fail, CORE_EFONT, "font %s: subset gave glyph %u the id 0",
                             fi->ps_name, f->gid[i]);
    char name[64];
    snprintf(name, sizeof name, "Doc_0/Res/font_%d.ttf", f->num);
    ofd_part_add(w, name, f->prog.data, f->prog.len);
    return CORE_OK;
}

core_status ofd_fonts_build(ofd_writer *w)
{
    core_status st = CORE_OK;
    for (size_t i = 0; i < w->fonts.n; i++)
        CORE_CHECK(font_build(w, w->fonts.v[i]));
done:
    return st;
}
