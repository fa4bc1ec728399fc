/*
 * html.c: the saved portal page → lines of canonical text, for the shaper.
 *
 * libxml2's HTML parser builds the tree (it recovers from any markup and
 * decodes the entities); this file decides what of the page is the report:
 *
 *  - chrome (script, style, nav, header, footer, forms, hidden blocks, and
 *    blocks whose class or id names a menu, a breadcrumb or a share bar) is
 *    dropped and counted;
 *  - the article is a known CMS container holding much of the text, or else
 *    the block reached by descending from <body> while one child holds most
 *    of the text; ahead of it only the portal's metadata box (a table of
 *    索引号/发布机构 … labels, or LABEL：value lines) and the title element
 *    are kept; the rest is dropped, said in one note N-html with counts;
 *  - every block (<p>, <div>, <h1>…, <li>, <br>-separated pieces) becomes one
 *    line, the text of inline elements (Word's <span>, <font>, <o:p>)
 *    concatenated; whitespace collapsed, and a line break of the source
 *    between two Han characters dropped as browsers do; spaces (NBSP,
 *    U+3000 indents) trimmed at both ends;
 *  - a data table becomes its rows, one line each, cells separated by tabs,
 *    rowspan/colspan written as the span marks '<' and '^' (docs/FORMAT.md),
 *    a blank line before and after; a table used for page layout (one
 *    column, or a cell holding a table) is read as blocks.
 *
 * Invariant: every byte emitted names the byte of the decoded page it came
 * from. Text nodes are aligned with the source text (entities skipped as
 * one character), with a cursor that only moves forward, since the tree is
 * walked in document order; text that cannot be aligned names its
 * element's line.
 *
 * Caller: read_source, through the reader table.
 */
#include "read-data.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>

/* libxml2 and libzip are loaded when first needed (src/core/lib.c); XL.xmlFree
 * is libxml2's variable xmlFree, so it is called as (*XL.xmlFree)(p) */
#define XL_FUNCTIONS(X) \
    X(htmlReadMemory) X(xmlDocGetRootElement) X(xmlFreeDoc) X(xmlGetLineNo) \
    X(xmlGetProp) X(xmlHasProp) X(xmlFree)
CORE_LIB(xl, XL_FUNCTIONS, GONGWEN_XML2_SONAME, GONGWEN_XML2_PACKAGE, N_("reading HTML"))
#define XL (xl_u.f)

/* ---- recognising a page ------------------------------------------------- */

/* Does the lower-cased `tag` occur in s[0, n)? */
static bool has_tag(const char *s, size_t n, const char *tag)
{
    size_t k = strlen(tag);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == '<' && !strncasecmp(s + i, tag, k))
            return true;
    return false;
}

