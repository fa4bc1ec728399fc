/*
 * Unit tests for the table templates (layouts/tables/NAME.tbl, src/parse/
 * template*.c): loading, recognising the standard tables of a report in
 * plain text and rebuilding them with the form's merges (FORMAT-2021.md
 * §3–§7). Tables go through parse_document, as in the program.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"

static core_diags tdiags;
static parse_templates *tset;

static void tfini(void)
{
    parse_templates_drop(tset);
    tset = NULL;
    core_diags_free(&tdiags);
}

TestSuite(template, .fini = tfini);

static const char *const tbl_files[] = {"2021-二.tbl", "2021-三.tbl", "2021-四.tbl",
                                        "2019-二.tbl", "2019-三.tbl"};

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    char *buf = malloc(1 << 20);
    *n = fread(buf, 1, (1 << 20) - 1, f);
    buf[*n] = 0;
    fclose(f);
    return buf;
}

/* The five templates of layouts/tables, read as the engine will. */
static parse_templates *load_all(void)
{
    parse_templates *set = parse_templates_new();
    for (size_t i = 0; i < sizeof tbl_files / sizeof *tbl_files; i++) {
        char path[512];
        size_t n;
        snprintf(path, sizeof path, "%s/layouts/tables/%s", GONGWEN_SOURCE_DIR, tbl_files[i]);
        char *text = slurp(path, &n);
        core_status st = parse_templates_add(set, tbl_files[i], text, n, &tdiags);
        cr_assert_eq(st, CORE_OK, "%s: %s", tbl_files[i],
                     tdiags.n ? tdiags.v[0].message : "?");
        free(text);
    }
    return set;
}

static doc_document *parse_with_templates(const char *text, size_t n)
{
    if (!tset)
        tset = load_all();
    doc_document *doc = NULL;
    cr_assert_eq(parse_document("t.txt", text, n, tset, &tdiags, &doc), CORE_OK);
    return doc;
}

static const doc_table *nth_table(const doc_document *doc, size_t k)
{
    for (size_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == DOC_BLOCK_TABLE && k-- == 0)
            return doc->blocks[i].table;
    cr_assert_fail("no table %zu", k);
    return NULL;
}

/* The text of the cell covering (row, col), 0-based, as a C string. */
static const char *at(const doc_table *t, uint32_t row, uint32_t col)
{
    static char buf[8][512];
    static int k;
    const doc_cell *c = doc_table_cell_at(t, row, col);
    cr_assert_not_null(c, "no cell at (%u,%u)", row, col);
    char *b = buf[k++ % 8];
    snprintf(b, 512, "%.*s", (int)c->text.len, c->text.text);
    return b;
}

static size_t count(const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < tdiags.n; i++)
        n += tdiags.v[i].code && strcmp(tdiags.v[i].code, code) == 0;
    return n;
}

static const core_diag *first(const char *code)
{
    for (size_t i = 0; i < tdiags.n; i++)
        if (tdiags.v[i].code && strcmp(tdiags.v[i].code, code) == 0)
            return &tdiags.v[i];
    return NULL;
}

static void assert_covered_once(const doc_table *t)
{
    for (uint32_t r = 0; r < t->nrows; r++)
        for (uint32_t c = 0; c < t->ncols; c++) {
            int n = 0;
            for (size_t i = 0; i < t->ncells; i++) {
                const doc_cell *x = &t->cells[i];
                n += r >= x->row && r < x->row + x->rowspan && c >= x->col &&
                     c < x->col + x->colspan;
            }
            cr_assert_eq(n, 1, "(%u,%u) covered %d times", r, c, n);
        }
}

/* ---- loading ------------------------------------------------------------------ */

Test(template, the_five_templates_load)
{
    tset = load_all();
    cr_assert_eq(tdiags.n, 0);
}

