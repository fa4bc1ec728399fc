/*
 * break.c: where lines may end, where they do end, and how they fill the
 * measure.
 *
 * Break opportunities come from libunibreak (UAX #14 with the "zh"
 * tailoring), then STANDARDS §3 is enforced explicitly on top: no line starts
 * with a closing mark, a connector, an interpunct or a solidus; none ends
 * with an opening mark; ——, …… and Latin words and numbers never split.
 * libunibreak is only the first opinion: every rule above is applied here
 * whatever its tables say. —— and …… never start a line either (clreq's
 * "strict" level, one step past GB-style: a dash or ellipsis opening a line
 * reads as a broken sentence, and the measuring tool flags it).
 *
 * Punctuation widths (STANDARDS §4, clreq): every full-width mark knows,
 * from its glyph's ink box, which half of its place is empty (para.c). Two
 * adjacent marks take 1.5 em: the empty half between their inks goes
 * (compress_pairs). What a mark still has is room a line may take when it
 * is too long, class by class in clreq's order: the line-end mark's right
 * half (GB/T 15834 §5.1.10), Latin spaces, brackets, ，、；：, the Han–Latin
 * gap, 。？！. An opening bracket starting a line keeps its left half: its box
 * would cross the text area's edge and the left edge stays on the grid.
 *
 * Narrow marks (narrow_marks): the short connector –, the interpuncts · ・
 * and the solidi / ／ take ½ 字, their ink centred; ??, !!, ?!, !? take 1 字
 * and ??? 2 (GB/T 15834 §5.1.2); no justification space goes beside a
 * connector or solidus. The wave connector ～ keeps 1 字 (§5.1.6 says so).
 * A glyph box may reach into its neighbour's only over a mark's empty half
 * (½ em), else by 0.1 em: the rule the measuring tool checks. So a mark
 * whose glyph is a full em (the Fandol · and ／) gets ½ 字 only beside a
 * mark's empty half; between hanzi its box needs 0.82 字, and that is what
 * it takes, ink centred; narrower would put box on box. For the same reason
 * a full-em narrow mark never ends a line (its box would cross the measure)
 * and a ？ whose ink is centred (FandolFang) makes ?? a little over 1 字:
 * its ink is kept whole rather than pushed into the next character.
 *
 * Justified paragraphs are broken for the best total fit (a dynamic
 * programme over line starts): pushing a character in by squeezing
 * punctuation costs less than pushing one out and stretching the line, so
 * shrinking comes first and stretching second (clreq line adjustment); a
 * last line holding one character costs more than any squeezing or
 * stretching that avoids it (GB/T 15834 §5.1.11); a break against the rules
 * (W-break) is taken only when nothing else fits. Every line but a
 * segment's last then spans the measure exactly: what is left is spread over
 * the gaps between characters, never inside ——, …… or a word. Other
 * alignments (table cells, centred lines) are broken first-fit.
 *
 * Invariant: no item of a line lies past the measure (a ½ em mark counted by
 * its left half). Callers: para.c and table.c.
 */
#include "layout-imp.h"

#include <linebreak.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

static pthread_once_t unibreak_once = PTHREAD_ONCE_INIT;

bool lay_is_no_start(uint32_t cp)
{
    switch (cp) {
    case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F:
    case 0xFF01: case 0xFF0E: case 0x201D: case 0x2019: case 0xFF09: case 0x3015:
    case 0x3011: case 0x300B: case 0x3009: case 0x300D: case 0x300F: case 0x3017:
    case 0xFF3D: case 0xFF5D: case 0x2013: case 0x002D: case 0xFF5E: case 0x2014:
    case 0x2026: case 0x22EF: case 0x2E3A: case 0x00B7: case 0x002F: case 0xFF0F:
    case 0xFF05: case 0x2030: case ',': case '.': case ';': case ':': case '?':
    case '!': case ')': case ']': case '}': case '%': case 0x30FB: case 0xFF64:
    case 0xFF61:
        return true;
    default:
        return false;
    }
}

bool lay_is_no_end(uint32_t cp)
{
    switch (cp) {
    case 0x201C: case 0x2018: case 0xFF08: case 0x3014: case 0x3010: case 0x300A:
    case 0x3008: case 0x300C: case 0x300E: case 0x3016: case 0xFF3B: case 0xFF5B:
    case 0x002F: case 0xFF0F: case '(': case '[': case '{':
        return true;
    default:
        return false;
    }
}

/* Marks that come in pairs which must stay on one line: ——, ……. */
static bool is_pair_mark(uint32_t cp)
{
    return cp == 0x2014 || cp == 0x2026 || cp == 0x22EF;
}

static void unibreak_init(void) { init_linebreak(); }

/* Give up `amt` of an item's room: its advance shrinks, and when the empty
 * half is on the left the glyph moves left with it. */
static void squeeze(lay_item *it, float amt)
{
    if (amt <= 0)
        return;
    it->w -= amt;
    it->room -= amt;
    if (it->sq == LAY_SQ_L)
        it->dx -= amt;
}

/* Two adjacent full-width marks take 1.5 em, not 2 (clreq: punctuation
 * width adjustment): the empty half between their inks goes, the first
 * mark's right half when it has one (。” ）， ”（), else the second's left
 * half (（“). What is given up here is no longer room for the line. */
static void compress_pairs(lay_item *it, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        lay_item *a = &it[i], *b = &it[i + 1];
        if (a->cls == LAY_C_NONE || a->cls == LAY_C_SPACE || b->cls == LAY_C_NONE ||
            b->cls == LAY_C_SPACE)
            continue;
        if (a->sq == LAY_SQ_R && a->room > LAY_EPS) {
            squeeze(a, a->room);
            if (b->sq == LAY_SQ_L)
                b->room = 0; /* its empty half faces a's: one half stays */
        } else if (b->sq == LAY_SQ_L && b->room > LAY_EPS) {
            squeeze(b, b->room);
        }
    }
}

