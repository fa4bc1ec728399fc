/*
 * engine-imp.h: what the engine's files share, private to src/engine/.
 * engine.c runs the pipeline; engine-data.c writes a checked document's
 * metadata and table values (docs/DATA.md); engine-pdfdata.c reads them
 * back from a PDF gongwen made.
 */
#ifndef GONGWEN_ENGINE_IMP_H
#define GONGWEN_ENGINE_IMP_H

#include "engine.h"

#include "doc/doc.h"

/* The document's metadata and every number cell of its standard tables,
 * appended to out in format f (schema_version 1 of docs/DATA.md). Without
 * `with_file` the records' "file" is null: the copy embedded in a PDF must
 * not depend on where the input lay. */
void engine_data_write(const doc_document *doc, engine_data_format f, bool with_file,
                       core_buf *out);

/* bytes begin as a PDF does */
bool engine_is_pdf(const char *bytes, size_t len);
/* The gongwen-data.json attached to PDF `name`, appended to json;
 * CORE_EINPUT and one error `code` in d (E-data, E-previous: the command's
 * refusal) when the PDF cannot be read or has none. */
core_status engine_pdf_json(const char *name, const char *bytes, size_t len, const char *code,
                            core_buf *json, core_diags *d);
/* That JSON back as a document named `name`: metadata and each standard
 * table's number cells (keys, state, exact value, unit, text), at their
 * LINE:COLUMN in a blank source. One error `code` in d when it is not
 * schema 1. */
core_status engine_data_document(const char *name, const char *json, size_t len,
                                 const char *code, core_diags *d, doc_document **out);

#endif
