/*
 * ofd.c: ofd_write, the top of the OFD writer, and what every part shares:
 * the millimetre formatter, the XML writer helpers and the ZIP.
 *
 * ofd_write is a list of steps: collect each face's glyphs; subset the
 * fonts; write each page's Content.xml; write PublicRes.xml and
 * Document.xml; write OFD.xml (whose DocID is a digest of all the parts
 * before it); store everything in one ZIP.
 *
 * Invariants:
 *  - Parts are stored in a fixed order (OFD.xml first, then the order they
 *    were made in), each with the same date, permissions and compression,
 *    so the same list gives the same bytes. The date is the document's
 *    (UTC, from the list's epoch), else 1980-01-01; never the clock.
 *  - Every XML part goes through libxml2's xmlTextWriter, the package
 *    through libzip; nothing here escapes text or writes ZIP structures.
 *  - Numbers are written from integers (ten-thousandths of a millimetre),
 *    never with printf's %f, so no locale and no platform reaches them.
 *
 * Caller: the engine (engine_build_ofd), through ofd_write in ofd.h.
 */
#include "ofd-imp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zip.h>
#include <pthread.h>

/* libxml2 and libzip are loaded when first needed (src/core/lib.c) */
#define XL_FUNCTIONS(X) \
    X(xmlBufferContent) X(xmlBufferCreate) X(xmlBufferFree) X(xmlBufferLength) \
    X(xmlFreeTextWriter) X(xmlNewTextWriterMemory) X(xmlTextWriterEndDocument) \
    X(xmlTextWriterEndElement) X(xmlTextWriterFlush) X(xmlTextWriterStartDocument) \
    X(xmlTextWriterStartElementNS) X(xmlTextWriterWriteAttribute) \
    X(xmlTextWriterWriteString)
CORE_LIB(xl, XL_FUNCTIONS, GONGWEN_XML2_SONAME, GONGWEN_XML2_PACKAGE, N_("writing OFD"))
#define XL (xl_u.f)
#define ZL_FUNCTIONS(X) \
    X(zip_close) X(zip_discard) X(zip_error_fini) X(zip_error_init) \
    X(zip_error_strerror) X(zip_file_add) X(zip_file_set_dostime) \
    X(zip_file_set_external_attributes) X(zip_open_from_source) \
    X(zip_set_file_compression) X(zip_source_buffer) X(zip_source_buffer_create) \
    X(zip_source_close) X(zip_source_free) X(zip_source_keep) X(zip_source_open) \
    X(zip_source_read) X(zip_strerror)
CORE_LIB(zl, ZL_FUNCTIONS, GONGWEN_ZIP_SONAME, GONGWEN_ZIP_PACKAGE, N_("writing OFD"))
#define ZL (zl_u.f)

#define OFD_NS "http://www.ofdspec.org/2016"

/* ---- numbers -------------------------------------------------------------- */

int64_t ofd_mm_units(double pt)
{
    return llround(pt * (254000.0 / 72.0)); /* 1 pt = 25.4/72 mm; 1e4 units a mm */
}

void ofd_units_str(int64_t u, char s[32])
{
    char tmp[32];
    int k = 0;
    uint64_t a = u < 0 ? (uint64_t)0 - (uint64_t)u : (uint64_t)u;
    uint64_t ip = a / 10000, fp = a % 10000;
    int dec = 4;
    while (dec > 0 && fp % 10 == 0)
        fp /= 10, dec--;
    for (int i = 0; i < dec; i++, fp /= 10)
        tmp[k++] = (char)('0' + fp % 10);
    if (dec)
        tmp[k++] = '.';
    do
        tmp[k++] = (char)('0' + ip % 10), ip /= 10;
    while (ip);
    if (u < 0)
        tmp[k++] = '-';
    for (int i = 0; i < k; i++)
        s[i] = tmp[k - 1 - i];
    s[k] = 0;
}

/* ---- XML ------------------------------------------------------------------ */

static void xml_rc(ofd_xml *x, int rc)
{
    if (rc < 0 && x->rc == 0)
        x->rc = rc;
}

core_status ofd_xml_begin(ofd_writer *w, ofd_xml *x, const char *root)
{
    memset(x, 0, sizeof *x);
    x->buf = XL.xmlBufferCreate();
    x->tw = x->buf ? XL.xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->tw) {
        if (x->buf)
            XL.xmlBufferFree(x->buf);
        x->buf = NULL;
        return core_fail(&w->fail, CORE_EOFD, "libxml2 could not start an XML writer");
    }
    xml_rc(x, XL.xmlTextWriterStartDocument(x->tw, "1.0", "UTF-8", NULL));
    xml_rc(x, XL.xmlTextWriterStartElementNS(x->tw, BAD_CAST "ofd", BAD_CAST root, BAD_CAST OFD_NS));
    return CORE_OK;
}

