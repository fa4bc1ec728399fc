/*
 * parse-table.c: consecutive lines holding tabs → one table.
 *
 * Each tab field is a cell; the table is as wide as its widest row and
 * shorter rows are padded with empty cells. A field that is exactly "<"
 * merges into the cell to its left (colspan + 1), exactly "^" into the cell
 * above (rowspan + 1); "\<" and "\^" are the characters themselves. A merge
 * that would not leave a rectangle is refused with a warning W-span and the
 * mark kept as text, so every grid position is covered by exactly one cell.
 *
 * Invariants: cells are made in row-major order of their top-left corner;
 * the work is linear in the fields written: the per-column cover array is
 * stamped with its row rather than cleared, and when padding would cost more
 * than the fields themselves (a very ragged table) a short row is padded
 * with one cell spanning the missing columns instead (warning W-table).
 * Caller: parse.c, for every tab line and at every line that ends a table.
 */
#include "parse-imp.h"

#include <stdint.h>
#include <string.h>

core_status parse_table_row(parser *p, const parse_line *l)
{
    core_status st = CORE_OK;
    size_t nfields = 1;
    for (const char *q = p->text + l->start, *e = p->text + l->end;
         (q = memchr(q, '\t', (size_t)(e - q))) != NULL; q++)
        nfields++;
    if (nfields > CORE_MAX_TABLE_CELLS) {
        core_diag_at(p->d, p->src, l->start, CORE_ERROR, "E-limit",
                     "a table row of %zu fields is over the limit of %d", nfields,
                     CORE_MAX_TABLE_CELLS);
        st = CORE_ELIMIT;
        goto done;
    }
    if (!p->in_table) {
        p->in_table = true;
        p->table_offset = l->start;
        p->fields.n = p->rows.n = 0;
    }
    parse_row row = {.first = p->fields.n, .n = nfields, .offset = l->start, .end = l->end};
    size_t s = l->start;
    for (size_t i = l->start; i <= l->end; i++) {
        if (i < l->end && p->text[i] != '\t')
            continue;
        core_vec_push(p->a, &p->fields, parse_trim(p->text, s, i));
        s = i + 1;
    }
    core_vec_push(p->a, &p->rows, row);
done:
    return st;
}

/* Which column covers which cell in the latest row that reached it. */
typedef struct cover {
    size_t row, cell;
} cover;

typedef struct grid {
    parser *p;
    CORE_VEC(doc_cell) cells;
    cover *cov;
    uint32_t ncols;
    bool span_pad; /* pad a short row with one spanning cell */
} grid;

/* The span mark of a field: '<', '^' or 0; "\<" and "\^" lose the
 * backslash and are text. */
static char field_mark(const char *text, parse_span *f)
{
    size_t n = f->end - f->start;
    const char *t = text + f->start;
    if (n == 1 && (t[0] == '<' || t[0] == '^'))
        return t[0];
    if (n == 2 && t[0] == '\\' && (t[1] == '<' || t[1] == '^'))
        f->start++;
    return 0;
}

static void cell_add(grid *g, uint32_t r, uint32_t c, uint32_t colspan, parse_span f)
{
    doc_cell cell = {.row = r, .col = c, .rowspan = 1, .colspan = colspan};
    cell.text = parse_run_at(g->p, DOC_ROLE_TABLE, f.start, f.end);
    core_vec_push(g->p->a, &g->cells, cell);
    g->cov[c] = (cover){r, g->cells.n - 1};
}

/* "<" at (r, c): widen the cell on the left, if it lies in this row only
 * and ends at c. */
static bool span_left(grid *g, uint32_t r, uint32_t c)
{
    if (c == 0 || g->cov[c - 1].row != r)
        return false;
    doc_cell *l = &g->cells.v[g->cov[c - 1].cell];
    if (l->row != r || l->rowspan != 1 || l->col + l->colspan != c)
        return false;
    l->colspan++;
    g->cov[c] = g->cov[c - 1];
    return true;
}

/* "^" at (r, c): lengthen the cell above if it starts at column c, ends in
 * the row above, and the row marks each of its other columns "^" or "<". */
