/*
 * Chinese typography beyond line breaking: the signature's placements and
 * date (GB/T 9704 §7.3.5), numbering marks (§7.3.3), titles (§7.3.1), keeping
 * things together (clreq orphans and widows), the Han–Latin gap (clreq mixed
 * text). Exact positions from the display list.
 */
#include "tl.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

TestSuite(typo, .init = tl_setup, .fini = tl_teardown);

#define TOP 737.01f
#define LEFT 79.37f
#define RIGHT 521.57f
#define PITCH (637.80f / 22)

static float grid_baseline(int i, float size)
{
    return TOP - (float)i * PITCH - (PITCH - size) / 2 - 0.88f * size;
}

static char text[65536];

/* A paragraph of n full lines of hanzi (26 on its indented first line). */
static void para(char *out, size_t cap, size_t nlines)
{
    static const char *h = "政府信息公开工作年度报告科技人才局持续落实积极主动取得成效";
    size_t n = 26 + 28 * (nlines - 1), hl = strlen(h) / 3, len = strlen(out);
    for (size_t i = 0; i < n && len + 4 < cap; i++, len += 3)
        memcpy(out + len, h + 3 * (i % hl), 3);
    out[len] = 0;
}

/* Lay out keeping the diagnostics (tl_layout drops them). */
static dl_list *lay_diags(const char *markup, core_diags *d)
{
    doc_document *doc = tl_doc(markup);
    dl_list *dl = NULL;
    cr_assert_eq(layout_document(doc, TL.style, &TL.fonts, d, &dl), CORE_OK);
    doc_document_drop(doc);
    return dl;
}

static const core_diag *find_diag(const core_diags *d, const char *code)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0)
            return &d->v[i];
    return NULL;
}

/* §7.3.5.1: sealed, the date ends 4字 from the right edge, the agency is
 * centred over it, and two empty lines under the body hold the seal's top
 * (within one line of the text). */
Test(typo, sealed_signature_date_right_four_agency_centred)
{
    TL.style->sealed = true;
    dl_list *dl = tl_layout(tl_doc("P:特此说明。\nS:郑东新区科技人才局|2023年1月20日"));
    tl_line l[8];
    cr_assert_eq(tl_lines(dl, l, 8), 3);
    float ch = TL.style->char_pitch;
    cr_assert_float_eq(l[1].y, grid_baseline(3, 16), 0.01, "two empty lines for the seal");
    cr_assert_float_eq(l[2].y, grid_baseline(4, 16), 0.01);
    cr_assert_float_eq(l[2].x1, RIGHT - 4 * ch, 0.01, "date right 4字: %.2f", l[2].x1);
    cr_assert_float_eq((l[1].x0 + l[1].x1) / 2, (l[2].x0 + l[2].x1) / 2, 0.01,
                       "agency centred over the date");
    dl_list_drop(dl);
}

/* An agency too long to centre over a date right 4字 ends at the right edge;
 * the date moves left and stays under its centre. */
Test(typo, sealed_long_agency_keeps_the_centre)
{
    TL.style->sealed = true;
    dl_list *dl = tl_layout(tl_doc("P:特此说明。\nS:郑州市郑东新区管理委员会办公室|2024年1月15日"));
    tl_line l[8];
    cr_assert_eq(tl_lines(dl, l, 8), 3);
    cr_assert_float_eq(l[1].x1, RIGHT, 0.01, "agency ends at the edge: %.2f", l[1].x1);
    cr_assert_float_eq((l[1].x0 + l[1].x1) / 2, (l[2].x0 + l[2].x1) / 2, 0.01);
    dl_list_drop(dl);
}

/* Issue 13 item 3: an agency longer than a line was set as one unbroken
 * line past the text area's edge (30 characters) and the paper's (40). It
 * is broken over lines (GB/T 9704 §7.3.5: an agency's name may take two),
 * right-aligned 2字 from the edge, the date under the last. tl_layout
 * asserts that no glyph leaves the text area. */