Test(template, malformed_template_gives_located_errors)
{
    tset = parse_templates_new();
    const char *bad = "# a broken template\n"
                      "table  x\n"
                      "title  表x\n"
                      "grid   2 2\n"
                      "label  1 1 1 1 甲\n"
                      "number 1 2 1 1 integer\n"
                      "nmbr   2 1 1 2 count\n"
                      "row    a 1\n"
                      "check col: a = b\n";
    cr_assert_eq(parse_templates_add(tset, "bad.tbl", bad, strlen(bad), &tdiags), CORE_EINPUT);
    cr_assert_geq(tdiags.errors, 3);
    const core_diag *g = &tdiags.v[0];
    cr_assert_str_eq(g->file, "bad.tbl");
    cr_assert_eq(g->line, 6);
    cr_assert_eq(g->col, 16, "col %u", g->col); /* at "integer" */
    cr_assert_str_eq(g->code, "E-template");
    cr_assert_eq(tdiags.v[1].line, 7);
    cr_assert_eq(tdiags.v[1].col, 1);
    cr_assert_eq(tdiags.v[2].line, 9);
    cr_assert_eq(tdiags.v[2].col, 16); /* "b" is not a row key */
    /* and the grid is not covered */
    bool uncovered = false;
    for (size_t i = 0; i < tdiags.n; i++)
        uncovered |= strstr(tdiags.v[i].message, "no cell covers") != NULL;
    cr_assert(uncovered);
}

Test(template, overlapping_cells_refused)
{
    tset = parse_templates_new();
    const char *bad = "table x\ntitle x\ngrid 1 2\nheader 0\nlabel 1 1 1 2 甲\nnumber 1 2 1 1 count\n";
    cr_assert_eq(parse_templates_add(tset, "o.tbl", bad, strlen(bad), &tdiags), CORE_EINPUT);
    cr_assert_eq(tdiags.v[0].line, 6);
    cr_assert(strstr(tdiags.v[0].message, "overlaps") != NULL);
}

/* ---- the example report ---------------------------------------------------- */

static doc_document *parse_example(void)
{
    size_t n;
    char *text = slurp(GONGWEN_SOURCE_DIR "/examples/report-2022.txt", &n);
    doc_document *doc = parse_with_templates(text, n);
    free(text);
    return doc;
}

Test(template, example_table_two)
{
    doc_document *doc = parse_example();
    const doc_table *t = nth_table(doc, 0);
    cr_assert_str_eq(t->template_id, "2021-二");
    cr_assert_str_eq(t->name, "表二");
    cr_assert_eq(t->nrows, 14);
    cr_assert_eq(t->ncols, 4);
    cr_assert_eq(t->header_rows, 0);
    assert_covered_once(t);
    /* the merges of the form */
    const doc_cell *c = doc_table_cell_at(t, 0, 3);
    cr_assert_eq(c->col, 0);
    cr_assert_eq(c->colspan, 4);
    cr_assert(c->header);
    c = doc_table_cell_at(t, 6, 3); /* 行政许可's number spans 3 columns */
    cr_assert_eq(c->col, 1);
    cr_assert_eq(c->colspan, 3);
    cr_assert_eq(c->value, DOC_VALUE_COUNT);
    cr_assert_str_eq(at(t, 6, 1), "0");
    cr_assert_eq(doc_table_cell_at(t, 13, 1)->value, DOC_VALUE_AMOUNT);
    /* the author's wording is kept, with a warning at the author's cell */
    cr_assert_str_eq(at(t, 1, 2), "本年度止件数");
    cr_assert_str_eq(at(t, 12, 1), "本年收费金额（单位：万元，保留4位小数）");
    cr_assert_eq(count("W-label"), 2);
    const core_diag *g = first("W-label");
    cr_assert_eq(g->line, 22);
    cr_assert_eq(g->col, 13);
    cr_assert(strstr(g->message, "本年废止件数") != NULL, "%s", g->message);
    cr_assert_eq(count("E-table-number"), 0);
    cr_assert_eq(t->nrules, 0);
    doc_document_drop(doc);
}

