/*
 * doc-number.c: the value of one number cell of a standard table, read
 * once when the form rebuilds the table (parse/template-build.c), or by
 * whoever else makes a standard table (tests), so that check/, the data
 * export and the prose checks judge stored values and never re-read text.
 *
 * Empty (spaces only) is DOC_NUM_EMPTY; full-width digits, point and minus
 * are read as ASCII (wide); a number may be followed by a bracketed note or,
 * in an amount, by 元/万元 (rest). Anything else is DOC_NUM_BAD with the
 * reason check/ prints; a number with more than DOC_FIXED_INT_DIGITS integer
 * digits or non-zero decimals past the sixth is DOC_NUM_LONG. The digit count
 * is checked before any multiplication, so no length of cell overflows.
 * Nothing is reported here: whether a bad value is an error depends on
 * --no-check, which is check/'s to know.
 */
#include "doc.h"

#include <math.h>
#include <stdio.h> /* isfinite only */
#include <stdlib.h>
#include <string.h>

/* Copy s with full-width digits, point and minus folded to ASCII; sets *wide
 * when any was folded. Spaces at both ends are dropped. */
static size_t fold(const char *s, size_t len, char *out, size_t cap, bool *wide)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < cap;) {
        uint32_t c;
        size_t k = core_utf8_decode(s + i, len - i, &c);
        if (!k)
            k = 1, c = '?';
        i += k;
        uint32_t f = core_fold_char(c); /* the one folding of width */
        if (f != c && ((f >= '0' && f <= '9') || f == '.' || f == '-'))
            c = f, *wide = true;
        else if (c == 0x2212)
            c = '-';
        if ((c == ' ' || c == '\t' || c == 0x3000) && (o == 0 || i >= len))
            continue;
        o += core_utf8_encode(c, out + o);
    }
    while (o && (out[o - 1] == ' ' || out[o - 1] == '\t'))
        o--;
    out[o] = 0;
    return o;
}

static bool bracket_note(const char *s)
{
    size_t n = strlen(s);
    return (s[0] == '(' && s[n - 1] == ')') ||
           (n >= 6 && memcmp(s, "（", 3) == 0 && memcmp(s + n - 3, "）", 3) == 0);
}

/* The number at s[0..n) (an optional '-', digits, an optional '.' and
 * digits) in millionths; false when it has too many digits to be exact.
 * The digits are counted first: a 40-digit cell must not overflow q. */
bool doc_fixed_parse(const char *s, size_t n, doc_fixed *out)
{
    bool neg = n && s[0] == '-';
    size_t i = neg, ints = 0;
    while (i + ints < n && s[i + ints] != '.')
        ints++;
    if (ints > DOC_FIXED_INT_DIGITS)
        return false;
    doc_fixed q = 0;
    for (; i < n && s[i] != '.'; i++)
        q = q * 10 + (s[i] - '0');
    size_t decs = 0;
    if (i < n) {
        for (i++; i < n; i++, decs++) {
            if (decs < 6)
                q = q * 10 + (s[i] - '0');
            else if (s[i] != '0')
                return false;
        }
    }
    for (; decs < 6; decs++)
        q *= 10;
    *out = neg ? -q : q;
    return true;
}

doc_number doc_number_read(core_arena *a, const doc_run *text, doc_value_kind kind,
                           doc_unit form_unit)
{
    doc_number r = {.unit = kind == DOC_VALUE_AMOUNT ? form_unit : DOC_UNIT_NONE};
    char buf[256];
    size_t n = fold(text->text ? text->text : "", text->len, buf, sizeof buf, &r.wide);
    if (!n) {
        r.state = DOC_NUM_EMPTY;
        return r;
    }
    char *end = NULL;
    double v = strtod(buf, &end);
    bool digits = end != buf && buf[0] != '+' &&
                  strspn(buf, "-0123456789.") == (size_t)(end - buf) && isfinite(v);
    if (!digits)
        r.reason = kind == DOC_VALUE_AMOUNT ? N_("is not an amount")
                                            : N_("is not a number (write 0 for none)");
    else if (kind != DOC_VALUE_AMOUNT && memchr(buf, '.', (size_t)(end - buf)))
        r.reason = N_("must be a whole number");
    else if (kind != DOC_VALUE_DELTA && v < 0)
        r.reason = N_("cannot be negative");
    else if (*end && !bracket_note(end) &&
             !(kind == DOC_VALUE_AMOUNT && (!strcmp(end, "元") || !strcmp(end, "万元"))))
        r.reason = N_("has more than a number in it");
    if (r.reason) {
        r.state = DOC_NUM_BAD;
        return r;
    }
    if (!doc_fixed_parse(buf, (size_t)(end - buf), &r.q)) {
        r.state = DOC_NUM_LONG;
        return r;
    }
    r.state = DOC_NUM_OK;
    r.digits = core_arena_printf(a, "%.*s", (int)(end - buf), buf);
    r.rest = core_arena_strdup(a, end);
    if (!strcmp(end, "元"))
        r.unit = DOC_UNIT_YUAN;
    else if (!strcmp(end, "万元"))
        r.unit = DOC_UNIT_WANYUAN;
    return r;
}

void doc_fixed_format(doc_fixed q, char *buf, size_t n)
{
    char digits[64];
    size_t k = 0;
    bool neg = q < 0;
    unsigned __int128 u = neg ? (unsigned __int128)(-q) : (unsigned __int128)q;
    unsigned __int128 ip = u / DOC_FIXED_ONE;
    long long fp = (long long)(u % DOC_FIXED_ONE);
    do
        digits[k++] = (char)('0' + (int)(ip % 10));
    while ((ip /= 10) && k < sizeof digits - 1);
    size_t o = 0;
    if (neg && o + 1 < n)
        buf[o++] = '-';
    while (k && o + 1 < n)
        buf[o++] = digits[--k];
    buf[o] = 0;
    if (fp) {
        char frac[16];
        snprintf(frac, sizeof frac, ".%06lld", fp);
        for (size_t e = strlen(frac); frac[e - 1] == '0';)
            frac[--e] = 0;
        snprintf(buf + o, n - o, "%s", frac);
    }
}
