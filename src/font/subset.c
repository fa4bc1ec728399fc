/*
 * subset.c: the TrueType subset of a face that the PDF embeds.
 *
 * hb-subset runs on the same mapped bytes FreeType reads (the face index
 * picks the member of a .ttc). What stays true about the result:
 *  - glyph 0 (.notdef) and exactly the asked glyphs plus any components
 *    their composite outlines need, renumbered compactly in old-id order
 *    (no retain-gids), so new ids are stable for the same input;
 *  - no hinting and none of the layout tables (GSUB, GPOS, GDEF, ...) a PDF
 *    viewer never reads; dropping GSUB also keeps its closure from adding
 *    vertical or ligature forms nobody asked for;
 *  - a cmap holding the characters the document sets with the kept glyphs
 *    (those of them the original maps to that glyph), so that a reader
 *    mapping text through the embedded cmap (OFD's, without a
 *    CGTransform) finds each glyph; an alias the document does not use
 *    (a compatibility ideograph sharing a glyph) is left out;
 *  - no time stamps are touched: same input, same bytes.
 *
 * Why the caller names the characters: given glyphs alone, hb-subset (6.0)
 * builds the map of the face's whole cmap on every call to find their code
 * points, about 1 ms a call for a 30 000-character CJK font; reading that
 * map ourselves once per face still cost 0.2 ms and 0.7 MB of fresh memory
 * a face in every process. The document's own characters are at hand, so
 * hb-subset is handed a face whose cmap holds just them, in subtables of
 * the original's encodings (format 4 for (3,1)/(0,3), format 12 for
 * (3,10)/(0,4)). A face whose cmap has a format 14 variation table or no
 * Unicode subtable, or characters too many for one format 4 subtable,
 * takes the plain path (hb-subset's own reading of the whole cmap).
 *
 * Called by pdf and ofd once per font per document.
 */
#include "font-imp.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

/* The input: glyphs, flags, tables to drop. No code points are given:
 * hb-subset keeps every entry of the (small) cmap whose glyph is kept
 * (checked by the subset tests, which look glyphs up through the subset's
 * cmap). */
static hb_subset_input_t *input_new(const uint32_t *gids, size_t n)
{
    static const char *const drop[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH",
                                       "vhea", "vmtx", "VORG", "DSIG", "kern", "morx",
                                       "hdmx", "LTSH", "VDMX", "gasp", NULL};
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *glyphs = hb_subset_input_glyph_set(in);
    hb_set_add(glyphs, 0);
    for (size_t i = 0; i < n; i++)
        hb_set_add(glyphs, gids[i]);
    hb_set_t *tags = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (int i = 0; drop[i]; i++)
        hb_set_add(tags, hb_tag_from_string(drop[i], -1));
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    return in;
}

/* ---- the small cmap ------------------------------------------------------- */

/* Which Unicode subtables the original cmap has (its encoding records, in
 * order, go to the small one); false if it has one hb-subset would carry
 * over as such (format 14) or none. Only the table's header is read. */
typedef struct cmap_kind {
    bool bmp, ucs4;       /* a (3,1)/(0,3), a (3,10)/(0,4) */
    unsigned nrec;
    uint16_t rec[8][2];   /* platform, encoding */
} cmap_kind;

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool cmap_encodings(hb_face_t *hb, cmap_kind *m)
{
    hb_blob_t *blob = hb_face_reference_table(hb, HB_TAG('c', 'm', 'a', 'p'));
    unsigned len = 0;
    const uint8_t *d = (const uint8_t *)hb_blob_get_data(blob, &len);
    bool ok = len >= 4;
    unsigned n = ok ? be16(d + 2) : 0;
    for (unsigned i = 0; ok && i < n; i++) {
        if (4 + 8 * (i + 1) > len) {
            ok = false;
            break;
        }
        const uint8_t *r = d + 4 + 8 * i;
        unsigned pid = be16(r), eid = be16(r + 2);
        uint32_t off = be32(r + 4);
        if (off + 2 > len || be16(d + off) == 14)
            ok = false;
        else if ((pid == 3 && eid == 1) || (pid == 0 && eid == 3))
            m->bmp = true;
        else if ((pid == 3 && eid == 10) || (pid == 0 && eid == 4))
            m->ucs4 = true;
        else
            continue; /* not carried over by hb-subset */
        if (m->nrec == 8)
            ok = false;
        else
            m->rec[m->nrec][0] = (uint16_t)pid, m->rec[m->nrec++][1] = (uint16_t)eid;
    }
    hb_blob_destroy(blob);
    return ok && (m->bmp || m->ucs4);
}

