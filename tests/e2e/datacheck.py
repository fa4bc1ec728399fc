#!/usr/bin/env python3
"""Validate `gongwen data` output against docs/DATA.md schema_version 1.

datacheck.py json FILE   -- the JSON object: keys, types, one record a cell
datacheck.py csv FILE    -- RFC 4180 CSV: header, #meta records, 11 fields
Prints the number of cells; exits 1 with a message on the first violation.
"""
import csv, json, sys

CELL = {"table": str, "form": str, "row_key": (str, type(None)), "col_key": (str, type(None)),
        "state": str, "value": (int, float, type(None)), "unit": (str, type(None)),
        "text": str, "file": (str, type(None)), "line": int, "column": int}

def die(msg):
    print("datacheck:", msg); sys.exit(1)

def check_json(path):
    d = json.load(open(path, encoding="utf-8"))
    if set(d) != {"schema", "schema_version", "meta", "cells"}: die("top-level keys %s" % sorted(d))
    if d["schema"] != "gongwen-data" or d["schema_version"] != 1: die("schema")
    m = d["meta"]
    if set(m) != {"title", "agency", "date", "year"}: die("meta keys")
    for c in d["cells"]:
        if set(c) != set(CELL): die("cell keys %s" % sorted(c))
        for k, t in CELL.items():
            if not isinstance(c[k], t): die("cell %s: %r" % (k, c[k]))
        if c["state"] not in ("empty", "ok", "bad", "long"): die("state %s" % c["state"])
        if (c["value"] is None) != (c["state"] != "ok"): die("value vs state: %r" % c)
        if c["unit"] not in (None, "元", "万元"): die("unit")
        if c["line"] < 1 or c["column"] < 1: die("place")
    return d

def check_csv(path):
    rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
    head = ["table", "form", "row_key", "col_key", "state", "value", "unit", "text", "file",
            "line", "column"]
    if rows[0] != head: die("header %r" % rows[0])
    if [r[2] for r in rows[1:6]] != ["schema_version", "title", "agency", "date", "year"]:
        die("meta records")
    for r in rows[1:]:
        if len(r) != 11: die("record of %d fields" % len(r))
    return rows

if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "json":
        print(len(check_json(path)["cells"]))
    else:
        print(len(check_csv(path)) - 6)
