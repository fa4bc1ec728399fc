/*
 * gongwen: the command line, a thin front over libgongwen's engine.
 *
 * It turns argv into engine options (args.c), reads the inputs, prints the
 * diagnostics (show.c: the only place that prints them) and writes the
 * outputs safely (files.c): a failed build leaves an existing file byte for
 * byte and no partial file behind. Several inputs (or a folder) are built in
 * one process, by worker processes forked after the engine has loaded its
 * fonts and layout (batch.c).
 *
 * Exit status: 0 success; 1 an input was refused (diagnostics say where);
 * 2 usage; 3 fonts, layout or data files missing; 4 reading or writing a
 * file failed. In a batch, the highest of the reports' statuses.
 */
#define _GNU_SOURCE
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GONGWEN_LOCALEDIR
#define GONGWEN_LOCALEDIR "/usr/local/share/locale"
#endif

static int exit_for(core_status st)
{
    switch (st) {
    case CORE_OK: return 0;
    case CORE_EINPUT: case CORE_ECHECK: case CORE_ELAYOUT: case CORE_ELIMIT: return EXIT_INPUT;
    case CORE_EFONT: return EXIT_ENV;
    default: return EXIT_IO;
    }
}

/* INPUT with its extension replaced by ext, in folder dir if not NULL. */
static char *output_name(const char *input, const char *dir, const char *ext)
{
    const char *base = input;
    if (dir) {
        const char *slash = strrchr(input, '/');
        base = slash ? slash + 1 : input;
    }
    size_t n = (dir ? strlen(dir) + 1 : 0) + strlen(base) + strlen(ext) + 1;
    char *out = malloc(n);
    if (!out)
        abort();
    snprintf(out, n, "%s%s%s", dir ? dir : "", dir && dir[strlen(dir) - 1] != '/' ? "/" : "", base);
    char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    if (dot && (!slash || dot > slash) && dot != out + (slash ? slash - out + 1 : 0))
        *dot = 0;
    strcat(out, ext);
    return out;
}

/* Is -o a folder to write into (it ends in '/', or it is one and the
 * inputs are several or a folder)? */
static bool output_is_dir(const cli *c)
{
    const char *o = c->output;
    return o && strcmp(o, "-") && (o[strlen(o) - 1] == '/' || (c->batch && cli_is_dir(o)));
}

/* Where format f of input i goes (heap). */
static char *target_for(const cli *c, size_t i, const cli_format *f)
{
    const char *in = c->inputs[i];
    if (output_is_dir(c))
        return output_name(in, c->output, f->ext);
    if (c->output && c->nto > 1)
        return output_name(c->output, NULL, f->ext);
    if (c->output)
        return strdup(c->output);
    return output_name(in, NULL, f->ext);
}

/* Build input i (read already) into each format asked for and write it. */
static int build_one(cli *c, engine *e, size_t i, const char *name, const core_buf *in,
                     core_diags *d, cli_result *r)
{
    int rc = 0;
    for (size_t k = 0; k < c->nto && rc == 0; k++) {
        const cli_format *f = c->to[k];
        char *target = target_for(c, i, f);
        core_buf out = {0};
        if (cli_same_file(c->inputs[i], target)) {
            core_diag_file(d, name, CORE_ERROR, NULL,
                           _("the output %s is the input itself; nothing was written (give "
                             "another -o)"), target);
            rc = EXIT_USAGE;
        } else {
            core_status st = f->make(e, name, in->data, in->len, &out, d);
            r->pages = engine_pages(e);
            rc = exit_for(st);
            if (st == CORE_OK)
                rc = cli_write_output(target, &out);
            if (rc == 0 && !c->quiet && !c->batch)
                cli_say(ngettext("gongwen: wrote %s (%zu page)\n", "gongwen: wrote %s (%zu pages)\n",
                                 r->pages),
                        strcmp(target, "-") ? target : "<stdout>", r->pages);
        }
        core_buf_free(&out);
        free(target);
    }
    return rc;
}

