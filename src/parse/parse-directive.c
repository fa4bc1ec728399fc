/*
 * parse-directive.c: the explicit syntax for what plain text cannot say.
 *
 * A line whose first character is "@" followed by an ASCII letter is a
 * directive: "@name value". Names are case-sensitive; an unknown name, a
 * missing or malformed value, or metadata given twice is an error
 * E-directive at the place concerned (the parse goes on, to report every
 * such error, and fails at the end). docs/FORMAT.md lists them.
 *
 * Invariant: each directive costs time linear in its line.
 * Caller: parse.c, for every directive line (and its pre-scan for @title).
 */
#include "parse-imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A separator between a directive's name and its value: space, tab, U+3000. */
static size_t sep_at(const char *text, size_t i, size_t end)
{
    if (i < end && text[i] == '\t')
        return 1;
    return parse_space_at(text, i, end);
}

/* The end of the directive's name token, starting after the '@'. */
static size_t token_end(const char *text, size_t i, size_t end)
{
    while (i < end && !sep_at(text, i, end))
        i++;
    return i;
}

bool parse_is_directive(const char *text, size_t start, size_t end)
{
    return end - start >= 2 && text[start] == '@' && ascii_letter(text[start + 1]);
}

bool parse_is_directive_named(const char *text, size_t start, size_t end, const char *name)
{
    size_t n = strlen(name);
    return parse_is_directive(text, start, end) && token_end(text, start + 1, end) == start + 1 + n &&
           memcmp(text + start + 1, name, n) == 0;
}

/* ---- dates -------------------------------------------------------------------- */

/* Read `min`..`max` digits (ASCII or full-width) at s[*i]. */
static bool read_num(const char *s, size_t n, size_t *i, int min, int max, int *v)
{
    int k = 0;
    *v = 0;
    while (k < max) {
        if (*i < n && s[*i] >= '0' && s[*i] <= '9') {
            *v = *v * 10 + (s[*i] - '0');
            *i += 1;
        } else if (*i + 3 <= n && (unsigned char)s[*i] == 0xEF &&
                   (unsigned char)s[*i + 1] == 0xBC && (unsigned char)s[*i + 2] >= 0x90 &&
                   (unsigned char)s[*i + 2] <= 0x99) {
            *v = *v * 10 + ((unsigned char)s[*i + 2] - 0x90);
            *i += 3;
        } else {
            break;
        }
        k++;
    }
    return k >= min;
}

