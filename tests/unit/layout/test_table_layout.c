/*
 * Table layout: span arithmetic, column widths (number columns share one
 * width, minimums honoured, never wider than the text width, the font steps
 * down before E-table-width), page splits through row-spanning cells (label
 * on both pages with the continued mark, header repeated, pages filled),
 * rows taller than a page, the [table] layout keys, and a heading kept with
 * a table that moves to the next page.
 */
#include "tl.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TestSuite(table_layout, .init = tl_setup, .fini = tl_teardown);

/* ---- helpers ----------------------------------------------------------------- */

static bool is_vertical(const dl_rule *r) { return fabsf(r->x0 - r->x1) < 0.001f; }

/* Distinct x of the vertical rules of page p, sorted; returns how many. */
static size_t rule_xs(const dl_list *dl, size_t p, float *xs, size_t max)
{
    size_t n = 0;
    const dl_page *pg = &dl->pages[p];
    for (size_t k = 0; k < pg->nops; k++) {
        if (pg->ops[k].kind != DL_RULE || !is_vertical(&pg->ops[k].u.rule))
            continue;
        float x = pg->ops[k].u.rule.x0;
        bool seen = false;
        for (size_t i = 0; i < n; i++)
            seen |= fabsf(xs[i] - x) < 0.01f;
        if (!seen && n < max)
            xs[n++] = x;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && xs[j - 1] > xs[j]; j--) {
            float t = xs[j];
            xs[j] = xs[j - 1], xs[j - 1] = t;
        }
    return n;
}


/* No rule crosses a glyph's em box (advance wide, 0.88 em up, 0.12 down). */
static void assert_no_rule_through_glyph(const dl_list *dl)
{
    for (size_t p = 0; p < dl->npages; p++) {
        const dl_page *pg = &dl->pages[p];
        for (size_t k = 0; k < pg->nops; k++) {
            if (pg->ops[k].kind != DL_GLYPHS)
                continue;
            const dl_glyphs *g = &pg->ops[k].u.glyphs;
            for (uint32_t i = 0; i < g->n; i++) {
                font_glyph m;
                font_face_glyph_metrics(g->face, g->gid[i], &m);
                float gx0 = g->x + g->pos[i] + 0.05f, gx1 = gx0 + m.advance * g->size - 0.1f;
                float gy0 = g->y - 0.12f * g->size + 0.05f, gy1 = g->y + 0.88f * g->size - 0.05f;
                for (size_t j = 0; j < pg->nops; j++) {
                    if (pg->ops[j].kind != DL_RULE)
                        continue;
                    const dl_rule *r = &pg->ops[j].u.rule;
                    float hw = r->width / 2;
                    float rx0 = fminf(r->x0, r->x1) - (is_vertical(r) ? hw : 0);
                    float rx1 = fmaxf(r->x0, r->x1) + (is_vertical(r) ? hw : 0);
                    float ry0 = fminf(r->y0, r->y1) - (is_vertical(r) ? 0 : hw);
                    float ry1 = fmaxf(r->y0, r->y1) + (is_vertical(r) ? 0 : hw);
                    cr_assert(rx1 <= gx0 || rx0 >= gx1 || ry1 <= gy0 || ry0 >= gy1,
                              "page %zu: a rule runs through U+%04X at %.2f,%.2f", p + 1,
                              g->cp[i], gx0, g->y);
                }
            }
        }
    }
}


/* The first glyph run of page p whose text contains `s`, or NULL. */
static const dl_glyphs *find_run(const dl_list *dl, size_t p, const char *s)
{
    const dl_page *pg = &dl->pages[p];
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == DL_GLYPHS && strstr(tl_text(&pg->ops[k].u.glyphs), s))
            return &pg->ops[k].u.glyphs;
    return NULL;
}

