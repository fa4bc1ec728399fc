/*
 * pdf-font.c: one Type0 font per face the list uses, built from a TrueType
 * subset holding exactly the glyphs drawn.
 *
 *   Type0 /Encoding /Identity-H /ToUnicode
 *     -> CIDFontType2 /CIDToGIDMap /Identity /W (exact advances)
 *        -> FontDescriptor /FontName TAG+PSName /FontFile2 (the subset)
 *
 * Invariants:
 *  - A glyph's CID is its id in the subset, so CIDToGIDMap is /Identity and
 *    a 16-bit code names any glyph, including ids with a zero byte and
 *    glyphs of characters beyond the BMP.
 *  - /W (and /DW for the many glyphs of width 1000) gives every CID its
 *    advance_units * 1000 / units_per_em, the same number the content
 *    writer uses for its TJ adjustments, so what a reader computes and what
 *    the font program says agree (PDF/A 6.2.11.5).
 *  - Every CID has a ToUnicode entry: the code point of its first use, or
 *    U+FFFD for one PDF/A level U forbids (0, U+FEFF, U+FFFE, surrogates).
 *    Glyph 0 (.notdef) is refused.
 *  - The subset tag is derived from a digest of the glyph set, so the same
 *    list gives the same name.
 *
 *  - The programs are subset and compressed on up to PDF_FONT_THREADS
 *    threads (the dearest step of a build: a Song subset alone is ~200 KB),
 *    each font by one thread with faces of its own; every object is still
 *    made on the caller's thread in font order, so the file does not
 *    depend on which thread did what.
 *
 * Caller: pdf_write (pdf.c): collect, then build, then lookup per run.
 */
#include "pdf-imp.h"

#include <libdeflate.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A report sets four or five faces; more threads than that wait. */
#define PDF_FONT_THREADS 4

pdf_font *pdf_font_lookup(pdf_writer *w, const font_face *face)
{
    for (size_t i = 0; i < w->fonts.n; i++)
        if (w->fonts.v[i]->face == face)
            return w->fonts.v[i];
    return NULL;
}

size_t pdf_font_index(const pdf_font *f, uint32_t gid)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->gid[mid] < gid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->n && f->gid[lo] == gid ? lo : SIZE_MAX;
}

/* ---- collection ----------------------------------------------------------- */

static pdf_font *font_for(pdf_writer *w, font_face *face)
{
    pdf_font *f = pdf_font_lookup(w, face);
    if (!f) {
        f = core_arena_alloc(w->arena, sizeof *f);
        f->face = face;
        f->num = (int)w->fonts.n + 1;
        core_vec_push(w->arena, &w->fonts, f);
    }
    return f;
}

