/*
 * face.c: facts about one face — whole-font metrics for placement and the
 * PDF font descriptor, code point to glyph, and per-glyph metrics.
 *
 * What stays true: font_info is computed once when the face is opened and
 * never changes; glyph metrics are read from the outlines in font units
 * (no hinting, no scaling) the first time a glyph is asked for and then
 * served from the cache, because layout asks once per character.
 *
 * Called by layout (glyph, metrics), dl (info, metrics) and pdf (info).
 */
#include "font-imp.h"

#include FT_SFNT_NAMES_H
#include FT_TRUETYPE_TABLES_H

#include <stdlib.h>
#include <string.h>

/* PostScript names must be printable ASCII without spaces or PDF
 * delimiters; anything else is dropped. Falls back to the family. */
static const char *ps_name_of(font_face *f)
{
    const char *ps = FT_Get_Postscript_Name(f->ft);
    if (!ps || !*ps)
        ps = f->ft->family_name ? f->ft->family_name : "Unnamed";
    size_t n = strlen(ps), k = 0;
    char *s = core_arena_alloc(f->lib->arena, n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)ps[i];
        if (c > 32 && c < 127 && !strchr("()<>[]{}/%", c))
            s[k++] = (char)c;
    }
    return k ? s : "Unnamed";
}

/* PDF's Serif flag: panose says when it can (Latin text family, serif
 * style 2..10 serif, 11..13 sans); otherwise guess from the name, since the
 * Chinese fonts rarely fill panose in. 宋/仿宋/楷 count as serif. */
static bool serif_guess(const TT_OS2 *os2, const char *family)
{
    if (os2 && os2->panose[0] == 2 && os2->panose[1] >= 2) {
        if (os2->panose[1] <= 10)
            return true;
        if (os2->panose[1] <= 13)
            return false;
    }
    static const char *const serif[] = {"Song", "Fang", "Kai", "Ming", "Serif", "Roman",
                                        "宋", "仿", "楷", "明", NULL};
    static const char *const sans[] = {"Sans", "Hei", "Gothic", "黑", NULL};
    for (int i = 0; family && sans[i]; i++)
        if (strstr(family, sans[i]))
            return false;
    for (int i = 0; family && serif[i]; i++)
        if (strstr(family, serif[i]))
            return true;
    return false;
}

/* OS/2 fsType: restricted licence (0x0002) alone forbids embedding; a less
 * restrictive bit set alongside it wins (the OpenType rule). Bitmap-only
 * embedding (0x0200) is no use for outline fonts. */
static bool embeddable(const TT_OS2 *os2)
{
    if (!os2)
        return true;
    unsigned t = os2->fsType;
    if ((t & 0x000E) == 0x0002)
        return false;
    return !(t & 0x0200);
}

/* Older OS/2 tables (the Fandol fonts have version 1) carry no cap height;
 * the top of "H" is what the field would have said. */
static float cap_height_of_H(FT_Face ft, float em, float ascent)
{
    FT_UInt g = FT_Get_Char_Index(ft, 'H');
    if (g && !FT_Load_Glyph(ft, g, FT_LOAD_NO_SCALE) && ft->glyph->metrics.height > 0)
        return ft->glyph->metrics.horiBearingY / em;
    return ascent * 0.8f; /* no H either: a common proportion */
}

void font_face_fill_info_(font_face *f)
{
    FT_Face ft = f->ft;
    font_info *in = &f->info;
    float em = ft->units_per_EM ? ft->units_per_EM : 1000;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
    TT_Postscript *post = FT_Get_Sfnt_Table(ft, FT_SFNT_POST);
    if (os2 && os2->version == 0xFFFF)
        os2 = NULL; /* FreeType's mark for a missing table */
    in->family = core_arena_strdup(f->lib->arena, ft->family_name ? ft->family_name : "");
    in->ps_name = ps_name_of(f);
    in->path = f->path;
    in->index = f->index;
    in->units_per_em = (int)em;
    /* Typo metrics are the designer's em box (for CJK fonts, the ideographic
     * frame); hhea is the clipping box. Typo first when it is filled in. */
    if (os2 && os2->sTypoAscender > 0 && os2->sTypoDescender < 0) {
        in->ascent = os2->sTypoAscender / em;
        in->descent = os2->sTypoDescender / em;
    } else {
        in->ascent = ft->ascender / em;
        in->descent = (ft->descender < 0 ? ft->descender : -ft->descender) / em;
    }
    if (os2 && os2->version >= 2 && os2->sCapHeight > 0)
        in->cap_height = os2->sCapHeight / em;
    else
        in->cap_height = cap_height_of_H(ft, em, in->ascent);
    in->bbox[0] = ft->bbox.xMin / em;
    in->bbox[1] = ft->bbox.yMin / em;
    in->bbox[2] = ft->bbox.xMax / em;
    in->bbox[3] = ft->bbox.yMax / em;
    in->italic_angle = post ? post->italicAngle / 65536.0f : 0;
    in->fixed_pitch = FT_IS_FIXED_WIDTH(ft);
    in->serif = serif_guess(os2, in->family);
    in->embeddable = embeddable(os2);
}

const font_info *font_face_info(const font_face *f)
{
    return &f->info;
}

uint32_t font_face_glyph(font_face *f, uint32_t cp)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return (uint32_t)FT_Get_Char_Index(f->ft, cp);
}

/* Read glyph `gid` from its outline, in font units. All zero on error. */
static void glyph_load(font_face *f, uint32_t gid, font_glyph *g)
{
    memset(g, 0, sizeof *g);
    if (FT_Load_Glyph(f->ft, gid, FT_LOAD_NO_SCALE | FT_LOAD_IGNORE_TRANSFORM))
        return;
    const FT_Glyph_Metrics *m = &f->ft->glyph->metrics;
    float em = (float)f->info.units_per_em;
    long adv = m->horiAdvance;
    g->advance_units = (uint16_t)(adv < 0 ? 0 : adv > 0xFFFF ? 0xFFFF : adv);
    g->advance = adv / em;
    if (m->width > 0 && m->height > 0) {
        g->x0 = m->horiBearingX / em;
        g->x1 = (m->horiBearingX + m->width) / em;
        g->y1 = m->horiBearingY / em;
        g->y0 = (m->horiBearingY - m->height) / em;
    }
}

static uint32_t slot_of(const font_face *f, uint32_t gid)
{
    uint32_t h = (gid * 2654435761u) & (f->cap - 1);
    while (f->slots[h].gid1 && f->slots[h].gid1 != gid + 1)
        h = (h + 1) & (f->cap - 1);
    return h;
}

/* Room for one more: the table at most half full. */
static void slots_grow(font_face *f)
{
    if (f->cap && 2 * (f->used + 1) <= f->cap)
        return;
    font_glyph_slot *old = f->slots;
    uint32_t n = f->cap;
    f->cap = n ? 2 * n : 1024;
    f->slots = calloc(f->cap, sizeof *f->slots);
    if (!f->slots)
        abort(); /* as core_arena */
    for (uint32_t i = 0; i < n; i++)
        if (old[i].gid1)
            f->slots[slot_of(f, old[i].gid1 - 1)] = old[i];
    free(old);
}

void font_face_glyph_metrics(font_face *f, uint32_t gid, font_glyph *out)
{
    if (gid >= f->nglyphs) {
        memset(out, 0, sizeof *out);
        return;
    }
    slots_grow(f);
    font_glyph_slot *s = &f->slots[slot_of(f, gid)];
    if (!s->gid1) {
        glyph_load(f, gid, &s->g);
        s->gid1 = gid + 1;
        f->used++;
    }
    *out = s->g;
}
