/*
 * test_shape.c: the shaper's shapes of published text (docs/FORMAT.md,
 * "From Word/WPS, a web page or a PDF"), each on a small text built like
 * the real reports of tests/reports/real/, through the text reader; and the
 * derived source naming the file's place.
 */
#include "rd.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static rd_result r;

static void fini(void) { rd_free(&r); }
TestSuite(shape, .fini = fini);

static const char *read_text(const char *t)
{
    r = rd_read("t.txt", t, strlen(t), "text");
    cr_assert_eq(r.st, CORE_OK, "%s", r.d.n ? r.d.v[0].message : "");
    return r.src->text;
}

Test(shape, canonical_text_comes_out_unchanged)
{
    const char *t = "某局2022年政府信息公开工作年度报告\n\n一、总体情况\n\n正文。\n"
                    "规章\t0\t0\t0\n@agency 某局\n";
    cr_assert_str_eq(read_text(t), t);
}

Test(shape, one_paragraph_a_line_the_title_and_the_agency_and_date_under_it)
{
    const char *out = read_text("XX县人民政府\n2025年政府信息公开工作年度报告\nXX县人民政府\n"
                                "（2026年1月23日）\n本报告根据条例编制。\n一、总体情况\n正文。\n");
    cr_assert_str_eq(out, "@agency XX县人民政府\n@date 2026-01-23\nXX县人民政府\n"
                          "2025年政府信息公开工作年度报告\n\n本报告根据条例编制。\n一、总体情况\n"
                          "正文。\n@signature\n");
    cr_assert_not_null(rd_diag(&r, "N-signature"));
}

Test(shape, a_first_sentence_is_never_the_title)
{
    read_text("本报告根据条例编制。\n一、总体情况\n");
    cr_assert_null(rd_diag(&r, "N-signature"));
    cr_assert_str_eq(r.src->text, "本报告根据条例编制。\n一、总体情况\n");
}

Test(shape, a_portal_box_and_chrome_are_metadata_and_dropped)
{
    const char *out = read_text("当前位置：首页 > 年报\n首页\n"
                                "名称\t某局2023年政府信息公开工作年度报告\n"
                                "索引号\t0143/2024-00002\t发布机构\t某局\n"
                                "公开日期：2024-01-17 10:30\n文号：\n"
                                "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n"
                                "【打印本页】 【关闭窗口】\n");
    cr_assert_str_eq(out, "@agency 某局\n@date 2024-01-17\n某局2023年政府信息公开工作年度报告\n\n"
                          "一、总体情况\n正文。\n");
    cr_assert_not_null(rd_diag(&r, "N-meta"));
    cr_assert_not_null(rd_diag(&r, "N-chrome"));
}

/* 桂花坪街道 2020 (tests/reports/real/text/25): a bare breadcrumb, and a date
 * line whose fields are parted by single spaces, so the date does not parse */
Test(shape, a_breadcrumb_is_chrome_and_a_date_that_does_not_parse_is_no_directive)
{
    const char *out = read_text("首页 > 政务公开 > 某街道 > 信息公开年报\n\n"
                                "某街道2020年政府信息公开工作年度报告\n\n"
                                "发布时间 : 2021-01-25 来源:某街道 字体大小:\n\n一、总体情况\n\n正文。\n");
    cr_assert_null(strstr(out, "@date"), "%s", out);
    cr_assert_null(strstr(out, "首页"), "%s", out);
    out += strspn(out, "\n");
    cr_assert_eq(strncmp(out, "某街道2020年", strlen("某街道2020年")), 0, "%s", out);
    cr_assert_not_null(rd_diag(&r, "N-chrome"));
}

/* 福田区集体经济发展服务署 2021 (text/27): the portal's date label with its
 * 来源 glued to the time; 唐村镇 2010 (text/29): the page's attachment links */
Test(shape, a_portals_date_label_and_its_attachment_links_are_no_text)
{
    const char *out = read_text("某镇2010年政府信息公开工作年度报告\n"
                                "信息提供日期 : 2022-01-21 17:48来源 : 某镇\n一、概述\n正文。\n"
                                "某镇2010年政府信息公开工作年度报告.pdf\n\n"
                                "某镇2010年政府信息公开工作年度报告.docx\n");
    cr_assert_null(strstr(out, "信息提供日期"), "%s", out);
    cr_assert_null(strstr(out, ".pdf"), "%s", out);
    cr_assert_null(strstr(out, ".docx"), "%s", out);
    cr_assert_not_null(strstr(out, "正文。"), "%s", out);
    cr_assert_not_null(rd_diag(&r, "N-meta"));
}

