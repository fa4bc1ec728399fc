/*
 * ofd-doc.c: the document-level parts: PublicRes.xml (the fonts),
 * Document.xml (CommonData, Pages, Outlines) and OFD.xml (the entry: the
 * DocInfo metadata and the DocRoot).
 *
 * Invariants:
 *  - Document.xml is written after every page, so MaxUnitID is the largest
 *    ID given (fonts, pages, layers, objects) and each Page names the ID
 *    its Content.xml was written with.
 *  - The outline has the PDF's shape: a level-1 heading at the top, deeper
 *    levels under the last level 1 (under the top when there is none yet);
 *    each entry goes to its anchor (Dest XYZ: the page, Top = its height).
 *  - OFD-A (GB/T 42133-2022): DocType "OFD-A" (6.2.1a), no Permissions,
 *    VPreferences or Extensions (6.2.2), outline actions Goto only (6.2.5),
 *    fonts in PublicRes (6.2.6a); docs/OFD.md lists every rule.
 *  - OFD.xml is the last part made: its DocID is 32 hex digits of the
 *    digest of every other part, so it names this content and no clock.
 *  - DocInfo carries what the list's metadata has (Title, Author, Subject,
 *    CreationDate/ModDate as the document's date in UTC, Keywords split at
 *    ; , 、 and spaces, Creator and CreatorVersion); empty values are left
 *    out, as the schema makes them optional.
 *
 * Caller: ofd_write (ofd.c), after ofd_pages_write.
 */
#include "ofd-imp.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- PublicRes.xml ----------------------------------------------------------- */

static core_status res_write(ofd_writer *w)
{
    core_status st = CORE_OK;
    ofd_xml x;
    CORE_CHECK(ofd_xml_begin(w, &x, "Res"));
    ofd_xml_attr(&x, "BaseLoc", "Res");
    if (w->fonts.n)
        ofd_xml_start(&x, "Fonts");
    for (size_t i = 0; i < w->fonts.n; i++) {
        const ofd_font *f = w->fonts.v[i];
        const font_info *fi = font_face_info(f->face);
        char file[32];
        ofd_xml_start(&x, "Font");
        ofd_xml_attr_u32(&x, "ID", f->id);
        ofd_xml_attr(&x, "FontName", fi->ps_name && *fi->ps_name ? fi->ps_name : fi->family);
        if (fi->family && *fi->family)
            ofd_xml_attr(&x, "FamilyName", fi->family);
        if (fi->serif)
            ofd_xml_attr(&x, "Serif", "true");
        if (fi->fixed_pitch)
            ofd_xml_attr(&x, "FixedWidth", "true");
        snprintf(file, sizeof file, "font_%d.ttf", f->num);
        ofd_xml_leaf(&x, "FontFile", file);
        ofd_xml_end(&x);
    }
    if (w->fonts.n)
        ofd_xml_end(&x);
    CORE_CHECK(ofd_xml_finish(w, &x, "Doc_0/PublicRes.xml"));
done:
    return st;
}

/* ---- Document.xml ------------------------------------------------------------ */

/* One OutlineElem's title and its action; the caller closes it. */
static void outline_open(ofd_xml *x, const dl_anchor *a, uint32_t page_id, double height)
{
    ofd_xml_start(x, "OutlineElem");
    ofd_xml_attr(x, "Title", a->title ? a->title : "");
    ofd_xml_start(x, "Actions");
    ofd_xml_start(x, "Action");
    ofd_xml_attr(x, "Event", "CLICK");
    ofd_xml_start(x, "Goto");
    ofd_xml_start(x, "Dest");
    ofd_xml_attr(x, "Type", "XYZ");
    ofd_xml_attr_u32(x, "PageID", page_id);
    ofd_xml_attr(x, "Left", "0");
    ofd_xml_attr_units(x, "Top", ofd_mm_units(height - a->y));
    ofd_xml_end(x); /* Dest */
    ofd_xml_end(x); /* Goto */
    ofd_xml_end(x); /* Action */
    ofd_xml_end(x); /* Actions */
}

/* Outlines from the anchors (Goto actions only, GB/T 42133 6.2.5). */
static void outlines(ofd_writer *w, ofd_xml *x)
{
    bool any = false, top_open = false;
    for (size_t p = 0; p < w->dl->npages; p++) {
        const dl_page *pg = &w->dl->pages[p];
        for (size_t k = 0; k < pg->nops; k++) {
            const dl_anchor *a = &pg->ops[k].u.anchor;
            if (pg->ops[k].kind != DL_ANCHOR)
                continue;
            if (!any)
                ofd_xml_start(x, "Outlines");
            any = true;
            if (a->level < 2 && top_open)
                ofd_xml_end(x);
            outline_open(x, a, w->page_id[p], pg->height);
            if (a->level < 2)
                top_open = true;
            else
                ofd_xml_end(x);
        }
    }
    if (top_open)
        ofd_xml_end(x);
    if (any)
        ofd_xml_end(x);
}

