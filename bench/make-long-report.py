#!/usr/bin/env python3
"""make-long-report.py: writes bench/reports/long-2023.txt, the long report
the benchmark measures beside the example: the prose of
tests/reports/typo-dense.txt (a real report's shape: six sections, run-in
headings, dense punctuation) twice over, and the three standard tables of the
2021 form (表二, 表三, 表四) filled with consistent multi-digit figures, so
that every check passes and the column-width search works on real numbers.
Deterministic (fixed seed): rerun it and the file is the same.

    python3 bench/make-long-report.py   # from the source root
"""
import random
import re

rnd = random.Random(2023)
src = open("tests/reports/typo-dense.txt", encoding="utf-8").read().split("\n")
ex = open("examples/report-2022.txt", encoding="utf-8").read().split("\n")


def section(lines, head):
    """The paragraphs under heading `head` up to the next level-1 heading."""
    out, on = [], False
    for l in lines:
        if re.match(r"^[一二三四五六七八九十]、", l):
            on = l.startswith(head)
            continue
        if on and l and "\t" not in l:
            out.append(l)
    return out


title = src[0]
intro = [src[2]]
general = section(src, "一、")
problems = section(src, "三、")
other = section(src, "四、")
sig = [l for l in src[-4:] if l.strip()]

t2 = """第二十条第（一）项\t\t\t
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t{a}\t{b}\t{c}
行政规范性文件\t{d}\t{e}\t{f}
第二十条第（五）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政许可\t{g}\t\t
第二十条第（六）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政处罚\t{h}\t\t
行政强制\t{i}\t\t
第二十条第（八）项\t\t\t
信息内容\t本年收费金额（单位：万元）\t\t
行政事业性收费\t{j}\t\t""".format(
    a=3, b=1, c=27, d=46, e=12, f=318, g=12846, h=1375, i=96, j="128.4500")

# 表三: the example's rows, each number row filled so that every column
# sums (total = the six applicant columns; (七) = (一)…(六); 一+二 = 三+四)
rows = []
on = False
for l in ex:
    if l.startswith("三、收到和处理"):
        on = True
        continue
    if on and l.startswith("四、政府信息公开行政复议"):
        break
    if on and l:
        rows.append(l)
head = rows[:3]
body = rows[3:]


def nums(n):
    return [rnd.choice([0, 0, 1, 2, 3, 5, 8, 13, 27, 41, 112, 356]) for _ in range(n)]


label_of = []
vals = []
for l in body:
    cells = l.split("\t")
    k = sum(1 for c in cells if c == "0")
    label_of.append([c for c in cells if c != "0"])
    vals.append(k)
# result rows: (一)…(六) parts; (七) total; 一, 二, 四 from them
res = {}
out3 = list(head)
res_rows = [i for i, l in enumerate(body) if not l.startswith(("一、", "二、", "四、"))
            and "(七)" not in l]
cols = 6
sums = [0] * cols
fills = {}
for i in res_rows:
    v = nums(cols)
    fills[i] = v
    sums = [s + x for s, x in zip(sums, v)]
carry_in = nums(cols)
carry_out = [rnd.choice([0, 1, 2, 6]) for _ in range(cols)]
new = [s + o - c for s, o, c in zip(sums, carry_out, carry_in)]
for i in range(len(new)):  # keep 一 non-negative
    if new[i] < 0:
        carry_in[i] += new[i]
        new[i] = 0
for i, l in enumerate(body):
    cells = l.split("\t")
    if l.startswith("一、"):
        v = new
    elif l.startswith("二、"):
        v = carry_in
    elif l.startswith("四、"):
        v = carry_out
    elif "(七)" in l:
        v = sums
    else:
        v = fills[i]
    v = v + [sum(v)]
    # the labels, then the seven values (the example gives only the total
    # of (一) and (二))
    labels = [c for c in cells if c != "0" and c != ""]
    if l.startswith("\t"):
        labels = [""] + labels
    out3.append("\t".join(labels + [str(x) for x in v]))
t3 = "\n".join(out3)

# 表四
def block():
    v = [rnd.choice([0, 1, 2, 3, 5, 9]) for _ in range(4)]
    return v + [sum(v)]
r4 = [l for l in ex if l.startswith("行政复议") or l.startswith("结果维持") or l.startswith("\t\t\t\t\t")]
t4 = "\n".join(r4 + ["\t".join(str(x) for x in block() + block() + block())])

text = [title, ""] + intro + [""]
text += ["一、总体情况", ""]
for p in general + [q for q in general if not q.startswith("（")][:1]:
    text += [p, ""]
text += ["二、主动公开政府信息情况", "", t2, ""]
text += ["三、收到和处理政府信息公开申请情况", "", t3, ""]
text += ["四、政府信息公开行政复议、行政诉讼情况", "", t4, ""]
text += ["五、存在的主要问题及改进情况", ""]
for p in problems:
    text += [p, ""]
text += ["六、其他需要报告的事项", ""]
for p in other:
    text += [p, ""]
text += sig
open("bench/reports/long-2023.txt", "w", encoding="utf-8").write("\n".join(text) + "\n")
