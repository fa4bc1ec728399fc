/*
 * table.c: bordered tables with row and column spans: measured and set
 * (prepare), then placed on pages (place). The interface to the rest of
 * layout is lay_table_prepare / _head_end / _place in layout-imp.h.
 *
 * Prepare reads as its steps: the table font ([font.table], shrunk in ½ pt
 * steps down to size_min when even the narrowest columns do not fit; below
 * it E-table-width at the table's line) → each cell's items (header cells in
 * the face of [table] header_font) and its minimum (widest unbreakable
 * piece), floor and preferred widths → column widths → cell lines (the prose
 * line breaker, centred; labels as the cell says; numbers per [table]
 * numbers), each cell's lines as even as its line count allows and never a
 * lone character under a longer line → row heights.
 *
 * Column widths. Columns of numbers are one kind: they share one width (the
 * 7 applicant columns of 表三, the 15 of 表四, the 3 of 表二), so a group
 * reads as a grid. Every column starts at its floor: what its cells need,
 * but never narrower than two characters unless its text is (no heads
 * stacked a character a line). The rest of the text width is handed out
 * greedily, a quarter character at a time, to the column (or group, paying
 * for every member) whose widening shortens the table most per point spent,
 * counting each cell's lines with the real line breaker (a little weight on
 * lines of row-spanning cells, so a tall label column still gets room once
 * the rows are as short as they get). What no column can use is spread in
 * proportion. The frame is never wider than the text width.
 *
 * Place. A table that does not fit the rest of the page but fits a page
 * whole starts on the next page (lay_table_head_end says so to page.c, so
 * a heading before it goes along). Otherwise rows are set top to bottom,
 * each row whole, as many as fit; the header rows are repeated at the top of
 * every later page (unless they take over half a page: W-table-head). A
 * row-spanning cell cut by a break is drawn on both sides, below the break
 * with the same lines followed by [table] continued ("（续）"; left out where
 * the column is narrower than the mark); the rows of each part grow when
 * the label needs it, the break never moves up. A row taller than a page
 * (after the header) is split between its lines, the lines of every cell
 * reaching into it. The frame is inset by half the outer rule, so no ink
 * leaves the text area; the body resumes on the next free grid line.
 *
 * The signature right after a table never opens a page alone (GB/T 9704
 * §7.3.5): page.c asks for its grid lines (`keep`) to follow the table's
 * last row on its page. A table that fits a page whole with them moves
 * whole, as above; else, when they do not fit below its last rows, the
 * fewest last rows that make them fit go over under the repeated header
 * (rows_kept_over), at least one.
 *
 * Invariant: every cell's lines fit its columns' width; rows are at least one
 * line tall; every rule and glyph lies inside the text area.
 * Caller: para.c (prepare), page.c (head end, place).
 */
#include "layout-imp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct tcell {
    const doc_cell *cell;
    lay_items items;     /* as collected; never broken in place but once */
    lay_lines lines;     /* at the final width */
    lay_lines clines;    /* with the continued mark (row-spanning cells) */
    float min, floor, pref; /* widths, padding included */
    bool num;            /* holds a number */
    int16_t *nl;         /* line counts by width step, -1: not yet known */
    int16_t npref;       /* line count at pref and wider, 0: not yet known */
    size_t skip;         /* lines drawn on earlier pages (a row taller than
                            a page is split between its lines) */
} tcell;

/* Rows set together on one page: the header rows and a run of body rows
 * ([a[0], b[0]) and [a[1], b[1])), or one run. */
typedef struct tseg {
    uint32_t a[2], b[2];
    int n;
} tseg;

struct lay_table {
    const doc_table *t;
    float size, lh, pad; /* font size; distance between lines; cell padding */
    float q;             /* width step of the column search: ¼ character */
    uint32_t nsteps;     /* line-count cache entries per cell */
    bool num_right;
    uint32_t nrows, ncols, head;
    tcell *cells;
    float *colx;         /* ncols + 1 edges, from the frame's left */
    float *rowh;         /* the whole table's row heights */
    float *segh;         /* the rows of the segment being placed */
    float width;         /* frame width */
    float whole, first;  /* heights: the table; header + first body row */
    size_t nlines;       /* of all cells */
    float page;          /* the text height */
    lay_lines scratch;   /* lines of width trials */
    lay_item *trial;     /* the items they point into */
    size_t ntrial;
    size_t *row_cell;    /* first cell of each row (see index_rows) */
    uint32_t maxspan;    /* the most rows a cell spans */
};

static uint32_t tbl_span(uint32_t s) { return s ? s : 1; }
static core_status collect_mark(lay_ctx *c, const tcell *tc, float size, lay_items *out);
static bool tbl_part(const lay_table *tb, const tcell *tc, uint32_t a, uint32_t b,
                     uint32_t *pa, uint32_t *pb);
static const lay_lines *tbl_shown(const tcell *tc, bool cont);

/* ---- cells ----------------------------------------------------------------- */

/* Does a cell hold a number: a template number cell, or text made only of
 * digits, signs, separators and a 元/万元/% unit? */
static bool is_number(const doc_cell *dc)
{
    if (dc->value != DOC_VALUE_NONE)
        return true;
    const doc_run *r = &dc->text;
    size_t digits = 0;
    for (size_t i = 0; i < r->len;) {
        uint32_t cp;
        size_t k = core_utf8_decode(r->text + i, r->len - i, &cp);
        i += k ? k : 1;
        if (cp >= '0' && cp <= '9')
            digits++;
        else if (!(cp && cp < 128 && strchr(" .,+-%", (int)cp)) && cp != 0x5143 /* 元 */ &&
                 cp != 0x4E07 /* 万 */ && cp != 0xFF05 && cp != 0x2212)
            return false;
    }
    return digits > 0;
}

/* Items of one cell at `size`; header cells in the header role's face. */
static core_status collect_cell(lay_ctx *c, const doc_cell *dc, float size, lay_items *out)
{
    doc_run run = dc->text;
    if (dc->header)
        run.role = (doc_role)c->s->table_head_role;
    memset(out, 0, sizeof *out);
    core_status st = lay_collect(c, &run, 1, size, 1.0f, out);
    lay_mark_breaks(c, out->v, out->n);
    return st;
}

/* Widest unbreakable piece and longest forced line of a cell's items. */
static void piece_widths(const lay_items *it, float *minw, float *prefw)
{
    float piece = 0, line = 0;
    *minw = *prefw = 0;
    for (size_t k = 0; k < it->n; k++) {
        const lay_item *x = &it->v[k];
        if (!(x->flags & LAY_F_SPACE))
            piece += x->w;
        line += x->w;
        if (x->brk != LAY_BRK_NO) {
            *minw = fmaxf(*minw, piece);
            piece = 0;
        }
        if (x->brk == LAY_BRK_MUST) {
            *prefw = fmaxf(*prefw, line);
            line = 0;
        }
    }
    *prefw = fmaxf(*prefw, *minw);
}

