/*
 * docx-num.c: a draft's paragraph styles and automatic numbering, so that
 * the DOCX reader writes each paragraph's number into its text as Word and
 * WPS show it (一、 （一） 1. （1）) and headings are known as in text.
 *
 * Word numbers a paragraph from its w:numPr, or from its style's (w:pStyle,
 * through w:basedOn; a paragraph's own numId or ilvl wins, numId 0 switches
 * numbering off); a heading style linked to a level by w:lvl/w:pStyle is at
 * that level. A w:num names its w:abstractNum (or a numbering style, by
 * w:numStyleLink) and may override levels (w:lvlOverride: w:startOverride,
 * or a whole w:lvl). The counters belong to the abstract numbering, so every
 * w:num over it continues one sequence; a w:num's start override restarts
 * it where that w:num first numbers the level (as Word does). A level
 * restarts when a higher level advances, unless w:lvlRestart says it waits
 * for a higher one or never restarts. The number is w:lvlText with %1…%9
 * each written in its level's w:numFmt (all decimal under w:isLgl); a tab
 * after it (w:suff, by default) is alignment, which gongwen's layout sets,
 * so only a w:suff "space" is written.
 *
 * What stays true: the parts are read once into tables (a draft of any size
 * costs one look-up per paragraph); numbers are bounded (no format writes
 * more than a few dozen bytes); malformed or missing parts give no numbers,
 * never a failure. Caller: docx.c.
 */
#include "docx-imp.h"

#include <stdlib.h>
#include <string.h>

enum { LEVELS = 9, MAX_CHAIN = 16, MAX_COUNT = 1000000000 };

/* ---- XML ----------------------------------------------------------------------- */

bool docx_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

xmlNode *docx_child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (docx_is(c, name))
            return c;
    return NULL;
}

const char *docx_attr(const xmlNode *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *p = n->properties; p; p = p->next)
        if (!strcmp((const char *)p->name, name)) {
            /* no DOCTYPE is let in, so a value is one text node */
            const xmlNode *t = p->children;
            return t && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : "";
        }
    return NULL;
}

long docx_attr_long(const xmlNode *n, const char *name, long dflt)
{
    const char *v = docx_attr(n, name);
    if (!v)
        return dflt;
    long r = strtol(v, NULL, 10);
    return r > MAX_COUNT ? MAX_COUNT : r < -MAX_COUNT ? -MAX_COUNT : r;
}

/* ---- the tables ------------------------------------------------------------------ */

/* A style as styles.xml writes it, before its w:basedOn chain is followed. */
typedef struct raw_style {
    docx_style s;
    const char *based;
    bool paragraph, deflt, resolving, resolved;
    signed char jc;  /* -1 unset, 0 not centred, 1 centred */
    bool has_num, has_ilvl;
} raw_style;

typedef struct level {
    bool present;
    long start;
    const char *fmt, *text, *pstyle;
    int restart; /* w:lvlRestart: -1 absent (after any higher level), 0 never */
    bool legal, space;
} level;

typedef struct abstract {
    long id;
    level lvl[LEVELS];
    const char *link; /* w:numStyleLink: the levels are a numbering style's */
    long n[LEVELS];   /* the counters */
    bool set[LEVELS]; /* false: the level starts anew when next used */
} abstract;

typedef struct num {
    long id, abs_id;
    abstract *abs; /* resolved (numStyleLink followed), NULL none */
    bool resolved;
    level ov[LEVELS]; /* w:lvlOverride/w:lvl */
    long start[LEVELS];
    bool has_start[LEVELS], started[LEVELS];
} num;

struct docx_num {
    core_arena *a;
    raw_style *styles;
    size_t nstyles;
    const raw_style *deflt;
    int default_size;
    abstract *abs;
    size_t nabs;
    num *nums;
    size_t nnums;
};

static int style_cmp(const void *a, const void *b)
{
    return strcmp(((const raw_style *)a)->s.id, ((const raw_style *)b)->s.id);
}

static raw_style *style_find(const docx_num *dn, const char *id)
{
    if (!id || !dn->nstyles)
        return NULL;
    raw_style key = {.s.id = id};
    return bsearch(&key, dn->styles, dn->nstyles, sizeof key, style_cmp);
}

static bool ascii_caseeq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return false;
    return *a == *b;
}

/* Fill s's unset fields from the style it is based on (cycles and chains
 * past MAX_CHAIN end the walk). */
