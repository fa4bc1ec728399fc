/*
 * shape.c: lines → canonical text (placeholder being replaced by the shaper).
 */
#include "read-data.h"

#include <string.h>

void read_put_text(core_text *t, const char *s, size_t n, size_t at)
{
    if (n && (s[0] == '@' || s[0] == '\\'))
        core_text_put(t, "\\", 1, at);
    size_t run = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
            run++;
            continue;
        }
        core_text_put(t, s + i - run, run, at);
        if (i < n)
            core_text_put(t, " ", 1, at);
        run = 0;
    }
}

core_status read_shape(core_arena *a, const core_source *lines, const read_shape_options *o,
                       const read_data *data, core_diags *d, core_source **out)
{
    core_text t = {.from = lines};
    core_text_copy(&t, 0, lines->len);
    return core_source_derive(a, &t, d, out);
}