/* Can a page break cut this cell, so that it is drawn again with `mark`?
 * A body cell spanning rows; header rows are repeated whole. */
static bool may_continue(const lay_table *tb, const tcell *tc, const char *mark)
{
    const doc_cell *dc = tc->cell;
    return mark && *mark && tc->items.n && tbl_span(dc->rowspan) > 1 && !dc->header &&
           dc->row >= tb->t->header_rows;
}

/* Items, kind and widths of every cell at `size`. */
static core_status measure_cells(lay_ctx *c, lay_table *tb, float size)
{
    core_status st = CORE_OK;
    float pad2 = 2 * tb->pad, two = 2 * size;
    for (size_t i = 0; i < tb->t->ncells; i++) {
        tcell *tc = &tb->cells[i];
        tc->cell = &tb->t->cells[i];
        tc->num = !tc->cell->header && is_number(tc->cell);
        CORE_CHECK(collect_cell(c, tc->cell, size, &tc->items));
        float minw, prefw;
        piece_widths(&tc->items, &minw, &prefw);
        tc->min = minw + pad2;
        tc->pref = prefw + pad2 + 0.5f; /* the breaker's rounding */
        tc->floor = fmaxf(tc->min, fminf(tc->pref, two + pad2));
        tc->nl = NULL;
        tc->npref = 0;
    }
done:
    return st;
}

/* ---- line counts ----------------------------------------------------------- */

static lay_para cell_para(const lay_table *tb, const tcell *tc, float width)
{
    const doc_cell *dc = tc->cell;
    lay_align a = dc->align == DOC_ALIGN_LEFT    ? LAY_LEFT
                  : dc->align == DOC_ALIGN_RIGHT ? LAY_RIGHT
                                                 : LAY_CENTER;
    if (tc->num && dc->align != DOC_ALIGN_LEFT && dc->align != DOC_ALIGN_RIGHT)
        a = tb->num_right ? LAY_RIGHT : LAY_CENTER;
    return (lay_para){.measure = width - 2 * tb->pad, .align = a, .no_hang = true};
}

/* Break a copy of `it` (breaking squeezes items; the cell's own stay as
 * collected) at `width`; the lines point into the copy. Into tb->scratch
 * (trials) the copy is the reused tb->trial, valid until the next trial;
 * else a new copy in the arena. Diagnostics are dropped: a trial width may
 * break against the rules, and no final width is below a cell's minimum. */
static core_status break_copy(lay_ctx *c, lay_table *tb, const tcell *tc, const lay_items *it,
                              float width, lay_lines *out)
{
    lay_item *copy;
    if (out == &tb->scratch) {
        if (tb->ntrial < it->n + 1) {
            tb->ntrial = 2 * (it->n + 1);
            tb->trial = core_arena_alloc(c->tmp, tb->ntrial * sizeof *tb->trial);
        }
        copy = tb->trial;
    } else {
        copy = core_arena_alloc(c->tmp, (it->n + 1) * sizeof *copy);
    }
    if (it->n)
        memcpy(copy, it->v, it->n * sizeof *copy);
    lay_para p = cell_para(tb, tc, width);
    out->n = 0;
    core_diags quiet = {0}, *loud = c->d;
    c->d = &quiet;
    core_status st = lay_break_lines(c, copy, it->n, &p, out);
    c->d = loud;
    core_diags_free(&quiet);
    return st;
}

/* Lines of cell `tc` at `width` (a multiple of tb->q below the cap), from
 * the cache when known. From its preferred width on, a cell's every
 * forced line fits whole, so the count no longer changes: it is broken
 * once there (two thirds of the widths a column search asks for are such,
 * checked against breaking at each on every report of tests/reports). */
static size_t break_count(const lay_table *tb, const tcell *tc, float width)
{
    lay_para p = cell_para(tb, tc, width);
    size_t n = tc->items.n ? lay_count_lines(tc->items.v, tc->items.n, &p) : 1;
    n = n ? n : 1;
    return n < 30000 ? n : 30000;
}

static size_t count_lines(lay_ctx *c, lay_table *tb, tcell *tc, float width)
{
    if (width >= tc->pref) {
        if (!tc->npref)
            tc->npref = (int16_t)break_count(tb, tc, tc->pref);
        return (size_t)tc->npref;
    }
    long k = lroundf(width / tb->q);
    bool cached = k >= 0 && k < (long)tb->nsteps;
    if (cached && tc->nl && tc->nl[k] >= 0)
        return (size_t)tc->nl[k];
    if (cached && !tc->nl) {
        tc->nl = core_arena_alloc(c->tmp, tb->nsteps * sizeof *tc->nl);
        for (uint32_t j = 0; j < tb->nsteps; j++)
            tc->nl[j] = -1;
    }
    size_t n = break_count(tb, tc, width);
    if (cached)
        tc->nl[k] = (int16_t)n;
    return n;
}

/* ---- rows ------------------------------------------------------------------ */

/* Spread what the rows [a, b) lack to be `need` tall evenly over them. */
static void rows_need(float *h, uint32_t a, uint32_t b, float need)
{
    float have = 0;
    for (uint32_t r = a; r < b; r++)
        have += h[r];
    if (need > have + LAY_EPS)
        for (uint32_t r = a; r < b; r++)
            h[r] += (need - have) / (float)(b - a);
}

/* The cells [*i0, *i1) that may reach rows [a, b): all of them unless the
 * cells come in row order (then those starting from maxspan rows above). */
static void cell_range(const lay_table *tb, uint32_t a, uint32_t b, size_t *i0, size_t *i1)
{
    *i0 = 0, *i1 = tb->t->ncells;
    if (!tb->row_cell)
        return;
    uint32_t from = a + 1 > tb->maxspan ? a + 1 - tb->maxspan : 0;
    *i0 = tb->row_cell[from < tb->nrows ? from : tb->nrows];
    *i1 = tb->row_cell[b < tb->nrows ? b : tb->nrows];
}

/* row_cell[r]: the first cell starting at row r or below, when the cells
 * come in row order (as doc.h says they do); NULL otherwise. */
