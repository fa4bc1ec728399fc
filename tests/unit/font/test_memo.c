/*
 * Unit tests for the font memo (src/font/memo.c): a memo a lib wrote gives
 * a new lib the same answers without fontconfig; a memo is refused whole
 * when a file it depends on changed, when it comes from another setup, or
 * when its bytes are not a memo; a name the memo lacks is still resolved.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "font/font.h"

#define FONT_DIR GONGWEN_SOURCE_DIR "/fonts"
#define COPY_DIR GONGWEN_BINARY_DIR "/font-test-memo"

static font_lib *new_lib(const char *dir)
{
    font_lib *l;
    core_diags d = {0};
    cr_assert_eq(font_lib_new(dir, &d, &l), CORE_OK);
    core_diags_free(&d);
    return l;
}

/* Resolve `fams` in l; the match's path (arena) or NULL when not found. */
static const char *resolve(font_lib *l, const char *fam, const char **why)
{
    font_face *f;
    font_match m;
    core_status st = font_lib_resolve(l, &fam, 1, &f, &m);
    *why = m.why;
    return st == CORE_OK ? m.path : NULL;
}

/* A memo of FandolSong and a name not installed. */
static void make_memo(const char *dir, core_buf *memo)
{
    font_lib *l = new_lib(dir);
    const char *why;
    cr_assert_not_null(resolve(l, "FandolSong", &why));
    cr_assert_null(resolve(l, "不存在的字体", &why));
    cr_assert(font_lib_memo_save(l, memo), "a lib that asked fontconfig has a memo to save");
    font_lib_drop(l);
}

Test(font_memo, a_saved_memo_answers_the_same_without_asking_again)
{
    core_buf memo = {0}, again = {0};
    make_memo(FONT_DIR, &memo);
    cr_assert_not_null(strstr(memo.data, "\nname\tFandolSong\tFandolSong\t0\t"), "%s",
                       memo.data);
    font_lib *l = new_lib(FONT_DIR);
    cr_assert(font_lib_memo_load(l, memo.data, memo.len));
    const char *why, *path = resolve(l, "FandolSong", &why);
    cr_assert_not_null(path);
    cr_assert_not_null(strstr(path, "/fonts/fandol/FandolSong-Regular.ttf"), "%s", path);
    cr_assert_not_null(strstr(why, "(bundled)"), "%s", why);
    cr_assert_null(resolve(l, "不存在的字体", &why));
    cr_assert_not_null(strstr(why, "不存在的字体 not installed"), "%s", why);
    /* everything came from the memo: nothing new to keep */
    cr_assert_not(font_lib_memo_save(l, &again));
    /* a name the memo lacks is asked of fontconfig, and the memo is new */
    cr_assert_not_null(resolve(l, "FandolHei", &why));
    cr_assert(font_lib_memo_save(l, &again));
    cr_assert_not_null(strstr(again.data, "\nname\tFandolHei\t"));
    cr_assert_not_null(strstr(again.data, "\nname\tFandolSong\t"));
    font_lib_drop(l);
    core_buf_free(&memo);
    core_buf_free(&again);
}

/* A new lib over `dir` does not take these bytes as its memo. */
static void refused(const char *dir, const char *bytes, size_t len, size_t i)
{
    font_lib *l = new_lib(dir);
    cr_assert_not(font_lib_memo_load(l, bytes, len), "case %zu", i);
    font_lib_drop(l);
}

Test(font_memo, bytes_that_are_not_a_memo_are_ignored)
{
    core_buf memo = {0};
    make_memo(FONT_DIR, &memo);
    const char *bad[] = {"", "gongwen-font-memo 2\n", "junk\nkey\n",
                         "gongwen-font-memo 1\nkey\t1\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        refused(FONT_DIR, bad[i], strlen(bad[i]), i);
    /* a memo cut anywhere in a name line, or with a line it does not know */
    core_buf cut = {0};
    const char *name = strstr(memo.data, "\nname\t");
    cr_assert_not_null(name);
    core_buf_append(&cut, memo.data, (size_t)(name - memo.data) + 8);
    core_buf_puts(&cut, "\n");
    refused(FONT_DIR, cut.data, cut.len, 4);
    core_buf_free(&cut);
    core_buf_append(&cut, memo.data, memo.len);
    core_buf_puts(&cut, "what\tis\tthis\n");
    refused(FONT_DIR, cut.data, cut.len, 5);
    core_buf_free(&cut);
    core_buf_free(&memo);
}

Test(font_memo, a_memo_of_another_font_folder_is_ignored)
{
    core_buf memo = {0};
    make_memo(FONT_DIR, &memo);
    refused(FONT_DIR "/fandol", memo.data, memo.len, 0);
    core_buf_free(&memo);
}

/* A font added to a folder the memo depends on: the memo no longer holds
 * ("not installed" may have become wrong), so it is ignored. */
Test(font_memo, a_changed_font_folder_makes_the_memo_stale)
{
    mkdir(COPY_DIR, 0755);
    unlink(COPY_DIR "/song.ttf");
    unlink(COPY_DIR "/hei.ttf");
    cr_assert_eq(symlink(FONT_DIR "/fandol/FandolSong-Regular.ttf", COPY_DIR "/song.ttf"), 0);
    core_buf memo = {0};
    make_memo(COPY_DIR, &memo);
    font_lib *l = new_lib(COPY_DIR);
    cr_assert(font_lib_memo_load(l, memo.data, memo.len), "unchanged: the memo holds");
    font_lib_drop(l);
    /* the folder's mtime has a granularity: make the change visible */
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    cr_assert_eq(symlink(FONT_DIR "/fandol/FandolHei-Regular.ttf", COPY_DIR "/hei.ttf"), 0);
    l = new_lib(COPY_DIR);
    cr_assert_not(font_lib_memo_load(l, memo.data, memo.len), "a font was added");
    const char *why;
    cr_assert_not_null(resolve(l, "FandolHei", &why), "%s", why);
    font_lib_drop(l);
    core_buf_free(&memo);
}
