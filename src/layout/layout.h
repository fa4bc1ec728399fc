/*
 * layout: the document model onto pages, as a display list.
 *
 * Steps (layout.c reads as this list): resolve the fonts of each role →
 * collect each block into items (glyphs with widths, break classes) →
 * break lines (break.c: GB/T 15834 prohibitions on top of UAX #14, then
 * justification on the character grid) → tables (table.c) → flow lines onto
 * pages of 22 grid lines (page.c) → page numbers → display list.
 *
 * The page geometry, fonts by role, sizes and pitches come from a style read
 * from a layout file in layouts/ (data a user edits without rebuilding; see
 * layouts/gbt9704.ini for every key). Layout never writes a PDF.
 */
#ifndef GONGWEN_LAYOUT_H
#define GONGWEN_LAYOUT_H

#include "../core/core.h"
#include "../doc/doc.h"
#include "../dl/dl.h"
#include "../font/font.h"

/* Font roles of the layout file: the document roles plus the page number
 * and the fallback chain for characters a role's font lacks. */
typedef enum layout_role {
    LAYOUT_ROLE_BODY = DOC_ROLE_BODY,
    LAYOUT_ROLE_TITLE = DOC_ROLE_TITLE,
    LAYOUT_ROLE_H1 = DOC_ROLE_H1,
    LAYOUT_ROLE_H2 = DOC_ROLE_H2,
    LAYOUT_ROLE_H3 = DOC_ROLE_H3,
    LAYOUT_ROLE_H4 = DOC_ROLE_H4,
    LAYOUT_ROLE_TABLE = DOC_ROLE_TABLE,
    LAYOUT_ROLE_PAGENUM = DOC_ROLE_COUNT,
    LAYOUT_ROLE_FALLBACK,
    LAYOUT_ROLE_LATIN,   /* Latin letters and digits in Chinese text; with no
                            families (the default) the role's own face */
    LAYOUT_ROLE_COUNT
} layout_role;

#define LAYOUT_MAX_FAMILIES 16

typedef struct layout_font_spec {
    const char *families[LAYOUT_MAX_FAMILIES]; /* preference order */
    size_t nfamilies;
    float size;       /* pt */
    float embolden;   /* pt; see dl_glyphs */
} layout_font_spec;

/* Everything a layout file says, in points. */
typedef struct layout_style {
    core_arena *arena;
    const char *path;          /* the file it came from */
    float page_w, page_h;
    float margin_top, margin_bottom, margin_left, margin_right;
    bool mirror;               /* even pages mirror the left/right margins */
    int lines;                 /* grid lines per page (22) */
    int chars;                 /* characters per full line (28) */
    float line_pitch;          /* derived: text height / lines unless set */
    float char_pitch;          /* derived: text width / chars */
    float indent;              /* first-line indent, in characters (2) */
    float title_gap_lines;     /* empty grid lines between title and body (1) */
    float title_max_chars;     /* a title line holds at most this many (of
                                  its own size) before it is broken */
    float pagenum_drop;        /* pt from the text area's bottom edge down to
                                  the page number's dash (7 mm) */
    float pagenum_inset;       /* pt from the text area's side (1 字) */
    float rule_outer, rule_inner; /* table rule widths, pt */
    float table_size_min;      /* smallest table font size before refusing */
    float table_pad;           /* cell padding, pt */
    int table_head_role;       /* the role whose face sets header cells (h1) */
    bool table_num_right;      /* number cells right-aligned (else centred) */
    const char *table_continued; /* after a row-spanning label drawn again
                                  below a page break: "（续）"; NULL: none */
    /* typography of the text (see break.c, para.c) */
    float han_latin_gap;       /* pt between a Han character and a Latin
                                  letter or digit (0: the grid is kept) */
    int widows;                /* a paragraph's last lines kept together
                                  over a page break (1: none; the 22-line
                                  grid is kept) */
    bool sealed;               /* the signature is sealed (§7.3.5.1) */
    bool sig_under_title;      /* agency and date centred under the title, no
                                * closing signature ([signature] place = title) */
    bool mend_pages;           /* re-break a paragraph to fill a page a keep
                                  chain would leave short (true) */
    const char *level3_mark;   /* the mark after a level-3 number: "." */
    const char *title_terms_path; /* words a title line never splits, as
                                  the file names them ([title] terms) */
    const char *title_terms_file; /* that file's path (next to the layout
                                  file unless absolute); NULL: none. The
                                  caller reads it: layout_style_set_terms */
    size_t title_terms_at;     /* offset of the terms key in src */
    const core_source *src;    /* the layout file, for located diagnostics */
    const char **title_terms;  /* loaded from it, UTF-8 */
    size_t ntitle_terms;
    layout_font_spec font[LAYOUT_ROLE_COUNT];
} layout_style;

/*
 * Read the `len` bytes of a layout file named `path` (key = value lines
 * under [sections]; see layouts/gbt9704.ini). Layout opens no file: the
 * caller reads it, and then the file s->title_terms_file names, which it
 * hands to layout_style_set_terms. Unknown keys, bad values and values
 * outside the ranges a page can be set in (docs/ERRORS.md, E-layout) are
 * errors in `d` naming FILE:LINE:COLUMN; then CORE_EINPUT and *out is NULL.
 * Free with layout_style_drop.
 */
core_status layout_style_parse(const char *path, const char *bytes, size_t len, core_diags *d,
                               layout_style **out);
/* The words of the title terms file, one a line (`#` starts a comment),
 * copied into the style. */
void layout_style_set_terms(layout_style *s, const char *bytes, size_t len);
void layout_style_drop(layout_style *s);

/* The faces resolved for each role, and how (for `gongwen fonts`). */
typedef struct layout_fonts {
    font_face *face[LAYOUT_ROLE_COUNT];
    font_match match[LAYOUT_ROLE_COUNT];
    /* the faces of [font.fallback] that were found, in its order; a
     * character is set in its role's face when that has it, else in the
     * first of these that has it (no font: E-glyph) */
    font_face *fallback[LAYOUT_MAX_FAMILIES];
    size_t nfallback;
} layout_fonts;

/* Resolve every role through `lib`. A role none of whose families is found
 * is an error in `d` naming the layout file and the families tried
 * (CORE_EFONT). */
core_status layout_fonts_resolve(const layout_style *s, font_lib *lib, core_diags *d,
                                 layout_fonts *out);

/*
 * Lay out `doc` with style `s` and fonts `f`. On success *out is a new list
 * (free with dl_list_drop). Problems go to `d`: a character no font has
 * (error naming LINE:COLUMN and the code point), a table too wide (error), a
 * line that had to break against a prohibition (warning), a number mark or
 * date printed in its standard form (note). On error *out is NULL and the
 * status says which kind. A page a keep chain would leave short is mended
 * by re-breaking a paragraph before it (several passes; a budget keeps long
 * documents linear).
 */
core_status layout_document(const doc_document *doc, const layout_style *s,
                            const layout_fonts *f, core_diags *d, dl_list **out);

#endif
