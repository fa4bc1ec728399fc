/*
 * engine: the whole pipeline behind one call, for the CLI and for programs
 * that link libgongwen.
 *
 *   bytes → read → parse → form → check → layout (fonts) → display list → PDF bytes
 *                                                                          → OFD bytes
 *
 * An engine holds what outlives one report: the font library and the
 * resolved layout styles, so a batch loads each font once. It never touches
 * the output file: it returns bytes, and the caller decides where they go.
 */
#ifndef GONGWEN_ENGINE_H
#define GONGWEN_ENGINE_H

#include "../core/core.h"

#include <stdbool.h>

typedef struct engine_options {
    const char *data_dir;    /* holds fonts/ and layouts/; NULL = built-in */
    const char *layout;      /* name in layouts/ or a path; NULL = gbt9704 */
    const char *icc_path;    /* NULL = the built-in choice */
    bool no_check;           /* arithmetic failures become warnings */
    bool strict;             /* every warning of check (prose, --previous) is an error */
    const char *from;        /* the reader: "text", "html", "docx"; NULL = by content */
    const char *font_memo;   /* what engine_font_memo gave an earlier engine, or NULL */
    size_t font_memo_len;
    core_translate_fn translate; /* messages in the user's language (core.h); NULL = English */
} engine_options;

typedef struct engine engine;

/* CORE_EFONT / CORE_EIO with a diagnostic in `d` when fonts or the layout
 * cannot be loaded. */
core_status engine_new(const engine_options *opt, core_diags *d, engine **out);
void engine_drop(engine *e);

/* The font memo to keep for the next engine (the fonts it resolved and
 * what their resolution depends on; src/font/memo.c), appended to `out`;
 * false when the memo it was given answered everything, so there is
 * nothing new to keep. A stale or foreign memo given to engine_new is
 * ignored, never trusted. */
bool engine_font_memo(engine *e, core_buf *out);

/* Build a PDF from `len` bytes named `name` into `pdf`. Diagnostics in `d`.
 * Any status but CORE_OK means no PDF must be written. */
core_status engine_build(engine *e, const char *name, const char *bytes, size_t len,
                         core_buf *pdf, core_diags *d);

/* Build an OFD (GB/T 33190, OFD-A as docs/OFD.md says) into `out`, from
 * the same display list as the PDF. Same contract as engine_build. */
core_status engine_build_ofd(engine *e, const char *name, const char *bytes, size_t len,
                             core_buf *out, core_diags *d);

/* Lay out once and write both: the PDF into `pdf`, the OFD into `ofd`.
 * CORE_OK only when both were written; otherwise neither may be used. */
core_status engine_build_pdf_ofd(engine *e, const char *name, const char *bytes, size_t len,
                                 core_buf *pdf, core_buf *ofd, core_diags *d);

/* The display-list trace instead of a PDF (golden tests, debugging). */
core_status engine_trace(engine *e, const char *name, const char *bytes, size_t len,
                         core_buf *trace, core_diags *d);

/* The canonical text the readers made of the input (docs/FORMAT.md): what
 * gongwen understood, for a clerk to see and to correct. */
core_status engine_read(engine *e, const char *name, const char *bytes, size_t len,
                        core_buf *text, core_diags *d);

typedef enum engine_data_format { ENGINE_DATA_JSON, ENGINE_DATA_CSV } engine_data_format;

/* Read, form and check, then append to `out` the report's metadata and the
 * value of every number cell of its standard tables, keyed by the form's
 * ids, as JSON or CSV (docs/DATA.md, schema_version 1). Same contract as
 * engine_check: any status but CORE_OK means `out` must not be used. */
core_status engine_data(engine *e, const char *name, const char *bytes, size_t len,
                        engine_data_format f, core_buf *out, core_diags *d);

/* Last year's report (--previous), read and formed once: every report
 * checked, built or exported after this call is checked against it
 * (docs/ERRORS.md E-previous). bytes NULL forgets it. When it cannot be
 * read, one E-previous names the first error and no previous is kept. */
core_status engine_set_previous(engine *e, const char *name, const char *bytes, size_t len,
                                core_diags *d);

/* Parse and check only. */
core_status engine_check(engine *e, const char *name, const char *bytes, size_t len,
                         core_diags *d);

/* Pages of the last report laid out by engine_build or engine_trace (0
 * when it was refused), for the batch summary. */
size_t engine_pages(const engine *e);

/* CPU time (of the calling thread) of each stage of the last build, trace
 * or check on `e`, in ms (0 for a stage it did not reach): for the benchmark. `read` is the
 * reader and the parser, `form` the recognition of the standard tables. */
typedef struct engine_times {
    double read, form, check, layout, emit;
} engine_times;
void engine_last_times(const engine *e, engine_times *out);

/* The text the last call's diagnostics place their LINE:COLUMN in: the
 * input as its reader decoded it (a GBK or UTF-16 file's UTF-8, a DOCX's
 * paragraphs, an HTML page's markup), for showing the line under a
 * message. False (and an empty text) when the call read none. Valid until
 * the next call. */
bool engine_last_text(const engine *e, const char **text, size_t *len);

/* Which font file serves each role, and why; then each official font the
 * layout asks for that is not installed, what stands in, and how to
 * install it: text lines in the language of d's hook. */
core_status engine_fonts_report(engine *e, core_buf *out, core_diags *d);

/* "0.1.0" */
const char *engine_version(void);

#endif
