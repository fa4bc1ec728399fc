/*
 * check-prose.c: the figures the prose states against the tables' cells.
 *
 * A phrase table (layouts/prose/NAME.txt, loaded by check_phrases_add) says,
 * for phrases such as 予以公开 or 行政复议, which cells (by the form's row and
 * column keys) their figure must equal. In each paragraph's text every
 * phrase is looked for, longest first; its figure is the first number after
 * it within a short window that is followed by the phrase's unit. A figure
 * that equals none of its alternatives is a warning (W-prose; E-prose with
 * --strict) at the prose, naming the cells' place and both values; a
 * percentage right after a matching figure (占33.9%) is recomputed from
 * 表三's totals and accepted when it is the rounded or truncated quotient
 * at the decimals written. A sum spelled out after the figure (272件 + 3件,
 * 80件、1件共81件) is the figure: its total is held against the cells, and
 * parts that do not add up to the total written are a warning too. What
 * cannot be placed (no figure, no table, a
 * cell that is no number) is silent: the goal is no false alarm.
 * Invariant: reads the document and the stored cell values only.
 * Caller: check_document.
 */
#include "check-imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TERMS = 12, MAX_ALTS = 3, WINDOW_CHARS = 20 };

typedef struct term {
    char table[8];    /* 二 三 四 */
    char row[32];     /* row key, or a prefix with ".*" */
    char col[32];     /* "" when not given */
} term;

typedef struct alt {
    term t[MAX_TERMS];
    size_t n;
} alt;

typedef struct phrase {
    char text[64];
    size_t len;      /* of text */
    enum { UNIT_COUNT, UNIT_MONEY, UNIT_ZERO } unit;
    alt a[MAX_ALTS];
    size_t nalts;
    char need[32];   /* the words before the figure must hold this ("申请"), or "" */
} phrase;

struct check_phrases {
    phrase *v;
    size_t n, cap;
};

check_phrases *check_phrases_new(void)
{
    check_phrases *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    return s;
}

void check_phrases_drop(check_phrases *s)
{
    if (s)
        free(s->v);
    free(s);
}

static bool parse_term(char *s, term *t)
{
    char *colon = strchr(s, ':');
    if (!colon)
        return false;
    *colon = 0;
    char *slash = strchr(colon + 1, '/');
    if (slash)
        *slash = 0;
    snprintf(t->table, sizeof t->table, "%s", s);
    snprintf(t->row, sizeof t->row, "%s", colon + 1);
    snprintf(t->col, sizeof t->col, "%s", slash ? slash + 1 : "");
    return *t->table && *t->row;
}

static bool parse_cells(char *s, phrase *p)
{
    char *save = NULL;
    for (char *a = strtok_r(s, "|", &save); a; a = strtok_r(NULL, "|", &save)) {
        if (p->nalts == MAX_ALTS)
            return false;
        alt *x = &p->a[p->nalts++];
        char *s2 = NULL;
        for (char *t = strtok_r(a, "+", &s2); t; t = strtok_r(NULL, "+", &s2))
            if (x->n == MAX_TERMS || !parse_term(t, &x->t[x->n++]))
                return false;
    }
    return p->nalts > 0;
}

