/*
 * font: finding, measuring and subsetting fonts. The only module that
 * includes fontconfig, FreeType or HarfBuzz.
 *
 * A font_lib holds a fontconfig configuration (the system fonts plus the
 * application fonts bundled in fonts/), a FreeType library and a cache of
 * opened faces. Faces are owned by the lib and live until font_lib_drop, so a
 * batch of reports in one process opens each font file once.
 *
 * A role (title, body, ...) asks for a face with a preference list of family
 * names. fontconfig always answers with *some* font; a match is accepted only
 * when one of the family names it reports is the one asked for (compared
 * case-insensitively, ignoring spaces), so "FangSong" never silently becomes a
 * sans-serif.
 *
 * Units: metrics are in em (1.0 = the font size), y up, as PDF wants them.
 */
#ifndef GONGWEN_FONT_H
#define GONGWEN_FONT_H

#include "../core/core.h"

#include <stdbool.h>

typedef struct font_lib font_lib;
typedef struct font_face font_face;

/*
 * A new lib. `app_font_dir` (may be NULL) is added to fontconfig as
 * application fonts. The texts the lib makes (font_match.why) are in the
 * language of d's translation hook, which the lib keeps. On failure returns
 * CORE_EFONT with an E-font error about the folder in d; *out is NULL.
 */
core_status font_lib_new(const char *app_font_dir, core_diags *d, font_lib **out);
void font_lib_drop(font_lib *lib);

/*
 * What fontconfig answered, kept between processes (memo.c says when a memo
 * is trusted). font_lib_memo_load, on a new lib before anything is
 * resolved, starts from `bytes` (what font_lib_memo_save wrote earlier) and
 * says whether they were used; fontconfig is then loaded only for a family
 * the memo lacks. font_lib_memo_save appends a memo of every family asked
 * so far to `out` and returns true only when fontconfig was asked something
 * the loaded memo did not answer (else there is nothing new to keep).
 */
bool font_lib_memo_load(font_lib *lib, const char *bytes, size_t len);
bool font_lib_memo_save(font_lib *lib, core_buf *out);

/* What font_lib_resolve found, for `gongwen fonts` and messages. Strings
 * live as long as the lib. */
typedef struct font_match {
    const char *requested; /* the family of the preference list that matched */
    const char *family;    /* the family name the font reports that equals
                            * `requested` (in its language: "文泉驿正黑") */
    const char *path;      /* the font file */
    int index;             /* face index in a collection */
    bool bundled;          /* the file is under the app font dir */
    const char *why;       /* e.g. "仿宋_GB2312, 仿宋 not installed; FandolFang (bundled)",
                            * in the language of the lib's hook */
    const char *substituted; /* the first family of the list not installed,
                            * when another stands in ("仿宋_GB2312"); else NULL */
} font_match;

/*
 * The first family of `families` (n names, in order of preference) that
 * fontconfig finds and whose reported family matches the name, preferring
 * its TrueType file when the family is also installed as CFF. Sets *out
 * (owned by the lib) and *match. CORE_EFONT when none is found; then *out is
 * NULL, match->why lists what was tried ("A, B not installed; C unusable
 * (PATH has no TrueType outlines)") and the other match fields are NULL/0.
 * Resolving the same font again returns the same face pointer.
 */
core_status font_lib_resolve(font_lib *lib, const char *const *families, size_t n,
                             font_face **out, font_match *match);

/* A face by file (and index in a collection), for tests and for fonts named
 * by path in a layout file. The path is made canonical, so any spelling of
 * the same file gives the same face. CORE_EFONT (and *out NULL) when the file
 * cannot be read, is not a font, or has no TrueType (glyf) outlines: CFF
 * fonts (most .otf) are refused because the PDF embeds CIDFontType2. */
core_status font_lib_open(font_lib *lib, const char *path, int index, font_face **out);

/* Whole-font facts, for placement and for the PDF font descriptor. */
typedef struct font_info {
    const char *family;
    const char *ps_name;     /* PostScript name, no spaces */
    const char *path;
    int index;
    int units_per_em;
    float ascent, descent;   /* em; descent negative (hhea or OS/2 typo) */
    float cap_height;        /* em */
    float bbox[4];           /* em: xmin ymin xmax ymax */
    float italic_angle;
    bool fixed_pitch, serif;
    bool embeddable;         /* OS/2 fsType allows embedding */
} font_info;

const font_info *font_face_info(const font_face *f);

/* The glyph for code point cp, or 0 when the face has none. Reads the
 * face's Unicode cmap, the UCS-4 (format 12) one when the face has it, so
 * characters beyond the BMP are found. Surrogates and cp > U+10FFFF give 0. */
uint32_t font_face_glyph(font_face *f, uint32_t cp);

typedef struct font_glyph {
    float advance;              /* em */
    float x0, y0, x1, y1;       /* ink box, em; all 0 for an empty glyph.
                                 * The outline's control box: it may reach
                                 * a little past the drawn curves. */
    uint16_t advance_units;     /* font units; the PDF /W array wants
                                 * advance_units * 1000 / units_per_em */
} font_glyph;

/* Metrics of glyph `gid`; cached, so cheap to call per character. A gid the
 * face does not have gives all zeros. */
void font_face_glyph_metrics(font_face *f, uint32_t gid, font_glyph *out);

/* A character the document sets, and the glyph it is set with. */
typedef struct font_char {
    uint32_t cp, gid;
} font_char;

/*
 * A TrueType subset of the face holding glyph 0 and the `n` glyphs in
 * `gids`, renumbered compactly in the order of the old ids; new_gid (n
 * entries) receives the new id of gids[i]. The components of composite
 * glyphs come along too, so the subset may hold more than n+1 glyphs.
 * Hinting and the layout tables (GSUB, GPOS, GDEF, vertical metrics) are
 * dropped. The subset's cmap maps each of `chars` (any order, repeats
 * allowed) whose glyph is kept and is the one the face's own cmap gives
 * its code point; others are left out. The bytes are appended to `out`
 * and are the same for the same input (no time stamps). CORE_EFONT, with
 * nothing appended, when a gid is not in the face or hb-subset fails.
 */
core_status font_face_subset(font_face *f, const uint32_t *gids, size_t n,
                             const font_char *chars, size_t nchars, core_buf *out,
                             uint32_t *new_gid);

/* Names of every family fontconfig knows (every language's name of each),
 * sorted by bytes, each once, one per line, appended to `out`; for
 * `gongwen fonts --all`. */
void font_lib_list_families(font_lib *lib, core_buf *out);

#endif
