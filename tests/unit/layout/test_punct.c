/*
 * Punctuation widths (STANDARDS §4; GB/T 15834 §5.1.2, 5.1.6, 5.1.7,
 * 5.1.9): ½ 字 connectors, interpuncts and solidi, ？！ runs, and what the
 * glyph boxes of the Fandol fonts allow of them. Exact positions from the
 * display list, with the Fandol glyphs' ink: FandolFang (the body) has a
 * full-em · and ／ with the ink in the middle, a ½ em – whose ink fills it,
 * a ！ in the left half and a ？ in the middle; FandolSong (the title) has
 * its ？ in the left half.
 */
#include "tl.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

TestSuite(punct, .init = tl_setup, .fini = tl_teardown);

#define LEFT 79.37f
#define RIGHT 521.57f
#define MEASURE 442.20f
#define ZI (MEASURE / 28) /* one 字 of the body grid */
#define EM 16.0f          /* the body size: glyph boxes are 1 em */

/* A glyph as the page shows it: origin, box end and ink, pt. */
typedef struct pg {
    uint32_t cp;
    float o, box, i0, i1, size;
} pg;

/* The glyphs of line `line` (of all body lines), in order. */
static size_t glyphs_of(const dl_list *dl, size_t line, pg *out, size_t max)
{
    tl_line l[64];
    size_t nl = tl_lines(dl, l, 64), n = 0;
    cr_assert(line < nl, "no line %zu", line);
    const dl_page *p = &dl->pages[l[line].page];
    for (size_t k = 0; k < p->nops; k++) {
        const dl_glyphs *g = &p->ops[k].u.glyphs;
        if (p->ops[k].kind != DL_GLYPHS || fabsf(g->y - l[line].y) > 0.01f ||
            g->src[0] == SIZE_MAX)
            continue;
        for (uint32_t j = 0; j < g->n && n < max; j++) {
            font_glyph m;
            font_face_glyph_metrics(g->face, g->gid[j], &m);
            float o = g->x + g->pos[j];
            out[n++] = (pg){g->cp[j], o, o + m.advance * g->size, o + m.x0 * g->size,
                            o + m.x1 * g->size, g->size};
        }
    }
    return n;
}

/* The index of the first glyph `cp` from `from` on. */
static size_t find(const pg *g, size_t n, uint32_t cp, size_t from)
{
    for (size_t i = from; i < n; i++)
        if (g[i].cp == cp)
            return i;
    cr_assert_fail("U+%04X not found", cp);
    return 0;
}

static bool left_ink(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0x3002 || cp == 0x3001 || cp == 0xFF1B || cp == 0xFF1A ||
           cp == 0xFF1F || cp == 0xFF01 || cp == 0xFF09 || cp == 0x300B || cp == 0x300D ||
           cp == 0x300F || cp == 0x3011 || cp == 0x3015 || cp == 0x3009 || cp == 0x201D ||
           cp == 0x2019;
}

static bool right_ink(uint32_t cp)
{
    return cp == 0xFF08 || cp == 0x300A || cp == 0x300C || cp == 0x300E || cp == 0x3010 ||
           cp == 0x3014 || cp == 0x3008 || cp == 0x201C || cp == 0x2018;
}

/* The measuring tool's overlap rule (gbcheck): neighbours' boxes overlap by
 * ½ em at most where the left one is a left-ink mark or the right one a
 * right-ink mark, else 0.1 em; and no two inks overlap. */
static void assert_boxes_apart(const pg *g, size_t n, const char *what)
{
    for (size_t i = 0; i + 1 < n; i++) {
        float em = fminf(g[i].size, g[i + 1].size);
        float room = left_ink(g[i].cp) || right_ink(g[i + 1].cp) ? 0.5f * em : 0.1f * em;
        cr_assert_leq(g[i].box - g[i + 1].o, room + 0.03f * em,
                      "%s: boxes of glyphs %zu, %zu (U+%04X U+%04X) overlap by %.2f", what, i,
                      i + 1, g[i].cp, g[i + 1].cp, g[i].box - g[i + 1].o);
        cr_assert_leq(g[i].i1, g[i + 1].i0 + 0.01f, "%s: inks of glyphs %zu, %zu touch", what,
                      i, i + 1);
    }
}

