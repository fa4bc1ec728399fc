/*
 * pdf-meta.c: the document-level objects: the outline, the Info dict, the
 * XMP metadata, the PDF/A OutputIntent, /Lang and the trailer /ID.
 *
 * Invariants:
 *  - Text values are UTF-16BE with a BOM (libharu would write raw UTF-8
 *    bytes, which readers take for PDFDocEncoding).
 *  - Info and XMP say the same things (PDF/A 6.6.2.3): Title = dc:title,
 *    Author = dc:creator, Subject = dc:description, Keywords =
 *    pdf:Keywords, Creator = xmp:CreatorTool, Producer = pdf:Producer,
 *    CreationDate/ModDate = xmp:CreateDate/ModifyDate.
 *  - Dates come from the list (its epoch, else its year/month/day at
 *    midnight), are written in UTC (SOURCE_DATE_EPOCH is UTC by definition,
 *    and a calendar date then keeps its day), and are left out when the
 *    list has none. The clock is never read.
 *  - The PDF/A claim (pdfaid) is made only with an OutputIntent, i.e. when
 *    the caller gave an ICC profile.
 *  - /ID is an MD5 of everything written from the list (content, fonts,
 *    profile, XMP, outline), twice.
 *
 * Caller: pdf_write (pdf.c); pdf_meta_anchor from the page pass.
 */
#include "pdf-imp.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- OutputIntent colour space -------------------------------------------- */

core_status pdf_meta_prepare(pdf_writer *w)
{
    const char *path = w->opt->icc_name ? w->opt->icc_name : "the ICC profile";
    w->space = PDF_SPACE_CMYK;
    if (!w->opt->icc)
        return CORE_OK;
    core_buf_append(&w->icc, w->opt->icc, w->opt->icc_len);
    const char *h = w->icc.data;
    if (w->icc.len < 132 || memcmp(h + 36, "acsp", 4) != 0)
        return core_fail(&w->fail, CORE_EPDF, "%s is not an ICC profile", path);
    /* PDF/A 6.2.3: an output or monitor profile of a gray, RGB or CMYK space */
    if (memcmp(h + 12, "mntr", 4) != 0 && memcmp(h + 12, "prtr", 4) != 0)
        return core_fail(&w->fail, CORE_EPDF,
                         "ICC profile %s: class %.4s is neither prtr nor mntr", path, h + 12);
    if (memcmp(h + 16, "RGB ", 4) == 0)
        w->space = PDF_SPACE_RGB, w->icc_n = 3;
    else if (memcmp(h + 16, "CMYK", 4) == 0)
        w->space = PDF_SPACE_CMYK, w->icc_n = 4;
    else if (memcmp(h + 16, "GRAY", 4) == 0)
        w->space = PDF_SPACE_GRAY, w->icc_n = 1;
    else
        return core_fail(&w->fail, CORE_EPDF,
                         "ICC profile %s: colour space %.4s is not gray, RGB or CMYK", path,
                         h + 16);
    return CORE_OK;
}

/* ---- outline -------------------------------------------------------------- */

/* [page /XYZ null y null]: keep the reader's left and zoom, scroll to y. */
static core_status anchor_dest(pdf_writer *w, float y, HPDF_Destination *out)
{
    core_status st = CORE_OK;
    HPDF_Destination d = HPDF_Page_CreateDestination(w->page);
    CORE_CHECK(pdf_obj(w, d, "a bookmark destination"));
    HPDF_Array_Clear(d);
    HPDF_STATUS r = HPDF_Array_Add(d, w->page);
    r |= HPDF_Array_AddName(d, "XYZ");
    r |= HPDF_Array_Add(d, HPDF_Null_New(w->doc->mmgr));
    r |= HPDF_Array_AddReal(d, y);
    r |= HPDF_Array_Add(d, HPDF_Null_New(w->doc->mmgr));
    CORE_CHECK(pdf_hpdf(w, r, "a bookmark destination"));
    *out = d;
done:
    return st;
}

