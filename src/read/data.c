/*
 * data.c: the lists in layouts/reader/ (README.md there says their form):
 * metadata labels with the field each fills, page chrome, running footers.
 *
 * Every entry is kept folded (core_fold: width, compatibility forms and
 * spaces away) so that a line is compared after one folding of its own.
 * Invariant: a list is only appended to while loading; lookups are linear
 * in its length (tens of entries) and are made only for short lines.
 * Callers: the engine loads the files; shape.c looks up lines.
 */
#include "read-data.h"

#include <stdlib.h>
#include <string.h>

read_data *read_data_new(void)
{
    read_data *rd = calloc(1, sizeof *rd);
    if (!rd)
        abort();
    rd->a = core_arena_new();
    return rd;
}

void read_data_drop(read_data *rd)
{
    if (!rd)
        return;
    core_arena_drop(rd->a);
    free(rd);
}

static const char *folded(read_data *rd, const char *s, size_t n)
{
    core_buf b = {0};
    core_fold(s, n, CORE_FOLD_SPACES, &b);
    const char *r = core_arena_strndup(rd->a, b.data ? b.data : "", b.len);
    core_buf_free(&b);
    return r;
}

static const struct { const char *name; read_field field; } fields[] = {
    {"title", READ_FIELD_TITLE}, {"agency", READ_FIELD_AGENCY}, {"date", READ_FIELD_DATE},
    {"keywords", READ_FIELD_KEYWORDS}, {"subject", READ_FIELD_SUBJECT}, {"-", READ_FIELD_NONE},
};

/* One entry line [s, e) of list `list`; false when it is malformed. */
static bool entry_add(read_data *rd, int list, const char *s, const char *e)
{
    const char *sp = memchr(s, ' ', (size_t)(e - s));
    if (list == READ_LIST_FOOTER) {
        bool anywhere = *s == '!';
        read_entry en = {.text = folded(rd, s + anywhere, (size_t)(e - s - anywhere)),
                         .kind = anywhere ? READ_MATCH_ANYWHERE : READ_MATCH_LINE};
        core_vec_push(rd->a, &rd->lists[list], en);
        return true;
    }
    if (!sp)
        return false;
    const char *w = sp + 1;
    size_t wn = (size_t)(e - w);
    read_entry en = {0};
    if (list == READ_LIST_META) {
        en.text = folded(rd, s, (size_t)(sp - s));
        size_t i = 0, nf = sizeof fields / sizeof *fields;
        while (i < nf && (strlen(fields[i].name) != wn || memcmp(fields[i].name, w, wn)))
            i++;
        if (i == nf)
            return false;
        en.field = fields[i].field;
    } else {
        /* in the order of read_match */
        static const char *kinds[] = {"line", "prefix", "contains", "suffix"};
        size_t kn = (size_t)(sp - s), i = 0, nk = sizeof kinds / sizeof *kinds;
        while (i < nk && (strlen(kinds[i]) != kn || memcmp(kinds[i], s, kn)))
            i++;
        if (i == nk)
            return false;
        en.kind = (read_match)i;
        en.text = folded(rd, w, wn);
    }
    core_vec_push(rd->a, &rd->lists[list], en);
    return true;
}

core_status read_data_add(read_data *rd, const char *name, const char *text, size_t len,
                          core_diags *d)
{
    core_status st = CORE_OK;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    int list = !strcmp(base, "meta.txt")     ? READ_LIST_META
               : !strcmp(base, "chrome.txt") ? READ_LIST_CHROME
               : !strcmp(base, "footer.txt") ? READ_LIST_FOOTER
                                             : -1;
    if (list < 0)
        return CORE_OK; /* README.md and other files are not lists */
    core_source *src = NULL;
    CORE_CHECK(core_source_new(rd->a, name, text, len, d, &src));
    for (size_t i = 0; i < src->nlines; i++) {
        const char *s = src->text + src->line_start[i];
        const char *e = i + 1 < src->nlines ? src->text + src->line_start[i + 1] - 1
                                             : src->text + src->len;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (s == e || *s == '#')
            continue;
        if (!entry_add(rd, list, s, e)) {
            core_diag_at(d, src, (size_t)(s - src->text), CORE_ERROR, "E-data",
                         "not an entry of %s (layouts/reader/README.md says the form)", base);
            st = CORE_EINPUT;
        }
    }
done:
    return st;
}
