/*
 * show.c: everything the command line prints on standard error.
 *
 * Diagnostics are the engine's values; here they become text, the way clang
 * and typst print them,
 *
 *   report.txt:3:2: error: invalid UTF-8 … [E-utf8]
 *       3 | 正?文
 *         |   ^
 *
 * the source line read from the input bytes the CLI holds, the caret under
 * the column counted in display cells (a Han character is two), or one JSON
 * object a line (--diagnostics=json). Colour only on a terminal, never with
 * NO_COLOR. The progress line of a batch is erased before anything else is
 * printed, so it never garbles a message. Called by main.c and batch.c.
 */
#define _DEFAULT_SOURCE
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool g_color;
static bool g_progress_shown;

static bool g_json;

void cli_show_init(bool color, bool json)
{
    g_color = color;
    g_json = json;
}

enum { MAX_PER_CODE = 50, MAX_CODES = 64, SNIPPET_CELLS = 72 };

static const char *col(const char *seq) { return g_color ? seq : ""; }
#define BOLD "\033[1m"
#define RESET "\033[0m"
static const char *sev_color[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
static const char *sev_word[] = {N_("note"), N_("warning"), N_("error")};

void cli_progress_clear(void)
{
    if (g_progress_shown) {
        fputs("\r\033[K", stderr);
        g_progress_shown = false;
    }
}

bool cli_progress_on(void) { return isatty(2) != 0; }

void cli_progress(size_t done, size_t total, const char *current, double elapsed_s)
{
    if (!cli_progress_on())
        return;
    const char *base = current ? strrchr(current, '/') : NULL;
    base = base ? base + 1 : current ? current : "";
    fprintf(stderr, "\r\033[K[%zu/%zu] %.1fs %.60s", done, total, elapsed_s, base);
    fflush(stderr);
    g_progress_shown = true;
}

/* Where cli_say's messages go in a batch worker: into its report's
 * messages, which the parent prints; NULL = standard error. */
static core_buf *g_sink;

void cli_say_to(core_buf *sink) { g_sink = sink; }

static void show_json(const core_diag *g, core_buf *out);

/* A message of the command line as a JSON diagnostic: "FILE: error: TEXT"
 * is an error about FILE, anything else a note. */
static void say_json(const char *text, core_buf *out)
{
    const char *e = strstr(text, ": error: ");
    char *file = e ? strndup(text, (size_t)(e - text)) : NULL;
    char *msg = strdup(e ? e + 9 : text);
    size_t n = strlen(msg);
    if (n && msg[n - 1] == '\n')
        msg[n - 1] = 0;
    core_diag g = {.severity = e ? CORE_ERROR : CORE_NOTE, .file = file, .message = msg};
    show_json(&g, out);
    free(file);
    free(msg);
}

void cli_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core_buf text = {0};
    core_buf_vprintf(&text, fmt, ap);
    va_end(ap);
    core_buf *to = g_sink, local = {0};
    if (!to)
        to = &local;
    if (g_json)
        say_json(text.data ? text.data : "", to);
    else if (text.len)
        core_buf_append(to, text.data, text.len);
    if (!g_sink && local.len) {
        cli_progress_clear();
        fwrite(local.data, 1, local.len, stderr);
    }
    core_buf_free(&text);
    core_buf_free(&local);
}

/* Byte offsets where each line of src starts, computed once per input. */
typedef struct line_index {
    const core_buf *src;
    size_t *start, n;
    uint32_t shown; /* the line last shown */
} line_index;

static void index_lines(line_index *li, const core_buf *src)
{
    li->src = src;
    li->n = 1;
    for (size_t i = 0; i < src->len; i++)
        li->n += src->data[i] == '\n' || (src->data[i] == '\r' && (i + 1 == src->len || src->data[i + 1] != '\n'));
    li->start = malloc(li->n * sizeof *li->start);
    if (!li->start)
        abort();
    size_t k = 0;
    li->start[k++] = src->len >= 3 && !memcmp(src->data, "\xEF\xBB\xBF", 3) ? 3 : 0;
    for (size_t i = 0; i < src->len && k < li->n; i++)
        if (src->data[i] == '\n' || (src->data[i] == '\r' && (i + 1 == src->len || src->data[i + 1] != '\n')))
            li->start[k++] = i + 1;
    li->n = k;
}

