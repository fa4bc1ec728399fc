/*
 * decode.c: the bytes of a file → its UTF-8 source.
 *
 * Reports come as UTF-8 (with or without a BOM), as UTF-16 with a BOM (Windows
 * "Unicode" text), and as GB18030/GBK (what WPS and older Windows editors
 * save, and what many portals still serve). UTF-8 is taken when the bytes
 * are valid UTF-8, which GBK text almost never is; otherwise the declared
 * charset or GB18030 is tried through iconv, and what was read is said once
 * (N-encoding). Bytes that are none of these are one error at the first bad
 * byte, not one a byte.
 *
 * Lines and columns survive the conversion (it maps characters to
 * characters), so the places messages name are those the user's editor
 * shows; byte offsets in messages are then offsets into the UTF-8 text.
 *
 * Caller: the readers (text.c, html.c), once per file.
 */
#include "read-imp.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The offset of the first byte that is not valid UTF-8, or len. */
static size_t utf8_valid_upto(const char *s, size_t len)
{
    uint32_t cp;
    for (size_t i = 0, k; i < len; i += k)
        if ((k = core_utf8_decode(s + i, len - i, &cp)) == 0)
            return i;
    return len;
}

/* Text that is mostly valid UTF-8 — more well-formed multi-byte sequences
 * than bad bytes — is UTF-8 with errors (a truncated or damaged file), to be
 * reported byte by byte; GBK text almost never forms UTF-8 sequences. */
static bool mostly_utf8(const char *s, size_t len)
{
    size_t good = 0, bad = 0;
    uint32_t cp;
    for (size_t i = 0, k; i < len; i += k) {
        if ((k = core_utf8_decode(s + i, len - i, &cp)) == 0)
            k = 1, bad++;
        else if (k > 1)
            good++;
    }
    return good >= bad && good > 0;
}

/* Convert all of in[0, n) from `charset` into out; false (out emptied) when
 * iconv knows no such charset or the bytes are not in it. */
static bool convert(const char *charset, const char *in, size_t n, core_buf *out)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return false;
    bool ok = true;
    char *ip = (char *)in;
    size_t il = n;
    while (il > 0) {
        char chunk[4096], *op = chunk;
        size_t ol = sizeof chunk;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        core_buf_append(out, chunk, sizeof chunk - ol);
        if (r == (size_t)-1 && errno != E2BIG) {
            ok = false;
            break;
        }
    }
    iconv_close(cd);
    if (!ok) {
        core_buf_free(out);
        *out = (core_buf){0};
    }
    return ok;
}

/* Is `cs` a name of UTF-8 (then no conversion is needed)? */
static bool is_utf8_name(const char *cs)
{
    return !strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8");
}

core_status read_decode(core_arena *a, const char *name, const char *bytes, size_t len,
                        const char *declared, core_diags *d, core_source **out)
{
    unsigned keep = CORE_SOURCE_KEEP_INVISIBLE | CORE_SOURCE_KEEP_FORMFEED;
    const char *from = NULL;
    size_t skip = 0;
    if (len >= 2 && (unsigned char)bytes[0] == 0xFF && (unsigned char)bytes[1] == 0xFE)
        from = "UTF-16LE", skip = 2;
    else if (len >= 2 && (unsigned char)bytes[0] == 0xFE && (unsigned char)bytes[1] == 0xFF)
        from = "UTF-16BE", skip = 2;
    size_t bad = from ? 0 : utf8_valid_upto(bytes, len);
    if (!from && (bad == len || mostly_utf8(bytes, len)))
        return core_source_new_with(a, name, bytes, len, keep, d, out);
    core_buf u = {0};
    if (!from && declared && !is_utf8_name(declared) && convert(declared, bytes, len, &u))
        from = declared;
    else if (!from && convert("GB18030", bytes, len, &u))
        from = "GB18030";
    else if (from && !convert(from, bytes + skip, len - skip, &u))
        from = NULL, bad = skip;
    if (!from) {
        uint32_t line = 1, col = 1;
        for (size_t i = 0; i < bad; i++) {
            if (bytes[i] == '\n')
                line++, col = 1;
            else if (((unsigned char)bytes[i] & 0xC0) != 0x80)
                col++;
        }
        size_t before = d->n;
        core_diag_file(d, name, CORE_ERROR, "E-utf8",
                       "byte 0x%02X at offset %zu is not valid UTF-8, and the file is not "
                       "GB18030/GBK or UTF-16 either (save it as UTF-8)",
                       (unsigned char)bytes[bad], bad);
        if (d->n > before) { /* one error, at its place */
            d->v[before].line = line, d->v[before].col = col;
            d->v[before].offset = bad;
        }
        return CORE_EINPUT;
    }
    core_status st = core_source_new_with(a, name, u.data ? u.data : "", u.len, keep, d, out);
    if (st == CORE_OK)
        core_diag_file(d, name, CORE_NOTE, "N-encoding", "read as %s and converted to UTF-8",
                       from);
    core_buf_free(&u);
    return st;
}
