/*
 * PDF/A-2u structure, checked object by object on what pdf_write made:
 * mutool lists the objects ("mutool show F grep", one per line) and decodes
 * the streams ("mutool show -b F N"); the font programs are read here, table
 * by table. Tags: [STD §6 x] is /work/shared/STANDARDS.md §6 with the
 * veraPDF rule number x.
 */
#define _GNU_SOURCE /* memmem */
#include "tp.h"

#include <ctype.h>
#include <math.h>

TestSuite(pdfa, .init = tp_up, .fini = tp_down);

/* ---- reading the file back -------------------------------------------------- */

/* Every object of `path`, one per line ("N 0 obj <<...>>"). */
static core_buf objects(const char *path)
{
    char cmd[512];
    core_buf out = {0}, err = {0};
    snprintf(cmd, sizeof cmd, "mutool show %s grep", path);
    cr_assert_eq(run(cmd, &out, &err), 0, "%s", err.data);
    core_buf_free(&err);
    return out;
}

/* The line of object `num` (up to its '\n'), or NULL. */
static const char *object(const core_buf *objs, long num)
{
    char key[32];
    int n = snprintf(key, sizeof key, "%ld 0 obj ", num);
    for (const char *s = objs->data; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL)
        if (strncmp(s, key, (size_t)n) == 0)
            return s + n;
    return NULL;
}

/* The object number of "/Key N 0 R" within the line at s, or -1. */
static long ref(const char *s, const char *key)
{
    size_t n = strlen(key), len = strcspn(s, "\n");
    const char *k = memmem(s, len, key, n);
    return k && isdigit((unsigned char)k[n]) ? strtol(k + n, NULL, 10) : -1;
}

/* The decoded data of stream object `num`. */
static core_buf stream(const char *path, long num)
{
    char cmd[512];
    core_buf out = {0}, err = {0};
    snprintf(cmd, sizeof cmd, "mutool show -b %s %ld", path, num);
    cr_assert_eq(run(cmd, &out, &err), 0, "%s", err.data);
    core_buf_free(&err);
    return out;
}

/* ---- TrueType tables ---------------------------------------------------------- */

static unsigned u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

static const unsigned char *table(const core_buf *ttf, const char *tag, size_t *len)
{
    const unsigned char *d = (const unsigned char *)ttf->data;
    cr_assert_geq(ttf->len, 12);
    for (unsigned i = 0, n = u16(d + 4); i < n; i++) {
        const unsigned char *r = d + 12 + 16 * i;
        size_t off = (size_t)u16(r + 8) << 16 | u16(r + 10);
        size_t size = (size_t)u16(r + 12) << 16 | u16(r + 14);
        if (memcmp(r, tag, 4) == 0) {
            cr_assert_leq(off + size, ttf->len, "table %s past the end", tag);
            *len = size;
            return d + off;
        }
    }
    cr_assert_fail("no %s table", tag);
    return NULL;
}

/* What a reader takes from the program: advance of glyph gid in 1/1000 em. */
typedef struct program {
    unsigned upem, nglyphs, nmetrics;
    const unsigned char *hmtx;
} program;

static program program_read(const core_buf *ttf)
{
    size_t n;
    program p;
    p.upem = u16(table(ttf, "head", &n) + 18);
    p.nglyphs = u16(table(ttf, "maxp", &n) + 4);
    p.nmetrics = u16(table(ttf, "hhea", &n) + 34);
    p.hmtx = table(ttf, "hmtx", &n);
    cr_assert(p.upem >= 16 && p.nmetrics >= 1 && n >= 4 * p.nmetrics);
    return p;
}

static double program_width(const program *p, unsigned gid)
{
    unsigned m = gid < p->nmetrics ? gid : p->nmetrics - 1;
    return u16(p->hmtx + 4 * m) * 1000.0 / p->upem;
}

/* The program of the CIDFont in line `cid`. */
static core_buf font_program(const char *path, const core_buf *objs, const char *cid)
{
    const char *desc = object(objs, ref(cid, "/FontDescriptor "));
    cr_assert_not_null(desc);
    long file = ref(desc, "/FontFile2 ");
    cr_assert_gt(file, 0, "no FontFile2");
    return stream(path, file);
}

/* A document with every face the tests have, WQY's em of 1000 units too. */
static dl_list *three_faces(void)
{
    font_face *wqy;
    cr_assert_eq(font_lib_open(lib, WQY, 0, &wqy), CORE_OK);
    dl_list *dl = sample();
    add_text(dl, &dl->pages[0], wqy, 12, 100, 400, "堃𠕇 Wq, 1.5%", 0);
    return dl;
}

