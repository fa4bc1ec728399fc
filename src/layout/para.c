/*
 * para.c: from the document's blocks to flow entries.
 *
 * Collect turns runs of text into items, one per character, each with the
 * face that has its glyph and its width on the line (a full-width character
 * takes the grid pitch, Latin letters and digits their own advance). Then
 * each block becomes lines (break.c) and the lines become entries the page
 * step places: the title (centred, balanced, then an empty line), headings
 * (kept with the line after them), paragraphs (a caption kept with its
 * table; [text] widows), tables, page breaks and the signature (kept with
 * the body's last lines; sealed or unsealed).
 *
 * Print forms: the text printed may differ from the source where GB/T 9704
 * fixes a form (a level-3 number's mark, the date without leading zeros);
 * each such change is a note (N-numbering, N-date) at the source, and every
 * printed character still names the source character it stands for.
 *
 * Invariant: every character of the source text is an item or an E-glyph
 * error; nothing is dropped silently. Caller: layout.c.
 */
#include "layout-imp.h"

#include <string.h>

static bool is_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7);
}

static bool is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3007;
}

/* The shrink class of a full-width mark (STANDARDS §4), or NONE. */
static uint8_t mark_class(uint32_t cp)
{
    switch (cp) {
    case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0xFF08: case 0xFF09:
    case 0x300A: case 0x300B: case 0x3008: case 0x3009: case 0x3014: case 0x3015:
    case 0x3010: case 0x3011: case 0x300C: case 0x300D: case 0x300E: case 0x300F:
    case 0x3016: case 0x3017: case 0xFF3B: case 0xFF3D: case 0xFF5B: case 0xFF5D:
        return LAY_C_BRACKET;
    case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A:
        return LAY_C_COMMA;
    case 0x3002: case 0xFF1F: case 0xFF01: case 0xFF0E:
        return LAY_C_STOP;
    default:
        return LAY_C_NONE;
    }
}

/* What an item may give up when its line is too long. A full-width mark
 * gives its empty half, read from the glyph's ink box, so the same code
 * serves simplified-Chinese fonts (。，、 sit left) and fonts that centre
 * them (no room: they keep 1 em). A space keeps ¼ em. */
static void squeeze_room(lay_item *it, const font_glyph *m, bool full)
{
    if (it->flags & LAY_F_SPACE) {
        it->cls = LAY_C_SPACE;
        it->room = it->w > 0.25f * it->size ? it->w - 0.25f * it->size : 0;
        return;
    }
    uint8_t cls = full ? mark_class(it->cp) : LAY_C_NONE;
    if (cls == LAY_C_NONE || m->x1 <= m->x0)
        return;
    const float slack = 0.02f; /* control boxes reach a little past the curves */
    if (m->x1 <= 0.5f + slack)
        it->sq = LAY_SQ_R;
    else if (m->x0 >= 0.5f - slack)
        it->sq = LAY_SQ_L;
    else
        return;
    it->cls = cls;
    it->room = it->w / 2; /* half its place on the grid: two halves make one */
}

/* One character → one item (or an E-glyph error when no face has it). */
static void collect_char(lay_ctx *c, int role, uint32_t cp, size_t src, float size,
                         float full_scale, lay_items *out)
{
    lay_item it = {.cp = cp, .size = size, .zi = size * full_scale,
                   .src = src < LAY_NO_SRC ? (uint32_t)src : LAY_NO_SRC};
    if (cp == '\t' || cp == 0x00A0)
        it.cp = cp = ' ';
    it.face = lay_face_for(c, role, cp, &it.gid);
    if (!it.face) {
        char u[5] = {0};
        core_utf8_encode(cp, u);
        core_diag_at(c->d, c->doc->src, src, CORE_ERROR, "E-glyph",
                     "no font has the character U+%04X '%s' (role %s: %s, nor the "
                     "fallback fonts)",
                     cp, u, lay_role_name(role),
                     c->f->match[role].family ? c->f->match[role].family
                                                : core_tr(c->d, N_("no face")));
        c->glyph_errors++;
        it.face = c->f->face[role];
    }
    font_glyph m = {0};
    if (it.face)
        font_face_glyph_metrics(it.face, it.gid, &m);
    bool full = m.advance >= 0.9f;
    it.w = m.advance * size * (full ? full_scale : 1.0f);
    it.embolden = it.face == c->f->face[role] ? lay_embolden(c, role) : 0;
    if (full)
        it.flags |= LAY_F_FULL;
    if (cp == ' ')
        it.flags |= LAY_F_SPACE;
    if (is_alnum(cp))
        it.flags |= LAY_F_ALNUM;
    if (full && lay_is_no_start(cp) && m.x1 > m.x0 && m.x1 <= 0.5f)
        it.flags |= LAY_F_HALF_END;
    if (is_han(cp))
        it.flags |= LAY_F_HAN;
    squeeze_room(&it, &m, full);
    core_vec_push(c->tmp, out, it);
}