/* The text part of a line (up to its first byte that is not text: invalid
 * UTF-8 or a control character), as (byte offset, cells) per character. */
typedef struct glyph_at {
    size_t off;
    int w;
} glyph_at;

/* Append one source line, at most SNIPPET_CELLS wide and starting no more
 * than a third of that before column `c`, with the caret under the column. */
static void snippet(const line_index *li, uint32_t line, uint32_t c, uint32_t ec, core_buf *out)
{
    if (!li->src || line == 0 || line > li->n)
        return;
    const char *s = li->src->data + li->start[line - 1];
    const char *end = li->src->data + (line < li->n ? li->start[line] : li->src->len);
    size_t max = (size_t)(end - s) + 1, n = 0;
    glyph_at *g = malloc(max * sizeof *g);
    if (!g)
        abort();
    for (size_t off = 0; s + off < end;) {
        uint32_t cp;
        size_t k = core_utf8_decode(s + off, (size_t)(end - s - off), &cp);
        if (k == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7F)
            break;
        g[n++] = (glyph_at){off, cp == '\t' ? 1 : core_char_cells(cp)};
        off += k;
    }
    g[n] = (glyph_at){n ? g[n - 1].off : 0, 0};
    size_t cidx = c ? c - 1 : 0; /* the caret's character */
    size_t first = 0;
    int before = 0;
    for (size_t i = cidx < n ? cidx : n; i > 0 && before + g[i - 1].w <= SNIPPET_CELLS / 3; i--)
        before += g[i - 1].w, first = i - 1;
    if (cidx >= n || cidx < SNIPPET_CELLS / 3)
        first = 0; /* short lines and early columns: the whole start */
    size_t last = first;
    for (int w = 0; last < n && w + g[last].w <= SNIPPET_CELLS; last++)
        w += g[last].w;
    size_t lo = g[first].off;
    size_t hi = last < n ? g[last].off : (n ? g[n - 1].off : 0);
    if (last >= n && n) { /* the whole rest: up to the last text character's end */
        uint32_t cp;
        hi = g[n - 1].off + core_utf8_decode(s + g[n - 1].off, (size_t)(end - s) - g[n - 1].off, &cp);
    }
    core_buf_printf(out, "%s%5u |%s %s%.*s%s\n", col("\033[34m"), line, col(RESET),
                    first ? "…" : "", (int)(hi - lo), s + lo, last < n ? "…" : "");
    core_buf_printf(out, "%s      |%s %s", col("\033[34m"), col(RESET), first ? " " : "");
    for (size_t i = first; i < cidx && i < last; i++)
        core_buf_puts(out, s[g[i].off] == '\t' ? "\t" : g[i].w == 2 ? "  " : " ");
    for (size_t i = last; i < cidx && i < last + 4; i++) /* just past the text shown */
        core_buf_puts(out, " ");
    /* a span on this line: ~ under the rest of it, as clang does */
    core_buf_printf(out, "%s^", col("\033[1;32m"));
    if (ec > c + 1 && cidx < last && g[cidx].w == 2)
        core_buf_puts(out, "~");
    for (size_t i = cidx + 1; ec > c && i + 1 < ec && i < last; i++)
        core_buf_puts(out, g[i].w == 2 ? "~~" : "~");
    core_buf_printf(out, "%s\n", col(RESET));
    free(g);
}

/* {"file":…,"line":…,"column":…,"end":{"line":…,"column":…},"severity":…,
 * "code":…,"message":…,"hints":[…]}: the end is the character after the
 * span the diagnostic names (a cell's text, a heading's number), or after
 * the one character of a point; the hints are
 * what the message says after "; " (how to fix it), or after "；" in a
 * Chinese message. The message is in the user's language, the code stays. */
