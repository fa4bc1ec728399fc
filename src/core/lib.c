/*
 * lib.c: shared libraries loaded when first needed, not linked.
 *
 * A process that sets one report from text never parses HTML, opens a ZIP
 * or reads a PDF back, yet libxml2 (with ICU), libzip (with OpenSSL's
 * libcrypto) and libqpdf (with the C++ runtime and GnuTLS) were mapped and
 * relocated at every start: 41 libraries, a sixth of a one-report process.
 * Their users load them through core_lib_load the first time they need
 * them. Each user keeps its functions in a struct of pointers of the
 * library headers' own types (so every call is still type-checked) and
 * guards the load with pthread_once.
 *
 * Called by read (libxml2, libzip), ofd (libxml2, libzip) and the engine
 * (libqpdf).
 */
#include "core.h"

#include <dlfcn.h>
#include <string.h>

bool core_lib_load(core_lib *l)
{
    void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return false;
    for (size_t i = 0; i < l->n; i++) {
        void *p = dlsym(h, l->names[i]);
        if (!p) {
            l->lacks = l->names[i];
            return false;
        }
        /* POSIX: a function's address from dlsym is used as one */
        memcpy(&l->fns[i], &p, sizeof p);
    }
    l->ok = true;
    return true;
}

void core_lib_why(const core_lib *l, const core_diags *d, core_buf *out)
{
    const char *what = core_tr(d, l->what);
    if (l->lacks)
        core_buf_printf(out, core_tr(d, N_("%s needs %s, and the one installed lacks %s: "
                                           "another version than gongwen was built with")),
                        what, l->soname, l->lacks);
    else
        core_buf_printf(out, core_tr(d, N_("%s needs %s, which could not be loaded: install it "
                                           "(on Debian, apt install %s)")),
                        what, l->soname, l->package);
}
