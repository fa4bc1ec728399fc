/*
 * Unit tests for font: resolution through fontconfig (bundled Fandol fonts
 * and the system WenQuanYi Zen Hei fallback), refusal of fonts that are not
 * installed, metrics, coverage, subsetting and the face cache.
 *
 * Tags name the requirement a test stands for: [9704 §x] is GB/T 9704-2012,
 * [STD §6] is /work/shared/STANDARDS.md §6 (PDF/A fonts).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "font/font.h"

#define FONT_DIR GONGWEN_SOURCE_DIR "/fonts"

static font_lib *lib;

static void lib_up(void)
{
    core_diags d = {0};
    cr_assert_eq(font_lib_new(FONT_DIR, &d, &lib), CORE_OK);
    core_diags_free(&d);
}

static void lib_down(void)
{
    font_lib_drop(lib);
    lib = NULL;
}

TestSuite(font, .init = lib_up, .fini = lib_down);

static font_face *resolve1(const char *family, font_match *m)
{
    font_face *f = NULL;
    font_match tmp;
    cr_assert_eq(font_lib_resolve(lib, &family, 1, &f, m ? m : &tmp), CORE_OK,
                 "%s not resolved", family);
    cr_assert_not_null(f);
    return f;
}

/* ---- resolution ------------------------------------------------------------ */

/* [9704 §7.3.3] 仿宋, 黑体, 楷体 and 宋体 roles all have a bundled face. */
Test(font, resolves_each_bundled_fandol_family)
{
    const char *fams[] = {"FandolSong", "FandolHei", "FandolKai", "FandolFang"};
    for (size_t i = 0; i < 4; i++) {
        font_match m;
        resolve1(fams[i], &m);
        cr_assert_str_eq(m.requested, fams[i]);
        cr_assert_str_eq(m.family, fams[i]);
        cr_assert(m.bundled, "%s should come from the app font dir", fams[i]);
        cr_assert_not_null(strstr(m.path, "/fonts/fandol/"), "%s", m.path);
        cr_assert_eq(m.index, 0);
        cr_assert_not_null(strstr(m.why, "(bundled)"), "%s", m.why);
    }
}

Test(font, family_compare_ignores_case_and_spaces)
{
    font_match m;
    resolve1("fandol fang", &m);
    cr_assert_str_eq(m.family, "FandolFang");
}

/* fontconfig answers "FangSong" with a sans-serif; that must be refused. */
Test(font, refuses_families_that_are_not_installed)
{
    const char *names[] = {"仿宋_GB2312", "NoSuchFamily", "FangSong", "仿宋"};
    for (size_t i = 0; i < 4; i++) {
        font_face *f = (font_face *)&f; /* must be reset to NULL */
        font_match m;
        cr_assert_eq(font_lib_resolve(lib, &names[i], 1, &f, &m), CORE_EFONT, "%s", names[i]);
        cr_assert_null(f);
        cr_assert_not_null(m.why);
        cr_assert_not_null(strstr(m.why, names[i]), "why '%s' lacks %s", m.why, names[i]);
        cr_assert_null(m.family);
        cr_assert_null(m.path);
    }
}

Test(font, preference_list_falls_through_and_says_why)
{
    const char *fams[] = {"NoSuchFamily", "FandolKai"};
    font_face *f;
    font_match m;
    cr_assert_eq(font_lib_resolve(lib, fams, 2, &f, &m), CORE_OK);
    cr_assert_str_eq(m.requested, "FandolKai");
    cr_assert_str_eq(m.family, "FandolKai");
    cr_assert_str_eq(m.why, "NoSuchFamily not installed; FandolKai (bundled)");
    cr_assert_str_eq(m.substituted, "NoSuchFamily");
}

static const char *to_chinese(const char *msgid)
{
    static const char *const tr[][2] = {
        {", ", "、"}, {"; ", "；"}, {"%s not installed", "%s 未安装"},
        {"%s (bundled)", "%s（随附）"}};
    for (size_t i = 0; i < sizeof tr / sizeof *tr; i++)
        if (!strcmp(msgid, tr[i][0]))
            return tr[i][1];
    return msgid;
}