void cli_run_one(cli *c, engine *e, size_t i, core_buf *msgs, cli_result *r)
{
    const char *input = c->inputs[i];
    const char *name = strcmp(input, "-") ? input : "<stdin>";
    core_diags d = {0};
    core_buf in = {0}, out = {0};
    *r = (cli_result){0};
    cli_say_to(msgs);
    int rc = cli_read_input(input, name, &in, &d);
    if (rc == 0 && !strcmp(c->cmd, "check")) {
        rc = exit_for(engine_check(e, name, in.data, in.len, &d));
    } else if (rc == 0 && !strcmp(c->cmd, "read")) {
        core_status st = engine_read(e, name, in.data, in.len, &out, &d);
        rc = st ? exit_for(st) : cli_write_output(c->output ? c->output : "-", &out);
    } else if (rc == 0 && !strcmp(c->cmd, "data")) {
        core_status st = engine_data(e, name, in.data, in.len, c->data_format, &out, &d);
        rc = st ? exit_for(st) : cli_write_output(c->output ? c->output : "-", &out);
    } else if (rc == 0 && !strcmp(c->cmd, "trace")) {
        core_status st = engine_trace(e, name, in.data, in.len, &out, &d);
        r->pages = engine_pages(e);
        rc = st ? exit_for(st) : cli_write_output(c->output ? c->output : "-", &out);
    } else if (rc == 0) {
        rc = build_one(c, e, i, name, &in, &d, r);
    }
    cli_say_to(NULL);
    core_buf diag = {0};
    /* the lines under the messages from the text their places are in (a
     * GBK file decoded, a DOCX's paragraphs), not from the raw bytes */
    core_buf shown = {0};
    const char *text;
    size_t tlen;
    if (engine_last_text(e, &text, &tlen))
        shown = (core_buf){.data = (char *)text, .len = tlen};
    cli_show_diags(&d, name, shown.data ? &shown : &in, c->quiet, c->json, &diag);
    /* the engine's messages first, then what writing said */
    if (msgs->len) {
        core_buf_append(&diag, msgs->data, msgs->len);
    }
    msgs->len = 0;
    if (diag.len)
        core_buf_append(msgs, diag.data, diag.len);
    if (rc == EXIT_INPUT && !strcmp(c->cmd, "build") && !c->batch && !c->json)
        core_buf_printf(msgs, ngettext("gongwen: no %s written (%zu error)\n",
                                       "gongwen: no %s written (%zu errors)\n", d.errors),
                        c->nto && !strcmp(c->to[0]->name, "ofd") ? "OFD" : "PDF", d.errors);
    const char *first = cli_first_error(&d);
    if (first)
        snprintf(r->first_error, sizeof r->first_error, "%s", first);
    r->rc = rc;
    core_buf_free(&diag);
    core_diags_free(&d);
    core_buf_free(&in);
    core_buf_free(&out);
}

/* The reports in a folder given as input: its *.txt files, sorted. */
static int expand_dir(const char *dir, const char ***list, size_t *n, size_t *cap)
{
    struct dirent **names = NULL;
    int k = scandir(dir, &names, NULL, alphasort);
    if (k < 0) {
        cli_say(_("%s: error: cannot read the folder: %s\n"), dir, strerror(errno));
        return EXIT_IO;
    }
    for (int i = 0; i < k; i++) {
        const char *nm = names[i]->d_name;
        size_t len = strlen(nm);
        if (len > 4 && !strcmp(nm + len - 4, ".txt") && nm[0] != '.') {
            if (*n == *cap) {
                *cap = *cap * 2 + 16;
                *list = realloc(*list, *cap * sizeof **list);
            }
            size_t m = strlen(dir) + len + 2;
            char *p = malloc(m);
            snprintf(p, m, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", nm);
            (*list)[(*n)++] = p;
        }
        free(names[i]);
    }
    free(names);
    return 0;
}

static int expand_inputs(cli *c)
{
    const char **list = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < c->ninputs; i++) {
        if (strcmp(c->inputs[i], "-") && cli_is_dir(c->inputs[i])) {
            int rc = expand_dir(c->inputs[i], &list, &n, &cap);
            if (rc)
                return rc;
            continue;
        }
        if (n == cap) {
            cap = cap * 2 + 16;
            list = realloc(list, cap * sizeof *list);
        }
        list[n++] = strdup(c->inputs[i]);
    }
    if (n == 0 && c->ninputs) {
        cli_say(_("gongwen %s: no reports (.txt) in %s\n"), c->cmd, c->inputs[0]);
        return EXIT_USAGE;
    }
    free(c->inputs);
    c->inputs = list; /* every entry on the heap now: cli_free */
    c->ninputs = n;
    c->owned = true;
    return 0;
}