static pdf_use *seen_slot(pdf_use *t, size_t cap, uint32_t gid)
{
    size_t i = (gid * 2654435761u) & (cap - 1);
    while (t[i].cp != UINT32_MAX && t[i].gid != gid)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

/* A code point ToUnicode may name (PDF/A-2u 6.2.11.7.2: not 0, U+FEFF or
 * U+FFFE; and a Unicode scalar value), else U+FFFD. */
static uint32_t text_cp(uint32_t cp)
{
    bool bad = cp == 0 || cp == 0xFEFF || cp == 0xFFFE || (cp >= 0xD800 && cp <= 0xDFFF) ||
               cp > 0x10FFFF;
    return bad ? 0xFFFD : cp;
}

/* Note glyph gid standing for cp, unless already seen (first use wins). */
static void font_see(pdf_writer *w, pdf_font *f, uint32_t gid, uint32_t cp)
{
    if (2 * (f->n + 1) > f->seen_cap) { /* keep the table at most half full */
        size_t cap = f->seen_cap ? 2 * f->seen_cap : 256;
        pdf_use *t = core_arena_alloc(w->arena, cap * sizeof *t);
        for (size_t i = 0; i < cap; i++)
            t[i].cp = UINT32_MAX;
        for (size_t i = 0; i < f->seen_cap; i++)
            if (f->seen[i].cp != UINT32_MAX)
                *seen_slot(t, cap, f->seen[i].gid) = f->seen[i];
        f->seen = t, f->seen_cap = cap;
    }
    pdf_use *u = seen_slot(f->seen, f->seen_cap, gid);
    if (u->cp == UINT32_MAX) {
        *u = (pdf_use){gid, text_cp(cp)};
        f->n++;
    }
}

core_status pdf_fonts_collect(pdf_writer *w)
{
    for (size_t p = 0; p < w->dl->npages; p++) {
        const dl_page *page = &w->dl->pages[p];
        for (size_t k = 0; k < page->nops; k++) {
            const dl_glyphs *g = &page->ops[k].u.glyphs;
            if (page->ops[k].kind != DL_GLYPHS || g->n == 0)
                continue;
            if (!g->face)
                return core_fail(&w->fail, CORE_EPDF, "a glyph run on page %zu has no face", p + 1);
            pdf_font *f = font_for(w, g->face);
            for (uint32_t i = 0; i < g->n; i++) {
                if (g->gid[i] == 0) /* PDF/A 6.2.11.8: no .notdef */
                    return core_fail(&w->fail, CORE_EFONT, "U+%04X on page %zu has no glyph in %s",
                                     g->cp[i], p + 1, font_face_info(g->face)->family);
                font_see(w, f, g->gid[i], g->cp[i]);
            }
        }
    }
    return CORE_OK;
}

/* ---- glyph set ------------------------------------------------------------ */

static int use_cmp(const void *a, const void *b)
{
    const pdf_use *x = a, *y = b;
    return (x->gid > y->gid) - (x->gid < y->gid);
}

/* The distinct glyphs in ascending order, each with its first code point
 * and its width in 1/1000 em. */
static core_status font_glyphs(pdf_writer *w, pdf_font *f, const font_info *fi)
{
    if (fi->units_per_em <= 0)
        return core_fail(&w->fail, CORE_EFONT, "font %s has no units per em", fi->ps_name);
    pdf_use *u = core_arena_alloc(w->arena, (f->n + 1) * sizeof *u);
    size_t n = 0;
    for (size_t i = 0; i < f->seen_cap; i++)
        if (f->seen[i].cp != UINT32_MAX)
            u[n++] = f->seen[i];
    qsort(u, n, sizeof *u, use_cmp);
    f->gid = core_arena_alloc(w->arena, (n + 1) * sizeof *f->gid);
    f->cp = core_arena_alloc(w->arena, (n + 1) * sizeof *f->cp);
    f->cid = core_arena_alloc(w->arena, (n + 1) * sizeof *f->cid);
    f->width = core_arena_alloc(w->arena, (n + 1) * sizeof *f->width);
    f->chars = core_arena_alloc(w->arena, (n + 1) * sizeof *f->chars);
    for (size_t i = 0; i < n; i++) {
        font_glyph m;
        font_face_glyph_metrics(f->face, u[i].gid, &m);
        f->gid[i] = u[i].gid;
        f->cp[i] = u[i].cp;
        f->chars[i] = (font_char){u[i].cp, u[i].gid};
        /* rounded to float, as libharu stores the /W entry, so the TJ
         * adjustments use exactly the widths a reader sees */
        f->width[i] = (float)(m.advance_units * 1000.0 / fi->units_per_em);
    }
    return CORE_OK;
}

/* "TAG+PSName": six capitals from a digest of the face name and glyph set. */
static void font_base_name(const pdf_font *f, const font_info *fi, char *out, size_t n)
{
    const char *ps = fi->ps_name && *fi->ps_name ? fi->ps_name : "Unnamed";
    HPDF_MD5_CTX ctx;
    HPDF_BYTE d[16];
    HPDF_MD5Init(&ctx);
    HPDF_MD5Update(&ctx, (const HPDF_BYTE *)ps, (HPDF_UINT32)strlen(ps));
    for (size_t i = 0; i < f->n; i++) {
        HPDF_BYTE g[4] = {(HPDF_BYTE)(f->gid[i] >> 24), (HPDF_BYTE)(f->gid[i] >> 16),
                          (HPDF_BYTE)(f->gid[i] >> 8), (HPDF_BYTE)f->gid[i]};
        HPDF_MD5Update(&ctx, g, 4);
    }
    HPDF_MD5Final(d, &ctx);
    char tag[7];
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + d[i] % 26);
    tag[6] = 0;
    snprintf(out, n, "%s+%.100s", tag, ps);
}

