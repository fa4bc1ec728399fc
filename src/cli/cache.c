/*
 * cache.c: the font memo kept in the user's cache folder between runs.
 *
 * The library decides what the memo says and when it can be trusted
 * (src/font/memo.c); this file only finds its place, reads it and writes it
 * back. The place is $GONGWEN_CACHE_DIR, else $XDG_CACHE_HOME/gongwen, else
 * ~/.cache/gongwen; GONGWEN_CACHE_DIR set empty turns the memo off. One
 * memo per installation (the binary and the data folder it reads, named by
 * a digest of both): two copies of gongwen used in turn (an installed one
 * and a build tree, two versions) would otherwise each find the other's
 * memo stale and write its own over it, and neither would ever gain. It is a
 * cache: any failure to read or write it is silent, and costs only the
 * time of asking fontconfig again. A write goes to a temporary file renamed
 * into place, so concurrent runs never read half a memo.
 *
 * Called by main.c.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MEMO_NAME "font-memo"
#define MEMO_MAX (1u << 20) /* a real memo is a few KB */

/* "DIR/font-memo-DIGEST": FNV-1a over this binary's path and `data`, each
 * with its NUL (exe "a", data "b" is not exe "ab"). */
static void memo_path(core_buf *out, const char *dir, const char *data, bool temp)
{
    char exe[4096];
    if (!cli_exe_path(exe, sizeof exe))
        exe[0] = 0;
    uint64_t h = core_fnv1a(CORE_FNV1A_BASIS, exe, strlen(exe) + 1);
    h = core_fnv1a(h, data, strlen(data) + 1);
    core_buf_printf(out, "%s/%s" MEMO_NAME "-%016llx%s", dir, temp ? "." : "",
                    (unsigned long long)h, temp ? ".XXXXXX" : "");
}

/* The cache folder (heap), or NULL when there is none. */
static char *cache_dir(void)
{
    const char *g = getenv("GONGWEN_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME"),
               *h = getenv("HOME");
    core_buf b = {0};
    if (g)
        core_buf_puts(&b, g);
    else if (x && *x == '/')
        core_buf_printf(&b, "%s/gongwen", x);
    else if (h && *h == '/')
        core_buf_printf(&b, "%s/.cache/gongwen", h);
    if (!b.len) {
        core_buf_free(&b);
        return NULL;
    }
    return b.data;
}

void cli_cache_read(const char *data, core_buf *memo)
{
    char *dir = cache_dir();
    if (!dir)
        return;
    core_buf path = {0};
    memo_path(&path, dir, data, false);
    int fd = open(path.data, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (size_t)st.st_size <= MEMO_MAX) {
        char *p = malloc((size_t)st.st_size);
        if (p && cli_full_io(false, fd, p, (size_t)st.st_size))
            core_buf_append(memo, p, (size_t)st.st_size);
        free(p);
    }
    if (fd >= 0)
        close(fd);
    core_buf_free(&path);
    free(dir);
}

/* mkdir -p for the cache folder (0700: it is the user's). */
static bool make_dirs(char *dir)
{
    for (char *p = dir + 1;; p++) {
        if (*p == '/' || !*p) {
            char c = *p;
            *p = 0;
            bool ok = mkdir(dir, 0700) == 0 || errno == EEXIST;
            *p = c;
            if (!ok)
                return false;
            if (!c)
                return true;
        }
    }
}

void cli_cache_write(const char *data, const core_buf *memo)
{
    char *dir = cache_dir();
    if (!dir || !memo->len || !make_dirs(dir)) {
        free(dir);
        return;
    }
    core_buf tmp = {0}, path = {0};
    memo_path(&tmp, dir, data, true);
    memo_path(&path, dir, data, false);
    int fd = mkstemp(tmp.data);
    if (fd >= 0) {
        bool ok = cli_full_io(true, fd, memo->data, memo->len);
        ok = close(fd) == 0 && ok;
        if (!ok || rename(tmp.data, path.data) != 0)
            unlink(tmp.data);
    }
    core_buf_free(&tmp);
    core_buf_free(&path);
    free(dir);
}
