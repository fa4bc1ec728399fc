/*
 * args.c: argv → struct cli, through glibc's getopt_long, so that the
 * conventions users expect hold: `--output=FILE` and `--output FILE`,
 * combined short options (`-qj2`), options anywhere, `--` ending them. A
 * mistyped command or option is answered with the nearest known one ("did
 * you mean"). Output formats are a table: adding one (OFD) is one entry.
 * Called by main.c.
 */
#define _GNU_SOURCE
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage[] = N_(
    "usage: gongwen build INPUT... [-o OUTPUT|DIR/] [options]  render reports to PDF\n"
    "       gongwen check INPUT... [options]                  parse and check only\n"
    "       gongwen trace INPUT [-o OUTPUT.txt] [options]     print the display list\n"
    "       gongwen read INPUT [-o OUTPUT.txt] [options]      print the text as gongwen reads it\n"
    "       gongwen data INPUT [-o OUTPUT] [--format=json|csv] print the tables' values (docs/DATA.md)\n"
    "       gongwen fonts [--layout NAME]                      which font serves each role\n"
    "       gongwen --help | --version\n"
    "\n"
    "INPUT and OUTPUT may be '-' for standard input and output; an INPUT that\n"
    "is a folder stands for the reports in it (.txt). Without -o, build writes\n"
    "each INPUT with its extension replaced by .pdf; with several inputs, -o\n"
    "names a folder.\n"
    "\n"
    "options:\n"
    "  -o, --output=FILE        where to write (a folder: end it in /)\n"
    "      --to=FORMAT[,...]    pdf (default, or from -o's extension)\n"
    "      --from=FORMAT        the input's format: text (default: by content)\n"
    "      --layout=NAME        a layout in layouts/ (default gbt9704) or a .ini path\n"
    "      --no-check           report table arithmetic failures as warnings and build\n"
    "      --strict             treat every warning as an error (prose against tables too)\n"
    "      --format=FORM        data: json (default) or csv\n"
    "      --previous=FILE      last year's report: check the carried-over figures\n"
    "      --data=DIR           folder holding fonts/ and layouts/ (or $GONGWEN_DATA)\n"
    "  -j, --jobs=N             reports built at once (default: one per core)\n"
    "      --diagnostics=FORM   human (default) or json: one JSON object a line\n"
    "      --color=WHEN         auto (default: on a terminal, unless NO_COLOR), always, never\n"
    "  -q, --quiet              print errors only\n"
    "  -h, --help               this text\n"
    "      --version            the version\n"
    "\n"
    "The input format is described in docs/FORMAT.md; messages in docs/ERRORS.md\n"
    "(man gongwen).\n");

static const char *const commands[] = {"build", "check", "read", "data", "trace", "fonts", NULL};

enum { OPT_TO = 256, OPT_FROM, OPT_LAYOUT, OPT_NO_CHECK, OPT_DATA, OPT_DIAG, OPT_COLOR, OPT_VERSION,
       OPT_STRICT, OPT_FORMAT, OPT_PREVIOUS };

static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'},   {"to", required_argument, NULL, OPT_TO},
    {"from", required_argument, NULL, OPT_FROM}, {"layout", required_argument, NULL, OPT_LAYOUT},
    {"no-check", no_argument, NULL, OPT_NO_CHECK}, {"data", required_argument, NULL, OPT_DATA},
    {"jobs", required_argument, NULL, 'j'},     {"diagnostics", required_argument, NULL, OPT_DIAG},
    {"color", required_argument, NULL, OPT_COLOR}, {"colour", required_argument, NULL, OPT_COLOR},
    {"quiet", no_argument, NULL, 'q'},          {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION}, {"strict", no_argument, NULL, OPT_STRICT},
    {"format", required_argument, NULL, OPT_FORMAT}, {"previous", required_argument, NULL, OPT_PREVIOUS},
    {NULL, 0, NULL, 0}};

/* The output formats, each one sink of the engine. */
static const cli_format formats[] = {
    {"pdf", ".pdf", engine_build},
    {"ofd", ".ofd", engine_build_ofd},
};

const cli_format *cli_format_lookup(const char *name)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (!strcmp(formats[i].name, name))
            return &formats[i];
    return NULL;
}

const cli_format *cli_format_for_path(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return NULL;
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (!strcasecmp(dot, formats[i].ext))
            return &formats[i];
    return NULL;
}

/* Edit distance (insertions, deletions, substitutions, transpositions). */
static size_t distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 40 || nb > 40)
        return SIZE_MAX;
    size_t d[41][41];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[na][nb];
}

const char *cli_nearest(const char *word, const char *const *names)
{
    const char *best = NULL;
    size_t bd = SIZE_MAX;
    for (size_t i = 0; names[i]; i++) {
        size_t dd = distance(word, names[i]);
        if (dd < bd || (strlen(names[i]) > strlen(word) && !strncmp(names[i], word, strlen(word)) &&
                        dd == bd)) {
            bd = dd;
            best = names[i];
        }
    }
    size_t len = strlen(word);
    return bd <= (len <= 4 ? 1 : len <= 8 ? 2 : 3) ? best : NULL;
}

