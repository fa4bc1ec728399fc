/*
 * check.c: check_document, and the numbering of headings.
 *
 * The document is read, never changed. Every finding is a located
 * diagnostic and checking goes on after it, so one run reports every
 * problem; the result is CORE_ECHECK when any error was added here.
 * Numbering findings are warnings: a report may number its sections its own
 * way, but a gap or a repeat is almost always a slip.
 * Caller: the engine, after parsing and before layout.
 */
#define _GNU_SOURCE /* memmem */
#include "check-imp.h"

#include <stdio.h>
#include <string.h>

static const char *const cn_digit[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static void cn_format(int n, char *buf, size_t size)
{
    if (n < 10)
        snprintf(buf, size, "%s", cn_digit[n > 0 ? n : 0]);
    else
        snprintf(buf, size, "%s十%s", n / 10 > 1 ? cn_digit[n / 10] : "", cn_digit[n % 10]);
}

void check_numbering(const doc_document *doc, core_diags *d)
{
    int next[3] = {0, 1, 1}; /* the number expected at level 1 and 2 */
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_block *b = &doc->blocks[i];
        if (b->kind != DOC_BLOCK_HEADING || b->level < 1 || b->level > 2)
            continue;
        int n = b->number;
        if (!n)
            continue;
        if (n != next[b->level]) {
            char got[16], want[16];
            cn_format(n, got, sizeof got);
            cn_format(next[b->level], want, sizeof want);
            const char *fmt = b->level == 1 ? "%s、" : "（%s）";
            char g[32], w[32];
            snprintf(g, sizeof g, fmt, got);
            snprintf(w, sizeof w, fmt, want);
            core_diag_at(d, doc->src, doc_run_offset(&b->runs[0], 0), CORE_WARNING,
                         "W-numbering", "level-%d heading numbered 「%s」 where 「%s」 was expected%s",
                         b->level, g, w,
                         core_tr(d, n > next[b->level]
                                        ? N_(" (a number is missing)")
                                        : N_(" (a number is repeated or out of order)")));
        }
        next[b->level] = n + 1;
        if (b->level == 1)
            next[2] = 1;
    }
}

/*
 * The sections of the report that hold a standard table (FORMAT-2021.md §1;
 * the 2019 form has the same): a level-1 heading naming one, with no table of
 * that form recognised anywhere in the report, means the table was
 * lost on the way — its cells one a line, run together or scrambled, as a
 * PDF's text has them — and the report would be printed without the numbers
 * it must publish, unchecked.
 */
static const struct { const char *says, *also, *table, *inline_title; } sections[] = {
    {"主动公开政府信息", NULL, "表二", "、主动公开政府信息情况"},
    {"收到和处理政府信息公开申请", NULL, "表三", "、收到和处理政府信息公开申请情况"},
    {"行政复议", "行政诉讼", "表四", "、政府信息公开行政复议、行政诉讼情况"},
};

/* Does block b hold `what` (with `numbered`: right after a numeral 一…六,
 * as a section's title run into a paragraph is, and an introduction that
 * lists the sections is not)? Its source offset then in *at. */
static bool block_says_at(const doc_block *b, const char *what, bool numbered, size_t *at)
{
    for (size_t r = 0; r < b->nruns; r++) {
        const char *t = b->runs[r].text, *hit = NULL;
        size_t len = b->runs[r].len, n = strlen(what);
        for (const char *q = t; t && q < t + len &&
                                (q = memmem(q, len - (size_t)(q - t), what, n)) != NULL;
             q++) {
            if (!numbered || (q - t >= 3 && memmem("一二三四五六", 18, q - 3, 3))) {
                hit = numbered ? q - 3 : q;
                break;
            }
        }
        if (hit) {
            if (at)
                *at = doc_run_offset(&b->runs[r], (size_t)(hit - t));
            return true;
        }
    }
    return false;
}

static bool block_says(const doc_block *b, const char *what)
{
    return block_says_at(b, what, false, NULL);
}

