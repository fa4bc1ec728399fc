/* Unit tests of the DOCX reader: paragraphs, numbering, merges, changes,
 * places as PARAGRAPH:CHARACTER, and the archives it refuses. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "rd.h"

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define HAS(r, s) cr_assert(strstr((r).src->text, (s)), "no «%s» in:\n%s", (s), (r).src->text)
#define HASNT(r, s) cr_assert(!strstr((r).src->text, (s)), "«%s» in:\n%s", (s), (r).src->text)

/* A ZIP in memory of n (name, text) parts; the caller frees it. */
static char *zip_of(const char *const parts[][2], int n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    cr_assert_not_null(z);
    for (int i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i][1], strlen(parts[i][1]), 0);
        cr_assert_geq(zip_file_add(z, parts[i][0], s, 0), 0);
    }
    cr_assert_eq(zip_close(z), 0);
    cr_assert_eq(zip_source_open(src), 0);
    zip_source_seek(src, 0, SEEK_END);
    *len = (size_t)zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *b = malloc(*len);
    cr_assert_eq(zip_source_read(src, b, *len), (zip_int64_t)*len);
    zip_source_close(src);
    zip_source_free(src);
    return b;
}

/* A draft of a body and, when not NULL, its numbering and styles parts. */
static rd_result docx_styled(const char *body, const char *numbering, const char *styles)
{
    core_buf doc = {0};
    core_buf_printf(&doc, "<?xml version=\"1.0\"?><w:document " W "><w:body>%s</w:body></w:document>",
                    body);
    const char *parts[3][2] = {{"word/document.xml", doc.data}};
    int n = 1;
    if (numbering)
        parts[n][0] = "word/numbering.xml", parts[n++][1] = numbering;
    if (styles)
        parts[n][0] = "word/styles.xml", parts[n++][1] = styles;
    size_t len;
    char *b = zip_of(parts, n, &len);
    rd_result r = rd_read("draft.docx", b, len, NULL);
    free(b);
    core_buf_free(&doc);
    return r;
}

static rd_result docx(const char *body, const char *numbering)
{
    return docx_styled(body, numbering, NULL);
}

#define P(t) "<w:p><w:r><w:t xml:space=\"preserve\">" t "</w:t></w:r></w:p>"
#define NUMP(lvl, t) "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"3\"/>" \
                     "</w:numPr></w:pPr><w:r><w:t>" t "</w:t></w:r></w:p>"

Test(docx, recognised_by_content)
{
    size_t len;
    char *b = rd_file("tests/reports/real/docx/features.docx", &len);
    cr_assert_str_eq(read_recognise("draft.txt", b, len)->name, "docx");
    free(b);
}

Test(docx, paragraphs_runs_and_escapes)
{
    rd_result r = docx(P("测试局2022年政府信息公开工作年度报告")
                       "<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>总体</w:t>"
                       "</w:r><w:hyperlink><w:r><w:t>情况</w:t></w:r></w:hyperlink></w:p>"
                       P("\u3000\u3000@本段以@开头\u00a0") P(""),
                       NULL);
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "一、总体情况\n\\@本段以@开头\n");
    rd_free(&r);
}

Test(docx, numbering_rendered_as_word_shows_it)
{
    const char *numbering =
        "<w:numbering " W "><w:abstractNum w:abstractNumId=\"7\">"
        "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
        "<w:lvlText w:val=\"%1、\"/></w:lvl>"
        "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
        "<w:lvlText w:val=\"（%2）\"/></w:lvl>"
        "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
        "<w:lvlText w:val=\"%3.\"/></w:lvl></w:abstractNum>"
        "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"7\"/></w:num></w:numbering>";
    rd_result r = docx(NUMP(0, "总体情况") NUMP(1, "主动公开") NUMP(2, "规章") NUMP(2, "规范性文件")
                           NUMP(1, "依申请公开") NUMP(0, "主动公开政府信息情况"),
                       numbering);
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "一、总体情况\n（一）主动公开\n1.规章\n2.规范性文件\n（二）依申请公开\n"
           "二、主动公开政府信息情况\n");
    rd_free(&r);
}

