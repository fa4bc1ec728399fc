/*
 * gongwen: the command line, a thin front over libgongwen's engine.
 *
 * It turns argv into engine options, reads the input, prints diagnostics
 * (the only place that prints them) and writes the output safely: the PDF
 * goes to a temporary file beside the target, is flushed to disk and renamed
 * over the target only when complete, so a failed build leaves an existing
 * file byte for byte and no partial file behind.
 *
 * Exit status: 0 success; 1 the input was refused (diagnostics say where);
 * 2 usage; 3 fonts, layout or data files missing; 4 reading or writing a
 * file failed.
 */
#define _DEFAULT_SOURCE
#include "engine/engine.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_ENV = 3, EXIT_IO = 4 };

static const char usage[] =
    "usage: gongwen build INPUT [-o OUTPUT.pdf] [options]   render a report to PDF\n"
    "       gongwen build INPUT -o OUTPUT.ofd [options]     render it to OFD (GB/T 33190)\n"
    "       gongwen check INPUT [options]                  parse and check only\n"
    "       gongwen trace INPUT [-o OUTPUT.txt] [options]  print the display list\n"
    "       gongwen read INPUT [-o OUTPUT.txt] [options]   print the text as gongwen reads it\n"
    "       gongwen fonts [--layout NAME]                   which font serves each role\n"
    "       gongwen --help | --version\n"
    "\n"
    "INPUT and OUTPUT may be '-' for standard input and output. Without -o,\n"
    "build writes INPUT with its extension replaced by .pdf.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   where to write\n"
    "  --layout NAME       a layout in layouts/ (default gbt9704) or a .ini path\n"
    "  --from READER       read INPUT as text, html or docx (default: by content)\n"
    "  --no-check          report table arithmetic failures as warnings and build\n"
    "  --data DIR          folder holding fonts/ and layouts/ (or $GONGWEN_DATA)\n"
    "  -q, --quiet         print errors only\n"
    "\n"
    "The input format is described in docs/FORMAT.md; messages in docs/ERRORS.md.\n";

typedef struct cli {
    const char *cmd, *input, *output;
    bool quiet;
    engine_options eo;
} cli;

static int parse_args(int argc, char **argv, cli *c)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            exit(0);
        } else if (!strcmp(a, "--version")) {
            printf("gongwen %s\n", engine_version());
            exit(0);
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && next) {
            c->output = argv[++i];
        } else if (!strcmp(a, "--layout") && next) {
            c->eo.layout = argv[++i];
        } else if (!strcmp(a, "--from") && next) {
            c->eo.from = argv[++i];
        } else if (!strcmp(a, "--data") && next) {
            c->eo.data_dir = argv[++i];
        } else if (!strcmp(a, "--no-check")) {
            c->eo.no_check = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            c->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "gongwen: unknown option '%s' (or it lacks its value)\n", a);
            return EXIT_USAGE;
        } else if (!c->cmd) {
            c->cmd = a;
        } else if (!c->input) {
            c->input = a;
        } else {
            fprintf(stderr, "gongwen: unexpected argument '%s'\n", a);
            return EXIT_USAGE;
        }
    }
    if (!c->cmd) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    return 0;
}

/* At most this many messages of one code are printed (one W-break per line
 * of a megabyte-long word would be thousands); then one line says how many
 * more there were, counting those core did not keep (CORE_MAX_DIAGS_PER_CODE). */
enum { MAX_PER_CODE = 50, MAX_CODES = 64 };

typedef struct code_count {
    const char *code;
    size_t n;
    core_severity severity;
    const char *file;
} code_count;

/* The counter of g's code (codes beyond MAX_CODES share the last slot). */
static code_count *count_for(code_count *cc, size_t *ncc, const core_diag *g)
{
    for (size_t k = 0; k < *ncc; k++)
        if (cc[k].code && g->code && !strcmp(cc[k].code, g->code))
            return &cc[k];
    if (*ncc == MAX_CODES)
        return &cc[MAX_CODES - 1];
    cc[*ncc] = (code_count){g->code, 0, g->severity, g->file};
    return &cc[(*ncc)++];
}

