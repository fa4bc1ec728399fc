/*
 * tp.c: what the pdf tests share: the fonts, small display lists built by
 * hand, writing them, and running the readers that check them.
 */
#define _GNU_SOURCE
#include "tp.h"
#include "../refusal.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

font_lib *lib;
font_face *fang, *hei;

void tp_up(void)
{
    ARCHIVE = tp_icc(SRGB, true);
    core_diags d = {0};
    cr_assert_eq(font_lib_new(FONT_DIR, &d, &lib), CORE_OK);
    core_diags_free(&d);
    cr_assert_eq(font_lib_open(lib, FONT_DIR "/fandol/FandolFang-Regular.ttf", 0, &fang), CORE_OK);
    cr_assert_eq(font_lib_open(lib, FONT_DIR "/fandol/FandolHei-Regular.ttf", 0, &hei), CORE_OK);
    mkdir(OUT_DIR, 0777);
}

void tp_down(void)
{
    font_lib_drop(lib);
    lib = NULL;
}

/* ---- building lists ------------------------------------------------------- */

const dl_color BLACK = {0, 0, 0, 1};
const dl_color RED = {0, 0.8f, 0.8f, 0}; /* [9704 §6.2] Y80 M80 */

/*
 * A run of `utf8` in `face` at (x, y). pitch > 0 places glyph i at
 * i * pitch; otherwise glyphs follow their own advances.
 */
dl_glyphs *add_text(dl_list *dl, dl_page *p, font_face *face, float size, float x,
                           float y, const char *utf8, float pitch)
{
    size_t len = strlen(utf8);
    dl_op op = {.kind = DL_GLYPHS};
    dl_glyphs *g = &op.u.glyphs;
    g->face = face, g->size = size, g->x = x, g->y = y, g->color = BLACK;
    g->gid = core_arena_alloc(dl->arena, len * sizeof *g->gid);
    g->pos = core_arena_alloc(dl->arena, len * sizeof *g->pos);
    g->cp = core_arena_alloc(dl->arena, len * sizeof *g->cp);
    g->src = core_arena_alloc(dl->arena, len * sizeof *g->src);
    float pen = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = core_utf8_decode(utf8 + i, len - i, &cp);
        cr_assert(k > 0);
        uint32_t gid = font_face_glyph(face, cp);
        cr_assert_neq(gid, 0, "U+%04X not in the face", cp);
        font_glyph m;
        font_face_glyph_metrics(face, gid, &m);
        g->gid[g->n] = gid, g->cp[g->n] = cp, g->src[g->n] = i;
        g->pos[g->n] = pitch > 0 ? g->n * pitch : pen;
        pen += m.advance * size;
        g->n++;
        i += k;
    }
    return &dl_add_op(dl, p, &op)->u.glyphs;
}

void add_rule(dl_list *dl, dl_page *p, float x0, float y, float x1, float width,
                     dl_color c)
{
    dl_op op = {.kind = DL_RULE};
    op.u.rule = (dl_rule){x0, y, x1, y, width, c};
    dl_add_op(dl, p, &op);
}

void add_anchor(dl_list *dl, dl_page *p, int level, const char *title, float y)
{
    dl_op op = {.kind = DL_ANCHOR};
    op.u.anchor = (dl_anchor){level, title, y};
    dl_add_op(dl, p, &op);
}

void set_meta(dl_list *dl, const char *title)
{
    dl->meta.title = title;
    dl->meta.author = "郑东新区科技人才局";
    dl->meta.subject = "政府信息公开";
    dl->meta.keywords = "年度报告";
    dl->meta.creator = "gongwen 0.1.0";
    dl->meta.lang = "zh-CN";
    dl->meta.year = 2023, dl->meta.month = 1, dl->meta.day = 15;
}

/* A one-page report: title in Hei, body in Fang on the 15.79 pt grid, a
 * red rule, digits, a page number and two bookmarks. */