void ofd_xml_start(ofd_xml *x, const char *name)
{
    xml_rc(x, XL.xmlTextWriterStartElementNS(x->tw, BAD_CAST "ofd", BAD_CAST name, NULL));
}

void ofd_xml_discard(ofd_xml *x)
{
    XL.xmlFreeTextWriter(x->tw);
    XL.xmlBufferFree(x->buf);
    x->tw = NULL;
    x->buf = NULL;
}

void ofd_xml_end(ofd_xml *x) { xml_rc(x, XL.xmlTextWriterEndElement(x->tw)); }

void ofd_xml_attr(ofd_xml *x, const char *name, const char *value)
{
    xml_rc(x, XL.xmlTextWriterWriteAttribute(x->tw, BAD_CAST name, BAD_CAST value));
}

void ofd_xml_attr_u32(ofd_xml *x, const char *name, uint32_t v)
{
    char s[16];
    snprintf(s, sizeof s, "%u", v);
    ofd_xml_attr(x, name, s);
}

void ofd_xml_attr_units(ofd_xml *x, const char *name, int64_t u)
{
    char s[32];
    ofd_units_str(u, s);
    ofd_xml_attr(x, name, s);
}

void ofd_xml_text(ofd_xml *x, const char *text)
{
    xml_rc(x, XL.xmlTextWriterWriteString(x->tw, BAD_CAST text));
}

void ofd_xml_leaf(ofd_xml *x, const char *name, const char *text)
{
    if (!text || !*text)
        return;
    ofd_xml_start(x, name);
    ofd_xml_text(x, text);
    ofd_xml_end(x);
}

core_status ofd_xml_finish(ofd_writer *w, ofd_xml *x, const char *name)
{
    core_status st = CORE_OK;
    xml_rc(x, XL.xmlTextWriterEndDocument(x->tw));
    xml_rc(x, XL.xmlTextWriterFlush(x->tw));
    XL.xmlFreeTextWriter(x->tw);
    if (x->rc < 0)
        st = core_fail(&w->fail, CORE_EOFD, "libxml2 failed while writing %s", name);
    else
        ofd_part_add(w, name, XL.xmlBufferContent(x->buf), (size_t)XL.xmlBufferLength(x->buf));
    XL.xmlBufferFree(x->buf);
    memset(x, 0, sizeof *x);
    return st;
}

/* ---- parts and the package -------------------------------------------------- */

/* Two FNV-1a hashes (different bases) of every byte stored: the DocID. */
static void digest(ofd_writer *w, const void *p, size_t n)
{
    w->digest[0] = core_fnv1a(w->digest[0], p, n);
    w->digest[1] = core_fnv1a(w->digest[1], p, n);
}

void ofd_part_add(ofd_writer *w, const char *name, const void *data, size_t n)
{
    ofd_part p = {core_arena_strdup(w->arena, name), {0}};
    core_buf_append(&p.data, data, n);
    digest(w, name, strlen(name) + 1);
    digest(w, data, n);
    core_vec_push(w->arena, &w->parts, p);
}