static void style_resolve(docx_num *dn, raw_style *s, int depth)
{
    if (s->resolved || s->resolving)
        return;
    s->resolving = true;
    raw_style *b = depth < MAX_CHAIN ? style_find(dn, s->based) : NULL;
    if (b && b != s) {
        style_resolve(dn, b, depth + 1);
        if (!s->has_num)
            s->s.num_id = b->s.num_id, s->has_num = b->has_num;
        if (!s->has_ilvl)
            s->s.ilvl = b->s.ilvl, s->has_ilvl = b->has_ilvl;
        if (s->jc < 0)
            s->jc = b->jc;
        if (!s->s.size)
            s->s.size = b->s.size;
        s->s.title |= b->s.title;
    }
    s->s.centred = s->jc > 0;
    s->resolving = false;
    s->resolved = true;
}

static void styles_read(docx_num *dn, const xmlDoc *doc)
{
    xmlNode *root = doc ? xmlDocGetRootElement((xmlDoc *)doc) : NULL;
    CORE_VEC(raw_style) v = {0};
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (docx_is(c, "docDefaults")) {
            xmlNode *rpr = docx_child(docx_child(docx_child(c, "rPrDefault"), "rPr"), "sz");
            dn->default_size = (int)docx_attr_long(rpr, "val", 0);
        }
        const char *id = docx_attr(c, "styleId"), *type = docx_attr(c, "type");
        if (!docx_is(c, "style") || !id)
            continue;
        raw_style r = {.s = {.id = id, .name = docx_attr(docx_child(c, "name"), "val"),
                             .num_id = -1, .ilvl = -1},
                       .based = docx_attr(docx_child(c, "basedOn"), "val"),
                       .paragraph = !type || !strcmp(type, "paragraph"), .jc = -1};
        const char *dv = docx_attr(c, "default");
        r.deflt = dv && (!strcmp(dv, "1") || !strcmp(dv, "true") || !strcmp(dv, "on"));
        xmlNode *ppr = docx_child(c, "pPr"), *numpr = docx_child(ppr, "numPr");
        xmlNode *nid = docx_child(numpr, "numId"), *il = docx_child(numpr, "ilvl");
        if (nid)
            r.s.num_id = docx_attr_long(nid, "val", 0), r.has_num = true;
        if (il)
            r.s.ilvl = (int)docx_attr_long(il, "val", 0), r.has_ilvl = true;
        const char *jc = docx_attr(docx_child(ppr, "jc"), "val");
        if (jc)
            r.jc = !strcmp(jc, "center") || !strcmp(jc, "centre");
        r.s.size = (int)docx_attr_long(docx_child(docx_child(c, "rPr"), "sz"), "val", 0);
        r.s.title = r.paragraph && (!strcmp(id, "Title") ||
                                    (r.s.name && (ascii_caseeq(r.s.name, "Title") ||
                                                  !strcmp(r.s.name, "标题"))));
        core_vec_push(dn->a, &v, r);
    }
    dn->styles = v.v;
    dn->nstyles = v.n;
    if (v.n)
        qsort(dn->styles, v.n, sizeof *dn->styles, style_cmp);
    for (size_t i = 0; i < dn->nstyles; i++) {
        style_resolve(dn, &dn->styles[i], 0);
        if (dn->styles[i].deflt && dn->styles[i].paragraph && !dn->deflt)
            dn->deflt = &dn->styles[i];
    }
}

static void level_read(level *l, const xmlNode *n)
{
    *l = (level){.present = true,
                 .start = docx_attr_long(docx_child(n, "start"), "val", 0),
                 .fmt = docx_attr(docx_child(n, "numFmt"), "val"),
                 .text = docx_attr(docx_child(n, "lvlText"), "val"),
                 .pstyle = docx_attr(docx_child(n, "pStyle"), "val"),
                 .restart = (int)docx_attr_long(docx_child(n, "lvlRestart"), "val", -1)};
    xmlNode *lgl = docx_child(n, "isLgl");
    const char *lv = docx_attr(lgl, "val");
    l->legal = lgl && (!lv || (strcmp(lv, "0") && strcmp(lv, "false") && strcmp(lv, "off")));
    const char *suff = docx_attr(docx_child(n, "suff"), "val");
    l->space = suff && !strcmp(suff, "space");
}

