/*
 * check-table.c: the values and the arithmetic (勾稽关系) of the standard
 * tables.
 *
 * Every number cell (doc_cell.value != DOC_VALUE_NONE) was read once by the
 * form (doc_cell.num); here it is judged: an empty cell is 0; full-width digits are read with a note; a number followed
 * by a bracketed note ("12（其中修订3件）") is read as the number with a
 * warning; anything else is an error (E-table-value; W-table-value when
 * lenient) and the relations that
 * use the cell are skipped, since their sums would be meaningless. Every
 * relation of the table (doc_table.rules, instantiated by the template) is
 * then evaluated and each failure reported (E-table-sum; W-table-sum when
 * lenient), naming the table, the row or column (表四: the block of five)
 * and both sides' values, at the total when one side is a single cell.
 * Caller: check_document.
 */
#include "check-imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Values are compared exactly, as integers in millionths (doc_fixed): a
 * double would let 1000000001 pass for 1000000000 and cannot hold counts
 * past 2^53. 18 integer digits and 6 decimals fit an __int128 sum of any
 * number of cells a table can have. The values were read once, by the form
 * (doc/doc-number.c); here they are only judged. */
typedef doc_fixed fixed;
enum { FIXED_INT_DIGITS = DOC_FIXED_INT_DIGITS };

typedef struct cell_value {
    fixed q;
    bool empty, bad;
} cell_value;

static size_t cell_off(const doc_cell *c) { return doc_run_offset(&c->text, 0); }
static size_t cell_end(const doc_cell *c) { return doc_run_end(&c->text); }

/* "表三"; a table templated by hand may lack a name */
static const char *table_name(const doc_table *t)
{
    return t->name ? t->name : t->template_id;
}

static const char *kind_name(doc_value_kind k)
{
    return k == DOC_VALUE_AMOUNT ? N_("an amount") : k == DOC_VALUE_DELTA ? N_("a whole number")
                                                                      : N_("a count");
}

/* Judge one number cell's stored value, reporting what was assumed or
 * wrong. */
static cell_value read_cell(const doc_document *doc, const doc_table *t, const doc_cell *c,
                            const check_options *opt, core_diags *d)
{
    cell_value r = {0};
    const doc_number *v = &c->num;
    int tl = (int)c->text.len;
    const char *tx = c->text.text;
    switch (v->state) {
    case DOC_NUM_EMPTY:
        r.empty = true;
        return r;
    case DOC_NUM_LONG:
        /* a number, but past what the sums hold exactly: printed as written,
         * its relations left unchecked, and said so */
        core_diag_span(d, doc->src, cell_off(c), cell_end(c), CORE_WARNING, "W-table-value",
                     "%s: 「%.*s」 has more than %d digits; printed as written, its sums not "
                     "checked", table_name(t), tl, tx, FIXED_INT_DIGITS);
        r.bad = true;
        return r;
    case DOC_NUM_BAD:
        /* --no-check prints the table as published, so a value that is no
         * number is then only reported */
        core_diag_span(d, doc->src, cell_off(c), cell_end(c), opt->lenient ? CORE_WARNING : CORE_ERROR,
                     opt->lenient ? "W-table-value" : "E-table-value",
                     "%s: 「%.*s」 %s: %s expected", table_name(t), tl, tx, core_tr(d, v->reason),
                     core_tr(d, kind_name(c->value)));
        r.bad = true;
        return r;
    case DOC_NUM_OK:
        break;
    }
    r.q = v->q;
    if (*v->rest && (v->rest[0] == '(' || !strncmp(v->rest, "（", 3)))
        core_diag_span(d, doc->src, cell_off(c), cell_end(c), CORE_WARNING, "W-table-value",
                     "%s: 「%.*s」 read as %s; the note after the number is not counted",
                     table_name(t), tl, tx, v->digits);
    else if (*v->rest)
        core_diag_span(d, doc->src, cell_off(c), cell_end(c), CORE_NOTE, "N-table-value",
                     "%s: 「%.*s」 read as %s %s", table_name(t), tl, tx, v->digits, v->rest);
    if (v->wide)
        core_diag_span(d, doc->src, cell_off(c), cell_end(c), CORE_NOTE, "N-table-value",
                     "%s: 「%.*s」 has full-width digits; read as %s", table_name(t), tl, tx,
                     v->digits);
    return r;
}

/* The sum of one side; false when a cell in it could not be read. */
static bool side_sum(const doc_table *t, const cell_value *vals, const doc_cell_ref *refs,
                     size_t n, fixed *sum, size_t *empty)
{
    *sum = 0;
    for (size_t i = 0; i < n; i++) {
        const doc_cell *c = doc_table_cell_at(t, refs[i].row, refs[i].col);
        if (!c || c->value == DOC_VALUE_NONE)
            continue; /* the template guarantees number cells; be safe */
        const cell_value *v = &vals[c - t->cells];
        if (v->bad)
            return false;
        *sum += v->q;
        *empty += v->empty;
    }
    return true;
}

/* With a failed relation: which cells were empty. A total left empty (a
 * one-cell side) is named, since reports often fill 总计 only in some rows. */