static int html_recognise(const char *name, const char *bytes, size_t len)
{
    size_t i = 0, n = len < 4096 ? len : 4096;
    if (n >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
        i++;
    const char *s = bytes + i;
    size_t m = n - i;
    if (m >= 14 && !strncasecmp(s, "<!doctype html", 14))
        return 95;
    if (m >= 5 && (!strncasecmp(s, "<html", 5) || !strncasecmp(s, "<head", 5) ||
                   !strncasecmp(s, "<meta", 5) || !strncasecmp(s, "<body", 5)))
        return 90;
    static const char *const tags[] = {"<table", "<p>", "<p ", "<div", "<span", "<br"};
    int score = 0;
    if (m && s[0] == '<')
        score = 20; /* a file that starts with markup */
    for (size_t t = 0; t < sizeof tags / sizeof *tags; t++)
        if (has_tag(s, m, tags[t]))
            score += 20;
    return score > 80 ? 80 : score;
}

/* The charset the page declares (<meta charset>, http-equiv), from a byte
 * scan of its head, into cs (empty when none). GB2312 and GBK are read as
 * GB18030, which contains both and is what such pages really hold. */
static void declared_charset(const char *b, size_t len, char cs[32])
{
    cs[0] = 0;
    size_t n = len < 16384 ? len : 16384;
    for (size_t i = 0; i + 8 <= n; i++) {
        if (strncasecmp(b + i, "charset=", 8))
            continue;
        size_t j = i + 8, k = 0;
        while (j < n && (b[j] == '"' || b[j] == '\'' || b[j] == ' '))
            j++;
        while (j < n && k < 31 &&
               ((b[j] >= 'a' && b[j] <= 'z') || (b[j] >= 'A' && b[j] <= 'Z') ||
                (b[j] >= '0' && b[j] <= '9') || b[j] == '-' || b[j] == '_'))
            cs[k++] = b[j++];
        cs[k] = 0;
        if (!strcasecmp(cs, "gb2312") || !strcasecmp(cs, "gbk") || !strcasecmp(cs, "x-gbk"))
            strcpy(cs, "GB18030");
        if (k)
            return;
    }
}

/* ---- the walk's state ----------------------------------------------------- */

/* A line (or a cell) being gathered: bytes and the source offset of each. */
typedef struct piece {
    core_buf s;
    uint32_t *at;
    size_t cap;
    bool space;       /* whitespace seen since the last character */
    bool space_nl;    /* … and it held a line break */
    int wide;         /* … and this many visible spaces (NBSP 1, U+3000 2) */
    bool broke;       /* … and a block ended or began in it */
    uint32_t space_at;
} piece;

typedef struct walker {
    const core_source *src;
    const read_data *data;
    core_text out;
    piece line;
    size_t cursor;       /* source offset: text before it is aligned */
    bool blank;          /* the last line emitted is blank (or none yet) */
    xmlNode *article;
    xmlNode *title;      /* the title's element, when outside the article */
    bool after;          /* the article has been walked */
    size_t dropped[8];   /* chrome by kind, see chrome_kinds */
    size_t chars_out;    /* characters emitted */
    bool field_gaps;     /* gathering a metadata line: see put_text */
} walker;

static const char *const chrome_kinds[8] = {N_("script"), N_("style"), N_("navigation"),
                                            N_("header/footer"), N_("form"), N_("hidden"),
                                            N_("frame"), N_("other")};

static void piece_byte(piece *p, char c, uint32_t at)
{
    if (p->s.len + 1 > p->cap) {
        p->cap = p->cap ? 2 * p->cap : 256;
        p->at = realloc(p->at, p->cap * sizeof *p->at);
        if (!p->at)
            abort();
    }
    core_buf_append(&p->s, &c, 1);
    p->at[p->s.len - 1] = at;
}

static void piece_clear(piece *p)
{
    p->s.len = 0;
    p->space = p->space_nl = p->broke = false, p->wide = 0;
}

static void piece_free(piece *p)
{
    core_buf_free(&p->s);
    free(p->at);
}

/* The code point ending at p->s[len) (0 for none). */
static uint32_t last_char(const piece *p)
{
    size_t i = p->s.len;
    while (i > 0 && ((unsigned char)p->s.data[i - 1] & 0xC0) == 0x80)
        i--;
    uint32_t cp = 0;
    if (i > 0 && !core_utf8_decode(p->s.data + i - 1, p->s.len - i + 1, &cp))
        cp = 0;
    return i > 0 ? cp : 0;
}

/* Spaces of every kind a page indents or pads with. */
static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
           cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F;
}

static bool is_wide(uint32_t cp)
{
    return cp >= 0x2E80;
}

/* Append one character (k bytes at c) standing for source byte `at`: a
 * pending space first, unless it is a source line break between two wide
 * characters (Word wraps its HTML anywhere) or the piece is still empty. */
static void piece_char(piece *p, const char *c, size_t k, uint32_t at)
{
    uint32_t cp = 0;
    core_utf8_decode(c, k, &cp);
    if (p->space && p->s.len) {
        uint32_t prev = last_char(p);
        if (p->wide >= 2) {
            piece_byte(p, ' ', p->space_at);
            piece_byte(p, ' ', p->space_at);
        } else if (!(p->space_nl && is_wide(prev) && is_wide(cp))) {
            piece_byte(p, ' ', p->space_at);
        }
    }
    p->space = p->space_nl = p->broke = false, p->wide = 0;
    for (size_t i = 0; i < k; i++)
        piece_byte(p, c[i], at);
}

static void piece_space(piece *p, bool nl, uint32_t at)
{
    if (!p->space)
        p->space_at = at, p->wide = 0;
    p->space = true;
    p->space_nl |= nl;
}

/* A space the page makes visible (NBSP, U+3000): two of them, or one
 * U+3000, are a gap between fields (发布时间：…　来源：…), kept as two
 * spaces for the shaper to split at. */
static void piece_hard_space(piece *p, uint32_t cp, uint32_t at)
{
    piece_space(p, false, at);
    if (!p->broke)
        p->wide += cp == 0x3000 ? 2 : 1;
}

/* A block's end or start inside a piece (paragraphs of a cell): a line
 * break, where the spaces padding a line's end or indenting the next one
 * show nothing (a TRS editor pads cell paragraphs with runs of NBSP). */
static void piece_break(piece *p, uint32_t at)
{
    piece_space(p, true, at);
    p->wide = 0, p->broke = true;
}

/* ---- aligning text with the source ------------------------------------------ */

/* Match content c[0, n) against the source from q; map[k] gets the source
 * offset of content byte k. Returns how many content bytes matched. */
