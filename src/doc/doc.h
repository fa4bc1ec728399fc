/*
 * doc: the document model, what a report says, with no notion of pages.
 *
 * A doc_document is a title, metadata and a flat list of blocks (headings,
 * paragraphs, tables, breaks). Every piece of text remembers the byte offset
 * in the source it came from, so that any later stage can name LINE:COLUMN.
 * Text is UTF-8; it points either into the source or into the document's
 * arena (when the parser normalised it, e.g. "(一) " set as "（一）").
 *
 * The document owns its arena and the source; doc_document_drop frees all.
 * Later stages may point into it, never the reverse.
 */
#ifndef GONGWEN_DOC_H
#define GONGWEN_DOC_H

#include "../core/core.h"

#include <stdbool.h>

/* The typographic role of a piece of text: decides its font and size. */
typedef enum doc_role {
    DOC_ROLE_BODY,
    DOC_ROLE_TITLE,
    DOC_ROLE_H1,      /* 一、 黑体 */
    DOC_ROLE_H2,      /* （一） 楷体 */
    DOC_ROLE_H3,      /* 1. 仿宋 */
    DOC_ROLE_H4,      /* （1） 仿宋 */
    DOC_ROLE_TABLE,
    DOC_ROLE_COUNT
} doc_role;

/* A stretch of text in one role. `offset` is the source byte offset of
 * text[0]; when text was normalised, `map` (if not NULL) gives for each byte
 * of text the source offset it stands for, so that positions stay exact.
 * Text that is not in the source (a label added from the form) is
 * `generated`: every byte of it stands for `offset` (no map, which cost
 * 8 bytes a byte of every such label). */
typedef struct doc_run {
    doc_role role;
    const char *text;
    size_t len;
    size_t offset;
    const size_t *map;
    bool generated;
    bool break_before; /* a forced line break before this run (title) */
} doc_run;

typedef enum doc_align { DOC_ALIGN_AUTO, DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT } doc_align;

/* What a cell of a standard table must hold, set by the table template
 * (form/) and read by check/; a plain grid leaves every cell
 * DOC_VALUE_NONE. An empty number cell counts as 0. */
typedef enum doc_value_kind {
    DOC_VALUE_NONE,   /* a label, or any cell of a plain grid */
    DOC_VALUE_COUNT,  /* a non-negative whole number (件, 项) */
    DOC_VALUE_DELTA,  /* a whole number that may be negative (2019 本年增/减) */
    DOC_VALUE_AMOUNT  /* a non-negative decimal, e.g. 万元; may carry 元/万元 */
} doc_value_kind;

/* A grid position of a table (0-based), naming the cell that covers it. */
typedef struct doc_cell_ref {
    uint32_t row, col;
} doc_cell_ref;

/* One relation (勾稽关系) of a standard table, instantiated for one row or
 * column: the number cells of lhs must add up to those of rhs. The texts are
 * for messages: place "列「自然人」", sides "一 + 二" and "三（七）+ 四". */
typedef struct doc_table_rule {
    const char *place;
    const char *lhs_text, *rhs_text;
    const doc_cell_ref *lhs, *rhs;
    size_t nlhs, nrhs;
} doc_table_rule;

/* A number cell's value, decided once where the form rebuilds the table
 * (doc/doc-number.c, called by parse/template-build.c); check/, data and the prose checks only read it.
 * Exact: millionths in a signed __int128 (up to 18 integer digits and 6
 * decimals, so any sum of a table's cells stays exact). */
typedef __int128 doc_fixed;
#define DOC_FIXED_ONE 1000000
#define DOC_FIXED_INT_DIGITS 18

typedef enum doc_num_state {
    DOC_NUM_EMPTY, /* nothing written: counts as 0 */
    DOC_NUM_OK,    /* q holds the value */
    DOC_NUM_BAD,   /* not a value of the cell's kind; `reason` says why */
    DOC_NUM_LONG   /* a number past DOC_FIXED_INT_DIGITS digits: not exact */
} doc_num_state;

typedef enum doc_unit { DOC_UNIT_NONE, DOC_UNIT_YUAN, DOC_UNIT_WANYUAN } doc_unit;

typedef struct doc_number {
    doc_num_state state;
    doc_fixed q;          /* DOC_NUM_OK: the value in millionths of `unit` */
    doc_unit unit;        /* as written in the cell, else the form's (表二 收费: 万元) */
    const char *reason;   /* DOC_NUM_BAD: "cannot be negative", ... */
    const char *digits;   /* DOC_NUM_OK: the number as read ("12"), for messages */
    const char *rest;     /* DOC_NUM_OK: what followed it ("", "元", "（其中3件）") */
    bool wide;            /* full-width digits were read as ASCII */
} doc_number;

/* One cell of a table: the cell at (row, col) spanning rowspan × colspan
 * grid positions. Covered positions have no cell of their own. */
