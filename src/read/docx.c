/*
 * docx.c: the clerk's Word/WPS draft (.docx) → lines of canonical text.
 *
 * libzip opens the package and libxml2 parses its parts: word/document.xml
 * (paragraphs, runs, tables), word/numbering.xml and word/styles.xml (the
 * automatic numbers, by paragraph or by style, written into the text as
 * Word shows them: 一、 （一） 1.; docx-num.c), docProps/core.xml (the
 * title, when the body gives none). Each paragraph becomes one line, each
 * table its rows of tab-separated cells with w:gridSpan as '<' and w:vMerge
 * as '^' (docs/FORMAT.md); the lines then go through the same shaper as
 * every reader's. The title is found by its style (Title, 标题) or its
 * place (centred and large, before the first numbered paragraph) and
 * written as the text's first lines, as the text reader reads a title, or
 * as @title lines where text stands before it.
 *
 * Places: a DOCX is binary, so messages name paragraphs. The source every
 * line maps into is the draft's text, one paragraph a line in document
 * order (paragraphs inside table cells included), so REPORT.docx:12:5 is
 * the 5th character of the 12th paragraph (docs/ERRORS.md, "Places in a
 * DOCX"). Numbers Word adds stand for their paragraph's first character.
 *
 * What stays true: nothing is fetched (XML_PARSE_NONET), no entity is
 * expanded and a part with a DOCTYPE is refused (so no external entity and
 * no entity bomb), a part that inflates past DOCX_MAX_PART bytes or 1000
 * times its compressed size is refused (a ZIP bomb), a damaged or truncated
 * archive is refused; each with a located error, never a crash.
 *
 * Caller: read_source, through the reader table.
 */
#define _GNU_SOURCE /* memmem */
#include "docx-imp.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <pthread.h>

/* libxml2 and libzip are loaded when first needed (src/core/lib.c); XL.xmlFree
 * is libxml2's variable xmlFree, so it is called as (*XL.xmlFree)(p) */
#define XL_FUNCTIONS(X) \
    X(xmlDocGetRootElement) X(xmlFreeDoc) X(xmlNodeGetContent) X(xmlReadMemory) \
    X(xmlFree)
CORE_LIB(xl, XL_FUNCTIONS, GONGWEN_XML2_SONAME, GONGWEN_XML2_PACKAGE, N_("reading DOCX"))
#define XL (xl_u.f)
#define ZL_FUNCTIONS(X) \
    X(zip_discard) X(zip_error_init) X(zip_error_strerror) X(zip_fclose) \
    X(zip_file_strerror) X(zip_fopen_index) X(zip_fread) X(zip_get_name) \
    X(zip_get_num_entries) X(zip_name_locate) X(zip_open_from_source) \
    X(zip_source_buffer_create) X(zip_source_free) X(zip_stat_index) X(zip_strerror)
CORE_LIB(zl, ZL_FUNCTIONS, GONGWEN_ZIP_SONAME, GONGWEN_ZIP_PACKAGE, N_("reading DOCX"))
#define ZL (zl_u.f)

enum { DOCX_MAX_PART = 64u << 20 }; /* 64 MiB: a thousand times a long report */

/* ---- recognising a draft --------------------------------------------------- */

static bool contains(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == w[0] && !memcmp(s + i, w, k))
            return true;
    return false;
}

static int docx_recognise(const char *name, const char *bytes, size_t len)
{
    if (len < 4 || memcmp(bytes, "PK\3\4", 4))
        return 0;
    /* any ZIP: this reader says what it lacks rather than text reading bytes */
    return contains(bytes, len, "word/document.xml") ? 95 : 30;
}

/* ---- the package's parts ------------------------------------------------------ */

typedef struct docx {
    core_arena *a;
    const char *name;
    core_diags *d;
    zip_t *zip;
    xmlDoc *numbering, *styles;
    docx_num *num; /* styles and automatic numbering (docx-num.c) */
    /* the draft's text, one paragraph a line: what places name */
    core_buf orig;
    size_t paragraphs;
    /* the canonical lines, each byte with its offset in orig */
    core_buf out;
    uint32_t *at;
    size_t cap;
    bool blank, text; /* the output ends in a blank line; holds a line of text */
    /* the title, by its style or its place (title_*): its paragraphs are
     * held back until the first paragraph after them */
    enum { T_LOOKING, T_HELD, T_DONE } title;
    size_t titles, looked; /* title paragraphs held; paragraphs looked at */
    core_buf held;
    CORE_VEC(uint32_t) held_at;
    /* what was left out, for one note and one warning */
    size_t ins, del, comments, fields, images, footnotes;
    long first_change; /* orig offset, -1 none */
} docx;

