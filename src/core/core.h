/*
 * core: the few things every stage of gongwen needs and none owns.
 *
 *  - core_status: what a function that can fail returns (0 = CORE_OK).
 *  - core_arena: one per stage result; allocations live until the arena is
 *    dropped, never freed one by one. Running out of memory aborts, so no
 *    caller checks an allocation.
 *  - core_buf: a growable byte buffer on the heap, for output that leaves
 *    the library (PDF bytes, traces, messages).
 *  - core_source: the input text, decoded and normalised, with a line index
 *    so that any byte offset can be named as LINE:COLUMN.
 *  - core_diags: problems in the input, as values. Only the CLI prints them.
 *
 * Nothing here prints, exits or opens a file except core_file_read, which the
 * engine and the CLI use; stages get bytes.
 */
#ifndef GONGWEN_CORE_H
#define GONGWEN_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum core_status {
    CORE_OK = 0,
    CORE_EINPUT,   /* the input is wrong; diagnostics say where */
    CORE_ECHECK,   /* the numbers do not add up; diagnostics say where */
    CORE_EFONT,    /* no usable font, or a character no font has */
    CORE_ELAYOUT,  /* the content cannot be laid out (too wide, too tall) */
    CORE_ELIMIT,   /* a documented limit was reached */
    CORE_EIO,      /* a file could not be read or written */
    CORE_EPDF,     /* the PDF writer failed */
    CORE_EOFD      /* the OFD writer failed */
} core_status;

/* A short English name for a status, for messages ("input error"). */
const char *core_status_name(core_status st);

/* Run EXPR; on failure store its status in `st` and jump to `done`. */
#define CORE_CHECK(expr)                    \
    do {                                    \
        st = (expr);                        \
        if (st != CORE_OK) goto done;       \
    } while (0)

/* ---- arena ------------------------------------------------------------ */

typedef struct core_arena core_arena;