/* The lowest rule of page p (PDF y). */
static float lowest_rule(const dl_list *dl, size_t p)
{
    float low = 1e9f;
    const dl_page *pg = &dl->pages[p];
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == DL_RULE)
            low = fminf(low, fminf(pg->ops[k].u.rule.y0, pg->ops[k].u.rule.y1));
    return low;
}

static const char *const NUMERALS[9] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
static const char *const APPLICANTS[7] = {"自然人", "商业企业", "科研机构", "社会公益组织",
                                          "法律服务机构", "其他", "总计"};

/* A table shaped like 表三: 3 label columns, 7 number columns under a
 * two-row head; `groups` label groups of 8 rows, each under one label
 * spanning them in column 1 and one spanning all in column 0. */
static doc_table *form_three(doc_document *doc, uint32_t groups)
{
    uint32_t rows = 2 + 8 * groups;
    doc_table *t = tl_table(doc, rows, 10, 2);
    tl_cell(doc, t, 0, 0, 2, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    tl_cell(doc, t, 0, 3, 1, 7, "申请人情况");
    for (uint32_t k = 0; k < 7; k++)
        tl_cell(doc, t, 1, 3 + k, 1, 1, APPLICANTS[k]);
    tl_cell(doc, t, 2, 0, 8 * groups, 1, "三、本年度办理结果");
    for (uint32_t g = 0; g < groups; g++) {
        char label[96];
        snprintf(label, sizeof label, "（%s）不予公开", NUMERALS[g]);
        tl_cell(doc, t, 2 + 8 * g, 1, 8, 1, label);
        for (uint32_t r = 0; r < 8; r++) {
            uint32_t row = 2 + 8 * g + r;
            snprintf(label, sizeof label, "%u.要求行政机关确认或重新出具已获取信息%u", r + 1, row);
            tl_cell(doc, t, row, 2, 1, 1, label);
            for (uint32_t c = 3; c < 10; c++)
                tl_cell(doc, t, row, c, 1, 1, c == 9 ? "1234" : "5");
        }
    }
    return t;
}

/* ---- spans and widths ------------------------------------------------------- */

/* The 7 number columns of a 表三-like table share one width although their
 * heads differ in length; no head is stacked a character a line. */
Test(table_layout, number_columns_share_one_width)
{
    doc_document *doc = tl_doc("P:表前。");
    form_three(doc, 1);
    dl_list *dl = tl_layout(doc);
    float xs[32];
    size_t n = rule_xs(dl, 0, xs, 32);
    cr_assert_eq(n, 11, "10 columns, 11 edges (got %zu)", n);
    float w = xs[4] - xs[3];
    for (size_t k = 3; k < 10; k++)
        cr_assert_float_eq(xs[k + 1] - xs[k], w, 0.05, "column %zu is %.2f wide, not %.2f",
                           k + 1, xs[k + 1] - xs[k], w);
    cr_assert_geq(w, 2 * 12 + 4 - 0.01, "a number column holds two characters of its head");
    for (size_t k = 0; k < 7; k++) /* the heads of two characters stay on one line */
        if (strlen(APPLICANTS[k]) == 6)
            cr_assert(tl_page_has(dl, 0, APPLICANTS[k]), "%s on one line", APPLICANTS[k]);
    tl_assert_rules_inside(dl);
    assert_no_rule_through_glyph(dl);
    dl_list_drop(dl);
}

/* A cell spanning columns has no rule through it and its text is centred
 * over the columns it covers; a word that cannot break keeps its width. */
Test(table_layout, spans_and_minimum_widths)
{
    doc_document *doc = tl_doc("P:表前。");
    doc_table *t = tl_table(doc, 3, 4, 1);
    tl_cell(doc, t, 0, 0, 1, 4, "跨四列的表头");
    tl_cell(doc, t, 1, 0, 2, 1, "跨两行");
    tl_cell(doc, t, 1, 1, 1, 3, "跨三列");
    tl_cell(doc, t, 2, 1, 1, 1, "ABCDEFGHIJKLMNOPQRST");
    tl_cell(doc, t, 2, 2, 1, 1, "政府信息公开工作年度报告的说明文字较长需要换行");
    tl_cell(doc, t, 2, 3, 1, 1, "7");
    dl_list *dl = tl_layout(doc);
    float xs[16];
    cr_assert_eq(rule_xs(dl, 0, xs, 16), 5);
    const dl_glyphs *word = find_run(dl, 0, "ABCDEFGHIJKLMNOPQRST");
    cr_assert_not_null(word, "the word is set on one line");
    cr_assert_geq(xs[2] - xs[1], word->pos[word->n - 1] + 4, "its column holds it");
    /* centred over columns 2-4 */
    const dl_glyphs *g = find_run(dl, 0, "跨三列");
    cr_assert_not_null(g);
    float mid = g->x + 1.5f * 12 - 0.0f, want = (xs[1] + xs[4]) / 2;
    cr_assert_float_eq(mid, want, 1.0, "centred at %.2f, not %.2f", mid, want);
    tl_assert_rules_inside(dl);
    assert_no_rule_through_glyph(dl);
    dl_list_drop(dl);
}

/* A cell spanning rows that needs more height than they have spreads what
 * it lacks evenly over them: its three rows come out equal, and together
 * hold its lines. */
Test(table_layout, row_span_spreads_its_height)
{
    doc_document *doc = tl_doc("P:表前。");
    doc_table *t = tl_table(doc, 4, 2, 1);
    tl_cell(doc, t, 0, 0, 1, 1, "事项");
    tl_cell(doc, t, 0, 1, 1, 1, "件数");
    tl_cell(doc, t, 1, 0, 3, 1, "甲\n乙\n丙\n丁\n戊\n己\n庚\n辛\n壬");
    for (uint32_t r = 1; r < 4; r++)
        tl_cell(doc, t, r, 1, 1, 1, "1");
    dl_list *dl = tl_layout(doc);
    /* the y of the horizontal rules right of the spanning cell */
    float ys[16];
    size_t n = 0;
    const dl_page *pg = &dl->pages[0];
    float xs[8];
    cr_assert_eq(rule_xs(dl, 0, xs, 8), 3);
    for (size_t k = 0; k < pg->nops; k++) {
        const dl_rule *r = &pg->ops[k].u.rule;
        if (pg->ops[k].kind != DL_RULE || is_vertical(r) || fmaxf(r->x0, r->x1) < xs[2] - 1)
            continue;
        bool seen = false;
        for (size_t i = 0; i < n; i++)
            seen |= fabsf(ys[i] - r->y0) < 0.01f;
        if (!seen && n < 16)
            ys[n++] = r->y0;
    }
    cr_assert_eq(n, 5, "frame top, 3 row rules, frame bottom (got %zu)", n);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && ys[j - 1] < ys[j]; j--) {
            float tmp = ys[j];
            ys[j] = ys[j - 1], ys[j - 1] = tmp;
        }
    float h1 = ys[1] - ys[2], h2 = ys[2] - ys[3], h3 = ys[3] - ys[4];
    cr_assert_float_eq(h1, h2, 0.05);
    cr_assert_float_eq(h2, h3, 0.05);
    cr_assert_geq(h1 + h2 + h3, 9 * 12 * 1.3f, "the rows hold the 9 lines");
    dl_list_drop(dl);
}

