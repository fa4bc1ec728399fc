/*
 * Unit tests for parse: plain text → document model, as docs/FORMAT.md
 * describes it. Each test names the rule it checks; positions are checked
 * through core_source_locate, as a later stage would name them.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"

static core_diags diags;

static void teardown(void)
{
    core_diags_free(&diags);
}

TestSuite(parse, .fini = teardown);

static core_status parse_n(const char *text, size_t n, doc_document **doc)
{
    core_diags_free(&diags);
    return parse_document("t.txt", text, n, &diags, doc);
}

static doc_document *parse_ok(const char *text)
{
    doc_document *doc = NULL;
    core_status st = parse_n(text, strlen(text), &doc);
    cr_assert_eq(st, CORE_OK, "status %d", st);
    cr_assert_not_null(doc);
    return doc;
}

/* Parse text that must fail; returns the first error. */
static const core_diag *parse_fails(const char *text, core_status want)
{
    doc_document *doc = (doc_document *)1;
    cr_assert_eq(parse_n(text, strlen(text), &doc), want);
    cr_assert_null(doc);
    for (size_t i = 0; i < diags.n; i++)
        if (diags.v[i].severity == CORE_ERROR)
            return &diags.v[i];
    cr_assert_fail("no error reported");
    return NULL;
}

static bool run_is(const doc_run *r, const char *s)
{
    return r->len == strlen(s) && memcmp(r->text, s, r->len) == 0;
}

#define assert_run(r, s)                                                          \
    cr_assert(run_is((r), (s)), "run is \"%.*s\", want \"%s\"", (int)(r)->len, \
              (r)->text, (s))

/* LINE:COL of byte i of run r. */
static void run_pos(const doc_document *doc, const doc_run *r, size_t i, uint32_t *line,
                    uint32_t *col)
{
    core_source_locate(doc->src, doc_run_offset(r, i), line, col);
}

#define assert_pos(doc, r, i, L, C)                                               \
    do {                                                                          \
        uint32_t l_, c_;                                                          \
        run_pos((doc), (r), (i), &l_, &c_);                                       \
        cr_assert(l_ == (L) && c_ == (C), "at %u:%u, want %u:%u", l_, c_, (L), (C)); \
    } while (0)

static const core_diag *diag_with(const char *code)
{
    for (size_t i = 0; i < diags.n; i++)
        if (strcmp(diags.v[i].code, code) == 0)
            return &diags.v[i];
    return NULL;
}

static size_t diag_count(const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < diags.n; i++)
        n += strcmp(diags.v[i].code, code) == 0;
    return n;
}

/* Every run without a map must be the source bytes at its offset; every run
 * with one must map each byte inside the source. */
static void assert_runs_in_source(const doc_document *doc, const doc_run *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (r[i].map) {
            for (size_t k = 0; k < r[i].len; k++)
                cr_assert_lt(r[i].map[k], doc->src->len);
        } else {
            cr_assert_leq(r[i].offset + r[i].len, doc->src->len);
            cr_assert(memcmp(doc->src->text + r[i].offset, r[i].text, r[i].len) == 0,
                      "run \"%.*s\" is not the source at its offset", (int)r[i].len,
                      r[i].text);
        }
    }
}

static void assert_positions(const doc_document *doc)
{
    assert_runs_in_source(doc, doc->title, doc->ntitle);
    for (size_t b = 0; b < doc->nblocks; b++) {
        const doc_block *bl = &doc->blocks[b];
        assert_runs_in_source(doc, bl->runs, bl->nruns);
        if (bl->table)
            for (size_t c = 0; c < bl->table->ncells; c++)
                assert_runs_in_source(doc, &bl->table->cells[c].text, 1);
    }
}

/* Every grid position is covered by exactly one cell, and cells are in
 * row-major order of their top-left corner. */
static void assert_grid(const doc_table *t)
{
    for (uint32_t r = 0; r < t->nrows; r++)
        for (uint32_t c = 0; c < t->ncols; c++) {
            int n = 0;
            for (size_t i = 0; i < t->ncells; i++) {
                const doc_cell *x = &t->cells[i];
                n += r >= x->row && r < x->row + x->rowspan && c >= x->col &&
                     c < x->col + x->colspan;
            }
            cr_assert_eq(n, 1, "position (%u,%u) covered %d times", r, c, n);
        }
    for (size_t i = 1; i < t->ncells; i++) {
        const doc_cell *a = &t->cells[i - 1], *b = &t->cells[i];
        cr_assert(a->row < b->row || (a->row == b->row && a->col < b->col));
    }
}

static char *read_example(size_t *n)
{
    FILE *f = fopen(GONGWEN_SOURCE_DIR "/examples/report-2022.txt", "rb");
    cr_assert_not_null(f);
    static char buf[1 << 20];
    *n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return buf;
}

/* ---- title ------------------------------------------------------------------ */