static dl_list *one_line(const char *markup, pg *g, size_t *n)
{
    dl_list *dl = tl_layout(tl_doc(markup));
    tl_line l[4];
    cr_assert_eq(tl_lines(dl, l, 4), 1, "%s", markup);
    *n = glyphs_of(dl, 0, g, 64);
    return dl;
}

/* §5.1.9: the ASCII solidus (a ½ em glyph) takes ½ 字 between hanzi, its
 * ink centred in it. */
Test(punct, solidus_takes_half_zi)
{
    pg g[64];
    size_t n;
    dl_list *dl = one_line("P:和/或", g, &n);
    float cell = g[0].o + ZI, end = g[2].o;
    cr_assert_float_eq(end - cell, ZI / 2, 0.01, "½ 字: %.3f", end - cell);
    cr_assert_float_eq((g[1].i0 + g[1].i1) / 2, cell + ZI / 4, 0.01, "ink centred");
    assert_boxes_apart(g, n, "和/或");
    dl_list_drop(dl);
}

/* §5.1.6: the short connector's ink fills its ½ em glyph (8 pt), a hair
 * more than ½ 字 (7.90 pt): it takes its ink's width, never clipping it. */
Test(punct, short_connector_takes_half_zi_or_its_ink)
{
    pg g[64];
    size_t n;
    dl_list *dl = one_line("P:2021–2022年", g, &n);
    size_t d = find(g, n, 0x2013, 0);
    float cell = g[d - 1].box, end = g[d + 1].o; /* digits take their own advance */
    cr_assert_float_eq(end - cell, 8.0f, 0.01, "the ink's width: %.3f", end - cell);
    cr_assert_float_eq(g[d].i0, cell, 0.01);
    cr_assert_float_eq(g[d].i1, end, 0.01);
    assert_boxes_apart(g, n, "2021–2022");
    dl_list_drop(dl);
}

/* §5.1.7: a full-em interpunct beside marks' empty halves (》·《) takes ½
 * 字, its box reaching over them, its ink centred. */
Test(punct, interpunct_takes_half_zi_beside_empty_halves)
{
    static const char *m[] = {"P:《甲》·《乙》", "P:《甲》・《乙》"};
    for (size_t v = 0; v < 2; v++) {
        pg g[64];
        size_t n;
        dl_list *dl = one_line(m[v], g, &n);
        float cell = g[2].o + ZI, end = g[4].o;
        cr_assert_float_eq(end - cell, ZI / 2, 0.01, "%s: ½ 字: %.3f", m[v], end - cell);
        cr_assert_float_eq((g[3].i0 + g[3].i1) / 2, cell + ZI / 4, 0.01, "ink centred");
        assert_boxes_apart(g, n, m[v]);
        dl_list_drop(dl);
    }
}

/* Between hanzi a full-em · or ／ cannot take ½ 字 without its box reaching
 * ¼ em into each neighbour's: it takes what keeps the boxes 0.1 em apart
 * (1 em − 2 × 0.1 em + the grid's tracking = 13.01 pt), ink centred. */
Test(punct, full_em_mark_between_hanzi_keeps_the_boxes_apart)
{
    static const char *m[] = {"P:卡尔·马克思", "P:和／或"};
    static const uint32_t cp[] = {0x00B7, 0xFF0F};
    for (size_t v = 0; v < 2; v++) {
        pg g[64];
        size_t n;
        dl_list *dl = one_line(m[v], g, &n);
        size_t k = find(g, n, cp[v], 0);
        float cell = g[k - 1].o + ZI, end = g[k + 1].o;
        cr_assert_float_eq(end - cell, EM - 0.2f * EM + (EM - ZI), 0.01, "%s: %.3f", m[v],
                           end - cell);
        cr_assert_float_eq(g[k - 1].box - g[k].o, 0.1f * EM, 0.01);
        cr_assert_float_eq(g[k].box - g[k + 1].o, 0.1f * EM, 0.01);
        cr_assert_leq(fabsf((g[k].i0 + g[k].i1) / 2 - (cell + end) / 2), 0.25f, "ink centred");
        assert_boxes_apart(g, n, m[v]);
        dl_list_drop(dl);
    }
}

