/*
 * form-imp.h: the table templates in memory, private to form/ (form.c: the
 * set and form_apply; form-load.c: the .tbl reader; form-match.c: label
 * normalisation, similarity and the row alignment; form-build.c: the rebuilt
 * table).
 *
 * Invariants of a loaded tpl (checked by tpl_load): every grid position is
 * covered by exactly one cell; cells are sorted by (row, col) of their
 * top-left; keys name rows/columns inside the grid; every relation term
 * names declared keys. Positions are 0-based in memory, 1-based in files.
 */
#ifndef GONGWEN_FORM_IMP_H
#define GONGWEN_FORM_IMP_H

#include "form.h"

/* A label compared across widths and punctuation: its code points after
 * tpl_normalise. */
typedef struct tpl_norm {
    uint32_t *cp;
    size_t n;
    uint32_t *sorted;      /* cp in ascending order, for tpl_similarity's bound */
} tpl_norm;

/* Does `big` hold `small` as a run of characters? */
bool tpl_norm_contains(const tpl_norm *big, const tpl_norm *small);

typedef struct tpl_cell {
    uint32_t row, col, rowspan, colspan;
    const char *text;      /* the label as the form writes it; NULL for numbers */
    tpl_norm norm;
    uint32_t uid;          /* a label's text among the set's distinct ones */
    doc_value_kind value;  /* DOC_VALUE_NONE for labels */
    bool header;           /* a `head` cell */
} tpl_cell;

typedef struct tpl_key {
    const char *key, *display;
    uint32_t index;        /* 0-based row or column */
} tpl_key;

/* keys[first..last] of the row or column keys, summed. */
typedef struct tpl_term {
    uint32_t first, last;
} tpl_term;

typedef struct tpl_rule {
    bool by_col;           /* check col: one instance per column key */
    const char *name;      /* NULL or the NAME of `check row NAME:` */
    tpl_term *lhs, *rhs;
    size_t nlhs, nrhs;
    const char *lhs_text, *rhs_text; /* display, e.g. "一 + 二" */
} tpl_rule;

typedef struct tpl {
    const char *id, *title;
    uint32_t nrows, ncols, header;
    tpl_cell *cells;
    size_t ncells;
    tpl_key *rows, *cols;
    size_t nrowkeys, ncolkeys;
    tpl_rule *rules;
    size_t nrules;
    size_t nlabels;        /* label cells (text != NULL), for the match score */
    int year_from, year_to; /* the report years it is for; 0: no bound */
    doc_unit unit;         /* of its amounts, as a heading says ("（单位：万元）") */
} tpl;

struct form_set {
    core_arena *arena;
    tpl **v;
    size_t n, cap;
    uint32_t max_rows;     /* of the longest template */
    CORE_VEC(const tpl_norm *) labels; /* distinct label texts (tpl_cell.uid) */
};

/* Read one .tbl text into *out (in `a`). Errors go to `d` located at
 * NAME:LINE:COL, and the result is CORE_EINPUT with *out NULL. */
core_status tpl_load(core_arena *a, const char *name, const char *text, size_t len,
                     core_diags *d, tpl **out);

/* Width, brackets, punctuation and spaces folded away: full-width ASCII to
 * ASCII, letters lower-cased, every character that is not a letter, digit
 * or ideograph dropped. */
tpl_norm tpl_normalise(core_arena *a, const char *s, size_t len);
bool tpl_norm_equal(const tpl_norm *x, const tpl_norm *y);
/* 0..1: 1 - edit distance / longer length, or more when one contains the
 * other; 0 when either is empty. */
double tpl_similarity(const tpl_norm *x, const tpl_norm *y);
/* A label is matched at or above this similarity. */
#define TPL_MATCH_MIN 0.5

/* True when the text reads as a cell value rather than a label: empty, a
 * number (ASCII or full-width digits, a sign, a decimal part) followed by
 * nothing, a bracketed note or a unit, or a placeholder such as — or 无. */
bool tpl_value_like(const char *s, size_t len);

/* ---- matching a plain grid against one template ------------------------ */

/* One cell of the input grid, seen as a field of its row. */
typedef struct tpl_field {
    const doc_cell *cell;
    tpl_norm norm;
    bool value;            /* tpl_value_like */
    bool empty;
    int label;             /* the template cell it was aligned to, or -1 */
    bool kept;             /* aligned, but the author's wording differs */
    bool gap;              /* aligned by its place between matched fields
                            * only, not by its words (pair_gaps) */
} tpl_field;

/* An input row that has at least one non-empty field. */
typedef struct tpl_row {
    uint32_t row;          /* in the input grid */
    tpl_field *f;
    size_t n;
    int match;             /* the template row, or -1 */
} tpl_row;

typedef struct tpl_match {
    const tpl *t;
    tpl_row *rows;
    size_t nrows;
    double score;          /* 0..1, how well the labels agree */
    size_t labels;         /* form labels found in their own rows */
} tpl_match;

/* Split the grid into rows of fields (scratch arena `a`). */
void tpl_rows_from_grid(core_arena *a, const doc_table *g, tpl_row **rows, size_t *nrows);
/* Label-to-field similarities of one grid, shared by the templates it is
 * matched with: the forms of one table in different years have most labels
 * in common. v[uid * nfields + field], negative until computed. */
typedef struct tpl_sims {
    double *v;
    size_t nfields;
} tpl_sims;

/* Align the rows to template `t` and score the match; the fields' `label`
 * and the rows' `match` are set. The rows are copied, so one split serves
 * every template; `sims` is that split's. */
void tpl_match_rows(core_arena *a, const tpl *t, const tpl_row *rows, size_t nrows,
                    tpl_sims *sims, tpl_match *m);

/* Build the table of template m->t from the matched rows into doc->arena;
 * warnings and errors go to `d`. */
doc_table *tpl_build(const tpl_match *m, doc_document *doc, const doc_table *grid,
                     core_diags *d);

#endif