static void index_rows(lay_ctx *c, lay_table *tb)
{
    const doc_table *t = tb->t;
    tb->maxspan = 1;
    for (size_t i = 0; i < t->ncells; i++) {
        if (i > 0 && t->cells[i].row < t->cells[i - 1].row)
            return; /* row_cell stays NULL: every cell is scanned */
        tb->maxspan = tbl_span(t->cells[i].rowspan) > tb->maxspan ? tbl_span(t->cells[i].rowspan)
                                                                   : tb->maxspan;
    }
    tb->row_cell = core_arena_alloc(c->tmp, (tb->nrows + 1) * sizeof *tb->row_cell);
    size_t i = 0;
    for (uint32_t r = 0; r <= tb->nrows; r++) {
        while (i < t->ncells && t->cells[i].row < r)
            i++;
        tb->row_cell[r] = i;
    }
}

/*
 * Heights of the rows of a segment (the rows set together on one page) into
 * h[]: each row at least one line; cells within one row first, then cells
 * spanning rows spread what they lack over their rows in the segment. A cell
 * that began above a range is drawn again in it with its continued lines.
 * nl[i], when not NULL, gives cell i's line count (width trials). Returns
 * the segment's height.
 */
static float tbl_seg_heights(const lay_table *tb, const tseg *sg, const size_t *nl, float *h)
{
    float total = 0, pad2 = 2 * tb->pad;
    for (int k = 0; k < sg->n; k++)
        for (uint32_t r = sg->a[k]; r < sg->b[k]; r++)
            h[r] = tb->lh + pad2;
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < sg->n; k++) {
            size_t i0, i1;
            cell_range(tb, sg->a[k], sg->b[k], &i0, &i1);
            for (size_t i = i0; i < i1; i++) {
                const tcell *tc = &tb->cells[i];
                uint32_t a, b;
                if (!tbl_part(tb, tc, sg->a[k], sg->b[k], &a, &b) || (pass == 0) != (b - a == 1))
                    continue;
                size_t n = nl ? nl[i] : tbl_shown(tc, tc->cell->row < sg->a[k])->n - tc->skip;
                n = n ? n : 1;
                rows_need(h, a, b, (float)n * tb->lh + pad2);
            }
        }
    for (int k = 0; k < sg->n; k++)
        for (uint32_t r = sg->a[k]; r < sg->b[k]; r++)
            total += h[r];
    return total;
}

static bool tbl_part(const lay_table *tb, const tcell *tc, uint32_t a, uint32_t b,
                     uint32_t *pa, uint32_t *pb)
{
    const doc_cell *dc = tc->cell;
    uint32_t r0 = dc->row, r1 = r0 + tbl_span(dc->rowspan);
    if (r1 > tb->nrows || dc->col + tbl_span(dc->colspan) > tb->ncols)
        return false;
    *pa = r0 > a ? r0 : a;
    *pb = r1 < b ? r1 : b;
    return *pa < *pb;
}

static const lay_lines *tbl_shown(const tcell *tc, bool cont)
{
    return cont && tc->clines.n && !tc->skip ? &tc->clines : &tc->lines;
}

/* ---- column widths --------------------------------------------------------- */

/* Per column what its cells need (floor, minimum, preferred): single cells
 * first, then spanning cells spread what their columns lack evenly. */
static void column_needs(const lay_table *tb, float *cmin, float *cfloor, float *cpref)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < tb->t->ncells; i++) {
            const tcell *tc = &tb->cells[i];
            uint32_t c0 = tc->cell->col, span = tbl_span(tc->cell->colspan);
            if ((pass == 0) != (span == 1) || c0 + span > tb->ncols)
                continue;
            float need[3] = {tc->min, tc->floor, tc->pref};
            float *col[3] = {cmin, cfloor, cpref};
            for (int a = 0; a < 3; a++)
                rows_need(col[a], c0, c0 + span, need[a]);
        }
}

/* Columns of numbers: a body cell of one column holds a number and none
 * holds other text. They become one unit (unit[k] = 0); every other column
 * is a unit of its own. Returns the number of units. */
static uint32_t column_units(const lay_table *tb, uint32_t *unit)
{
    uint32_t n = tb->ncols, next = 1;
    uint8_t *seen = calloc(n, 1); /* 1: a number, 2: other text */
    for (size_t i = 0; i < tb->t->ncells; i++) {
        const tcell *tc = &tb->cells[i];
        const doc_cell *dc = tc->cell;
        if (dc->header || tbl_span(dc->colspan) != 1 || dc->col >= n)
            continue;
        if (tc->num)
            seen[dc->col] |= 1;
        else if (dc->text.len)
            seen[dc->col] |= 2;
    }
    bool group = false;
    for (uint32_t k = 0; k < n; k++)
        group |= seen[k] == 1;
    for (uint32_t k = 0; k < n; k++)
        unit[k] = seen[k] == 1 ? 0 : next++;
    free(seen);
    if (!group) /* no number columns: units from 1 shift down */
        for (uint32_t k = 0; k < n; k++)
            unit[k]--;
    return group ? next : next - 1;
}

/* A cell's width with columns `w`; 0 for a cell reaching past the grid. */
static float cell_w(const lay_table *tb, const tcell *tc, const float *w)
{
    uint32_t c0 = tc->cell->col, cs = tbl_span(tc->cell->colspan);
    float width = 0;
    if (c0 + cs > tb->ncols)
        return 0;
    for (uint32_t k = c0; k < c0 + cs; k++)
        width += w[k];
    return width;
}

/* The table's height (plus a little for lines of row-spanning cells) when
 * cell i has nl[i] lines: what the greedy widening minimises. */
static float cost_of(const lay_table *tb, const size_t *nl, float *h)
{
    float extra = 0;
    for (size_t i = 0; i < tb->t->ncells; i++)
        if (tbl_span(tb->cells[i].cell->rowspan) > 1)
            extra += 0.5f * tb->lh * (float)nl[i];
    tseg all = {{0}, {tb->nrows}, 1};
    return tbl_seg_heights(tb, &all, nl, h) + extra;
}

/* Each cell's line count with columns `w` into nl[]. */
static void line_counts(lay_ctx *c, lay_table *tb, const float *w, size_t *nl)
{
    for (size_t i = 0; i < tb->t->ncells; i++) {
        tcell *tc = &tb->cells[i];
        uint32_t c0 = tc->cell->col, cs = tbl_span(tc->cell->colspan);
        nl[i] = c0 + cs > tb->ncols ? 1 : count_lines(c, tb, tc, cell_w(tb, tc, w));
    }
}

typedef struct widen {
    uint32_t n, nunits;
    const uint32_t *unit;
    uint32_t *members; /* per unit */
    float *w, *cap;    /* per column; cap per unit */
    size_t *nl, *base; /* line counts: of a trial; at the widths so far */
    float *h;
    size_t **ucell;    /* per unit: the cells reaching into its columns */
    size_t *nucell;
    size_t *last;      /* per cell: its line count at the last width tried */
} widen;

