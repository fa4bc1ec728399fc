/*
 * pdf-imp.h: what the three files of the PDF writer share, and nothing
 * else includes. pdf.c runs the steps and writes page content, pdf-font.c
 * builds the CID fonts, pdf-meta.c the document-level objects (info, XMP,
 * OutputIntent, outline, /ID).
 *
 * Invariants:
 *  - Every libharu object we create is attached to the document (xref or a
 *    parent) at once, so HPDF_Free releases all of it on every path.
 *  - Only the first failure is reported (w->fail, one diagnostic); later
 *    ones are consequences.
 *  - Everything written from the display list also goes through w->md5 (as
 *    the bytes that land in the file; a font program by its table
 *    directory, see pdf_data), so the trailer /ID is a function of the
 *    content, never of the clock.
 *  - Streams are compressed here (libdeflate, the level pdf_data says),
 *    never by libharu (whose one level, zlib's default,
 *    spent a third of a build on the font programs): libharu sees filter
 *    NONE, a dict write hook adds /Filter, and libharu reads the data from
 *    our buffer in the arena when it writes the file (no copy of its own).
 */
#ifndef GONGWEN_PDF_IMP_H
#define GONGWEN_PDF_IMP_H

#include "pdf.h"

#include <hpdf.h>
#include <hpdf_encrypt.h> /* HPDF_MD5_CTX */
#include <stdbool.h>

/* A glyph seen in the collection pass and the text of its first use. */
typedef struct pdf_use {
    uint32_t gid, cp;
} pdf_use;

/* A face used in the document, as one Type0/CIDFontType2 font. */
typedef struct pdf_font {
    font_face *face;
    int num;                 /* resource name /F<num>, in order of first use */
    pdf_use *seen;           /* collection pass: open-addressed by gid, */
    size_t seen_cap;         /* a power of two; slot empty when cp == */
    size_t n;                /* UINT32_MAX; n = distinct glyphs */
    uint32_t *gid;           /* ascending original glyph ids */
    uint32_t *cp;            /* the code point of each (first use) */
    font_char *chars;        /* the same pairs, for the subset's cmap */
    uint32_t *cid;           /* its id in the subset = its CID */
    double *width;           /* advance, 1/1000 em, as in /W */
    HPDF_Dict type0;         /* the font dict pages refer to */
    size_t page_seen;        /* 1 + index of the last page that lists it */
} pdf_font;

/* The colour space our colours are written in: the OutputIntent's, or
 * DeviceCMYK (the list's own) when there is none. */
typedef enum pdf_space { PDF_SPACE_CMYK, PDF_SPACE_RGB, PDF_SPACE_GRAY } pdf_space;

typedef struct pdf_writer {
    const dl_list *dl;
    const pdf_options *opt;
    core_arena *arena;
    struct libdeflate_compressor *deflate; /* made at the first stream */
    HPDF_Doc doc;
    HPDF_STATUS hpdf_error, hpdf_detail; /* first error libharu reported */
    core_failure fail;                   /* the first failure, as a diagnostic */

    CORE_VEC(pdf_font *) fonts;
    pdf_space space;
    core_buf icc;            /* the OutputIntent's profile (opt->icc); empty if none */
    int icc_n;               /* its number of components */
    HPDF_MD5_CTX md5;

    /* the page being written */
    size_t page_index;
    HPDF_Page page;
    HPDF_Dict page_fonts;    /* its /Resources /Font, made at first use */
    core_buf cs;             /* its content stream, written at end_page */
    char fill[128], stroke[128]; /* current colour operators ("" = none yet) */
    dl_color fill_color, stroke_color; /* the colours they were made from */
    double line_width;

    /* the outline */
    HPDF_Outline outline_top; /* the last level-1 entry, parent of level 2 */
    bool outline_any;
} pdf_writer;

/* ---- pdf.c: failures ------------------------------------------------------ */

/* A failure is recorded with core_fail(&w->fail, ...) (core.h): the first
 * one becomes the diagnostic. */
/* CORE_OK when libharu returned `ret` == HPDF_OK and has reported nothing;
 * otherwise a CORE_EPDF failure naming `what`. */
core_status pdf_hpdf(pdf_writer *w, HPDF_STATUS ret, const char *what);
/* CORE_OK when `obj` is not NULL (a libharu constructor succeeded). */
core_status pdf_obj(pdf_writer *w, const void *obj, const char *what);