/* A part's bytes (NUL-terminated, on the heap) or NULL: missing (st OK) or
 * refused (st set, error in d). */
static char *part(docx *x, const char *path, size_t *len, core_status *st)
{
    zip_stat_t zs;
    zip_int64_t i = ZL.zip_name_locate(x->zip, path, 0);
    *st = CORE_OK;
    if (i < 0 || ZL.zip_stat_index(x->zip, (zip_uint64_t)i, 0, &zs))
        return NULL;
    if (((zs.valid & ZIP_STAT_SIZE) && zs.size > DOCX_MAX_PART) ||
        ((zs.valid & ZIP_STAT_COMP_SIZE) && (zs.valid & ZIP_STAT_SIZE) && zs.size > (1u << 20) &&
         zs.size / (zs.comp_size ? zs.comp_size : 1) > 1000)) {
        core_diag_file(x->d, x->name, CORE_ERROR, "E-limit",
                       "%s inflates to %llu bytes from %llu (over the limit of %u MiB or 1000 "
                       "times its size): refused as a ZIP bomb",
                       path, (unsigned long long)zs.size, (unsigned long long)zs.comp_size,
                       DOCX_MAX_PART >> 20);
        *st = CORE_ELIMIT;
        return NULL;
    }
    zip_file_t *f = ZL.zip_fopen_index(x->zip, (zip_uint64_t)i, 0);
    core_buf b = {0};
    char chunk[16384];
    zip_int64_t n = 0;
    while (f && (n = ZL.zip_fread(f, chunk, sizeof chunk)) > 0) {
        if (b.len + (size_t)n > DOCX_MAX_PART) { /* the header may lie about the size */
            core_diag_file(x->d, x->name, CORE_ERROR, "E-limit",
                           "%s inflates past the limit of %u MiB: refused as a ZIP bomb", path,
                           DOCX_MAX_PART >> 20);
            *st = CORE_ELIMIT;
            break;
        }
        core_buf_append(&b, chunk, (size_t)n);
    }
    if (!*st && (!f || n < 0)) {
        core_diag_file(x->d, x->name, CORE_ERROR, "E-docx",
                       "%s cannot be inflated: %s (the file is damaged or truncated; save "
                       "it again from Word or WPS)",
                       path, f ? ZL.zip_file_strerror(f) : ZL.zip_strerror(x->zip));
        *st = CORE_EINPUT;
    }
    if (f)
        ZL.zip_fclose(f);
    if (*st) {
        core_buf_free(&b);
        return NULL;
    }
    core_buf_append(&b, "", 1);
    *len = b.len - 1;
    return b.data;
}

/* A part parsed as XML, with no network, no entities expanded and no
 * DOCTYPE: NULL with st set when refused, or st OK when the part is absent. */
