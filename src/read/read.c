/*
 * read.c: the reader table and the choice of reader.
 *
 * Each reader scores the bytes; the highest score reads them, the file
 * name's extension breaking ties, and plain text reads whatever no other
 * reader claims. Before any reader is asked, the formats no reader takes are
 * refused with what to do instead: a binary Word/WPS draft (an OLE compound
 * file) and a PDF, which read as text would give pages of garbage.
 *
 * Caller: the engine, once per report.
 */
#include "read-imp.h"

#include <string.h>
#include <strings.h>

extern const read_reader read_text_reader, read_html_reader, read_docx_reader;

static const read_reader *const readers[] = {
    &read_text_reader,
    &read_html_reader,
    &read_docx_reader,
};
enum { NREADERS = sizeof readers / sizeof *readers };

const read_reader *read_lookup(const char *from)
{
    for (size_t i = 0; i < NREADERS; i++)
        if (!strcmp(readers[i]->name, from))
            return readers[i];
    return NULL;
}

/* Written out, not built at run time: the library may be called from
 * several threads, and the table is fixed when gongwen is built. */
const char *read_names(void) { return "text html docx"; }

/* Does `name` end in one of the space-separated `exts`? */
static bool has_extension(const char *name, const char *exts)
{
    const char *dot = strrchr(name, '.');
    if (!dot || strchr(dot, '/'))
        return false;
    size_t n = strlen(dot);
    for (const char *e = exts; *e;) {
        size_t k = strcspn(e, " ");
        if (k == n && !strncasecmp(e, dot, n))
            return true;
        e += k + (e[k] == ' ');
    }
    return false;
}

const read_reader *read_recognise(const char *name, const char *bytes, size_t len)
{
    const read_reader *best = &read_text_reader;
    int top = 0;
    for (size_t i = 0; i < NREADERS; i++) {
        int s = readers[i]->recognise(name, bytes, len);
        if (s > 0 && has_extension(name, readers[i]->extensions))
            s += 1; /* a tie goes to the reader the name points at */
        if (s > top)
            best = readers[i], top = s;
    }
    return best;
}

/* What no reader takes: NULL, or the message saying what to do. */
static const char *refused(const char *bytes, size_t len)
{
    if (len >= 8 && !memcmp(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return N_("a binary Word (.doc) or WPS (.wps) file, which gongwen does not read; "
                  "save it as .docx, or convert it with "
                  "'soffice --headless --convert-to docx FILE'");
    if (len >= 5 && !memcmp(bytes, "%PDF-", 5))
        return N_("a PDF, which gongwen writes but does not read; give the report's own "
                  "text, HTML or DOCX, or its text from 'pdftotext -layout FILE.pdf'");
    return NULL;
}

core_status read_source(core_arena *a, const char *name, const char *bytes, size_t len,
                        const char *from, const read_data *data, core_diags *d,
                        core_source **out)
{
    *out = NULL;
    if (len > CORE_MAX_INPUT_BYTES) {
        /* the library may be handed bytes that no file read has limited */
        core_diag_file(d, name, CORE_ERROR, "E-limit", "%zu bytes is over the limit of %u",
                       len, CORE_MAX_INPUT_BYTES);
        return CORE_ELIMIT;
    }
    const read_reader *r = from ? read_lookup(from) : NULL;
    if (from && !r) {
        core_diag_file(d, name, CORE_ERROR, "E-reader",
                       "no reader is called '%s' (the readers are: %s)", from, read_names());
        return CORE_EINPUT;
    }
    const char *why = refused(bytes, len);
    if (why) {
        core_diag_file(d, name, CORE_ERROR, "E-reader", "this is %s", core_tr(d, why));
        return CORE_EINPUT;
    }
    if (!r)
        r = read_recognise(name, bytes, len);
    return r->read(a, name, bytes, len, data, d, out);
}