Test(parse, title_single_line_after_blank_lines)
{
    doc_document *doc = parse_ok("\n\n  某局2022年政府信息公开工作年度报告  \n\n正文。\n");
    cr_assert_eq(doc->ntitle, 1);
    assert_run(&doc->title[0], "某局2022年政府信息公开工作年度报告");
    cr_assert_eq(doc->title[0].role, DOC_ROLE_TITLE);
    cr_assert_not(doc->title[0].break_before);
    assert_pos(doc, &doc->title[0], 0, 3, 3);
    cr_assert_str_eq(doc->meta.title, "某局2022年政府信息公开工作年度报告");
    cr_assert_eq(doc->nblocks, 1);
    cr_assert_eq(doc->blocks[0].kind, DOC_BLOCK_PARAGRAPH);
    doc_document_drop(doc);
}

Test(parse, title_multi_line_breaks_before_later_lines)
{
    doc_document *doc = parse_ok("某局\n2022年政府信息公开工作年度报告\n\n一、总体情况\n");
    cr_assert_eq(doc->ntitle, 2);
    cr_assert_not(doc->title[0].break_before);
    cr_assert(doc->title[1].break_before);
    assert_run(&doc->title[1], "2022年政府信息公开工作年度报告");
    cr_assert_str_eq(doc->meta.title, "某局2022年政府信息公开工作年度报告");
    cr_assert_eq(doc->nblocks, 1);
    doc_document_drop(doc);
}

/* The title decides, once, the year and whether the text is an annual
 * disclosure report (the checks read both, never the title). */
Test(parse, title_gives_the_year_and_the_kind)
{
    doc_document *doc = parse_ok("某局\n2022年政府信息公开工作年度报告\n\n一、总体情况\n");
    cr_assert_eq(doc->meta.year, 2022);
    cr_assert(doc->meta.annual_report);
    doc_document_drop(doc);
    doc = parse_ok("某局关于2022年某事的通知\n\n一、总体情况\n");
    cr_assert_eq(doc->meta.year, 2022);
    cr_assert_not(doc->meta.annual_report);
    doc_document_drop(doc);
}

Test(parse, title_forced_break)
{
    doc_document *doc = parse_ok("某局 \\\\ 2022年年度报告\n\n正文\n");
    cr_assert_eq(doc->ntitle, 2);
    assert_run(&doc->title[0], "某局");
    assert_run(&doc->title[1], "2022年年度报告");
    cr_assert(doc->title[1].break_before);
    assert_pos(doc, &doc->title[1], 0, 1, 7);
    cr_assert_str_eq(doc->meta.title, "某局2022年年度报告");
    doc_document_drop(doc);
}

Test(parse, title_ends_at_a_heading)
{
    doc_document *doc = parse_ok("某局年度报告\n一、总体情况\n");
    cr_assert_eq(doc->ntitle, 1);
    cr_assert_eq(doc->nblocks, 1);
    cr_assert_eq(doc->blocks[0].kind, DOC_BLOCK_HEADING);
    doc_document_drop(doc);
}

Test(parse, no_title_when_text_starts_with_a_heading)
{
    doc_document *doc = parse_ok("一、总体情况\n正文\n");
    cr_assert_eq(doc->ntitle, 0);
    cr_assert_str_eq(doc->meta.title, "");
    cr_assert_not_null(diag_with("W-title"));
    cr_assert_eq(doc->nblocks, 2);
    doc_document_drop(doc);
}

Test(parse, title_directive_replaces_the_first_lines)
{
    doc_document *doc = parse_ok("第一行是正文\n\n@title 某局\\\\年度报告\n@title 第二行\n");
    cr_assert_eq(doc->ntitle, 3);
    assert_run(&doc->title[0], "某局");
    assert_run(&doc->title[1], "年度报告");
    assert_run(&doc->title[2], "第二行");
    cr_assert(doc->title[1].break_before && doc->title[2].break_before);
    assert_pos(doc, &doc->title[0], 0, 3, 8);
    cr_assert_str_eq(doc->meta.title, "某局年度报告第二行");
    cr_assert_eq(doc->nblocks, 1);
    assert_run(&doc->blocks[0].runs[0], "第一行是正文");
    doc_document_drop(doc);
}

/* ---- headings ---------------------------------------------------------------- */

static void assert_heading(const doc_block *b, int level, const char *h, const char *body)
{
    static const doc_role roles[] = {0, DOC_ROLE_H1, DOC_ROLE_H2, DOC_ROLE_H3, DOC_ROLE_H4};
    cr_assert_eq(b->kind, DOC_BLOCK_HEADING);
    cr_assert_eq(b->level, level);
    cr_assert_eq(b->runs[0].role, roles[level]);
    assert_run(&b->runs[0], h);
    cr_assert_eq(b->run_in, body != NULL);
    cr_assert_eq(b->nruns, body ? 2u : 1u);
    if (body) {
        cr_assert_eq(b->runs[1].role, DOC_ROLE_BODY);
        assert_run(&b->runs[1], body);
    }
}

