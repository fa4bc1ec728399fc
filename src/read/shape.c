/*
 * shape.c: lines as readers have them → canonical text (docs/FORMAT.md).
 *
 * Real reports come as one paragraph a line, copied from a portal with its
 * metadata box and page chrome, as a crawler's output with header lines, or
 * as a PDF's text with form feeds, running footers and hard-wrapped lines.
 * The shaper decides once what each line is and writes the text the parser
 * reads: metadata as directives at the top, the title set apart by a blank
 * line, chrome and footers dropped, wrapped lines joined into paragraphs,
 * rows whose cells are separated by spaces given tabs, copied-text noise
 * cleaned. Each kind of change is one note at its first place with a count.
 *
 * The steps, in this order:
 *   lines_scan        split, measure (width in 字, indent, page breaks)
 *   lines_classify    blank, syntax, row, chrome, footer, metadata, text
 *   shape_rows_recover  space-separated table rows → rows (shape-rows.c)
 *   title_find        the title lines, and agency/date lines under them
 *   wraps_find        the measure of hard-wrapped text, and which lines join
 *   emit              the canonical text, with every byte's place
 *
 * Invariants: the output holds every character of every kept line, in
 * order (only spaces, invisible characters and dropped lines go); text that
 * is canonical already comes out byte for byte, so a marked-up report reads
 * as before. Time and memory are linear in the input.
 * Callers: every reader (text.c, html.c, docx.c).
 */
#define _GNU_SOURCE /* memmem */
#include "shape-imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- characters ------------------------------------------------------------ */

bool shape_is_space(uint32_t cp)
{
    return cp == ' ' || cp == 0x3000 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x0C;
}

/* Zero-width and direction characters, a BOM inside the text, tags: they
 * vanish from a copied text. */
static bool is_invisible(uint32_t cp)
{
    return cp >= 0x200B && !shape_is_space(cp) && cp != 0xFFFD && cp != 0x2028 &&
           cp != 0x2029 && core_char_forbidden(cp) != NULL;
}

static bool is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x3134F);
}

/* Kangxi radicals, CJK radical supplements and compatibility ideographs:
 * what PDF converters put for ordinary characters; printed and recognised
 * as the ideograph they stand for. */
static bool is_compat_han(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x2F800 && cp <= 0x2FA1F);
}

/* Han characters and CJK punctuation: between two of them a PDF's text
 * has no space of its own. */
static bool is_cjk(uint32_t cp)
{
    return is_han(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2014 || cp == 0x2026;
}

static bool is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
}

/* Width in 字 of a character as printed: ASCII and half-width forms ½. */
static double char_width(uint32_t cp)
{
    return cp < 0x2E80 || (cp >= 0xFF61 && cp <= 0xFFDC) ? 0.5 : 1.0;
}

uint32_t shape_cp(const char *s, size_t i, size_t end, size_t *k)
{
    uint32_t cp = 0;
    *k = core_utf8_decode(s + i, end - i, &cp);
    if (*k == 0)
        *k = 1, cp = 0xFFFD;
    return cp;
}