/* Too wide at the table size: the font steps down in ½ pt, never below
 * size_min, and the frame still fits the text width. */
Test(table_layout, font_steps_down_before_refusing)
{
    doc_document *doc = tl_doc("P:表前。");
    doc_table *t = tl_table(doc, 2, 15, 1);
    for (uint32_t c = 0; c < 15; c++) {
        tl_cell(doc, t, 0, c, 1, 1, "数");
        tl_cell(doc, t, 1, c, 1, 1, "12345");
    }
    dl_list *dl = tl_layout(doc);
    const dl_glyphs *g = find_run(dl, 0, "12345");
    cr_assert_not_null(g);
    cr_assert_lt(g->size, 12.0f);
    cr_assert_geq(g->size, TL.style->table_size_min);
    cr_assert_float_eq(fmodf(g->size, 0.5f), 0, 0.001);
    tl_assert_rules_inside(dl);
    dl_list_drop(dl);
}

/* Below size_min: E-table-width at the table's line, no list. */
Test(table_layout, too_wide_names_the_tables_line)
{
    doc_document *doc = tl_doc("P:表前。\nP:表前二。\nTB:");
    doc_table *t = tl_table(doc, 1, 30, 0);
    for (uint32_t c = 0; c < 30; c++)
        tl_cell(doc, t, 0, c, 1, 1, "1234567");
    t->offset = (size_t)(strstr(doc->src->text, "TB:") - doc->src->text);
    dl_list *dl = NULL;
    core_diags d = {0};
    cr_assert_eq(layout_document(doc, TL.style, &TL.fonts, &d, &dl), CORE_ELAYOUT);
    cr_assert_null(dl);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.v[0].code, "E-table-width");
    cr_assert_eq(d.v[0].line, 3);
    cr_assert_eq(d.v[0].col, 1);
    core_diags_free(&d);
    doc_document_drop(doc);
}

