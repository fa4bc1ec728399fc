/*
 * template-build.c: a matched plain grid → the template's table.
 *
 * The new table has exactly the template's cells (so its merges are the
 * form's). Labels read as the form writes them, pointing at the author's
 * cell; a label the author worded differently is kept as written (W-label);
 * a label the author left out is generated (N-label) and points at the
 * table's first line. Every value of the input lands in a number cell or is reported
 * (E-table-number): nothing is dropped silently. Relations are instantiated
 * per row or column as doc_table_rule for check/. Each number cell gets its
 * value read (doc/doc-number.c) and the form's row and column keys, so
 * later stages only read them.
 * Everything is allocated in doc->arena. Caller: form_apply (form.c).
 */
#include "form-imp.h"

#include <stdio.h>
#include <string.h>

typedef struct builder {
    const tpl_match *m;
    const tpl *t;
    doc_document *doc;
    const doc_table *grid;
    core_diags *d;
    const tpl_field **label_src; /* per template cell: the author's label */
    const tpl_field **num_src;   /* per template cell: the value placed */
    size_t *row_off;             /* per template row: where its line is */
    bool *seen;                  /* per template row: an input row matched it */
} builder;

static size_t field_off(const tpl_field *f) { return doc_run_offset(&f->cell->text, 0); }
static size_t field_end(const tpl_field *f) { return doc_run_end(&f->cell->text); }

static size_t row_line(const tpl_row *row)
{
    size_t o = SIZE_MAX;
    for (size_t k = 0; k < row->n; k++)
        if (field_off(&row->f[k]) < o)
            o = field_off(&row->f[k]);
    return o;
}

/* How messages name template row j: its innermost label, else its number. */
static const char *row_title(const builder *b, uint32_t j, char *buf, size_t n)
{
    const char *s = NULL;
    for (size_t c = 0; c < b->t->ncells; c++)
        if (b->t->cells[c].text && b->t->cells[c].row == j)
            s = b->t->cells[c].text;
    if (!s)
        snprintf(buf, n, "%u", j + 1);
    return s ? s : buf;
}

/* Is every space-separated word of f's text a piece of one of the form's
 * heads ("公益 服务 其他": of 社会公益组织, 法律服务机构, 其他), and there
 * are several? */
static bool head_pieces(const builder *b, const tpl_field *f)
{
    const char *s = f->cell->text.text, *end = s + f->cell->text.len;
    size_t words = 0;
    while (s < end) {
        while (s < end && *s == ' ')
            s++;
        const char *w = s;
        while (s < end && *s != ' ')
            s++;
        if (s == w)
            break;
        tpl_norm n = tpl_normalise(b->doc->arena, w, (size_t)(s - w));
        bool piece = false;
        for (size_t c = 0; c < b->t->ncells && !piece && n.n; c++)
            piece = b->t->cells[c].header && b->t->cells[c].text &&
                    tpl_norm_contains(&b->t->cells[c].norm, &n);
        if (!piece)
            return false;
        words++;
    }
    return words > 1;
}

static bool head_from_form(const builder *b, const tpl_field *f)
{
    return f->kept && b->t->cells[f->label].header && (f->gap || head_pieces(b, f));
}

static void label_found(builder *b, const tpl_field *f)
{
    if (b->label_src[f->label])
        return; /* a merged label repeated in the rows it spans */
    b->label_src[f->label] = f;
    /* a head placed only by where it stands, its words unlike the form's,
     * is pieces of heads (pdftotext -layout cuts 法人或其他组织 and its
     * neighbours into lines): the form's head is set. A head or a row label
     * the author worded otherwise (本年收费金额（单位：万元，保留4位小数）) is
     * theirs. */
    if (head_from_form(b, f))
        core_diag_span(b->d, b->doc->src, field_off(f), field_end(f), CORE_NOTE, "N-label",
                     "%s: the head 「%.*s」 is set as the form's 「%s」", b->t->title,
                     (int)f->cell->text.len, f->cell->text.text, b->t->cells[f->label].text);
    else if (f->kept)
        core_diag_span(b->d, b->doc->src, field_off(f), field_end(f), CORE_WARNING, "W-label",
                     "%s: 「%.*s」 differs from the form's 「%s」; kept as written",
                     b->t->title, (int)f->cell->text.len, f->cell->text.text,
                     b->t->cells[f->label].text);
}

