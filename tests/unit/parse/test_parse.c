/* Unit tests for parse: text → document model (docs/FORMAT.md). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"

static core_diags diags;

static doc_document *parse_ok(const char *text)
{
    doc_document *doc = NULL;
    core_diags_free(&diags);
    core_status st = parse_document("t.txt", text, strlen(text), NULL, &diags, &doc);
    cr_assert_eq(st, CORE_OK, "status %d", st);
    cr_assert_not_null(doc);
    return doc;
}

static bool run_is(const doc_run *r, const char *s)
{
    return r->len == strlen(s) && memcmp(r->text, s, r->len) == 0;
}

Test(parse, smoke)
{
    doc_document *doc = parse_ok("标题\n\n一、总体情况\n\n(一) 主动公开。内容。\n\n正文\n表\t1\n");
    cr_assert_eq(doc->ntitle, 1);
    cr_assert_eq(doc->nblocks, 4);
    cr_assert(run_is(&doc->blocks[1].runs[0], "（一）主动公开。"));
    doc_document_drop(doc);
    core_diags_free(&diags);
}
