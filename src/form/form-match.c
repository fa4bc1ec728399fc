/*
 * template-match.c: how a plain grid is compared with a template.
 *
 * Labels are compared after normalisation (width, brackets, punctuation,
 * spaces folded away) by edit distance, so that "(一) 予以公开" is the form's
 * "（一）予以公开" and "本年度止件数" is close to "本年废止件数". Rows are then
 * aligned in order (a weighted longest-common-subsequence): an input row
 * matches at most one template row and the order is kept, which tolerates
 * missing, repeated and extra rows and the three identical "信息内容" rows
 * of table 二. Inside a row, fields are aligned to the labels covering that
 * row in column order, so cells shifted left or right still find their label.
 * Caller: form_apply (form.c); tpl_build reads the result.
 */
#include "form-imp.h"

#include <stdlib.h>
#include <string.h>

/* ---- labels and values ------------------------------------------------------ */

static bool is_kept_cp(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == 0x3007 ||
           (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || c >= 0x20000;
}

static int cp_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

tpl_norm tpl_normalise(core_arena *a, const char *s, size_t len)
{
    tpl_norm n = {core_arena_alloc(a, (len + 1) * sizeof(uint32_t)), 0, NULL};
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t k = core_utf8_decode(s + i, len - i, &c);
        if (!k) {
            i++;
            continue;
        }
        i += k;
        /* the one folding: full-width ASCII, Kangxi radicals, compatibility
         * ideographs (core_fold_char) */
        c = core_fold_char(c);
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (is_kept_cp(c))
            n.cp[n.n++] = c;
    }
    n.sorted = core_arena_alloc(a, (n.n + 1) * sizeof *n.sorted);
    memcpy(n.sorted, n.cp, n.n * sizeof *n.cp);
    qsort(n.sorted, n.n, sizeof *n.sorted, cp_cmp);
    return n;
}

/* How many characters x and y have in common, counted with repeats. */
static size_t common_chars(const tpl_norm *x, const tpl_norm *y)
{
    size_t i = 0, j = 0, k = 0;
    while (i < x->n && j < y->n) {
        if (x->sorted[i] == y->sorted[j])
            k++, i++, j++;
        else if (x->sorted[i] < y->sorted[j])
            i++;
        else
            j++;
    }
    return k;
}

bool tpl_norm_equal(const tpl_norm *x, const tpl_norm *y)
{
    return x->n == y->n && memcmp(x->cp, y->cp, x->n * sizeof *x->cp) == 0;
}

bool tpl_norm_contains(const tpl_norm *big, const tpl_norm *small)
{
    for (size_t i = 0; i + small->n <= big->n; i++)
        if (memcmp(big->cp + i, small->cp, small->n * sizeof *small->cp) == 0)
            return true;
    return false;
}

/* One label containing the other ("…（单位：万元，保留4位小数）", or a label
 * cut short) scores at least 0.5, more the closer the lengths. */
static double containment(const tpl_norm *x, const tpl_norm *y)
{
    const tpl_norm *small = x->n < y->n ? x : y, *big = x->n < y->n ? y : x;
    if (small->n >= 2 && tpl_norm_contains(big, small))
        return 0.5 + 0.5 * (double)small->n / (double)big->n;
    return 0;
}

