/* Unit tests of the HTML reader: what of a page becomes which line. */
#include <criterion/criterion.h>
#include <string.h>

#include "rd.h"

static rd_result html(const char *s)
{
    return rd_read("page.html", s, strlen(s), NULL);
}

#define HAS(r, s) cr_assert(strstr((r).src->text, (s)), "no «%s» in:\n%s", (s), (r).src->text)
#define HASNT(r, s) cr_assert(!strstr((r).src->text, (s)), "«%s» in:\n%s", (s), (r).src->text)

Test(html, recognised_by_content_not_name)
{
    const char *page = "<!DOCTYPE html><html><body><p>一、总体情况</p></body></html>";
    cr_assert_str_eq(read_recognise("report.txt", page, strlen(page))->name, "html");
    cr_assert_str_eq(read_recognise("x", "<p>a</p><p>b</p>", 16)->name, "html");
    cr_assert_str_eq(read_recognise("a.html", "一、总体情况 <注>", 21)->name, "text");
}

Test(html, word_pasted_runs_joined_and_indents_trimmed)
{
    rd_result r = html("<html><body><div id=zoom>"
                       "<p class=MsoNormal style='mso-char-indent-count:2.0'>"
                       "<span style='font-family:黑体'>一、</span><span><font face=黑体>总</font>"
                       "<font>体</font>情况</span><o:p></o:p></p>\n"
                       "<p>&nbsp;&nbsp;&nbsp;&nbsp;2022年，<span>本局</span>持续推进工作，\n"
                       "取得&ldquo;积极&rdquo;成效。&nbsp;&nbsp;</p>"
                       "</div></body></html>");
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "一、总体情况\n");
    /* a source line break between two Han characters is no space */
    HAS(r, "\n2022年，本局持续推进工作，取得“积极”成效。\n");
    rd_free(&r);
}

Test(html, each_block_and_br_one_line_escaped)
{
    rd_result r = html("<html><body><div><p>@agency 不是指令<br>第二行</p><li>列表项</li>"
                       "<h2>（一）主动公开</h2></div></body></html>");
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "\\@agency 不是指令\n第二行\n列表项\n（一）主动公开\n");
    rd_free(&r);
}

Test(html, rowspan_colspan_as_span_marks)
{
    rd_result r = html(
        "<html><body><p>表</p><table border=1>"
        "<tr><td colspan=2 rowspan=2><p>申请人</p><p>情况</p></td><th colspan=2>法人或其他组织</th></tr>"
        "<tr><td>商业<br/>企业</td><td>^</td></tr>"
        "<tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>&nbsp;</td>"
        "<td><o:p> </o:p></td></tr>"
        "<tr><td>（二）部分公开</td><td>1</td><td>2</td></tr></table><p>后</p></body></html>");
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "\n\n申请人情况\t<\t法人或其他组织\t<\n"
           "^\t^\t商业企业\t\\^\n"
           "三、本年度办理结果\t（一）予以公开\t\t\n"
           "^\t（二）部分公开\t1\t2\n\n后");
    rd_free(&r);
}

/* A TRS editor's cell: paragraphs padded with NBSP runs before their end
 * (seen on pingtan.gov.cn): the padding ends a line, it is no gap. */
Test(html, cell_paragraphs_padded_with_nbsp_joined_without_gap)
{
    rd_result r = html("<html><body><p>表</p><table border=1><tr><td><p>社会</p>"
                       "<p><span>公益</span>\n &nbsp; &nbsp; &nbsp;</p>"
                       "<p>&nbsp; <span>组织</span>\n &nbsp; &nbsp;</p></td>"
                       "<td>其他</td></tr><tr><td>1</td><td>2</td></tr></table></body></html>");
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "\n社会公益组织\t其他\n");
    rd_free(&r);
}

/* Two metadata fields in sibling inline elements of one block, split only
 * by a source line break (来源 and 时间 of a TRS page): two fields. */
Test(html, metadata_fields_in_sibling_spans_kept_apart)
{
    rd_result r = html("<html><body><div class=tit>某局2024年政府信息公开工作年度报告</div>"
                       "<div><span class=source>来源：某局办公室</span>\n   \n"
                       "<span class=time>时间：2025-03-10 15:35</span></div>"
                       "<div id=zoom><p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p>"
                       "</div></body></html>");
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "@agency 某局办公室\n");
    HAS(r, "@date 2025-03-10\n");
    HASNT(r, "时间");
    rd_free(&r);
    /* a label and its value in two elements stay one field */
    r = html("<html><body><div class=tit>某局2024年政府信息公开工作年度报告</div>"
             "<p><span>发布日期：</span>\n<span>2024-01-17</span></p>"
             "<div id=zoom><p>一、总体情况</p><p>正文。</p></div></body></html>");
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "@date 2024-01-17\n");
    rd_free(&r);
}