/* ---- page splits ------------------------------------------------------------- */

/* A table longer than a page splits between rows: every page after the
 * first repeats the head; the group cut by the break shows its label on both
 * sides, the second time with （续）; the big label spanning every body row
 * is on every page; the first page is filled (no row that fits is moved). */
Test(table_layout, split_through_row_spanning_cells)
{
    doc_document *doc = tl_doc("P:表前。");
    form_three(doc, 5);
    dl_list *dl = tl_layout(doc);
    cr_assert_geq(dl->npages, 2);
    size_t cut = 0;
    for (size_t p = 0; p < dl->npages; p++) {
        cr_assert(tl_page_has(dl, p, "申请人情况"), "page %zu shows the head", p + 1);
        cr_assert(tl_page_has(dl, p, "三、"), "page %zu shows the big label", p + 1);
        if (p > 0)
            cr_assert(tl_page_has(dl, p, "（续）"), "page %zu marks the repeated label", p + 1);
    }
    for (uint32_t g = 1; g <= 5; g++) {
        char label[64];
        snprintf(label, sizeof label, "（%s）", NUMERALS[g - 1]);
        size_t on = 0;
        for (size_t p = 0; p < dl->npages; p++)
            on += tl_page_has(dl, p, label);
        cut += on > 1;
    }
    cr_assert_geq(cut, 1, "a group is cut and labelled on both sides");
    /* filled: less than one tall row (3 lines) left under the table */
    float room = lowest_rule(dl, 0) - dl->pages[0].area_y0;
    cr_assert_lt(room, 3 * 15.6f + 4, "%.1f pt left on page 1", room);
    tl_assert_rules_inside(dl);
    assert_no_rule_through_glyph(dl);
    core_buf out = {0};
    cr_assert_eq(dl_count_outside(dl, 0.01f, &out), 0, "%s", out.data);
    core_buf_free(&out);
    dl_list_drop(dl);
}

/* A row taller than a page is split inside, between its lines; its short
 * neighbour is drawn once; every character of the tall cell once. */
