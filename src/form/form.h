/*
 * form: the standard tables of the annual-report forms (表二, 表三, 表四 of
 * the 2021 and 2019 forms), recognised on the document whatever reader made
 * it, between parse and check:
 *
 *   read → parse (plain grids) → form (the form's structure, merges, row and
 *   column keys, relations) → check
 *
 * The forms are data (the .tbl files of layouts/tables, README there), loaded from their
 * text by the caller: the library opens no files. A table whose labels agree
 * with a form is rebuilt with the form's structure, its numbers placed in
 * the form's cells and the author's wording kept; labels that differ are
 * warnings, numbers that cannot be placed errors.
 */
#ifndef GONGWEN_FORM_H
#define GONGWEN_FORM_H

#include "../core/core.h"
#include "../doc/doc.h"

#include <stdbool.h>

/* A set of forms: any number of templates, each added from its file's text. */
typedef struct form_set form_set;
form_set *form_set_new(void);
/* Errors in the template text go to `d` as NAME:LINE:COL (CORE_EINPUT). */
core_status form_set_add(form_set *set, const char *name, const char *text, size_t len,
                         core_diags *d);
void form_set_drop(form_set *set);

/*
 * Recognise every plain table of `doc` (template_id NULL) against `set` and
 * rebuild the ones that match, in doc's arena. An author's `@table header=N`
 * (doc_table.header_given) wins over the form's header rows. Diagnostics go
 * to `d`; CORE_EINPUT when an error was recorded (a number with no cell).
 */
core_status form_apply(const form_set *set, doc_document *doc, core_diags *d);

#endif
