/* Unit tests for core: UTF-8, the source decoder and its positions. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/core.h"

Test(core, utf8_roundtrip)
{
    uint32_t cps[] = {0x41, 0x4E2D, 0x3002, 0x20000, 0x7F};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        char b[4];
        uint32_t back = 0;
        size_t n = core_utf8_encode(cps[i], b);
        cr_assert_eq(core_utf8_decode(b, n, &back), n);
        cr_assert_eq(back, cps[i]);
    }
}

Test(core, utf8_rejects_overlong_and_surrogates)
{
    uint32_t cp;
    cr_assert_eq(core_utf8_decode("\xC0\xAF", 2, &cp), 0);
    cr_assert_eq(core_utf8_decode("\xED\xA0\x80", 3, &cp), 0);
    cr_assert_eq(core_utf8_decode("\xE4\xB8", 2, &cp), 0); /* truncated */
}

Test(core, source_strips_bom_and_crlf_keeping_positions)
{
    core_arena *a = core_arena_new();
    core_diags d = {0};
    core_source *s;
    const char in[] = "\xEF\xBB\xBF" "一、总\r\n第二行\rx";
    cr_assert_eq(core_source_new(a, "t.txt", in, sizeof in - 1, &d, &s), CORE_OK);
    cr_assert_str_eq(s->text, "一、总\n第二行\nx");
    cr_assert_eq(s->nlines, 3);
    uint32_t line, col;
    core_source_locate(s, strlen("一、总\n第二"), &line, &col);
    cr_assert_eq(line, 2);
    cr_assert_eq(col, 3);
    core_diag_at(&d, s, strlen("一、总\n第二行\n"), CORE_ERROR, "E-x", "bad");
    cr_assert_eq(d.v[0].line, 3);
    cr_assert_eq(d.v[0].col, 1);
    /* the original file offset of 'x': BOM 3 + 9 + CRLF 2 + 9 + CR 1 */
    cr_assert_eq(d.v[0].offset, 24);
    core_diags_free(&d);
    core_arena_drop(a);
}

Test(core, source_rejects_invalid_utf8_with_location)
{
    core_arena *a = core_arena_new();
    core_diags d = {0};
    core_source *s;
    const char in[] = "ab\n\xE4\xB8\xADx\xFF";
    cr_assert_eq(core_source_new(a, "t.txt", in, sizeof in - 1, &d, &s), CORE_EINPUT);
    cr_assert_null(s);
    cr_assert_eq(d.errors, 1);
    cr_assert_eq(d.v[0].line, 2);
    cr_assert_eq(d.v[0].col, 3);
    cr_assert_eq(d.v[0].offset, 7);
    core_buf b = {0};
    core_diag_format(&d.v[0], &b);
    cr_assert(strstr(b.data, "t.txt:2:3: error:") == b.data, "%s", b.data);
    core_buf_free(&b);
    core_diags_free(&d);
    core_arena_drop(a);
}

Test(core, source_rejects_nul)
{
    core_arena *a = core_arena_new();
    core_diags d = {0};
    core_source *s;
    const char in[] = "a\0b";
    cr_assert_eq(core_source_new(a, "t", in, 3, &d, &s), CORE_EINPUT);
    cr_assert_str_eq(d.v[0].code, "E-control");
    core_diags_free(&d);
    core_arena_drop(a);
}

Test(core, arena_vec_grows)
{
    core_arena *a = core_arena_new();
    CORE_VEC(int) v = {0};
    for (int i = 0; i < 1000; i++)
        core_vec_push(a, &v, i);
    cr_assert_eq(v.n, 1000);
    cr_assert_eq(v.v[999], 999);
    void *big = core_arena_alloc(a, 1 << 20);
    cr_assert_not_null(big);
    core_arena_drop(a);
}

Test(core, locate_is_exact_on_a_long_line)
{
    /* "x" + 300 000 × "字" on line 2: 20 000 places near the end of the line
     * (one W-break each on a long unbreakable line used to cost a walk from
     * the line start each: quadratic) */
    core_buf b = {0};
    core_buf_puts(&b, "ab\nx");
    for (int i = 0; i < 300000; i++)
        core_buf_puts(&b, "字");
    core_arena *a = core_arena_new();
    core_diags d = {0};
    core_source *s;
    cr_assert_eq(core_source_new(a, "t", b.data, b.len, &d, &s), CORE_OK);
    uint32_t line, col;
    for (size_t k = 0; k < 20000; k++) {
        size_t off = s->len - 3 * k - 3; /* the (300000 - k)th 字 */
        core_source_locate(s, off, &line, &col);
        cr_assert_eq(line, 2);
        cr_assert_eq(col, 300001 - k, "k %zu: col %u", k, col);
    }
    /* inside a character: the column after it, as a walk from the line
     * start gives; the end of the text: after the last character */
    core_source_locate(s, 3 + 1 + 1, &line, &col);
    cr_assert_eq(col, 3);
    core_source_locate(s, s->len, &line, &col);
    cr_assert_eq(col, 300002);
    core_source_locate(s, 2, &line, &col);
    cr_assert(line == 1 && col == 3);
    core_diags_free(&d);
    core_arena_drop(a);
    core_buf_free(&b);
}

