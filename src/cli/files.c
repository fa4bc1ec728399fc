/*
 * files.c: the command line's only contact with input and output files.
 *
 * Inputs: a regular file, standard input ("-") or a pipe are read; a FIFO
 * is opened non-blocking and refused when no writer comes within a few
 * seconds, instead of hanging in open(); directories, devices and sockets
 * are refused.
 *
 * Outputs are written so that no partial file is ever seen and nothing is
 * left behind: the bytes go to an unnamed file (O_TMPFILE) in the target's
 * folder, are flushed to disk, and the file is given its name (linkat, then
 * rename over an existing target) only when complete. A process killed at
 * any point (even SIGKILL) leaves the target as it was and no stray file.
 * Where the file system has no O_TMPFILE, a named temporary file beside the
 * target is used and removed on SIGINT, SIGTERM, SIGHUP and SIGPIPE. A file
 * replaced keeps its permission bits and, where allowed, its group; a new
 * one gets 0666 less the umask. Called by main.c and batch.c.
 */
#define _GNU_SOURCE /* O_TMPFILE, linkat's AT_SYMLINK_FOLLOW */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- input ----------------------------------------------------------------- */

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m)) return N_("a folder");
    if (S_ISCHR(m) || S_ISBLK(m)) return N_("a device");
    if (S_ISSOCK(m)) return N_("a socket");
    return N_("not a regular file");
}

/* A FIFO opened non-blocking has a writer or data within FIFO_WAIT_S
 * seconds (a pipe from <(command) has one at once); without one, reading
 * it would wait for ever. */
enum { FIFO_WAIT_S = 5 };

static bool fifo_ready(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int k;
    while ((k = poll(&p, 1, FIFO_WAIT_S * 1000)) < 0 && errno == EINTR) {
    }
    return k > 0;
}

int cli_read_input(const char *path, const char *name, core_buf *out, core_diags *d)
{
    bool in = !strcmp(path, "-");
    int fd = in ? 0 : open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    int rc = 0;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        core_diag_file(d, name, CORE_ERROR, NULL, _("cannot read: %s"), strerror(errno));
        rc = EXIT_IO;
        goto done;
    }
    if (!in && !S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode)) {
        core_diag_file(d, name, CORE_ERROR, NULL,
                       _("cannot read: it is %s, not a report (give a file, or - for "
                         "standard input)"), _(kind_of(sb.st_mode)));
        rc = EXIT_IO;
        goto done;
    }
    if (!in && S_ISFIFO(sb.st_mode) && !fifo_ready(fd)) {
        core_diag_file(d, name, CORE_ERROR, NULL,
                       _("cannot read: a FIFO that nobody writes to (waited %d s); start its "
                         "writer first, or give the text on standard input (-)"), FIFO_WAIT_S);
        rc = EXIT_IO;
        goto done;
    }
    if (!in)
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK); /* opened: now wait for data */
    char tmp[65536];
    for (;;) {
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            core_diag_file(d, name, CORE_ERROR, NULL, _("cannot read: %s"), strerror(errno));
            rc = EXIT_IO;
            break;
        }
        if (n == 0)
            break;
        if (out->len + (size_t)n > CORE_MAX_INPUT_BYTES) {
            core_diag_file(d, name, CORE_ERROR, "E-limit",
                           _("cannot read: larger than the limit of %d MiB"), CORE_MAX_INPUT_MIB);
            rc = EXIT_INPUT;
            break;
        }
        core_buf_append(out, tmp, (size_t)n);
    }
done:
    if (fd > 0)
        close(fd);
    if (!out->data)
        core_buf_append(out, "", 0);
    return rc;
}

/* ---- signals ------------------------------------------------------------------- */

/* The named temporary file of the fallback; removed if we are stopped. */
static char *volatile g_tmp;

static void on_signal(int sig)
{
    char *t = g_tmp;
    if (t)
        unlink(t);
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_signals_init(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction sa = {.sa_handler = on_signal};
        sigemptyset(&sa.sa_mask);
        for (size_t k = 0; k < sizeof sigs / sizeof *sigs; k++)
            sigaddset(&sa.sa_mask, sigs[k]); /* one handler at a time */
        struct sigaction old;
        /* a signal ignored by whoever started us stays ignored (nohup) */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

/* ---- output -------------------------------------------------------------------- */

bool cli_full_io(bool writing, int fd, void *p, size_t n)
{
    for (char *s = p; n;) {
        ssize_t k = writing ? write(fd, s, n) : read(fd, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = writing ? EIO : 0;
            return false;
        }
        s += k, n -= (size_t)k;
    }
    return true;
}

static bool write_all(int fd, const core_buf *b) { return cli_full_io(true, fd, b->data, b->len); }

/* The file a symbolic link names, even when it does not exist yet (then one
 * level of link is read, relative to the link's folder); NULL if unreadable. */
static char *link_target(const char *path)
{
    char *real = realpath(path, NULL);
    if (real)
        return real;
    char t[4096];
    ssize_t n = readlink(path, t, sizeof t - 1);
    if (n <= 0)
        return NULL;
    t[n] = 0;
    const char *slash = strrchr(path, '/');
    size_t dir = t[0] == '/' || !slash ? 0 : (size_t)(slash - path) + 1;
    char *out = malloc(dir + (size_t)n + 1);
    if (!out)
        abort();
    memcpy(out, path, dir);
    memcpy(out + dir, t, (size_t)n + 1);
    return out;
}

/* Write `b` straight into an existing file that is no regular file (a
 * device such as /dev/stdout or /dev/full, a pipe): renaming over it would
 * replace the device node itself. */
static int write_special(const char *path, const core_buf *b)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        cli_say(_("%s: error: cannot open: %s\n"), path, strerror(errno));
        return EXIT_IO;
    }
    bool ok = write_all(fd, b);
    int err = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok)
        cli_say(_("%s: error: cannot write: %s\n"), path, strerror(err));
    return ok ? 0 : EXIT_IO;
}

