#!/usr/bin/env python3
"""ofdcheck: what the end-to-end tests ask of an OFD, read with readers that
are not gongwen's: Python's zipfile, xmllint with the GB/T 33190 schemas
(tests/ofd-schema), and the ofd.js reader (npm) in headless Chromium. Each
subcommand prints what is wrong and exits 1, or prints a summary and exits 0.

  ofdcheck.py package OFD SCHEMAS   every XML part validates against its
                                    schema; the OFD-A rules of docs/OFD.md
  ofdcheck.py render  OFD PDF SOURCE READER OUTDIR
                                    ofd.js renders each page like the PDF's
                                    page (pdftoppm, same size); its text
                                    holds every character of the source
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET
from collections import Counter

NS = {"ofd": "http://www.ofdspec.org/2016"}
Q = "{http://www.ofdspec.org/2016}"


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(*cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return p.returncode, p.stdout, p.stderr


# ---- package ------------------------------------------------------------------

def schema_of(name):
    if name == "OFD.xml":  # OFD.xsd, DocType "OFD-A" allowed (GB/T 42133 6.2.1a)
        return "OFD-A.xsd"
    if name.endswith("/Document.xml"):
        return "Document.xsd"
    if name.endswith("Res.xml"):
        return "Res.xsd"
    if name.endswith("/Content.xml"):
        return "Page.xsd"
    return None


def resolve(base, loc):
    """An ST_Loc relative to the part `base` (or absolute from the root)."""
    if loc.startswith("/"):
        return loc[1:]
    return os.path.normpath(os.path.join(os.path.dirname(base), loc))


def cmd_package(ofd, schemas):
    z = zipfile.ZipFile(ofd)
    if z.testzip() is not None:
        fail("a ZIP entry is corrupt")
    names = z.namelist()
    if names[0] != "OFD.xml":
        fail("OFD.xml is not the first entry")
    tmp = tempfile.mkdtemp()
    z.extractall(tmp)
    xmls = [n for n in names if n.endswith(".xml")]
    for n in xmls:
        xsd = schema_of(n)
        if not xsd:
            fail("no schema for part " + n)
        rc, out, err = run("xmllint", "--noout", "--schema", os.path.join(schemas, xsd),
                           os.path.join(tmp, n))
        if rc:
            fail(f"{n} does not validate against {xsd}: {err.strip()[:300]}")
    root = ET.parse(os.path.join(tmp, "OFD.xml")).getroot()
    if root.get("DocType") != "OFD-A":  # GB/T 42133 6.2.1a
        fail("DocType is " + str(root.get("DocType")) + ", not OFD-A")
    bodies = root.findall("ofd:DocBody", NS)
    if len(bodies) != 1:  # OFD-A: one document per package
        fail(f"{len(bodies)} DocBody elements")
    info = bodies[0].find("ofd:DocInfo", NS)
    for key in ("DocID", "Title", "Creator"):
        if not (info.findtext("ofd:" + key, "", NS) or "").strip():
            fail("DocInfo lacks " + key)
    if not re.fullmatch(r"[0-9a-f]{32}", info.findtext("ofd:DocID", "", NS)):
        fail("DocID is not 32 hex digits")
    docroot = bodies[0].findtext("ofd:DocRoot", "", NS)
    if docroot not in names:
        fail("DocRoot " + docroot + " is not in the package")
    doc = ET.parse(os.path.join(tmp, docroot)).getroot()
    for tag in ("Permissions", "VPreferences", "Extensions", "Attachments"):  # 6.2.2
        if doc.find("ofd:" + tag, NS) is not None:
            fail("Document.xml has " + tag)
    ids = Counter()
    for n in xmls:
        for e in ET.parse(os.path.join(tmp, n)).getroot().iter():
            if "ID" in e.attrib and e.tag != Q + "Dest":
                ids[int(e.attrib["ID"])] += 1
    dup = [i for i, c in ids.items() if c > 1]
    if dup:
        fail(f"IDs used twice: {dup[:5]}")
    maxid = int(doc.findtext("ofd:CommonData/ofd:MaxUnitID", "0", NS))
    if max(ids) > maxid:
        fail(f"ID {max(ids)} is above MaxUnitID {maxid}")
    # every location inside the package; every font embedded and used by ID
    fonts = {}
    for loc in doc.findall("ofd:CommonData/ofd:PublicRes", NS) + \
            doc.findall("ofd:CommonData/ofd:DocumentRes", NS):
        rpath = resolve(docroot, loc.text)
        if rpath not in names:
            fail("resource file " + rpath + " is not in the package")
        res = ET.parse(os.path.join(tmp, rpath)).getroot()
        base = os.path.join(os.path.dirname(rpath), res.get("BaseLoc", ""), "x")
        for f in res.iter(Q + "Font"):
            ff = f.findtext("ofd:FontFile", None, NS)
            if not ff:  # OFD-A: every font embedded
                fail("font " + f.get("FontName") + " is not embedded")
            fpath = resolve(base, ff)
            if fpath not in names:
                fail("font file " + fpath + " is not in the package")
            data = z.read(fpath)
            if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
                fail(fpath + " is not a TrueType font")
            ntab = int.from_bytes(data[4:6], "big")
            tables = {data[12 + 16 * i:16 + 16 * i].decode("latin-1") for i in range(ntab)}
            need = {"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "OS/2", "post"}
            if need - tables:  # GB/T 42133 6.2.6c: what a subset keeps
                fail(f"{fpath} lacks the tables {sorted(need - tables)}")
            fonts[f.get("ID")] = fpath
        for tag in ("MultiMedia", "CompositeGraphicUnit"):
            if res.find(".//ofd:" + tag, NS) is not None:
                fail("a resource of kind " + tag)
    pages = doc.findall("ofd:Pages/ofd:Page", NS)
    nobj = 0
    for p in pages:
        cpath = resolve(docroot, p.get("BaseLoc"))
        if cpath not in names:
            fail("page " + cpath + " is not in the package")
        content = ET.parse(os.path.join(tmp, cpath)).getroot()
        for t in content.iter(Q + "TextObject"):
            nobj += 1
            if t.get("Font") not in fonts:
                fail(f"{cpath}: TextObject {t.get('ID')} names font {t.get('Font')}, not embedded")
        if content.find(".//ofd:ImageObject", NS) is not None:
            fail(cpath + ": an image (none is drawn by gongwen)")
    for bad in ("URI", "GotoA", "Sound", "Movie"):  # OFD-A: nothing outside
        for n in xmls:
            if ET.parse(os.path.join(tmp, n)).getroot().find(".//ofd:" + bad, NS) is not None:
                fail(f"{n}: an action of kind {bad}")
    for n in names:
        info_ = z.getinfo(n)
        if info_.date_time != z.getinfo("OFD.xml").date_time:
            fail("entries with different dates")
        if "Signatures" in n or n.endswith(".js"):
            fail("unexpected part " + n)
    print(f"package ok: {len(xmls)} XML parts valid, {len(pages)} pages, "
          f"{len(fonts)} fonts embedded, {nobj} text objects")


# ---- render ---------------------------------------------------------------------

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script src="{lib}"></script>
<style>html,body{{margin:0;padding:0;background:#fff;overflow:hidden}}
#pages>div{{margin:0!important}}</style></head><body><div id="pages"></div>
<pre id="out">pending</pre><script>
var out = document.getElementById('out');
window.onerror = function (m, s, l) {{ out.textContent = 'error ' + m + ' ' + l; }};
var bin = atob("{b64}"), u = new Uint8Array(bin.length);
for (var i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
ofd.parseOfdDocument({{ofd: u.buffer, success: function (res) {{
  var divs = ofd.renderOfd({width}, res[0]), c = document.getElementById('pages');
  var pages = [];
  for (var d of divs) c.appendChild(d);
  for (var d of divs) {{
    var r = d.getBoundingClientRect(), t = [];
    d.querySelectorAll('text').forEach(function (e) {{ t.push(e.textContent); }});
    pages.push({{w: r.width, h: r.height, top: r.top, text: t.join('\\n')}});
  }}
  out.style.display = 'none';
  out.textContent = JSON.stringify(pages);
}}, fail: function (e) {{ out.textContent = 'fail ' + e; }}}});
</script></body></html>"""