/* The Han–Latin gap ([text] han_latin_gap, clreq: up to ¼ em; 0 keeps the
 * grid) after a Han character followed by a Latin letter or digit, or the
 * reverse; break.c drops it at a line's end. */
static void han_latin_gaps(const lay_ctx *c, lay_item *it, size_t n)
{
    float g = c->s->han_latin_gap;
    if (g <= 0)
        return;
    for (size_t i = 0; i + 1 < n; i++) {
        uint8_t a = it[i].flags, b = it[i + 1].flags;
        if (((a & LAY_F_HAN) && (b & LAY_F_ALNUM)) || ((a & LAY_F_ALNUM) && (b & LAY_F_HAN)))
            it[i].gap = g;
    }
}

core_status lay_collect(lay_ctx *c, const doc_run *runs, size_t nruns, float size,
                        float full_scale, lay_items *out)
{
    size_t errors = c->glyph_errors;
    for (size_t r = 0; r < nruns; r++) {
        const doc_run *run = &runs[r];
        int role = (int)run->role;
        float sz = size > 0 ? size : c->s->font[role].size;
        if (run->break_before && out->n)
            out->v[out->n - 1].flags |= LAY_F_FORCE;
        for (size_t i = 0; i < run->len;) {
            uint32_t cp;
            size_t k = core_utf8_decode(run->text + i, run->len - i, &cp);
            if (k == 0)
                k = 1, cp = 0xFFFD; /* core_source guarantees UTF-8; be safe */
            size_t src = doc_run_offset(run, i);
            i += k;
            if (cp == '\n' || cp == '\r') {
                if (out->n)
                    out->v[out->n - 1].flags |= LAY_F_FORCE;
                continue;
            }
            collect_char(c, role, cp, src, sz, full_scale, out);
        }
    }
    han_latin_gaps(c, out->v, out->n);
    return c->glyph_errors > errors ? CORE_EFONT : CORE_OK;
}

/* ---- blocks → entries ------------------------------------------------------ */

static void add_lines(lay_ctx *c, lay_entries *out, const lay_lines *l, bool keep)
{
    for (size_t i = 0; i < l->n; i++) {
        lay_entry e = {.kind = LAY_E_LINE, .keep_next = keep, .line = l->v[i]};
        core_vec_push(c->tmp, out, e);
    }
}

static void add_blank(lay_ctx *c, lay_entries *out, bool keep)
{
    lay_entry e = {.kind = LAY_E_BLANK, .keep_next = keep};
    core_vec_push(c->tmp, out, e);
}

/* ---- print forms: the text as printed, the source as written ------------- */

/* Run `r` with bytes [at, at + len) of its text replaced by `repl` (which
 * stands for the source character at `at`), in the scratch arena. */
static doc_run respell(lay_ctx *c, const doc_run *r, size_t at, size_t len, const char *repl)
{
    size_t k = strlen(repl), n = r->len - len + k;
    char *t = core_arena_alloc(c->tmp, n + 1);
    size_t *map = core_arena_alloc(c->tmp, (n + 1) * sizeof *map);
    memcpy(t, r->text, at);
    memcpy(t + at, repl, k);
    memcpy(t + at + k, r->text + at + len, r->len - at - len);
    t[n] = 0;
    for (size_t i = 0; i < n; i++)
        map[i] = doc_run_offset(r, i < at ? i : i < at + k ? at : i - k + len);
    doc_run o = *r;
    o.text = t, o.len = n, o.map = map, o.offset = doc_run_offset(r, 0);
    return o;
}