/* The MS-DOS date and time of the document's date (UTC), else 1980-01-01. */
static void dos_time(const dl_meta *m, zip_uint16_t *t, zip_uint16_t *d)
{
    struct tm tm = {0};
    time_t s = (time_t)m->epoch;
    *t = 0, *d = (0 << 9) | (1 << 5) | 1;
    if (m->epoch <= 0 || !gmtime_r(&s, &tm) || tm.tm_year < 80 || tm.tm_year > 80 + 127)
        return;
    *d = (zip_uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
    *t = (zip_uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
}

static core_status package_add(ofd_writer *w, zip_t *za, const ofd_part *p, zip_uint16_t t,
                           zip_uint16_t d)
{
    zip_source_t *s = ZL.zip_source_buffer(za, p->data.data, p->data.len, 0);
    zip_int64_t i = s ? ZL.zip_file_add(za, p->name, s, ZIP_FL_ENC_UTF_8) : -1;
    if (i < 0) {
        ZL.zip_source_free(s);
        return core_fail(&w->fail, CORE_EOFD, "libzip could not add %s: %s", p->name,
                         ZL.zip_strerror(za));
    }
    int r = ZL.zip_file_set_dostime(za, (zip_uint64_t)i, t, d, 0);
    r |= ZL.zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_DEFLATE, 6);
    r |= ZL.zip_file_set_external_attributes(za, (zip_uint64_t)i, 0, ZIP_OPSYS_UNIX,
                                          (zip_uint32_t)0100644 << 16);
    if (r != 0)
        return core_fail(&w->fail, CORE_EOFD, "libzip could not set up %s: %s", p->name,
                         ZL.zip_strerror(za));
    return CORE_OK;
}

/* The finished archive in `src`, appended to out. */
static core_status zip_bytes(ofd_writer *w, zip_source_t *src, core_buf *out)
{
    if (ZL.zip_source_open(src) < 0)
        return core_fail(&w->fail, CORE_EOFD, "libzip could not read the package back");
    core_status st = CORE_OK;
    char chunk[65536];
    zip_int64_t n;
    while ((n = ZL.zip_source_read(src, chunk, sizeof chunk)) > 0)
        core_buf_append(out, chunk, (size_t)n);
    if (n < 0)
        st = core_fail(&w->fail, CORE_EOFD, "libzip could not read the package back");
    ZL.zip_source_close(src);
    return st;
}

/* The package: OFD.xml (the last part made) first, then the others in the
 * order they were made. */
static core_status zip_package(ofd_writer *w, core_buf *out)
{
    core_status st = CORE_OK;
    zip_error_t ze;
    ZL.zip_error_init(&ze);
    zip_uint16_t t, d;
    dos_time(&w->dl->meta, &t, &d);
    zip_source_t *src = ZL.zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? ZL.zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    if (!za) {
        st = core_fail(&w->fail, CORE_EOFD, "libzip could not start a package: %s",
                       ZL.zip_error_strerror(&ze));
        ZL.zip_source_free(src);
        goto done;
    }
    ZL.zip_source_keep(src); /* past zip_close, to read the bytes */
    size_t n = w->parts.n;
    for (size_t k = 0; k < n && st == CORE_OK; k++)
        st = package_add(w, za, &w->parts.v[k == 0 ? n - 1 : k - 1], t, d);
    if (st != CORE_OK) {
        ZL.zip_discard(za);
    } else if (ZL.zip_close(za) < 0) {
        st = core_fail(&w->fail, CORE_EOFD, "libzip could not write the package: %s",
                       ZL.zip_strerror(za));
        ZL.zip_discard(za);
    } else {
        st = zip_bytes(w, src, out);
    }
    ZL.zip_source_free(src);
done:
    ZL.zip_error_fini(&ze);
    return st;
}

/* ---- the top ---------------------------------------------------------------- */

core_status ofd_write(const dl_list *dl, const char *name, core_buf *out, core_diags *d)
{
    core_status st = CORE_OK;
    ofd_writer w = {.dl = dl, .arena = core_arena_new(), .next_id = 1,
                    .digest = {CORE_FNV1A_BASIS, 0x84222325CBF29CE4ull},
                    .fail = {d, name, N_("cannot write the OFD: %s"), "E-ofd", CORE_OK}};
    core_buf lib_why = {0};
    if (!xl_ready(d, &lib_why) || !zl_ready(d, &lib_why))
        st = core_fail(&w.fail, CORE_EOFD, "%s", lib_why.data);
    core_buf_free(&lib_why);
    if (st != CORE_OK)
        goto done;
    if (dl->npages == 0)
        CORE_CHECK(core_fail(&w.fail, CORE_EOFD, "the display list has no page"));
    CORE_CHECK(ofd_fonts_collect(&w));
    CORE_CHECK(ofd_fonts_build(&w));
    CORE_CHECK(ofd_pages_write(&w));
    CORE_CHECK(ofd_doc_write(&w));
    CORE_CHECK(ofd_root_write(&w));
    CORE_CHECK(zip_package(&w, out));
done:
    for (size_t i = 0; i < w.parts.n; i++)
        core_buf_free(&w.parts.v[i].data);
    for (size_t i = 0; i < w.fonts.n; i++)
        core_buf_free(&w.fonts.v[i]->prog);
    core_arena_drop(w.arena);
    if (st != CORE_OK) /* every failure has its message; this one is for the unforeseen */
        core_fail(&w.fail, st, "%s", core_tr(d, core_status_name(st)));
    return st;
}