static void set_unit(widen *g, uint32_t u, float w)
{
    for (uint32_t k = 0; k < g->n; k++)
        if (g->unit[k] == u)
            g->w[k] = w;
}

/* Does cell tc reach into a column of unit u? */
static bool in_unit(const lay_table *tb, const widen *g, const tcell *tc, uint32_t u)
{
    uint32_t c0 = tc->cell->col, cs = tbl_span(tc->cell->colspan);
    bool in = false;
    for (uint32_t k = c0; c0 + cs <= tb->ncols && k < c0 + cs; k++)
        in |= g->unit[k] == u;
    return in;
}

/* Per unit, the cells whose width it changes (spanning cells once). */
static void unit_cells(lay_ctx *c, const lay_table *tb, widen *g)
{
    size_t nc = tb->t->ncells;
    g->ucell = core_arena_alloc(c->tmp, g->nunits * sizeof *g->ucell);
    g->nucell = core_arena_alloc(c->tmp, g->nunits * sizeof *g->nucell);
    g->last = core_arena_alloc(c->tmp, (nc + 1) * sizeof *g->last);
    for (uint32_t u = 0; u < g->nunits; u++) {
        g->ucell[u] = core_arena_alloc(c->tmp, (nc + 1) * sizeof **g->ucell);
        for (size_t i = 0; i < nc; i++)
            if (in_unit(tb, g, &tb->cells[i], u))
                g->ucell[u][g->nucell[u]++] = i;
    }
}

/* Did widening unit u (already set in g->w) change the line count of any
 * cell in its columns since the last width tried? Updates g->last. */
static bool lines_changed(lay_ctx *c, lay_table *tb, widen *g, uint32_t u)
{
    bool changed = false;
    for (size_t j = 0; j < g->nucell[u]; j++) {
        size_t i = g->ucell[u][j];
        size_t n = count_lines(c, tb, &tb->cells[i], cell_w(tb, &tb->cells[i], g->w));
        changed |= n != g->last[i];
        g->last[i] = n;
    }
    return changed;
}

/*
 * The best widening of any unit: the one that shortens the table most per
 * point. Returns false when none shortens it within `left`.
 *
 * The table's cost depends on the widths only through the cells' line
 * counts, so a step that changes no line count of the unit's own cells
 * costs what the step before it cost, over more points: it is never the
 * best, and the whole table is costed only at the steps where a line
 * count changes (a handful per cell, not one per ¼ character).
 */
static bool best_widening(lay_ctx *c, lay_table *tb, widen *g, float cost0, float left,
                          uint32_t *bu, float *bdw, float *bcost)
{
    float best = 1e-4f;
    bool found = false;
    line_counts(c, tb, g->w, g->base);
    for (uint32_t u = 0; u < g->nunits; u++) {
        float m = (float)g->members[u], w0 = 0;
        for (uint32_t k = 0; k < g->n; k++)
            if (g->unit[k] == u)
                w0 = g->w[k];
        lines_changed(c, tb, g, u); /* the counts at w0 */
        for (uint32_t k = 1; m * (float)k * tb->q <= left + LAY_EPS &&
                             w0 + (float)k * tb->q <= g->cap[u] + tb->q;
             k++) {
            float dw = (float)k * tb->q;
            set_unit(g, u, w0 + dw);
            if (!lines_changed(c, tb, g, u)) {
                set_unit(g, u, w0);
                continue;
            }
            /* only unit u's cells changed: their counts are in g->last */
            memcpy(g->nl, g->base, tb->t->ncells * sizeof *g->nl);
            for (size_t j = 0; j < g->nucell[u]; j++)
                g->nl[g->ucell[u][j]] = g->last[g->ucell[u][j]];
            float cost = cost_of(tb, g->nl, g->h);
            set_unit(g, u, w0);
            float rate = (cost0 - cost) / (m * dw);
            if (rate > best) {
                best = rate, found = true;
                *bu = u, *bdw = dw, *bcost = cost;
            }
        }
    }
    return found;
}

/* Widths w[] (starting at the floors) grown greedily within `width`, the
 * rest spread in proportion. */
static void widen_columns(lay_ctx *c, lay_table *tb, widen *g, float width)
{
    float used = 0;
    for (uint32_t k = 0; k < g->n; k++)
        used += g->w[k];
    float left = width - used;
    line_counts(c, tb, g->w, g->nl);
    float cost = cost_of(tb, g->nl, g->h);
    for (int iter = 0; iter < 1000 && left > tb->q - LAY_EPS; iter++) {
        uint32_t u = 0;
        float dw = 0, next = 0;
        if (!best_widening(c, tb, g, cost, left, &u, &dw, &next))
            break;
        for (uint32_t k = 0; k < g->n; k++)
            if (g->unit[k] == u)
                g->w[k] += dw;
        left -= dw * (float)g->members[u];
        cost = next;
    }
    used = width - left;
    for (uint32_t k = 0; k < g->n && used > 0; k++)
        g->w[k] += left * g->w[k] / used;
}

/* Column edges within `width`; false when even the minimums do not fit. */
static bool column_widths(lay_ctx *c, lay_table *tb, float width)
{
    uint32_t n = tb->ncols;
    float *cmin = core_arena_alloc(c->tmp, 4 * n * sizeof *cmin);
    float *cfloor = cmin + n, *cpref = cmin + 2 * n, *w = cmin + 3 * n;
    uint32_t *unit = core_arena_alloc(c->tmp, n * sizeof *unit);
    uint32_t nunits = column_units(tb, unit);
    column_needs(tb, cmin, cfloor, cpref);
    widen g = {.n = n, .nunits = nunits, .unit = unit, .w = w,
               .members = core_arena_alloc(c->tmp, nunits * sizeof(uint32_t)),
               .cap = core_arena_alloc(c->tmp, nunits * sizeof(float)),
               .nl = core_arena_alloc(c->tmp, (tb->t->ncells + 1) * sizeof(size_t)),
               .base = core_arena_alloc(c->tmp, (tb->t->ncells + 1) * sizeof(size_t)),
               .h = core_arena_alloc(c->tmp, (tb->nrows + 1) * sizeof(float))};
    unit_cells(c, tb, &g);
    /* a unit's members share its largest need; floors on the ¼-character
     * steps the widening takes */
    float fsum = 0, msum = 0, qsum = 0;
    for (uint32_t u = 0; u < nunits; u++) {
        float mn = 0, fl = 0, pr = 0;
        for (uint32_t k = 0; k < n; k++)
            if (unit[k] == u)
                mn = fmaxf(mn, cmin[k]), fl = fmaxf(fl, cfloor[k]), pr = fmaxf(pr, cpref[k]),
                g.members[u]++;
        g.cap[u] = pr;
        for (uint32_t k = 0; k < n; k++)
            if (unit[k] == u)
                cmin[k] = mn, cfloor[k] = fl;
        qsum += ceilf(fl / tb->q - LAY_EPS) * tb->q * (float)g.members[u];
        fsum += fl * (float)g.members[u], msum += mn * (float)g.members[u];
    }
    if (msum > width + LAY_EPS)
        return false;
    for (uint32_t k = 0; k < n; k++)
        w[k] = qsum <= width + LAY_EPS   ? ceilf(cfloor[k] / tb->q - LAY_EPS) * tb->q
               : fsum <= width + LAY_EPS ? cfloor[k]
                                         : cmin[k];
    widen_columns(c, tb, &g, width);
    tb->colx = core_arena_alloc(c->tmp, (n + 1) * sizeof *tb->colx);
    for (uint32_t k = 0; k < n; k++)
        tb->colx[k + 1] = tb->colx[k] + w[k];
    tb->colx[n] = width; /* no rounding drift at the frame */
    return true;
}

