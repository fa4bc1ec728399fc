/*
 * Pages: the 22-line grid (GB/T 9704 §5.2.3), page numbers (§7.5), headings
 * kept with their text, page breaks, the signature (§7.3.5.2), bookmarks.
 */
#include "tl.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

TestSuite(page, .init = tl_setup, .fini = tl_teardown);

#define TOP 737.01f
#define BOTTOM 99.21f
#define LEFT 79.37f
#define RIGHT 521.57f
#define PITCH (637.80f / 22)

static float grid_baseline(int i, float size)
{
    return TOP - (float)i * PITCH - (PITCH - size) / 2 - 0.88f * size;
}

/* A paragraph of n full lines of hanzi (26 on its indented first line). */
static void para(char *out, size_t cap, size_t nlines)
{
    static const char *h = "政府信息公开工作年度报告科技人才局持续落实积极主动取得成效";
    size_t n = 26 + 28 * (nlines - 1), hl = strlen(h) / 3, len = strlen(out);
    for (size_t i = 0; i < n && len + 4 < cap; i++, len += 3)
        memcpy(out + len, h + 3 * (i % hl), 3);
    out[len] = 0;
}

static char text[65536];

Test(page, prose_page_holds_22_lines_on_the_grid)
{
    strcpy(text, "P:");
    para(text, sizeof text, 50);
    dl_list *dl = tl_layout(tl_doc(text));
    tl_line l[128];
    size_t n = tl_lines(dl, l, 128);
    cr_assert_eq(n, 50);
    cr_assert_eq(dl->npages, 3);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(l[i].page, i / 22, "line %zu on page %zu", i + 1, l[i].page + 1);
        cr_assert_float_eq(l[i].y, grid_baseline((int)(i % 22), 16), 0.01);
        if (i % 22 || i == 0)
            continue;
        cr_assert_eq(l[i].nchars, 28);
    }
    /* the last grid line's em box ends at the text area's bottom */
    cr_assert_float_eq(grid_baseline(21, 16) - 0.12f * 16 - (PITCH - 16) / 2, BOTTOM, 0.01);
    for (size_t p = 0; p < dl->npages; p++) {
        cr_assert_float_eq(dl->pages[p].area_x0, LEFT, 0.01);
        cr_assert_float_eq(dl->pages[p].area_x1, RIGHT, 0.01);
        cr_assert_float_eq(dl->pages[p].area_y0, BOTTOM, 0.01);
        cr_assert_float_eq(dl->pages[p].area_y1, TOP, 0.01);
        cr_assert_float_eq(dl->pages[p].width, 595.28, 0.01);
        cr_assert_float_eq(dl->pages[p].height, 841.89, 0.01);
    }
    dl_list_drop(dl);
}

/* The page number's run on page p. */
static const dl_glyphs *pagenum(const dl_list *dl, size_t p)
{
    const dl_page *pg = &dl->pages[p];
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == DL_GLYPHS && pg->ops[k].u.glyphs.src[0] == SIZE_MAX)
            return &pg->ops[k].u.glyphs;
    return NULL;
}

Test(page, page_numbers_odd_right_even_left)
{
    strcpy(text, "P:");
    para(text, sizeof text, 50);
    dl_list *dl = tl_layout(tl_doc(text));
    for (size_t p = 0; p < dl->npages; p++) {
        const dl_glyphs *g = pagenum(dl, p);
        cr_assert(g, "page %zu has no number", p + 1);
        char want[32];
        snprintf(want, sizeof want, "— %zu —", p + 1);
        cr_assert_str_eq(tl_text(g), want);
        cr_assert_eq(dl->pages[p].number, (int)p + 1);
        cr_assert_float_eq(g->size, 14, 0.001);
        font_glyph m;
        font_face_glyph_metrics(g->face, g->gid[g->n - 1], &m);
        float x0 = g->x + g->pos[0], x1 = g->x + g->pos[g->n - 1] + m.advance * g->size;
        if (p % 2 == 0)
            cr_assert_float_eq(x1, RIGHT - 14, 0.01, "odd page: right edge %.2f", x1);
        else
            cr_assert_float_eq(x0, LEFT + 14, 0.01, "even page: left edge %.2f", x0);
        /* the dash's vertical middle 7 mm below the text area */
        font_face_glyph_metrics(g->face, g->gid[0], &m);
        float mid = g->y + (m.y0 + m.y1) / 2 * g->size;
        cr_assert_float_eq(mid, BOTTOM - 7 * 72 / 25.4f, 0.01);
        cr_assert(g->y > 22 * 72 / 25.4f && g->y < 30 * 72 / 25.4f, "baseline %.2f", g->y);
    }
    dl_list_drop(dl);
}

/* The bounds sink, which the engine runs before every PDF (issue 13 item
 * 3): page numbers have their own area, the bottom margin; moved off the
 * paper or into the text, each of their glyphs counts, and the first one
 * is kept for the located error. */
