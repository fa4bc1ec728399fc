/*
 * table.c: bordered tables with row and column spans (a first version; the
 * interface to the rest of layout is lay_table_prepare / _head_height /
 * _place in layout-imp.h, so it can be replaced whole).
 *
 * Prepare: the table font (from [font.table], shrunk in ½ pt steps down to
 * size_min when the columns do not fit; below it E-table-width) → each
 * cell's items and its minimum (widest unbreakable piece), two-line and
 * preferred (longest line) widths → column widths over the text width:
 * body cells on one line and header cells on two where possible, narrow
 * columns served first (spanning cells widen the columns they cover) →
 * cell lines (the same line breaker, centred unless the cell says) → row
 * heights.
 *
 * Place: rows top to bottom from the current height on the page; a row that
 * does not fit goes to the next page, where the header rows are repeated;
 * a row-spanning cell cut by the break is drawn on both pages with its whole
 * text (the break moves up until both parts can hold it); a row taller than
 * a page is split between its lines.
 * The frame is inset by half the outer rule so that no ink leaves the text
 * area. The body resumes on the next free grid line (page.c).
 *
 * Invariant: every rule and glyph lies inside the text area. Caller: para.c
 * (prepare), page.c (place).
 */
#include "layout-imp.h"

#include <math.h>
#include <string.h>

typedef struct tcell {
    const doc_cell *cell;
    lay_items items;
    lay_lines lines;
    float min, pref;     /* content widths, padding included */
    float half;          /* the width that sets it in two balanced lines */
    size_t skip;         /* lines drawn on earlier pages (a row taller than a
                            page is split between its lines) */
} tcell;

struct lay_table {
    const doc_table *t;
    float size, lh;      /* font size; distance between a cell's lines */
    uint32_t nrows, ncols;
    tcell *cells;
    float *colx;         /* ncols + 1 edges, from the frame's left */
    float *rowh;
    float width;         /* frame width */
};

/* The narrowest width that holds a one-line text in two lines (a break at
 * an allowed point making the longer line shortest); the text's width when
 * it has forced breaks or no break point. */
static float two_lines(const lay_item *it, size_t n, float total)
{
    float best = total, left = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        left += it[i].w;
        if (it[i].brk == LAY_BRK_MUST)
            return total;
        if (it[i].brk == LAY_BRK_ALLOW && fmaxf(left, total - left) < best)
            best = fmaxf(left, total - left);
    }
    return best;
}

/* Items of every cell at `size`, and their minimum and preferred widths. */
static core_status measure_cells(lay_ctx *c, lay_table *tb, float size)
{
    core_status st = CORE_OK;
    float pad = 2 * c->s->table_pad;
    for (size_t i = 0; i < tb->t->ncells; i++) {
        tcell *tc = &tb->cells[i];
        tc->cell = &tb->t->cells[i];
        memset(&tc->items, 0, sizeof tc->items);
        CORE_CHECK(lay_collect(c, &tc->cell->text, 1, size, 1.0f, &tc->items));
        lay_mark_breaks(c, tc->items.v, tc->items.n);
        float piece = 0, line = 0, minw = 0, prefw = 0;
        for (size_t k = 0; k < tc->items.n; k++) {
            const lay_item *it = &tc->items.v[k];
            if (!(it->flags & LAY_F_SPACE))
                piece += it->w;
            line += it->w;
            if (it->brk != LAY_BRK_NO) {
                minw = fmaxf(minw, piece);
                piece = 0;
            }
            if (it->brk == LAY_BRK_MUST) {
                prefw = fmaxf(prefw, line);
                line = 0;
            }
        }
        tc->min = minw + pad;
        tc->pref = fmaxf(prefw, minw) + pad;
        tc->half = two_lines(tc->items.v, tc->items.n, prefw) + pad;
        if (tc->half < tc->min)
            tc->half = tc->min;
    }
done:
    return st;
}

/* Per column, what its cells need: minimum, target (body cells on one
 * line, header cells on two) and preferred (every cell on one line). Single
 * cells first, then spanning cells spread what their columns lack evenly. */
