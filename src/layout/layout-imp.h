/*
 * layout-imp.h: the private interface between the steps of layout.
 *
 *   style.c  layout file → layout_style
 *   fonts.c  roles → faces; a character → the face that has it
 *   para.c   doc runs → items (one per character, with width and face);
 *            blocks → flow entries (lines, blank lines, tables, page breaks)
 *   break.c  break opportunities (UAX #14 + GB/T 15834 prohibitions), first-
 *            fit line breaking, justification on the character grid, and the
 *            balanced breaking of titles
 *   table.c  tables: column widths, cell lines, rows; placing them on pages
 *   page.c   flow entries onto pages of grid lines; page numbers; the runs
 *
 * Units are points. An item's x is from the left edge of the measure it was
 * broken in; the page step adds the text area's (or a cell's) left edge.
 * Scratch data lives in lay_ctx.tmp, dropped at the end of each pass; the
 * blocks' flows in lay_ctx.memo, dropped at the end of layout_document;
 * everything the display list points at lives in dl->arena.
 */
#ifndef GONGWEN_LAYOUT_IMP_H
#define GONGWEN_LAYOUT_IMP_H

/* Titles longer than this many items are broken first-fit, not balanced. */
#define LAY_TITLE_BALANCE_MAX 120

#include "layout.h"

#include <stdbool.h>

#define LAY_EPS 0.01f
/* paragraphs before a short page's moved chain that may be re-broken to
 * fill it (layout.c) */
#define LAY_LOOSE_MAX 6
/* The ideographic em box's ascent: the glyph box of a CJK face runs from
 * 0.88 em above the baseline to 0.12 em below it. */
#define LAY_IDEO_ASCENT 0.88f

/* May a line end after this item? */
enum { LAY_BRK_NO, LAY_BRK_ALLOW, LAY_BRK_MUST };

enum {
    LAY_F_FULL = 1,     /* a full-width (1 em) character: set on the grid pitch */
    LAY_F_SPACE = 2,    /* a space: dropped at the edges of a line */
    LAY_F_HALF_END = 4, /* closing mark with its ink in the left half: may take
                           ½ em at a line's end (GB/T 15834 §5.1.10) */
    LAY_F_TIE = 8,      /* no justification gap after it (inside ——, ……, a word) */
    LAY_F_ALNUM = 16,   /* a Latin letter or digit */
    LAY_F_FORCE = 32,   /* a forced line break after it (title runs) */
    LAY_F_HAN = 64,     /* a Han character (for the Han–Latin gap) */
};

/* Which half of a full-width mark's em is empty (from its ink box): the side
 * it may give up when squeezed. */
enum { LAY_SQ_L = 1, LAY_SQ_R = 2 };

/* Shrink classes, in the order clreq uses them (STANDARDS §4): a line that
 * is too long takes from the first class before touching the next. */
enum {
    LAY_C_NONE = 0,
    LAY_C_END,      /* the line's last mark: ½ em (GB/T 15834 §5.1.10) */
    LAY_C_SPACE,    /* Latin spaces, down to ¼ em */
    LAY_C_BRACKET,  /* brackets and quotes, down to ½ em */
    LAY_C_COMMA,    /* ，、；： down to ½ em */
    LAY_C_GAP,      /* the Han–Latin gap, down to ⅛ em */
    LAY_C_STOP,     /* 。？！ down to ½ em */
    LAY_C_COUNT
};

/* One character of a paragraph: the unit of breaking and justification.
 * Items live only while their block is broken (a scratch arena per block);
 * the lines keep lay_glyphs. */
typedef struct lay_item {
    uint32_t cp, gid;
    font_face *face;
    float size, embolden;
    float zi;         /* one 字 where it is set, pt: the grid pitch (body) or
                         its size (titles): ½ 字 marks take half of it */
    float w;          /* width on the line, pt (full-width: the grid pitch) */
    float x;          /* set by breaking: from the measure's left edge */
    float dx;         /* the glyph's origin from x (negative when its empty
                         left half is squeezed) */
    float room;       /* pt it may still give up: its empty half (marks), or
                         what a space has above ¼ em */
    float gap;        /* Han–Latin gap after it, pt (dropped at a line's end) */
    uint32_t src;     /* source byte offset (inputs are under 4 GiB), or
                         LAY_NO_SRC */
    uint8_t sq;       /* LAY_SQ_*: where `room` is */
    uint8_t cls;      /* LAY_C_*: its shrink class */
    uint8_t brk;      /* LAY_BRK_* after this item */
    uint8_t flags;    /* LAY_F_* */
} lay_item;

