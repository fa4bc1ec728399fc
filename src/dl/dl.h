/*
 * dl: the display list, the only thing layout produces and the only thing
 * the PDF writer reads.
 *
 * A dl_list is document metadata plus pages (size in points, PDF coordinates:
 * origin bottom-left, y up), each a flat array of ops: positioned glyph runs,
 * rules, rectangles and anchors (bookmark targets). Every decision about
 * where ink goes has been made; a sink only draws.
 *
 * Sinks (MuPDF's device idea): a dl_sink is a table of callbacks; dl_run
 * replays a list into one. Implementations: the PDF writer (pdf/), the text
 * trace below (golden tests) and the bounds check below (nothing outside the
 * text area).
 *
 * The list owns its arena; glyph runs point at font faces owned by the
 * font_lib, which must outlive the list.
 */
#ifndef GONGWEN_DL_H
#define GONGWEN_DL_H

#include "../core/core.h"
#include "../font/font.h"

#include <stdbool.h>

typedef struct dl_color { float c, m, y, k; } dl_color; /* DeviceCMYK, 0..1 */

typedef enum dl_op_kind { DL_GLYPHS, DL_RULE, DL_RECT, DL_ANCHOR } dl_op_kind;

/*
 * A run of glyphs of one face and size on one baseline. Glyph i is drawn
 * with its origin at (x + pos[i], y). cp[i] is the text it stands for (one
 * code point per glyph: no ligatures are formed), src[i] the source byte
 * offset (or SIZE_MAX for generated text such as page numbers).
 */
typedef struct dl_glyphs {
    font_face *face;
    float size;          /* pt */
    float x, y;          /* pt, baseline origin of the run */
    uint32_t n;
    uint32_t *gid;
    float *pos;          /* pt from x; pos[0] is usually 0 */
    uint32_t *cp;
    size_t *src;
    dl_color color;
    float embolden;      /* pt of stroke around the fill (0 = plain); for a
                            heavier title face when no bold face exists */
} dl_glyphs;

/* A straight line from (x0,y0) to (x1,y1), `width` pt, butt caps. */
typedef struct dl_rule {
    float x0, y0, x1, y1, width;
    dl_color color;
} dl_rule;

typedef struct dl_rect {
    float x, y, w, h;    /* lower-left corner and size */
    dl_color color;
} dl_rect;

/* A bookmark: heading `title` of outline `level` (1 = top) at height y. */
typedef struct dl_anchor {
    int level;
    const char *title;
    float y;
} dl_anchor;

typedef struct dl_op {
    dl_op_kind kind;
    union {
        dl_glyphs glyphs;
        dl_rule rule;
        dl_rect rect;
        dl_anchor anchor;
    } u;
} dl_op;

typedef struct dl_page {
    float width, height; /* pt */
    int number;          /* the printed page number, 0 if none */
    dl_op *ops;          /* heap, freed by dl_list_drop */
    size_t nops, cap;
    /* the text area, for the bounds sink */
    float area_x0, area_y0, area_x1, area_y1;
} dl_page;

typedef struct dl_meta {
    const char *title;
    const char *author;     /* the agency */
    const char *subject;
    const char *keywords;
    const char *creator;    /* "gongwen 0.1.0" */
    const char *lang;       /* "zh-CN" */
    int year, month, day;   /* the document's date; 0 when unknown */
    long long epoch;        /* seconds since 1970 for CreateDate, from the
                               date or SOURCE_DATE_EPOCH; never the clock */
    const char *data;       /* the report's numbers as JSON (docs/DATA.md), for
                               sinks that embed them; NULL = none */
    size_t data_len;
} dl_meta;

typedef struct dl_list {
    core_arena *arena;
    dl_meta meta;
    dl_page *pages;
    size_t npages, cap;
    /* The page ceiling (CORE_MAX_PAGES unless changed; 0: none). A list that
     * would pass it keeps max_pages pages and sets `overflow`; its producer
     * goes on, cheaply, and the caller refuses the list (E-limit). */
    size_t max_pages;
    bool overflow;
    size_t overflow_src; /* source offset of the first text on the last page
                            kept, or SIZE_MAX */
} dl_list;

/* A new empty list with its own arena; free with dl_list_drop. */
dl_list *dl_list_new(void);
void dl_list_drop(dl_list *dl);

/* Append a page; the pointer stays valid until the next dl_add_page. At the
 * ceiling no page is added: the last page is emptied and returned again
 * (and dl->overflow set), so memory stays bounded whatever the input. */
dl_page *dl_add_page(dl_list *dl, float width, float height);
/* Append an op to a page (copied; arrays it points to must live in
 * dl->arena or longer). Returns the stored op. */
dl_op *dl_add_op(dl_list *dl, dl_page *page, const dl_op *op);

/* ---- sinks ---------------------------------------------------------------- */

typedef struct dl_sink {
    void *self;
    core_status (*begin_document)(void *self, const dl_meta *meta);
    core_status (*begin_page)(void *self, const dl_page *page, size_t index);
    core_status (*op)(void *self, const dl_page *page, const dl_op *op);
    core_status (*end_page)(void *self, const dl_page *page);
    core_status (*end_document)(void *self);
} dl_sink;

/* Replay `dl` into `sink`, stopping at the first failure it returns. */
core_status dl_run(const dl_list *dl, dl_sink *sink);

/*
 * The text trace: one line per op, numbers rounded to 0.01 pt, for golden
 * tests and debugging:
 *   page 1 595.28x841.89 number=1
 *   glyphs FandolFang 16.00 @79.37,716.44 "二〇二二年…" adv 15.79,15.79,...
 *   rule 79.37,99.21-521.57,99.21 w0.75
 * dl_trace_sink appends to `out` as the list is replayed into it; dl_trace
 * replays `dl` into one.
 */
dl_sink dl_trace_sink(core_buf *out);
core_status dl_trace(const dl_list *dl, core_buf *out);

/*
 * The bounds check, a sink: counts the glyphs whose box (ink, or origin ..
 * origin+advance; baseline-descent .. baseline+ascent) leaves the page's
 * text area by more than `tolerance` pt. A page number (a run whose src[0]
 * is SIZE_MAX below the area) has its own area: the bottom margin under the
 * text area. The first offending glyph is kept for a located error; each
 * goes to `report` when not NULL. dl_bounds_sink resets the counts.
 */
typedef struct dl_bounds {
    float tolerance;
    core_buf *report;
    size_t outside;         /* glyphs outside their area */
    size_t first_page;      /* the first one's page (0-based) */
    uint32_t first_cp;      /* its code point */
    size_t first_src;       /* its source offset, or SIZE_MAX */
    size_t page;            /* replay state */
} dl_bounds;

dl_sink dl_bounds_sink(dl_bounds *b);
/* dl_bounds_sink replayed over `dl`: the number outside. */
size_t dl_count_outside(const dl_list *dl, float tolerance, core_buf *report);

#endif