/* ---- objects -------------------------------------------------------------- */

/* ---- programs, on several threads ----------------------------------------- */

/* One font's program: subset (which sets each glyph's CID) and, when the
 * options compress, deflated. Filled by whichever thread takes it. */
typedef struct font_job {
    pdf_font *f;
    core_buf prog;
    pdf_packed z;
    core_status st;
    bool packed;             /* z holds prog deflated */
} font_job;

typedef struct font_jobs {
    font_job *v;
    size_t n;
    size_t *order;           /* most glyphs first, so the long ones start early */
    atomic_size_t next;
    bool compress;
} font_jobs;

static void jobs_run(font_jobs *js, struct libdeflate_compressor **c)
{
    for (size_t i; (i = atomic_fetch_add(&js->next, 1)) < js->n;) {
        font_job *j = &js->v[js->order[i]];
        j->st = font_face_subset(j->f->face, j->f->gid, j->f->n, j->f->chars, j->f->n, &j->prog,
                                 j->f->cid);
        if (j->st == CORE_OK && js->compress && j->prog.len)
            j->packed = pdf_pack(c, j->prog.data, j->prog.len, &j->z);
    }
}

static void *jobs_thread(void *p)
{
    struct libdeflate_compressor *c = NULL;
    jobs_run(p, &c);
    libdeflate_free_compressor(c);
    return NULL;
}

/* Every job, on this thread and up to PDF_FONT_THREADS - 1 others (fewer
 * when the machine has fewer processors, or a thread cannot start: the
 * work is then done here). */
static void jobs_do(pdf_writer *w, font_jobs *js)
{
    js->order = core_arena_alloc(w->arena, (js->n + 1) * sizeof *js->order);
    for (size_t i = 0; i < js->n; i++) { /* a handful: insertion, stable */
        size_t k = i;
        for (; k > 0 && js->v[js->order[k - 1]].f->n < js->v[i].f->n; k--)
            js->order[k] = js->order[k - 1];
        js->order[k] = i;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = js->n < PDF_FONT_THREADS ? js->n : PDF_FONT_THREADS;
    if (cpus > 0 && (size_t)cpus < nt)
        nt = (size_t)cpus;
    pthread_t t[PDF_FONT_THREADS];
    size_t started = 0;
    for (; started + 1 < nt; started++)
        if (pthread_create(&t[started], NULL, jobs_thread, js) != 0)
            break;
    jobs_run(js, &w->deflate);
    for (size_t i = 0; i < started; i++)
        pthread_join(t[i], NULL);
}

/* The FontFile2 stream of job j (its program already made). */
static core_status font_program(pdf_writer *w, font_job *j, const font_info *fi, HPDF_Dict *out)
{
    core_status st = CORE_OK;
    pdf_font *f = j->f;
    if (j->st != CORE_OK) {
        st = core_fail(&w->fail, j->st, "font %s could not be subset", fi->ps_name);
        goto done;
    }
    for (size_t i = 0; i < f->n; i++)
        if (f->cid[i] == 0 || f->cid[i] > 0xFFFF) {
            st = core_fail(&w->fail, CORE_EFONT, "font %s: subset gave glyph %u the id %u",
                           fi->ps_name, f->gid[i], f->cid[i]);
            goto done;
        }
    if (w->opt->compress && j->prog.len && !j->packed) {
        st = core_fail(&w->fail, CORE_EPDF, "compressing the font program of %s failed",
                       fi->ps_name);
        goto done;
    }
    CORE_CHECK(pdf_stream_new_packed(w, j->prog.data, j->prog.len, PDF_DATA_FONT, &j->z, out));
    CORE_CHECK(pdf_hpdf(w, HPDF_Dict_AddNumber(*out, "Length1", (HPDF_INT32)j->prog.len),
                        "the font program"));
done:
    return st;
}

static core_status font_descriptor(pdf_writer *w, const font_info *fi, const char *base,
                                   HPDF_Dict file, HPDF_Dict *out)
{
    core_status st = CORE_OK;
    HPDF_Dict d;
    CORE_CHECK(pdf_dict_new(w, &d));
    int flags = 4; /* symbolic: the glyphs are outside the standard Latin set */
    if (fi->fixed_pitch)
        flags |= 1;
    if (fi->serif)
        flags |= 2;
    if (fi->italic_angle != 0)
        flags |= 64;
    HPDF_Box box = {roundf(fi->bbox[0] * 1000), roundf(fi->bbox[1] * 1000),
                    roundf(fi->bbox[2] * 1000), roundf(fi->bbox[3] * 1000)};
    HPDF_STATUS r = HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    r |= HPDF_Dict_AddName(d, "FontName", base);
    r |= HPDF_Dict_AddNumber(d, "Flags", flags);
    r |= HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(w->doc->mmgr, box));
    r |= HPDF_Dict_AddReal(d, "ItalicAngle", fi->italic_angle);
    r |= HPDF_Dict_AddNumber(d, "Ascent", (HPDF_INT32)lroundf(fi->ascent * 1000));
    r |= HPDF_Dict_AddNumber(d, "Descent", (HPDF_INT32)lroundf(fi->descent * 1000));
    r |= HPDF_Dict_AddNumber(d, "CapHeight", (HPDF_INT32)lroundf(fi->cap_height * 1000));
    r |= HPDF_Dict_AddNumber(d, "StemV", 80); /* not in the font; a common estimate */
    r |= HPDF_Dict_Add(d, "FontFile2", file);
    CORE_CHECK(pdf_hpdf(w, r, "a font descriptor"));
    *out = d;
done:
    return st;
}

