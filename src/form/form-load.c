/*
 * template-load.c: the .tbl line format (layouts/tables/README.md) → tpl.
 *
 * One directive per line; every error is located NAME:LINE:COL (the text is
 * decoded as a core_source so that the usual locator applies) and loading
 * goes on to report every error of the file, but a file with any error
 * yields no template. Diagnostics own a copy of the file name (core), so
 * they outlive the caller's string and the set. Keys must be declared before the checks that use them.
 * Caller: form_set_add (form.c).
 */
#include "form-imp.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

typedef struct loader {
    core_arena *a;
    const core_source *src;
    core_diags *d;
    size_t errors;
    const char *p, *end;   /* the rest of the current line */
    tpl *t;
    CORE_VEC(tpl_cell) cells;
    CORE_VEC(size_t) cell_at; /* source offset of each cell's line */
    CORE_VEC(tpl_key) rows, cols;
    CORE_VEC(tpl_rule) rules;
} loader;

static void ld_error(loader *ld, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void ld_error(loader *ld, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core_diags_vadd(ld->d, ld->src, (size_t)(at - ld->src->text), CORE_ERROR, "E-template",
                    fmt, ap);
    va_end(ap);
    ld->errors++;
}

static void skip_space(loader *ld)
{
    while (ld->p < ld->end && (*ld->p == ' ' || *ld->p == '\t'))
        ld->p++;
}

/* The next space-separated word (NULL at the end of the line). */
static const char *next_word(loader *ld, size_t *len)
{
    skip_space(ld);
    const char *s = ld->p;
    while (ld->p < ld->end && *ld->p != ' ' && *ld->p != '\t')
        ld->p++;
    *len = (size_t)(ld->p - s);
    return *len ? s : NULL;
}

/* The rest of the line, trimmed, copied into the arena; NULL if empty. */
static const char *rest_of_line(loader *ld)
{
    skip_space(ld);
    const char *e = ld->end;
    while (e > ld->p && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    const char *s = ld->p;
    ld->p = ld->end;
    return e > s ? core_arena_strndup(ld->a, s, (size_t)(e - s)) : NULL;
}

/* A 1-based number, or a range "A-B" when `range`; 0-based results. */
static bool read_range(loader *ld, bool range, const char *what, uint32_t *lo, uint32_t *hi)
{
    size_t n;
    const char *w = next_word(ld, &n);
    const char *at = w ? w : ld->p;
    unsigned long a = 0, b = 0;
    char *e = NULL, buf[32];
    if (w) {
        snprintf(buf, sizeof buf, "%.*s", (int)(n < 31 ? n : 31), w);
        a = strtoul(buf, &e, 10);
        b = a;
        if (range && e && *e == '-')
            b = strtoul(e + 1, &e, 10);
    }
    if (!w || !e || *e || a < 1 || b < a || b > 10000) {
        ld_error(ld, at, "expected %s (a number from 1%s)", core_tr(ld->d, what),
                 range ? core_tr(ld->d, N_(", or a range A-B")) : "");
        return false;
    }
    *lo = (uint32_t)a - 1;
    *hi = (uint32_t)b - 1;
    return true;
}

static bool read_kind(loader *ld, doc_value_kind *k)
{
    size_t n;
    const char *w = next_word(ld, &n);
    static const struct { const char *w; doc_value_kind k; } kinds[] = {
        {"count", DOC_VALUE_COUNT}, {"delta", DOC_VALUE_DELTA}, {"amount", DOC_VALUE_AMOUNT}};
    for (size_t i = 0; w && i < sizeof kinds / sizeof *kinds; i++)
        if (strlen(kinds[i].w) == n && memcmp(w, kinds[i].w, n) == 0) {
            *k = kinds[i].k;
            return true;
        }
    ld_error(ld, w ? w : ld->p, "expected a value kind: count, delta or amount");
    return false;
}

static void add_cell(loader *ld, size_t line_off, tpl_cell c)
{
    core_vec_push(ld->a, &ld->cells, c);
    core_vec_push(ld->a, &ld->cell_at, line_off);
}

/* head/label R C RS CS TEXT, number R C RS CS KIND */
static void dir_cell(loader *ld, size_t line_off, bool is_number, bool header)
{
    tpl_cell c = {.header = header};
    uint32_t x;
    if (!read_range(ld, false, N_("the row"), &c.row, &x) ||
        !read_range(ld, false, N_("the column"), &c.col, &x) ||
        !read_range(ld, false, N_("the row span"), &c.rowspan, &x) ||
        !read_range(ld, false, N_("the column span"), &c.colspan, &x))
        return;
    c.rowspan++;
    c.colspan++;
    if (is_number) {
        if (!read_kind(ld, &c.value))
            return;
    } else {
        const char *at = ld->p;
        c.text = rest_of_line(ld);
        if (!c.text) {
            ld_error(ld, at, "expected the label text");
            return;
        }
        c.norm = tpl_normalise(ld->a, c.text, strlen(c.text));
    }
    add_cell(ld, line_off, c);
}

/* numbers R1-R2 C1-C2 KIND */
static void dir_numbers(loader *ld, size_t line_off)
{
    uint32_t r0, r1, c0, c1;
    doc_value_kind k;
    if (!read_range(ld, true, N_("the rows"), &r0, &r1) ||
        !read_range(ld, true, N_("the columns"), &c0, &c1) || !read_kind(ld, &k))
        return;
    for (uint32_t r = r0; r <= r1; r++)
        for (uint32_t c = c0; c <= c1; c++)
            add_cell(ld, line_off,
                     (tpl_cell){.row = r, .col = c, .rowspan = 1, .colspan = 1, .value = k});
}

/* "三.六.3" → "三（六）3": inner parts bracketed as the form numbers them. */
static const char *key_display(core_arena *a, const char *key)
{
    core_buf b = {0};
    const char *s = key;
    for (bool first = true; *s; first = false) {
        const char *e = strchr(s, '.');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        bool digits = n && strspn(s, "0123456789") >= n;
        if (first || digits)
            core_buf_printf(&b, "%.*s", (int)n, s);
        else
            core_buf_printf(&b, "（%.*s）", (int)n, s);
        s += n + (e != NULL);
    }
    const char *r = core_arena_strdup(a, b.data ? b.data : "");
    core_buf_free(&b);
    return r;
}

/* row KEY R [DISPLAY], col KEY C [DISPLAY] */
static void dir_key(loader *ld, bool is_row)
{
    size_t n;
    const char *w = next_word(ld, &n);
    if (!w) {
        ld_error(ld, ld->p, "expected a key");
        return;
    }
    tpl_key k = {.key = core_arena_strndup(ld->a, w, n)};
    uint32_t x;
    if (!read_range(ld, false, is_row ? N_("the row") : N_("the column"), &k.index, &x))
        return;
    k.display = rest_of_line(ld);
    if (!k.display)
        k.display = is_row ? key_display(ld->a, k.key) : k.key;
    if (is_row)
        core_vec_push(ld->a, &ld->rows, k);
    else
        core_vec_push(ld->a, &ld->cols, k);
}

static void dir_check(loader *ld);

/* The line's directive, dispatched. */
static void load_line(loader *ld, size_t line_off)
{
    size_t n;
    const char *w = next_word(ld, &n);
#define IS(s) (n == strlen(s) && memcmp(w, s, n) == 0)
    if (IS("table") || IS("title")) {
        const char *at = ld->p;
        const char **dst = IS("table") ? &ld->t->id : &ld->t->title;
        if (!(*dst = rest_of_line(ld)))
            ld_error(ld, at, "expected a name");
    } else if (IS("grid")) {
        uint32_t x;
        if (read_range(ld, false, N_("the number of rows"), &ld->t->nrows, &x) &&
            read_range(ld, false, N_("the number of columns"), &ld->t->ncols, &x)) {
            ld->t->nrows++;
            ld->t->ncols++;
        }
    } else if (IS("header")) {
        size_t k;
        const char *h = next_word(ld, &k);
        if (!h || strspn(h, "0123456789") != k || k > 3)
            ld_error(ld, h ? h : ld->p, "expected the number of header rows");
        else
            ld->t->header = (uint32_t)atoi(h);
    } else if (IS("years")) {
        /* FROM [TO]: the report years the form is for (TO absent: to date) */
        for (int k = 0; k < 2; k++) {
            size_t yn;
            const char *y = next_word(ld, &yn);
            if (!y && k == 1)
                break;
            if (!y || yn != 4 || strspn(y, "0123456789") != 4) {
                ld_error(ld, y ? y : ld->p, "expected a year such as 2021");
                break;
            }
            *(k ? &ld->t->year_to : &ld->t->year_from) = atoi(y);
        }
    } else if (IS("head") || IS("label") || IS("number")) {
        dir_cell(ld, line_off, IS("number"), IS("head"));
    } else if (IS("numbers")) {
        dir_numbers(ld, line_off);
    } else if (IS("row") || IS("col")) {
        dir_key(ld, IS("row"));
    } else if (IS("check")) {
        dir_check(ld);
    } else {
        ld_error(ld, w, "unknown directive '%.*s' (see layouts/tables/README.md)", (int)n, w);
        ld->p = ld->end;
    }
#undef IS
    skip_space(ld);
    if (ld->p < ld->end)
        ld_error(ld, ld->p, "unexpected text at the end of the line");
}

/* ---- relations ----------------------------------------------------------- */

static bool at_str(const loader *ld, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(ld->end - ld->p) >= n && memcmp(ld->p, s, n) == 0;
}

/* A key of the kind the relation sums over, by name; -1 (reported) if none. */
static int read_key(loader *ld, bool by_col)
{
    skip_space(ld);
    const char *s = ld->p;
    while (ld->p < ld->end && !strchr(" \t+=()", *ld->p) && !at_str(ld, "…"))
        ld->p++;
    size_t n = (size_t)(ld->p - s);
    /* a check col sums rows, a check row sums columns */
    const tpl_key *k = by_col ? ld->rows.v : ld->cols.v;
    size_t nk = by_col ? ld->rows.n : ld->cols.n;
    for (size_t i = 0; i < nk; i++)
        if (strlen(k[i].key) == n && memcmp(k[i].key, s, n) == 0)
            return (int)i;
    ld_error(ld, s, "'%.*s' is not a declared %s key", (int)n, s,
             core_tr(ld->d, by_col ? N_("row") : N_("column")));
    return -1;
}

/* Append a term's display to b: " + " between terms, "+ " after a
 * full-width bracket (which brings its own space). */
static void join_display(core_buf *b, const char *piece)
{
    if (b->len >= 3 && memcmp(b->data + b->len - 3, "）", 3) == 0)
        core_buf_puts(b, "+ ");
    else if (b->len)
        core_buf_puts(b, " + ");
    core_buf_puts(b, piece);
}

/* TERM + TERM ... up to '=' or the end of the line. */
static bool read_side(loader *ld, bool by_col, tpl_term **terms, size_t *n, const char **text)
{
    CORE_VEC(tpl_term) v = {0};
    core_buf b = {0};
    const tpl_key *keys = by_col ? ld->rows.v : ld->cols.v;
    bool ok = true;
    for (;;) {
        skip_space(ld);
        tpl_term t;
        if (at_str(ld, "sum(")) {
            ld->p += 4;
            int a = read_key(ld, by_col);
            skip_space(ld);
            if (at_str(ld, "…") || at_str(ld, ".."))
                ld->p += at_str(ld, "…") ? strlen("…") : 2;
            else
                ld_error(ld, ld->p, "expected … or .. between the keys of sum()");
            int z = read_key(ld, by_col);
            skip_space(ld);
            if (at_str(ld, ")"))
                ld->p++;
            else
                ld_error(ld, ld->p, "expected ) to close sum(");
            if (a < 0 || z < 0 || z < a) {
                if (a >= 0 && z >= 0)
                    ld_error(ld, ld->p, "sum() keys are not in declared order");
                ok = false;
                break;
            }
            t = (tpl_term){(uint32_t)a, (uint32_t)z};
            join_display(&b, keys[a].display);
            join_display(&b, "…");
            join_display(&b, keys[z].display);
        } else {
            int k = read_key(ld, by_col);
            if (k < 0) {
                ok = false;
                break;
            }
            t = (tpl_term){(uint32_t)k, (uint32_t)k};
            join_display(&b, keys[k].display);
        }
        core_vec_push(ld->a, &v, t);
        skip_space(ld);
        if (!at_str(ld, "+"))
            break;
        ld->p++;
    }
    *terms = v.v;
    *n = v.n;
    *text = core_arena_strdup(ld->a, b.data ? b.data : "");
    core_buf_free(&b);
    return ok;
}

/* check col|row [NAME]: EXPR = EXPR */
static void dir_check(loader *ld)
{
    size_t n;
    const char *w = next_word(ld, &n);
    tpl_rule r = {0};
    if (w && n >= 3 && memcmp(w, "col", 3) == 0)
        r.by_col = true;
    else if (!w || n < 3 || memcmp(w, "row", 3) != 0) {
        ld_error(ld, w ? w : ld->p, "expected 'col' or 'row' after check");
        ld->p = ld->end;
        return;
    }
    ld->p = w + 3; /* "col:" may be written without a space */
    const char *colon = memchr(ld->p, ':', (size_t)(ld->end - ld->p));
    if (!colon) {
        ld_error(ld, ld->p, "expected ':' before the relation");
        ld->p = ld->end;
        return;
    }
    const char *save = ld->end;
    ld->end = colon;
    r.name = rest_of_line(ld);
    ld->end = save;
    ld->p = colon + 1;
    if (!read_side(ld, r.by_col, &r.lhs, &r.nlhs, &r.lhs_text))
        goto skip;
    skip_space(ld);
    if (!at_str(ld, "=")) {
        ld_error(ld, ld->p, "expected '=' between the two sides");
        goto skip;
    }
    ld->p++;
    if (!read_side(ld, r.by_col, &r.rhs, &r.nrhs, &r.rhs_text))
        goto skip;
    core_vec_push(ld->a, &ld->rules, r);
    return;
skip:
    ld->p = ld->end; /* one error per relation is enough */
}

/* ---- the whole file -------------------------------------------------------- */

static int cell_cmp(const void *x, const void *y)
{
    const tpl_cell *a = x, *b = y;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

/* The unit the form gives its amounts in its headings ("（单位：万元）"). */
static doc_unit form_unit(const tpl *t)
{
    for (size_t c = 0; c < t->ncells; c++)
        if (t->cells[c].text && strstr(t->cells[c].text, "单位：万元"))
            return DOC_UNIT_WANYUAN;
        else if (t->cells[c].text && strstr(t->cells[c].text, "单位：元"))
            return DOC_UNIT_YUAN;
    return DOC_UNIT_NONE;
}

/* Every grid position covered by exactly one cell, every key inside the
 * grid. Errors name the line of the offending cell (or the file's start). */
static void validate(loader *ld)
{
    tpl *t = ld->t;
    const char *top = ld->src->text;
    if (!t->id || !t->title || !t->nrows) {
        ld_error(ld, top, "a template needs 'table', 'title' and 'grid'");
        return;
    }
    uint32_t *owner = calloc((size_t)t->nrows * t->ncols, sizeof *owner);
    for (size_t i = 0; i < ld->cells.n; i++) {
        const tpl_cell *c = &ld->cells.v[i];
        const char *at = top + ld->cell_at.v[i];
        if (c->row + c->rowspan > t->nrows || c->col + c->colspan > t->ncols) {
            ld_error(ld, at, "cell at row %u, column %u reaches outside the %u×%u grid",
                     c->row + 1, c->col + 1, t->nrows, t->ncols);
            continue;
        }
        for (uint32_t r = c->row; r < c->row + c->rowspan; r++)
            for (uint32_t k = c->col; k < c->col + c->colspan; k++) {
                uint32_t *o = &owner[(size_t)r * t->ncols + k];
                if (*o)
                    ld_error(ld, at, "cell at row %u, column %u overlaps the cell of line %u",
                             c->row + 1, c->col + 1, *o);
                else {
                    uint32_t line, col;
                    core_source_locate(ld->src, ld->cell_at.v[i], &line, &col);
                    *o = line;
                }
            }
    }
    for (uint32_t r = 0; r < t->nrows; r++)
        for (uint32_t k = 0; k < t->ncols; k++)
            if (!owner[(size_t)r * t->ncols + k]) {
                ld_error(ld, top, "no cell covers row %u, column %u", r + 1, k + 1);
                r = t->nrows; /* one is enough to say the grid is wrong */
                break;
            }
    free(owner);
    for (size_t i = 0; i < ld->rows.n; i++)
        if (ld->rows.v[i].index >= t->nrows)
            ld_error(ld, top, "row key '%s' is outside the grid", ld->rows.v[i].key);
    for (size_t i = 0; i < ld->cols.n; i++)
        if (ld->cols.v[i].index >= t->ncols)
            ld_error(ld, top, "column key '%s' is outside the grid", ld->cols.v[i].key);
}

core_status tpl_load(core_arena *a, const char *name, const char *text, size_t len,
                     core_diags *d, tpl **out)
{
    core_status st = CORE_OK;
    core_source *src = NULL;
    *out = NULL;
    CORE_CHECK(core_source_new(a, name, text, len, d, &src));
    loader ld = {.a = a, .src = src, .d = d, .t = core_arena_alloc(a, sizeof(tpl))};
    for (size_t i = 0; i < src->nlines; i++) {
        const char *s = src->text + src->line_start[i];
        const char *e = memchr(s, '\n', (size_t)(src->text + src->len - s));
        ld.p = s;
        ld.end = e ? e : src->text + src->len;
        skip_space(&ld);
        if (ld.p == ld.end || *ld.p == '#')
            continue;
        load_line(&ld, src->line_start[i]);
    }
    validate(&ld);
    if (ld.errors) {
        st = CORE_EINPUT;
        goto done;
    }
    tpl *t = ld.t;
    qsort(ld.cells.v, ld.cells.n, sizeof *ld.cells.v, cell_cmp);
    t->cells = ld.cells.v;
    t->ncells = ld.cells.n;
    for (size_t i = 0; i < t->ncells; i++)
        t->nlabels += t->cells[i].text != NULL;
    t->unit = form_unit(t);
    t->rows = ld.rows.v;
    t->nrowkeys = ld.rows.n;
    t->cols = ld.cols.v;
    t->ncolkeys = ld.cols.n;
    t->rules = ld.rules.v;
    t->nrules = ld.rules.n;
    *out = t;
done:
    return st;
}
