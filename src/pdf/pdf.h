/*
 * pdf: a display list to PDF bytes through libharu. The only module that
 * includes hpdf.h; it makes no layout decision.
 *
 * libharu 2.3.0 writes the file structure (objects, xref, page tree, info,
 * outlines, compression). What it gets wrong or lacks is written here
 * through its object API: CID fonts from subset TrueType programs with
 * exact /W and a valid ToUnicode CMap (its own embed the whole font, break
 * on glyphs outside the BMP and write an invalid CMap), PDF/A-2u
 * (XMP, OutputIntent), a content-derived trailer /ID, and dates from the
 * document, never the clock. The same list gives the same bytes.
 */
#ifndef GONGWEN_PDF_H
#define GONGWEN_PDF_H

#include "../core/core.h"
#include "../dl/dl.h"

#include <stdbool.h>

typedef struct pdf_options {
    const char *icc;      /* the ICC profile for the PDF/A OutputIntent, as
                             bytes the caller read (pdf opens no file); NULL
                             = no OutputIntent (and so no PDF/A claim) */
    size_t icc_len;
    const char *icc_name; /* its name in messages, and the condition's when
                             the profile has no description */
    bool compress;        /* Flate content streams (default true) */
} pdf_options;

/*
 * Write `dl` as a PDF into `out` (appended). On failure returns CORE_EPDF
 * or CORE_EFONT and adds one error diagnostic about `name` (the report) to
 * `d` (E-pdf, or E-font for a font that cannot be embedded or a glyph it
 * lacks; d may be NULL); `out` may then hold garbage, which the caller
 * discards.
 */
core_status pdf_write(const dl_list *dl, const pdf_options *opt, const char *name,
                      core_buf *out, core_diags *d);

#endif