/* ---- fonts ---------------------------------------------------------------------- */

/* The widths the CIDFont in line `cid` gives: w[c] for CID c, from /W or
 * else /DW; returns /DW. */
static double widths_read(const char *cid, double *w)
{
    const char *dw = strstr(cid, "/DW ");
    cr_assert(dw && dw < strchr(cid, '\n'), "no /DW");
    double def = strtod(dw + 4, NULL);
    for (size_t c = 0; c < 65536; c++)
        w[c] = def;
    const char *s = strstr(cid, "/W[");
    cr_assert(s && s < strchr(cid, '\n'), "no /W");
    char *e;
    for (s += 3; *s != ']';) { /* first [w w ...] */
        long c = strtol(s, &e, 10);
        cr_assert(e != s && *e == '[', "%.40s", s);
        for (s = e + 1; *s != ']'; c++) {
            cr_assert_lt(c, 65536);
            w[c] = strtod(s, &e);
            cr_assert(e != s, "%.40s", s);
            s = e + (*e == ' ');
        }
        s++;
        s += *s == ' ';
    }
    return def;
}

/* The line of the object `line` refers to with "/Key N 0 R". */
static const char *follow(const core_buf *objs, const char *line, const char *key)
{
    const char *o = object(objs, ref(line, key));
    cr_assert_not_null(o, "no %s in %.60s", key, line);
    return o;
}

/* The ToUnicode map of Type0 font line t: code -> first UTF-16 unit (0 if
 * none), from its bfchar entries. */
static void tounicode_read(const char *path, const char *t, uint32_t *map)
{
    core_buf cm = stream(path, ref(t, "/ToUnicode "));
    cr_assert_null(strstr(cm.data, "bfrange"), "expected bfchar only");
    for (const char *s = cm.data; (s = strstr(s, "beginbfchar\n")); s++)
        for (const char *l = s + 12; *l == '<'; l = strchr(l, '\n') + 1) {
            unsigned code, uni;
            cr_assert_eq(sscanf(l, "<%4x> <%4x", &code, &uni), 2, "%.30s", l);
            cr_assert_eq(map[code], 0, "code %04X mapped twice", code);
            map[code] = uni;
        }
    core_buf_free(&cm);
}

/* [STD §6 6.2.11.5] Each glyph drawn has the width the embedded program
 * itself gives it (from /W, or /DW when /W leaves it out; CIDToGIDMap
 * /Identity: CID = glyph id), and [6.2.11.4.1] every CID names a glyph the
 * program has. */
Test(pdfa, widths_are_the_programs_own_advances)
{
    dl_list *dl = three_faces();
    const char *path = OUT_DIR "/pdfa-widths.pdf";
    write_file(dl, &ARCHIVE, path, NULL);
    core_buf objs = objects(path);
    static double w[65536];
    static uint32_t map[65536];
    int fonts = 0, checked = 0, from_dw = 0;
    for (const char *s = objs.data; (s = strstr(s, "/Subtype/Type0")); s++, fonts++) {
        const char *t = s;
        while (t > objs.data && t[-1] != '\n')
            t--;
        const char *cid = follow(&objs, t, "/DescendantFonts[");
        cr_assert_not_null(strstr(cid, "/CIDToGIDMap/Identity"));
        core_buf ttf = font_program(path, &objs, cid);
        program p = program_read(&ttf);
        double dw = widths_read(cid, w);
        memset(map, 0, sizeof map);
        tounicode_read(path, t, map); /* the CIDs drawn */
        for (unsigned c = 1; c < 65536; c++) {
            if (!map[c])
                continue;
            cr_assert_lt(c, p.nglyphs, "CID %u, program has %u glyphs", c, p.nglyphs);
            cr_assert_lt(fabs(w[c] - program_width(&p, c)), 0.001, "CID %u: width %g, program %g",
                         c, w[c], program_width(&p, c));
            checked++, from_dw += w[c] == dw;
        }
        core_buf_free(&ttf);
    }
    cr_assert_eq(fonts, 3, "%s", objs.data);
    cr_assert(checked > 30 && from_dw > 10, "%d glyphs, %d of width /DW", checked, from_dw);
    cr_assert_null(strstr(objs.data, "/CIDSet"), "a CIDSet [6.2.11.4.2]");
    core_buf_free(&objs);
    dl_list_drop(dl);
}