/* ---- narrow marks: ½ 字 and ？！ runs (GB/T 15834 §5.1.2, 5.1.6–5.1.9) ---- */

/* How far (em) a glyph's box may reach into a neighbour's box where neither
 * gives an empty half: side bearings and the grid's tracking (the measuring
 * tool allows the same 0.1 em); over a mark's empty half ½ em, plus the
 * grid's tracking (a 1 em box on a 15.79 pt pitch). */
#define BOX_REACH 0.1f
#define BOX_REACH_HALF 0.52f
/* The least white between the inks of two marks of a ？！ run, em. */
#define INK_GAP 0.05f

/* Short connector –, interpuncts · ・, solidus / ／: ½ 字 (§5.1.6, 5.1.7,
 * 5.1.9). ～ is no such mark: the wave connector takes 1 字 (§5.1.6). */
static bool is_half_mark(uint32_t cp)
{
    return cp == 0x2013 || cp == 0x00B7 || cp == 0x30FB || cp == 0x002F || cp == 0xFF0F;
}

/* Connectors and solidi: no justification space on either side of them. */
static bool is_joiner(uint32_t cp)
{
    return is_half_mark(cp) || cp == 0xFF5E || cp == 0x002D;
}

static bool is_qe(uint32_t cp) { return cp == 0xFF1F || cp == 0xFF01; }

/* A glyph as the page shows it: its box (the advance the PDF records) and
 * its ink, pt from its origin. */
typedef struct mark_box {
    float box, i0, i1;
} mark_box;

static mark_box box_of(const lay_item *it)
{
    font_glyph m = {0};
    if (it->face)
        font_face_glyph_metrics(it->face, it->gid, &m);
    mark_box b = {m.advance * it->size, m.x0 * it->size, m.x1 * it->size};
    if (m.x1 <= m.x0)
        b.i0 = 0, b.i1 = b.box;
    return b;
}

/* pt the box of `m` may reach left into that of `a` before it (none at a
 * paragraph's start). ？！ sit left in GB fonts (§5.1.2): their right half
 * counts as empty. An empty half `m` reaches over is given to it: squeezing
 * it too would put box on box. */
static float reach_left(lay_item *a, const lay_item *m)
{
    if (!a)
        return 0;
    float em = fminf(a->size, m->size), r = BOX_REACH * em;
    if ((a->sq == LAY_SQ_R && a->room > LAY_EPS) || ((a->flags & LAY_F_FULL) && is_qe(a->cp)))
        r = BOX_REACH_HALF * em, a->room = 0;
    return r - (a->dx + box_of(a).box - a->w); /* what a's box already reaches past its place */
}

/* pt the box of `m` may reach right into that of `b` after it. */
static float reach_right(const lay_item *m, lay_item *b)
{
    if (!b)
        return 0;
    float em = fminf(b->size, m->size), r = BOX_REACH * em;
    if (b->sq == LAY_SQ_L && b->room > LAY_EPS)
        r = BOX_REACH_HALF * em, b->room = 0;
    else if ((m->flags & LAY_F_FULL) && is_qe(m->cp))
        r = BOX_REACH_HALF * em; /* over its own right half: b keeps its room */
    return r + b->dx; /* b's box may already reach left of its place */
}

/* Glyph origins o[] of the k marks at it[a]: each ink centred in a slot of
 * total/k, pushed right as far as the boxes ask (the first reaches no
 * further left than `left`; marks of a run overlap by their empty halves at
 * most; inks keep INK_GAP apart). Returns the lower bound of o[0]. */
static float run_origins(const lay_item *it, const mark_box *g, size_t k, float total,
                         float left, float *o)
{
    float slot = total / (float)k, lo0 = fmaxf(-left, -g[0].i0);
    for (size_t i = 0; i < k; i++) {
        float em = it[i].size, lo = lo0;
        if (i > 0)
            lo = fmaxf(o[i - 1] + g[i - 1].box - BOX_REACH_HALF * em,
                       o[i - 1] + g[i - 1].i1 + INK_GAP * em - g[i].i0);
        o[i] = fmaxf((float)i * slot + slot / 2 - (g[i].i0 + g[i].i1) / 2, lo);
    }
    return lo0;
}

/* Set the k marks at it[a] in a cell `total` pt wide (½ 字 for one narrow
 * mark, 1 or 2 字 for a ？！ run), ink centred as far as the neighbours'
 * boxes allow. The cell grows when the ink or the boxes need more (a
 * full-em interpunct between hanzi: see the header): ink is never clipped
 * and no box reaches into a neighbour's further than the rules above. */
static void place_run(lay_item *it, size_t n, size_t a, size_t k, float total)
{
    mark_box g[3];
    float o[3];
    for (size_t i = 0; i < k; i++)
        g[i] = box_of(&it[a + i]);
    float left = reach_left(a > 0 ? &it[a - 1] : NULL, &it[a]);
    float right = reach_right(&it[a + k - 1], a + k < n ? &it[a + k] : NULL);
    float lo0 = run_origins(it + a, g, k, total, left, o);
    float cell = fmaxf(o[k - 1] + g[k - 1].i1, o[k - 1] + g[k - 1].box - right);
    float d = fminf(cell - total, o[0] - lo0); /* moving left may save width */
    for (size_t i = 0; d > LAY_EPS && i < k; i++)
        o[i] -= d;
    cell = fmaxf(total, fmaxf(o[k - 1] + g[k - 1].i1, o[k - 1] + g[k - 1].box - right));
    float w = cell / (float)k;
    for (size_t i = 0; i < k; i++) {
        lay_item *m = &it[a + i];
        m->w = w, m->dx = o[i] - (float)i * w;
        m->room = 0, m->sq = 0, m->cls = LAY_C_NONE;
        m->flags &= (uint8_t)~LAY_F_HALF_END;
        if (i + 1 < k)
            m->flags |= LAY_F_TIE;
    }
    /* a box past its cell would cross the measure at a line's end */
    lay_item *z = &it[a + k - 1];
    if (!is_qe(z->cp) && o[k - 1] + g[k - 1].box - cell > 0.5f && z->brk == LAY_BRK_ALLOW)
        z->brk = LAY_BRK_NO;
}

