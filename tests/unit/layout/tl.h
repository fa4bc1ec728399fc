/*
 * tl.h: helpers for the layout tests: the bundled fonts and the default
 * layout file, and documents built from a small line markup (no parser):
 *
 *   T:text        a title line (each further T: is a forced break)
 *   H1:text       heading level 1 (H3:, H4: likewise)
 *   H2:head|rest  heading level 2, run in: head in the h2 face, rest body
 *   P:text        a paragraph
 *   PB:           a page break
 *   TB:           a table, filled in by tl_table
 *   S:agency|date the signature
 *
 * Runs point into the source text, so offsets name LINE:COLUMN.
 */
#ifndef TL_H
#define TL_H

#include "layout/layout.h"

typedef struct tl_env {
    font_lib *lib;
    layout_style *style;
    layout_fonts fonts;
    core_diags diags;
} tl_env;

extern tl_env TL;

/* A layout file read from `path` with its title terms, as the engine reads
 * them (layout itself opens no file); CORE_EIO when `path` is missing. */
core_status tl_style_load(const char *path, core_diags *d, layout_style **out);
void tl_setup(void);
void tl_teardown(void);
doc_document *tl_doc(const char *markup);
/* Fill the first empty TB: block (or append one) with a table of nrows ×
 * ncols; cells are added with tl_cell. */
doc_table *tl_table(doc_document *doc, uint32_t nrows, uint32_t ncols, uint32_t header_rows);
void tl_cell(doc_document *doc, doc_table *t, uint32_t row, uint32_t col, uint32_t rowspan,
             uint32_t colspan, const char *text);
/* Lay out and drop `doc`; asserts success and no glyph outside the text
 * area. */
dl_list *tl_layout(doc_document *doc);
/* The text of op k of page p when it is glyphs (static buffer). */
const char *tl_text(const dl_glyphs *g);

/* A line of glyph runs as the tests see it: runs on one baseline merged. */
typedef struct tl_line {
    size_t page;
    float y, x0, x1; /* x1: right edge of the last glyph's advance box */
    float x1_ink;    /* with a ½ em mark counted by its left half */
    char text[512];
    size_t nchars;
    float size;
    const dl_glyphs *last;
} tl_line;

/* Every body line (not page numbers) of the list, in order. */
size_t tl_lines(const dl_list *dl, tl_line *out, size_t max);

/* Every rule's ink (butt caps, width across) inside its page's text area. */
void tl_assert_rules_inside(const dl_list *dl);
/* Does page p show `s` within one glyph run? */
bool tl_page_has(const dl_list *dl, size_t p, const char *s);

#endif