/* A digit (ASCII or full-width) at text[i]: its value and byte length. */
static size_t digit_at(const char *t, size_t n, size_t i, int *v)
{
    if (i < n && t[i] >= '0' && t[i] <= '9')
        return *v = t[i] - '0', 1;
    if (i + 3 <= n && (unsigned char)t[i] == 0xEF && (unsigned char)t[i + 1] == 0xBC &&
        (unsigned char)t[i + 2] >= 0x90 && (unsigned char)t[i + 2] <= 0x99)
        return *v = (unsigned char)t[i + 2] - 0x90, 3;
    return 0;
}

/* Digits from text[*i]: the number, or -1 when there are none. */
static long number_at(const char *t, size_t n, size_t *i)
{
    long v = -1;
    int d;
    size_t k;
    while ((k = digit_at(t, n, *i, &d)) != 0 && v < 100000)
        v = (v < 0 ? 0 : v * 10) + d, *i += k;
    return v;
}

/* The level-3 number "1." / "1．" / "1、" printed with the layout's mark
 * ([text] level3_mark; GB/T 9704 §7.3.3 writes "1."), a note when it
 * changes. `any` also takes "、" (a paragraph the parser left as text). */
static doc_run level3_mark(lay_ctx *c, const doc_run *r, bool any)
{
    const char *mark = c->s->level3_mark;
    size_t i = 0, k = 0;
    int d;
    long v = number_at(r->text, r->len, &i);
    if (!mark || v < 0 || i > 9)
        return *r;
    static const char *const marks[] = {".", "\xEF\xBC\x8E", "\xE3\x80\x81"}; /* . ． 、 */
    for (size_t m = 0; m < (any ? 3u : 2u) && !k; m++)
        if (i + strlen(marks[m]) <= r->len && !memcmp(r->text + i, marks[m], strlen(marks[m])))
            k = strlen(marks[m]);
    if (!k || digit_at(r->text, r->len, i + k, &d) || (k == strlen(mark) &&
                                                      !memcmp(r->text + i, mark, k)))
        return *r;
    doc_run o = respell(c, r, i, k, mark);
    core_diag_at(c->d, c->doc->src, doc_run_offset(r, 0), CORE_NOTE, "N-numbering",
                 "number \"%.*s\" set as \"%.*s%s\" (the layout's level3_mark)",
                 (int)(i + k), r->text, (int)i, r->text, mark);
    return o;
}

/* 成文日期 as GB/T 9704 §7.3.5 prints it: Arabic numerals, 年月日 in full, no
 * leading zeros ("2023年01月05日" → "2023年1月5日"), with a note. */
static doc_run date_print_form(lay_ctx *c, const doc_run *r)
{
    size_t i = 0;
    long y = number_at(r->text, r->len, &i);
    bool ok = y > 0 && i + 3 <= r->len && !memcmp(r->text + i, "年", 3);
    long m = ok ? (i += 3, number_at(r->text, r->len, &i)) : -1;
    ok = ok && m > 0 && i + 3 <= r->len && !memcmp(r->text + i, "月", 3);
    long d = ok ? (i += 3, number_at(r->text, r->len, &i)) : -1;
    ok = ok && d > 0 && i + 3 == r->len && !memcmp(r->text + i, "日", 3);
    if (!ok)
        return *r;
    char *t = core_arena_printf(c->tmp, "%ld年%ld月%ld日", y, m, d);
    if (strlen(t) == r->len && !memcmp(t, r->text, r->len))
        return *r;
    core_diag_at(c->d, c->doc->src, doc_run_offset(r, 0), CORE_NOTE, "N-date",
                 "date \"%.*s\" set as \"%s\" (GB/T 9704 §7.3.5: no leading zeros)",
                 (int)r->len, r->text, t);
    return respell(c, r, 0, r->len, t);
}