/* ½ 字 marks, and runs of full-width ？！: ??, !!, ?!, !? take 1 字, ??? 2
 * (§5.1.2); longer runs keep 1 字 a mark. No justification space goes
 * beside a connector or solidus, nor inside a run. */
static void narrow_marks(lay_item *it, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (is_joiner(it[i].cp)) {
            it[i].flags |= LAY_F_TIE;
            if (i > 0)
                it[i - 1].flags |= LAY_F_TIE;
        }
        if (is_half_mark(it[i].cp)) {
            place_run(it, n, i, 1, it[i].zi / 2);
            continue;
        }
        size_t k = 0;
        while (i + k < n && is_qe(it[i + k].cp) && (it[i + k].flags & LAY_F_FULL))
            k++;
        if (k == 2 || k == 3)
            place_run(it, n, i, k, (float)(k - 1) * it[i].zi);
        i += k ? k - 1 : 0;
    }
}

/* The UAX #14 opinion, then the tailoring and prohibitions of STANDARDS §3. */
void lay_mark_breaks(lay_ctx *c, lay_item *it, size_t n)
{
    if (n == 0)
        return;
    pthread_once(&unibreak_once, unibreak_init);
    utf32_t *cps = core_arena_alloc(c->tmp, n * sizeof *cps);
    char *brks = core_arena_alloc(c->tmp, n);
    for (size_t i = 0; i < n; i++)
        cps[i] = it[i].cp;
    set_linebreaks_utf32(cps, n, "zh", brks);
    for (size_t i = 0; i < n; i++) {
        uint8_t b = brks[i] == LINEBREAK_MUSTBREAK   ? LAY_BRK_MUST
                    : brks[i] == LINEBREAK_ALLOWBREAK ? LAY_BRK_ALLOW
                                                      : LAY_BRK_NO;
        if (i + 1 == n || (it[i].flags & LAY_F_FORCE)) {
            it[i].brk = LAY_BRK_MUST;
            continue;
        }
        uint32_t a = it[i].cp, z = it[i + 1].cp;
        if (b == LAY_BRK_ALLOW &&
            (lay_is_no_start(z) || lay_is_no_end(a) || (a == z && is_pair_mark(a)) ||
             z == 0x00B7 || z == 0xFF5E))
            b = LAY_BRK_NO;
        /* Latin words and numbers hold together whatever UAX #14 says */
        if (b == LAY_BRK_ALLOW && (it[i].flags & LAY_F_ALNUM) && (it[i + 1].flags & LAY_F_ALNUM))
            b = LAY_BRK_NO;
        it[i].brk = b;
        bool word = b == LAY_BRK_NO && !(it[i].flags & (LAY_F_FULL | LAY_F_SPACE)) &&
                    !(it[i + 1].flags & (LAY_F_FULL | LAY_F_SPACE));
        if ((a == z && is_pair_mark(a)) || word)
            it[i].flags |= LAY_F_TIE;
    }
    narrow_marks(it, n);
    compress_pairs(it, n);
}

/* The width of items [s, e] as set at a line's end: trailing spaces dropped,
 * a final ½ em mark halved when `half`. */
static float line_width(const lay_item *it, size_t s, size_t e, bool half)
{
    float w = 0;
    while (e > s && (it[e].flags & LAY_F_SPACE))
        e--;
    for (size_t k = s; k <= e; k++)
        w += it[k].w;
    if (half && (it[e].flags & LAY_F_HALF_END))
        w -= it[e].w - it[e].size / 2; /* the mark keeps ½ em of its own size */
    return w;
}

/* Does [s, e] fit `avail`, its width without trailing spaces being `w`
 * (line_width(it, s, e, false))? Sets *half when only a ½ em final mark
 * makes it. */
static bool fits_width(const lay_item *it, size_t s, size_t e, float w, float avail,
                       float shrink, bool *half)
{
    *half = false;
    if (w <= avail + LAY_EPS)
        return true;
    if (shrink < 0)
        return false; /* no hanging marks here */
    size_t last = e;
    while (last > s && (it[last].flags & LAY_F_SPACE))
        last--;
    if (!(it[last].flags & LAY_F_HALF_END))
        return false;
    *half = true;
    float over = w - (it[last].w - it[last].size / 2) - avail; /* as line_width(.., true) */
    if (over <= LAY_EPS)
        return true;
    /* squeezing the gaps: at most ⅛ em each, so glyphs never collide */
    size_t gaps = 0;
    for (size_t k = s; k < last; k++)
        gaps += !(it[k].flags & LAY_F_TIE);
    return over <= shrink + LAY_EPS && over <= (float)gaps * 0.125f * it[last].size + LAY_EPS;
}

static bool line_fits(const lay_item *it, size_t s, size_t e, float avail, float shrink,
                      bool *half)
{
    return fits_width(it, s, e, line_width(it, s, e, false), avail, shrink, half);
}

/* The end of the line starting at `s`: the last allowed break that fits;
 * failing that, the last item that fits (a prohibition bent: *bent). The
 * width of [s, e] is kept as e grows, added in line_width's order, so
 * that each candidate costs one addition, not a pass over the line. */
static size_t find_end(const lay_item *it, size_t n, size_t s, float avail, float shrink,
                       bool *bent)
{
    size_t best = SIZE_MAX, fallback = s;
    float sum = 0, w = 0; /* w: the sum up to the last item not a space */
    bool half;
    *bent = false;
    for (size_t e = s; e < n; e++) {
        sum += it[e].w;
        if (e == s || !(it[e].flags & LAY_F_SPACE))
            w = sum;
        bool fits = fits_width(it, s, e, w, avail, shrink, &half);
        if (fits)
            fallback = e;
        if (fits && it[e].brk != LAY_BRK_NO)
            best = e;
        if (it[e].brk == LAY_BRK_MUST || sum > avail + shrink + 2 * it[e].size + LAY_EPS)
            break;
    }
    if (best != SIZE_MAX)
        return best;
    *bent = true;
    return fallback;
}