static xmlDoc *xml_part(docx *x, const char *path, core_status *st)
{
    size_t n = 0;
    char *s = part(x, path, &n, st);
    if (!s)
        return NULL;
    xmlDoc *doc = NULL;
    if (contains(s, n, "<!DOCTYPE") || contains(s, n, "<!ENTITY")) {
        core_diag_file(x->d, x->name, CORE_ERROR, "E-docx",
                       "%s declares a DOCTYPE or entities, which no Word or WPS draft has: "
                       "refused (external entities could read other files)",
                       path);
        *st = CORE_EINPUT;
    } else if (!(doc = XL.xmlReadMemory(s, (int)n, path, NULL,
                                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) ||
               doc->intSubset || doc->extSubset) {
        core_diag_file(x->d, x->name, CORE_ERROR, "E-docx",
                       "%s is not well-formed XML (the file is damaged; save it again from "
                       "Word or WPS)",
                       path);
        *st = CORE_EINPUT;
        XL.xmlFreeDoc(doc);
        doc = NULL;
    }
    free(s);
    return doc;
}

/* ---- output ------------------------------------------------------------------------ */

static void out_put(docx *x, const char *s, size_t n, size_t at)
{
    if (x->out.len + n > x->cap) {
        x->cap = (x->out.len + n) * 2 + 256;
        x->at = realloc(x->at, x->cap * sizeof *x->at);
        if (!x->at)
            abort();
    }
    for (size_t i = 0; i < n; i++)
        x->at[x->out.len + i] = (uint32_t)at;
    core_buf_append(&x->out, s, n);
}

static void out_blank(docx *x)
{
    if (!x->blank)
        out_put(x, "\n", 1, x->orig.len);
    x->blank = true;
}

/* A table cell being gathered: its text, each byte's offset in orig. */
typedef struct dcell {
    core_buf text;
    struct { uint32_t *v; size_t n, cap; } at;
    char mark; /* 0, '<' or '^' */
    uint32_t where;
} dcell;

static void cell_push(dcell *c, char ch, size_t at)
{
    if (c->at.n == c->at.cap) {
        c->at.cap = c->at.cap ? 2 * c->at.cap : 64;
        c->at.v = realloc(c->at.v, c->at.cap * sizeof *c->at.v);
        if (!c->at.v)
            abort();
    }
    if (!c->text.len)
        c->where = (uint32_t)at;
    c->at.v[c->at.n++] = (uint32_t)at;
    core_buf_append(&c->text, &ch, 1);
}

/* The length of the space character (ASCII, NBSP, U+2000…U+200A, U+3000)
 * that s[0, n) starts with, or 0. */
static size_t space_at(const char *s, size_t n)
{
    uint32_t cp;
    size_t k = core_utf8_decode(s, n, &cp);
    return k && (cp == ' ' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) ||
                 cp == 0x202F)
               ? k
               : 0;
}

/* The same for the character that s[0, n) ends with. */
static size_t space_before(const char *s, size_t n)
{
    size_t b = n - 1;
    while (b > 0 && n - b < 4 && ((unsigned char)s[b] & 0xC0) == 0x80)
        b--;
    return space_at(s + b, n - b) == n - b ? n - b : 0;
}

/* ---- paragraphs --------------------------------------------------------------------- */

/* The text of a paragraph's runs into orig (tabs and breaks as spaces),
 * skipping deletions, field instructions and comments. */
static void runs(docx *x, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = (const char *)c->name;
        if (docx_is(c, "t")) {
            xmlChar *t = XL.xmlNodeGetContent((xmlNode *)c);
            for (const xmlChar *p = t; p && *p; p++)
                core_buf_append(&x->orig, *p == '\n' || *p == '\t' || *p == '\r' ? " " : (char *)p,
                                1);
            (*XL.xmlFree)(t);
        } else if (docx_is(c, "tab") || docx_is(c, "br") || docx_is(c, "cr")) {
            if (!docx_is(c, "br") || !docx_attr(c, "type")) /* a page break is no space */
                core_buf_append(&x->orig, " ", 1);
        } else if (docx_is(c, "noBreakHyphen")) {
            core_buf_append(&x->orig, "-", 1);
        } else if (docx_is(c, "del") || docx_is(c, "moveFrom")) {
            if (x->first_change < 0)
                x->first_change = (long)x->orig.len;
            x->del++;
        } else if (docx_is(c, "ins") || docx_is(c, "moveTo")) {
            if (x->first_change < 0)
                x->first_change = (long)x->orig.len;
            x->ins++;
            runs(x, c);
        } else if (docx_is(c, "instrText") || docx_is(c, "delInstrText")) {
            x->fields++;
        } else if (docx_is(c, "commentReference")) {
            x->comments++;
        } else if (docx_is(c, "footnoteReference") || docx_is(c, "endnoteReference")) {
            x->footnotes++;
        } else if (docx_is(c, "drawing") || docx_is(c, "pict") || docx_is(c, "object")) {
            x->images++; /* reported by paragraph() at its paragraph */
        } else if (!strcmp(nm, "pPr") || !strcmp(nm, "rPr")) {
            continue;
        } else {
            runs(x, c); /* w:r, w:hyperlink, w:smartTag, w:sdt, w:fldSimple … */
        }
    }
}

/* ---- the title ---------------------------------------------------------------------- */

/* The first run of p that holds text (not in a deletion), or NULL. */
static const xmlNode *first_text_run(const xmlNode *p, int depth)
{
    for (const xmlNode *c = p->children; c && depth < 8; c = c->next) {
        if (docx_is(c, "r") && docx_child(c, "t"))
            return c;
        if (c->type == XML_ELEMENT_NODE && !docx_is(c, "del") && !docx_is(c, "pPr") &&
            !docx_is(c, "r")) {
            const xmlNode *r = first_text_run(c, depth + 1);
            if (r)
                return r;
        }
    }
    return NULL;
}