static void column_needs(lay_table *tb, float *cmin, float *ctarget, float *cpref)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < tb->t->ncells; i++) {
            const tcell *tc = &tb->cells[i];
            uint32_t c0 = tc->cell->col, span = tc->cell->colspan ? tc->cell->colspan : 1;
            if ((pass == 0) != (span == 1) || c0 + span > tb->ncols)
                continue;
            bool head = tc->cell->row < tb->t->header_rows;
            float need[3] = {tc->min, head ? tc->half : tc->pref, tc->pref};
            float *col[3] = {cmin, ctarget, cpref};
            for (int a = 0; a < 3; a++) {
                float have = 0;
                for (uint32_t k = c0; k < c0 + span; k++)
                    have += col[a][k];
                if (have < need[a])
                    for (uint32_t k = c0; k < c0 + span; k++)
                        col[a][k] += (need[a] - have) / (float)span;
            }
        }
    for (uint32_t k = 0; k < tb->ncols; k++) {
        ctarget[k] = fmaxf(ctarget[k], cmin[k]);
        cpref[k] = fmaxf(cpref[k], ctarget[k]);
    }
}

/*
 * Share `width` among columns. Narrow columns first: in order of target
 * width (cpref here), a column whose target fits its fair share of what is
 * left gets it (so number columns keep their numbers and header words on
 * two lines); the others share the rest from their minimums in proportion
 * to what they lack. When every target fits, the spare goes first to the
 * columns whose header would take one line (cfull), then in proportion.
 */
static void share_width(uint32_t n, const float *cmin, const float *cpref, const float *cfull,
                        float width, float *w, bool *done)
{
    float left = width;
    uint32_t open = n;
    for (bool more = true; more && open;) {
        more = false;
        uint32_t pick = UINT32_MAX;
        for (uint32_t k = 0; k < n; k++)
            if (!done[k] && (pick == UINT32_MAX || cpref[k] < cpref[pick]))
                pick = k;
        float rest_min = 0;
        for (uint32_t k = 0; k < n; k++)
            if (!done[k] && k != pick)
                rest_min += cmin[k];
        if (cpref[pick] <= left / (float)open + LAY_EPS && left - cpref[pick] >= rest_min - LAY_EPS) {
            w[pick] = cpref[pick], done[pick] = true, left -= cpref[pick], open--;
            more = true;
        }
    }
    float smin = 0, spref = 0, sdone = width - left;
    for (uint32_t k = 0; k < n; k++)
        if (!done[k])
            smin += cmin[k], spref += cpref[k];
    if (open == 0) { /* all fit: the spare goes first to header lines */
        float lack = 0;
        for (uint32_t k = 0; k < n; k++)
            lack += cfull[k] - w[k];
        float give = lack > 0 ? fminf(1.0f, left / lack) : 0;
        for (uint32_t k = 0; k < n; k++)
            w[k] += (cfull[k] - w[k]) * give;
        left -= lack * give;
        sdone = width - left;
        for (uint32_t k = 0; k < n && sdone > 0; k++)
            w[k] += left * w[k] / sdone;
    }
    for (uint32_t k = 0; k < n; k++) {
        if (done[k])
            continue;
        if (spref <= left)
            w[k] = cpref[k] + (left - spref) * cpref[k] / spref;
        else if (spref > smin)
            w[k] = cmin[k] + (left - smin) * (cpref[k] - cmin[k]) / (spref - smin);
        else
            w[k] = cmin[k];
    }
}

/* Column edges over `width`; false when even the minimums do not fit. */
static bool column_widths(lay_ctx *c, lay_table *tb, float width)
{
    uint32_t n = tb->ncols;
    float *cmin = core_arena_alloc(c->tmp, n * sizeof *cmin);
    float *ctarget = core_arena_alloc(c->tmp, n * sizeof *ctarget);
    float *cpref = core_arena_alloc(c->tmp, n * sizeof *cpref);
    float *w = core_arena_alloc(c->tmp, n * sizeof *w);
    column_needs(tb, cmin, ctarget, cpref);
    float smin = 0;
    for (uint32_t k = 0; k < n; k++)
        smin += cmin[k];
    if (smin > width + LAY_EPS)
        return false;
    share_width(n, cmin, ctarget, cpref, width, w, core_arena_alloc(c->tmp, n * sizeof(bool)));
    tb->colx = core_arena_alloc(c->tmp, (n + 1) * sizeof *tb->colx);
    for (uint32_t k = 0; k < n; k++)
        tb->colx[k + 1] = tb->colx[k] + w[k];
    tb->colx[n] = width; /* no rounding drift at the frame */
    return true;
}

static uint32_t span_of(uint32_t s) { return s ? s : 1; }

