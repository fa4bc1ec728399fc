/*
 * engine-data.c: a checked document's numbers as data (docs/DATA.md,
 * schema_version 1): the metadata, then one record per number cell of each
 * recognised standard table, keyed by the form's ids (form, row key, column
 * key) with its value, unit and source place. JSON (one object, strings
 * escaped per RFC 8259: ", \ and every control character) or CSV (RFC 4180:
 * a field holding a comma, quote, CR or LF is quoted, quotes doubled; CRLF
 * line ends). Values are exact decimals from the cells' stored millionths,
 * never re-read from text. Deterministic: the same document gives the same
 * bytes. Caller: engine_data.
 */
#include "engine-imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void csv_field(core_buf *b, const char *s, bool last)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n")) {
        core_buf_puts(b, "\"");
        for (const char *p = s; *p; p++)
            core_buf_puts(b, *p == '"' ? "\"\"" : (char[]){*p, 0});
        core_buf_puts(b, "\"");
    } else {
        core_buf_puts(b, s);
    }
    core_buf_puts(b, last ? "\r\n" : ",");
}

static const char *state_name(doc_num_state s)
{
    return s == DOC_NUM_EMPTY ? "empty" : s == DOC_NUM_OK ? "ok" : s == DOC_NUM_BAD ? "bad" : "long";
}

static const char *unit_name(doc_unit u)
{
    return u == DOC_UNIT_YUAN ? "元" : u == DOC_UNIT_WANYUAN ? "万元" : NULL;
}

/* One number cell, flattened: the fields of a record in schema order. */
typedef struct record {
    const char *table, *form, *row, *col, *state, *unit;
    char value[64];
    char *text; /* as written, heap */
    char file_line[32], file_col[32];
    const char *file;
} record;

static record make_record(const doc_document *doc, const doc_table *t, const doc_cell *c,
                          bool with_file)
{
    record r = {.table = t->name, .form = t->template_id, .row = c->row_key, .col = c->col_key,
                .state = state_name(c->num.state), .unit = unit_name(c->num.unit)};
    if (c->num.state == DOC_NUM_OK)
        doc_fixed_format(c->num.q, r.value, sizeof r.value);
    r.text = malloc(c->text.len + 1);
    if (!r.text)
        abort(); /* as the arenas: out of memory aborts */
    memcpy(r.text, c->text.len ? c->text.text : "", c->text.len);
    r.text[c->text.len] = 0;
    uint32_t line = 0, col = 0;
    const core_source *src = doc->src;
    core_source_locate(src, doc_run_offset(&c->text, 0), &line, &col);
    r.file = !with_file ? NULL : src->origin ? src->origin->name : src->name;
    snprintf(r.file_line, sizeof r.file_line, "%u", line);
    snprintf(r.file_col, sizeof r.file_col, "%u", col);
    return r;
}

static void json_record(core_buf *b, const record *r, bool first)
{
    core_buf_puts(b, first ? "\n    {" : ",\n    {");
    const char *keys[] = {"table", "form", "row_key", "col_key", "state"};
    const char *vals[] = {r->table, r->form, r->row, r->col, r->state};
    /* pieces put one by one: a table of 200 cells made 1 000 printf calls
     * (a twentieth of a build) */
    for (size_t i = 0; i < 5; i++) {
        core_buf_puts(b, i ? ", \"" : "\"");
        core_buf_puts(b, keys[i]);
        core_buf_puts(b, "\": ");
        core_buf_json(b, vals[i]);
    }
    core_buf_puts(b, ", \"value\": ");
    core_buf_puts(b, *r->value ? r->value : "null");
    core_buf_puts(b, ", \"unit\": ");
    core_buf_json(b, r->unit);
    core_buf_puts(b, ", \"text\": ");
    core_buf_json(b, r->text);
    core_buf_puts(b, ", \"file\": ");
    core_buf_json(b, r->file);
    core_buf_puts(b, ", \"line\": ");
    core_buf_puts(b, r->file_line);
    core_buf_puts(b, ", \"column\": ");
    core_buf_puts(b, r->file_col);
    core_buf_puts(b, "}");
}

static void csv_record(core_buf *b, const record *r)
{
    const char *f[] = {r->table, r->form, r->row, r->col, r->state, r->value,
                       r->unit, r->text, r->file, r->file_line, r->file_col};
    for (size_t i = 0; i < 11; i++)
        csv_field(b, f[i], i == 10);
}

static void json_meta(core_buf *b, const doc_meta *m)
{
    core_buf_puts(b, "{\n  \"schema\": \"gongwen-data\",\n  \"schema_version\": 1,\n  \"meta\": {\"title\": ");
    core_buf_json(b, m->title);
    core_buf_puts(b, ", \"agency\": ");
    core_buf_json(b, m->agency);
    core_buf_puts(b, ", \"date\": ");
    if (m->date.year)
        core_buf_printf(b, "\"%04d-%02d-%02d\"", m->date.year, m->date.month, m->date.day);
    else
        core_buf_puts(b, "null");
    if (m->year)
        core_buf_printf(b, ", \"year\": %d},\n  \"cells\": [", m->year);
    else
        core_buf_puts(b, ", \"year\": null},\n  \"cells\": [");
}

/* CSV has no place for a header object: the metadata are the first
 * records, table "#meta", the field's name as row_key, its value as text. */
static void csv_meta(core_buf *b, const doc_meta *m)
{
    core_buf_puts(b, "table,form,row_key,col_key,state,value,unit,text,file,line,column\r\n");
    char date[32] = "", year[16] = "";
    if (m->date.year)
        snprintf(date, sizeof date, "%04d-%02d-%02d", m->date.year, m->date.month, m->date.day);
    if (m->year)
        snprintf(year, sizeof year, "%d", m->year);
    const char *names[] = {"schema_version", "title", "agency", "date", "year"};
    const char *vals[] = {"1", m->title, m->agency, date, year};
    for (size_t i = 0; i < 5; i++) {
        const char *f[] = {"#meta", "", names[i], "", "", "", "", vals[i], "", "", ""};
        for (size_t k = 0; k < 11; k++)
            csv_field(b, f[k], k == 10);
    }
}

void engine_data_write(const doc_document *doc, engine_data_format f, bool with_file,
                       core_buf *out)
{
    bool json = f == ENGINE_DATA_JSON, first = true;
    if (json)
        json_meta(out, &doc->meta);
    else
        csv_meta(out, &doc->meta);
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_table *t = doc->blocks[i].table;
        if (doc->blocks[i].kind != DOC_BLOCK_TABLE || !t || !t->template_id)
            continue;
        for (size_t k = 0; k < t->ncells; k++) {
            if (t->cells[k].value == DOC_VALUE_NONE)
                continue;
            record r = make_record(doc, t, &t->cells[k], with_file);
            if (json)
                json_record(out, &r, first);
            else
                csv_record(out, &r);
            first = false;
            free(r.text);
        }
    }
    if (json)
        core_buf_puts(out, first ? "]\n}\n" : "\n  ]\n}\n");
}