static size_t align(const core_source *src, size_t q, const char *c, size_t n, uint32_t *map)
{
    const char *s = src->text;
    size_t k = 0;
    while (k < n && q < src->len) {
        if (s[q] == '&' && c[k] != '&') {
            size_t e = q + 1;
            while (e < src->len && e < q + 34 && s[e] != ';' && s[e] != '<' && s[e] != '&')
                e++;
            if (e >= src->len || s[e] != ';')
                break;
            uint32_t cp;
            size_t len = core_utf8_decode(c + k, n - k, &cp);
            if (!len)
                len = 1;
            for (size_t i = 0; i < len; i++)
                map[k + i] = (uint32_t)q;
            k += len, q = e + 1;
        } else if (s[q] == c[k] || (c[k] == '&' && s[q] == '&')) {
            map[k++] = (uint32_t)q++;
            if (c[k - 1] == '&' && q < src->len && !strncmp(s + q, "amp;", 4))
                q += 4;
        } else {
            break;
        }
    }
    return k;
}

/* Where content c[0, n) of a node on `line` stands in the source: the first
 * place from the cursor where it aligns (its first 16 bytes at least), or
 * else its line's start for every byte. */
static void locate(walker *w, const char *c, size_t n, long line, uint32_t *map)
{
    const core_source *src = w->src;
    size_t need = n < 16 ? n : 16, limit = w->cursor + 8192;
    for (size_t q = w->cursor; q < src->len && q < limit; q++) {
        if (src->text[q] != c[0] && src->text[q] != '&')
            continue;
        size_t k = align(src, q, c, n, map);
        if (k >= need) {
            for (size_t i = k; i < n; i++)
                map[i] = map[k - 1];
            w->cursor = map[k - 1] + 1;
            return;
        }
    }
    size_t at = 0;
    if (line > 0 && (size_t)line <= src->nlines)
        at = src->line_start[line - 1];
    for (size_t i = 0; i < n; i++)
        map[i] = (uint32_t)at;
}

/* A text node's characters into piece p. */
static void put_text(walker *w, piece *p, xmlNode *node)
{
    const char *c = (const char *)node->content;
    size_t n = c ? strlen(c) : 0, i = 0;
    while (i < n && (c[i] == ' ' || c[i] == '\t' || c[i] == '\n' || c[i] == '\r'))
        i++;
    if (i == n) { /* whitespace only: a space, where it stands */
        if (n && w->field_gaps && node->prev && node->next)
            piece_hard_space(p, 0x3000, (uint32_t)w->cursor);
        else if (n)
            piece_space(p, memchr(c, '\n', n) != NULL, (uint32_t)w->cursor);
        return;
    }
    uint32_t *map = malloc(n * sizeof *map);
    if (!map)
        abort();
    locate(w, c + i, n - i, XL.xmlGetLineNo(node), map + i);
    for (size_t j = 0; j < i; j++)
        map[j] = map[i];
    for (i = 0; i < n;) {
        uint32_t cp;
        size_t k = core_utf8_decode(c + i, n - i, &cp);
        if (!k)
            k = 1, cp = 0xFFFD;
        if (cp == 0xA0 || cp == 0x3000)
            piece_hard_space(p, cp, map[i]);
        else if (is_space(cp))
            piece_space(p, cp == '\n', map[i]);
        else
            piece_char(p, c + i, k, map[i]);
        i += k;
    }
    free(map);
}

/* ---- what a node is ------------------------------------------------------------ */

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

static bool is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "ul", "ol", "dl",
        "blockquote", "section", "article", "main", "aside", "pre", "address", "center",
        "body", "tr", "td", "th", "caption", "figure", "figcaption", "hr", "table"};
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
        if (named(n, blocks[i]))
            return true;
    return false;
}

/* Does attribute `attr` of n contain one of the words? */
static bool attr_has(const xmlNode *n, const char *attr, const char *const *words)
{
    xmlChar *v = XL.xmlGetProp(n, (const xmlChar *)attr);
    bool hit = false;
    if (v) {
        for (char *s = (char *)v; *s; s++)
            if (*s >= 'A' && *s <= 'Z')
                *s += 'a' - 'A';
        for (size_t i = 0; words[i] && !hit; i++)
            hit = strstr((const char *)v, words[i]) != NULL;
        (*XL.xmlFree)(v);
    }
    return hit;
}

/* The kind of chrome n is (an index of chrome_kinds), or -1 for content. */
static int chrome_kind(const xmlNode *n)
{
    static const char *const script[] = {"script", "noscript", "template", NULL};
    static const char *const style[] = {"style", "link", "meta", "title", "head", NULL};
    static const char *const nav[] = {"nav", "menu", "select", NULL};
    static const char *const hf[] = {"header", "footer", NULL};
    static const char *const form[] = {"form", "button", "input", "textarea", "label", NULL};
    static const char *const frame[] = {"iframe", "frame", "object", "embed", "svg",
                                        "canvas", "map", "video", "audio", NULL};
    static const char *const *const kinds[] = {script, style, nav, hf, form, NULL, frame};
    if (n->type != XML_ELEMENT_NODE)
        return -1;
    for (int k = 0; k < 7; k++)
        for (size_t i = 0; kinds[k] && kinds[k][i]; i++)
            if (!strcasecmp((const char *)n->name, kinds[k][i]))
                return k;
    static const char *const hidden[] = {"display:none", "display: none", "visibility:hidden",
                                         "visibility: hidden", NULL};
    if (attr_has(n, "style", hidden) || XL.xmlHasProp(n, (const xmlChar *)"hidden"))
        return 5;
    static const char *const navwords[] = {"nav", "menu", "breadcrumb", "crumb", "share",
                                           "sidebar", "toolbar", "position", "location",
                                           NULL};
    static const char *const footwords[] = {"footer", NULL};
    if (attr_has(n, "class", navwords) || attr_has(n, "id", navwords))
        return 2;
    if (attr_has(n, "class", footwords) || attr_has(n, "id", footwords))
        return 3;
    return -1;
}