/* Is the body paragraph p a line of the title: in the Title style, or
 * centred in a large size (18 pt and more: GB/T 9704 sets the title in
 * 22 pt, the text in 16 pt)? */
static bool title_paragraph(const docx *x, const xmlNode *p, const xmlNode *ppr)
{
    const docx_style *st = docx_num_style(x->num, ppr);
    if (st && st->title)
        return true;
    const char *jc = docx_attr(docx_child(ppr, "jc"), "val");
    if (jc ? strcmp(jc, "center") && strcmp(jc, "centre") : !st || !st->centred)
        return false;
    const xmlNode *r = first_text_run(p, 0);
    long size = docx_attr_long(docx_child(docx_child(r, "rPr"), "sz"), "val", 0);
    if (!size)
        size = st && st->size ? st->size : docx_num_default_size(x->num);
    return size >= 36; /* half-points */
}

/* Does s[0, n) start as a heading with its number typed (一、)? Then the
 * title is no longer looked for, as after an automatic number. */
static bool typed_heading(const char *s, size_t n)
{
    static const char digits[] = "一二三四五六七八九十";
    size_t i = 0;
    while (i + 3 <= n && memmem(digits, sizeof digits - 1, s + i, 3) && (i / 3) < 4)
        i += 3;
    return i && i + 3 <= n && !memcmp(s + i, "、", 3);
}

/* Hold back a title line: whether it is written as the text's first lines
 * or as @title is known when the title ends (title_flush). */
static void title_hold(docx *x, const char *s, size_t n, size_t at)
{
    for (size_t i = 0; i < n; i++)
        core_vec_push(x->a, &x->held_at, (uint32_t)(at + i));
    core_vec_push(x->a, &x->held_at, (uint32_t)(at + n));
    core_buf_append(&x->held, s, n);
    core_buf_append(&x->held, "\n", 1);
    x->titles++;
    x->title = T_HELD;
}

static size_t chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Would the shaper take the held lines, written first with a blank line
 * after them, as the whole title? One line always; more when the last
 * one, and no other, names the report (…报告, …年报) and none is a
 * sentence (shape.c, title_find). */
static bool title_reads_in_place(const docx *x)
{
    if (x->text)
        return false;
    if (x->titles == 1)
        return true;
    const char *s = x->held.data, *end = s + x->held.len;
    for (size_t i = 0; s < end; i++) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        core_buf line = {0};
        core_buf_append(&line, s, (size_t)(e - s));
        core_buf_append(&line, "", 1);
        bool names = strstr(line.data, "报告") || strstr(line.data, "年报");
        bool sentence = strstr(line.data, "。") || chars(line.data, line.len - 1) > 45;
        core_buf_free(&line);
        if (sentence || i >= 3 || names != (i + 1 == x->titles))
            return false;
        s = e + 1;
    }
    return true;
}

/* The held title, as the text's first lines (then a blank line) or, when
 * text stands before it, as @title lines where it stands. */
static void title_flush(docx *x)
{
    if (x->title != T_HELD)
        return;
    bool in_place = title_reads_in_place(x);
    for (size_t i = 0; i < x->held.len;) {
        const char *s = x->held.data + i;
        size_t n = (size_t)((const char *)memchr(s, '\n', x->held.len - i) - s);
        if (!in_place)
            out_put(x, "@title ", 7, x->held_at.v[i]);
        else if (s[0] == '@' || s[0] == '\\')
            out_put(x, "\\", 1, x->held_at.v[i]);
        for (size_t j = 0; j <= n; j++)
            out_put(x, s + j, 1, x->held_at.v[i + j]);
        i += n + 1;
    }
    x->blank = false;
    if (in_place) {
        x->text = true;
        out_blank(x);
    }
    x->title = T_DONE;
}

/* ---- paragraphs (continued) --------------------------------------------------------- */

/* One paragraph: its text becomes a line of orig and (outside tables) a
 * line of the output with Word's number ahead of it, or a line of the
 * title; in a cell, its text is appended to `cell` instead. */