Test(html, layout_table_read_as_blocks)
{
    rd_result r = html("<html><body><table><tr><td><p>第一段</p><table><tr><td>甲</td><td>1</td>"
                       "</tr></table><p>第二段</p></td></tr></table></body></html>");
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "第一段\n\n甲\t1\n\n第二段");
    rd_free(&r);
}

Test(html, chrome_dropped_article_found_with_one_note)
{
    rd_result r = html(
        "<html><head><title>测试局2022年政府信息公开工作年度报告_测试网</title>"
        "<script>document.write('脚本')</script><style>p{}</style></head><body>"
        "<div class=nav><a href=/>首页</a><a href=/a>政务公开</a></div>"
        "<div class=position>当前位置：首页 &gt; 政府信息公开年报</div>"
        "<table><tr><td>索引号：</td><td>123/2023-1</td><td>发布机构：</td><td>测试局</td></tr>"
        "<tr><td>公开日期：</td><td>2023-01-20</td><td>文号：</td><td></td></tr></table>"
        "<div class=article-title>测试局2022年政府信息公开工作年度报告</div>"
        "<div class=main><div class=left><a>相关链接一</a><a>相关链接二</a></div>"
        "<div class=TRS_Editor><p>一、总体情况</p><p>本局依法公开政府信息，"
        "全年主动公开信息一百二十条，办理申请三件，全部按期答复，无行政复议。</p>"
        "<p>二、主动公开政府信息情况</p></div></div>"
        "<div class=footer>版权所有 测试局</div><script>x()</script></body></html>");
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "测试局2022年政府信息公开工作年度报告");
    HAS(r, "一、总体情况\n本局依法公开");
    HASNT(r, "首页");
    HASNT(r, "相关链接");
    HASNT(r, "版权所有");
    HASNT(r, "脚本");
    HAS(r, "@agency 测试局\n");
    HAS(r, "@date 2023-01-20\n");
    const core_diag *g = rd_diag(&r, "N-html");
    cr_assert_not_null(g);
    cr_assert(strstr(g->message, "navigation") && strstr(g->message, "header/footer"), "%s",
              g->message);
    size_t notes = 0;
    for (size_t i = 0; i < r.d.n; i++)
        notes += !strcmp(r.d.v[i].code, "N-html");
    cr_assert_eq(notes, 1);
    rd_free(&r);
}

Test(html, places_name_the_page_line_and_column)
{
    rd_result r = html("<html><body>\n<div>\n  <p>&nbsp;一、总体情况</p>\n"
                       "  <table><tr><td>甲</td><td><span>12</span></td></tr></table>\n"
                       "</div></body></html>");
    cr_assert_eq(r.st, CORE_OK);
    uint32_t line, col;
    rd_place(&r, "一、", &line, &col);
    cr_assert_eq(line, 3);
    cr_assert_eq(col, 12); /* after "  <p>&nbsp;" */
    rd_place(&r, "12", &line, &col);
    cr_assert_eq(line, 4);
    cr_assert_eq(col, 34);
    rd_free(&r);
}

Test(html, gb2312_page_decoded)
{
    /* 一、总体情况 in GBK, the page declaring gb2312 */
    const char page[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                        "charset=gb2312\"></head><body><p>\xD2\xBB\xA1\xA2\xD7\xDC\xCC\xE5"
                        "\xC7\xE9\xBF\xF6</p></body></html>";
    rd_result r = rd_read("page.html", page, sizeof page - 1, NULL);
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "一、总体情况");
    cr_assert_not_null(rd_diag(&r, "N-encoding"));
    rd_free(&r);
}

Test(html, broken_markup_and_empty_page)
{
    const char *bad = "<table><tr><td rowspan=0 colspan=-3>a<td colspan=100000>b<tr><td>"
                      "<table><td>c</table></p></div></b>&#0;&#xD800;&bogus;";
    rd_result r = rd_read("bad.html", bad, strlen(bad), "html");
    cr_assert_eq(r.st, CORE_OK);
    HAS(r, "c");
    rd_free(&r);
    const char *empty = "<html><body><script>x</script></body></html>";
    r = rd_read("empty.html", empty, strlen(empty), "html");
    cr_assert_eq(r.st, CORE_EINPUT);
    cr_assert_not_null(rd_diag(&r, "E-html"));
    cr_assert_null(r.src);
    rd_free(&r);
}