/* The lib says why in the language of the hook it was made with, as a
 * message would (issue 12: a clerk reads Chinese). */
Test(font, why_is_in_the_callers_language)
{
    font_lib *zh;
    core_diags d = {.translate = to_chinese};
    cr_assert_eq(font_lib_new(FONT_DIR, &d, &zh), CORE_OK);
    const char *fams[] = {"NoSuchFamily", "NoSuchEither", "FandolKai"};
    font_face *f;
    font_match m;
    cr_assert_eq(font_lib_resolve(zh, fams, 3, &f, &m), CORE_OK);
    cr_assert_str_eq(m.why, "NoSuchFamily、NoSuchEither 未安装；FandolKai（随附）");
    cr_assert_str_eq(m.substituted, "NoSuchFamily");
    const char *first[] = {"FandolKai"};
    cr_assert_eq(font_lib_resolve(zh, first, 1, &f, &m), CORE_OK);
    cr_assert_null(m.substituted, "the first choice was found: nothing substituted");
    font_lib_drop(zh);
    core_diags_free(&d);
}

Test(font, system_font_is_found_by_any_of_its_names)
{
    font_match m;
    font_face *a = resolve1("WenQuanYi Zen Hei", &m);
    cr_assert_not(m.bundled);
    font_face *b = resolve1("文泉驿正黑", &m);
    cr_assert_eq(a, b);
    cr_assert_str_eq(m.family, "文泉驿正黑");
}

Test(font, empty_list_is_an_error)
{
    font_face *f;
    font_match m;
    cr_assert_eq(font_lib_resolve(lib, NULL, 0, &f, &m), CORE_EFONT);
    cr_assert_null(f);
    cr_assert_not_null(m.why);
}

Test(font, list_families_is_sorted_and_unique)
{
    core_buf b = {0};
    font_lib_list_families(lib, &b);
    cr_assert_not_null(b.data);
    cr_assert_not_null(strstr(b.data, "\nFandolFang\n"));
    cr_assert_not_null(strstr(b.data, "FandolSong\n"));
    char *prev = NULL;
    for (char *line = strtok(b.data, "\n"); line; line = strtok(NULL, "\n")) {
        if (prev)
            cr_assert_lt(strcmp(prev, line), 0, "'%s' then '%s'", prev, line);
        prev = line;
    }
    core_buf_free(&b);
}

Test(font_lib, missing_app_dir_is_refused)
{
    font_lib *l = (font_lib *)&l;
    core_diags d = {0};
    cr_assert_eq(font_lib_new("/nonexistent/fonts", &d, &l), CORE_EFONT);
    cr_assert_null(l);
    cr_assert_eq(d.n, 1);
    cr_assert_str_eq(d.v[0].code, "E-font");
    cr_assert_str_eq(d.v[0].file, "/nonexistent/fonts");
    cr_assert_str_eq(d.v[0].message,
                     "cannot set up the fonts: the application font folder does not exist");
    core_diags_free(&d);
}

/* The Fandol OTFs the bundled .ttf files were made from (outside the repo;
 * the tests that need them are skipped when they are absent). */
#define OTF_DIR "/work/shared/fonts-src/fandol"

/* [STD §6] fonts are embedded as CIDFontType2, so a CFF-only family is
 * refused with a reason, not embedded wrongly. */
