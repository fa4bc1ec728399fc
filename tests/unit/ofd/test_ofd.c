/*
 * Unit tests for ofd: small display lists built by hand, written with
 * ofd_write, and read back through libzip and libxml2's parser and XPath
 * (the writer's own code is not used to read). The end-to-end test
 * (tests/e2e/test_ofd.sh) validates against the schemas and renders.
 *
 * Tags: [33190 §x] is GB/T 33190-2016, [42133] GB/T 42133-2022 (OFD-A) as
 * docs/OFD.md lists its rules.
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "ofd/ofd.h"
#include "../refusal.h"

#define FONT_DIR GONGWEN_SOURCE_DIR "/fonts"
#define A4_W 595.28f
#define A4_H 841.89f
#define MM(pt) ((pt) * 25.4 / 72.0)

static font_lib *lib;
static font_face *fang;
static const dl_color BLACK = {0, 0, 0, 1};

static void up(void)
{
    core_diags d = {0};
    cr_assert_eq(font_lib_new(FONT_DIR, &d, &lib), CORE_OK);
    core_diags_free(&d);
    const char *fam[] = {"FandolFang"};
    font_match m;
    cr_assert_eq(font_lib_resolve(lib, fam, 1, &fang, &m), CORE_OK);
}

static void down(void) { font_lib_drop(lib); }

TestSuite(ofd, .init = up, .fini = down);

/* ---- building lists -------------------------------------------------------- */

/* A run of utf8 at (x, y), glyph i at pos[i] (or i * 16 when pos is NULL). */
static dl_glyphs *text(dl_list *dl, dl_page *p, float x, float y, const char *utf8,
                       const float *pos)
{
    size_t len = strlen(utf8);
    dl_op op = {.kind = DL_GLYPHS};
    dl_glyphs *g = &op.u.glyphs;
    g->face = fang, g->size = 16, g->x = x, g->y = y, g->color = BLACK;
    g->gid = core_arena_alloc(dl->arena, len * sizeof *g->gid);
    g->pos = core_arena_alloc(dl->arena, len * sizeof *g->pos);
    g->cp = core_arena_alloc(dl->arena, len * sizeof *g->cp);
    g->src = core_arena_alloc(dl->arena, len * sizeof *g->src);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = core_utf8_decode(utf8 + i, len - i, &cp);
        cr_assert(k > 0);
        g->gid[g->n] = font_face_glyph(fang, cp), g->cp[g->n] = cp, g->src[g->n] = i;
        g->pos[g->n] = pos ? pos[g->n] : 16.0f * g->n;
        g->n++, i += k;
    }
    return &dl_add_op(dl, p, &op)->u.glyphs;
}

static void anchor(dl_list *dl, dl_page *p, int level, const char *title, float y)
{
    dl_op op = {.kind = DL_ANCHOR, .u.anchor = {level, title, y}};
    dl_add_op(dl, p, &op);
}

static dl_list *one_page(dl_page **p)
{
    dl_list *dl = dl_list_new();
    dl->meta.title = "测试报告";
    dl->meta.creator = "gongwen 0.1.0";
    *p = dl_add_page(dl, A4_W, A4_H);
    return dl;
}

/* ---- reading back ------------------------------------------------------------ */

typedef struct pkg {
    core_buf bytes;
    zip_t *z;
    zip_source_t *src;
} pkg;