Test(shape, a_crawlers_address_is_no_agency)
{
    const char *out = read_text("标题：某局2023年政府信息公开工作年度报告\n来源：http://x.gov.cn/a.html\n"
                                "某局2023年政府信息公开工作年度报告\n一、总体情况\n");
    cr_assert_null(strstr(out, "@agency"));
}

/* A page's text as pdftotext gives it, 28 字 a line (26 for a paragraph's
 * first, its indent lost), its last paragraph going on over the page. */
#define PDF_PAGE_1                                                                         \
    "某局2023年政府信息公开工作年度报告\n"                                                \
    "本报告由某局办公室根据中华人民共和国政府信息公开条例\n"                              \
    "要求编制报告中所列数据统计期限自二〇二三年一月一日起至十\n"                          \
    "二月三十一日止。\n"                                                                  \
    "一、总体情况\n"                                                                      \
    "二〇二三年本局坚持以公开为常态不公开为例外的原则不断\n"

/* with a footer and a page break */
Test(shape, a_pdfs_text_footers_dropped_and_wrapped_lines_joined)
{
    const char *out = read_text(PDF_PAGE_1 "- 1 -\n"
                                "\f完善政府信息公开制度建立健全政府信息公开保障机制全年共主\n"
                                "动公开政府信息一千一百三十六条。\n");
    cr_assert_str_eq(out, "某局2023年政府信息公开工作年度报告\n\n"
                          "本报告由某局办公室根据中华人民共和国政府信息公开条例要求编制报告中所列"
                          "数据统计期限自二〇二三年一月一日起至十二月三十一日止。\n"
                          "一、总体情况\n"
                          "二〇二三年本局坚持以公开为常态不公开为例外的原则不断完善政府信息公开制"
                          "度建立健全政府信息公开保障机制全年共主动公开政府信息一千一百三十六条。\n");
    cr_assert_not_null(rd_diag(&r, "N-footer"));
    cr_assert_not_null(rd_diag(&r, "N-join"));
}

/* pdftotext -layout leaves a blank line before a page's footer: the
 * paragraph still goes on over the page break (洪泽 2024, page 4 to 5) */
Test(shape, a_blank_line_before_the_footer_does_not_end_the_paragraph)
{
    const char *out = read_text(PDF_PAGE_1 "\n"
                                "      - 1 -\n"
                                "\f完善政府信息公开制度建立健全政府信息公开保障机制全年共主\n"
                                "动公开政府信息一千一百三十六条。\n");
    cr_assert_not_null(strstr(out, "原则不断完善政府信息公开制度"), "%s", out);
    cr_assert_not_null(rd_diag(&r, "N-footer"));
}

Test(shape, rows_separated_by_spaces_get_tabs)
{
    const char *out = read_text("标题\n\n二、主动公开政府信息情况\n"
                                "    信息内容     本年制发件数   本年废止件数   现行有效件数\n"
                                "    规章              0             0              0\n"
                                "    行政规范性文件    0             5              5\n"
                                "三、收到和处理政府信息公开申请情况\n");
    cr_assert_not_null(strstr(out, "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"));
    cr_assert_not_null(strstr(out, "规章\t0\t0\t0\n"));
    cr_assert_not_null(strstr(out, "行政规范性文件\t0\t5\t5\n"));
    /* the section headings around it stay headings */
    cr_assert_not_null(strstr(out, "\n二、主动公开政府信息情况\n"));
    cr_assert_not_null(strstr(out, "\n三、收到和处理政府信息公开申请情况\n"));
}

Test(shape, prose_with_numbers_is_no_row)
{
    const char *t = "标题\n\n全年共收到申请 749 件，办结 700 件。\n";
    const char *out = read_text(t);
    cr_assert_null(strchr(out, '\t'));
    cr_assert_str_eq(out, "标题\n\n全年共收到申请749件，办结700件。\n");
    cr_assert_not_null(rd_diag(&r, "N-space"));
}

Test(shape, a_merged_label_alone_on_its_line_joins_its_table)
{
    const char *out = read_text("标题\n\n第二十条第（一）项\n信息内容\t本年制发件数\n规章\t0\n");
    cr_assert_not_null(strstr(out, "第二十条第（一）项\t\n信息内容"));
}

Test(shape, markdown_headings_and_pipe_tables)
{
    const char *out = read_text("# 某局2024年政府信息公开工作年度报告\n## 一、总体情况\n"
                                "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n");
    cr_assert_str_eq(out, "某局2024年政府信息公开工作年度报告\n\n一、总体情况\n"
                          "信息内容\t本年制发件数\n规章\t0\n");
}

