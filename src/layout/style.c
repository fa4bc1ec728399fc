/*
 * style.c: reading a layout file (layouts/gbt9704.ini) into a layout_style.
 *
 * The file is `[section]` headers and `key = value` lines; `#` starts a
 * comment anywhere. Every key has a built-in default equal to GB/T 9704, so a
 * file only says what differs. Lengths carry a unit (mm, pt, 字); a 字 is
 * resolved after the whole file is read, because the character pitch depends
 * on keys that may come later. Problems are errors naming FILE:LINE:COL.
 *
 * Invariant: a returned style has every length in points, char_pitch and
 * line_pitch > 0, and at least one family for every role.
 * Caller: the engine (once per report, or once per batch).
 */
#include "layout-imp.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM_PT (72.0 / 25.4)

typedef enum key_kind {
    K_LEN, K_INT, K_NUM, K_BOOL, K_FAMILIES,
    K_ROLE,    /* a role name (body, h1, table, ...) → int */
    K_RIGHT,   /* center or right → bool (true: right) */
    K_PLACE,   /* end or title → bool (true: title) */
    K_TEXT     /* any text, copied; `none` → NULL */
} key_kind;

/* Where a 字 in a length points to. */
typedef enum char_base { B_BODY, B_PAGENUM, B_NONE } char_base;

typedef struct key_def {
    const char *section, *key;
    key_kind kind;
    size_t off;     /* into layout_style; for font keys into layout_font_spec */
    char_base base;
} key_def;

#define S(f) offsetof(layout_style, f)
#define F(f) offsetof(layout_font_spec, f)
static const key_def KEYS[] = {
    {"page", "width", K_LEN, S(page_w), B_NONE},
    {"page", "height", K_LEN, S(page_h), B_NONE},
    {"page", "margin_top", K_LEN, S(margin_top), B_BODY},
    {"page", "margin_bottom", K_LEN, S(margin_bottom), B_BODY},
    {"page", "margin_left", K_LEN, S(margin_left), B_BODY},
    {"page", "margin_right", K_LEN, S(margin_right), B_BODY},
    {"page", "mirror", K_BOOL, S(mirror), B_NONE},
    {"grid", "lines", K_INT, S(lines), B_NONE},
    {"grid", "chars", K_INT, S(chars), B_NONE},
    {"grid", "line_pitch", K_LEN, S(line_pitch), B_NONE},
    {"grid", "char_pitch", K_LEN, S(char_pitch), B_NONE},
    {"grid", "indent", K_LEN, S(indent), B_BODY},
    {"title", "gap_lines", K_NUM, S(title_gap_lines), B_NONE},
    {"title", "max_chars", K_NUM, S(title_max_chars), B_NONE},
    {"pagenum", "drop", K_LEN, S(pagenum_drop), B_PAGENUM},
    {"pagenum", "inset", K_LEN, S(pagenum_inset), B_PAGENUM},
    {"table", "rule_outer", K_LEN, S(rule_outer), B_NONE},
    {"table", "rule_inner", K_LEN, S(rule_inner), B_NONE},
    {"table", "size_min", K_LEN, S(table_size_min), B_NONE},
    {"table", "padding", K_LEN, S(table_pad), B_BODY},
    {"table", "header_font", K_ROLE, S(table_head_role), B_NONE},
    {"table", "numbers", K_RIGHT, S(table_num_right), B_NONE},
    {"table", "continued", K_TEXT, S(table_continued), B_NONE},
    {"text", "han_latin_gap", K_LEN, S(han_latin_gap), B_BODY},
    {"text", "widows", K_INT, S(widows), B_NONE},
    {"text", "mend_pages", K_BOOL, S(mend_pages), B_NONE},
    {"text", "level3_mark", K_TEXT, S(level3_mark), B_NONE},
    {"title", "terms", K_TEXT, S(title_terms_path), B_NONE},
    {"signature", "sealed", K_BOOL, S(sealed), B_NONE},
    {"signature", "place", K_PLACE, S(sig_under_title), B_NONE},
    /* font keys: section "font.*", offsets into layout_font_spec */
    {"font", "families", K_FAMILIES, 0, B_NONE},
    {"font", "size", K_LEN, F(size), B_NONE},
    {"font", "embolden", K_LEN, F(embolden), B_NONE},
};
#undef S
#undef F
#define NKEYS (sizeof KEYS / sizeof *KEYS)