/* What -o, --to and the inputs ask for makes sense together. */
static int plan(cli *c)
{
    bool build = !strcmp(c->cmd, "build"), fonts = !strcmp(c->cmd, "fonts");
    if (fonts)
        return 0;
    if (!c->ninputs) {
        cli_say(_("gongwen %s: which input? (a file, a folder, or - for standard input)\n"), c->cmd);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < c->ninputs; i++)
        c->batch = c->batch || c->ninputs > 1 || (strcmp(c->inputs[i], "-") && cli_is_dir(c->inputs[i]));
    int rc = expand_inputs(c);
    if (rc)
        return rc;
    bool many = c->batch;
    if (build && c->nto == 0) {
        const cli_format *f = c->output && !output_is_dir(c) ? cli_format_for_path(c->output) : NULL;
        c->to[c->nto++] = f ? f : cli_format_lookup("pdf");
    }
    for (size_t k = 0; k < c->nto; k++)
        if (!c->to[k]->make) {
            cli_say(_("gongwen build: this gongwen cannot write %s (not built in); nothing was "
                      "written\n"), c->to[k]->name);
            return EXIT_USAGE;
        }
    if ((!strcmp(c->cmd, "trace") || !strcmp(c->cmd, "read") || !strcmp(c->cmd, "data")) &&
        many) {
        cli_say(_("gongwen %s: one input at a time\n"), c->cmd);
        return EXIT_USAGE;
    }
    if (build && many && c->output && !output_is_dir(c)) {
        cli_say(_("gongwen build: with several inputs, -o names a folder (end it in /)\n"));
        return EXIT_USAGE;
    }
    if (build && output_is_dir(c) && !cli_is_dir(c->output) && mkdir(c->output, 0777) != 0) {
        cli_say(_("%s: error: cannot create the folder: %s\n"), c->output, strerror(errno));
        return EXIT_IO;
    }
    for (size_t i = 0; build && i < c->ninputs; i++)
        if (!strcmp(c->inputs[i], "-") && (!c->output || output_is_dir(c))) {
            cli_say(_("gongwen build: reading standard input needs -o (a file, or -)\n"));
            return EXIT_USAGE;
        }
    if (build && c->output && !strcmp(c->output, "-") && isatty(1)) {
        cli_say(_("gongwen build: a PDF is not for a terminal; redirect standard output or "
                  "give -o FILE\n"));
        return EXIT_USAGE;
    }
    return 0;
}

/* `fonts`: the engine's report (each role's font and why, then each official
 * font that was substituted and how to install it), in the user's
 * language. */
static int run_fonts(engine *e, core_diags *d)
{
    core_buf out = {0};
    core_status st = engine_fonts_report(e, &out, d);
    int rc = st == CORE_OK ? cli_write_output("-", &out) : EXIT_ENV;
    core_buf_free(&out);
    return rc;
}

/* The data folder of an installed gongwen: PREFIX/share/gongwen beside
 * PREFIX/bin/gongwen, if it holds layouts/; NULL otherwise (then the
 * engine's built-in folder). --data and GONGWEN_DATA win. */
static char *installed_data_dir(void)
{
    char exe[PATH_MAX + 40];
    if (!cli_exe_path(exe, PATH_MAX))
        return NULL;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    strcpy(slash, "/../share/gongwen");
    char probe[sizeof exe + 32];
    snprintf(probe, sizeof probe, "%s/layouts/gbt9704.ini", exe);
    struct stat sb;
    return stat(probe, &sb) == 0 ? realpath(exe, NULL) : NULL;
}

/* gettext: the catalogue beside the binary (build tree: ./locale; installed:
 * PREFIX/share/locale). A Chinese locale asked for but not generated on this
 * machine still gets the Chinese messages (through LANGUAGE). */