Test(parse, heading_levels)
{
    doc_document *doc = parse_ok("T\n\n一、总体情况\n十一、其他\n九十九、末项\n（一）主动公开\n"
                                 "1.规章\n2．文件\n（1）小项\n");
    cr_assert_eq(doc->nblocks, 7);
    assert_heading(&doc->blocks[0], 1, "一、总体情况", NULL);
    assert_heading(&doc->blocks[1], 1, "十一、其他", NULL);
    assert_heading(&doc->blocks[2], 1, "九十九、末项", NULL);
    assert_heading(&doc->blocks[3], 2, "（一）主动公开", NULL);
    assert_heading(&doc->blocks[4], 3, "1.规章", NULL);
    assert_heading(&doc->blocks[5], 3, "2．文件", NULL);
    assert_heading(&doc->blocks[6], 4, "（1）小项", NULL);
    cr_assert_eq(diags.n, 0);
    doc_document_drop(doc);
}

Test(parse, numbers_that_are_no_headings)
{
    doc_document *doc = parse_ok("T\n\n2022年以来，工作有成效。\n1.5亿元用于建设。\n一百、不是标题\n"
                                 "一二、不是标题\n12.31日前完成\n1234.不是标题\n");
    cr_assert_eq(doc->nblocks, 6);
    for (size_t i = 0; i < doc->nblocks; i++)
        cr_assert_eq(doc->blocks[i].kind, DOC_BLOCK_PARAGRAPH, "block %zu", i);
    assert_run(&doc->blocks[0].runs[0], "2022年以来，工作有成效。");
    assert_run(&doc->blocks[1].runs[0], "1.5亿元用于建设。");
    doc_document_drop(doc);
}

Test(parse, run_in_splits_at_the_first_full_stop)
{
    doc_document *doc = parse_ok("T\n\n（一）主动公开。主动公开的信息。还有。\n（二）依申请公开。\n"
                                 "一、总体情况。本年度如下\n3.其他。说明\n（2）小项。说明\n");
    assert_heading(&doc->blocks[0], 2, "（一）主动公开。", "主动公开的信息。还有。");
    assert_heading(&doc->blocks[1], 2, "（二）依申请公开。", NULL);
    assert_heading(&doc->blocks[2], 1, "一、总体情况。", "本年度如下");
    assert_heading(&doc->blocks[3], 3, "3.其他。", "说明");
    assert_heading(&doc->blocks[4], 4, "（2）小项。", "说明");
    /* the body run starts right after the 。 */
    assert_pos(doc, &doc->blocks[0].runs[1], 0, 3, 9);
    doc_document_drop(doc);
}

Test(parse, ascii_brackets_normalised_with_note_and_map)
{
    const char *src = "T\n\n(一) 主动公开。正文\n(3)小项\n";
    doc_document *doc = parse_ok(src);
    const doc_run *h = &doc->blocks[0].runs[0];
    assert_heading(&doc->blocks[0], 2, "（一）主动公开。", "正文");
    cr_assert_not_null(h->map);
    size_t line = 3;
    size_t base = strlen("T\n\n");
    cr_assert_eq(h->offset, base);
    /* （ stands for "(", 一 for itself, ） for ")", 主 for 主 after the space */
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(h->map[i], base);
    cr_assert_eq(h->map[3], base + 1);
    cr_assert_eq(h->map[6], base + 4);
    cr_assert_eq(h->map[9], base + 6);
    assert_pos(doc, h, 9, line, 5);
    assert_pos(doc, &doc->blocks[0].runs[1], 0, 3, 10);
    assert_heading(&doc->blocks[1], 4, "（3）小项", NULL);
    cr_assert_eq(diag_count("N-numbering"), 2);
    const core_diag *n = diag_with("N-numbering");
    cr_assert_eq(n->severity, CORE_NOTE);
    cr_assert_eq(n->line, 3);
    cr_assert_eq(n->col, 1);
    cr_assert_eq(doc->blocks[1].runs[0].map[3], strlen("T\n\n(一) 主动公开。正文\n("));
    doc_document_drop(doc);
}

Test(parse, space_after_a_number_dropped_with_note)
{
    doc_document *doc = parse_ok("T\n\n一、　总体情况\n（二） 依申请公开\n");
    assert_heading(&doc->blocks[0], 1, "一、总体情况", NULL);
    assert_heading(&doc->blocks[1], 2, "（二）依申请公开", NULL);
    cr_assert_eq(diag_count("N-numbering"), 2);
    assert_pos(doc, &doc->blocks[0].runs[0], 6, 3, 4);
    doc_document_drop(doc);
}

