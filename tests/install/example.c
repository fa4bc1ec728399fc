/*
 * example.c: a program as a user of libgongwen writes it, compiled against
 * the installed header and pkg-config file by tests/install/test_install.sh.
 * It builds REPORT into OUT.pdf and prints the diagnostics; exit 0 only when
 * the PDF was written.
 */
#include <gongwen.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: example REPORT OUT.pdf\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return 4;
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    gongwen_diags *d = gongwen_diags_new();
    gongwen_engine *e = NULL;
    gongwen_bytes pdf = {0};
    gongwen_status st = gongwen_engine_new(NULL, d, &e);
    if (st == GONGWEN_OK)
        st = gongwen_build(e, argv[1], text, len, &pdf, d);
    for (size_t i = 0; i < gongwen_diags_count(d); i++) {
        char line[1024];
        gongwen_diag_format(gongwen_diags_at(d, i), line, sizeof line);
        fputs(line, stderr);
    }
    int rc = st == GONGWEN_OK ? 0 : 1;
    if (st == GONGWEN_OK) {
        FILE *o = fopen(argv[2], "wb");
        rc = o && fwrite(pdf.data, 1, pdf.len, o) == pdf.len && fclose(o) == 0 ? 0 : 4;
        printf("gongwen %s: %zu pages, %zu bytes\n", gongwen_version(), gongwen_pages(e), pdf.len);
    } else {
        fprintf(stderr, "refused: %s\n", gongwen_status_name(st));
    }
    gongwen_bytes_free(&pdf);
    gongwen_engine_drop(e);
    gongwen_diags_drop(d);
    return rc;
}
