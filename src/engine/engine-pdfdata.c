/*
 * engine-pdfdata.c: the numbers of a PDF gongwen made, read back
 * (docs/DATA.md "Reading it back"): `gongwen data REPORT.pdf` and
 * `--previous REPORT.pdf`.
 *
 * - engine_pdf_json finds the associated file gongwen-data.json (the
 *   catalog's /AF, else /Names /EmbeddedFiles) with libqpdf, which parses the
 *   PDF and decodes the stream: no PDF parsing of ours. A PDF without it is
 *   no PDF gongwen made (or one without standard tables).
 * - engine_data_document turns that JSON (parsed by jansson) back into a
 *   document holding what check-year.c and engine_data_write read: the
 *   metadata and, per table, the number cells keyed by row and column key
 *   with their exact values. Its source is a blank text with a character at
 *   every LINE:COLUMN the JSON names, so that places in messages are the
 *   places in the text the PDF was made from.
 * - libqpdf is loaded the first time a PDF is read, not linked (CORE_LIB,
 *   src/core/lib.c says why): Q.f is qpdf-c.h's f.
 * Bytes in, no files opened. Callers: engine_data, engine_set_previous.
 */
#include "engine-imp.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#define QPDF_FUNCTIONS(X)                                                                     \
    X(qpdf_init) X(qpdf_silence_errors) X(qpdf_set_suppress_warnings) X(qpdf_read_memory)    \
    X(qpdf_has_error) X(qpdf_get_error) X(qpdf_cleanup) X(qpdf_get_root) X(qpdf_oh_has_key) \
    X(qpdf_oh_get_utf8_value) X(qpdf_oh_get_key) X(qpdf_oh_is_dictionary)                    \
    X(qpdf_oh_is_stream) X(qpdf_oh_is_array) X(qpdf_oh_get_array_n_items)                    \
    X(qpdf_oh_get_array_item) X(qpdf_oh_get_stream_data)

CORE_LIB(qpdf, QPDF_FUNCTIONS, GONGWEN_QPDF_SONAME, GONGWEN_QPDF_PACKAGE, N_("reading a PDF"))
#define Q (qpdf_u.f)

#define DATA_NAME "gongwen-data.json"
#define MAX_LINE 1000000
#define MAX_COL 100000
#define MAX_BLANK (8u << 20) /* the input limit */

static bool is_ours(qpdf_data q, qpdf_oh spec)
{
    for (int k = 0; k < 2; k++) {
        const char *key = k ? "/F" : "/UF";
        if (!Q.qpdf_oh_has_key(q, spec, key))
            continue;
        const char *v = Q.qpdf_oh_get_utf8_value(q, Q.qpdf_oh_get_key(q, spec, key));
        return v && !strcmp(v, DATA_NAME);
    }
    return false;
}

/* The file specification's embedded stream, or 0. */
static qpdf_oh ours(qpdf_data q, qpdf_oh spec)
{
    if (!Q.qpdf_oh_is_dictionary(q, spec) || !is_ours(q, spec))
        return 0;
    qpdf_oh f = Q.qpdf_oh_get_key(q, Q.qpdf_oh_get_key(q, spec, "/EF"), "/F");
    return Q.qpdf_oh_is_stream(q, f) ? f : 0;
}

static qpdf_oh find_stream(qpdf_data q)
{
    qpdf_oh root = Q.qpdf_get_root(q), af = Q.qpdf_oh_get_key(q, root, "/AF");
    for (int i = 0; Q.qpdf_oh_is_array(q, af) && i < Q.qpdf_oh_get_array_n_items(q, af); i++) {
        qpdf_oh s = ours(q, Q.qpdf_oh_get_array_item(q, af, i));
        if (s)
            return s;
    }
    qpdf_oh names = Q.qpdf_oh_get_key(q, Q.qpdf_oh_get_key(q, Q.qpdf_oh_get_key(q, root, "/Names"),
                                                       "/EmbeddedFiles"), "/Names");
    for (int i = 1; Q.qpdf_oh_is_array(q, names) && i < Q.qpdf_oh_get_array_n_items(q, names); i += 2) {
        qpdf_oh s = ours(q, Q.qpdf_oh_get_array_item(q, names, i));
        if (s)
            return s;
    }
    return 0;
}

bool engine_is_pdf(const char *bytes, size_t len)
{
    return len >= 5 && !memcmp(bytes, "%PDF-", 5);
}