Test(page, bounds_sink_holds_page_numbers_to_the_bottom_margin)
{
    dl_list *dl = tl_layout(tl_doc("P:特此说明。"));
    dl_glyphs *g = (dl_glyphs *)pagenum(dl, 0);
    cr_assert(g);
    float y = g->y;
    g->y = -30; /* below the paper's edge */
    dl_bounds b = {.tolerance = 0.5f};
    dl_sink sink = dl_bounds_sink(&b);
    cr_assert_eq(dl_run(dl, &sink), CORE_OK);
    cr_assert_eq(b.outside, g->n);
    cr_assert_eq(b.first_page, 0);
    cr_assert_eq(b.first_cp, 0x2014);
    g->y = y, g->x += 200; /* past the text area's right edge */
    cr_assert_gt(dl_count_outside(dl, 0.5f, NULL), 0);
    g->x -= 200;
    cr_assert_eq(dl_count_outside(dl, 0.5f, NULL), 0);
    dl_list_drop(dl);
}

/* A heading that would be a page's last line goes to the next page with
 * its text; the page it would leave short is mended by re-breaking the
 * paragraph before it a line looser (layout.c), so page 1 holds 22 lines. */
Test(page, heading_never_last_on_a_page)
{
    strcpy(text, "P:");
    para(text, sizeof text, 21);
    strcat(text, "\nH1:一、总体情况\nP:");
    para(text, sizeof text, 3);
    dl_list *dl = tl_layout(tl_doc(text));
    tl_line l[64];
    size_t n = tl_lines(dl, l, 64);
    cr_assert_eq(n, 26);
    cr_assert_eq(l[21].page, 0, "page 1 full: %s", l[21].text);
    cr_assert_str_eq(l[22].text, "一、总体情况");
    cr_assert_eq(l[22].page, 1, "heading on page 2");
    cr_assert_float_eq(l[22].y, grid_baseline(0, 16), 0.01);
    cr_assert_eq(l[23].page, 1);
    /* its bookmark */
    const dl_page *pg = &dl->pages[1];
    bool anchored = false;
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == DL_ANCHOR) {
            cr_assert_str_eq(pg->ops[k].u.anchor.title, "一、总体情况");
            cr_assert_eq(pg->ops[k].u.anchor.level, 1);
            cr_assert_float_eq(pg->ops[k].u.anchor.y, l[22].y, 0.01);
            anchored = true;
        }
    cr_assert(anchored);
    dl_list_drop(dl);
}

Test(page, run_in_heading_shares_its_line)
{
    dl_list *dl = tl_layout(tl_doc("H2:（一）主动公开。|主要包括：机构设置、领导信息。"));
    tl_line l[8];
    size_t n = tl_lines(dl, l, 8);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(l[0].text, "（一）主动公开。主要包括：机构设置、领导信息。");
    bool anchored = false;
    for (size_t k = 0; k < dl->pages[0].nops; k++)
        if (dl->pages[0].ops[k].kind == DL_ANCHOR) {
            cr_assert_str_eq(dl->pages[0].ops[k].u.anchor.title, "（一）主动公开");
            anchored = true;
        }
    cr_assert(anchored);
    dl_list_drop(dl);
}

Test(page, title_centred_balanced_then_a_blank_line)
{
    dl_list *dl = tl_layout(
        tl_doc("T:郑东新区科技人才局2022年政府信息公开工作年度报告\nH1:一、总体情况"));
    tl_line l[8];
    size_t n = tl_lines(dl, l, 8);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(l[0].text, "郑东新区科技人才局2022年");
    cr_assert_str_eq(l[1].text, "政府信息公开工作年度报告");
    cr_assert_float_eq(l[0].size, 22, 0.01);
    for (int i = 0; i < 2; i++) {
        cr_assert_float_eq(l[i].y, grid_baseline(i, 22), 0.01);
        cr_assert_float_eq((l[i].x0 + l[i].x1) / 2, (LEFT + RIGHT) / 2, 0.05, "centred");
    }
    cr_assert_float_eq(l[2].y, grid_baseline(3, 16), 0.01, "one empty grid line after");
    dl_list_drop(dl);
}

Test(page, page_break_starts_a_new_page)
{
    dl_list *dl = tl_layout(tl_doc("P:第一页。\nPB:\nP:第二页。"));
    tl_line l[8];
    size_t n = tl_lines(dl, l, 8);
    cr_assert_eq(n, 2);
    cr_assert_eq(dl->npages, 2);
    cr_assert_eq(l[1].page, 1);
    cr_assert_float_eq(l[1].y, grid_baseline(0, 16), 0.01);
    dl_list_drop(dl);
}

/* GB/T 9704 §7.3.5.2: agency right 2字, date 2字 further right (or right 2字
 * when longer), one empty line above. */