core_status pdf_meta_anchor(pdf_writer *w, const dl_anchor *a)
{
    core_status st = CORE_OK;
    const char *title = a->title ? a->title : "";
    /* level 1 under the root; deeper levels under the last level 1 */
    HPDF_Outline parent = a->level >= 2 ? w->outline_top : NULL;
    HPDF_Outline o = HPDF_CreateOutline(w->doc, parent, " ", NULL);
    HPDF_Binary t;
    HPDF_Destination d;
    CORE_CHECK(pdf_obj(w, o, "a bookmark"));
    CORE_CHECK(pdf_text_new(w, title, &t));
    CORE_CHECK(pdf_hpdf(w, HPDF_Dict_Add(o, "Title", t), "a bookmark"));
    CORE_CHECK(anchor_dest(w, a->y, &d));
    CORE_CHECK(pdf_hpdf(w, HPDF_Outline_SetDestination(o, d), "a bookmark"));
    if (!parent) {
        CORE_CHECK(pdf_hpdf(w, HPDF_Outline_SetOpened(o, HPDF_TRUE), "a bookmark"));
        w->outline_top = o;
    }
    w->outline_any = true;
    HPDF_MD5Update(&w->md5, (const HPDF_BYTE *)title, (HPDF_UINT32)strlen(title) + 1);
done:
    return st;
}

/* ---- dates ------------------------------------------------------------------ */

/* The document's date as broken-down UTC; false if none. */
static bool meta_date(const dl_meta *m, struct tm *t)
{
    memset(t, 0, sizeof *t);
    if (m->epoch > 0) {
        time_t s = (time_t)m->epoch;
        return gmtime_r(&s, t) != NULL && t->tm_year + 1900 <= 9999; /* four digits */
    }
    if (m->year < 1 || m->year > 9999 || m->month < 1 || m->month > 12 || m->day < 1 ||
        m->day > 31)
        return false;
    t->tm_year = m->year - 1900, t->tm_mon = m->month - 1, t->tm_mday = m->day;
    return true;
}

/* ---- info ------------------------------------------------------------------- */

static core_status info_text(pdf_writer *w, const char *key, const char *value)
{
    core_status st = CORE_OK;
    HPDF_Binary s;
    if (!value || !*value)
        return CORE_OK;
    CORE_CHECK(pdf_text_new(w, value, &s));
    CORE_CHECK(pdf_hpdf(w, HPDF_Dict_Add(w->doc->info, key, s), "the document info"));
done:
    return st;
}

static core_status meta_info(pdf_writer *w, const char *producer)
{
    core_status st = CORE_OK;
    const dl_meta *m = &w->dl->meta;
    struct tm t;
    /* also makes sure libharu has created the info dict */
    CORE_CHECK(pdf_hpdf(w, HPDF_SetInfoAttr(w->doc, HPDF_INFO_PRODUCER, producer),
                        "the document info"));
    CORE_CHECK(info_text(w, "Title", m->title));
    CORE_CHECK(info_text(w, "Author", m->author));
    CORE_CHECK(info_text(w, "Subject", m->subject));
    CORE_CHECK(info_text(w, "Keywords", m->keywords));
    CORE_CHECK(info_text(w, "Creator", m->creator));
    if (meta_date(m, &t)) {
        char d[64];
        snprintf(d, sizeof d, "D:%04d%02d%02d%02d%02d%02dZ", t.tm_year + 1900,
                 t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
        HPDF_STATUS r = HPDF_Dict_Add(w->doc->info, "CreationDate",
                                      HPDF_String_New(w->doc->mmgr, d, NULL));
        r |= HPDF_Dict_Add(w->doc->info, "ModDate", HPDF_String_New(w->doc->mmgr, d, NULL));
        CORE_CHECK(pdf_hpdf(w, r, "the document dates"));
    }
done:
    return st;
}

/* ---- XMP -------------------------------------------------------------------- */

static void xml_escaped(core_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': core_buf_puts(b, "&amp;"); break;
        case '<': core_buf_puts(b, "&lt;"); break;
        case '>': core_buf_puts(b, "&gt;"); break;
        case '"': core_buf_puts(b, "&quot;"); break;
        case '\'': core_buf_puts(b, "&apos;"); break;
        default: core_buf_append(b, s, 1);
        }
    }
}