/* Set x on items [s, e]: from `x0`, spreading `avail - width` over the gaps
 * when `stretch` (or whenever the line is too wide: it must shrink). */
static void set_line(lay_item *it, size_t s, size_t e, float x0, float avail, bool stretch,
                     bool half)
{
    size_t last = e;
    while (last > s && (it[last].flags & LAY_F_SPACE))
        last--;
    float w = line_width(it, s, e, half);
    float diff = avail - w;
    size_t gaps = 0;
    for (size_t k = s; k < last; k++)
        if (!(it[k].flags & LAY_F_TIE))
            gaps++;
    float per = 0;
    if (gaps && (diff < -LAY_EPS || (stretch && diff > LAY_EPS)))
        per = diff / (float)gaps;
    float x = x0;
    for (size_t k = s; k <= e; k++) {
        it[k].x = x;
        x += it[k].w;
        if (k < last && !(it[k].flags & LAY_F_TIE))
            x += per;
    }
}

static void push_line(lay_ctx *c, lay_lines *out, lay_item *it, size_t s, size_t e)
{
    while (e > s && (it[e].flags & LAY_F_SPACE))
        e--; /* trailing spaces are not drawn */
    lay_line l = {.items = it + s, .n = e - s + 1};
    for (size_t k = s; k <= e; k++)
        if (it[k].size > l.size)
            l.size = it[k].size;
    core_vec_push(c->tmp, out, l);
}

/* ---- justified paragraphs: total fit --------------------------------------- */

/* A candidate line [s, e]: what it is made of and what it can give. */
typedef struct line_fit {
    size_t last;          /* last drawn item (trailing spaces dropped) */
    float w;              /* natural width, pt */
    float cap[LAY_C_COUNT]; /* what each shrink class can give, pt */
    float capsum;
    size_t chars;         /* characters that may stand alone (not marks) */
    size_t gaps;          /* gaps a stretch is spread over */
} line_fit;

/* The class item k's room counts in on a line [s, last]: the last mark's
 * empty right half is END, and only a mark whose empty half is on the right
 * may give it there; an opening bracket starting a line keeps its left half. */
static int room_class(const lay_item *it, size_t k, size_t s, size_t last, bool cont)
{
    if (it[k].room <= LAY_EPS)
        return LAY_C_NONE;
    if (k == last)
        return it[k].sq == LAY_SQ_R ? LAY_C_END : LAY_C_NONE;
    if (k == s && it[k].sq == LAY_SQ_L)
        return LAY_C_NONE; /* see the header: a line's left edge stays on the grid */
    return it[k].cls;
}

static void fit_line(const lay_item *it, size_t s, size_t e, bool cont, line_fit *f)
{
    memset(f, 0, sizeof *f);
    size_t last = e;
    while (last > s && (it[last].flags & LAY_F_SPACE))
        last--;
    f->last = last;
    for (size_t k = s; k <= last; k++) {
        f->w += it[k].w + (k < last ? it[k].gap : 0);
        int cls = room_class(it, k, s, last, cont);
        f->cap[cls] += cls ? it[k].room : 0;
        if (k < last && it[k].gap > 0.125f * it[k].size)
            f->cap[LAY_C_GAP] += it[k].gap - 0.125f * it[k].size;
        if (!(it[k].flags & LAY_F_SPACE) && !lay_is_no_start(it[k].cp))
            f->chars++;
        if (k < last && !(it[k].flags & LAY_F_TIE))
            f->gaps++;
    }
    for (int k = 1; k < LAY_C_COUNT; k++)
        f->capsum += f->cap[k];
}

/* The incremental form of fit_line for the breaker: add item k of a line
 * starting at s as one that is not the line's last. */
static void fit_interior(line_fit *acc, const lay_item *it, size_t k, size_t s)
{
    acc->w += it[k].w + it[k].gap;
    int cls = room_class(it, k, s, SIZE_MAX, true);
    acc->cap[cls] += cls ? it[k].room : 0;
    if (it[k].gap > 0.125f * it[k].size)
        acc->cap[LAY_C_GAP] += it[k].gap - 0.125f * it[k].size;
    if (!(it[k].flags & LAY_F_SPACE) && !lay_is_no_start(it[k].cp))
        acc->chars++;
    if (!(it[k].flags & LAY_F_TIE))
        acc->gaps++;
}

/* `acc` (the items before `last`) closed by `last`: the line's fit, as
 * fit_line gives it. */
static void fit_close(const line_fit *acc, const lay_item *it, size_t last, size_t s,
                      line_fit *f)
{
    *f = *acc;
    f->last = last;
    f->w += it[last].w;
    int cls = room_class(it, last, s, last, true);
    f->cap[cls] += cls ? it[last].room : 0;
    if (!(it[last].flags & LAY_F_SPACE) && !lay_is_no_start(it[last].cp))
        f->chars++;
    f->capsum = 0;
    for (int k = 1; k < LAY_C_COUNT; k++)
        f->capsum += f->cap[k];
}

/* Demerits of a line (lower is better). Shrinking punctuation is cheaper
 * than stretching the gaps between characters (clreq: shrink first, then
 * stretch); the line-end mark's half is the cheapest of all. A line that
 * cannot fit returns INFINITY. */