Test(typo, long_agency_is_broken_over_lines_inside_the_area)
{
    static const char *const sig[] = {
        "P:特此说明。\nS:郑州市郑东新区管理委员会科技人才局政府信息公开工作领导小组办|2024年1月15日",
        "P:特此说明。\nS:中华人民共和国某某省某某市某某区人民政府办公室某某科技人才局信息公开工作领导小组|2024年1月15日"};
    for (int sealed = 0; sealed < 2; sealed++)
        for (size_t k = 0; k < 2; k++) {
            TL.style->sealed = sealed;
            dl_list *dl = tl_layout(tl_doc(sig[k]));
            tl_line l[8];
            size_t n = tl_lines(dl, l, 8);
            cr_assert_eq(n, 4, "body, two agency lines, the date: %zu", n);
            float right = RIGHT - (sealed ? 0 : 2 * TL.style->char_pitch);
            cr_assert_float_eq(l[1].x1, right, 0.01, "first agency line right: %.2f", l[1].x1);
            cr_assert_float_eq(l[2].x1, right, 0.01);
            cr_assert_str_eq(l[3].text, "2024年1月15日");
            cr_assert_leq(l[3].x1, RIGHT + 0.01);
            dl_list_drop(dl);
        }
}

/* §7.3.5.2 stays the default: one empty line, agency right 2字. */
Test(typo, unsealed_is_the_default)
{
    cr_assert(!TL.style->sealed);
    dl_list *dl = tl_layout(tl_doc("P:特此说明。\nS:郑东新区科技人才局|2023年1月20日"));
    tl_line l[8];
    cr_assert_eq(tl_lines(dl, l, 8), 3);
    cr_assert_float_eq(l[1].y, grid_baseline(2, 16), 0.01);
    cr_assert_float_eq(l[1].x1, RIGHT - 2 * TL.style->char_pitch, 0.01);
    dl_list_drop(dl);
}

/* §7.3.5: 成文日期 without leading zeros; the source keeps what it says and
 * the change is a note at the date. */
Test(typo, date_printed_without_leading_zeros)
{
    core_diags d = {0};
    dl_list *dl = lay_diags("P:特此说明。\nS:郑东新区科技人才局|2023年01月05日", &d);
    tl_line l[8];
    cr_assert_eq(tl_lines(dl, l, 8), 3);
    cr_assert_str_eq(l[2].text, "2023年1月5日");
    const core_diag *n = find_diag(&d, "N-date");
    cr_assert(n, "a note says the date changed");
    cr_assert_eq(n->severity, CORE_NOTE);
    cr_assert(strstr(n->message, "2023年01月05日") && strstr(n->message, "2023年1月5日"));
    /* every printed character still names a source place inside the date */
    const dl_glyphs *g = l[2].last;
    for (uint32_t i = 0; i < g->n; i++)
        cr_assert(g->src[i] != SIZE_MAX);
    core_diags_free(&d);
    dl_list_drop(dl);
}

/* §7.3.3: a level-3 number prints with the layout's mark ("1."). */
Test(typo, level3_mark_from_the_layout)
{
    core_diags d = {0};
    dl_list *dl = lay_diags("H3:1．属于国家秘密\nP:2、属于商业秘密的。\nP:12.5万元用于建设。", &d);
    tl_line l[8];
    cr_assert_eq(tl_lines(dl, l, 8), 3);
    cr_assert_str_eq(l[0].text, "1.属于国家秘密");
    cr_assert_str_eq(l[1].text, "2.属于商业秘密的。");
    cr_assert_str_eq(l[2].text, "12.5万元用于建设。", "a decimal is no number mark");
    size_t notes = 0;
    for (size_t i = 0; i < d.n; i++)
        notes += strcmp(d.v[i].code, "N-numbering") == 0;
    cr_assert_eq(notes, 2);
    core_diags_free(&d);
    dl_list_drop(dl);

    TL.style->level3_mark = "\xEF\xBC\x8E"; /* ． */
    dl = tl_layout(tl_doc("H3:1.属于国家秘密"));
    cr_assert_eq(tl_lines(dl, l, 8), 1);
    cr_assert_str_eq(l[0].text, "1．属于国家秘密");
    dl_list_drop(dl);
}

/* §7.3.1: a title never splits a word (the terms list, the agency, the
 * year), and is 上短下长 when its lines differ. */
