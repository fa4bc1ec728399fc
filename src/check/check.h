/*
 * check: rules the document must satisfy before anything is laid out.
 * Reads the document model, never changes it; every finding is a located
 * diagnostic.
 *
 * - the numbering of headings (一、 二、 … without gaps, （一） restarting
 *   under each level-1 heading): warnings;
 * - the arithmetic of the standard statistics tables (勾稽关系): errors,
 *   each naming the table, row and column; warnings with `lenient`.
 */
#ifndef GONGWEN_CHECK_H
#define GONGWEN_CHECK_H

#include "../core/core.h"
#include "../doc/doc.h"

#include <stdbool.h>

typedef struct check_options {
    bool lenient; /* --no-check: arithmetic failures become warnings */
    bool strict;  /* --strict: the prose checks' warnings become errors */
} check_options;

/* CORE_ECHECK when an error was recorded, else CORE_OK. */
core_status check_document(const doc_document *doc, const check_options *opt,
                           core_diags *d);

#endif