static float line_cost(const line_fit *f, float avail, bool last, float em)
{
    float over = f->w - avail;
    if (over > f->capsum + LAY_EPS)
        return INFINITY;
    float cost = 1; /* per line: fewer lines win ties */
    if (over > LAY_EPS) {
        float end = fminf(over, f->cap[LAY_C_END]) / em, rest = (over / em) - end;
        cost += end * end + 10 * rest * rest;
    } else if (!last) {
        float st = -over / em; /* per gap: the same stretch over more gaps shows less */
        cost += 100 * st * st * 27 / (float)(f->gaps + 1);
    }
    return cost;
}

/* Shrink the items of a line by `need` pt, class by class; within a class
 * every member gives the same share of its room. */
static void apply_shrink(lay_item *it, size_t s, const line_fit *f, bool cont, float need)
{
    float ratio[LAY_C_COUNT] = {0};
    for (int k = 1; k < LAY_C_COUNT && need > LAY_EPS; k++) {
        float take = fminf(need, f->cap[k]);
        ratio[k] = f->cap[k] > 0 ? take / f->cap[k] : 0;
        need -= take;
    }
    for (size_t k = s; k <= f->last; k++) {
        int cls = room_class(it, k, s, f->last, cont);
        if (cls)
            squeeze(&it[k], it[k].room * ratio[cls]);
        if (k < f->last && ratio[LAY_C_GAP] > 0 && it[k].gap > 0.125f * it[k].size)
            it[k].gap -= (it[k].gap - 0.125f * it[k].size) * ratio[LAY_C_GAP];
    }
}

/* Set a line's positions: shrink what must shrink, then spread what is left
 * over the gaps between characters when `stretch`. */
static void set_fitted(lay_item *it, size_t s, size_t e, bool cont, float x0, float avail,
                       bool stretch)
{
    line_fit f;
    fit_line(it, s, e, cont, &f);
    if (f.w > avail + LAY_EPS)
        apply_shrink(it, s, &f, cont, f.w - avail);
    fit_line(it, s, e, cont, &f);
    size_t gaps = 0;
    for (size_t k = s; k < f.last; k++)
        gaps += !(it[k].flags & LAY_F_TIE);
    float per = stretch && gaps && avail - f.w > LAY_EPS ? (avail - f.w) / (float)gaps : 0;
    float x = x0;
    for (size_t k = s; k <= e; k++) {
        it[k].x = x;
        x += it[k].w;
        if (k < f.last)
            x += it[k].gap + ((it[k].flags & LAY_F_TIE) ? 0 : per);
    }
}

/* The demerits of the line from break `i` (first drawn item `s`) to `e` of
 * segment [a, b]; INFINITY when it does not fit, and *stop when no longer
 * line from `i` can fit either. A break against the rules costs more than
 * any other line, a last line holding one character more than any
 * shrinking or stretching that avoids it (GB/T 15834 §5.1.11). */
static float line_demerits(const lay_item *it, size_t a, size_t b, size_t i, size_t s,
                           size_t e, const lay_para *p, bool head, const line_fit *f,
                           bool *stop)
{
    *stop = false;
    bool last = e == b;
    float em = it[s].size > 0 ? it[s].size : 16;
    float lc = line_cost(f, p->measure - (head ? p->indent : 0), last, em);
    if (!isfinite(lc)) {
        if (e > s) {
            *stop = true;
            return INFINITY;
        }
        lc = 1e7f; /* one item wider than the measure: it must go somewhere */
    }
    if (!last && it[e].brk == LAY_BRK_NO)
        lc += 1e6f;
    if (last && f->chars == 1 && i > a)
        lc += 1e4f;
    return lc;
}

/* Every line segment [a, b] may be broken into, from each break: line k
 * starts at break i (0 ≤ i - a ≤ b - a) and ends at item end[k] with
 * demerits lc[k], for k in [off[i - a], off[i - a + 1]), ends rising. The
 * same for any number of lines, so the breaker measures each candidate line
 * once however many line counts it tries. */
typedef struct line_edges {
    size_t *off;
    size_t *end;
    float *lc;
} line_edges;

static void find_edges(core_arena *ar, const lay_item *it, size_t a, size_t b,
                       const lay_para *p, bool first, line_edges *g)
{
    size_t m = b - a + 2, n = 0, cap = 4 * m;
    g->off = core_arena_alloc(ar, m * sizeof *g->off);
    g->end = core_arena_alloc(ar, cap * sizeof *g->end);
    g->lc = core_arena_alloc(ar, cap * sizeof *g->lc);
    for (size_t i = a; i <= b; i++) {
        g->off[i - a] = n;
        if (i > a && it[i - 1].brk == LAY_BRK_MUST)
            continue;
        bool head = first && i == a, stop;
        size_t s = i;
        while (!head && s < b && (it[s].flags & LAY_F_SPACE))
            s++;
        line_fit acc = {0}, f;
        size_t drawn = s; /* the line's last drawn item: spaces end no line */
        for (size_t e = s; e <= b; e++) {
            if (e > s && !(it[e].flags & LAY_F_SPACE)) {
                for (size_t k = drawn; k < e; k++)
                    fit_interior(&acc, it, k, s);
                drawn = e;
            }
            if (e < b && (it[e].flags & LAY_F_SPACE) && (it[e + 1].flags & LAY_F_SPACE))
                continue; /* a line ends at a run of spaces' last: linear in the run */
            fit_close(&acc, it, drawn, s, &f);
            float lc = line_demerits(it, a, b, i, s, e, p, head, &f, &stop);
            if (stop)
                break;
            if (n == cap) { /* the arena keeps the old copies: doubling bounds them */
                size_t *ne = core_arena_alloc(ar, 2 * cap * sizeof *ne);
                float *nc = core_arena_alloc(ar, 2 * cap * sizeof *nc);
                memcpy(ne, g->end, n * sizeof *ne);
                memcpy(nc, g->lc, n * sizeof *nc);
                g->end = ne, g->lc = nc, cap *= 2;
            }
            g->end[n] = e, g->lc[n] = lc, n++;
        }
    }
    g->off[m - 1] = n;
}

