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
 *  - a cmap holding every code point of the original that maps to a kept
 *    glyph (hb-subset does this for glyphs asked by id), so the subset is
 *    still a usable font;
 *  - no time stamps are touched: same input, same bytes.
 *
 * Speed: given glyphs, hb-subset (6.0) builds the map of the face's whole
 * cmap on every call to find the code points of the kept glyphs: about 1 ms
 * per call for a 30 000-character CJK font, whatever the number of glyphs.
 * So the face's Unicode mapping is read once (kept on the hb_face as user
 * data, sorted by glyph: 2-4 ms once per CJK face), and hb-subset is handed the face with a small
 * cmap holding just the kept glyphs' entries, in subtables of the same
 * encodings as the original's (format 4 for (3,1)/(0,3), format 12 for
 * (3,10)/(0,4)). It sees the same mapping, so it writes the same subset.
 * A face whose cmap it would read otherwise (a format 14 variation table,
 * no Unicode subtable) or a mapping too large for one format 4 subtable
 * takes the plain path.
 *
 * Called by pdf once per font per document.
 */
#include "font-imp.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

/* The input: glyphs, flags, tables to drop. No code points are given:
 * hb-subset keeps every cmap entry whose glyph is kept (checked by the
 * subset tests, which look glyphs up through the subset's cmap). */
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

/* ---- the face's Unicode mapping, once ---------------------------------- */

typedef struct cmap_pair {
    uint32_t gid, cp;
} cmap_pair;

/* The mapping of a face, or `plain` when the small-cmap path does not fit. */
typedef struct cmap_map {
    bool plain;
    bool bmp, ucs4;       /* the original has a (3,1)/(0,3), (3,10)/(0,4) */
    unsigned nrec;        /* its Unicode encoding records, in order: */
    uint16_t rec[8][2];   /* platform, encoding */
    size_t n;
    cmap_pair *v;         /* sorted by glyph, then code point */
} cmap_map;

static hb_user_data_key_t cmap_map_key;

static void cmap_map_free(void *p)
{
    cmap_map *m = p;
    free(m->v);
    free(m);
}

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Which Unicode subtables the cmap has; false if it has one hb-subset
 * would carry over as such (format 14) or none. */
static bool cmap_encodings(hb_face_t *hb, cmap_map *m)
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

/* Sort the (glyph, code point) pairs by glyph (a counting sort: glyph ids
 * are below ng; code points stay ascending within a glyph) into m->v. */
static void cmap_map_sort(cmap_map *m, const hb_codepoint_t *cp, const hb_codepoint_t *g,
                          unsigned n, unsigned ng, size_t *at)
{
    for (unsigned i = 0; i < n; i++)
        if (g[i] && g[i] < ng)
            at[g[i] + 1]++, m->n++;
    for (unsigned k = 1; k <= ng; k++)
        at[k] += at[k - 1];
    for (unsigned i = 0; i < n; i++)
        if (g[i] && g[i] < ng)
            m->v[at[g[i]]++] = (cmap_pair){g[i], cp[i]};
}

/* Every code point of the face's Unicode cmap with its glyph, walked with
 * FreeType (the subtable select_charmap chose, the one HarfBuzz reads too:
 * UCS-4 before BMP) in code point order; a third of the time of
 * collecting the set and mapping it through hb. False when memory runs
 * out. */
static bool cmap_map_read(font_face *f, cmap_map *m)
{
    unsigned ng = f->nglyphs, n = 0, cap = 1024;
    hb_codepoint_t *cp = malloc(cap * sizeof *cp), *g = malloc(cap * sizeof *g);
    FT_UInt gid;
    for (FT_ULong c = FT_Get_First_Char(f->ft, &gid); cp && g && gid;
         c = FT_Get_Next_Char(f->ft, c, &gid)) {
        if (n == cap) {
            cap *= 2;
            hb_codepoint_t *cp2 = realloc(cp, cap * sizeof *cp), *g2 = realloc(g, cap * sizeof *g);
            if (!cp2 || !g2)
                abort(); /* as core_arena: no memory is not a recoverable error */
            cp = cp2, g = g2;
        }
        cp[n] = (hb_codepoint_t)c, g[n++] = gid;
    }
    size_t *at = calloc((size_t)ng + 1, sizeof *at);
    m->v = malloc((n + 1) * sizeof *m->v);
    bool ok = cp && g && at && m->v;
    if (ok)
        cmap_map_sort(m, cp, g, n, ng, at);
    free(cp), free(g), free(at);
    return ok;
}

