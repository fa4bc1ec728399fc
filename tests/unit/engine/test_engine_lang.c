/*
 * Unit tests for the engine's translation hook (engine_options.translate):
 * every diagnostic of every stage goes through it — the reader, the parser,
 * the forms, the check, the layout (whose flows are memoised across the
 * passes that mend short pages) — and a list the caller gave a hook of its
 * own keeps it.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

/* "«" + msgid: the same conversions, so it is used; copies kept for the run.
 * A format of conversions alone ("%s") is left as it is, as a catalogue has
 * nothing for it, so that a message formatted without the hook and passed on
 * through "%s" shows. */
static struct { const char *id; char *tr; } seen[1024];
static size_t nseen;

static const char *mark(const char *msgid)
{
    if (!strcmp(msgid, "%s"))
        return msgid;
    for (size_t i = 0; i < nseen; i++)
        if (seen[i].id == msgid)
            return seen[i].tr;
    cr_assert_lt(nseen, sizeof seen / sizeof *seen);
    char *t = malloc(strlen(msgid) + 3);
    strcpy(t, "«");
    strcat(t, msgid);
    seen[nseen].id = msgid, seen[nseen].tr = t;
    return seen[nseen++].tr;
}

static const char *other(const char *msgid) { return msgid; }

static engine *e;

static void up(void)
{
    core_diags d = {0};
    engine_options o = {.data_dir = GONGWEN_SOURCE_DIR, .translate = mark};
    cr_assert_eq(engine_new(&o, &d, &e), CORE_OK);
    core_diags_free(&d);
}

static void down(void)
{
    engine_drop(e);
    for (size_t i = 0; i < nseen; i++)
        free(seen[i].tr);
    nseen = 0;
}

TestSuite(engine_lang, .init = up, .fini = down);

static void all_marked(const core_diags *d, size_t at_least)
{
    cr_assert_geq(d->n, at_least);
    for (size_t i = 0; i < d->n; i++)
        cr_assert(!strncmp(d->v[i].message, "«", strlen("«")), "not translated: %s [%s]",
                  d->v[i].message, d->v[i].code ? d->v[i].code : "");
}

Test(engine_lang, every_message_of_a_build_is_translated)
{
    core_buf in = {0}, pdf = {0};
    const char *why = NULL;
    cr_assert_eq(core_file_read(GONGWEN_SOURCE_DIR "/examples/report-2022.txt", &in, &why),
                 CORE_OK, "%s", why);
    core_diags d = {0};
    cr_assert_eq(engine_build(e, "r.txt", in.data, in.len, &pdf, &d), CORE_OK);
    all_marked(&d, 5); /* labels, shifted rows, forms, heading numbers */
    core_diags_free(&d);
    core_buf_free(&pdf);
    core_buf_free(&in);
}

static bool has_code(const core_diags *d, const char *code)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].code && !strcmp(d->v[i].code, code))
            return true;
    return false;
}

Test(engine_lang, the_layouts_messages_are_translated)
{
    /* W-break is made in a paragraph's flow, kept by the memo and replayed
     * by each pass; N-date by the signature */
    char text[512] = "某某局2022年政府信息公开工作年度报告\n\n一、总体情况\n\n正文";
    for (int i = 0; i < 120; i++)
        strcat(text, "a");
    strcat(text, "。\n\n某某局\n2023年01月05日\n");
    core_diags d = {0};
    core_buf pdf = {0};
    cr_assert_eq(engine_build(e, "d.txt", text, strlen(text), &pdf, &d), CORE_OK);
    cr_assert(has_code(&d, "W-break") && has_code(&d, "N-date"));
    all_marked(&d, 2);
    core_diags_free(&d);
    core_buf_free(&pdf);
}

Test(engine_lang, refusals_of_each_stage_are_translated)
{
    static const char *bad[] = {
        "标题\n\n正文\xff。\n",                         /* reader: E-utf8 */
        "标题\n\n@date 2023-02-30\n@nosuch\n\n正文。\n", /* parser: E-directive */
        "",                                              /* engine: E-empty */
        "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 a .doc",       /* reader: E-reader, a piece */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        core_diags d = {0};
        core_buf pdf = {0};
        cr_assert_neq(engine_build(e, "bad.txt", bad[i], strlen(bad[i]), &pdf, &d), CORE_OK);
        all_marked(&d, 1);
        core_diags_free(&d);
        core_buf_free(&pdf);
    }
}

Test(engine_lang, a_list_with_its_own_hook_keeps_it)
{
    core_diags d = {.translate = other};
    cr_assert_neq(engine_check(e, "bad.txt", "", 0, &d), CORE_OK);
    cr_assert_gt(d.n, 0);
    cr_assert(strncmp(d.v[0].message, "«", strlen("«")), "%s", d.v[0].message);
    core_diags_free(&d);
}