static void print_diags(const core_diags *d, bool quiet)
{
    core_buf b = {0};
    code_count cc[MAX_CODES];
    size_t ncc = 0;
    for (size_t i = 0; i < d->n; i++) {
        const core_diag *g = &d->v[i];
        if (quiet && g->severity != CORE_ERROR)
            continue;
        if (g->code && count_for(cc, &ncc, g)->n++ >= MAX_PER_CODE)
            continue;
        core_diag_format(g, &b);
    }
    static const char *sev[] = {"note", "warning", "error"};
    for (size_t k = 0; k < ncc; k++) {
        size_t more = cc[k].n > MAX_PER_CODE ? cc[k].n - MAX_PER_CODE : 0;
        for (size_t i = 0; i < d->ncounts; i++) /* counted, not kept, by core */
            if (!strcmp(d->counts[i].code, cc[k].code))
                more += d->counts[i].dropped;
        if (more)
            core_buf_printf(&b, "%s%s%s: %zu more [%s] not shown\n", cc[k].file ? cc[k].file : "",
                            cc[k].file ? ": " : "", sev[cc[k].severity], more, cc[k].code);
    }
    if (b.len)
        fwrite(b.data, 1, b.len, stderr);
    core_buf_free(&b);
}

static int exit_for(core_status st)
{
    switch (st) {
    case CORE_OK: return 0;
    case CORE_EINPUT: case CORE_ECHECK: case CORE_ELAYOUT: case CORE_ELIMIT: return EXIT_INPUT;
    case CORE_EFONT: return EXIT_ENV;
    default: return EXIT_IO;
    }
}

/* Write all of `b` to fd; false with errno set on failure. */
static bool write_all(int fd, const core_buf *b)
{
    size_t off = 0;
    while (off < b->len) {
        ssize_t k = write(fd, b->data + off, b->len - off);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        off += (size_t)k;
    }
    return true;
}

/* The temporary file beside the target; removed if we are interrupted. */
static char *g_tmp;

static void on_signal(int sig)
{
    if (g_tmp)
        unlink(g_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

static int write_replace(const char *path, const core_buf *b);

/* The file a symbolic link names, even when it does not exist yet (then one
 * level of link is read, relative to the link's folder); NULL if unreadable. */
static char *link_target(const char *path)
{
    char *real = realpath(path, NULL);
    if (real)
        return real;
    char t[4096];
    ssize_t n = readlink(path, t, sizeof t - 1);
    if (n <= 0)
        return NULL;
    t[n] = 0;
    const char *slash = strrchr(path, '/');
    size_t dir = t[0] == '/' || !slash ? 0 : (size_t)(slash - path) + 1;
    char *out = malloc(dir + (size_t)n + 1);
    if (!out)
        abort();
    memcpy(out, path, dir);
    memcpy(out + dir, t, (size_t)n + 1);
    return out;
}

/* Write `b` straight into an existing file that is no regular file (a
 * device such as /dev/stdout or /dev/full, a pipe): renaming over it would
 * replace the device node itself. */
static int write_special(const char *path, const core_buf *b)
{
    int fd = open(path, O_WRONLY | O_NOCTTY);
    if (fd < 0) {
        fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
        return EXIT_IO;
    }
    bool ok = write_all(fd, b);
    int err = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok)
        fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(err));
    return ok ? 0 : EXIT_IO;
}

/* Write `b` to `path` atomically: temp file in the same folder, fsync,
 * rename. An existing file is replaced only by a complete new one; a
 * symbolic link is followed, so the file it names is replaced, not it. */
static int write_output(const char *path, const core_buf *b)
{
    if (!strcmp(path, "-")) {
        if (fwrite(b->data, 1, b->len, stdout) == b->len && fflush(stdout) == 0)
            return 0;
        fprintf(stderr, "<stdout>: error: cannot write: %s\n", strerror(errno));
        return EXIT_IO;
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        if (S_ISDIR(sb.st_mode)) {
            fprintf(stderr, "%s: error: is a folder; give a file name\n", path);
            return EXIT_IO;
        }
        return write_special(path, b);
    }
    char *real = NULL;
    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
        real = link_target(path);
    int rc = write_replace(real ? real : path, b);
    free(real);
    return rc;
}

/* The temp-file-and-rename part of write_output. */
static int write_replace(const char *path, const core_buf *b)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "%s: error: cannot create a file there: %s\n", path, strerror(errno));
        free(tmp);
        return EXIT_IO;
    }
    g_tmp = tmp;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask); /* mkstemp makes 0600; a report is for reading */
    bool ok = write_all(fd, b) && fsync(fd) == 0;
    int err = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        unlink(tmp);
        fprintf(stderr, "%s: error: cannot write: %s (nothing was changed)\n", path, strerror(err));
    }
    g_tmp = NULL;
    free(tmp);
    return ok ? 0 : EXIT_IO;
}

