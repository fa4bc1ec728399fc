/*
 * parse-imp.h: the parser's state and the steps shared by its files,
 * private to parse/.
 *
 *  parse.c           the line loop: classifies each line, builds title,
 *                    headings and paragraphs, and finishes the document
 *                    (signature, metadata).
 *  parse-number.c    heading numbers (一、 （一） 1. （1）) and their
 *                    normalisation for print, with a byte map to the source.
 *  parse-table.c     tab-separated rows → a grid with explicit spans.
 *  parse-directive.c @-directives and dates.
 *
 * Invariants: every offset is a byte offset into p->src->text; every text a
 * run holds either points into the source (map NULL) or lives in the
 * document's arena with a map of the same length. Nothing here is freed
 * one by one: all lives in the document's arena.
 */
#ifndef GONGWEN_PARSE_IMP_H
#define GONGWEN_PARSE_IMP_H

#include "parse.h"

#include <stdbool.h>

/* A stretch [start, end) of the source text. */
typedef struct parse_span {
    size_t start, end;
} parse_span;

/* One source line without its '\n', and the same with the spaces (ASCII and
 * U+3000) at both ends dropped. */
typedef struct parse_line {
    size_t start, end;
    size_t tstart, tend;
    bool has_tab;
} parse_line;

/* One gathered table row: fields[first .. first + n) of parser.fields. */
typedef struct parse_row {
    size_t first, n;
    size_t offset, end; /* the line's start and end */
} parse_row;

typedef enum parse_title_state { TITLE_WAIT, TITLE_IN, TITLE_DONE } parse_title_state;

/* A recognised heading number at the start of a line. */
typedef struct parse_number {
    int level;          /* 1..4; 0 when the line has none */
    int value;          /* the number's value: 三 → 3, （十二） → 12, 2. → 2 */
    size_t open, open_len;   /* "（" or "(" for levels 2 and 4; open_len 0: none */
    size_t num, num_end;     /* the numeral or the digits */
    size_t close, close_len; /* "、", ".", "．", "）" or ")" */
    size_t end;              /* after the spaces that follow the mark */
} parse_number;

/* What a directive or the text said about one piece of metadata. */
typedef struct parse_value {
    bool given;
    size_t start, end; /* the value as written */
} parse_value;

typedef struct parser {
    doc_document *doc;
    const core_source *src;
    const char *text;
    core_arena *a;
    core_diags *d;

    CORE_VEC(doc_block) blocks;
    CORE_VEC(doc_run) title;
    parse_title_state title_state;
    size_t title_chars; /* characters in the title so far (CORE_MAX_TITLE_CHARS) */

    /* the table being gathered: its rows and their fields */
    bool in_table;
    size_t table_offset;
    CORE_VEC(parse_span) fields;
    CORE_VEC(parse_row) rows;

    /* @table header=N waiting for the table that follows */
    bool header_pending;
    uint32_t header_rows;
    size_t header_offset;

    /* metadata from directives (the text's signature fills the gaps) */
    parse_value agency, date_text;
    doc_date date;
    const char *subject, *keywords, *layout;

    /* block indexes of the last two plain paragraphs (SIZE_MAX: none), for
     * recognising the signature at the end */
    size_t plain_prev, plain_last;
    /* @signature blocks, filled from the metadata at the end */
    CORE_VEC(size_t) sig_blocks;

    size_t errors; /* malformed directives: the parse fails at the end */
} parser;

/* ---- parse.c ------------------------------------------------------------ */

/* Is there U+3000 or ' ' at text[i]? Returns its length (0: no space). */
size_t parse_space_at(const char *text, size_t i, size_t end);
/* [start, end) without the spaces at both ends. */
parse_span parse_trim(const char *text, size_t start, size_t end);
/* A new block at the end of the document (pointers into p->blocks are
 * invalidated by the next call). */
doc_block *parse_block_add(parser *p, doc_block_kind kind, size_t offset, size_t nruns);
/* A run over the source text [start, end). */
doc_run parse_run_at(const parser *p, doc_role role, size_t start, size_t end);
/* Add one title line (as @title or from the text), split at "\\". */
void parse_title_add(parser *p, size_t start, size_t end);

/* ---- parse-number.c ------------------------------------------------------- */

/* Recognise a heading number at text[start..end). */
parse_number parse_number_at(const char *text, size_t start, size_t end);
/* The heading run for [start, hend) of the line, numbered by `n`: the
 * source itself, or its print form (in the arena, with a map) and a note
 * N-numbering when the number was written otherwise. */
doc_run parse_number_run(parser *p, const parse_number *n, size_t hend);

/* ---- parse-table.c -------------------------------------------------------- */

/* Add line `l` (holding a tab) to the table being gathered, opening one. */
core_status parse_table_row(parser *p, const parse_line *l);
/* Build the gathered table (if any) as a block and offer it to the templates. */
core_status parse_table_end(parser *p);

/* ---- parse-directive.c ---------------------------------------------------- */

/* Is the trimmed line [start, end) a directive (@ + ASCII letter)? */
bool parse_is_directive(const char *text, size_t start, size_t end);
/* Is it the directive `name` (e.g. "title")? */
bool parse_is_directive_named(const char *text, size_t start, size_t end, const char *name);
/* Carry out the directive on line `l`. Malformed ones are errors in p->d
 * (E-directive) counted in p->errors; parsing goes on. */
void parse_directive(parser *p, const parse_line *l);
/* Read "2023年1月15日" (ASCII or full-width digits) or, when `iso`,
 * "2023-01-15". Returns 1 for a valid date, -1 for the right form but no
 * such day, 0 for another form. */
int parse_date(const char *s, size_t n, bool iso, doc_date *out);
/* The run printing date `dt` given at [v.start, v.end) as "2023年1月15日". */
doc_run parse_date_run(parser *p, const doc_date *dt, parse_span v);

#endif