/* The candidate lines of the segment starting at item a, kept per block. */
struct lay_edges {
    size_t a, b;
    line_edges g;
    lay_edges *next;
};

/* The candidate lines of segment [a, b]: kept from another looseness of
 * the same paragraph (p->edges), or found (and kept there, in c->keep:
 * they outlive the block's items). */
static const line_edges *segment_edges(lay_ctx *c, const lay_item *it, size_t a, size_t b,
                                       const lay_para *p, bool first)
{
    for (lay_edges *k = p->edges ? *p->edges : NULL; k; k = k->next)
        if (k->a == a && k->b == b)
            return &k->g;
    core_arena *ar = p->edges && c->keep ? c->keep : c->tmp;
    lay_edges *k = core_arena_alloc(ar, sizeof *k);
    k->a = a, k->b = b;
    find_edges(ar, it, a, b, p, first, &k->g);
    if (p->edges)
        k->next = *p->edges, *p->edges = k;
    return &k->g;
}

/* The best breaks of one forced-break segment [a, b] of a justified
 * paragraph: dynamic programming over line starts, in `layers` + 1 layers
 * of m = b - a + 2 entries. With layers == 0 any number of lines (one
 * layer), else exactly `layers` lines. cost[l * m + e + 1 - a] is the least
 * cost of l lines ending at e (layer 0 when free); from[] the start of the
 * last of them. Returns the total cost. No line starts from a break that
 * already costs more than `limit` (demerits are positive: no such path can
 * end within it), so a caller that refuses totals above `limit` sees the
 * same result, and the layers stay a band around the best fit. */
static float best_breaks(const lay_item *it, size_t a, size_t b, const line_edges *g,
                         size_t layers, float limit, float *cost, size_t *from)
{
    size_t m = b - a + 2, nl = layers ? layers : 1;
    for (size_t i = 0; i < (layers ? layers + 1 : 1) * m; i++)
        cost[i] = INFINITY;
    cost[0] = 0;
    for (size_t l = 0; l < nl; l++) {
        size_t in = layers ? l * m : 0, to = layers ? (l + 1) * m : 0;
        for (size_t i = a; i <= b; i++) {
            if (!(cost[in + i - a] <= limit) || (i > a && it[i - 1].brk == LAY_BRK_MUST))
                continue;
            for (size_t k = g->off[i - a]; k < g->off[i - a + 1]; k++) {
                size_t e = g->end[k];
                float v = cost[in + i - a] + g->lc[k];
                if (v < cost[to + e + 1 - a])
                    cost[to + e + 1 - a] = v, from[to + e + 1 - a] = i;
            }
        }
    }
    return cost[(layers ? layers * m : 0) + b + 1 - a];
}

/* Line ends of the best breaks, last first, into ends[]; their number. */
static size_t trace_breaks(size_t a, size_t b, size_t layers, const size_t *from, size_t *ends)
{
    size_t m = b - a + 2, nl = 0, l = layers;
    for (size_t e = b + 1; e > a; l -= layers ? 1 : 0) {
        ends[nl++] = e - 1;
        e = from[(layers ? l * m : 0) + e - a];
    }
    return nl;
}

/* The ends of the lines of segment [a, b]: the best fit, or with
 * p->looseness lines more (or fewer) when that costs little more (the page
 * step asks for it to keep the signature with the body). */
static size_t choose_breaks(lay_ctx *c, const lay_item *it, size_t a, size_t b,
                            const lay_para *p, bool first, size_t *ends)
{
    size_t m = b - a + 2;
    float *cost = core_arena_alloc(c->tmp, m * sizeof *cost);
    size_t *from = core_arena_alloc(c->tmp, m * sizeof *from);
    const line_edges *g = segment_edges(c, it, a, b, p, first);
    float free_cost = best_breaks(it, a, b, g, 0, INFINITY, cost, from);
    size_t nl = trace_breaks(a, b, 0, from, ends);
    long want = (long)nl + p->looseness;
    if (p->looseness == 0 || want < 1 || (size_t)want > m - 1)
        return nl;
    size_t k = (size_t)want;
    float *kc = core_arena_alloc(c->tmp, (k + 1) * m * sizeof *kc);
    size_t *kf = core_arena_alloc(c->tmp, (k + 1) * m * sizeof *kf);
    /* on average no line stretched or squeezed by much more than an em */
    float limit = free_cost + 110 * (float)k;
    float v = best_breaks(it, a, b, g, k, limit, kc, kf);
    if (!isfinite(v) || v > limit)
        return nl;
    return trace_breaks(a, b, k, kf, ends);
}

static core_status justify_segment(lay_ctx *c, lay_item *it, size_t a, size_t b,
                                   const lay_para *p, bool first, lay_lines *out)
{
    size_t *ends = core_arena_alloc(c->tmp, (b - a + 2) * sizeof *ends);
    size_t nl = choose_breaks(c, it, a, b, p, first, ends);
    for (size_t l = nl; l > 0; l--) {
        size_t e = ends[l - 1], i = l == nl ? a : ends[l] + 1;
        bool head = first && i == a;
        size_t s = i;
        while (!head && s < e && (it[s].flags & LAY_F_SPACE))
            s++;
        if (e < b && it[e].brk == LAY_BRK_NO)
            core_diag_at(c->d, c->doc->src, it[e].src == LAY_NO_SRC ? 0 : it[e].src,
                         CORE_WARNING, "W-break",
                         "no allowed line break fits here; the line is broken against "
                         "the line-breaking rules");
        float indent = head ? p->indent : 0;
        set_fitted(it, s, e, !head, indent, p->measure - indent, e < b);
        push_line(c, out, it, s, e);
    }
    return CORE_OK;
}

/* A justified paragraph: segments between forced breaks, each broken for
 * the best total fit. */
