/*
 * layout.c: the document model onto pages, as a list of steps.
 *
 *   1. geometry: the text area and the grid from the style
 *   2. flow: every block into entries (title, headings, paragraphs, tables,
 *      breaks, the signature), lines broken and justified (para.c, break.c,
 *      table.c)
 *   3. pages: the entries onto pages of grid lines (page.c)
 *   4. page numbers, bookmarks' metadata
 *   5. when the signature had to leave a short page behind, the steps again
 *      with the last paragraph a line tighter or looser (layout_document)
 *
 * Each pass has a scratch arena dropped at its end; the blocks' flows
 * (lines broken, tables measured) are kept across the passes of one
 * document in a memo (para.c), so a mending pass breaks again only the
 * paragraphs whose looseness it changes and re-runs pagination: a pass
 * costs what placing the pages costs. Trial passes are dry (pages without
 * ops: a trial needs only where a page is left short), and the layout kept
 * is laid out once more with its ops. The display list owns its own. On any error the list is dropped and *out stays NULL.
 * Caller: the engine, once per report.
 */
#include "layout-imp.h"

#include <stdlib.h>
#include <string.h>

static void set_meta(const doc_document *doc, dl_list *dl)
{
    const doc_meta *m = &doc->meta;
    core_arena *a = dl->arena;
    dl->meta.title = m->title ? core_arena_strdup(a, m->title) : NULL;
    dl->meta.author = m->agency ? core_arena_strdup(a, m->agency) : NULL;
    dl->meta.subject = m->subject ? core_arena_strdup(a, m->subject) : NULL;
    dl->meta.keywords = m->keywords ? core_arena_strdup(a, m->keywords) : NULL;
    dl->meta.creator = "gongwen";
    dl->meta.lang = "zh-CN";
    dl->meta.year = m->date.year;
    dl->meta.month = m->date.month;
    dl->meta.day = m->date.day;
}

static core_status check_fonts(const layout_fonts *f, core_diags *d)
{
    for (int r = 0; r < LAYOUT_ROLE_COUNT; r++)
        if (r != LAYOUT_ROLE_FALLBACK && r != LAYOUT_ROLE_LATIN && !f->face[r]) {
            core_diag_at(d, NULL, 0, CORE_ERROR, "E-font", "no face resolved for role %s",
                         lay_role_name(r));
            return CORE_EFONT;
        }
    return CORE_OK;
}

/* What a pass says about its pages: the first one left short from a given
 * page on (SIZE_MAX: none), the block of the chain that left it, how bad
 * (1: short; 2: the signature opens the next page alone), and whether the
 * signature opens a page anywhere. */
typedef struct lay_verdict {
    size_t page, block;
    int sev;
    bool sig_alone;
} lay_verdict;

/* One pass of steps 1–4 with each block re-broken loose[block] lines
 * longer or shorter (loose may be NULL); *v says where the page step first
 * left a page short, from page `from` on. The list goes to *out (NULL on
 * error). A trial (`beat`: the verdict it must better) is dry, its pages
 * holding no ops, and stops where it is known not to better `beat`. */
static core_status layout_pass(const doc_document *doc, const layout_style *s,
                               const layout_fonts *f, lay_memo *memo, core_diags *d,
                               const int *loose, size_t from, const lay_verdict *beat,
                               dl_list **out, lay_verdict *v)
{
    core_status st = CORE_OK;
    *out = NULL;
    lay_ctx c = {.doc = doc, .s = s, .f = f, .d = d, .loose = loose, .short_from = from,
                 .short_page = SIZE_MAX, .short_block = SIZE_MAX, .memo = memo,
                 .dry = beat != NULL, .lost_page = SIZE_MAX};
    if (beat && beat->page != SIZE_MAX)
        c.lost_page = beat->page, c.lost_sev = beat->sev;
    c.tmp = core_arena_new();
    c.dl = dl_list_new();
    CORE_CHECK(check_fonts(f, d));
    /* 1. geometry */
    c.measure = s->page_w - s->margin_left - s->margin_right;
    c.height = s->page_h - s->margin_top - s->margin_bottom;
    c.grid_scale = s->char_pitch / s->font[LAYOUT_ROLE_BODY].size;
    set_meta(doc, c.dl);
    /* 2. flow */
    lay_entries entries = {0};
    CORE_CHECK(lay_flow_blocks(&c, &entries));
    /* 3. pages */
    CORE_CHECK(lay_paginate(&c, entries.v, entries.n));
    /* 4. page numbers */
    CORE_CHECK(lay_page_numbers(&c));
    *v = (lay_verdict){c.short_page, c.short_block, c.short_sev, c.sig_alone};
done:
    core_arena_drop(c.tmp);
    if (st != CORE_OK) {
        dl_list_drop(c.dl);
        return st;
    }
    *out = c.dl;
    return st;
}


