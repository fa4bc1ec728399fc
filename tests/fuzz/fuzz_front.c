/*
 * libFuzzer harness over the front of the pipeline: decode, parse (with the
 * standard table templates) and check. Anything may come in; the stages must
 * answer with a document or located diagnostics, never crash or hang.
 * Built with -DGONGWEN_FUZZ=ON (clang); see tests/fuzz/README.md.
 */
#include "check/check.h"
#include "fuzz_data.h"
#include "parse/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    core_diags d = {0};
    doc_document *doc = NULL;
    if (parse_document("fuzz.txt", (const char *)data, size, &d, &doc) == CORE_OK) {
        form_apply(fuzz_templates(), doc, &d);
        check_options co = {.lenient = size & 1};
        check_document(doc, &co, &d);
    }
    for (size_t i = 0; i < d.n; i++) /* every diagnostic must be printable */
        if (!d.v[i].message || (d.v[i].file && d.v[i].line == 0 && d.v[i].offset > size))
            abort();
    doc_document_drop(doc);
    core_diags_free(&d);
    return 0;
}