/* ---- flows kept across passes --------------------------------------------- */

/* The diagnostics of a kept flow, reported again as if it had just run. */
static void replay(lay_ctx *c, const lay_flowed *f)
{
    for (size_t i = 0; f->q && i < f->q->n; i++) {
        const core_diag *g = &f->q->v[i];
        core_diag_at(c->d, g->file ? c->doc->src : NULL, g->offset, g->severity, g->code,
                     "%s", g->message);
    }
}

/* Did a flow's diagnostics overflow a code's cap (some only counted)? Then
 * a replay could not repeat them exactly, and the flow is not kept. */
static bool dropped_any(const core_diags *q)
{
    for (size_t i = 0; i < q->ncounts; i++)
        if (q->counts[i].dropped)
            return true;
    return false;
}

typedef core_status (*flow_fn)(lay_ctx *c, const void *arg, int loose, lay_flowed *f);

/*
 * The flow of block `block` (SIZE_MAX: the title) at looseness `loose`:
 * kept from an earlier pass, or made by fn with its diagnostics kept
 * aside, then reported. A pass reports the same things in the same order
 * either way. fn works in a scratch arena of its own (c->tmp: the items,
 * one per character, dropped with it) and puts what outlives the block in
 * c->keep, the memo's arena: lines as glyphs, a table as placed.
 */
static core_status memo_flow(lay_ctx *c, size_t block, int loose, flow_fn fn, const void *arg,
                             lay_flowed **out)
{
    lay_memo *m = c->memo;
    lay_flowed **slot = block == SIZE_MAX ? &m->title : &m->block[block];
    for (lay_flowed *f = *slot; f; f = f->next)
        if (f->loose == loose) {
            replay(c, f);
            *out = f;
            return f->st;
        }
    lay_flowed *f = core_arena_alloc(m->arena, sizeof *f);
    core_diags *loud = c->d, q = {.translate = loud->translate};
    core_arena *tmp = c->tmp;
    c->d = &q, c->tmp = core_arena_new(), c->keep = m->arena;
    f->loose = loose;
    f->st = fn(c, arg, loose, f);
    core_arena_drop(c->tmp);
    c->d = loud, c->tmp = tmp, c->keep = NULL;
    if (q.n || q.ncounts) { /* most blocks report nothing: no 2 KB of counts */
        f->q = core_arena_alloc(m->arena, sizeof *f->q);
        *f->q = q;
    }
    replay(c, f);
    f->older = m->all, m->all = f;
    if (!f->q || !dropped_any(f->q))
        f->next = *slot, *slot = f;
    *out = f;
    return f->st;
}

/* The flow of `block` at looseness `loose`, if made (and kept). */
static const lay_flowed *memo_find(const lay_memo *m, size_t block, int loose)
{
    for (const lay_flowed *f = m->block[block]; f; f = f->next)
        if (f->loose == loose)
            return f;
    return NULL;
}

bool lay_memo_same_lines(const lay_memo *m, size_t block, int a, int b)
{
    const lay_flowed *x = memo_find(m, block, a), *y = memo_find(m, block, b);
    return x && y && x->st == CORE_OK && y->st == CORE_OK && x->lines.n == y->lines.n;
}

void lay_memo_free(lay_memo *m)
{
    for (lay_flowed *f = m->all; f; f = f->older)
        if (f->q)
            core_diags_free(f->q);
    m->all = m->title = NULL;
}

/* A block of body-grid text (heading or paragraph): indented 2字, justified. */
typedef struct text_arg {
    const doc_run *runs;
    size_t nruns;
    size_t block;
} text_arg;