static void paragraph(docx *x, const xmlNode *p, dcell *cell)
{
    size_t start = x->orig.len, images = x->images;
    core_buf num = {0};
    const xmlNode *ppr = docx_child(p, "pPr");
    bool numbered = docx_num_paragraph(x->num, ppr, &num);
    runs(x, p);
    size_t end = x->orig.len;
    core_buf_append(&x->orig, "\n", 1);
    x->paragraphs++;
    if (x->images > images)
        core_diag_file(x->d, x->name, CORE_WARNING, "W-docx",
                       "paragraph %zu holds %zu image%s, which gongwen does not set: "
                       "only its text is read",
                       x->paragraphs, x->images - images, x->images - images == 1 ? "" : "s");
    const char *s = x->orig.data + start;
    size_t n = end - start, k;
    while ((k = space_at(s, n)) != 0) /* indents of spaces, NBSP, U+3000 */
        s += k, n -= k;
    while (n && (k = space_before(s, n)) != 0)
        n -= k;
    if (!n && num.len && num.data[num.len - 1] == ' ')
        num.len--; /* a w:suff space before nothing */
    size_t at = (size_t)(s - x->orig.data);
    if (cell) {
        /* paragraphs of a cell joined: no space between Han characters */
        if (cell->text.len && n && ((unsigned char)cell->text.data[cell->text.len - 1] < 0x80 ||
                                    (unsigned char)s[0] < 0x80))
            cell_push(cell, ' ', at);
        for (size_t i = 0; i < num.len; i++)
            cell_push(cell, num.data[i], at);
        for (size_t i = 0; i < n; i++)
            cell_push(cell, s[i], at + i);
    } else if (n || num.len) {
        /* the title is looked for before the first numbered paragraph */
        bool heading = numbered || typed_heading(s, n);
        if (x->title != T_DONE && !heading && x->looked++ < 10 && title_paragraph(x, p, ppr)) {
            title_hold(x, s, n, at);
            core_buf_free(&num);
            return;
        }
        title_flush(x);
        if (heading)
            x->title = T_DONE;
        if ((num.len ? num.data[0] : s[0]) == '@' || (num.len ? num.data[0] : s[0]) == '\\')
            out_put(x, "\\", 1, at);
        out_put(x, num.data ? num.data : "", num.len, at);
        for (size_t i = 0; i < n; i++)
            out_put(x, s + i, 1, at + i);
        out_put(x, "\n", 1, at + n);
        x->blank = false;
        x->text = true;
    }
    core_buf_free(&num);
}

/* ---- tables ------------------------------------------------------------------------- */


/* The text of every paragraph under n (a cell, or a table inside it). */
static void cell_text(docx *x, const xmlNode *n, dcell *c)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (docx_is(k, "p"))
            paragraph(x, k, c);
        else if (k->type == XML_ELEMENT_NODE && !docx_is(k, "tcPr")) {
            cell_text(x, k, c);
        }
    }
}

