/*
 * form.c: the set of table templates, and recognising the document's plain
 * grids.
 *
 * A set owns one arena holding every loaded template (form-load.c).
 * form_apply offers every plain table of the document: its grid is split
 * into rows of fields once, matched against every template (form-match.c),
 * the best match kept if it is good enough and the table rebuilt from it
 * (form-build.c). Nothing of the set is referenced by the rebuilt table: the
 * document may outlive the set. Caller: the engine, after parsing, whatever
 * reader made the text.
 */
#include "form-imp.h"

#include <stdlib.h>

/* A grid is taken for a template's table when this share of the labels
 * agree (see match_score) and at least this many form labels were found. */
#define TPL_ACCEPT_SCORE 0.5
#define TPL_ACCEPT_LABELS 3
/* Scores this close agree as well (a tie), whatever rounding said. */
#define TPL_SCORE_EPS 1e-9

form_set *form_set_new(void)
{
    form_set *set = calloc(1, sizeof *set);
    if (!set)
        abort(); /* as core_arena: running out of memory aborts */
    set->arena = core_arena_new();
    return set;
}

core_status form_set_add(form_set *set, const char *name, const char *text,
                                size_t len, core_diags *d)
{
    core_status st = CORE_OK;
    tpl *t = NULL;
    CORE_CHECK(tpl_load(set->arena, name, text, len, d, &t));
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 8;
        set->v = realloc(set->v, set->cap * sizeof *set->v);
        if (!set->v)
            abort();
    }
    set->v[set->n++] = t;
    for (size_t c = 0; c < t->ncells; c++) { /* a handful of forms: a linear look */
        tpl_cell *tc = &t->cells[c];
        if (!tc->text)
            continue;
        size_t u = 0;
        while (u < set->labels.n && !tpl_norm_equal(set->labels.v[u], &tc->norm))
            u++;
        if (u == set->labels.n)
            core_vec_push(set->arena, &set->labels, (const tpl_norm *)&tc->norm);
        tc->uid = (uint32_t)u;
    }
    if (t->nrows > set->max_rows)
        set->max_rows = t->nrows;
done:
    return st;
}

void form_set_drop(form_set *set)
{
    if (!set)
        return;
    core_arena_drop(set->arena);
    free(set->v);
    free(set);
}

static bool acceptable(const tpl_match *m)
{
    return m->t && m->score >= TPL_ACCEPT_SCORE && m->labels >= TPL_ACCEPT_LABELS;
}

static bool apply_one(const form_set *set, doc_document *doc, doc_table **t, core_diags *d)
{
    if (!set || !set->n || !t || !*t || !(*t)->ncells || (*t)->nrows > 2 * set->max_rows + 10)
        return false; /* far longer than any form: not a form (and costly) */
    core_arena *scratch = core_arena_new();
    tpl_row *rows;
    size_t nrows;
    tpl_rows_from_grid(scratch, *t, &rows, &nrows);
    /* the form whose labels agree best, as the text has the table (an
     * agency may still use the 2019 表三 in its 2024 report: its one row
     * （六）其他处理 is then what was published); of two that agree as well,
     * the one for the report's year */
    tpl_sims sims = {.nfields = 0};
    for (size_t i = 0; i < nrows; i++)
        sims.nfields += rows[i].n;
    sims.v = core_arena_alloc(scratch, (set->labels.n * sims.nfields + 1) * sizeof *sims.v);
    for (size_t i = 0; i < set->labels.n * sims.nfields; i++)
        sims.v[i] = -1;
    tpl_match best = {0};
    bool best_now = false;
    int year = doc->meta.year;
    for (size_t i = 0; i < set->n; i++) {
        /* a grid far longer than the form is not the form (and would cost
         * rows × labels similarity tests for nothing) */
        if (nrows > 2 * (size_t)set->v[i]->nrows + 10)
            continue;
        tpl_match m;
        const tpl *tp = set->v[i];
        tpl_match_rows(scratch, tp, rows, nrows, &sims, &m);
        bool now = year && (!tp->year_from || year >= tp->year_from) &&
                   (!tp->year_to || year <= tp->year_to);
        if (m.score > best.score + TPL_SCORE_EPS ||
            (m.score > best.score - TPL_SCORE_EPS && now && !best_now)) {
            best = m;
            best_now = now;
        }
    }
    bool ok = acceptable(&best);
    if (ok)
        *t = tpl_build(&best, doc, *t, d);
    core_arena_drop(scratch);
    return ok;
}

core_status form_apply(const form_set *set, doc_document *doc, core_diags *d)
{
    size_t errors = d->errors;
    for (size_t i = 0; i < doc->nblocks; i++) {
        doc_block *b = &doc->blocks[i];
        doc_table *t = b->table;
        if (b->kind != DOC_BLOCK_TABLE || !t || t->template_id || !apply_one(set, doc, &t, d))
            continue;
        if (t->header_given && t->header_given <= t->nrows)
            doc_table_set_header(t, t->header_given); /* the author's word wins */
        else if (t->header_given)
            core_diag_at(d, doc->src, t->header_at, CORE_ERROR, "E-directive",
                         "@table header=%u but the table has only %u rows", t->header_given,
                         t->nrows);
        b->table = t;
    }
    return d->errors > errors ? CORE_EINPUT : CORE_OK;
}