static void pkg_write(const dl_list *dl, pkg *k)
{
    core_diags d = {0};
    memset(k, 0, sizeof *k);
    cr_assert_eq(ofd_write(dl, "t.txt", &k->bytes, &d), CORE_OK, "ofd_write: %s",
                 d.n ? d.v[0].message : "no diagnostic");
    cr_assert_eq(d.n, 0);
    core_diags_free(&d);
    zip_error_t ze;
    zip_error_init(&ze);
    k->src = zip_source_buffer_create(k->bytes.data, k->bytes.len, 0, &ze);
    k->z = zip_open_from_source(k->src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    cr_assert_not_null(k->z, "not a ZIP: %s", zip_error_strerror(&ze));
}

static void pkg_drop(pkg *k)
{
    zip_close(k->z);
    core_buf_free(&k->bytes);
}

static xmlDocPtr pkg_xml(pkg *k, const char *name)
{
    zip_stat_t s;
    cr_assert_eq(zip_stat(k->z, name, 0, &s), 0, "no part %s", name);
    char *b = malloc(s.size);
    zip_file_t *f = zip_fopen(k->z, name, 0);
    cr_assert_eq(zip_fread(f, b, s.size), (zip_int64_t)s.size);
    zip_fclose(f);
    xmlDocPtr d = xmlReadMemory(b, (int)s.size, name, NULL, XML_PARSE_NONET);
    free(b);
    cr_assert_not_null(d, "%s is not XML", name);
    return d;
}

/* The string value of an XPath expression over doc ("" when none). */
static char *xp(xmlDocPtr d, const char *expr)
{
    static char out[4096];
    xmlXPathContextPtr c = xmlXPathNewContext(d);
    xmlXPathRegisterNs(c, BAD_CAST "ofd", BAD_CAST "http://www.ofdspec.org/2016");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, c);
    xmlChar *s = r ? xmlXPathCastToString(r) : NULL;
    snprintf(out, sizeof out, "%s", s ? (const char *)s : "");
    xmlFree(s);
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(c);
    return out;
}

static double xpn(xmlDocPtr d, const char *expr) { return strtod(xp(d, expr), NULL); }

#define PAGE0 "Doc_0/Pages/Page_0/Content.xml"

/* ---- tests -------------------------------------------------------------------- */

/* [33190 §11.3] Every glyph lands at the list's place: X/Y of the TextCode
 * plus the Boundary's origin, then DeltaX ("g N d" expanded), in mm from
 * the top-left corner, within 0.0001 mm, even with irregular spacing. */
Test(ofd, glyphs_land_where_the_list_says)
{
    dl_page *p;
    dl_list *dl = one_page(&p);
    const float pos[] = {1.25f, 17.0f, 33.0f, 49.0f, 65.0f, 83.37f, 99.1f};
    dl_glyphs *g = text(dl, p, 100.5f, 500.25f, "二〇二二年度报", pos);
    pkg k;
    pkg_write(dl, &k);
    xmlDocPtr d = pkg_xml(&k, PAGE0);
    double bx, by, bw, bh;
    cr_assert_eq(sscanf(xp(d, "//ofd:TextObject/@Boundary"), "%lf %lf %lf %lf", &bx, &by, &bw,
                        &bh), 4);
    double x = bx + xpn(d, "//ofd:TextCode/@X"), y = by + xpn(d, "//ofd:TextCode/@Y");
    cr_assert_lt(fabs(y - MM(A4_H - 500.25)), 1e-4, "y %f", y);
    char deltas[1024];
    snprintf(deltas, sizeof deltas, "%s", xp(d, "//ofd:TextCode/@DeltaX"));
    cr_assert_str_eq(xp(d, "//ofd:TextCode"), "二〇二二年度报");
    double step[64];
    uint32_t n = 0;
    for (char *t = strtok(deltas, " "); t; t = strtok(NULL, " ")) {
        int reps = 1;
        if (!strcmp(t, "g")) /* "g N d": N steps of d */
            reps = atoi(strtok(NULL, " ")), t = strtok(NULL, " ");
        for (int r = 0; r < reps && n < 64; r++)
            step[n++] = strtod(t, NULL);
    }
    cr_assert_eq(n, g->n - 1, "DeltaX has %u steps for %u glyphs", n, g->n);
    for (uint32_t i = 0; i < g->n; i++) {
        cr_assert_lt(fabs(x - MM(g->x + g->pos[i])), 1e-4, "glyph %u at %f", i, x);
        cr_assert(x >= bx && x <= bx + bw, "glyph %u outside its Boundary", i);
        if (i + 1 < g->n)
            x += step[i];
    }
    xmlFreeDoc(d);
    pkg_drop(&k);
    dl_list_drop(dl);
}

/* [33190 §11.4] A glyph the cmap would not give for its character (here
 * the glyph of 一 standing for 二) is named by a CGTransform with its id in
 * the subset; glyphs the cmap gives get none. */
