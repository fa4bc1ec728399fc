/*
 * parse: source text → document model.
 *
 * The plain text of a report as published is valid input, unchanged:
 * the title is the first non-empty line(s); 一、 opens a level-1 heading,
 * （一）/(一) a level-2 heading (run in when its paragraph goes on after the
 * first 。), 1./1． level 3 and （1）/(1) level 4; lines holding tabs are
 * table rows; anything else is a paragraph. What plain text cannot say
 * (metadata, spans, a forced break, escaping) has an explicit syntax,
 * documented in docs/FORMAT.md.
 *
 * The parser never fails on content it can read: it reports what it
 * assumed as notes and warnings and keeps going. It fails (CORE_EINPUT)
 * only when the text cannot be decoded or a directive is malformed.
 */
#ifndef GONGWEN_PARSE_H
#define GONGWEN_PARSE_H

#include "../core/core.h"
#include "../doc/doc.h"

/*
 * Parse canonical text (what a reader of read/ made, or a file as it is) in
 * arena `a`, which the new document takes: on success *out owns `a`; on
 * failure `a` has been dropped and *out is NULL. Diagnostics go to `d`.
 */
core_status parse_source(core_arena *a, const core_source *src, core_diags *d,
                         doc_document **out);

/*
 * Parse `len` bytes named `name` (a path, or "<stdin>") as canonical text,
 * every table a plain grid (form/ recognises the standard ones). On success
 * *out is a new document that owns a new arena holding the decoded source; drop it
 * with doc_document_drop. Diagnostics go to `d` with FILE:LINE:COLUMN. On
 * failure *out is NULL.
 */
core_status parse_document(const char *name, const char *bytes, size_t len, core_diags *d,
                           doc_document **out);

#endif
