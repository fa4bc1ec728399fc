/*
 * refusal.h: what the unit tests of the sinks (pdf, ofd) assert of a
 * failure: it arrives as exactly one error diagnostic, about the report
 * named and with its code. Included by tests/unit/pdf/tp.c and
 * tests/unit/ofd/test_ofd.c (header only: each module's tests are one
 * executable of their own).
 */
#ifndef GONGWEN_TEST_REFUSAL_H
#define GONGWEN_TEST_REFUSAL_H

#include <criterion/criterion.h>
#include <stdio.h>

#include "core/core.h"

/* Assert that d holds one error of `code` about `file`; its message,
 * copied into a static buffer, and d freed. */
static inline const char *refusal_message(core_diags *d, const char *file, const char *code)
{
    static char msg[1024];
    cr_assert_eq(d->n, 1, "one diagnostic for one failure, got %zu", d->n);
    cr_assert_eq(d->errors, 1);
    cr_assert_eq(d->v[0].severity, CORE_ERROR);
    cr_assert_str_eq(d->v[0].code, code, "%s", d->v[0].message);
    cr_assert_str_eq(d->v[0].file, file);
    snprintf(msg, sizeof msg, "%s", d->v[0].message);
    core_diags_free(d);
    return msg;
}

#endif