Test(docx, grid_span_and_vmerge_as_span_marks)
{
    rd_result r = docx(
        P("表")
        "<w:tbl>"
        "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/></w:tcPr>"
        P("申请人") P("情况") "</w:tc>"
        "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" P("法人") "</w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge/></w:tcPr><w:p/></w:tc>"
        "<w:tc>" P("商业企业") "</w:tc><w:tc>" P("&lt;") "</w:tc></w:tr>"
        "</w:tbl>" P("后"),
        NULL);
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "\n\n申请人情况\t<\t法人\t<\n^\t^\t商业企业\t\\<\n\n后");
    rd_free(&r);
}

Test(docx, tracked_changes_one_warning_at_the_paragraph)
{
    rd_result r = docx(P("第一段")
                       "<w:p><w:r><w:t>收到</w:t></w:r><w:ins w:id=\"1\"><w:r><w:t>新</w:t></w:r>"
                       "</w:ins><w:del w:id=\"2\"><w:r><w:delText>旧</w:delText></w:r></w:del>"
                       "<w:r><w:t>申请</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                       "<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>3件</w:t></w:r></w:p>",
                       NULL);
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "收到新申请3件");
    HASNT(r, "旧");
    HASNT(r, "PAGE");
    const core_diag *g = rd_diag(&r, "W-docx");
    cr_assert_not_null(g);
    cr_assert(strstr(g->message, "tracked changes"));
    cr_assert_eq(g->line, 2); /* paragraph 2 */
    cr_assert_eq(g->col, 3);  /* at 新 */
    cr_assert_not_null(rd_diag(&r, "N-docx"));
    rd_free(&r);
}

Test(docx, image_reported_at_its_paragraph)
{
    rd_result r = docx(P("一") "<w:p><w:r><w:drawing/></w:r><w:r><w:t>图</w:t></w:r></w:p>", NULL);
    cr_assert_eq(r.st, CORE_OK);
    const core_diag *g = rd_diag(&r, "W-docx");
    cr_assert_not_null(g);
    cr_assert(strstr(g->message, "paragraph 2 holds 1 image"), "%s", g->message);
    rd_free(&r);
}

Test(docx, core_title_only_when_the_body_has_none)
{
    const char *core = "<cp:coreProperties xmlns:cp=\"x\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                       "<dc:title>甲局2022年政府信息公开工作年度报告</dc:title></cp:coreProperties>";
    char doc[512];
    snprintf(doc, sizeof doc, "<w:document " W "><w:body>%s</w:body></w:document>",
             P("一、总体情况") P("正文。"));
    const char *parts[2][2] = {{"word/document.xml", doc}, {"docProps/core.xml", core}};
    size_t len;
    char *b = zip_of(parts, 2, &len);
    rd_result r = rd_read("draft.docx", b, len, NULL);
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "@title 甲局2022年政府信息公开工作年度报告\n");
    rd_free(&r);
    snprintf(doc, sizeof doc, "<w:document " W "><w:body>%s</w:body></w:document>",
             P("乙局2022年政府信息公开工作年度报告") P("一、总体情况"));
    free(b);
    b = zip_of(parts, 2, &len);
    r = rd_read("draft.docx", b, len, NULL);
    cr_assert_eq(r.st, CORE_OK);
    HASNT(r, "@title");
    HAS(r, "乙局2022年");
    rd_free(&r);
    free(b);
}