core_status engine_pdf_json(const char *name, const char *bytes, size_t len, const char *code,
                            core_buf *json, core_diags *d)
{
    const char *why = NULL;
    core_buf lib_why = {0};
    if (!qpdf_ready(d, &lib_why)) {
        core_diag_file(d, name, CORE_ERROR, code, "cannot read the report's numbers: %s",
                       lib_why.data);
        core_buf_free(&lib_why);
        return CORE_EINPUT;
    }
    qpdf_data q = Q.qpdf_init();
    Q.qpdf_silence_errors(q);
    Q.qpdf_set_suppress_warnings(q, QPDF_TRUE);
    unsigned char *data = NULL;
    size_t n = 0;
    qpdf_oh s;
    if (Q.qpdf_read_memory(q, "pdf", bytes, len, NULL) & QPDF_ERRORS)
        why = N_("it cannot be read as a PDF");
    else if (!(s = find_stream(q)) || Q.qpdf_has_error(q))
        /* the data's name written out, for xgettext */
        why = N_("it has no gongwen-data.json attached: not a PDF gongwen made from a report "
                 "with standard tables");
    else if (Q.qpdf_oh_get_stream_data(q, s, qpdf_dl_generalized, NULL, &data, &n) & QPDF_ERRORS)
        why = N_("its gongwen-data.json cannot be decoded");
    else
        core_buf_append(json, data, n);
    free(data);
    if (Q.qpdf_has_error(q))
        Q.qpdf_get_error(q); /* retrieved, so that cleanup does not print it */
    Q.qpdf_cleanup(&q);
    if (why)
        core_diag_file(d, name, CORE_ERROR, code, "cannot read the report's numbers: %s",
                       core_tr(d, why));
    return why ? CORE_EINPUT : CORE_OK;
}

/* ---- the JSON back into a document -------------------------------------- */

static const char *str(core_arena *a, json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? core_arena_strdup(a, s) : NULL;
}

static long num(json_t *o, const char *key, long lo, long hi)
{
    json_t *v = json_object_get(o, key);
    json_int_t i = json_is_integer(v) ? json_integer_value(v) : 0;
    return i >= lo && i <= hi ? (long)i : 0;
}

/* A blank text with a character at every line:column a cell names, and
 * each cell's offset in it (0 where it names none). */
static bool blank_source(core_arena *a, const char *name, json_t *cells, size_t *at,
                         core_diags *d, const core_source **out)
{
    size_t ncell = json_array_size(cells), nline = 1, total = 0;
    for (size_t k = 0; k < ncell; k++) {
        size_t l = (size_t)num(json_array_get(cells, k), "line", 1, MAX_LINE);
        nline = l > nline ? l : nline;
    }
    size_t *width = calloc(nline + 1, sizeof *width), *start = calloc(nline + 2, sizeof *start);
    bool ok = width && start;
    for (size_t k = 0; ok && k < ncell; k++) {
        json_t *c = json_array_get(cells, k);
        size_t l = (size_t)num(c, "line", 1, MAX_LINE), col = (size_t)num(c, "column", 1, MAX_COL);
        if (l && col > width[l])
            width[l] = col;
    }
    for (size_t l = 1; ok && l <= nline; l++) {
        start[l] = total;
        total += width[l] + 1;
    }
    char *text = ok && total <= MAX_BLANK ? malloc(total + 1) : NULL;
    core_source *src = NULL;
    if (text) {
        memset(text, ' ', total);
        for (size_t l = 1; l <= nline; l++)
            text[start[l] + width[l]] = '\n';
        ok = core_source_new(a, name, text, total, d, &src) == CORE_OK;
        for (size_t k = 0; ok && k < ncell; k++) {
            json_t *c = json_array_get(cells, k);
            size_t l = (size_t)num(c, "line", 1, MAX_LINE), col = (size_t)num(c, "column", 1, MAX_COL);
            at[k] = l && col ? start[l] + col - 1 : 0;
        }
    }
    free(text);
    free(width);
    free(start);
    *out = src;
    return src != NULL;
}

static bool cell_value(json_t *c, doc_cell *out)
{
    const char *state = json_string_value(json_object_get(c, "state"));
    json_t *v = json_object_get(c, "value");
    const char *unit = json_string_value(json_object_get(c, "unit"));
    out->num.unit = !unit ? DOC_UNIT_NONE : !strcmp(unit, "元") ? DOC_UNIT_YUAN : DOC_UNIT_WANYUAN;
    out->value = unit ? DOC_VALUE_AMOUNT : DOC_VALUE_COUNT;
    if (!state)
        return false;
    if (!strcmp(state, "ok")) {
        out->num.state = DOC_NUM_OK;
        if (json_is_integer(v))
            out->num.q = (doc_fixed)json_integer_value(v) * DOC_FIXED_ONE;
        else if (json_is_real(v) && fabs(json_real_value(v)) < 9e12)
            out->num.q = (doc_fixed)llround(json_real_value(v) * DOC_FIXED_ONE);
        else
            return false;
    } else {
        out->num.state = !strcmp(state, "empty") ? DOC_NUM_EMPTY
                         : !strcmp(state, "long") ? DOC_NUM_LONG : DOC_NUM_BAD;
    }
    return true;
}

