/*
 * template.h: the standard tables of the annual-report forms, private to
 * parse/. parse.c assembles every table from tab-separated rows as a plain
 * grid and then offers it here; a template that recognises the table's
 * labels rebuilds it with the form's structure and merges.
 */
#ifndef GONGWEN_PARSE_TEMPLATE_H
#define GONGWEN_PARSE_TEMPLATE_H

#include "parse.h"

#include <stdbool.h>

/*
 * If a template of `set` matches the plain-grid table *t (by its labels),
 * replace *t with a new table (in doc->arena) holding the template's
 * structure with the numbers placed, set its template_id, report labels that
 * differ from the form as warnings and numbers that cannot be placed as
 * errors in `d`. Returns true when a template matched; false leaves *t as it
 * was.
 */
bool parse_template_apply(const parse_templates *set, doc_document *doc, doc_table **t,
                          core_diags *d);

#endif