Test(shape, invisible_characters_go_kangxi_radicals_fold)
{
    const char *out = read_text("标题\n\n\u2F00、总体\u200B情况\n正文\u00A0。\n");
    cr_assert_str_eq(out, "标题\n\n一、总体情况\n正文 。\n");
    cr_assert_not_null(rd_diag(&r, "N-fold"));
    cr_assert_not_null(rd_diag(&r, "N-invisible"));
}

/* 文瀛湖街道 2021 (text/26): ⻓期 with U+2ED3 beside the Kangxi radicals; the
 * radicals supplement has no NFKC mapping */
Test(shape, the_radicals_supplement_folds_too)
{
    const char *out = read_text("标题\n\n把\u2F2F作作为\u2ED3期任务。\u2ED4前\u2ECB。\n");
    cr_assert_str_eq(out, "标题\n\n把工作作为长期任务。门前车。\n");
}

Test(shape, a_whole_article_on_one_line_is_refused_at_its_first_heading)
{
    char t[4096] = "标题\n\n一、总体情况";
    for (int i = 0; i < 40; i++)
        strcat(t, "本局认真落实条例规定。");
    strcat(t, "二、主动公开政府信息情况规章0 0 0\n");
    r = rd_read("t.txt", t, strlen(t), "text");
    const core_diag *g = rd_diag(&r, "E-runon");
    cr_assert_not_null(g);
    cr_assert_eq(g->line, 3);
    cr_assert_eq(g->col, 1 + 6 + 40 * 11);
}

Test(shape, a_joined_paragraph_names_the_files_place)
{
    read_text("某局2023年政府信息公开工作年度报告\n"
              "本报告由某局办公室根据中华人民共和国政府信息公开条例\n"
              "要求编制报告中所列数据统计期限自二〇二三年一月一日起至十\n"
              "二月三十一日止。\n"
              "一、总体情况\n");
    uint32_t line, col;
    rd_place(&r, "二月三十一日", &line, &col);
    cr_assert_eq(line, 4);
    cr_assert_eq(col, 1);
    rd_place(&r, "报告中所列", &line, &col);
    cr_assert_eq(line, 3);
    cr_assert_eq(col, 5);
}

Test(shape, gbk_and_utf16_are_read_and_said)
{
    /* 标题\n\n正文。 in GBK */
    const char gbk[] = "\xb1\xea\xcc\xe2\n\n\xd5\xfd\xce\xc4\xa1\xa3\n";
    r = rd_read("t.txt", gbk, sizeof gbk - 1, "text");
    cr_assert_eq(r.st, CORE_OK);
    cr_assert_str_eq(r.src->text, "标题\n\n正文。\n");
    cr_assert_not_null(strstr(rd_diag(&r, "N-encoding")->message, "GB18030"));
    rd_free(&r);
    const char u16[] = "\xff\xfe\x07\x68\x98\x98\n\x00";
    r = rd_read("t.txt", u16, sizeof u16 - 1, "text");
    cr_assert_eq(r.st, CORE_OK);
    cr_assert_str_eq(r.src->text, "标题\n");
}

Test(shape, neither_utf8_nor_gbk_is_one_error)
{
    const char bad[] = "ab\x80\xff\xfe\x80\xff";
    r = rd_read("t.bin", bad, sizeof bad - 1, "text");
    cr_assert_eq(r.st, CORE_EINPUT);
    cr_assert_eq(r.d.errors, 1);
    cr_assert_eq(rd_diag(&r, "E-utf8")->col, 3);
}

Test(shape, the_reader_names_are_the_tables_readers)
{
    char names[64];
    snprintf(names, sizeof names, "%s", read_names());
    size_t n = 0;
    for (char *w = strtok(names, " "); w; w = strtok(NULL, " "), n++) {
        const read_reader *rr = read_lookup(w);
        cr_assert_not_null(rr, "%s", w);
        cr_assert_str_eq(rr->name, w);
    }
    cr_assert_eq(n, 3);
    cr_assert_null(read_lookup("pdf"));
}

/* ASCII marks typed (or folded by a copy) in Chinese text are the
 * full-width ones; a number's, Latin text's and a line-start heading
 * number's stay (the heading's is N-numbering's) */
Test(shape, ascii_punctuation_in_chinese_text_is_full_width)
{
    const char *out = read_text("标题\n\n说明,如下:共计1,000件(含结转);时间10:30,是否?是!\n"
                                "Hello, world (ok).\n(一) 概述\n");
    cr_assert_str_eq(out, "标题\n\n说明，如下：共计1,000件（含结转）；时间10:30，是否？是！\n"
                          "Hello, world (ok).\n(一) 概述\n");
    cr_assert_not_null(rd_diag(&r, "N-punct"));
}