/* A table used to place the page, not data: every row one cell, or a cell
 * holding a table of its own. */
static bool is_layout_table(const xmlNode *t);

static bool holds_table(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (named(c, "table") || (c->type == XML_ELEMENT_NODE && holds_table(c)))
            return true;
    return false;
}

/* Calls f on each row of table t (through thead/tbody/tfoot, not nested). */
#define FOR_ROWS(t, row)                                                                   \
    for (const xmlNode *g_ = (t)->children, *row; g_; g_ = g_->next)                       \
        for (const xmlNode *r_ = named(g_, "tr") ? g_ : g_->children; r_;                  \
             r_ = named(g_, "tr") ? NULL : r_->next)                                       \
            if ((row = r_) && named(row, "tr"))

static bool is_cell(const xmlNode *n)
{
    return named(n, "td") || named(n, "th");
}

static bool is_layout_table(const xmlNode *t)
{
    bool wide = false;
    FOR_ROWS(t, row) {
        int cells = 0;
        for (const xmlNode *c = row->children; c; c = c->next)
            if (is_cell(c)) {
                cells++;
                if (holds_table(c))
                    return true;
            }
        wide |= cells > 1;
    }
    return !wide;
}

/* ---- text weights, and the article ------------------------------------------------ */

/* Characters of text under n outside links and chrome, kept in n->_private
 * so that the article search reads each node's once. */
static size_t weigh(xmlNode *n, bool in_link)
{
    size_t w = 0;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const unsigned char *c = n->content;
        for (size_t i = 0; c && c[i]; i++)
            w += !in_link && (c[i] & 0xC0) != 0x80 && c[i] > ' ';
        return w;
    }
    if (n->type != XML_ELEMENT_NODE || chrome_kind(n) >= 0) {
        n->_private = NULL;
        return 0;
    }
    in_link |= named(n, "a");
    for (xmlNode *c = n->children; c; c = c->next)
        w += weigh(c, in_link);
    n->_private = (void *)(uintptr_t)w;
    return w;
}

static size_t weight(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE ? (size_t)(uintptr_t)n->_private : 0;
}

/* The heaviest element under n whose id or class names a CMS's content
 * container (TRS, Word-pasted portals, common templates). */
static xmlNode *known_container(xmlNode *n, xmlNode *best)
{
    static const char *const ids[] = {"zoom", "trs_editor", "trs_ueditor", "custom_unionstyle",
                                      "article", "content", "detail", "zwnr", "xxgk_content",
                                      "news_con", "view", "main-txt", "main_txt", NULL};
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !weight(c))
            continue;
        if ((attr_has(c, "id", ids) || attr_has(c, "class", ids)) &&
            (!best || weight(c) > weight(best)))
            best = c;
        best = known_container(c, best);
    }
    return best;
}

/* From n, step into the child holding most of the text while one does. */
static xmlNode *descend(xmlNode *n)
{
    for (;;) {
        xmlNode *top = NULL;
        for (xmlNode *c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && (!top || weight(c) > weight(top)))
                top = c;
        if (!top || weight(top) * 10 < weight(n) * 7)
            return n;
        bool container = named(top, "div") || named(top, "section") || named(top, "article") ||
                         named(top, "main") || named(top, "center") || named(top, "font") ||
                         named(top, "span") || named(top, "tbody") || named(top, "tr") ||
                         named(top, "td") || named(top, "th") ||
                         (named(top, "table") && is_layout_table(top));
        if (!container)
            return n;
        n = top;
    }
}

static xmlNode *find_body(xmlNode *root)
{
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (named(c, "body"))
            return c;
    return root;
}

static xmlNode *find_article(xmlNode *body)
{
    xmlNode *k = known_container(body, NULL);
    if (k && weight(k) * 10 >= weight(body) * 3)
        return descend(k);
    return descend(body);
}

/* ---- the title outside the article ------------------------------------------------- */