/* The cell of the run of marks at g[k..k+len) on a line: from the end of
 * the grid cell before it to the glyph after it. */
static float run_cell(const pg *g, size_t k, size_t len)
{
    return g[k + len].o - (g[k - 1].o + ZI);
}

/* §5.1.2: !!, ?! take 1 字, each mark ½ (FandolFang's ！ is left, its ？
 * centred), ??? 2 字; the inks whole and apart. */
Test(punct, question_and_exclamation_runs)
{
    static const struct {
        const char *m;
        size_t len;
        float zi;
    } c[] = {{"P:答！！问", 2, 1}, {"P:答？！问", 2, 1}, {"P:答？？？问", 3, 2}};
    for (size_t v = 0; v < 3; v++) {
        pg g[64];
        size_t n;
        dl_list *dl = one_line(c[v].m, g, &n);
        float cell = run_cell(g, 1, c[v].len);
        cr_assert_float_eq(cell, c[v].zi * ZI, 0.01, "%s: %.3f", c[v].m, cell);
        for (size_t i = 1; i <= c[v].len; i++) {
            cr_assert_geq(g[i].i0, g[0].o + ZI - 0.01f, "%s: ink before the cell", c[v].m);
            cr_assert_leq(g[i].i1, g[0].o + ZI + cell + 0.01f, "%s: ink past the cell", c[v].m);
        }
        assert_boxes_apart(g, n, c[v].m);
        dl_list_drop(dl);
    }
    /* !! each ½ 字: the second mark's glyph ½ 字 after the first's */
    pg g[64];
    size_t n;
    dl_list *dl = one_line("P:答！！问", g, &n);
    cr_assert_float_eq(g[2].o - g[1].o, ZI / 2, 0.01);
    dl_list_drop(dl);
}

/* FandolFang's ？ is centred: two in 1 字 would push the second's ink into
 * the next character or their boxes ½ em into each other's, so ?? takes
 * what keeps the ink whole and the boxes within the rules (1.09 字). */
Test(punct, centred_question_marks_keep_their_ink)
{
    pg g[64];
    size_t n;
    dl_list *dl = one_line("P:答？？问", g, &n);
    float cell = run_cell(g, 1, 2);
    cr_assert_gt(cell, ZI);
    cr_assert_lt(cell, 1.1f * ZI, "%.3f", cell);
    cr_assert_leq(g[2].i1, g[3].o + 0.01f, "ink within the pair's cell");
    assert_boxes_apart(g, n, "答？？问");
    dl_list_drop(dl);
}

/* FandolSong's ？ sits left: in a title (22 pt, 1 字 = 22 pt) ?? is 1 字 to
 * the point, each mark ½. */
Test(punct, left_question_marks_take_one_zi)
{
    dl_list *dl = tl_layout(tl_doc("T:问？？答\nP:正文。"));
    const dl_glyphs *t = NULL;
    for (size_t k = 0; k < dl->pages[0].nops && !t; k++)
        if (dl->pages[0].ops[k].kind == DL_GLYPHS && dl->pages[0].ops[k].u.glyphs.size > 20)
            t = &dl->pages[0].ops[k].u.glyphs;
    cr_assert(t && t->n == 4, "the title");
    cr_assert_float_eq(t->pos[3] - t->pos[0], 2 * 22.0f, 0.01, "问 + ?? = 2 字");
    cr_assert_float_eq(t->pos[2] - t->pos[1], 11.0f, 0.01, "each ½");
    dl_list_drop(dl);
}

