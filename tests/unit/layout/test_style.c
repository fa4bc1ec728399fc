/*
 * The layout file: defaults equal GB/T 9704 (§5.1 A4, §5.2.1 margins, §5.2.3
 * 22 × 28), units, and located errors for what it cannot read.
 */
#include "tl.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MM (72.0f / 25.4f)

Test(style, default_file_is_gbt9704)
{
    core_diags d = {0};
    layout_style *s = NULL;
    cr_assert_eq(layout_style_load(GONGWEN_SOURCE_DIR "/layouts/gbt9704.ini", &d, &s), CORE_OK);
    cr_assert_eq(d.n, 0);
    cr_assert_float_eq(s->page_w, 595.28, 0.01);
    cr_assert_float_eq(s->page_h, 841.89, 0.01);
    cr_assert_float_eq(s->margin_top, 37 * MM, 0.01);
    cr_assert_float_eq(s->margin_bottom, 35 * MM, 0.01);
    cr_assert_float_eq(s->margin_left, 28 * MM, 0.01);
    cr_assert_float_eq(s->margin_right, 26 * MM, 0.01);
    cr_assert_eq(s->lines, 22);
    cr_assert_eq(s->chars, 28);
    cr_assert_float_eq(s->line_pitch, 28.99, 0.01);
    cr_assert_float_eq(s->char_pitch, 15.79, 0.01);
    cr_assert_float_eq(s->indent, 2, 0.001);
    cr_assert_float_eq(s->pagenum_drop, 7 * MM, 0.01);
    cr_assert_float_eq(s->pagenum_inset, 14, 0.01, "1字 of the 14 pt page number");
    cr_assert(!s->mirror);
    cr_assert_float_eq(s->font[LAYOUT_ROLE_TITLE].size, 22, 0.001);
    cr_assert_float_eq(s->font[LAYOUT_ROLE_BODY].size, 16, 0.001);
    cr_assert_float_eq(s->font[LAYOUT_ROLE_PAGENUM].size, 14, 0.001);
    cr_assert_str_eq(s->font[LAYOUT_ROLE_BODY].families[0], "仿宋_GB2312");
    cr_assert_str_eq(s->font[LAYOUT_ROLE_H1].families[2], "FandolHei");
    cr_assert_eq(s->font[LAYOUT_ROLE_H2].nfamilies, 5);
    cr_assert_str_eq(s->font[LAYOUT_ROLE_FALLBACK].families[1], "WenQuanYi Zen Hei");
    layout_style_drop(s);
    core_diags_free(&d);
}

