/*
 * Unit tests for the prose checks (check/check-prose.c through the engine,
 * so that the phrase table of layouts/prose/ is the one used): each phrase
 * kind on a sentence as real reports write it, put into the example's
 * 依申请公开 paragraph. The example's tables are all 0, so the sentence with
 * its published figure contradicts them (one W-prose at the sentence) and
 * the same sentence with 0 does not; --strict makes it an error; figures
 * that cannot be placed are silent.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "engine/engine.h"

static engine *e, *strict_e;
static core_diags d;

static void up(void)
{
    core_diags x = {0};
    engine_options o = {.data_dir = GONGWEN_SOURCE_DIR};
    cr_assert_eq(engine_new(&o, &x, &e), CORE_OK);
    o.strict = true;
    cr_assert_eq(engine_new(&o, &x, &strict_e), CORE_OK);
    core_diags_free(&x);
}

static void down(void)
{
    engine_drop(e);
    engine_drop(strict_e);
    core_diags_free(&d);
}

TestSuite(prose, .init = up, .fini = down);

/* The example with `sentence` as the 依申请公开 paragraph and, if `from` is
 * given, its first occurrence replaced by `to`; checked into d. */
static core_status check_with(engine *en, const char *sentence, const char *from, const char *to)
{
    core_buf in = {0}, out = {0};
    const char *why = NULL;
    cr_assert_eq(core_file_read(GONGWEN_SOURCE_DIR "/examples/report-2022.txt", &in, &why),
                 CORE_OK, "%s", why);
    core_buf_append(&in, "", 1);
    const char *p = strstr(in.data, "(二) 依申请公开。");
    const char *eol = strchr(p, '\n');
    core_buf_append(&out, in.data, (size_t)(p - in.data));
    core_buf_printf(&out, "(二) 依申请公开。%s", sentence);
    const char *rest = eol;
    if (from) {
        const char *f = strstr(rest, from);
        cr_assert(f, "%s not in the example", from);
        core_buf_append(&out, rest, (size_t)(f - rest));
        core_buf_puts(&out, to);
        rest = f + strlen(from);
    }
    core_buf_puts(&out, rest);
    core_diags_free(&d);
    core_status st = engine_check(en, "t.txt", out.data, out.len, &d);
    core_buf_free(&in);
    core_buf_free(&out);
    return st;
}

static size_t count(const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d.n; i++)
        n += !strcmp(d.v[i].code, code);
    return n;
}

static const core_diag *first(const char *code)
{
    for (size_t i = 0; i < d.n; i++)
        if (!strcmp(d.v[i].code, code))
            return &d.v[i];
    return NULL;
}

/* the published sentence contradicts the zeros; with 0 it agrees */
static void kind(const char *published, const char *zero, const char *says)
{
    cr_assert_eq(check_with(e, published, NULL, NULL), CORE_OK);
    cr_assert_eq(count("W-prose"), 1, "%s: %zu W-prose", published, count("W-prose"));
    const core_diag *g = first("W-prose");
    cr_assert(strstr(g->message, says), "%s", g->message);
    cr_assert_eq(g->line, 11);
    cr_assert_eq(check_with(e, zero, NULL, NULL), CORE_OK);
    cr_assert_eq(count("W-prose"), 0, "%s: %zu W-prose", zero, count("W-prose"));
}

Test(prose, received_applications)
{
    kind("市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%。",
         "市政府办公厅代表市政府共受理政府信息公开申请0件，申请数量较去年回落12.3%。",
         "受理 859件");
    kind("2023年度我局共收到依申请信息公开26件，及时回复申请人。",
         "2023年度我局共收到依申请信息公开0件，及时回复申请人。", "收到 26件");
}

Test(prose, results)
{
    kind("予以公开及部分公开258件，占33.9%。", "予以公开及部分公开0件。", "表三 三.一 + 三.二 = 0件");
    kind("不予公开35件，占4.34%。", "不予公开0件。", "不予公开 35件");
    kind("因本机关不掌握等原因无法提供265件，占32.9%。", "因本机关不掌握等原因无法提供0件。",
         "三.四.*");
    kind("不予处理158件，占19.6%；其他处理0件。", "不予处理0件；其他处理0件。", "不予处理 158件");
    kind("答复政府信息公开申请805件（含上年度结转申请0件）。",
         "答复政府信息公开申请0件（含上年度结转申请0件）。", "答复 805件");
    kind("答复政府信息公开申请0件（含上年度结转申请18件）。",
         "答复政府信息公开申请0件（含上年度结转申请0件）。", "上年度结转 18件");
    kind("结转下年度继续办理31件。", "结转下年度继续办理0件。", "结转下年度 31件");
}

Test(prose, review_and_litigation)
{
    kind("信息公开类行政复议7件，均已办结。", "信息公开类行政复议0件。", "行政复议 7件");
    kind("发生政府信息公开行政诉讼9件。", "发生政府信息公开行政诉讼0件。", "行政诉讼 9件");
}

/* 均获维持 against 尚未审结 (2019 上海: 复议 尚未审结 2) */
Test(prose, all_upheld_against_pending)
{
    cr_assert_eq(check_with(e, "行政复议0件，均获维持。", NULL, NULL), CORE_OK);
    cr_assert_eq(count("W-prose"), 0);
    /* 表四's 15 numbers: 复议 维持 0 纠正 0 其他 0 尚未审结 2 总计 2 */
    cr_assert_eq(check_with(e, "行政复议2件，均获维持。", "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
                            "0\t0\t0\t2\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"),
                 CORE_OK);
    cr_assert_eq(count("W-prose"), 1);
    cr_assert(strstr(first("W-prose")->message, "复议.未审 = 2"), "%s", first("W-prose")->message);
}

