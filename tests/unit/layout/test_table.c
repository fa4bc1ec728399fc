/*
 * Tables: spans, rules inside the text area, header rows repeated after a
 * page break, a row-spanning cell drawn on both pages, too wide → error.
 */
#include "tl.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

TestSuite(table, .init = tl_setup, .fini = tl_teardown);



/* The topmost text of a page: the first glyph run with the highest baseline. */
static const char *page_top_text(const dl_list *dl, size_t p)
{
    const dl_page *pg = &dl->pages[p];
    const dl_glyphs *best = NULL;
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == DL_GLYPHS && pg->ops[k].u.glyphs.src[0] != SIZE_MAX &&
            (!best || pg->ops[k].u.glyphs.y > best->y + 0.01f))
            best = &pg->ops[k].u.glyphs;
    return best ? tl_text(best) : "";
}

/* A table like 表三: two header rows with spans, then body rows, a label
 * column whose cells span 8 rows each. */
static doc_table *spanned(doc_document *doc, uint32_t groups)
{
    uint32_t rows = 2 + 8 * groups;
    doc_table *t = tl_table(doc, rows, 5, 2);
    tl_cell(doc, t, 0, 0, 2, 2, "本列数据的勾稽关系");
    tl_cell(doc, t, 0, 2, 1, 3, "申请人情况");
    tl_cell(doc, t, 1, 2, 1, 1, "自然人");
    tl_cell(doc, t, 1, 3, 1, 1, "法人或其他组织");
    tl_cell(doc, t, 1, 4, 1, 1, "总计");
    for (uint32_t g = 0; g < groups; g++) {
        char label[64];
        snprintf(label, sizeof label, "（%u）不予公开", g + 1);
        tl_cell(doc, t, 2 + 8 * g, 0, 8, 1, label);
        for (uint32_t r = 0; r < 8; r++) {
            uint32_t row = 2 + 8 * g + r;
            snprintf(label, sizeof label, "%u.属于国家秘密的第%u项", r + 1, row);
            tl_cell(doc, t, row, 1, 1, 1, label);
            for (uint32_t c = 2; c < 5; c++)
                tl_cell(doc, t, row, c, 1, 1, "0");
        }
    }
    return t;
}

Test(table, spans_and_rules_inside_the_text_area)
{
    doc_document *doc = tl_doc("P:表前。");
    spanned(doc, 1);
    dl_list *dl = tl_layout(doc);
    cr_assert_eq(dl->npages, 1);
    tl_assert_rules_inside(dl);
    cr_assert(tl_page_has(dl, 0, "申请人情况"));
    cr_assert(tl_page_has(dl, 0, "（1）不予公开"));
    dl_list_drop(dl);
}

Test(table, header_repeated_and_span_cut_shown_on_both_pages)
{
    doc_document *doc = tl_doc("P:表前。");
    spanned(doc, 6); /* 50 rows: more than a page */
    dl_list *dl = tl_layout(doc);
    cr_assert_geq(dl->npages, 2);
    tl_assert_rules_inside(dl);
    for (size_t p = 1; p < dl->npages; p++) {
        cr_assert(tl_page_has(dl, p, "申请人情况"), "page %zu repeats the header", p + 1);
        cr_assert_str_eq(page_top_text(dl, p), "申请人情况", "page %zu starts %s", p + 1,
                         page_top_text(dl, p));
    }
    /* the group cut by the first break shows its label on both pages */
    size_t cut = 0;
    for (uint32_t g = 1; g <= 6; g++) {
        char label[64];
        snprintf(label, sizeof label, "（%u）不予", g); /* the label may wrap */
        if (tl_page_has(dl, 0, label) && tl_page_has(dl, 1, label))
            cut++;
    }
    cr_assert_eq(cut, 1, "one 8-row group is split over the break and labelled on both pages");
    dl_list_drop(dl);
}

/* Text after a table resumes on the next free grid line. */
Test(table, body_resumes_on_the_grid)
{
    doc_document *doc = tl_doc("P:表前。\nTB:\nP:表后。");
    spanned(doc, 1);
    dl_list *dl = tl_layout(doc);
    tl_line l[64];
    size_t n = tl_lines(dl, l, 64);
    const tl_line *after = &l[n - 1];
    cr_assert_str_eq(after->text, "表后。");
    float pitch = 637.80f / 22, top = 737.01f;
    float i = (top - (pitch - 16) / 2 - 0.88f * 16 - after->y) / pitch;
    cr_assert_float_eq(i, roundf(i), 0.001, "baseline %.2f is on grid line %.3f", after->y, i);
    /* below the table's lowest rule */
    float low = 1e9f;
    for (size_t k = 0; k < dl->pages[0].nops; k++)
        if (dl->pages[0].ops[k].kind == DL_RULE)
            low = fminf(low, fminf(dl->pages[0].ops[k].u.rule.y0, dl->pages[0].ops[k].u.rule.y1));
    cr_assert_lt(after->y + 0.88f * 16, low);
    dl_list_drop(dl);
}
