/* tl.c: see tl.h. */
#include "tl.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

tl_env TL;

core_status tl_style_load(const char *path, core_diags *d, layout_style **out)
{
    core_buf raw = {0}, terms = {0};
    const char *why = NULL;
    *out = NULL;
    if (core_file_read(path, &raw, &why) != CORE_OK)
        return CORE_EIO;
    core_status st = layout_style_parse(path, raw.data, raw.len, d, out);
    if (st == CORE_OK && (*out)->title_terms_file) {
        if (core_file_read((*out)->title_terms_file, &terms, &why) == CORE_OK) {
            layout_style_set_terms(*out, terms.data, terms.len);
        } else {
            core_diag_at(d, (*out)->src, (*out)->title_terms_at, CORE_ERROR, "E-layout",
                         "cannot read the title terms file %s", (*out)->title_terms_file);
            layout_style_drop(*out);
            *out = NULL;
            st = CORE_EINPUT;
        }
    }
    core_buf_free(&raw);
    core_buf_free(&terms);
    return st;
}

void tl_setup(void)
{
    memset(&TL, 0, sizeof TL);
    cr_assert_eq(font_lib_new(GONGWEN_SOURCE_DIR "/fonts", &TL.diags, &TL.lib), CORE_OK);
    cr_assert_eq(tl_style_load(GONGWEN_SOURCE_DIR "/layouts/gbt9704.ini", &TL.diags,
                                   &TL.style), CORE_OK);
    cr_assert_eq(layout_fonts_resolve(TL.style, TL.lib, &TL.diags, &TL.fonts), CORE_OK);
}

void tl_teardown(void)
{
    layout_style_drop(TL.style);
    font_lib_drop(TL.lib);
    core_diags_free(&TL.diags);
}

static doc_run run_at(const core_source *src, const char *p, size_t n, doc_role role)
{
    return (doc_run){.role = role, .text = p, .len = n, .offset = (size_t)(p - src->text)};
}

static doc_block *add_block(doc_document *doc, doc_block_kind k)
{
    doc_block *old = doc->blocks;
    doc->blocks = core_arena_alloc(doc->arena, (doc->nblocks + 1) * sizeof *doc->blocks);
    if (old)
        memcpy(doc->blocks, old, doc->nblocks * sizeof *old);
    doc_block *b = &doc->blocks[doc->nblocks++];
    b->kind = k;
    return b;
}

static void add_runs(doc_document *doc, doc_block *b, const char *p, size_t n, doc_role head)
{
    const char *bar = memchr(p, '|', n);
    b->runs = core_arena_alloc(doc->arena, 2 * sizeof *b->runs);
    if (bar) {
        b->runs[0] = run_at(doc->src, p, (size_t)(bar - p), head);
        b->runs[1] = run_at(doc->src, bar + 1, n - (size_t)(bar - p) - 1,
                            b->kind == DOC_BLOCK_SIGNATURE ? DOC_ROLE_BODY : DOC_ROLE_BODY);
        b->nruns = 2;
        b->run_in = b->kind == DOC_BLOCK_HEADING;
    } else {
        b->runs[0] = run_at(doc->src, p, n, head);
        b->nruns = 1;
    }
}