/* why: "no number cell is left in row %s", or another format naming it */
static void unplaced(builder *b, const tpl_field *f, const char *why, const char *row)
{
    char reason[512];
    snprintf(reason, sizeof reason, core_tr(b->d, why), row);
    core_diag_span(b->d, b->doc->src, field_off(f), field_end(f), CORE_ERROR, "E-table-number",
                 "%s: the value 「%.*s」 cannot be placed: %s", b->t->title,
                 (int)f->cell->text.len, f->cell->text.text, reason);
}

/* Text where the form has neither a label nor a number: said, not kept. */
static void stray_text(builder *b, const tpl_field *f, const char *row)
{
    core_diag_span(b->d, b->doc->src, field_off(f), field_end(f), CORE_WARNING, "W-table-text",
                 "%s: 「%.*s」 is not a label of row 「%s」 of the form; left out", b->t->title,
                 (int)f->cell->text.len, f->cell->text.text, row);
}

/* Values after the row's last label fill its number cells; extra empty
 * fields (the remnants of a merged label) are dropped from the front, then
 * the back; too few values are aligned right when the row starts with an
 * empty field (the leading cells were lost), else left. */
static void place_values(builder *b, const tpl_row *row, size_t s, uint32_t j)
{
    size_t cells[64], k = 0, e = row->n;
    char buf[16];
    const char *title = row_title(b, j, buf, sizeof buf);
    for (size_t c = 0; c < b->t->ncells && k < 64; c++)
        if (!b->t->cells[c].text && b->t->cells[c].row == j)
            cells[k++] = c;
    while (e - s > k && row->f[s].empty)
        s++;
    while (e - s > k && row->f[e - 1].empty)
        e--;
    size_t nv = e - s, shift = 0;
    bool any = false;
    for (size_t x = s; x < e; x++)
        any |= !row->f[x].empty;
    if (nv < k && nv && row->f[s].empty)
        shift = k - nv;
    if (nv != k && any && nv < k)
        core_diag_at(b->d, b->doc->src, row_line(row), CORE_WARNING, "W-table-shift",
                     "%s: row 「%s」 has %zu values for %zu number cells; placed in the %s %zu",
                     b->t->title, title, nv, k,
                     core_tr(b->d, shift ? N_("last") : N_("first")), nv);
    for (size_t x = 0; x < nv; x++) {
        const tpl_field *f = &row->f[s + x];
        if (shift + x < k)
            b->num_src[cells[shift + x]] = f;
        else if (f->value && !f->empty)
            unplaced(b, f, "no number cell is left in row 「%s」", title);
        else if (!f->empty)
            stray_text(b, f, title);
    }
}

/* One input row matched to template row j: labels, then values. */
static void place_row(builder *b, const tpl_row *row, uint32_t j)
{
    size_t last = SIZE_MAX;
    char buf[16];
    for (size_t k = 0; k < row->n; k++)
        if (row->f[k].label >= 0) {
            label_found(b, &row->f[k]);
            last = k;
        }
    for (size_t k = 0; last != SIZE_MAX && k < last; k++) {
        const tpl_field *f = &row->f[k];
        if (f->empty || f->label >= 0)
            continue;
        if (f->value)
            unplaced(b, f, "it stands before the label of row 「%s」",
                     row_title(b, j, buf, sizeof buf));
        else
            stray_text(b, f, row_title(b, j, buf, sizeof buf));
    }
    b->row_off[j] = row_line(row);
    place_values(b, row, last == SIZE_MAX ? 0 : last + 1, j);
}

