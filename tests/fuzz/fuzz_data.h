/*
 * fuzz_data.h: the standard table forms (the .tbl files of layouts/tables) loaded once
 * for the harnesses that parse reports (fuzz_front, fuzz_layout).
 */
#ifndef GONGWEN_FUZZ_DATA_H
#define GONGWEN_FUZZ_DATA_H

#include "form/form.h"
#include "parse/parse.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

static form_set *fuzz_templates(void)
{
    static form_set *set;
    if (set)
        return set;
    set = form_set_new();
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
            form_set_add(set, path, b.data, b.len, &d);
        core_buf_free(&b);
    }
    if (dp)
        closedir(dp);
    core_diags_free(&d);
    return set;
}

#endif
