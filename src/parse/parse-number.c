/*
 * parse-number.c: heading numbers at the start of a line and their print
 * form.
 *
 *   level 1  一、 … 九十九、      (Chinese numerals)
 *   level 2  （一） or (一)       (either bracket may be ASCII)
 *   level 3  1. or 1．            (1–3 digits; not followed by a digit, so
 *                                  "1.5亿元" and "2022年" are text)
 *   level 4  （1） or (1)
 *
 * The print form has full-width brackets and nothing between the mark and
 * the text; a number written otherwise is set in its print form, in the
 * arena, with a map giving each printed byte's source offset, and reported
 * as a note N-numbering (one per heading).
 *
 * Invariant: recognition reads at most a few characters past the line's
 * start, so it costs O(1) per line; building a run is linear in the heading.
 * Caller: parse.c for every text line.
 */
#include "parse-imp.h"

#include <string.h>

/* The value 1..10 of the Chinese numeral character at text[i], else 0. */
static int cn_digit(const char *text, size_t i, size_t end)
{
    static const char *d[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (i + 3 > end)
        return 0;
    for (int k = 0; k < 10; k++)
        if (memcmp(text + i, d[k], 3) == 0)
            return k + 1;
    return 0;
}

/* The end of a Chinese numeral 1..99 at text[i..end) (一, 十, 十一, 二十,
 * 二十一), or i when there is none; its value in *value. */
static size_t cn_numeral_value(const char *text, size_t i, size_t end, int *value)
{
    int v[3] = {0};
    size_t k = 0;
    while (k < 3 && (v[k] = cn_digit(text, i + 3 * k, end)) != 0)
        k++;
    bool ok = (k == 1) ||
              (k == 2 && v[0] == 10 && v[1] < 10) ||  /* 十一 */
              (k == 2 && v[0] > 1 && v[0] < 10 && v[1] == 10) || /* 二十 */
              (k == 3 && v[0] > 1 && v[0] < 10 && v[1] == 10 && v[2] < 10);
    /* a fourth numeral character means a longer number: no heading */
    if (ok && k == 3 && cn_digit(text, i + 9, end))
        ok = false;
    *value = !ok ? 0 : k == 1 ? v[0] : k == 3 ? v[0] * 10 + v[2] : v[0] == 10 ? 10 + v[1]
                                                                            : v[0] * 10;
    return ok ? i + 3 * k : i;
}

static size_t cn_numeral(const char *text, size_t i, size_t end)
{
    int v;
    return cn_numeral_value(text, i, end, &v);
}

/* A digit (ASCII or full-width) at text[i]: its length, else 0. */
static size_t digit_at(const char *text, size_t i, size_t end)
{
    if (i < end && text[i] >= '0' && text[i] <= '9')
        return 1;
    if (i + 3 <= end && (unsigned char)text[i] == 0xEF && (unsigned char)text[i + 1] == 0xBC &&
        (unsigned char)text[i + 2] >= 0x90 && (unsigned char)text[i + 2] <= 0x99)
        return 3;
    return 0;
}

/* The end of 1–3 digits at text[i..end), or i. */
static size_t digits(const char *text, size_t i, size_t end)
{
    size_t j = i, k;
    int n = 0;
    while ((k = digit_at(text, j, end)) != 0 && n < 4)
        j += k, n++;
    return n >= 1 && n <= 3 ? j : i;
}

/* The length of `s` at text[i], else 0. */
static size_t lit(const char *text, size_t i, size_t end, const char *s)
{
    size_t n = strlen(s);
    return i + n <= end && memcmp(text + i, s, n) == 0 ? n : 0;
}

static size_t open_bracket(const char *text, size_t i, size_t end)
{
    size_t k = lit(text, i, end, "（");
    return k ? k : lit(text, i, end, "(");
}

static size_t close_bracket(const char *text, size_t i, size_t end)
{
    size_t k = lit(text, i, end, "）");
    return k ? k : lit(text, i, end, ")");
}

/* Levels 2 and 4: a bracketed numeral or digits. */
static parse_number bracketed(const char *text, size_t start, size_t end)
{
    parse_number n = {0};
    size_t ob = open_bracket(text, start, end);
    if (!ob)
        return n;
    size_t i = start + ob, e = cn_numeral(text, i, end);
    int level = 2;
    if (e == i)
        e = digits(text, i, end), level = 4;
    size_t cb = e > i ? close_bracket(text, e, end) : 0;
    if (!cb)
        return n;
    n = (parse_number){.level = level, .open = start, .open_len = ob, .num = i,
                       .num_end = e, .close = e, .close_len = cb};
    return n;
}

parse_number parse_number_at(const char *text, size_t start, size_t end)
{
    parse_number n = bracketed(text, start, end);
    size_t e, k;
    if (!n.level && (e = cn_numeral(text, start, end)) > start &&
        (k = lit(text, e, end, "、")) != 0)
        n = (parse_number){.level = 1, .num = start, .num_end = e, .close = e,
                           .close_len = k};
    if (!n.level && (e = digits(text, start, end)) > start &&
        ((k = lit(text, e, end, ".")) != 0 || (k = lit(text, e, end, "．")) != 0) &&
        !digit_at(text, e + k, end))
        n = (parse_number){.level = 3, .num = start, .num_end = e, .close = e,
                           .close_len = k};
    if (!n.level)
        return n;
    /* the number's value, decided here once: checks read it from the doc */
    if (n.level == 1 || n.level == 2) {
        cn_numeral_value(text, n.num, n.num_end, &n.value);
    } else {
        for (size_t i = n.num, k; (k = digit_at(text, i, n.num_end)) != 0; i += k)
            n.value = n.value * 10 + (k == 1 ? text[i] - '0' : (unsigned char)text[i + 2] - 0x90);
    }
    n.end = n.close + n.close_len;
    while ((k = parse_space_at(text, n.end, end)) != 0)
        n.end += k;
    return n;
}

/* Text being built with its map: each byte's source offset. */
typedef struct out {
    char *t;
    size_t *map;
    size_t n;
} out;

/* Copy source bytes [from, to): each stands for itself. */
static void out_copy(out *o, const char *text, size_t from, size_t to)
{
    memcpy(o->t + o->n, text + from, to - from);
    for (size_t i = from; i < to; i++)
        o->map[o->n++] = i;
}

/* Put `s` standing for the source character at `at`. */
static void out_subst(out *o, const char *s, size_t at)
{
    size_t k = strlen(s);
    memcpy(o->t + o->n, s, k);
    for (size_t i = 0; i < k; i++)
        o->map[o->n++] = at;
}

/* Is the number already in its print form? */
static bool number_printed(const char *text, const parse_number *n)
{
    if (n->end != n->close + n->close_len)
        return false;
    if (n->level == 2 || n->level == 4)
        return n->open_len == 3 && n->close_len == 3;
    return true;
}

doc_run parse_number_run(parser *p, const parse_number *n, size_t hend)
{
    size_t start = n->open_len ? n->open : n->num;
    if (number_printed(p->text, n))
        return parse_run_at(p, DOC_ROLE_BODY, start, hend);
    /* at most two ASCII brackets each grow by two bytes */
    size_t cap = hend - start + 4;
    out o = {core_arena_alloc(p->a, cap + 1), core_arena_alloc(p->a, cap * sizeof(size_t)), 0};
    if (n->open_len)
        out_subst(&o, "（", n->open);
    out_copy(&o, p->text, n->num, n->num_end);
    if (n->open_len)
        out_subst(&o, "）", n->close);
    else
        out_copy(&o, p->text, n->close, n->close + n->close_len);
    out_copy(&o, p->text, n->end, hend);
    o.t[o.n] = 0;
    core_diag_at(p->d, p->src, start, CORE_NOTE, "N-numbering",
                 "heading number \"%.*s\" set as \"%.*s\"", (int)(n->end - start),
                 p->text + start, (int)(o.n - (hend - n->end)), o.t);
    return (doc_run){.role = DOC_ROLE_BODY, .text = o.t, .len = o.n, .offset = start,
                     .map = o.map};
}