Test(font_lib, cff_outlines_are_refused_with_a_reason)
{
    if (access(OTF_DIR "/FandolFang-Regular.otf", R_OK) != 0)
        cr_skip_test("%s not present", OTF_DIR);
    font_lib *l;
    const char *fam = "FandolFang";
    core_diags d = {0};
    cr_assert_eq(font_lib_new(OTF_DIR, &d, &l), CORE_OK);
    font_face *f;
    font_match m;
    cr_assert_eq(font_lib_resolve(l, &fam, 1, &f, &m), CORE_EFONT);
    cr_assert_null(f);
    cr_assert_not_null(strstr(m.why, "FandolFang unusable ("), "%s", m.why);
    cr_assert_not_null(strstr(m.why, "has no TrueType outlines"), "%s", m.why);
    cr_assert_eq(font_lib_open(l, OTF_DIR "/FandolFang-Regular.otf", 0, &f), CORE_EFONT);
    font_lib_drop(l);
}

/* A family installed both as CFF and as TrueType resolves to the TrueType. */
Test(font_lib, a_family_in_both_formats_resolves_to_truetype)
{
    if (access(OTF_DIR "/FandolFang-Regular.otf", R_OK) != 0)
        cr_skip_test("%s not present", OTF_DIR);
    const char *dir = GONGWEN_BINARY_DIR "/font-test-both-formats";
    mkdir(dir, 0755);
    unlink(GONGWEN_BINARY_DIR "/font-test-both-formats/a.otf");
    unlink(GONGWEN_BINARY_DIR "/font-test-both-formats/b.ttf");
    cr_assert_eq(symlink(OTF_DIR "/FandolFang-Regular.otf",
                         GONGWEN_BINARY_DIR "/font-test-both-formats/a.otf"), 0);
    cr_assert_eq(symlink(FONT_DIR "/fandol/FandolFang-Regular.ttf",
                         GONGWEN_BINARY_DIR "/font-test-both-formats/b.ttf"), 0);
    font_lib *l;
    const char *fam = "FandolFang";
    core_diags d = {0};
    cr_assert_eq(font_lib_new(dir, &d, &l), CORE_OK);
    font_face *f;
    font_match m;
    cr_assert_eq(font_lib_resolve(l, &fam, 1, &f, &m), CORE_OK, "%s", m.why);
    cr_assert_not_null(strstr(m.path, ".ttf"), "%s", m.path);
    font_lib_drop(l);
}

/* ---- cache ------------------------------------------------------------------ */

Test(font, a_file_is_opened_once_per_lib)
{
    font_face *a = resolve1("FandolFang", NULL);
    font_face *b = resolve1("FandolFang", NULL);
    cr_assert_eq(a, b);
    font_face *c;
    cr_assert_eq(font_lib_open(lib, FONT_DIR "/fandol/../fandol/FandolFang-Regular.ttf", 0, &c),
                 CORE_OK);
    cr_assert_eq(a, c, "another spelling of the path is the same file");
    cr_assert_neq(a, resolve1("FandolSong", NULL));
}

Test(font, open_missing_file_fails)
{
    font_face *f = (font_face *)&f;
    cr_assert_eq(font_lib_open(lib, FONT_DIR "/nope.ttf", 0, &f), CORE_EFONT);
    cr_assert_null(f);
    cr_assert_eq(font_lib_open(lib, FONT_DIR "/fandol/COPYING", 0, &f), CORE_EFONT);
}

/* ---- metrics ---------------------------------------------------------------- */

/* [9704 §3.1] 1字 is one Han character: 一 is exactly 1 em wide. */
Test(font, han_advance_is_one_em_and_digits_are_narrower)
{
    font_face *f = resolve1("FandolFang", NULL);
    const font_info *in = font_face_info(f);
    font_glyph yi, one, sp;
    uint32_t g = font_face_glyph(f, 0x4E00);
    cr_assert_neq(g, 0);
    font_face_glyph_metrics(f, g, &yi);
    cr_assert_float_eq(yi.advance, 1.0f, 1e-6);
    cr_assert_eq(yi.advance_units, in->units_per_em);
    cr_assert(yi.x0 >= 0 && yi.x1 <= 1 && yi.x0 < yi.x1 && yi.y0 < yi.y1);
    font_face_glyph_metrics(f, font_face_glyph(f, '1'), &one);
    cr_assert_gt(one.advance, 0.2f);
    cr_assert_lt(one.advance, yi.advance);
    font_face_glyph_metrics(f, font_face_glyph(f, ' '), &sp);
    cr_assert_gt(sp.advance, 0);
    cr_assert(sp.x0 == 0 && sp.y0 == 0 && sp.x1 == 0 && sp.y1 == 0, "empty glyph, no ink");
    font_glyph again;
    font_face_glyph_metrics(f, g, &again);
    cr_assert_eq(memcmp(&again, &yi, sizeof yi), 0);
    font_glyph none;
    font_face_glyph_metrics(f, 0xFFFFFF, &none);
    cr_assert_eq(none.advance_units, 0);
}