static core_status justify(lay_ctx *c, lay_item *it, size_t n, const lay_para *p,
                           lay_lines *out)
{
    core_status st = CORE_OK;
    for (size_t a = 0, e = 0; e < n; e++)
        if (it[e].brk == LAY_BRK_MUST || e + 1 == n) {
            CORE_CHECK(justify_segment(c, it, a, e, p, a == 0, out));
            a = e + 1;
        }
done:
    return st;
}

/* The lines of a paragraph set line by line (not justified as a whole):
 * each the longest that fits. With `out`, the lines are set and pushed and
 * a bent prohibition reported; without, they are only counted. */
static size_t greedy_lines(lay_ctx *c, lay_item *it, size_t n, const lay_para *p,
                           lay_lines *out)
{
    size_t s = 0, lines = 0;
    bool first = true;
    while (s < n) {
        while (s < n && (it[s].flags & LAY_F_SPACE) && !first)
            s++; /* a space never starts a continued line */
        if (s == n)
            break;
        float indent = first ? p->indent : 0;
        float avail = p->measure - indent;
        float shrink = p->no_hang ? -1 : p->shrink;
        bool bent, half;
        size_t e = find_end(it, n, s, avail, shrink, &bent);
        lines++;
        if (out) {
            if (bent && e + 1 < n)
                core_diag_at(c->d, c->doc->src, it[e].src == LAY_NO_SRC ? 0 : it[e].src,
                             CORE_WARNING, "W-break",
                             "no allowed line break fits here; the line is broken against "
                             "the line-breaking rules");
            line_fits(it, s, e, avail, shrink, &half);
            bool last = e + 1 >= n || it[e].brk == LAY_BRK_MUST;
            float w = line_width(it, s, e, half);
            float x0 = indent;
            if (p->align == LAY_CENTER && w < avail)
                x0 += (avail - w) / 2;
            else if (p->align == LAY_RIGHT && w < avail)
                x0 += avail - w;
            set_line(it, s, e, x0, avail, p->align == LAY_JUSTIFY && !last, half);
            push_line(c, out, it, s, e);
        }
        s = e + 1;
        first = false;
    }
    return lines;
}

core_status lay_break_lines(lay_ctx *c, lay_item *it, size_t n, const lay_para *p,
                            lay_lines *out)
{
    if (p->align == LAY_JUSTIFY && !p->no_hang)
        return justify(c, it, n, p, out);
    greedy_lines(c, it, n, p, out);
    return CORE_OK;
}

size_t lay_count_lines(const lay_item *it, size_t n, const lay_para *p)
{
    /* counting sets nothing: the items are only read */
    return greedy_lines(NULL, (lay_item *)it, n, p, NULL);
}

/* ---- titles ---------------------------------------------------------------- */

/* A break after item i of a title is better at a phrase's edge: after 年,
 * or before 政府信息公开 / 年度报告. Returns a cost bonus (≤ 0). */
static float title_bonus(const lay_item *it, size_t n, size_t i)
{
    static const uint32_t before[][6] = {
        {0x653F, 0x5E9C, 0x4FE1, 0x606F, 0x516C, 0x5F00}, /* 政府信息公开 */
        {0x5E74, 0x5EA6, 0x62A5, 0x544A, 0, 0},           /* 年度报告 */
    };
    if (it[i].cp == 0x5E74 && !(i + 3 < n && it[i + 1].cp == 0x5EA6 && it[i + 2].cp == 0x62A5))
        return -0.5f; /* 年 ending a date, not the 年 of 年度报告 */
    for (size_t k = 0; k < 2; k++) {
        size_t j = 0;
        while (j < 6 && before[k][j] && i + 1 + j < n && it[i + 1 + j].cp == before[k][j])
            j++;
        if (j == 6 || !before[k][j])
            return -0.5f;
    }
    return 0;
}

/* Mark in `inside` every break (after item i) that would split one of the
 * UTF-8 `term`'s occurrences in the title. */
static void mark_term(const lay_item *it, size_t n, const char *term, bool *inside)
{
    uint32_t cps[64];
    size_t m = 0, len = strlen(term);
    for (size_t i = 0; i < len && m < 64;) {
        size_t k = core_utf8_decode(term + i, len - i, &cps[m]);
        if (k == 0)
            return;
        i += k, m++;
    }
    for (size_t i = 0; m > 1 && i + m <= n; i++) {
        size_t j = 0;
        while (j < m && it[i + j].cp == cps[j])
            j++;
        for (size_t k = i; j == m && k + 1 < i + m; k++)
            inside[k] = true;
    }
}

/* Breaks a title line should not take: inside the layout's terms
 * ([title] terms), the agency's name and a year (2022年). */
static bool *title_inside(lay_ctx *c, const lay_item *it, size_t n)
{
    bool *inside = core_arena_alloc(c->tmp, (n + 1) * sizeof *inside);
    for (size_t t = 0; t < c->s->ntitle_terms; t++)
        mark_term(it, n, c->s->title_terms[t], inside);
    if (c->doc->meta.agency)
        mark_term(it, n, c->doc->meta.agency, inside);
    for (size_t i = 0; i + 1 < n; i++)
        if ((it[i].flags & LAY_F_ALNUM) && it[i].cp <= '9' &&
            ((it[i + 1].flags & LAY_F_ALNUM) || it[i + 1].cp == 0x5E74))
            inside[i] = true;
    return inside;
}

/* The cost of a title split: unequal lines cost, a break inside a term
 * costs more than any imbalance, and a first line longer than the second
 * costs more than imbalance too: two lines are 上短下长, three a trapezoid
 * (each longer) or a diamond (the middle longest), GB/T 9704 §7.3.1. */
