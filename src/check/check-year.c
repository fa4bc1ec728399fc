/*
 * check-year.c: this year's report against last year's (--previous).
 *
 * - the two reports' years (doc_meta.year, from their titles) must be
 *   consecutive (E-previous);
 * - 表三 二、上年结转 of this year equals 四、结转下年度 of last year in every
 *   column key (E-previous at this year's cell, naming the column and last
 *   year's place; W-previous with --no-check);
 * - 表二 现行有效 = last year's 现行有效 + this year's 制发 − 废止, for 规章 and
 *   行政规范性文件 (W-previous, E-previous with --strict: agencies count
 *   expiry differently);
 * - a 总计 that grows more than 5× or falls under a fifth, above a floor of
 *   20, is a note (N-previous).
 * Reads both documents' stored cell values only. Caller: check_document.
 */
#include "check-imp.h"

#include <stdio.h>
#include <string.h>

const doc_table *check_form_table(const doc_document *doc, const char *name)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_table *t = doc->blocks[i].table;
        if (doc->blocks[i].kind == DOC_BLOCK_TABLE && t && t->template_id && t->name &&
            !strcmp(t->name, name))
            return t;
    }
    return NULL;
}

static const doc_cell *keyed(const doc_table *t, const char *row, const char *col)
{
    for (size_t k = 0; t && k < t->ncells; k++) {
        const doc_cell *c = &t->cells[k];
        if (c->value != DOC_VALUE_NONE && c->row_key && !strcmp(c->row_key, row) &&
            (col ? c->col_key && !strcmp(c->col_key, col) : !c->col_key))
            return c;
    }
    return NULL;
}

/* A cell's value (empty = 0); false when it is no number. */
static bool value(const doc_cell *c, doc_fixed *q)
{
    if (!c || c->num.state == DOC_NUM_BAD || c->num.state == DOC_NUM_LONG)
        return false;
    *q = c->num.state == DOC_NUM_OK ? c->num.q : 0;
    return true;
}

static size_t at(const doc_cell *c) { return doc_run_offset(&c->text, 0); }

static void carried_over(const doc_document *doc, const doc_document *prev,
                         const check_options *opt, core_diags *d)
{
    const doc_table *t = check_form_table(doc, "表三"), *p = check_form_table(prev, "表三");
    for (size_t k = 0; t && p && k < t->ncells; k++) {
        const doc_cell *c = &t->cells[k], *last;
        doc_fixed a, b;
        if (c->value == DOC_VALUE_NONE || !c->row_key || strcmp(c->row_key, "二") || !c->col_key ||
            !(last = keyed(p, "四", c->col_key)) || !value(c, &a) || !value(last, &b) || a == b)
            continue;
        char av[48], bv[48], place[300];
        doc_fixed_format(a, av, sizeof av);
        doc_fixed_format(b, bv, sizeof bv);
        check_place(prev, at(last), place, sizeof place);
        core_diag_at(d, doc->src, at(c), opt->lenient ? CORE_WARNING : CORE_ERROR,
                     opt->lenient ? "W-previous" : "E-previous",
                     "表三 二、上年结转 「%s」 = %s, but last year's 四、结转下年度 「%s」 = %s (%s)",
                     c->col_key, av, c->col_key, bv, place);
    }
}

static void in_force(const doc_document *doc, const doc_document *prev, const check_options *opt,
                     core_diags *d)
{
    static const char *const rows[] = {"规章", "行政规范性文件"};
    const doc_table *t = check_form_table(doc, "表二"), *p = check_form_table(prev, "表二");
    for (size_t r = 0; t && p && r < 2; r++) {
        const doc_cell *now = keyed(t, rows[r], "现行有效"), *last = keyed(p, rows[r], "现行有效");
        doc_fixed n, l, made, gone;
        if (!value(now, &n) || !value(last, &l) || !value(keyed(t, rows[r], "制发"), &made) ||
            !value(keyed(t, rows[r], "废止"), &gone) || n == l + made - gone)
            continue;
        char nv[48], lv[48], mv[48], gv[48], want[48], place[300];
        doc_fixed_format(n, nv, sizeof nv);
        doc_fixed_format(l, lv, sizeof lv);
        doc_fixed_format(made, mv, sizeof mv);
        doc_fixed_format(gone, gv, sizeof gv);
        doc_fixed_format(l + made - gone, want, sizeof want);
        check_place(prev, at(last), place, sizeof place);
        core_diag_at(d, doc->src, at(now), opt->strict ? CORE_ERROR : CORE_WARNING,
                     opt->strict ? "E-previous" : "W-previous", "表二 %s 现行有效 = %s, but last year's %s (%s) + 制发 %s − 废止 %s = %s",
                     rows[r], nv, lv, place, mv, gv, want);
    }
}

static void jumps(const doc_document *doc, const doc_document *prev, core_diags *d)
{
    static const struct { const char *table, *row, *col, *what; } totals[] = {
        {"表三", "一", "总计", "表三 一、本年新收 总计"},
        {"表三", "三.七", "总计", "表三 三（七）总计"},
        {"表四", "数据", "复议.总计", "表四 行政复议 总计"},
        {"表四", "数据", "直诉.总计", "表四 直接起诉 总计"},
    };
    const doc_fixed floor = 20 * (doc_fixed)DOC_FIXED_ONE;
    for (size_t i = 0; i < sizeof totals / sizeof *totals; i++) {
        const doc_cell *now = keyed(check_form_table(doc, totals[i].table), totals[i].row, totals[i].col);
        const doc_cell *last = keyed(check_form_table(prev, totals[i].table), totals[i].row, totals[i].col);
        doc_fixed n, l;
        if (!value(now, &n) || !value(last, &l) || (n < floor && l < floor))
            continue;
        if (n <= 5 * l && 5 * n >= l)
            continue;
        char nv[48], lv[48];
        doc_fixed_format(n, nv, sizeof nv);
        doc_fixed_format(l, lv, sizeof lv);
        core_diag_at(d, doc->src, at(now), CORE_NOTE, "N-previous",
                     "%s = %s, last year %s: more than fivefold %s; worth a second look",
                     totals[i].what, nv, lv, core_tr(d, n > l ? N_("up") : N_("down")));
    }
}

void check_previous(const doc_document *doc, const check_options *opt, core_diags *d)
{
    const doc_document *prev = opt->previous;
    if (!prev)
        return;
    int y = doc->meta.year, py = prev->meta.year;
    if (!y || !py) {
        core_diag_at(d, doc->src, 0, opt->lenient ? CORE_WARNING : CORE_ERROR,
                     opt->lenient ? "W-previous" : "E-previous",
                     "the year of %s is not known from its title; --previous needs both years",
                     core_tr(d, !y ? N_("this report") : N_("the previous report")));
        return;
    }
    if (py + 1 != y) {
        core_diag_at(d, doc->src, 0, opt->lenient ? CORE_WARNING : CORE_ERROR,
                     opt->lenient ? "W-previous" : "E-previous",
                     "this report is of %d but the previous one (%s) of %d, not %d", y,
                     prev->src->origin ? prev->src->origin->name : prev->src->name, py, y - 1);
        return;
    }
    carried_over(doc, prev, opt, d);
    in_force(doc, prev, opt, d);
    jumps(doc, prev, d);
}