/* [STD §6] the descriptor needs sane whole-font facts; fsType allows embedding. */
Test(font, info_fits_a_pdf_font_descriptor)
{
    const char *fams[] = {"FandolSong", "FandolHei", "FandolKai", "FandolFang", "WenQuanYi Zen Hei"};
    for (size_t i = 0; i < 5; i++) {
        const font_info *in = font_face_info(resolve1(fams[i], NULL));
        cr_assert_not_null(in->ps_name);
        cr_assert_null(strchr(in->ps_name, ' '), "%s", in->ps_name);
        cr_assert_gt(strlen(in->ps_name), 0);
        cr_assert(in->units_per_em == 1000 || in->units_per_em == 1024);
        cr_assert(in->ascent > 0.5f && in->ascent < 1.1f, "%s ascent %f", fams[i], in->ascent);
        cr_assert(in->descent < 0 && in->descent > -0.4f, "%s descent %f", fams[i], in->descent);
        cr_assert(in->cap_height > 0.5f && in->cap_height < in->ascent);
        cr_assert(in->bbox[0] < in->bbox[2] && in->bbox[1] < 0 && in->bbox[3] > 0);
        cr_assert(in->embeddable, "%s", fams[i]);
        cr_assert_not(in->fixed_pitch);
        cr_assert_eq(in->italic_angle, 0);
    }
    cr_assert(font_face_info(resolve1("FandolSong", NULL))->serif);
    cr_assert_not(font_face_info(resolve1("FandolHei", NULL))->serif);
    cr_assert_str_eq(font_face_info(resolve1("FandolFang", NULL))->ps_name, "FandolFang-Regular");
}

/* ---- coverage ---------------------------------------------------------------- */

/* [STD §6 GB2312 trap] a name character outside GB 2312 must be found in the
 * fallback, not fall to .notdef: 堃 (U+5803) and 镕 (U+9555). */
Test(font, fallback_covers_name_characters_fandol_lacks)
{
    font_face *fang = resolve1("FandolFang", NULL);
    font_face *wqy = resolve1("WenQuanYi Zen Hei", NULL);
    const uint32_t cps[] = {0x5803, 0x9555, 0x3400};
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(font_face_glyph(fang, cps[i]), 0, "U+%04X", cps[i]);
        cr_assert_neq(font_face_glyph(wqy, cps[i]), 0, "U+%04X", cps[i]);
    }
}

/* Beyond the BMP: WenQuanYi Zen Hei maps U+20547 only in its format-12 cmap. */
Test(font, non_bmp_code_points_use_the_ucs4_cmap)
{
    font_face *wqy = resolve1("WenQuanYi Zen Hei", NULL);
    cr_assert_neq(font_face_glyph(wqy, 0x20547), 0);
    cr_assert_neq(font_face_glyph(wqy, 0x2F800), 0);
    font_face *fang = resolve1("FandolFang", NULL);
    cr_assert_eq(font_face_glyph(fang, 0x20000), 0);
    cr_assert_eq(font_face_glyph(fang, 0x110000), 0);
    cr_assert_eq(font_face_glyph(fang, 0xD800), 0);
}

/* ---- subset ------------------------------------------------------------------- */