static void numbering_read(docx_num *dn, const xmlDoc *doc)
{
    xmlNode *root = doc ? xmlDocGetRootElement((xmlDoc *)doc) : NULL;
    CORE_VEC(abstract) av = {0};
    CORE_VEC(num) nv = {0};
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (docx_is(c, "abstractNum")) {
            abstract a = {.id = docx_attr_long(c, "abstractNumId", -1),
                          .link = docx_attr(docx_child(c, "numStyleLink"), "val")};
            for (xmlNode *l = c->children; l; l = l->next) {
                long k = docx_is(l, "lvl") ? docx_attr_long(l, "ilvl", -1) : -1;
                if (k >= 0 && k < LEVELS && !a.lvl[k].present)
                    level_read(&a.lvl[k], l);
            }
            core_vec_push(dn->a, &av, a);
        } else if (docx_is(c, "num")) {
            num m = {.id = docx_attr_long(c, "numId", -1),
                     .abs_id = docx_attr_long(docx_child(c, "abstractNumId"), "val", -1)};
            for (xmlNode *o = c->children; o; o = o->next) {
                long k = docx_is(o, "lvlOverride") ? docx_attr_long(o, "ilvl", -1) : -1;
                if (k < 0 || k >= LEVELS)
                    continue;
                xmlNode *so = docx_child(o, "startOverride"), *l = docx_child(o, "lvl");
                if (l)
                    level_read(&m.ov[k], l);
                if (so || (l && docx_child(l, "start")))
                    m.has_start[k] = true,
                    m.start[k] = so ? docx_attr_long(so, "val", 0) : m.ov[k].start;
            }
            core_vec_push(dn->a, &nv, m);
        }
    }
    dn->abs = av.v, dn->nabs = av.n;
    dn->nums = nv.v, dn->nnums = nv.n;
}

docx_num *docx_num_new(const xmlDoc *numbering, const xmlDoc *styles)
{
    core_arena *a = core_arena_new();
    docx_num *dn = core_arena_alloc(a, sizeof *dn);
    *dn = (docx_num){.a = a};
    styles_read(dn, styles);
    numbering_read(dn, numbering);
    return dn;
}

void docx_num_drop(docx_num *dn)
{
    if (dn)
        core_arena_drop(dn->a);
}

const docx_style *docx_num_style(const docx_num *dn, const xmlNode *ppr)
{
    const raw_style *s = style_find(dn, docx_attr(docx_child(ppr, "pStyle"), "val"));
    s = s && s->paragraph ? s : dn->deflt;
    return s ? &s->s : NULL;
}

int docx_num_default_size(const docx_num *dn)
{
    return dn->default_size;
}

/* ---- numbers ---------------------------------------------------------------------- */

static num *num_find(docx_num *dn, long id)
{
    for (size_t i = 0; i < dn->nnums; i++)
        if (dn->nums[i].id == id)
            return &dn->nums[i];
    return NULL;
}

static abstract *abstract_find(docx_num *dn, long id)
{
    for (size_t i = 0; i < dn->nabs; i++)
        if (dn->abs[i].id == id)
            return &dn->abs[i];
    return NULL;
}

/* The abstract numbering whose levels and counters m uses: a numStyleLink
 * leads through the numbering style's w:numPr to the w:num that defines it. */
static abstract *num_abstract(docx_num *dn, num *m)
{
    if (m->resolved)
        return m->abs;
    m->resolved = true;
    abstract *a = abstract_find(dn, m->abs_id);
    for (int hops = 0; a && a->link && hops < 4; hops++) {
        const raw_style *s = style_find(dn, a->link);
        num *via = s && s->has_num ? num_find(dn, s->s.num_id) : NULL;
        abstract *b = via && via != m ? abstract_find(dn, via->abs_id) : NULL;
        if (!b || b == a)
            break;
        a = b;
    }
    return m->abs = a;
}

static const level *level_of(const num *m, int k)
{
    return m->ov[k].present ? &m->ov[k] : &m->abs->lvl[k];
}

/* Advance the counter of level k of m's sequence, and start anew the
 * deeper levels that restart after it. */
static void count(num *m, int k)
{
    abstract *a = m->abs;
    if (m->has_start[k] && !m->started[k])
        a->n[k] = m->start[k];
    else if (!a->set[k])
        a->n[k] = level_of(m, k)->start;
    else if (a->n[k] < MAX_COUNT)
        a->n[k]++;
    a->set[k] = true;
    m->started[k] = true;
    for (int d = k + 1; d < LEVELS; d++) {
        int r = level_of(m, d)->restart;
        if (r < 0 || (r > 0 && k < r))
            a->set[d] = false;
    }
}