static bool span_up(grid *g, uint32_t r, uint32_t c, const parse_row *row)
{
    if (r == 0 || g->cov[c].row != r - 1)
        return false;
    size_t idx = g->cov[c].cell;
    doc_cell *a = &g->cells.v[idx];
    if (a->col != c || a->row + a->rowspan != r || c + a->colspan > row->n)
        return false;
    for (uint32_t k = 1; k < a->colspan; k++) {
        parse_span f = g->p->fields.v[row->first + c + k];
        if (f.end - f.start != 1 || (g->p->text[f.start] != '^' && g->p->text[f.start] != '<'))
            return false;
    }
    a->rowspan++;
    for (uint32_t k = 0; k < a->colspan; k++)
        g->cov[c + k] = (cover){r, idx};
    return true;
}

static void grid_row(grid *g, uint32_t r, const parse_row *row)
{
    parser *p = g->p;
    for (uint32_t c = 0; c < g->ncols; c++) {
        if (g->cov[c].row == r)
            continue; /* inside a cell lengthened by "^" */
        if (c >= row->n) {
            parse_span pad = {row->end, row->end};
            uint32_t span = g->span_pad ? g->ncols - c : 1;
            cell_add(g, r, c, span, pad);
            c += span - 1;
            continue;
        }
        parse_span f = p->fields.v[row->first + c];
        char mark = field_mark(p->text, &f);
        if ((mark == '<' && span_left(g, r, c)) || (mark == '^' && span_up(g, r, c, row)))
            continue;
        if (mark)
            core_diag_at(p->d, p->src, f.start, CORE_WARNING, "W-span",
                         "\"%c\" has no cell to merge into here; kept as text "
                         "(write \\%c for the character)", mark, mark);
        cell_add(g, r, c, 1, f);
    }
}

/* The grid of the gathered rows, with spans and padding. */
static doc_table *grid_build(parser *p)
{
    doc_table *t = core_arena_alloc(p->a, sizeof *t);
    t->offset = p->table_offset;
    t->nrows = (uint32_t)p->rows.n;
    for (size_t i = 0; i < p->rows.n; i++)
        if (p->rows.v[i].n > t->ncols)
            t->ncols = (uint32_t)p->rows.v[i].n;
    grid g = {.p = p, .ncols = t->ncols};
    g.cov = core_arena_alloc(p->a, t->ncols * sizeof *g.cov);
    for (uint32_t c = 0; c < t->ncols; c++)
        g.cov[c].row = SIZE_MAX;
    g.span_pad = (size_t)t->nrows * t->ncols > 4 * p->fields.n + 65536;
    if (g.span_pad)
        core_diag_at(p->d, p->src, t->offset, CORE_WARNING, "W-table",
                     "very ragged table (%u rows, %u columns): short rows are "
                     "padded with one wide cell", t->nrows, t->ncols);
    /* each cell covers a position and stems from a field or a short row:
     * reserve that many, so the vector never grows */
    size_t positions = (size_t)t->nrows * t->ncols;
    g.cells.cap = g.span_pad ? p->fields.n + t->nrows : positions;
    g.cells.v = core_arena_alloc(p->a, (g.cells.cap ? g.cells.cap : 1) * sizeof *g.cells.v);
    for (uint32_t r = 0; r < t->nrows; r++)
        grid_row(&g, r, &p->rows.v[r]);
    t->cells = g.cells.v;
    t->ncells = g.cells.n;
    return t;
}

/* Apply @table header=N to table t (N already checked against its rows). */
/* Is @table header=N possible for t? An error at the directive if not. */
static bool header_fits(parser *p, const doc_table *t)
{
    if (p->header_rows <= t->nrows)
        return true;
    core_diag_at(p->d, p->src, p->header_offset, CORE_ERROR, "E-directive",
                 "@table header=%u but the table has only %u rows", p->header_rows,
                 t->nrows);
    p->errors++;
    return false;
}

core_status parse_table_end(parser *p)
{
    if (!p->in_table)
        return CORE_OK;
    p->in_table = false;
    doc_table *t = grid_build(p);
    if (p->header_pending && header_fits(p, t)) {
        doc_table_set_header(t, p->header_rows);
        /* kept for form/, which rebuilds a standard table after parsing */
        t->header_given = p->header_rows;
        t->header_at = p->header_offset;
    }
    p->header_pending = false;
    doc_block *b = parse_block_add(p, DOC_BLOCK_TABLE, t->offset, 0);
    b->table = t;
    return CORE_OK;
}