static const char *const ROLE_NAME[LAYOUT_ROLE_COUNT] = {
    [LAYOUT_ROLE_BODY] = "body",   [LAYOUT_ROLE_TITLE] = "title",
    [LAYOUT_ROLE_H1] = "h1",       [LAYOUT_ROLE_H2] = "h2",
    [LAYOUT_ROLE_H3] = "h3",       [LAYOUT_ROLE_H4] = "h4",
    [LAYOUT_ROLE_TABLE] = "table", [LAYOUT_ROLE_PAGENUM] = "pagenum",
    [LAYOUT_ROLE_FALLBACK] = "fallback", [LAYOUT_ROLE_LATIN] = "latin",
};

const char *lay_role_name(int role)
{
    return role >= 0 && role < LAYOUT_ROLE_COUNT ? ROLE_NAME[role] : "?";
}

/* A length waiting for the character pitch: value and whether it is in 字. */
typedef struct pending {
    float *dst;
    double v;
    bool chars;
    char_base base;
} pending;

typedef struct parser {
    layout_style *s;
    const core_source *src;
    core_diags *d;
    const char *section; /* current section name (arena) */
    int role;            /* font role of the current section, or -1 */
    pending pend[64];
    size_t npend;
    struct { const void *dst; size_t off; } set[128]; /* where each key was set */
    size_t nset;
    size_t errors;
} parser;

/* The offset of the value that set `dst`, or SIZE_MAX when it is a default. */
static size_t set_at(const parser *p, const void *dst)
{
    for (size_t i = p->nset; i-- > 0;)
        if (p->set[i].dst == dst)
            return p->set[i].off;
    return SIZE_MAX;
}

static void perr(parser *p, size_t off, const char *fmt, const char *a, const char *b)
{
    core_diag_at(p->d, p->src, off, CORE_ERROR, "E-layout", fmt, a, b);
    p->errors++;
}

static void style_defaults(layout_style *s)
{
    s->page_w = 210 * MM_PT, s->page_h = 297 * MM_PT;
    s->margin_top = 37 * MM_PT, s->margin_bottom = 35 * MM_PT;
    s->margin_left = 28 * MM_PT, s->margin_right = 26 * MM_PT;
    s->lines = 22, s->chars = 28, s->indent = 2;
    s->title_gap_lines = 1, s->title_max_chars = 20;
    s->pagenum_drop = 7 * MM_PT, s->pagenum_inset = 14;
    s->rule_outer = 0.75f, s->rule_inner = 0.5f, s->table_size_min = 9, s->table_pad = 2;
    s->table_head_role = LAYOUT_ROLE_H1, s->table_continued = "（续）";
    s->widows = 1, s->level3_mark = ".", s->mend_pages = true;
    static const char *const fang[] = {"仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong",
                                       "FandolFang"};
    static const char *const hei[] = {"黑体", "SimHei", "FandolHei"};
    static const char *const kai[] = {"楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi", "FandolKai"};
    static const char *const biao[] = {"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S",
                                       "FandolSong"};
    static const char *const song[] = {"宋体", "SimSun", "FandolSong"};
    static const char *const fb[] = {"FandolSong", "WenQuanYi Zen Hei"};
    struct { int role; const char *const *f; size_t n; float size; } def[] = {
        {LAYOUT_ROLE_BODY, fang, 5, 16},  {LAYOUT_ROLE_TITLE, biao, 4, 22},
        {LAYOUT_ROLE_H1, hei, 3, 16},     {LAYOUT_ROLE_H2, kai, 5, 16},
        {LAYOUT_ROLE_H3, fang, 5, 16},    {LAYOUT_ROLE_H4, fang, 5, 16},
        {LAYOUT_ROLE_TABLE, fang, 5, 12}, {LAYOUT_ROLE_PAGENUM, song, 3, 14},
        {LAYOUT_ROLE_FALLBACK, fb, 2, 16},
    };
    for (size_t i = 0; i < sizeof def / sizeof *def; i++) {
        layout_font_spec *f = &s->font[def[i].role];
        for (size_t k = 0; k < def[i].n; k++)
            f->families[k] = def[i].f[k];
        f->nfamilies = def[i].n;
        f->size = def[i].size;
    }
    s->font[LAYOUT_ROLE_TITLE].embolden = 0.3f;
}