Test(ofd, glyph_not_from_the_cmap_gets_a_cgtransform)
{
    dl_page *p;
    dl_list *dl = one_page(&p);
    dl_glyphs *g = text(dl, p, 100, 500, "一二三", NULL);
    g->gid[1] = g->gid[0];
    text(dl, p, 100, 400, "年度", NULL);
    pkg k;
    pkg_write(dl, &k);
    xmlDocPtr d = pkg_xml(&k, PAGE0);
    cr_assert_eq(xpn(d, "count(//ofd:CGTransform)"), 1);
    cr_assert_str_eq(xp(d, "//ofd:TextObject[1]/ofd:CGTransform/@CodePosition"), "1");
    cr_assert_eq(xpn(d, "count(//ofd:TextObject[2]/ofd:CGTransform)"), 0);
    /* the subset numbers glyphs compactly in the order of the old ids: 一
     * (and 三, 年, 度) keep their relative order, so the id is between 1
     * and the number of glyphs */
    double id = xpn(d, "//ofd:CGTransform/ofd:Glyphs");
    cr_assert(id >= 1 && id <= 4, "glyph id %f", id);
    xmlFreeDoc(d);
    pkg_drop(&k);
    dl_list_drop(dl);
}

/* Rules become stroked PathObjects whose ends, Boundary origin plus the
 * AbbreviatedData, are the list's, with the list's width. */
Test(ofd, rule_is_a_path_at_its_place)
{
    dl_page *p;
    dl_list *dl = one_page(&p);
    dl_op op = {.kind = DL_RULE, .u.rule = {79.37f, 600, 521.57f, 600, 0.75f, BLACK}};
    dl_add_op(dl, p, &op);
    pkg k;
    pkg_write(dl, &k);
    xmlDocPtr d = pkg_xml(&k, PAGE0);
    double bx, by, bw, bh, x0, y0, x1, y1;
    cr_assert_eq(sscanf(xp(d, "//ofd:PathObject/@Boundary"), "%lf %lf %lf %lf", &bx, &by, &bw,
                        &bh), 4);
    cr_assert_eq(sscanf(xp(d, "//ofd:PathObject/ofd:AbbreviatedData"), "M %lf %lf L %lf %lf",
                        &x0, &y0, &x1, &y1), 4);
    cr_assert_lt(fabs(bx + x0 - MM(79.37)), 1e-4);
    cr_assert_lt(fabs(bx + x1 - MM(521.57)), 1e-4);
    cr_assert_lt(fabs(by + y0 - MM(A4_H - 600.0)), 1e-4);
    cr_assert_lt(fabs(xpn(d, "//ofd:PathObject/@LineWidth") - MM(0.75)), 1e-4);
    cr_assert_str_eq(xp(d, "//ofd:PathObject/ofd:StrokeColor/@Value"), "0 0 0");
    xmlFreeDoc(d);
    pkg_drop(&k);
    dl_list_drop(dl);
}

/* The outline has the PDF's shape: level 2 under the last level 1. */
Test(ofd, outline_nests_like_the_pdf)
{
    dl_page *p;
    dl_list *dl = one_page(&p);
    anchor(dl, p, 1, "一、总体情况", 700);
    anchor(dl, p, 2, "（一）主动公开", 650);
    anchor(dl, p, 1, "二、其他", 300);
    text(dl, p, 100, 700, "一", NULL);
    pkg k;
    pkg_write(dl, &k);
    xmlDocPtr d = pkg_xml(&k, "Doc_0/Document.xml");
    cr_assert_eq(xpn(d, "count(//ofd:Outlines/ofd:OutlineElem)"), 2);
    cr_assert_str_eq(xp(d, "//ofd:Outlines/ofd:OutlineElem[1]/ofd:OutlineElem/@Title"),
                     "（一）主动公开");
    cr_assert_lt(fabs(xpn(d, "//ofd:Outlines/ofd:OutlineElem[2]//ofd:Dest/@Top") -
                      MM(A4_H - 300.0)), 1e-4);
    cr_assert_str_eq(xp(d, "//ofd:Outlines/ofd:OutlineElem[2]//ofd:Dest/@PageID"),
                     xp(d, "//ofd:Pages/ofd:Page/@ID"));
    cr_assert_eq(xpn(d, "count(//ofd:VPreferences)"), 0, "OFD-A has no view preferences");
    xmlFreeDoc(d);
    pkg_drop(&k);
    dl_list_drop(dl);
}

/* [42133] Metadata present, fonts embedded in the package; MaxUnitID is
 * the largest ID given; the same list gives the same bytes, dated by the
 * document (UTC), OFD.xml first. */