Test(docx, refuses_truncated_bomb_entities_and_non_docx)
{
    size_t len;
    char *b = rd_file("tests/reports/real/docx/features.docx", &len);
    for (size_t cut = 0; cut < len; cut += len / 7 + 1) {
        rd_result r = rd_read("cut.docx", b, cut, "docx");
        cr_assert_eq(r.st, CORE_EINPUT, "cut at %zu", cut);
        cr_assert_not_null(rd_diag(&r, "E-docx"));
        rd_free(&r);
    }
    free(b);

    size_t big = (64u << 20) + 1;
    char *zeros = malloc(big + 1);
    memset(zeros, ' ', big);
    zeros[big] = 0;
    const char *bomb[1][2] = {{"word/document.xml", zeros}};
    b = zip_of(bomb, 1, &len);
    free(zeros);
    rd_result r = rd_read("bomb.docx", b, len, NULL);
    cr_assert_eq(r.st, CORE_ELIMIT);
    cr_assert_not_null(rd_diag(&r, "E-limit"));
    rd_free(&r);
    free(b);

    const char *xxe[1][2] = {{"word/document.xml",
                              "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM "
                              "\"file:///etc/passwd\">]><w:document " W "><w:body>"
                              "<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"}};
    b = zip_of(xxe, 1, &len);
    r = rd_read("xxe.docx", b, len, NULL);
    cr_assert_eq(r.st, CORE_EINPUT);
    cr_assert_not_null(rd_diag(&r, "E-docx"));
    rd_free(&r);
    free(b);

    const char *bad[1][2] = {{"word/document.xml", "<w:document><w:body><w:p>"}};
    b = zip_of(bad, 1, &len);
    r = rd_read("bad.docx", b, len, NULL);
    cr_assert_eq(r.st, CORE_EINPUT);
    rd_free(&r);
    free(b);

    const char *odt[1][2] = {{"content.xml", "<x/>"}};
    b = zip_of(odt, 1, &len);
    r = rd_read("a.odt", b, len, NULL);
    cr_assert_eq(r.st, CORE_EINPUT);
    cr_assert(strstr(rd_diag(&r, "E-docx")->message, "without word/document.xml"));
    rd_free(&r);
    free(b);
}

/* ---- automatic numbering as Word counts it ---------------------------------------- */

#define NUMBERING(inner) "<w:numbering " W ">" inner "</w:numbering>"
#define LVL(k, start, fmt, text, more)                                                      \
    "<w:lvl w:ilvl=\"" #k "\"><w:start w:val=\"" #start "\"/><w:numFmt w:val=\"" fmt "\"/>" \
    "<w:lvlText w:val=\"" text "\"/>" more "</w:lvl>"
#define NUM(id, abs) "<w:num w:numId=\"" #id "\"><w:abstractNumId w:val=\"" #abs "\"/></w:num>"
/* a paragraph numbered by its own numPr */
#define NP(id, lvl, t) "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #id \
                       "\"/></w:numPr></w:pPr><w:r><w:t>" t "</w:t></w:r></w:p>"
/* a paragraph in a style, with more of its pPr */
#define SP(style, more, t) "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/>" more "</w:pPr><w:r><w:t>" t \
                           "</w:t></w:r></w:p>"
#define STYLES(inner) "<w:styles " W ">" inner "</w:styles>"
#define PSTYLE(id, name, inner) "<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\"" \
                                name "\"/>" inner "</w:style>"

/* The draft reads to text holding `want`. */
static void reads_as(const char *body, const char *numbering, const char *styles, const char *want)
{
    rd_result r = docx_styled(body, numbering, styles);
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, want);
    rd_free(&r);
}