static void put16(uint8_t **p, uint32_t v)
{
    (*p)[0] = (uint8_t)(v >> 8), (*p)[1] = (uint8_t)v;
    *p += 2;
}

static void put32(uint8_t **p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p, v);
}

static int char_cmp(const void *a, const void *b)
{
    const font_char *x = a, *y = b;
    return (x->cp > y->cp) - (x->cp < y->cp);
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The characters that go into the subset's cmap, sorted by code point,
 * each once, into e: those the face's own cmap maps to the glyph they were
 * set with (a glyph substituted by shaping, or a U+FFFD standing for text
 * PDF/A forbids, is no mapping of the font's), and whose glyph is kept. */
static size_t kept_chars(font_face *f, const uint32_t *gids, size_t n, const font_char *chars,
                         size_t nchars, font_char *e)
{
    uint32_t *kept = malloc((n + 1) * sizeof *kept);
    if (!kept)
        abort(); /* as core_arena */
    memcpy(kept, gids, n * sizeof *kept);
    qsort(kept, n, sizeof *kept, u32_cmp);
    size_t k = 0;
    for (size_t i = 0; i < nchars; i++)
        if (chars[i].gid && font_face_glyph(f, chars[i].cp) == chars[i].gid &&
            bsearch(&chars[i].gid, kept, n, sizeof *kept, u32_cmp))
            e[k++] = chars[i];
    free(kept);
    qsort(e, k, sizeof *e, char_cmp);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || e[u - 1].cp != e[i].cp)
            e[u++] = e[i];
    return u;
}

/* A cmap of the kept characters with the encoding records of the
 * original, those of BMP encodings pointing to one format 4 subtable, the
 * others to one format 12; NULL when it does not fit (format 4 is limited
 * to 64 KB). */
static hb_blob_t *small_cmap(const cmap_kind *m, const font_char *e, size_t k)
{
    size_t nbmp = 0;
    for (size_t i = 0; i < k; i++)
        nbmp += e[i].cp < 0xFFFF;
    size_t seg = nbmp + 1, f4 = m->bmp ? 16 + 8 * seg : 0, f12 = m->ucs4 ? 16 + 12 * k : 0;
    size_t nrec = m->nrec, size = 4 + 8 * nrec + f4 + f12;
    uint8_t *buf = f4 > 0xFFFF ? NULL : malloc(size);
    if (!buf)
        return NULL;
    uint8_t *p = buf;
    put16(&p, 0), put16(&p, (uint32_t)nrec);
    for (unsigned i = 0; i < m->nrec; i++) {
        bool bmp = m->rec[i][1] == 1 || m->rec[i][1] == 3;
        put16(&p, m->rec[i][0]), put16(&p, m->rec[i][1]);
        put32(&p, (uint32_t)(4 + 8 * nrec + (bmp ? 0 : f4)));
    }
    if (m->bmp) { /* one segment a character, idDelta = gid - cp */
        unsigned pow = 1, log = 0;
        while (pow * 2 <= seg)
            pow *= 2, log++;
        put16(&p, 4), put16(&p, (uint32_t)f4), put16(&p, 0);
        put16(&p, (uint32_t)(2 * seg)), put16(&p, 2 * pow), put16(&p, log);
        put16(&p, (uint32_t)(2 * seg - 2 * pow));
        for (size_t i = 0; i < nbmp; i++)
            put16(&p, e[i].cp);
        put16(&p, 0xFFFF), put16(&p, 0); /* last endCode, reservedPad */
        for (size_t i = 0; i < nbmp; i++)
            put16(&p, e[i].cp);
        put16(&p, 0xFFFF);
        for (size_t i = 0; i < nbmp; i++)
            put16(&p, (e[i].gid - e[i].cp) & 0xFFFF);
        put16(&p, 1);
        for (size_t i = 0; i < seg; i++)
            put16(&p, 0); /* idRangeOffset */
    }
    if (m->ucs4) {
        put16(&p, 12), put16(&p, 0), put32(&p, (uint32_t)f12), put32(&p, 0);
        put32(&p, (uint32_t)k);
        for (size_t i = 0; i < k; i++)
            put32(&p, e[i].cp), put32(&p, e[i].cp), put32(&p, e[i].gid);
    }
    return hb_blob_create((const char *)buf, (unsigned)size, HB_MEMORY_MODE_READONLY, buf,
                          free);
}

/* A face that is `orig` but for its cmap. */
typedef struct cmap_swap {
    hb_face_t *orig;
    hb_blob_t *cmap;
} cmap_swap;

static hb_blob_t *swap_table(hb_face_t *face, hb_tag_t tag, void *data)
{
    cmap_swap *s = data;
    if (tag == HB_TAG('c', 'm', 'a', 'p'))
        return hb_blob_reference(s->cmap);
    return hb_face_reference_table(s->orig, tag);
}

/* The face hb-subset should read: f->hb itself, or (when the small cmap
 * fits) a new face with the small cmap, which *s must outlive. The caller
 * destroys the result. */
static hb_face_t *source_face(font_face *f, const uint32_t *gids, size_t n,
                              const font_char *chars, size_t nchars, cmap_swap *s)
{
    cmap_kind m = {0};
    s->orig = f->hb;
    s->cmap = NULL;
    if (cmap_encodings(f->hb, &m)) {
        font_char *e = malloc((nchars + 1) * sizeof *e);
        if (!e)
            abort(); /* as core_arena */
        s->cmap = small_cmap(&m, e, kept_chars(f, gids, n, chars, nchars, e));
        free(e);
    }
    if (!s->cmap)
        return hb_face_reference(f->hb);
    hb_face_t *face = hb_face_create_for_tables(swap_table, s, NULL);
    hb_face_set_index(face, hb_face_get_index(f->hb));
    hb_face_set_upem(face, hb_face_get_upem(f->hb));
    hb_face_set_glyph_count(face, hb_face_get_glyph_count(f->hb));
    return face;
}

/* ---- subset --------------------------------------------------------------- */

core_status font_face_subset(font_face *f, const uint32_t *gids, size_t n,
                             const font_char *chars, size_t nchars, core_buf *out,
                             uint32_t *new_gid)
{
    core_status st = CORE_EFONT;
    hb_subset_input_t *in = NULL;
    hb_subset_plan_t *plan = NULL;
    hb_face_t *src = NULL, *res = NULL;
    hb_blob_t *blob = NULL;
    cmap_swap swap = {0};
    for (size_t i = 0; i < n; i++)
        if (gids[i] >= f->nglyphs)
            goto done; /* a glyph the font does not have: a caller's bug */
    src = source_face(f, gids, n, chars, nchars, &swap);
    in = input_new(gids, n);
    if (!in || !(plan = hb_subset_plan_create_or_fail(src, in)))
        goto done;
    const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t g = hb_map_get(map, gids[i]);
        if (g == HB_MAP_VALUE_INVALID)
            goto done;
        new_gid[i] = g;
    }
    if (!(res = hb_subset_plan_execute_or_fail(plan)))
        goto done;
    blob = hb_face_reference_blob(res);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    if (!len)
        goto done;
    core_buf_append(out, data, len);
    st = CORE_OK;
done:
    hb_blob_destroy(blob);
    hb_face_destroy(res);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    hb_face_destroy(src);
    hb_blob_destroy(swap.cmap);
    return st;
}
