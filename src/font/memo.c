/*
 * memo.c: what fontconfig answered, kept between processes.
 *
 * Reading fontconfig's configuration (~60 XML files) is the dearest step of
 * a one-report process, and its answers change only when a configuration
 * file, a font folder or a font file does. So the lib can write what it
 * resolved (font_lib_memo_save) and a later lib start from it
 * (font_lib_memo_load) without loading fontconfig at all.
 *
 * What stays true: a memo is used whole or not at all, and only when every
 * file it depends on is as it was when it was written: each configuration
 * file fontconfig read and its folder, each configured and scanned font
 * folder, the user's configuration places (even absent ones: creating one
 * counts), the app font folder and every font file it names, compared by
 * mtime (ns), size and inode; and the environment that steers fontconfig,
 * its version and the app folder are the same. Anything else, or bytes not
 * in this format, and the memo is ignored: fontconfig is asked as without
 * one. A name the memo lacks is asked of fontconfig and makes the memo
 * dirty, to be saved again. The bytes come from and go to the caller (the
 * CLI keeps them in the user's cache folder): the library reads no memo
 * file itself; it only stats the files listed.
 *
 * Format (text, one record a line, fields separated by TAB):
 *   gongwen-font-memo 1
 *   key  VERSION  APP_DIR  FONTCONFIG_FILE  FONTCONFIG_PATH  FONTCONFIG_SYSROOT
 *        HOME  XDG_CONFIG_HOME  XDG_DATA_HOME
 *   dep  STAMP  PATH          (STAMP: sec.nsec:size:inode, or - when absent)
 *   name NAME  -              (not installed)
 *   name NAME  FAMILY  INDEX  PATH
 *
 * Called by the engine (load at start, save when the CLI asks).
 */
#define _POSIX_C_SOURCE 200809L
#include "font-imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MEMO_HEADER "gongwen-font-memo 1"

static void stamp(const char *path, char out[80])
{
    struct stat st;
    if (stat(path, &st) != 0)
        snprintf(out, 80, "-");
    else
        snprintf(out, 80, "%lld.%09ld:%lld:%llu", (long long)st.st_mtim.tv_sec,
                 (long)st.st_mtim.tv_nsec, (long long)st.st_size,
                 (unsigned long long)st.st_ino);
}

/* A field may hold neither TAB nor newline. */
static bool plain(const char *s)
{
    return !strpbrk(s, "\t\n");
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v ? v : "";
}

/* The key line (without newline) into b; false when a value cannot be
 * written in this format. */
static bool key_line(const font_lib *lib, core_buf *b)
{
    static const char *const vars[] = {"FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT",
                                       "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"};
    core_buf_printf(b, "key\t%d\t%s", FcGetVersion(), lib->app_dir ? lib->app_dir : "");
    bool ok = !lib->app_dir || plain(lib->app_dir);
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        ok = ok && plain(env(vars[i]));
        core_buf_printf(b, "\t%s", env(vars[i]));
    }
    return ok;
}

/* One line of `bytes` from *pos (without its newline) as a NUL-ended heap
 * copy split at TABs into at most 16 fields; the count, or -1 at the end. */
static int next_line(const char *bytes, size_t len, size_t *pos, char **line, char *f[16])
{
    if (*pos >= len)
        return -1;
    const char *s = bytes + *pos, *nl = memchr(s, '\n', len - *pos);
    size_t n = nl ? (size_t)(nl - s) : len - *pos;
    *pos += n + (nl != NULL);
    free(*line);
    *line = malloc(n + 1);
    if (!*line)
        abort();
    memcpy(*line, s, n);
    (*line)[n] = 0;
    int nf = 0;
    for (char *p = *line; nf < 16;) {
        f[nf++] = p;
        p = strchr(p, '\t');
        if (!p)
            break;
        *p++ = 0;
    }
    return nf;
}

