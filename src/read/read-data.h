/*
 * read-data.h: the reader lists in memory, private to read/ (data.c loads
 * them, shape.c looks lines up in them).
 */
#ifndef GONGWEN_READ_DATA_H
#define GONGWEN_READ_DATA_H

#include "read-imp.h"

typedef enum read_field {
    READ_FIELD_NONE, /* read and dropped (索引号, 文号 …) */
    READ_FIELD_TITLE,
    READ_FIELD_AGENCY,
    READ_FIELD_DATE,
    READ_FIELD_KEYWORDS,
    READ_FIELD_SUBJECT
} read_field;

typedef enum read_match {
    READ_MATCH_LINE,     /* the whole line */
    READ_MATCH_PREFIX,
    READ_MATCH_CONTAINS,
    READ_MATCH_SUFFIX,   /* the line ends with it: an attachment's file name */
    READ_MATCH_ANYWHERE  /* footers: dropped even away from a page break */
} read_match;

typedef struct read_entry {
    const char *text; /* folded (core_fold, CORE_FOLD_SPACES) */
    read_match kind;
    read_field field; /* meta */
} read_entry;

enum { READ_LIST_META, READ_LIST_CHROME, READ_LIST_FOOTER, READ_LISTS };

struct read_data {
    core_arena *a;
    CORE_VEC(read_entry) lists[READ_LISTS];
};

#endif
