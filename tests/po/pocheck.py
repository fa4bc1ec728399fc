#!/usr/bin/env python3
"""pocheck.py SOURCE_DIR: the Chinese catalogue is complete and safe to format.

1. msgfmt --check --check-format accepts po/zh_CN.po (header, plural forms,
   printf conversions compatible with the msgid's).
2. Every translation of a c-format message takes the same arguments in the
   same order as its English (what core_format_same checks at run time, where
   a translation that differs is ignored): no %1$s reordering; flags, width
   and precision may differ ("%.0s" drops an English plural "s").
3. Every message tools/pot.sh extracts from the sources (the command line's
   and the library's) has a translation that is neither empty nor fuzzy, so
   that a new message cannot reach a clerk in English unnoticed.
Run by ctest (tests/CMakeLists.txt, test po_zh_CN)."""
import os
import re
import subprocess
import sys
import tempfile

src = sys.argv[1]
po = os.path.join(src, "po", "zh_CN.po")
problems = []


def entries(path):
    """(flags, msgid, [msgstr...]) for each entry of a .po file, obsolete ones left out."""
    out, cur, key = [], None, None
    def unq(s):
        return (s[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")
                .replace("\\\\", "\\"))
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if cur and "msgid" in cur:
                out.append(cur)
            cur = {"flags": line[2:].replace(" ", "").split(",")}
            key = None
            continue
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
        if m:
            if m.group(1) == "msgid":
                if cur and "msgid" in cur:
                    out.append(cur)
                    cur = None
                cur = cur or {"flags": []}
            key = m.group(1)
            cur[key] = unq(m.group(2))
        elif line.startswith('"') and cur is not None and key:
            cur[key] += unq(line)
    if cur and "msgid" in cur:
        out.append(cur)
    return out


CONV = re.compile(r"%(?:%|[^diouxXeEfFgGaAcspnm%]*[diouxXeEfFgGaAcspnm])")


def signature(fmt):
    """The arguments fmt takes: per conversion its stars, length and kind."""
    sig = []
    for c in CONV.findall(fmt):
        if c == "%%":
            continue
        kind = c[-1]
        kind = "d" if kind in "di" else "u" if kind in "ouxX" else "f" if kind in "eEfFgGaA" else kind
        sig.append("".join(ch for ch in c[1:-1] if ch in "*$hljztL") + kind)
    return sig


# 1
r = subprocess.run(["msgfmt", "--check", "--check-format", "-o", os.devnull, po],
                   capture_output=True, text=True)
if r.returncode != 0:
    problems.append("msgfmt --check-format refuses po/zh_CN.po:\n" + r.stderr)

# 2
cat = entries(po)
translated = {}
for e in cat:
    if not e["msgid"]:
        continue
    strs = [v for k, v in e.items() if k.startswith("msgstr")]
    ok = all(strs) and "fuzzy" not in e["flags"]
    if ok:
        translated[e["msgid"]] = e
    if not ok or "c-format" not in e["flags"]:
        continue
    want = signature(e["msgid"])
    for s in strs:
        got = signature(s)
        if got != want or any("$" in g for g in got):
            problems.append("arguments differ: %r takes %s, its translation %r takes %s"
                            % (e["msgid"], want, s, got))

# 3
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "gongwen.pot")
    r = subprocess.run(["sh", os.path.join(src, "tools", "pot.sh"), pot], capture_output=True,
                       text=True)
    if r.returncode != 0:
        problems.append("tools/pot.sh failed:\n" + r.stderr)
    else:
        extracted = [e["msgid"] for e in entries(pot) if e["msgid"]]
        if len(extracted) < 200:
            problems.append("only %d messages extracted: the keywords of tools/pot.sh are wrong"
                            % len(extracted))
        for m in extracted:
            # "%s" and "@%s%s" carry no words of their own: nothing to translate
            if re.search(r"[A-Za-z]", CONV.sub("", m)) and m not in translated:
                problems.append("not translated in po/zh_CN.po: %r (run sh tools/pot.sh, "
                                "then translate it)" % m)

for p in problems:
    print(p)
print("%d translated messages checked, %d problems" % (len(translated), len(problems)))
sys.exit(1 if problems else 0)