/* "DIR/" of path ("./" when it has no folder), heap. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = strndup(path, n);
    if (!d)
        abort();
    return d;
}

/* A free temporary name beside path: "NAME.XXXXXX" when that fits in a file
 * name, else the short ".gw-XXXXXX" (an output name may be 255 bytes). */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t base = strlen(slash ? slash + 1 : path);
    size_t n = strlen(path) + 16;
    char *t = malloc(n);
    if (!t)
        abort();
    if (base + 7 <= NAME_MAX)
        snprintf(t, n, "%s.XXXXXX", path);
    else
        snprintf(t, n, "%.*s.gw-XXXXXX", slash ? (int)(slash - path + 1) : 0, path);
    return t;
}

/* Fill the X's of a temp_name with letters that differ call by call. */
static void temp_fill(char *t)
{
    static unsigned long seq;
    static const char al[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long v = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16) ^ (++seq * 7919);
    for (char *p = t + strlen(t) - 6; *p; p++, v /= 62)
        *p = al[v % 62];
}

/* Give the finished unnamed file `fd` the name `path`: linked under a free
 * temporary name, then renamed over the target (linkat cannot replace). */
static int name_tmpfile(int fd, const char *path)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
        return 0; /* no file of that name: done in one step */
    if (errno != EEXIST)
        return -1;
    char *t = temp_name(path);
    int rc = -1;
    for (int tries = 0; tries < 100; tries++) {
        temp_fill(t);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, t, AT_SYMLINK_FOLLOW) == 0) {
            rc = rename(t, path);
            if (rc != 0) {
                int err = errno;
                unlink(t);
                errno = err;
            }
            break;
        }
        if (errno != EEXIST)
            break;
    }
    free(t);
    return rc;
}

/* An unnamed file in path's folder, or -1 with errno (EOPNOTSUPP, EISDIR or
 * EINVAL: the file system cannot; then *fallback is set). */
static int open_tmpfile(const char *path, bool *fallback)
{
    *fallback = false;
#ifdef O_TMPFILE
    char *dir = dir_of(path);
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    int err = errno;
    free(dir);
    if (fd >= 0)
        return fd;
    *fallback = err == EOPNOTSUPP || err == EISDIR || err == EINVAL;
    errno = err;
    return -1;
#else
    *fallback = true;
    return -1;
#endif
}

/* The mode the finished file gets: an existing target's (and its group),
 * else the creation default, 0666 less the umask. */
static void copy_mode(int fd, const char *path, bool named_tmp)
{
    struct stat old;
    if (stat(path, &old) == 0 && S_ISREG(old.st_mode)) {
        if (fchown(fd, (uid_t)-1, old.st_gid) != 0) { /* not a group of ours: keep ours */
        }
        fchmod(fd, old.st_mode & 0777);
    } else if (named_tmp) { /* mkstemp makes 0600; a report is for reading */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
}

static int fail_write(const char *path, int err, const char *what)
{
    cli_say(what, path, strerror(err));
    return EXIT_IO;
}

/* The temp-file-and-rename part of cli_write_output. */
static int write_replace(const char *path, const core_buf *b)
{
    bool fallback;
    char *tmp = NULL;
    int fd = open_tmpfile(path, &fallback);
    if (fd < 0 && fallback) {
        tmp = temp_name(path);
        fd = mkstemp(tmp);
        g_tmp = tmp;
    }
    if (fd < 0) {
        g_tmp = NULL;
        free(tmp);
        return fail_write(path, errno, _("%s: error: cannot create a file there: %s\n"));
    }
    copy_mode(fd, path, tmp != NULL);
    bool ok = write_all(fd, b) && fsync(fd) == 0;
    int err = errno;
    if (ok && !tmp && name_tmpfile(fd, path) != 0)
        ok = false, err = errno;
    if (close(fd) != 0 && ok)
        ok = false, err = errno;
    if (ok && tmp && rename(tmp, path) != 0)
        ok = false, err = errno;
    if (!ok && tmp)
        unlink(tmp);
    g_tmp = NULL;
    free(tmp);
    if (!ok)
        return fail_write(path, err, _("%s: error: cannot write: %s (nothing was changed)\n"));
    return 0;
}

int cli_write_output(const char *path, const core_buf *b)
{
    if (!strcmp(path, "-")) {
        if (fwrite(b->data, 1, b->len, stdout) == b->len && fflush(stdout) == 0)
            return 0;
        cli_say(_("<stdout>: error: cannot write: %s\n"), strerror(errno));
        return EXIT_IO;
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        if (S_ISDIR(sb.st_mode)) {
            cli_say(_("%s: error: is a folder; give a file name (or end it in / to "
                      "write into it)\n"), path);
            return EXIT_IO;
        }
        return write_special(path, b);
    }
    char *real = NULL;
    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
        real = link_target(path);
    int rc = write_replace(real ? real : path, b);
    free(real);
    return rc;
}

/* Do paths a and b name one existing file? ("-" names none.) */
bool cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && strcmp(a, "-") && strcmp(b, "-") && stat(a, &sa) == 0 &&
           stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool cli_is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

bool cli_exe_path(char *out, size_t n)
{
    ssize_t k = n ? readlink("/proc/self/exe", out, n - 1) : -1;
    if (k <= 0)
        return false;
    out[k] = 0;
    return true;
}
