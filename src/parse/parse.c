/*
 * parse.c: source text → document model, line by line.
 *
 * Each line is classified once, in this order (docs/FORMAT.md):
 *   blank (only spaces and tabs) · "@@…" literal · "@x…" directive ·
 *   "\…" literal · holding a tab: table row · heading number · text.
 * Text lines before the first blank line are the title (unless @title is
 * given anywhere); a heading, a table, a directive or a literal line ends
 * the title too. Blank lines between table rows keep the table open; any
 * other line closes it.
 *
 * Invariants: one pass over the lines plus one pre-scan for @title, so time
 * and memory are linear in the input; every run's offset (and map) names the
 * exact source byte; all results live in the document's arena.
 *
 * Caller: parse_document, called by the engine and the tests.
 */
#include "parse-imp.h"

#include <stdint.h>
#include <string.h>

/* ---- small helpers shared by the parse files ---------------------------- */

size_t parse_space_at(const char *text, size_t i, size_t end)
{
    if (i < end && text[i] == ' ')
        return 1;
    if (i + 3 <= end && memcmp(text + i, "\xE3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

parse_span parse_trim(const char *text, size_t start, size_t end)
{
    size_t k;
    while ((k = parse_space_at(text, start, end)) != 0)
        start += k;
    /* U+3000 ends in 0x80 0x80 after its lead byte 0xE3, which no other
     * character's last three bytes can be: testing from the end is safe */
    while (end > start) {
        if (text[end - 1] == ' ')
            end--;
        else if (end - start >= 3 && memcmp(text + end - 3, "\xE3\x80\x80", 3) == 0)
            end -= 3;
        else
            break;
    }
    return (parse_span){start, end};
}

doc_block *parse_block_add(parser *p, doc_block_kind kind, size_t offset, size_t nruns)
{
    doc_block b = {.kind = kind, .offset = offset, .nruns = nruns};
    if (nruns)
        b.runs = core_arena_alloc(p->a, nruns * sizeof *b.runs);
    core_vec_push(p->a, &p->blocks, b);
    return &p->blocks.v[p->blocks.n - 1];
}

doc_run parse_run_at(const parser *p, doc_role role, size_t start, size_t end)
{
    return (doc_run){.role = role, .text = p->text + start, .len = end - start,
                     .offset = start};
}

/* Count the title's characters in [start, end); the first to pass
 * CORE_MAX_TITLE_CHARS is an error E-limit (once). A title that long is
 * almost always body text with the blank line after the title missing, and
 * the title's balanced line breaking is not meant for pages of text. */
static void title_count(parser *p, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++) {
        if ((p->text[i] & 0xC0) == 0x80)
            continue;
        if (++p->title_chars == CORE_MAX_TITLE_CHARS + 1) {
            core_diag_at(p->d, p->src, i, CORE_ERROR, "E-limit",
                         "the title is longer than the limit of %d characters "
                         "(is the blank line after the title missing?)",
                         CORE_MAX_TITLE_CHARS);
            p->errors++;
        }
    }
}

/* Add [start, end) as title runs: "\\" forces a break, so each piece after
 * one is a new run; spaces around a break are dropped. Every run but the
 * title's first starts a new line (break_before). */
void parse_title_add(parser *p, size_t start, size_t end)
{
    size_t s = start, i = start;
    for (;;) {
        bool cut = i + 2 <= end && p->text[i] == '\\' && p->text[i + 1] == '\\';
        if (i < end && !cut) {
            i++;
            continue;
        }
        parse_span t = parse_trim(p->text, s, i);
        if (t.end > t.start) {
            title_count(p, t.start, t.end);
            doc_run r = parse_run_at(p, DOC_ROLE_TITLE, t.start, t.end);
            r.break_before = p->title.n > 0;
            core_vec_push(p->a, &p->title, r);
        }
        if (!cut)
            break;
        i += 2;
        s = i;
    }
}

/* ---- lines ------------------------------------------------------------------ */

static parse_line line_at(const parser *p, size_t i)
{
    const core_source *src = p->src;
    parse_line l = {.start = src->line_start[i]};
    l.end = i + 1 < src->nlines ? src->line_start[i + 1] - 1 : src->len;
    parse_span t = parse_trim(p->text, l.start, l.end);
    l.tstart = t.start;
    l.tend = t.end;
    l.has_tab = memchr(p->text + l.start, '\t', l.end - l.start) != NULL;
    return l;
}

/* A line of nothing but spaces and tabs. */
static bool line_blank(const parser *p, const parse_line *l)
{
    for (size_t i = l->tstart; i < l->tend; i++)
        if (p->text[i] != '\t' && !parse_space_at(p->text, i, l->tend))
            return false;
    return true;
}

/* A row whose first field is the escape "\<" or "\^" stays a row: the
 * backslash escapes the span mark, not the line. */
static bool line_escapes_row(const parser *p, const parse_line *l)
{
    const char *t = p->text + l->tstart;
    size_t n = l->tend - l->tstart;
    if (!l->has_tab || n < 2 || (t[1] != '<' && t[1] != '^'))
        return false;
    parse_span f = parse_trim(p->text, l->tstart + 2,
                              (size_t)((const char *)memchr(t, '\t', n) - p->text));
    return f.start == f.end;
}

/* A paragraph of one body run over [start, end). */
static void paragraph_add(parser *p, size_t start, size_t end, bool plain)
{
    doc_block *b = parse_block_add(p, DOC_BLOCK_PARAGRAPH, start, 1);
    b->runs[0] = parse_run_at(p, DOC_ROLE_BODY, start, end);
    if (plain) {
        p->plain_prev = p->plain_last;
        p->plain_last = p->blocks.n - 1;
    }
}

/* The first "。" in [start, end), or end. */
static size_t find_full_stop(const char *text, size_t start, size_t end)
{
    for (size_t i = start; i + 3 <= end; i++) {
        const char *q = memchr(text + i, '\xE3', end - i);
        if (!q || (size_t)(q - text) + 3 > end)
            break;
        i = (size_t)(q - text);
        if (q[1] == '\x80' && q[2] == '\x82')
            return i;
    }
    return end;
}

/* A heading block: the whole line, or run in when the text goes on after
 * the first 。 (then the rest is a body run). */
static void heading_add(parser *p, const parse_line *l, const parse_number *n)
{
    static const doc_role roles[] = {DOC_ROLE_H1, DOC_ROLE_H1, DOC_ROLE_H2, DOC_ROLE_H3,
                                     DOC_ROLE_H4};
    size_t stop = find_full_stop(p->text, n->end, l->tend);
    size_t hend = l->tend, body = l->tend;
    if (stop + 3 < l->tend) {
        hend = stop + 3;
        body = parse_trim(p->text, hend, l->tend).start;
    }
    bool run_in = body < l->tend;
    doc_run h = parse_number_run(p, n, hend);
    h.role = roles[n->level];
    doc_block *b = parse_block_add(p, DOC_BLOCK_HEADING, h.offset, run_in ? 2 : 1);
    b->level = n->level;
    b->number = n->value;
    b->run_in = run_in;
    b->runs[0] = h;
    if (run_in)
        b->runs[1] = parse_run_at(p, DOC_ROLE_BODY, body, l->tend);
}

/* A text line: a heading, a title line or a paragraph. */
static void text_line(parser *p, const parse_line *l)
{
    parse_number n = parse_number_at(p->text, l->tstart, l->tend);
    if (n.level) {
        p->title_state = TITLE_DONE;
        heading_add(p, l, &n);
    } else if (p->title_state != TITLE_DONE) {
        p->title_state = TITLE_IN;
        parse_title_add(p, l->tstart, l->tend);
    } else {
        paragraph_add(p, l->tstart, l->tend, true);
    }
}

/* @table header=N applies to the very next table: anything else between
 * them makes it void. */
static void header_drop(parser *p)
{
    if (!p->header_pending)
        return;
    core_diag_at(p->d, p->src, p->header_offset, CORE_WARNING, "W-directive",
                 "@table is not followed by a table; ignored");
    p->header_pending = false;
}

static core_status line_one(parser *p, const parse_line *l)
{
    core_status st = CORE_OK;
    const char *t = p->text + l->tstart;
    if (line_blank(p, l)) {
        if (p->title_state == TITLE_IN)
            p->title_state = TITLE_DONE;
        goto done;
    }
    bool escaped = t[0] == '\\' && !line_escapes_row(p, l);
    bool literal_at = l->tend - l->tstart >= 2 && t[0] == '@' && t[1] == '@';
    if (l->has_tab && !escaped && !literal_at &&
        !parse_is_directive(p->text, l->tstart, l->tend)) {
        p->title_state = TITLE_DONE;
        CORE_CHECK(parse_table_row(p, l));
        goto done;
    }
    CORE_CHECK(parse_table_end(p));
    header_drop(p);
    if (escaped || literal_at) {
        p->title_state = TITLE_DONE;
        paragraph_add(p, l->tstart + 1, l->tend, false);
    } else if (parse_is_directive(p->text, l->tstart, l->tend)) {
        if (p->title_state == TITLE_IN)
            p->title_state = TITLE_DONE;
        parse_directive(p, l);
    } else {
        text_line(p, l);
    }
done:
    return st;
}

/* ---- the end of the document ------------------------------------------------- */

/* A short line (≤ 25 characters, no 。，；) such as an agency's name. */
static bool short_line(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            chars++;
        if (i + 3 <= n && (memcmp(s + i, "。", 3) == 0 || memcmp(s + i, "，", 3) == 0 ||
                           memcmp(s + i, "；", 3) == 0))
            return false;
    }
    return chars > 0 && chars <= 25;
}

/* When the last two blocks are plain paragraphs "agency" and "date", they
 * are the signature: one block, and the metadata directives did not give. */
static void signature_from_text(parser *p)
{
    size_t n = p->blocks.n;
    if (n < 2 || p->plain_last != n - 1 || p->plain_prev != n - 2)
        return;
    doc_run ag = p->blocks.v[n - 2].runs[0], dt = p->blocks.v[n - 1].runs[0];
    doc_date date;
    int ok = parse_date(dt.text, dt.len, false, &date);
    if (ok == 0 || !short_line(ag.text, ag.len))
        return;
    if (ok < 0)
        core_diag_at(p->d, p->src, dt.offset, CORE_WARNING, "W-date",
                     "%.*s is not a day of the calendar", (int)dt.len, dt.text);
    p->blocks.n -= 2;
    doc_block *b = parse_block_add(p, DOC_BLOCK_SIGNATURE, ag.offset, 2);
    b->runs[0] = ag;
    b->runs[1] = dt;
    if (!p->agency.given)
        p->agency = (parse_value){true, ag.offset, ag.offset + ag.len};
    if (!p->date_text.given && ok > 0) {
        date.offset = dt.offset;
        p->date = date;
        p->date_text = (parse_value){true, dt.offset, dt.offset + dt.len};
    }
}

/* Fill the @signature blocks from the metadata, now that all is known. */
static void signature_fill(parser *p)
{
    for (size_t i = 0; i < p->sig_blocks.n; i++) {
        doc_block *b = &p->blocks.v[p->sig_blocks.v[i]];
        if (!p->agency.given || !p->date_text.given) {
            core_diag_at(p->d, p->src, b->offset, CORE_ERROR, "E-directive",
                         "@signature needs the agency and the date "
                         "(give @agency and @date)");
            p->errors++;
            continue;
        }
        b->runs = core_arena_alloc(p->a, 2 * sizeof *b->runs);
        b->nruns = 2;
        b->runs[0] = parse_run_at(p, DOC_ROLE_BODY, p->agency.start, p->agency.end);
        b->runs[1] = parse_date_run(p, &p->date,
                                    (parse_span){p->date_text.start, p->date_text.end});
    }
}

/* The year a report is about: the first 19xx/20xx年 of its title, else 0. */
static int title_year(const char *t, size_t n)
{
    for (size_t i = 0; i + 7 <= n; i++) {
        if (!(t[i] == '1' || t[i] == '2') || (i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9'))
            continue;
        int y = 0;
        size_t k = 0;
        while (k < 4 && t[i + k] >= '0' && t[i + k] <= '9')
            y = y * 10 + (t[i + k++] - '0');
        if (k == 4 && y >= 1990 && y <= 2100 && !memcmp(t + i + 4, "年", 3))
            return y;
    }
    return 0;
}

/* Hand the title, the blocks and the metadata over to the document. */
static void document_fill(parser *p)
{
    doc_document *doc = p->doc;
    core_buf title = {0};
    for (size_t i = 0; i < p->title.n; i++)
        core_buf_append(&title, p->title.v[i].text, p->title.v[i].len);
    if (p->title.n == 0 && p->blocks.n > 0) /* an empty text has no first line */
        core_diag_at(p->d, p->src, 0, CORE_WARNING, "W-title",
                     "no title: the first line is a heading or a table "
                     "(write the title first, or use @title)");
    doc->meta.title = core_arena_strndup(p->a, title.data ? title.data : "", title.len);
    doc->meta.year = title_year(doc->meta.title, title.len);
    doc->meta.annual_report =
        strstr(doc->meta.title, "政府信息公开") && strstr(doc->meta.title, "年度报告");
    core_buf_free(&title);
    doc->title = p->title.v;
    doc->ntitle = p->title.n;
    doc->blocks = p->blocks.v;
    doc->nblocks = p->blocks.n;
    if (p->agency.given)
        doc->meta.agency = core_arena_strndup(p->a, p->text + p->agency.start,
                                              p->agency.end - p->agency.start);
    doc->meta.date = p->date;
    doc->meta.subject = p->subject;
    doc->meta.keywords = p->keywords;
    doc->meta.layout = p->layout;
}

/* Is there an @title anywhere? Then the text's first lines are no title. */
static bool title_directive_given(const parser *p)
{
    for (size_t i = 0; i < p->src->nlines; i++) {
        parse_line l = line_at(p, i);
        if (parse_is_directive_named(p->text, l.tstart, l.tend, "title"))
            return true;
    }
    return false;
}

static core_status parse_lines(parser *p)
{
    core_status st = CORE_OK;
    p->title_state = title_directive_given(p) ? TITLE_DONE : TITLE_WAIT;
    for (size_t i = 0; i < p->src->nlines; i++) {
        parse_line l = line_at(p, i);
        CORE_CHECK(line_one(p, &l));
    }
    CORE_CHECK(parse_table_end(p));
    header_drop(p);
    signature_from_text(p);
    signature_fill(p);
    document_fill(p);
    if (p->errors)
        st = CORE_EINPUT;
done:
    return st;
}

core_status parse_source(core_arena *a, const core_source *src, core_diags *d,
                         doc_document **out)
{
    core_status st = CORE_OK;
    doc_document *doc = doc_document_new(a, src);
    parser p = {.doc = doc, .src = src, .text = src->text, .a = a, .d = d,
                .plain_prev = SIZE_MAX, .plain_last = SIZE_MAX};
    *out = NULL;
    CORE_CHECK(parse_lines(&p));
    *out = doc;
    doc = NULL;
done:
    if (doc)
        doc_document_drop(doc);
    return st;
}

core_status parse_document(const char *name, const char *bytes, size_t len, core_diags *d,
                           doc_document **out)
{
    core_status st = CORE_OK;
    core_arena *a = core_arena_new();
    core_source *src = NULL;
    *out = NULL;
    if (len > CORE_MAX_INPUT_BYTES) {
        /* the library may be handed bytes that no file read has limited */
        core_diag_file(d, name, CORE_ERROR, "E-limit", "%zu bytes is over the limit of %u",
                       len, CORE_MAX_INPUT_BYTES);
        CORE_CHECK(CORE_ELIMIT);
    }
    CORE_CHECK(core_source_new(a, name, bytes, len, d, &src));
    st = parse_source(a, src, d, out);
    a = NULL; /* the document, or its drop on failure, took it */
done:
    if (a)
        core_arena_drop(a);
    return st;
}
