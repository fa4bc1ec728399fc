/*
 * cli.h: what the parts of the gongwen command line share (private to
 * src/cli/). main.c runs a command; args.c turns argv into a `cli`; files.c
 * reads inputs and writes outputs safely; show.c prints diagnostics, the
 * progress line and the summary; batch.c runs many reports, in worker
 * processes forked after the engine is set up.
 */
#ifndef GONGWEN_CLI_H
#define GONGWEN_CLI_H

#include "engine/engine.h"

#include <libintl.h>
#include <stdbool.h>
#include <stdio.h>

#define _(s) gettext(s)
#define N_(s) (s)

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_ENV = 3, EXIT_IO = 4 };

/* An output format: `build` writes one file per format asked for. `make`
 * is NULL for a format this build of gongwen lacks. */
typedef core_status (*cli_make_fn)(engine *e, const char *name, const char *bytes, size_t len,
                                   core_buf *out, core_diags *d);
typedef struct cli_format {
    const char *name, *ext;
    cli_make_fn make;
} cli_format;

enum { CLI_MAX_FORMATS = 4 };

typedef struct cli {
    const char *cmd;
    const char **inputs; /* argv's, in order */
    size_t ninputs;
    bool owned; /* inputs[] entries are heap copies */
    bool batch; /* several inputs, or a folder: -o names a folder */
    const char *output;
    const cli_format *to[CLI_MAX_FORMATS]; /* --to, or chosen from -o's extension */
    size_t nto;
    bool quiet, json, color;
    int jobs; /* 0: one a core */
    engine_data_format data_format; /* data: --format */
    const char *previous;           /* --previous FILE, or NULL */
    engine_options eo;
} cli;

/* args.c: parse argv into c; 0, or an exit status after a message. Prints
 * --help and --version itself (then *done is set). */
int cli_args(int argc, char **argv, cli *c, bool *done);
const cli_format *cli_format_lookup(const char *name);
const cli_format *cli_format_for_path(const char *path);
/* The closest of `names` (NULL-terminated) to `word`, or NULL if none is near. */
const char *cli_nearest(const char *word, const char *const *names);

/* files.c */
/* Read an input ("-" = standard input) refusing what would block or is no
 * file: 0, or an exit status with a diagnostic in d. */
int cli_read_input(const char *path, const char *name, core_buf *out, core_diags *d);
/* Write b to path ("-" = standard output) atomically; 0 or an exit status,
 * with the message printed. */
int cli_write_output(const char *path, const core_buf *b);
/* All n bytes written from p to fd (or read into p); false with errno set
 * on failure, or at the end of the input when reading. */
bool cli_full_io(bool writing, int fd, void *p, size_t n);
bool cli_same_file(const char *a, const char *b);
bool cli_is_dir(const char *path);
/* This binary's path into out (n bytes); false when it cannot be known. */
bool cli_exe_path(char *out, size_t n);
void cli_signals_init(void);

/* The font memo in the user's cache folder (cache.c): read into `memo`
 * (left empty when there is none), written back whole. Silent. */
/* The font memo of the installation reading data folder `data` ("" for the
 * built-in one). */
void cli_cache_read(const char *data, core_buf *memo);
void cli_cache_write(const char *data, const core_buf *memo);

/* show.c: diagnostics as text (with the source line and a caret) or JSON
 * lines, appended to out. `src` is the input's bytes when the diagnostics
 * are about it (NULL otherwise). */
void cli_show_init(bool color, bool json);
void cli_show_diags(const core_diags *d, const char *name, const core_buf *src, bool quiet,
                    bool json, core_buf *out);
/* A message of the command line itself, on standard error or, after
 * cli_say_to(buf), appended to buf (NULL: standard error again). */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_say_to(core_buf *sink);
/* The first error's message, for the summary (static storage in d). */
const char *cli_first_error(const core_diags *d);

/* The progress line on a terminal: drawn by cli_progress, erased before
 * anything else is printed by cli_progress_clear. */
void cli_progress(size_t done, size_t total, const char *current, double elapsed_s);
void cli_progress_clear(void);
bool cli_progress_on(void);

/* batch.c / main.c */
typedef struct cli_result {
    int rc;
    size_t pages;
    char first_error[200];
} cli_result;

/* Run the command on input i (the whole job: read, build, write), diagnostics
 * rendered into msgs. */
void cli_run_one(cli *c, engine *e, size_t i, core_buf *msgs, cli_result *r);
int cli_run_batch(cli *c, engine *e);

#endif
