/*
 * Unit tests for check: the numbering of headings and the arithmetic
 * (勾稽关系) of the standard tables (FORMAT-2021.md §4–§5). The documents are
 * built by hand from the model (doc.h), as the template would leave them:
 * number cells carry their value kind, tables carry their relations.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"

static core_diags diags;

static void fini(void) { core_diags_free(&diags); }

TestSuite(check, .fini = fini);

/* A document over `text`; blocks are added by the helpers below. */
static doc_document *doc_over(const char *text)
{
    core_arena *a = core_arena_new();
    core_source *src = NULL;
    cr_assert_eq(core_source_new(a, "t.txt", text, strlen(text), &diags, &src), CORE_OK);
    doc_document *doc = doc_document_new(a, src);
    doc->blocks = core_arena_alloc(a, 64 * sizeof *doc->blocks);
    return doc;
}

/* ---- tables ----------------------------------------------------------------- */

/*
 * A small table shaped like 表三: row 0 is the header, column 0 the labels;
 * every other cell is a count. Rows: 一 二 三（一）三（二）三（七）四; columns:
 * 自然人 商业企业 总计. The text lines are "label\tn\tn\tn".
 */
enum { R_ONE = 1, R_TWO, R_3A, R_3B, R_3TOTAL, R_FOUR, NROWS };
enum { C_NATURAL = 1, C_BUSINESS, C_TOTAL, NCOLS };

static const char *const row_names[] = {"", "一", "二", "三（一）", "三（二）", "三（七）", "四"};
static const char *const col_names[] = {"", "自然人", "商业企业", "总计"};

/* The form decides each number cell's value when it rebuilds a table; the
 * tables here are made by hand, so their values are decided just before
 * checking, after the tests have set the cells' kinds. */
static core_status check_decided(doc_document *doc, const check_options *opt, core_diags *d)
{
    for (size_t b = 0; b < doc->nblocks; b++) {
        doc_table *t = doc->blocks[b].table;
        for (size_t i = 0; t && i < t->ncells; i++)
            if (t->cells[i].value != DOC_VALUE_NONE)
                t->cells[i].num = doc_number_read(doc->arena, &t->cells[i].text,
                                                  t->cells[i].value, DOC_UNIT_NONE);
    }
    return check_document(doc, opt, d);
}

static doc_table *table_from_text(doc_document *doc, const char *name)
{
    core_arena *a = doc->arena;
    doc_table *t = core_arena_alloc(a, sizeof *t);
    CORE_VEC(doc_cell) cells = {0};
    const char *s = doc->src->text;
    uint32_t row = 0, col = 0;
    for (size_t i = 0, start = 0; i <= doc->src->len; i++) {
        if (i < doc->src->len && s[i] != '\t' && s[i] != '\n')
            continue;
        doc_cell c = {.row = row, .col = col, .rowspan = 1, .colspan = 1,
                      .text = {.role = DOC_ROLE_TABLE, .text = s + start, .len = i - start,
                               .offset = start}};
        c.value = row > 0 && col > 0 ? DOC_VALUE_COUNT : DOC_VALUE_NONE;
        core_vec_push(a, &cells, c);
        start = i + 1;
        col++;
        if (i == doc->src->len || s[i] == '\n') {
            t->ncols = col > t->ncols ? col : t->ncols;
            row++;
            col = 0;
        }
    }
    t->nrows = row;
    t->cells = cells.v;
    t->ncells = cells.n;
    t->header_rows = 1;
    t->template_id = "test-三";
    t->name = name;
    doc->blocks[doc->nblocks++] = (doc_block){.kind = DOC_BLOCK_TABLE, .table = t};
    return t;
}