static doc_table *table_named(doc_document *doc, const char *name, const char *form, size_t ncell)
{
    for (size_t i = 0; i < doc->nblocks; i++)
        if (!strcmp(doc->blocks[i].table->name, name))
            return doc->blocks[i].table;
    doc_block *b = &doc->blocks[doc->nblocks++];
    b->kind = DOC_BLOCK_TABLE;
    b->table = core_arena_alloc(doc->arena, sizeof *b->table);
    memset(b->table, 0, sizeof *b->table);
    b->table->name = core_arena_strdup(doc->arena, name);
    b->table->template_id = core_arena_strdup(doc->arena, form);
    b->table->cells = core_arena_alloc(doc->arena, ncell * sizeof *b->table->cells + 1);
    return b->table;
}

static void read_meta(doc_document *doc, json_t *m)
{
    doc->meta.title = str(doc->arena, m, "title");
    doc->meta.agency = str(doc->arena, m, "agency");
    doc->meta.year = (int)num(m, "year", 1, 9999);
    const char *date = json_string_value(json_object_get(m, "date"));
    int y, mo, dd;
    if (date && sscanf(date, "%4d-%2d-%2d", &y, &mo, &dd) == 3)
        doc->meta.date = (doc_date){.year = y, .month = mo, .day = dd};
}

core_status engine_data_document(const char *name, const char *json, size_t len,
                                 const char *code, core_diags *d, doc_document **out)
{
    *out = NULL;
    json_error_t err;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err), *cells;
    if (!root) {
        core_diag_file(d, name, CORE_ERROR, code, "cannot read the report's numbers: its %s is no JSON: line %d column %d: %s",
                       DATA_NAME, err.line, err.column, err.text);
        return CORE_EINPUT;
    }
    const char *schema = json_string_value(json_object_get(root, "schema"));
    cells = json_object_get(root, "cells");
    if (!schema || strcmp(schema, "gongwen-data") || num(root, "schema_version", 1, 1) != 1 ||
        !json_is_array(cells)) {
        core_diag_file(d, name, CORE_ERROR, code,
                       "cannot read the report's numbers: its %s is not gongwen-data schema_version 1 (docs/DATA.md)", DATA_NAME);
        json_decref(root);
        return CORE_EINPUT;
    }
    core_arena *a = core_arena_new();
    size_t ncell = json_array_size(cells), *at = calloc(ncell + 1, sizeof *at);
    const core_source *src = NULL;
    core_status st = CORE_EINPUT;
    if (!at || !blank_source(a, name, cells, at, d, &src))
        goto done;
    doc_document *doc = doc_document_new(a, src);
    a = NULL;
    read_meta(doc, json_object_get(root, "meta"));
    doc->blocks = core_arena_alloc(doc->arena, (ncell + 1) * sizeof *doc->blocks);
    memset(doc->blocks, 0, (ncell + 1) * sizeof *doc->blocks);
    for (size_t k = 0; k < ncell; k++) {
        json_t *c = json_array_get(cells, k);
        const char *table = json_string_value(json_object_get(c, "table"));
        const char *form = json_string_value(json_object_get(c, "form"));
        doc_cell cell = {0};
        if (!table || !form || !cell_value(c, &cell)) {
            core_diag_file(d, name, CORE_ERROR, code,
                           "cannot read the report's numbers: its %s: cell %zu has no table, form, state or value", DATA_NAME, k + 1);
            doc_document_drop(doc);
            goto done;
        }
        cell.row_key = str(doc->arena, c, "row_key");
        cell.col_key = str(doc->arena, c, "col_key");
        const char *text = str(doc->arena, c, "text");
        cell.text = (doc_run){.role = DOC_ROLE_TABLE, .text = text ? text : "",
                              .len = text ? strlen(text) : 0, .offset = at[k], .generated = true};
        doc_table *t = table_named(doc, table, form, ncell);
        t->cells[t->ncells++] = cell;
    }
    *out = doc;
    st = CORE_OK;
done:
    if (a)
        core_arena_drop(a);
    free(at);
    json_decref(root);
    return st;
}
