/*
 * libFuzzer harness over layout files (issue 13: the fuzzers never reached
 * them). The input is a layout file's bytes; a fixed short report (title,
 * headings, a paragraph, the standard 表二, a signature with a long agency)
 * is laid out with it and written to a PDF in memory. What must hold:
 *   - a layout file is either refused with located E-layout errors, or
 *   - the report lays out (or is refused with an error saying why: a table
 *     too wide, the page limit), every glyph inside the text area (page
 *     numbers in the bottom margin), and the PDF writer never fails (E-pdf
 *     is for internal failures, never for a layout's values).
 * Built with -DGONGWEN_FUZZ=ON (clang); see tests/fuzz/README.md.
 */
#include "check/check.h"
#include "fuzz_data.h"
#include "layout/layout.h"
#include "parse/parse.h"
#include "pdf/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char REPORT[] =
    "某某局2024年政府信息公开工作年度报告\n\n"
    "一、总体情况\n\n"
    "（一）主动公开。本年度主动公开政府信息1234条，其中规章3件（详见表二）；"
    "“严格依法、全面真实、注重实效、及时便民”，ABC 2024 年度 Latin words.\n\n"
    "二、主动公开政府信息情况\n\n"
    "第二十条第（一）项\t\t\t\n"
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    "规章\t3\t1\t12\n"
    "行政规范性文件\t0\t0\t0\n"
    "第二十条第（五）项\t\t\t\n"
    "信息内容\t本年处理决定数量\t\t\n"
    "行政许可\t25\t\t\n"
    "第二十条第（六）项\t\t\t\n"
    "信息内容\t本年处理决定数量\t\t\n"
    "行政处罚\t0\t\t\n"
    "行政强制\t0\t\t\n"
    "第二十条第（八）项\t\t\t\n"
    "信息内容\t本年收费金额（单位：万元）\t\t\n"
    "行政事业性收费\t0\t\t\n\n"
    "三、其他需要报告的事项\n\n"
    "特此报告。\n\n"
    "@agency 郑州市郑东新区管理委员会科技人才局政府信息公开工作领导小组办公室\n"
    "@date 2024年1月15日\n";

typedef struct fixture {
    font_lib *lib;
    doc_document *doc;
    core_buf terms;
} fixture;

static fixture F;

static void drop_fixture(void)
{
    doc_document_drop(F.doc);
    font_lib_drop(F.lib);
    core_buf_free(&F.terms);
}

static void setup(void)
{
    core_diags d = {0};
    const char *why = NULL;
    if (font_lib_new(GONGWEN_SOURCE_DIR "/fonts", &d, &F.lib) != CORE_OK)
        abort();
    if (parse_document("fuzz.txt", REPORT, sizeof REPORT - 1, &d, &F.doc) != CORE_OK ||
        form_apply(fuzz_templates(), F.doc, &d) != CORE_OK)
        abort();
    check_options co = {0};
    if (check_document(F.doc, &co, &d) != CORE_OK)
        abort(); /* the fixed report is consistent */
    core_file_read(GONGWEN_SOURCE_DIR "/layouts/title-terms.txt", &F.terms, &why);
    core_diags_free(&d);
    atexit(drop_fixture);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!F.lib)
        setup();
    core_diags d = {0};
    layout_style *s = NULL;
    dl_list *dl = NULL;
    core_buf pdf = {0};
    if (layout_style_parse("fuzz.ini", (const char *)data, size, &d, &s) != CORE_OK) {
        if (d.errors == 0)
            abort(); /* a refusal says why */
        goto done;
    }
    layout_style_set_terms(s, F.terms.data, F.terms.len);
    layout_fonts f = {0};
    if (layout_fonts_resolve(s, F.lib, &d, &f) != CORE_OK)
        goto done; /* families no font has: E-font */
    size_t errors = d.errors;
    core_status st = layout_document(F.doc, s, &f, &d, &dl);
    if (st != CORE_OK || d.errors > errors) {
        if (d.errors == errors)
            abort();
        goto done;
    }
    if (dl->overflow)
        goto done; /* E-limit in the engine */
    core_buf out = {0};
    if (dl_count_outside(dl, 0.5f, &out) > 0) {
        fprintf(stderr, "glyphs outside the text area:\n%.*s", (int)(out.len < 2000 ? out.len : 2000),
                out.data);
        abort();
    }
    core_buf_free(&out);
    pdf_options po = {.compress = false};
    core_diags pd = {0};
    if (pdf_write(dl, &po, "fuzz.txt", &pdf, &pd) != CORE_OK) {
        fprintf(stderr, "E-pdf from a layout that was accepted: %s\n",
                pd.n ? pd.v[0].message : "?");
        abort();
    }
    core_diags_free(&pd);
done:
    core_buf_free(&pdf);
    dl_list_drop(dl);
    layout_style_drop(s);
    core_diags_free(&d);
    return 0;
}
