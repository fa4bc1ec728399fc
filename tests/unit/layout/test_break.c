/*
 * Line breaking and justification on the body grid (STANDARDS §3–§5;
 * GB/T 9704 §5.2.3 28 characters a line, §7.3.3 indent 2字).
 */
#include "tl.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

TestSuite(break_, .init = tl_setup, .fini = tl_teardown);

#define LEFT 79.37f
#define RIGHT 521.57f
#define MEASURE 442.20f

/* n hanzi from a fixed text, so lines are easy to count. */
static void hanzi(char *out, size_t n)
{
    static const char *h = "政府信息公开工作年度报告科技人才局持续落实积极主动取得成效";
    size_t hl = strlen(h) / 3;
    for (size_t i = 0; i < n; i++)
        memcpy(out + 3 * i, h + 3 * (i % hl), 3);
    out[3 * n] = 0;
}

static size_t lay(const char *para_fmt_before, const char *mid, const char *after_fmt,
                  size_t nbefore, size_t nafter, tl_line *lines, dl_list **dl)
{
    char a[4096], b[4096], text[9000];
    hanzi(a, nbefore);
    hanzi(b, nafter);
    snprintf(text, sizeof text, "P:%s%s%s%s%s", para_fmt_before, a, mid, b, after_fmt);
    *dl = tl_layout(tl_doc(text));
    return tl_lines(*dl, lines, 64);
}

/* Every line but the last spans the measure exactly; the first is indented. */
static void assert_justified(const tl_line *l, size_t n)
{
    float indent = 2 * TL.style->char_pitch;
    cr_assert_float_eq(l[0].x0, LEFT + indent, 0.01, "first line at %.2f", l[0].x0);
    for (size_t i = 0; i + 1 < n; i++) {
        cr_assert_float_eq(l[i].x1 < RIGHT - 1 ? l[i].x1 : fminf(l[i].x1, l[i].x1_ink > RIGHT - 8 ? RIGHT : l[i].x1), RIGHT, 0.01,
                           "line %zu ends at %.3f (ink %.3f): %s", i + 1, l[i].x1, l[i].x1_ink,
                           l[i].text);
        cr_assert_leq(l[i].x1_ink, RIGHT + 0.01, "line %zu ink past the measure: %s %.3f", i + 1, l[i].text, l[i].x1_ink);
        if (i > 0)
            cr_assert_float_eq(l[i].x0, LEFT, 0.01);
    }
}

Test(break_, full_line_holds_28_hanzi)
{
    tl_line l[64];
    dl_list *dl;
    size_t n = lay("", "", "", 26 + 28 * 3 + 5, 0, l, &dl);
    cr_assert_eq(n, 5);
    cr_assert_eq(l[0].nchars, 26, "first line (indented 2字) holds 26, has %zu", l[0].nchars);
    for (size_t i = 1; i < 4; i++)
        cr_assert_eq(l[i].nchars, 28, "line %zu holds %zu", i + 1, l[i].nchars);
    cr_assert_eq(l[4].nchars, 5);
    assert_justified(l, n);
    /* the grid: 28 characters on a 15.79 pt pitch fill 442.20 pt */
    const dl_glyphs *g = l[1].last;
    cr_assert_float_eq(g->pos[1] - g->pos[0], MEASURE / 28, 0.01);
    dl_list_drop(dl);
}

Test(break_, last_line_not_stretched)
{
    tl_line l[64];
    dl_list *dl;
    size_t n = lay("", "", "", 26 + 10, 0, l, &dl);
    cr_assert_eq(n, 2);
    const dl_glyphs *g = l[1].last;
    for (uint32_t i = 1; i < g->n; i++)
        cr_assert_float_eq(g->pos[i] - g->pos[i - 1], MEASURE / 28, 0.01);
    cr_assert_float_eq(l[1].x0, LEFT, 0.01);
    dl_list_drop(dl);
}

/* 。 would start line 2: it is set at ½ em at the end of line 1 instead. */
/* GB/T 15834 §5.1.10 with clreq's shrink order: a full stop in the 27th
 * place of the indented first line takes ½ em when a comma on the line
 * gives the other ½ em (pushing in beats pushing out). */
Test(break_, full_stop_takes_half_em_when_a_comma_gives_room)
{
    tl_line l[64];
    dl_list *dl;
    size_t n = lay("", "", "", 0, 0, l, &dl);
    dl_list_drop(dl);
    char a[256], b[256], t[1024];
    hanzi(a, 10);
    hanzi(b, 15);
    snprintf(t, sizeof t, "P:%s，%s。%s", a, b, a);
    dl = tl_layout(tl_doc(t));
    n = tl_lines(dl, l, 64);
    cr_assert_eq(n, 2);
    cr_assert_eq(l[0].nchars, 27, "%s", l[0].text);
    const dl_glyphs *g = l[0].last;
    float half = MEASURE / 28 / 2;
    /* the comma (11th) gives its right half: the next character is ½ em on */
    cr_assert_float_eq(g->pos[11] - g->pos[10], half, 0.01);
    /* the full stop's left half ends the line exactly */
    cr_assert_float_eq(g->x + g->pos[26] + half, RIGHT, 0.01);
    cr_assert_float_eq(l[0].x1_ink, RIGHT, 0.01);
    dl_list_drop(dl);
}

