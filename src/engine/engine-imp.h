/*
 * engine-imp.h: what the engine's files share, private to src/engine/.
 * engine.c runs the pipeline; engine-data.c writes a checked document's
 * metadata and table values (docs/DATA.md).
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

#endif