/* Text of n with every space dropped, into b (for comparisons only). */
static void flat_text(const xmlNode *n, core_buf *b)
{
    if (n->type == XML_TEXT_NODE && n->content) {
        core_fold((const char *)n->content, strlen((const char *)n->content), CORE_FOLD_SPACES, b);
        return;
    }
    if (n->type != XML_ELEMENT_NODE || chrome_kind(n) >= 0)
        return;
    for (const xmlNode *c = n->children; c; c = c->next)
        flat_text(c, b);
}

static bool is_inside(const xmlNode *n, const xmlNode *anc)
{
    for (; n; n = n->parent)
        if (n == anc)
            return true;
    return false;
}

/* Does n look like a heading element of the page (<h1>…<h3>, or a class
 * or id naming a title)? */
static bool heading_like(const xmlNode *n)
{
    static const char *const words[] = {"title", "bt", NULL};
    return named(n, "h1") || named(n, "h2") || named(n, "h3") || attr_has(n, "class", words) ||
           attr_has(n, "id", words);
}

/* Does the short text of n name the report (…报告, …年报), and not as a
 * breadcrumb trail does (首页 > … > 年报)? */
static bool names_report(const xmlNode *n)
{
    if (weight(n) == 0 || weight(n) > 120 || holds_table(n))
        return false;
    core_buf b = {0};
    flat_text(n, &b);
    bool hit = b.len >= 6 && b.data &&
               (!memcmp(b.data + b.len - 6, "报告", 6) || !memcmp(b.data + b.len - 6, "年报", 6)) &&
               !memchr(b.data, '>', b.len) && !memchr(b.data, '/', b.len) &&
               !strstr(b.data, "\xE2\x80\xBA") && !strstr(b.data, "\xC2\xBB");
    core_buf_free(&b);
    return hit;
}

/* The element outside the article, ahead of it, that is the page's own
 * heading of the report: a heading-like element first (strong), else any
 * short element naming the report. */
static xmlNode *find_title(xmlNode *n, const xmlNode *article, bool strong, bool *passed)
{
    for (xmlNode *c = n->children; c && !*passed; c = c->next) {
        if (c == article) {
            *passed = true;
            return NULL;
        }
        if (c->type != XML_ELEMENT_NODE || chrome_kind(c) >= 0)
            continue;
        if (!is_inside(article, c) && names_report(c) && (!strong || heading_like(c)))
            return c;
        xmlNode *t = find_title(c, article, strong, passed);
        if (t)
            return t;
    }
    return NULL;
}

/* ---- metadata labels ------------------------------------------------------------ */

/* Is s[0, n) (spaces and a trailing colon aside) a metadata label of the
 * reader's lists? With prefix, is it a label followed by a colon? */
static bool is_label(const read_data *data, const char *s, size_t n, bool prefix)
{
    if (!data)
        return false;
    core_buf b = {0};
    core_fold(s, n, CORE_FOLD_SPACES, &b);
    bool hit = false;
    for (size_t i = 0; i < data->lists[READ_LIST_META].n && !hit; i++) {
        const char *l = data->lists[READ_LIST_META].v[i].text;
        size_t k = strlen(l);
        if (b.len < k || memcmp(b.data, l, k))
            continue;
        const char *rest = b.data + k;
        size_t rn = b.len - k;
        bool colon = rn && (*rest == ':');
        hit = prefix ? colon : (rn == 0 || (colon && rn == 1));
    }
    core_buf_free(&b);
    return hit;
}

/* ---- emitting lines --------------------------------------------------------------- */

static void emit_blank(walker *w)
{
    if (!w->blank) {
        uint32_t at = w->out.s.len ? w->out.map[w->out.s.len - 1] : 0;
        core_text_put(&w->out, "\n", 1, at);
    }
    w->blank = true;
}

/* Copy p's bytes (escape_line: a leading '@' or '\' escaped) to the output,
 * trimmed of spaces at both ends. */
static void put_piece(walker *w, const piece *p, bool escape_line)
{
    size_t s = 0, e = p->s.len;
    uint32_t cp;
    size_t k;
    while (s < e && (k = core_utf8_decode(p->s.data + s, e - s, &cp)) && is_space(cp))
        s += k;
    while (e > s) {
        size_t b = e - 1;
        while (b > s && ((unsigned char)p->s.data[b] & 0xC0) == 0x80)
            b--;
        if (!core_utf8_decode(p->s.data + b, e - b, &cp) || !is_space(cp))
            break;
        e = b;
    }
    if (s < e && escape_line && (p->s.data[s] == '@' || p->s.data[s] == '\\'))
        core_text_put(&w->out, "\\", 1, p->at[s]);
    for (size_t i = s; i < e; i++) {
        core_text_put(&w->out, p->s.data + i, 1, p->at[i]);
        w->chars_out += ((unsigned char)p->s.data[i] & 0xC0) != 0x80;
    }
}

static bool piece_empty(const piece *p)
{
    uint32_t cp;
    for (size_t i = 0, k; i < p->s.len; i += k)
        if (!(k = core_utf8_decode(p->s.data + i, p->s.len - i, &cp)) || !is_space(cp))
            return false;
    return true;
}

