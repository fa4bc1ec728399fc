/*
 * libFuzzer harness over the HTML and DOCX readers (src/read/html.c,
 * docx.c): any bytes, read by the reader the first byte picks (even: html,
 * odd: docx; the rest is the file), must give canonical text or located
 * errors, never a crash, a hang or a leak. Seeds in corpus-read/ start with
 * their selector byte ('h' or 'd').
 */
#include "read/read.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    core_arena *a = core_arena_new();
    core_diags d = {0};
    core_source *src = NULL;
    const char *from = data[0] & 1 ? "docx" : "html";
    core_status st = read_source(a, from[0] == 'd' ? "fuzz.docx" : "fuzz.html",
                                 (const char *)data + 1, size - 1, from, NULL, &d, &src);
    if ((st == CORE_OK) != (src != NULL))
        abort();
    for (size_t i = 0; i < d.n; i++)
        if (!d.v[i].message)
            abort();
    core_diags_free(&d);
    core_arena_drop(a);
    return 0;
}
