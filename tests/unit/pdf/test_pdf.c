/*
 * Unit tests for pdf: small display lists built by hand, written with
 * pdf_write, and read back by real readers (poppler's pdftotext, pdffonts
 * and pdfinfo, qpdf, mutool) through popen.
 *
 * Tags name the requirement a test stands for: [9704 §x] is GB/T 9704-2012,
 * [STD §6] is /work/shared/STANDARDS.md §6 (PDF/A-2u).
 */
#define _GNU_SOURCE /* memmem */
#include "tp.h"

#include <math.h>
#include <sys/stat.h>

TestSuite(pdf, .init = tp_up, .fini = tp_down);

/* ---- text ----------------------------------------------------------------- */

/* [STD §6 level U] Chinese, full-width and ASCII digits, the page number
 * with U+2014 all come back from the text layer exactly. */
Test(pdf, text_comes_back_exactly)
{
    dl_list *dl = sample();
    write_file(dl, &ARCHIVE, OUT_DIR "/text.pdf", NULL);
    core_buf out = {0}, err = {0};
    cr_assert_eq(run("pdftotext -layout " OUT_DIR "/text.pdf -", &out, &err), 0);
    cr_assert_eq(err.len, 0, "pdftotext says: %s", err.data);
    const char *want[] = {"一、总体情况", "本年度共主动公开政府信息１２３条。",
                          "办理申请2022件，按时办结率100%。", "—1—"};
    for (size_t i = 0; i < 4; i++)
        cr_assert_not_null(strstr(out.data, want[i]), "missing %s in:\n%s", want[i], out.data);
    core_buf_free(&out), core_buf_free(&err);
    /* -layout drops a 1/3-em space as too narrow to be a gap; -raw keeps
     * the space characters the text layer holds */
    cr_assert_eq(run("pdftotext -raw " OUT_DIR "/text.pdf -", &out, &err), 0);
    cr_assert_not_null(strstr(out.data, "— 1 —"), "%s", out.data);
    core_buf_free(&out), core_buf_free(&err);
    dl_list_drop(dl);
}

/* Characters beyond the BMP keep their identity (surrogate pairs in the
 * ToUnicode CMap), unlike libharu's own TrueType path. */
/* `text` in WenQuanYi Zen Hei on a page (and `more` in FandolFang on a
 * second, if not NULL) comes back from pdftotext as it was set. */
static void wqy_text_back(const char *text, const char *more, const char *path)
{
    font_face *wqy;
    cr_assert_eq(font_lib_open(lib, WQY, 0, &wqy), CORE_OK);
    dl_list *dl = dl_list_new();
    add_text(dl, dl_add_page(dl, 595.28f, 841.89f), wqy, 16, 100, 700, text, 16);
    if (more)
        add_text(dl, dl_add_page(dl, 595.28f, 841.89f), fang, 16, 100, 700, more, 16);
    write_file(dl, &PLAIN, path, NULL);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext %s -", path);
    core_buf out = {0}, err = {0};
    cr_assert_eq(run(cmd, &out, &err), 0);
    cr_assert_not_null(strstr(out.data, text), "got: %s", out.data);
    cr_assert(!more || strstr(out.data, more), "got: %s", out.data);
    cr_assert_eq(err.len, 0, "%s", err.data);
    core_buf_free(&out), core_buf_free(&err);
    dl_list_drop(dl);
}

Test(pdf, text_beyond_the_bmp)
{
    wqy_text_back("𠕇堃𠕇", NULL, OUT_DIR "/nonbmp.pdf");
}

/* A glyph's CID is its id in the subset. 樂 (U+F9BF in WenQuanYi Zen Hei)
 * is composite, two deep: its components come along and take ids before
 * 𠕇's, so an id counted from the glyphs drawn alone would name another
 * character's glyph and text. */
Test(pdf, composite_glyphs_keep_their_text)
{
    wqy_text_back("\uF9BF堃𠕇", "国务院", OUT_DIR "/composite.pdf");
}

/* Every glyph lands at x + pos[i]: mutool's structured text gives each
 * character's origin, which must match the list to 0.01 pt even with
 * irregular spacing. */