/* The /DW of every font: the advance of a Han character in most fonts, so
 * half the glyphs of a report need no /W entry. */
#define PDF_DW 1000

/* /W: [first [w w ...] first [w ...] ...] over runs of consecutive CIDs
 * whose width is not PDF_DW, at most 1000 widths an inner array (libharu
 * caps arrays at 32767). */
static core_status font_widths(pdf_writer *w, const pdf_font *f, HPDF_Array *out)
{
    core_status st = CORE_OK;
    HPDF_Array a = HPDF_Array_New(w->doc->mmgr), run = NULL;
    CORE_CHECK(pdf_obj(w, a, "font widths"));
    *out = a;
    HPDF_STATUS r = HPDF_OK;
    for (size_t i = 0; i < f->n; i++) { /* CIDs ascend with original ids */
        if (f->width[i] == PDF_DW)
            continue;
        bool next = run && f->cid[i] == f->cid[i - 1] + 1 && f->width[i - 1] != PDF_DW;
        if (!next || HPDF_Array_Items(run) >= 1000) {
            r |= HPDF_Array_AddNumber(a, (HPDF_INT32)f->cid[i]);
            run = HPDF_Array_New(w->doc->mmgr);
            CORE_CHECK(pdf_obj(w, run, "font widths"));
            r |= HPDF_Array_Add(a, run);
        }
        r |= HPDF_Array_AddReal(run, (HPDF_REAL)f->width[i]);
    }
    CORE_CHECK(pdf_hpdf(w, r, "font widths"));
done:
    return st;
}

/* UTF-16BE hex of one code point: 4 digits, or 8 for a surrogate pair. */
static void put_utf16_hex(core_buf *b, uint32_t cp)
{
    if (cp >= 0x10000) {
        cp -= 0x10000;
        pdf_put_hex4(b, 0xD800 + (cp >> 10));
        pdf_put_hex4(b, 0xDC00 + (cp & 0x3FF));
    } else {
        pdf_put_hex4(b, cp);
    }
}

/* The ToUnicode CMap: every CID to its code point, bfchar blocks of <= 100. */
static core_status font_tounicode(pdf_writer *w, const pdf_font *f, HPDF_Dict *out)
{
    core_buf b = {0};
    core_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < f->n; i += 100) {
        size_t m = f->n - i < 100 ? f->n - i : 100;
        core_buf_printf(&b, "%zu beginbfchar\n", m);
        for (size_t k = i; k < i + m; k++) {
            core_buf_puts(&b, "<");
            pdf_put_hex4(&b, f->cid[k]);
            core_buf_puts(&b, "> <");
            put_utf16_hex(&b, f->cp[k]);
            core_buf_puts(&b, ">\n");
        }
        core_buf_puts(&b, "endbfchar\n");
    }
    core_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    core_status st = pdf_stream_new(w, b.data, b.len, PDF_DATA_TEXT, out);
    core_buf_free(&b);
    return st;
}