/* numGlyphs from the maxp table of a font file in memory, or 0. */
static unsigned maxp_glyphs(const core_buf *b)
{
    const unsigned char *p = (const unsigned char *)b->data;
    if (b->len < 12)
        return 0;
    unsigned ntables = p[4] << 8 | p[5];
    for (unsigned i = 0; i < ntables && 12 + 16 * (i + 1) <= b->len; i++) {
        const unsigned char *r = p + 12 + 16 * i;
        if (memcmp(r, "maxp", 4) == 0) {
            size_t off = (size_t)r[8] << 24 | r[9] << 16 | r[10] << 8 | r[11];
            return off + 6 <= b->len ? (unsigned)(p[off + 4] << 8 | p[off + 5]) : 0;
        }
    }
    return 0;
}

static const char *write_temp(const core_buf *b, const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", GONGWEN_BINARY_DIR, name);
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp, "%s", path);
    cr_assert_eq(fwrite(b->data, 1, b->len, fp), b->len);
    fclose(fp);
    return path;
}

/* [STD §6] every used glyph present, widths equal to the font program. */
Test(font, subset_keeps_the_glyphs_and_renumbers_them)
{
    font_face *f = resolve1("FandolFang", NULL);
    const uint32_t text[] = {0x56FD, 0x52A1, 0x9662, 0x4E2D, 0x534E, 0x4EBA, '2', 0x3002};
    enum { N = sizeof text / sizeof *text };
    uint32_t gids[N + 1], new_gid[N + 1];
    for (size_t i = 0; i < N; i++) {
        gids[i] = font_face_glyph(f, text[i]);
        cr_assert_neq(gids[i], 0);
    }
    gids[N] = gids[3]; /* a repeat: same new id, not one more glyph */
    font_char chars[N + 1];
    for (size_t i = 0; i <= N; i++)
        chars[i] = (font_char){text[i < N ? i : 3], gids[i]};
    core_buf b = {0}, b2 = {0};
    cr_assert_eq(font_face_subset(f, gids, N + 1, chars, N + 1, &b, new_gid), CORE_OK);
    cr_assert_eq(maxp_glyphs(&b), N + 1, "glyph 0 plus the %d asked for", N);
    cr_assert_eq(new_gid[N], new_gid[3]);
    for (size_t i = 0; i < N; i++) {
        cr_assert(new_gid[i] >= 1 && new_gid[i] <= N);
        for (size_t k = 0; k < N; k++) /* renumbered in the old order */
            cr_assert_eq(gids[i] < gids[k], new_gid[i] < new_gid[k]);
    }
    uint32_t again[N + 1];
    cr_assert_eq(font_face_subset(f, gids, N + 1, chars, N + 1, &b2, again), CORE_OK);
    cr_assert_eq(b.len, b2.len);
    cr_assert_eq(memcmp(b.data, b2.data, b.len), 0, "same input, same bytes");
    cr_assert_eq(memcmp(new_gid, again, sizeof again), 0);

    font_face *s;
    cr_assert_eq(font_lib_open(lib, write_temp(&b, "font-subset-fang.ttf"), 0, &s), CORE_OK);
    for (size_t i = 0; i < N; i++) {
        cr_assert_eq(font_face_glyph(s, text[i]), new_gid[i], "cmap of U+%04X", text[i]);
        font_glyph a, z;
        font_face_glyph_metrics(f, gids[i], &a);
        font_face_glyph_metrics(s, new_gid[i], &z);
        cr_assert_eq(a.advance_units, z.advance_units);
        cr_assert_float_eq(a.x0, z.x0, 1e-6);
        cr_assert_float_eq(a.y1, z.y1, 1e-6);
    }
    cr_assert_eq(font_face_glyph(s, 0x4E00), 0, "一 was not asked for");
    cr_assert_eq(font_face_info(s)->units_per_em, 1000);
    core_buf_free(&b);
    core_buf_free(&b2);
}

/* The subset's cmap is the document's: a character set with the glyph its
 * code point maps to is in it; one set with another glyph (a substitute)
 * and a kept glyph no character names are not. */
