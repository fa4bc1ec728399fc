/*
 * template.c: the set of table templates, and recognising a plain grid.
 *
 * A set owns one arena holding every loaded template (template-load.c).
 * parse_template_apply splits the grid into rows of fields once, matches
 * them against every template (template-match.c), keeps the best match if
 * it is good enough and rebuilds the table from it (template-build.c).
 * Nothing of the set is referenced by the rebuilt table: the document may
 * outlive the set. Caller: parse.c, for every table it assembled.
 */
#include "template-imp.h"

#include <stdlib.h>

/* A grid is taken for a template's table when this share of the labels
 * agree (see match_score) and at least this many form labels were found. */
#define TPL_ACCEPT_SCORE 0.5
#define TPL_ACCEPT_LABELS 3

parse_templates *parse_templates_new(void)
{
    parse_templates *set = calloc(1, sizeof *set);
    if (!set)
        abort(); /* as core_arena: running out of memory aborts */
    set->arena = core_arena_new();
    return set;
}

core_status parse_templates_add(parse_templates *set, const char *name, const char *text,
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
    if (t->nrows > set->max_rows)
        set->max_rows = t->nrows;
done:
    return st;
}

void parse_templates_drop(parse_templates *set)
{
    if (!set)
        return;
    core_arena_drop(set->arena);
    free(set->v);
    free(set);
}

bool parse_template_apply(const parse_templates *set, doc_document *doc, doc_table **t,
                          core_diags *d)
{
    if (!set || !set->n || !t || !*t || !(*t)->ncells || (*t)->nrows > 2 * set->max_rows + 10)
        return false; /* far longer than any form: not a form (and costly) */
    core_arena *scratch = core_arena_new();
    tpl_row *rows;
    size_t nrows;
    tpl_rows_from_grid(scratch, *t, &rows, &nrows);
    tpl_match best = {0};
    for (size_t i = 0; i < set->n; i++) {
        /* a grid far longer than the form is not the form (and would cost
         * rows × labels similarity tests for nothing) */
        if (nrows > 2 * (size_t)set->v[i]->nrows + 10)
            continue;
        tpl_match m;
        tpl_match_rows(scratch, set->v[i], rows, nrows, &m);
        if (m.score > best.score)
            best = m;
    }
    bool ok = best.t && best.score >= TPL_ACCEPT_SCORE && best.labels >= TPL_ACCEPT_LABELS;
    if (ok)
        *t = tpl_build(&best, doc, *t, d);
    core_arena_drop(scratch);
    return ok;
}