#define LAY_NO_SRC UINT32_MAX

/* A character as set on its line: what the display list needs of it. */
typedef struct lay_glyph {
    font_face *face;
    float size, embolden;
    float x;          /* the glyph's origin from the measure's left edge */
    uint32_t gid, cp, src;
} lay_glyph;

typedef CORE_VEC(lay_item) lay_items;

/* A broken line: items [start, end) of its paragraph, positions set; once
 * sealed (lay_seal_lines) its glyphs instead. */
typedef struct lay_line {
    union {
        lay_item *items;
        lay_glyph *glyphs;
    };
    size_t n;
    float size;       /* the largest size on it: places it in its grid line */
} lay_line;

typedef CORE_VEC(lay_line) lay_lines;

typedef enum lay_align { LAY_JUSTIFY, LAY_CENTER, LAY_LEFT, LAY_RIGHT } lay_align;

/* A paragraph's candidate lines (break.c). */
typedef struct lay_edges lay_edges;

/* How a paragraph is broken. */
typedef struct lay_para {
    float measure;    /* pt */
    float indent;     /* pt, first line only */
    lay_align align;  /* JUSTIFY: all lines but the last fill the measure */
    float shrink;     /* pt a line may be squeezed when it ends in a ½ em mark */
    bool no_hang;     /* a final mark may not reach past the measure (cells:
                         its box would cross the rule) */
    int looseness;    /* justified: lines more (+) or fewer (−) than the best
                         fit, when that costs little (the last segment) */
    lay_edges **edges; /* justified: where its candidate lines are kept for
                          its other loosenesses (they depend only on the
                          items as collected); NULL: not kept */
} lay_para;

typedef struct lay_table lay_table;

typedef enum lay_entry_kind {
    LAY_E_LINE, LAY_E_BLANK, LAY_E_TABLE, LAY_E_PAGEBREAK
} lay_entry_kind;

/* One thing the page step places: a grid line of text, an empty grid line, a
 * table, or a forced page break. */
typedef struct lay_entry {
    lay_entry_kind kind;
    bool keep_next;     /* never the last thing on a page */
    lay_line line;      /* LINE */
    int anchor_level;   /* LINE: a bookmark at this line (0: none) */
    const char *anchor_title;
    lay_table *table;   /* TABLE */
    bool sig;           /* a line of the signature */
    size_t block;       /* the document block it comes from (SIZE_MAX: title) */
} lay_entry;

typedef CORE_VEC(lay_entry) lay_entries;

/* What the flow of one block gave at one looseness, kept across the passes
 * of one layout (layout.c mends short pages by running passes again; only a
 * block whose looseness changed is broken again). */
typedef struct lay_flowed {
    int loose;
    core_status st;
    lay_lines lines;          /* text blocks and the title */
    lay_table *table;         /* table blocks */
    core_diags *q;            /* what the flow reported, replayed on each use
                                 (NULL: nothing) */
    struct lay_flowed *next;  /* the block's other loosenesses */
    struct lay_flowed *older; /* the one made before it (lay_memo.all) */
} lay_flowed;

typedef struct lay_memo {
    core_arena *arena;        /* lives as long as the layout */
    lay_flowed **block;       /* per block, NULL when not flowed yet */
    lay_edges **edges;        /* per block: its candidate lines (break.c) */
    lay_flowed *title;
    lay_flowed *all;          /* every entry, to free their diagnostics */
} lay_memo;

/* Where the page step is: the current page and the height used on it. */
typedef struct lay_pager {
    size_t page;        /* index into dl->pages */
    float used;         /* pt from the text area's top */
    bool fresh;         /* nothing placed on the page yet */
} lay_pager;