/* <tag>value</tag>, or with a wrapper (rdf:Alt / rdf:Seq / rdf:Bag). */
static void xmp_prop(core_buf *b, const char *tag, const char *wrap, const char *value)
{
    if (!value || !*value)
        return;
    core_buf_printf(b, "   <%s>", tag);
    if (wrap)
        core_buf_printf(b, "<rdf:%s><rdf:li%s>", wrap,
                        strcmp(wrap, "Alt") == 0 ? " xml:lang=\"x-default\"" : "");
    xml_escaped(b, value);
    if (wrap)
        core_buf_printf(b, "</rdf:li></rdf:%s>", wrap);
    core_buf_printf(b, "</%s>\n", tag);
}

static void xmp_text(pdf_writer *w, const char *producer, core_buf *b)
{
    const dl_meta *m = &w->dl->meta;
    struct tm t;
    core_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                     " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                     "  <rdf:Description rdf:about=\"\"\n"
                     "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                     "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                     "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                     "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    if (w->icc_n) /* the claim needs the OutputIntent; an associated file is
                     PDF/A-3's */
        core_buf_printf(b, "   <pdfaid:part>%d</pdfaid:part>\n"
                           "   <pdfaid:conformance>U</pdfaid:conformance>\n",
                        m->data ? 3 : 2);
    core_buf_puts(b, "   <dc:format>application/pdf</dc:format>\n");
    xmp_prop(b, "dc:title", "Alt", m->title);
    xmp_prop(b, "dc:creator", "Seq", m->author);
    xmp_prop(b, "dc:description", "Alt", m->subject);
    xmp_prop(b, "dc:language", "Bag", m->lang && *m->lang ? m->lang : "zh-CN");
    xmp_prop(b, "pdf:Keywords", NULL, m->keywords);
    xmp_prop(b, "pdf:Producer", NULL, producer);
    xmp_prop(b, "xmp:CreatorTool", NULL, m->creator);
    if (meta_date(m, &t)) {
        char d[64];
        snprintf(d, sizeof d, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.tm_year + 1900,
                 t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
        xmp_prop(b, "xmp:CreateDate", NULL, d);
        xmp_prop(b, "xmp:ModifyDate", NULL, d);
    }
    core_buf_puts(b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                     "<?xpacket end=\"w\"?>");
}

/* The XMP stream in the Catalog: never compressed, so archives can read it. */
static core_status meta_xmp(pdf_writer *w, const char *producer)
{
    core_status st = CORE_OK;
    core_buf b = {0};
    HPDF_Dict s;
    xmp_text(w, producer, &b);
    CORE_CHECK(pdf_stream_new(w, b.data, b.len, PDF_DATA_PLAIN, &s));
    HPDF_STATUS r = HPDF_Dict_AddName(s, "Type", "Metadata");
    r |= HPDF_Dict_AddName(s, "Subtype", "XML");
    r |= HPDF_Dict_Add(w->doc->catalog, "Metadata", s);
    CORE_CHECK(pdf_hpdf(w, r, "the XMP metadata"));
done:
    core_buf_free(&b);
    return st;
}

/* ---- OutputIntent, catalog, /ID ------------------------------------------- */

static uint32_t icc_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The profile's description ('desc' tag: ICC v2 textDescription or v4
 * multiLocalizedUnicode, first record), printable ASCII kept, into id;
 * false if it has none. */
static bool icc_desc(const core_buf *icc, char *id, size_t n)
{
    const unsigned char *d = (const unsigned char *)icc->data;
    size_t len = icc->len, k = 0;
    uint32_t count = len >= 132 ? icc_u32(d + 128) : 0;
    for (uint32_t i = 0; i < count && 132 + 12 * (size_t)(i + 1) <= len; i++) {
        const unsigned char *t = d + 132 + 12 * (size_t)i;
        size_t off = icc_u32(t + 4), size = icc_u32(t + 8);
        if (memcmp(t, "desc", 4) != 0 || off > len || size > len - off || size < 16)
            continue;
        const unsigned char *v = d + off, *text = NULL;
        size_t chars = 0, step = 1;
        if (memcmp(v, "desc", 4) == 0) {
            text = v + 12, chars = icc_u32(v + 8);
            chars = chars < size - 12 ? chars : size - 12;
        } else if (memcmp(v, "mluc", 4) == 0 && size >= 28 && icc_u32(v + 8) > 0) {
            size_t so = icc_u32(v + 24), sl = icc_u32(v + 20);
            if (so <= size && sl <= size - so)
                text = v + so + 1, chars = sl / 2, step = 2; /* low bytes of UTF-16BE */
        }
        for (size_t c = 0; text && c < chars && k + 1 < n; c++) {
            unsigned char ch = text[c * step];
            if (ch == 0 && step == 1)
                break;
            if (ch >= 0x20 && ch < 0x7F && (step == 1 || text[c * step - 1] == 0))
                id[k++] = (char)ch;
        }
        break;
    }
    id[k] = 0;
    return k > 0;
}