def chromium(*args):
    base = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--allow-file-access-from-files", "--virtual-time-budget=30000",
            "--no-first-run", "--disable-extensions",
            "--user-data-dir=" + tempfile.mkdtemp()]  # no profile shared between runs
    # the reader draws text with the fonts it finds by name: give it the
    # fonts gongwen bundles, so that glyph shapes as well as places compare
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    conf = os.path.join(tempfile.mkdtemp(), "fonts.conf")
    with open(conf, "w") as f:
        f.write('<?xml version="1.0"?><fontconfig><include ignore_missing="yes">'
                '/etc/fonts/fonts.conf</include><dir>%s</dir></fontconfig>'
                % os.path.join(root, "fonts"))
    env = dict(os.environ, FONTCONFIG_FILE=conf)
    p = subprocess.run(base + list(args), capture_output=True, timeout=300, env=env)
    if p.returncode:
        fail("chromium failed: " + p.stderr.decode(errors="replace")[-400:])
    chromium.stderr = p.stderr.decode(errors="replace")
    return p.stdout.decode("utf-8", errors="replace")


def ink(img, level=200):
    """A 1-bit mask of the dark pixels (ink) of an RGB image."""
    return img.convert("L").point(lambda v: 255 if v < level else 0)


def covered(a, b, radius):
    """The share of ink pixels of a that lie within `radius` px of ink of b."""
    from PIL import ImageChops, ImageFilter
    near = b.filter(ImageFilter.MaxFilter(2 * radius + 1))
    na = a.histogram()[255]
    if na == 0:
        return 1.0
    both = ImageChops.multiply(a, near).histogram()[255]
    return both / na