dl_list *sample(void)
{
    dl_list *dl = dl_list_new();
    set_meta(dl, "2022年政府信息公开工作年度报告");
    dl_page *p = dl_add_page(dl, 595.28f, 841.89f);
    p->number = 1;
    add_anchor(dl, p, 1, "一、总体情况", 737);
    add_text(dl, p, hei, 16, 79.37f, 716.44f, "一、总体情况", 15.79f);
    add_anchor(dl, p, 2, "（一）主动公开", 687);
    add_text(dl, p, fang, 16, 111.0f, 687.0f, "本年度共主动公开政府信息１２３条。", 15.79f);
    add_text(dl, p, fang, 16, 79.37f, 658.0f, "办理申请2022件，按时办结率100%。", 0);
    add_rule(dl, p, 79.37f, 600, 521.57f, 1.0f, RED);
    add_text(dl, p, fang, 14, 480, 79.37f, "— 1 —", 0);
    return dl;
}

/* ---- writing and reading back -------------------------------------------- */

void tp_write(const dl_list *dl, const pdf_options *opt, core_buf *out)
{
    core_diags d = {0};
    core_status st = pdf_write(dl, opt, "t.txt", out, &d);
    cr_assert_eq(st, CORE_OK, "pdf_write: %s", d.n ? d.v[0].message : "no diagnostic");
    cr_assert_eq(d.n, 0, "a PDF written, yet a diagnostic: %s", d.v[0].message);
    core_diags_free(&d);
}

const char *tp_refused(const dl_list *dl, const pdf_options *opt, core_status want,
                       const char *code)
{
    core_diags d = {0};
    core_buf out = {0};
    core_status st = pdf_write(dl, opt, "t.txt", &out, &d);
    cr_assert_eq(st, want, "pdf_write gave status %d, want %d", st, want);
    core_buf_free(&out);
    return refusal_message(&d, "t.txt", code);
}

void write_file(const dl_list *dl, const pdf_options *opt, const char *path,
                       core_buf *keep)
{
    core_buf out = {0};
    clock_t t0 = clock();
    tp_write(dl, opt, &out);
    double ms = (clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    cr_assert_eq(fwrite(out.data, 1, out.len, f), out.len);
    fclose(f);
    cr_log_info("%s: %zu bytes in %.1f ms", path, out.len, ms);
    if (keep)
        *keep = out;
    else
        core_buf_free(&out);
}

/* Run a shell command; its stdout into *out, its stderr into *err (both
 * heap, NUL-terminated); returns the exit status. */
int run(const char *cmd, core_buf *out, core_buf *err)
{
    char errpath[512], full[2048];
    snprintf(errpath, sizeof errpath, OUT_DIR "/stderr-%d.txt", (int)getpid());
    snprintf(full, sizeof full, "%s 2>%s", cmd, errpath);
    FILE *p = popen(full, "r");
    cr_assert_not_null(p, "%s", cmd);
    char buf[4096];
    size_t n;
    core_buf_puts(out, "");
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        core_buf_append(out, buf, n);
    int rc = pclose(p);
    core_buf_puts(err, "");
    const char *why;
    core_buf e = {0};
    if (core_file_read(errpath, &e, &why) == CORE_OK)
        core_buf_append(err, e.data, e.len);
    core_buf_free(&e);
    remove(errpath);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

const pdf_options PLAIN = {.compress = true};
pdf_options ARCHIVE;

pdf_options tp_icc(const char *path, bool compress)
{
    static core_buf kept[16];
    static size_t n;
    const char *why = NULL;
    cr_assert_lt(n, 16);
    cr_assert_eq(core_file_read(path, &kept[n], &why), CORE_OK, "%s: %s", path, why);
    core_buf *b = &kept[n++];
    return (pdf_options){.icc = b->data, .icc_len = b->len, .icc_name = path,
                         .compress = compress};
}

/* The value of "Key:   value" in pdfinfo's output, or NULL. */
char *info_field(const char *out, const char *key)
{
    static char v[512];
    size_t n = strlen(key);
    for (const char *s = out; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
        if (strncmp(s, key, n) == 0 && s[n] == ':') {
            s += n + 1;
            s += strspn(s, " ");
            size_t len = strcspn(s, "\n");
            snprintf(v, sizeof v, "%.*s", (int)len, s);
            return v;
        }
    }
    return NULL;
}