static core_status font_cidfont(pdf_writer *w, const pdf_font *f, const char *base,
                                HPDF_Dict desc, HPDF_Dict *out)
{
    core_status st = CORE_OK;
    HPDF_Dict d, info;
    HPDF_Array widths;
    CORE_CHECK(pdf_dict_new(w, &d));
    info = HPDF_Dict_New(w->doc->mmgr);
    CORE_CHECK(pdf_obj(w, info, "CIDSystemInfo"));
    HPDF_STATUS r = HPDF_Dict_Add(d, "CIDSystemInfo", info);
    r |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(w->doc->mmgr, "Adobe", NULL));
    r |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(w->doc->mmgr, "Identity", NULL));
    r |= HPDF_Dict_AddNumber(info, "Supplement", 0);
    r |= HPDF_Dict_AddName(d, "Type", "Font");
    r |= HPDF_Dict_AddName(d, "Subtype", "CIDFontType2");
    r |= HPDF_Dict_AddName(d, "BaseFont", base);
    r |= HPDF_Dict_Add(d, "FontDescriptor", desc);
    r |= HPDF_Dict_AddNumber(d, "DW", PDF_DW);
    CORE_CHECK(pdf_hpdf(w, r, "a CID font"));
    CORE_CHECK(font_widths(w, f, &widths));
    CORE_CHECK(pdf_hpdf(w, HPDF_Dict_Add(d, "W", widths), "a CID font"));
    CORE_CHECK(pdf_hpdf(w, HPDF_Dict_AddName(d, "CIDToGIDMap", "Identity"), "a CID font"));
    *out = d;
done:
    return st;
}

static core_status font_build(pdf_writer *w, font_job *j)
{
    pdf_font *f = j->f;
    core_status st = CORE_OK;
    const font_info *fi = font_face_info(f->face);
    char base[128];
    HPDF_Dict file, desc, cid, tounicode, type0;
    font_base_name(f, fi, base, sizeof base);
    CORE_CHECK(font_program(w, j, fi, &file));
    CORE_CHECK(font_descriptor(w, fi, base, file, &desc));
    CORE_CHECK(font_cidfont(w, f, base, desc, &cid));
    CORE_CHECK(font_tounicode(w, f, &tounicode));
    CORE_CHECK(pdf_dict_new(w, &type0));
    HPDF_Array desc_fonts = HPDF_Array_New(w->doc->mmgr);
    CORE_CHECK(pdf_obj(w, desc_fonts, "a Type0 font"));
    HPDF_STATUS r = HPDF_Dict_AddName(type0, "Type", "Font");
    r |= HPDF_Dict_AddName(type0, "Subtype", "Type0");
    r |= HPDF_Dict_AddName(type0, "BaseFont", base);
    r |= HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
    r |= HPDF_Dict_Add(type0, "DescendantFonts", desc_fonts);
    r |= HPDF_Array_Add(desc_fonts, cid);
    r |= HPDF_Dict_Add(type0, "ToUnicode", tounicode);
    CORE_CHECK(pdf_hpdf(w, r, "a Type0 font"));
    f->type0 = type0;
done:
    return st;
}

core_status pdf_fonts_build(pdf_writer *w)
{
    core_status st = CORE_OK;
    font_jobs js = {.n = w->fonts.n, .compress = w->opt->compress};
    js.v = core_arena_alloc(w->arena, (js.n + 1) * sizeof *js.v);
    for (size_t i = 0; i < js.n; i++) {
        pdf_font *f = w->fonts.v[i];
        const font_info *fi = font_face_info(f->face);
        js.v[i].f = f;
        if (!fi->embeddable)
            return core_fail(&w->fail, CORE_EFONT,
                             "font %s (%s) does not allow embedding (OS/2 fsType)", fi->family,
                             fi->path);
        CORE_CHECK(font_glyphs(w, f, fi));
    }
    jobs_do(w, &js);
    for (size_t i = 0; i < js.n && st == CORE_OK; i++)
        st = font_build(w, &js.v[i]);
done:
    for (size_t i = 0; i < js.n; i++) {
        core_buf_free(&js.v[i].prog);
        free(js.v[i].z.z);
    }
    return st;
}