Test(parse, mixed_brackets_and_full_width_digits)
{
    doc_document *doc = parse_ok("T\n\n（十二)甲\n(99）乙\n１２．丙\n（１）丁\n");
    assert_heading(&doc->blocks[0], 2, "（十二）甲", NULL);
    assert_heading(&doc->blocks[1], 4, "（99）乙", NULL);
    assert_heading(&doc->blocks[2], 3, "１２．丙", NULL);
    assert_heading(&doc->blocks[3], 4, "（１）丁", NULL);
    /* one note per normalised number, none for numbers already in print form */
    cr_assert_eq(diag_count("N-numbering"), 2);
    cr_assert_null(doc->blocks[2].runs[0].map);
    /* 乙 stands for itself although "(" grew by two bytes */
    assert_pos(doc, &doc->blocks[1].runs[0], strlen("（99）"), 4, 5);
    doc_document_drop(doc);
}

/* ---- paragraphs ------------------------------------------------------------------ */

Test(parse, paragraph_spaces_trimmed_with_exact_offset)
{
    doc_document *doc = parse_ok("T\n\n　　正文内容。  \n");
    cr_assert_eq(doc->nblocks, 1);
    cr_assert_eq(doc->blocks[0].kind, DOC_BLOCK_PARAGRAPH);
    assert_run(&doc->blocks[0].runs[0], "正文内容。");
    cr_assert_null(doc->blocks[0].runs[0].map);
    assert_pos(doc, &doc->blocks[0].runs[0], 0, 3, 3);
    cr_assert_eq(doc->blocks[0].offset, doc->blocks[0].runs[0].offset);
    doc_document_drop(doc);
}

Test(parse, escapes)
{
    doc_document *doc = parse_ok("T\n\n\\一、这不是标题\n@@agency 不是指令\n\\@title 也不是\n"
                                 "\\a\tb\n");
    cr_assert_eq(doc->nblocks, 4);
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(doc->blocks[i].kind, DOC_BLOCK_PARAGRAPH);
    assert_run(&doc->blocks[0].runs[0], "一、这不是标题");
    assert_pos(doc, &doc->blocks[0].runs[0], 0, 3, 2);
    assert_run(&doc->blocks[1].runs[0], "@agency 不是指令");
    assert_run(&doc->blocks[2].runs[0], "@title 也不是");
    assert_run(&doc->blocks[3].runs[0], "a\tb");
    cr_assert_null(doc->meta.agency);
    assert_run(&doc->title[0], "T");
    doc_document_drop(doc);
}

/* ---- tables -------------------------------------------------------------------- */

static const doc_cell *cell(const doc_table *t, uint32_t r, uint32_t c)
{
    const doc_cell *x = doc_table_cell_at(t, r, c);
    cr_assert_not_null(x);
    return x;
}

Test(parse, table_plain_grid_ragged_rows_padded)
{
    doc_document *doc = parse_ok("T\n\n前\n a \t b\nc\t\td\ne\n后\n");
    cr_assert_eq(doc->nblocks, 4);
    const doc_block *b = &doc->blocks[1];
    cr_assert_eq(b->kind, DOC_BLOCK_TABLE);
    const doc_table *t = b->table;
    cr_assert_eq(t->nrows, 2);
    cr_assert_eq(t->ncols, 3);
    cr_assert_eq(t->ncells, 6);
    cr_assert_eq(t->header_rows, 0);
    cr_assert_eq(t->offset, strlen("T\n\n前\n"));
    cr_assert_eq(b->offset, t->offset);
    assert_run(&cell(t, 0, 0)->text, "a");
    assert_run(&cell(t, 0, 1)->text, "b");
    assert_run(&cell(t, 0, 2)->text, "");
    assert_run(&cell(t, 1, 1)->text, "");
    assert_run(&cell(t, 1, 2)->text, "d");
    cr_assert_eq(cell(t, 0, 0)->text.role, DOC_ROLE_TABLE);
    assert_pos(doc, &cell(t, 1, 2)->text, 0, 5, 4);
    assert_grid(t);
    /* "e" has no tab: it ends the table */
    cr_assert_eq(doc->blocks[2].kind, DOC_BLOCK_PARAGRAPH);
    assert_run(&doc->blocks[2].runs[0], "e");
    doc_document_drop(doc);
}

Test(parse, table_spans)
{
    doc_document *doc = parse_ok("T\n\n甲\t<\t<\t乙\n丙\t丁\t<\t^\n^\t戊\t己\t^\n");
    const doc_table *t = doc->blocks[0].table;
    assert_grid(t);
    cr_assert_eq(t->ncells, 6);
    const doc_cell *a = cell(t, 0, 2);
    assert_run(&a->text, "甲");
    cr_assert(a->colspan == 3 && a->rowspan == 1);
    const doc_cell *yi = cell(t, 2, 3);
    assert_run(&yi->text, "乙");
    cr_assert(yi->row == 0 && yi->rowspan == 3);
    const doc_cell *bing = cell(t, 2, 0);
    assert_run(&bing->text, "丙");
    cr_assert(bing->row == 1 && bing->rowspan == 2);
    const doc_cell *ding = cell(t, 1, 2);
    cr_assert(ding->col == 1 && ding->colspan == 2);
    cr_assert_eq(diags.n, 0);
    doc_document_drop(doc);
}

