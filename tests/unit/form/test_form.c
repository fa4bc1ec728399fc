/*
 * Unit tests for the forms (layouts/tables/NAME.tbl, src/form/): loading,
 * recognising the standard tables of a report in plain text and rebuilding
 * them with the form's merges (FORMAT-2021.md §3–§7). Tables go through
 * parse_document and form_apply, as in the program.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form.h"
#include "parse/parse.h"
#include "form/form-imp.h" /* tpl_value_like, for the no-value-lost invariant */

static core_diags tdiags;
static form_set *tset;

static void tfini(void)
{
    form_set_drop(tset);
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
static form_set *load_all(void)
{
    form_set *set = form_set_new();
    for (size_t i = 0; i < sizeof tbl_files / sizeof *tbl_files; i++) {
        char path[512];
        size_t n;
        snprintf(path, sizeof path, "%s/layouts/tables/%s", GONGWEN_SOURCE_DIR, tbl_files[i]);
        char *text = slurp(path, &n);
        core_status st = form_set_add(set, tbl_files[i], text, n, &tdiags);
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
    cr_assert_eq(parse_document("t.txt", text, n, &tdiags, &doc), CORE_OK);
    form_apply(tset, doc, &tdiags);
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
    tset = form_set_new();
    const char *bad = "# a broken template\n"
                      "table  x\n"
                      "title  表x\n"
                      "grid   2 2\n"
                      "label  1 1 1 1 甲\n"
                      "number 1 2 1 1 integer\n"
                      "nmbr   2 1 1 2 count\n"
                      "row    a 1\n"
                      "check col: a = b\n";
    char *name = strdup("bad.tbl");
    cr_assert_eq(form_set_add(tset, name, bad, strlen(bad), &tdiags), CORE_EINPUT);
    /* the diagnostics outlive both the caller's name and the set */
    free(name);
    form_set_drop(tset);
    tset = NULL;
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
    tset = form_set_new();
    const char *bad = "table x\ntitle x\ngrid 1 2\nheader 0\nlabel 1 1 1 2 甲\nnumber 1 2 1 1 count\n";
    cr_assert_eq(form_set_add(tset, "o.tbl", bad, strlen(bad), &tdiags), CORE_EINPUT);
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

/* The form decides each number cell's value, unit and keys once. */
Test(template, values_and_keys_decided_on_the_document)
{
    doc_document *doc = parse_example();
    const doc_table *t2 = nth_table(doc, 0), *t3 = nth_table(doc, 1);
    const doc_cell *c = doc_table_cell_at(t3, 3, 3); /* 一、本年新收 自然人 */
    cr_assert_str_eq(c->row_key, "一");
    cr_assert_str_eq(c->col_key, "自然人");
    cr_assert_eq(c->num.state, c->text.len ? DOC_NUM_OK : DOC_NUM_EMPTY);
    c = doc_table_cell_at(t3, 6, 9);
    cr_assert_str_eq(c->row_key, "三.二");
    cr_assert_str_eq(c->col_key, "总计");
    cr_assert_eq(c->num.state, DOC_NUM_OK);
    cr_assert(c->num.q == 0);
    c = doc_table_cell_at(t2, 6, 1); /* 行政许可: one number over three columns */
    cr_assert_str_eq(c->row_key, "行政许可");
    cr_assert_null(c->col_key);
    c = doc_table_cell_at(t2, 13, 1);
    cr_assert_str_eq(c->row_key, "行政事业性收费");
    cr_assert_eq(c->num.unit, DOC_UNIT_WANYUAN);
    cr_assert_null(doc_table_cell_at(t3, 5, 1)->row_key); /* a label has no key */
    doc_document_drop(doc);
}

/* 40 nines: too long to be exact, said so, and no overflow on the way (the
 * digit count is checked before multiplying; UBSan watches this test). */
Test(template, forty_nines_are_too_long_not_an_overflow)
{
    char nines[41];
    memset(nines, '9', 40);
    nines[40] = 0;
    core_arena *a = core_arena_new();
    doc_run r = {.text = nines, .len = 40};
    doc_number v = doc_number_read(a, &r, DOC_VALUE_COUNT, DOC_UNIT_NONE);
    cr_assert_eq(v.state, DOC_NUM_LONG);
    doc_fixed q = 7;
    cr_assert_not(doc_fixed_parse(nines, 40, &q));
    cr_assert(q == 7);
    cr_assert(doc_fixed_parse("-12.5", 5, &q));
    cr_assert(q == -12500000);
    r = (doc_run){.text = "１２万元", .len = strlen("１２万元")};
    v = doc_number_read(a, &r, DOC_VALUE_AMOUNT, DOC_UNIT_NONE);
    cr_assert_eq(v.state, DOC_NUM_OK);
    cr_assert(v.wide);
    cr_assert_eq(v.unit, DOC_UNIT_WANYUAN);
    cr_assert(v.q == 12 * (doc_fixed)DOC_FIXED_ONE);
    r = (doc_run){.text = "3件", .len = 4};
    v = doc_number_read(a, &r, DOC_VALUE_COUNT, DOC_UNIT_NONE);
    cr_assert_eq(v.state, DOC_NUM_BAD);
    cr_assert_str_eq(v.reason, "has more than a number in it");
    core_arena_drop(a);
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
    cr_assert_str_eq(t->rules[0].place, "「行政复议」");
    cr_assert_str_eq(t->rules[1].place, "「行政诉讼·未经复议直接起诉」");
    cr_assert_str_eq(t->rules[2].place, "「行政诉讼·复议后起诉」");
    cr_assert_str_eq(t->rules[1].lhs_text, "结果维持 + 结果纠正 + 其他结果 + 尚未审结");
    cr_assert_str_eq(t->rules[1].rhs_text, "总计");
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

/* ---- table 三, generated ------------------------------------------------------ */

#define T3_HEAD                                                                  \
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n" \
    "\t自然人\t法人或其他组织\t\t\t\t\t总计\n"                                      \
    "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n"

/* The label fields of the 25 data rows as a report writes them: one field
 * per label column, merged labels written once. */
static const char *const t3_rows_2021[] = {
    "一、本年新收政府信息公开申请数量\t\t",
    "二、上年结转政府信息公开申请数量\t\t",
    "三、本年度办理结果\t（一）予以公开\t",
    "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t",
    "\t（三）不予公开\t1.属于国家秘密",
    "\t\t2.其他法律行政法规禁止公开",
    "\t\t3.危及“三安全一稳定”",
    "\t\t4.保护第三方合法权益",
    "\t\t5.属于三类内部事务信息",
    "\t\t6.属于四类过程性信息",
    "\t\t7.属于行政执法案卷",
    "\t\t8.属于行政查询事项",
    "\t（四）无法提供\t1.本机关不掌握相关政府信息",
    "\t\t2.没有现成信息需要另行制作",
    "\t\t3.补正后申请内容仍不明确",
    "\t（五）不予处理\t1.信访举报投诉类申请",
    "\t\t2.重复申请",
    "\t\t3.要求提供公开出版物",
    "\t\t4.无正当理由大量反复申请",
    "\t\t5.要求行政机关确认或重新出具已获取信息",
    "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "\t\t3.其他",
    "\t（七）总计\t",
    "四、结转下年度继续办理\t\t",
};

/* Value j of data row i: distinct, so that placement can be checked. */
static int t3_value(size_t i, size_t j) { return (int)((i + 1) * 10 + j); }

/* Table 三 with the given label fields; rows[i] NULL leaves row i out; a
 * row starting with '=' is written as is (after the '='). */
static char *t3_text(const char *const *rows, size_t n)
{
    core_buf b = {0};
    core_buf_puts(&b, "标题\n\n" T3_HEAD);
    for (size_t i = 0; i < n; i++) {
        if (!rows[i])
            continue;
        if (rows[i][0] == '=') {
            core_buf_printf(&b, "%s\n", rows[i] + 1);
            continue;
        }
        core_buf_puts(&b, rows[i]);
        for (size_t j = 0; j < 7; j++)
            core_buf_printf(&b, "\t%d", t3_value(i, j));
        core_buf_puts(&b, "\n");
    }
    return b.data;
}

static const doc_table *parse_t3(const char *const *rows, size_t n, doc_document **doc)
{
    char *text = t3_text(rows, n);
    *doc = parse_with_templates(text, strlen(text));
    free(text);
    return nth_table(*doc, 0);
}

/* Data row i (0-based, of the 2021 form) holds the generated values of
 * input row `src` in the template row `row`. */
static void assert_values(const doc_table *t, uint32_t row, size_t src)
{
    for (uint32_t j = 0; j < 7; j++) {
        char want[16];
        snprintf(want, sizeof want, "%d", t3_value(src, j));
        cr_assert_str_eq(at(t, row, 3 + j), want, "row %u col %u", row, 3 + j);
    }
}

#define NROWS3 (sizeof t3_rows_2021 / sizeof *t3_rows_2021)

Test(template, table_three_as_the_form_writes_it)
{
    doc_document *doc;
    const doc_table *t = parse_t3(t3_rows_2021, NROWS3, &doc);
    cr_assert_str_eq(t->template_id, "2021-三");
    for (size_t i = 0; i < NROWS3; i++)
        assert_values(t, 3 + (uint32_t)i, i);
    cr_assert_eq(tdiags.warnings + tdiags.errors, 0, "%s", tdiags.n ? tdiags.v[0].message : "");
    doc_document_drop(doc);
}

Test(template, shifted_cells_find_their_cells)
{
    const char *rows[NROWS3];
    memcpy(rows, t3_rows_2021, sizeof rows);
    rows[0] = "一、本年新收政府信息公开申请数量";                 /* shifted left by 2 */
    rows[5] = "\t\t\t\t2.其他法律行政法规禁止公开";               /* right by 2 */
    rows[23] = "（七）总计";                                      /* left, label moved */
    rows[24] = "\t四、结转下年度继续办理\t\t";                     /* right by 1 */
    rows[4] = "\t\t（三）不予公开\t1.属于国家秘密\t";              /* right, extra empty */
    doc_document *doc;
    const doc_table *t = parse_t3(rows, NROWS3, &doc);
    cr_assert_str_eq(t->template_id, "2021-三");
    for (size_t i = 0; i < NROWS3; i++)
        assert_values(t, 3 + (uint32_t)i, i);
    cr_assert_str_eq(at(t, 26, 1), "（七）总计");
    cr_assert_eq(tdiags.errors, 0);
    doc_document_drop(doc);
}

/* Heads cut into pieces (pdftotext -layout puts the lines of neighbouring
 * heads in one cell) are set as the form's, each with a note; the rows
 * are placed as ever. */
Test(template, heads_in_pieces_are_set_as_the_form_writes_them)
{
    char *text = t3_text(t3_rows_2021, NROWS3);
    const char *from = "\t自然人\t法人或其他组织\t", *to = "\t自然人\t社会 法律\t";
    const char *from2 = "法律服务机构\t其他\t", *to2 = "法律服务机构\t公益 服务 其他\t";
    core_buf b = {0};
    char *p = strstr(text, from), *q = strstr(text, from2);
    cr_assert(p && q && p < q);
    core_buf_append(&b, text, (size_t)(p - text));
    core_buf_puts(&b, to);
    core_buf_append(&b, p + strlen(from), (size_t)(q - p - strlen(from)));
    core_buf_puts(&b, to2);
    core_buf_puts(&b, q + strlen(from2));
    free(text);
    doc_document *doc = parse_with_templates(b.data, b.len);
    const doc_table *t = nth_table(doc, 0);
    cr_assert_str_eq(t->template_id, "2021-三");
    cr_assert_str_eq(at(t, 1, 4), "法人或其他组织");
    cr_assert_str_eq(at(t, 2, 8), "其他");
    cr_assert_eq(count("N-label") >= 2, true);
    const core_diag *g = first("N-label");
    cr_assert(strstr(g->message, "the head") != NULL, "%s", g->message);
    for (size_t i = 0; i < NROWS3; i++)
        assert_values(t, 3 + (uint32_t)i, i);
    doc_document_drop(doc);
    core_buf_free(&b);
}

Test(template, merged_label_repeated_or_missing)
{
    const char *rows[NROWS3];
    memcpy(rows, t3_rows_2021, sizeof rows);
    rows[3] = "三、本年度办理结果\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t";
    rows[5] = "三、本年度办理结果\t（三）不予公开\t2.其他法律行政法规禁止公开";
    rows[4] = "\t\t1.属于国家秘密";  /* （三）不予公开 missing where it starts */
    rows[2] = "\t（一）予以公开\t"; /* 三、本年度办理结果 missing here */
    rows[20] = "\t\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请";
    doc_document *doc;
    const doc_table *t = parse_t3(rows, NROWS3, &doc);
    for (size_t i = 0; i < NROWS3; i++)
        assert_values(t, 3 + (uint32_t)i, i);
    /* the labels the author left out are the form's */
    cr_assert_str_eq(at(t, 5, 0), "三、本年度办理结果");
    cr_assert_str_eq(at(t, 7, 1), "（三）不予公开");
    cr_assert_eq(tdiags.errors, 0);
    cr_assert_eq(count("W-label"), 0);
    /* a label written only in a later row it spans is taken from there */
    uint32_t l, c;
    const doc_cell *x = doc_table_cell_at(t, 5, 0);
    core_source_locate(doc->src, doc_run_offset(&x->text, 0), &l, &c);
    cr_assert_eq(l, 9);
    /* a label the author left out is generated and points at the table's
     * first line */
    cr_assert_str_eq(at(t, 23, 1), "（六）其他处理");
    cr_assert_eq(count("N-label"), 1);
    cr_assert_str_eq(first("N-label")->message,
                     "表三: the label 「（六）其他处理」 is not in the text; added from the form");
    x = doc_table_cell_at(t, 23, 1);
    core_source_locate(doc->src, doc_run_offset(&x->text, 4), &l, &c);
    cr_assert_eq(l, 3);
    cr_assert_eq(c, 1);
    doc_document_drop(doc);
}

/* Replace every `from` in s by `to` (a new heap string). */
static char *replace_all(const char *s, const char *from, const char *to)
{
    core_buf b = {0};
    for (const char *p; (p = strstr(s, from)) != NULL; s = p + strlen(from)) {
        core_buf_append(&b, s, (size_t)(p - s));
        core_buf_puts(&b, to);
    }
    core_buf_puts(&b, s);
    return b.data;
}

Test(template, half_width_labels_read_as_the_form)
{
    char *text = t3_text(t3_rows_2021, NROWS3);
    char *a = replace_all(text, "（", "(");
    char *b = replace_all(a, "）", ")");
    char *c = replace_all(b, "，", ",");
    char *d = replace_all(c, "1.属于", "1. 属于");
    doc_document *doc = parse_with_templates(d, strlen(d));
    const doc_table *t = nth_table(doc, 0);
    cr_assert_str_eq(t->template_id, "2021-三");
    cr_assert_str_eq(at(t, 0, 0), "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    cr_assert_str_eq(at(t, 6, 1), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
    cr_assert_str_eq(at(t, 7, 2), "1.属于国家秘密");
    cr_assert_eq(count("W-label"), 0);
    assert_values(t, 3, 0);
    free(text), free(a), free(b), free(c), free(d);
    doc_document_drop(doc);
}

Test(template, empty_cells_stay_empty)
{
    const char *rows[NROWS3];
    memcpy(rows, t3_rows_2021, sizeof rows);
    rows[1] = "=二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t\t\t";
    rows[3] = "=\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t\t5\t\t\t\t\t";
    doc_document *doc;
    const doc_table *t = parse_t3(rows, NROWS3, &doc);
    for (uint32_t j = 3; j < 10; j++) {
        cr_assert_str_eq(at(t, 4, j), "");
        cr_assert_eq(doc_table_cell_at(t, 4, j)->value, DOC_VALUE_COUNT);
        cr_assert_str_eq(at(t, 6, j), j == 4 ? "5" : "");
    }
    assert_values(t, 3, 0);
    assert_values(t, 5, 2);
    cr_assert_eq(tdiags.errors + tdiags.warnings, 0, "%s", tdiags.n ? tdiags.v[0].message : "");
    doc_document_drop(doc);
}

Test(template, a_missing_row_is_added_empty_with_a_warning)
{
    const char *rows[NROWS3];
    memcpy(rows, t3_rows_2021, sizeof rows);
    rows[6] = NULL; /* 3.危及“三安全一稳定” */
    doc_document *doc;
    const doc_table *t = parse_t3(rows, NROWS3, &doc);
    cr_assert_str_eq(t->template_id, "2021-三");
    for (size_t i = 0; i < NROWS3; i++)
        if (i == 6)
            for (uint32_t j = 3; j < 10; j++)
                cr_assert_str_eq(at(t, 9, j), "");
        else
            assert_values(t, 3 + (uint32_t)i, i);
    cr_assert_str_eq(at(t, 9, 2), "3.危及“三安全一稳定”");
    cr_assert_eq(count("W-table-row"), 1);
    const core_diag *g = first("W-table-row");
    cr_assert(strstr(g->message, "3.危及“三安全一稳定”") != NULL, "%s", g->message);
    cr_assert_eq(g->line, 12); /* where the next row is */
    cr_assert_eq(tdiags.errors, 0);
    doc_document_drop(doc);
}

Test(template, values_that_cannot_be_placed_are_errors)
{
    const char *rows[NROWS3];
    memcpy(rows, t3_rows_2021, sizeof rows);
    rows[0] = "=一、本年新收政府信息公开申请数量\t\t\t1\t2\t3\t4\t5\t6\t7\t8";
    rows[1] = "=二、上年结转政府信息公开申请数量\t9\t\t1\t2\t3\t4\t5\t6\t7";
    doc_document *doc;
    const doc_table *t = parse_t3(rows, NROWS3, &doc);
    cr_assert_str_eq(t->template_id, "2021-三");
    /* eight values for seven cells: the last is reported, never dropped */
    cr_assert_eq(count("E-table-number"), 3);
    const core_diag *g = first("E-table-number");
    cr_assert_eq(g->line, 6);
    cr_assert_eq(g->col, 34);
    cr_assert_str_eq(g->message, "表三: the value 「8」 cannot be placed: no number cell is left "
                                 "in row 「一、本年新收政府信息公开申请数量」");
    cr_assert_str_eq(at(t, 3, 9), "7");
    /* "9" in 二's label area, then an empty field: nine fields for seven cells */
    cr_assert_str_eq(at(t, 4, 3), "9");
    cr_assert_str_eq(at(t, 4, 4), "");
    cr_assert_str_eq(at(t, 4, 9), "5");
    doc_document_drop(doc);
}

Test(template, reworded_label_kept_with_a_warning)
{
    const char *rows[NROWS3];
    memcpy(rows, t3_rows_2021, sizeof rows);
    rows[4] = "\t（三）不予公开\t1.涉及秘密的";
    rows[16] = "\t\t2.重复的申请";
    doc_document *doc;
    const doc_table *t = parse_t3(rows, NROWS3, &doc);
    cr_assert_str_eq(at(t, 7, 2), "1.涉及秘密的");
    cr_assert_str_eq(at(t, 19, 2), "2.重复的申请");
    assert_values(t, 7, 4);
    assert_values(t, 19, 16);
    cr_assert_eq(count("W-label"), 2);
    cr_assert(strstr(first("W-label")->message, "1.属于国家秘密") != NULL);
    cr_assert_eq(first("W-label")->line, 10);
    cr_assert_eq(first("W-label")->col, 10);
    doc_document_drop(doc);
}

Test(template, a_row_outside_the_form_is_reported)
{
    const char *rows[NROWS3 + 1];
    memcpy(rows, t3_rows_2021, sizeof t3_rows_2021);
    rows[NROWS3] = "=五、其他说明\t\t\t1\t\t\t\t\t\t";
    doc_document *doc;
    const doc_table *t = parse_t3(rows, NROWS3 + 1, &doc);
    cr_assert_str_eq(t->template_id, "2021-三");
    cr_assert_eq(count("W-table-row"), 1);
    cr_assert_eq(count("E-table-number"), 1);
    cr_assert_eq(first("E-table-number")->line, 31);
    doc_document_drop(doc);
}

Test(template, unknown_tables_stay_plain_grids)
{
    const char *text = "标题\n\n甲\t乙\n1\t2\n\n正文。\n\n规章\t0\t0\n信息内容\t其他\n";
    doc_document *doc = parse_with_templates(text, strlen(text));
    cr_assert_null(nth_table(doc, 0)->template_id);
    cr_assert_null(nth_table(doc, 1)->template_id);
    cr_assert_eq(tdiags.errors + tdiags.warnings, 0);
    doc_document_drop(doc);
}

/* ---- the 2019 form ------------------------------------------------------------- */

Test(template, table_three_of_2019)
{
    const char *rows[NROWS3];
    size_t n = 0;
    for (size_t i = 0; i < NROWS3; i++) {
        if (i == 20)
            rows[n++] = "\t（六）其他处理\t";
        else if (i != 21 && i != 22)
            rows[n++] = t3_rows_2021[i];
    }
    doc_document *doc;
    const doc_table *t = parse_t3(rows, n, &doc);
    cr_assert_str_eq(t->template_id, "2019-三");
    cr_assert_eq(t->nrows, 26);
    cr_assert_eq(doc_table_cell_at(t, 5, 0)->rowspan, 20);
    cr_assert_str_eq(at(t, 23, 1), "（六）其他处理");
    cr_assert_eq(doc_table_cell_at(t, 23, 1)->colspan, 2);
    for (size_t i = 0; i < n; i++)
        assert_values(t, 3 + (uint32_t)i, i);
    cr_assert_eq(tdiags.errors + tdiags.warnings, 0, "%s", tdiags.n ? tdiags.v[0].message : "");
    /* 三（七）= 三（一）… 三（六): 19 rows */
    cr_assert_eq(t->rules[7].nrhs, 19);
    doc_document_drop(doc);
}

Test(template, table_two_of_2019)
{
    const char *text = "标题\n\n"
                       "第二十条第（一）项\t\t\t\n"
                       "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
                       "规章\t0\t0\t3\n"
                       "规范性文件\t2\t2\t15\n"
                       "第二十条第（五）项\t\t\t\n"
                       "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
                       "行政许可\t10\t-2\t120\n"
                       "其他对外管理服务事项\t4\t0\t30\n"
                       "第二十条第（六）项\t\t\t\n"
                       "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
                       "行政处罚\t5\t1\t7\n"
                       "行政强制\t0\t0\t0\n"
                       "第二十条第（八）项\t\t\t\n"
                       "信息内容\t上一年项目数量\t本年增/减\n"
                       "行政事业性收费\t2\t0\n"
                       "第二十条第（九）项\t\t\t\n"
                       "信息内容\t采购项目数量\t采购总金额\n"
                       "政府集中采购\t3\t25000元\n";
    doc_document *doc = parse_with_templates(text, strlen(text));
    const doc_table *t = nth_table(doc, 0);
    cr_assert_str_eq(t->template_id, "2019-二");
    assert_covered_once(t);
    cr_assert_str_eq(at(t, 6, 2), "-2");
    cr_assert_eq(doc_table_cell_at(t, 6, 2)->value, DOC_VALUE_DELTA);
    cr_assert_str_eq(at(t, 14, 1), "2");
    cr_assert_str_eq(at(t, 14, 3), "0"); /* 本年增/减 spans columns 3–4 */
    cr_assert_str_eq(at(t, 17, 2), "3");
    cr_assert_eq(doc_table_cell_at(t, 17, 1)->colspan, 2);
    cr_assert_str_eq(at(t, 17, 3), "25000元");
    cr_assert_eq(doc_table_cell_at(t, 17, 3)->value, DOC_VALUE_AMOUNT);
    cr_assert_eq(tdiags.errors + tdiags.warnings, 0, "%s", tdiags.n ? tdiags.v[0].message : "");
    doc_document_drop(doc);
}

/* ---- table 四 ------------------------------------------------------------------ */

Test(template, table_four_with_the_authors_merges)
{
    /* "<" and "^" merges written by the author: covered positions are no
     * fields, so the rows align as in the form */
    const char *text =
        "标题\n\n"
        "行政复议\t<\t<\t<\t<\t行政诉讼\t<\t<\t<\t<\t<\t<\t<\t<\t<\n"
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t<\t<\t<\t<\t复议后起诉\t<\t<\t<\t<\n"
        "^\t^\t^\t^\t^\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
        "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t2\t1\t0\t0\t2\n";
    doc_document *doc = parse_with_templates(text, strlen(text));
    const doc_table *t = nth_table(doc, 0);
    cr_assert_str_eq(t->template_id, "2021-四");
    const char *want[] = {"1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "2", "1", "0", "0", "2"};
    for (uint32_t c = 0; c < 15; c++)
        cr_assert_str_eq(at(t, 3, c), want[c]);
    cr_assert_str_eq(at(t, 1, 10), "复议后起诉");
    cr_assert_eq(tdiags.errors + tdiags.warnings, 0);
    /* numbers are centred, row labels left, heads centred */
    cr_assert_eq(doc_table_cell_at(t, 3, 0)->align, DOC_ALIGN_CENTER);
    cr_assert_eq(doc_table_cell_at(t, 0, 0)->align, DOC_ALIGN_CENTER);
    doc_document_drop(doc);
}

Test(template, table_four_with_one_header_row)
{
    const char *text = "标题\n\n"
                       "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t"
                       "尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
                       "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t2\t1\t0\t0\t3\n";
    doc_document *doc = parse_with_templates(text, strlen(text));
    const doc_table *t = nth_table(doc, 0);
    cr_assert_str_eq(t->template_id, "2021-四");
    cr_assert_str_eq(at(t, 3, 14), "3");
    cr_assert_str_eq(at(t, 0, 0), "行政复议"); /* generated */
    cr_assert_eq(count("W-table-row"), 2); /* the two head rows above */
    cr_assert_eq(tdiags.errors, 0);
    doc_document_drop(doc);
}

Test(template, total_column_left_out_at_the_end)
{
    const char *rows[NROWS3];
    memcpy(rows, t3_rows_2021, sizeof rows);
    rows[4] = "=\t（三）不予公开\t1.属于国家秘密\t1\t2\t3\t4\t5\t6";
    doc_document *doc;
    const doc_table *t = parse_t3(rows, NROWS3, &doc);
    cr_assert_str_eq(at(t, 7, 3), "1");
    cr_assert_str_eq(at(t, 7, 8), "6");
    cr_assert_str_eq(at(t, 7, 9), "");
    cr_assert_eq(count("W-table-shift"), 1);
    cr_assert_str_eq(first("W-table-shift")->message,
                     "表三: row 「1.属于国家秘密」 has 6 values for 7 number cells; placed in the first 6");
    doc_document_drop(doc);
}

Test(template, stray_value_and_text_in_the_label_area)
{
    const char *rows[NROWS3];
    memcpy(rows, t3_rows_2021, sizeof rows);
    rows[0] = "=9\t一、本年新收政府信息公开申请数量\t\t10\t11\t12\t13\t14\t15\t16";
    rows[3] = "=备注\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t40\t41\t42\t43\t44\t45\t46";
    doc_document *doc;
    const doc_table *t = parse_t3(rows, NROWS3, &doc);
    assert_values(t, 3, 0);
    assert_values(t, 6, 3);
    cr_assert_eq(count("E-table-number"), 1);
    cr_assert_str_eq(first("E-table-number")->message,
                     "表三: the value 「9」 cannot be placed: it stands before the label of row "
                     "「一、本年新收政府信息公开申请数量」");
    cr_assert_eq(first("E-table-number")->line, 6);
    cr_assert_eq(count("W-table-text"), 1);
    cr_assert_eq(first("W-table-text")->line, 9);
    doc_document_drop(doc);
}

Test(template, every_cell_names_a_place_in_the_source)
{
    /* runs without a map are the source bytes at their offset; generated
     * labels stand for one place in the source */
    doc_document *doc = parse_example();
    for (size_t k = 0; k < 3; k++) {
        const doc_table *t = nth_table(doc, k);
        for (size_t i = 0; i < t->ncells; i++) {
            const doc_run *r = &t->cells[i].text;
            cr_assert_eq(r->role, DOC_ROLE_TABLE);
            if (r->generated) {
                cr_assert_null(r->map, "no map: 8 bytes a byte (issue 13 item 9)");
                cr_assert_leq(r->offset, doc->src->len);
                cr_assert_eq(doc_run_offset(r, r->len / 2), r->offset);
            } else if (r->map) {
                for (size_t b = 0; b < r->len; b++)
                    cr_assert_lt(r->map[b], doc->src->len);
            } else {
                cr_assert_leq(r->offset + r->len, doc->src->len);
                cr_assert(memcmp(doc->src->text + r->offset, r->text, r->len) == 0,
                          "「%.*s」 is not the source at its offset", (int)r->len, r->text);
            }
        }
    }
    doc_document_drop(doc);
}

/* ---- robustness and scale ------------------------------------------------------ */

/* Tables shuffled from the form's own labels, values, notes and junk, in a
 * fixed pseudo-random sequence: whatever is recognised, every grid position
 * is covered once and no value vanishes without a diagnostic. */
Test(template, shuffled_tables_never_break_the_rebuild)
{
    static const char *const words[] = {
        "一、本年新收政府信息公开申请数量", "（三）不予公开", "1.属于国家秘密", "总计", "自然人",
        "结果维持", "行政复议", "第二十条第（一）项", "信息内容", "规章", "0", "12", "-3",
        "12（其中修订3件）", "", "", "无", "<", "^", "３", "本年度止件数", "2.重复申请", "（七）总计",
        "四、结转下年度继续办理", "三、本年度办理结果", "x", "25000元", "申请人情况"};
    size_t nw = sizeof words / sizeof *words;
    unsigned seed = 12345;
    for (int round = 0; round < 200; round++) {
        core_buf b = {0};
        core_buf_puts(&b, "标题\n\n");
        seed = seed * 1103515245u + 12345u;
        int rows = 1 + (int)((seed >> 16) % 30);
        for (int r = 0; r < rows; r++) {
            seed = seed * 1103515245u + 12345u;
            int cols = 1 + (int)((seed >> 16) % 16);
            for (int c = 0; c < cols; c++) {
                seed = seed * 1103515245u + 12345u;
                core_buf_printf(&b, "%s%s", c ? "\t" : "", words[(seed >> 16) % nw]);
            }
            core_buf_puts(&b, cols == 1 ? "\t\n" : "\n");
        }
        core_diags_free(&tdiags);
        doc_document *doc = parse_with_templates(b.data, b.len);
        for (size_t i = 0; i < doc->nblocks; i++)
            if (doc->blocks[i].table && doc->blocks[i].table->template_id)
                assert_covered_once(doc->blocks[i].table);
        doc_document_drop(doc);
        core_buf_free(&b);
    }
}

Test(template, recognition_is_fast, .timeout = 20)
{
    size_t n;
    char *ex = slurp(GONGWEN_SOURCE_DIR "/examples/report-2022.txt", &n);
    const char *body = strstr(ex, "二、主动公开政府信息情况");
    core_buf b = {0};
    core_buf_append(&b, ex, n);
    for (int i = 0; i < 100; i++) /* 300 standard tables */
        core_buf_printf(&b, "\n\n正文。\n\n%s", body);
    doc_document *doc = parse_with_templates(b.data, b.len);
    size_t templated = 0;
    for (size_t i = 0; i < doc->nblocks; i++)
        templated += doc->blocks[i].table && doc->blocks[i].table->template_id;
    cr_assert_eq(templated, 303);
    doc_document_drop(doc);
    core_buf_free(&b);
    free(ex);
}

/* Values of a document's tables: in number cells of templated tables (or in
 * any cell of a plain grid) that read as values. */
static size_t values_in(const doc_document *doc, bool number_cells_only)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_table *t = doc->blocks[i].table;
        for (size_t c = 0; t && c < t->ncells; c++) {
            const doc_cell *x = &t->cells[c];
            if (number_cells_only && t->template_id && x->value == DOC_VALUE_NONE)
                continue;
            n += x->text.len && tpl_value_like(x->text.text, x->text.len);
        }
    }
    return n;
}

/* Table 三 mutated line by line (fields dropped, inserted, replaced, lines
 * dropped or doubled): every value of the input is in a number cell or
 * named by an E-table-number. */
Test(template, mutated_tables_lose_no_value)
{
    static const char *const junk[] = {"", "", "0", "7", "x", "备注", "（一）予以公开", "3.其他"};
    unsigned seed = 777;
    size_t recognised = 0;
    for (int round = 0; round < 150; round++) {
        char *base = t3_text(t3_rows_2021, NROWS3);
        core_buf b = {0};
        for (char *line = strtok(base, "\n"); line; line = strtok(NULL, "\n")) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            if (r < 4)
                continue; /* line dropped */
            for (int rep = 0; rep < (r < 8 ? 2 : 1); rep++) {
                size_t k = 0;
                for (char *f = line, *e; f; f = e ? e + 1 : NULL, k++) {
                    e = strchr(f, '\t');
                    size_t fl = e ? (size_t)(e - f) : strlen(f);
                    seed = seed * 1103515245u + 12345u;
                    unsigned m = (seed >> 16) % 100;
                    if (m < 3)
                        continue; /* field dropped */
                    if (k && b.len)
                        core_buf_puts(&b, "\t");
                    if (m < 6)
                        core_buf_printf(&b, "%s\t", junk[(seed >> 8) % 8]); /* inserted */
                    if (m >= 6 && m < 9)
                        core_buf_puts(&b, junk[(seed >> 8) % 8]); /* replaced */
                    else
                        core_buf_append(&b, f, fl);
                }
                core_buf_puts(&b, "\n");
            }
        }
        free(base);
        core_diags_free(&tdiags);
        doc_document *plain = NULL;
        cr_assert_eq(parse_document("t.txt", b.data, b.len, &tdiags, &plain), CORE_OK);
        size_t want = values_in(plain, false);
        doc_document_drop(plain);
        core_diags_free(&tdiags);
        doc_document *doc = parse_with_templates(b.data, b.len);
        for (size_t i = 0; i < doc->nblocks; i++)
            if (doc->blocks[i].table && doc->blocks[i].table->template_id) {
                assert_covered_once(doc->blocks[i].table);
                recognised++;
            }
        cr_assert_eq(values_in(doc, true) + count("E-table-number"), want,
                     "round %d: %zu placed + %zu reported != %zu values", round,
                     values_in(doc, true), count("E-table-number"), want);
        doc_document_drop(doc);
        core_buf_free(&b);
    }
    cr_assert_gt(recognised, 100);
}

/* 表四 from `pdftotext -layout` of a real report (洪泽区 2024, tests/reports/
 * real/text/04): its header cut over seven lines into pieces (结果 / 维持,
 * 尚未 / 审结). A form known by its header alone counts such pieces for it. */
Test(template, table_four_with_its_header_cut_into_pieces)
{
    const char *text = "标题\n\n"
                       "行政复议\t行政诉讼\n"
                       "未经复议直接起诉\t复议后起诉\n"
                       "结果\t结果\t其他\t尚未\n"
                       "总 计 结果 结果 其他 尚未\t结果 结果 其他 尚未\n"
                       "维持\t纠正\t结果\t审结\t总计\n"
                       "总 计\t\n"
                       "维持 纠正 结果 审结\t维持 纠正 结果 审结\n"
                       "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t2\t0\t1\t0\t3\n";
    doc_document *doc = parse_with_templates(text, strlen(text));
    const doc_table *t = nth_table(doc, 0);
    cr_assert_not_null(t->template_id);
    cr_assert_str_eq(t->template_id, "2021-四");
    cr_assert_str_eq(at(t, 3, 4), "2");   /* 行政复议 总计 */
    cr_assert_str_eq(at(t, 3, 14), "3");  /* 复议后起诉 总计 */
    doc_document_drop(doc);
}

/* Labels compare under the one folding (core_fold_char): full-width ASCII,
 * Kangxi radicals and compatibility ideographs as the characters they are. */
Test(template, labels_fold_width_and_compatibility_forms)
{
    core_arena *a = core_arena_new();
    tpl_norm x = tpl_normalise(a, "\u2F00、本年新收（ＡＢ）", strlen("\u2F00、本年新收（ＡＢ）"));
    tpl_norm y = tpl_normalise(a, "一、本年新收(ab)", strlen("一、本年新收(ab)"));
    cr_assert(tpl_norm_equal(&x, &y));
    core_arena_drop(a);
}
