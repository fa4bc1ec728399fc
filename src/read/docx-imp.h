/*
 * docx-imp.h: what the two files of the DOCX reader share, private to them.
 *
 *  docx.c      the package, the body's paragraphs and tables, the title
 *  docx-num.c  word/styles.xml and word/numbering.xml: the paragraph styles
 *              (through w:basedOn) and the numbers Word writes ahead of
 *              paragraphs (一、 （一） 1. （1）)
 *
 * Elements and attributes are known by their local name (w:p, w:val), as
 * Word, WPS and LibreOffice all write the one WordprocessingML namespace.
 */
#ifndef GONGWEN_DOCX_IMP_H
#define GONGWEN_DOCX_IMP_H

#include "read-imp.h"

#include <libxml/tree.h>
#include <stdbool.h>

/* Is n the element NAME (by local name)? */
bool docx_is(const xmlNode *n, const char *name);
/* n's first child element NAME, or NULL. */
xmlNode *docx_child(const xmlNode *n, const char *name);
/* The attribute NAME of n as the tree holds it (valid while the tree
 * lives; "" when empty), or NULL when n or the attribute is absent. */
const char *docx_attr(const xmlNode *n, const char *name);
/* The same as a number, dflt when absent. */
long docx_attr_long(const xmlNode *n, const char *name, long dflt);

/* A paragraph style as its w:basedOn chain makes it (unset fields taken
 * from the style it is based on). */
typedef struct docx_style {
    const char *id, *name;
    long num_id;   /* w:numPr/w:numId, -1 none */
    int ilvl;      /* w:numPr/w:ilvl, -1 none */
    bool centred;  /* w:jc center */
    int size;      /* w:rPr/w:sz in half-points, 0 none */
    bool title;    /* the Title style: id "Title", name "Title" or "标题" */
} docx_style;

/* The styles and the numbering of one draft, and the counters Word keeps
 * while it numbers the paragraphs in document order. */
typedef struct docx_num docx_num;

/* From word/numbering.xml and word/styles.xml (either may be NULL: a draft
 * without them); both trees must outlive the result. */
docx_num *docx_num_new(const xmlDoc *numbering, const xmlDoc *styles);
void docx_num_drop(docx_num *dn);

/* The style of the paragraph whose w:pPr is ppr (its w:pStyle, else the
 * default paragraph style), or NULL when the draft has none. */
const docx_style *docx_num_style(const docx_num *dn, const xmlNode *ppr);
/* The size of the draft's text where no style says one (w:docDefaults). */
int docx_num_default_size(const docx_num *dn);

/*
 * The number Word writes ahead of the paragraph whose w:pPr is ppr, with
 * the space of a w:suff "space" after it, appended to b; advances the
 * counters. The paragraph's own w:numPr wins over its style's, numId 0
 * switches numbering off; a bullet is no number. False when the paragraph
 * has none.
 */
bool docx_num_paragraph(docx_num *dn, const xmlNode *ppr, core_buf *b);

/* n written in the ST_NumberFormat `fmt` (decimal for unknown formats and
 * for numbers a format has no way to write), appended to b. */
void docx_num_format(core_buf *b, const char *fmt, long n);

#endif