/* Trim spaces and tabs from both ends of [*a, *b). */
static void trim(const char **a, const char **b)
{
    while (*a < *b && (**a == ' ' || **a == '\t'))
        (*a)++;
    while (*b > *a && ((*b)[-1] == ' ' || (*b)[-1] == '\t'))
        (*b)--;
}

/* "12.5mm" → points (or 字 count, flagged). False for a malformed value. */
static bool parse_len(const char *v, size_t n, double *out, bool *chars)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, v, n), buf[n] = 0;
    char *end;
    errno = 0;
    double x = strtod(buf, &end);
    if (end == buf || errno || !isfinite(x) || x < 0)
        return false;
    while (*end == ' ')
        end++;
    *chars = false;
    if (strcmp(end, "mm") == 0)
        x *= MM_PT;
    else if (strcmp(end, "cm") == 0)
        x *= 10 * MM_PT;
    else if (strcmp(end, "pt") == 0)
        ;
    else if (strcmp(end, "字") == 0)
        *chars = true;
    else
        return false;
    *out = x;
    return true;
}

static bool parse_num(const char *v, size_t n, double *out)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, v, n), buf[n] = 0;
    char *end;
    double x = strtod(buf, &end);
    if (end == buf || *end || !isfinite(x) || x < 0)
        return false;
    *out = x;
    return true;
}

/* families = a, b, c → the spec's list (strings copied into the arena). */
static bool parse_families(parser *p, layout_font_spec *f, const char *v, size_t n)
{
    f->nfamilies = 0;
    const char *end = v + n;
    while (v < end) {
        const char *comma = memchr(v, ',', (size_t)(end - v));
        const char *a = v, *b = comma ? comma : end;
        trim(&a, &b);
        if (a == b || f->nfamilies == LAYOUT_MAX_FAMILIES)
            return false;
        f->families[f->nfamilies++] = core_arena_strndup(p->s->arena, a, (size_t)(b - a));
        v = comma ? comma + 1 : end;
    }
    return f->nfamilies > 0;
}

/* One `key = value`: find the key in the current section and store it. */
static void parse_assign(parser *p, const char *k0, const char *k1, const char *v0,
                         const char *v1)
{
    size_t koff = (size_t)(k0 - p->src->text), voff = (size_t)(v0 - p->src->text);
    char *key = core_arena_strndup(p->s->arena, k0, (size_t)(k1 - k0));
    if (!p->section) {
        perr(p, koff, "key '%s' before any [section]%s", key, "");
        return;
    }
    bool font = p->role >= 0;
    const key_def *kd = NULL;
    for (size_t i = 0; i < NKEYS && !kd; i++)
        if (strcmp(KEYS[i].key, key) == 0 &&
            strcmp(KEYS[i].section, font ? "font" : p->section) == 0)
            kd = &KEYS[i];
    if (!kd) {
        perr(p, koff, "unknown key '%s' in [%s]", key, p->section);
        return;
    }
    char *base = font ? (char *)&p->s->font[p->role] : (char *)p->s;
    size_t vn = (size_t)(v1 - v0);
    if (p->nset < sizeof p->set / sizeof *p->set)
        p->set[p->nset].dst = base + kd->off, p->set[p->nset++].off = voff;
    double x;
    bool chars, ok = true;
    switch (kd->kind) {
    case K_LEN:
        ok = parse_len(v0, vn, &x, &chars) && p->npend < sizeof p->pend / sizeof *p->pend;
        if (ok)
            p->pend[p->npend++] = (pending){(float *)(base + kd->off), x, chars, kd->base};
        break;
    case K_INT:
        ok = parse_num(v0, vn, &x) && x == floor(x) && x >= 1 && x <= 1000;
        if (ok)
            *(int *)(base + kd->off) = (int)x;
        break;
    case K_NUM:
        ok = parse_num(v0, vn, &x) && x <= 1000;
        if (ok)
            *(float *)(base + kd->off) = (float)x;
        break;
    case K_BOOL:
        ok = (vn == 4 && !memcmp(v0, "true", 4)) || (vn == 5 && !memcmp(v0, "false", 5));
        if (ok)
            *(bool *)(base + kd->off) = vn == 4;
        break;
    case K_FAMILIES:
        ok = parse_families(p, (layout_font_spec *)base, v0, vn);
        break;
    case K_ROLE:
        ok = false;
        for (int r = 0; r < LAYOUT_ROLE_FALLBACK && !ok; r++)
            if (strlen(ROLE_NAME[r]) == vn && !memcmp(v0, ROLE_NAME[r], vn))
                *(int *)(base + kd->off) = r, ok = true;
        break;
    case K_RIGHT:
        ok = (vn == 5 && !memcmp(v0, "right", 5)) || (vn == 6 && !memcmp(v0, "center", 6));
        if (ok)
            *(bool *)(base + kd->off) = vn == 5;
        break;
    case K_PLACE:
        ok = (vn == 3 && !memcmp(v0, "end", 3)) || (vn == 5 && !memcmp(v0, "title", 5));
        if (ok)
            *(bool *)(base + kd->off) = vn == 5;
        break;
    case K_TEXT:
        *(const char **)(base + kd->off) =
            vn == 4 && !memcmp(v0, "none", 4) ? NULL : core_arena_strndup(p->s->arena, v0, vn);
        break;
    }
    if (!ok) {
        const char *want = kd->kind == K_LEN    ? N_("a length such as 12mm, 16pt or 2字")
                           : kd->kind == K_BOOL ? N_("true or false")
                           : kd->kind == K_FAMILIES ? N_("family names separated by commas")
                           : kd->kind == K_ROLE  ? N_("a font role such as table, body or h1")
                           : kd->kind == K_RIGHT ? N_("center or right")
                           : kd->kind == K_PLACE ? N_("end or title")
                                                     : N_("a number");
        perr(p, voff, "bad value for '%s': want %s", key, core_tr(p->d, want));
    }
}