/* End the line being gathered: one line of output, unless it is empty. */
static void flush(walker *w)
{
    if (!piece_empty(&w->line)) {
        put_piece(w, &w->line, true);
        core_text_put(&w->out, "\n", 1, w->line.at[w->line.s.len - 1]);
        w->blank = false;
    }
    piece_clear(&w->line);
}

static void walk(walker *w, xmlNode *n, int mode);

enum { EMIT, META }; /* walk modes: the article, or only metadata ahead of it */

/* Take care of c if it is no element to walk into: its text into p (NULL:
 * text not wanted), a comment skipped, chrome counted and skipped. */
static bool not_element(walker *w, xmlNode *c, piece *p)
{
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (p)
            put_text(w, p, c);
        return true;
    }
    if (c->type != XML_ELEMENT_NODE)
        return true;
    int k = chrome_kind(c);
    if (k >= 0)
        w->dropped[k]++;
    return k >= 0;
}

/* The inline text of n (and of blocks inside it, joined as one) into p. */
static void gather(walker *w, xmlNode *n, piece *p)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (not_element(w, c, p))
            continue;
        if (named(c, "br") || is_block(c))
            piece_break(p, (uint32_t)w->cursor);
        gather(w, c, p);
        if (is_block(c))
            piece_break(p, (uint32_t)w->cursor);
    }
}

/* ---- tables ------------------------------------------------------------------------ */

typedef struct slot {
    int kind;      /* 0 empty, 1 a cell's text, '<' or '^' */
    piece *text;   /* kind 1 */
    uint32_t at;   /* where the cell stands */
} slot;

static long span_attr(const xmlNode *n, const char *name, long max)
{
    xmlChar *v = XL.xmlGetProp(n, (const xmlChar *)name);
    long r = v ? strtol((const char *)v, NULL, 10) : 1;
    (*XL.xmlFree)(v);
    return r < 1 ? 1 : r > max ? max : r;
}

/* One data table: rows of tab-separated cells with span marks. */
static void put_table(walker *w, xmlNode *t)
{
    size_t nrows = 0;
    FOR_ROWS(t, row) nrows++;
    if (!nrows)
        return;
    flush(w);
    emit_blank(w);
    size_t ncols = 0, cap = 8;
    slot *g = calloc(nrows * cap, sizeof *g);
    CORE_VEC(piece *) texts = {0};
    size_t r = 0;
    FOR_ROWS(t, row) {
        size_t c = 0;
        for (xmlNode *cell = row->children; cell; cell = cell->next) {
            if (!is_cell(cell))
                continue;
            while (c < cap && g[r * cap + c].kind)
                c++;
            long cs = span_attr(cell, "colspan", 256), rs = span_attr(cell, "rowspan", 65534);
            if (rs > (long)(nrows - r))
                rs = (long)(nrows - r);
            while (c + (size_t)cs > cap && cap < CORE_MAX_TABLE_CELLS) {
                slot *ng = calloc(nrows * cap * 2, sizeof *ng);
                if (!ng)
                    abort();
                for (size_t i = 0; i < nrows; i++)
                    memcpy(ng + i * cap * 2, g + i * cap, cap * sizeof *g);
                free(g);
                g = ng, cap *= 2;
            }
            if (c + (size_t)cs > cap) {
                if (c >= cap)
                    break; /* past the row limit: parse refuses such rows anyway */
                cs = (long)(cap - c);
            }
            piece *p = calloc(1, sizeof *p);
            if (!p)
                abort();
            size_t before = w->cursor;
            gather(w, cell, p);
            uint32_t at = p->s.len ? p->at[0] : (uint32_t)before;
            if (!texts.v || texts.n == texts.cap) {
                texts.cap = texts.cap ? 2 * texts.cap : 16;
                texts.v = realloc(texts.v, texts.cap * sizeof *texts.v);
                if (!texts.v)
                    abort();
            }
            texts.v[texts.n++] = p;
            for (long i = 0; i < rs; i++)
                for (long j = 0; j < cs; j++)
                    g[(r + (size_t)i) * cap + c + (size_t)j] =
                        (slot){i == 0 && j == 0 ? 1 : i == 0 ? '<' : '^', p, at};
            c += (size_t)cs;
            if (c > ncols)
                ncols = c;
        }
        r++;
    }
    for (r = 0; r < nrows; r++) {
        bool any = false;
        for (size_t c = 0; c < ncols; c++)
            any |= g[r * cap + c].kind > 1 ||
                   (g[r * cap + c].kind == 1 && !piece_empty(g[r * cap + c].text));
        if (!any)
            continue; /* a spacer row */
        uint32_t row_at = 0;
        for (size_t c = 0; c < ncols && !row_at; c++)
            row_at = g[r * cap + c].at;
        /* a row shorter than the table ends where the page's row ends
         * (parse pads it), but keeps a tab so that it stays a row */
        size_t width = ncols;
        while (width > 2 && !g[r * cap + width - 1].kind)
            width--;
        for (size_t c = 0; c < width; c++) {
            slot *s = &g[r * cap + c];
            uint32_t at = s->kind ? s->at : row_at;
            if (c)
                core_text_put(&w->out, "\t", 1, at);
            if (s->kind == '<' || s->kind == '^') {
                char m = (char)s->kind;
                core_text_put(&w->out, &m, 1, at);
            } else if (s->kind == 1 && !piece_empty(s->text)) {
                const piece *p = s->text;
                size_t b = 0;
                while (b < p->s.len && p->s.data[b] == ' ')
                    b++;
                const char *x = p->s.data + b;
                size_t xn = p->s.len - b;
                while (xn && x[xn - 1] == ' ')
                    xn--;
                /* a cell that is a mark or would start a directive or an
                 * escape reads as its text (docs/FORMAT.md, Escapes) */
                if (xn == 1 && (x[0] == '<' || x[0] == '^'))
                    core_text_put(&w->out, "\\", 1, at);
                else if (c == 0 && (x[0] == '@' || x[0] == '\\'))
                    core_text_put(&w->out, " ", 1, at);
                put_piece(w, p, false);
            }
        }
        core_text_put(&w->out, "\n", 1, row_at);
        w->blank = false;
    }
    for (size_t i = 0; i < texts.n; i++) {
        piece_free(texts.v[i]);
        free(texts.v[i]);
    }
    free(texts.v);
    free(g);
    emit_blank(w);
}