Test(parse, table_span_of_a_wide_cell_down)
{
    doc_document *doc = parse_ok("T\n\n甲\t<\t乙\n^\t^\t丙\n^\t<\t丁\n");
    const doc_table *t = doc->blocks[0].table;
    assert_grid(t);
    const doc_cell *a = cell(t, 2, 1);
    cr_assert(a->row == 0 && a->col == 0 && a->rowspan == 3 && a->colspan == 2);
    cr_assert_eq(t->ncells, 4);
    doc_document_drop(doc);
}

Test(parse, table_span_marks_escaped_or_impossible)
{
    doc_document *doc = parse_ok("T\n\n<\t\\<\t^\n\\^\t甲\t乙\n丙\t^\t<\n");
    const doc_table *t = doc->blocks[0].table;
    assert_grid(t);
    cr_assert_eq(t->ncells, 8);
    assert_run(&cell(t, 0, 0)->text, "<"); /* nothing on its left: text, warned */
    assert_run(&cell(t, 0, 1)->text, "<"); /* escaped */
    assert_pos(doc, &cell(t, 0, 1)->text, 0, 3, 4);
    assert_run(&cell(t, 0, 2)->text, "^"); /* first row: text, warned */
    assert_run(&cell(t, 1, 0)->text, "^");
    /* "^" under 甲 lengthens it; "<" beside a two-row cell cannot widen it */
    cr_assert_eq(cell(t, 2, 1)->rowspan, 2);
    assert_run(&cell(t, 2, 2)->text, "<");
    cr_assert_eq(diag_count("W-span"), 3);
    const core_diag *w = diag_with("W-span");
    cr_assert(w->line == 3 && w->col == 1);
    doc_document_drop(doc);
}

Test(parse, table_keeps_blank_lines_inside)
{
    doc_document *doc = parse_ok("T\n\na\tb\n\n  \n\t \nc\td\n\n正文\n");
    cr_assert_eq(doc->nblocks, 2);
    cr_assert_eq(doc->blocks[0].table->nrows, 2);
    assert_run(&cell(doc->blocks[0].table, 1, 0)->text, "c");
    cr_assert_eq(doc->blocks[1].kind, DOC_BLOCK_PARAGRAPH);
    doc_document_drop(doc);
}

Test(parse, table_row_over_the_cell_limit)
{
    size_t n = CORE_MAX_TABLE_CELLS + 1;
    char *s = malloc(2 * n + 16);
    strcpy(s, "T\n\na\tb\n");
    size_t k = strlen(s);
    for (size_t i = 0; i < n; i++)
        s[k++] = 'x', s[k++] = '\t';
    s[k - 1] = '\n';
    s[k] = 0;
    const core_diag *e = parse_fails(s, CORE_ELIMIT);
    cr_assert_str_eq(e->code, "E-limit");
    cr_assert_eq(e->line, 4);
    free(s);
}

/* ---- directives ------------------------------------------------------------------ */

Test(parse, directives_metadata)
{
    doc_document *doc = parse_ok("@agency 某市某局\n@date 2023年1月15日\n@subject 年度报告\n"
                                 "@keywords 政府信息公开 年报\n@layout gb9704\n某局年度报告\n\n正文\n");
    cr_assert_str_eq(doc->meta.agency, "某市某局");
    cr_assert_eq(doc->meta.date.year, 2023);
    cr_assert_eq(doc->meta.date.month, 1);
    cr_assert_eq(doc->meta.date.day, 15);
    cr_assert_eq(doc->meta.date.offset, strlen("@agency 某市某局\n@date "));
    cr_assert_str_eq(doc->meta.subject, "年度报告");
    cr_assert_str_eq(doc->meta.keywords, "政府信息公开 年报");
    cr_assert_str_eq(doc->meta.layout, "gb9704");
    assert_run(&doc->title[0], "某局年度报告");
    /* no signature in the text: none is invented */
    cr_assert_eq(doc->nblocks, 1);
    cr_assert_eq(doc->blocks[0].kind, DOC_BLOCK_PARAGRAPH);
    doc_document_drop(doc);
}

Test(parse, directive_iso_date_and_leap_day)
{
    doc_document *doc = parse_ok("@date 2024-02-29\nT\n");
    cr_assert_eq(doc->meta.date.year, 2024);
    cr_assert_eq(doc->meta.date.month, 2);
    cr_assert_eq(doc->meta.date.day, 29);
    doc_document_drop(doc);
    doc = parse_ok("@date ２０２３年１２月３１日\nT\n");
    cr_assert_eq(doc->meta.date.month, 12);
    doc_document_drop(doc);
}

Test(parse, directive_bad_dates)
{
    const core_diag *e = parse_fails("T\n\n@date 2023-02-29\n", CORE_EINPUT);
    cr_assert_str_eq(e->code, "E-directive");
    cr_assert(e->line == 3 && e->col == 7, "%u:%u", e->line, e->col);
    e = parse_fails("@date 2023年13月1日\n", CORE_EINPUT);
    cr_assert_str_eq(e->code, "E-directive");
    e = parse_fails("@date 去年\n", CORE_EINPUT);
    cr_assert_str_eq(e->code, "E-directive");
}

