/*
 * libFuzzer harness over the front of the pipeline: decode, parse (with the
 * standard table templates) and check. Anything may come in; the stages must
 * answer with a document or located diagnostics, never crash or hang.
 * Built with -DGONGWEN_FUZZ=ON (clang); see tests/fuzz/README.md.
 */
#include "check/check.h"
#include "parse/parse.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static parse_templates *templates(void)
{
    static parse_templates *set;
    if (set)
        return set;
    set = parse_templates_new();
    const char *dir = GONGWEN_SOURCE_DIR "/layouts/tables";
    DIR *dp = opendir(dir);
    struct dirent *de;
    core_diags d = {0};
    while (dp && (de = readdir(dp))) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".tbl"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        core_buf b = {0};
        const char *why;
        if (core_file_read(path, &b, &why) == CORE_OK)
            parse_templates_add(set, path, b.data, b.len, &d);
        core_buf_free(&b);
    }
    if (dp)
        closedir(dp);
    core_diags_free(&d);
    return set;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    core_diags d = {0};
    doc_document *doc = NULL;
    if (parse_document("fuzz.txt", (const char *)data, size, templates(), &d, &doc) == CORE_OK) {
        check_options co = {.lenient = size & 1};
        check_document(doc, &co, &d);
    }
    for (size_t i = 0; i < d.n; i++) /* every diagnostic must be printable */
        if (!d.v[i].message || (d.v[i].file && d.v[i].line == 0 && d.v[i].offset > size))
            abort();
    doc_document_drop(doc);
    core_diags_free(&d);
    return 0;
}