/* ---- prepare --------------------------------------------------------------- */

/* A cell's width from the column edges. */
static float cell_width(const lay_table *tb, const doc_cell *dc)
{
    return tb->colx[dc->col + tbl_span(dc->colspan)] - tb->colx[dc->col];
}

/* The items of the continued mark, as cell tc would set them. */
static core_status collect_mark(lay_ctx *c, const tcell *tc, float size, lay_items *out)
{
    const char *mark = c->s->table_continued;
    size_t n = strlen(mark);
    size_t *map = core_arena_alloc(c->tmp, (n + 1) * sizeof *map);
    for (size_t k = 0; k < n; k++)
        map[k] = tc->cell->text.offset;
    doc_run run = {.role = tc->cell->header ? (doc_role)c->s->table_head_role : DOC_ROLE_TABLE,
                   .text = mark, .len = n, .offset = tc->cell->text.offset, .map = map};
    return lay_collect(c, &run, 1, size, 1.0f, out);
}

/*
 * The lines of a row-spanning label drawn again below a page break: its own
 * lines as above the break (so it reads as the same label), the continued
 * mark after the last one when it fits there, else on a line of its own. A
 * mark wider than the cell (a label column two characters wide) is left
 * out rather than broken: out stays empty and the label is drawn alone.
 * (Widening the column for it made 表三 a page longer.)
 */
static core_status continued_lines(lay_ctx *c, lay_table *tb, const tcell *tc, lay_lines *out)
{
    core_status st = CORE_OK;
    lay_items ci = {0};
    for (size_t k = 0; k < tc->items.n; k++)
        core_vec_push(c->tmp, &ci, tc->items.v[k]);
    CORE_CHECK(collect_mark(c, tc, tb->size, &ci));
    float markw = 0;
    for (size_t k = tc->items.n; k < ci.n; k++)
        markw += ci.v[k].w;
    if (markw > cell_width(tb, tc->cell) - 2 * tb->pad + LAY_EPS)
        return st;
    lay_mark_breaks(c, ci.v, ci.n);
    const lay_item *base = tc->lines.n ? tc->lines.v[0].items : NULL;
    for (size_t j = 0; j + 1 < tc->lines.n; j++) {
        size_t end = (size_t)(tc->lines.v[j].items - base) + tc->lines.v[j].n - 1;
        if (end < ci.n)
            ci.v[end].brk = LAY_BRK_MUST; /* the label's lines as they were */
    }
    CORE_CHECK(break_copy(c, tb, tc, &ci, cell_width(tb, tc->cell), out));
done:
    return st;
}

/* Does the last of these lines hold a lone character under a longer line? */
static bool lone_last(const lay_lines *l)
{
    return l->n >= 2 && l->v[l->n - 1].n == 1 && l->v[l->n - 2].n >= 3;
}

/* Break `own` (a copy of `it`) one character earlier before its last line,
 * when that is an allowed break: the lone character gets company. */
static void pull_down(const lay_lines *l, const lay_items *it, lay_items *own)
{
    const lay_line *prev = &l->v[l->n - 2];
    size_t at = (size_t)(prev->items - l->v[0].items) + prev->n - 2;
    if (at < it->n && own->v[at].brk == LAY_BRK_ALLOW)
        own->v[at].brk = LAY_BRK_MUST;
}

/*
 * The lines of `it` in cell tc, as many as at the cell's width but as even
 * as they can be: broken at the narrowest width that needs no more lines
 * (no lone character under a label: 「（三）/不予/公开」, not 「（三）/不予公/
 * 开」), then set in the cell's width as its alignment says. `copy`: break a
 * copy (the items of the cell stay as collected).
 */
static core_status break_balanced(lay_ctx *c, lay_table *tb, const tcell *tc,
                                  const lay_items *it, bool copy, lay_lines *out)
{
    core_status st = CORE_OK;
    float w = cell_width(tb, tc->cell), lo = fminf(tc->min, w), hi = w;
    lay_para at = cell_para(tb, tc, w);
    size_t n = lay_count_lines(it->v, it->n, &at);
    for (int k = 0; k < 10 && n > 1 && hi - lo > 0.25f; k++) {
        float mid = (lo + hi) / 2;
        at = cell_para(tb, tc, mid);
        if (lay_count_lines(it->v, it->n, &at) > n)
            lo = mid;
        else
            hi = mid;
    }
    lay_para p = cell_para(tb, tc, n > 1 ? hi : w);
    CORE_CHECK(break_copy(c, tb, tc, it, n > 1 ? hi : w, &tb->scratch));
    bool lone = lone_last(&tb->scratch);
    lay_items own = *it;
    if (copy || lone) {
        own.v = core_arena_alloc(c->tmp, (it->n + 1) * sizeof *own.v);
        memcpy(own.v, it->v, it->n * sizeof *own.v);
    }
    if (lone)
        pull_down(&tb->scratch, it, &own);
    CORE_CHECK(lay_break_lines(c, own.v, own.n, &p, out));
    float dx = p.align == LAY_CENTER ? (w - hi) / 2 : p.align == LAY_RIGHT ? w - hi : 0;
    for (size_t j = 0; n > 1 && j < out->n; j++)
        for (size_t k = 0; k < out->v[j].n; k++)
            out->v[j].items[k].x += dx;
done:
    return st;
}

/* Each cell's lines at its final width; a row-spanning cell also with the
 * continued mark, for the page after a break through it. */