Test(typo, title_breaks_at_word_edges_short_over_long)
{
    dl_list *dl = tl_layout(tl_doc("T:关于印发郑州市郑东新区管理委员会办公室2023年度政府信息公开"
                                   "工作年度报告的通知\nP:正文。"));
    tl_line l[8];
    size_t n = tl_lines(dl, l, 8);
    cr_assert_geq(n, 3);
    size_t nt = 0;
    while (nt < n && l[nt].size > 20)
        nt++;
    cr_assert(nt >= 2 && nt <= 3, "%zu title lines", nt);
    static const char *terms[] = {"政府信息公开", "年度报告", "管理委员会", "办公室", "2023年"};
    for (size_t i = 0; i + 1 < nt; i++) {
        char both[1100];
        snprintf(both, sizeof both, "%s|%s", l[i].text, l[i + 1].text);
        for (size_t t = 0; t < sizeof terms / sizeof *terms; t++) {
            const char *hit = strstr(both, terms[t]);
            cr_assert(!hit || strstr(l[i].text, terms[t]) || strstr(l[i + 1].text, terms[t]) ||
                          !strstr(both, terms[t]),
                      "split: %s", both);
        }
        /* a term runs across the | only when it was split */
        for (size_t t = 0; t < sizeof terms / sizeof *terms; t++) {
            size_t tl = strlen(terms[t]);
            for (size_t k = 3; k < tl; k += 3) {
                char probe[64];
                snprintf(probe, sizeof probe, "%.*s|%s", (int)k, terms[t], terms[t] + k);
                cr_assert(!strstr(both, probe), "term %s split: %s", terms[t], both);
            }
        }
        cr_assert_leq(l[i].x1 - l[i].x0, l[i + 1].x1 - l[i + 1].x0 + 11,
                      "上短下长: line %zu %s longer than the next %s", i + 1, l[i].text,
                      l[i + 1].text);
    }
    dl_list_drop(dl);
}

/* The source's forced break wins over balancing. */
Test(typo, title_forced_break_wins)
{
    dl_list *dl = tl_layout(tl_doc("T:郑东新区科技人才局2022年政府信息公开\nT:工作年度报告"));
    tl_line l[8];
    cr_assert_eq(tl_lines(dl, l, 8), 2);
    cr_assert_str_eq(l[0].text, "郑东新区科技人才局2022年政府信息公开");
    cr_assert_str_eq(l[1].text, "工作年度报告");
    dl_list_drop(dl);
}

/* A paragraph's last line alone at the top of a page: with widows = 2 the
 * line before it comes along (that page holds 21 lines); the default keeps
 * the 22-line grid. */
Test(typo, widows_two_moves_a_line)
{
    strcpy(text, "P:");
    para(text, sizeof text, 20);
    strcat(text, "\nP:");
    para(text, sizeof text, 3);
    tl_line l[64];
    dl_list *dl = tl_layout(tl_doc(text));
    cr_assert_eq(tl_lines(dl, l, 64), 23);
    cr_assert_eq(l[21].page, 0, "default: 22 lines on page 1");
    cr_assert_eq(l[22].page, 1);
    dl_list_drop(dl);

    /* widows = 2: the last line keeps company; the page it would leave
     * short is mended by re-breaking the first paragraph a line looser, so
     * page 1 still holds 22 lines */
    TL.style->widows = 2;
    dl = tl_layout(tl_doc(text));
    size_t n = tl_lines(dl, l, 64);
    cr_assert_eq(n, 24);
    cr_assert_eq(l[21].page, 0, "page 1 full");
    cr_assert_eq(l[n - 2].page, 1, "the line before the last moves along");
    cr_assert_float_eq(l[n - 2].y, grid_baseline(0, 16), 0.01);
    cr_assert_eq(l[n - 1].page, 1);
    dl_list_drop(dl);

    /* a page no cheap re-break can fill stays short: moving the line is
     * what widows = 2 asks for */
    strcpy(text, "P:");
    para(text, sizeof text, 21);
    strcat(text, "\nP:");
    para(text, sizeof text, 2);
    dl = tl_layout(tl_doc(text));
    n = tl_lines(dl, l, 64);
    cr_assert_eq(l[n - 1].page, l[n - 2].page, "the last two lines together");
    dl_list_drop(dl);
}

/* A heading or a caption right before a table is never left at a page's
 * foot: it moves with the table's head. */