static void show_json(const core_diag *g, core_buf *out)
{
    core_buf_puts(out, "{\"file\":");
    core_buf_json(out, g->file);
    if (g->line)
        core_buf_printf(out, ",\"line\":%u,\"column\":%u,\"end\":{\"line\":%u,\"column\":%u}",
                        g->line, g->col, g->end_line ? g->end_line : g->line,
                        g->end_line ? g->end_col : g->col + 1);
    else
        core_buf_puts(out, ",\"line\":null,\"column\":null,\"end\":null");
    core_buf_printf(out, ",\"offset\":%zu,\"severity\":\"%s\",\"code\":", g->offset,
                    sev_word[g->severity]);
    core_buf_json(out, g->code);
    const char *semi = strstr(g->message, "; "), *wide = strstr(g->message, "；");
    size_t skip = 2;
    if (wide && (!semi || wide < semi))
        semi = wide, skip = strlen("；");
    core_buf_puts(out, ",\"message\":");
    if (semi) {
        char *head = strndup(g->message, (size_t)(semi - g->message));
        core_buf_json(out, head);
        free(head);
        core_buf_puts(out, ",\"hints\":[");
        core_buf_json(out, semi + skip);
        core_buf_puts(out, "]}\n");
    } else {
        core_buf_json(out, g->message);
        core_buf_puts(out, ",\"hints\":[]}\n");
    }
}

static void show_text(const core_diag *g, line_index *li, const char *name, core_buf *out)
{
    if (g->file && g->line)
        core_buf_printf(out, "%s%s:%u:%u:%s ", col(BOLD), g->file, g->line, g->col, col(RESET));
    else if (g->file)
        core_buf_printf(out, "%s%s:%s ", col(BOLD), g->file, col(RESET));
    core_buf_printf(out, "%s%s:%s %s", col(sev_color[g->severity]), _(sev_word[g->severity]),
                    col(RESET), g->message);
    if (g->code)
        core_buf_printf(out, " [%s]", g->code);
    core_buf_puts(out, "\n");
    /* a line is shown once, under its first message (a line of binary
     * garbage has dozens) */
    if (g->line && g->file && name && !strcmp(g->file, name) && g->line != li->shown) {
        snippet(li, g->line, g->col, g->end_line == g->line ? g->end_col : 0, out);
        li->shown = g->line;
    }
}

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

/* At most MAX_PER_CODE messages of one code are printed (one W-break per line
 * of a megabyte-long word would be thousands); then one line says how many
 * more there were, counting those core did not keep. */
void cli_show_diags(const core_diags *d, const char *name, const core_buf *src, bool quiet,
                    bool json, core_buf *out)
{
    code_count cc[MAX_CODES];
    size_t ncc = 0;
    line_index li = {0};
    if (src && !json)
        index_lines(&li, src);
    for (size_t i = 0; i < d->n; i++) {
        const core_diag *g = &d->v[i];
        if (quiet && g->severity != CORE_ERROR)
            continue;
        if (g->code && count_for(cc, &ncc, g)->n++ >= MAX_PER_CODE && !json)
            continue;
        if (json)
            show_json(g, out);
        else
            show_text(g, &li, name, out);
    }
    free(li.start);
    for (size_t k = 0; k < ncc && !json; k++) {
        size_t more = cc[k].n > MAX_PER_CODE ? cc[k].n - MAX_PER_CODE : 0;
        for (size_t i = 0; i < d->ncounts; i++) /* counted, not kept, by core */
            if (!strcmp(d->counts[i].code, cc[k].code))
                more += d->counts[i].dropped;
        if (more)
            core_buf_printf(out, _("%s%s%s: %zu more [%s] not shown\n"), cc[k].file ? cc[k].file : "",
                            cc[k].file ? ": " : "", _(sev_word[cc[k].severity]), more, cc[k].code);
    }
}

const char *cli_first_error(const core_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].severity == CORE_ERROR)
            return d->v[i].message;
    return NULL;
}