static core_status break_cells(lay_ctx *c, lay_table *tb)
{
    core_status st = CORE_OK;
    const char *mark = c->s->table_continued;
    for (size_t i = 0; i < tb->t->ncells; i++) {
        tcell *tc = &tb->cells[i];
        const doc_cell *dc = tc->cell;
        memset(&tc->lines, 0, sizeof tc->lines);
        memset(&tc->clines, 0, sizeof tc->clines);
        if (dc->row >= tb->nrows || dc->col + tbl_span(dc->colspan) > tb->ncols)
            continue;
        CORE_CHECK(break_balanced(c, tb, tc, &tc->items, false, &tc->lines));
        tb->nlines += tc->lines.n;
        if (may_continue(tb, tc, mark))
            CORE_CHECK(continued_lines(c, tb, tc, &tc->clines));
    }
done:
    return st;
}

/* Heights of the whole table and of the header with the first body row
 * (what must fit where the table starts). Header rows taller than half a
 * page are not repeated (W-table-head): they would leave the pages after a
 * break little room, or none. */
static void table_heights(lay_ctx *c, lay_table *tb)
{
    tb->rowh = core_arena_alloc(c->tmp, (tb->nrows + 1) * sizeof *tb->rowh);
    tb->segh = core_arena_alloc(c->tmp, (tb->nrows + 1) * sizeof *tb->segh);
    tseg all = {{0}, {tb->nrows}, 1};
    tb->whole = tbl_seg_heights(tb, &all, NULL, tb->rowh);
    tb->head = tb->t->header_rows < tb->nrows ? tb->t->header_rows : 0;
    tseg head = {{0}, {tb->head}, 1};
    if (tb->head && tbl_seg_heights(tb, &head, NULL, tb->segh) > tb->page / 2) {
        core_diag_at(c->d, c->doc->src, tb->t->offset, CORE_WARNING, "W-table-head",
                     "%s%sthe %u header rows of this table take more than half a page; "
                     "they are not repeated after a page break",
                     tb->t->name ? tb->t->name : "", tb->t->name ? ": " : "", tb->head);
        tb->head = 0;
    }
    tseg first = {{0}, {tb->head + 1}, 1};
    tb->first = tbl_seg_heights(tb, &first, NULL, tb->segh);
}

/* Measure every cell at `size` and look for column widths; *fits says
 * whether even the narrowest columns fit. */
static core_status try_size(lay_ctx *c, lay_table *tb, float size, bool *fits)
{
    core_status st = CORE_OK;
    tb->size = size;
    tb->lh = roundf(size * 1.3f * 100) / 100;
    tb->q = size / 4;
    tb->nsteps = (uint32_t)ceilf(tb->width / tb->q) + 2;
    CORE_CHECK(measure_cells(c, tb, size));
    *fits = column_widths(c, tb, tb->width);
done:
    return st;
}

/* try_size in an arena of its own, dropped after it: a search keeps none
 * of its steps' memory (what the trial left in tb is forgotten). */
static core_status try_apart(lay_ctx *c, lay_table *tb, float size, bool *fits)
{
    core_arena *keep = c->tmp;
    c->tmp = core_arena_new();
    core_status st = try_size(c, tb, size, fits);
    core_arena_drop(c->tmp);
    c->tmp = keep;
    tb->trial = NULL, tb->ntrial = 0;
    memset(&tb->scratch, 0, sizeof tb->scratch);
    return st;
}

/*
 * The largest size on the 0.5 pt steps from [font.table] down to size_min
 * whose columns fit. Most tables fit at once; the others are searched by
 * bisection (narrower type never needs wider columns), each trial in an
 * arena dropped after it, so that a 500 pt start costs a few trials, not a
 * thousand kept in memory (issue 13 item 2). The size found is measured
 * again for good.
 */
static core_status fit_size(lay_ctx *c, lay_table *tb)
{
    core_status st = CORE_OK;
    const layout_style *s = c->s;
    float top = s->font[LAYOUT_ROLE_TABLE].size;
    bool fits = false;
    CORE_CHECK(try_size(c, tb, top, &fits));
    if (fits)
        return st;
    /* step k is top - k/2 pt; step 0 does not fit; find the first that does */
    uint32_t lo = 0, hi = (uint32_t)floorf((top - s->table_size_min) * 2 + LAY_EPS);
    if (hi > 0)
        CORE_CHECK(try_apart(c, tb, top - 0.5f * (float)hi, &fits));
    if (hi == 0 || !fits) {
        core_diag_at(c->d, c->doc->src, tb->t->offset, CORE_ERROR, "E-table-width",
                     "%s%sthis table of %u columns does not fit the text width "
                     "(%.2f pt) even at %.1f pt type; shorten or split its columns",
                     tb->t->name ? tb->t->name : "", tb->t->name ? ": " : "",
                     tb->t->ncols, c->measure, s->table_size_min);
        return CORE_ELAYOUT;
    }
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        CORE_CHECK(try_apart(c, tb, top - 0.5f * (float)mid, &fits));
        if (fits)
            hi = mid;
        else
            lo = mid;
    }
    CORE_CHECK(try_size(c, tb, top - 0.5f * (float)hi, &fits));
done:
    return st;
}

/* A copy of `size` bytes at `a` in arena `ar` (NULL stays NULL). */
static void *keep_copy(core_arena *ar, const void *a, size_t size)
{
    if (!a)
        return NULL;
    void *p = core_arena_alloc(ar, size);
    memcpy(p, a, size);
    return p;
}

/* The prepared table as placing needs it, copied into c->keep: cells with
 * their lines sealed, no items, no width trials (the block's scratch arena,
 * where it was measured, is dropped after it). */
static lay_table *table_keep(lay_ctx *c, const lay_table *tb)
{
    core_arena *ar = c->keep;
    lay_table *k = keep_copy(ar, tb, sizeof *tb);
    size_t nc = tb->t->ncells, nr = tb->nrows + 1;
    k->cells = core_arena_alloc(ar, (nc + 1) * sizeof *k->cells);
    for (size_t i = 0; i < nc; i++) {
        tcell *tc = &k->cells[i];
        *tc = tb->cells[i];
        memset(&tc->items, 0, sizeof tc->items);
        tc->nl = NULL;
        lay_seal_lines(ar, &tc->lines);
        lay_seal_lines(ar, &tc->clines);
    }
    k->colx = keep_copy(ar, tb->colx, (tb->ncols + 1) * sizeof *tb->colx);
    k->rowh = keep_copy(ar, tb->rowh, nr * sizeof *tb->rowh);
    k->segh = keep_copy(ar, tb->segh, nr * sizeof *tb->segh);
    k->row_cell = keep_copy(ar, tb->row_cell, nr * sizeof *tb->row_cell);
    memset(&k->scratch, 0, sizeof k->scratch);
    k->trial = NULL, k->ntrial = 0;
    return k;
}