static float title_split_cost(const lay_item *it, size_t n, const float *pw, const bool *inside,
                              const size_t *cut, size_t k, float maxw)
{
    float total = pw[n], target = total / (float)k, cost = 0, prev = 0;
    for (size_t l = 0; l < k; l++) {
        float w = pw[cut[l + 1]] - pw[cut[l]];
        if (w > maxw + LAY_EPS)
            return INFINITY;
        float d = (w - target) / it[0].size;
        cost += d * d;
        if (l == 1 && prev > w + 0.5f * it[0].size)
            cost += 50; /* top over second: neither trapezoid nor diamond */
        prev = w;
        if (l + 1 < k) {
            size_t e = cut[l + 1] - 1;
            if (it[e].brk == LAY_BRK_NO)
                return INFINITY;
            cost += inside[e] ? 1000 : title_bonus(it, n, e);
        }
    }
    return cost;
}

/* Up to three lines, every split tried (a title has few characters): the
 * fewest lines, then the least cost. False when no split of ≤ 3 lines fits. */
static bool title_shape(lay_ctx *c, lay_item *it, size_t n, float maxw, float measure,
                        lay_lines *out)
{
    float *pw = core_arena_alloc(c->tmp, (n + 1) * sizeof *pw);
    for (size_t i = 0; i < n; i++)
        pw[i + 1] = pw[i] + it[i].w;
    bool *inside = title_inside(c, it, n);
    size_t best[4] = {0}, cut[4] = {0};
    for (size_t k = 1; k <= 3; k++) {
        float bc = INFINITY;
        cut[0] = 0, cut[k] = n;
        for (size_t a = 1; a < (k > 1 ? n : 2); a++)
            for (size_t b = k > 2 ? a + 1 : n; b < n || (k <= 2 && b == n); b++) {
                if (k >= 2)
                    cut[1] = a;
                if (k == 3)
                    cut[2] = b;
                float v = title_split_cost(it, n, pw, inside, cut, k, maxw);
                if (v < bc)
                    bc = v, memcpy(best, cut, sizeof cut);
                if (k == 1)
                    break;
            }
        if (!isfinite(bc))
            continue;
        for (size_t l = 0; l < k; l++) {
            float w = line_width(it, best[l], best[l + 1] - 1, false);
            set_line(it, best[l], best[l + 1] - 1, (measure - w) / 2, measure, false, false);
            push_line(c, out, it, best[l], best[l + 1] - 1);
        }
        return true;
    }
    return false;
}

/* Balanced lines for one forced-break segment of a title: the split into the
 * fewest lines of at most `maxw` whose widths are most equal. */
static core_status title_segment(lay_ctx *c, lay_item *it, size_t n, float maxw, float measure,
                                 lay_lines *out)
{
    if (n <= LAY_TITLE_BALANCE_MAX && title_shape(c, it, n, maxw, measure, out))
        return CORE_OK;
    float total = line_width(it, 0, n - 1, false);
    size_t k = (size_t)ceilf(total / maxw - LAY_EPS);
    if (k < 1)
        k = 1;
    size_t *cut = core_arena_alloc(c->tmp, (k + 1) * sizeof *cut);
    bool found = false;
    /* Balancing is cubic in the title's length: fine for the line or three a
     * title has, not for the 2000-character "title" fuzzing fed it (45 s and
     * 8 GB). Past a few lines, or when a few more lines than the minimum do
     * not help, first-fit below is the answer. */
    size_t kmax = k + 2;
    if (n > LAY_TITLE_BALANCE_MAX)
        kmax = 0;
    for (; !found && k <= n && k <= kmax; k++) {
        /* dp over (line count, end): least cost of lines ending at the end */
        float *cost = core_arena_alloc(c->tmp, (k + 1) * (n + 1) * sizeof *cost);
        size_t *from = core_arena_alloc(c->tmp, (k + 1) * (n + 1) * sizeof *from);
        float target = total / (float)k;
        for (size_t i = 0; i < (k + 1) * (n + 1); i++)
            cost[i] = INFINITY;
        cost[0] = 0;
        for (size_t l = 1; l <= k; l++)
            for (size_t e = 1; e <= n; e++) {
                if (e < n && it[e - 1].brk == LAY_BRK_NO)
                    continue;
                for (size_t s = 0; s < e; s++) {
                    float prev = cost[(l - 1) * (n + 1) + s];
                    if (!isfinite(prev))
                        continue;
                    float w = line_width(it, s, e - 1, false);
                    if (w > maxw + LAY_EPS)
                        continue;
                    float d = (w - target) / it[0].size;
                    float v = prev + d * d + (e < n ? title_bonus(it, n, e - 1) : 0);
                    if (v < cost[l * (n + 1) + e])
                        cost[l * (n + 1) + e] = v, from[l * (n + 1) + e] = s;
                }
            }
        if (!isfinite(cost[k * (n + 1) + n]))
            continue;
        found = true;
        cut = core_arena_alloc(c->tmp, (k + 1) * sizeof *cut);
        size_t e = n;
        for (size_t l = k; l > 0; l--)
            cut[l] = e, e = from[l * (n + 1) + e];
        cut[0] = 0;
        for (size_t l = 0; l < k; l++) {
            float w = line_width(it, cut[l], cut[l + 1] - 1, false);
            set_line(it, cut[l], cut[l + 1] - 1, (measure - w) / 2, measure, false, false);
            push_line(c, out, it, cut[l], cut[l + 1] - 1);
        }
    }
    if (!found) { /* no break fits: fall back to first-fit, centred */
        lay_para p = {.measure = measure, .align = LAY_CENTER};
        return lay_break_lines(c, it, n, &p, out);
    }
    return CORE_OK;
}

core_status lay_break_title(lay_ctx *c, lay_item *it, size_t n, float measure, lay_lines *out)
{
    core_status st = CORE_OK;
    if (n == 0)
        return st;
    float maxw = c->s->title_max_chars * it[0].size;
    if (maxw > measure || maxw <= 0)
        maxw = measure;
    size_t s = 0;
    for (size_t e = 0; e < n; e++)
        if (it[e].brk == LAY_BRK_MUST) {
            CORE_CHECK(title_segment(c, it + s, e - s + 1, maxw, measure, out));
            s = e + 1;
        }
done:
    return st;
}