/* Each cell's lines, centred (or as the cell says) in its columns. */
static core_status break_cells(lay_ctx *c, lay_table *tb)
{
    core_status st = CORE_OK;
    float pad = c->s->table_pad;
    for (size_t i = 0; i < tb->t->ncells; i++) {
        tcell *tc = &tb->cells[i];
        const doc_cell *dc = tc->cell;
        uint32_t cs = span_of(dc->colspan);
        memset(&tc->lines, 0, sizeof tc->lines);
        if (dc->row >= tb->nrows || dc->col + cs > tb->ncols)
            continue;
        lay_para p = {.measure = tb->colx[dc->col + cs] - tb->colx[dc->col] - 2 * pad,
                      .align = dc->align == DOC_ALIGN_LEFT    ? LAY_LEFT
                               : dc->align == DOC_ALIGN_RIGHT ? LAY_RIGHT
                                                              : LAY_CENTER,
                      .no_hang = true};
        CORE_CHECK(lay_break_lines(c, tc->items.v, tc->items.n, &p, &tc->lines));
    }
done:
    return st;
}

/* Row heights: single-row cells first, then row-spanning cells spread what
 * their rows lack evenly over them. */
static void row_heights(lay_ctx *c, lay_table *tb)
{
    float pad = c->s->table_pad;
    tb->rowh = core_arena_alloc(c->tmp, tb->nrows * sizeof *tb->rowh);
    for (uint32_t r = 0; r < tb->nrows; r++)
        tb->rowh[r] = tb->lh + 2 * pad;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < tb->t->ncells; i++) {
            const tcell *tc = &tb->cells[i];
            const doc_cell *dc = tc->cell;
            uint32_t rs = span_of(dc->rowspan);
            if ((pass == 0) != (rs == 1) || dc->row + rs > tb->nrows)
                continue;
            float need = (float)tc->lines.n * tb->lh + 2 * pad, have = 0;
            for (uint32_t r = dc->row; r < dc->row + rs; r++)
                have += tb->rowh[r];
            if (need > have)
                for (uint32_t r = dc->row; r < dc->row + rs; r++)
                    tb->rowh[r] += (need - have) / (float)rs;
        }
}

core_status lay_table_prepare(lay_ctx *c, const doc_table *t, lay_table **out)
{
    core_status st = CORE_OK;
    const layout_style *s = c->s;
    lay_table *tb = core_arena_alloc(c->tmp, sizeof *tb);
    tb->t = t;
    tb->nrows = t->nrows;
    tb->ncols = t->ncols;
    tb->width = c->measure - s->rule_outer;
    tb->cells = core_arena_alloc(c->tmp, (t->ncells + 1) * sizeof *tb->cells);
    *out = tb;
    if (t->ncols == 0 || t->nrows == 0)
        return st;
    float size = s->font[LAYOUT_ROLE_TABLE].size;
    for (;; size -= 0.5f) {
        if (size < s->table_size_min - LAY_EPS) {
            core_diag_at(c->d, c->doc->src, t->offset, CORE_ERROR, "E-table-width",
                         "this table of %u columns does not fit the text width (%.2f pt) "
                         "even at %.1f pt type; shorten or split its columns",
                         t->ncols, c->measure, s->table_size_min);
            st = CORE_ELAYOUT;
            goto done;
        }
        CORE_CHECK(measure_cells(c, tb, size));
        if (column_widths(c, tb, tb->width))
            break;
    }
    tb->size = size;
    tb->lh = roundf(size * 1.3f * 100) / 100;
    CORE_CHECK(break_cells(c, tb));
    row_heights(c, tb);
done:
    return st;
}

float lay_table_head_height(const lay_table *tb)
{
    float h = 0;
    uint32_t head = tb->t->header_rows < tb->nrows ? tb->t->header_rows : 0;
    for (uint32_t r = 0; r <= head && r < tb->nrows; r++)
        h += tb->rowh[r];
    return h + 2; /* the frame's rules, generously */
}

/* ---- placing --------------------------------------------------------------- */

/* A rule in frame coordinates (x from the frame's left, y down from the text
 * area's top) onto the current page. */
static void draw_rule(lay_ctx *c, float fx, float x0, float y0, float x1, float y1, float w)
{
    float top = c->s->page_h - c->s->margin_top;
    dl_op op = {.kind = DL_RULE};
    op.u.rule = (dl_rule){fx + x0, top - y0, fx + x1, top - y1, w, {0, 0, 0, 1}};
    dl_add_op(c->dl, lay_page(c), &op);
}

