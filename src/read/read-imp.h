/*
 * read-imp.h: what the readers of read/ share, private to read/.
 *
 *  read.c        the reader table, recognition by content, refusals
 *  decode.c      bytes in the encodings reports come in → the UTF-8 source
 *  data.c        the label lists of layouts/reader/ (metadata, chrome, footers)
 *  text.c        the plain-text reader
 *  shape*.c      lines → canonical text: what every reader's lines go through
 *  html.c, docx.c  the richer readers (their lines are whole paragraphs)
 *
 * Invariant: every source a reader makes is derived (core_source_derive)
 * from the decoded file, so each byte names its place in the user's file.
 */
#ifndef GONGWEN_READ_IMP_H
#define GONGWEN_READ_IMP_H

#include "read.h"

/*
 * Decode the file's bytes into its source: UTF-8 (with or without BOM),
 * UTF-16 with a BOM, or else `declared` (a charset a page declares; NULL
 * when none) or GB18030 — what WPS and older Windows editors save — through
 * iconv, with one note N-encoding saying what was read. Bytes that are none
 * of these are one error E-utf8 at the first bad byte. Form feeds and
 * invisible characters are let through for the shaper to handle.
 */
core_status read_decode(core_arena *a, const char *name, const char *bytes, size_t len,
                        const char *declared, core_diags *d, core_source **out);

typedef struct read_shape_options {
    /* each line is already a whole paragraph (HTML, DOCX): lines are never
     * joined, and there are no page footers to find */
    bool paragraphs;
} read_shape_options;

/*
 * Lines (one paragraph or one table row a line, or hard-wrapped text) →
 * canonical text: the metadata box and crawler headers become directives,
 * chrome and running footers are dropped, wrapped lines are joined, rows
 * separated by spaces get tabs, the title is found and set apart; each
 * change a note at its place.
 */
core_status read_shape(core_arena *a, const core_source *lines, const read_shape_options *o,
                       const read_data *data, core_diags *d, core_source **out);

/* Append s[0, n) as the text of one paragraph or cell standing for source
 * byte `at`, escaped so that canonical text reads it as text: a leading '@'
 * or '\' escaped, tabs and line ends as spaces (readers building lines). */
void read_put_text(core_text *t, const char *s, size_t n, size_t at);

#endif