static void empty_note(const doc_document *doc, const doc_table *t, const doc_table_rule *r,
                       size_t off, size_t el, size_t er, core_diags *d)
{
    const char *sep = r->place && *r->place ? " " : "";
    const char *place = r->place ? r->place : "";
    const char *total = r->nlhs == 1 && el ? r->lhs_text : r->nrhs == 1 && er ? r->rhs_text : NULL;
    size_t empty = el + er;
    if (total && empty == 1)
        core_diag_at(d, doc->src, off, CORE_NOTE, "N-table-empty",
                     "%s%s%s: 「%s」 is empty and was counted as 0", table_name(t), sep, place,
                     total ? total : "?");
    else if (empty)
        core_diag_at(d, doc->src, off, CORE_NOTE, "N-table-empty",
                     "%s%s%s: %zu empty cell%s counted as 0 in this relation", table_name(t),
                     sep, place, empty, empty == 1 ? "" : "s");
}

/* Where a failed relation is reported: at the total when one side is a
 * single cell against several (the likelier culprit: 表四's 总计 of the
 * block, 表三's 三（七） or a row's 总计), else at the relation's first cell
 * (表三's 一 + 二 = 三（七）+ 四: no one cell to blame, row 一 starts it). */
static size_t rule_off(const doc_table *t, const doc_table_rule *r, size_t *end)
{
    const doc_cell_ref *ref = r->nrhs == 1 && r->nlhs > 1 ? &r->rhs[0]
                              : r->nlhs                  ? &r->lhs[0]
                                                         : NULL;
    const doc_cell *at = ref ? doc_table_cell_at(t, ref->row, ref->col) : NULL;
    *end = at ? cell_end(at) : t->offset;
    return at ? cell_off(at) : t->offset;
}

/* What one relation came to, for the table's summary. */
typedef enum rule_result { RULE_HOLDS, RULE_FAILS, RULE_UNCHECKED } rule_result;

static rule_result check_rule(const doc_document *doc, const doc_table *t,
                              const cell_value *vals, const doc_table_rule *r,
                              const check_options *opt, core_diags *d)
{
    fixed l, rr;
    size_t el = 0, er = 0; /* empty cells on each side */
    if (!side_sum(t, vals, r->lhs, r->nlhs, &l, &el) ||
        !side_sum(t, vals, r->rhs, r->nrhs, &rr, &er))
        return RULE_UNCHECKED;
    if (l == rr)
        return RULE_HOLDS;
    size_t end, off = rule_off(t, r, &end);
    bool lempty = el && el == r->nlhs, rempty = er && er == r->nrhs;
    bool total = (lempty && r->nlhs == 1) || (rempty && r->nrhs == 1) ||
                 (r->place && strstr(r->place, "总计"));
    if ((lempty || rempty) && total) {
        /* a 总计 not filled in (reports that state totals only in some
         * rows): nothing is claimed there, so nothing contradicts; parts
         * left empty under a stated total still count as 0 */
        const char *sep = r->place && *r->place ? " " : "";
        core_diag_at(d, doc->src, off, CORE_NOTE, "N-table-empty",
                     "%s%s%s: 「%s」 is not filled in; this relation is not checked",
                     table_name(t), sep, r->place ? r->place : "",
                     el == r->nlhs ? r->lhs_text : r->rhs_text);
        return RULE_UNCHECKED;
    }
    char lv[48], rv[48];
    doc_fixed_format(l, lv, sizeof lv);
    doc_fixed_format(rr, rv, sizeof rv);
    const char *sep = r->place && *r->place ? " " : "";
    core_diag_span(d, doc->src, off, end, opt->lenient ? CORE_WARNING : CORE_ERROR,
                 opt->lenient ? "W-table-sum" : "E-table-sum",
                 "%s%s%s: %s = %s ≠ %s = %s", table_name(t), sep, r->place ? r->place : "",
                 r->lhs_text ? r->lhs_text : "?", lv, r->rhs_text ? r->rhs_text : "?", rv);
    empty_note(doc, t, r, off, el, er, d);
    return RULE_FAILS;
}

void check_table(const doc_document *doc, const doc_table *t, const check_options *opt,
                 core_diags *d)
{
    cell_value *vals = calloc(t->ncells + 1, sizeof *vals);
    if (!vals)
        abort(); /* as the arenas: out of memory aborts */
    for (size_t i = 0; i < t->ncells; i++)
        if (t->cells[i].value != DOC_VALUE_NONE)
            vals[i] = read_cell(doc, t, &t->cells[i], opt, d);
    size_t n[3] = {0};
    for (size_t i = 0; i < t->nrules; i++)
        n[check_rule(doc, t, vals, &t->rules[i], opt, d)]++;
    free(vals);
    /* one line a table for the summary: what it was taken for, and what
     * its arithmetic came to */
    core_diag_at(d, doc->src, t->offset, CORE_NOTE, "N-form",
                 "%s recognised as form %s: %zu relations checked, %zu hold, %zu fail, "
                 "%zu not checked", table_name(t), t->template_id, n[RULE_HOLDS] + n[RULE_FAILS],
                 n[RULE_HOLDS], n[RULE_FAILS], n[RULE_UNCHECKED]);
}