static core_status document_write(ofd_writer *w)
{
    core_status st = CORE_OK;
    ofd_xml x;
    char id[16];
    CORE_CHECK(ofd_xml_begin(w, &x, "Document"));
    ofd_xml_start(&x, "CommonData");
    snprintf(id, sizeof id, "%u", w->next_id - 1);
    ofd_xml_leaf(&x, "MaxUnitID", id);
    ofd_xml_start(&x, "PageArea");
    ofd_physical_box(&x, &w->dl->pages[0]);
    ofd_xml_end(&x);
    ofd_xml_leaf(&x, "PublicRes", "PublicRes.xml");
    ofd_xml_end(&x); /* CommonData */
    ofd_xml_start(&x, "Pages");
    for (size_t p = 0; p < w->dl->npages; p++) {
        char loc[64];
        snprintf(loc, sizeof loc, "Pages/Page_%zu/Content.xml", p);
        ofd_xml_start(&x, "Page");
        ofd_xml_attr_u32(&x, "ID", w->page_id[p]);
        ofd_xml_attr(&x, "BaseLoc", loc);
        ofd_xml_end(&x);
    }
    ofd_xml_end(&x); /* Pages */
    outlines(w, &x); /* no VPreferences: OFD-A (GB/T 42133 6.2.2b) leaves them out */
    CORE_CHECK(ofd_xml_finish(w, &x, "Doc_0/Document.xml"));
done:
    return st;
}

core_status ofd_doc_write(ofd_writer *w)
{
    core_status st = CORE_OK;
    CORE_CHECK(res_write(w));
    CORE_CHECK(document_write(w));
done:
    return st;
}

/* ---- OFD.xml ------------------------------------------------------------------- */

/* The document's date as YYYY-MM-DD (xs:date), UTC; false if none. */
static bool doc_date(const dl_meta *m, char out[32])
{
    struct tm t = {0};
    if (m->epoch > 0) {
        time_t s = (time_t)m->epoch;
        if (!gmtime_r(&s, &t) || t.tm_year + 1900 > 9999)
            return false;
    } else if (m->year >= 1 && m->year <= 9999 && m->month >= 1 && m->month <= 12 &&
               m->day >= 1 && m->day <= 31) {
        t.tm_year = m->year - 1900, t.tm_mon = m->month - 1, t.tm_mday = m->day;
    } else {
        return false;
    }
    snprintf(out, 32, "%04d-%02d-%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday);
    return true;
}

/* Length of a keyword separator at s (; , 、 ；， or a space), else 0. */
static size_t keyword_sep(const char *s)
{
    static const char *seps[] = {";", ",", " ", "\t", "\xE3\x80\x81" /* 、 */,
                                 "\xEF\xBC\x9B" /* ； */, "\xEF\xBC\x8C" /* ， */,
                                 "\xE3\x80\x80" /* U+3000 */};
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++)
        if (strncmp(s, seps[i], strlen(seps[i])) == 0)
            return strlen(seps[i]);
    return 0;
}

static void keywords(ofd_writer *w, ofd_xml *x, const char *kw)
{
    bool any = false;
    while (kw && *kw) {
        size_t n = 0, sep;
        while (kw[n] && !keyword_sep(kw + n))
            n++;
        if (n) {
            if (!any)
                ofd_xml_start(x, "Keywords");
            any = true;
            ofd_xml_leaf(x, "Keyword", core_arena_strndup(w->arena, kw, n));
        }
        kw += n;
        while ((sep = keyword_sep(kw)) > 0)
            kw += sep;
    }
    if (any)
        ofd_xml_end(x);
}

/* Creator "gongwen 0.1.0" as Creator "gongwen" and CreatorVersion "0.1.0". */
static void creator(ofd_writer *w, ofd_xml *x, const char *c)
{
    const char *sp = c ? strrchr(c, ' ') : NULL;
    if (!sp) {
        ofd_xml_leaf(x, "Creator", c);
        return;
    }
    ofd_xml_leaf(x, "Creator", core_arena_strndup(w->arena, c, (size_t)(sp - c)));
    ofd_xml_leaf(x, "CreatorVersion", sp + 1);
}

static void doc_info(ofd_writer *w, ofd_xml *x)
{
    const dl_meta *m = &w->dl->meta;
    char id[33], date[32];
    snprintf(id, sizeof id, "%016llx%016llx", (unsigned long long)w->digest[0],
             (unsigned long long)w->digest[1]);
    ofd_xml_start(x, "DocInfo");
    ofd_xml_leaf(x, "DocID", id);
    ofd_xml_leaf(x, "Title", m->title);
    ofd_xml_leaf(x, "Author", m->author);
    ofd_xml_leaf(x, "Subject", m->subject);
    if (doc_date(m, date)) {
        ofd_xml_leaf(x, "CreationDate", date);
        ofd_xml_leaf(x, "ModDate", date);
    }
    keywords(w, x, m->keywords);
    creator(w, x, m->creator);
    ofd_xml_end(x);
}

core_status ofd_root_write(ofd_writer *w)
{
    core_status st = CORE_OK;
    ofd_xml x;
    CORE_CHECK(ofd_xml_begin(w, &x, "OFD"));
    ofd_xml_attr(&x, "Version", "1.0");
    ofd_xml_attr(&x, "DocType", "OFD-A"); /* GB/T 42133-2022 6.2.1a */
    ofd_xml_start(&x, "DocBody");
    doc_info(w, &x);
    ofd_xml_leaf(&x, "DocRoot", "Doc_0/Document.xml");
    ofd_xml_end(&x);
    CORE_CHECK(ofd_xml_finish(w, &x, "OFD.xml"));
done:
    return st;
}