static core_status break_text(lay_ctx *c, const void *arg, int looseness, lay_flowed *f)
{
    core_status st = CORE_OK;
    const text_arg *t = arg;
    lay_items it = {0};
    CORE_CHECK(lay_collect(c, t->runs, t->nruns, 0, c->grid_scale, &it));
    lay_mark_breaks(c, it.v, it.n);
    lay_para p = {.measure = c->measure,
                  .indent = c->s->indent * c->s->char_pitch,
                  .align = LAY_JUSTIFY,
                  .shrink = 0.5f * c->s->font[LAYOUT_ROLE_BODY].size,
                  .looseness = looseness,
                  /* kept for a paragraph that mending re-breaks */
                  .edges = looseness ? &c->memo->edges[t->block] : NULL};
    CORE_CHECK(lay_break_lines(c, it.v, it.n, &p, &f->lines));
done:
    lay_seal_lines(c->keep, &f->lines);
    return st;
}

static core_status flow_text(lay_ctx *c, const doc_block *b, const doc_run *runs, size_t nruns,
                             int looseness, lay_lines *lines)
{
    text_arg t = {runs, nruns, (size_t)(b - c->doc->blocks)};
    lay_flowed *f;
    core_status st = memo_flow(c, t.block, looseness, break_text, &t, &f);
    *lines = f->lines;
    return st;
}

static core_status break_title(lay_ctx *c, const void *arg, int loose, lay_flowed *f)
{
    core_status st = CORE_OK;
    const doc_document *doc = arg;
    lay_items it = {0};
    (void)loose;
    CORE_CHECK(lay_collect(c, doc->title, doc->ntitle, 0, 1.0f, &it));
    lay_mark_breaks(c, it.v, it.n);
    CORE_CHECK(lay_break_title(c, it.v, it.n, c->measure, &f->lines));
done:
    lay_seal_lines(c->keep, &f->lines);
    return st;
}

static core_status flow_under_title(lay_ctx *c, lay_entries *out);

static core_status flow_title(lay_ctx *c, lay_entries *out)
{
    core_status st = CORE_OK;
    const doc_document *doc = c->doc;
    if (doc->ntitle == 0)
        return st;
    lay_flowed *f;
    CORE_CHECK(memo_flow(c, SIZE_MAX, 0, break_title, doc, &f));
    add_lines(c, out, &f->lines, true);
    if (c->s->sig_under_title)
        CORE_CHECK(flow_under_title(c, out));
    for (float g = 0; g < c->s->title_gap_lines; g++)
        add_blank(c, out, true);
done:
    return st;
}

static core_status prepare_table(lay_ctx *c, const void *arg, int loose, lay_flowed *f)
{
    (void)loose;
    core_status st = lay_table_prepare(c, arg, &f->table);
    if (st != CORE_OK)
        f->table = NULL; /* in the scratch arena; the pass fails anyway */
    return st;
}

/* The bookmark title of a heading: its heading run, without a final 。. */
static const char *anchor_title(lay_ctx *c, const doc_block *b)
{
    const doc_run *r = &b->runs[0];
    size_t n = r->len;
    if (n >= 3 && memcmp(r->text + n - 3, "\xE3\x80\x82", 3) == 0) /* 。 */
        n -= 3;
    while (n && r->text[n - 1] == ' ')
        n--;
    return core_arena_strndup(c->dl->arena, r->text, n);
}

/* Lines more or fewer than the best fit layout.c asks of block `b`. */
static int looseness_of(const lay_ctx *c, const doc_block *b)
{
    return c->loose ? c->loose[b - c->doc->blocks] : 0;
}

/* The block's runs with the first one's level-3 number in its print form. */
static const doc_run *numbered_runs(lay_ctx *c, const doc_block *b)
{
    bool para = b->kind == DOC_BLOCK_PARAGRAPH;
    if (b->nruns == 0 || (!para && b->level != 3))
        return b->runs;
    doc_run *r = core_arena_alloc(c->tmp, b->nruns * sizeof *r);
    memcpy(r, b->runs, b->nruns * sizeof *r);
    r[0] = level3_mark(c, &b->runs[0], para);
    return r;
}