Test(typo, heading_and_caption_move_with_the_table)
{
    static const char *before[] = {"\nH1:二、主动公开政府信息情况\nTB:", "\nP:第二十条第（一）项\nTB:"};
    for (size_t v = 0; v < 2; v++) {
        strcpy(text, "P:");
        para(text, sizeof text, 21);
        strcat(text, before[v]);
        doc_document *doc = tl_doc(text);
        doc_table *t = tl_table(doc, 3, 2, 1);
        tl_cell(doc, t, 0, 0, 1, 1, "信息内容");
        tl_cell(doc, t, 0, 1, 1, 1, "件数");
        tl_cell(doc, t, 1, 0, 1, 1, "规章");
        tl_cell(doc, t, 1, 1, 1, 1, "0");
        tl_cell(doc, t, 2, 0, 1, 1, "规范性文件");
        tl_cell(doc, t, 2, 1, 1, 1, "0");
        dl_list *dl = tl_layout(doc);
        tl_line l[64];
        size_t n = tl_lines(dl, l, 64);
        size_t k = 0;
        while (k < n && l[k].size != 16)
            k++;
        for (k = 0; k < n && !strstr(l[k].text, v ? "第二十条" : "二、"); k++)
            ;
        cr_assert(k < n);
        cr_assert_eq(l[k].page, 1, "variant %zu: moved with the table", v);
        cr_assert_float_eq(l[k].y, grid_baseline(0, 16), 0.01);
        dl_list_drop(dl);
    }
}

/* clreq mixed text: han_latin_gap puts a gap between Han and Latin or digits
 * (none by default, which keeps the grid), never at a line's end. */
Test(typo, han_latin_gap_from_the_layout)
{
    tl_line l[8];
    dl_list *dl = tl_layout(tl_doc("P:采用PPT等"));
    cr_assert_eq(tl_lines(dl, l, 8), 1);
    const dl_glyphs *g = l[0].last;
    float em = TL.style->char_pitch;
    cr_assert_float_eq(g->pos[2] - g->pos[1], em, 0.01, "no gap by default");
    dl_list_drop(dl);

    TL.style->han_latin_gap = 4;
    dl = tl_layout(tl_doc("P:采用PPT等"));
    cr_assert_eq(tl_lines(dl, l, 8), 1);
    g = l[0].last;
    font_glyph t;
    font_face_glyph_metrics(g->face, g->gid[4], &t);
    cr_assert_float_eq(g->pos[2] - g->pos[1], em + 4, 0.01, "用|P");
    cr_assert_float_eq(g->pos[5] - g->pos[4], t.advance * 16 + 4, 0.01, "T|等");
    dl_list_drop(dl);
}

/* [font.latin]: Latin letters and digits in their own face; without it the
 * role's own face (the Fandol fonts' Latin glyphs). */
Test(typo, latin_face_from_the_layout)
{
    tl_line l[8];
    dl_list *dl = tl_layout(tl_doc("P:采用PPT等5G"));
    cr_assert_eq(tl_lines(dl, l, 8), 1);
    cr_assert_null(TL.fonts.face[LAYOUT_ROLE_LATIN], "no Latin face by default");
    dl_list_drop(dl);

    layout_font_spec *f = &TL.style->font[LAYOUT_ROLE_LATIN];
    f->families[0] = "FandolSong";
    f->nfamilies = 1;
    cr_assert_eq(layout_fonts_resolve(TL.style, TL.lib, &TL.diags, &TL.fonts), CORE_OK);
    font_face *latin = TL.fonts.face[LAYOUT_ROLE_LATIN];
    cr_assert_not_null(latin);
    dl = tl_layout(tl_doc("P:采用PPT等5G"));
    size_t latin_glyphs = 0, han_in_latin = 0;
    for (size_t k = 0; k < dl->pages[0].nops; k++) {
        const dl_op *op = &dl->pages[0].ops[k];
        if (op->kind != DL_GLYPHS || op->u.glyphs.src[0] == SIZE_MAX)
            continue;
        for (uint32_t i = 0; i < op->u.glyphs.n; i++) {
            uint32_t cp = op->u.glyphs.cp[i];
            bool alnum = cp < 0x80;
            if (alnum)
                cr_assert_eq(op->u.glyphs.face, latin, "U+%04X not in the Latin face", cp);
            latin_glyphs += alnum;
            han_in_latin += !alnum && op->u.glyphs.face == latin;
        }
    }
    cr_assert_eq(latin_glyphs, 5);
    cr_assert_eq(han_in_latin, 0, "Han stays in the body face");
    dl_list_drop(dl);
}

