/*
 * libFuzzer harness over the whole pipeline: parse, check, layout and the
 * PDF writer, into memory. A build must end in a PDF (starting %PDF- and
 * ending %%EOF) or in at least one error diagnostic.
 */
#include "engine/engine.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static engine *e;

static void drop_engine(void) { engine_drop(e); }

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    core_diags d = {0};
    if (!e) {
        if (engine_new(NULL, &d, &e) != CORE_OK)
            abort(); /* the fonts and layouts must be there */
        atexit(drop_engine); /* so that the leak checker sees a clean exit */
    }
    core_diags_free(&d);
    core_buf pdf = {0};
    core_status st = engine_build(e, "fuzz.txt", (const char *)data, size, &pdf, &d);
    if (st == CORE_OK) {
        if (pdf.len < 16 || memcmp(pdf.data, "%PDF-", 5) != 0)
            abort();
        /* whole: the trailer's %%EOF within the last bytes */
        size_t tail = pdf.len < 32 ? pdf.len : 32;
        bool eof = false;
        for (size_t i = pdf.len - tail; i + 5 <= pdf.len; i++)
            eof |= memcmp(pdf.data + i, "%%EOF", 5) == 0;
        if (!eof)
            abort();
    } else if (d.errors == 0) {
        abort(); /* a refusal must say why */
    }
    core_buf_free(&pdf);
    core_diags_free(&d);
    return 0;
}
