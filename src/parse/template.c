/* placeholder until the table templates land: no template matches */
#include "template.h"

#include <stdlib.h>

struct parse_templates { int n; };

parse_templates *parse_templates_new(void) { return calloc(1, sizeof(parse_templates)); }

core_status parse_templates_add(parse_templates *set, const char *name, const char *text,
                                size_t len, core_diags *d)
{
    return CORE_OK;
}

void parse_templates_drop(parse_templates *set) { free(set); }

bool parse_template_apply(const parse_templates *set, doc_document *doc, doc_table **t,
                          core_diags *d)
{
    return false;
}