bool font_lib_memo_load(font_lib *lib, const char *bytes, size_t len)
{
    bool ok = false;
    char *line = NULL, *f[16];
    size_t pos = 0;
    core_buf key = {0};
    font_family_memo *memo = NULL;
    if (lib->memo || lib->fc_tried || !key_line(lib, &key))
        goto done;
    if (next_line(bytes, len, &pos, &line, f) != 1 || strcmp(f[0], MEMO_HEADER))
        goto done;
    int nf = next_line(bytes, len, &pos, &line, f);
    if (nf < 1 || strcmp(f[0], "key"))
        goto done;
    for (int i = 1; i < nf; i++)
        f[i][-1] = '\t'; /* the line whole again, to compare */
    if (strcmp(line, key.data))
        goto done;
    while ((nf = next_line(bytes, len, &pos, &line, f)) >= 0) {
        char now[80];
        if (nf == 3 && !strcmp(f[0], "dep")) {
            stamp(f[2], now);
            if (strcmp(now, f[1]))
                goto done;
        } else if (nf == 3 && !strcmp(f[0], "name") && !strcmp(f[2], "-")) {
            font_family_memo *e = core_arena_alloc(lib->arena, sizeof *e);
            *e = (font_family_memo){.next = memo, .name = core_arena_strdup(lib->arena, f[1])};
            memo = e;
        } else if (nf == 5 && !strcmp(f[0], "name")) {
            char *end;
            long index = strtol(f[3], &end, 10);
            if (*end || end == f[3] || index < 0 || index > 0xffff)
                goto done;
            font_family_memo *e = core_arena_alloc(lib->arena, sizeof *e);
            *e = (font_family_memo){.next = memo,
                                    .name = core_arena_strdup(lib->arena, f[1]),
                                    .found = true,
                                    .m = {.family = core_arena_strdup(lib->arena, f[2]),
                                          .index = (int)index,
                                          .path = core_arena_strdup(lib->arena, f[4])}};
            memo = e;
        } else if (!(nf == 1 && !*f[0])) {
            goto done;
        }
    }
    lib->memo = memo;
    ok = true;
done:
    free(line);
    core_buf_free(&key);
    return ok;
}

/* The dep lines of a memo being written, each path once. */
typedef struct deps {
    core_buf b;
    char **seen;
    size_t n, cap;
} deps;

static void dep(deps *d, const char *path)
{
    char s[80];
    if (!path || !plain(path))
        return;
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->seen[i], path))
            return;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 64;
        d->seen = realloc(d->seen, d->cap * sizeof *d->seen);
        if (!d->seen)
            abort();
    }
    if (!(d->seen[d->n++] = strdup(path)))
        abort();
    stamp(path, s);
    core_buf_printf(&d->b, "dep\t%s\t%s\n", s, path);
}

/* Each path of `list` and its folder (a new file in it changes the
 * folder's mtime); the list is destroyed. */
static void deps_of(deps *b, FcStrList *list)
{
    FcChar8 *s;
    while (list && (s = FcStrListNext(list))) {
        const char *p = (const char *)s, *slash = strrchr(p, '/');
        dep(b, p);
        if (slash && slash != p) {
            char *dir = strndup(p, (size_t)(slash - p));
            if (!dir)
                abort();
            dep(b, dir);
            free(dir);
        }
    }
    if (list)
        FcStrListDone(list);
}

bool font_lib_memo_save(font_lib *lib, core_buf *out)
{
    if (!lib->memo_dirty || !lib->fc)
        return false;
    deps d = {0};
    core_buf *b = &d.b;
    core_buf_puts(b, MEMO_HEADER "\n");
    bool ok = key_line(lib, b);
    core_buf_puts(b, "\n");
    deps_of(&d, FcConfigGetConfigFiles(lib->fc));
    deps_of(&d, FcConfigGetConfigDirs(lib->fc));
    deps_of(&d, FcConfigGetFontDirs(lib->fc));
    /* where fontconfig looks for a user's configuration, present or not */
    const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
    core_buf p = {0};
    if (xdg && *xdg)
        core_buf_printf(&p, "%s/fontconfig", xdg);
    else if (home && *home)
        core_buf_printf(&p, "%s/.config/fontconfig", home);
    if (p.len) {
        dep(&d, p.data);
        core_buf_puts(&p, "/fonts.conf");
        dep(&d, p.data);
    }
    core_buf_free(&p);
    if (home && *home) {
        core_buf_printf(&p, "%s/.fonts.conf", home);
        dep(&d, p.data);
        core_buf_free(&p);
    }
    if (lib->app_dir)
        dep(&d, lib->app_dir);
    core_buf names = {0};
    for (font_family_memo *e = lib->memo; e && ok; e = e->next) {
        ok = plain(e->name) && (!e->found || (plain(e->m.family) && plain(e->m.path)));
        if (ok && e->found) {
            dep(&d, e->m.path);
            core_buf_printf(&names, "name\t%s\t%s\t%d\t%s\n", e->name, e->m.family,
                            e->m.index, e->m.path);
        } else if (ok) {
            core_buf_printf(&names, "name\t%s\t-\n", e->name);
        }
    }
    if (ok) {
        core_buf_append(out, b->data, b->len);
        core_buf_append(out, names.data, names.len);
    }
    core_buf_free(&names);
    core_buf_free(b);
    for (size_t i = 0; i < d.n; i++)
        free(d.seen[i]);
    free(d.seen);
    return ok;
}
