#!/usr/bin/env python3
"""Make the numbered DOCX fixtures from the example report's canonical text
(examples/report-2022.txt): the same report with every heading number
written by Word's automatic numbering, none typed. Run once, commit the
output; CI does not run this (make.sh runs it and then LibreOffice).

    numbered.fodt   an ODT for LibreOffice (make.sh: → numbered.docx): the
                    Title style, chapter numbering on the Heading 1/2 styles
                    (一、 and "(一) " with a space after it), the (一) of
                    section 五 restarted with a start value (a w:num with
                    w:startOverride in the DOCX)
    styled.docx     written here part by part, for what LibreOffice does not
                    write: the title by a style named 标题 (not Title); the
                    一、 headings numbered by their style with no w:ilvl, the
                    level found by the w:lvl/w:pStyle link
                    (chineseCountingThousand); the (一) paragraphs numbered
                    by a style of their own and by a style w:basedOn it, in
                    one list (chineseCounting, w:suff space); section 五
                    restarting it through a second w:num over the same
                    abstract numbering with w:startOverride, the paragraphs
                    after it continuing that sequence; the last paragraph in
                    a numbered style switched off with numId 0

    python3 make-numbered.py ../../../../examples/report-2022.txt
"""
import re, sys, zipfile
from xml.sax.saxutils import escape

HEAD1 = re.compile(r"^[一二三四五六七八九十]+、")
HEAD2 = re.compile(r"^\([一二三四五六七八九十]+\) ")


def blocks(path):
    """The report as (kind, text or rows): title, h1, h2, para, table."""
    out, rows = [], []
    for l in open(path, encoding="utf-8").read().split("\n"):
        if "\t" in l:
            rows.append(l.split("\t"))
            continue
        if rows and not l.strip():
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        if not l.strip() or l.startswith("@"):
            continue
        if not out:
            out.append(("title", l))
        elif HEAD1.match(l):
            out.append(("h1", HEAD1.sub("", l)))
        elif HEAD2.match(l):
            out.append(("h2", HEAD2.sub("", l)))
        else:
            out.append(("para", l))
    if rows:
        out.append(("table", rows))
    return out


def restart_at(bs):
    """The index of the first (一) of section 五 (its list restarts)."""
    h1 = 0
    for i, (k, _) in enumerate(bs):
        h1 += k == "h1"
        if k == "h2" and h1 == 5:
            return i
    raise SystemExit("no (一) in section 五")


# ---- numbered.fodt ------------------------------------------------------------

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by make-numbered.py from examples/report-2022.txt; make.sh turns
     it into numbered.docx with LibreOffice. -->
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:default-style style:family="paragraph"><style:text-properties fo:font-size="16pt" style:language-asian="zh" style:country-asian="CN"/></style:default-style>
  <style:style style:name="Standard" style:family="paragraph"/>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="22pt"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1"/>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2"/>
  <text:outline-style style:name="Outline">
   <text:outline-level-style text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="nothing"/>
    </style:list-level-properties>
   </text:outline-level-style>
   <text:outline-level-style text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="(" style:num-suffix=")">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="space"/>
    </style:list-level-properties>
   </text:outline-level-style>
  </text:outline-style>
 </office:styles>
 <office:body>
  <office:text>
%s
  </office:text>
 </office:body>
</office:document>
"""


def fodt(bs):
    out, restart = [], restart_at(bs)
    for i, (k, v) in enumerate(bs):
        if k == "title":
            out.append('<text:p text:style-name="Title">%s</text:p>' % escape(v))
        elif k == "h1":
            out.append('<text:h text:style-name="Heading_20_1" text:outline-level="1">%s</text:h>'
                       % escape(v))
        elif k == "h2":
            again = ' text:restart-numbering="true" text:start-value="1"' if i == restart else ""
            out.append('<text:h text:style-name="Heading_20_2" text:outline-level="2"%s>%s</text:h>'
                       % (again, escape(v)))
        elif k == "para":
            out.append('<text:p text:style-name="Standard">%s</text:p>' % escape(v))
        else:
            n = max(len(r) for r in v)
            rows = "".join(
                "<table:table-row>%s</table:table-row>\n" % "".join(
                    "<table:table-cell>%s</table:table-cell>"
                    % ("<text:p>%s</text:p>" % escape(c) if c else "<text:p/>")
                    for c in r + [""] * (n - len(r)))
                for r in v)
            out.append('<table:table><table:table-column table:number-columns-repeated="%d"/>\n%s'
                       '</table:table>' % (n, rows))
    return FODT % "\n".join("   " + o for o in out)


# ---- styled.docx ----------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""

# WPS-like ids: a style named 标题 (id a5), heading 1 numbered by its style
# without w:ilvl, the (一) paragraphs by 编号正文 and 编号正文续 (based on it)
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles %s>
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a7"><w:name w:val="编号正文"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a8"><w:name w:val="编号正文续"/><w:basedOn w:val="a7"/></w:style>
</w:styles>""" % W

NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering %s>
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:pStyle w:val="1"/><w:suff w:val="nothing"/><w:lvlText w:val="%%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%1.%%2"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="space"/><w:lvlText w:val="(%%1)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>""" % W


def runs(text):
    """The text in runs of a few characters, as Word splits them."""
    return "".join('<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % escape(text[i:i + 7])
                   for i in range(0, len(text), 7))


def para(text, ppr=""):
    return "<w:p>%s%s</w:p>" % ("<w:pPr>%s</w:pPr>" % ppr if ppr else "", runs(text))


def styled(bs):
    body, restart, second = [], restart_at(bs), False
    for i, (k, v) in enumerate(bs):
        if k == "title":
            body.append(para(v, '<w:pStyle w:val="a5"/>'))
        elif k == "h1":
            body.append(para(v, '<w:pStyle w:val="1"/>'))
        elif k == "h2":
            if i == restart:  # the list restarted: its own w:num, then the style again
                second = True
                body.append(para(v, '<w:pStyle w:val="a7"/><w:numPr><w:ilvl w:val="0"/>'
                                    '<w:numId w:val="4"/></w:numPr>'))
            else:
                body.append(para(v, '<w:pStyle w:val="%s"/>' % ("a8" if second else "a7")))
        elif k == "para":
            last = i == len(bs) - 1  # numbered by its style, switched off
            body.append(para(v, '<w:pStyle w:val="a8"/><w:numPr><w:numId w:val="0"/></w:numPr>'
                             if last else ""))
        else:
            n = max(len(r) for r in v)
            rows = "".join("<w:tr>%s</w:tr>" % "".join(
                "<w:tc>%s</w:tc>" % (para(c) if c else "<w:p/>") for c in r + [""] * (n - len(r)))
                for r in v)
            body.append("<w:tbl><w:tblGrid>%s</w:tblGrid>%s</w:tbl>"
                        % ('<w:gridCol w:w="600"/>' * n, rows))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>\n%s\n'
           '</w:body></w:document>' % (W, "\n".join(body)))
    with zipfile.ZipFile("styled.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("word/_rels/document.xml.rels", DOC_RELS),
                           ("word/document.xml", doc), ("word/styles.xml", STYLES),
                           ("word/numbering.xml", NUMBERING)]:
            info = zipfile.ZipInfo(name, date_time=(2023, 1, 15, 0, 0, 0))  # the same bytes each run
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


if __name__ == "__main__":
    bs = blocks(sys.argv[1])
    open("numbered.fodt", "w", encoding="utf-8").write(fodt(bs))
    styled(bs)