Test(core, diagnostics_of_one_code_are_kept_up_to_the_cap)
{
    /* a million E-glyphs would hold a million messages: the ones past
     * CORE_MAX_DIAGS_PER_CODE are counted, not kept */
    core_diags d = {0};
    for (int i = 0; i < CORE_MAX_DIAGS_PER_CODE + 500; i++)
        core_diag_at(&d, NULL, 0, CORE_ERROR, "E-x", "x %d", i);
    core_diag_file(&d, "f", CORE_WARNING, "W-y", "y");
    core_diag_file(&d, "f", CORE_ERROR, "E-x", "dropped too");
    cr_assert_eq(d.n, CORE_MAX_DIAGS_PER_CODE + 1);
    cr_assert_eq(d.errors, CORE_MAX_DIAGS_PER_CODE + 501);
    cr_assert_eq(d.warnings, 1);
    cr_assert_eq(d.ncounts, 2);
    cr_assert_str_eq(d.counts[0].code, "E-x");
    cr_assert_eq(d.counts[0].kept, CORE_MAX_DIAGS_PER_CODE);
    cr_assert_eq(d.counts[0].dropped, 501);
    cr_assert_str_eq(d.v[d.n - 1].file, "f");
    core_diags_free(&d);
}

Test(core, diagnostics_move_appends_with_their_counts)
{
    core_diags a = {0}, b = {0};
    core_diag_at(&a, NULL, 0, CORE_WARNING, "W-x", "a");
    for (int i = 0; i < CORE_MAX_DIAGS_PER_CODE + 2; i++)
        core_diag_file(&b, "f", CORE_ERROR, "E-x", "b %d", i);
    core_diags c = b; /* a copy carries the counts (they are no pointer) */
    cr_assert_eq(c.counts[0].dropped, 2);
    core_diags_move(&a, &b);
    cr_assert_eq(b.n, 0);
    cr_assert_null(b.v);
    cr_assert_eq(a.n, 1 + CORE_MAX_DIAGS_PER_CODE);
    cr_assert_eq(a.errors, CORE_MAX_DIAGS_PER_CODE + 2);
    cr_assert_eq(a.warnings, 1);
    cr_assert_str_eq(a.v[1].message, "b 0");
    cr_assert_eq(a.ncounts, 2);
    cr_assert_eq(a.counts[1].dropped, 2);
    core_diags_free(&a);
}

/* Issue 13 item 9: a vector with a block of its own grows in place; its old
 * copies no longer stay in the arena (they were as much again as the
 * vector). Allocations between the pushes, and a second vector, must not
 * disturb that or the contents. */
Test(core, big_vectors_grow_in_place)
{
    core_arena *a = core_arena_new();
    CORE_VEC(uint32_t) v = {0}, w = {0};
    enum { N = 1 << 20 };
    for (uint32_t i = 0; i < N; i++) {
        core_vec_push(a, &v, i);
        if (i % 4096 == 0) {
            core_vec_push(a, &w, i);
            char *s = core_arena_strdup(a, "between");
            cr_assert_str_eq(s, "between");
        }
    }
    for (uint32_t i = 0; i < N; i++)
        cr_assert_eq(v.v[i], i);
    for (size_t i = 0; i < w.n; i++)
        cr_assert_eq(w.v[i], i * 4096);
    size_t bytes = N * sizeof(uint32_t);
    cr_assert_lt(core_arena_size(a), bytes + bytes / 4, "%zu bytes held for a %zu-byte vector",
                 core_arena_size(a), bytes);
    core_arena_drop(a);
}

/* ---- the caller's translation of messages ---------------------------------- */

static const char *to_chinese(const char *msgid)
{
    if (!strcmp(msgid, "line %u has %zu cell%s"))
        return "第 %u 行有 %zu 个单元格%.0s";
    if (!strcmp(msgid, "%s is %d"))
        return "%2$d 是 %1$s"; /* reordered: refused */
    if (!strcmp(msgid, "needs %s"))
        return "需要 %d"; /* another argument type: refused */
    if (!strcmp(msgid, "a piece"))
        return "一个片段";
    return msgid;
}

Test(core, translate_hook_formats_the_translation)
{
    core_diags d = {.translate = to_chinese};
    core_diag_at(&d, NULL, 0, CORE_ERROR, "E-x", "line %u has %zu cell%s", 3u, (size_t)2, "s");
    core_diag_at(&d, NULL, 0, CORE_ERROR, "E-x", "%s is %d", "x", 1);
    core_diag_at(&d, NULL, 0, CORE_ERROR, "E-x", "needs %s", "y");
    cr_assert_str_eq(d.v[0].message, "第 3 行有 2 个单元格");
    cr_assert_str_eq(d.v[1].message, "x is 1", "a reordered translation is not used");
    cr_assert_str_eq(d.v[2].message, "needs y", "a translation taking an int is not used");
    cr_assert_str_eq(core_tr(&d, "a piece"), "一个片段");
    core_diags_free(&d);
    cr_assert_eq(d.translate, to_chinese, "free keeps the hook");
    core_diags none = {0};
    cr_assert_str_eq(core_tr(&none, "a piece"), "a piece");
}