/* The paragraphs a short page may be mended in: up to LAY_LOOSE_MAX
 * paragraphs (or run-in headings) from block `at` (where the moved chain
 * starts) back, nearest first, back to a page break; their number. */
static size_t loose_candidates(const doc_document *doc, size_t at, size_t *cand)
{
    size_t k = 0;
    for (size_t i = at + 1; at != SIZE_MAX && i > 0 && k < LAY_LOOSE_MAX; i--) {
        const doc_block *b = &doc->blocks[i - 1];
        if (b->kind == DOC_BLOCK_PARAGRAPH || (b->kind == DOC_BLOCK_HEADING && b->run_in))
            cand[k++] = i - 1;
        else if (b->kind == DOC_BLOCK_PAGEBREAK)
            break; /* lines before it do not move what follows */
        /* a table passes on a line more or less: it moves, and rows go over */
    }
    return k;
}

/* Trial t of the re-breaks of cand[0..k), in order of preference, added to
 * `base` into `loose`: one paragraph a line tighter (nearest first), one a
 * line looser, two a line looser each. False past the last trial. */
static bool loose_trial(size_t t, const size_t *cand, size_t k, const int *base, int *loose,
                        size_t nblocks)
{
    memcpy(loose, base, nblocks * sizeof *loose);
    if (t < k)
        return loose[cand[t]] -= 1, true;
    if ((t -= k) < k)
        return loose[cand[t]] += 1, true;
    t -= k;
    for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++)
            if (t-- == 0)
                return loose[cand[a]] += 1, loose[cand[b]] += 1, true;
    return false;
}

/* Mending short pages tries whole passes: at most this many, and fewer
 * for a longer document (blocks × passes ≤ LAY_MEND_WORK; a report has a
 * few dozen blocks and gets them all). */
#define LAY_MEND_MAX_PASSES 80
#define LAY_MEND_WORK 6000

/* Take trial (dl2, q2) over the current result. */
static void take(dl_list **out, core_diags *q, dl_list *dl2, core_diags *q2)
{
    dl_list_drop(*out);
    core_diags_free(q);
    *out = dl2, *q = *q2;
    memset(q2, 0, sizeof *q2);
}

/* The mending in progress: the best layout so far and where it stands. */
typedef struct mend {
    const doc_document *doc;
    const layout_style *s;
    const layout_fonts *f;
    lay_memo *memo;      /* the blocks' flows, shared by every pass */
    int *base, *loose;   /* per block: the re-breaks kept, the one on trial */
    dl_list *dl;         /* the layout of `base` */
    bool stale;          /* dl is a dry trial's: lay `base` out again */
    core_diags q;        /* its diagnostics */
    size_t floor;        /* pages before it are mended or stay short */
    lay_verdict v;       /* its first short page from `floor` */
    size_t budget;       /* passes left */
} mend;

/* Is verdict `b` (of a trial) better than `a` (of the layout so far)? Its
 * first short page comes later, or the same page is less bad, and it does
 * not leave the signature alone where `a` did not. */
static bool better(const lay_verdict *a, const lay_verdict *b)
{
    if (b->sig_alone && !a->sig_alone)
        return false;
    return b->page == SIZE_MAX || (a->page != SIZE_MAX && b->page > a->page) ||
           (b->page == a->page && b->sev < a->sev);
}

/* What trial m->loose changes, as far as pages can tell: per candidate,
 * its looseness, or the base's where the flows already made give that
 * block as many lines either way (pages depend on a block's line count,
 * not on its words). */
static void effect_of(const mend *m, const size_t *cand, size_t k, int *out)
{
    for (size_t i = 0; i < k; i++) {
        size_t b = cand[i];
        bool same = m->loose[b] == m->base[b] ||
                    lay_memo_same_lines(m->memo, b, m->base[b], m->loose[b]);
        out[i] = same ? m->base[b] : m->loose[b];
    }
}

/* Would the trial give pages already seen: the base's (a re-break that
 * could not find a line more or less), or an earlier trial's? */
static bool seen_before(const mend *m, const size_t *cand, size_t k, int (*tried)[LAY_LOOSE_MAX],
                        size_t ntried)
{
    int e[LAY_LOOSE_MAX];
    effect_of(m, cand, k, e);
    bool base = true;
    for (size_t i = 0; i < k; i++)
        base &= e[i] == m->base[cand[i]];
    for (size_t t = 0; !base && t < ntried; t++)
        if (!memcmp(tried[t], e, k * sizeof *e))
            return true;
    return base;
}

/* Trials a page gets at most: each candidate a line tighter, a line
 * looser, and each pair a line looser (loose_trial). */
#define LAY_TRIALS (2 * LAY_LOOSE_MAX + LAY_LOOSE_MAX * (LAY_LOOSE_MAX - 1) / 2)