/* The code point that ends at s[end), or 0 when start == end. */
static uint32_t last_cp(const char *s, size_t start, size_t end)
{
    if (end == start)
        return 0;
    size_t i = end - 1, k;
    while (i > start && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return shape_cp(s, i, end, &k);
}

void shape_count(shaper *s, int t, size_t at)
{
    if (s->tally[t].n++ == 0)
        s->tally[t].first = at;
}

void shape_fold_line(const shaper *s, const shape_line *l, core_buf *out)
{
    core_fold(s->text + l->ts, l->te - l->ts, CORE_FOLD_SPACES, out);
}

/* ---- scan ---------------------------------------------------------------------- */

/* Does the text at [i, end) open with a heading number (一、 （一） 1. （1）,
 * in any width)? A hint for the shaper only — the parser decides numbers. */
static bool starts_heading(const char *t, size_t i, size_t end)
{
    uint32_t c[9] = {0};
    size_t n = 0, k, p;
    while (i < end && n < 8) { /* the first characters, folded */
        c[n++] = core_fold_char(shape_cp(t, i, end, &k));
        i += k;
    }
    bool open = c[0] == '(';
    for (p = open; p < n; p++) {
        char u[5] = {0};
        core_utf8_encode(c[p], u);
        if (c[p] < 0x80 || !strstr("一二三四五六七八九十", u))
            break;
    }
    if (p > (size_t)open) /* a Chinese numeral */
        return open ? c[p] == ')' : c[p] == 0x3001;
    while (c[p] >= '0' && c[p] <= '9')
        p++;
    if (p == (size_t)open)
        return false;
    if (open)
        return c[p] == ')';
    return (c[p] == '.' || c[p] == 0x3001) && !(c[p + 1] >= '0' && c[p + 1] <= '9');
}

static void lines_scan(shaper *s)
{
    const core_source *src = s->src;
    s->n = src->nlines;
    s->l = core_arena_alloc(s->a, (s->n + 1) * sizeof *s->l);
    bool ff_before = false;
    for (size_t i = 0; i < s->n; i++) {
        shape_line *l = &s->l[i];
        l->start = src->line_start[i];
        l->end = i + 1 < s->n ? src->line_start[i + 1] - 1 : src->len;
        l->page_break = ff_before;
        ff_before = false;
        size_t ts = l->start, te = l->end, k;
        bool lead = true;
        for (size_t j = l->start; j < l->end; j += k) {
            uint32_t cp = shape_cp(s->text, j, l->end, &k);
            if (cp == 0x0C)
                l->page_break = true;
            if (shape_is_space(cp) || is_invisible(cp)) {
                if (lead) {
                    ts = j + k;
                    l->indent += cp == ' ' || cp == 0xA0 ? 0.5 : cp == 0x0C ? 0 : 1;
                }
                continue;
            }
            lead = false;
            te = j + k;
            l->width += char_width(cp);
        }
        if (lead)
            ts = te = l->end;
        l->ts = ts, l->te = te;
        /* a form feed ending a line breaks the page after it */
        if (l->end > l->start && s->text[l->end - 1] == 0x0C)
            ff_before = true;
        l->heading = ts < te && starts_heading(s->text, ts, te);
    }
}

/* ---- classify ------------------------------------------------------------------- */

/* Canonical syntax: a directive "@x", "@@", or an escaped "\" line. */
static bool is_syntax(const shaper *s, const shape_line *l)
{
    const char *t = s->text + l->ts;
    size_t n = l->te - l->ts;
    if (n >= 2 && t[0] == '@' && (t[1] == '@' || ((t[1] | 0x20) >= 'a' && (t[1] | 0x20) <= 'z')))
        return true;
    return n >= 1 && t[0] == '\\';
}

/* Which metadata a directive line gives ("@agency …" → READ_FIELD_AGENCY). */
static int directive_field(const shaper *s, const shape_line *l)
{
    static const struct { const char *name; int field; } names[] = {
        {"@title", READ_FIELD_TITLE}, {"@agency", READ_FIELD_AGENCY},
        {"@date", READ_FIELD_DATE}, {"@keywords", READ_FIELD_KEYWORDS},
        {"@subject", READ_FIELD_SUBJECT},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t k = strlen(names[i].name);
        if ((size_t)(l->te - l->ts) >= k && !memcmp(s->text + l->ts, names[i].name, k) &&
            (l->ts + k == l->te || s->text[l->ts + k] == ' ' || s->text[l->ts + k] == '\t'))
            return names[i].field;
    }
    return -1;
}

/*
 * What a PDF-to-Markdown converter writes: "## 一、总体情况" (the marks are
 * dropped, the heading is known by its number as any other), and pipe tables
 * "| 规章 | 0 | 0 | 0 |" whose cells become a row, their "|---|" rule lines
 * dropped. True when the line was one of these (classified here).
 */
static bool markdown_line(shaper *s, shape_line *l)
{
    const char *t = s->text;
    size_t i = l->ts;
    while (i < l->te && t[i] == '#' && i - l->ts < 6)
        i++;
    if (i > l->ts && i < l->te && t[i] == ' ') {
        while (i < l->te && t[i] == ' ')
            i++;
        l->ts = i;
        l->md = true;
        l->heading = starts_heading(t, l->ts, l->te);
        shape_count(s, T_MARKDOWN, l->start);
        return false; /* a text line now, classified on */
    }
    if (t[l->ts] != '|' || l->te - l->ts < 2 || t[l->te - 1] != '|')
        return false;
    bool rule = true;
    for (size_t k = l->ts; k < l->te && rule; k++)
        rule = t[k] == '|' || t[k] == '-' || t[k] == ':' || t[k] == ' ';
    shape_count(s, T_MARKDOWN, l->start);
    if (rule) {
        l->kind = SK_DROP;
        return true;
    }
    l->kind = SK_ROW;
    l->cell = s->cells.n;
    for (size_t a = l->ts + 1, b; a < l->te; a = b + 1) {
        b = a;
        while (b < l->te && t[b] != '|')
            b++;
        size_t x = a, y = b;
        while (x < y && t[x] == ' ')
            x++;
        while (y > x && t[y - 1] == ' ')
            y--;
        core_vec_push(s->a, &s->cells, ((shape_span){x, y}));
    }
    l->ncells = s->cells.n - l->cell;
    /* a converter pads a row with empty cells at its end */
    while (l->ncells > 1 && s->cells.v[l->cell + l->ncells - 1].start ==
                                s->cells.v[l->cell + l->ncells - 1].end)
        l->ncells--;
    s->cells.n = l->cell + l->ncells;
    return true;
}

/* Next to a page break: the line itself follows one, or the next non-blank
 * line does, or it is the first or last non-blank line of the text. */
static bool near_break(const shaper *s, size_t i)
{
    if (s->l[i].page_break)
        return true;
    for (size_t j = i + 1; j <= s->n; j++) {
        if (j == s->n)
            return true;
        if (s->l[j].page_break)
            return true;
        if (s->l[j].ts < s->l[j].te)
            break;
    }
    for (size_t j = i; j-- > 0;) {
        if (s->l[j].ts < s->l[j].te)
            return false;
    }
    return true;
}

/*
 * A line that holds a whole article — a crawler that flattened the page,
 * headings and tables run into one line — cannot be set as the report: its
 * paragraphs, headings and cells are no longer told apart. It is refused at
 * the first heading found inside it, rather than printed as one paragraph.
 */
static void runon_find(shaper *s, const shape_line *l)
{
    if (l->width < 300)
        return;
    const char *t = s->text;
    for (size_t i = l->ts; i + 3 < l->te; i++) {
        if (memcmp(t + i, "。", 3))
            continue;
        size_t j = i + 3, k;
        while (j < l->te && shape_is_space(shape_cp(t, j, l->te, &k)))
            j += k;
        if (j < l->te && starts_heading(t, j, l->te)) {
            core_diag_at(s->d, s->src, j, CORE_ERROR, "E-runon",
                         "a heading inside a line: the article's paragraphs, headings and "
                         "tables are run into one line (as a crawler or a copy flattened it); "
                         "put each paragraph, heading and table row on a line of its own");
            return;
        }
    }
}

static void lines_classify(shaper *s)
{
    bool head = true; /* metadata may stand until the body starts */
    for (size_t i = 0; i < s->n; i++) {
        shape_line *l = &s->l[i];
        if (l->ts == l->te) {
            l->kind = SK_BLANK;
            continue;
        }
        if (is_syntax(s, l)) {
            l->kind = SK_SYNTAX;
            int f = directive_field(s, l);
            if (f >= 0)
                s->directive[f] = true;
            continue;
        }
        size_t took = head ? shape_meta_lines(s, i) : 0;
        if (took) {
            for (size_t j = i; j < i + took; j++)
                s->l[j].kind = SK_META;
            shape_count(s, T_META, l->ts);
            i += took - 1;
            continue;
        }
        if (memchr(s->text + l->ts, '\t', l->te - l->ts)) {
            l->kind = SK_ROW;
            continue;
        }
        if (!s->o->paragraphs && markdown_line(s, l))
            continue;
        if (shape_is_chrome(s, l)) {
            l->kind = SK_DROP;
            shape_count(s, T_CHROME, l->ts);
            continue;
        }
        if (!s->o->paragraphs && shape_is_footer(s, l, near_break(s, i))) {
            l->kind = SK_DROP;
            shape_count(s, T_FOOTER, l->ts);
            continue;
        }
        l->kind = SK_TEXT;
        runon_find(s, l);
        if (l->heading || memmem(s->text + l->ts, l->te - l->ts, "。", 3))
            head = false;
    }
}

/* ---- the title ------------------------------------------------------------------ */

static bool holds(const shaper *s, const shape_line *l, const char *what)
{
    return memmem(s->text + l->ts, l->te - l->ts, what, strlen(what)) != NULL;
}

/* Could the line be a title line: short, no sentence, no heading number? */
static bool title_like(const shaper *s, const shape_line *l)
{
    uint32_t last = last_cp(s->text, l->ts, l->te);
    return l->kind == SK_TEXT && !l->heading && l->width <= 45 && !holds(s, l, "。") &&
           last != 0xFF0C && last != 0xFF1B && last != 0xFF1A && last != 0x3001;
}

/* A line naming the report: …年度报告, …年报, …工作报告. */
static bool names_report(const shaper *s, const shape_line *l)
{
    return holds(s, l, "报告") || holds(s, l, "年报");
}

/* An agency's name alone: short, no punctuation but brackets and ·. */
static bool agency_like(const shaper *s, const shape_line *l)
{
    if (l->kind != SK_TEXT || l->heading || l->width > 30 || names_report(s, l))
        return false;
    size_t k;
    for (size_t i = l->ts; i < l->te; i += k) {
        uint32_t cp = shape_cp(s->text, i, l->te, &k);
        if (!is_han(cp) && !is_ascii_alnum(cp) && cp != 0xFF08 && cp != 0xFF09 &&
            cp != '(' && cp != ')' && cp != 0xB7 && cp != 0x30FB && !shape_is_space(cp))
            return false;
    }
    return true;
}

/* The next line after i that is not blank or dropped, or s->n. */
static size_t next_line(const shaper *s, size_t i)
{
    for (i++; i < s->n; i++)
        if (s->l[i].kind != SK_BLANK && s->l[i].kind != SK_DROP)
            break;
    return i;
}

/* Agency and date lines right under the title: the report's own signature,
 * printed at its end; the date alone is taken too. */
static void under_title(shaper *s, size_t last)
{
    size_t i = next_line(s, last), j = i < s->n ? next_line(s, i) : s->n;
    int y, m, dd;
    shape_line *l = i < s->n ? &s->l[i] : NULL;
    if (l && l->kind == SK_TEXT && shape_date(s->text, l->ts, l->te, &y, &m, &dd)) {
        j = i, i = s->n;
    } else if (!(l && agency_like(s, l) && j < s->n && s->l[j].kind == SK_TEXT &&
                 shape_date(s->text, s->l[j].ts, s->l[j].te, &y, &m, &dd))) {
        return;
    }
    if (i < s->n) {
        s->l[i].kind = SK_META;
        s->meta[READ_FIELD_AGENCY] = (shape_value){true, {s->l[i].ts, s->l[i].te}};
        shape_count(s, T_UNDER, s->l[i].ts);
    }
    s->l[j].kind = SK_META;
    s->meta[READ_FIELD_DATE] = (shape_value){true, {s->l[j].ts, s->l[j].te}};
    shape_count(s, T_UNDER, s->l[j].ts);
    s->signature = i < s->n;
}

/* Is line l the title the metadata named (or its start: a crawler adds
 * the site's name to a page's title)? */
static bool is_meta_title(const shaper *s, const shape_line *l)
{
    core_buf a = {0}, b = {0};
    bool hit = false;
    shape_fold_line(s, l, &a);
    for (size_t i = 0; i < s->ntitles && !hit && a.len >= 12; i++) {
        b.len = 0;
        core_fold(s->text + s->titles[i].start, s->titles[i].end - s->titles[i].start,
                  CORE_FOLD_SPACES, &b);
        hit = a.len <= b.len && !memcmp(a.data, b.data, a.len);
    }
    core_buf_free(&a);
    core_buf_free(&b);
    return hit;
}

/* A portal page's text: when the metadata named the title and a line
 * before the body is that title, what stands before it and is no metadata
 * is the portal's navigation. */
static void article_start(shaper *s)
{
    if (!s->ntitles)
        return;
    for (size_t i = 0; i < s->n; i++) {
        shape_line *l = &s->l[i];
        if (l->kind == SK_TEXT && l->heading)
            return;
        if (l->kind != SK_TEXT || !is_meta_title(s, l))
            continue;
        for (size_t j = 0; j < i; j++)
            if (s->l[j].kind == SK_TEXT || s->l[j].kind == SK_ROW) {
                s->l[j].kind = SK_DROP;
                shape_count(s, T_CHROME, s->l[j].ts);
            }
        return;
    }
}

static void title_find(shaper *s)
{
    article_start(s);
    if (s->directive[READ_FIELD_TITLE])
        return; /* the text names its title itself */
    size_t i0 = 0;
    while (i0 < s->n && (s->l[i0].kind == SK_BLANK || s->l[i0].kind == SK_DROP ||
                         s->l[i0].kind == SK_META || directive_field(s, &s->l[i0]) >= 0))
        i0++;
    if (i0 == s->n || s->l[i0].kind != SK_TEXT || s->l[i0].heading)
        return; /* no title, as the parser will say */
    size_t last = SIZE_MAX;
    for (size_t i = i0; i < s->n && i < i0 + 3 && title_like(s, &s->l[i]); i++)
        if (names_report(s, &s->l[i])) {
            last = i;
            break;
        }
    bool blank_after = i0 + 1 < s->n && s->l[i0 + 1].kind == SK_BLANK;
    if (last == SIZE_MAX && !blank_after) {
        if (!title_like(s, &s->l[i0]))
            return;
        core_diag_at(s->d, s->src, s->l[i0].ts, CORE_WARNING, "W-title",
                     "no line names the report (…年度报告); the first line is taken as the "
                     "title (if it is not, write the title first, or use @title)");
        last = i0;
    }
    if (last == SIZE_MAX) { /* the title ends at the blank line, as the parser reads it */
        for (size_t i = i0; i < s->n && s->l[i].kind == SK_TEXT; i++)
            s->l[i].title = true;
        return;
    }
    for (size_t i = i0; i <= last; i++)
        s->l[i].title = true;
    if (s->l[last].width > 40)
        core_diag_at(s->d, s->src, s->l[last].ts, CORE_WARNING, "W-title",
                     "a title of more than two printed lines: is the first paragraph "
                     "taken as the title? (write the title alone first, or use @title)");
    under_title(s, last);
}

/* ---- hard-wrapped text -------------------------------------------------------- */

/* Does the line end a sentence (or lead in to a list, with ：)? */
static bool ends_sentence(const shaper *s, const shape_line *l)
{
    static const uint32_t ends[] = {0x3002, 0xFF01, 0xFF1F, '!', '?', 0xFF1B, ';', 0xFF1A,
                                    ':', 0x2026};
    uint32_t c = last_cp(s->text, l->ts, l->te);
    size_t e = l->te;
    /* a closing quote or bracket after the mark: look at the mark */
    if (c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09) {
        while (e > l->ts && ((unsigned char)s->text[e - 1] & 0xC0) == 0x80)
            e--;
        c = last_cp(s->text, l->ts, e - (e > l->ts));
    }
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (c == ends[i])
            return true;
    return false;
}

/*
 * A PDF's text breaks every line at the page's measure. It is found as the
 * width most lines reach: when at least four prose lines and a quarter of
 * them end within 2 字 below the same width (a paragraph's first line is 2 字
 * short: its indent), the text is hard-wrapped there.
 * A full line that does not end a sentence then goes on in the next line
 * unless that one starts a heading, a row or an indented paragraph.
 */
static void wraps_find(shaper *s)
{
    if (s->o->paragraphs)
        return;
    enum { BINS = 241 }; /* half-字 bins up to 120 字 */
    size_t hist[BINS] = {0}, lines = 0;
    for (size_t i = 0; i < s->n; i++) {
        const shape_line *l = &s->l[i];
        if (l->kind != SK_TEXT || l->width < 10)
            continue;
        lines++; /* a longer line counts against wrapping: no page is that wide */
        if (l->width <= 120)
            hist[(size_t)(l->width * 2 + 0.5)]++;
    }
    size_t best = 0, top = 0;
    /* a full line, or a paragraph's first line 2 字 shorter */
    for (size_t b = 20; b < BINS; b++) {
        size_t c = hist[b] + hist[b - 1] + hist[b - 2] + hist[b - 3] + hist[b - 4];
        if (c > top || (c == top && c > 0))
            top = c, best = b;
    }
    if (top < 4 || top * 4 < lines || best < 40) /* no page's measure is under 20 字 */
        return;
    s->wrapped = true;
    s->measure = best / 2.0;
    for (size_t i = 0; i < s->n; i++) {
        shape_line *l = &s->l[i];
        /* a paragraph's first line is full 2 字 short of the measure: its
         * indent, which a PDF's text loses */
        if (l->kind != SK_TEXT || l->title || l->width < s->measure - 2.5 ||
            ends_sentence(s, l))
            continue;
        size_t j = next_line(s, i);
        /* blank lines end the paragraph, except around a page break */
        bool gap_ok = j < s->n, page = s->l[j < s->n ? j : i].page_break;
        for (size_t k = i + 1; k < j; k++)
            page |= s->l[k].page_break || s->l[k].kind == SK_DROP;
        for (size_t k = i + 1; k < j && gap_ok; k++)
            gap_ok = s->l[k].kind == SK_DROP || (page && s->l[k].kind == SK_BLANK);
        if (!gap_ok)
            continue;
        const shape_line *nx = &s->l[j];
        if (nx->kind != SK_TEXT || nx->heading || nx->title || nx->indent > l->indent + 1)
            continue;
        l->join = true;
        shape_count(s, T_JOIN, nx->ts);
    }
}

/* ---- emit ------------------------------------------------------------------------- */

/* The full-width mark GB/T 15834 writes in Chinese text for ASCII mark c
 * after the character prev (0: none), or 0 to keep c. A mark after a Han
 * character or a full-width mark, or between a number and a Han character,
 * is Chinese punctuation typed with an English keyboard (or folded by a
 * copy): 「说明,如下」「10:30,是否」. Between digits it is a number's (1,000;
 * 10:30); after Latin or at a line's start it is
 * left (a heading's "(一)" is the heading's, N-numbering). A ')' follows
 * its '(' (*open counts the ones turned). */
static uint32_t chinese_mark(uint32_t prev, uint32_t c, uint32_t next, int *open)
{
    static const char ascii[] = ",;:?!(";
    static const uint32_t full[] = {0xFF0C, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF08};
    if (c == ')') {
        if (*open <= 0)
            return 0;
        --*open;
        return 0xFF09;
    }
    const char *p = strchr(ascii, (int)c);
    bool digit = prev >= '0' && prev <= '9';
    if (!p || !(is_cjk(prev) || (digit && c != '(' && is_han(next))))
        return 0;
    if (c == '(')
        ++*open;
    return full[p - ascii];
}

/*
 * Copy [start, end) of a kept line, cleaned: invisible characters dropped,
 * spaces of every kind as ' ', compatibility ideographs as the ideograph,
 * ASCII marks in Chinese text as the full-width ones (chinese_mark).
 * In prose (`prose`), a single space between a Han character and a digit or
 * Latin letter is a converter's, not the author's: the layout sets that gap
 * itself; in a PDF's text so is one between two Han characters.
 */
static void emit_clean(shaper *s, core_text *t, size_t start, size_t end, bool prose)
{
    size_t run = start, k;
    uint32_t prev = 0;
    int open = 0;
    for (size_t i = start; i < end; i += k) {
        uint32_t cp = shape_cp(s->text, i, end, &k);
        uint32_t mark = 0;
        if (cp && cp < 0x80 && strchr(",;:?!()", (int)cp)) {
            size_t k3 = 0;
            uint32_t next = i + k < end ? shape_cp(s->text, i + k, end, &k3) : 0;
            mark = chinese_mark(prev, cp, next, &open);
        }
        bool invisible = is_invisible(cp) || cp == 0x0C;
        bool formfeed = cp == 0x0C;
        bool space = !invisible && cp != ' ' && shape_is_space(cp);
        bool fold = is_compat_han(cp);
        bool newline = cp == 0x2028 || cp == 0x2029; /* Unicode's line ends */
        bool gap = false;
        if (prose && cp == ' ' && i + 1 < end && s->text[i + 1] != ' ') {
            size_t k2;
            uint32_t nx = shape_cp(s->text, i + 1, end, &k2);
            gap = (is_han(prev) && is_ascii_alnum(nx)) || (is_ascii_alnum(prev) && is_han(nx)) ||
                  (s->wrapped && is_cjk(prev) && is_cjk(nx));
        }
        if (!invisible && !space && !fold && !gap && !newline && !mark) {
            prev = cp;
            continue;
        }
        core_text_copy(t, run, i);
        run = i + k;
        if (mark) {
            char u[4];
            core_text_put(t, u, core_utf8_encode(mark, u), i);
            shape_count(s, T_PUNCT, i);
            prev = mark;
        } else if (newline) {
            core_text_put(t, "\n", 1, i);
            shape_count(s, T_INVISIBLE, i);
        } else if (formfeed) {
            /* a page break of a PDF's text: said with the footers */
        } else if (invisible) {
            shape_count(s, T_INVISIBLE, i);
        } else if (gap) {
            shape_count(s, T_SPACE, i);
        } else if (space) {
            core_text_put(t, " ", 1, i);
            prev = ' ';
        } else {
            char u[4];
            prev = core_fold_char(cp);
            core_text_put(t, u, core_utf8_encode(prev, u), i);
            shape_count(s, T_FOLD, i);
        }
    }
    core_text_copy(t, run, end);
}

/* A directive line "@name value" standing for the value's place. */
static void emit_directive(shaper *s, core_text *t, const char *name, int field)
{
    const shape_value *v = &s->meta[field];
    if (!v->given || s->directive[field])
        return;
    size_t at = v->v.start;
    int y, m, dd;
    /* a date that is no day ("2021-01-25 来源:…", fields parted by single
     * spaces) gives no directive, rather than one that swallows the next line */
    if (field == READ_FIELD_DATE && !shape_date(s->text, v->v.start, v->v.end, &y, &m, &dd))
        return;
    core_text_put(t, name, strlen(name), at);
    core_text_put(t, " ", 1, at);
    if (field == READ_FIELD_DATE) {
        char iso[16];
        int n = snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, dd);
        core_text_put(t, iso, (size_t)n, at);
    } else {
        emit_clean(s, t, v->v.start, v->v.end, false);
    }
    core_text_put(t, "\n", 1, at);
}