Test(page, signature_right_aligned)
{
    dl_list *dl = tl_layout(tl_doc("P:特此说明。\nS:郑东新区科技人才局|2023年1月20日"));
    tl_line l[8];
    size_t n = tl_lines(dl, l, 8);
    cr_assert_eq(n, 3);
    float two = 2 * TL.style->char_pitch;
    cr_assert_float_eq(l[1].y, grid_baseline(2, 16), 0.01);
    cr_assert_float_eq(l[2].y, grid_baseline(3, 16), 0.01);
    /* 2023年1月20日 (6 digits, 3 hanzi) is shorter than the agency's 9 hanzi */
    cr_assert_float_eq(l[1].x1, RIGHT - two, 0.01);
    cr_assert_float_eq(l[2].x0, l[1].x0 + two, 0.01);
    dl_list_drop(dl);
}

/* The signature with no room under the body takes the last lines along. */
Test(page, signature_kept_with_body)
{
    strcpy(text, "P:");
    para(text, sizeof text, 21);
    strcat(text, "\nS:郑东新区科技人才局|2023年1月20日");
    dl_list *dl = tl_layout(tl_doc(text));
    tl_line l[64];
    size_t n = tl_lines(dl, l, 64);
    cr_assert_eq(dl->npages, 2);
    cr_assert_eq(l[n - 1].page, 1);
    cr_assert_eq(l[n - 3].page, 1, "a body line above the signature");
    cr_assert_eq(l[n - 4].page, 1, "two body lines above the signature");
    dl_list_drop(dl);
}

Test(page, character_no_font_has_is_a_located_error)
{
    doc_document *doc = tl_doc("P:第一行。\nP:一个\xEF\xB7\x90字。\nH1:又\xEF\xB7\x91");
    dl_list *dl = NULL;
    core_diags d = {0};
    core_status st = layout_document(doc, TL.style, &TL.fonts, &d, &dl);
    cr_assert_eq(st, CORE_EFONT);
    cr_assert_null(dl);
    cr_assert_eq(d.errors, 2, "every such character is named");
    cr_assert_str_eq(d.v[0].code, "E-glyph");
    cr_assert_eq(d.v[1].line, 3);
    cr_assert(strstr(d.v[1].message, "U+FDD1"), "%s", d.v[1].message);
    cr_assert_eq(d.v[0].line, 2);
    cr_assert_eq(d.v[0].col, 5);
    cr_assert(strstr(d.v[0].message, "U+FDD0"), "%s", d.v[0].message);
    core_diags_free(&d);
    doc_document_drop(doc);
}

Test(page, meta_from_the_document)
{
    doc_document *doc = tl_doc("P:正文。");
    doc->meta.title = "报告";
    doc->meta.agency = "郑东新区科技人才局";
    doc->meta.date = (doc_date){2023, 1, 20, 0};
    dl_list *dl = tl_layout(doc);
    cr_assert_str_eq(dl->meta.title, "报告");
    cr_assert_str_eq(dl->meta.author, "郑东新区科技人才局");
    cr_assert_str_eq(dl->meta.creator, "gongwen");
    cr_assert_str_eq(dl->meta.lang, "zh-CN");
    cr_assert_eq(dl->meta.year, 2023);
    dl_list_drop(dl);
}

/* A character the body face lacks is set in the first fallback face that
 * has it (U+3400 is in WenQuanYi Zen Hei, not in the Fandol fonts). */
Test(page, missing_glyph_falls_back)
{
    if (TL.fonts.nfallback < 2)
        cr_skip_test("WenQuanYi Zen Hei not installed");
    dl_list *dl = tl_layout(tl_doc("P:一个\xE3\x90\x80字。"));
    const dl_page *pg = &dl->pages[0];
    bool found = false;
    for (size_t k = 0; k < pg->nops; k++) {
        const dl_glyphs *g = &pg->ops[k].u.glyphs;
        if (pg->ops[k].kind == DL_GLYPHS && g->n == 1 && g->cp[0] == 0x3400) {
            cr_assert_neq(g->face, TL.fonts.face[LAYOUT_ROLE_BODY]);
            cr_assert_neq(g->gid[0], 0);
            found = true;
        }
    }
    cr_assert(found, "U+3400 set in a run of its own face");
    dl_list_drop(dl);
}

/* mirror = true: even pages swap the margins, keeping the binding edge. */
Test(page, mirror_swaps_even_margins)
{
    TL.style->mirror = true;
    strcpy(text, "P:");
    para(text, sizeof text, 30);
    dl_list *dl = tl_layout(tl_doc(text));
    cr_assert_eq(dl->npages, 2);
    cr_assert_float_eq(dl->pages[0].area_x0, 28 * 72 / 25.4f, 0.01);
    cr_assert_float_eq(dl->pages[1].area_x0, 26 * 72 / 25.4f, 0.01);
    cr_assert_float_eq(dl->pages[1].area_x1, 595.28f - 28 * 72 / 25.4f, 0.01);
    tl_line l[64];
    size_t n = tl_lines(dl, l, 64);
    cr_assert_float_eq(l[n - 1].x0, 26 * 72 / 25.4f, 0.01);
    dl_list_drop(dl);
}