static void markup_line(doc_document *doc, const char *p, size_t n)
{
    const char *colon = memchr(p, ':', n);
    cr_assert(colon, "markup line needs TAG:");
    size_t tl = (size_t)(colon - p);
    const char *t = colon + 1;
    size_t tn = n - tl - 1;
    doc_block *b;
    if (tl == 1 && *p == 'T') {
        doc_run *old = doc->title;
        doc->title = core_arena_alloc(doc->arena, (doc->ntitle + 1) * sizeof *doc->title);
        if (old)
            memcpy(doc->title, old, doc->ntitle * sizeof *old);
        doc->title[doc->ntitle] = run_at(doc->src, t, tn, DOC_ROLE_TITLE);
        doc->title[doc->ntitle].break_before = doc->ntitle > 0;
        doc->ntitle++;
    } else if (tl == 2 && *p == 'H') {
        b = add_block(doc, DOC_BLOCK_HEADING);
        b->level = p[1] - '0';
        add_runs(doc, b, t, tn, (doc_role)(DOC_ROLE_H1 + b->level - 1));
    } else if (tl == 1 && *p == 'P') {
        b = add_block(doc, DOC_BLOCK_PARAGRAPH);
        add_runs(doc, b, t, tn, DOC_ROLE_BODY);
    } else if (tl == 2 && !memcmp(p, "TB", 2)) {
        add_block(doc, DOC_BLOCK_TABLE); /* filled by tl_table */
    } else if (tl == 2 && !memcmp(p, "PB", 2)) {
        add_block(doc, DOC_BLOCK_PAGEBREAK);
    } else if (tl == 1 && *p == 'S') {
        b = add_block(doc, DOC_BLOCK_SIGNATURE);
        add_runs(doc, b, t, tn, DOC_ROLE_BODY);
    } else {
        cr_assert_fail("bad markup tag");
    }
}

doc_document *tl_doc(const char *markup)
{
    core_arena *a = core_arena_new();
    core_source *src = NULL;
    core_diags d = {0};
    cr_assert_eq(core_source_new(a, "test.txt", markup, strlen(markup), &d, &src), CORE_OK);
    core_diags_free(&d);
    doc_document *doc = doc_document_new(a, src);
    for (size_t i = 0; i < src->nlines; i++) {
        size_t s = src->line_start[i];
        size_t e = i + 1 < src->nlines ? src->line_start[i + 1] - 1 : src->len;
        if (e > s)
            markup_line(doc, src->text + s, e - s);
    }
    return doc;
}

doc_table *tl_table(doc_document *doc, uint32_t nrows, uint32_t ncols, uint32_t header_rows)
{
    doc_block *b = NULL;
    for (size_t i = 0; i < doc->nblocks && !b; i++)
        if (doc->blocks[i].kind == DOC_BLOCK_TABLE && !doc->blocks[i].table)
            b = &doc->blocks[i];
    if (!b)
        b = add_block(doc, DOC_BLOCK_TABLE);
    doc_table *t = core_arena_alloc(doc->arena, sizeof *t);
    t->nrows = nrows, t->ncols = ncols, t->header_rows = header_rows;
    t->cells = core_arena_alloc(doc->arena, (size_t)nrows * ncols * sizeof *t->cells);
    b->table = t;
    return t;
}

void tl_cell(doc_document *doc, doc_table *t, uint32_t row, uint32_t col, uint32_t rowspan,
             uint32_t colspan, const char *text)
{
    doc_cell *c = &t->cells[t->ncells++];
    c->row = row, c->col = col, c->rowspan = rowspan, c->colspan = colspan;
    c->header = row < t->header_rows;
    c->text = (doc_run){.role = DOC_ROLE_TABLE, .text = core_arena_strdup(doc->arena, text),
                        .len = strlen(text)};
}

dl_list *tl_layout(doc_document *doc)
{
    dl_list *dl = NULL;
    core_diags d = {0};
    core_status st = layout_document(doc, TL.style, &TL.fonts, &d, &dl);
    core_buf msg = {0};
    for (size_t i = 0; i < d.n; i++)
        core_diag_format(&d.v[i], &msg);
    cr_assert_eq(st, CORE_OK, "layout failed: %s", msg.data ? msg.data : "");
    core_buf out = {0};
    size_t bad = dl_count_outside(dl, 0.5f, &out);
    cr_assert_eq(bad, 0, "glyphs outside the text area:\n%s", out.data);
    core_buf_free(&out);
    core_buf_free(&msg);
    core_diags_free(&d);
    doc_document_drop(doc); /* the list does not point into the document */
    return dl;
}