static bool read_lit(const char *s, size_t n, size_t *i, const char *lit)
{
    size_t k = strlen(lit);
    if (*i + k > n || memcmp(s + *i, lit, k) != 0)
        return false;
    *i += k;
    return true;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

int parse_date(const char *s, size_t n, bool iso, doc_date *out)
{
    size_t i = 0;
    int y, m, d;
    bool cn = read_num(s, n, &i, 4, 4, &y) && read_lit(s, n, &i, "年") &&
              read_num(s, n, &i, 1, 2, &m) && read_lit(s, n, &i, "月") &&
              read_num(s, n, &i, 1, 2, &d) && read_lit(s, n, &i, "日") && i == n;
    if (!cn && iso) {
        i = 0;
        cn = read_num(s, n, &i, 4, 4, &y) && read_lit(s, n, &i, "-") &&
             read_num(s, n, &i, 1, 2, &m) && read_lit(s, n, &i, "-") &&
             read_num(s, n, &i, 1, 2, &d) && i == n;
    }
    if (!cn)
        return 0;
    if (m < 1 || m > 12 || d < 1 || d > days_in(y, m) || y < 1)
        return -1;
    *out = (doc_date){.year = y, .month = m, .day = d};
    return 1;
}

doc_run parse_date_run(parser *p, const doc_date *dt, parse_span v)
{
    char *t = core_arena_printf(p->a, "%d年%d月%d日", dt->year, dt->month, dt->day);
    size_t n = strlen(t);
    if (v.end - v.start == n && memcmp(p->text + v.start, t, n) == 0)
        return parse_run_at(p, DOC_ROLE_BODY, v.start, v.end);
    /* written otherwise (2023-01-15, full-width digits): every printed byte
     * stands for the start of the date as written */
    size_t *map = core_arena_alloc(p->a, n * sizeof *map);
    for (size_t i = 0; i < n; i++)
        map[i] = v.start;
    return (doc_run){.role = DOC_ROLE_BODY, .text = t, .len = n, .offset = v.start, .map = map};
}

/* ---- the directives ------------------------------------------------------------ */

typedef struct directive {
    parser *p;
    size_t at;        /* the '@' */
    const char *name; /* as known */
    parse_span arg;   /* the value, trimmed; may be empty */
} directive;

/* An error about this directive: "@name" followed by `what`. */
static void bad(directive *dv, size_t at, const char *what)
{
    core_diag_at(dv->p->d, dv->p->src, at, CORE_ERROR, "E-directive", "@%s%s", dv->name,
                 core_tr(dv->p->d, what));
    dv->p->errors++;
}

static bool arg_empty(const directive *dv)
{
    return dv->arg.start == dv->arg.end;
}

/* A value must be there, and metadata given only once. */
static bool want_value(directive *dv, bool given_before)
{
    if (arg_empty(dv)) {
        bad(dv, dv->at, " needs a value");
        return false;
    }
    if (given_before) {
        bad(dv, dv->at, " is given twice");
        return false;
    }
    return true;
}

static bool want_nothing(directive *dv)
{
    if (arg_empty(dv))
        return true;
    bad(dv, dv->arg.start, " takes no value");
    return false;
}

static const char *value_dup(directive *dv)
{
    return core_arena_strndup(dv->p->a, dv->p->text + dv->arg.start,
                              dv->arg.end - dv->arg.start);
}

static void do_date(directive *dv)
{
    parser *p = dv->p;
    if (!want_value(dv, p->date_text.given))
        return;
    doc_date dt;
    int ok = parse_date(p->text + dv->arg.start, dv->arg.end - dv->arg.start, true, &dt);
    if (ok == 0)
        bad(dv, dv->arg.start, ": write the date as 2023年1月15日 or 2023-01-15");
    else if (ok < 0)
        bad(dv, dv->arg.start, ": there is no such day in the calendar");
    if (ok <= 0)
        return;
    dt.offset = dv->arg.start;
    p->date = dt;
    p->date_text = (parse_value){true, dv->arg.start, dv->arg.end};
}

/* @table header=N */
static void do_table(directive *dv)
{
    parser *p = dv->p;
    const char *t = p->text + dv->arg.start;
    size_t n = dv->arg.end - dv->arg.start, i = 7;
    unsigned long v = 0;
    bool ok = n > 7 && memcmp(t, "header=", 7) == 0;
    for (; ok && i < n; i++) {
        ok = t[i] >= '0' && t[i] <= '9' && v < 100000000;
        v = v * 10 + (unsigned long)(t[i] - '0');
    }
    if (!ok) {
        bad(dv, dv->arg.start, ": write @table header=N (N header rows, N ≥ 0)");
        return;
    }
    p->header_pending = true;
    p->header_rows = (uint32_t)v;
    p->header_offset = dv->at;
}

static void do_signature(directive *dv)
{
    parser *p = dv->p;
    if (!want_nothing(dv))
        return;
    parse_block_add(p, DOC_BLOCK_SIGNATURE, dv->at, 0);
    core_vec_push(p->a, &p->sig_blocks, p->blocks.n - 1);
}

/* Carry out the known directive dv->name. */
static void directive_run(directive *dv)
{
    parser *p = dv->p;
    const char *nm = dv->name;
    if (strcmp(nm, "title") == 0) {
        if (want_value(dv, false))
            parse_title_add(p, dv->arg.start, dv->arg.end);
    } else if (strcmp(nm, "agency") == 0) {
        if (want_value(dv, p->agency.given))
            p->agency = (parse_value){true, dv->arg.start, dv->arg.end};
    } else if (strcmp(nm, "date") == 0) {
        do_date(dv);
    } else if (strcmp(nm, "subject") == 0) {
        if (want_value(dv, p->subject != NULL))
            p->subject = value_dup(dv);
    } else if (strcmp(nm, "keywords") == 0) {
        if (want_value(dv, p->keywords != NULL))
            p->keywords = value_dup(dv);
    } else if (strcmp(nm, "layout") == 0) {
        if (want_value(dv, p->layout != NULL))
            p->layout = value_dup(dv);
    } else if (strcmp(nm, "pagebreak") == 0) {
        if (want_nothing(dv))
            parse_block_add(p, DOC_BLOCK_PAGEBREAK, dv->at, 0);
    } else if (strcmp(nm, "table") == 0) {
        do_table(dv);
    } else if (strcmp(nm, "signature") == 0) {
        do_signature(dv);
    }
}

void parse_directive(parser *p, const parse_line *l)
{
    static const char *names[] = {"title", "agency", "date", "subject", "keywords",
                                  "layout", "pagebreak", "table", "signature"};
    size_t name = l->tstart + 1, name_end = token_end(p->text, name, l->tend);
    directive dv = {.p = p, .at = l->tstart};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == name_end - name &&
            memcmp(names[i], p->text + name, name_end - name) == 0)
            dv.name = names[i];
    if (!dv.name) {
        core_diag_at(p->d, p->src, l->tstart, CORE_ERROR, "E-directive",
                     "unknown directive @%.*s (known: @title @agency @date @subject "
                     "@keywords @layout @pagebreak @table @signature; write @@ for a "
                     "line that starts with @)",
                     (int)(name_end - name), p->text + name);
        p->errors++;
        return;
    }
    size_t s = name_end, k, e = l->tend;
    while ((k = sep_at(p->text, s, e)) != 0)
        s += k;
    while (e > s && p->text[e - 1] == '\t')
        e--;
    dv.arg = parse_trim(p->text, s, e);
    directive_run(&dv);
}
