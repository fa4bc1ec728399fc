/*
 * Replays fuzz inputs (files or folders of files) through a harness's
 * LLVMFuzzerTestOneInput without libFuzzer, so the regression corpus in
 * tests/fuzz/corpus runs in every build, under the sanitizers in CI.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "%s: not a regular file\n", path);
        fclose(f);
        return 1;
    }
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf)
        abort();
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, got);
    free(buf);
    return 0;
}

static int cmp(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    int files = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            struct dirent **names;
            int n = scandir(argv[i], &names, NULL, cmp);
            for (int k = 0; k < n; k++) {
                if (names[k]->d_name[0] != '.') {
                    char p[4096];
                    snprintf(p, sizeof p, "%s/%s", argv[i], names[k]->d_name);
                    bad += replay_file(p);
                    files++;
                }
                free(names[k]);
            }
            free(names);
        } else {
            bad += replay_file(argv[i]);
            files++;
        }
    }
    printf("replayed %d inputs\n", files);
    return bad != 0;
}