/* ---- pdf.c: small object helpers --------------------------------------- */

/* A new dict registered in the xref (an indirect object). */
core_status pdf_dict_new(pdf_writer *w, HPDF_Dict *out);
/*
 * What a stream holds, which decides how it is compressed and digested.
 * Every compressed stream is deflated at libdeflate's level 1: measured on
 * the example (min of 30), its 322 KB of font subsets take 4.5 ms at level
 * 1 against 8.9 ms at 3 and 9.4 ms at 6, for 214 KB against 212 KB and
 * 210 KB (glyph outlines gain little from effort), and its 115 KB of
 * content streams, CMaps and data 0.41 ms against 1.37 ms at 6, for 19.7
 * KB against 18.4 KB: 3 KB more a file for half the compression time,
 * which was the dearest step of a build. The XMP stays readable.
 */
typedef enum pdf_data {
    PDF_DATA_PLAIN, /* never compressed (XMP) */
    PDF_DATA_TEXT,  /* Flate */
    PDF_DATA_FONT,  /* an sfnt: Flate; digested by its table
                       directory, whose checksums cover every table */
} pdf_data;

/* A new stream object holding `len` bytes of kind `kind`, compressed as it
 * says unless the options say no compression; the data also feed the /ID
 * digest. */
core_status pdf_stream_new(pdf_writer *w, const void *bytes, size_t len, pdf_data kind,
                           HPDF_Dict *out);
/* Bytes compressed away from the writer (font programs, on threads of
 * their own: pdf-font.c), handed to pdf_stream_new_packed. Heap. */
typedef struct pdf_packed {
    unsigned char *z;
    size_t len;
} pdf_packed;
/* Deflate `len` bytes as every compressed stream is into *out, with compressor
 * *c (made when NULL; the caller frees it). Touches no
 * writer, so any thread may call it. False when it fails. */
bool pdf_pack(struct libdeflate_compressor **c, const void *bytes, size_t len, pdf_packed *out);
/* pdf_stream_new for bytes whose compressed form is `z` (from pdf_pack;
 * taken over and freed; ignored when the options say no compression). */
core_status pdf_stream_new_packed(pdf_writer *w, const void *bytes, size_t len, pdf_data kind,
                                  pdf_packed *z, HPDF_Dict *out);
/* The same for stream dict `d` (a page's contents), whose data is replaced. */
core_status pdf_stream_put(pdf_writer *w, HPDF_Dict d, const void *bytes, size_t len,
                           pdf_data kind);
/* A text string for the document (info, outline): UTF-16BE with a BOM, so
 * any character survives; invalid UTF-8 becomes U+FFFD. */
core_status pdf_text_new(pdf_writer *w, const char *utf8, HPDF_Binary *out);
/* Append v with at most `dec` (0..6) decimals, rounded half away from zero,
 * trailing zeros trimmed, never "-0" or an exponent, whatever the locale. */
void pdf_put_num(core_buf *b, double v, int dec);
/* Append the low 16 bits of v as 4 upper-case hex digits. */
void pdf_put_hex4(core_buf *b, uint32_t v);

/* ---- pdf-font.c ----------------------------------------------------------- */

/* Collection pass: note every glyph of every run (faces in order of first
 * use). Fails with CORE_EFONT for a .notdef glyph. */
core_status pdf_fonts_collect(pdf_writer *w);
/* Subset each face and build its font objects. CORE_EFONT when a face
 * forbids embedding or cannot be subset. */
core_status pdf_fonts_build(pdf_writer *w);
/* The font of `face`; NULL if the collection pass never saw it. */
pdf_font *pdf_font_lookup(pdf_writer *w, const font_face *face);
/* Index of original glyph `gid` in f->gid, or SIZE_MAX. */
size_t pdf_font_index(const pdf_font *f, uint32_t gid);

/* ---- pdf-meta.c ----------------------------------------------------------- */

/* Read opt->icc's header to learn the colour space (before pages). */
core_status pdf_meta_prepare(pdf_writer *w);
/* An outline entry for an anchor on the current page. */
core_status pdf_meta_anchor(pdf_writer *w, const dl_anchor *a);
/* Info, XMP, OutputIntent, /Lang and the trailer /ID (after pages). */
core_status pdf_meta_finish(pdf_writer *w);

#endif
