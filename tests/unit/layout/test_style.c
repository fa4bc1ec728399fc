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
    cr_assert_eq(tl_style_load(GONGWEN_SOURCE_DIR "/layouts/gbt9704.ini", &d, &s), CORE_OK);
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
    cr_assert_eq(tl_style_load(p, &d, &s), CORE_OK);
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
    cr_assert_eq(tl_style_load(p, &d, &s), CORE_EINPUT);
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

Test(style, layout_reads_bytes_and_names_the_terms_file)
{
    /* layout opens no file (issue 12 item 5): the caller reads the layout
     * file and the terms file it names */
    static const char ini[] = "[title]\nterms = words.txt\n";
    core_diags d = {0};
    layout_style *s = NULL;
    cr_assert_eq(layout_style_parse("/some/dir/my.ini", ini, strlen(ini), &d, &s), CORE_OK);
    cr_assert_str_eq(s->title_terms_file, "/some/dir/words.txt");
    cr_assert_eq(s->ntitle_terms, 0, "nothing read yet");
    layout_style_set_terms(s, "# c\n政府信息公开 \r\n年度报告\n", 38);
    cr_assert_eq(s->ntitle_terms, 2);
    cr_assert_str_eq(s->title_terms[0], "政府信息公开");
    layout_style_drop(s);
    cr_assert_eq(tl_style_load("/nonexistent/x.ini", &d, &s), CORE_EIO);
    cr_assert_null(s);
    core_diags_free(&d);
}

/* Issue 13 items 2, 4 and 10: every length and size is range-checked, at
 * the value's line, so that no layout runs away, ends in E-pdf or a
 * libharu error, sets text off the page or overlaps characters. */