const char *tl_text(const dl_glyphs *g)
{
    static char buf[4096];
    size_t n = 0;
    for (uint32_t i = 0; i < g->n && n + 5 < sizeof buf; i++)
        n += core_utf8_encode(g->cp[i], buf + n);
    buf[n] = 0;
    return buf;
}

static bool left_ink(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1B || cp == 0xFF1A ||
           cp == 0xFF1F || cp == 0xFF01 || cp == 0x201D || cp == 0x2019 || cp == 0xFF09 ||
           cp == 0x300B || cp == 0x3011 || cp == 0x3015;
}

size_t tl_lines(const dl_list *dl, tl_line *out, size_t max)
{
    size_t n = 0;
    for (size_t p = 0; p < dl->npages; p++) {
        const dl_page *pg = &dl->pages[p];
        for (size_t k = 0; k < pg->nops; k++) {
            if (pg->ops[k].kind != DL_GLYPHS)
                continue;
            const dl_glyphs *g = &pg->ops[k].u.glyphs;
            if (g->n && g->src[0] == SIZE_MAX)
                continue;
            tl_line *l = n && out[n - 1].page == p && fabsf(out[n - 1].y - g->y) < 0.01f
                             ? &out[n - 1]
                             : NULL;
            if (!l) {
                cr_assert(n < max);
                l = &out[n++];
                memset(l, 0, sizeof *l);
                l->page = p, l->y = g->y, l->x0 = g->x + g->pos[0], l->size = g->size;
            }
            strncat(l->text, tl_text(g), sizeof l->text - strlen(l->text) - 1);
            l->nchars += g->n;
            font_glyph m;
            font_face_glyph_metrics(g->face, g->gid[g->n - 1], &m);
            float xl = g->x + g->pos[g->n - 1];
            /* a full-width character occupies the grid pitch, not its advance */
            float scale = m.advance >= 0.9f && g->size == 16 ? TL.style->char_pitch / 16 : 1;
            l->x1 = xl + m.advance * g->size * scale;
            /* a mark with its ink on the left counts by the left half of its place */
            l->x1_ink = left_ink(g->cp[g->n - 1]) ? xl + 0.5f * (l->x1 - xl) : l->x1;
            l->last = g;
        }
    }
    return n;
}

/* Every rule's ink inside the page's text area. */
void tl_assert_rules_inside(const dl_list *dl)
{
    size_t rules = 0;
    for (size_t p = 0; p < dl->npages; p++) {
        const dl_page *pg = &dl->pages[p];
        for (size_t k = 0; k < pg->nops; k++) {
            if (pg->ops[k].kind != DL_RULE)
                continue;
            const dl_rule *r = &pg->ops[k].u.rule;
            float hw = r->width / 2, vx = (fabsf(r->x0 - r->x1) < 0.001f) ? hw : 0, vy = (fabsf(r->x0 - r->x1) < 0.001f) ? 0 : hw;
            cr_assert(fminf(r->x0, r->x1) - vx >= pg->area_x0 - 0.01f &&
                          fmaxf(r->x0, r->x1) + vx <= pg->area_x1 + 0.01f &&
                          fminf(r->y0, r->y1) - vy >= pg->area_y0 - 0.01f &&
                          fmaxf(r->y0, r->y1) + vy <= pg->area_y1 + 0.01f,
                      "page %zu: rule %.2f,%.2f-%.2f,%.2f leaves the text area", p + 1, r->x0,
                      r->y0, r->x1, r->y1);
            rules++;
        }
    }
    cr_assert_gt(rules, 0, "no rules drawn");
}

/* Does page p show `s` within one glyph run? */
bool tl_page_has(const dl_list *dl, size_t p, const char *s)
{
    const dl_page *pg = &dl->pages[p];
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == DL_GLYPHS && strstr(tl_text(&pg->ops[k].u.glyphs), s))
            return true;
    return false;
}