/* A new empty arena; drop it with core_arena_drop. Aborts on no memory. */
core_arena *core_arena_new(void);
void core_arena_drop(core_arena *a);
/* Zeroed memory aligned for any type; lives as long as the arena. */
void *core_arena_alloc(core_arena *a, size_t size);
/* Copies of a string (NUL-terminated) or of `n` bytes plus a NUL. */
char *core_arena_strdup(core_arena *a, const char *s);
char *core_arena_strndup(core_arena *a, const char *s, size_t n);
char *core_arena_printf(core_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Bytes the arena holds, for the benchmark and the limits. */
size_t core_arena_size(const core_arena *a);

/*
 * A vector whose storage lives in an arena: CORE_VEC(int) v = {0};
 * core_vec_push(arena, &v, 3); the old storage is left in the arena when it
 * grows (doubling, so at most twice the final size is spent).
 */
#define CORE_VEC(T) struct { T *v; size_t n, cap; }
void core_vec_grow_(core_arena *a, void **v, size_t *cap, size_t n, size_t item);
#define core_vec_push(arena, vec, item)                                        \
    do {                                                                       \
        if ((vec)->n == (vec)->cap)                                            \
            core_vec_grow_((arena), (void **)&(vec)->v, &(vec)->cap, (vec)->n, \
                           sizeof(*(vec)->v));                                 \
        (vec)->v[(vec)->n++] = (item);                                         \
    } while (0)

/* ---- heap buffer ------------------------------------------------------ */

typedef struct core_buf {
    char *data; /* NUL-terminated whenever len < cap */
    size_t len, cap;
} core_buf;

void core_buf_append(core_buf *b, const void *p, size_t n);
void core_buf_puts(core_buf *b, const char *s);
void core_buf_printf(core_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void core_buf_vprintf(core_buf *b, const char *fmt, va_list ap);
/* `s` as a JSON string (quotes, backslashes and control characters
 * escaped; UTF-8 as is), or null when s is NULL. */
void core_buf_json(core_buf *b, const char *s);
void core_buf_free(core_buf *b);

/* Read a whole file ("-" is standard input). CORE_EIO with *why set to a
 * static or strerror text on failure. The caller frees out. */
core_status core_file_read(const char *path, core_buf *out, const char **why);

/* ---- hashing ------------------------------------------------------------ */

/* The FNV-1a offset basis, and hash h carried over n more bytes at p: a
 * stable digest for names and ids (not for security). */
#define CORE_FNV1A_BASIS 0xCBF29CE484222325ull
uint64_t core_fnv1a(uint64_t h, const void *p, size_t n);

/* ---- UTF-8 -------------------------------------------------------------- */

/* Decode one code point at s[0..n); returns its length (1..4) and sets *cp,
 * or returns 0 for an invalid or truncated sequence. */
size_t core_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t core_utf8_encode(uint32_t cp, char *out);
/* Terminal cells code point cp takes: two for the East Asian wide and
 * fullwidth ranges (Han, kana, Hangul, fullwidth forms, CJK punctuation),
 * else one; for carets under a column and columns of a report. */
int core_char_cells(uint32_t cp);
/* The terminal cells s[0, n) takes. */
int core_str_cells(const char *s, size_t n);
/* The bytes of s[0, n) that fit in `cells` terminal cells, whole characters
 * only: from the start (tail false: a length) or up to the end (tail true:
 * the offset where that part starts). An invalid byte counts one cell. */
size_t core_cells_fit(const char *s, size_t n, int cells, bool tail);
/* s, then spaces up to `cells` terminal cells: printf's %-Ns counted in
 * cells, so that columns of Chinese text line up. */
void core_buf_pad(core_buf *out, const char *s, int cells);

/*
 * The one folding every recogniser compares text under (metadata labels,
 * chrome, heading numbers, the forms' labels): Unicode compatibility forms
 * folded (NFKC through utf8proc: full-width ASCII, Kangxi radicals such as
 * ⼀ U+2F00, compatibility ideographs), then optionally spaces of every kind
 * dropped, punctuation and symbols dropped, ASCII lower-cased. Appends the
 * folded UTF-8 to `out`; invalid UTF-8 is copied as it is.
 */
enum {
    CORE_FOLD_SPACES = 1, /* drop every space character (and tabs) */
    CORE_FOLD_PUNCT = 2,  /* drop punctuation and symbols (Unicode P* and S*) */
    CORE_FOLD_CASE = 4    /* ASCII lower case */
};
void core_fold(const char *s, size_t n, unsigned how, core_buf *out);
/* One code point folded alone (NFKC), or cp itself when it has no single
 * code point form: ⼀ → 一, １ → 1, （ → (. */
uint32_t core_fold_char(uint32_t cp);

/* ---- libraries loaded when first needed (lib.c) -------------------------- */

/* A shared library its user loads once (under pthread_once) with
 * core_lib_load: names[i] (n of them) into fns[i]. On failure ok stays
 * false and core_lib_why says what to install. */
typedef void (*core_fn)(void);
typedef struct core_lib {
    const char *soname;       /* as the build found it: libxml2.so.2 */
    const char *package;      /* the Debian package that has it */
    const char *what;         /* what needs it, marked N_(): "reading HTML" */
    const char *const *names;
    core_fn *fns;
    size_t n;
    bool ok;
    const char *lacks;        /* the function it lacks; NULL: it did not load */
} core_lib;
bool core_lib_load(core_lib *l);
struct core_diags;
/* Why l cannot be used, in the language of d's hook (d may be NULL): a
 * sentence that starts with l->what and says what to install, appended to
 * out. */
void core_lib_why(const core_lib *l, const struct core_diags *d, core_buf *out);

/*
 * CORE_LIB(P, FUNCTIONS, SONAME, PACKAGE, WHAT) in a .c file (which includes
 * <pthread.h> and the library's headers): P.f for each f of the X-macro
 * list FUNCTIONS, a pointer of f's own type, and P_ready(d, why), which
 * loads the library once per process and says whether P may be used; when
 * not, it appends why in d's language to the buffer `why`. Each file lists
 * only what it calls; WHAT is marked N_().
 */
#define CORE_LIB_PTR_(f) __typeof__(f) *f;
#define CORE_LIB_NAME_(f) #f,
#define CORE_LIB(P, FUNCTIONS, SONAME, PACKAGE, WHAT)                                          \
    static const char *const P##_names[] = {FUNCTIONS(CORE_LIB_NAME_)};                      \
    enum { P##_n = sizeof P##_names / sizeof *P##_names };                                   \
    static union {                                                                           \
        struct {                                                                             \
            FUNCTIONS(CORE_LIB_PTR_)                                                         \
        } f;                                                                                 \
        core_fn v[P##_n];                                                                    \
    } P##_u;                                                                                 \
    static core_lib P##_lib = {SONAME, PACKAGE, WHAT, P##_names, P##_u.v, P##_n, false, NULL}; \
    static void P##_load(void) { core_lib_load(&P##_lib); }                                  \
    static bool P##_ready(const struct core_diags *d, core_buf *why)                         \
    {                                                                                        \
        static pthread_once_t once = PTHREAD_ONCE_INIT;                                      \
        pthread_once(&once, P##_load);                                                       \
        if (!P##_lib.ok)                                                                     \
            core_lib_why(&P##_lib, d, why);                                                  \
        return P##_lib.ok;                                                                   \
    }

/* ---- diagnostics -------------------------------------------------------- */

typedef enum core_severity { CORE_NOTE, CORE_WARNING, CORE_ERROR } core_severity;

typedef struct core_diag {
    core_severity severity;
    const char *code;    /* stable id, e.g. "E-utf8", "W-label"; see docs/ERRORS.md */
    const char *file;    /* input name (heap, owned), or NULL for no place */
    uint32_t line, col;  /* 1-based; 0 when unknown. col counts characters */
    uint32_t end_line, end_col; /* the character after the span named, when
                           * it names one (core_diag_span); 0: a point */
    size_t offset;       /* byte offset in the original input */
    char *message;       /* heap; freed by core_diags_free */
} core_diag;

/* How many diagnostics of one code were counted but not kept. */
typedef struct core_diag_count {
    const char *code;
    core_severity severity;
    size_t kept, dropped;
} core_diag_count;

/*
 * At most CORE_MAX_DIAGS_PER_CODE diagnostics of one code are kept (a text of
 * a million emoji would otherwise hold a million E-glyphs); the others are
 * counted in `errors`/`warnings` and in counts[] (dropped), not stored. The
 * counts live in the struct (no heap), so that a copy of a core_diags moves
 * them along; codes past the first CORE_DIAG_CODES seen are kept uncapped.
 * To append one list to another use core_diags_move.
 */
#define CORE_MAX_DIAGS_PER_CODE 1000
#define CORE_DIAG_CODES 64

/*
 * The caller's translation of messages (the library reads no catalogue and
 * no locale): called with the English printf format of a message, or with a
 * piece of one (marked N_() where it is written, translated with core_tr),
 * it returns the format to use instead, or its argument. The translation
 * must take the same arguments in the same order as the English (%s, %zu,
 * %.*s: flags, width and precision may differ, so "%.0s" drops an English
 * plural "s"); arguments cannot be reordered (no %1$s), so a translator
 * rephrases instead. One that differs is not used (the English is). The
 * returned string must live as long as the diagnostics are made.
 */
typedef const char *(*core_translate_fn)(const char *msgid);

/* Marks a message piece for extraction (xgettext -kN_) where it is written;
 * core_tr translates it where it is used. */
#ifndef N_
#define N_(s) (s)
#endif

typedef struct core_diags {
    core_translate_fn translate; /* NULL = English; kept by free and move */
    core_diag *v;
    size_t n, cap;
    size_t errors, warnings;
    core_diag_count counts[CORE_DIAG_CODES]; /* one per code seen */
    size_t ncounts;
} core_diags;

struct core_source;
/* Record a problem at byte `offset` of `src` (src may be NULL: no place). */
void core_diag_at(core_diags *d, const struct core_source *src, size_t offset,
                  core_severity sev, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* The same for the span [offset, end) of `src` (a cell's text, a heading's
 * number): FILE:LINE:COL is its start; the CLI underlines it and the JSON
 * gives its end. */
void core_diag_span(core_diags *d, const struct core_source *src, size_t offset, size_t end,
                    core_severity sev, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Record a problem about a whole file (a font folder, a layout, the input
 * as a whole): printed "FILE: error: message". */
void core_diag_file(core_diags *d, const char *file, core_severity sev, const char *code,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void core_diags_vadd(core_diags *d, const struct core_source *src, size_t offset,
                     core_severity sev, const char *code, const char *fmt, va_list ap);
void core_diags_free(core_diags *d);
/* msgid through d->translate (msgid itself without one, or when the
 * translation's conversions differ): for the pieces of a message. */
const char *core_tr(const core_diags *d, const char *msgid);
/* The same through hook t (NULL = English), for a stage that keeps the
 * caller's hook for texts it makes outside a diagnostic (font matches). */
const char *core_translate(core_translate_fn t, const char *msgid);
/* Do printf formats a and b take the same arguments in the same order (the
 * same conversions; flags, width and precision may differ; no %1$s)? */
int core_format_same(const char *a, const char *b);
/* Append every diagnostic of `from` to `to` (counts too) and empty `from`. */
void core_diags_move(core_diags *to, core_diags *from);
/* "FILE:LINE:COL: error: message" (what the CLI prints), appended to out. */
void core_diag_format(const core_diag *g, core_buf *out);

/*
 * A sink's failure (the PDF and OFD writers): the first one becomes one
 * error diagnostic about `file`, "FILE: error: LEAD [CODE]" with the
 * detail in LEAD's %s, and later ones, its consequences, only return
 * their status. The code is E-font for CORE_EFONT (a font that may not be
 * embedded, a glyph a font lacks), else `code`. Worker threads never call
 * core_fail: they keep a status, and the writer's thread reports it.
 */
typedef struct core_failure {
    core_diags *d;      /* where the diagnostic goes (NULL: status only) */
    const char *file;   /* what it names: the report being written */
    const char *lead;   /* the message around every detail, one %s, marked
                         * N_(): "cannot write the PDF: %s" */
    const char *code;   /* the sink's own: "E-pdf" */
    core_status status; /* the first failure; CORE_OK while none */
} core_failure;

/* Record failure st (not CORE_OK) of f, its detail printf format fmt
 * (translated through f->d's hook); returns st. */
core_status core_fail(core_failure *f, core_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- source text -------------------------------------------------------- */

/*
 * The input as the stages see it: valid UTF-8 with no byte-order mark, every
 * line ending turned into '\n', no NUL or other C0 control except '\t' and
 * '\n'. Offsets given to core_source_locate are offsets into `text`; since
 * only CR bytes and the BOM are removed, a line and column are the same as in
 * the original file, and `orig_offset` maps back to the file's byte.
 */
typedef struct core_source {
    const char *name;   /* as given by the caller: a path or "<stdin>" */
    /* A source derived from another (a reader's canonical text, see
     * core_source_derive) names places in the file it came from: origin is
     * that file's source and map[i] the offset in origin->text that byte i
     * stands for (len + 1 entries). NULL for the file itself. */
    const struct core_source *origin;
    const uint32_t *map;
    char *text;         /* arena */
    size_t len;
    size_t *line_start; /* arena; line_start[i] = offset of line i+1 */
    size_t nlines;
    size_t *orig;       /* arena; orig[i] = file offset of line i+1's start */
    size_t *chars;      /* arena; chars[j] = characters in text[0, j * CORE_SOURCE_STEP),
                           so that locating costs O(step), not O(line) */
} core_source;

#define CORE_SOURCE_STEP 512

/*
 * Decode `bytes` into a source in arena `a`. Invalid UTF-8, control
 * characters and invisible formatting characters (U+200B, U+FEFF inside the
 * text, direction controls, U+2028, U+FFFD, ...) are errors in `d` naming
 * the byte offset and LINE:COLUMN; the
 * result is then CORE_EINPUT and *out is NULL. A BOM and CR line ends are
 * accepted silently.
 */
core_status core_source_new(core_arena *a, const char *name, const char *bytes,
                            size_t len, core_diags *d, core_source **out);
/* What core_source_new_with may let through, for a reader that removes or
 * reports these itself (with a note naming each) in the text it derives. */
enum {
    CORE_SOURCE_KEEP_INVISIBLE = 1, /* zero-width and direction characters, U+FEFF */
    CORE_SOURCE_KEEP_FORMFEED = 2   /* U+000C, the page breaks of a PDF's text */
};
core_status core_source_new_with(core_arena *a, const char *name, const char *bytes,
                                 size_t len, unsigned keep, core_diags *d,
                                 core_source **out);

/* Why code point cp may not be printed (a control or an invisible
 * formatting character, in words for a message), or NULL when it may. */
const char *core_char_forbidden(uint32_t cp);

/*
 * A text being derived from a source: bytes appended with the source offset
 * each stands for, so that a derived text (lines joined, chrome dropped,
 * cells re-separated) still names the file's LINE:COLUMN. Built on the heap;
 * core_source_derive moves it into an arena.
 */
typedef struct core_text {
    const core_source *from;
    core_buf s;
    uint32_t *map;
    size_t cap;
} core_text;

/* Append from->text[start, end), each byte standing for itself. */
void core_text_copy(core_text *t, size_t start, size_t end);
/* Append n bytes that stand for the source byte `at` (normalised or
 * synthesised text: a directive, a tab between cells, a folded character). */
void core_text_put(core_text *t, const char *s, size_t n, size_t at);
/* The text as a new source in `a` (origin: the file t->from came from; line
 * index built as for a file); t is emptied. E-limit for a line over
 * CORE_MAX_LINE_BYTES, located at its start. */
core_status core_source_derive(core_arena *a, core_text *t, core_diags *d,
                               core_source **out);
void core_text_free(core_text *t);

/* 1-based line and column (in characters) of byte `offset` of src->text,
 * in O(log lines + CORE_SOURCE_STEP) time, however long the line; for a
 * derived source, the place in the file it came from. */
void core_source_locate(const core_source *src, size_t offset, uint32_t *line,
                        uint32_t *col);

/* ---- limits --------------------------------------------------------------- */

/* Refused cleanly before they are reached (docs/ERRORS.md, E-limit). */
/* 8 MiB of text: a hundred times the longest real report, ~6 000 pages; its
 * build peaks under 1 GB (docs/ERRORS.md, E-limit, has the measurements) */
#define CORE_MAX_INPUT_MIB     8
#define CORE_MAX_INPUT_BYTES   ((unsigned)CORE_MAX_INPUT_MIB << 20)
#define CORE_MAX_LINE_BYTES    (1u << 20)  /* 1 MiB on one line */
#define CORE_MAX_TABLE_CELLS   4096        /* cells in one table row */
#define CORE_MAX_PAGES         20000
#define CORE_MAX_TITLE_CHARS   200         /* characters in the title, all lines */

#endif