/* No mark on the line to give the other ½ em: the character before the full
 * stop goes to the next line with it and the line is stretched. */
Test(break_, full_stop_pushes_a_character_out_without_room)
{
    tl_line l[64];
    dl_list *dl;
    size_t n = lay("", "。", "", 26, 10, l, &dl);
    cr_assert_eq(n, 2);
    cr_assert_eq(l[0].nchars, 25, "%s", l[0].text);
    cr_assert(strncmp(l[1].text, "。", 3) != 0);
    assert_justified(l, n);
    dl_list_drop(dl);
}

/* clreq: two adjacent full-width marks take 1.5 em, the empty half between
 * their inks squeezed out (”（ 。” ）， （“), on a last line set unstretched. */
Test(break_, adjacent_marks_take_one_and_a_half_em)
{
    dl_list *dl = tl_layout(tl_doc("P:政”（信）。”公），开（“工”"));
    tl_line l[4];
    cr_assert_eq(tl_lines(dl, l, 4), 1);
    const dl_glyphs *g = l[0].last;
    float em = MEASURE / 28, half = em / 2; /* a squeezed mark keeps ½ of its place */
    cr_assert_str_eq(tl_text(g), "政”（信）。”公），开（“工”");
    float want[] = {0, em, half, em, em, half, half, em, em, half, em, em, half, em, em};
    /* origins: （ after ” ½ em; “ after （: drawn ½ em in (its left half gone) */
    for (uint32_t i = 1; i < g->n; i++)
        cr_assert_float_eq(g->pos[i] - g->pos[i - 1], want[i], 0.01, "glyph %u (%s)", i,
                           tl_text(g));
    dl_list_drop(dl);
}

/* A pair on a full line: the line still spans the measure exactly. */
Test(break_, line_with_a_pair_still_spans_the_measure)
{
    tl_line l[64];
    dl_list *dl;
    size_t n = lay("", "。”", "", 12, 60, l, &dl);
    assert_justified(l, n);
    for (size_t i = 0; i < n; i++)
        cr_assert(strncmp(l[i].text, "”", 3) != 0 && strncmp(l[i].text, "。", 3) != 0);
    dl_list_drop(dl);
}

/* 。” cannot both be squeezed in: the character before them goes along. */
Test(break_, closing_pair_takes_predecessor_along)
{
    tl_line l[64];
    dl_list *dl;
    size_t n = lay("", "。”", "", 26, 10, l, &dl);
    cr_assert_eq(n, 2);
    cr_assert_eq(l[0].nchars, 25, "%s", l[0].text);
    cr_assert(strncmp(l[1].text, "。", 3) != 0 && strncmp(l[1].text, "”", 3) != 0);
    assert_justified(l, n);
    dl_list_drop(dl);
}

/* “ in the last place of a line goes to the next line. */
Test(break_, opening_quote_never_ends_a_line)
{
    tl_line l[64];
    dl_list *dl;
    size_t n = lay("", "“", "”", 25, 10, l, &dl);
    cr_assert_eq(n, 2);
    cr_assert_eq(l[0].nchars, 25);
    cr_assert(strncmp(l[1].text, "“", 3) == 0, "%s", l[1].text);
    assert_justified(l, n);
    dl_list_drop(dl);
}

static void assert_whole(const tl_line *l, size_t n, const char *pair, const char *one)
{
    for (size_t i = 0; i < n; i++) {
        size_t tl = strlen(l[i].text), ol = strlen(one);
        cr_assert(!(tl >= ol && !strcmp(l[i].text + tl - ol, one) && i + 1 < n &&
                    !strncmp(l[i + 1].text, one, ol)),
                  "%s split over lines %zu and %zu", pair, i + 1, i + 2);
        cr_assert(strncmp(l[i].text, one, ol) != 0 || i == 0, "line %zu starts with %s", i + 1,
                  one);
    }
}

Test(break_, dash_pair_stays_whole)
{
    for (size_t k = 23; k <= 27; k++) {
        tl_line l[64];
        dl_list *dl;
        size_t n = lay("", "——", "", k, 20, l, &dl);
        assert_whole(l, n, "——", "—");
        assert_justified(l, n);
        dl_list_drop(dl);
    }
}

Test(break_, ellipsis_pair_stays_whole)
{
    for (size_t k = 23; k <= 27; k++) {
        tl_line l[64];
        dl_list *dl;
        size_t n = lay("", "……", "", k, 20, l, &dl);
        assert_whole(l, n, "……", "…");
        assert_justified(l, n);
        dl_list_drop(dl);
    }
}

