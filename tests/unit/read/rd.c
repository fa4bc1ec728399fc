/* Helpers of the reader tests (rd.h). */
#include "rd.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static read_data *data(void)
{
    static read_data *rd;
    if (rd)
        return rd;
    rd = read_data_new();
    const char *lists[] = {"meta.txt", "chrome.txt", "footer.txt"};
    for (int i = 0; i < 3; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/layouts/reader/%s", GONGWEN_SOURCE_DIR, lists[i]);
        core_buf b = {0};
        const char *why;
        core_diags d = {0};
        cr_assert_eq(core_file_read(p, &b, &why), CORE_OK, "%s", p);
        cr_assert_eq(read_data_add(rd, p, b.data, b.len, &d), CORE_OK);
        core_buf_free(&b);
        core_diags_free(&d);
    }
    return rd;
}

rd_result rd_read(const char *name, const char *bytes, size_t len, const char *from)
{
    rd_result r = {.a = core_arena_new()};
    r.st = read_source(r.a, name, bytes, len, from, data(), &r.d, &r.src);
    return r;
}

void rd_free(rd_result *r)
{
    core_diags_free(&r->d);
    core_arena_drop(r->a);
}

const core_diag *rd_diag(const rd_result *r, const char *code)
{
    for (size_t i = 0; i < r->d.n; i++)
        if (!strcmp(r->d.v[i].code, code))
            return &r->d.v[i];
    return NULL;
}

char *rd_file(const char *rel, size_t *len)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", GONGWEN_SOURCE_DIR, rel);
    core_buf b = {0};
    const char *why;
    cr_assert_eq(core_file_read(p, &b, &why), CORE_OK, "%s", p);
    *len = b.len;
    return b.data;
}

void rd_place(const rd_result *r, const char *needle, uint32_t *line, uint32_t *col)
{
    cr_assert_not_null(r->src);
    const char *at = strstr(r->src->text, needle);
    cr_assert_not_null(at, "no «%s» in:\n%s", needle, r->src->text);
    core_source_locate(r->src, (size_t)(at - r->src->text), line, col);
}