bool docx_num_paragraph(docx_num *dn, const xmlNode *ppr, core_buf *b)
{
    xmlNode *numpr = docx_child(ppr, "numPr");
    xmlNode *nid = docx_child(numpr, "numId"), *il = docx_child(numpr, "ilvl");
    const raw_style *st = style_find(dn, docx_attr(docx_child(ppr, "pStyle"), "val"));
    st = st && st->paragraph ? st : dn->deflt;
    long id = nid ? docx_attr_long(nid, "val", 0) : st && st->has_num ? st->s.num_id : 0;
    num *m = id > 0 ? num_find(dn, id) : NULL; /* numId 0: numbering switched off */
    if (!m || !num_abstract(dn, m))
        return false;
    long k = il ? docx_attr_long(il, "val", 0) : st && st->has_ilvl ? st->s.ilvl : -1;
    for (int i = 0; k < 0 && st && i < LEVELS; i++) /* a heading style linked to a level */
        if (level_of(m, i)->pstyle && !strcmp(level_of(m, i)->pstyle, st->s.id))
            k = i;
    k = k < 0 ? 0 : k;
    if (k >= LEVELS || !level_of(m, (int)k)->present)
        return false;
    const level *l = level_of(m, (int)k);
    if (l->fmt && !strcmp(l->fmt, "bullet"))
        return false; /* a bullet is no number a heading is known by */
    count(m, (int)k);
    size_t before = b->len;
    for (const char *s = l->text ? l->text : ""; *s; s++) {
        if (*s == '%' && s[1] >= '1' && s[1] <= '9') {
            int j = s[1] - '1';
            const level *lj = level_of(m, j);
            long v = m->abs->set[j] ? m->abs->n[j] : lj->start;
            docx_num_format(b, l->legal ? "decimal" : lj->fmt, v);
            s++;
        } else {
            core_buf_append(b, s, 1);
        }
    }
    if (b->len == before)
        return false;
    if (l->space)
        core_buf_append(b, " ", 1);
    return true;
}

/* ---- formats ------------------------------------------------------------------------ */

/* Chinese and Japanese numerals: digits, the units 十 百 千 and 万 for each
 * four digits, the zero written where a unit is skipped (一百零一), the one
 * before a unit left out: before 十 at the start (十一), or before every
 * unit (Japanese 百十). */
typedef struct numerals {
    const char *digit[10], *unit[4], *myriad, *zero; /* zero: NULL, none written */
    bool drop_lead_ten, drop_one;
} numerals;