core_status check_phrases_add(check_phrases *s, const char *name, const char *text, size_t len,
                              core_diags *d)
{
    size_t lineno = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        lineno++;
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(e - i), text + i);
        i = e + 1;
        char *save = NULL, *ph = strtok_r(line, " \t\r", &save);
        if (!ph || ph[0] == '#')
            continue;
        char *unit = strtok_r(NULL, " \t\r", &save), *cells = strtok_r(NULL, " \t\r", &save);
        char *need = strtok_r(NULL, " \t\r", &save);
        phrase p = {0};
        if (need && !strncmp(need, "need=", 5))
            snprintf(p.need, sizeof p.need, "%s", need + 5);
        else if (need && need[0] != '#')
            unit = NULL; /* malformed */
        snprintf(p.text, sizeof p.text, "%s", ph);
        p.len = strlen(p.text);
        bool ok = unit && cells && strlen(ph) < sizeof p.text;
        if (ok)
            p.unit = !strcmp(unit, "元") ? UNIT_MONEY : !strcmp(unit, "=0") ? UNIT_ZERO : UNIT_COUNT;
        ok = ok && (p.unit != UNIT_COUNT || !strcmp(unit, "件")) && parse_cells(cells, &p);
        if (!ok) {
            core_diag_file(d, name, CORE_ERROR, "E-data",
                           "line %zu: expected PHRASE UNIT CELLS (件, 元 or =0; "
                           "TABLE:ROW[/COL] terms joined by + and |)", lineno);
            return CORE_EINPUT;
        }
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 32;
            s->v = realloc(s->v, s->cap * sizeof *s->v);
            if (!s->v)
                abort();
        }
        s->v[s->n++] = p;
    }
    return CORE_OK;
}

/* ---- the cells' side ---------------------------------------------------- */

static const doc_table *find_table(const doc_document *doc, const char *which)
{
    char name[16];
    snprintf(name, sizeof name, "表%s", which);
    return check_form_table(doc, name);
}

static bool row_matches(const char *key, const char *pat)
{
    size_t n = strlen(pat);
    if (n > 2 && !strcmp(pat + n - 2, ".*"))
        return !strncmp(key, pat, n - 2) && (key[n - 2] == 0 || key[n - 2] == '.');
    return !strcmp(key, pat);
}

/* A cell's value into *sum; false when it is no number. */
static bool add_cell(const doc_cell *c, doc_fixed *sum, size_t *at, bool *found)
{
    if (c->num.state == DOC_NUM_BAD || c->num.state == DOC_NUM_LONG)
        return false;
    if (c->num.state == DOC_NUM_OK)
        *sum += c->num.unit == DOC_UNIT_YUAN ? c->num.q / 10000 : c->num.q;
    if (!*found)
        *at = doc_run_offset(&c->text, 0);
    *found = true;
    return true;
}

/* The value of one row for a term without a column: its 总计, or where
 * that is left empty the sum of its columns, or 表二's one number. */
static bool row_total(const doc_table *t, uint32_t row, doc_fixed *sum, size_t *at, bool *found)
{
    const doc_cell *total = NULL;
    for (size_t k = 0; k < t->ncells; k++) {
        const doc_cell *c = &t->cells[k];
        if (c->row == row && c->value != DOC_VALUE_NONE &&
            (!c->col_key || !strcmp(c->col_key, "总计")))
            total = c;
    }
    if (total && total->num.state != DOC_NUM_EMPTY)
        return add_cell(total, sum, at, found);
    bool ok = true;
    for (size_t k = 0; k < t->ncells; k++) {
        const doc_cell *c = &t->cells[k];
        if (c->row == row && c->value != DOC_VALUE_NONE && c != total)
            ok &= add_cell(c, sum, at, found);
    }
    if (total && !*found)
        ok &= add_cell(total, sum, at, found);
    return ok;
}

/* The sum of one alternative, in millionths of the cells' own unit (万元 for
 * 表二's 收费); false when a table, a row or a value is missing. */