Test(table_layout, row_taller_than_a_page_split_inside)
{
    doc_document *doc = tl_doc("P:表前。");
    doc_table *t = tl_table(doc, 3, 3, 1);
    tl_cell(doc, t, 0, 0, 1, 1, "事项");
    tl_cell(doc, t, 0, 1, 1, 1, "说明");
    tl_cell(doc, t, 0, 2, 1, 1, "件数");
    static char longtext[3 * 1500 + 1];
    for (size_t i = 0; i < 1500; i++)
        memcpy(longtext + 3 * i, "政", 3);
    tl_cell(doc, t, 1, 0, 1, 1, "长行");
    tl_cell(doc, t, 1, 1, 1, 1, longtext);
    tl_cell(doc, t, 1, 2, 1, 1, "42");
    tl_cell(doc, t, 2, 0, 1, 1, "短行");
    tl_cell(doc, t, 2, 1, 1, 1, "短");
    tl_cell(doc, t, 2, 2, 1, 1, "7");
    dl_list *dl = tl_layout(doc);
    cr_assert_geq(dl->npages, 2);
    tl_assert_rules_inside(dl);
    size_t zheng = 0, fortytwo = 0;
    for (size_t p = 0; p < dl->npages; p++) {
        const dl_page *pg = &dl->pages[p];
        for (size_t k = 0; k < pg->nops; k++)
            if (pg->ops[k].kind == DL_GLYPHS) {
                const dl_glyphs *g = &pg->ops[k].u.glyphs;
                for (uint32_t i = 0; i < g->n; i++)
                    zheng += g->cp[i] == 0x653F;
                fortytwo += strcmp(tl_text(g), "42") == 0;
            }
        cr_assert(tl_page_has(dl, p, "说明"), "page %zu shows the head", p + 1);
    }
    cr_assert_eq(zheng, 1500);
    cr_assert_eq(fortytwo, 1);
    cr_assert(tl_page_has(dl, dl->npages - 1, "短行"));
    tl_assert_rules_inside(dl);
    assert_no_rule_through_glyph(dl);
    dl_list_drop(dl);
}

/* A heading before a table that fits a page whole, but not the rest of
 * this one, goes to the next page with it. */
Test(table_layout, heading_goes_with_a_table_moved_whole)
{
    char markup[4096] = "";
    for (int i = 0; i < 17; i++)
        strcat(markup, "P:这是一段正文。\n");
    strcat(markup, "H1:一、表格标题\nTB:\nP:表后。");
    doc_document *doc = tl_doc(markup);
    doc_table *t = tl_table(doc, 12, 2, 1);
    tl_cell(doc, t, 0, 0, 1, 1, "事项");
    tl_cell(doc, t, 0, 1, 1, 1, "件数");
    for (uint32_t r = 1; r < 12; r++) {
        tl_cell(doc, t, r, 0, 1, 1, "行政许可");
        tl_cell(doc, t, r, 1, 1, 1, "3");
    }
    dl_list *dl = tl_layout(doc);
    cr_assert_eq(dl->npages, 2);
    cr_assert(tl_page_has(dl, 1, "一、表格标题"), "the heading moved with its table");
    cr_assert(tl_page_has(dl, 1, "事项"));
    cr_assert(!tl_page_has(dl, 0, "事项"), "the table is whole on page 2");
    dl_list_drop(dl);
}

/* ---- layout keys ------------------------------------------------------------- */

static dl_list *small_table(void)
{
    doc_document *doc = tl_doc("P:表前。");
    doc_table *t = tl_table(doc, 2, 2, 1);
    tl_cell(doc, t, 0, 0, 1, 1, "信息内容");
    tl_cell(doc, t, 0, 1, 1, 1, "件数");
    tl_cell(doc, t, 1, 0, 1, 1, "规章");
    tl_cell(doc, t, 1, 1, 1, 1, "12");
    return tl_layout(doc);
}

Test(table_layout, header_font_from_the_layout)
{
    dl_list *dl = small_table();
    const dl_glyphs *head = find_run(dl, 0, "信息内容"), *body = find_run(dl, 0, "规章");
    cr_assert(head && body);
    cr_assert_eq(head->face, TL.fonts.face[LAYOUT_ROLE_H1], "header_font = h1 by default");
    cr_assert_eq(body->face, TL.fonts.face[LAYOUT_ROLE_TABLE]);
    dl_list_drop(dl);
    TL.style->table_head_role = LAYOUT_ROLE_TABLE;
    dl = small_table();
    cr_assert_eq(find_run(dl, 0, "信息内容")->face, TL.fonts.face[LAYOUT_ROLE_TABLE]);
    dl_list_drop(dl);
}

