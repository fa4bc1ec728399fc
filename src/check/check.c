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
#include "check-imp.h"

#include <stdio.h>
#include <string.h>

static const char *const cn_digit[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

int check_cn_numeral(const char *s, size_t len, size_t *used)
{
    int tens = 0, units = 0;
    size_t i = 0;
    bool ten = false;
    for (int pass = 0; pass < 3 && i < len; pass++) {
        int v = -1;
        for (int k = 1; k <= 9; k++)
            if (len - i >= 3 && memcmp(s + i, cn_digit[k], 3) == 0)
                v = k;
        bool is_ten = len - i >= 3 && memcmp(s + i, "十", 3) == 0;
        if (is_ten && !ten && pass < 2) {
            tens = units ? units : 1;
            units = 0;
            ten = true;
        } else if (v > 0 && !units) {
            units = v;
        } else {
            break;
        }
        i += 3;
    }
    *used = i;
    return tens * 10 + units;
}

static void cn_format(int n, char *buf, size_t size)
{
    if (n < 10)
        snprintf(buf, size, "%s", cn_digit[n > 0 ? n : 0]);
    else
        snprintf(buf, size, "%s十%s", n / 10 > 1 ? cn_digit[n / 10] : "", cn_digit[n % 10]);
}

/* The number of a heading: "一、…" (level 1), "（一）…"/"(一)…" (level 2). */
static int heading_number(const doc_block *b)
{
    if (!b->nruns || !b->runs[0].text)
        return 0;
    const char *s = b->runs[0].text;
    size_t len = b->runs[0].len, used;
    while (len && *s == ' ') {
        s++;
        len--;
    }
    if (b->level == 1) {
        int n = check_cn_numeral(s, len, &used);
        return n && len - used >= 3 && memcmp(s + used, "、", 3) == 0 ? n : 0;
    }
    size_t open = len >= 3 && memcmp(s, "（", 3) == 0 ? 3 : len && *s == '(' ? 1 : 0;
    if (!open)
        return 0;
    int n = check_cn_numeral(s + open, len - open, &used);
    const char *e = s + open + used;
    size_t rest = len - open - used;
    bool close = (rest >= 3 && memcmp(e, "）", 3) == 0) || (rest && *e == ')');
    return close ? n : 0;
}

void check_numbering(const doc_document *doc, core_diags *d)
{
    int next[3] = {0, 1, 1}; /* the number expected at level 1 and 2 */
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_block *b = &doc->blocks[i];
        if (b->kind != DOC_BLOCK_HEADING || b->level < 1 || b->level > 2)
            continue;
        int n = heading_number(b);
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
                         n > next[b->level] ? " (a number is missing)"
                                            : " (a number is repeated or out of order)");
        }
        next[b->level] = n + 1;
        if (b->level == 1)
            next[2] = 1;
    }
}

core_status check_document(const doc_document *doc, const check_options *opt, core_diags *d)
{
    static const check_options defaults = {0};
    size_t errors = d->errors;
    if (!opt)
        opt = &defaults;
    check_numbering(doc, d);
    for (size_t i = 0; i < doc->nblocks; i++) {
        const doc_block *b = &doc->blocks[i];
        if (b->kind == DOC_BLOCK_TABLE && b->table && b->table->template_id)
            check_table(doc, b->table, opt, d);
    }
    return d->errors > errors ? CORE_ECHECK : CORE_OK;
}