static bool alt_value(const doc_document *doc, const alt *x, doc_fixed *sum, size_t *at)
{
    *sum = 0;
    for (size_t i = 0; i < x->n; i++) {
        const term *tm = &x->t[i];
        const doc_table *t = find_table(doc, tm->table);
        if (!t)
            return false;
        bool found = false;
        uint32_t last = UINT32_MAX;
        for (size_t k = 0; k < t->ncells; k++) {
            const doc_cell *c = &t->cells[k];
            if (c->value == DOC_VALUE_NONE || !c->row_key || !row_matches(c->row_key, tm->row))
                continue;
            if (*tm->col) {
                if (c->col_key && !strcmp(c->col_key, tm->col) && !add_cell(c, sum, at, &found))
                    return false;
            } else if (c->row != last) {
                last = c->row;
                if (!row_total(t, c->row, sum, at, &found))
                    return false;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

static void alt_text(const alt *x, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < x->n && o + 1 < n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s%s%s%s%s", i ? " + " : "",
                              i && !strcmp(x->t[i].table, x->t[i - 1].table) ? "" : "表",
                              i && !strcmp(x->t[i].table, x->t[i - 1].table) ? "" : x->t[i].table,
                              i && !strcmp(x->t[i].table, x->t[i - 1].table) ? "" : " ",
                              x->t[i].row);
    for (size_t i = 0; i < x->n; i++)
        if (*x->t[i].col) {
            /* columns named: list them instead of the rows */
            o = 0;
            for (size_t j = 0; j < x->n && o + 1 < n; j++)
                o += (size_t)snprintf(buf + o, n - o, "%s表%s %s", j ? " + " : "", x->t[j].table,
                                      *x->t[j].col ? x->t[j].col : x->t[j].row);
            break;
        }
}

/* ---- the prose's side --------------------------------------------------- */

typedef struct figure {
    doc_fixed q;         /* millionths: 件, or 元 for money */
    size_t start, end;   /* bytes of the number and its unit in the run */
    char written[160];   /* "258件", "5949.088667万元", "272件 + 3件" */
} figure;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The number at s[i..n) (digits, ASCII thousands commas, one decimal part)
 * into millionths; its end in *e. */
static bool read_number(const char *s, size_t i, size_t n, doc_fixed *q, size_t *e)
{
    char buf[40];
    size_t o = 0, k = i;
    while (k < n && o + 1 < sizeof buf) {
        if (is_digit(s[k]))
            buf[o++] = s[k++];
        else if (s[k] == ',' && k + 3 < n + 1 && is_digit(s[k + 1]) && k + 3 <= n &&
                 is_digit(s[k + 2]) && is_digit(s[k + 3]) && (k + 4 >= n || !is_digit(s[k + 4])))
            k++;
        else if (s[k] == '.' && k + 1 < n && is_digit(s[k + 1]) && !memchr(buf, '.', o))
            buf[o++] = s[k++];
        else
            break;
    }
    *e = k;
    return o && doc_fixed_parse(buf, o, q);
}

static bool starts(const char *s, size_t i, size_t n, const char *w)
{
    size_t l = strlen(w);
    return i + l <= n && !memcmp(s + i, w, l);
}

/* Does phrase p start at s[i]? Asked at every character for every phrase:
 * its length is kept and its first byte tried first. */
static bool phrase_at(const phrase *p, const char *s, size_t i, size_t n)
{
    return i + p->len <= n && s[i] == p->text[0] && !memcmp(s + i, p->text, p->len);
}

/* The figure of phrase p ending at byte i of s, if one is there. */
static bool find_figure(const check_phrases *set, const phrase *p, const char *s, size_t i,
                        size_t n, figure *f)
{
    static const char *const stops[] = {"，", "。", "；", "：", "（", "(", ",", ";", "、", "？", NULL};
    size_t from = i;
    for (int chars = 0; i < n && chars < WINDOW_CHARS; chars++) {
        if (is_digit(s[i]))
            break;
        for (size_t k = 0; stops[k]; k++)
            if (starts(s, i, n, stops[k]))
                return false;
        for (size_t k = 0; k < set->n; k++)
            if (&set->v[k] != p && phrase_at(&set->v[k], s, i, n))
                return false; /* another phrase's figure */
        uint32_t c;
        size_t l = core_utf8_decode(s + i, n - i, &c);
        i += l ? l : 1;
    }
    if (i >= n || !is_digit(s[i]))
        return false;
    if (*p->need) {
        char between[256];
        snprintf(between, sizeof between, "%.*s", (int)(i - from), s + from);
        if (!strstr(between, p->need))
            return false; /* 受理网络问政182件: not the applications */
    }
    size_t e;
    if (!read_number(s, i, n, &f->q, &e))
        return false;
    size_t u = e;
    while (u < n && s[u] == ' ')
        u++;
    f->start = i;
    if (p->unit == UNIT_COUNT && starts(s, u, n, "件"))
        f->end = u + strlen("件");
    else if (p->unit == UNIT_MONEY && starts(s, u, n, "万元"))
        f->end = u + strlen("万元"), f->q *= 10000;
    else if (p->unit == UNIT_MONEY && starts(s, u, n, "元"))
        f->end = u + strlen("元");
    else
        return false;
    if (p->unit == UNIT_COUNT && memchr(s + i, '.', e - i))
        return false;
    snprintf(f->written, sizeof f->written, "%.*s", (int)(f->end - i), s + i);
    return true;
}

static size_t skip_spaces(const char *s, size_t i, size_t n)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* The first of `words` at s[i], its length in *l; false when none. */
static bool one_of(const char *s, size_t i, size_t n, const char *const *words, size_t *l)
{
    for (size_t k = 0; words[k]; k++)
        if (starts(s, i, n, words[k])) {
            *l = strlen(words[k]);
            return true;
        }
    return false;
}

/* A count "N件" at s[i] (spaces allowed around N); its end in *e. */
static bool count_at(const char *s, size_t i, size_t n, doc_fixed *q, size_t *e)
{
    size_t k;
    i = skip_spaces(s, i, n);
    if (i >= n || !is_digit(s[i]) || !read_number(s, i, n, q, &k) || memchr(s + i, '.', k - i))
        return false;
    k = skip_spaces(s, k, n);
    if (!starts(s, k, n, "件"))
        return false;
    *e = k + strlen("件");
    return true;
}

/* A sum the prose spells out after a phrase's figure: "A件 + B件[ = C件]"
 * or "A件、B件[，]共C件" (the list form only with its total, else it is a
 * list of other things). On success f->q is the total the phrase claims
 * (C, or the parts' sum when no C is written), f->end and f->written cover
 * the whole sum, and *parts / *stated the parts' sum and C (stated false
 * when no C). */
static bool spelled_sum(const char *s, size_t n, figure *f, doc_fixed *parts, bool *stated)
{
    static const char *const plus[] = {"+", "＋", NULL}, *const list[] = {"、", NULL};
    static const char *const totals[] = {"=", "＝", "共计", "合计", "总计", "共", NULL};
    size_t i = f->end, l, e, nparts = 1;
    bool is_list = false;
    doc_fixed sum = f->q, q;
    for (;;) {
        size_t k = skip_spaces(s, i, n);
        bool p = one_of(s, k, n, plus, &l), li = !p && one_of(s, k, n, list, &l);
        if ((!p && !li) || (nparts > 1 && li != is_list) || !count_at(s, k + l, n, &q, &e))
            break;
        is_list = li;
        sum += q;
        nparts++;
        i = e;
    }
    if (nparts == 1)
        return false;
    size_t k = skip_spaces(s, i, n);
    if (starts(s, k, n, "，") || starts(s, k, n, ","))
        k = skip_spaces(s, k + (s[k] == ',' ? 1 : strlen("，")), n);
    *stated = one_of(s, k, n, totals, &l) && count_at(s, k + l, n, &q, &e);
    if (!*stated && is_list)
        return false;
    *parts = sum;
    f->q = *stated ? q : sum;
    f->end = *stated ? e : i;
    snprintf(f->written, sizeof f->written, "%.*s", (int)(f->end - f->start), s + f->start);
    return true;
}

void check_place(const doc_document *doc, size_t at, char *buf, size_t n)
{
    uint32_t line = 0, col = 0;
    const core_source *src = doc->src;
    core_source_locate(src, at, &line, &col);
    snprintf(buf, n, "%s:%u:%u", src->origin ? src->origin->name : src->name, line, col);
}

static void say(const doc_document *doc, const check_options *opt, size_t at, core_diags *d,
                const char *fmt, const char *a, const char *b, const char *c, const char *e)
{
    core_diag_at(d, doc->src, at, opt->strict ? CORE_ERROR : CORE_WARNING,
                 opt->strict ? "E-prose" : "W-prose", fmt, a, b, c, e);
}

/* 占X% / （X%） right after a figure: X against figure ÷ 表三's totals. */
static void check_percent(const doc_document *doc, const check_options *opt, const doc_run *r,
                          const figure *f, const phrase *p, core_diags *d)
{
    const char *s = r->text;
    size_t n = r->len, i = f->end;
    if (starts(s, i, n, "，"))
        i += strlen("，");
    if (starts(s, i, n, "占"))
        i += strlen("占");
    else if (starts(s, i, n, "（") || starts(s, i, n, "("))
        i += s[i] == '(' ? 1 : strlen("（");
    else
        return;
    doc_fixed x;
    size_t e, dot = 0;
    if (!read_number(s, i, n, &x, &e) || !starts(s, e, n, "%"))
        return;
    for (size_t k = i; k < e; k++)
        if (s[k] == '.')
            dot = e - k - 1;
    if (dot > 4)
        return;
    static const char *const bases[] = {"三:三.七", "三:一", "三:一+三:二"};
    doc_fixed scale = 1;
    for (size_t k = 0; k < dot; k++)
        scale *= 10;
    doc_fixed written = x * scale / DOC_FIXED_ONE;
    for (size_t b = 0; b < 3; b++) {
        phrase tmp = {0};
        char spec[32];
        snprintf(spec, sizeof spec, "%s", bases[b]);
        size_t at;
        doc_fixed base;
        if (!parse_cells(spec, &tmp) || !alt_value(doc, &tmp.a[0], &base, &at) || base <= 0)
            continue;
        doc_fixed num = f->q * 100 * scale, qq = num / base, rem = num % base;
        if (written == qq || written == qq + (2 * rem >= base))
            return; /* rounded or truncated as written */
    }
    char pct[32];
    snprintf(pct, sizeof pct, "%.*s%%", (int)(e - i), s + i);
    say(doc, opt, doc_run_offset(r, i), d,
        "the text says %s %s, %s; no total of 表三 (办结, 新收, 新收 + 上年结转) gives %s",
        p->text, f->written, pct, pct);
}

/* What the figures came to, for the summary note. */
typedef struct tally {
    size_t agree, differ, first;
} tally;

static void check_claim(const doc_document *doc, const check_options *opt, const doc_run *r,
                        const phrase *p, const figure *f, size_t at, core_diags *d, tally *n)
{
    doc_fixed v[MAX_ALTS];
    size_t places[MAX_ALTS];
    size_t ok = 0;
    for (size_t k = 0; k < p->nalts; k++) {
        if (!alt_value(doc, &p->a[k], &v[k], &places[k]))
            return; /* cannot be placed: silent */
        doc_fixed want = p->unit == UNIT_ZERO ? 0 : f->q;
        if (p->unit == UNIT_MONEY) {
            /* the cells in 万元 (or 元, converted to 万元 when added up) */
            want = f->q / 10000;
            if (f->q % 10000 && (v[k] * 10000 == f->q))
                want = v[k];
        }
        ok += v[k] == want;
    }
    if (!n->agree && !n->differ)
        n->first = at;
    if (ok)
        n->agree++;
    else
        n->differ++;
    if (ok) {
        if (p->unit == UNIT_COUNT)
            check_percent(doc, opt, r, f, p, d);
        return;
    }
    char both[1024] = "", one[400], val[48], place[300];
    for (size_t k = 0; k < p->nalts; k++) {
        alt_text(&p->a[k], one, sizeof one);
        doc_fixed_format(v[k], val, sizeof val);
        check_place(doc, places[k], place, sizeof place);
        size_t o = strlen(both);
        snprintf(both + o, sizeof both - o, "%s%s = %s%s (%s)", k ? ", or " : "", one, val,
                 p->unit == UNIT_MONEY ? "万元" : p->unit == UNIT_COUNT ? "件" : "", place);
    }
    if (p->unit == UNIT_ZERO) {
        /* name only the cells that are not 0: what contradicts the claim */
        both[0] = 0;
        for (size_t k = 0; k < p->a[0].n; k++) {
            alt one_term = {.n = 1};
            one_term.t[0] = p->a[0].t[k];
            doc_fixed q;
            size_t pl;
            if (!alt_value(doc, &one_term, &q, &pl) || !q)
                continue;
            doc_fixed_format(q, val, sizeof val);
            check_place(doc, pl, place, sizeof place);
            size_t o = strlen(both);
            snprintf(both + o, sizeof both - o, "%s表%s %s = %s (%s)", o ? ", " : "",
                     one_term.t[0].table, one_term.t[0].col, val, place);
        }
        say(doc, opt, at, d, "the text says %s%s, but the table has %s%s: not all upheld",
            p->text, "", both, "");
    }
    else
        say(doc, opt, at, d, "the text says %s %s, but the table has %s%s", p->text, f->written,
            both, "");
}

static void check_run(const doc_document *doc, const check_phrases *set, const doc_run *r,
                      const check_options *opt, core_diags *d, tally *seen)
{
    const char *s = r->text;
    size_t n = r->len;
    for (size_t i = 0; i < n;) {
        const phrase *best = NULL;
        for (size_t k = 0; k < set->n; k++)
            if (phrase_at(&set->v[k], s, i, n) && (!best || set->v[k].len > best->len))
                best = &set->v[k];
        figure f = {0};
        if (best && best->unit == UNIT_ZERO) {
            check_claim(doc, opt, r, best, &f, doc_run_offset(r, i), d, seen);
            i += best->len;
            continue;
        }
        if (best && find_figure(set, best, s, i + best->len, n, &f)) {
            doc_fixed parts;
            bool stated;
            if (best->unit == UNIT_COUNT && spelled_sum(s, n, &f, &parts, &stated) && stated &&
                parts != f.q) {
                char pv[48], tv[48];
                doc_fixed_format(parts, pv, sizeof pv);
                doc_fixed_format(f.q, tv, sizeof tv);
                say(doc, opt, doc_run_offset(r, i), d,
                    "the text says %s %s, but its parts add up to %s件, not %s件", best->text,
                    f.written, pv, tv);
            }
            check_claim(doc, opt, r, best, &f, doc_run_offset(r, i), d, seen);
            i = f.end;
            continue;
        }
        uint32_t c;
        size_t l = core_utf8_decode(s + i, n - i, &c);
        i += l ? l : 1;
    }
}

void check_prose(const doc_document *doc, const check_options *opt, core_diags *d)
{
    const check_phrases *set = opt->phrases;
    tally n = {0};
    if (!set || !set->n)
        return;
    for (size_t b = 0; b < doc->nblocks; b++) {
        const doc_block *k = &doc->blocks[b];
        if (k->kind != DOC_BLOCK_PARAGRAPH && k->kind != DOC_BLOCK_HEADING)
            continue;
        for (size_t j = 0; j < k->nruns; j++)
            if (k->runs[j].role == DOC_ROLE_BODY && k->runs[j].text)
                check_run(doc, set, &k->runs[j], opt, d, &n);
    }
    /* for check's summary: what the prose was held against */
    if (n.agree + n.differ)
        core_diag_at(d, doc->src, n.first, CORE_NOTE, "N-prose",
                     "the text states %zu figure%s the tables hold: %zu agree, %zu contradict",
                     n.agree + n.differ, n.agree + n.differ == 1 ? "" : "s", n.agree, n.differ);
}