typedef struct doc_cell {
    uint32_t row, col, rowspan, colspan;
    doc_run text;        /* role DOC_ROLE_TABLE; may be empty */
    doc_align align;
    bool header;         /* in the table's header rows */
    doc_value_kind value; /* what the cell must hold (templates only) */
    /* number cells of a standard table only (value != DOC_VALUE_NONE): */
    doc_number num;
    const char *row_key;  /* the form's row key, "三.二"; NULL when it has none */
    const char *col_key;  /* the form's column key, "自然人"; NULL when none or the
                             cell spans several keyed columns (表二 行政许可) */
} doc_cell;

typedef struct doc_table {
    uint32_t nrows, ncols;
    uint32_t header_rows;    /* repeated after a page break */
    uint32_t header_given;   /* the author's @table header=N (0: none); it wins over a form's */
    size_t header_at;        /* where that directive stands */
    doc_cell *cells;         /* row-major by (row, col) of their top-left */
    size_t ncells;
    const char *template_id; /* the form id, "2021-二" etc., when a template
                                matched, else NULL */
    size_t offset;           /* source offset of the table's first line */
    /* set with template_id, else NULL/0: */
    const char *name;              /* how messages name it: "表三" */
    const doc_table_rule *rules;   /* relations for check/, in doc's arena */
    size_t nrules;
} doc_table;

typedef enum doc_block_kind {
    DOC_BLOCK_HEADING,   /* level 1..4; runs hold the heading and, run in, the
                            rest of its paragraph in the body role */
    DOC_BLOCK_PARAGRAPH,
    DOC_BLOCK_TABLE,
    DOC_BLOCK_PAGEBREAK, /* @pagebreak */
    DOC_BLOCK_SIGNATURE  /* agency and date at the end (runs: agency, date) */
} doc_block_kind;

typedef struct doc_block {
    doc_block_kind kind;
    int level;            /* headings: 1..4; else 0 */
    int number;           /* headings: the value of its number (三、 → 3), as
                             the parser read it */
    bool run_in;          /* heading whose paragraph goes on after it */
    doc_run *runs;
    size_t nruns;
    doc_table *table;     /* DOC_BLOCK_TABLE */
    size_t offset;        /* source offset where the block starts */
} doc_block;

/* A calendar date; all zero when unknown. */
typedef struct doc_date {
    int year, month, day;
    size_t offset; /* where it was given */
} doc_date;

typedef struct doc_meta {
    const char *title;     /* the title lines joined, for PDF metadata */
    const char *agency;    /* 发文机关 / author; NULL when not known */
    const char *subject;
    const char *keywords;
    const char *layout;    /* @layout: a name in layouts/ or a path; NULL = default */
    doc_date date;         /* 成文日期 */
    int year;              /* the year the report is about (its title's 2023年), 0 unknown */
    bool annual_report;    /* the title names a 政府信息公开工作年度报告 */
} doc_meta;

typedef struct doc_document {
    core_arena *arena;
    const core_source *src;
    doc_meta meta;
    doc_run *title;        /* title lines; break_before marks forced breaks */
    size_t ntitle;
    doc_block *blocks;
    size_t nblocks;
} doc_document;

/* A new empty document over `src`, which must live in `arena`; the document
 * takes the arena and drops it in doc_document_drop. */
doc_document *doc_document_new(core_arena *arena, const core_source *src);
void doc_document_drop(doc_document *doc);

/* The source offset that byte `i` of run `r` stands for. */
size_t doc_run_offset(const doc_run *r, size_t i);
/* The source offset just after run `r`'s last character, for a diagnostic's
 * span; r's own offset (no span) when the run was made by gongwen. */
size_t doc_run_end(const doc_run *r);

/* Make the first n rows the table's header rows (repeated after a page
 * break); n <= t->nrows. */
void doc_table_set_header(doc_table *t, uint32_t n);

/* The value of a number cell of kind `kind` written as `text` (strings in
 * `a`); an amount without a unit of its own takes `form_unit`. Never
 * reports: check/ judges the result (doc-number.c). */
doc_number doc_number_read(core_arena *a, const doc_run *text, doc_value_kind kind,
                           doc_unit form_unit);
/* s[0..n) ("-12.5") in millionths; false past DOC_FIXED_INT_DIGITS integer
 * digits or with non-zero decimals past the sixth (*out then unchanged). */
bool doc_fixed_parse(const char *s, size_t n, doc_fixed *out);

/* q as a decimal ("-12.5", "26"): the integer part, then the decimals with
 * their trailing zeros dropped; truncated to n bytes. */
void doc_fixed_format(doc_fixed q, char *buf, size_t n);

/* The cell whose span covers grid position (row, col), or NULL. */
const doc_cell *doc_table_cell_at(const doc_table *t, uint32_t row, uint32_t col);

/* Short names for traces and messages: "heading", "paragraph", ... */
const char *doc_block_kind_name(doc_block_kind k);
const char *doc_role_name(doc_role r);

#endif