Test(template, example_table_three)
{
    doc_document *doc = parse_example();
    const doc_table *t = nth_table(doc, 1);
    cr_assert_str_eq(t->template_id, "2021-三");
    cr_assert_eq(t->nrows, 28);
    cr_assert_eq(t->ncols, 10);
    cr_assert_eq(t->header_rows, 3);
    assert_covered_once(t);
    /* labels as the form writes them, merges rebuilt */
    cr_assert_str_eq(at(t, 0, 0), "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    const doc_cell *c = doc_table_cell_at(t, 10, 0);
    cr_assert_str_eq(at(t, 10, 0), "三、本年度办理结果");
    cr_assert_eq(c->row, 5);
    cr_assert_eq(c->rowspan, 22);
    cr_assert_str_eq(at(t, 5, 1), "（一）予以公开");
    cr_assert_str_eq(at(t, 8, 1), "（三）不予公开");
    cr_assert_eq(doc_table_cell_at(t, 8, 1)->rowspan, 8);
    cr_assert_str_eq(at(t, 7, 2), "1.属于国家秘密");
    cr_assert_str_eq(at(t, 26, 1), "（七）总计");
    cr_assert_eq(doc_table_cell_at(t, 26, 1)->colspan, 2);
    /* (一) had six values for seven cells with the first empty: the 0 is 总计 */
    cr_assert_str_eq(at(t, 5, 9), "0");
    cr_assert_str_eq(at(t, 5, 8), "");
    cr_assert_str_eq(at(t, 6, 9), "0");
    cr_assert_eq(count("W-table-shift"), 2);
    for (uint32_t r = 7; r < 28; r++)
        for (uint32_t col = 3; col < 10; col++)
            cr_assert_str_eq(at(t, r, col), "0", "(%u,%u)", r, col);
    cr_assert_eq(count("E-table-number"), 0);
    cr_assert_eq(count("W-table-row"), 0);
    /* 7 columns × 2 column relations + 25 rows × 1 row relation */
    cr_assert_eq(t->nrules, 39);
    cr_assert_str_eq(t->rules[0].place, "列「自然人」");
    cr_assert_str_eq(t->rules[0].lhs_text, "一 + 二");
    cr_assert_str_eq(t->rules[0].rhs_text, "三（七）+ 四");
    cr_assert_eq(t->rules[7].nrhs, 21);
    cr_assert_str_eq(t->rules[14].place, "行「一」");
    cr_assert_eq(t->rules[14].nrhs, 6);
    doc_document_drop(doc);
}

Test(template, example_table_four)
{
    doc_document *doc = parse_example();
    const doc_table *t = nth_table(doc, 2);
    cr_assert_str_eq(t->template_id, "2021-四");
    cr_assert_eq(t->header_rows, 3);
    assert_covered_once(t);
    cr_assert_eq(doc_table_cell_at(t, 0, 7)->colspan, 10);
    cr_assert_eq(doc_table_cell_at(t, 2, 4)->rowspan, 2);
    cr_assert_str_eq(at(t, 2, 4), "总计");
    cr_assert_str_eq(at(t, 2, 10), "结果维持");
    for (uint32_t col = 0; col < 15; col++) {
        cr_assert_str_eq(at(t, 3, col), "0");
        cr_assert_eq(doc_table_cell_at(t, 3, col)->value, DOC_VALUE_COUNT);
    }
    cr_assert_eq(t->nrules, 3);
    cr_assert_str_eq(t->rules[0].place, "行政复议");
    doc_document_drop(doc);
}

Test(template, example_positions)
{
    doc_document *doc = parse_example();
    const doc_table *t = nth_table(doc, 1);
    uint32_t l, c;
    /* a number keeps its source position: 1.属于国家秘密's 自然人 on line 46 */
    const doc_cell *x = doc_table_cell_at(t, 7, 3);
    core_source_locate(doc->src, doc_run_offset(&x->text, 0), &l, &c);
    cr_assert_eq(l, 46);
    cr_assert_eq(c, 19);
    /* a normalised label points at the author's cell */
    x = doc_table_cell_at(t, 5, 1);
    core_source_locate(doc->src, doc_run_offset(&x->text, 3), &l, &c);
    cr_assert_eq(l, 43);
    cr_assert_eq(c, 11);
    /* the missing merged label （三）不予公开 of row 9 is the author's line 46 */
    x = doc_table_cell_at(t, 9, 1);
    core_source_locate(doc->src, doc_run_offset(&x->text, 0), &l, &c);
    cr_assert_eq(l, 46);
    doc_document_drop(doc);
}
