/* Helpers of the reader tests: read bytes with one reader into canonical
 * text, with the lists of layouts/reader loaded. */
#ifndef GONGWEN_TEST_RD_H
#define GONGWEN_TEST_RD_H

#include "read/read.h"

#include <stddef.h>

typedef struct rd_result {
    core_arena *a;
    core_diags d;
    core_source *src; /* NULL when refused */
    core_status st;
} rd_result;

/* Read `len` bytes named `name` with reader `from` (NULL: by content). */
rd_result rd_read(const char *name, const char *bytes, size_t len, const char *from);
void rd_free(rd_result *r);
/* Does a diagnostic with this code exist? Its message in *msg. */
const core_diag *rd_diag(const rd_result *r, const char *code);
/* The bytes of a file of the source tree (GONGWEN_SOURCE_DIR/rel). */
char *rd_file(const char *rel, size_t *len);
/* "FILE:LINE:COL" of the first occurrence of `needle` in the text. */
void rd_place(const rd_result *r, const char *needle, uint32_t *line, uint32_t *col);

#endif