Test(pdf, glyphs_land_where_the_list_says)
{
    dl_list *dl = dl_list_new();
    dl_page *p = dl_add_page(dl, 595.28f, 841.89f);
    dl_glyphs *g = add_text(dl, p, fang, 16, 100.5f, 500.25f, "二〇二二年度报告", 15.79f);
    const float jitter[] = {0, 0.37f, -0.21f, 1.5f, 0, 2.25f, -0.5f, 0.03f};
    for (uint32_t i = 0; i < g->n; i++)
        g->pos[i] += jitter[i] + (i ? 3.0f : 1.25f); /* pos[0] != 0 too */
    write_file(dl, &PLAIN, OUT_DIR "/place.pdf", NULL);
    core_buf out = {0}, err = {0};
    cr_assert_eq(run("mutool draw -F stext -o - " OUT_DIR "/place.pdf", &out, &err), 0);
    uint32_t seen = 0;
    for (const char *s = out.data; (s = strstr(s, "<char ")); s++) {
        const char *x = strstr(s, " x=\""), *y = strstr(s, " y=\"");
        cr_assert(x && y);
        float fx = strtof(x + 4, NULL), fy = strtof(y + 4, NULL);
        cr_assert_lt(seen, g->n);
        cr_assert_lt(fabsf(fx - (g->x + g->pos[seen])), 0.01f, "glyph %u at %f, want %f", seen,
                     fx, g->x + g->pos[seen]);
        cr_assert_lt(fabsf(fy - (841.89f - g->y)), 0.01f, "glyph %u y %f", seen, fy);
        seen++;
    }
    cr_assert_eq(seen, g->n, "%s", out.data);
    core_buf_free(&out), core_buf_free(&err);
    dl_list_drop(dl);
}

/* ---- fonts ---------------------------------------------------------------- */

/* [STD §6 6.2.11.4] Every font embedded, subset, with a ToUnicode map; and
 * small: a few dozen characters make a font file of a few KB. */
Test(pdf, fonts_are_embedded_subset_with_unicode_and_small)
{
    dl_list *dl = sample();
    core_buf pdf = {0};
    write_file(dl, &(pdf_options){.compress = false}, OUT_DIR "/fonts.pdf", &pdf);
    core_buf out = {0}, err = {0};
    cr_assert_eq(run("pdffonts " OUT_DIR "/fonts.pdf", &out, &err), 0);
    cr_assert_eq(err.len, 0, "%s", err.data);
    int fonts = 0;
    for (char *line = strtok(out.data + 0, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strstr(line, "CID TrueType"))
            continue;
        fonts++;
        cr_assert_not_null(strstr(line, "Identity-H"), "%s", line);
        cr_assert_not_null(strstr(line, " yes yes yes "), "not emb/sub/uni: %s", line);
        cr_assert_eq(line[6], '+', "no subset tag: %s", line);
    }
    cr_assert_eq(fonts, 2, "%s", out.data);
    /* uncompressed, so the font programs' lengths are readable */
    int progs = 0;
    for (const char *s = pdf.data; (s = memmem(s, pdf.data + pdf.len - s, "/Length1 ", 9));
         s++, progs++)
        cr_assert_lt(atol(s + 9), 30000, "a font program of %ld bytes", atol(s + 9));
    cr_assert_eq(progs, 2);
    core_buf_free(&out), core_buf_free(&err), core_buf_free(&pdf);
    dl_list_drop(dl);
}

/* [STD §6 6.2.11.8] A .notdef glyph is refused, naming the character. */
Test(pdf, notdef_is_refused)
{
    dl_list *dl = dl_list_new();
    dl_page *p = dl_add_page(dl, 595.28f, 841.89f);
    dl_glyphs *g = add_text(dl, p, fang, 16, 100, 700, "报告", 16);
    g->gid[1] = 0;
    const char *msg = tp_refused(dl, &PLAIN, CORE_EFONT, "E-font");
    cr_assert_not_null(strstr(msg, "U+544A"), "%s", msg);
    cr_assert_not_null(strstr(msg, "cannot write the PDF: "), "%s", msg);
    dl_list_drop(dl);
}

