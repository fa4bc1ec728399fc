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
 * Called by pdf once per font per document.
 */
#include "font-imp.h"

#include <hb-subset.h>

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

core_status font_face_subset(font_face *f, const uint32_t *gids, size_t n, core_buf *out,
                             uint32_t *new_gid)
{
    core_status st = CORE_EFONT;
    hb_subset_input_t *in = NULL;
    hb_subset_plan_t *plan = NULL;
    hb_face_t *res = NULL;
    hb_blob_t *blob = NULL;
    for (size_t i = 0; i < n; i++)
        if (gids[i] >= f->nglyphs)
            goto done; /* a glyph the font does not have: a caller's bug */
    if (!f->hb)
        f->hb = hb_face_create(f->blob, (unsigned)f->index & 0xFFFF);
    in = input_new(gids, n);
    if (!in || !(plan = hb_subset_plan_create_or_fail(f->hb, in)))
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
    return st;
}