/* "unknown option '--frobnicate'", with the nearest long option if any. */
static int unknown_option(const char *arg)
{
    const char *names[sizeof longopts / sizeof *longopts];
    size_t n = 0;
    for (const struct option *o = longopts; o->name; o++)
        names[n++] = o->name;
    names[n] = NULL;
    const char *word = arg;
    while (*word == '-')
        word++;
    char w[64];
    snprintf(w, sizeof w, "%.*s", (int)strcspn(word, "="), word);
    const char *near = strlen(arg) > 2 && arg[1] == '-' ? cli_nearest(w, names) : NULL;
    if (near)
        cli_say(_("gongwen: unknown option '%s'; did you mean '--%s'?\n"), arg, near);
    else
        cli_say(_("gongwen: unknown option '%s' (or it lacks its value; try --help)\n"), arg);
    return EXIT_USAGE;
}

static int parse_to(cli *c, const char *list)
{
    char *copy = strdup(list), *save = NULL;
    int rc = 0;
    c->nto = 0;
    for (char *t = strtok_r(copy, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
        const cli_format *f = cli_format_lookup(t);
        if (!f) {
            cli_say(_("gongwen: --to takes pdf or ofd, not '%s'\n"), t);
            rc = EXIT_USAGE;
        } else if (c->nto < CLI_MAX_FORMATS) {
            c->to[c->nto++] = f;
        }
    }
    free(copy);
    return rc;
}

static int parse_choice(const char *opt, const char *val, const char *const *choices, int *out)
{
    for (int i = 0; choices[i]; i++)
        if (!strcmp(val, choices[i])) {
            *out = i;
            return 0;
        }
    char list[128] = "";
    for (int i = 0; choices[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? "|" : "", choices[i]);
    const char *near = cli_nearest(val, choices);
    if (near)
        cli_say(_("gongwen: --%s takes %s, not '%s'; did you mean '%s'?\n"), opt, list, val, near);
    else
        cli_say(_("gongwen: --%s takes %s, not '%s'\n"), opt, list, val);
    return EXIT_USAGE;
}

static int one_option(int o, const char *arg, cli *c, bool *done)
{
    static const char *const diag_forms[] = {"human", "json", NULL};
    static const char *const when[] = {"auto", "always", "never", NULL};
    static const char *const from[] = {"text", "html", "docx", NULL};
    static const char *const data_forms[] = {"json", "csv", NULL};
    int k = 0, rc = 0;
    char *end;
    switch (o) {
    case 'h': fputs(_(usage), stdout); *done = true; return 0;
    case OPT_VERSION: printf("gongwen %s\n", engine_version()); *done = true; return 0;
    case 'o': c->output = arg; return 0;
    case 'q': c->quiet = true; return 0;
    case OPT_TO: return parse_to(c, arg);
    case OPT_LAYOUT: c->eo.layout = arg; return 0;
    case OPT_DATA: c->eo.data_dir = arg; return 0;
    case OPT_NO_CHECK: c->eo.no_check = true; return 0;
    case OPT_STRICT: c->eo.strict = true; return 0;
    case OPT_PREVIOUS: c->previous = arg; return 0;
    case OPT_FORMAT:
        rc = parse_choice("format", arg, data_forms, &k);
        c->data_format = k == 1 ? ENGINE_DATA_CSV : ENGINE_DATA_JSON;
        return rc;
    case OPT_FROM:
        rc = parse_choice("from", arg, from, &k);
        c->eo.from = arg;
        return rc;
    case OPT_DIAG:
        rc = parse_choice("diagnostics", arg, diag_forms, &k);
        c->json = k == 1;
        return rc;
    case OPT_COLOR:
        rc = parse_choice("color", arg, when, &k);
        c->color = k == 1 || (k == 0 && c->color);
        return rc;
    case 'j':
        c->jobs = (int)strtol(arg, &end, 10);
        if (*end || c->jobs < 1 || c->jobs > 1024) {
            cli_say(_("gongwen: -j takes a number of workers from 1 to 1024, not '%s'\n"), arg);
            return EXIT_USAGE;
        }
        return 0;
    default: return EXIT_USAGE;
    }
}

static bool color_default(void)
{
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    return isatty(2) && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
}

int cli_args(int argc, char **argv, cli *c, bool *done)
{
    c->color = color_default();
    c->inputs = calloc((size_t)argc + 1, sizeof *c->inputs);
    opterr = 0; /* our messages, with "did you mean" */
    int o;
    /* GNU getopt permutes: options anywhere, the operands left in order at
     * argv[optind..], everything after "--" an operand */
    while ((o = getopt_long(argc, argv, "o:qj:h", longopts, NULL)) != -1) {
        if (o == '?') {
            const char *bad = argv[optind - 1];
            if (optopt && strchr("oj", optopt))
                cli_say(_("gongwen: option -%c needs a value\n"), optopt);
            else if (optopt && bad[1] != '-')
                cli_say(_("gongwen: unknown option '-%c' (try --help)\n"), optopt);
            else
                return unknown_option(bad);
            return EXIT_USAGE;
        }
        int rc = one_option(o, optarg, c, done);
        if (rc || *done)
            return rc;
    }
    for (; optind < argc; optind++)
        if (!c->cmd)
            c->cmd = argv[optind];
        else
            c->inputs[c->ninputs++] = argv[optind];
    if (!c->cmd) {
        fputs(_(usage), stderr);
        return EXIT_USAGE;
    }
    for (size_t i = 0; commands[i]; i++)
        if (!strcmp(c->cmd, commands[i]))
            return 0;
    const char *near = cli_nearest(c->cmd, commands);
    if (near)
        cli_say(_("gongwen: unknown command '%s'; did you mean '%s'?\n"), c->cmd, near);
    else
        cli_say(_("gongwen: unknown command '%s' (try --help)\n"), c->cmd);
    return EXIT_USAGE;
}
