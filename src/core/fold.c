/*
 * fold.c: one folding of width, compatibility forms, spaces and punctuation
 * for every recogniser, so that a heading number, a metadata label or a
 * form's label is known whether it was typed in full-width, pasted with NBSP
 * or converted from a PDF with Kangxi radicals.
 *
 * utf8proc does the Unicode part (NFKC and the general categories), kept
 * current with Unicode by Debian; what is folded away is chosen per caller.
 * Invariant: the output never holds more characters than the input.
 * Callers: read/ (metadata, chrome, footers), form/ (labels).
 */
#include "core.h"

#include <stdbool.h>
#include <utf8proc.h>

uint32_t core_fold_char(uint32_t cp)
{
    utf8proc_int32_t buf[4];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, 4,
                                                 UTF8PROC_COMPAT | UTF8PROC_COMPOSE, &last);
    /* NFKC of one code point is one code point for the forms that matter
     * here; a decomposition into several (㈠ → (一)) is left alone */
    return n == 1 ? (uint32_t)buf[0] : cp;
}

static bool is_space(uint32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    return cp == '\t' || cp == '\n' || p->category == UTF8PROC_CATEGORY_ZS;
}

static bool is_punct(uint32_t cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_SO;
}

void core_fold(const char *s, size_t n, unsigned how, core_buf *out)
{
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp;
        if ((k = core_utf8_decode(s + i, n - i, &cp)) == 0) {
            core_buf_append(out, s + i, 1);
            k = 1;
            continue;
        }
        if ((how & CORE_FOLD_SPACES) && is_space(cp))
            continue;
        cp = core_fold_char(cp);
        if ((how & CORE_FOLD_SPACES) && is_space(cp))
            continue;
        if ((how & CORE_FOLD_PUNCT) && is_punct(cp))
            continue;
        if ((how & CORE_FOLD_CASE) && cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        char u[4];
        core_buf_append(out, u, core_utf8_encode(cp, u));
    }
}