Test(font, subset_cmap_holds_the_characters_named)
{
    font_face *f = resolve1("FandolFang", NULL);
    uint32_t one = font_face_glyph(f, 0x4E00), two = font_face_glyph(f, 0x4E8C),
             three = font_face_glyph(f, 0x4E09);
    cr_assert(one && two && three);
    uint32_t gids[] = {one, two, three}, new_gid[3];
    const font_char chars[] = {{0x4E00, one}, {0x4E09, two}, {0x4E00, one}};
    core_buf b = {0};
    cr_assert_eq(font_face_subset(f, gids, 3, chars, 3, &b, new_gid), CORE_OK);
    font_face *s;
    cr_assert_eq(font_lib_open(lib, write_temp(&b, "font-subset-chars.ttf"), 0, &s), CORE_OK);
    cr_assert_eq(font_face_glyph(s, 0x4E00), new_gid[0], "一 was named with its glyph");
    cr_assert_eq(font_face_glyph(s, 0x4E09), 0, "三 was named with another glyph");
    cr_assert_eq(font_face_glyph(s, 0x4E8C), 0, "二's glyph is kept, but no character names it");
    cr_assert_eq(maxp_glyphs(&b), 4);
    core_buf_free(&b);
}

/* A collection member, with a composite glyph nested two deep (樂 U+F9BF in
 * WenQuanYi Zen Hei): its components come along, the asked ids stay right. */
Test(font, subset_of_a_ttc_face_with_nested_composites)
{
    font_face *f = resolve1("WenQuanYi Zen Hei", NULL);
    const uint32_t text[] = {0xF9BF, 0x5803, 0x20547};
    uint32_t gids[3], new_gid[3];
    font_char chars[3];
    for (size_t i = 0; i < 3; i++) {
        cr_assert_neq(gids[i] = font_face_glyph(f, text[i]), 0);
        chars[i] = (font_char){text[i], gids[i]};
    }
    core_buf b = {0};
    cr_assert_eq(font_face_subset(f, gids, 3, chars, 3, &b, new_gid), CORE_OK);
    cr_assert_eq(maxp_glyphs(&b), 6, ".notdef, the 3 asked, and the 2 components of 樂");
    font_face *s;
    cr_assert_eq(font_lib_open(lib, write_temp(&b, "font-subset-wqy.ttf"), 0, &s), CORE_OK);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(font_face_glyph(s, text[i]), new_gid[i], "U+%04X", text[i]);
        font_glyph z;
        font_face_glyph_metrics(s, new_gid[i], &z);
        cr_assert(z.x1 > z.x0, "U+%04X has ink", text[i]);
    }
    core_buf_free(&b);
}

Test(font, subset_refuses_a_glyph_the_font_lacks)
{
    font_face *f = resolve1("FandolFang", NULL);
    uint32_t gids[] = {5, 0xFFFFFF}, new_gid[2];
    core_buf b = {0};
    cr_assert_eq(font_face_subset(f, gids, 2, NULL, 0, &b, new_gid), CORE_EFONT);
    cr_assert_eq(b.len, 0);
}

/* The TrueType conversion once kept the CFF side bearings, and FreeType
 * shifted 905 Fandol glyphs to make xMin meet them: 〇 (U+3007) sat 32 units
 * right of centre. tools/fonts/otf2ttf.py now sets lsb = xMin. */
Test(font, bundled_glyphs_sit_where_the_outline_says)
{
    const char *fams[] = {"FandolSong", "FandolHei", "FandolKai", "FandolFang"};
    for (size_t i = 0; i < 4; i++) {
        font_face *f = resolve1(fams[i], NULL);
        font_glyph g;
        font_face_glyph_metrics(f, font_face_glyph(f, 0x3007), &g);
        float mid = (g.x0 + g.x1) / 2;
        cr_assert(mid > 0.48f && mid < 0.52f, "%s 〇 ink %.3f..%.3f", fams[i], g.x0, g.x1);
    }
}