static core_status flow_heading(lay_ctx *c, const doc_block *b, lay_entries *out)
{
    core_status st = CORE_OK;
    lay_lines lines = {0};
    if (b->nruns == 0)
        return st;
    size_t first = out->n;
    CORE_CHECK(flow_text(c, b, numbered_runs(c, b), b->nruns, looseness_of(c, b), &lines));
    /* a heading standing alone is never the last line of a page; run in, it
     * shares its lines with body text and needs no keeping */
    add_lines(c, out, &lines, !b->run_in);
    if ((b->level == 1 || b->level == 2) && out->n > first) {
        out->v[first].anchor_level = b->level;
        out->v[first].anchor_title = anchor_title(c, b);
    }
done:
    return st;
}

/* Items of one run, set left-aligned from x = 0 on one line. */
static core_status one_line(lay_ctx *c, const doc_run *r, lay_line *l, float *w)
{
    core_status st = CORE_OK;
    lay_items it = {0};
    CORE_CHECK(lay_collect(c, r, 1, 0, c->grid_scale, &it));
    *w = 0;
    l->items = it.v;
    l->n = it.n;
    l->size = c->s->font[r->role].size;
    for (size_t i = 0; i < it.n; i++)
        it.v[i].x = *w, *w += it.v[i].w;
done:
    return st;
}

static void shift_line(lay_line *l, float dx)
{
    for (size_t i = 0; i < l->n; i++)
        l->items[i].x += dx;
}

/*
 * The signature: agency and 成文日期 (GB/T 9704 §7.3.5), the date in its
 * print form.
 *
 * Unsealed (§7.3.5.2, the default): one empty line under the body, the
 * agency right-aligned 2字 from the right edge, the date on the next line
 * starting 2字 further right than the agency; a date longer than the agency
 * is set right 2字 and the agency moves left to start 2字 before it.
 *
 * Sealed ([signature] sealed = true, §7.3.5.1): the date right 4字, the
 * agency centred over it (an agency too long for that ends at the right
 * edge and the date moves left under its centre), and room for the seal: two empty lines under the
 * body, then agency and date. A seal of Ø 42 mm spans about four grid lines
 * (4 × 28.99 pt = 41 mm); centred over the two empty lines and the agency it
 * starts in the first empty line, so its top is within one line of the text,
 * and the agency and date sit below its centre ("居印章中心偏下").
 *
 * Either way the body's last two lines come along: the signature never
 * stands alone at the top of a page.
 */
/* A signature line of `r` within `avail` pt: one line when it fits, else
 * broken right-aligned over as many lines as it needs (an agency's name
 * over two lines, GB/T 9704 §7.3.5); *w is the last line's width. */
static core_status sig_lines(lay_ctx *c, const doc_run *r, float avail, lay_lines *out,
                             float *w)
{
    core_status st = CORE_OK;
    lay_line one = {0};
    CORE_CHECK(one_line(c, r, &one, w));
    if (*w <= avail + LAY_EPS) {
        core_vec_push(c->tmp, out, one);
        return st;
    }
    lay_mark_breaks(c, one.items, one.n);
    lay_para p = {.measure = avail, .align = LAY_RIGHT,
                  .shrink = 0.5f * c->s->font[LAYOUT_ROLE_BODY].size};
    CORE_CHECK(lay_break_lines(c, one.items, one.n, &p, out));
    const lay_line *last = &out->v[out->n - 1];
    *w = last->n ? avail - last->items[0].x : 0;
done:
    return st;
}

static void push_sig(lay_ctx *c, lay_entries *out, lay_lines *l, float dx, bool keep_last)
{
    for (size_t i = 0; i < l->n; i++) {
        if (!l->v[i].n)
            continue;
        shift_line(&l->v[i], dx);
        lay_seal_line(c->tmp, &l->v[i]); /* the glyphs at their final place */
        lay_entry e = {.kind = LAY_E_LINE, .keep_next = keep_last || i + 1 < l->n,
                       .line = l->v[i], .sig = true};
        core_vec_push(c->tmp, out, e);
    }
}