/* A sink's first failure is its one diagnostic, in the caller's language,
 * with the sink's code (E-font for a font's); later ones only return. */
Test(core, fail_reports_the_first_failure_once)
{
    core_diags d = {.translate = to_chinese};
    core_failure f = {&d, "r.txt", "writing: %s", "E-x", CORE_OK};
    cr_assert_eq(core_fail(&f, CORE_EPDF, "a piece"), CORE_EPDF);
    cr_assert_eq(core_fail(&f, CORE_EFONT, "line %u has %zu cell%s", 1u, (size_t)1, ""),
                 CORE_EFONT, "a later failure still returns its status");
    cr_assert_eq(f.status, CORE_EPDF);
    cr_assert_eq(d.n, 1);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.v[0].code, "E-x");
    cr_assert_str_eq(d.v[0].file, "r.txt");
    cr_assert_str_eq(d.v[0].message, "writing: 一个片段");
    core_diags_free(&d);
    core_failure g = {&d, "r.txt", "writing: %s", "E-x", CORE_OK};
    core_fail(&g, CORE_EFONT, "needs %s", "y");
    cr_assert_str_eq(d.v[0].code, "E-font");
    cr_assert_str_eq(d.v[0].message, "writing: needs y");
    core_diags_free(&d);
    core_failure quiet = {0};
    cr_assert_eq(core_fail(&quiet, CORE_EOFD, "a piece"), CORE_EOFD);
    cr_assert_eq(quiet.status, CORE_EOFD, "no list: the status only");
}

/* A library that cannot be used says what needs it and what to install, in
 * the caller's language when asked through a hook. */
Test(core, lib_that_cannot_load_says_what_to_install)
{
    static const char *const names[] = {"cos", "no_such_function_in_libm"};
    core_fn fns[2];
    core_lib none = {"libgongwen-none.so.0", "gongwen-none", "a piece", names, fns, 1, false, NULL};
    cr_assert_not(core_lib_load(&none));
    core_buf why = {0};
    core_lib_why(&none, NULL, &why);
    cr_assert_str_eq(why.data, "a piece needs libgongwen-none.so.0, which could not be loaded: "
                               "install it (on Debian, apt install gongwen-none)");
    core_buf_free(&why);
    core_diags d = {.translate = to_chinese};
    core_lib_why(&none, &d, &why);
    cr_assert(!strncmp(why.data, "一个片段 needs", strlen("一个片段 needs")), "%s", why.data);
    core_buf_free(&why);
    core_lib old = {"libm.so.6", "libc6", "a piece", names, fns, 2, false, NULL};
    cr_assert_not(core_lib_load(&old));
    core_lib_why(&old, NULL, &why);
    cr_assert(strstr(why.data, "lacks no_such_function_in_libm"), "%s", why.data);
    core_buf_free(&why);
}

Test(core, format_same_compares_arguments_not_spelling)
{
    cr_assert(core_format_same("%s: %zu%s", "%s：%zu 处%s"));
    cr_assert(core_format_same("%zu item%s", "%zu 项%.0s"));
    cr_assert(core_format_same("%.*s and 100%%", "%-8.*s 与 100%%"));
    cr_assert(core_format_same("0x%02X %d", "0x%X %i"));
    cr_assert_not(core_format_same("%s %s", "%s"));
    cr_assert_not(core_format_same("%.*s", "%s"));
    cr_assert_not(core_format_same("%zu", "%u"));
    cr_assert_not(core_format_same("%1$s", "%1$s"));
    cr_assert_not(core_format_same("%.2f", "%d"));
}

/* Columns of Chinese text: a Han character takes two cells, and a cut is
 * made between characters, never inside one. */
Test(core, cells_pad_and_cut_whole_characters)
{
    const char *s = "a报告b"; /* 1 + 2 + 2 + 1 cells */
    size_t n = strlen(s);
    cr_assert_eq(core_str_cells(s, n), 6);
    cr_assert_eq(core_cells_fit(s, n, 2, false), 1, "a, not a and half of 报");
    cr_assert_eq(core_cells_fit(s, n, 3, false), 4);
    cr_assert_eq(core_cells_fit(s, n, 9, false), n);
    cr_assert_eq(core_cells_fit(s, n, 2, true), n - 1, "b, not half of 告 and b");
    cr_assert_eq(core_cells_fit(s, n, 3, true), 4);
    cr_assert_eq(core_cells_fit(s, n, 6, true), 0);
    core_buf b = {0};
    core_buf_pad(&b, "文件", 6);
    core_buf_pad(&b, "toolong", 3);
    cr_assert_str_eq(b.data, "文件  toolong");
    core_buf_free(&b);
}