double tpl_similarity(const tpl_norm *x, const tpl_norm *y)
{
    if (!x->n || !y->n)
        return 0;
    size_t longer = x->n > y->n ? x->n : y->n, shorter = x->n < y->n ? x->n : y->n;
    /* the edit distance is at least the difference in length, and the
     * similarity cannot rise above the share of characters in common (an
     * edit keeps at most those): when either sinks below TPL_MATCH_MIN,
     * only containment can match, which needs all of the shorter's
     * characters in the longer (so it is not tried otherwise) */
    size_t common = common_chars(x, y);
    if ((double)(longer - shorter) / (double)longer > 1.0 - TPL_MATCH_MIN ||
        (double)common / (double)longer < TPL_MATCH_MIN)
        return common == shorter ? containment(x, y) : 0;
    size_t stack[128];
    size_t *row = y->n < 128 ? stack : malloc((y->n + 1) * sizeof *row);
    for (size_t j = 0; j <= y->n; j++)
        row[j] = j;
    for (size_t i = 1; i <= x->n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= y->n; j++) {
            size_t up = row[j];
            size_t best = diag + (x->cp[i - 1] != y->cp[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    double s = 1.0 - (double)row[y->n] / (double)longer;
    if (row != stack)
        free(row);
    double c = common == shorter ? containment(x, y) : 0;
    return c > s ? c : s;
}

/* Skip ASCII and ideographic spaces at both ends. */
static void trim(const char **s, size_t *len)
{
    while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len >= 3 && memcmp(*s, "\u3000", 3) == 0) {
        *s += 3;
        *len -= 3;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
    while (*len >= 3 && memcmp(*s + *len - 3, "\u3000", 3) == 0)
        *len -= 3;
}

static bool is_digit_cp(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

bool tpl_value_like(const char *s, size_t len)
{
    trim(&s, &len);
    static const char *placeholders[] = {"—", "——", "-", "－", "/", "／", "无", "空", "/"};
    for (size_t i = 0; i < sizeof placeholders / sizeof *placeholders; i++)
        if (len == strlen(placeholders[i]) && memcmp(s, placeholders[i], len) == 0)
            return true;
    size_t i = 0, digits = 0;
    uint32_t c = 0;
    size_t k = len ? core_utf8_decode(s, len, &c) : 0;
    if (k && (c == '-' || c == '+' || c == 0xFF0D || c == 0x2212))
        i += k;
    for (; i < len && (k = core_utf8_decode(s + i, len - i, &c)) && is_digit_cp(c); i += k)
        digits++;
    if (len && !digits)
        return false;
    /* a decimal part: "." then at least one digit ("1.属于…" is a label) */
    if (i < len && (k = core_utf8_decode(s + i, len - i, &c)) && (c == '.' || c == 0xFF0E)) {
        uint32_t d;
        size_t k2 = i + k < len ? core_utf8_decode(s + i + k, len - i - k, &d) : 0;
        if (!k2 || !is_digit_cp(d))
            return false;
        for (i += k; i < len && (k = core_utf8_decode(s + i, len - i, &c)) && is_digit_cp(c); i += k)
            ;
    }
    const char *rest = s + i;
    size_t rn = len - i;
    static const char *tails[] = {"（", "(", "元", "万元", "件", "个", "项", "条", "%", "％"};
    if (!rn)
        return true;
    for (size_t t = 0; t < sizeof tails / sizeof *tails; t++)
        if (rn >= strlen(tails[t]) && memcmp(rest, tails[t], strlen(tails[t])) == 0)
            return true;
    return false;
}

/* ---- the input grid as rows of fields ------------------------------------- */

static int field_cmp(const void *x, const void *y)
{
    const tpl_field *a = x, *b = y;
    return a->cell->col < b->cell->col ? -1 : a->cell->col > b->cell->col;
}

static size_t run_end(const doc_run *r)
{
    return r->len ? doc_run_offset(r, r->len - 1) + 1 : r->offset;
}

/* The fields the author wrote: parse.c pads a short row with empty cells
 * placed where the line ends, right after the last field, while an empty
 * field the author wrote lies after a tab. Only the author's fields say
 * where values were lost (see place_values in template-build.c). */
static size_t unpadded(const tpl_field *f, size_t n)
{
    for (size_t k = 1; k < n; k++)
        if (f[k].empty && f[k].cell->text.offset <= run_end(&f[k - 1].cell->text))
            return k;
    return n;
}

void tpl_rows_from_grid(core_arena *a, const doc_table *g, tpl_row **rows, size_t *nrows)
{
    CORE_VEC(tpl_row) out = {0};
    /* cells are row-major by their top-left (doc.h): one pass, row by row */
    for (size_t i = 0; i < g->ncells;) {
        uint32_t r = g->cells[i].row;
        CORE_VEC(tpl_field) f = {0};
        bool any = false;
        for (; i < g->ncells && g->cells[i].row == r; i++) {
            const doc_cell *c = &g->cells[i];
            const char *s = c->text.text;
            size_t n = c->text.len;
            trim(&s, &n);
            tpl_field fd = {.cell = c, .norm = tpl_normalise(a, s, n), .empty = n == 0,
                            .value = tpl_value_like(s, n), .label = -1};
            any |= !fd.empty;
            core_vec_push(a, &f, fd);
        }
        if (!any)
            continue; /* a blank line inside the table */
        qsort(f.v, f.n, sizeof *f.v, field_cmp);
        f.n = unpadded(f.v, f.n);
        core_vec_push(a, &out, ((tpl_row){.row = r, .f = f.v, .n = f.n, .match = -1}));
    }
    *rows = out.v;
    *nrows = out.n;
}

/* ---- alignment -------------------------------------------------------------- */

/* The label cells covering one template row, in column order. */
typedef struct row_labels {
    size_t *cell;   /* indices into t->cells */
    bool *own;      /* the cell starts in this row (else: merged from above) */
    size_t n;
    size_t numbers; /* number cells starting in this row */
} row_labels;

typedef struct matcher {
    const tpl *t;
    tpl_row *rows;
    size_t nrows;
    row_labels *tr;  /* per template row */
    size_t *base;    /* flat index of rows[i].f[0] */
    tpl_sims *sims;  /* label cells only (a form's number cells outnumber
                      * its labels 5:1), by the label's uid */
    bool *hit;       /* [row * t->ncells + cell]: a field of input row `row`
                      * may align with label cell `cell` */
} matcher;

/* Similarity of template label cell `c` and flat field `field`. */
static double sim_of(const matcher *mx, size_t c, size_t field)
{
    return mx->sims->v[(size_t)mx->t->cells[c].uid * mx->sims->nfields + field];
}

/* A merged label repeated in a row it spans is weak evidence for that row. */
#define TPL_ABOVE_WEIGHT 0.2

static void template_rows(core_arena *a, matcher *mx)
{
    const tpl *t = mx->t;
    mx->tr = core_arena_alloc(a, t->nrows * sizeof *mx->tr);
    for (uint32_t j = 0; j < t->nrows; j++) {
        row_labels *rl = &mx->tr[j];
        size_t n = 0;
        for (size_t c = 0; c < t->ncells; c++)
            n += t->cells[c].text && j >= t->cells[c].row &&
                 j < t->cells[c].row + t->cells[c].rowspan;
        rl->cell = core_arena_alloc(a, (n + 1) * sizeof *rl->cell);
        rl->own = core_arena_alloc(a, (n + 1) * sizeof *rl->own);
        for (size_t c = 0; c < t->ncells; c++) {
            const tpl_cell *tc = &t->cells[c];
            if (j < tc->row || j >= tc->row + tc->rowspan)
                continue;
            if (!tc->text) {
                rl->numbers += tc->row == j;
                continue;
            }
            rl->cell[rl->n] = c;
            rl->own[rl->n++] = tc->row == j;
        }
        /* cells are sorted by their top-left, so a label from above may come
         * after one of this row; order by column */
        for (size_t x = 1; x < rl->n; x++)
            for (size_t y = x; y > 0 && t->cells[rl->cell[y - 1]].col > t->cells[rl->cell[y]].col; y--) {
                size_t c = rl->cell[y];
                bool o = rl->own[y];
                rl->cell[y] = rl->cell[y - 1];
                rl->own[y] = rl->own[y - 1];
                rl->cell[y - 1] = c;
                rl->own[y - 1] = o;
            }
    }
}

/* The similarities of the form's labels with every field, into the
 * grid's shared table where another form has not put them already. */
static void similarities(core_arena *a, matcher *mx)
{
    mx->base = core_arena_alloc(a, (mx->nrows + 1) * sizeof *mx->base);
    for (size_t i = 0; i < mx->nrows; i++)
        mx->base[i + 1] = mx->base[i] + mx->rows[i].n;
    for (size_t c = 0; c < mx->t->ncells; c++) {
        const tpl_cell *tc = &mx->t->cells[c];
        double *known = tc->text ? &mx->sims->v[(size_t)tc->uid * mx->sims->nfields] : NULL;
        for (size_t i = 0; known && i < mx->nrows; i++)
            for (size_t k = 0; k < mx->rows[i].n; k++) {
                const tpl_field *f = &mx->rows[i].f[k];
                double *s = &known[mx->base[i] + k];
                if (*s < 0)
                    *s = f->empty || f->value ? 0 : tpl_similarity(&tc->norm, &f->norm);
            }
    }
    size_t nc = mx->t->ncells;
    mx->hit = core_arena_alloc(a, (mx->nrows * nc + 1) * sizeof *mx->hit);
    for (size_t c = 0; c < nc; c++)
        for (size_t i = 0; mx->t->cells[c].text && i < mx->nrows; i++)
            for (size_t k = 0; k < mx->rows[i].n && !mx->hit[i * nc + c]; k++)
                mx->hit[i * nc + c] = sim_of(mx, c, mx->base[i] + k) >= TPL_MATCH_MIN;
}

/* Score of aligning field k of input row i with label l of template row j;
 * negative when they cannot be aligned. */
static double weight(const matcher *mx, size_t i, size_t k, uint32_t j, size_t l)
{
    const row_labels *rl = &mx->tr[j];
    double s = sim_of(mx, rl->cell[l], mx->base[i] + k);
    if (s < TPL_MATCH_MIN)
        return -1;
    return rl->own[l] ? s : TPL_ABOVE_WEIGHT * s;
}

/* Align the fields of input row i with the labels of template row j in
 * order; returns the score, and with `commit` sets each field's label. */
static double row_align(matcher *mx, size_t i, uint32_t j, bool commit)
{
    tpl_row *row = &mx->rows[i];
    const row_labels *rl = &mx->tr[j];
    size_t n = row->n, m = rl->n, w = m + 1;
    bool any = false; /* most pairs of rows share no label: skip the table */
    for (size_t b = 0; b < m && !any; b++)
        any = mx->hit[i * mx->t->ncells + rl->cell[b]];
    if (!any)
        return 0;
    double *dp = calloc((n + 1) * w, sizeof *dp);
    for (size_t a = 1; a <= n; a++)
        for (size_t b = 1; b <= m; b++) {
            double best = dp[(a - 1) * w + b];
            if (dp[a * w + b - 1] > best)
                best = dp[a * w + b - 1];
            double x = weight(mx, i, a - 1, j, b - 1);
            if (x >= 0 && dp[(a - 1) * w + b - 1] + x > best)
                best = dp[(a - 1) * w + b - 1] + x;
            dp[a * w + b] = best;
        }
    double score = dp[n * w + m];
    for (size_t a = n, b = m; commit && a && b;) {
        double x = weight(mx, i, a - 1, j, b - 1);
        if (dp[a * w + b] == dp[(a - 1) * w + b])
            a--;
        else if (dp[a * w + b] == dp[a * w + b - 1])
            b--;
        else {
            row->f[a - 1].label = (int)rl->cell[b - 1];
            (void)x;
            a--;
            b--;
        }
    }
    free(dp);
    return score;
}

/* The row's score with a small bonus when its values fit the template row:
 * lets a row whose labels were lost fall into the gap it belongs to. */
static double row_score(matcher *mx, size_t i, uint32_t j)
{
    bool values = false;
    for (size_t k = 0; k < mx->rows[i].n; k++)
        values |= mx->rows[i].f[k].value && !mx->rows[i].f[k].empty;
    double s = row_align(mx, i, j, false);
    if (values && mx->tr[j].numbers)
        s += 0.1;
    else if (!values && !mx->tr[j].numbers)
        s += 0.05;
    return s;
}

/* Weighted in-order matching of input rows to template rows. */
static void align_rows(matcher *mx)
{
    size_t n = mx->nrows, m = mx->t->nrows, w = m + 1;
    double *s = calloc(n * m + 1, sizeof *s);
    double *dp = calloc((n + 1) * w, sizeof *dp);
    for (size_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < m; j++)
            s[i * m + j] = row_score(mx, i, j);
    for (size_t a = 1; a <= n; a++)
        for (size_t b = 1; b <= m; b++) {
            double best = dp[(a - 1) * w + b];
            if (dp[a * w + b - 1] > best)
                best = dp[a * w + b - 1];
            double x = s[(a - 1) * m + b - 1];
            if (x > 0 && dp[(a - 1) * w + b - 1] + x > best)
                best = dp[(a - 1) * w + b - 1] + x;
            dp[a * w + b] = best;
        }
    for (size_t a = n, b = m; a && b;) {
        if (dp[a * w + b] == dp[(a - 1) * w + b])
            a--;
        else if (dp[a * w + b] == dp[a * w + b - 1])
            b--;
        else {
            mx->rows[a - 1].match = (int)(b - 1);
            a--;
            b--;
        }
    }
    free(s);
    free(dp);
}

static bool is_text(const tpl_field *f) { return !f->empty && !f->value && f->label < 0; }

/* Own labels of row j that found no field, paired in order with unaligned
 * text fields lying between the same neighbours: the author's wording of
 * that label, too far from the form's to be matched by similarity. In the
 * last gap only text before the first value counts (later text is a value
 * the checks will reject). */
static void pair_gaps(matcher *mx, tpl_row *row, uint32_t j)
{
    const row_labels *rl = &mx->tr[j];
    size_t k = 0, l = 0;
    while (k <= row->n && l <= rl->n) {
        size_t k1 = k, l1 = l;
        while (k1 < row->n && row->f[k1].label < 0)
            k1++;
        int target = k1 < row->n ? row->f[k1].label : -1;
        while (l1 < rl->n && (target < 0 || rl->cell[l1] != (size_t)target))
            l1++;
        size_t kk = k, ll = l;
        for (; kk < k1; kk++) {
            tpl_field *f = &row->f[kk];
            if (k1 == row->n && f->value && !f->empty)
                break;
            if (!is_text(f))
                continue;
            while (ll < l1 && !rl->own[ll])
                ll++;
            if (ll == l1)
                break;
            f->label = (int)rl->cell[ll++];
            f->kept = true;
            f->gap = true;
        }
        k = k1 + 1;
        l = l1 + 1;
    }
}

/* How much of a form's header label the unmatched field f is a piece of
 * (a header cell a PDF's text cut over lines: 结果, 维持, 尚未 of 结果维持):
 * the piece's share of the longest label holding it, or 0. Such pieces are
 * evidence for the form, not text it lacks. */
static double header_piece(const matcher *mx, const tpl_field *f)
{
    double best = 0;
    /* only for a form known by its header alone (表四: no row labels); a
     * form with row labels is known by those, which place its numbers */
    for (size_t c = 0; c < mx->t->ncells; c++)
        if (mx->t->cells[c].text && !mx->t->cells[c].header)
            return 0;
    if (f->norm.n < 2)
        return 0;
    for (size_t c = 0; c < mx->t->ncells; c++) {
        const tpl_cell *tc = &mx->t->cells[c];
        for (size_t i = 0; tc->text && tc->header && i + f->norm.n <= tc->norm.n; i++)
            if (!memcmp(tc->norm.cp + i, f->norm.cp, f->norm.n * sizeof *f->norm.cp)) {
                double share = (double)f->norm.n / (double)tc->norm.n;
                best = share > best ? share : best;
                break;
            }
    }
    return best;
}

/* matched own-label similarity / (form labels + unmatched input text that
 * is no piece of a header label) */
static double match_score(const matcher *mx, size_t *labels)
{
    double num = 0;
    *labels = 0;
    size_t extra = 0;
    for (size_t i = 0; i < mx->nrows; i++) {
        const tpl_row *row = &mx->rows[i];
        for (size_t k = 0; k < row->n; k++) {
            const tpl_field *f = &row->f[k];
            if (f->label >= 0 && (uint32_t)row->match == mx->t->cells[f->label].row)
            {
                num += sim_of(mx, (size_t)f->label, mx->base[i] + k);
                ++*labels;
            }
            else if (f->label < 0 && !f->empty && !f->value) {
                double piece = header_piece(mx, f);
                if (piece > 0)
                    num += piece;
                else
                    extra++;
            }
        }
    }
    return mx->t->nlabels ? num / (double)(mx->t->nlabels + extra) : 0;
}

void tpl_match_rows(core_arena *a, const tpl *t, const tpl_row *rows, size_t nrows,
                    tpl_sims *sims, tpl_match *m)
{
    matcher mx = {.t = t, .nrows = nrows, .sims = sims};
    mx.rows = core_arena_alloc(a, (nrows + 1) * sizeof *mx.rows);
    for (size_t i = 0; i < nrows; i++) {
        mx.rows[i] = rows[i];
        mx.rows[i].f = core_arena_alloc(a, (rows[i].n + 1) * sizeof *rows[i].f);
        memcpy(mx.rows[i].f, rows[i].f, rows[i].n * sizeof *rows[i].f);
    }
    template_rows(a, &mx);
    similarities(a, &mx);
    align_rows(&mx);
    for (size_t i = 0; i < nrows; i++)
        if (mx.rows[i].match >= 0)
            row_align(&mx, i, (uint32_t)mx.rows[i].match, true);
    *m = (tpl_match){.t = t, .rows = mx.rows, .nrows = nrows};
    m->score = match_score(&mx, &m->labels);
    for (size_t i = 0; i < nrows; i++) {
        tpl_row *row = &mx.rows[i];
        if (row->match >= 0)
            pair_gaps(&mx, row, (uint32_t)row->match);
        for (size_t k = 0; k < row->n; k++) {
            tpl_field *f = &row->f[k];
            if (f->label >= 0 && !f->kept)
                f->kept = !tpl_norm_equal(&f->norm, &t->cells[f->label].norm);
        }
    }
}