Test(break_, number_stays_whole)
{
    for (size_t k = 22; k <= 26; k++) {
        tl_line l[64];
        dl_list *dl;
        size_t n = lay("", "2022年PPT", "", k, 30, l, &dl);
        for (size_t i = 0; i + 1 < n; i++) {
            size_t tl = strlen(l[i].text);
            char last = l[i].text[tl - 1], first = l[i + 1].text[0];
            cr_assert(!((last >= '0' && last <= '9') && (first >= '0' && first <= '9')),
                      "2022 split: %s / %s", l[i].text, l[i + 1].text);
            cr_assert(!((last >= 'A' && last <= 'Z') && (first >= 'A' && first <= 'Z')),
                      "PPT split");
        }
        assert_justified(l, n);
        dl_list_drop(dl);
    }
}

/* Prohibited line starts, each in the place where it would begin line 2. */
Test(break_, no_line_starts_with_a_closing_mark)
{
    static const char *marks[] = {"，", "、", "；", "：", "？", "！", "）", "》", "】",
                                  "〕", "’", "·", "～", "／", "-", "/"};
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
        tl_line l[64];
        dl_list *dl;
        size_t n = lay("", marks[m], "", 26, 12, l, &dl);
        for (size_t i = 1; i < n; i++)
            cr_assert(strncmp(l[i].text, marks[m], strlen(marks[m])) != 0,
                      "line %zu starts with %s", i + 1, marks[m]);
        assert_justified(l, n);
        dl_list_drop(dl);
    }
}

Test(break_, no_line_ends_with_an_opening_mark)
{
    static const char *marks[] = {"（", "《", "【", "〔", "‘", "“"};
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
        tl_line l[64];
        dl_list *dl;
        size_t n = lay("", marks[m], "", 25, 12, l, &dl);
        for (size_t i = 0; i + 1 < n; i++) {
            size_t tl = strlen(l[i].text), ml = strlen(marks[m]);
            cr_assert(strcmp(l[i].text + tl - ml, marks[m]) != 0, "line %zu ends with %s",
                      i + 1, marks[m]);
        }
        dl_list_drop(dl);
    }
}

/* A long Latin word with no break point is broken anyway, with a warning. */
Test(break_, unbreakable_word_breaks_with_a_warning)
{
    doc_document *doc = tl_doc(
        "P:ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ"
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    dl_list *dl = NULL;
    core_diags d = {0};
    cr_assert_eq(layout_document(doc, TL.style, &TL.fonts, &d, &dl), CORE_OK);
    cr_assert_geq(d.warnings, 1);
    cr_assert_str_eq(d.v[0].code, "W-break");
    cr_assert_eq(d.v[0].line, 1);
    cr_assert_eq(dl_count_outside(dl, 0.5f, NULL), 0);
    dl_list_drop(dl);
    core_diags_free(&d);
    doc_document_drop(doc);
}

/* clreq: a paragraph's last line never holds one character alone. */
Test(break_, no_lone_character_on_the_last_line)
{
    tl_line l[64];
    dl_list *dl;
    size_t n = lay("", "", "。", 26 + 28 + 1, 0, l, &dl);
    cr_assert_eq(n, 3);
    cr_assert_eq(l[2].nchars, 3, "last line: %s", l[2].text);
    cr_assert_eq(l[1].nchars, 27);
    assert_justified(l, n);
    dl_list_drop(dl);
}

/* GB/T 15834 §5.1.11: a lone last character is pulled in by squeezing the
 * punctuation of the line before (shrink before stretch), not left alone
 * and not pushed out with a stretched line. */
Test(break_, lone_last_character_pulled_in_by_squeezing_marks)
{
    char a[256], b[256], c[256], t[2048];
    hanzi(a, 26);
    hanzi(b, 12);
    hanzi(c, 13);
    /* line 2: 12 + ， + 13 + ， + 政 = 28 em; 。 may not start a line, so 政。
     * would be pushed out alone */
    snprintf(t, sizeof t, "P:%s%s，%s，政。", a, b, c);
    dl_list *dl = tl_layout(tl_doc(t));
    tl_line l[8];
    size_t n = tl_lines(dl, l, 8);
    cr_assert_eq(n, 2, "the last character joins line 2: %s", n > 2 ? l[2].text : "");
    cr_assert_eq(l[1].nchars, 29, "%s", l[1].text);
    cr_assert_leq(l[1].x1_ink, RIGHT + 0.01);
    /* the commas gave their empty halves */
    const dl_glyphs *g = l[1].last;
    float em = MEASURE / 28;
    for (uint32_t i = 1; i < g->n; i++)
        if (g->cp[i - 1] == 0xFF0C)
            cr_assert_lt(g->pos[i] - g->pos[i - 1], em - 1, "comma squeezed");
    dl_list_drop(dl);
}
