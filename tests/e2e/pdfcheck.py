#!/usr/bin/env python3
"""pdfcheck: what the end-to-end tests ask of a PDF, read with real readers
(poppler's pdftotext/pdffonts/pdfinfo, qpdf, mutool). Each subcommand prints
what is wrong and exits 1, or prints a one-line summary and exits 0.

  pdfcheck.py text   PDF SOURCE   every character of the source comes back,
                                  each prose paragraph in order
  pdfcheck.py fonts  PDF          every font embedded, subset, with ToUnicode
  pdfcheck.py pages  PDF          A4 pages, each numbered "— N —"
  pdfcheck.py clean  PDF          qpdf --check passes; readers print no warning
"""
import re
import subprocess
import sys


def run(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


PAGE_NO = re.compile(r"^\s*—\s*\d+\s*—\s*$")


def pdf_text(pdf):
    rc, out, err = run("pdftotext", "-enc", "UTF-8", pdf, "-")
    if rc:
        fail("pdftotext failed: " + err)
    lines = [l for l in out.replace("\f", "\n").split("\n") if not PAGE_NO.match(l)]
    return "\n".join(lines)


def norm(s):
    """The characters that must survive, in a comparable form: brackets and
    digits folded to one width, spaces dropped."""
    s = s.replace("(", "（").replace(")", "）")
    s = re.sub(r"[０-９]", lambda m: chr(ord(m.group()) - 0xFEE0), s)
    return re.sub(r"\s+", "", s)


def hanzi_and_digits(s):
    return [c for c in s if "\u4e00" <= c <= "\u9fff" or c.isdigit()]


def cmd_text(pdf, source):
    src = open(source, encoding="utf-8-sig").read()
    got = pdf_text(pdf)
    want_chars, got_chars = hanzi_and_digits(src), hanzi_and_digits(got)
    from collections import Counter
    missing = Counter(want_chars) - Counter(got_chars)
    if missing:
        fail("characters missing from the PDF text: " + "".join(sorted(missing.elements()))[:80])
    flat = norm(got)
    pos = 0
    paras = [l.strip() for l in src.split("\n") if l.strip() and "\t" not in l
             and not l.startswith("@")]
    for p in paras:
        k = flat.find(norm(p), pos)
        if k < 0:
            fail("paragraph not found in order: " + p[:40])
        pos = k + len(norm(p))
    print(f"text ok: {len(want_chars)} characters, {len(paras)} prose lines in order")


def cmd_fonts(pdf):
    rc, out, err = run("pdffonts", pdf)
    rows = out.splitlines()[2:]
    if rc or not rows:
        fail("pdffonts found no fonts: " + err)
    for r in rows:
        cols = r.split()
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        if (emb, sub, uni) != ("yes", "yes", "yes"):
            fail("font not embedded+subset+ToUnicode: " + r)
        if not re.match(r"^[A-Z]{6}\+", cols[0]):
            fail("font name lacks a subset tag: " + cols[0])
    print(f"fonts ok: {len(rows)} fonts, all embedded subsets with ToUnicode")


def cmd_pages(pdf):
    rc, out, _ = run("pdfinfo", pdf)
    n = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    for p in range(1, n + 1):
        rc, info, _ = run("pdfinfo", "-f", str(p), "-l", str(p), pdf)
        if not re.search(r"size:\s+595\.2[78]\d* x 841\.89\d* pts", info):
            fail(f"page {p} is not A4: " + re.search(r"Page.*size.*", info).group(0))
        rc, txt, _ = run("pdftotext", "-enc", "UTF-8", "-f", str(p), "-l", str(p), pdf, "-")
        if not re.search(rf"—\s*{p}\s*—", txt):
            fail(f"page {p} does not carry its number — {p} —")
    print(f"pages ok: {n} A4 pages, each numbered")


def cmd_clean(pdf):
    rc, out, err = run("qpdf", "--check", pdf)
    if rc != 0 or "WARNING" in out + err:
        fail("qpdf --check: " + (out + err).strip()[-300:])
    _, _, e1 = run("pdftotext", pdf, "/dev/null")
    _, _, e2 = run("mutool", "draw", "-F", "stext", "-o", "/dev/null", pdf)
    # mutool draw reports each page it renders ("page FILE N"); that is no warning
    warn = [w for w in (e1 + e2).splitlines()
            if w.strip() and "ICC" not in w and not w.startswith("page ")]
    if warn:
        fail("reader warnings: " + "; ".join(warn[:5]))
    print("clean ok: qpdf --check passes, no reader warnings")


def main():
    a = sys.argv[1:]
    if not a:
        print(__doc__)
        sys.exit(2)
    {"text": cmd_text, "fonts": cmd_fonts, "pages": cmd_pages, "clean": cmd_clean}[a[0]](*a[1:])


if __name__ == "__main__":
    main()