static void locale_init(void)
{
    const char *want = getenv("LC_ALL");
    if (!want || !*want)
        want = getenv("LC_MESSAGES");
    if (!want || !*want)
        want = getenv("LANG");
    if (!setlocale(LC_ALL, "") && want && !strncmp(want, "zh", 2)) {
        setlocale(LC_ALL, "C.UTF-8");
        setenv("LANGUAGE", want, 0);
    }
    char exe[PATH_MAX], dir[PATH_MAX + 64] = "";
    char *slash = cli_exe_path(exe, sizeof exe) ? strrchr(exe, '/') : NULL;
    if (slash)
        *slash = 0;
    const char *tries[] = {"%s/locale", "%s/../share/locale", GONGWEN_LOCALEDIR};
    for (size_t i = 0; i < sizeof tries / sizeof *tries && !*dir; i++) {
        if (i < 2 && !slash)
            continue;
        snprintf(dir, sizeof dir, tries[i], exe);
        char mo[sizeof dir + 40];
        snprintf(mo, sizeof mo, "%s/zh_CN/LC_MESSAGES/gongwen.mo", dir);
        struct stat sb;
        if (stat(mo, &sb) != 0)
            *dir = 0;
    }
    if (*dir)
        bindtextdomain("gongwen", dir);
    bind_textdomain_codeset("gongwen", "UTF-8");
    textdomain("gongwen");
}

/* The library's messages through the same catalogue as the command line's
 * (xgettext extracts both into po/gongwen.pot). */
static const char *translate(const char *msgid) { return dgettext("gongwen", msgid); }

static void cli_free(cli *c)
{
    for (size_t i = 0; c->owned && i < c->ninputs; i++)
        free((char *)c->inputs[i]);
    free(c->inputs);
}

/* --previous: last year's report, read and formed once for every input. */
static int use_previous(engine *e, const char *path, core_diags *d)
{
    core_buf in = {0};
    const char *name = strcmp(path, "-") ? path : "<stdin>";
    int rc = cli_read_input(path, name, &in, d);
    if (rc == 0 && engine_set_previous(e, name, in.data ? in.data : "", in.len, d) != CORE_OK)
        rc = EXIT_INPUT;
    core_buf_free(&in);
    return rc;
}

int main(int argc, char **argv)
{
    /* a short process (or a batch worker) wants freed memory again soon:
     * glibc is asked to keep it rather than unmap it and fault it back */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    locale_init();
    cli c = {0};
    bool done = false;
    int rc = cli_args(argc, argv, &c, &done);
    if (rc || done) {
        cli_free(&c);
        return rc;
    }
    cli_show_init(c.color, c.json);
    cli_signals_init();
    rc = plan(&c);
    if (rc) {
        cli_free(&c);
        return rc;
    }
    char *data = NULL;
    const char *env = getenv("GONGWEN_DATA");
    if (!c.eo.data_dir && !(env && *env))
        c.eo.data_dir = data = installed_data_dir();
    core_diags d = {0};
    engine *e = NULL;
    c.eo.translate = translate;
    core_buf memo = {0};
    const char *memo_key = c.eo.data_dir ? c.eo.data_dir : env ? env : "";
    cli_cache_read(memo_key, &memo);
    c.eo.font_memo = memo.data;
    c.eo.font_memo_len = memo.len;
    if (engine_new(&c.eo, &d, &e) != CORE_OK)
        rc = EXIT_ENV;
    else if (!strcmp(c.cmd, "fonts"))
        rc = run_fonts(e, &d);
    else if (c.previous)
        rc = use_previous(e, c.previous, &d);
    core_buf msgs = {0};
    cli_show_diags(&d, NULL, NULL, c.quiet, c.json, &msgs);
    fwrite(msgs.data ? msgs.data : "", 1, msgs.len, stderr);
    core_buf_free(&msgs);
    core_diags_free(&d);
    if (e && !rc && strcmp(c.cmd, "fonts"))
        rc = cli_run_batch(&c, e);
    core_buf_free(&memo);
    if (e && engine_font_memo(e, &memo))
        cli_cache_write(memo_key, &memo);
    core_buf_free(&memo);
    engine_drop(e);
    free(data);
    cli_free(&c);
    return rc;
}