/* The lines of a cell that fit between y0 and y1, centred vertically. */
static void draw_text(lay_ctx *c, const lay_table *tb, const tcell *tc, float x, float y0,
                      float y1)
{
    float pad = c->s->table_pad, top = c->s->page_h - c->s->margin_top;
    size_t n = tc->lines.n - tc->skip, fit = (size_t)floorf((y1 - y0 - 2 * pad) / tb->lh + LAY_EPS);
    if (fit < n)
        n = fit; /* a cell cut by a page break: what fits of it */
    float start = y0 + (y1 - y0 - (float)n * tb->lh) / 2;
    for (size_t j = 0; j < n; j++) {
        float down = start + (float)j * tb->lh + (tb->lh - tb->size) / 2 +
                     LAY_IDEO_ASCENT * tb->size;
        lay_emit_line(c, &tc->lines.v[tc->skip + j], x, top - down);
    }
}

/* Cells, inner rules and frame of the rows on this page. top[r] is the top of
 * row r on the page (NAN when it is not here); y0, y1 the frame's top and
 * bottom. */
static void draw_segment(lay_ctx *c, const lay_table *tb, const float *top, float y0, float y1)
{
    const layout_style *s = c->s;
    float fx = lay_area_x0(c, c->pg.page) + s->rule_outer / 2;
    for (size_t i = 0; i < tb->t->ncells; i++) {
        const tcell *tc = &tb->cells[i];
        const doc_cell *dc = tc->cell;
        uint32_t rs = span_of(dc->rowspan), cs = span_of(dc->colspan);
        if (dc->row + rs > tb->nrows || dc->col + cs > tb->ncols)
            continue;
        uint32_t a = UINT32_MAX, b = 0;
        for (uint32_t r = dc->row; r < dc->row + rs; r++)
            if (!isnan(top[r]))
                a = a == UINT32_MAX ? r : a, b = r;
        if (a == UINT32_MAX)
            continue;
        float cy0 = top[a], cy1 = top[b] + tb->rowh[b];
        float cx0 = tb->colx[dc->col], cx1 = tb->colx[dc->col + cs];
        if (cy0 > y0 + LAY_EPS)
            draw_rule(c, fx, cx0, cy0, cx1, cy0, s->rule_inner);
        if (dc->col > 0)
            draw_rule(c, fx, cx0, cy0, cx0, cy1, s->rule_inner);
        draw_text(c, tb, tc, fx + cx0 + s->table_pad, cy0, cy1);
    }
    float w = tb->width, ro = s->rule_outer;
    draw_rule(c, fx, -ro / 2, y0, w + ro / 2, y0, ro);
    draw_rule(c, fx, -ro / 2, y1, w + ro / 2, y1, ro);
    draw_rule(c, fx, 0, y0, 0, y1, ro);
    draw_rule(c, fx, w, y0, w, y1, ro);
}

/* The first row from `r` that does not fit on this page below `y` (after the
 * header rows when `head`). */
static uint32_t rows_fitting(const lay_ctx *c, const lay_table *tb, uint32_t r, uint32_t head,
                             float y)
{
    float limit = c->height - c->s->rule_outer / 2;
    for (uint32_t h = 0; h < head; h++)
        y += tb->rowh[h];
    while (r < tb->nrows && y + tb->rowh[r] <= limit + LAY_EPS)
        y += tb->rowh[r++];
    return r;
}

static float rows_height(const lay_table *tb, uint32_t a, uint32_t b)
{
    float h = 0;
    for (uint32_t r = a; r < b && r < tb->nrows; r++)
        h += tb->rowh[r];
    return h;
}

/*
 * A break before row `r` cuts the row-spanning cells across it; each part of
 * such a cell must hold its text (its label is drawn on both pages). Move
 * the break up until it does: before the cell when the part on this page is
 * too short, a row or more earlier when the part on the next is. Never
 * before `first` + 1: a page takes at least one row.
 */