/* Try the re-breaks before m->page until one fills it; false if none. A
 * trial that can only give pages already seen is not laid out. */
static bool mend_page(mend *m)
{
    size_t cand[LAY_LOOSE_MAX], k = loose_candidates(m->doc, m->v.block, cand), ntried = 0;
    int tried[LAY_TRIALS][LAY_LOOSE_MAX];
    for (size_t t = 0; m->budget > 0 && loose_trial(t, cand, k, m->base, m->loose,
                                                     m->doc->nblocks); t++) {
        if (seen_before(m, cand, k, tried, ntried))
            continue;
        m->budget--;
        core_diags q2 = {.translate = m->q.translate};
        dl_list *dl2 = NULL;
        lay_verdict v2;
        if (layout_pass(m->doc, m->s, m->f, m->memo, &q2, m->loose, m->floor, &m->v, &dl2,
                        &v2) == CORE_OK &&
            better(&m->v, &v2)) {
            take(&m->dl, &m->q, dl2, &q2);
            m->stale = true;
            memcpy(m->base, m->loose, m->doc->nblocks * sizeof *m->base);
            m->v = v2;
            return true;
        }
        dl_list_drop(dl2);
        core_diags_free(&q2);
        if (ntried < LAY_TRIALS) /* its flows are made now */
            effect_of(m, cand, k, tried[ntried++]);
    }
    return false;
}

/* Leave m->page short and find the next short page after it. */
static void skip_page(mend *m)
{
    dl_list *dl2 = NULL;
    core_diags q2 = {.translate = m->q.translate}; /* its flows are memoised */
    m->floor = m->v.page + 1;
    m->budget--;
    static const lay_verdict none = {SIZE_MAX, SIZE_MAX, 0, false};
    if (layout_pass(m->doc, m->s, m->f, m->memo, &q2, m->base, m->floor, &none, &dl2, &m->v) !=
        CORE_OK)
        m->v.page = SIZE_MAX;
    dl_list_drop(dl2);
    core_diags_free(&q2);
}

/*
 * Lay out, then mend short pages. When the page step must move a keep chain
 * (a heading with what follows it, a caption with its table, the signature
 * with the body's last lines) to a new page, the page it leaves is short of
 * the 22-line grid. A typesetter re-breaks a paragraph before it a line
 * tighter or looser instead (and GB/T 9704 §7.3.5.5 allows adjusting the
 * spacing to keep the signature with the text). After a table the
 * signature takes the table's last rows along itself (table.c); where it
 * still opens a page alone (a last row filling a page) that is mended the
 * same way, worse than a short page. Short pages are mended
 * first to last: the first re-break that moves the first short page later
 * (or away) is kept; a page no cheap re-break mends stays short. Trial
 * passes keep their diagnostics to themselves; only the result reports.
 */
core_status layout_document(const doc_document *doc, const layout_style *s,
                            const layout_fonts *f, core_diags *d, dl_list **out)
{
    size_t nb = doc->nblocks ? doc->nblocks : 1;
    lay_memo memo = {.arena = core_arena_new()};
    mend m = {.doc = doc, .s = s, .f = f, .memo = &memo, .q = {.translate = d->translate}};
    m.base = calloc(nb, sizeof *m.base), m.loose = calloc(nb, sizeof *m.loose);
    memo.block = calloc(nb, sizeof *memo.block);
    memo.edges = calloc(nb, sizeof *memo.edges);
    if (!m.base || !m.loose || !memo.block || !memo.edges)
        abort(); /* as core_arena: out of memory is not an input problem */
    core_status st = layout_pass(doc, s, f, &memo, &m.q, m.base, 0, NULL, &m.dl, &m.v);
    /* each trial is a whole pass: a budget keeps a long document linear */
    m.budget = s->mend_pages ? LAY_MEND_WORK / (doc->nblocks + 1) : 0;
    if (m.budget > LAY_MEND_MAX_PASSES)
        m.budget = LAY_MEND_MAX_PASSES;
    while (st == CORE_OK && m.v.page != SIZE_MAX && m.budget > 0)
        if (!mend_page(&m) && m.budget > 0)
            skip_page(&m);
    if (m.stale) { /* the kept trial, with its ops; the same diagnostics */
        core_diags q2 = {.translate = d->translate};
        dl_list *dl2 = NULL;
        st = layout_pass(doc, s, f, &memo, &q2, m.base, 0, NULL, &dl2, &m.v);
        take(&m.dl, &m.q, dl2, &q2);
    }
    free(m.base);
    free(m.loose);
    lay_memo_free(&memo);
    free(memo.block);
    free(memo.edges);
    core_arena_drop(memo.arena);
    core_diags_move(d, &m.q);
    *out = m.dl;
    return st;
}