/* A table ahead of the article that is the portal's metadata box: two or
 * more of its cells are metadata labels. */
static bool is_meta_table(walker *w, const xmlNode *t)
{
    int labels = 0;
    FOR_ROWS(t, row)
    for (const xmlNode *c = row->children; c; c = c->next)
        if (is_cell(c)) {
            core_buf b = {0};
            flat_text(c, &b);
            labels += b.data && is_label(w->data, b.data, b.len, false);
            core_buf_free(&b);
        }
    return labels >= 2;
}

static bool has_block_child(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is_block(c) || (c->type == XML_ELEMENT_NODE && has_block_child(c)))
            return true;
    return false;
}

/* A block ahead of the article: a line if it is LABEL：value of the
 * metadata box, else nothing. */
static void meta_line(walker *w, xmlNode *c)
{
    piece p = {0};
    /* white space between two elements of the line is a gap between fields
     * (<span>来源：…</span>⏎<span>时间：…</span>), not Word's wrapping */
    w->field_gaps = true;
    gather(w, c, &p);
    w->field_gaps = false;
    size_t s = 0;
    while (s < p.s.len && p.s.data[s] == ' ')
        s++;
    if (!piece_empty(&p) && is_label(w->data, p.s.data + s, p.s.len - s, true)) {
        put_piece(w, &p, true);
        core_text_put(&w->out, "\n", 1, p.at[p.s.len - 1]);
        w->blank = false;
    }
    piece_free(&p);
}

/* End a LABEL：value line of the metadata box; a label with no value (文号
 * left empty) is no line, or the shaper would take the next line for it. */
static void meta_flush(walker *w, size_t label_len)
{
    if (w->line.s.len > label_len)
        flush(w);
    piece_clear(&w->line);
}

/* The metadata box as LABEL：value lines, each label cell starting one,
 * the cells after it its value: the form every portal's box takes when
 * copied as text. */
static void put_meta_table(walker *w, xmlNode *t)
{
    flush(w);
    size_t label = 0;
    FOR_ROWS(t, row) {
        for (xmlNode *c = row->children; c; c = c->next) {
            if (!is_cell(c))
                continue;
            piece p = {0};
            gather(w, c, &p);
            size_t s = 0;
            while (s < p.s.len && p.s.data[s] == ' ')
                s++;
            if (!piece_empty(&p) && is_label(w->data, p.s.data + s, p.s.len - s, false)) {
                meta_flush(w, label);
                for (size_t i = s; i < p.s.len; i++)
                    piece_byte(&w->line, p.s.data[i], p.at[i]);
                size_t e = w->line.s.len;
                while (e && w->line.s.data[e - 1] == ' ')
                    e--;
                w->line.s.len = e;
                if (e && w->line.s.data[e - 1] == ':')
                    w->line.s.len--;
                if (w->line.s.len < 3 ||
                    memcmp(w->line.s.data + w->line.s.len - 3, "\xEF\xBC\x9A", 3))
                    for (int i = 0; i < 3; i++)
                        piece_byte(&w->line, "\xEF\xBC\x9A"[i], p.at[s]);
                label = w->line.s.len;
            } else if (!piece_empty(&p) && w->line.s.len) {
                if (w->line.s.len > label)
                    piece_byte(&w->line, ' ', p.at[0]);
                for (size_t i = 0; i < p.s.len; i++)
                    piece_byte(&w->line, p.s.data[i], p.at[i]);
            }
            piece_free(&p);
        }
        meta_flush(w, label);
    }
}

