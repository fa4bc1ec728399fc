/*
 * ofd-imp.h: the OFD writer's private state, shared by ofd.c (the top, the
 * package and the XML helpers), ofd-font.c (the subset fonts), ofd-page.c
 * (page content) and ofd-doc.c (OFD.xml, Document.xml, PublicRes.xml).
 */
#ifndef GONGWEN_OFD_IMP_H
#define GONGWEN_OFD_IMP_H

#include "ofd.h"

#include <libxml/xmlwriter.h>
#include <stdbool.h>
#include <stdint.h>

/* One face the list draws with: its resource ID, its glyphs and the
 * subset program holding them. */
typedef struct ofd_font {
    font_face *face;
    uint32_t id;        /* the Font's ID in PublicRes.xml */
    int num;            /* N of Res/font_N.ttf */
    uint32_t *gid;      /* distinct glyphs drawn, ascending */
    uint32_t *new_gid;  /* gid[i]'s id in the subset */
    size_t n, cap;
    CORE_VEC(font_char) chars; /* every (character, glyph) drawn: the cmap */
    core_buf prog;      /* the subset TrueType program */
} ofd_font;

/* One file of the package, in the order it is stored. */
typedef struct ofd_part {
    const char *name;
    core_buf data;
} ofd_part;

typedef struct ofd_writer {
    const dl_list *dl;
    core_arena *arena;
    CORE_VEC(ofd_font *) fonts;
    CORE_VEC(ofd_part) parts;
    uint32_t next_id;   /* the next unit ID; MaxUnitID = next_id - 1 */
    uint32_t *page_id;  /* each page's ID */
    uint64_t digest[2]; /* of every part's bytes, for the DocID */
    core_failure fail;  /* the first failure, as a diagnostic (core_fail) */
} ofd_writer;

/* ---- numbers: fixed point, no printf, so no locale ------------------------ */

/* A length in points as integer ten-thousandths of a millimetre. */
int64_t ofd_mm_units(double pt);
/* Units of ofd_mm_units as a decimal (trailing zeros trimmed) into s. */
void ofd_units_str(int64_t u, char s[32]);

/* ---- XML parts ------------------------------------------------------------ */

typedef struct ofd_xml {
    xmlBufferPtr buf;
    xmlTextWriterPtr tw;
    int rc;             /* the first negative libxml2 return, else 0 */
} ofd_xml;

/* Start a part whose root element is ofd:ROOT in the OFD namespace. */
core_status ofd_xml_begin(ofd_writer *w, ofd_xml *x, const char *root);
void ofd_xml_start(ofd_xml *x, const char *name);  /* <ofd:NAME> */
void ofd_xml_end(ofd_xml *x);
/* Free a document left unfinished (a page that failed). */
void ofd_xml_discard(ofd_xml *x);
void ofd_xml_attr(ofd_xml *x, const char *name, const char *value);
void ofd_xml_attr_u32(ofd_xml *x, const char *name, uint32_t v);
void ofd_xml_attr_units(ofd_xml *x, const char *name, int64_t u);
void ofd_xml_text(ofd_xml *x, const char *text);
/* <ofd:NAME>TEXT</ofd:NAME>; nothing when text is NULL or empty. */
void ofd_xml_leaf(ofd_xml *x, const char *name, const char *text);
/* Close the document and store it as part `name` (copied); frees x. */
core_status ofd_xml_finish(ofd_writer *w, ofd_xml *x, const char *name);

/* Store `n` bytes as part `name` (both copied) at the end of the package. */
void ofd_part_add(ofd_writer *w, const char *name, const void *data, size_t n);

/* ---- stages ---------------------------------------------------------------- */

core_status ofd_fonts_collect(ofd_writer *w);
core_status ofd_fonts_build(ofd_writer *w);
const ofd_font *ofd_font_lookup(const ofd_writer *w, const font_face *face);
/* The subset's id of glyph gid of font f (which must hold it). */
uint32_t ofd_font_new_gid(const ofd_font *f, uint32_t gid);

core_status ofd_pages_write(ofd_writer *w);
/* <ofd:PhysicalBox>0 0 W H</ofd:PhysicalBox> of a page */
void ofd_physical_box(ofd_xml *x, const dl_page *pg);
core_status ofd_doc_write(ofd_writer *w);    /* Document.xml, PublicRes.xml */
core_status ofd_root_write(ofd_writer *w);   /* OFD.xml, from the digest */

#endif