static void table(docx *x, const xmlNode *tbl)
{
    CORE_VEC(dcell) cells = {0};
    CORE_VEC(size_t) rows = {0}; /* index of each row's first cell */
    CORE_VEC(size_t) ends = {0};
    size_t ncols = 0;
    title_flush(x);
    x->title = T_DONE;
    for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!docx_is(tr, "tr"))
            continue;
        core_vec_push(x->a, &rows, cells.n);
        size_t col = 0;
        long before = docx_attr_long(docx_child(docx_child(tr, "trPr"), "gridBefore"), "val", 0);
        for (long i = 0; i < before && i < 64; i++, col++)
            core_vec_push(x->a, &cells, ((dcell){.where = (uint32_t)x->orig.len}));
        for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
            if (docx_is(tc, "sdt"))
                tc = docx_child(docx_child(tc, "sdtContent"), "tc") ? docx_child(docx_child(tc, "sdtContent"), "tc") : tc;
            if (!docx_is(tc, "tc"))
                continue;
            xmlNode *pr = docx_child(tc, "tcPr");
            long span = docx_attr_long(docx_child(pr, "gridSpan"), "val", 1);
            span = span < 1 ? 1 : span > 256 ? 256 : span;
            xmlNode *vm = docx_child(pr, "vMerge");
            const char *vv = docx_attr(vm, "val");
            bool cont = vm && (!vv || strcmp(vv, "restart"));
            dcell c = {.where = (uint32_t)x->orig.len, .mark = cont ? '^' : 0};
            cell_text(x, tc, &c);
            if (cont) { /* the continued cell's text, if any, is Word's too: kept */
                if (c.text.len)
                    c.mark = 0;
            }
            core_vec_push(x->a, &cells, c);
            for (long i = 1; i < span; i++)
                core_vec_push(x->a, &cells,
                              ((dcell){.where = c.where, .mark = cont && !c.text.len ? '^' : '<'}));
            col += (size_t)span;
            if (col > CORE_MAX_TABLE_CELLS)
                break;
        }
        core_vec_push(x->a, &ends, cells.n);
        if (col > ncols)
            ncols = col;
    }
    out_blank(x);
    for (size_t r = 0; r < rows.n; r++) {
        size_t first = rows.v[r], n = ends.v[r] - first;
        bool any = false;
        for (size_t i = 0; i < n; i++)
            any |= cells.v[first + i].mark || cells.v[first + i].text.len;
        if (!any)
            continue;
        for (size_t i = 0; i < n; i++) {
            dcell *c = &cells.v[first + i];
            if (i)
                out_put(x, "\t", 1, c->where);
            if (c->mark) {
                out_put(x, &c->mark, 1, c->where);
                continue;
            }
            const char *s = c->text.data;
            size_t k = c->text.len;
            if (k == 1 && (s[0] == '<' || s[0] == '^'))
                out_put(x, "\\", 1, c->where);
            else if (k && i == 0 && (s[0] == '@' || s[0] == '\\'))
                out_put(x, " ", 1, c->where);
            for (size_t j = 0; j < k; j++)
                out_put(x, s + j, 1, c->at.v[j]);
        }
        out_put(x, "\n", 1, cells.v[first].where);
        x->blank = false;
        x->text = true;
    }
    out_blank(x);
    for (size_t i = 0; i < cells.n; i++) {
        core_buf_free(&cells.v[i].text);
        free(cells.v[i].at.v);
    }
}

/* The body's blocks in order (w:sdt content controls opened). */
static void body(docx *x, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (docx_is(c, "p"))
            paragraph(x, c, NULL);
        else if (docx_is(c, "tbl"))
            table(x, c);
        else if (docx_is(c, "sdt") || docx_is(c, "sdtContent") || docx_is(c, "customXml") || docx_is(c, "ins") ||
                 docx_is(c, "smartTag"))
            body(x, c);
    }
}

/* ---- metadata ------------------------------------------------------------------------ */

/* Does one of the first paragraphs name the report (…报告)? Then the body
 * gives the title and docProps' title is not used. */
static bool body_has_title(const docx *x)
{
    const char *s = x->orig.data ? x->orig.data : "";
    for (int i = 0; i < 6 && *s; i++) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        while (n && s[n - 1] == ' ')
            n--;
        if (n >= 6 && (!memcmp(s + n - 6, "报告", 6) || !memcmp(s + n - 6, "年报", 6)))
            return true;
        s += n + (e != NULL);
        if (e)
            s = e + 1;
    }
    return false;
}

/* @title from docProps/core.xml, ahead of the lines, when the body has
 * none. */
static core_status core_props(docx *x, core_buf *head)
{
    core_status st = CORE_OK;
    xmlDoc *doc = xml_part(x, "docProps/core.xml", &st);
    xmlNode *root = doc ? XL.xmlDocGetRootElement(doc) : NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (docx_is(c, "title") && !x->titles && !body_has_title(x)) {
            xmlChar *t = XL.xmlNodeGetContent(c);
            size_t n = t ? strlen((char *)t) : 0;
            if (n && !strchr((char *)t, '\n')) {
                core_buf_puts(head, "@title ");
                core_buf_append(head, t, n);
                core_buf_puts(head, "\n");
            }
            (*XL.xmlFree)(t);
        }
    XL.xmlFreeDoc(doc);
    return st;
}