/* ---- the walk ------------------------------------------------------------------------ */

/* Walk n's children: in EMIT mode every block a line; in META mode only the
 * metadata box and the title element, until the article is reached. */
static void walk(walker *w, xmlNode *n, int mode)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (not_element(w, c, mode == EMIT ? &w->line : NULL))
            continue;
        if (c == w->article) {
            flush(w);
            walk(w, c, EMIT);
            flush(w);
            w->after = true;
            continue;
        }
        if (mode == META) {
            if (w->after)
                return;
            if (c == w->title) {
                gather(w, c, &w->line);
                flush(w);
            } else if (is_inside(w->article, c) || is_inside(w->title, c)) {
                walk(w, c, META);
            } else if (named(c, "table") && !is_layout_table(c)) {
                if (is_meta_table(w, c))
                    put_meta_table(w, c);
            } else if (is_block(c) && !has_block_child(c)) {
                meta_line(w, c);
            } else {
                walk(w, c, META);
            }
            continue;
        }
        if (named(c, "table") && !is_layout_table(c)) {
            if (is_meta_table(w, c))
                put_meta_table(w, c);
            else
                put_table(w, c);
            continue;
        }
        bool block = is_block(c);
        if (block || named(c, "br"))
            flush(w);
        walk(w, c, mode);
        if (block)
            flush(w);
    }
}

/* One note for what was dropped of the page. */
static void report_dropped(walker *w, const char *name, core_diags *d, size_t total)
{
    core_buf b = {0};
    size_t all = 0;
    for (int k = 0; k < 8; k++)
        if (w->dropped[k]) {
            core_buf_printf(&b, "%s%zu %s", all ? ", " : "", w->dropped[k],
                            core_tr(d, chrome_kinds[k]));
            all += w->dropped[k];
        }
    long line = XL.xmlGetLineNo(w->article);
    size_t at = line > 0 && (size_t)line <= w->src->nlines ? w->src->line_start[line - 1] : 0;
    size_t outside = total > w->chars_out ? total - w->chars_out : 0;
    core_diag_at(d, w->src, at, CORE_NOTE, "N-html",
                 "the article is the <%s> here; dropped %zu element%s of page chrome%s%s%s "
                 "and about %zu characters of text outside the article",
                 (const char *)w->article->name, all, all == 1 ? "" : "s", all ? " (" : "",
                 all ? b.data : "", all ? ")" : "", outside);
    /* (counts, not a list: a page has hundreds of such elements) */
    core_buf_free(&b);
}

static core_status html_read(core_arena *a, const char *name, const char *bytes, size_t len,
                             const read_data *data, core_diags *d, core_source **out)
{
    core_status st = CORE_OK;
    core_buf why = {0};
    if (!xl_ready(d, &why)) {
        core_diag_file(d, name, CORE_ERROR, "E-reader", "%s", why.data);
        core_buf_free(&why);
        return CORE_EINPUT;
    }
    core_source *file = NULL;
    htmlDocPtr doc = NULL;
    walker w = {.data = data, .blank = true};
    char cs[32];
    *out = NULL;
    declared_charset(bytes, len, cs);
    CORE_CHECK(read_decode(a, name, bytes, len, cs[0] ? cs : NULL, d, &file));
    w.src = file;
    w.out.from = file;
    doc = XL.htmlReadMemory(file->text, (int)file->len, NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET);
    xmlNode *body = doc ? find_body(XL.xmlDocGetRootElement(doc)) : NULL;
    size_t total = body ? weigh(body, false) : 0;
    if (!body || total == 0) {
        core_diag_file(d, name, CORE_ERROR, "E-html",
                       "the page holds no text to read (is it a saved page of the report?)");
        st = CORE_EINPUT;
        goto done;
    }
    w.article = find_article(body);
    bool passed = false;
    w.title = w.article == body ? NULL : find_title(body, w.article, true, &passed);
    passed = false;
    if (!w.title && w.article != body)
        w.title = find_title(body, w.article, false, &passed);
    walk(&w, body == w.article ? body->parent : body, META);
    flush(&w);
    report_dropped(&w, name, d, total);
    core_source *lines = NULL;
    CORE_CHECK(core_source_derive(a, &w.out, d, &lines));
    CORE_CHECK(read_shape(a, lines, &(read_shape_options){.paragraphs = true}, data, d, out));
done:
    piece_free(&w.line);
    core_text_free(&w.out);
    if (doc)
        XL.xmlFreeDoc(doc);
    return st;
}

const read_reader read_html_reader = {
    .name = "html",
    .extensions = ".html .htm .shtml .xhtml",
    .recognise = html_recognise,
    .read = html_read,
};