Test(docx, every_number_format)
{
    static const struct { const char *fmt; long n; const char *want; } cases[] = {
        {"decimal", 7, "7"},
        {"decimalZero", 7, "07"},
        {"chineseCounting", 1, "一"},
        {"chineseCounting", 10, "十"},
        {"chineseCounting", 11, "十一"},
        {"chineseCounting", 20, "二十"},
        {"chineseCounting", 99, "九十九"},
        {"chineseCounting", 105, "一〇五"},
        {"chineseCountingThousand", 10, "十"},
        {"chineseCountingThousand", 15, "十五"},
        {"chineseCountingThousand", 101, "一百零一"},
        {"chineseCountingThousand", 110, "一百一十"},
        {"chineseCountingThousand", 1005, "一千零五"},
        {"chineseCountingThousand", 10010, "一万零一十"},
        {"chineseLegalSimplified", 3, "叁"},
        {"chineseLegalSimplified", 10, "壹拾"},
        {"chineseLegalSimplified", 24, "贰拾肆"},
        {"ideographTraditional", 1, "甲"},
        {"ideographTraditional", 10, "癸"},
        {"ideographTraditional", 11, "11"},
        {"ideographDigital", 20, "二〇"},
        {"japaneseCounting", 110, "百十"},
        {"japaneseCounting", 12, "十二"},
        {"taiwaneseCountingThousand", 3, "三"},
        {"decimalEnclosedCircle", 1, "①"},
        {"decimalEnclosedCircleChinese", 20, "⑳"},
        {"decimalEnclosedCircle", 21, "21"},
        {"decimalFullWidth", 12, "１２"},
        {"upperLetter", 2, "B"},
        {"lowerLetter", 28, "bb"},
        {"upperRoman", 1994, "MCMXCIV"},
        {"lowerRoman", 4, "iv"},
        {"ordinalText", 3, "3"}, /* not written in words: decimal */
    };
    size_t n = sizeof cases / sizeof *cases;
    core_buf num = {0}, body = {0};
    core_buf_puts(&num, "<w:numbering " W ">");
    for (size_t i = 0; i < n; i++) {
        core_buf_printf(&num,
                        "<w:abstractNum w:abstractNumId=\"%zu\"><w:lvl w:ilvl=\"0\">"
                        "<w:start w:val=\"%ld\"/><w:numFmt w:val=\"%s\"/><w:suff w:val=\"nothing\"/>"
                        "<w:lvlText w:val=\"[%%1]\"/></w:lvl></w:abstractNum>"
                        "<w:num w:numId=\"%zu\"><w:abstractNumId w:val=\"%zu\"/></w:num>",
                        i, cases[i].n, cases[i].fmt, i + 1, i);
        core_buf_printf(&body,
                        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"%zu\"/>"
                        "</w:numPr></w:pPr><w:r><w:t>case %zu</w:t></w:r></w:p>",
                        i + 1, i);
    }
    core_buf_puts(&num, "</w:numbering>");
    rd_result r = docx(body.data, num.data);
    cr_assert_eq(r.st, CORE_OK);
    for (size_t i = 0; i < n; i++) {
        char want[64];
        snprintf(want, sizeof want, "[%s]case %zu\n", cases[i].want, i);
        cr_expect(strstr(r.src->text, want), "%s %ld: no «%s» in:\n%s", cases[i].fmt, cases[i].n,
                  want, r.src->text);
    }
    rd_free(&r);
    core_buf_free(&num);
    core_buf_free(&body);
}

/* The four levels of a Chinese report, with a multi-level text, w:isLgl and
 * each w:suff: a tab (the default) is alignment and not written, a space
 * is. */
Test(docx, level_texts_legal_and_suffixes)
{
    const char *numbering = NUMBERING(
        "<w:abstractNum w:abstractNumId=\"0\">"
        LVL(0, 1, "chineseCounting", "%1、", "<w:suff w:val=\"nothing\"/>")
        LVL(1, 1, "chineseCounting", "（%2）", "")
        LVL(2, 1, "decimal", "%3.", "<w:suff w:val=\"space\"/>")
        LVL(3, 1, "decimal", "（%4）", "<w:suff w:val=\"tab\"/>")
        LVL(4, 1, "upperRoman", "%1.%2.%5", "<w:isLgl/>")
        LVL(5, 1, "bullet", "\xEF\x82\xB7", "")
        LVL(6, 1, "none", "", "")
        "</w:abstractNum>" NUM(1, 0));
    reads_as(NP(1, 0, "总体情况") NP(1, 1, "主动公开") NP(1, 2, "规章") NP(1, 3, "细目")
                 NP(1, 4, "法定") NP(1, 5, "要点") NP(1, 6, "无号") NP(1, 1, "依申请公开")
                 NP(1, 2, "重来"),
             numbering, NULL,
             "一、总体情况\n（一）主动公开\n1. 规章\n（1）细目\n1.1.1法定\n要点\n无号\n"
             "（二）依申请公开\n1. 重来\n");
}

/* Level 2 restarts whenever a higher level advances, unless w:lvlRestart
 * says after which level it does (1: only after 一、) or that it never
 * does (0). */