def hanzi_and_digits(s):
    return [c for c in s if "\u4e00" <= c <= "\u9fff" or c.isdigit()]


def cmd_render(ofd, pdf, source, reader, outdir):
    from PIL import Image
    os.makedirs(outdir, exist_ok=True)
    lib = os.path.abspath(os.path.join(reader, "node_modules", "ofd.js", "lib", "ofd.umd.min.js"))
    if not os.path.exists(lib):
        fail("no ofd.js at " + lib)
    width = 827  # A4 at 100 dpi
    html = os.path.abspath(os.path.join(outdir, "view.html"))
    b64 = base64.b64encode(open(ofd, "rb").read()).decode()
    open(html, "w", encoding="utf-8").write(PAGE.format(lib="file://" + lib, b64=b64,
                                                         width=width))
    dom = chromium("--dump-dom", "file://" + html)
    m = re.search(r'<pre id="out"[^>]*>(.*?)</pre>', dom, re.S)
    if not m or not m.group(1).startswith("["):
        fail("ofd.js did not render: " + (m.group(1)[:200] if m else "no output; chromium said "
                                          + chromium.stderr[-600:]))
    pages = json.loads(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    rc, out, err = run("pdfinfo", pdf)
    npdf = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    if len(pages) != npdf:
        fail(f"ofd.js shows {len(pages)} pages, the PDF has {npdf}")
    total_h = int(round(pages[-1]["top"] + pages[-1]["h"])) + 1
    shot = os.path.join(outdir, "ofd.png")
    chromium(f"--window-size={width},{total_h}", "--screenshot=" + shot, "file://" + html)
    full = Image.open(shot).convert("RGB")
    worst = (1.0, 1.0)
    for i, p in enumerate(pages):
        w, h = int(round(p["w"])), int(round(p["h"]))
        top = int(round(p["top"]))
        page = full.crop((0, top, w, top + h))
        page.save(os.path.join(outdir, f"ofd-{i + 1}.png"))
        prefix = os.path.join(outdir, f"pdf-{i + 1}")
        rc, _, err = run("pdftoppm", "-f", str(i + 1), "-l", str(i + 1), "-singlefile",
                         "-scale-to-x", str(w), "-scale-to-y", str(h), "-png", pdf, prefix)
        if rc:
            fail("pdftoppm: " + err)
        ref = Image.open(prefix + ".png").convert("RGB")
        a, b = ink(page), ink(ref)
        # both ways: the OFD's ink lies where the PDF has ink (nothing
        # misplaced) and the PDF's ink is drawn by the OFD (nothing missing)
        prec, rec = covered(a, b, 2), covered(b, a, 2)
        worst = (min(worst[0], prec), min(worst[1], rec))
        if prec < 0.95 or rec < 0.95:
            fail(f"page {i + 1}: {prec:.1%} of the OFD's ink lies on the PDF's, "
                 f"{rec:.1%} of the PDF's is drawn (see {outdir})")
    text = "\n".join(p["text"] for p in pages)
    rc, ptext, err = run("pdftotext", "-enc", "UTF-8", pdf, "-")
    src = open(source, encoding="utf-8-sig").read()
    got = Counter(hanzi_and_digits(text))
    for what, want in (("source", src), ("PDF", ptext)):
        missing = Counter(hanzi_and_digits(want)) - got
        if missing:
            fail(f"characters of the {what} missing from the OFD's text: "
                 + "".join(sorted(missing.elements()))[:80])
    # and the PDF's text, every character but spaces (punctuation, Latin,
    # the page numbers' dashes), no more and no fewer; where the two differ
    # the OFD must have the source's count (the PDF's ToUnicode names one
    # character a glyph: · and ・ drawn with one glyph both read as the first)
    chars = lambda t: Counter(c for c in t if not c.isspace())
    o, p_, s_ = chars(text), chars(ptext), chars(src)
    bad = [c for c in set(o) | set(p_) if o[c] != p_[c] and o[c] != s_[c]]
    if bad:
        fail("the OFD's text differs from the PDF's and the source's in "
             + "".join(f"{c}({o[c]} vs PDF {p_[c]}, source {s_[c]}) " for c in sorted(bad))[:200])
    quirks = "".join(sorted(c for c in set(o) | set(p_) if o[c] != p_[c]))
    print(f"render ok: {len(pages)} pages; worst page {worst[0]:.1%} of the OFD's ink on the "
          f"PDF's, {worst[1]:.1%} of the PDF's drawn; {sum(o.values())} characters"
          + (f" (as the source, where the PDF's text differs: {quirks})" if quirks else ""))


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "package":
        cmd_package(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 7 and sys.argv[1] == "render":
        cmd_render(*sys.argv[2:7])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