/* A recovered row's cells with tabs between them. A row whose label was
 * wrapped onto the lines above it (`joined`) has those lines' text as its
 * first cell: each such line is emitted with join set and no line end. */
static void emit_row(shaper *s, core_text *t, const shape_line *l, bool joined)
{
    for (size_t c = 0; c < l->ncells; c++) {
        const shape_span *sp = &s->cells.v[l->cell + c];
        if (c || (joined && !l->join))
            core_text_put(t, "\t", 1, sp->start);
        emit_clean(s, t, sp->start, sp->end, false);
    }
    if (l->ncells == 1 && !l->join)
        core_text_put(t, "\t", 1, l->te);
}

static void emit(shaper *s, core_text *t)
{
    emit_directive(s, t, "@agency", READ_FIELD_AGENCY);
    emit_directive(s, t, "@date", READ_FIELD_DATE);
    emit_directive(s, t, "@keywords", READ_FIELD_KEYWORDS);
    emit_directive(s, t, "@subject", READ_FIELD_SUBJECT);
    bool titled = false;
    for (size_t i = 0; i < s->n; i++)
        titled |= s->l[i].title;
    if (!titled)
        emit_directive(s, t, "@title", READ_FIELD_TITLE);
    bool joining = false, last_title = false;
    for (size_t i = 0; i < s->n; i++) {
        const shape_line *l = &s->l[i];
        if (l->kind == SK_DROP || l->kind == SK_META)
            continue;
        if (joining && l->kind == SK_BLANK)
            continue; /* a page break's gap inside a joined paragraph (wraps_find) */
        if (last_title && !l->title && l->kind != SK_BLANK)
            core_text_put(t, "\n", 1, l->start); /* the blank line that ends the title */
        last_title = l->title;
        if (l->kind == SK_ROW && l->ncells) {
            emit_row(s, t, l, joining);
        } else if (l->kind == SK_SYNTAX || l->kind == SK_ROW || l->kind == SK_BLANK) {
            emit_clean(s, t, l->kind == SK_BLANK ? l->end : l->start, l->end, false);
        } else {
            size_t from = joining || l->md ? l->ts : l->start;
            if (joining) {
                /* a space where the join meets Latin on both sides */
                uint32_t a = t->s.len ? last_cp(t->s.data, 0, t->s.len) : 0, b;
                size_t k;
                b = shape_cp(s->text, l->ts, l->te, &k);
                if (is_ascii_alnum(a) && is_ascii_alnum(b))
                    core_text_put(t, " ", 1, l->ts);
            }
            emit_clean(s, t, from, l->join ? l->te : l->end, true);
        }
        joining = (l->kind == SK_TEXT || l->kind == SK_ROW) && l->join;
        if (!joining && i + 1 < s->n) /* the line ends the source had */
            core_text_put(t, "\n", 1, l->end);
    }
    if (s->signature && !s->directive[READ_FIELD_AGENCY]) {
        if (t->s.len && t->s.data[t->s.len - 1] != '\n')
            core_text_put(t, "\n", 1, s->src->len);
        core_text_put(t, "@signature\n", 11, s->src->len);
    }
}