Test(ofd, metadata_fonts_and_same_bytes)
{
    dl_page *p;
    dl_list *dl = one_page(&p);
    dl->meta.author = "某某局";
    dl->meta.keywords = "政府信息公开；年度报告";
    dl->meta.epoch = 1673784000; /* 2023-01-15 12:00 UTC */
    text(dl, p, 100, 700, "年度报告", NULL);
    pkg a, b;
    pkg_write(dl, &a);
    pkg_write(dl, &b);
    cr_assert_eq(a.bytes.len, b.bytes.len);
    cr_assert_eq(memcmp(a.bytes.data, b.bytes.data, a.bytes.len), 0, "two writes differ");
    cr_assert_str_eq(zip_get_name(a.z, 0, 0), "OFD.xml");
    zip_stat_t s;
    cr_assert_eq(zip_stat_index(a.z, 0, 0, &s), 0);
    struct tm tm;
    localtime_r(&s.mtime, &tm); /* libzip reads the DOS time as local */
    cr_assert_eq(tm.tm_year + 1900, 2023);
    cr_assert_eq(tm.tm_mon + 1, 1);
    cr_assert_eq(tm.tm_mday, 15);
    xmlDocPtr o = pkg_xml(&a, "OFD.xml");
    cr_assert_str_eq(xp(o, "/ofd:OFD/@DocType"), "OFD-A");
    cr_assert_str_eq(xp(o, "//ofd:DocInfo/ofd:Title"), "测试报告");
    cr_assert_str_eq(xp(o, "//ofd:DocInfo/ofd:Author"), "某某局");
    cr_assert_str_eq(xp(o, "//ofd:DocInfo/ofd:CreationDate"), "2023-01-15");
    cr_assert_str_eq(xp(o, "//ofd:DocInfo/ofd:Keywords/ofd:Keyword[2]"), "年度报告");
    cr_assert_str_eq(xp(o, "//ofd:DocInfo/ofd:CreatorVersion"), "0.1.0");
    cr_assert_eq(strlen(xp(o, "//ofd:DocInfo/ofd:DocID")), 32);
    xmlDocPtr r = pkg_xml(&a, "Doc_0/PublicRes.xml");
    cr_assert_str_eq(xp(r, "//ofd:Font/ofd:FontFile"), "font_1.ttf");
    cr_assert_eq(zip_stat(a.z, "Doc_0/Res/font_1.ttf", 0, &s), 0, "the font is not embedded");
    cr_assert_lt(s.size, 20000, "a subset of four glyphs is small, got %llu",
                 (unsigned long long)s.size);
    xmlDocPtr d = pkg_xml(&a, "Doc_0/Document.xml");
    cr_assert_eq(xpn(d, "//ofd:MaxUnitID"), 4); /* font, page, layer, text */
    xmlFreeDoc(o), xmlFreeDoc(r), xmlFreeDoc(d);
    pkg_drop(&a), pkg_drop(&b);
    dl_list_drop(dl);
}

/* ofd_write for report "t.txt", asserting that it fails with status `st`
 * and one error diagnostic of `code` naming t.txt; its message (static). */
static const char *refused(const dl_list *dl, core_status want, const char *code)
{
    core_diags d = {0};
    core_buf out = {0};
    cr_assert_eq(ofd_write(dl, "t.txt", &out, &d), want);
    cr_assert_eq(out.len, 0, "no package for a refused list");
    core_buf_free(&out);
    return refusal_message(&d, "t.txt", code);
}

/* Failures are error diagnostics with their code, never a package: no
 * page (E-ofd), a glyph 0 (.notdef: a character no font has; E-font), a
 * run without a face (E-ofd). */
Test(ofd, refuses_what_it_cannot_write)
{
    dl_list *dl = dl_list_new();
    cr_assert_str_eq(refused(dl, CORE_EOFD, "E-ofd"),
                     "cannot write the OFD: the display list has no page");
    dl_page *p = dl_add_page(dl, A4_W, A4_H);
    dl_glyphs *g = text(dl, p, 100, 700, "年度", NULL);
    g->gid[1] = 0;
    const char *msg = refused(dl, CORE_EFONT, "E-font");
    cr_assert_not_null(strstr(msg, "U+5EA6"), "%s", msg);
    g->gid[1] = g->gid[0];
    g->face = NULL;
    cr_assert_str_eq(refused(dl, CORE_EOFD, "E-ofd"),
                     "cannot write the OFD: a glyph run on page 1 has no face");
    dl_list_drop(dl);
}