/* The face's mapping, read on first use and kept with the face. */
static const cmap_map *cmap_map_of(font_face *f)
{
    hb_face_t *hb = f->hb;
    cmap_map *m = hb_face_get_user_data(hb, &cmap_map_key);
    if (m)
        return m;
    m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->plain = !cmap_encodings(hb, m) || !cmap_map_read(f, m);
    if (!hb_face_set_user_data(hb, &cmap_map_key, m, cmap_map_free, false)) {
        cmap_map_free(m);
        return NULL;
    }
    return m;
}

/* ---- the small cmap ------------------------------------------------------- */

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

static int cp_cmp(const void *a, const void *b)
{
    const cmap_pair *x = a, *y = b;
    return (x->cp > y->cp) - (x->cp < y->cp);
}

/* A cmap of the entries of m whose glyph is in gids (n, any order), with
 * the encoding records of the original, those of BMP encodings pointing to
 * one format 4 subtable, the others to one format 12; NULL when it does not
 * fit (format 4 is limited to 64 KB) or memory runs out. */
/* The entries of m whose glyph is in gids, sorted by code point, each
 * once, into e (room for m->n: gids are distinct, as pdf gives them; a
 * repeated one only costs room); returns their number. */
static size_t kept_entries(const cmap_map *m, const uint32_t *gids, size_t n, cmap_pair *e)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) { /* every entry of glyph gids[i] */
        size_t lo = 0, hi = m->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (m->v[mid].gid < gids[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < m->n && m->v[lo].gid == gids[i] && k < m->n; lo++)
            e[k++] = m->v[lo];
    }
    qsort(e, k, sizeof *e, cp_cmp);
    size_t u = 0; /* a glyph asked twice gives its entries twice */
    for (size_t i = 0; i < k; i++)
        if (u == 0 || e[u - 1].cp != e[i].cp)
            e[u++] = e[i];
    return u;
}

static hb_blob_t *small_cmap(const cmap_map *m, const uint32_t *gids, size_t n)
{
    cmap_pair *e = malloc((m->n + 1) * sizeof *e);
    uint8_t *buf = NULL;
    size_t k, nbmp = 0;
    if (!e)
        return NULL;
    k = kept_entries(m, gids, n, e);
    for (size_t i = 0; i < k; i++)
        nbmp += e[i].cp < 0xFFFF;
    size_t seg = nbmp + 1, f4 = m->bmp ? 16 + 8 * seg : 0, f12 = m->ucs4 ? 16 + 12 * k : 0;
    size_t nrec = m->nrec, size = 4 + 8 * nrec + f4 + f12;
    if (f4 > 0xFFFF || !(buf = malloc(size))) {
        free(e);
        return NULL;
    }
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
    free(e);
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

/* The face hb-subset should read for these glyphs: f->hb itself, or (when
 * the small-cmap path fits) a new face with the small cmap, which *s must
 * outlive. The caller destroys the result. */
static hb_face_t *source_face(font_face *f, const uint32_t *gids, size_t n, cmap_swap *s)
{
    const cmap_map *m = cmap_map_of(f);
    s->orig = f->hb;
    s->cmap = m && !m->plain ? small_cmap(m, gids, n) : NULL;
    if (!s->cmap)
        return hb_face_reference(f->hb);
    hb_face_t *face = hb_face_create_for_tables(swap_table, s, NULL);
    hb_face_set_index(face, hb_face_get_index(f->hb));
    hb_face_set_upem(face, hb_face_get_upem(f->hb));
    hb_face_set_glyph_count(face, hb_face_get_glyph_count(f->hb));
    return face;
}

/* ---- subset --------------------------------------------------------------- */

core_status font_face_subset(font_face *f, const uint32_t *gids, size_t n, core_buf *out,
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
    src = source_face(f, gids, n, &swap);
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