static const char *to_chinese(const char *msgid)
{
    if (!strcmp(msgid, "cannot write the PDF: %s"))
        return "无法写出 PDF：%s";
    if (!strcmp(msgid, "a glyph run on page %zu has no face"))
        return "第 %zu 页的一段文字没有字体";
    return msgid;
}

/* A failure of the writer is one error diagnostic (E-pdf, naming the
 * report), made through the caller's translation hook; what follows from
 * it (the run is refused, so the pages are not written) adds none. */
Test(pdf, failure_is_a_diagnostic_in_the_callers_language)
{
    dl_list *dl = dl_list_new();
    dl_page *p = dl_add_page(dl, 595.28f, 841.89f);
    add_text(dl, p, fang, 16, 100, 700, "报告", 16);
    dl_glyphs *g = add_text(dl, p, fang, 16, 100, 650, "年度", 16);
    g->face = NULL;
    const char *msg = tp_refused(dl, &PLAIN, CORE_EPDF, "E-pdf");
    cr_assert_str_eq(msg, "cannot write the PDF: a glyph run on page 1 has no face");
    core_diags d = {.translate = to_chinese};
    core_buf out = {0};
    cr_assert_eq(pdf_write(dl, &PLAIN, "报告.txt", &out, &d), CORE_EPDF);
    cr_assert_eq(d.n, 1);
    cr_assert_str_eq(d.v[0].message, "无法写出 PDF：第 1 页的一段文字没有字体");
    cr_assert_str_eq(d.v[0].file, "报告.txt");
    core_diags_free(&d);
    core_buf_free(&out);
    dl_list_drop(dl);
}

/* ---- structure ------------------------------------------------------------ */

/* qpdf finds nothing wrong, compressed or not, and mutool is silent. */
Test(pdf, qpdf_check_is_clean)
{
    dl_list *dl = sample();
    const pdf_options *opts[] = {&PLAIN, &ARCHIVE, &(pdf_options){.compress = false}};
    for (int i = 0; i < 3; i++) {
        char path[256], cmd[512];
        snprintf(path, sizeof path, OUT_DIR "/check%d.pdf", i);
        write_file(dl, opts[i], path, NULL);
        core_buf out = {0}, err = {0};
        snprintf(cmd, sizeof cmd, "qpdf --check %s", path);
        cr_assert_eq(run(cmd, &out, &err), 0, "%s%s", out.data, err.data);
        cr_assert_null(strstr(out.data, "WARNING"), "%s", out.data);
        cr_assert_eq(err.len, 0, "%s", err.data);
        core_buf_free(&out), core_buf_free(&err);
        snprintf(cmd, sizeof cmd, "mutool draw -q -o /dev/null %s", path);
        cr_assert_eq(run(cmd, &out, &err), 0);
        /* this mutool is built without lcms and says so for any file with
         * an ICC profile; that says nothing about the file */
        char *icc = strstr(err.data, "warning: ICC support is not available\n");
        if (icc)
            memmove(icc, icc + 38, strlen(icc + 38) + 1), err.len -= 38;
        cr_assert_eq(err.len, 0, "mutool says: %s", err.data);
        core_buf_free(&out), core_buf_free(&err);
    }
    dl_list_drop(dl);
}

/* The same list gives the same bytes (no clock, no addresses). */
Test(pdf, same_list_same_bytes)
{
    dl_list *dl = sample();
    core_buf a = {0}, b = {0};
    tp_write(dl, &ARCHIVE, &a);
    tp_write(dl, &ARCHIVE, &b);
    cr_assert_eq(a.len, b.len);
    cr_assert_eq(memcmp(a.data, b.data, a.len), 0);
    /* /ID: two equal 16-byte strings */
    const char *id = memmem(a.data, a.len, "/ID [ <", 7);
    cr_assert_not_null(id);
    cr_assert_eq(memcmp(id + 7, id + 7 + 32 + 3, 32), 0, "%.80s", id);
    core_buf_free(&a), core_buf_free(&b);
    dl_list_drop(dl);
}