Test(docx, level_restart)
{
    const char *numbering = NUMBERING(
        "<w:abstractNum w:abstractNumId=\"0\">"
        LVL(0, 1, "chineseCounting", "%1、", "")
        LVL(1, 1, "chineseCounting", "（%2）", "")
        LVL(2, 1, "decimal", "%3.", "<w:lvlRestart w:val=\"1\"/>")
        "</w:abstractNum>"
        "<w:abstractNum w:abstractNumId=\"1\">"
        LVL(0, 1, "chineseCounting", "%1、", "")
        LVL(1, 1, "decimal", "%2)", "<w:lvlRestart w:val=\"0\"/>")
        "</w:abstractNum>" NUM(1, 0) NUM(2, 1));
    reads_as(NP(1, 0, "甲") NP(1, 1, "乙") NP(1, 2, "a") NP(1, 2, "b") NP(1, 1, "丙")
                 NP(1, 2, "c") NP(1, 0, "丁") NP(1, 2, "d")
                 NP(2, 0, "戊") NP(2, 1, "e") NP(2, 0, "己") NP(2, 1, "f"),
             numbering, NULL,
             "一、甲\n（一）乙\n1.a\n2.b\n（二）丙\n3.c\n二、丁\n1.d\n"
             "一、戊\n1)e\n二、己\n2)f\n");
}

/* Two w:num over one abstract numbering are one sequence; a w:startOverride
 * restarts it where its w:num first numbers the level, and the other w:num
 * goes on from there; a w:lvlOverride/w:lvl replaces the level. */
Test(docx, start_override_and_shared_counters)
{
    const char *numbering = NUMBERING(
        "<w:abstractNum w:abstractNumId=\"5\">" LVL(0, 1, "chineseCounting", "（%1）", "")
        "</w:abstractNum>"
        "<w:abstractNum w:abstractNumId=\"6\">" LVL(0, 3, "decimal", "%1.", "")
        "</w:abstractNum>"
        NUM(1, 5)
        "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"5\"/>"
        "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
        "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"5\"/><w:lvlOverride w:ilvl=\"0\">"
        LVL(0, 7, "upperLetter", "%1:", "") "</w:lvlOverride></w:num>"
        NUM(4, 6));
    reads_as(NP(1, 0, "甲") NP(1, 0, "乙") NP(1, 0, "丙") NP(2, 0, "重来") NP(1, 0, "续")
                 NP(2, 0, "再续") NP(3, 0, "换式") NP(4, 0, "从三") NP(4, 0, "四"),
             numbering, NULL,
             "（一）甲\n（二）乙\n（三）丙\n（一）重来\n（二）续\n（三）再续\nG:换式\n3.从三\n4.四\n");
}

/* Numbering from the paragraph style: inherited through w:basedOn, the
 * level from the style's w:ilvl or the w:lvl/w:pStyle link, the
 * paragraph's own numPr winning (its ilvl alone, or numId 0: none), the
 * default paragraph style for a paragraph without w:pStyle, a numbering
 * style through w:numStyleLink. */
