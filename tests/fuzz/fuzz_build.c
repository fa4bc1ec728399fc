/*
 * libFuzzer harness over the whole pipeline: parse, check, layout and the
 * PDF writer, into memory. A build must end in a PDF (starting %PDF- and
 * ending %%EOF) or in at least one error diagnostic.
 */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static engine *e;
    core_diags d = {0};
    if (!e && engine_new(NULL, &d, &e) != CORE_OK)
        abort(); /* the fonts and layouts must be there */
    core_diags_free(&d);
    core_buf pdf = {0};
    core_status st = engine_build(e, "fuzz.txt", (const char *)data, size, &pdf, &d);
    if (st == CORE_OK) {
        if (pdf.len < 16 || memcmp(pdf.data, "%PDF-", 5) != 0)
            abort();
    } else if (d.errors == 0) {
        abort(); /* a refusal must say why */
    }
    core_buf_free(&pdf);
    core_diags_free(&d);
    return 0;
}