/* Input rows outside the form, and form rows missing from the input. */
static void report_rows(builder *b)
{
    const tpl_match *m = b->m;
    bool *seen = b->seen;
    char buf[16];
    for (size_t i = 0; i < m->nrows; i++) {
        const tpl_row *row = &m->rows[i];
        if (row->match >= 0) {
            seen[row->match] = true;
            continue;
        }
        const tpl_field *first = NULL;
        for (size_t k = 0; k < row->n; k++) {
            const tpl_field *f = &row->f[k];
            if (!f->empty && f->value)
                unplaced(b, f, "its row is not in the form%s", "");
            else if (!f->empty && !first)
                first = f;
        }
        if (first)
            core_diag_at(b->d, b->doc->src, field_off(first), CORE_WARNING, "W-table-row",
                         "%s: the row 「%.*s」 is not part of the form; left out", b->t->title,
                         (int)first->cell->text.len, first->cell->text.text);
    }
    for (uint32_t j = 0; j < b->t->nrows; j++) {
        if (seen[j])
            continue;
        size_t at = b->grid->offset;
        for (size_t i = 0; i < m->nrows; i++)
            if (m->rows[i].match > (int)j || i + 1 == m->nrows) {
                at = row_line(&m->rows[i]);
                break;
            }
        b->row_off[j] = at;
        core_diag_at(b->d, b->doc->src, at, CORE_WARNING, "W-table-row",
                     "%s: row 「%s」 of the form is missing; its cells are left empty",
                     b->t->title, row_title(b, j, buf, sizeof buf));
    }
}

/* A run of generated text standing for source offset `at` throughout. */
static doc_run generated_run(core_arena *a, const char *text, size_t at)
{
    return (doc_run){.role = DOC_ROLE_TABLE, .text = core_arena_strdup(a, text),
                     .len = strlen(text), .offset = at, .generated = true};
}

/* The key of grid row/column `at`; for a cell spanning several keyed columns
 * none (表二's 行政许可 holds one number for the row). */
static const char *key_of(const tpl_key *keys, size_t n, uint32_t at, uint32_t span)
{
    const char *k = NULL;
    size_t found = 0;
    for (size_t i = 0; i < n; i++)
        if (keys[i].index >= at && keys[i].index < at + span)
            k = keys[i].key, found++;
    return found == 1 ? k : NULL;
}

static void read_value(const builder *b, const tpl_cell *tc, doc_cell *out)
{
    core_arena *a = b->doc->arena;
    out->num = doc_number_read(a, &out->text, tc->value, b->t->unit);
    const char *rk = key_of(b->t->rows, b->t->nrowkeys, tc->row, tc->rowspan);
    const char *ck = key_of(b->t->cols, b->t->ncolkeys, tc->col, tc->colspan);
    out->row_key = rk ? core_arena_strdup(a, rk) : NULL;
    out->col_key = ck ? core_arena_strdup(a, ck) : NULL;
}

static doc_cell make_cell(const builder *b, size_t c)
{
    const tpl_cell *tc = &b->t->cells[c];
    doc_cell out = {.row = tc->row, .col = tc->col, .rowspan = tc->rowspan,
                    .colspan = tc->colspan, .value = tc->value,
                    .header = tc->header || tc->row < b->t->header};
    out.align = tc->text && !out.header ? DOC_ALIGN_LEFT : DOC_ALIGN_CENTER;
    const tpl_field *f = tc->text ? b->label_src[c] : b->num_src[c];
    if (f && ((f->kept && !head_from_form(b, f)) || !tc->text)) {
        out.text = f->cell->text; /* the author's text, with its positions */
        out.text.role = DOC_ROLE_TABLE;
    } else if (tc->text) {
        out.text = generated_run(b->doc->arena, tc->text, f ? field_off(f) : b->grid->offset);
        if (!f && b->seen[tc->row]) /* a missing row was reported already */
            core_diag_at(b->d, b->doc->src, b->row_off[tc->row], CORE_NOTE, "N-label",
                         "%s: the label 「%s」 is not in the text; added from the form",
                         b->t->title, tc->text);
    } else {
        out.text = (doc_run){.role = DOC_ROLE_TABLE, .text = "", .offset = b->row_off[tc->row]};
    }
    if (tc->value != DOC_VALUE_NONE)
        read_value(b, tc, &out);
    return out;
}