Test(parse, directive_pagebreak)
{
    doc_document *doc = parse_ok("T\n\n一、甲\n@pagebreak\n二、乙\n");
    cr_assert_eq(doc->nblocks, 3);
    cr_assert_eq(doc->blocks[1].kind, DOC_BLOCK_PAGEBREAK);
    cr_assert_eq(doc->blocks[1].offset, strlen("T\n\n一、甲\n"));
    doc_document_drop(doc);
    parse_fails("T\n\n@pagebreak now\n", CORE_EINPUT);
}

Test(parse, directive_table_header)
{
    doc_document *doc = parse_ok("T\n\n@table header=2\na\tb\nc\td\ne\tf\n");
    const doc_table *t = doc->blocks[0].table;
    cr_assert_eq(t->header_rows, 2);
    cr_assert(cell(t, 1, 1)->header);
    cr_assert_not(cell(t, 2, 0)->header);
    doc_document_drop(doc);
    const core_diag *e = parse_fails("T\n\n@table header=3\na\tb\nc\td\n", CORE_EINPUT);
    cr_assert_str_eq(e->code, "E-directive");
    cr_assert_eq(e->line, 3);
    parse_fails("T\n\n@table header=x\na\tb\n", CORE_EINPUT);
    doc = parse_ok("T\n\n@table header=1\n正文\n");
    cr_assert_not_null(diag_with("W-directive"));
    doc_document_drop(doc);
}

Test(parse, directive_signature)
{
    doc_document *doc = parse_ok("@agency 某局\n@date 2023-01-05\nT\n\n正文\n@signature\n");
    cr_assert_eq(doc->nblocks, 2);
    const doc_block *s = &doc->blocks[1];
    cr_assert_eq(s->kind, DOC_BLOCK_SIGNATURE);
    cr_assert_eq(s->nruns, 2);
    assert_run(&s->runs[0], "某局");
    assert_pos(doc, &s->runs[0], 0, 1, 9);
    assert_run(&s->runs[1], "2023年1月5日");
    assert_pos(doc, &s->runs[1], 4, 2, 7);
    doc_document_drop(doc);
    const core_diag *e = parse_fails("@agency 某局\nT\n\n@signature\n", CORE_EINPUT);
    cr_assert_str_eq(e->code, "E-directive");
    cr_assert_eq(e->line, 4);
}

Test(parse, directive_unknown_is_a_located_error)
{
    const core_diag *e = parse_fails("T\n\n正文\n  @font 黑体\n", CORE_EINPUT);
    cr_assert_str_eq(e->code, "E-directive");
    cr_assert_eq(e->line, 4);
    cr_assert_eq(e->col, 3);
    cr_assert_str_eq(e->file, "t.txt");
    cr_assert(strstr(e->message, "@font"), "%s", e->message);
    /* names are case-sensitive */
    e = parse_fails("@Title 某局\n", CORE_EINPUT);
    cr_assert(strstr(e->message, "@Title"), "%s", e->message);
}

Test(parse, directive_values_required_and_once)
{
    parse_fails("@agency\nT\n", CORE_EINPUT);
    const core_diag *e = parse_fails("@agency 甲\n@agency 乙\nT\n", CORE_EINPUT);
    cr_assert_eq(e->line, 2);
    /* every malformed directive is reported, not just the first */
    parse_fails("@agency\n@nope\n@layout\nT\n", CORE_EINPUT);
    cr_assert_eq(diags.errors, 3);
}

/* ---- signature ------------------------------------------------------------------ */

Test(parse, signature_recognised_at_the_end)
{
    doc_document *doc = parse_ok("T\n\n正文。\n\n郑东新区科技人才局\n2023年1月15日\n");
    cr_assert_eq(doc->nblocks, 2);
    const doc_block *s = &doc->blocks[1];
    cr_assert_eq(s->kind, DOC_BLOCK_SIGNATURE);
    assert_run(&s->runs[0], "郑东新区科技人才局");
    assert_run(&s->runs[1], "2023年1月15日");
    assert_pos(doc, &s->runs[1], 0, 6, 1);
    cr_assert_str_eq(doc->meta.agency, "郑东新区科技人才局");
    cr_assert_eq(doc->meta.date.year, 2023);
    cr_assert_eq(doc->meta.date.day, 15);
    doc_document_drop(doc);
}

Test(parse, signature_full_width_digits_and_directives_win)
{
    doc_document *doc = parse_ok("@agency 某市某局\nT\n\n正文。\n某局\n２０２３年１月１５日\n");
    cr_assert_eq(doc->blocks[doc->nblocks - 1].kind, DOC_BLOCK_SIGNATURE);
    cr_assert_str_eq(doc->meta.agency, "某市某局");
    cr_assert_eq(doc->meta.date.month, 1);
    doc_document_drop(doc);
}