/* `[name]`: a known section, or a font role section [font.ROLE]. */
static void parse_section(parser *p, const char *a, const char *b)
{
    static const char *const plain[] = {"page", "grid", "title", "pagenum", "table", "text",
                                        "signature"};
    char *name = core_arena_strndup(p->s->arena, a, (size_t)(b - a));
    p->section = name;
    p->role = -1;
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        if (strcmp(plain[i], name) == 0)
            return;
    if (strncmp(name, "font.", 5) == 0)
        for (int r = 0; r < LAYOUT_ROLE_COUNT; r++)
            if (strcmp(name + 5, ROLE_NAME[r]) == 0) {
                p->role = r;
                return;
            }
    perr(p, (size_t)(a - p->src->text), "unknown section [%s]%s", name, "");
    p->section = NULL;
}

static void parse_line(parser *p, const char *a, const char *b)
{
    const char *hash = memchr(a, '#', (size_t)(b - a));
    if (hash)
        b = hash;
    trim(&a, &b);
    if (a == b)
        return;
    if (*a == '[') {
        if (b[-1] != ']' || b - a < 3) {
            perr(p, (size_t)(a - p->src->text), "a section header is [name]%s%s", "", "");
            return;
        }
        const char *n0 = a + 1, *n1 = b - 1;
        trim(&n0, &n1);
        parse_section(p, n0, n1);
        return;
    }
    const char *eq = memchr(a, '=', (size_t)(b - a));
    if (!eq) {
        perr(p, (size_t)(a - p->src->text), "expected 'key = value'%s%s", "", "");
        return;
    }
    const char *k0 = a, *k1 = eq, *v0 = eq + 1, *v1 = b;
    trim(&k0, &k1);
    trim(&v0, &v1);
    if (k0 == k1 || v0 == v1) {
        perr(p, (size_t)((k0 == k1 ? a : eq) - p->src->text), "expected 'key = value'%s%s",
             "", "");
        return;
    }
    parse_assign(p, k0, k1, v0, v1);
}

