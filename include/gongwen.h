/*
 * gongwen.h: the public interface of libgongwen, the library behind the
 * gongwen command. It turns the text of a Chinese government information-
 * disclosure annual report into its GB/T 9704 PDF/A, after checking the
 * statistics tables' arithmetic.
 *
 *   gongwen_diags  *d = gongwen_diags_new();
 *   gongwen_engine *e = NULL;
 *   if (gongwen_engine_new(NULL, d, &e) == GONGWEN_OK) {
 *       gongwen_bytes pdf = {0};
 *       if (gongwen_build(e, "report.txt", text, len, &pdf, d) == GONGWEN_OK)
 *           fwrite(pdf.data, 1, pdf.len, f);
 *       gongwen_bytes_free(&pdf);
 *   }
 *   for (size_t i = 0; i < gongwen_diags_count(d); i++) ... print them
 *   gongwen_engine_drop(e);
 *   gongwen_diags_drop(d);
 *
 * Contracts, for every function here:
 *  - Everything it exports starts with gongwen_ / GONGWEN_; this header
 *    needs only <stddef.h> and is the only one installed.
 *  - The library never prints, never exits and never writes a file; it reads
 *    its data files (fonts/, layouts/) when an engine is made and returns
 *    output as bytes. Running out of memory aborts.
 *  - A function that can fail returns gongwen_status; GONGWEN_OK is 0. On any
 *    other status at least one error was added to the diagnostics, and no
 *    output was produced (out->len is 0).
 *  - An engine keeps what outlives one report (fonts, layouts, table forms),
 *    so build many reports with one engine. One engine is for one thread at a
 *    time; use one engine per thread (or fork after making one).
 *  - Identical input gives identical bytes.
 *  - `new` means the caller drops it; pointers returned by gongwen_diags_at
 *    are borrowed and live until the next call on that gongwen_diags.
 */
#ifndef GONGWEN_H
#define GONGWEN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define GONGWEN_API __attribute__((visibility("default")))
#else
#define GONGWEN_API
#endif

typedef enum gongwen_status {
    GONGWEN_OK = 0,
    GONGWEN_EINPUT,  /* the input is wrong; the diagnostics say where */
    GONGWEN_ECHECK,  /* the tables' numbers do not add up */
    GONGWEN_EFONT,   /* no usable font, or a character no font has */
    GONGWEN_ELAYOUT, /* the content cannot be laid out */
    GONGWEN_ELIMIT,  /* a documented limit was reached (size, pages) */
    GONGWEN_EIO,     /* a data file could not be read */
    GONGWEN_EPDF     /* the PDF writer failed (an internal error) */
} gongwen_status;

typedef enum gongwen_severity { GONGWEN_NOTE, GONGWEN_WARNING, GONGWEN_ERROR } gongwen_severity;

/* One problem found, located in the input when line is not 0. */
typedef struct gongwen_diag {
    gongwen_severity severity;
    const char *code;    /* stable id such as "E-utf8" (docs/ERRORS.md), or NULL */
    const char *file;    /* the name given to gongwen_build, a data file, or NULL */
    unsigned line;       /* 1-based; 0 = the file as a whole */
    unsigned column;     /* 1-based, in characters */
    unsigned end_line, end_column; /* the character after the span named
                          * (a table cell, a heading's number); 0 = a point */
    size_t offset;       /* byte offset in the input */
    const char *message; /* one line, in English or through options.translate */
} gongwen_diag;

typedef struct gongwen_diags gongwen_diags;

/* A new empty list; never NULL. */
GONGWEN_API gongwen_diags *gongwen_diags_new(void);
GONGWEN_API void gongwen_diags_drop(gongwen_diags *d);
GONGWEN_API size_t gongwen_diags_count(const gongwen_diags *d);
/* Errors among them (warnings and notes do not stop a build). */
GONGWEN_API size_t gongwen_diags_errors(const gongwen_diags *d);
/* Diagnostic i (< count), borrowed. */
GONGWEN_API const gongwen_diag *gongwen_diags_at(gongwen_diags *d, size_t i);
/* "FILE:LINE:COL: error: message [CODE]\n" as the command line prints it,
 * into buf (at most n bytes with the NUL); returns the length it needs,
 * like snprintf. */
GONGWEN_API size_t gongwen_diag_format(const gongwen_diag *g, char *buf, size_t n);

typedef struct gongwen_options {
    const char *data_dir; /* holds fonts/ and layouts/; NULL = $GONGWEN_DATA, else
                             PREFIX/share/gongwen beside the installed library */
    const char *layout;   /* a name in layouts/ or an .ini path; NULL = "gbt9704" */
    const char *from;     /* the input's format ("text"); NULL = by its content */
    int no_check;         /* non-zero: table arithmetic failures are warnings */
    /* Messages in the user's language; NULL = English. The library reads no
     * catalogue and no locale: it calls translate with the English printf
     * format of each message (and of the pieces put into one), as extracted
     * into gongwen's po/gongwen.pot, and formats what it returns. It returns
     * its argument or a format with the same conversions in the same order
     * (flags, width and precision may differ: "%.0s" drops an English plural
     * "s"; no "%1$s" reordering); one whose conversions differ is ignored.
     * What it returns must stay valid while the engine lives. A program using
     * gettext passes a function calling dgettext("gongwen", msgid) after
     * binding that domain to the installed catalogue. The codes (E-utf8) and
     * the severities in gongwen_diag stay the same in every language. */
    const char *(*translate)(const char *msgid);
} gongwen_options;

typedef struct gongwen_engine gongwen_engine;

/* Set up fonts, layout and table forms (opt may be NULL). On failure *out
 * is NULL and d says why (GONGWEN_EFONT, GONGWEN_EIO). */
GONGWEN_API gongwen_status gongwen_engine_new(const gongwen_options *opt, gongwen_diags *d,
                                              gongwen_engine **out);
GONGWEN_API void gongwen_engine_drop(gongwen_engine *e);

/* Output bytes, owned by the caller: free with gongwen_bytes_free. */
typedef struct gongwen_bytes {
    unsigned char *data;
    size_t len;
} gongwen_bytes;
GONGWEN_API void gongwen_bytes_free(gongwen_bytes *b);

/* The PDF of `len` bytes of report text named `name` (used in messages),
 * appended to *pdf. Diagnostics are appended to d. */
GONGWEN_API gongwen_status gongwen_build(gongwen_engine *e, const char *name, const void *bytes,
                                         size_t len, gongwen_bytes *pdf, gongwen_diags *d);
/* Parse and check only: GONGWEN_OK when the report would build. */
GONGWEN_API gongwen_status gongwen_check(gongwen_engine *e, const char *name, const void *bytes,
                                         size_t len, gongwen_diags *d);
/* Pages of the last report built with e (0 if it was refused). */
GONGWEN_API size_t gongwen_pages(const gongwen_engine *e);

/* "0.1.0" */
GONGWEN_API const char *gongwen_version(void);
/* A short English name of a status ("input error"). */
GONGWEN_API const char *gongwen_status_name(gongwen_status st);

#ifdef __cplusplus
}
#endif
#endif
