/*
 * font-imp.h: what the font module's files share and nobody else sees.
 *
 * Ownership: a font_lib owns an arena (strings, faces, metric caches) and a
 * list of faces; each face owns its mapped file (an hb_blob that FreeType and
 * hb-subset both read, so a file is mapped once) and its FT_Face. Everything
 * lives until font_lib_drop.
 *
 * Included by font.c, resolve.c, face.c and subset.c only.
 */
#ifndef GONGWEN_FONT_IMP_H
#define GONGWEN_FONT_IMP_H

#include "font.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

struct font_face {
    font_face *next;       /* the lib's cache, newest first */
    font_lib *lib;
    char *path;            /* canonical (realpath), the cache key with index */
    int index;
    hb_blob_t *blob;       /* the file bytes; outlives ft and hb */
    FT_Face ft;
    hb_face_t *hb;         /* made with the face: metrics and subsets */
    hb_font_t *hbfont;     /* at the face's units per em: glyph metrics */
    font_info info;
    uint32_t nglyphs;
    /* the metrics of each glyph asked, open-addressed by gid (a report
     * asks ~1000 of a CJK font's ~30 000: a dense array was 0.25 MB a face
     * zeroed per process); heap, cap a power of two */
    struct font_glyph_slot *slots;
    uint32_t cap, used;
};

typedef struct font_glyph_slot {
    uint32_t gid1;         /* gid + 1; 0: empty */
    font_glyph g;
} font_glyph_slot;

/* What fontconfig answered for one family name, kept so that every name is
 * asked once per lib: the roles of a layout share most of their lists, and
 * a fontconfig match is the dearest step of setting a layout up (resolve.c). */
typedef struct font_family_memo {
    struct font_family_memo *next;
    const char *name;
    bool found;
    font_match m;          /* family, path, index when found */
} font_family_memo;

struct font_lib {
    core_arena *arena;
    FcConfig *fc;          /* loaded on first need (font_lib_fc) */
    bool fc_tried;         /* font_lib_fc ran, whatever it gave */
    const char *fc_why;    /* why it gave nothing (static, marked N_()) */
    core_translate_fn translate; /* the caller's, for the texts of matches */
    FT_Library ft;
    char *app_dir;         /* canonical, with a trailing '/'; NULL if none */
    font_face *faces;
    font_family_memo *memo;
    bool memo_dirty;       /* fontconfig was asked a name the loaded memo lacked */
    const char **families; /* every family fontconfig lists, folded as
                            * family_key folds them, sorted; made once */
    size_t nfamilies;
};

/* The lib's fontconfig configuration, loaded (with the app fonts) the first
 * time it is needed: a memo that answers every family spares the ~4 ms of
 * reading fontconfig's configuration (font.c). NULL when it cannot load. */
FcConfig *font_lib_fc(font_lib *lib);

/* `name` folded as fontconfig compares families here: ASCII case and
 * spaces ignored (resolve.c); an arena copy. */
const char *font_family_key(core_arena *a, const char *name);

/* font_lib_open that also says why it failed: a static phrase (English,
 * marked N_()) completing "the file ...", e.g. "has no TrueType outlines"
 * (font.c). */
core_status font_open_(font_lib *lib, const char *path, int index, font_face **out,
                       const char **why);

/* Fill f->info from the open FT_Face (face.c). */
void font_face_fill_info_(font_face *f);

#endif