Test(style, values_a_page_cannot_hold_are_refused_at_their_line)
{
    static const struct {
        const char *ini;
        uint32_t line, col;
        const char *says;
    } cases[] = {
        {"[font.table]\nsize = 500pt\n", 2, 8, "[font.table] size"},
        {"[font.table]\nsize = 10000pt\n", 2, 8, "[font.table] size"},
        {"[font.body]\nsize = 0pt\n", 2, 8, "[font.body] size"},
        {"[font.title]\nsize = 0pt\n", 2, 8, "[font.title] size"},
        {"[font.pagenum]\nsize = 0pt\n", 2, 8, "[font.pagenum] size"},
        {"[font.body]\nsize = 10000pt\n", 2, 8, "[font.body] size"},
        {"[font.body]\nsize = 30pt\n", 2, 8, "overlap"},
        {"# x\n[page]\nwidth = 100000mm\n", 3, 9, "[page] width"},
        {"[page]\nheight = 1mm\n", 2, 10, "[page] height"},
        {"[grid]\nchars = 1\n", 2, 9, "[grid] chars"},
        {"[grid]\nlines = 500\n", 2, 9, "[grid] lines"},
        {"[grid]\nindent = 1000字\n", 2, 10, "[grid] indent"},
        {"[grid]\nline_pitch = 60pt\n", 2, 14, "[grid] line_pitch"},
        {"[page]\nmargin_left = 100mm\nmargin_right = 100mm\n", 2, 15, "no text area"},
        {"[pagenum]\ndrop = 100mm\n", 2, 8, "[pagenum] drop"},
        {"[pagenum]\ninset = 100字\n", 2, 9, "[pagenum] inset"},
        {"[table]\nsize_min = 1pt\n", 2, 12, "[table] size_min"},
        {"[table]\nrule_outer = 20pt\n", 2, 14, "[table] rule_outer"},
        {"[text]\nwidows = 50\n", 2, 10, "[text] widows"},
        /* found by fuzz_layout: the title's ascent left the text area */
        {"[grid]\nlines = 39\n", 2, 9, "[font.title] size 22.00pt is taller than the grid's line pitch"},
        {"[title]\ngap_lines = 40\n", 2, 13, "[title] gap_lines"},
        {"[font.table]\nsize = 72pt\n[page]\nmargin_left = 80mm\nmargin_right = 80mm\n"
         "[grid]\nchars = 10\n[font.body]\nsize = 5pt\n[font.h1]\nsize = 5pt\n[font.h2]\nsize = 5pt\n"
         "[font.h3]\nsize = 5pt\n[font.h4]\nsize = 5pt\n", 2, 8, "would not hold 4"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        core_diags d = {0};
        layout_style *s = NULL;
        cr_assert_eq(layout_style_parse("bad.ini", cases[i].ini, strlen(cases[i].ini), &d, &s),
                     CORE_EINPUT, "case %zu: %s", i, cases[i].ini);
        cr_assert_null(s);
        cr_assert_geq(d.errors, 1, "case %zu", i);
        cr_assert_str_eq(d.v[0].code, "E-layout");
        cr_assert_eq(d.v[0].line, cases[i].line, "case %zu: line %u: %s", i, d.v[0].line,
                     d.v[0].message);
        cr_assert_eq(d.v[0].col, cases[i].col, "case %zu: col %u: %s", i, d.v[0].col,
                     d.v[0].message);
        cr_assert(strstr(d.v[0].message, cases[i].says), "case %zu: %s", i, d.v[0].message);
        core_diags_free(&d);
    }
}

Test(style, shipped_layouts_lie_inside_the_bounds)
{
    const char *files[] = {GONGWEN_SOURCE_DIR "/layouts/gbt9704.ini",
                           GONGWEN_SOURCE_DIR "/layouts/gbt9704-sealed.ini",
                           GONGWEN_SOURCE_DIR "/layouts/gbt9704-under-title.ini"};
    for (size_t i = 0; i < 3; i++) {
        core_diags d = {0};
        layout_style *s = NULL;
        cr_assert_eq(tl_style_load(files[i], &d, &s), CORE_OK, "%s: %s", files[i],
                     d.n ? d.v[0].message : "");
        cr_assert_eq(d.n, 0);
        /* only the third sets the signature under the title */
        cr_assert_eq(s->sig_under_title, i == 2, "%s", files[i]);
        layout_style_drop(s);
        core_diags_free(&d);
    }
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
    cr_assert_eq(tl_style_load(GONGWEN_SOURCE_DIR "/layouts/gbt9704.ini", &d, &s), CORE_OK);
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
    cr_assert_eq(tl_style_load(GONGWEN_SOURCE_DIR "/layouts/gbt9704-sealed.ini", &d, &s),
                 CORE_OK);
    cr_assert(s->sealed);
    cr_assert_gt(s->ntitle_terms, 0);
    layout_style_drop(s);

    char *p = write_tmp("[text]\nhan_latin_gap = 0.25字\nwidows = 2\nlevel3_mark = none\n"
                        "[font.latin]\nfamilies = FandolSong\n[title]\nterms = /nonexistent\n");
    cr_assert_eq(tl_style_load(p, &d, &s), CORE_EINPUT, "a missing terms file is an error");
    cr_assert(strstr(d.v[d.n - 1].message, "/nonexistent"));
    cr_assert_eq(d.v[d.n - 1].line, 8, "at the terms key");
    p = write_tmp("[text]\nhan_latin_gap = 0.25字\nwidows = 2\nlevel3_mark = none\n"
                  "[font.latin]\nfamilies = FandolSong\n");
    cr_assert_eq(tl_style_load(p, &d, &s), CORE_OK);
    cr_assert_float_eq(s->han_latin_gap, 0.25f * s->char_pitch, 0.01);
    cr_assert_eq(s->widows, 2);
    cr_assert_null(s->level3_mark);
    cr_assert_str_eq(s->font[LAYOUT_ROLE_LATIN].families[0], "FandolSong");
    layout_style_drop(s);
    core_diags_free(&d);
}