Test(table_layout, numbers_centred_or_right)
{
    dl_list *dl = small_table();
    float xs[8];
    cr_assert_eq(rule_xs(dl, 0, xs, 8), 3);
    const dl_glyphs *g = find_run(dl, 0, "12");
    font_glyph m;
    font_face_glyph_metrics(g->face, g->gid[1], &m);
    float x1 = g->x + g->pos[1] + m.advance * g->size;
    cr_assert_float_eq((g->x + x1) / 2, (xs[1] + xs[2]) / 2, 0.5, "centred by default");
    dl_list_drop(dl);
    TL.style->table_num_right = true;
    dl = small_table();
    g = find_run(dl, 0, "12");
    x1 = g->x + g->pos[1] + m.advance * g->size;
    cr_assert_float_eq(x1, xs[2] - TL.style->table_pad - TL.style->rule_outer / 2, 0.5,
                       "right: %.2f against the rule at %.2f", x1, xs[2]);
    dl_list_drop(dl);
}

Test(table_layout, continued_mark_off)
{
    TL.style->table_continued = NULL;
    doc_document *doc = tl_doc("P:表前。");
    form_three(doc, 5);
    dl_list *dl = tl_layout(doc);
    for (size_t p = 0; p < dl->npages; p++)
        cr_assert(!tl_page_has(dl, p, "（续）"));
    cr_assert(tl_page_has(dl, 1, "三、"), "the label is drawn again without the mark");
    dl_list_drop(dl);
}

/* Rules of no width are not drawn (GB/T 9704 sets none; a layout may). */
Test(table_layout, no_rules_when_set_to_zero)
{
    TL.style->rule_inner = 0;
    TL.style->rule_outer = 0;
    dl_list *dl = small_table();
    for (size_t k = 0; k < dl->pages[0].nops; k++)
        cr_assert_neq(dl->pages[0].ops[k].kind, DL_RULE);
    dl_list_drop(dl);
}

/* Labels wrapped in narrow columns keep no lone character under a longer
 * line. (Here the balancing alone sees to it; the pull-down of a lone last
 * character, 「（三）/不予/公开」 not 「（三）/不予公/开」, shows in the
 * example's 表三 and is checked end to end by tablecheck.py cells.) */
Test(table_layout, no_lone_character_in_a_wrapped_label)
{
    doc_document *doc = tl_doc("P:表前。");
    form_three(doc, 1);
    dl_list *dl = tl_layout(doc);
    const dl_page *pg = &dl->pages[0];
    size_t lines = 0;
    for (size_t k = 0; k < pg->nops; k++) {
        if (pg->ops[k].kind != DL_GLYPHS || pg->ops[k].u.glyphs.src[0] == SIZE_MAX)
            continue;
        const dl_glyphs *g = &pg->ops[k].u.glyphs;
        const char *t = tl_text(g);
        if (strstr("三、本年度办理结果（一）不予公开", t) && g->n >= 1) {
            lines++;
            cr_assert(g->n > 1 || k + 1 >= pg->nops || pg->ops[k - 1].kind != DL_GLYPHS ||
                          pg->ops[k - 1].u.glyphs.n < 3,
                      "「%s」 alone under a line of %u", t, pg->ops[k - 1].u.glyphs.n);
        }
    }
    cr_assert_geq(lines, 3, "the labels wrap");
    dl_list_drop(dl);
}

/* A row-spanning cell taller than a page makes its first row taller than a
 * page: the row is split between lines, the spanning cell's text with it,
 * and every character is drawn once (this looped before). */
