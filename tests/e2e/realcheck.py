#!/usr/bin/env python3
"""End to end on real published reports (tests/reports/real/): for every
file of expect.tsv, build it and check what its line says gongwen must do,
with the expectations written from reading the report, never from gongwen:

- `build`: exit 0; the PDF's title is the report's own; its outline's
  level-1 headings are the report's; the tables named in `tables` were
  recognised (N-form) with no relation failing; every Han character of the
  text gongwen read (gongwen read) is in the PDF's text as often; no line of
  a portal's metadata box or chrome is printed.
- `refuse CODE`: exit 1, an error CODE at FILE:LINE:COL, no PDF written.

A `file` with a slash is a path under tests/reports/real/ (the saved portal
pages html/real/*.html), else a file of text/. For those pages the agency
and date the page's metadata gives are checked too (@agency, @date of
gongwen read), since the page, not the text, carries them.

usage: realcheck.py GONGWEN SRCDIR OUTDIR
"""
import collections, csv, os, re, subprocess, sys

gongwen, src, out = sys.argv[1:4]
real = os.path.join(src, "tests/reports/real")
os.makedirs(out, exist_ok=True)
failures = []


def fail(f, why):
    failures.append(f"{f}: {why}")


def han(s):
    return collections.Counter(c for c in s if "\u4e00" <= c <= "\u9fff")


def run(*args):
    return subprocess.run([gongwen, *args], capture_output=True, text=True, timeout=120)


def outline_level1(pdf):
    r = subprocess.run(["mutool", "show", pdf, "outline"], capture_output=True, text=True)
    heads = []
    for line in r.stdout.splitlines():
        # mutool: a mark, then one tab per level, then the quoted title
        m = re.match(r'^[-+|]?(\t+)"(.*)"', line)
        if m and len(m.group(1)) == 1:
            heads.append(m.group(2))
    return heads, r.stdout


for row in csv.DictReader(open(os.path.join(real, "expect.tsv")), delimiter="\t"):
    f = row["file"]
    path = os.path.join(real, f) if "/" in f else os.path.join(real, "text", f)
    pdf = os.path.join(out, os.path.splitext(os.path.basename(f))[0] + ".pdf")
    if os.path.exists(pdf):
        os.remove(pdf)
    r = run("build", path, "-o", pdf)
    want = row["gongwen"].split()
    if want[0] == "refuse":
        if r.returncode != 1:
            fail(f, f"exit {r.returncode}, want 1")
        if not re.search(re.escape(path) + r":\d+:\d+: error: .*\[" + re.escape(want[1]) + r"\]",
                         r.stderr):
            fail(f, f"no located {want[1]}")
        if os.path.exists(pdf):
            fail(f, "a PDF was written")
        continue
    if r.returncode != 0:
        fail(f, f"exit {r.returncode}: {r.stderr.strip().splitlines()[-1:]}")
        continue
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    title = re.search(r"^Title:\s*(.*)$", info, re.M)
    if not title or title.group(1).replace(" ", "") != row["title"]:
        fail(f, f"title {title.group(1) if title else None!r}, want {row['title']!r}")
    heads, raw = outline_level1(pdf)
    want_heads = row["level1_headings"].split("|")
    if [h.replace(" ", "") for h in heads] != want_heads:
        fail(f, f"level-1 headings {heads}, want {want_heads}")
    forms = re.findall(r"note: (表[二三四]) recognised as form (\S+): \d+ relations checked, "
                       r"\d+ hold, (\d+) fail", r.stderr)
    names = sorted({n for n, _, _ in forms})
    want_names = sorted({"表" + t.split("-")[1] for t in row["tables"].split()})
    if names != want_names:
        fail(f, f"tables recognised {names}, want {want_names}")
    if any(int(k) for _, _, k in forms):
        fail(f, "a relation fails")
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    read = run("read", path, "-o", "-").stdout
    if "/" in f:
        for field in ("agency", "date"):
            got = re.search(r"^@" + field + r" (.*)$", read, re.M)
            if row[field] and (not got or got.group(1) != row[field]):
                fail(f, f"@{field} {got.group(1) if got else None!r}, want {row[field]!r}")
    # the prose: a standard table is set with the form's own labels
    body = "\n".join(l for l in read.splitlines() if not l.startswith("@") and "\t" not in l)
    lost = han(body) - han(text)
    if lost:
        fail(f, f"characters of the text not in the PDF: {''.join(sorted(lost.elements()))[:40]}")
    for chrome in ("索引号", "当前位置", "分享到", "打印本页", "关闭窗口", "原文链接", "发布时间：",
                   "发布机构", "采集时间", "无障碍", "来源：", "时间：", "相关链接",
                   "文件下载", "网站标识码", "版权所有", "繁體版", "扫一扫", "报告.pdf",
                   "报告.docx"):
        if chrome in text:
            fail(f, f"portal chrome {chrome!r} printed")

for x in failures:
    print("FAIL:", x)
n = sum(1 for _ in open(os.path.join(real, "expect.tsv"))) - 1
print(f"real reports: {n - len(set(x.split(':')[0] for x in failures))} of {n} as expected")
sys.exit(1 if failures else 0)