/* Lay out "P:" + `lead` hanzi + `mid`; the line holding `cp`. */
static dl_list *line_with(size_t lead, const char *mid, uint32_t cp, pg *g, size_t *n,
                          size_t *line)
{
    static const char *h = "政府信息公开工作年度报告科技人才局持续落实积极主动取得成效";
    char t[4096] = "P:";
    for (size_t i = 0; i < lead; i++)
        strncat(t, h + 3 * (i % 28), 3);
    strcat(t, mid);
    dl_list *dl = tl_layout(tl_doc(t));
    tl_line l[64];
    size_t nl = tl_lines(dl, l, 64);
    for (*line = 0; *line < nl; (*line)++) {
        *n = glyphs_of(dl, *line, g, 64);
        for (size_t i = 0; i < *n; i++)
            if (g[i].cp == cp)
                return dl;
    }
    cr_assert_fail("U+%04X not laid out", cp);
    return dl;
}

/* STANDARDS §4: a stretched line puts no space beside a connector or a
 * solidus (nor an interpunct): the glyphs around it keep their places as on
 * an unstretched line, while the other gaps open. A Latin word too long for
 * the rest of line 1 leaves it short, so it is stretched. */
Test(punct, no_stretch_beside_connectors)
{
    static const struct {
        const char *mid;
        uint32_t cp;
    } c[] = {{"和／或ABCDEFGHIJKLMNOPQRSTUVWX", 0xFF0F},
             {"和/或ABCDEFGHIJKLMNOPQRSTUVWX", '/'},
             {"卡尔·马克思ABCDEFGHIJKLMNOPQRSTUVWX", 0x00B7},
             {"第5–8条ABCDEFGHIJKLMNOPQRSTUVWX", 0x2013}};
    for (size_t v = 0; v < 4; v++) {
        pg g[64], h[64];
        size_t n, m, line, line0;
        dl_list *dl = line_with(14, c[v].mid, c[v].cp, g, &n, &line);
        dl_list *nat = line_with(0, c[v].mid, c[v].cp, h, &m, &line0);
        cr_assert_eq(line, 0);
        size_t k = find(g, n, c[v].cp, 0), j = find(h, m, c[v].cp, 0);
        cr_assert_gt(g[1].o - g[0].o, ZI + 0.5f, "%s: line 1 is stretched", c[v].mid);
        cr_assert_float_eq(g[k].o - g[k - 1].o, h[j].o - h[j - 1].o, 0.01, "%s: before",
                           c[v].mid);
        cr_assert_float_eq(g[k + 1].o - g[k].o, h[j + 1].o - h[j].o, 0.01, "%s: after",
                           c[v].mid);
        dl_list_drop(dl);
        dl_list_drop(nat);
    }
}

/* The end of a line's last grid cell is the measure's: a character's cell,
 * a left-ink mark's cell less what of its right half it gave up, a narrow
 * mark's cell (its ink ends within ½ 字 of it). */
static void assert_spans(const pg *g, size_t n, const char *text)
{
    const pg *z = &g[n - 1];
    float ink = 0;
    for (size_t i = 0; i < n; i++)
        ink = fmaxf(ink, g[i].i1);
    cr_assert_leq(ink, RIGHT + 0.01f, "ink past the measure: %s", text);
    bool run = n > 1 && (g[n - 2].cp == 0xFF1F || g[n - 2].cp == 0xFF01);
    if (z->cp >= 0x3400 && z->cp <= 0x9FFF)
        cr_assert_float_eq(z->o + ZI, RIGHT, 0.01, "ends %.3f: %s", z->o + ZI, text);
    else if (z->box - z->o < 12)
        cr_assert_float_eq(z->box, RIGHT, 0.01, "ends %.3f: %s", z->box, text);
    else if (left_ink(z->cp) && !run) /* gives up to its right half to fit */
        cr_assert(z->o + ZI / 2 <= RIGHT + 0.01f && z->o + ZI >= RIGHT - 0.01f,
                  "ends %.3f: %s", z->o + ZI / 2, text);
    else
        cr_assert_geq(ink, RIGHT - ZI / 2, "ends short: %s", text);
}