/* [STD §6 level U, 6.2.11.7.2; 6.2.11.8] Every code a page draws has a
 * ToUnicode value that is not 0, U+FEFF or U+FFFE, and none is 0
 * (.notdef). */
Test(pdfa, every_code_drawn_has_unicode_and_no_notdef)
{
    dl_list *dl = three_faces();
    const char *path = OUT_DIR "/pdfa-unicode.pdf";
    write_file(dl, &ARCHIVE, path, NULL);
    core_buf objs = objects(path);
    const char *page = strstr(objs.data, "/Type/Page>>");
    cr_assert_not_null(page);
    while (page > objs.data && page[-1] != '\n')
        page--;
    core_buf cs = stream(path, ref(page, "/Contents "));
    static uint32_t map[65536];
    size_t codes = 0;
    for (const char *tf = cs.data; (tf = strstr(tf, "BT /F")); tf++) {
        char key[16];
        snprintf(key, sizeof key, "/F%ld ", strtol(tf + 5, NULL, 10));
        const char *t = object(&objs, ref(page, key));
        cr_assert_not_null(t, "no resource %s", key);
        memset(map, 0, sizeof map);
        tounicode_read(path, t, map);
        const char *end = strstr(tf, "] TJ");
        cr_assert_not_null(end);
        for (const char *h = strchr(tf, '['); h < end; h++) {
            if (*h != '<')
                continue;
            for (h++; *h != '>'; h += 4, codes++) {
                unsigned code;
                cr_assert_eq(sscanf(h, "%4x", &code), 1);
                cr_assert_neq(code, 0, ".notdef drawn");
                uint32_t u = map[code];
                cr_assert(u != 0 && u != 0xFEFF && u != 0xFFFE, "code %04X -> U+%04X", code, u);
            }
        }
    }
    cr_assert_gt(codes, 40);
    core_buf_free(&cs), core_buf_free(&objs);
    dl_list_drop(dl);
}

/* [STD §6 6.2.11.7.2] A character level U cannot name (U+FEFF, 0, a lone
 * surrogate) is written as U+FFFD, not dropped and not passed on. */