Test(parse, signature_not_recognised)
{
    /* too long, a sentence, or no date: plain paragraphs */
    const char *cases[] = {
        "T\n\n正文。\n一二三四五六七八九十一二三四五六七八九十一二三四五六\n2023年1月15日\n",
        "T\n\n正文。\n特此说明。\n2023年1月15日\n",
        "T\n\n正文。\n某局\n2023年1月\n",
        "T\n\n正文。\n某局\n2023年1月15日以前\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        doc_document *doc = parse_ok(cases[i]);
        cr_assert_eq(doc->blocks[doc->nblocks - 1].kind, DOC_BLOCK_PARAGRAPH, "case %zu", i);
        cr_assert_null(doc->meta.agency);
        doc_document_drop(doc);
    }
}

/* ---- input forms ------------------------------------------------------------------ */

static void assert_same_blocks(const doc_document *a, const doc_document *b)
{
    cr_assert_eq(a->nblocks, b->nblocks);
    cr_assert_eq(a->ntitle, b->ntitle);
    for (size_t i = 0; i < a->nblocks; i++) {
        const doc_block *x = &a->blocks[i], *y = &b->blocks[i];
        cr_assert_eq(x->kind, y->kind);
        cr_assert_eq(x->level, y->level);
        cr_assert_eq(x->nruns, y->nruns);
        for (size_t k = 0; k < x->nruns; k++)
            cr_assert(x->runs[k].len == y->runs[k].len &&
                      memcmp(x->runs[k].text, y->runs[k].text, x->runs[k].len) == 0);
        if (x->table)
            cr_assert(x->table->nrows == y->table->nrows &&
                      x->table->ncells == y->table->ncells);
    }
}

Test(parse, bom_and_crlf_parse_like_lf)
{
    size_t n;
    const char *lf = read_example(&n);
    char *crlf = malloc(2 * n + 3);
    size_t k = 0;
    memcpy(crlf, "\xEF\xBB\xBF", 3);
    k = 3;
    for (size_t i = 0; i < n; i++) {
        if (lf[i] == '\n')
            crlf[k++] = '\r';
        crlf[k++] = lf[i];
    }
    doc_document *a = NULL, *b = NULL;
    cr_assert_eq(parse_n(lf, n, &a), CORE_OK);
    cr_assert_eq(parse_n(crlf, k, &b), CORE_OK);
    assert_same_blocks(a, b);
    /* lines and columns are those of the file */
    uint32_t l1, c1, l2, c2;
    run_pos(a, &a->blocks[5].runs[1], 0, &l1, &c1);
    run_pos(b, &b->blocks[5].runs[1], 0, &l2, &c2);
    cr_assert(l1 == l2 && c1 == c2);
    doc_document_drop(a);
    doc_document_drop(b);
    free(crlf);
}

Test(parse, undecodable_input_fails)
{
    doc_document *doc = (doc_document *)1;
    cr_assert_eq(parse_n("T\n\xFF\n", 4, &doc), CORE_EINPUT);
    cr_assert_null(doc);
    cr_assert_str_eq(diags.v[0].code, "E-utf8");
}

Test(parse, input_over_the_size_limit)
{
    size_t n = CORE_MAX_INPUT_BYTES + 1;
    char *s = malloc(n);
    memset(s, 'a', n);
    doc_document *doc = (doc_document *)1;
    cr_assert_eq(parse_n(s, n, &doc), CORE_ELIMIT);
    cr_assert_null(doc);
    cr_assert_str_eq(diags.v[0].code, "E-limit");
    free(s);
}

Test(parse, title_over_the_limit)
{
    /* a first paragraph with no blank line before it would be a title of
     * pages; the character past the limit is named (fuzz_build found a
     * 1 KB title that took 8 GB to lay out) */
    core_buf b = {0};
    for (int i = 0; i < CORE_MAX_TITLE_CHARS - 1; i++)
        core_buf_puts(&b, "字");
    core_buf_puts(&b, "\n甲乙\n\n正文。\n");
    const core_diag *g = parse_fails(b.data, CORE_EINPUT);
    cr_assert_str_eq(g->code, "E-limit");
    cr_assert_eq(g->line, 2);
    cr_assert_eq(g->col, 2); /* 乙 */
    cr_assert_eq(diags.errors, 1);
    core_buf_free(&b);
    /* at the limit is fine; @title lines count as the text's do */
    b = (core_buf){0};
    core_buf_puts(&b, "@title ");
    for (int i = 0; i < CORE_MAX_TITLE_CHARS; i++)
        core_buf_puts(&b, "a");
    core_buf_puts(&b, "\n\n正文。\n");
    doc_document *doc = parse_ok(b.data);
    cr_assert_eq(doc->ntitle, 1);
    doc_document_drop(doc);
    core_buf_free(&b);
}

Test(parse, empty_input)
{
    doc_document *doc = parse_ok("");
    cr_assert_eq(doc->nblocks, 0);
    cr_assert_eq(doc->ntitle, 0);
    doc_document_drop(doc);
}

