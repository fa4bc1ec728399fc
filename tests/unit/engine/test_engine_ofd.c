/*
 * Unit tests for the engine's OFD calls: engine_build_ofd and
 * engine_build_pdf_ofd (one layout, both outputs) give the very bytes of
 * the separate builds, and a refused report gives neither.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "engine/engine.h"

static engine *e;

static void up(void)
{
    core_diags d = {0};
    engine_options o = {.data_dir = GONGWEN_SOURCE_DIR};
    cr_assert_eq(engine_new(&o, &d, &e), CORE_OK);
    core_diags_free(&d);
}

static void down(void) { engine_drop(e); }

TestSuite(engine_ofd, .init = up, .fini = down);

static void read_example(core_buf *in)
{
    const char *why = NULL;
    cr_assert_eq(core_file_read(GONGWEN_SOURCE_DIR "/examples/report-2022.txt", in, &why),
                 CORE_OK, "%s", why);
}

static bool same(const core_buf *a, const core_buf *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

Test(engine_ofd, both_from_one_layout_are_the_separate_builds)
{
    core_buf in = {0}, pdf = {0}, ofd = {0}, pdf2 = {0}, ofd2 = {0};
    core_diags d = {0};
    read_example(&in);
    cr_assert_eq(engine_build(e, "r.txt", in.data, in.len, &pdf, &d), CORE_OK);
    cr_assert_eq(engine_build_ofd(e, "r.txt", in.data, in.len, &ofd, &d), CORE_OK);
    cr_assert_eq(engine_build_pdf_ofd(e, "r.txt", in.data, in.len, &pdf2, &ofd2, &d), CORE_OK);
    cr_assert(pdf.len > 1000 && !memcmp(pdf.data, "%PDF-", 5));
    cr_assert(ofd.len > 1000 && !memcmp(ofd.data, "PK\3\4", 4), "not a ZIP");
    cr_assert(same(&pdf, &pdf2), "the PDF of the joint build differs");
    cr_assert(same(&ofd, &ofd2), "the OFD of the joint build differs");
    core_buf_free(&in), core_buf_free(&pdf), core_buf_free(&ofd);
    core_buf_free(&pdf2), core_buf_free(&ofd2);
    core_diags_free(&d);
}

Test(engine_ofd, refused_report_gives_no_ofd)
{
    core_buf pdf = {0}, ofd = {0};
    core_diags d = {0};
    const char bad[] = "标题\n\n一、总体情况\n\n\x01\n";
    cr_assert_neq(engine_build_ofd(e, "bad.txt", bad, sizeof bad - 1, &ofd, &d), CORE_OK);
    cr_assert_gt(d.errors, 0);
    cr_assert_neq(engine_build_pdf_ofd(e, "bad.txt", bad, sizeof bad - 1, &pdf, &ofd, &d),
                  CORE_OK);
    cr_assert_eq(ofd.len, 0);
    cr_assert_eq(pdf.len, 0);
    core_diags_free(&d);
}
