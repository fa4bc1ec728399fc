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

static rd_result docx(const char *body, const char *numbering)
{
    char doc[8192];
    snprintf(doc, sizeof doc, "<?xml version=\"1.0\"?><w:document " W "><w:body>%s</w:body></w:document>",
             body);
    const char *parts[2][2] = {{"word/document.xml", doc}, {"word/numbering.xml", numbering}};
    size_t len;
    char *b = zip_of(parts, numbering ? 2 : 1, &len);
    rd_result r = rd_read("draft.docx", b, len, NULL);
    free(b);
    return r;
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