Test(prose, fees_converted)
{
    kind("本年行政事业性收费0.5万元。", "本年行政事业性收费0万元。", "0.5万元");
    /* 1.5 万元 in the table = 15000元 in the text */
    cr_assert_eq(check_with(e, "全年收费15000元。", "行政事业性收费\t0", "行政事业性收费\t1.5"),
                 CORE_OK);
    cr_assert_eq(count("W-prose"), 0);
    cr_assert_eq(check_with(e, "全年收费15001元。", "行政事业性收费\t0", "行政事业性收费\t1.5"),
                 CORE_OK);
    cr_assert_eq(count("W-prose"), 1);
}

/* 占X% recomputed from 表三's totals, rounded or truncated as written
 * (real figures: tests/e2e/test_prose.sh on 2019 上海) */
Test(prose, percentages)
{
    const char *from = "(七) 总计\t\t0\t0\t0\t0\t0\t0\t0";
    const char *to = "(七) 总计\t\t805\t0\t0\t0\t0\t0\t805";
    /* the sums break now; only the prose check is looked at */
    check_with(e, "不予公开0件，占0.00%。", from, to);
    cr_assert_eq(count("W-prose"), 0);
    check_with(e, "不予公开0件，占5%。", from, to);
    cr_assert_eq(count("W-prose"), 1);
    cr_assert(strstr(first("W-prose")->message, "5%"), "%s", first("W-prose")->message);
}

/* what cannot be placed is silent: another subject, a year, no unit */
Test(prose, unplaced_figures_are_silent)
{
    const char *s[] = {"全年受理网络问政182件。", "收到2024年的申请。", "予以公开的信息249条。",
                       "政策性文件12件，行政许可事项办理时限压缩30%。"};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
        cr_assert_eq(check_with(e, s[i], NULL, NULL), CORE_OK);
        cr_assert_eq(count("W-prose"), 0, "%s", s[i]);
    }
}

Test(prose, strict_makes_it_an_error)
{
    cr_assert_eq(check_with(strict_e, "共受理政府信息公开申请5件。", NULL, NULL), CORE_ECHECK);
    cr_assert_eq(count("E-prose"), 1);
    cr_assert_eq(check_with(strict_e, "共受理政府信息公开申请0件。", NULL, NULL), CORE_OK);
}

/* Sums the prose spells out: "A件 + B件[ = C件]", "A件、B件[，]共C件". The
 * sum (or its written total) is the figure held against the cells; parts
 * that do not add up to the written total are a warning of their own. */
static const char four_zero[] = "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0";
static const char four_five[] = "3\t2\t0\t0\t5\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0";

static void sum_case(const char *sentence, size_t warnings, const char *says)
{
    cr_assert_eq(check_with(e, sentence, four_zero, four_five), CORE_OK);
    cr_assert_eq(count("W-prose"), warnings, "%s: %zu W-prose", sentence, count("W-prose"));
    if (says)
        cr_assert(strstr(first("W-prose")->message, says), "%s", first("W-prose")->message);
    for (size_t i = 0; i < d.n; i++)
        if (!strcmp(d.v[i].code, "W-prose"))
            cr_assert_eq(d.v[i].line, 11, "at the sentence");
}

Test(prose, spelled_sums)
{
    /* 表四 复议: 维持 3, 纠正 2, 总计 5 */
    sum_case("全年发生政府信息公开行政复议3件+2件，均已办结。", 0, NULL);
    sum_case("全年发生政府信息公开行政复议3件 + 2件 = 5件，均已办结。", 0, NULL);
    sum_case("全年发生政府信息公开行政复议3件、2件，共5件。", 0, NULL);
    sum_case("全年发生政府信息公开行政复议3件、2件共计5件。", 0, NULL);
    /* the parts add up, the total contradicts 表四 */
    sum_case("全年发生政府信息公开行政复议3件+3件，均已办结。", 1, "行政复议 3件+3件, but the table has");
    /* the parts do not add up to the total written, which is right */
    sum_case("全年发生政府信息公开行政复议3件+1件=5件，均已办结。", 1,
             "its parts add up to 4件, not 5件");
    /* both wrong: two warnings, the sum's first */
    sum_case("全年发生政府信息公开行政复议3件、2件共6件。", 2, "its parts add up to 5件, not 6件");
    /* a list without its total is no sum: the first figure as before */
    sum_case("全年发生政府信息公开行政复议3件、2件为当面提交。", 1, "行政复议 3件, but");
    /* the published figure of the issue: 272 + 3 against zeros */
    cr_assert_eq(check_with(e, "予以公开及部分公开272件+3件=275件。", NULL, NULL), CORE_OK);
    cr_assert_eq(count("W-prose"), 1);
    cr_assert(strstr(first("W-prose")->message, "272件+3件=275件, but the table has"), "%s",
              first("W-prose")->message);
    cr_assert_eq(check_with(e, "予以公开及部分公开0件+0件=0件。", NULL, NULL), CORE_OK);
    cr_assert_eq(count("W-prose"), 0);
    /* --strict: an error */
    cr_assert_eq(check_with(strict_e, "全年发生政府信息公开行政复议3件+1件=5件。", four_zero, four_five),
                 CORE_ECHECK);
    cr_assert_eq(count("E-prose"), 1);
}