static const numerals han_lower = {{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"},
                                   {"", "十", "百", "千"}, "万", "零", true, false};
static const numerals han_legal = {{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"},
                                   {"", "拾", "佰", "仟"}, "万", "零", false, false};
static const numerals han_legal_trad = {{"零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"},
                                        {"", "拾", "佰", "仟"}, "萬", "零", false, false};
static const numerals kanji = {{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"},
                               {"", "十", "百", "千"}, "万", NULL, false, true};

/* n in [1, 9999] by the units; `lead`: no higher group stands before it. */
static void han_group(core_buf *b, const numerals *t, long n, bool lead)
{
    static const long place[4] = {1, 10, 100, 1000};
    bool zero = !lead && n < 1000, seen = false; /* 一万零五 */
    for (int p = 3; p >= 0; p--) {
        long d = n / place[p] % 10;
        if (!d) {
            zero |= seen;
            continue;
        }
        if (zero && t->zero)
            core_buf_puts(b, t->zero);
        zero = false;
        if (!(d == 1 && p > 0 && (t->drop_one || (t->drop_lead_ten && lead && !seen && p == 1))))
            core_buf_puts(b, t->digit[d]);
        core_buf_puts(b, t->unit[p]);
        seen = true;
    }
}

static void han_counting(core_buf *b, const numerals *t, long n)
{
    if (n >= 100000000) {
        core_buf_printf(b, "%ld", n);
        return;
    }
    if (n >= 10000) {
        han_group(b, t, n / 10000, true);
        core_buf_puts(b, t->myriad);
        if (n % 10000)
            han_group(b, t, n % 10000, false);
        return;
    }
    han_group(b, t, n, true);
}

/* Each decimal digit as the numeral (二〇二三). */
static void han_digits(core_buf *b, long n)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%ld", n);
    for (const char *c = tmp; *c; c++)
        core_buf_puts(b, han_lower.digit[*c - '0']);
}

/* One of a set of 1…len characters (①…⑳, 甲…癸), else decimal. */
static void from_set(core_buf *b, const char *const *set, long len, long n)
{
    if (n >= 1 && n <= len)
        core_buf_puts(b, set[n - 1]);
    else
        core_buf_printf(b, "%ld", n);
}

/* A code point of a run of consecutive ones (U+2460 ① … U+2473 ⑳). */
static void from_run(core_buf *b, uint32_t first, long len, long n)
{
    if (n < 1 || n > len) {
        core_buf_printf(b, "%ld", n);
        return;
    }
    uint32_t cp = first + (uint32_t)(n - 1);
    char u[4] = {(char)(0xE0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3F)), (char)(0x80 | (cp & 0x3F))};
    core_buf_append(b, u, 3);
}

static void roman(core_buf *b, long n, bool upper)
{
    static const struct { long v; const char *s; } r[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
        {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},   {4, "iv"},  {1, "i"}};
    if (n < 1 || n >= 5000) {
        core_buf_printf(b, "%ld", n);
        return;
    }
    for (size_t i = 0; i < sizeof r / sizeof *r; i++)
        for (; n >= r[i].v; n -= r[i].v)
            for (const char *c = r[i].s; *c; c++)
                core_buf_printf(b, "%c", upper ? *c - 32 : *c);
}

/* A, B … Z, AA, BB …: the letter repeated once for each round. */
static void letters(core_buf *b, long n, bool upper)
{
    if (n < 1 || n > 26 * 20) {
        core_buf_printf(b, "%ld", n);
        return;
    }
    for (long i = 0; i <= (n - 1) / 26; i++)
        core_buf_printf(b, "%c", (char)((upper ? 'A' : 'a') + (n - 1) % 26));
}

void docx_num_format(core_buf *b, const char *fmt, long n)
{
    static const char *const stems[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    static const char *const branches[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                           "午", "未", "申", "酉", "戌", "亥"};
    fmt = fmt ? fmt : "decimal";
    if (!strcmp(fmt, "none"))
        return;
    if (n <= 0 && strcmp(fmt, "decimalZero")) {
        core_buf_printf(b, "%ld", n);
    } else if (!strcmp(fmt, "chineseCounting") || !strcmp(fmt, "taiwaneseCounting")) {
        if (n < 100) /* ECMA-376: 十 for the tens, digit by digit from 100 */
            han_counting(b, &han_lower, n);
        else
            han_digits(b, n);
    } else if (!strcmp(fmt, "chineseCountingThousand") ||
               !strcmp(fmt, "taiwaneseCountingThousand")) {
        han_counting(b, &han_lower, n);
    } else if (!strcmp(fmt, "chineseLegalSimplified")) {
        han_counting(b, &han_legal, n);
    } else if (!strcmp(fmt, "ideographLegalTraditional")) {
        han_counting(b, &han_legal_trad, n);
    } else if (!strcmp(fmt, "japaneseCounting")) {
        han_counting(b, &kanji, n);
    } else if (!strcmp(fmt, "ideographDigital") || !strcmp(fmt, "taiwaneseDigital") ||
               !strcmp(fmt, "japaneseDigitalTenThousand")) {
        han_digits(b, n);
    } else if (!strcmp(fmt, "ideographTraditional")) {
        from_set(b, stems, 10, n);
    } else if (!strcmp(fmt, "ideographZodiac")) {
        from_set(b, branches, 12, n);
    } else if (!strcmp(fmt, "decimalEnclosedCircle") ||
               !strcmp(fmt, "decimalEnclosedCircleChinese")) {
        from_run(b, 0x2460, 20, n); /* ① … ⑳ */
    } else if (!strcmp(fmt, "decimalEnclosedParen")) {
        from_run(b, 0x2474, 20, n); /* ⑴ … ⒇ */
    } else if (!strcmp(fmt, "decimalEnclosedFullstop")) {
        from_run(b, 0x2488, 20, n); /* ⒈ … ⒛ */
    } else if (!strcmp(fmt, "ideographEnclosedCircle")) {
        from_run(b, 0x3280, 10, n); /* ㊀ … ㊉ */
    } else if (!strcmp(fmt, "decimalFullWidth") || !strcmp(fmt, "decimalFullWidth2")) {
        char tmp[24];
        snprintf(tmp, sizeof tmp, "%ld", n);
        for (const char *c = tmp; *c; c++)
            from_run(b, 0xFF10, 10, *c - '0' + 1);
    } else if (!strcmp(fmt, "decimalZero")) {
        core_buf_printf(b, n >= 0 && n < 10 ? "0%ld" : "%ld", n);
    } else if (!strcmp(fmt, "upperRoman") || !strcmp(fmt, "lowerRoman")) {
        roman(b, n, fmt[0] == 'u');
    } else if (!strcmp(fmt, "upperLetter") || !strcmp(fmt, "lowerLetter")) {
        letters(b, n, fmt[0] == 'u');
    } else {
        core_buf_printf(b, "%ld", n); /* decimal, and what gongwen cannot write */
    }
}
