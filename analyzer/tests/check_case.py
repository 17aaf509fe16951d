#!/usr/bin/env python3
"""Checks one testcase with wpcheck: every expected finding, and nothing else.

usage: check_case.py WPCHECK CASE [-- extra wpcheck args]

CASE is a .c file or a directory whose .c files are checked together.
Expectations sit on the line a finding must be reported on:
  // expect: RULE[, RULE...]          wpcheck and debug mode
  // expect-static: RULE[, RULE...]   wpcheck alone
  // expect-runtime: RULE[, RULE...]  debug mode alone (ignored here)
"""
import collections
import json
import os
import re
import subprocess
import sys

EXPECT = re.compile(r"//\s*expect(-static|-runtime)?\s*:\s*([A-Za-z0-9_,\s-]+)")


def sources(case):
    if os.path.isdir(case):
        out = []
        for root, _dirs, files in os.walk(case):
            for f in files:
                if f.endswith((".c", ".h")):
                    out.append(os.path.join(root, f))
        return sorted(out)
    return [case]


def expectations(files):
    exp = collections.Counter()
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for lineno, line in enumerate(fh, 1):
                for m in EXPECT.finditer(line):
                    if m.group(1) == "-runtime":
                        continue
                    for rule in m.group(2).split(","):
                        rule = rule.strip().split()[0] if rule.strip() else ""
                        if rule:
                            exp[(os.path.realpath(path), lineno, rule)] += 1
    return exp


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    wpcheck, case = sys.argv[1], sys.argv[2]
    extra = sys.argv[4:] if len(sys.argv) > 3 and sys.argv[3] == "--" else []
    files = sources(case)
    expected = expectations(files)
    proc = subprocess.run([wpcheck, "--format=json", *extra, case], capture_output=True, text=True, timeout=120)
    if proc.returncode not in (0, 1):
        print(f"wpcheck exited with {proc.returncode}:\n{proc.stderr}")
        return 1
    try:
        findings = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        print(f"wpcheck's JSON does not parse: {e}\n{proc.stdout}")
        return 1
    actual = collections.Counter()
    messages = {}
    for f in findings:
        key = (os.path.realpath(f["file"]), f["line"], f["rule"])
        actual[key] += 1
        messages[key] = f["message"]
    if (proc.returncode == 1) != bool(findings):
        print(f"exit status {proc.returncode} does not match {len(findings)} findings")
        return 1
    missing = expected - actual
    unexpected = actual - expected
    rel = lambda p: os.path.relpath(p, case if os.path.isdir(case) else os.path.dirname(case) or ".")
    for (path, line, rule), n in sorted(missing.items()):
        print(f"MISSING    {rel(path)}:{line}: [{rule}]" + (f" x{n}" if n > 1 else ""))
    for (path, line, rule), n in sorted(unexpected.items()):
        print(f"UNEXPECTED {rel(path)}:{line}: [{rule}] {messages[(path, line, rule)]}")
    if missing or unexpected:
        return 1
    print(f"ok: {sum(expected.values())} expected finding(s) reported, nothing else")
    return 0


if __name__ == "__main__":
    sys.exit(main())
