/*
 * check: rules the document must satisfy before anything is laid out.
 * Reads the document model, never changes it; every finding is a located
 * diagnostic.
 *
 * - the numbering of headings (一、 二、 … without gaps, （一） restarting
 *   under each level-1 heading): warnings;
 * - the arithmetic of the standard statistics tables (勾稽关系): errors,
 *   each naming the table, row and column; warnings with `lenient`;
 * - the figures the prose states against the tables' cells (W-prose;
 *   errors with `strict`);
 * - with `previous`, last year's carried-over figures (E-previous).
 */
#ifndef GONGWEN_CHECK_H
#define GONGWEN_CHECK_H

#include "../core/core.h"
#include "../doc/doc.h"

#include <stdbool.h>

/* The phrase table of the prose checks (layouts/prose/NAME.txt). */
typedef struct check_phrases check_phrases;
check_phrases *check_phrases_new(void);
/* One file's phrases; E-data naming the file and line when malformed. */
core_status check_phrases_add(check_phrases *s, const char *name, const char *text, size_t len,
                              core_diags *d);
void check_phrases_drop(check_phrases *s);

typedef struct check_options {
    bool lenient; /* --no-check: arithmetic failures become warnings */
    bool strict;  /* --strict: the prose checks' warnings become errors */
    const check_phrases *phrases; /* NULL: no prose checks */
    const doc_document *previous; /* --previous: last year's report, or NULL */
} check_options;

/* CORE_ECHECK when an error was recorded, else CORE_OK. */
core_status check_document(const doc_document *doc, const check_options *opt,
                           core_diags *d);

#endif
