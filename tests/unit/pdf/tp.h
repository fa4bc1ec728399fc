/*
 * tp.h: helpers the pdf tests share (tp.c). Each test file opens its own
 * TestSuite with .init = tp_up, .fini = tp_down.
 */
#ifndef GONGWEN_TEST_PDF_TP_H
#define GONGWEN_TEST_PDF_TP_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/pdf.h"

#define FONT_DIR GONGWEN_SOURCE_DIR "/fonts"
#define OUT_DIR GONGWEN_BINARY_DIR "/test-pdf"
#define WQY "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
#define SRGB GONGWEN_SOURCE_DIR "/icc/sRGB.icc" /* the shipped profile */

extern font_lib *lib;
extern font_face *fang, *hei; /* FandolFang, FandolHei (bundled) */
void tp_up(void);   /* opens them; makes OUT_DIR */
void tp_down(void);

extern const dl_color BLACK, RED; /* RED: [9704 §6.2] Y80 M80 */
extern const pdf_options PLAIN;   /* compressed, no profile */
extern pdf_options ARCHIVE;       /* compressed, sRGB OutputIntent */
/* Options with the profile at `path` read into memory (pdf opens no file;
 * kept until the process ends); a file that cannot be read asserts. */
pdf_options tp_icc(const char *path, bool compress);

/* A run of `utf8` in `face` at (x, y). pitch > 0 places glyph i at
 * i * pitch; otherwise glyphs follow their own advances. */
dl_glyphs *add_text(dl_list *dl, dl_page *p, font_face *face, float size, float x, float y,
                    const char *utf8, float pitch);
void add_rule(dl_list *dl, dl_page *p, float x0, float y, float x1, float width, dl_color c);
void add_anchor(dl_list *dl, dl_page *p, int level, const char *title, float y);
/* Title as given; agency, subject, keywords, creator, zh-CN, 2023-01-15. */
void set_meta(dl_list *dl, const char *title);
/* A one-page report: title in Hei, body in Fang on the 15.79 pt grid, a
 * red rule, digits, a page number and two bookmarks. */
dl_list *sample(void);

/* pdf_write for report "t.txt" into `out`, asserting success and no
 * diagnostic. */
void tp_write(const dl_list *dl, const pdf_options *opt, core_buf *out);
/* pdf_write for report "t.txt", asserting that it fails with status `st`
 * and one error diagnostic of `code` naming t.txt; its message (static). */
const char *tp_refused(const dl_list *dl, const pdf_options *opt, core_status st,
                       const char *code);
/* pdf_write into `path` (asserting success); the bytes into *keep if not
 * NULL (the caller frees them). */
void write_file(const dl_list *dl, const pdf_options *opt, const char *path, core_buf *keep);
/* Run a shell command; its stdout into *out, its stderr into *err (both
 * heap, NUL-terminated); returns the exit status. */
int run(const char *cmd, core_buf *out, core_buf *err);
/* The value of "Key:   value" in pdfinfo's output (static buffer), or NULL. */
char *info_field(const char *out, const char *key);

#endif
