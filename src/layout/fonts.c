/*
 * fonts.c: the faces of the layout file's roles, and which face sets a
 * character.
 *
 * A role's families are tried in order through font_lib_resolve (official
 * fonts first, then the bundled Fandol fonts). A character is set in its
 * role's face when that face has the glyph, else in the first face of
 * [font.fallback] that has it; when none has it layout reports E-glyph (a
 * character is never dropped silently). Latin letters and digits of body,
 * heading and table text are set in the [font.latin] face when the layout
 * names one (a proportional Latin face); by default in the role's own face
 * (the Fandol fonts' Latin glyphs).
 * Caller: the engine (layout_fonts_resolve), para.c (lay_face_for).
 */
#include "layout-imp.h"

#include <string.h>

core_status layout_fonts_resolve(const layout_style *s, font_lib *lib, core_diags *d,
                                 layout_fonts *out)
{
    core_status st = CORE_OK;
    memset(out, 0, sizeof *out);
    for (int r = 0; r < LAYOUT_ROLE_COUNT; r++) {
        const layout_font_spec *f = &s->font[r];
        if (r == LAYOUT_ROLE_FALLBACK) {
            /* every family found joins the chain; none found is fine */
            for (size_t k = 0; k < f->nfamilies && out->nfallback < LAYOUT_MAX_FAMILIES; k++) {
                font_face *face;
                font_match m;
                if (font_lib_resolve(lib, &f->families[k], 1, &face, &m) != CORE_OK)
                    continue;
                if (!out->face[r])
                    out->face[r] = face, out->match[r] = m;
                out->fallback[out->nfallback++] = face;
            }
            continue;
        }
        if (r == LAYOUT_ROLE_LATIN && f->nfamilies == 0)
            continue; /* Latin in each role's own face */
        if (font_lib_resolve(lib, f->families, f->nfamilies, &out->face[r], &out->match[r]) !=
            CORE_OK) {
            core_diag_file(d, s->path ? s->path : "layout", CORE_ERROR, "E-font",
                           "no font found for role %s (%s)", lay_role_name(r),
                         out->match[r].why ? out->match[r].why
                                             : core_tr(d, N_("no family of the list found")));
            st = CORE_EFONT;
        }
    }
    return st;
}

static bool is_latin(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7);
}

font_face *lay_face_for(const lay_ctx *c, int role, uint32_t cp, uint32_t *gid)
{
    font_face *latin = c->f->face[LAYOUT_ROLE_LATIN];
    if (latin && role != LAYOUT_ROLE_PAGENUM && role != LAYOUT_ROLE_TITLE && is_latin(cp) &&
        (*gid = font_face_glyph(latin, cp)) != 0)
        return latin;
    font_face *own = c->f->face[role];
    if (own && (*gid = font_face_glyph(own, cp)) != 0)
        return own;
    for (size_t k = 0; k < c->f->nfallback; k++)
        if ((*gid = font_face_glyph(c->f->fallback[k], cp)) != 0)
            return c->f->fallback[k];
    *gid = 0;
    return NULL;
}

/* The stroke that thickens a role's text: only for a bundled face, which
 * stands in for a heavier official one (FandolSong for 小标宋). */
float lay_embolden(const lay_ctx *c, int role)
{
    return c->f->match[role].bundled ? c->s->font[role].embolden : 0;
}
