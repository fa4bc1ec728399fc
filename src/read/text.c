/*
 * text.c: the plain-text reader, the last resort of the reader table.
 *
 * Plain text comes in every shape a report is published in (docs/FORMAT.md,
 * "From Word/WPS, a web page or a PDF"); decoding finds its encoding and the
 * shaper finds its structure, so this reader only joins the two.
 *
 * Caller: read_source, through the reader table.
 */
#include "read-imp.h"

/* Anything may be text: the lowest score that still counts, so that every
 * other reader that recognises the bytes wins. */
static int text_recognise(const char *name, const char *bytes, size_t len)
{
    return 1;
}

static core_status text_read(core_arena *a, const char *name, const char *bytes, size_t len,
                             const read_data *data, core_diags *d, core_source **out)
{
    core_status st = CORE_OK;
    core_source *file = NULL;
    *out = NULL;
    CORE_CHECK(read_decode(a, name, bytes, len, NULL, d, &file));
    CORE_CHECK(read_shape(a, file, &(read_shape_options){.paragraphs = false}, data, d, out));
done:
    return st;
}

const read_reader read_text_reader = {
    .name = "text",
    .extensions = ".txt .text",
    .recognise = text_recognise,
    .read = text_read,
};
