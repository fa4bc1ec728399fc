#!/usr/bin/env python3
"""Make the saved-page fixtures of tests/reports/real/html from a report's
canonical text (examples/report-2022.txt), in the markup three portal
templates publish (SOURCES.md says which and why): run once, commit the
output; CI does not run this.

    python3 make.py ../../../../examples/report-2022.txt
"""
import html, random, re, sys

rng = random.Random(2022)  # the same pages every run

def word_runs(text, heading):
    """Word-pasted runs: the text split into <span>/<font> pieces, even
    single characters, as Word's HTML export and portal editors leave it."""
    face = "黑体" if heading else "仿宋_GB2312"
    out, i = [], 0
    while i < len(text):
        k = rng.choice([1, 2, 3, 5, 8, 13])
        piece = html.escape(text[i:i + k], quote=False).replace("“", "&ldquo;").replace("”", "&rdquo;")
        if rng.random() < 0.3:
            out.append('<span style="font-family:%s;mso-ascii-font-family:\'Times New Roman\'"><font face="%s">%s</font></span>' % (face, face, piece))
        else:
            out.append('<span lang="EN-US" style="font-size:16.0pt;font-family:%s">%s</span>' % (face, piece))
        i += k
    return "".join(out)

def blocks(path):
    """The report as (kind, value): title, para, heading, table (rows)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out, rows = [], []
    for l in lines:
        if "\t" in l:
            rows.append(l.split("\t"))
            continue
        if rows and l.strip() == "":
            continue
        if rows:
            out.append(("table", rows)); rows = []
        if not l.strip() or l.startswith("@"):
            continue
        kind = "title" if not out else "heading" if re.match(r"^[一二三四五六七八九十]+、", l) else "para"
        out.append((kind, l))
    if rows:
        out.append(("table", rows))
    return out

def cell(text, word):
    if not text.strip():
        return '<td><p class="MsoNormal"><span><o:p>&nbsp;</o:p></span></p></td>' if word else "<td>&nbsp;</td>"
    if word:
        return '<td valign="center"><p class="MsoNormal" align="center"><span style="font-size:10.5pt">%s</span><o:p></o:p></p></td>' % html.escape(text, quote=False)
    return "<td>%s</td>" % html.escape(text, quote=False)

def article(bs, word, one_line=False):
    out = []
    for kind, v in bs:
        if kind == "title":
            continue
        if kind == "table":
            rows = "".join("<tr>" + "".join(cell(c, word) for c in r) + "</tr>\n" for r in v)
            out.append('<table class="MsoNormalTable" border="1" cellspacing="0" style="border-collapse:collapse;mso-table-layout-alt:fixed">\n%s</table>' % rows)
        elif word:
            indent = "&nbsp;" * rng.choice([0, 4, 6]) if kind == "para" else ""
            style = "text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt"
            out.append('<p class="MsoNormal" style="%s">%s%s<span><o:p></o:p></span></p>' % (style, indent, word_runs(v, kind == "heading")))
        else:
            tag = "h3" if kind == "heading" else "p"
            out.append("<%s>%s</%s>" % (tag, html.escape(v, quote=False), tag))
    return ("" if one_line else "\n").join(out)

def title_of(bs):
    return next(v for k, v in bs if k == "title")

def trs(bs):
    """A TRS-style portal page: navigation, breadcrumbs, the 索引号 box as a
    four-column table, the title as a div outside the article, the article
    Word-pasted inside div#zoom > div.TRS_Editor, a share bar, a footer."""
    t = title_of(bs)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{t}_郑东新区管委会</title>
<link rel="stylesheet" href="/css/style.css" />
<script type="text/javascript">var _hmt = _hmt || []; document.write("<p>统计</p>");</script>
<style>.TRS_Editor P{{margin-top:0;margin-bottom:12px;line-height:1.8}}</style>
</head><body>
<div class="top"><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="xxgk_box"><table class="xxgk_table" width="100%">
<tr><td class="label">索 引 号：</td><td>11410100MB1796548F/2023-00015</td><td class="label">发布机构：</td><td>郑东新区科技人才局</td></tr>
<tr><td class="label">公开日期：</td><td>2023-01-15</td><td class="label">文　　号：</td><td></td></tr>
<tr><td class="label">主题分类：</td><td>政府信息公开年报</td><td class="label">时　　效：</td><td>有效</td></tr>
</table></div>
<div class="article_title">{t}</div>
<div class="bar"><span>字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span><span class="share">分享到：微信 微博</span></div>
<div id="zoom"><div class="TRS_Editor"><div class="Custom_UnionStyle">
{article(bs, True)}
</div></div></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="footer">主办：郑东新区管委会　版权所有　技术支持：某某信息公司<br/>备案号：豫ICP备00000000号</div>
</body></html>
"""

def layout_tables(bs):
    """An older portal: the page laid out in tables, GB2312 declared twice
    (http-equiv and charset), the title as <td class=title>, the metadata
    as LABEL：value lines, the article in a td, on one source line."""
    t = title_of(bs)
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><meta charset="gb2312">
<title>郑东新区科技人才局</title></head>
<body topmargin="0"><table width="980" align="center" cellpadding="0" cellspacing="0"><tr><td>
<table width="100%"><tr><td class="menu"><a href="/">网站首页</a> | <a href="/zwgk">信息公开</a> | <a href="/bsfw">办事服务</a></td></tr></table>
<table width="100%"><tr><td class="title" align="center"><b>{t}</b></td></tr>
<tr><td align="center"><div class="info">发布时间：2023-01-15　来源：郑东新区科技人才局　浏览次数：<span id="count">128</span></div></td></tr>
<tr><td class="content">{article(bs, True, one_line=True)}</td></tr></table>
<table width="100%"><tr><td align="center" class="bottom">郑东新区科技人才局　地址：郑州市郑东新区　联系电话：0371-00000000</td></tr></table>
</td></tr></table></body></html>
"""

def modern(bs):
    """A current template: HTML5, <header>/<nav>/<footer>, the metadata as
    LABEL：value paragraphs, the title an <h1> inside <article>, headings
    <h3>, tables plain."""
    t = title_of(bs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{t}</title></head>
<body><header><div class="logo">郑东新区管委会</div><nav><a href="/">首页</a><a href="/zwgk">政务公开</a></nav></header>
<main><div class="breadcrumb">首页 / 政务公开 / 年度报告</div>
<div class="meta"><p>发布机构：郑东新区科技人才局</p><p>发布日期：2023-01-15</p></div>
<article class="detail">
<h1>{t}</h1>
{article(bs, False)}
</article>
<div class="share-bar">分享：<a>微信</a><a>微博</a></div>
</main><footer>© 郑东新区管委会</footer>
<script src="/js/app.js"></script></body></html>
"""

def draft(bs):
    """The clerk's draft as Word would save it as HTML: no portal around
    it; docx/make.sh turns it into example.docx through LibreOffice."""
    t = title_of(bs)
    return f"""<html><head><meta charset="utf-8"><title>{t}</title></head><body>
<p class="MsoTitle" align="center"><span style="font-size:22.0pt;font-family:方正小标宋简体">{html.escape(t)}</span></p>
{article(bs, True)}
</body></html>
"""

if __name__ == "__main__":
    bs = blocks(sys.argv[1])
    open("trs-word.html", "w", encoding="utf-8").write(trs(bs))
    open("layout-gb2312.html", "w", encoding="gb18030").write(layout_tables(bs))
    open("modern.html", "w", encoding="utf-8").write(modern(bs))
    open("../docx/example-draft.html", "w", encoding="utf-8").write(draft(bs))