static const doc_cell_ref *refs(core_arena *a, size_t n, const uint32_t *rc)
{
    doc_cell_ref *v = core_arena_alloc(a, (n + 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (doc_cell_ref){rc[2 * i], rc[2 * i + 1]};
    return v;
}

/* The three relations of 表三, instantiated as the template does. */
static void add_rules(doc_document *doc, doc_table *t)
{
    core_arena *a = doc->arena;
    CORE_VEC(doc_table_rule) v = {0};
    for (uint32_t c = C_NATURAL; c < NCOLS; c++) {
        const char *place = core_arena_printf(a, "列「%s」", col_names[c]);
        uint32_t l[] = {R_ONE, c, R_TWO, c}, r[] = {R_3TOTAL, c, R_FOUR, c};
        core_vec_push(a, &v, ((doc_table_rule){place, "一 + 二", "三（七）+ 四",
                                               refs(a, 2, l), refs(a, 2, r), 2, 2}));
        uint32_t l2[] = {R_3TOTAL, c}, r2[] = {R_3A, c, R_3B, c};
        core_vec_push(a, &v, ((doc_table_rule){place, "三（七）", "三（一）+ … + 三（二）",
                                               refs(a, 1, l2), refs(a, 2, r2), 1, 2}));
    }
    for (uint32_t r = R_ONE; r < NROWS; r++) {
        const char *place = core_arena_printf(a, "行「%s」", row_names[r]);
        uint32_t l[] = {r, C_TOTAL}, rr[] = {r, C_NATURAL, r, C_BUSINESS};
        core_vec_push(a, &v, ((doc_table_rule){place, "总计", "自然人 + 商业企业",
                                               refs(a, 1, l), refs(a, 2, rr), 1, 2}));
    }
    t->rules = v.v;
    t->nrules = v.n;
}

#define HEAD "x\t自然人\t商业企业\t总计\n"

/* 一 + 二 = 三（七）+ 四 in every column; 三（七）= 三（一）+ 三（二）;
 * 总计 = 自然人 + 商业企业 in every row. */
static const char consistent[] = HEAD "一\t3\t2\t5\n"
                                      "二\t1\t0\t1\n"
                                      "三（一）\t2\t1\t3\n"
                                      "三（二）\t1\t0\t1\n"
                                      "三（七）\t3\t1\t4\n"
                                      "四\t1\t1\t2";

static core_status run_check(const char *text, bool lenient, doc_document **out)
{
    core_diags_free(&diags);
    doc_document *doc = doc_over(text);
    add_rules(doc, table_from_text(doc, "表三"));
    check_options opt = {.lenient = lenient};
    core_status st = check_decided(doc, &opt, &diags);
    if (out)
        *out = doc;
    else
        doc_document_drop(doc);
    return st;
}

static const core_diag *nth(const char *code, size_t k)
{
    for (size_t i = 0; i < diags.n; i++)
        if (diags.v[i].code && strcmp(diags.v[i].code, code) == 0 && k-- == 0)
            return &diags.v[i];
    return NULL;
}

static size_t count(const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < diags.n; i++)
        n += diags.v[i].code && strcmp(diags.v[i].code, code) == 0;
    return n;
}

#define assert_msg(g, want)                                                     \
    do {                                                                        \
        cr_assert_not_null(g);                                                  \
        cr_assert_str_eq((g)->message, (want));                                 \
    } while (0)

Test(check, consistent_table_passes)
{
    cr_assert_eq(run_check(consistent, false, NULL), CORE_OK);
    cr_assert_eq(diags.errors + diags.warnings, 0, "%s", diags.n ? diags.v[0].message : "");
    assert_msg(nth("N-form", 0),
               "表三 recognised as form test-三: 12 relations checked, 12 hold, 0 fail, 0 not checked");
}

Test(check, column_relation_fails_with_both_sides)
{
    /* 一 自然人 3 → 4: 一 + 二 = 5 in 自然人 no longer holds, nor 总计 of 一 */
    char text[sizeof consistent];
    strcpy(text, consistent);
    char *p = strstr(text, "一\t3");
    p[strlen("一\t")] = '4';
    cr_assert_eq(run_check(text, false, NULL), CORE_ECHECK);
    cr_assert_eq(count("E-table-sum"), 2);
    const core_diag *g = nth("E-table-sum", 0);
    assert_msg(g, "表三 列「自然人」: 一 + 二 = 5 ≠ 三（七）+ 四 = 4");
    cr_assert_eq(g->severity, CORE_ERROR);
    cr_assert_eq(g->line, 2); /* the row of 一 */
    cr_assert_eq(g->col, 3);
    assert_msg(nth("E-table-sum", 1), "表三 行「一」: 总计 = 5 ≠ 自然人 + 商业企业 = 6");
    cr_assert_eq(nth("E-table-sum", 1)->line, 2);
}

Test(check, sum_relation_fails)
{
    char text[sizeof consistent];
    strcpy(text, consistent);
    /* 三（七） 商业企业 1 → 2, 总计 4 → 5: only the sum of 三 fails … and 一 + 二 */
    char *p = strstr(text, "三（七）\t3\t1\t4");
    p[strlen("三（七）\t3\t")] = '2';
    p[strlen("三（七）\t3\t2\t")] = '5';
    cr_assert_eq(run_check(text, false, NULL), CORE_ECHECK);
    assert_msg(nth("E-table-sum", 0), "表三 列「商业企业」: 一 + 二 = 2 ≠ 三（七）+ 四 = 3");
    assert_msg(nth("E-table-sum", 1), "表三 列「商业企业」: 三（七） = 2 ≠ 三（一）+ … + 三（二） = 1");
    cr_assert_eq(nth("E-table-sum", 1)->line, 6); /* the row of 三（七） */
    assert_msg(nth("E-table-sum", 2), "表三 列「总计」: 一 + 二 = 6 ≠ 三（七）+ 四 = 7");
    assert_msg(nth("E-table-sum", 3), "表三 列「总计」: 三（七） = 5 ≠ 三（一）+ … + 三（二） = 4");
    cr_assert_eq(count("E-table-sum"), 4); /* every violation, not the first */
}

Test(check, lenient_turns_sums_into_warnings)
{
    char text[sizeof consistent];
    strcpy(text, consistent);
    strstr(text, "一\t3")[strlen("一\t")] = '4';
    cr_assert_eq(run_check(text, true, NULL), CORE_OK);
    cr_assert_eq(diags.errors, 0);
    cr_assert_eq(diags.warnings, 2);
    cr_assert_eq(count("E-table-sum"), 0);
    cr_assert_eq(nth("W-table-sum", 0)->severity, CORE_WARNING);
}

Test(check, lenient_prints_a_value_that_is_no_number)
{
    cr_assert_eq(run_check(HEAD "一\t3\t2\t5\n二\t1\t—\t1\n三（一）\t2\t1\t3\n三（二）\t1\t0\t1\n"
                                "三（七）\t3\t1\t4\n四\t1\t1\t2",
                           true, NULL),
                 CORE_OK);
    cr_assert_eq(count("E-table-value"), 0);
    cr_assert_eq(nth("W-table-value", 0)->severity, CORE_WARNING);
}

Test(check, negative_count_is_an_error_and_skips_its_relations)
{
    cr_assert_eq(run_check(HEAD "一\t3\t2\t5\n二\t1\t-1\t1\n三（一）\t2\t1\t3\n三（二）\t1\t0\t1\n"
                                "三（七）\t3\t1\t4\n四\t1\t1\t2",
                           false, NULL),
                 CORE_ECHECK);
    cr_assert_eq(count("E-table-value"), 1);
    const core_diag *g = nth("E-table-value", 0);
    assert_msg(g, "表三: 「-1」 cannot be negative: a count expected");
    cr_assert_eq(g->line, 3);
    cr_assert_eq(g->col, 5);
    /* the relations that use the cell are not evaluated (no E-table-sum for
     * 商业企业 or 行「二」), the others still are */
    cr_assert_eq(count("E-table-sum"), 0);
}

Test(check, values_read_tolerantly)
{
    const char *text = HEAD "一\t３\t2（其中修订1件）\t5\n"
                            "二\t1\t0\t1\n"
                            "三（一）\t2\t1\t3\n"
                            "三（二）\t1\t0\t1\n"
                            "三（七）\t3\t1\t4\n"
                            "四\t1\t1\t2";
    cr_assert_eq(run_check(text, false, NULL), CORE_OK);
    cr_assert_eq(count("N-table-value"), 1);
    assert_msg(nth("N-table-value", 0), "表三: 「３」 has full-width digits; read as 3");
    cr_assert_eq(count("W-table-value"), 1);
    assert_msg(nth("W-table-value", 0),
               "表三: 「2（其中修订1件）」 read as 2; the note after the number is not counted");
}

Test(check, bad_values_are_errors)
{
    const char *text = HEAD "一\tabc\t1.5\t5\n"
                            "二\t—\t0\t1\n"
                            "三（一）\t2\t1\t3\n"
                            "三（二）\t1\t0\t1\n"
                            "三（七）\t3\t1\t4\n"
                            "四\t1\t1\t2";
    cr_assert_eq(run_check(text, false, NULL), CORE_ECHECK);
    cr_assert_eq(count("E-table-value"), 3);
    assert_msg(nth("E-table-value", 0),
               "表三: 「abc」 is not a number (write 0 for none): a count expected");
    assert_msg(nth("E-table-value", 1), "表三: 「1.5」 must be a whole number: a count expected");
    cr_assert_eq(nth("E-table-value", 2)->line, 3);
}

Test(check, empty_cells_count_as_zero_with_a_note_when_a_total_fails)
{
    /* 总计 left empty in 二 (reports often fill it only in some rows) */
    const char *text = HEAD "一\t3\t2\t5\n"
                            "二\t1\t0\t\n"
                            "三（一）\t2\t1\t3\n"
                            "三（二）\t1\t0\t1\n"
                            "三（七）\t3\t1\t4\n"
                            "四\t1\t1\t2";
    cr_assert_eq(run_check(text, false, NULL), CORE_ECHECK);
    assert_msg(nth("E-table-sum", 0), "表三 列「总计」: 一 + 二 = 5 ≠ 三（七）+ 四 = 6");
    cr_assert_eq(count("E-table-sum"), 1);
    cr_assert_eq(count("N-table-empty"), 2);
    assert_msg(nth("N-table-empty", 0), "表三 列「总计」: 1 empty cell counted as 0 in this relation");
    /* a row's 总计 left empty states nothing: that row is not checked */
    assert_msg(nth("N-table-empty", 1), "表三 行「二」: 「总计」 is not filled in; this relation is not checked");
    /* parts left empty under a stated total are 0, and contradict it */
    const char *parts = HEAD "一\t3\t2\t5\n二\t\t\t1\n三（一）\t2\t1\t3\n三（二）\t1\t0\t1\n"
                             "三（七）\t3\t1\t4\n四\t0\t1\t2";
    cr_assert_eq(run_check(parts, false, NULL), CORE_ECHECK);
    assert_msg(nth("E-table-sum", 0), "表三 行「二」: 总计 = 1 ≠ 自然人 + 商业企业 = 0");
    /* an all-empty row is consistent */
    const char *zero = HEAD "一\t\t\t\n二\t\t\t\n三（一）\t\t\t\n三（二）\t\t\t\n三（七）\t\t\t\n四\t\t\t";
    cr_assert_eq(run_check(zero, false, NULL), CORE_OK);
    cr_assert_eq(diags.errors + diags.warnings, 0);
}

/* 表四 as the template leaves it: one data row of three blocks of five
 * (结果维持 结果纠正 其他结果 尚未审结 总计), one relation per block, named
 * by it as the template does. */
static const char *const blocks[] = {"「行政复议」", "「行政诉讼·未经复议直接起诉」",
                                     "「行政诉讼·复议后起诉」"};

static doc_document *table_four(const char *numbers)
{
    core_diags_free(&diags);
    static char text[512];
    snprintf(text, sizeof text, "%s\n%s",
             "维持\t纠正\t其他\t未审\t总计\t维持\t纠正\t其他\t未审\t总计\t"
             "维持\t纠正\t其他\t未审\t总计", numbers);
    doc_document *doc = doc_over(text);
    doc_table *t = table_from_text(doc, "表四");
    for (size_t i = 0; i < t->ncells; i++)
        t->cells[i].value = t->cells[i].row ? DOC_VALUE_COUNT : DOC_VALUE_NONE;
    doc_table_rule *rules = core_arena_alloc(doc->arena, 3 * sizeof *rules);
    for (uint32_t k = 0; k < 3; k++) {
        uint32_t c = 5 * k, l[] = {1, c, 1, c + 1, 1, c + 2, 1, c + 3}, r[] = {1, c + 4};
        rules[k] = (doc_table_rule){blocks[k], "结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                                    "总计", refs(doc->arena, 4, l), refs(doc->arena, 1, r), 4, 1};
    }
    t->rules = rules;
    t->nrules = 3;
    return doc;
}

/* Each block's failure names the block and both sides, at the block's 总计
 * (one cell against four: the likelier culprit). */
Test(check, block_of_five_relation_named_by_its_block)
{
    doc_document *doc = table_four("1\t1\t0\t1\t4\t2\t0\t1\t0\t2\t0\t0\t0\t0\t0");
    cr_assert_eq(check_decided(doc, NULL, &diags), CORE_ECHECK);
    cr_assert_eq(count("E-table-sum"), 2);
    const core_diag *g = nth("E-table-sum", 0);
    assert_msg(g, "表四 「行政复议」: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 3 ≠ 总计 = 4");
    cr_assert_eq(g->line, 2);
    cr_assert_eq(g->col, 9); /* the block's 总计, not its 结果维持 */
    g = nth("E-table-sum", 1);
    assert_msg(g, "表四 「行政诉讼·未经复议直接起诉」: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 "
                  "= 3 ≠ 总计 = 2");
    cr_assert_eq(g->col, 19);
    doc_document_drop(doc);
    doc = table_four("0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t4");
    cr_assert_eq(check_decided(doc, NULL, &diags), CORE_ECHECK);
    assert_msg(nth("E-table-sum", 0),
               "表四 「行政诉讼·复议后起诉」: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 5 ≠ 总计 = 4");
    cr_assert_eq(nth("E-table-sum", 0)->col, 29);
    cr_assert_eq(count("E-table-sum"), 1);
    doc_document_drop(doc);
}

/* 表三's total on the right (三（七）+ 四 written as one cell): located at
 * it, since the one cell is the likelier culprit; sides of several cells
 * each stay at the relation's first cell (row 一). */
Test(check, single_cell_side_is_the_place)
{
    char text[sizeof consistent];
    strcpy(text, consistent);
    strstr(text, "三（七）\t3")[strlen("三（七）\t")] = '4';
    core_diags_free(&diags);
    doc_document *doc = doc_over(text);
    doc_table *t = table_from_text(doc, "表三");
    uint32_t l[] = {R_3A, C_NATURAL, R_3B, C_NATURAL}, r[] = {R_3TOTAL, C_NATURAL};
    doc_table_rule *rule = core_arena_alloc(doc->arena, sizeof *rule);
    *rule = (doc_table_rule){"列「自然人」", "三（一）+ … + 三（二）", "三（七）",
                             refs(doc->arena, 2, l), refs(doc->arena, 1, r), 2, 1};
    t->rules = rule;
    t->nrules = 1;
    cr_assert_eq(check_decided(doc, NULL, &diags), CORE_ECHECK);
    assert_msg(nth("E-table-sum", 0), "表三 列「自然人」: 三（一）+ … + 三（二） = 3 ≠ 三（七） = 4");
    cr_assert_eq(nth("E-table-sum", 0)->line, 6); /* the row of 三（七）, not of 三（一） */
    doc_document_drop(doc);
}

Test(check, amounts_and_deltas)
{
    core_diags_free(&diags);
    doc_document *doc = doc_over("x\ty\tz\tw\n12.5\t-2\t25000元\t-1.5");
    doc_table *t = table_from_text(doc, "表二");
    doc_value_kind k[] = {DOC_VALUE_AMOUNT, DOC_VALUE_DELTA, DOC_VALUE_AMOUNT, DOC_VALUE_AMOUNT};
    for (size_t i = 0; i < t->ncells; i++)
        t->cells[i].value = t->cells[i].row ? k[t->cells[i].col] : DOC_VALUE_NONE;
    cr_assert_eq(check_decided(doc, NULL, &diags), CORE_ECHECK);
    cr_assert_eq(diags.errors, 1);
    assert_msg(nth("E-table-value", 0), "表二: 「-1.5」 cannot be negative: an amount expected");
    assert_msg(nth("N-table-value", 0), "表二: 「25000元」 read as 25000 元");
    doc_document_drop(doc);
}

Test(check, plain_grids_are_not_checked)
{
    core_diags_free(&diags);
    doc_document *doc = doc_over("a\tb\n-1\tx");
    doc_table *t = table_from_text(doc, "表");
    t->template_id = NULL;
    cr_assert_eq(check_decided(doc, NULL, &diags), CORE_OK);
    cr_assert_eq(diags.n, 0);
    doc_document_drop(doc);
}


/* ---- numbering ------------------------------------------------------------- */

/* Headings from lines "1 一、…" / "2 （一）…": the level, a space, the text. */
static doc_document *headings(const char *text)
{
    core_diags_free(&diags);
    doc_document *doc = doc_over(text);
    const char *s = doc->src->text;
    for (size_t i = 0; i < doc->src->nlines; i++) {
        size_t o = doc->src->line_start[i];
        const char *e = strchr(s + o, '\n');
        size_t len = e ? (size_t)(e - (s + o)) : strlen(s + o);
        doc_run *r = core_arena_alloc(doc->arena, sizeof *r);
        *r = (doc_run){.role = DOC_ROLE_H1, .text = s + o + 2, .len = len - 2, .offset = o + 2};
        /* the number as the parser stores it: the numeral's value */
        static const char *const cn[] = {"十一", "十", "九", "八", "七", "六", "五", "四", "三", "二", "一"};
        int number = 0;
        const char *t = s + o + 2 + (s[o] == '2' ? (s[o + 2] == '(' ? 1 : 3) : 0);
        for (int k = 0; k < 11 && !number; k++)
            if (!strncmp(t, cn[k], strlen(cn[k])))
                number = k == 0 ? 11 : 11 - k;
        doc->blocks[doc->nblocks++] = (doc_block){.kind = DOC_BLOCK_HEADING, .level = s[o] - '0',
                                                  .number = number, .runs = r, .nruns = 1};
    }
    return doc;
}

Test(check, numbering_in_sequence_passes)
{
    doc_document *doc = headings("1 一、甲\n2 （一）乙\n2 （二）丙\n1 二、丁\n2 (一)戊\n1 三、己\n"
                                 "1 四、\n1 五、\n1 六、\n1 七、\n1 八、\n1 九、\n1 十、\n1 十一、");
    cr_assert_eq(check_decided(doc, NULL, &diags), CORE_OK);
    cr_assert_eq(diags.n, 0, "%s", diags.n ? diags.v[0].message : "");
    doc_document_drop(doc);
}

Test(check, numbering_gap_and_repeat_are_warnings)
{
    doc_document *doc = headings("1 一、甲\n2 （一）乙\n2 （三）丙\n1 三、丁\n2 （二）戊\n1 三、己");
    cr_assert_eq(check_decided(doc, NULL, &diags), CORE_OK); /* warnings only */
    cr_assert_eq(count("W-numbering"), 4);
    const core_diag *g = nth("W-numbering", 0);
    assert_msg(g, "level-2 heading numbered 「（三）」 where 「（二）」 was expected (a number is missing)");
    cr_assert_eq(g->line, 3);
    cr_assert_eq(g->col, 3);
    assert_msg(nth("W-numbering", 1),
               "level-1 heading numbered 「三、」 where 「二、」 was expected (a number is missing)");
    /* （一） restarts under each level-1 heading */
    assert_msg(nth("W-numbering", 2),
               "level-2 heading numbered 「（二）」 where 「（一）」 was expected (a number is missing)");
    assert_msg(nth("W-numbering", 3), "level-1 heading numbered 「三、」 where 「四、」 was expected "
                                      "(a number is repeated or out of order)");
    cr_assert_eq(nth("W-numbering", 3)->line, 6);
    doc_document_drop(doc);
}

Test(check, sums_are_exact_past_double_precision)
{
    /* 1000000001 against 1000000000: a relative tolerance would pass it */
    cr_assert_eq(run_check(HEAD "一\t1000000000\t1\t1000000001\n二\t0\t0\t0\n"
                                "三（一）\t1000000000\t1\t1000000001\n三（二）\t0\t0\t0\n"
                                "三（七）\t1000000000\t1\t1000000002\n四\t0\t0\t0",
                           false, NULL),
                 CORE_ECHECK);
    assert_msg(nth("E-table-sum", 0),
               "表三 列「总计」: 一 + 二 = 1000000001 ≠ 三（七）+ 四 = 1000000002");
}

Test(check, a_count_too_long_to_check_is_printed_and_reported)
{
    cr_assert_eq(run_check(HEAD "一\t1234567890123456789012\t0\t0\n二\t0\t0\t0\n"
                                "三（一）\t0\t0\t0\n三（二）\t0\t0\t0\n三（七）\t0\t0\t0\n四\t0\t0\t0",
                           false, NULL),
                 CORE_OK);
    cr_assert_eq(count("W-table-value"), 1);
    cr_assert_eq(count("E-table-sum"), 0); /* its relations are not checked */
}

/* 40 nines in a cell (issue 13's reproducer): a warning, no overflow. */
Test(check, forty_nines_are_a_warning)
{
    cr_assert_eq(run_check(HEAD "一\t9999999999999999999999999999999999999999\t0\t0\n二\t0\t0\t0\n"
                                "三（一）\t0\t0\t0\n三（二）\t0\t0\t0\n三（七）\t0\t0\t0\n四\t0\t0\t0",
                           false, NULL),
                 CORE_OK);
    cr_assert_eq(count("W-table-value"), 1);
    cr_assert(strstr(nth("W-table-value", 0)->message, "more than 18 digits"));
}

Test(check, a_section_without_its_table_is_refused)
{
    /* 三、收到和处理… with no 表三: a PDF's text has its cells one a line */
    doc_document *doc = headings("1 三、收到和处理政府信息公开申请情况");
    cr_assert_eq(check_decided(doc, NULL, &diags), CORE_ECHECK);
    cr_assert_eq(count("E-table-missing"), 1);
    cr_assert_eq(nth("E-table-missing", 0)->line, 1);
    core_diags_free(&diags);
    cr_assert_eq(check_decided(doc, &(check_options){.lenient = true}, &diags), CORE_OK);
    cr_assert_eq(count("W-table-missing"), 1);
    doc_document_drop(doc);
}

/* 桂花坪街道 2020 and others (tests/reports/real/text/25–27): the page's
 * tables are not in its text, the headings 二、三、四 follow one another */
Test(check, an_empty_section_is_said_to_be_empty)
{
    doc_document *doc = headings("1 二、主动公开政府信息情况\n2 （一）甲\n"
                                 "1 三、收到和处理政府信息公开申请情况");
    cr_assert_eq(check_decided(doc, NULL, &diags), CORE_ECHECK);
    cr_assert_eq(count("E-table-missing"), 2);
    cr_assert(strstr(nth("E-table-missing", 0)->message, "not one cell a line"));
    cr_assert(strstr(nth("E-table-missing", 1)->message, "this section is empty: its 表三"));
    doc_document_drop(doc);
}

Test(check, forty_digits_are_refused_before_they_overflow)
{
    /* issue 13 item 1: 40 nines were multiplied into an __int128 before the
     * digit count was checked (UBSan: signed integer overflow) */
    cr_assert_eq(run_check(HEAD "一\t9999999999999999999999999999999999999999\t0\t0\n"
                                "二\t0\t0\t0\n三（一）\t0\t0\t0\n三（二）\t0\t0\t0\n"
                                "三（七）\t0\t0\t0\n四\t-99999999999999999999999999999999999999.5\t0\t0",
                           true, NULL),
                 CORE_OK);
    cr_assert_geq(count("W-table-value"), 2);
    cr_assert_eq(count("W-table-sum"), 0);
}

/* ---- the form's six sections ------------------------------------------------ */

static const char *const SIX = "1 一、总体情况\n1 二、主动公开政府信息情况\n"
                               "1 三、收到和处理政府信息公开申请情况\n"
                               "1 四、政府信息公开行政复议、行政诉讼情况\n"
                               "1 五、存在的不足和改进措施\n1 六、其他需要报告的事项";

/* As the parser decides it from the title: an annual report or not. */
static doc_document *report(const char *text, int year, bool annual)
{
    doc_document *doc = headings(text);
    doc->meta.year = year;
    doc->meta.annual_report = annual;
    return doc;
}

Test(check, six_sections_however_worded_pass)
{
    doc_document *doc = report(SIX, 2023, true);
    check_decided(doc, NULL, &diags); /* (E-table-missing: no tables here) */
    cr_assert_eq(count("W-section"), 0, "%s", diags.n ? diags.v[0].message : "");
    doc_document_drop(doc);
}

Test(check, missing_sections_are_named_in_one_warning)
{
    doc_document *doc = report("1 一、总体情况\n1 二、主动公开政府信息情况\n"
                               "1 三、收到和处理政府信息公开申请情况\n1 六、其他需要报告的事项",
                               2023, true);
    check_decided(doc, NULL, &diags); /* (E-table-missing: no tables here) */
    cr_assert_eq(count("W-section"), 1);
    const core_diag *g = nth("W-section", 0);
    cr_assert_eq(g->severity, CORE_WARNING);
    cr_assert_not_null(strstr(g->message, "「四、政府信息公开行政复议、行政诉讼情况」、"
                                          "「五、存在的主要问题及改进情况」:"),
                       "%s", g->message);
    cr_assert_null(strstr(g->message, "「三、"), "%s", g->message);
    doc_document_drop(doc);
}

/* a heading run into a paragraph still counts: check_sections reads it */
Test(check, a_section_run_into_a_paragraph_counts)
{
    doc_document *doc = report(SIX, 2023, true);
    doc->blocks[3].kind = DOC_BLOCK_PARAGRAPH; /* 四、政府信息公开行政复议、… */
    check_decided(doc, NULL, &diags); /* (E-table-missing: no tables here) */
    cr_assert_eq(count("W-section"), 0, "%s", diags.n ? diags.v[0].message : "");
    doc_document_drop(doc);
}

/* the form is for annual reports from 2019's on */
Test(check, no_section_check_before_2019_or_for_other_documents)
{
    doc_document *doc = report("1 一、总体情况", 2018, true);
    check_decided(doc, NULL, &diags);
    cr_assert_eq(count("W-section"), 0);
    doc_document_drop(doc);
    doc = report("1 一、总体情况", 2023, false);
    check_decided(doc, NULL, &diags);
    cr_assert_eq(count("W-section"), 0);
    doc_document_drop(doc);
    doc = report("1 一、总体情况", 2023, true);
    check_decided(doc, NULL, &diags);
    cr_assert_eq(count("W-section"), 1);
    doc_document_drop(doc);
}
