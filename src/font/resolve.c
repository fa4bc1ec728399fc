/*
 * resolve.c: from a role's preference list of family names to a face.
 *
 * fontconfig always answers a query with its best guess, which for an
 * unknown Chinese name is often an unrelated sans-serif. What stays true
 * here: a face is returned only when one of the family names the matched
 * font itself reports (in any language) equals the requested name, compared
 * ignoring ASCII case and spaces. Underscores count, so "仿宋_GB2312" is not
 * "仿宋": the _GB2312 fonts cover only GB 2312, and saying which one was
 * used matters for coverage messages.
 *
 * Called by layout (through the engine) once per role per report.
 */
#include "font-imp.h"

#include <ctype.h>
#include <string.h>

/* Equal ignoring ASCII case and spaces (UTF-8 bytes >= 0x80 compare as is). */
static bool family_eq(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++, b++;
    }
}

/* The family value of `font` equal to `name`, or NULL. */
static const char *reported_family(FcPattern *font, const char *name)
{
    FcChar8 *s;
    for (int k = 0; FcPatternGetString(font, FC_FAMILY, k, &s) == FcResultMatch; k++)
        if (family_eq((const char *)s, name))
            return (const char *)s;
    return NULL;
}

/* Ask fontconfig for `name`; on an accepted match fill path, index and
 * family (arena copies) and return true. */
static bool match_family(font_lib *lib, const char *name, font_match *m)
{
    bool ok = false;
    FcPattern *pat = FcPatternCreate();
    FcPattern *font = NULL;
    FcResult res;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)name);
    FcConfigSubstitute(lib->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    font = FcFontMatch(lib->fc, pat, &res);
    if (!font)
        goto done;
    const char *fam = reported_family(font, name);
    FcChar8 *file;
    int index = 0;
    if (!fam || FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch)
        goto done;
    FcPatternGetInteger(font, FC_INDEX, 0, &index);
    m->family = core_arena_strdup(lib->arena, fam);
    m->path = core_arena_strdup(lib->arena, (const char *)file);
    m->index = index;
    ok = true;
done:
    if (font)
        FcPatternDestroy(font);
    FcPatternDestroy(pat);
    return ok;
}

/* "A, B not installed; C (bundled)" or, with nothing found, "A, B not
 * installed". */
static const char *why_text(font_lib *lib, const char *const *families, size_t tried,
                            const font_match *m, bool found)
{
    core_buf b = {0};
    for (size_t i = 0; i < tried; i++)
        core_buf_printf(&b, "%s%s", i ? ", " : "", families[i]);
    if (tried)
        core_buf_puts(&b, " not installed");
    if (found)
        core_buf_printf(&b, "%s%s%s", tried ? "; " : "", m->family,
                        m->bundled ? " (bundled)" : "");
    if (!tried && !found)
        core_buf_puts(&b, "no font family was asked for");
    const char *s = core_arena_strndup(lib->arena, b.data ? b.data : "", b.len);
    core_buf_free(&b);
    return s;
}

core_status font_lib_resolve(font_lib *lib, const char *const *families, size_t n,
                             font_face **out, font_match *match)
{
    core_status st = CORE_EFONT;
    font_match m = {0};
    size_t i = 0;
    *out = NULL;
    for (; i < n; i++) {
        if (!families[i] || !match_family(lib, families[i], &m))
            continue;
        if (font_lib_open(lib, m.path, m.index, out) != CORE_OK)
            continue; /* listed but unreadable: try the next choice */
        m.requested = families[i];
        m.path = (*out)->path;
        m.bundled = lib->app_dir && strncmp(m.path, lib->app_dir, strlen(lib->app_dir)) == 0;
        st = CORE_OK;
        break;
    }
    if (st != CORE_OK)
        m = (font_match){0}; /* a match found but unreadable leaves no trace */
    m.why = why_text(lib, families, i < n ? i : n, &m, st == CORE_OK);
    *match = m;
    return st;
}