/* Every full line of a paragraph dense with these marks still spans the
 * measure exactly (442.20 pt), starting where it should, and no boxes
 * overlap beyond the measuring tool's rule, whatever falls at the ends of
 * lines (the paragraph starts 0–9 characters later). */
Test(punct, full_lines_span_the_measure)
{
    static const char *p =
        "全年新增开放数据集86个，涵盖交通·出行、教育·文化等12个主题，2021–2022年度累计"
        "开放1,486项；数据接口按“申请／审核／开通”三步办理，平均用时由5天缩短至2～3天。"
        "对群众提出的“数据从哪里来？？”“能不能放心用？！”等疑问，均逐一答复；对“为什么"
        "不予公开！？”“还要等多久？？？”等质疑，均依法说明理由。市民卡・社保卡、医保/社保"
        "“一网办”等服务，卡尔·马克思和／或弗里德里希·恩格斯的著作，第3–5条和第7／8款。";
    for (size_t lead = 0; lead < 10; lead++) {
        char t[8192] = "P:";
        for (size_t i = 0; i < lead; i++)
            strcat(t, "政");
        strcat(t, p);
        dl_list *dl = tl_layout(tl_doc(t));
        tl_line l[64];
        size_t nl = tl_lines(dl, l, 64);
        cr_assert_geq(nl, 4);
        for (size_t i = 0; i < nl; i++) {
            pg g[64];
            size_t n = glyphs_of(dl, i, g, 64);
            cr_assert_float_eq(g[0].o - (i ? 0 : 2 * ZI), LEFT, 0.01,
                               "line %zu starts at %.3f: %s", i + 1, g[0].o, l[i].text);
            assert_boxes_apart(g, n, l[i].text);
            if (i + 1 < nl)
                assert_spans(g, n, l[i].text);
        }
        dl_list_drop(dl);
    }
}

/* A run ending a line: !! in the last grid cell of line 1, each mark ½ 字,
 * the ink inside the measure and the next line whole. */
Test(punct, run_ends_a_line)
{
    pg g[64];
    size_t n, line;
    dl_list *dl = line_with(25, "！！政府信息公开", 0xFF01, g, &n, &line);
    cr_assert_eq(line, 0);
    cr_assert_eq(g[n - 1].cp, 0xFF01, "the line ends with the run");
    cr_assert_float_eq(g[n - 1].o - g[n - 2].o, ZI / 2, 0.01);
    cr_assert_leq(fabsf(g[n - 2].o - (g[n - 3].o + ZI)), 0.1f, "the run starts its cell");
    assert_spans(g, n, "…！！");
    assert_boxes_apart(g, n, "…！！");
    dl_list_drop(dl);
}

/* A full-em interpunct never ends a line (its box would cross the measure)
 * nor starts one (GB/T 15834 §5.1.7), wherever it falls. */
Test(punct, interpunct_neither_ends_nor_starts_a_line)
{
    for (size_t lead = 20; lead <= 28; lead++) {
        pg g[64];
        size_t n, line;
        dl_list *dl = line_with(lead, "尔·马克思和政府信息公开工作", 0x00B7, g, &n, &line);
        tl_line l[8];
        size_t nl = tl_lines(dl, l, 8);
        for (size_t i = 0; i < nl; i++) {
            size_t len = strlen(l[i].text);
            cr_assert(strncmp(l[i].text, "·", 2) != 0, "line %zu starts with ·", i + 1);
            cr_assert(len < 2 || strcmp(l[i].text + len - 2, "·") != 0, "line %zu ends with ·: %s",
                      i + 1, l[i].text);
            n = glyphs_of(dl, i, g, 64);
            assert_boxes_apart(g, n, l[i].text);
            if (i + 1 < nl)
                assert_spans(g, n, l[i].text);
        }
        dl_list_drop(dl);
    }
}