/* Derive the pitches and turn every pending length into points. */
static void style_finish(parser *p)
{
    layout_style *s = p->s;
    float line_pitch = s->line_pitch, char_pitch = s->char_pitch;
    s->line_pitch = s->char_pitch = 0;
    for (size_t i = 0; i < p->npend; i++) /* plain lengths first: they define 字 */
        if (!p->pend[i].chars)
            *p->pend[i].dst = (float)p->pend[i].v;
    float tw = s->page_w - s->margin_left - s->margin_right;
    float th = s->page_h - s->margin_top - s->margin_bottom;
    if (s->line_pitch <= 0)
        s->line_pitch = line_pitch > 0 ? line_pitch : th / (float)s->lines;
    if (s->char_pitch <= 0)
        s->char_pitch = char_pitch > 0 ? char_pitch : tw / (float)s->chars;
    /* indent is kept in characters: a plain length becomes a count */
    for (size_t i = 0; i < p->npend; i++) {
        pending *q = &p->pend[i];
        if (q->dst == &s->indent) {
            s->indent = q->chars ? (float)q->v : (float)q->v / s->char_pitch;
        } else if (q->chars) {
            float unit = q->base == B_PAGENUM ? s->font[LAYOUT_ROLE_PAGENUM].size
                                              : s->char_pitch;
            *q->dst = (float)q->v * unit;
        }
    }
}

/* ---- bounds ------------------------------------------------------------------
 * Every length and count is held to a range in which a page can be set
 * (issue 13): outside it libharu fails, the table font fitting runs away,
 * text lands off the page or characters overlap. Each refusal is an error at
 * the value that caused it (the first of `at` that the file sets; line 1
 * when all are defaults). The ranges are listed in docs/ERRORS.md
 * (E-layout) and in layouts/gbt9704.ini. */

#define PT_MM (25.4 / 72.0)

/* The offset of the first of up to three fields that the file sets. */
static size_t locate(const parser *p, const void *a, const void *b, const void *c)
{
    const void *f[] = {a, b, c};
    for (size_t i = 0; i < 3; i++) {
        size_t at = f[i] ? set_at(p, f[i]) : SIZE_MAX;
        if (at != SIZE_MAX)
            return at;
    }
    return 0;
}

