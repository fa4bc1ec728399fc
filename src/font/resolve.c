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

const char *font_family_key(core_arena *a, const char *name)
{
    size_t n = strlen(name);
    char *k = core_arena_alloc(a, n + 1), *o = k;
    for (const char *p = name; *p; p++)
        if (*p != ' ')
            *o++ = (char)tolower((unsigned char)*p);
    *o = 0;
    return k;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is `name` a family some installed font reports? One listing of every
 * family, then a search per name: fontconfig's best match costs a scoring
 * pass over all fonts, ~0.15 ms a name, and most names of a preference list
 * (the official fonts) are not installed. A name listed here may still be
 * refused by match_one; one not listed would be refused by it too, since
 * it accepts only a family the font reports (family_eq folds the same). */
static bool family_listed(font_lib *lib, FcConfig *fc, const char *name)
{
    if (!lib->families) {
        FcPattern *pat = FcPatternCreate();
        FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
        FcFontSet *fs = FcFontList(fc, pat, os);
        size_t n = 0;
        for (int i = 0; fs && i < fs->nfont; i++) {
            FcChar8 *f;
            for (int k = 0; FcPatternGetString(fs->fonts[i], FC_FAMILY, k, &f) == FcResultMatch;
                 k++)
                n++;
        }
        lib->families = core_arena_alloc(lib->arena, (n ? n : 1) * sizeof *lib->families);
        for (int i = 0; fs && i < fs->nfont; i++) {
            FcChar8 *f;
            for (int k = 0; FcPatternGetString(fs->fonts[i], FC_FAMILY, k, &f) == FcResultMatch;
                 k++)
                lib->families[lib->nfamilies++] = font_family_key(lib->arena, (const char *)f);
        }
        qsort(lib->families, lib->nfamilies, sizeof *lib->families, cmp_key);
        if (fs)
            FcFontSetDestroy(fs);
        FcObjectSetDestroy(os);
        FcPatternDestroy(pat);
    }
    const char *key = font_family_key(lib->arena, name);
    return bsearch(&key, lib->families, lib->nfamilies, sizeof *lib->families, cmp_key);
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

/* Ask fontconfig for `name` (and, when `truetype`, for TrueType outlines);
 * on an accepted match fill path, index and family (arena copies) and
 * return true; *is_truetype says whether fontconfig reports glyf outlines. */
static bool match_one(font_lib *lib, const char *name, bool truetype, font_match *m,
                      bool *is_truetype)
{
    bool ok = false;
    FcConfig *fc = font_lib_fc(lib);
    if (!fc || !family_listed(lib, fc, name))
        return false;
    FcPattern *pat = FcPatternCreate();
    FcPattern *font = NULL;
    FcResult res;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)name);
    if (truetype)
        FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"TrueType");
    FcConfigSubstitute(fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    font = FcFontMatch(fc, pat, &res);
    if (!font)
        goto done;
    const char *fam = reported_family(font, name);
    FcChar8 *file, *format;
    int index = 0;
    if (!fam || FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch)
        goto done;
    FcPatternGetInteger(font, FC_INDEX, 0, &index);
    *is_truetype = FcPatternGetString(font, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
                   strcmp((const char *)format, "TrueType") == 0;
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

/* The best font of family `name`. When that one has CFF outlines (which the
 * PDF cannot embed as TrueType), ask again for TrueType outlines: a family
 * installed in both formats then resolves to its TrueType file. The second
 * query ranks the format above the family, so its answer is checked too. */
static bool match_family(font_lib *lib, const char *name, font_match *m)
{
    bool tt = false;
    if (!match_one(lib, name, false, m, &tt))
        return false;
    if (!tt) {
        font_match alt = *m;
        if (match_one(lib, name, true, &alt, &tt) && tt)
            *m = alt;
    }
    return true;
}

/* match_family, asked once per name and lib. */
static bool match_family_memo(font_lib *lib, const char *name, font_match *m)
{
    for (font_family_memo *e = lib->memo; e; e = e->next)
        if (strcmp(e->name, name) == 0) {
            if (e->found)
                *m = e->m;
            return e->found;
        }
    font_family_memo *e = core_arena_alloc(lib->arena, sizeof *e);
    e->name = core_arena_strdup(lib->arena, name);
    e->found = match_family(lib, name, &e->m);
    lib->memo_dirty = true;
    e->next = lib->memo;
    lib->memo = e;
    if (e->found)
        *m = e->m;
    return e->found;
}

/* Appends `name` to the "not installed" list in `missing`. */
static void note_missing(font_lib *lib, core_buf *missing, const char *name)
{
    if (missing->len)
        core_buf_puts(missing, core_translate(lib->translate, N_(", ")));
    core_buf_puts(missing, name);
}

/* "A, B not installed; C unusable (path has no TrueType outlines); D
 * (bundled)": what was tried in order of kind, then what was found, in the
 * language of the lib's hook. */
static const char *why_text(font_lib *lib, const core_buf *missing, const core_buf *unusable,
                            const font_match *m, bool found)
{
    core_translate_fn t = lib->translate;
    const char *sep = core_translate(t, N_("; "));
    core_buf b = {0};
    if (missing->len)
        core_buf_printf(&b, core_translate(t, N_("%s not installed")), missing->data);
    if (unusable->len)
        core_buf_printf(&b, "%s%s", b.len ? sep : "", unusable->data);
    if (found) {
        core_buf_puts(&b, b.len ? sep : "");
        core_buf_printf(&b, m->bundled ? core_translate(t, N_("%s (bundled)")) : "%s", m->family);
    }
    if (lib->fc_why)
        core_buf_printf(&b, "%s%s", b.len ? sep : "", core_translate(t, lib->fc_why));
    if (!b.len)
        core_buf_puts(&b, core_translate(t, N_("no font family was asked for")));
    const char *s = core_arena_strndup(lib->arena, b.data, b.len);
    core_buf_free(&b);
    return s;
}

core_status font_lib_resolve(font_lib *lib, const char *const *families, size_t n,
                             font_face **out, font_match *match)
{
    core_status st = CORE_EFONT;
    font_match m = {0};
    core_buf missing = {0}, unusable = {0};
    const char *first_missing = NULL;
    *out = NULL;
    for (size_t i = 0; i < n && st != CORE_OK; i++) {
        const char *why;
        if (!families[i])
            continue;
        if (!match_family_memo(lib, families[i], &m)) {
            note_missing(lib, &missing, families[i]);
            first_missing = first_missing ? first_missing : families[i];
            continue;
        }
        if (font_open_(lib, m.path, m.index, out, &why) != CORE_OK) {
            if (unusable.len)
                core_buf_puts(&unusable, core_translate(lib->translate, N_("; ")));
            core_buf_printf(&unusable, core_translate(lib->translate, N_("%s unusable (%s %s)")),
                            families[i], m.path, core_translate(lib->translate, why));
            continue; /* listed but not usable: try the next choice */
        }
        m.requested = families[i];
        m.path = (*out)->path;
        m.bundled = lib->app_dir && strncmp(m.path, lib->app_dir, strlen(lib->app_dir)) == 0;
        st = CORE_OK;
    }
    if (st != CORE_OK)
        m = (font_match){0}; /* a match found but unusable leaves no trace */
    else if (first_missing)
        m.substituted = core_arena_strdup(lib->arena, first_missing);
    m.why = why_text(lib, &missing, &unusable, &m, st == CORE_OK);
    *match = m;
    core_buf_free(&missing);
    core_buf_free(&unusable);
    return st;
}