/* Does the signature open its page with nothing of the body above it? */
static bool signature_alone(const dl_list *dl)
{
    const dl_page *pg = NULL;
    float ya = 0;
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t k = 0; k < dl->pages[p].nops; k++) {
            const dl_op *op = &dl->pages[p].ops[k];
            if (op->kind == DL_GLYPHS && !strcmp(tl_text(&op->u.glyphs), "某某市数据资源管理局"))
                pg = &dl->pages[p], ya = op->u.glyphs.y;
        }
    cr_assert(pg);
    for (size_t k = 0; k < pg->nops; k++) {
        const dl_op *op = &pg->ops[k];
        if ((op->kind == DL_GLYPHS && op->u.glyphs.y > ya + 1 && op->u.glyphs.src[0] != SIZE_MAX) ||
            (op->kind == DL_RULE && op->u.rule.y0 > ya + 1))
            return false;
    }
    return true;
}

/* A body of `lead` lines (two paragraphs), then a table of `rows` rows (one
 * header row), then the signature. `span`: the last three rows share one
 * label cell, which a page break through it draws on both sides. */
static dl_list *table_then_signature(uint32_t rows, size_t lead, bool span)
{
    strcpy(text, "P:");
    para(text, sizeof text, lead - 3);
    strcat(text, "\nP:");
    para(text, sizeof text, 3);
    strcat(text, "\nTB:\nS:某某市数据资源管理局|2024年1月5日");
    doc_document *doc = tl_doc(text);
    doc_table *t = tl_table(doc, rows, 2, 1);
    uint32_t spanned = span && rows > 4 ? rows - 3 : rows;
    for (uint32_t r = 0; r < rows; r++) {
        if (r < spanned)
            tl_cell(doc, t, r, 0, 1, 1, r ? "行政许可" : "信息内容");
        else if (r == spanned)
            tl_cell(doc, t, r, 0, 3, 1, "其他处理");
        tl_cell(doc, t, r, 1, 1, 1, r ? "0" : "本年处理决定数量");
    }
    return tl_layout(doc);
}

/* Glyph runs reading `s` on pages [p0, p1). */
static size_t count_runs(const dl_list *dl, const char *s, size_t p0, size_t p1)
{
    size_t n = 0;
    for (size_t p = p0; p < p1 && p < dl->npages; p++)
        for (size_t k = 0; k < dl->pages[p].nops; k++) {
            const dl_op *op = &dl->pages[p].ops[k];
            n += op->kind == DL_GLYPHS && !strcmp(tl_text(&op->u.glyphs), s);
        }
    return n;
}

/* Every body row once, the header on top of every page the table reaches. */
static void assert_rows_whole(const dl_list *dl, uint32_t rows, const char *what)
{
    cr_assert_eq(count_runs(dl, "0", 0, dl->npages), rows - 1, "%s: rows lost", what);
    for (size_t p = 0; p < dl->npages; p++)
        cr_assert(!count_runs(dl, "0", p, p + 1) || count_runs(dl, "信息内容", p, p + 1) == 1,
                  "%s: page %zu has rows but no header", what, p + 1);
}

/* GB/T 9704 §7.3.5: when the body ends in a table that leaves no room for
 * the signature below it, the table's last rows go over with the signature
 * under the repeated header (or the whole table, when it fits a page with
 * it): the signature never opens a page alone, for any table length or
 * place, sealed or not, with the mending of short pages or without. */
Test(typo, signature_after_a_table_never_alone)
{
    for (int v = 0; v < 8; v++)
        for (size_t lead = 12; lead <= 21; lead += 3)
            for (uint32_t rows = 2; rows <= 40; rows++) {
                bool sealed = v & 1, mend = v & 2, span = v & 4;
                TL.style->sealed = sealed;
                TL.style->mend_pages = mend;
                dl_list *dl = table_then_signature(rows, lead, span);
                char what[96];
                snprintf(what, sizeof what, "%u rows after %zu lines%s%s%s", rows, lead,
                         sealed ? ", sealed" : "", mend ? ", mended" : "",
                         span ? ", last 3 spanned" : "");
                cr_assert(!signature_alone(dl), "%s: the signature opens a page", what);
                assert_rows_whole(dl, rows, what);
                dl_list_drop(dl);
            }
}
