/*
 * shape-imp.h: the shaper's state, private to shape*.c.
 *
 *  shape.c       the steps: scan, classify, title, wraps, emit
 *  shape-meta.c  metadata lines (a portal's box, a crawler's headers), chrome
 *                and footers, from the lists of layouts/reader
 *  shape-rows.c  table rows whose cells are separated by spaces
 *
 * Invariant: every offset is into s->src->text; every line is classified
 * once, by lines_classify, and only re-classified to a narrower kind (text →
 * row, text → title/under-title metadata).
 */
#ifndef GONGWEN_READ_SHAPE_IMP_H
#define GONGWEN_READ_SHAPE_IMP_H

#include "read-data.h"

typedef enum shape_kind {
    SK_BLANK,
    SK_SYNTAX, /* canonical syntax already: a directive, an escaped line */
    SK_ROW,    /* a table row: tabs, or cells recovered from spaces */
    SK_DROP,   /* chrome or a running footer */
    SK_META,   /* metadata: a box line, a header line, agency/date under the title */
    SK_TEXT
} shape_kind;

typedef struct shape_span {
    size_t start, end;
} shape_span;

typedef struct shape_line {
    size_t start, end;     /* without its '\n' */
    size_t ts, te;         /* without spaces and form feeds at either end */
    double width, indent;  /* in 字 */
    bool page_break;       /* a form feed in this line or ending the one before */
    bool heading;          /* starts with a heading number */
    bool title;            /* one of the title lines */
    bool join;             /* hard-wrapped: its paragraph goes on in the next line */
    bool md;               /* a Markdown heading: its marks are before ts */
    shape_kind kind;
    size_t cell, ncells;   /* recovered row: cells[cell .. cell + ncells) */
} shape_line;

/* One kind of change, said once at its first place with a count. */
typedef struct shape_tally {
    const char *code, *what;
    size_t n, first;
} shape_tally;

enum { T_CHROME, T_FOOTER, T_META, T_JOIN, T_ROWS, T_INVISIBLE, T_SPACE, T_FOLD, T_UNDER, T_MARKDOWN,
       T_PUNCT, T_COUNT };

/* A metadata value found, and where. */
typedef struct shape_value {
    bool given;
    shape_span v;
} shape_value;

typedef struct shaper {
    const core_source *src;
    const char *text;
    const read_data *data;
    const read_shape_options *o;
    core_arena *a;   /* scratch, dropped at the end */
    core_diags *d;
    shape_line *l;
    size_t n;
    CORE_VEC(shape_span) cells;
    shape_tally tally[T_COUNT];
    shape_value meta[READ_FIELD_SUBJECT + 1];
    bool directive[READ_FIELD_SUBJECT + 1]; /* the text gives it as @-directive */
    bool wrapped;          /* hard-wrapped text (a PDF's) */
    double measure;        /* its full line width in 字 */
    bool signature;        /* add @signature: agency and date came under the title */
    shape_span titles[4];  /* every title the metadata gave (名称, 标题 …) */
    size_t ntitles;
} shaper;

bool shape_is_space(uint32_t cp);
/* The code point at s[i] (U+FFFD for a bad byte), its length in *k. */
uint32_t shape_cp(const char *s, size_t i, size_t end, size_t *k);
/* Count one change of kind `t` at `at`. */
void shape_count(shaper *s, int t, size_t at);
/* The line [ts, te) folded (core_fold, spaces away) into out. */
void shape_fold_line(const shaper *s, const shape_line *l, core_buf *out);

/* ---- shape-meta.c ---- */
/* Chrome or a footer (`near_break`: next to a page break)? */
bool shape_is_chrome(const shaper *s, const shape_line *l);
bool shape_is_footer(const shaper *s, const shape_line *l, bool near_break);
/* Metadata in line i (and maybe i+1, a label alone then its value): records
 * the values in s->meta; returns how many lines it took (0: none). */
size_t shape_meta_lines(shaper *s, size_t i);
/* A date written as 2023年1月5日, 2023-01-05, 2023/1/5 or 2023.01.05, maybe
 * in brackets, alone in [start, end): true with the three numbers. */
bool shape_date(const char *t, size_t start, size_t end, int *y, int *m, int *dd);

/* ---- shape-rows.c ---- */
/* Lines whose cells are separated by runs of spaces, in runs of at least two
 * rows holding numbers, become SK_ROW with their cells in s->cells. */
void shape_rows_recover(shaper *s);
/* A short line standing alone next to table rows — a merged cell the copy
 * left without tabs (第二十条第（一）项, 商业) — becomes a row of one cell;
 * a heading only between two rows of numbers. Iterates so that a run of such
 * lines joins its table. */
void shape_rows_absorb(shaper *s);

#endif