/* ---- notes -------------------------------------------------------------------------- */

static void tally_say(shaper *s)
{
    static const struct { const char *code, *what; } say[T_COUNT] = {
        [T_CHROME] = {"N-chrome", N_("page chrome of a portal dropped")},
        [T_FOOTER] = {"N-footer", N_("running headers or footers of a PDF's pages dropped")},
        [T_META] = {"N-meta", N_("metadata read (not printed)")},
        [T_JOIN] = {"N-join", N_("hard-wrapped lines joined into their paragraphs")},
        [T_ROWS] = {"N-rows", N_("table rows read from cells separated by spaces")},
        [T_INVISIBLE] = {"N-invisible", N_("invisible characters removed")},
        [T_SPACE] = {"N-space", N_("spaces between Han characters and digits or Latin "
                                   "removed (the layout sets that gap)")},
        [T_FOLD] = {"N-fold", N_("compatibility characters (Kangxi radicals, compatibility "
                                 "ideographs) read as the ideograph")},
        [T_MARKDOWN] = {"N-markdown", N_("Markdown heading marks and table pipes read")},
        [T_PUNCT] = {"N-punct", N_("ASCII punctuation in Chinese text read as the full-width "
                                   "marks (GB/T 15834)")},
        [T_UNDER] = {"N-signature", N_("agency and date under the title taken as the "
                                       "report's signature")},
    };
    for (int k = 0; k < T_COUNT; k++) {
        const shape_tally *ty = &s->tally[k];
        if (ty->n)
            core_diag_at(s->d, s->src, ty->first, CORE_NOTE, say[k].code, "%s: %zu%s",
                         core_tr(s->d, say[k].what), ty->n,
                         ty->n > 1 ? core_tr(s->d, N_(", the first here")) : "");
    }
}

void read_put_text(core_text *t, const char *s, size_t n, size_t at)
{
    if (n && (s[0] == '@' || s[0] == '\\'))
        core_text_put(t, "\\", 1, at);
    size_t run = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
            run++;
            continue;
        }
        core_text_put(t, s + i - run, run, at);
        if (i < n)
            core_text_put(t, " ", 1, at);
        run = 0;
    }
}

core_status read_shape(core_arena *a, const core_source *lines, const read_shape_options *o,
                       const read_data *data, core_diags *d, core_source **out)
{
    shaper s = {.src = lines, .text = lines->text, .data = data, .o = o, .d = d,
                .a = core_arena_new()};
    lines_scan(&s);
    lines_classify(&s);
    if (!o->paragraphs)
        shape_rows_recover(&s);
    title_find(&s);
    shape_rows_absorb(&s);
    wraps_find(&s);
    core_text t = {.from = lines};
    emit(&s, &t);
    tally_say(&s);
    core_arena_drop(s.a);
    return core_source_derive(a, &t, d, out);
}
