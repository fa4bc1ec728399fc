/*
 * check-imp.h: the two groups of rules of check/, private to the module.
 * check.c runs them in order; each only adds diagnostics.
 */
#ifndef GONGWEN_CHECK_IMP_H
#define GONGWEN_CHECK_IMP_H

#include "check.h"

/* 一、 二、 … in sequence; （一）（二）… restarting under each 一、. */
void check_numbering(const doc_document *doc, core_diags *d);

/* The values and relations of one templated table (template_id != NULL). */
void check_table(const doc_document *doc, const doc_table *t, const check_options *opt,
                 core_diags *d);

/* The prose's figures against the cells (check-prose.c). */
void check_prose(const doc_document *doc, const check_options *opt, core_diags *d);

/* This year's report against last year's (check-year.c). */
void check_previous(const doc_document *doc, const check_options *opt, core_diags *d);

/* The first table recognised as a form and named `name` ("表三"), or NULL
 * (check-year.c). */
const doc_table *check_form_table(const doc_document *doc, const char *name);

/* "FILE:LINE:COL" of byte `at` of doc's source, as diagnostics name it. */
void check_place(const doc_document *doc, size_t at, char *buf, size_t n);

#endif