/* ---- the example report ----------------------------------------------------------- */

Test(parse, example_report_structure)
{
    size_t n;
    const char *text = read_example(&n);
    doc_document *doc = NULL;
    cr_assert_eq(parse_n(text, n, &doc), CORE_OK);
    cr_assert_eq(diags.errors + diags.warnings, 0);
    cr_assert_str_eq(doc->meta.title, "郑东新区科技人才局2022年政府信息公开工作年度报告");
    /* H = heading (its level follows), P = paragraph, T = table */
    const char *want = "H1 P H2 H2 H2 H2 H2 H1 T H1 T H1 T H1 P H2 H2 H2 H1 P";
    core_buf got = {0};
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_block *b = &doc->blocks[i];
        if (b->kind == DOC_BLOCK_HEADING)
            core_buf_printf(&got, "%sH%d", i ? " " : "", b->level);
        else
            core_buf_printf(&got, "%s%c", i ? " " : "",
                            b->kind == DOC_BLOCK_TABLE ? 'T' : 'P');
        if (b->kind == DOC_BLOCK_HEADING)
            cr_assert_eq(b->run_in, b->level == 2, "block %zu", i);
    }
    cr_assert_str_eq(got.data, want);
    core_buf_free(&got);
    const char *h1[] = {"一、总体情况", "二、主动公开政府信息情况",
                        "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况",
                        "五、存在的主要问题及改进情况", "六、其他需要报告的事项"};
    size_t k = 0;
    for (size_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == DOC_BLOCK_HEADING && doc->blocks[i].level == 1)
            assert_run(&doc->blocks[i].runs[0], h1[k++]);
    cr_assert_eq(k, 6);
    assert_heading(&doc->blocks[2], 2, "（一）主动公开。",
                   "主动公开的信息主要包括：机构设置、领导信息、主要职能、科技及工信业务相关的"
                   "政策法规、科技领域各种申报项目通知等。");
    assert_pos(doc, &doc->blocks[2].runs[0], 9, 9, 5);
    cr_assert_eq(diag_count("N-numbering"), 8);
    doc_document_drop(doc);
}

Test(parse, example_report_tables)
{
    size_t n;
    const char *text = read_example(&n);
    doc_document *doc = NULL;
    cr_assert_eq(parse_n(text, n, &doc), CORE_OK);
    /* 二 (14 rows), 三 (28 rows, a blank line inside), 四 (4 rows) */
    uint32_t rows[] = {14, 28, 4}, cols[] = {4, 9, 15}, lines[] = {21, 38, 70};
    size_t k = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_table *t = doc->blocks[i].table;
        if (!t)
            continue;
        cr_assert_lt(k, 3);
        cr_assert_eq(t->nrows, rows[k], "table %zu: %u rows", k, t->nrows);
        cr_assert_eq(t->ncols, cols[k]);
        uint32_t l, c;
        core_source_locate(doc->src, t->offset, &l, &c);
        cr_assert_eq(l, lines[k]);
        assert_grid(t);
        k++;
    }
    cr_assert_eq(k, 3);
    const doc_table *t3 = doc->blocks[10].table;
    /* the row after the blank line; cells keep the author's text */
    assert_run(&cell(t3, 7, 0)->text, "(三) 不予公开");
    assert_pos(doc, &cell(t3, 7, 0)->text, 0, 46, 1);
    doc_document_drop(doc);
}

Test(parse, example_positions_exact)
{
    size_t n;
    const char *text = read_example(&n);
    doc_document *doc = NULL;
    cr_assert_eq(parse_n(text, n, &doc), CORE_OK);
    assert_positions(doc);
    doc_document_drop(doc);
    doc = parse_ok("@agency 某局\n@date 2023-01-05\n@title 甲\\\\乙\n(一) 甲。乙\n(1)丙\n"
                   "a\t\\<\n正文\n@signature\n");
    assert_positions(doc);
    doc_document_drop(doc);
}

/* ---- scale ------------------------------------------------------------------------ */

Test(parse, large_inputs_are_linear, .timeout = 20)
{
    /* 100 000 lines of every kind, then one line of 1 MB */
    core_buf b = {0};
    core_buf_puts(&b, "T\n\n");
    for (int i = 0; i < 100000; i++) {
        static const char *k[] = {"一、总体", "(一) 主动公开。正文", "1.属于", "(1) 小项",
                                  "规章\t0\t^\t<", "2022年以来，有成效。"};
        core_buf_printf(&b, "%s\n", k[i % 6]);
    }
    for (int i = 0; i < 300000; i++)
        core_buf_puts(&b, "字");
    core_buf_puts(&b, "\n");
    doc_document *doc = NULL;
    cr_assert_eq(parse_n(b.data, b.len, &doc), CORE_OK);
    cr_assert_gt(doc->nblocks, 80000);
    cr_assert_eq(doc->blocks[doc->nblocks - 1].runs[0].len, 900000);
    doc_document_drop(doc);
    core_buf_free(&b);
}