static void refuse(parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void refuse(parser *p, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core_diags_vadd(p->d, p->src, at, CORE_ERROR, "E-layout", fmt, ap);
    va_end(ap);
    p->errors++;
}

/* A length in [lo, hi] points; `what` names the key, `range` says the
 * bounds as a user writes them. */
static bool in_range(parser *p, const float *v, double lo, double hi, const char *what,
                     const char *range, const void *cause)
{
    if (*v >= lo - 1e-3 && *v <= hi + 1e-3)
        return true;
    refuse(p, locate(p, v, cause, NULL), "%s is %.2fpt (%.1fmm); it must be %s", what, *v,
           *v * PT_MM, core_tr(p->d, range));
    return false;
}

static bool count_in(parser *p, const int *v, int lo, int hi, const char *what)
{
    if (*v >= lo && *v <= hi)
        return true;
    refuse(p, locate(p, v, NULL, NULL), "%s is %d; it must be from %d to %d", what, *v, lo, hi);
    return false;
}

/* The page, its margins and the grid: false when nothing else can be judged. */
static bool check_page(parser *p)
{
    layout_style *s = p->s;
    bool ok = in_range(p, &s->page_w, 50 / PT_MM, 1200 / PT_MM, "[page] width",
                       N_("from 50mm to 1200mm (A0 is 841 × 1189mm)"), NULL);
    ok &= in_range(p, &s->page_h, 50 / PT_MM, 1200 / PT_MM, "[page] height",
                   N_("from 50mm to 1200mm (A0 is 841 × 1189mm)"), NULL);
    ok &= count_in(p, &s->lines, 5, 100, "[grid] lines");
    ok &= count_in(p, &s->chars, 10, 100, "[grid] chars");
    if (!ok)
        return false;
    float tw = s->page_w - s->margin_left - s->margin_right;
    float th = s->page_h - s->margin_top - s->margin_bottom;
    if (tw < 20 / PT_MM || th < 20 / PT_MM) { /* 20 mm: a line of 10 small characters */
        refuse(p, tw < 20 / PT_MM ? locate(p, &s->margin_left, &s->margin_right, &s->page_w)
                          : locate(p, &s->margin_top, &s->margin_bottom, &s->page_h),
               "the margins leave no text area (%.1fmm × %.1fmm; at least 20mm × 20mm)", tw * PT_MM, th * PT_MM);
        return false;
    }
    ok &= in_range(p, &s->line_pitch, 1, th / s->lines, "[grid] line_pitch",
                   "at most the text height / lines, or the last lines leave the page",
                   &s->lines);
    ok &= in_range(p, &s->char_pitch, 1, tw / s->chars, "[grid] char_pitch",
                   "at most the text width / chars, or lines leave the text area", &s->chars);
    return ok;
}

/* Every font size, and the sizes the grid and the margins can hold. */
static void check_fonts(parser *p)
{
    layout_style *s = p->s;
    float tw = s->page_w - s->margin_left - s->margin_right;
    for (int r = 0; r < LAYOUT_ROLE_COUNT; r++) {
        layout_font_spec *f = &s->font[r];
        char what[48];
        snprintf(what, sizeof what, "[font.%s] size", ROLE_NAME[r]);
        if ((r != LAYOUT_ROLE_LATIN || f->size != 0) &&
            !in_range(p, &f->size, 5, 72, what, N_("from 5pt to 72pt (七号 to 特号)"), NULL))
            continue;
        snprintf(what, sizeof what, "[font.%s] embolden", ROLE_NAME[r]);
        in_range(p, &f->embolden, 0, 1, what, N_("from 0pt to 1pt"), NULL);
        bool grid = r == LAYOUT_ROLE_BODY || (r >= LAYOUT_ROLE_H1 && r <= LAYOUT_ROLE_H4);
        if (grid && f->size * 0.9f > s->char_pitch + LAY_EPS)
            /* a full-width character is set on the pitch: its ink (about
             * 0.9 em) would run into the next one */
            refuse(p, locate(p, &f->size, &s->chars, &s->char_pitch),
                   "[font.%s] size %.2fpt is wider than the grid's character pitch %.2fpt, so "
                   "its characters would overlap; use at most %.2fpt or fewer [grid] chars",
                   ROLE_NAME[r], f->size, s->char_pitch, s->char_pitch / 0.9f);
        else if ((grid || r == LAYOUT_ROLE_TITLE) && f->size > s->line_pitch + LAY_EPS)
            /* title lines sit on the grid lines too (fuzz_layout found a
             * 22 pt title over 39 lines of 16.35 pt leaving the text area) */
            refuse(p, locate(p, &f->size, &s->lines, &s->line_pitch),
                   "[font.%s] size %.2fpt is taller than the grid's line pitch %.2fpt, so its "
                   "lines would overlap; use at most %.2fpt or fewer [grid] lines",
                   ROLE_NAME[r], f->size, s->line_pitch, s->line_pitch);
        else if (!grid && r != LAYOUT_ROLE_LATIN && f->size * 4 > tw)
            refuse(p, locate(p, &f->size, &s->page_w, &s->margin_left),
                   "[font.%s] size %.2fpt: a line of the text area (%.2fpt) would not hold 4 "
                   "of its characters", ROLE_NAME[r], f->size, tw);
    }
}

/* The page number lies in the bottom margin, clear of the text and of the
 * paper's edge, and its "— N —" fits beside its inset. */
static void check_pagenum(parser *p)
{
    layout_style *s = p->s;
    float size = s->font[LAYOUT_ROLE_PAGENUM].size;
    float tw = s->page_w - s->margin_left - s->margin_right;
    if (s->pagenum_drop < size / 2 || s->pagenum_drop + size / 2 > s->margin_bottom)
        refuse(p, locate(p, &s->pagenum_drop, &s->margin_bottom, &s->font[LAYOUT_ROLE_PAGENUM].size),
               "[pagenum] drop %.2fpt must keep the %.2fpt page number inside the bottom margin "
               "(%.2fpt): from %.2fpt to %.2fpt", s->pagenum_drop, size, s->margin_bottom,
               size / 2, s->margin_bottom - size / 2);
    in_range(p, &s->pagenum_inset, 0, tw - 5 * size > 0 ? tw - 5 * size : 0, "[pagenum] inset",
             "at most the text width less 5 characters of the page number",
             &s->font[LAYOUT_ROLE_PAGENUM].size);
}

/* The rest: indent, title, table and text keys. */
static void check_keys(parser *p)
{
    layout_style *s = p->s;
    if (s->indent < 0 || s->indent > s->chars / 2.0f)
        refuse(p, locate(p, &s->indent, &s->chars, NULL),
               "[grid] indent is %.2f字; it must be from 0 to half a line (%d字), or a first "
               "line's text would run past the line", s->indent, s->chars / 2);
    if (s->title_gap_lines > s->lines - 1)
        refuse(p, locate(p, &s->title_gap_lines, NULL, NULL),
               "[title] gap_lines is %.0f; it must be from 0 to %d (lines - 1)",
               s->title_gap_lines, s->lines - 1);
    if (s->title_max_chars < 2 || s->title_max_chars > 100)
        refuse(p, locate(p, &s->title_max_chars, NULL, NULL),
               "[title] max_chars is %.0f; it must be from 2 to 100", s->title_max_chars);
    in_range(p, &s->rule_outer, 0, 3, "[table] rule_outer", N_("from 0pt to 3pt"), NULL);
    in_range(p, &s->rule_inner, 0, 3, "[table] rule_inner", N_("from 0pt to 3pt"), NULL);
    in_range(p, &s->table_pad, 0, 5 / PT_MM, "[table] padding", N_("from 0mm to 5mm"), NULL);
    in_range(p, &s->table_size_min, 5, s->font[LAYOUT_ROLE_TABLE].size, "[table] size_min",
             N_("from 5pt to [font.table] size"), &s->font[LAYOUT_ROLE_TABLE].size);
    in_range(p, &s->han_latin_gap, 0, s->char_pitch / 2, "[text] han_latin_gap",
             N_("from 0 to ½字"), NULL);
    count_in(p, &s->widows, 1, s->lines / 2 < 5 ? s->lines / 2 : 5, "[text] widows");
}

static void style_check(parser *p)
{
    if (!check_page(p))
        return;
    check_fonts(p);
    check_pagenum(p);
    check_keys(p);
}

/* [title] terms names a file of words a title line never splits, found
 * next to the layout file unless absolute; the caller reads it
 * (layout_style_set_terms), since layout opens no files. */
static void terms_file(parser *p, const char *layout_path)
{
    layout_style *s = p->s;
    const char *name = s->title_terms_path;
    if (!name)
        return;
    const char *slash = strrchr(layout_path, '/');
    s->title_terms_file = name[0] == '/' || !slash
                              ? core_arena_strdup(s->arena, name)
                              : core_arena_printf(s->arena, "%.*s/%s",
                                                  (int)(slash - layout_path), layout_path, name);
    size_t at = set_at(p, &s->title_terms_path);
    s->title_terms_at = at == SIZE_MAX ? 0 : at;
}

void layout_style_set_terms(layout_style *s, const char *bytes, size_t len)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += bytes[i] == '\n';
    s->title_terms = core_arena_alloc(s->arena, cap * sizeof *s->title_terms);
    s->ntitle_terms = 0;
    for (const char *a = bytes, *end = bytes + len; a && a < end;) {
        const char *nl = memchr(a, '\n', (size_t)(end - a));
        const char *b = nl ? nl : end, *hash = memchr(a, '#', (size_t)(b - a));
        const char *e = hash ? hash : b;
        while (e > a && e[-1] == '\r')
            e--;
        trim(&a, &e);
        if (e > a && s->ntitle_terms < cap)
            s->title_terms[s->ntitle_terms++] = core_arena_strndup(s->arena, a, (size_t)(e - a));
        a = nl ? nl + 1 : NULL;
    }
}

core_status layout_style_parse(const char *path, const char *bytes, size_t len, core_diags *d,
                               layout_style **out)
{
    core_status st = CORE_OK;
    *out = NULL;
    core_arena *a = core_arena_new();
    layout_style *s = core_arena_alloc(a, sizeof *s);
    s->arena = a;
    s->path = core_arena_strdup(a, path);
    style_defaults(s);
    core_source *src = NULL;
    CORE_CHECK(core_source_new(a, path, bytes ? bytes : "", len, d, &src));
    s->src = src;
    parser p = {.s = s, .src = src, .d = d, .role = -1};
    for (size_t i = 0; i < src->nlines; i++) {
        size_t b = src->line_start[i];
        size_t e = i + 1 < src->nlines ? src->line_start[i + 1] - 1 : src->len;
        parse_line(&p, src->text + b, src->text + e);
    }
    style_finish(&p);
    if (p.errors == 0)
        style_check(&p);
    terms_file(&p, path);
    if (p.errors)
        st = CORE_EINPUT;
done:
    if (st != CORE_OK) {
        core_arena_drop(a);
        return st;
    }
    *out = s;
    return st;
}

void layout_style_drop(layout_style *s)
{
    if (s)
        core_arena_drop(s->arena);
}