/* One note for what the reader left out, one warning for tracked changes. */
static void report_left_out(docx *x, const core_source *file)
{
    zip_int64_t n = ZL.zip_get_num_entries(x->zip, 0);
    size_t hf = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *e = ZL.zip_get_name(x->zip, (zip_uint64_t)i, 0);
        hf += e && (!strncmp(e, "word/header", 11) || !strncmp(e, "word/footer", 11));
    }
    if (x->ins || x->del)
        core_diag_at(x->d, file, x->first_change > 0 ? (size_t)x->first_change : 0,
                     CORE_WARNING, "W-docx",
                     "the draft still has tracked changes (%zu insertion%s kept, %zu "
                     "deletion%s dropped): accept or reject them in Word or WPS",
                     x->ins, x->ins == 1 ? "" : "s", x->del, x->del == 1 ? "" : "s");
    if (x->comments || x->fields || hf || x->footnotes)
        core_diag_file(x->d, x->name, CORE_NOTE, "N-docx",
                       "not read: %zu comment%s, %zu field instruction%s (their results are "
                       "read), %zu footnote%s, %zu header and footer part%s",
                       x->comments, x->comments == 1 ? "" : "s", x->fields,
                       x->fields == 1 ? "" : "s", x->footnotes, x->footnotes == 1 ? "" : "s",
                       hf, hf == 1 ? "" : "s");
}

static core_status docx_read(core_arena *a, const char *name, const char *bytes, size_t len,
                             const read_data *data, core_diags *d, core_source **out)
{
    core_status st = CORE_OK;
    docx x = {.a = a, .name = name, .d = d, .blank = true, .first_change = -1};
    xmlDoc *doc = NULL;
    core_buf head = {0};
    core_text t = {0};
    core_buf why = {0};
    *out = NULL;
    if (!xl_ready(d, &why) || !zl_ready(d, &why)) {
        core_diag_file(d, name, CORE_ERROR, "E-reader", "%s", why.data);
        core_buf_free(&why);
        return CORE_EINPUT;
    }
    zip_error_t ze;
    ZL.zip_error_init(&ze);
    zip_source_t *zs = ZL.zip_source_buffer_create(bytes, len, 0, &ze);
    if (zs && !(x.zip = ZL.zip_open_from_source(zs, ZIP_RDONLY | ZIP_CHECKCONS, &ze)))
        ZL.zip_source_free(zs);
    if (!x.zip) {
        core_diag_file(d, name, CORE_ERROR, "E-docx",
                       "not a readable DOCX: %s (the file is damaged or truncated; save it "
                       "again from Word or WPS)",
                       ZL.zip_error_strerror(&ze));
        st = CORE_EINPUT;
        goto done;
    }
    doc = xml_part(&x, "word/document.xml", &st);
    if (st)
        goto done;
    if (!doc) {
        core_diag_file(d, name, CORE_ERROR, "E-docx",
                       "a ZIP archive without word/document.xml is not a DOCX (an .odt, .xlsx "
                       "or other package?); save the report as .docx");
        st = CORE_EINPUT;
        goto done;
    }
    x.numbering = xml_part(&x, "word/numbering.xml", &st);
    if (st)
        goto done;
    x.styles = xml_part(&x, "word/styles.xml", &st);
    if (st)
        goto done;
    x.num = docx_num_new(x.numbering ? XL.xmlDocGetRootElement(x.numbering) : NULL,
                         x.styles ? XL.xmlDocGetRootElement(x.styles) : NULL);
    xmlNode *b = docx_child(XL.xmlDocGetRootElement(doc), "body");
    if (b)
        body(&x, b);
    title_flush(&x);
    CORE_CHECK(core_props(&x, &head));
    core_source *file = NULL;
    CORE_CHECK(core_source_new_with(a, name, x.orig.data ? x.orig.data : "", x.orig.len,
                                    CORE_SOURCE_KEEP_INVISIBLE, d, &file));
    report_left_out(&x, file);
    t.from = file;
    core_text_put(&t, head.data ? head.data : "", head.len, 0);
    for (size_t i = 0; i < x.out.len; i++)
        core_text_put(&t, x.out.data + i, 1, x.at[i]);
    core_source *lines = NULL;
    CORE_CHECK(core_source_derive(a, &t, d, &lines));
    CORE_CHECK(read_shape(a, lines, &(read_shape_options){.paragraphs = true}, data, d, out));
done:
    core_text_free(&t);
    core_buf_free(&head);
    core_buf_free(&x.orig);
    core_buf_free(&x.out);
    free(x.at);
    core_buf_free(&x.held);
    docx_num_drop(x.num);
    XL.xmlFreeDoc(x.numbering);
    XL.xmlFreeDoc(x.styles);
    XL.xmlFreeDoc(doc);
    if (x.zip)
        ZL.zip_discard(x.zip);
    return st;
}

const read_reader read_docx_reader = {
    .name = "docx",
    .extensions = ".docx",
    .recognise = docx_recognise,
    .read = docx_read,
};
