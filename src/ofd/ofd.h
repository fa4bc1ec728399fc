/*
 * ofd: a display list to OFD bytes (GB/T 33190-2016), the national
 * fixed-layout format, as a second sink beside pdf/. The only module that
 * includes zip.h or libxml2's writer; it makes no layout decision.
 *
 * The package (a ZIP through libzip, every XML part through libxml2's
 * xmlTextWriter, so nothing is escaped by hand):
 *
 *   OFD.xml                          DocBody: DocInfo, DocRoot
 *   Doc_0/Document.xml               CommonData (MaxUnitID, PageArea,
 *                                    PublicRes), Pages, Outlines
 *   Doc_0/PublicRes.xml              Fonts, each with its FontFile
 *   Doc_0/Res/font_N.ttf             the subset TrueType program of face N
 *                                    (the same hb-subset programs as PDF)
 *   Doc_0/Pages/Page_I/Content.xml   one Layer: a TextObject per glyph run,
 *                                    a PathObject per rule or rectangle
 *
 * Coordinates are the list's, converted once: millimetres, origin top-left,
 * y down (x_mm = x_pt * 25.4 / 72, y_mm = (height - y_pt) * 25.4 / 72).
 * Every glyph's position is written as the list has it (DeltaX from the
 * rounded absolute positions, so rounding never accumulates); a glyph the
 * font's cmap would not give for its character is named by a CGTransform.
 *
 * OFD-A (GB/T 42133-2022) as far as its rules are public: every font
 * embedded, nothing outside the package referred to, one document, the
 * metadata present (docs/OFD.md lists each rule and how it is met).
 *
 * The same list gives the same bytes: fixed entry order and ZIP dates (the
 * document's date, else 1980-01-01), IDs in drawing order, the DocID a
 * digest of the content. The clock is never read.
 */
#ifndef GONGWEN_OFD_H
#define GONGWEN_OFD_H

#include "../core/core.h"
#include "../dl/dl.h"

/*
 * Write `dl` as an OFD package into `out` (appended). On failure returns
 * CORE_EOFD or CORE_EFONT and adds one error diagnostic about `name` (the
 * report) to `d` (E-ofd, or E-font for a font that cannot be embedded or a
 * glyph it lacks; d may be NULL); `out` may then hold part of a package,
 * which the caller discards. The list and its fonts are only read.
 */
core_status ofd_write(const dl_list *dl, const char *name, core_buf *out, core_diags *d);

#endif