Test(pdfa, unnamable_text_becomes_replacement_character)
{
    dl_list *dl = dl_list_new();
    dl_page *p = dl_add_page(dl, 595.28f, 841.89f);
    dl_glyphs *g = add_text(dl, p, fang, 16, 100, 700, "报告年", 16);
    g->cp[0] = 0xFEFF, g->cp[1] = 0, g->cp[2] = 0xD800;
    write_file(dl, &PLAIN, OUT_DIR "/pdfa-fffd.pdf", NULL);
    core_buf out = {0}, err = {0};
    cr_assert_eq(run("pdftotext " OUT_DIR "/pdfa-fffd.pdf -", &out, &err), 0);
    cr_assert_not_null(strstr(out.data, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"), "%s", out.data);
    core_buf_free(&out), core_buf_free(&err);
    dl_list_drop(dl);
}

/* ---- metadata ------------------------------------------------------------------- */

/* The text of <tag>...</tag> in xmp (inside rdf:li if wrapped), with the
 * five XML entities undone; static buffer; NULL if absent. */
static const char *xmp_value(const char *xmp, const char *tag)
{
    static char v[1024];
    char open[64];
    snprintf(open, sizeof open, "<%s>", tag);
    const char *s = strstr(xmp, open);
    if (!s)
        return NULL;
    s += strlen(open);
    const char *li = strstr(s, "<rdf:li");
    const char *close = strstr(s, "</");
    if (li && li < close)
        s = strchr(li, '>') + 1, close = strstr(s, "</");
    size_t k = 0;
    static const char *const ent[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    while (s < close && k + 1 < sizeof v) {
        size_t i = 0;
        for (; i < 5 && strncmp(s, ent[i][0], strlen(ent[i][0])) != 0; i++)
            ;
        if (i < 5)
            v[k++] = ent[i][1][0], s += strlen(ent[i][0]);
        else
            v[k++] = *s++;
    }
    v[k] = 0;
    return v;
}

/* [STD §6 6.6.2.3] Info and XMP say the same: title, author, subject,
 * keywords, creator, producer, both dates; with characters XML escapes. */
Test(pdfa, xmp_and_info_agree)
{
    dl_list *dl = sample();
    dl->meta.title = "2022年<政府信息公开> & \"年度\" '报告'";
    dl->meta.keywords = "年度报告; A&B";
    core_buf pdf = {0};
    write_file(dl, &ARCHIVE, OUT_DIR "/pdfa-meta.pdf", &pdf);
    const char *x = memmem(pdf.data, pdf.len, "<?xpacket begin", 15);
    cr_assert_not_null(x, "no XMP (or it is compressed)");
    char *xmp = strndup(x, pdf.len - (size_t)(x - pdf.data));
    core_buf out = {0}, err = {0};
    cr_assert_eq(run("pdfinfo -isodates " OUT_DIR "/pdfa-meta.pdf", &out, &err), 0);
    const char *pairs[][2] = {{"Title", "dc:title"},          {"Author", "dc:creator"},
                              {"Subject", "dc:description"},  {"Keywords", "pdf:Keywords"},
                              {"Creator", "xmp:CreatorTool"}, {"Producer", "pdf:Producer"},
                              {"CreationDate", "xmp:CreateDate"}, {"ModDate", "xmp:ModifyDate"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        char info[1024];
        const char *v = info_field(out.data, pairs[i][0]);
        cr_assert_not_null(v, "no %s in:\n%s", pairs[i][0], out.data);
        snprintf(info, sizeof info, "%s", v);
        const char *m = xmp_value(xmp, pairs[i][1]);
        cr_assert_not_null(m, "no %s in the XMP", pairs[i][1]);
        cr_assert_str_eq(info, m, "%s / %s", pairs[i][0], pairs[i][1]);
    }
    cr_assert_str_eq(info_field(out.data, "Title"), dl->meta.title);
    cr_assert_null(strstr(xmp, " bytes="), "[6.6.2.1] no bytes attribute");
    cr_assert_null(strstr(xmp, " encoding="), "[6.6.2.1] no encoding attribute");
    free(xmp);
    core_buf_free(&out), core_buf_free(&err), core_buf_free(&pdf);
    dl_list_drop(dl);
}

/* ---- file structure ------------------------------------------------------------- */

/* [STD §6 6.1.3] The trailer has an /ID of two 16-byte strings, no
 * /Encrypt; startxref points at the table; nothing follows %%EOF but one
 * EOL. */
Test(pdfa, trailer_id_and_nothing_after_eof)
{
    dl_list *dl = sample();
    core_buf a = {0};
    write_file(dl, &ARCHIVE, OUT_DIR "/pdfa-trailer.pdf", &a);
    cr_assert_geq(a.len, 6);
    cr_assert_eq(memcmp(a.data + a.len - 6, "%%EOF\n", 6), 0, "ends %.*s", 6,
                 a.data + a.len - 6);
    cr_assert(a.data[a.len - 7] == '\n' && isdigit((unsigned char)a.data[a.len - 8]),
              "%%%%EOF not right after the startxref offset");
    const char *sx = memmem(a.data, a.len, "\nstartxref\n", 11);
    cr_assert_not_null(sx);
    long off = strtol(sx + 11, NULL, 10);
    cr_assert(off > 0 && (size_t)off + 4 < a.len && memcmp(a.data + off, "xref", 4) == 0);
    const char *tr = memmem(a.data, a.len, "trailer", 7);
    cr_assert_not_null(tr);
    const char *id = memmem(tr, a.len - (size_t)(tr - a.data), "/ID [", 5);
    cr_assert_not_null(id, "no /ID");
    for (int i = 0; i < 2; i++) {
        id = strchr(id, '<');
        cr_assert_eq(strspn(id + 1, "0123456789ABCDEFabcdef"), 32, "%.40s", id);
        cr_assert_eq(id[33], '>');
        id += 34;
    }
    cr_assert_null(memmem(a.data, a.len, "/Encrypt", 8));
    core_buf_free(&a);
    dl_list_drop(dl);
}

/* Longest run of name characters after a '/' in the object lines, and of a
 * literal or hex string (in bytes). */
static void longest_tokens(const core_buf *objs, size_t *name, size_t *string)
{
    *name = *string = 0;
    for (const char *s = objs->data; *s; s++) {
        if (*s == '/') {
            size_t n = strcspn(s + 1, " \t\r\n/[]<>(){}%");
            *name = n > *name ? n : *name;
            s += n;
        } else if (*s == '(' || (*s == '<' && s[1] != '<')) {
            const char *e = strchr(s, *s == '(' ? ')' : '>');
            size_t n = e ? (size_t)(e - s - 1) : 0;
            n = *s == '<' ? n / 2 : n; /* escapes make literals look longer */
            *string = n > *string ? n : *string;
            s = e ? e : s;
        } else if (*s == '<') {
            s++;
        }
    }
}

/* [STD §6 6.1.13] Implementation limits: names <= 127 bytes, strings <=
 * 32767 bytes, fewer than 8 388 607 objects, q/Q nesting <= 28 (and
 * balanced) in every content stream; no JavaScript or Launch actions and no
 * additional actions [6.5]. */
Test(pdfa, implementation_limits_and_no_actions)
{
    dl_list *dl = three_faces();
    const char *path = OUT_DIR "/pdfa-limits.pdf";
    write_file(dl, &ARCHIVE, path, NULL);
    core_buf objs = objects(path);
    size_t name, string, nobj = 0;
    longest_tokens(&objs, &name, &string);
    cr_assert_leq(name, 127);
    cr_assert_leq(string, 32767);
    for (const char *s = objs.data; (s = strstr(s, " 0 obj ")); s++)
        nobj++;
    cr_assert(nobj > 10 && nobj < 8388607);
    const char *bad[] = {"/JavaScript", "/JS", "/Launch", "/AA", "/Encrypt"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert_null(strstr(objs.data, bad[i]), "has %s", bad[i]);
    for (const char *s = objs.data; (s = strstr(s, "/Contents ")); s++) {
        core_buf cs = stream(path, strtol(s + 10, NULL, 10));
        int depth = 0, most = 0;
        for (size_t i = 0; i < cs.len; i++) {
            bool alone = (i == 0 || isspace((unsigned char)cs.data[i - 1])) &&
                         (i + 1 == cs.len || isspace((unsigned char)cs.data[i + 1]));
            if (alone && cs.data[i] == 'q')
                most = ++depth > most ? depth : most;
            else if (alone && cs.data[i] == 'Q')
                cr_assert_geq(--depth, 0, "Q without q");
        }
        cr_assert_eq(depth, 0, "q left open");
        cr_assert_leq(most, 28);
        core_buf_free(&cs);
    }
    core_buf_free(&objs);
    dl_list_drop(dl);
}

/* ---- OutputIntent ----------------------------------------------------------------- */

/* A copy of sRGB.icc under another name: where a profile lies and what its
 * file is called cannot reach the bytes (the condition is named by the
 * profile's description). */
Test(pdfa, profile_path_does_not_reach_the_bytes)
{
    core_buf icc = {0}, a = {0}, b = {0};
    const char *why;
    cr_assert_eq(core_file_read(SRGB, &icc, &why), CORE_OK);
    const char *copy = OUT_DIR "/some-other-name.icc";
    FILE *f = fopen(copy, "wb");
    cr_assert_not_null(f);
    fwrite(icc.data, 1, icc.len, f);
    fclose(f);
    dl_list *dl = sample();
    tp_write(dl, &ARCHIVE, &a);
    pdf_options o = tp_icc(copy, true);
    tp_write(dl, &o, &b);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    cr_assert_not_null(memmem(a.data, a.len, "/OutputConditionIdentifier (sRGB)", 33));
    core_buf_free(&icc), core_buf_free(&a), core_buf_free(&b);
    dl_list_drop(dl);
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* An ICC v4 profile names itself in a multiLocalizedUnicode 'desc'. */
Test(pdfa, v4_profile_description_names_the_condition)
{
    static unsigned char p[256];
    static const char name[] = "Test RGB v4";
    put32(p, sizeof p);
    memcpy(p + 12, "mntrRGB XYZ ", 12);
    p[8] = 4;
    memcpy(p + 36, "acsp", 4);
    put32(p + 128, 1);
    memcpy(p + 132, "desc", 4), put32(p + 136, 144), put32(p + 140, 28 + 2 * 11);
    unsigned char *m = p + 144;
    memcpy(m, "mluc", 4), put32(m + 8, 1), put32(m + 12, 12);
    memcpy(m + 16, "enUS", 4), put32(m + 20, 2 * 11), put32(m + 24, 28);
    for (int i = 0; i < 11; i++)
        m[28 + 2 * i + 1] = (unsigned char)name[i];
    const char *path = OUT_DIR "/v4.icc";
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(p, 1, sizeof p, f);
    fclose(f);
    dl_list *dl = sample();
    core_buf a = {0};
    pdf_options o = tp_icc(path, false);
    tp_write(dl, &o, &a);
    cr_assert_not_null(memmem(a.data, a.len, "/OutputConditionIdentifier (Test RGB v4)", 40));
    core_buf_free(&a);
    dl_list_drop(dl);
}
