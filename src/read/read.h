/*
 * read: the front of the pipeline. A reader turns the bytes of a report as
 * the user has it — plain text in any of its published shapes, a saved
 * portal page, a Word/WPS draft — into gongwen's canonical text, which
 * parse/ turns into the document model:
 *
 *   bytes → reader (decode, find the article, tables with their spans)
 *         → shape (metadata, chrome, footers, wrapped lines, the title)
 *         → canonical text (docs/FORMAT.md) → parse → doc → form → check …
 *
 * The canonical text is a derived core_source: every byte keeps the file
 * offset it stands for, so a message about a joined paragraph, a cell of an
 * HTML table or a line under a metadata box still names the FILE:LINE:COLUMN
 * the user sees in their own file. A reader decides what the input *is*
 * (title, metadata, paragraph, table, dropped chrome) and says every change
 * it makes as a note at its place; it never decides layout and never checks
 * numbers.
 *
 * Readers are a table, as MuPDF's document handlers are: each scores the
 * bytes (read_recognise), so a file is read by what it is, not by its name.
 */
#ifndef GONGWEN_READ_H
#define GONGWEN_READ_H

#include "../core/core.h"

#include <stdbool.h>

/*
 * What the readers know about real pages and texts, as data a user can
 * extend (the .txt lists of layouts/reader): the labels of a portal's metadata box and of
 * a crawler's header lines, the page chrome to drop, running footers. Loaded
 * from text by the caller (the library opens no files).
 */
typedef struct read_data read_data;
read_data *read_data_new(void);
/* Add one data file's text; `name` says which list it is by its base name
 * (meta.txt, chrome.txt, …: layouts/reader/README.md). Errors go to `d` as
 * NAME:LINE:COL (CORE_EINPUT). */
core_status read_data_add(read_data *rd, const char *name, const char *text, size_t len,
                          core_diags *d);
void read_data_drop(read_data *rd);

/* One reader of the table. */
typedef struct read_reader {
    const char *name;       /* "text", "html", "docx": what --from names */
    const char *extensions; /* ".txt .text", for messages and ties */
    /* 0 (not this kind) … 100 (certainly this kind), from the bytes; the
     * name's extension only breaks ties. */
    int (*recognise)(const char *name, const char *bytes, size_t len);
    /* The canonical text of `len` bytes named `name` as a new source in
     * `a`. CORE_EINPUT (or CORE_ELIMIT) with located errors in `d` when the
     * input cannot be read; *out is then NULL. */
    core_status (*read)(core_arena *a, const char *name, const char *bytes, size_t len,
                        const read_data *data, core_diags *d, core_source **out);
} read_reader;

/* The reader named `from` ("text", "html", "docx"), or NULL. */
const read_reader *read_lookup(const char *from);
/* The reader that scores highest for these bytes (text when none does). */
const read_reader *read_recognise(const char *name, const char *bytes, size_t len);
/* Every reader's name, space-separated, for messages and --help. */
const char *read_names(void);

/*
 * Read `len` bytes named `name` with the reader `from` (NULL: by content)
 * into canonical text in `a`. Refuses, as an error about the file, what no
 * reader takes (a .doc or .wps draft, a PDF) with what to do instead.
 */
core_status read_source(core_arena *a, const char *name, const char *bytes, size_t len,
                        const char *from, const read_data *data, core_diags *d,
                        core_source **out);

#endif