core_status lay_table_prepare(lay_ctx *c, const doc_table *t, lay_table **out)
{
    core_status st = CORE_OK;
    const layout_style *s = c->s;
    lay_table *tb = core_arena_alloc(c->tmp, sizeof *tb);
    tb->t = t;
    tb->nrows = t->nrows;
    tb->ncols = t->ncols;
    tb->pad = s->table_pad;
    tb->page = c->height;
    tb->num_right = s->table_num_right;
    tb->width = c->measure - s->rule_outer;
    tb->cells = core_arena_alloc(c->tmp, (t->ncells + 1) * sizeof *tb->cells);
    *out = tb;
    if (t->ncols == 0 || t->nrows == 0)
        goto done;
    index_rows(c, tb);
    CORE_CHECK(fit_size(c, tb));
    CORE_CHECK(break_cells(c, tb));
    table_heights(c, tb);
done:
    if (st == CORE_OK && c->keep)
        *out = table_keep(c, tb);
    return st;
}

/* The height used after a part of the table ending at `used` and the `keep`
 * grid lines that must follow it on its page. */
static float end_with(const lay_ctx *c, float used, int keep)
{
    return keep ? lay_grid_after(c, used, keep) : used;
}

/* Where the height used stands after what must fit below `used` for the
 * table to start there: all of it (and the `keep` lines after it) when that
 * fits a page (place moves it so), else the header and the first body row.
 * page.c keeps a heading with it on this basis. */
float lay_table_head_end(const lay_ctx *c, const lay_table *tb, int keep, float used)
{
    if (tb->nrows == 0 || tb->ncols == 0)
        return used;
    float rules = 2; /* the frame's rules, generously */
    if (end_with(c, tb->whole + rules, keep) <= tb->page)
        return end_with(c, used + tb->whole + rules, keep);
    return used + tb->first + rules;
}

/* ---- placing --------------------------------------------------------------- */

/* A rule in frame coordinates (x from the frame's left, y down from the text
 * area's top) onto the current page; a rule of no width is not drawn. */
static void draw_rule(lay_ctx *c, float fx, float x0, float y0, float x1, float y1, float w)
{
    if (w <= 0 || c->dry)
        return;
    float top = c->s->page_h - c->s->margin_top;
    dl_op op = {.kind = DL_RULE};
    op.u.rule = (dl_rule){fx + x0, top - y0, fx + x1, top - y1, w, {0, 0, 0, 1}};
    dl_add_op(c->dl, lay_page(c), &op);
}

/* The lines of a cell that fit between y0 and y1, centred vertically. */
static void draw_text(lay_ctx *c, const lay_table *tb, const tcell *tc, bool cont, float x,
                      float y0, float y1)
{
    const lay_lines *l = tbl_shown(tc, cont);
    size_t skip = tc->skip;
    float top = c->s->page_h - c->s->margin_top;
    size_t n = l->n - skip, fit = (size_t)floorf((y1 - y0 - 2 * tb->pad) / tb->lh + LAY_EPS);
    if (fit < n)
        n = fit; /* a part of a row taller than a page: what fits of it */
    float start = y0 + (y1 - y0 - (float)n * tb->lh) / 2;
    for (size_t j = 0; j < n; j++) {
        float down = start + (float)j * tb->lh + (tb->lh - tb->size) / 2 +
                     LAY_IDEO_ASCENT * tb->size;
        lay_emit_line(c, &l->v[skip + j], x, top - down);
    }
}

/* One cell's part in rows [a, b) of the segment: its top and left rules
 * (the frame draws the outer ones) and its text. */
static void draw_cell(lay_ctx *c, const lay_table *tb, const tcell *tc, const float *top,
                      uint32_t a, uint32_t b, bool cont, float y0, float fx)
{
    const doc_cell *dc = tc->cell;
    float cy0 = top[a], cy1 = top[b - 1] + tb->segh[b - 1];
    float cx0 = tb->colx[dc->col], cx1 = tb->colx[dc->col + tbl_span(dc->colspan)];
    if (cy0 > y0 + LAY_EPS)
        draw_rule(c, fx, cx0, cy0, cx1, cy0, c->s->rule_inner);
    if (dc->col > 0)
        draw_rule(c, fx, cx0, cy0, cx0, cy1, c->s->rule_inner);
    draw_text(c, tb, tc, cont, fx + cx0 + tb->pad, cy0, cy1);
}

/* Cells, inner rules and frame of segment `sg` from y0 (heights in segh);
 * returns the frame's bottom. */
static float draw_segment(lay_ctx *c, const lay_table *tb, const tseg *sg, float y0)
{
    const layout_style *s = c->s;
    float fx = lay_area_x0(c, c->pg.page) + s->rule_outer / 2, y = y0;
    float *top = core_arena_alloc(c->tmp, (tb->nrows + 1) * sizeof *top);
    for (int k = 0; k < sg->n; k++)
        for (uint32_t r = sg->a[k]; r < sg->b[k]; r++)
            top[r] = y, y += tb->segh[r];
    for (int k = 0; k < sg->n; k++) {
        size_t i0, i1;
        cell_range(tb, sg->a[k], sg->b[k], &i0, &i1);
        for (size_t i = i0; i < i1; i++) {
            const tcell *tc = &tb->cells[i];
            uint32_t a, b;
            if (tbl_part(tb, tc, sg->a[k], sg->b[k], &a, &b))
                draw_cell(c, tb, tc, top, a, b, tc->cell->row < sg->a[k], y0, fx);
        }
    }
    float w = tb->width, ro = s->rule_outer;
    draw_rule(c, fx, -ro / 2, y0, w + ro / 2, y0, ro);
    draw_rule(c, fx, -ro / 2, y, w + ro / 2, y, ro);
    draw_rule(c, fx, 0, y0, 0, y, ro);
    draw_rule(c, fx, w, y0, w, y, ro);
    return y;
}

/* The header rows and body rows [f, e) as one segment. */
static tseg segment(const lay_table *tb, uint32_t f, uint32_t e)
{
    if (tb->head == 0 || f == tb->head)
        return (tseg){{tb->head == 0 ? f : 0}, {e}, 1};
    return (tseg){{0, f}, {tb->head, e}, 2};
}

/* Do the header rows and body rows [f, e) fit in `avail`? */
static bool run_fits(lay_table *tb, uint32_t f, uint32_t e, float avail)
{
    tseg sg = segment(tb, f, e);
    return tbl_seg_heights(tb, &sg, NULL, tb->segh) <= avail + LAY_EPS;
}