static core_status flow_signature(lay_ctx *c, const doc_block *b, lay_entries *out)
{
    core_status st = CORE_OK;
    float ch = c->s->char_pitch;
    bool sealed = c->s->sealed;
    lay_lines agency = {0}, date = {0};
    float wa = 0, wd = 0;
    /* unsealed, both stay 2字 clear of the right edge; sealed, the agency
     * may reach it */
    float avail = sealed ? c->measure : c->measure - 2 * ch;
    if (b->nruns > 0)
        CORE_CHECK(sig_lines(c, &b->runs[0], avail, &agency, &wa));
    if (b->nruns > 1) {
        doc_run dr = date_print_form(c, &b->runs[1]);
        CORE_CHECK(sig_lines(c, &dr, avail, &date, &wd));
    }
    bool broken = agency.n > 1 || date.n > 1;
    float xa, xd;
    if (broken) { /* right-aligned lines in [0, avail]: the date under the
                     last agency line, 2字 right (sealed: 4字 from the edge) */
        xa = 0;
        xd = date.n > 1 ? 0 : sealed ? c->measure - 4 * ch - wd : avail - wa + 2 * ch;
        if (xd + wd > avail)
            xd = avail - wd;
    } else if (sealed) {
        xd = c->measure - 4 * ch - wd;
        xa = b->nruns > 1 ? xd + (wd - wa) / 2 : c->measure - 4 * ch - wa;
        if (xa + wa > c->measure) { /* a long agency: both move left, still centred */
            xd -= xa + wa - c->measure;
            xa = c->measure - wa;
        }
    } else {
        float two = 2 * ch, right = c->measure - two;
        xa = right - wa, xd = xa + two;
        if (xd + wd > right + LAY_EPS && b->nruns > 1)
            xd = right - wd, xa = xd - two;
    }
    for (size_t k = out->n, kept = 0; k > 0 && kept < 2; k--, kept++) {
        if (out->v[k - 1].kind != LAY_E_LINE)
            break;
        out->v[k - 1].keep_next = true;
    }
    for (int i = 0; i < (sealed ? 2 : 1); i++)
        add_blank(c, out, true);
    push_sig(c, out, &agency, xa < 0 ? 0 : xa, date.n > 0);
    push_sig(c, out, &date, xd < 0 ? 0 : xd, false);
done:
    return st;
}

/* The report's signature block (its last), or NULL. */
static const doc_block *signature_block(const doc_document *doc)
{
    for (size_t i = doc->nblocks; i > 0; i--)
        if (doc->blocks[i - 1].kind == DOC_BLOCK_SIGNATURE)
            return &doc->blocks[i - 1];
    return NULL;
}

/* Run `r` centred on the measure: one line, or broken centred over as many
 * as it needs; kept with the title. */
static core_status centred(lay_ctx *c, const doc_run *r, lay_entries *out)
{
    core_status st = CORE_OK;
    lay_line one = {0};
    lay_lines lines = {0};
    float w;
    CORE_CHECK(one_line(c, r, &one, &w));
    if (w <= c->measure + LAY_EPS) {
        shift_line(&one, (c->measure - w) / 2);
        core_vec_push(c->tmp, &lines, one);
    } else {
        lay_mark_breaks(c, one.items, one.n);
        lay_para p = {.measure = c->measure, .align = LAY_CENTER,
                      .shrink = 0.5f * c->s->font[LAYOUT_ROLE_BODY].size};
        CORE_CHECK(lay_break_lines(c, one.items, one.n, &p, &lines));
    }
    lay_seal_lines(c->tmp, &lines);
    add_lines(c, out, &lines, true);
done:
    return st;
}

/*
 * [signature] place = title: the agency and the 成文日期 centred on the
 * lines under the title, the date in full-width brackets (how many
 * agencies publish the report: "XX县人民政府" / "（2026年1月23日）"); the
 * signature block at the end then sets nothing.
 */
static core_status flow_under_title(lay_ctx *c, lay_entries *out)
{
    core_status st = CORE_OK;
    const doc_block *b = signature_block(c->doc);
    if (!b)
        return st;
    if (b->nruns > 0)
        CORE_CHECK(centred(c, &b->runs[0], out));
    if (b->nruns > 1) {
        doc_run dr = date_print_form(c, &b->runs[1]);
        char *t = core_arena_printf(c->tmp, "（%.*s）", (int)dr.len, dr.text);
        doc_run br = respell(c, &dr, 0, dr.len, t);
        CORE_CHECK(centred(c, &br, out));
    }
done:
    return st;
}

