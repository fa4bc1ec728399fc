/*
 * fold.c: one folding of width, compatibility forms, spaces and punctuation
 * for every recogniser, so that a heading number, a metadata label or a
 * form's label is known whether it was typed in full-width, pasted with NBSP
 * or converted from a PDF with Kangxi radicals (or the radicals supplement).
 *
 * utf8proc does the Unicode part (NFKC and the general categories), kept
 * current with Unicode by Debian; what is folded away is chosen per caller.
 * Invariant: the output never holds more characters than the input.
 * Callers: read/ (metadata, chrome, footers), form/ (labels).
 */
#include "core.h"

#include <stdbool.h>
#include <utf8proc.h>

/* The CJK radicals supplement (U+2E80–U+2EF3: ⻓ ⻔ ⻋ …, what a PDF's text
 * gives for a simplified character's glyph) has no NFKC mapping but two; its
 * equivalent ideographs, from Unicode 15.0's EquivalentUnifiedIdeograph.txt
 * (Debian unicode-data), those in the BMP only: a font has them. Sorted. */
static const struct { uint16_t from, to; } radicals[] = {
    {0x2E81, 0x5382}, {0x2E82, 0x4E5B}, {0x2E83, 0x4E5A}, {0x2E84, 0x4E59},
    {0x2E85, 0x4EBB}, {0x2E86, 0x5182}, {0x2E88, 0x5200}, {0x2E89, 0x5202},
    {0x2E8A, 0x535C}, {0x2E8B, 0x353E}, {0x2E8C, 0x5C0F}, {0x2E8D, 0x5C0F},
    {0x2E8E, 0x5140}, {0x2E8F, 0x5C23}, {0x2E90, 0x5C22}, {0x2E92, 0x5DF3},
    {0x2E93, 0x5E7A}, {0x2E94, 0x5F51}, {0x2E96, 0x5FC4}, {0x2E97, 0x5FC3},
    {0x2E98, 0x624C}, {0x2E99, 0x6535}, {0x2E9B, 0x65E1}, {0x2E9C, 0x65E5},
    {0x2E9D, 0x6708}, {0x2E9E, 0x6B7A}, {0x2E9F, 0x6BCD}, {0x2EA0, 0x6C11},
    {0x2EA1, 0x6C35}, {0x2EA2, 0x6C3A}, {0x2EA3, 0x706C}, {0x2EA4, 0x722B},
    {0x2EA5, 0x722B}, {0x2EA6, 0x4E2C}, {0x2EA7, 0x725B}, {0x2EA8, 0x72AD},
    {0x2EA9, 0x738B}, {0x2EAB, 0x76EE}, {0x2EAC, 0x793A}, {0x2EAD, 0x793B},
    {0x2EAF, 0x7CF9}, {0x2EB0, 0x7E9F}, {0x2EB1, 0x7F53}, {0x2EB2, 0x7F52},
    {0x2EB3, 0x34C1}, {0x2EB4, 0x5197}, {0x2EB6, 0x7F8A}, {0x2EB9, 0x8002},
    {0x2EBA, 0x8080}, {0x2EBB, 0x807F}, {0x2EBC, 0x8089}, {0x2EBE, 0x8279},
    {0x2EBF, 0x8279}, {0x2EC0, 0x8279}, {0x2EC1, 0x864E}, {0x2EC2, 0x8864},
    {0x2EC3, 0x8980}, {0x2EC4, 0x897F}, {0x2EC5, 0x89C1}, {0x2EC6, 0x89D2},
    {0x2EC8, 0x8BA0}, {0x2EC9, 0x8D1D}, {0x2ECB, 0x8F66}, {0x2ECC, 0x8FB6},
    {0x2ECD, 0x8FB6}, {0x2ECE, 0x8FB6}, {0x2ECF, 0x9091}, {0x2ED0, 0x9485},
    {0x2ED1, 0x9577}, {0x2ED2, 0x9578}, {0x2ED3, 0x957F}, {0x2ED4, 0x95E8},
    {0x2ED6, 0x961D}, {0x2ED7, 0x96E8}, {0x2ED8, 0x9752}, {0x2ED9, 0x97E6},
    {0x2EDA, 0x9875}, {0x2EDB, 0x98CE}, {0x2EDC, 0x98DE}, {0x2EDD, 0x98DF},
    {0x2EDF, 0x98E0}, {0x2EE0, 0x9963}, {0x2EE2, 0x9A6C}, {0x2EE3, 0x9AA8},
    {0x2EE4, 0x9B3C}, {0x2EE5, 0x9C7C}, {0x2EE6, 0x9E1F}, {0x2EE7, 0x5364},
    {0x2EE8, 0x9EA6}, {0x2EE9, 0x9EC4}, {0x2EEA, 0x9EFE}, {0x2EEB, 0x6589},
    {0x2EEC, 0x9F50}, {0x2EED, 0x6B6F}, {0x2EEE, 0x9F7F}, {0x2EEF, 0x7ADC},
    {0x2EF0, 0x9F99}, {0x2EF1, 0x9F9C}, {0x2EF2, 0x4E80}, {0x2EF3, 0x9F9F}
};

static uint32_t radical_fold(uint32_t cp)
{
    size_t lo = 0, hi = sizeof radicals / sizeof *radicals;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (radicals[mid].from == cp)
            return radicals[mid].to;
        if (radicals[mid].from < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return cp;
}

uint32_t core_fold_char(uint32_t cp)
{
    if (cp >= 0x2E80 && cp <= 0x2EFF)
        return radical_fold(cp);
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