/* Do paths a and b name one existing file? ("-" names none.) */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && strcmp(a, "-") && strcmp(b, "-") && stat(a, &sa) == 0 &&
           stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static char *default_output(const char *input)
{
    size_t n = strlen(input);
    char *out = malloc(n + 5);
    memcpy(out, input, n + 1);
    char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    if (dot && (!slash || dot > slash))
        *dot = 0;
    strcat(out, ".pdf");
    return out;
}

/* Does path end in ext (ASCII case ignored)? */
static bool has_ext(const char *path, const char *ext)
{
    size_t n = path ? strlen(path) : 0, k = strlen(ext);
    return n > k && strcasecmp(path + n - k, ext) == 0;
}

static int run(cli *c)
{
    bool is_build = !strcmp(c->cmd, "build"), is_check = !strcmp(c->cmd, "check"),
         is_trace = !strcmp(c->cmd, "trace"), is_fonts = !strcmp(c->cmd, "fonts"),
         is_read = !strcmp(c->cmd, "read");
    if (!is_build && !is_check && !is_trace && !is_fonts && !is_read) {
        fprintf(stderr, "gongwen: unknown command '%s' (try --help)\n", c->cmd);
        return EXIT_USAGE;
    }
    if (!is_fonts && !c->input) {
        fprintf(stderr, "gongwen %s: which input? (a file, or - for standard input)\n", c->cmd);
        return EXIT_USAGE;
    }
    char *outpath = NULL;
    if (is_build && !c->output) {
        if (!strcmp(c->input, "-")) {
            fputs("gongwen build: reading standard input needs -o (a file, or -)\n", stderr);
            return EXIT_USAGE;
        }
        outpath = default_output(c->input);
    }
    const char *target = c->output ? c->output : outpath;
    if (is_build && same_file(c->input, target)) {
        fprintf(stderr, "%s: error: the output %s is the input itself; nothing was written "
                "(give another -o)\n", c->input, target);
        free(outpath);
        return EXIT_USAGE;
    }
    core_diags d = {0};
    core_buf in = {0}, out = {0};
    engine *e = NULL;
    int rc = 0;
    core_status st = engine_new(&c->eo, &d, &e);
    if (st != CORE_OK) {
        rc = EXIT_ENV;
        goto done;
    }
    if (is_fonts) {
        st = engine_fonts_report(e, &out, &d);
        rc = st ? EXIT_ENV : write_output("-", &out);
        goto done;
    }
    const char *why = NULL;
    const char *name = strcmp(c->input, "-") ? c->input : "<stdin>";
    st = core_file_read(c->input, &in, &why);
    if (st != CORE_OK) {
        core_diag_file(&d, name, CORE_ERROR, st == CORE_ELIMIT ? "E-limit" : NULL,
                       "cannot read: %s", why);
        rc = st == CORE_ELIMIT ? EXIT_INPUT : EXIT_IO;
        goto done;
    }
    if (is_check)
        st = engine_check(e, name, in.data, in.len, &d);
    else if (is_trace)
        st = engine_trace(e, name, in.data, in.len, &out, &d);
    else if (is_read)
        st = engine_read(e, name, in.data, in.len, &out, &d);
    else if (has_ext(c->output, ".ofd")) /* the OFD sink; the cli branch adds --to */
        st = engine_build_ofd(e, name, in.data, in.len, &out, &d);
    else
        st = engine_build(e, name, in.data, in.len, &out, &d);
    rc = exit_for(st);
    if (st == CORE_OK && !is_check)
        rc = write_output(c->output ? c->output : outpath ? outpath : "-", &out);
done:
    print_diags(&d, c->quiet);
    if (rc == EXIT_INPUT && is_build)
        fprintf(stderr, "gongwen: no %s written (%zu error%s)\n",
                has_ext(c->output, ".ofd") ? "OFD" : "PDF", d.errors, d.errors == 1 ? "" : "s");
    core_diags_free(&d);
    core_buf_free(&in);
    core_buf_free(&out);
    engine_drop(e);
    free(outpath);
    return rc;
}

int main(int argc, char **argv)
{
    cli c = {0};
    int rc = parse_args(argc, argv, &c);
    if (rc)
        return rc;
    return run(&c);
}
