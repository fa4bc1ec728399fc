/*
 * core.c: arena, buffers, UTF-8, diagnostics and the decoded source.
 *
 * The arena is a list of blocks; a request larger than a block gets a block
 * of its own, so big tables do not waste a whole block's tail. A vector
 * that has a block of its own grows in place (realloc), so its old copies
 * do not stay behind (issue 13 item 9): for the big vectors of a long report
 * they were as much again as the vector itself. Out of memory
 * aborts (as Redis's zmalloc does): a typesetter that cannot get memory for a
 * report has nothing sensible to go on with, and callers stay check-free.
 */
#include "core.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* in English, marked for the catalogue: a message translates it with core_tr */
const char *core_status_name(core_status st)
{
    switch (st) {
    case CORE_OK: return N_("ok");
    case CORE_EINPUT: return N_("input error");
    case CORE_ECHECK: return N_("check failed");
    case CORE_EFONT: return N_("font error");
    case CORE_ELAYOUT: return N_("layout error");
    case CORE_ELIMIT: return N_("limit reached");
    case CORE_EIO: return N_("i/o error");
    case CORE_EPDF: return N_("pdf error");
    case CORE_EOFD: return N_("ofd error");
    }
    return "error";
}

#define CORE_STR_(x) #x
#define CORE_STR(x) CORE_STR_(x)

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("gongwen: out of memory\n", stderr);
        abort();
    }
    return q;
}

/* ---- arena ------------------------------------------------------------ */

typedef struct arena_block {
    struct arena_block *next, *prev;
    size_t used, size;
    const struct core_arena *owner; /* set on a block of one request only */
    uintptr_t own;                  /* then: its address ^ ARENA_OWN */
    _Alignas(16) unsigned char data[];
} arena_block;

#define ARENA_OWN ((uintptr_t)0x9e3779b97f4a7c15ull)

struct core_arena {
    arena_block *head;
    size_t total;
};

enum { ARENA_BLOCK = 64 * 1024 };

core_arena *core_arena_new(void)
{
    core_arena *a = xrealloc(NULL, sizeof *a);
    a->head = NULL;
    a->total = 0;
    return a;
}