/* A paragraph's last `keep` of its `n` lines (just added) go to a page
 * together: [text] widows = 2 moves the line before a paragraph's last onto
 * the next page with it, leaving that page one grid line short (the
 * default 1 keeps the 22-line grid, GB/T 9704 §5.2.3). A caption keeps all
 * its lines, and the last with what follows. */
static void keep_last_lines(lay_ctx *c, lay_entries *out, size_t n, size_t keep)
{
    for (size_t k = 2; k <= keep && k <= n; k++)
        out->v[out->n - k].keep_next = true;
    (void)c;
}

/* A table's caption: a one-line paragraph right before a table, with no
 * sentence-ending mark; it moves with the table's head. */
static bool is_caption(const doc_block *b, const doc_block *next)
{
    if (!next || next->kind != DOC_BLOCK_TABLE || b->kind != DOC_BLOCK_PARAGRAPH ||
        b->nruns != 1)
        return false;
    const doc_run *r = &b->runs[0];
    size_t chars = 0;
    for (size_t i = 0; i < r->len; i++)
        chars += ((unsigned char)r->text[i] & 0xC0) != 0x80;
    return chars > 0 && chars <= 26 && !(r->len >= 3 && (!memcmp(r->text + r->len - 3, "。", 3) ||
                                                        !memcmp(r->text + r->len - 3, "；", 3) ||
                                                        !memcmp(r->text + r->len - 3, "，", 3)));
}

static core_status flow_block(lay_ctx *c, const doc_block *b, const doc_block *next,
                              lay_entries *out)
{
    bool caption = is_caption(b, next);
    core_status st = CORE_OK;
    lay_lines lines = {0};
    lay_entry e = {0};
    lay_flowed *f;
    switch (b->kind) {
    case DOC_BLOCK_HEADING:
        CORE_CHECK(flow_heading(c, b, out));
        break;
    case DOC_BLOCK_PARAGRAPH:
        CORE_CHECK(flow_text(c, b, numbered_runs(c, b), b->nruns, looseness_of(c, b), &lines));
        add_lines(c, out, &lines, false);
        keep_last_lines(c, out, lines.n, caption ? lines.n : (size_t)c->s->widows);
        if (caption && lines.n)
            out->v[out->n - 1].keep_next = true;
        break;
    case DOC_BLOCK_TABLE:
        e.kind = LAY_E_TABLE;
        CORE_CHECK(memo_flow(c, (size_t)(b - c->doc->blocks), 0, prepare_table, b->table, &f));
        e.table = f->table;
        core_vec_push(c->tmp, out, e);
        break;
    case DOC_BLOCK_PAGEBREAK:
        e.kind = LAY_E_PAGEBREAK;
        core_vec_push(c->tmp, out, e);
        break;
    case DOC_BLOCK_SIGNATURE:
        if (!c->s->sig_under_title) /* else set under the title */
            CORE_CHECK(flow_signature(c, b, out));
        break;
    }
done:
    return st;
}

/* Every block in order; a character no font has is reported and the blocks
 * go on, so that one run names every such character. */
core_status lay_flow_blocks(lay_ctx *c, lay_entries *out)
{
    core_status st = CORE_OK, first = CORE_OK;
    st = flow_title(c, out);
    for (size_t k = 0; k < out->n; k++)
        out->v[k].block = SIZE_MAX;
    if (st != CORE_OK && st != CORE_EFONT)
        return st;
    first = st;
    for (size_t i = 0; i < c->doc->nblocks; i++) {
        const doc_block *next = i + 1 < c->doc->nblocks ? &c->doc->blocks[i + 1] : NULL;
        size_t from = out->n;
        st = flow_block(c, &c->doc->blocks[i], next, out);
        for (size_t k = from; k < out->n; k++)
            out->v[k].block = i;
        if (st == CORE_EFONT) {
            first = first ? first : st;
            continue;
        }
        if (st != CORE_OK)
            return st;
    }
    return first;
}