static const doc_cell_ref *term_refs(const builder *b, const tpl_rule *r, bool lhs,
                                     uint32_t at, size_t *n)
{
    const tpl_term *terms = lhs ? r->lhs : r->rhs;
    size_t nt = lhs ? r->nlhs : r->nrhs, total = 0;
    for (size_t i = 0; i < nt; i++)
        total += terms[i].last - terms[i].first + 1;
    doc_cell_ref *v = core_arena_alloc(b->doc->arena, (total + 1) * sizeof *v);
    const tpl_key *keys = r->by_col ? b->t->rows : b->t->cols;
    size_t k = 0;
    for (size_t i = 0; i < nt; i++)
        for (uint32_t x = terms[i].first; x <= terms[i].last; x++)
            v[k++] = r->by_col ? (doc_cell_ref){keys[x].index, at}
                               : (doc_cell_ref){at, keys[x].index};
    *n = total;
    return v;
}

/* Each relation once per column key (check col) or row key (check row). */
static void instantiate_rules(const builder *b, doc_table *out)
{
    const tpl *t = b->t;
    core_arena *a = b->doc->arena;
    CORE_VEC(doc_table_rule) v = {0};
    for (size_t i = 0; i < t->nrules; i++) {
        const tpl_rule *r = &t->rules[i];
        const tpl_key *over = r->by_col ? t->cols : t->rows;
        size_t n = r->by_col ? t->ncolkeys : t->nrowkeys;
        for (size_t k = 0; k < n; k++) {
            doc_table_rule x = {.lhs_text = core_arena_strdup(a, r->lhs_text),
                                .rhs_text = core_arena_strdup(a, r->rhs_text)};
            if (r->by_col || n > 1)
                x.place = core_arena_printf(a, "%s%s%s「%s」", r->name ? r->name : "",
                                            r->name ? " " : "", r->by_col ? "列" : "行",
                                            over[k].display);
            else /* one key (表四's one data row): the name is the place */
                x.place = r->name ? core_arena_printf(a, "「%s」", r->name)
                                  : core_arena_strdup(a, "");
            x.lhs = term_refs(b, r, true, over[k].index, &x.nlhs);
            x.rhs = term_refs(b, r, false, over[k].index, &x.nrhs);
            core_vec_push(a, &v, x);
        }
    }
    out->rules = v.v;
    out->nrules = v.n;
}

doc_table *tpl_build(const tpl_match *m, doc_document *doc, const doc_table *grid,
                     core_diags *d)
{
    const tpl *t = m->t;
    core_arena *a = doc->arena;
    builder b = {.m = m, .t = t, .doc = doc, .grid = grid, .d = d,
                 .label_src = core_arena_alloc(a, (t->ncells + 1) * sizeof *b.label_src),
                 .num_src = core_arena_alloc(a, (t->ncells + 1) * sizeof *b.num_src),
                 .row_off = core_arena_alloc(a, (t->nrows + 1) * sizeof *b.row_off),
                 .seen = core_arena_alloc(a, t->nrows + 1)};
    for (size_t i = 0; i < m->nrows; i++)
        if (m->rows[i].match >= 0)
            place_row(&b, &m->rows[i], (uint32_t)m->rows[i].match);
    report_rows(&b);
    doc_table *out = core_arena_alloc(a, sizeof *out);
    *out = (doc_table){.nrows = t->nrows, .ncols = t->ncols, .header_rows = t->header,
                       .header_given = grid->header_given, .header_at = grid->header_at,
                       .ncells = t->ncells, .offset = grid->offset,
                       .template_id = core_arena_strdup(a, t->id),
                       .name = core_arena_strdup(a, t->title)};
    doc_cell *cells = core_arena_alloc(a, (t->ncells + 1) * sizeof *cells);
    for (size_t c = 0; c < t->ncells; c++)
        cells[c] = make_cell(&b, c);
    out->cells = cells;
    instantiate_rules(&b, out);
    return out;
}