void core_arena_drop(core_arena *a)
{
    if (!a)
        return;
    for (arena_block *b = a->head, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    free(a);
}

void *core_arena_alloc(core_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t want = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
        arena_block *nb = xrealloc(NULL, sizeof *nb + want);
        nb->used = 0;
        nb->size = want;
        nb->owner = want != ARENA_BLOCK ? a : NULL;
        nb->own = want != ARENA_BLOCK ? (uintptr_t)nb ^ ARENA_OWN : 0;
        nb->prev = NULL;
        a->total += want;
        if (b && want != ARENA_BLOCK) {
            /* a big one-off block goes behind the current one so the
             * current block's free tail stays in use */
            nb->next = b->next;
            nb->prev = b;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        if (nb->next)
            nb->next->prev = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

size_t core_arena_size(const core_arena *a) { return a->total; }

char *core_arena_strndup(core_arena *a, const char *s, size_t n)
{
    char *p = core_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *core_arena_strdup(core_arena *a, const char *s)
{
    return core_arena_strndup(a, s, strlen(s));
}

char *core_arena_printf(core_arena *a, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = core_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, aq);
    va_end(aq);
    return p;
}

/* The block of `a` that `p` (from core_arena_alloc) is the whole of, or
 * NULL. Any arena pointer has a block header's size of the same block
 * before it (earlier requests or the header itself), so the look is in
 * bounds; the owner and the address-keyed mark make a false match
 * impossible in practice. */
static arena_block *own_block(const core_arena *a, void *p)
{
    arena_block *b = (arena_block *)((unsigned char *)p - offsetof(arena_block, data));
    return b->owner == a && b->own == ((uintptr_t)b ^ ARENA_OWN) ? b : NULL;
}

void core_vec_grow_(core_arena *a, void **v, size_t *cap, size_t n, size_t item)
{
    size_t ncap = *cap ? *cap * 2 : 8;
    arena_block *b = *v ? own_block(a, *v) : NULL;
    if (b) { /* grow in place: nothing stays behind */
        size_t want = (ncap * item + 15) & ~(size_t)15;
        arena_block *nb = xrealloc(b, sizeof *nb + want);
        memset(nb->data + nb->size, 0, want - nb->size);
        a->total += want - nb->size;
        nb->size = nb->used = want;
        nb->own = (uintptr_t)nb ^ ARENA_OWN;
        if (nb->prev)
            nb->prev->next = nb;
        else
            a->head = nb;
        if (nb->next)
            nb->next->prev = nb;
        *v = nb->data;
        *cap = ncap;
        return;
    }
    void *nv = core_arena_alloc(a, ncap * item);
    if (n)
        memcpy(nv, *v, n * item);
    *v = nv;
    *cap = ncap;
}

/* ---- buffer ------------------------------------------------------------- */

static void buf_reserve(core_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    b->data = xrealloc(b->data, ncap);
    b->cap = ncap;
}

void core_buf_append(core_buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void core_buf_puts(core_buf *b, const char *s) { core_buf_append(b, s, strlen(s)); }

void core_buf_vprintf(core_buf *b, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void core_buf_json(core_buf *b, const char *s)
{
    if (!s) {
        core_buf_puts(b, "null");
        return;
    }
    core_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            core_buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            core_buf_puts(b, "\\n");
        else if (*p == '\t')
            core_buf_puts(b, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            core_buf_printf(b, "\\u%04x", *p);
        else
            core_buf_append(b, p, 1);
    }
    core_buf_puts(b, "\"");
}

void core_buf_printf(core_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void core_buf_free(core_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

core_status core_file_read(const char *path, core_buf *out, const char **why)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return CORE_EIO;
    }
    char tmp[65536];
    size_t n;
    core_status st = CORE_OK;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (out->len + n > CORE_MAX_INPUT_BYTES) {
            *why = "larger than the limit of " CORE_STR(CORE_MAX_INPUT_MIB) " MiB";
            st = CORE_ELIMIT;
            break;
        }
        core_buf_append(out, tmp, n);
    }
    if (st == CORE_OK && ferror(f)) {
        *why = strerror(errno ? errno : EIO);
        st = CORE_EIO;
    }
    if (f != stdin)
        fclose(f);
    if (!out->data)
        core_buf_append(out, "", 0);
    return st;
}

/* ---- UTF-8 -------------------------------------------------------------- */

size_t core_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        len = 2; c = u[0] & 0x1F; min = 0x80;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        len = 3; c = u[0] & 0x0F; min = 0x800;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        len = 4; c = u[0] & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t core_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

uint64_t core_fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001B3ull;
    return h;
}

/* Display cells of code point cp: two for the East Asian wide and fullwidth
 * ranges (Han, kana, Hangul, fullwidth forms, CJK punctuation), else one. */
int core_char_cells(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
                   (cp >= 0x3041 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                   (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                   (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
                   (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x20000 && cp <= 0x3FFFD)
               ? 2
               : 1;
}

/* The cells of the character at s[i] (its length into *len). */
static int cells_at(const char *s, size_t i, size_t n, size_t *len)
{
    uint32_t cp;
    size_t l = core_utf8_decode(s + i, n - i, &cp);
    *len = l ? l : 1;
    return l ? core_char_cells(cp) : 1;
}

int core_str_cells(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0, l; i < n; i += l)
        c += cells_at(s, i, n, &l);
    return c;
}

size_t core_cells_fit(const char *s, size_t n, int cells, bool tail)
{
    int left = tail ? core_str_cells(s, n) : 0; /* tail: the cells from i on */
    size_t i = 0, l;
    for (; i < n; i += l) {
        int w = cells_at(s, i, n, &l);
        if (tail ? left <= cells : left + w > cells)
            break;
        left += tail ? -w : w;
    }
    return i;
}

void core_buf_pad(core_buf *out, const char *s, int cells)
{
    core_buf_puts(out, s);
    for (int n = core_str_cells(s, strlen(s)); n < cells; n++)
        core_buf_puts(out, " ");
}

/* ---- diagnostics -------------------------------------------------------- */

/* The count of `code` in d (a new one if unseen), or NULL when
 * CORE_DIAG_CODES codes are counted already. */
static core_diag_count *diag_count(core_diags *d, const char *code, core_severity sev)
{
    for (size_t i = 0; i < d->ncounts; i++)
        if (!strcmp(d->counts[i].code, code))
            return &d->counts[i];
    if (d->ncounts == CORE_DIAG_CODES)
        return NULL;
    d->counts[d->ncounts] = (core_diag_count){code, sev, 0, 0};
    return &d->counts[d->ncounts++];
}

/* Add a diagnostic; the stored one, or NULL when its code is over
 * CORE_MAX_DIAGS_PER_CODE (it is then only counted). */
static core_diag *diag_add(core_diags *d, const core_source *src, size_t offset, size_t end,
                           core_severity sev, const char *code, const char *fmt, va_list ap)
{
    if (sev == CORE_ERROR)
        d->errors++;
    else if (sev == CORE_WARNING)
        d->warnings++;
    core_diag_count *c = code ? diag_count(d, code, sev) : NULL;
    if (c) {
        if (c->kept == CORE_MAX_DIAGS_PER_CODE) {
            c->dropped++;
            return NULL;
        }
        c->kept++;
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = xrealloc(d->v, d->cap * sizeof *d->v);
    }
    core_diag *g = &d->v[d->n++];
    memset(g, 0, sizeof *g);
    g->severity = sev;
    g->code = code;
    if (src) {
        g->file = strdup(src->name); /* diagnostics outlive the source's arena */
        if (src->origin) {
            /* after the span's last byte there, not where the byte after it
             * came from (a synthesised tab maps to the next cell) */
            if (end != SIZE_MAX && end > offset)
                end = src->map[(end <= src->len ? end : src->len) - 1] + 1;
            offset = src->map[offset < src->len ? offset : src->len];
            src = src->origin;
        }
        core_source_locate(src, offset, &g->line, &g->col);
        if (end != SIZE_MAX && end > offset) {
            core_source_locate(src, end, &g->end_line, &g->end_col);
            if (g->end_line < g->line || (g->end_line == g->line && g->end_col <= g->col))
                g->end_line = g->end_col = 0;
        }
        g->offset = src->orig ? src->orig[g->line - 1] : offset;
        /* the original offset of the line start plus the bytes into the line
         * (a CR can only end a line, so the bytes before offset match) */
        g->offset += offset - src->line_start[g->line - 1];
    }
    core_buf m = {0};
    core_buf_vprintf(&m, core_tr(d, fmt), ap);
    g->message = m.data;
    return g;
}

/* The arguments the next conversion of a printf format from *p takes, as a
 * signature ("*" for a star, then the length modifier and the kind of
 * conversion: "zu", "*s", "lf"), into sig; false at the end of the format.
 * A positional conversion (%1$s) gets "$", which matches no English one. */
static bool next_conv(const char **p, char sig[8])
{
    const char *s = *p;
    while ((s = strchr(s, '%')) != NULL && s[1] == '%')
        s += 2;
    if (!s)
        return false;
    size_t n = 0;
    for (s++; *s && !strchr("diouxXeEfFgGaAcspnm", *s); s++) {
        if (*s == '*' || *s == '$' || strchr("hljztL", *s))
            if (n < 6)
                sig[n++] = *s;
    }
    if (*s) {
        const char *kind = strchr("di", *s) ? "d" : strchr("ouxX", *s) ? "u"
                         : strchr("eEfFgGaA", *s) ? "f" : NULL;
        sig[n++] = kind ? *kind : *s;
        s++;
    }
    sig[n] = 0;
    *p = s;
    return true;
}

int core_format_same(const char *a, const char *b)
{
    char sa[8], sb[8];
    for (;;) {
        bool more_a = next_conv(&a, sa), more_b = next_conv(&b, sb);
        if (!more_a || !more_b)
            return !more_a && !more_b;
        if (strcmp(sa, sb) || strchr(sa, '$'))
            return 0;
    }
}

const char *core_translate(core_translate_fn t, const char *msgid)
{
    if (!t || !msgid)
        return msgid;
    const char *s = t(msgid);
    return s && core_format_same(msgid, s) ? s : msgid;
}

const char *core_tr(const core_diags *d, const char *msgid)
{
    return core_translate(d ? d->translate : NULL, msgid);
}

void core_diags_vadd(core_diags *d, const core_source *src, size_t offset,
                     core_severity sev, const char *code, const char *fmt, va_list ap)
{
    diag_add(d, src, offset, SIZE_MAX, sev, code, fmt, ap);
}

void core_diag_span(core_diags *d, const core_source *src, size_t offset, size_t end,
                    core_severity sev, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, src, offset, end, sev, code, fmt, ap);
    va_end(ap);
}

void core_diag_at(core_diags *d, const core_source *src, size_t offset,
                  core_severity sev, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core_diags_vadd(d, src, offset, sev, code, fmt, ap);
    va_end(ap);
}

void core_diag_file(core_diags *d, const char *file, core_severity sev, const char *code,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core_diag *g = diag_add(d, NULL, 0, SIZE_MAX, sev, code, fmt, ap);
    va_end(ap);
    if (g)
        g->file = strdup(file);
}

void core_diags_free(core_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].message);
        free((char *)d->v[i].file);
    }
    free(d->v);
    core_translate_fn t = d->translate;
    memset(d, 0, sizeof *d);
    d->translate = t;
}

void core_diags_move(core_diags *to, core_diags *from)
{
    if (from->n > to->cap - to->n) {
        to->cap = to->n + from->n;
        to->v = xrealloc(to->v, to->cap * sizeof *to->v);
    }
    if (from->n)
        memcpy(to->v + to->n, from->v, from->n * sizeof *to->v);
    to->n += from->n;
    to->errors += from->errors;
    to->warnings += from->warnings;
    for (size_t i = 0; i < from->ncounts; i++) {
        const core_diag_count *f = &from->counts[i];
        core_diag_count *c = diag_count(to, f->code, f->severity);
        if (c)
            c->kept += f->kept, c->dropped += f->dropped;
    }
    free(from->v);
    core_translate_fn t = from->translate;
    memset(from, 0, sizeof *from);
    from->translate = t;
}

void core_diag_format(const core_diag *g, core_buf *out)
{
    static const char *sev[] = {"note", "warning", "error"};
    if (g->file && g->line)
        core_buf_printf(out, "%s:%u:%u: ", g->file, g->line, g->col);
    else if (g->file)
        core_buf_printf(out, "%s: ", g->file);
    core_buf_printf(out, "%s: %s", sev[g->severity], g->message);
    if (g->code)
        core_buf_printf(out, " [%s]", g->code);
    core_buf_puts(out, "\n");
}

core_status core_fail(core_failure *f, core_status st, const char *fmt, ...)
{
    if (f->status != CORE_OK)
        return st; /* a consequence of the first */
    f->status = st;
    if (!f->d)
        return st;
    core_buf detail = {0};
    va_list ap;
    va_start(ap, fmt);
    core_buf_vprintf(&detail, core_tr(f->d, fmt), ap);
    va_end(ap);
    const char *code = st == CORE_EFONT ? "E-font" : f->code;
    const char *lead = f->lead ? f->lead : "%s";
    if (f->file)
        core_diag_file(f->d, f->file, CORE_ERROR, code, lead, detail.data ? detail.data : "");
    else
        core_diag_at(f->d, NULL, 0, CORE_ERROR, code, lead, detail.data ? detail.data : "");
    core_buf_free(&detail);
    return st;
}

/* ---- source --------------------------------------------------------------- */

/* Line and column of a position in raw bytes, for errors found while
 * decoding (before the line index exists). Columns count decoded
 * characters; an invalid byte counts as one. */
static void raw_locate(const char *s, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;
    for (size_t i = 0; i < off;) {
        uint32_t cp;
        size_t k = core_utf8_decode(s + i, off - i, &cp);
        if (k == 0)
            k = 1, cp = 0xFFFD;
        if (cp == '\n' || (cp == '\r' && !(i + 1 < off && s[i + 1] == '\n'))) {
            l++;
            c = 1;
        } else if (cp != '\r') {
            c++;
        }
        i += k;
    }
    *line = l;
    *col = c;
}

static void raw_error(core_diags *d, const char *name, const char *bytes, size_t off,
                      const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core_diag *g = diag_add(d, NULL, 0, SIZE_MAX, CORE_ERROR, code, fmt, ap);
    va_end(ap);
    if (!g)
        return;
    g->file = strdup(name);
    g->offset = off;
    raw_locate(bytes, off, &g->line, &g->col);
}

/* The name of an invisible formatting character that has no place in a
 * printed report and that no font draws: it comes with text pasted from a
 * web page or a word processor (zero-width spaces, direction marks, a BOM
 * inside the text, Unicode line separators) or from a damaged conversion
 * (U+FFFD). NULL for any other character. */
static const char *invisible_name(uint32_t cp)
{
    static const struct { uint32_t lo, hi; const char *name; } t[] = {
        {0x200B, 0x200B, N_("an invisible zero width space")},
        {0x200C, 0x200D, N_("an invisible zero width joiner")},
        {0x200E, 0x200F, N_("an invisible direction mark")},
        {0x2028, 0x2028, N_("a Unicode line separator; use a line end")},
        {0x2029, 0x2029, N_("a Unicode paragraph separator; use a blank line")},
        {0x202A, 0x202E, N_("an invisible direction control")},
        {0x2060, 0x2064, N_("an invisible word joiner or operator")},
        {0x2066, 0x206F, N_("an invisible direction or shaping control")},
        {0xFEFF, 0xFEFF, N_("a byte-order mark inside the text")},
        {0xFFF9, 0xFFFB, N_("an invisible annotation control")},
        {0xFFFD, 0xFFFD, N_("the replacement mark of a character an earlier "
                            "conversion lost")},
        {0xFFFE, 0xFFFF, N_("no character")},
        {0xE0000, 0xE007F, N_("an invisible tag character")},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (cp >= t[i].lo && cp <= t[i].hi)
            return t[i].name;
    return NULL;
}

/* Why code point cp may not stand in the text, or NULL when it may: C0/C1
 * controls but tab and the line ends, DEL, and the invisible characters
 * that paste brings. */
const char *core_char_forbidden(uint32_t cp)
{
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
        (cp >= 0x80 && cp < 0xA0))
        return N_("a control character");
    return cp >= 0x2000 ? invisible_name(cp) : NULL;
}

/* One problem byte or character at bytes[i]; past 20, only counted. */
static void source_bad(core_diags *d, const char *name, const char *bytes, size_t i,
                       uint32_t cp, bool undecodable, size_t *bad)
{
    if ((*bad)++ >= 20)
        return;
    if (undecodable)
        raw_error(d, name, bytes, i, "E-utf8",
                  "byte 0x%02X at offset %zu is not valid UTF-8 (save the file as UTF-8)",
                  (unsigned char)bytes[i], i);
    else
        raw_error(d, name, bytes, i, "E-control",
                  "character U+%04X is not allowed in the text: %s (offset %zu)", cp,
                  core_tr(d, core_char_forbidden(cp)), i);
}

/* The character-count checkpoints that make core_source_locate cheap on a
 * long line. */
static void source_index_chars(core_arena *a, core_source *src)
{
    size_t o = src->len, chars = 0;
    src->chars = core_arena_alloc(a, (o / CORE_SOURCE_STEP + 1) * sizeof *src->chars);
    for (size_t i = 0; i < o; i++) {
        if (i % CORE_SOURCE_STEP == 0)
            src->chars[i / CORE_SOURCE_STEP] = chars;
        chars += ((unsigned char)src->text[i] & 0xC0) != 0x80;
    }
    if (o % CORE_SOURCE_STEP == 0)
        src->chars[o / CORE_SOURCE_STEP] = chars;
}

/* Is cp one that `keep` lets through core_source_new_with? */
static bool kept(uint32_t cp, unsigned keep)
{
    if (cp == 0x0C)
        return keep & CORE_SOURCE_KEEP_FORMFEED;
    return (keep & CORE_SOURCE_KEEP_INVISIBLE) && cp >= 0x2000 && cp != 0xFFFD &&
           invisible_name(cp);
}

core_status core_source_new(core_arena *a, const char *name, const char *bytes,
                            size_t len, core_diags *d, core_source **out)
{
    return core_source_new_with(a, name, bytes, len, 0, d, out);
}

core_status core_source_new_with(core_arena *a, const char *name, const char *bytes,
                                 size_t len, unsigned keep, core_diags *d,
                                 core_source **out)
{
    *out = NULL;
    size_t start = len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, bad = 0;
    core_source *src = core_arena_alloc(a, sizeof *src);
    src->name = core_arena_strdup(a, name);
    src->text = core_arena_alloc(a, len - start + 1);
    CORE_VEC(size_t) ls = {0}, orig = {0};
    core_vec_push(a, &ls, 0);
    core_vec_push(a, &orig, start);
    size_t o = 0, line_bytes = 0;
    for (size_t i = start, k; i < len; i += k) {
        uint32_t cp = 0;
        k = core_utf8_decode(bytes + i, len - i, &cp);
        if (k == 0 || (core_char_forbidden(cp) && !kept(cp, keep))) {
            source_bad(d, name, bytes, i, cp, k == 0, &bad);
            k = k ? k : 1;
        } else if (cp == '\r' || cp == '\n') {
            if (cp == '\r' && i + 1 < len && bytes[i + 1] == '\n')
                k++; /* CRLF is one line end */
            src->text[o++] = '\n';
            core_vec_push(a, &ls, o);
            core_vec_push(a, &orig, i + k);
            line_bytes = 0;
        } else if ((line_bytes += k) > CORE_MAX_LINE_BYTES) {
            raw_error(d, name, bytes, i, "E-limit", "line longer than the limit of %u bytes",
                      CORE_MAX_LINE_BYTES);
            return CORE_ELIMIT;
        } else {
            memcpy(src->text + o, bytes + i, k);
            o += k;
        }
    }
    if (bad > 20)
        core_diag_file(d, name, CORE_ERROR, "E-utf8",
                       "%zu more bad bytes or control characters not listed", bad - 20);
    if (bad)
        return CORE_EINPUT;
    src->text[o] = 0;
    src->len = o;
    src->line_start = ls.v;
    src->nlines = ls.n;
    src->orig = orig.v;
    source_index_chars(a, src);
    *out = src;
    return CORE_OK;
}

/* ---- derived sources ------------------------------------------------------ */

static void text_reserve(core_text *t, size_t extra)
{
    if (t->s.len + extra <= t->cap)
        return;
    size_t ncap = t->cap ? t->cap : 256;
    while (ncap < t->s.len + extra)
        ncap *= 2;
    t->map = xrealloc(t->map, ncap * sizeof *t->map);
    t->cap = ncap;
}

/* The file offset that byte `i` of t->from stands for. */
static uint32_t from_offset(const core_text *t, size_t i)
{
    const core_source *f = t->from;
    if (i > f->len)
        i = f->len;
    return f->origin ? f->map[i] : (uint32_t)i;
}

void core_text_copy(core_text *t, size_t start, size_t end)
{
    if (end <= start)
        return;
    text_reserve(t, end - start);
    for (size_t i = start; i < end; i++)
        t->map[t->s.len + (i - start)] = from_offset(t, i);
    core_buf_append(&t->s, t->from->text + start, end - start);
}

void core_text_put(core_text *t, const char *s, size_t n, size_t at)
{
    text_reserve(t, n);
    uint32_t o = from_offset(t, at);
    for (size_t i = 0; i < n; i++)
        t->map[t->s.len + i] = o;
    core_buf_append(&t->s, s, n);
}

void core_text_free(core_text *t)
{
    core_buf_free(&t->s);
    free(t->map);
    t->map = NULL;
    t->cap = 0;
}

core_status core_source_derive(core_arena *a, core_text *t, core_diags *d,
                               core_source **out)
{
    core_status st = CORE_OK;
    const core_source *root = t->from->origin ? t->from->origin : t->from;
    size_t n = t->s.len;
    core_source *src = core_arena_alloc(a, sizeof *src);
    *out = NULL;
    src->name = root->name;
    src->origin = root;
    src->text = core_arena_alloc(a, n + 1);
    if (n)
        memcpy(src->text, t->s.data, n);
    src->len = n;
    uint32_t *map = core_arena_alloc(a, (n + 1) * sizeof *map);
    if (n)
        memcpy(map, t->map, n * sizeof *map);
    map[n] = (uint32_t)root->len;
    src->map = map;
    CORE_VEC(size_t) ls = {0};
    core_vec_push(a, &ls, 0);
    for (size_t i = 0, start = 0; i <= n; i++) {
        if (i < n && src->text[i] != '\n')
            continue;
        if (i - start > CORE_MAX_LINE_BYTES) {
            core_diag_at(d, src, start, CORE_ERROR, "E-limit",
                         "a paragraph longer than the limit of %u bytes", CORE_MAX_LINE_BYTES);
            st = CORE_ELIMIT;
            goto done;
        }
        if (i < n)
            core_vec_push(a, &ls, i + 1);
        start = i + 1;
    }
    src->line_start = ls.v;
    src->nlines = ls.n;
    source_index_chars(a, src);
    *out = src;
done:
    core_text_free(t);
    return st;
}

/* Characters (UTF-8 lead bytes) in src->text[0, offset). */
static size_t chars_before(const core_source *src, size_t offset)
{
    size_t n = src->chars[offset / CORE_SOURCE_STEP];
    for (size_t i = offset - offset % CORE_SOURCE_STEP; i < offset; i++)
        n += ((unsigned char)src->text[i] & 0xC0) != 0x80;
    return n;
}

void core_source_locate(const core_source *src, size_t offset, uint32_t *line,
                        uint32_t *col)
{
    if (src->origin) {
        offset = src->map[offset < src->len ? offset : src->len];
        src = src->origin;
    }
    if (offset > src->len)
        offset = src->len;
    size_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (src->line_start[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    /* an offset inside a character counts that character whole, as a walk
     * from the line start would */
    size_t end = offset;
    while (end > src->line_start[lo] && end < src->len &&
           ((unsigned char)src->text[end] & 0xC0) == 0x80)
        end++;
    size_t ls = src->line_start[lo], n = 0;
    if (end - ls <= 2 * CORE_SOURCE_STEP) { /* a short way: walk it */
        for (size_t i = ls; i < end; i++)
            n += ((unsigned char)src->text[i] & 0xC0) != 0x80;
    } else {
        n = chars_before(src, end) - chars_before(src, ls);
    }
    *line = (uint32_t)lo + 1;
    *col = (uint32_t)(1 + n);
}