Test(table_layout, spanning_cell_taller_than_a_page)
{
    doc_document *doc = tl_doc("P:表前。");
    doc_table *t = tl_table(doc, 4, 2, 1);
    static char longtext[3 * 1200 + 1];
    for (size_t i = 0; i < 1200; i++)
        memcpy(longtext + 3 * i, "政", 3);
    tl_cell(doc, t, 0, 0, 1, 1, "事项");
    tl_cell(doc, t, 0, 1, 1, 1, "说明");
    tl_cell(doc, t, 1, 0, 3, 1, longtext);
    for (uint32_t r = 1; r < 4; r++)
        tl_cell(doc, t, r, 1, 1, 1, "短");
    dl_list *dl = tl_layout(doc);
    size_t zheng = 0;
    for (size_t p = 0; p < dl->npages; p++) {
        const dl_page *pg = &dl->pages[p];
        for (size_t k = 0; k < pg->nops; k++)
            if (pg->ops[k].kind == DL_GLYPHS)
                for (uint32_t i = 0; i < pg->ops[k].u.glyphs.n; i++)
                    zheng += pg->ops[k].u.glyphs.cp[i] == 0x653F;
        cr_assert(tl_page_has(dl, p, "说明"), "page %zu shows the head", p + 1);
    }
    cr_assert_eq(zheng, 1200);
    tl_assert_rules_inside(dl);
    dl_list_drop(dl);
}

/* Header rows taller than half a page are not repeated (W-table-head), and
 * the table still ends (it looped before). */
Test(table_layout, header_too_tall_to_repeat)
{
    doc_document *doc = tl_doc("P:表前。\nTB:");
    doc_table *t = tl_table(doc, 40, 2, 1);
    static char longtext[3 * 900 + 1];
    for (size_t i = 0; i < 900; i++)
        memcpy(longtext + 3 * i, "表", 3);
    tl_cell(doc, t, 0, 0, 1, 2, longtext);
    for (uint32_t r = 1; r < 40; r++) {
        tl_cell(doc, t, r, 0, 1, 1, "行政许可");
        tl_cell(doc, t, r, 1, 1, 1, "3");
    }
    dl_list *dl = NULL;
    core_diags d = {0};
    cr_assert_eq(layout_document(doc, TL.style, &TL.fonts, &d, &dl), CORE_OK);
    size_t warned = 0;
    for (size_t i = 0; i < d.n; i++)
        warned += strcmp(d.v[i].code, "W-table-head") == 0;
    cr_assert_eq(warned, 1);
    cr_assert_geq(dl->npages, 2);
    tl_assert_rules_inside(dl);
    core_diags_free(&d);
    dl_list_drop(dl);
    doc_document_drop(doc);
}

/* The [table] keys of a layout file: read, and refused with FILE:LINE:COL
 * when the value is not one of theirs. */
Test(table_layout, table_keys_in_the_layout_file)
{
    char path[] = "/tmp/gw-table-keys-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    const char *ini = "[table]\nheader_font = table\nnumbers = right\ncontinued = none\n"
                      "rule_outer = 0pt\n";
    cr_assert_eq(write(fd, ini, strlen(ini)), (ssize_t)strlen(ini));
    close(fd);
    layout_style *s = NULL;
    core_diags d = {0};
    cr_assert_eq(tl_style_load(path, &d, &s), CORE_OK);
    cr_assert_eq(s->table_head_role, LAYOUT_ROLE_TABLE);
    cr_assert(s->table_num_right);
    cr_assert_null(s->table_continued);
    cr_assert_float_eq(s->rule_outer, 0, 0.001);
    layout_style_drop(s);
    FILE *f = fopen(path, "w");
    fputs("[table]\nnumbers = left\nheader_font = bold\n", f);
    fclose(f);
    cr_assert_eq(tl_style_load(path, &d, &s), CORE_EINPUT);
    cr_assert_eq(d.errors, 2);
    cr_assert_eq(d.v[0].line, 2);
    cr_assert_eq(d.v[0].col, 11);
    cr_assert_eq(d.v[1].line, 3);
    core_diags_free(&d);
    unlink(path);
}