/* Built here because libharu's own writes /SubType for /Subtype. The
 * condition is named by the profile's own description, so where the file
 * lies or what it is called cannot reach the bytes. */
static core_status meta_output_intent(pdf_writer *w)
{
    core_status st = CORE_OK;
    HPDF_Dict profile, oi;
    HPDF_Array list;
    char id[64];
    if (!icc_desc(&w->icc, id, sizeof id)) { /* none: the file's name */
        const char *path = w->opt->icc_name ? w->opt->icc_name : "ICC";
        const char *name = strrchr(path, '/');
        snprintf(id, sizeof id, "%s", name ? name + 1 : path);
        char *dot = strrchr(id, '.');
        if (dot && dot != id)
            *dot = 0; /* "sRGB.icc" -> "sRGB" */
    }
    CORE_CHECK(pdf_stream_new(w, w->icc.data, w->icc.len, PDF_DATA_TEXT, &profile));
    CORE_CHECK(pdf_hpdf(w, HPDF_Dict_AddNumber(profile, "N", w->icc_n), "the ICC profile"));
    oi = HPDF_Dict_New(w->doc->mmgr);
    CORE_CHECK(pdf_obj(w, oi, "the OutputIntent"));
    list = HPDF_Array_New(w->doc->mmgr);
    CORE_CHECK(pdf_obj(w, list, "the OutputIntent"));
    HPDF_STATUS r = HPDF_Dict_Add(w->doc->catalog, "OutputIntents", list);
    r |= HPDF_Array_Add(list, oi);
    r |= HPDF_Dict_AddName(oi, "Type", "OutputIntent");
    r |= HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
    r |= HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(w->doc->mmgr, id, NULL));
    r |= HPDF_Dict_Add(oi, "Info", HPDF_String_New(w->doc->mmgr, id, NULL));
    r |= HPDF_Dict_Add(oi, "DestOutputProfile", profile);
    CORE_CHECK(pdf_hpdf(w, r, "the OutputIntent"));
done:
    return st;
}

static core_status meta_catalog(pdf_writer *w)
{
    const dl_meta *m = &w->dl->meta;
    const char *lang = m->lang && *m->lang ? m->lang : "zh-CN";
    HPDF_STATUS r =
        HPDF_Dict_Add(w->doc->catalog, "Lang", HPDF_String_New(w->doc->mmgr, lang, NULL));
    if (w->outline_any) /* open with the bookmarks showing */
        r |= HPDF_SetPageMode(w->doc, HPDF_PAGE_MODE_USE_OUTLINE);
    return pdf_hpdf(w, r, "the catalog");
}

static core_status meta_id(pdf_writer *w)
{
    HPDF_BYTE d[16];
    HPDF_MD5Final(d, &w->md5);
    HPDF_Array id = HPDF_Array_New(w->doc->mmgr);
    if (!id)
        return pdf_obj(w, id, "the file identifier");
    HPDF_STATUS r = HPDF_Dict_Add(w->doc->trailer, "ID", id);
    r |= HPDF_Array_Add(id, HPDF_Binary_New(w->doc->mmgr, d, sizeof d));
    r |= HPDF_Array_Add(id, HPDF_Binary_New(w->doc->mmgr, d, sizeof d));
    return pdf_hpdf(w, r, "the file identifier");
}

/* ---- the associated file (PDF/A-3) -------------------------------------- */

#define DATA_FILE_NAME "gongwen-data.json"

/* The report's numbers (docs/DATA.md) as an embedded file associated with
 * the document: the EmbeddedFile stream with its MIME type, size and MD5
 * checksum, a Filespec with /AFRelationship /Data, listed in the
 * catalog's /AF and in /Names /EmbeddedFiles (where readers such as
 * pdfdetach look). No /ModDate unless the document has a date, so the
 * bytes stay the input's. */