static void check_sections(const doc_document *doc, const check_options *opt, core_diags *d)
{
    if (doc->meta.year && doc->meta.year < 2019)
        return; /* the forms with these tables apply from the 2019 reports on */
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_block *h = &doc->blocks[i];
        bool heading = h->kind == DOC_BLOCK_HEADING && h->level == 1;
        /* a section's title inside a paragraph: an article run into one
         * line, whose headings and tables the text no longer tells apart */
        if (!heading && h->kind != DOC_BLOCK_PARAGRAPH)
            continue;
        for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
            if (heading ? !block_says(h, sections[s].says) ||
                              (sections[s].also && !block_says(h, sections[s].also))
                        : !block_says_at(h, sections[s].inline_title, true, NULL))
                continue;
            /* anywhere in the report: converters misnumber sections */
            bool found = false;
            for (size_t j = 0; j < doc->nblocks && !found; j++) {
                const doc_block *b = &doc->blocks[j];
                found = b->kind == DOC_BLOCK_TABLE && b->table->name &&
                        !strcmp(b->table->name, sections[s].table);
            }
            if (found)
                continue;
            size_t at = h->offset;
            if (!heading)
                block_says_at(h, sections[s].inline_title, true, &at);
            /* nothing under the heading: no cells to put tabs between (a page
             * whose tables are images, or a copy that left them out) */
            const doc_block *next = i + 1 < doc->nblocks ? &doc->blocks[i + 1] : NULL;
            bool empty = heading && (!next || (next->kind == DOC_BLOCK_HEADING && next->level <= 1));
            core_diag_at(d, doc->src, at, opt->lenient ? CORE_WARNING : CORE_ERROR,
                         opt->lenient ? "W-table-missing" : "E-table-missing",
                         /* both marked: xgettext takes only a call's first string */
                         empty ? N_("this section is empty: its %s is not in the text (on a web "
                                    "page it may be an image); put the table's rows under the "
                                    "heading, as lines of cells separated by tabs (docs/FORMAT.md, "
                                    "\"From Word/WPS, a web page or a PDF\"), or take the report's "
                                    "Word, HTML or PDF text; --no-check prints it without")
                               : N_("this section has no %s that gongwen recognises: its rows must "
                                    "be lines of cells separated by tabs (or by runs of spaces), "
                                    "not one cell a line (docs/FORMAT.md, \"From Word/WPS, a web "
                                    "page or a PDF\"); --no-check prints it as it is"),
                         sections[s].table);
        }
    }
}

/*
 * The six sections of the annual-report form (FORMAT-2021.md §1; the 2019
 * form has the same), each known by words its heading keeps however an
 * agency words it (五's varies most: 存在的主要问题及改进情况, 存在的不足和
 * 改进措施). A report that lacks one is incomplete, or its heading was
 * lost on the way (run into the text above it, or dropped by a copy):
 * said once, naming every one missing, as a warning, since gongwen can
 * still set what it has.
 */
static const struct {
    const char *any[3]; /* the heading says one of these */
    const char *form;   /* the form's words */
} outline[] = {
    {{"总体情况"}, "一、总体情况"},
    {{"主动公开政府信息"}, "二、主动公开政府信息情况"},
    {{"收到和处理政府信息公开申请", "依申请公开"}, "三、收到和处理政府信息公开申请情况"},
    {{"行政复议", "行政诉讼"}, "四、政府信息公开行政复议、行政诉讼情况"},
    {{"问题", "不足", "改进"}, "五、存在的主要问题及改进情况"},
    {{"其他需要报告", "其他事项"}, "六、其他需要报告的事项"},
};

/* Does block b stand for outline section s: a level-1 heading saying its
 * words, or a paragraph holding the form's title right after 一、…六、 (a
 * heading run into the text, which check_sections also reads)? */
static bool is_section(const doc_block *b, size_t s)
{
    if (b->kind == DOC_BLOCK_PARAGRAPH) /* the form's words after the numeral: 、总体情况 */
        return block_says_at(b, outline[s].form + strlen("一"), true, NULL);
    for (size_t k = 0; k < 3 && outline[s].any[k]; k++)
        if (b->kind == DOC_BLOCK_HEADING && b->level == 1 && block_says(b, outline[s].any[k]))
            return true;
    return false;
}

static void check_outline(const doc_document *doc, core_diags *d)
{
    if (!doc->meta.annual_report || doc->meta.year < 2019)
        return; /* the form is for these reports, from 2019's on */
    core_buf missing = {0};
    for (size_t s = 0; s < sizeof outline / sizeof *outline; s++) {
        bool found = false;
        for (size_t i = 0; i < doc->nblocks && !found; i++)
            found = is_section(&doc->blocks[i], s);
        if (!found)
            core_buf_printf(&missing, "%s「%s」", missing.len ? "、" : "", outline[s].form);
    }
    if (missing.len)
        core_diag_at(d, doc->src, doc->ntitle ? doc_run_offset(&doc->title[0], 0) : 0,
                     CORE_WARNING, "W-section",
                     "this annual report has no section %s: the form has six, 一、总体情况 to "
                     "六、其他需要报告的事项; add what is missing, or give a heading that ran "
                     "into the text above it a line of its own",
                     missing.data);
    core_buf_free(&missing);
}

core_status check_document(const doc_document *doc, const check_options *opt, core_diags *d)
{
    static const check_options defaults = {0};
    size_t errors = d->errors;
    if (!opt)
        opt = &defaults;
    check_numbering(doc, d);
    check_outline(doc, d);
    check_sections(doc, opt, d);
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_block *b = &doc->blocks[i];
        if (b->kind == DOC_BLOCK_TABLE && b->table && b->table->template_id)
            check_table(doc, b->table, opt, d);
    }
    check_prose(doc, opt, d);
    check_previous(doc, opt, d);
    return d->errors > errors ? CORE_ECHECK : CORE_OK;
}