/* [STD §6 6.1.2] %PDF-1.7, then a comment of at least 4 bytes above 127. */
Test(pdf, header_is_pdf17_with_binary_comment)
{
    dl_list *dl = sample();
    core_buf a = {0};
    tp_write(dl, &PLAIN, &a);
    cr_assert_eq(memcmp(a.data, "%PDF-1.7\n%", 10), 0);
    int high = 0;
    for (size_t i = 10; i < a.len && a.data[i] != '\n'; i++)
        high += (unsigned char)a.data[i] > 127;
    cr_assert_geq(high, 4);
    cr_assert_null(memmem(a.data, a.len, "/Encrypt", 8));
    cr_assert_null(memmem(a.data, a.len, "/JavaScript", 11));
    core_buf_free(&a);
    dl_list_drop(dl);
}

/* ---- metadata ------------------------------------------------------------- */

/* [STD §6 6.6] XMP says PDF/A-2u, with the title escaped, and the
 * OutputIntent is there with its profile. */
Test(pdf, xmp_claims_pdfa2u_with_escaped_title)
{
    dl_list *dl = sample();
    dl->meta.title = "报告 <草稿> & \"终稿\"";
    core_buf a = {0};
    tp_write(dl, &ARCHIVE, &a);
    const char *x = memmem(a.data, a.len, "<?xpacket begin", 15);
    cr_assert_not_null(x, "no XMP (or it is compressed)");
    const char *e = memmem(x, a.len - (x - a.data), "<?xpacket end=\"w\"?>", 19);
    cr_assert_not_null(e);
    char *xmp = strndup(x, e - x);
    cr_assert_not_null(strstr(xmp, "<pdfaid:part>2</pdfaid:part>"));
    cr_assert_not_null(strstr(xmp, "<pdfaid:conformance>U</pdfaid:conformance>"));
    cr_assert_not_null(strstr(xmp, "报告 &lt;草稿&gt; &amp; &quot;终稿&quot;"), "%s", xmp);
    cr_assert_not_null(strstr(xmp, "<rdf:Seq><rdf:li>郑东新区科技人才局</rdf:li></rdf:Seq>"));
    cr_assert_not_null(strstr(xmp, "<xmp:CreateDate>2023-01-15T00:00:00Z</xmp:CreateDate>"));
    cr_assert_not_null(strstr(xmp, "<xmp:CreatorTool>gongwen 0.1.0</xmp:CreatorTool>"));
    cr_assert_not_null(strstr(xmp, "<pdf:Producer>libharu 2.3.0</pdf:Producer>"), "%s", xmp);
    free(xmp);
    const char *keys[] = {"/OutputIntents", "/GTS_PDFA1", "/DestOutputProfile", "/N 3",
                          "/Type /Metadata", "/Subtype /XML", "/Lang (zh-CN)"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        cr_assert_not_null(memmem(a.data, a.len, keys[i], strlen(keys[i])), "no %s", keys[i]);
    cr_assert_null(memmem(a.data, a.len, "/SubType", 8));
    core_buf_free(&a);
    dl_list_drop(dl);
}

/* Without a profile: no OutputIntent, and so no PDF/A claim. */
Test(pdf, no_profile_no_claim)
{
    dl_list *dl = sample();
    core_buf a = {0};
    tp_write(dl, &PLAIN, &a);
    cr_assert_null(memmem(a.data, a.len, "/OutputIntents", 14));
    cr_assert_null(memmem(a.data, a.len, "pdfaid:part", 11));
    cr_assert_not_null(memmem(a.data, a.len, "<dc:title>", 10));
    core_buf_free(&a);
    dl_list_drop(dl);
}

/* pdfinfo shows the Chinese title and author and the document's date. */
Test(pdf, info_in_chinese_with_the_documents_date)
{
    dl_list *dl = sample();
    write_file(dl, &ARCHIVE, OUT_DIR "/info.pdf", NULL);
    core_buf out = {0}, err = {0};
    cr_assert_eq(run("pdfinfo -isodates " OUT_DIR "/info.pdf", &out, &err), 0);
    cr_assert_eq(err.len, 0, "%s", err.data);
    const char *want[][2] = {{"Title", "2022年政府信息公开工作年度报告"},
                             {"Author", "郑东新区科技人才局"},
                             {"Subject", "政府信息公开"},
                             {"Keywords", "年度报告"},
                             {"Creator", "gongwen 0.1.0"},
                             {"Producer", "libharu 2.3.0"},
                             {"CreationDate", "2023-01-15T00:00:00Z"},
                             {"ModDate", "2023-01-15T00:00:00Z"},
                             {"Pages", "1"},
                             {"Page size", "595.28 x 841.89 pts (A4)"},
                             {"PDF version", "1.7"}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *v = info_field(out.data, want[i][0]);
        cr_assert(v && strcmp(v, want[i][1]) == 0, "%s: want \"%s\" in:\n%s", want[i][0],
                  want[i][1], out.data);
    }
    core_buf_free(&out), core_buf_free(&err);
    dl_list_drop(dl);
}

/* SOURCE_DATE_EPOCH (the list's epoch) wins over the calendar date. */
Test(pdf, epoch_gives_the_date)
{
    dl_list *dl = sample();
    dl->meta.epoch = 1700000000; /* 2023-11-14 22:13:20 UTC */
    write_file(dl, &PLAIN, OUT_DIR "/epoch.pdf", NULL);
    core_buf out = {0}, err = {0};
    cr_assert_eq(run("pdfinfo -isodates " OUT_DIR "/epoch.pdf", &out, &err), 0);
    const char *v = info_field(out.data, "CreationDate");
    cr_assert(v && strcmp(v, "2023-11-14T22:13:20Z") == 0, "%s", out.data);
    core_buf_free(&out), core_buf_free(&err);
    dl_list_drop(dl);
}

/* Bookmarks: level 1 under the root, level 2 under it, Chinese titles. */
Test(pdf, outline_lists_the_anchors)
{
    dl_list *dl = sample();
    dl_page *p2 = dl_add_page(dl, 595.28f, 841.89f);
    add_anchor(dl, p2, 1, "二、主动公开政府信息情况", 737);
    add_text(dl, p2, hei, 16, 79.37f, 716.44f, "二、主动公开政府信息情况", 15.79f);
    write_file(dl, &PLAIN, OUT_DIR "/outline.pdf", NULL);
    core_buf out = {0}, err = {0};
    cr_assert_eq(run("mutool show " OUT_DIR "/outline.pdf outline", &out, &err), 0);
    cr_assert_eq(err.len, 0, "%s", err.data);
    const char *a = strstr(out.data, "一、总体情况"), *b = strstr(out.data, "（一）主动公开"),
               *c = strstr(out.data, "二、主动公开政府信息情况");
    cr_assert(a && b && c && a < b && b < c, "%s", out.data);
    /* the level-2 entry is indented under its parent */
    const char *line = b;
    while (line > out.data && line[-1] != '\n')
        line--;
    cr_assert(line[0] == '\t' || line[0] == ' ' || line[1] == '\t', "not nested: %s", out.data);
    core_buf_free(&out), core_buf_free(&err);
    dl_list_drop(dl);
}

/* ---- content -------------------------------------------------------------- */

/* [9704 §6.2] Red is written as CMYK when there is no RGB OutputIntent;
 * emboldening strokes the outline; rules and rectangles. */
Test(pdf, content_operators)
{
    dl_list *dl = sample();
    dl_page *p = &dl->pages[0];
    dl_glyphs *g = add_text(dl, p, hei, 22, 150, 780, "郑东新区科技人才局", 22);
    g->embolden = 0.4f;
    g->color = RED;
    dl_op op = {.kind = DL_RECT};
    op.u.rect = (dl_rect){100, 100, 50, 20, BLACK};
    dl_add_op(dl, p, &op);
    core_buf a = {0};
    tp_write(dl, &(pdf_options){.compress = false}, &a);
    const char *want[] = {"0 0.8 0.8 0 K\n1 w\n79.37 600 m 521.57 600 l S\n", "0 g\nBT /F1 16 Tf",
                          "0 0.8 0.8 0 k\n0.4 w\nBT /F1 22 Tf 1 0 0 1 150 780 Tm 2 Tr [<",
                          "] TJ 0 Tr ET\n", "0 g\n100 100 50 20 re f\n"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert_not_null(memmem(a.data, a.len, want[i], strlen(want[i])), "no %s", want[i]);
    core_buf_free(&a);
    dl_list_drop(dl);
}

/* Numbers are plain decimals: at most 3 places, rounded half away from
 * zero, trailing zeros trimmed, no "-0", no exponent, whatever the locale. */
Test(pdf, numbers_are_plain_decimals)
{
    dl_list *dl = dl_list_new();
    dl_page *p = dl_add_page(dl, 595.28f, 841.89f);
    dl_op op = {.kind = DL_RULE};
    op.u.rule = (dl_rule){-0.0004f, 100.0625f, 1e-7f, -12.3456f, 0.25f, BLACK};
    dl_add_op(dl, p, &op);
    op.u.rule = (dl_rule){1e-30f, 30000.5f, 4.0f, 0.0005f, 2.0f, BLACK};
    dl_add_op(dl, p, &op);
    core_buf a = {0};
    tp_write(dl, &(pdf_options){.compress = false}, &a);
    const char *want[] = {"0.25 w\n0 100.063 m 0 -12.346 l S\n", "2 w\n0 30000.5 m 4 0.001 l S\n"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert_not_null(memmem(a.data, a.len, want[i], strlen(want[i])), "no %s", want[i]);
    cr_assert_null(memmem(a.data, a.len, "-0 ", 3));
    core_buf_free(&a);
    dl_list_drop(dl);
}

/* With an RGB OutputIntent, DeviceCMYK may not appear (PDF/A 6.2.4.3):
 * red is written as RGB, black stays DeviceGray. */
Test(pdf, rgb_intent_writes_rgb)
{
    dl_list *dl = sample();
    core_buf a = {0};
    tp_write(dl, &(pdf_options){.icc = ARCHIVE.icc, .icc_len = ARCHIVE.icc_len, .icc_name = SRGB},
             &a);
    cr_assert_not_null(memmem(a.data, a.len, "1 0.2 0.2 RG\n", 13));
    cr_assert_null(memmem(a.data, a.len, " k\n", 3));
    cr_assert_null(memmem(a.data, a.len, " K\n", 3));
    core_buf_free(&a);
    dl_list_drop(dl);
}

/* ---- failures ------------------------------------------------------------- */

/* A wrong profile is a CORE_EPDF with a message, not a crash (a missing one
 * is the engine's to report: pdf opens no file). */
Test(pdf, bad_profile_is_an_error)
{
    dl_list *dl = sample();
    pdf_options o = tp_icc(FONT_DIR "/fandol/FandolFang-Regular.ttf", true);
    const char *msg = tp_refused(dl, &o, CORE_EPDF, "E-pdf");
    cr_assert(strstr(msg, "not an ICC profile"), "%s", msg);
    dl_list_drop(dl);
}

/* A copy of `path` with the OS/2 fsType set to `fs_type`. */
static const char *font_with_fstype(const char *path, unsigned fs_type, const char *out_name)
{
    static char out[512];
    core_buf b = {0};
    const char *why;
    cr_assert_eq(core_file_read(path, &b, &why), CORE_OK);
    unsigned char *d = (unsigned char *)b.data;
    unsigned ntables = d[4] << 8 | d[5];
    bool found = false;
    for (unsigned i = 0; i < ntables; i++) {
        unsigned char *e = d + 12 + 16 * i;
        if (memcmp(e, "OS/2", 4) == 0) {
            size_t off = (size_t)e[8] << 24 | e[9] << 16 | e[10] << 8 | e[11];
            d[off + 8] = (unsigned char)(fs_type >> 8), d[off + 9] = (unsigned char)fs_type;
            found = true;
        }
    }
    cr_assert(found);
    snprintf(out, sizeof out, OUT_DIR "/%s", out_name);
    FILE *f = fopen(out, "wb");
    cr_assert_not_null(f);
    fwrite(b.data, 1, b.len, f);
    fclose(f);
    core_buf_free(&b);
    return out;
}

/* [STD §6] A font whose licence forbids embedding is refused by name. */
Test(pdf, font_that_forbids_embedding_is_refused)
{
    font_face *locked;
    const char *path =
        font_with_fstype(FONT_DIR "/fandol/FandolFang-Regular.ttf", 0x0002, "locked.ttf");
    cr_assert_eq(font_lib_open(lib, path, 0, &locked), CORE_OK);
    cr_assert_not(font_face_info(locked)->embeddable);
    dl_list *dl = dl_list_new();
    dl_page *p = dl_add_page(dl, 595.28f, 841.89f);
    add_text(dl, p, locked, 16, 100, 700, "报告", 16);
    const char *msg = tp_refused(dl, &PLAIN, CORE_EFONT, "E-font");
    cr_assert(strstr(msg, "embedding") && strstr(msg, "locked.ttf"), "%s", msg);
    dl_list_drop(dl);
}

/* A list with no glyphs, or no pages, still gives a file qpdf accepts. */
Test(pdf, empty_lists)
{
    for (int pages = 0; pages < 2; pages++) {
        dl_list *dl = dl_list_new();
        if (pages)
            dl_add_page(dl, 595.28f, 841.89f);
        write_file(dl, &ARCHIVE, OUT_DIR "/empty.pdf", NULL);
        core_buf out = {0}, err = {0};
        cr_assert_eq(run("qpdf --check " OUT_DIR "/empty.pdf", &out, &err), 0, "%s%s", out.data,
                     err.data);
        core_buf_free(&out), core_buf_free(&err);
        dl_list_drop(dl);
    }
}

/* ---- scale ---------------------------------------------------------------- */

/* 200 pages of 22 lines x 28 characters: written in well under a second,
 * the same bytes twice, and each page's text where it belongs. */
Test(pdf, two_hundred_pages)
{
    static const char body[] = "本年度主动公开政府信息共计一百二十三条其中规范性文件十二件政策解读";
    dl_list *dl = dl_list_new();
    set_meta(dl, "长报告");
    for (int i = 0; i < 200; i++) {
        dl_page *p = dl_add_page(dl, 595.28f, 841.89f);
        char num[32];
        snprintf(num, sizeof num, "— %d —", i + 1);
        add_anchor(dl, p, 1 + i % 2, "一、总体情况", 737);
        for (int l = 0; l < 22; l++)
            add_text(dl, p, fang, 16, 79.37f, 716.44f - l * 28.99f, body, 15.79f);
        add_text(dl, p, fang, 14, 480, 79.37f, num, 0);
    }
    core_buf a = {0}, b = {0};
    clock_t t0 = clock();
    tp_write(dl, &ARCHIVE, &a);
    double ms = (clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
    cr_log_info("200 pages: %zu bytes in %.1f ms", a.len, ms);
    cr_assert_lt(ms, 1000);
    tp_write(dl, &ARCHIVE, &b);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    FILE *f = fopen(OUT_DIR "/long.pdf", "wb");
    fwrite(a.data, 1, a.len, f);
    fclose(f);
    core_buf out = {0}, err = {0};
    cr_assert_eq(run("pdftotext -raw -f 137 -l 137 " OUT_DIR "/long.pdf -", &out, &err), 0);
    cr_assert_not_null(strstr(out.data, "— 137 —"), "%s", out.data);
    cr_assert_not_null(strstr(out.data, body), "%s", out.data);
    core_buf_free(&out), core_buf_free(&err);
    cr_assert_eq(run("qpdf --check " OUT_DIR "/long.pdf", &out, &err), 0);
    cr_assert_null(strstr(out.data, "WARNING"));
    core_buf_free(&out), core_buf_free(&err), core_buf_free(&a), core_buf_free(&b);
    dl_list_drop(dl);
}