Test(docx, numbering_by_style)
{
    const char *numbering = NUMBERING(
        "<w:abstractNum w:abstractNumId=\"0\">"
        LVL(0, 1, "chineseCountingThousand", "%1、", "<w:pStyle w:val=\"Heading1\"/>")
        LVL(1, 1, "chineseCountingThousand", "（%2）", "<w:pStyle w:val=\"Heading2\"/>")
        LVL(2, 1, "decimal", "%3.", "")
        "</w:abstractNum>"
        "<w:abstractNum w:abstractNumId=\"1\"><w:numStyleLink w:val=\"ListStyle\"/></w:abstractNum>"
        "<w:abstractNum w:abstractNumId=\"2\"><w:styleLink w:val=\"ListStyle\"/>"
        LVL(0, 1, "lowerLetter", "%1)", "") "</w:abstractNum>"
        NUM(1, 0) NUM(7, 2) NUM(8, 1));
    const char *styles = STYLES(
        PSTYLE("Normal", "Normal", "") /* not the default: w:default is on Body */
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Body\"><w:name w:val=\"Body\"/>"
        "</w:style>"
        PSTYLE("Heading1", "heading 1", "<w:basedOn w:val=\"Normal\"/><w:pPr><w:numPr>"
                                        "<w:numId w:val=\"1\"/></w:numPr></w:pPr>")
        PSTYLE("Heading2", "heading 2", "<w:basedOn w:val=\"Heading1\"/>")
        PSTYLE("Item", "条目", "<w:basedOn w:val=\"Normal\"/><w:pPr><w:numPr><w:ilvl w:val=\"2\"/>"
                             "<w:numId w:val=\"1\"/></w:numPr></w:pPr>")
        PSTYLE("ItemMore", "条目续", "<w:basedOn w:val=\"Item\"/>")
        PSTYLE("Loop", "循环", "<w:basedOn w:val=\"Loop2\"/>")
        PSTYLE("Loop2", "循环二", "<w:basedOn w:val=\"Loop\"/>")
        "<w:style w:type=\"numbering\" w:styleId=\"ListStyle\"><w:name w:val=\"列表\"/><w:pPr>"
        "<w:numPr><w:numId w:val=\"7\"/></w:numPr></w:pPr></w:style>"
        PSTYLE("Linked", "链接", "<w:pPr><w:numPr><w:numId w:val=\"8\"/></w:numPr></w:pPr>"));
    reads_as(SP("Heading1", "", "总体情况") SP("Heading2", "", "主动公开") SP("Item", "", "规章")
                 SP("ItemMore", "", "规范性文件")
                 SP("ItemMore", "<w:numPr><w:ilvl w:val=\"1\"/></w:numPr>", "升一级")
                 SP("Item", "<w:numPr><w:numId w:val=\"0\"/></w:numPr>", "不编号")
                 P("正文") SP("Loop", "", "循环样式") SP("Linked", "", "链到列表样式")
                 SP("Heading1", "", "主动公开政府信息情况") SP("Heading2", "", "第二节"),
             numbering, styles,
             "一、总体情况\n（一）主动公开\n1.规章\n2.规范性文件\n（二）升一级\n不编号\n正文\n"
             "循环样式\na)链到列表样式\n二、主动公开政府信息情况\n（一）第二节\n");
}

/* ---- the title by its style or its place ------------------------------------------ */

Test(docx, title_by_style_first_lines)
{
    const char *styles = STYLES(
        "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"32\"/></w:rPr></w:rPrDefault>"
        "</w:docDefaults>"
        PSTYLE("Title", "Title", "") PSTYLE("a5", "标题", "") PSTYLE("a6", "标题 1", ""));
    /* a title that does not name the report, by the Title style: the first
     * line, set apart by a blank line as the text reader's is */
    rd_result r = docx_styled(SP("Title", "", "某局工作情况说明") P("一、总体情况") P("正文。"),
                              NULL, styles);
    cr_assert_eq(r.st, CORE_OK);
    cr_assert(!strncmp(r.src->text, "某局工作情况说明\n\n一、总体情况\n", 38), "%s", r.src->text);
    cr_assert_null(rd_diag(&r, "W-title"));
    rd_free(&r);
    /* two lines in a style named 标题 (WPS), the second naming the report */
    r = docx_styled(SP("a5", "", "某某县人民政府办公室") SP("a5", "", "2022年政府信息公开工作年度报告")
                        P("一、总体情况"),
                    NULL, styles);
    cr_assert_eq(r.st, CORE_OK);
    cr_assert(!strncmp(r.src->text, "某某县人民政府办公室\n2022年政府信息公开工作年度报告\n\n", 71),
              "%s", r.src->text);
    rd_free(&r);
    /* 标题 1 is a heading style, not the title */
    r = docx_styled(P("前言") SP("a6", "", "某局说明") P("正文"), NULL, styles);
    cr_assert_eq(r.st, CORE_OK);
    HASNT(r, "@title");
    rd_free(&r);
}

