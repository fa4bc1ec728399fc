/*
 * font.c: the font_lib (fontconfig configuration, FreeType library, face
 * cache), opening faces by file, and listing families.
 *
 * What stays true: a (canonical path, index) pair is opened at most once per
 * lib, so the layout and PDF stages of every report in a batch share one
 * FT_Face and one mapped file per font; faces are never closed before
 * font_lib_drop. Only faces with TrueType outlines are opened. The
 * fontconfig configuration is the lib's own (never the
 * process-wide current one), so two libs do not disturb each other.
 *
 * Called by the engine (new, drop, list), by layout through resolve.c, and by
 * tests (open).
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "font-imp.h"

#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include <limits.h>
#include <stdlib.h>
#include <string.h>

core_status font_lib_new(const char *app_font_dir, core_diags *d, font_lib **out)
{
    font_lib *lib = calloc(1, sizeof *lib);
    const char *why = NULL;
    *out = NULL;
    if (!lib)
        abort(); /* as core_arena: no memory is not a recoverable error */
    lib->arena = core_arena_new();
    lib->translate = d->translate;
    char real[PATH_MAX];
    if (app_font_dir && !realpath(app_font_dir, real))
        why = N_("the application font folder does not exist");
    else if (FT_Init_FreeType(&lib->ft))
        lib->ft = NULL, why = N_("FreeType could not start");
    if (why) {
        core_diag_file(d, app_font_dir ? app_font_dir : "fonts", CORE_ERROR, "E-font",
                       "cannot set up the fonts: %s", core_tr(d, why));
        font_lib_drop(lib);
        return CORE_EFONT;
    }
    if (app_font_dir)
        lib->app_dir = core_arena_printf(lib->arena, "%s/", real);
    *out = lib;
    return CORE_OK;
}

FcConfig *font_lib_fc(font_lib *lib)
{
    if (lib->fc_tried)
        return lib->fc;
    lib->fc_tried = true;
    /* A fresh configuration with the system fonts (read from fontconfig's
     * caches, so this is cheap after the first run on a machine). */
    FcConfig *fc = FcInitLoadConfigAndFonts();
    if (!fc) {
        lib->fc_why = N_("fontconfig could not load its configuration");
        return NULL;
    }
    if (lib->app_dir) {
        char *dir = core_arena_strndup(lib->arena, lib->app_dir, strlen(lib->app_dir) - 1);
        if (!FcConfigAppFontAddDir(fc, (const FcChar8 *)dir)) {
            FcConfigDestroy(fc);
            lib->fc_why = N_("fontconfig could not read the application font folder");
            return NULL;
        }
    }
    return lib->fc = fc;
}

void font_lib_drop(font_lib *lib)
{
    if (!lib)
        return;
    for (font_face *f = lib->faces; f; f = f->next) {
        hb_font_destroy(f->hbfont);
        hb_face_destroy(f->hb);
        free(f->slots);
        FT_Done_Face(f->ft);
        hb_blob_destroy(f->blob);
    }
    if (lib->ft)
        FT_Done_FreeType(lib->ft);
    if (lib->fc)
        FcConfigDestroy(lib->fc);
    core_arena_drop(lib->arena);
    free(lib);
}

/* Prefer a UCS-4 cmap (format 12: covers planes 1-16) over the BMP-only one;
 * FreeType usually does this already, but the choice matters for Ext-B
 * names, so it is made explicit. */
static void select_charmap(FT_Face ft)
{
    for (int i = 0; i < ft->num_charmaps; i++) {
        FT_CharMap cm = ft->charmaps[i];
        if ((cm->platform_id == 3 && cm->encoding_id == 10) ||
            (cm->platform_id == 0 && (cm->encoding_id == 4 || cm->encoding_id == 6))) {
            FT_Set_Charmap(ft, cm);
            return;
        }
    }
    FT_Select_Charmap(ft, FT_ENCODING_UNICODE);
}

/* Map the file and open it with FreeType; the face joins the cache. Only
 * TrueType outlines (a glyf table) are accepted: the PDF embeds fonts as
 * CIDFontType2 and font_face_subset promises TrueType, which a CFF font
 * cannot give. */
static core_status face_load(font_lib *lib, const char *real, int index, font_face **out,
                             const char **why)
{
    core_status st = CORE_EFONT;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(real);
    FT_Face ft = NULL;
    FT_ULong glyf = 0;
    *why = N_("cannot be read");
    if (!blob)
        goto done;
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    *why = N_("is not a font FreeType can open");
    if (FT_New_Memory_Face(lib->ft, (const FT_Byte *)data, (FT_Long)len, index, &ft))
        goto done;
    *why = N_("has no TrueType outlines");
    if (!FT_IS_SFNT(ft) || FT_Load_Sfnt_Table(ft, TTAG_glyf, 0, NULL, &glyf) || !glyf)
        goto done;
    select_charmap(ft);
    font_face *f = core_arena_alloc(lib->arena, sizeof *f);
    f->lib = lib;
    f->path = core_arena_strdup(lib->arena, real);
    f->index = index;
    f->blob = blob;
    f->ft = ft;
    f->nglyphs = (uint32_t)ft->num_glyphs;
    font_face_fill_info_(f);
    /* made here, before any thread of the PDF writer can subset the face */
    f->hb = hb_face_create(blob, (unsigned)index & 0xFFFF);
    f->hbfont = hb_font_create(f->hb);
    hb_font_set_scale(f->hbfont, f->info.units_per_em, f->info.units_per_em);
    f->next = lib->faces;
    lib->faces = f;
    *out = f;
    blob = NULL;
    ft = NULL;
    *why = NULL;
    st = CORE_OK;
done:
    if (ft)
        FT_Done_Face(ft);
    hb_blob_destroy(blob); /* NULL-safe */
    return st;
}

core_status font_open_(font_lib *lib, const char *path, int index, font_face **out,
                       const char **why)
{
    char real[PATH_MAX];
    *out = NULL;
    *why = N_("does not exist");
    if (!path || !realpath(path, real))
        return CORE_EFONT;
    for (font_face *f = lib->faces; f; f = f->next) {
        if (f->index == index && strcmp(f->path, real) == 0) {
            *out = f;
            *why = NULL;
            return CORE_OK;
        }
    }
    return face_load(lib, real, index, out, why);
}

core_status font_lib_open(font_lib *lib, const char *path, int index, font_face **out)
{
    const char *why;
    return font_open_(lib, path, index, out, &why);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void font_lib_list_families(font_lib *lib, core_buf *out)
{
    FcPattern *pat = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
    FcConfig *fc = font_lib_fc(lib);
    FcFontSet *fs = fc ? FcFontList(fc, pat, os) : NULL;
    size_t n = 0, cap = 0;
    const char **names = NULL;
    for (int i = 0; fs && i < fs->nfont; i++) {
        FcChar8 *s;
        for (int k = 0; FcPatternGetString(fs->fonts[i], FC_FAMILY, k, &s) == FcResultMatch; k++) {
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                names = realloc(names, cap * sizeof *names);
                if (!names)
                    abort();
            }
            names[n++] = (const char *)s;
        }
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(names[i], names[i - 1]) == 0)
            continue;
        core_buf_puts(out, names[i]);
        core_buf_puts(out, "\n");
    }
    free(names);
    if (fs)
        FcFontSetDestroy(fs);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
}