static core_status meta_attachment(pdf_writer *w)
{
    core_status st = CORE_OK;
    const dl_meta *m = &w->dl->meta;
    HPDF_MMgr mm = w->doc->mmgr;
    HPDF_Dict file, params, spec, ef, names, embedded;
    HPDF_Array af, list;
    HPDF_BYTE sum[16];
    HPDF_MD5_CTX md5;
    HPDF_MD5Init(&md5);
    HPDF_MD5Update(&md5, (const HPDF_BYTE *)m->data, (HPDF_UINT32)m->data_len);
    HPDF_MD5Final(sum, &md5);
    CORE_CHECK(pdf_stream_new(w, m->data, m->data_len, PDF_DATA_TEXT, &file));
    params = HPDF_Dict_New(mm);
    CORE_CHECK(pdf_obj(w, params, "the embedded data"));
    spec = HPDF_Dict_New(mm);
    CORE_CHECK(pdf_obj(w, spec, "the embedded data"));
    /* indirect: both /AF and the name tree refer to it */
    CORE_CHECK(pdf_hpdf(w, HPDF_Xref_Add(w->doc->xref, spec), "the embedded data"));
    ef = HPDF_Dict_New(mm);
    CORE_CHECK(pdf_obj(w, ef, "the embedded data"));
    af = HPDF_Array_New(mm);
    CORE_CHECK(pdf_obj(w, af, "the embedded data"));
    names = HPDF_Dict_New(mm);
    CORE_CHECK(pdf_obj(w, names, "the embedded data"));
    embedded = HPDF_Dict_New(mm);
    CORE_CHECK(pdf_obj(w, embedded, "the embedded data"));
    list = HPDF_Array_New(mm);
    CORE_CHECK(pdf_obj(w, list, "the embedded data"));
    HPDF_STATUS r = HPDF_Dict_AddName(file, "Type", "EmbeddedFile");
    r |= HPDF_Dict_AddName(file, "Subtype", "application/json");
    r |= HPDF_Dict_Add(file, "Params", params);
    r |= HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)m->data_len);
    r |= HPDF_Dict_Add(params, "CheckSum", HPDF_Binary_New(mm, sum, sizeof sum));
    r |= HPDF_Dict_AddName(spec, "Type", "Filespec");
    r |= HPDF_Dict_Add(spec, "F", HPDF_String_New(mm, DATA_FILE_NAME, NULL));
    r |= HPDF_Dict_Add(spec, "UF", HPDF_String_New(mm, DATA_FILE_NAME, NULL));
    r |= HPDF_Dict_Add(spec, "Desc",
                       HPDF_String_New(mm, "The report's table values (gongwen data, "
                                           "schema_version 1)", NULL));
    r |= HPDF_Dict_AddName(spec, "AFRelationship", "Data");
    r |= HPDF_Dict_Add(spec, "EF", ef);
    r |= HPDF_Dict_Add(ef, "F", file);
    r |= HPDF_Dict_Add(ef, "UF", file);
    r |= HPDF_Array_Add(af, spec);
    r |= HPDF_Dict_Add(w->doc->catalog, "AF", af);
    r |= HPDF_Array_Add(list, HPDF_String_New(mm, DATA_FILE_NAME, NULL));
    r |= HPDF_Array_Add(list, spec);
    r |= HPDF_Dict_Add(embedded, "Names", list);
    r |= HPDF_Dict_Add(names, "EmbeddedFiles", embedded);
    r |= HPDF_Dict_Add(w->doc->catalog, "Names", names);
    CORE_CHECK(pdf_hpdf(w, r, "the embedded data"));
done:
    return st;
}

core_status pdf_meta_finish(pdf_writer *w)
{
    core_status st = CORE_OK;
    char producer[64];
    snprintf(producer, sizeof producer, "libharu %s", HPDF_GetVersion());
    CORE_CHECK(meta_info(w, producer));
    CORE_CHECK(meta_catalog(w));
    if (w->icc_n)
        CORE_CHECK(meta_output_intent(w));
    if (w->dl->meta.data)
        CORE_CHECK(meta_attachment(w));
    CORE_CHECK(meta_xmp(w, producer));
    CORE_CHECK(meta_id(w));
done:
    return st;
}