Test(docx, title_centred_large_before_the_first_heading)
{
    const char *numbering = NUMBERING("<w:abstractNum w:abstractNumId=\"0\">"
                                      LVL(0, 1, "chineseCounting", "%1、", "")
                                      "</w:abstractNum>" NUM(1, 0));
    const char *styles = STYLES(
        "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"32\"/></w:rPr></w:rPrDefault>"
        "</w:docDefaults>"
        PSTYLE("Big", "大标", "<w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"44\"/></w:rPr>"));
#define BIG(t) "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:sz w:val=\"44\"/>" \
               "</w:rPr><w:t>" t "</w:t></w:r></w:p>"
    /* text before it: the title as @title where it stands; the properties'
     * title is not used then */
    const char *core = "<cp:coreProperties xmlns:cp=\"x\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                       "<dc:title>属性里的标题</dc:title></cp:coreProperties>";
    core_buf doc = {0};
    core_buf_printf(&doc, "<w:document " W "><w:body>%s</w:body></w:document>",
                    P("前言") BIG("某局工作情况") BIG("说明") P("正文段落。") NP(1, 0, "总体情况")
                        SP("Big", "", "不是标题"));
    const char *parts[4][2] = {{"word/document.xml", doc.data}, {"word/numbering.xml", numbering},
                               {"word/styles.xml", styles}, {"docProps/core.xml", core}};
    size_t len;
    char *b = zip_of(parts, 4, &len);
    rd_result r = rd_read("draft.docx", b, len, NULL);
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "前言\n@title 某局工作情况\n@title 说明\n正文段落。\n一、总体情况\n不是标题\n");
    HASNT(r, "属性里的标题");
    uint32_t line, col;
    rd_place(&r, "说明\n", &line, &col);
    cr_assert_eq(line, 3); /* the place of the title is its paragraph's */
    cr_assert_eq(col, 1);
    rd_free(&r);
    free(b);
    core_buf_free(&doc);
    /* after a heading with its number typed: not a title */
    r = docx_styled(P("一、总体情况") BIG("大字居中") P("正文。"), NULL, styles);
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "一、总体情况\n大字居中\n");
    rd_free(&r);
    /* centred in the text's size: not a title */
    r = docx_styled(P("前言") "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t>居中正文</w:t>"
                    "</w:r></w:p>" P("一、总体情况"),
                    numbering, styles);
    cr_assert_eq(r.st, CORE_OK);
    HASNT(r, "@title");
    rd_free(&r);
#undef BIG
}

/* What a damaged or hostile numbering part holds gives no number or a
 * bounded one, never a failure: a numStyleLink loop, numbers past every
 * limit, levels out of range, texts naming levels that are not there, a
 * w:num without its abstract numbering. */
Test(docx, hostile_numbering_bounded)
{
    const char *numbering = NUMBERING(
        "<w:abstractNum w:abstractNumId=\"0\"><w:numStyleLink w:val=\"S\"/></w:abstractNum>"
        "<w:abstractNum w:abstractNumId=\"1\">"
        LVL(0, 99999999999, "upperLetter", "%1%9%0%", "")
        LVL(1, -5, "upperRoman", "%2", "")
        LVL(2, 123456789, "chineseCountingThousand", "%3", "")
        "</w:abstractNum>"
        NUM(1, 0) NUM(2, 1) NUM(3, 42)
        "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"99\">"
        "<w:startOverride w:val=\"3\"/></w:lvlOverride></w:num>");
    const char *styles = STYLES(
        "<w:style w:type=\"numbering\" w:styleId=\"S\"><w:pPr><w:numPr><w:numId w:val=\"1\"/>"
        "</w:numPr></w:pPr></w:style>");
    rd_result r = docx_styled(NP(1, 0, "环") NP(2, 0, "大") NP(2, 1, "负") NP(2, 2, "亿") NP(3, 0, "无")
                                  NP(4, 12, "越界") NP(2, 4, "空级"),
                              numbering, styles);
    cr_assert_eq(r.st, CORE_OK);
    /* the loop gives no number; the number clamped and in decimal, %9 a
     * level not there */
    cr_assert(!strncmp(r.src->text, "环\n", 4), "%s", r.src->text);
    HAS(r, "\n1000000000" "0%0%大\n");
    HAS(r, "-5负\n123456789亿\n无\n越界\n空级\n");
    rd_free(&r);
}