static uint32_t break_row(const lay_ctx *c, const lay_table *tb, uint32_t first, uint32_t r)
{
    float pad = 2 * c->s->table_pad;
    for (int iter = 0; iter < 16 && r < tb->nrows; iter++) {
        uint32_t was = r;
        for (size_t i = 0; i < tb->t->ncells; i++) {
            const tcell *tc = &tb->cells[i];
            uint32_t r0 = tc->cell->row, r1 = r0 + span_of(tc->cell->rowspan);
            if (r0 >= r || r1 <= r || r1 > tb->nrows)
                continue;
            float need = (float)tc->lines.n * tb->lh + pad;
            uint32_t top = r0 > first ? r0 : first;
            if (rows_height(tb, top, r) < need - LAY_EPS) {
                r = r0; /* the whole cell to the next page */
                break;
            }
            while (r > top + 1 && rows_height(tb, r, r1) < need - LAY_EPS)
                r--;
        }
        if (r <= first)
            return was; /* cannot do better than cutting */
        if (r == was)
            break;
    }
    return r;
}

/* Place rows [r, end) on the current page below *y, after the header rows
 * when `head`; top[] says where each row went (NAN: not on this page). */
static void fill_page(const lay_table *tb, float *top, uint32_t r, uint32_t end,
                      uint32_t head, float *y)
{
    for (uint32_t k = 0; k < tb->nrows; k++)
        top[k] = NAN;
    for (uint32_t h = 0; h < head; h++)
        top[h] = *y, *y += tb->rowh[h];
    for (; r < end; r++)
        top[r] = *y, *y += tb->rowh[r];
}

/*
 * Row `r` is taller than a whole page: draw the lines of its cells that fit
 * here, and leave the row holding the rest for the next page. Only cells of
 * this one row are split; a row-spanning cell is cut as at any break.
 */
static core_status split_row(lay_ctx *c, lay_table *tb, float *top, uint32_t r, uint32_t rhead,
                             float y0)
{
    float pad = 2 * c->s->table_pad, y = y0;
    float avail = c->height - c->s->rule_outer / 2 - y0 - rows_height(tb, 0, rhead);
    size_t fit = (size_t)floorf((avail - pad) / tb->lh + LAY_EPS);
    if (fit == 0) {
        core_diag_at(c->d, c->doc->src, tb->t->offset, CORE_ERROR, "E-table-tall",
                     "the header rows of this table leave no room for row %u", r + 1);
        return CORE_ELAYOUT;
    }
    tb->rowh[r] = (float)fit * tb->lh + pad;
    fill_page(tb, top, r, r + 1, rhead, &y);
    draw_segment(c, tb, top, y0, y);
    size_t rest = 0;
    for (size_t i = 0; i < tb->t->ncells; i++) {
        tcell *tc = &tb->cells[i];
        if (tc->cell->row != r || span_of(tc->cell->rowspan) != 1)
            continue;
        tc->skip += tc->lines.n - tc->skip < fit ? tc->lines.n - tc->skip : fit;
        if (tc->lines.n - tc->skip > rest)
            rest = tc->lines.n - tc->skip;
    }
    tb->rowh[r] = (float)(rest ? rest : 1) * tb->lh + pad;
    lay_new_page(c);
    return CORE_OK;
}

core_status lay_table_place(lay_ctx *c, lay_table *tb)
{
    core_status st = CORE_OK;
    const layout_style *s = c->s;
    uint32_t head = tb->t->header_rows < tb->nrows ? tb->t->header_rows : 0;
    float *top = core_arena_alloc(c->tmp, (tb->nrows + 1) * sizeof *top);
    uint32_t r = 0;
    while (r < tb->nrows) {
        float y0 = c->pg.used + s->rule_outer / 2, y = y0;
        uint32_t first = r, rhead = r > 0 && r >= head ? head : 0;
        uint32_t end = rows_fitting(c, tb, r, rhead, y0);
        /* nothing of the body fitted (or only the header): start over below */
        if (end == first || (end <= head && end < tb->nrows)) {
            if (!c->pg.fresh) {
                lay_new_page(c);
                continue;
            }
            if (end == first) { /* taller than a page: split between its lines */
                CORE_CHECK(split_row(c, tb, top, first, rhead, y0));
                continue;
            }
        }
        if (end < tb->nrows)
            end = break_row(c, tb, first, end);
        fill_page(tb, top, first, end, rhead, &y);
        draw_segment(c, tb, top, y0, y);
        c->pg.used = y + s->rule_outer / 2;
        c->pg.fresh = false;
        r = end;
        if (r < tb->nrows)
            lay_new_page(c);
    }
done:
    return st;
}