/* The last row + 1 of the longest run from body row f that fits in `avail`
 * below the header rows; f when not even row f does. A run's height grows
 * with its rows (a row adds at least a line; a cell spanning rows needs no
 * more of them for being spread over more), so the end is found by
 * doubling and halving: each trial measures the whole run, and trying the
 * rows one by one was quadratic in the rows a page holds. */
static uint32_t rows_fitting(lay_table *tb, uint32_t f, float avail)
{
    uint32_t lo = f, step = 1, hi; /* run [f, lo) fits; [f, hi) does not, or hi = nrows + 1 */
    for (;;) {
        hi = tb->nrows - lo < step ? tb->nrows + 1 : lo + step;
        if (hi > tb->nrows || !run_fits(tb, f, hi, avail))
            break;
        lo = hi, step *= 2;
    }
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (run_fits(tb, f, mid, avail))
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/*
 * Row f is taller than a whole page below the header: draw the lines of its
 * cells that fit here and leave the rest for the next page. Every cell
 * reaching into the row is split so (a row-spanning cell too: it may be
 * what makes the row too tall), so the row gets shorter on each page.
 */
static core_status split_row(lay_ctx *c, lay_table *tb, uint32_t f, float y0, float avail)
{
    tseg sg = segment(tb, f, f + 1);
    float pad2 = 2 * tb->pad, headh = tbl_seg_heights(tb, &sg, NULL, tb->segh) - tb->segh[f];
    float room = avail - headh - pad2;
    size_t fit = room > 0 ? (size_t)floorf(room / tb->lh + LAY_EPS) : 0;
    if (fit == 0) {
        core_diag_at(c->d, c->doc->src, tb->t->offset, CORE_ERROR, "E-table-tall",
                     "the header rows of this table leave no room for row %u", f + 1);
        return CORE_ELAYOUT;
    }
    tb->segh[f] = (float)fit * tb->lh + pad2;
    draw_segment(c, tb, &sg, y0);
    for (size_t i = 0; i < tb->t->ncells; i++) {
        tcell *tc = &tb->cells[i];
        uint32_t a, b;
        if (tbl_part(tb, tc, f, f + 1, &a, &b))
            tc->skip += tc->lines.n - tc->skip < fit ? tc->lines.n - tc->skip : fit;
    }
    lay_new_page(c);
    return CORE_OK;
}

/* Row f does not fit below the header in `avail`: split it here only when
 * it would not fit a fresh page either, and two of its lines fit here. */
static bool split_here(lay_ctx *c, lay_table *tb, uint32_t f, float avail)
{
    tseg sg = segment(tb, f, f + 1);
    float need = tbl_seg_heights(tb, &sg, NULL, tb->segh);
    float headh = need - tb->segh[f];
    return need > c->height - c->s->rule_outer + LAY_EPS &&
           avail - headh >= 2 * tb->lh + 2 * tb->pad;
}

/* Does the rest of the table from body row f, under the repeated header,
 * fit a fresh page with the `keep` lines after it? */
static bool rest_fits_page(lay_ctx *c, lay_table *tb, uint32_t f, int keep)
{
    tseg sg = segment(tb, f, tb->nrows);
    float h = tbl_seg_heights(tb, &sg, NULL, tb->segh) + c->s->rule_outer;
    return end_with(c, h, keep) <= c->height + LAY_EPS;
}

/*
 * Body rows [f, nrows) end the table on this page from y0, but the `keep`
 * lines after it (the signature, GB/T 9704 §7.3.5) may not open the next
 * page alone. Returns the end of the rows to set here: nrows when the
 * lines fit below them (or nothing helps: a last row filling a page alone);
 * else the fewest last rows go over, at least one whole row under the
 * repeated header, so that they and the lines fit the next page; f when
 * not one row can stay here and the rest fits there (the whole table, when
 * it starts here).
 */
static uint32_t rows_kept_over(lay_ctx *c, lay_table *tb, uint32_t f, int keep, float y0)
{
    tseg sg = segment(tb, f, tb->nrows);
    float end = y0 + tbl_seg_heights(tb, &sg, NULL, tb->segh) + c->s->rule_outer / 2;
    if (keep == 0 || end_with(c, end, keep) <= c->height + LAY_EPS)
        return tb->nrows;
    for (uint32_t e = tb->nrows - 1; e > f; e--)
        if (rest_fits_page(c, tb, e, keep))
            return e;
    return !c->pg.fresh && rest_fits_page(c, tb, f, keep) ? f : tb->nrows;
}

core_status lay_table_place(lay_ctx *c, lay_table *tb, int keep)
{
    core_status st = CORE_OK;
    float ro = c->s->rule_outer;
    if (tb->nrows == 0 || tb->ncols == 0)
        return st;
    for (size_t i = 0; i < tb->t->ncells; i++)
        tb->cells[i].skip = 0; /* a table prepared once is placed in every pass */
    /* fits a page whole (with the lines kept after it) but not the rest of
     * this one: the next page */
    if (!c->pg.fresh && end_with(c, c->pg.used + tb->whole + ro, keep) > c->height + LAY_EPS &&
        end_with(c, tb->whole + ro, keep) <= c->height + LAY_EPS)
        lay_new_page(c);
    uint32_t f = tb->head;
    for (size_t budget = tb->nrows + tb->nlines + 8; f < tb->nrows; budget--) {
        if (budget == 0) { /* a guard: every turn should place a row or a line */
            core_diag_at(c->d, c->doc->src, tb->t->offset, CORE_ERROR, "E-table-tall",
                         "row %u of this table cannot be placed on a page", f + 1);
            return CORE_ELAYOUT;
        }
        float y0 = c->pg.used + ro / 2, avail = c->height - ro / 2 - y0;
        uint32_t fit = rows_fitting(tb, f, avail);
        uint32_t e = fit == tb->nrows ? rows_kept_over(c, tb, f, keep, y0) : fit;
        if (e == f && !c->pg.fresh && (fit > f || !split_here(c, tb, f, avail))) {
            lay_new_page(c); /* not even the header and one row here, or the
                                rest goes over with the lines kept after it */
            continue;
        }
        if (e == f) {
            CORE_CHECK(split_row(c, tb, f, y0, avail));
            continue;
        }
        tseg sg = segment(tb, f, e);
        tbl_seg_heights(tb, &sg, NULL, tb->segh);
        c->pg.used = draw_segment(c, tb, &sg, y0) + ro / 2;
        c->pg.fresh = false;
        f = e;
        if (f < tb->nrows)
            lay_new_page(c);
    }
done:
    return st;
}
