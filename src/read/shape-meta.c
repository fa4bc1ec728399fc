/*
 * shape-meta.c: lines the shaper knows from the lists of layouts/reader —
 * a portal's metadata box and a crawler's header lines (metadata, not
 * text), page chrome and the running footers of a PDF's pages (dropped) —
 * and the dates that metadata carries.
 *
 * A label is matched character by character under core_fold_char with
 * spaces skipped, so that "发布机构：", "发布机构 :" and "发 布 机 构" are one
 * label and the value keeps its exact place in the source.
 * Invariant: only lines of at most LINE_MAX_MATCH characters are compared
 * with the lists: chrome and metadata lines are short, and this keeps the
 * cost linear however long a paragraph is.
 * Caller: shape.c (lines_classify, under_title, emit).
 */
#define _GNU_SOURCE /* memmem */
#include "shape-imp.h"

#include <string.h>

enum { LINE_MAX_MATCH = 300 };

/* Where `label` (folded, no spaces) ends in text[i, end), matched under
 * folding with spaces skipped; 0 when it does not start there. */
static size_t label_end(const char *text, size_t i, size_t end, const char *label)
{
    size_t li = 0, n = strlen(label), k;
    while (li < n) {
        if (i >= end)
            return 0;
        uint32_t cp = shape_cp(text, i, end, &k);
        i += k;
        if (shape_is_space(cp))
            continue;
        char u[4];
        size_t un = core_utf8_encode(core_fold_char(cp), u);
        if (li + un > n || memcmp(label + li, u, un))
            return 0;
        li += un;
    }
    return i;
}

/* After a label: a colon (either width), a tab, or the end; the offset of
 * what follows, or 0. */
static size_t after_separator(const char *text, size_t i, size_t end)
{
    size_t k;
    while (i < end && shape_is_space(shape_cp(text, i, end, &k)))
        i += k;
    if (i == end)
        return end;
    uint32_t cp = shape_cp(text, i, end, &k);
    if (cp == ':' || cp == 0xFF1A || cp == '\t') {
        i += k;
        while (i < end && (text[i] == '\t' || shape_is_space(shape_cp(text, i, end, &k))))
            i += text[i] == '\t' ? 1 : k;
        return i;
    }
    return 0;
}

/* The meta entry whose label starts at text[i]; its value's start in *v. */
static const read_entry *label_at(const shaper *s, size_t i, size_t end, size_t *v)
{
    const read_entry *best = NULL;
    size_t best_end = 0;
    for (size_t e = 0; e < s->data->lists[READ_LIST_META].n; e++) {
        const read_entry *en = &s->data->lists[READ_LIST_META].v[e];
        size_t le = label_end(s->text, i, end, en->text), a;
        if (le && le > best_end && (a = after_separator(s->text, le, end)) != 0)
            best = en, best_end = le, *v = a;
    }
    return best;
}

/* A run of two or more spaces or a tab at text[i]: its end, or 0. */
static size_t wide_gap(const char *text, size_t i, size_t end)
{
    size_t j = i, k, n = 0;
    bool tab = false;
    while (j < end) {
        uint32_t cp = shape_cp(text, j, end, &k);
        if (cp == '\t')
            tab = true;
        else if (!shape_is_space(cp))
            break;
        n += cp == 0x3000 ? 2 : 1;
        j += k;
    }
    return tab || n >= 2 ? j : 0;
}

static void meta_set(shaper *s, const read_entry *en, size_t v, size_t ve)
{
    while (ve > v && (s->text[ve - 1] == ' ' || s->text[ve - 1] == '\t'))
        ve--;
    if (en->field == READ_FIELD_TITLE && s->ntitles < 4 && ve > v)
        s->titles[s->ntitles++] = (shape_span){v, ve};
    /* a crawler's 来源 is the page's address, not its agency */
    if (en->field != READ_FIELD_NONE && (memmem(s->text + v, ve - v, "://", 3) ||
                                         (ve - v > 4 && !memcmp(s->text + v, "www.", 4))))
        return;
    shape_value *m = &s->meta[en->field];
    if (en->field != READ_FIELD_NONE && !m->given && ve > v)
        *m = (shape_value){true, {v, ve}};
}

/* Pairs "LABEL：value" in one line, separated by wide gaps; true when the
 * line starts with a label. */
static bool meta_pairs(shaper *s, const shape_line *l)
{
    size_t v = 0;
    const read_entry *en = label_at(s, l->ts, l->te, &v);
    if (!en)
        return false;
    while (en) {
        size_t i = v, ve = l->te, g;
        const read_entry *next = NULL;
        size_t nv = 0;
        for (; i < l->te; i++) {
            if ((g = wide_gap(s->text, i, l->te)) != 0 &&
                (next = label_at(s, g, l->te, &nv)) != NULL) {
                ve = i;
                break;
            }
        }
        meta_set(s, en, v, ve);
        en = next, v = nv;
    }
    return true;
}