typedef struct lay_ctx {
    const doc_document *doc;
    const layout_style *s;
    const layout_fonts *f;
    core_diags *d;
    core_arena *tmp;    /* scratch: the pass's, or the block's being flowed */
    core_arena *keep;   /* while a block is flowed: the memo's arena, for
                           what outlives the block */
    lay_memo *memo;     /* flows kept across passes */
    bool dry;           /* place only: no glyphs, rules or anchors in the list */
    dl_list *dl;
    float measure;      /* text width, pt */
    float height;       /* text height, pt */
    float grid_scale;   /* char_pitch / body size: full-width advance on the grid */
    size_t glyph_errors;
    lay_pager pg;
    /* mending short pages (layout.c): lines more (+) or fewer (−) than the
     * best fit for each block (NULL: none); the first page the page step
     * left short by moving a keep chain (a heading with its text or table, a
     * caption, the signature with the body) and the block that chain starts
     * in (SIZE_MAX: none) */
    const int *loose;
    size_t short_from;  /* pages before this one are not reported */
    size_t short_page, short_block;
    int short_sev;      /* 1: a short page; 2: the signature opens the next */
    bool sig_alone;     /* the signature opens a page (anywhere) */
    /* a trial pass stops once its first short page is this one or earlier
     * (this one: at this severity or worse): it cannot be kept then, and
     * laying out the rest would only confirm it (SIZE_MAX: never) */
    size_t lost_page;
    int lost_sev;
} lay_ctx;

/* style.c */
const char *lay_role_name(int role);

/* fonts.c: the face that has `cp` for `role` (its own, then the fallbacks),
 * or NULL. */
font_face *lay_face_for(const lay_ctx *c, int role, uint32_t cp, uint32_t *gid);
float lay_embolden(const lay_ctx *c, int role);

/* para.c */
core_status lay_collect(lay_ctx *c, const doc_run *runs, size_t nruns, float size,
                        float full_scale, lay_items *out);
core_status lay_flow_blocks(lay_ctx *c, lay_entries *out);
void lay_memo_free(lay_memo *m);
/* Have the flows of `block` at loosenesses a and b both been made, with as
 * many lines? (Pages depend on a block's line count, not on its words.) */
bool lay_memo_same_lines(const lay_memo *m, size_t block, int a, int b);

/* break.c */
void lay_mark_breaks(lay_ctx *c, lay_item *it, size_t n);
core_status lay_break_lines(lay_ctx *c, lay_item *it, size_t n, const lay_para *p,
                            lay_lines *out);
/* How many lines lay_break_lines gives a paragraph that is not justified
 * as a whole (p->no_hang, or not LAY_JUSTIFY), without setting them. */
size_t lay_count_lines(const lay_item *it, size_t n, const lay_para *p);
core_status lay_break_title(lay_ctx *c, lay_item *it, size_t n, float measure,
                            lay_lines *out);
bool lay_is_no_start(uint32_t cp);
bool lay_is_no_end(uint32_t cp);

/* table.c */
core_status lay_table_prepare(lay_ctx *c, const doc_table *t, lay_table **out);
/* The height used after what of the table must share the page where it
 * starts at `used`, with `keep` grid lines after it (see _place). */
float lay_table_head_end(const lay_ctx *c, const lay_table *t, int keep, float used);
/* Set the table from the current height on, page after page. `keep`: grid
 * lines that must follow its last row on its page (the signature right after
 * it, GB/T 9704 §7.3.5); its last rows, or all of it, go over so they do. */
core_status lay_table_place(lay_ctx *c, lay_table *t, int keep);

/* page.c */
void lay_new_page(lay_ctx *c);
dl_page *lay_page(lay_ctx *c);
float lay_area_x0(const lay_ctx *c, size_t page);
void lay_emit_line(lay_ctx *c, const lay_line *l, float x0, float baseline);
/* The lines in `a` as glyphs (their items may then be dropped). */
void lay_seal_lines(core_arena *a, lay_lines *l);
void lay_seal_line(core_arena *a, lay_line *l);
/* The height used after `lines` text lines set from `used`, each on the
 * next free grid line (> c->height: they do not fit the page). */
float lay_grid_after(const lay_ctx *c, float used, int lines);
core_status lay_paginate(lay_ctx *c, const lay_entry *e, size_t n);
core_status lay_page_numbers(lay_ctx *c);

#endif
