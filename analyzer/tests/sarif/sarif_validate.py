#!/usr/bin/env python3
"""Validates wpcheck's SARIF with Microsoft's SARIF Multitool (npm package
@microsoft/sarif-multitool, pinned by package.json/package-lock.json here).

usage: sarif_validate.py WPCHECK TOOL_DIR FIXTURE...

TOOL_DIR is where `npm ci` installed the package (scripts/build.sh does it;
this test does it too when it is missing).  The Multitool exits 0 even when
a log is invalid, so this reads its output log and fails on any error-level
result.  Exit 77 (CTest's SKIP_RETURN_CODE) when the tool cannot be had or
cannot validate: first it must find the errors of a known-bad log."""
import glob
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77

BAD_LOG = {
    "version": "2.1.0",
    "runs": [{
        "tool": {"driver": {"name": "canary", "rules": [{"id": "A1"}]}},
        "results": [{"ruleId": "B2", "ruleIndex": 7, "level": "bogus", "message": {"text": "x"},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "/abs.c", "uriBaseId": "%SRCROOT%"},
                                                         "region": {"startLine": 0}}}]}],
    }],
}


def skip(why):
    print("SKIPPED:", why)
    sys.exit(SKIP)


def install(tool_dir):
    if glob.glob(os.path.join(tool_dir, "node_modules", "@microsoft", "sarif-multitool*")):
        return
    npm = shutil.which("npm")
    if npm is None:
        skip("npm is not installed, so the SARIF Multitool cannot be installed")
    os.makedirs(tool_dir, exist_ok=True)
    for f in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(HERE, f), tool_dir)
    p = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", tool_dir],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        skip("`npm ci` of @microsoft/sarif-multitool failed (no network?):\n" + p.stderr[-2000:])


def multitool(tool_dir):
    # npm does not run the package's install script (chmod): do it here
    for path in glob.glob(os.path.join(tool_dir, "node_modules", "@microsoft", "sarif-multitool*", "Sarif.Multitool")):
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path
    skip("no Sarif.Multitool binary for this platform under " + tool_dir)


def validate(tool, log, work):
    out = os.path.join(work, "validation.sarif")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([tool, "validate", "--rule-kind", "Sarif;Gh", log, "--output", out, "--log", "ForceOverwrite"],
                       capture_output=True, text=True, timeout=300)
    if not os.path.exists(out):
        print(p.stdout, p.stderr)
        skip("the SARIF Multitool wrote no log (exit %d)" % p.returncode)
    with open(out, encoding="utf-8-sig") as fh:
        data = json.load(fh)
    results = [r for run in data.get("runs", []) for r in run.get("results") or []]
    notes = [n for run in data.get("runs", []) for inv in run.get("invocations") or []
             for n in (inv.get("toolExecutionNotifications") or []) + (inv.get("toolConfigurationNotifications") or [])]
    return results, notes


def text_of(r):
    m = r.get("message", {})
    return m.get("text") or " / ".join(m.get("arguments") or [])


def main():
    wpcheck, tool_dir, fixtures = sys.argv[1], sys.argv[2], sys.argv[3:]
    install(tool_dir)
    tool = multitool(tool_dir)
    work = tempfile.mkdtemp()
    try:
        bad = os.path.join(work, "canary.sarif")
        with open(bad, "w") as fh:
            json.dump(BAD_LOG, fh)
        results, _ = validate(tool, bad, work)
        if not any(r.get("level", "warning") == "error" for r in results):
            skip("the SARIF Multitool found no error in a known-bad log, so it validates nothing here "
                 "(its self-contained Linux build loaded no validation rules); wpcheck's SARIF is not "
                 "validated by it")
        log = os.path.join(work, "wpcheck.sarif")
        p = subprocess.run([wpcheck, "--format=sarif", *fixtures], capture_output=True, text=True, timeout=120)
        if p.returncode not in (0, 1):
            print("wpcheck failed:", p.returncode, p.stderr)
            return 1
        with open(log, "w") as fh:
            fh.write(p.stdout)
        results, notes = validate(tool, log, work)
        errors = [r for r in results if r.get("level", "warning") == "error"]
        errors += [n for n in notes if n.get("level") == "error"]
        for r in results:
            print("%s %s: %s" % (r.get("level", "warning"), r.get("ruleId"), text_of(r)))
        if errors:
            print("FAILED: %d error-level result(s) from the SARIF Multitool" % len(errors))
            return 1
        print("ok: the SARIF Multitool (Sarif;Gh rules) found no error")
        return 0
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