size_t shape_meta_lines(shaper *s, size_t i)
{
    const shape_line *l = &s->l[i];
    size_t chars = 0;
    for (size_t j = l->ts; j < l->te && chars <= LINE_MAX_MATCH; j++)
        chars += ((unsigned char)s->text[j] & 0xC0) != 0x80;
    if (chars > LINE_MAX_MATCH || !s->data)
        return 0;
    size_t v = 0;
    const read_entry *en = label_at(s, l->ts, l->te, &v);
    if (!en)
        return 0;
    if (v < l->te)
        return meta_pairs(s, l) ? 1 : 0;
    /* "文号：" or "时效<TAB>": a field of the box left empty */
    size_t e = l->end;
    while (e > l->ts && (s->text[e - 1] == ' ' || s->text[e - 1] == '\t'))
        e--;
    if (memchr(s->text + l->ts, '\t', l->end - l->ts) ||
        (e - l->ts >= 3 && !memcmp(s->text + e - 3, "：", 3)) || s->text[e - 1] == ':')
        return 1;
    /* a label alone: its value is the next line, unless that is a label */
    size_t j = i + 1, nv;
    if (j < s->n && s->l[j].ts < s->l[j].te && !label_at(s, s->l[j].ts, s->l[j].te, &nv)) {
        meta_set(s, en, s->l[j].ts, s->l[j].te);
        return 2;
    }
    /* a box's empty field (文号 with no number) before another label */
    return j < s->n && label_at(s, s->l[j].ts, s->l[j].te, &nv) ? 1 : 0;
}

static bool list_match(const read_entry *en, const char *f, size_t n)
{
    size_t k = strlen(en->text);
    switch (en->kind) {
    case READ_MATCH_LINE:
        return k == n && !memcmp(f, en->text, n);
    case READ_MATCH_PREFIX:
        return k <= n && !memcmp(f, en->text, k);
    case READ_MATCH_CONTAINS:
        return k <= n && memmem(f, n, en->text, k);
    case READ_MATCH_SUFFIX:
        return k < n && !memcmp(f + n - k, en->text, k);
    default:
        return false;
    }
}

bool shape_is_chrome(const shaper *s, const shape_line *l)
{
    if (!s->data || l->width > 80)
        return false;
    core_buf f = {0};
    shape_fold_line(s, l, &f);
    bool hit = false;
    for (size_t e = 0; e < s->data->lists[READ_LIST_CHROME].n && !hit; e++)
        hit = list_match(&s->data->lists[READ_LIST_CHROME].v[e], f.data ? f.data : "", f.len);
    core_buf_free(&f);
    return hit;
}

/* Does folded text f[0, n) match footer pattern p ('#' = digits)? */
static bool footer_match(const char *p, const char *f, size_t n)
{
    size_t i = 0;
    for (; *p; p++) {
        if (*p == '#') {
            size_t d = i;
            while (i < n && f[i] >= '0' && f[i] <= '9')
                i++;
            if (i == d)
                return false;
        } else if (i < n && f[i] == *p) {
            i++;
        } else {
            return false;
        }
    }
    return i == n;
}

bool shape_is_footer(const shaper *s, const shape_line *l, bool near_break)
{
    if (!s->data || l->width > 20)
        return false;
    core_buf f = {0};
    shape_fold_line(s, l, &f);
    bool hit = false;
    for (size_t e = 0; e < s->data->lists[READ_LIST_FOOTER].n && !hit; e++) {
        const read_entry *en = &s->data->lists[READ_LIST_FOOTER].v[e];
        hit = (near_break || en->kind == READ_MATCH_ANYWHERE) &&
              footer_match(en->text, f.data ? f.data : "", f.len);
    }
    core_buf_free(&f);
    return hit;
}

/* Digits (any width) at t[*i]: their value, at most `max` of them. */
static bool number(const char *t, size_t *i, size_t end, int max, int *v)
{
    size_t k, n = 0;
    *v = 0;
    while (*i < end && n < (size_t)max) {
        uint32_t cp = core_fold_char(shape_cp(t, *i, end, &k));
        if (cp < '0' || cp > '9')
            break;
        *v = *v * 10 + (int)(cp - '0');
        *i += k, n++;
    }
    return n > 0;
}

static bool separator(const char *t, size_t *i, size_t end, const char *cn)
{
    size_t k;
    uint32_t cp = core_fold_char(shape_cp(t, *i, end, &k));
    if (*i < end && (cp == '-' || cp == '/' || cp == '.' ||
                     (cn && k == 3 && !memcmp(t + *i, cn, 3)))) {
        *i += k;
        return true;
    }
    return false;
}

bool shape_date(const char *t, size_t start, size_t end, int *y, int *m, int *dd)
{
    size_t i = start, k;
    while (i < end && shape_is_space(shape_cp(t, i, end, &k)))
        i += k;
    uint32_t open = core_fold_char(shape_cp(t, i, end, &k));
    if (i < end && open == '(')
        i += k;
    if (!number(t, &i, end, 4, y) || *y < 1900 || !separator(t, &i, end, "年") ||
        !number(t, &i, end, 2, m) || !separator(t, &i, end, "月") ||
        !number(t, &i, end, 2, dd))
        return false;
    if (i < end && !memcmp(t + i, "日", 3))
        i += 3;
    /* a time of day may follow a portal's date: 2023-01-20 10:30:00 */
    size_t j = i;
    while (j < end && shape_is_space(shape_cp(t, j, end, &k)))
        j += k;
    if (j > i && j < end && t[j] >= '0' && t[j] <= '9')
        while (j < end && ((t[j] >= '0' && t[j] <= '9') || t[j] == ':'))
            j++, i = j;
    if (open == '(' && i < end && core_fold_char(shape_cp(t, i, end, &k)) == ')')
        i += k;
    while (i < end && shape_is_space(shape_cp(t, i, end, &k)))
        i += k;
    return i == end && *m >= 1 && *m <= 12 && *dd >= 1 && *dd <= 31;
}
