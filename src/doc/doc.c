/*
 * doc.c: the few operations on the document model. The model is plain data
 * built by parse/ and read by check/ and layout/; it owns its arena.
 */
#include "doc.h"

doc_document *doc_document_new(core_arena *arena, const core_source *src)
{
    doc_document *d = core_arena_alloc(arena, sizeof *d);
    d->arena = arena;
    d->src = src;
    return d;
}

void doc_document_drop(doc_document *doc)
{
    if (doc)
        core_arena_drop(doc->arena);
}

size_t doc_run_offset(const doc_run *r, size_t i)
{
    if (r->generated)
        return r->offset;
    if (r->map && r->len)
        return r->map[i < r->len ? i : r->len - 1];
    return r->offset + i;
}

size_t doc_run_end(const doc_run *r)
{
    if (r->generated || !r->len)
        return r->offset;
    return doc_run_offset(r, r->len - 1) + 1;
}

const doc_cell *doc_table_cell_at(const doc_table *t, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < t->ncells; i++) {
        const doc_cell *c = &t->cells[i];
        if (row >= c->row && row < c->row + c->rowspan && col >= c->col &&
            col < c->col + c->colspan)
            return c;
    }
    return NULL;
}

const char *doc_block_kind_name(doc_block_kind k)
{
    static const char *n[] = {"heading", "paragraph", "table", "pagebreak", "signature"};
    return (unsigned)k < sizeof n / sizeof *n ? n[k] : "?";
}

const char *doc_role_name(doc_role r)
{
    static const char *n[] = {"body", "title", "h1", "h2", "h3", "h4", "table"};
    return (unsigned)r < sizeof n / sizeof *n ? n[r] : "?";
}

void doc_table_set_header(doc_table *t, uint32_t n)
{
    t->header_rows = n;
    for (size_t i = 0; i < t->ncells; i++)
        t->cells[i].header = t->cells[i].row < n;
}
