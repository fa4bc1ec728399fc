/*
 * layout.c: the document model onto pages, as a list of steps.
 *
 *   1. geometry: the text area and the grid from the style
 *   2. flow: every block into entries (title, headings, paragraphs, tables,
 *      breaks, the signature), lines broken and justified (para.c, break.c,
 *      table.c)
 *   3. pages: the entries onto pages of grid lines (page.c)
 *   4. page numbers, bookmarks' metadata
 *
 * Scratch memory is one arena dropped at the end; the display list owns its
 * own. On any error the list is dropped and *out stays NULL.
 * Caller: the engine, once per report.
 */
#include "layout-imp.h"

static void set_meta(const doc_document *doc, dl_list *dl)
{
    const doc_meta *m = &doc->meta;
    core_arena *a = dl->arena;
    dl->meta.title = m->title ? core_arena_strdup(a, m->title) : NULL;
    dl->meta.author = m->agency ? core_arena_strdup(a, m->agency) : NULL;
    dl->meta.subject = m->subject ? core_arena_strdup(a, m->subject) : NULL;
    dl->meta.keywords = m->keywords ? core_arena_strdup(a, m->keywords) : NULL;
    dl->meta.creator = "gongwen";
    dl->meta.lang = "zh-CN";
    dl->meta.year = m->date.year;
    dl->meta.month = m->date.month;
    dl->meta.day = m->date.day;
}

static core_status check_fonts(const layout_fonts *f, core_diags *d)
{
    for (int r = 0; r < LAYOUT_ROLE_COUNT; r++)
        if (r != LAYOUT_ROLE_FALLBACK && r != LAYOUT_ROLE_LATIN && !f->face[r]) {
            core_diag_at(d, NULL, 0, CORE_ERROR, "E-font", "no face resolved for role %s",
                         lay_role_name(r));
            return CORE_EFONT;
        }
    return CORE_OK;
}

core_status layout_document(const doc_document *doc, const layout_style *s,
                            const layout_fonts *f, core_diags *d, dl_list **out)
{
    core_status st = CORE_OK;
    *out = NULL;
    lay_ctx c = {.doc = doc, .s = s, .f = f, .d = d};
    c.tmp = core_arena_new();
    c.dl = dl_list_new();
    CORE_CHECK(check_fonts(f, d));
    /* 1. geometry */
    c.measure = s->page_w - s->margin_left - s->margin_right;
    c.height = s->page_h - s->margin_top - s->margin_bottom;
    c.grid_scale = s->char_pitch / s->font[LAYOUT_ROLE_BODY].size;
    set_meta(doc, c.dl);
    /* 2. flow */
    lay_entries entries = {0};
    CORE_CHECK(lay_flow_blocks(&c, &entries));
    /* 3. pages */
    CORE_CHECK(lay_paginate(&c, entries.v, entries.n));
    /* 4. page numbers */
    CORE_CHECK(lay_page_numbers(&c));
done:
    core_arena_drop(c.tmp);
    if (st != CORE_OK) {
        dl_list_drop(c.dl);
        return st;
    }
    *out = c.dl;
    return st;
}