static char *write_tmp(const char *text)
{
    static char path[64];
    strcpy(path, "/tmp/gw-style-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

Test(style, units_and_partial_files)
{
    const char *p = write_tmp("# only what differs\n[page]\nmargin_left = 30mm # wider\n"
                              "mirror = true\n[grid]\nindent = 31.58pt\n"
                              "[pagenum]\ninset = 2字\n[font.body]\nsize = 15pt\n");
    core_diags d = {0};
    layout_style *s = NULL;
    cr_assert_eq(layout_style_load(p, &d, &s), CORE_OK);
    cr_assert_float_eq(s->margin_left, 30 * MM, 0.01);
    cr_assert(s->mirror);
    cr_assert_float_eq(s->char_pitch, (210 - 30 - 26) * MM / 28, 0.01);
    cr_assert_float_eq(s->indent, 31.58f / s->char_pitch, 0.01);
    cr_assert_float_eq(s->pagenum_inset, 28, 0.01);
    cr_assert_float_eq(s->font[LAYOUT_ROLE_BODY].size, 15, 0.001);
    cr_assert_float_eq(s->font[LAYOUT_ROLE_TITLE].size, 22, 0.001, "untouched default");
    layout_style_drop(s);
    core_diags_free(&d);
    unlink(p);
}

Test(style, errors_name_file_line_and_column)
{
    const char *p = write_tmp("[page]\nwidth = 210mm\n  margin_lft = 28mm\n[grid]\n"
                              "lines = twenty\n[font.body]\nsize = 16px\n[colour]\n");
    core_diags d = {0};
    layout_style *s = NULL;
    cr_assert_eq(layout_style_load(p, &d, &s), CORE_EINPUT);
    cr_assert_null(s);
    cr_assert_eq(d.errors, 4);
    struct { uint32_t line, col; const char *what; } want[] = {
        {3, 3, "margin_lft"}, {5, 9, "lines"}, {7, 8, "size"}, {8, 2, "colour"}};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_str_eq(d.v[i].file, p);
        cr_assert_eq(d.v[i].line, want[i].line, "error %zu at line %u", i, d.v[i].line);
        cr_assert_eq(d.v[i].col, want[i].col, "error %zu at col %u", i, d.v[i].col);
        cr_assert(strstr(d.v[i].message, want[i].what), "%s", d.v[i].message);
    }
    core_diags_free(&d);
    unlink(p);
}

Test(style, missing_file_is_an_io_error)
{
    core_diags d = {0};
    layout_style *s = NULL;
    cr_assert_eq(layout_style_load("/nonexistent/x.ini", &d, &s), CORE_EIO);
    cr_assert_null(s);
    cr_assert_eq(d.errors, 1);
    core_diags_free(&d);
}

Test(style, fonts_resolve_to_bundled_fandol)
{
    tl_setup();
    /* on a machine without the official fonts the Fandol ones serve */
    cr_assert_not_null(TL.fonts.face[LAYOUT_ROLE_BODY]);
    cr_assert_not_null(TL.fonts.face[LAYOUT_ROLE_TITLE]);
    cr_assert_gt(TL.fonts.nfallback, 0);
    cr_assert_not_null(TL.fonts.match[LAYOUT_ROLE_H1].family);
    tl_teardown();
}

/* The typography keys: their defaults keep GB/T 9704's grid; the sealed
 * layout differs in the signature only; the title terms come from the file
 * next to the layout. */
Test(style, typography_keys)
{
    core_diags d = {0};
    layout_style *s = NULL;
    cr_assert_eq(layout_style_load(GONGWEN_SOURCE_DIR "/layouts/gbt9704.ini", &d, &s), CORE_OK);
    cr_assert_float_eq(s->han_latin_gap, 0, 0.001);
    cr_assert_eq(s->widows, 1);
    cr_assert(s->mend_pages);
    cr_assert(!s->sealed);
    cr_assert_str_eq(s->level3_mark, ".");
    cr_assert_eq(s->font[LAYOUT_ROLE_LATIN].nfamilies, 0, "Latin in each role's face");
    bool found = false;
    for (size_t i = 0; i < s->ntitle_terms; i++)
        found |= strcmp(s->title_terms[i], "政府信息公开") == 0;
    cr_assert(found, "%zu terms", s->ntitle_terms);
    layout_style_drop(s);
    cr_assert_eq(layout_style_load(GONGWEN_SOURCE_DIR "/layouts/gbt9704-sealed.ini", &d, &s),
                 CORE_OK);
    cr_assert(s->sealed);
    cr_assert_gt(s->ntitle_terms, 0);
    layout_style_drop(s);

    char *p = write_tmp("[text]\nhan_latin_gap = 0.25字\nwidows = 2\nlevel3_mark = none\n"
                        "[font.latin]\nfamilies = FandolSong\n[title]\nterms = /nonexistent\n");
    cr_assert_eq(layout_style_load(p, &d, &s), CORE_EINPUT, "a missing terms file is an error");
    cr_assert(strstr(d.v[d.n - 1].message, "/nonexistent"));
    p = write_tmp("[text]\nhan_latin_gap = 0.25字\nwidows = 2\nlevel3_mark = none\n"
                  "[font.latin]\nfamilies = FandolSong\n");
    cr_assert_eq(layout_style_load(p, &d, &s), CORE_OK);
    cr_assert_float_eq(s->han_latin_gap, 0.25f * s->char_pitch, 0.01);
    cr_assert_eq(s->widows, 2);
    cr_assert_null(s->level3_mark);
    cr_assert_str_eq(s->font[LAYOUT_ROLE_LATIN].families[0], "FandolSong");
    layout_style_drop(s);
    core_diags_free(&d);
}
