#!/usr/bin/env python3
"""Runs one testcase program in debug mode and checks its reports against
the case's annotations.

    check_debug.py [--runs N] [--load] PROGRAM SOURCE...

Expected: every `// expect: RULE` and `// expect-runtime: RULE` line of the
sources (several rules separated by commas).  Each run must report exactly
those (rule, file, line) findings, nothing else; a case with none must exit
0, a case with some must exit with debug mode's exit code (66).  --load
keeps both cores busy with spinning processes during the runs, since a
schedule-dependent bug must be reported on every run, not only on a quiet
machine.
"""
import argparse
import glob
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile

EXPECT = re.compile(r"//\s*expect(?:-runtime)?:\s*([a-z][a-z, -]*)")
EXIT_CODE = 66


def expected_findings(sources):
    want = set()
    for src in sources:
        with open(src, encoding="utf-8", errors="replace") as f:
            for no, line in enumerate(f, 1):
                for m in EXPECT.finditer(line):
                    for rule in m.group(1).split(","):
                        if rule.strip():
                            want.add((rule.strip(), os.path.basename(src), no))
    return want


def spin():
    while True:
        pass


def run_once(program, tmp, run):
    log = os.path.join(tmp, f"run{run}")
    env = dict(os.environ, WPOOL_DEBUG=f"format=json:log_path={log}")
    try:
        proc = subprocess.run([program], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return None, set(), "timed out after 60 s"
    got = set()
    for path in glob.glob(log + ".*"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                got.add((r["rule"], os.path.basename(r["file"]), r["line"]))
    return proc.returncode, got, proc.stderr.decode(errors="replace")


def describe(findings):
    return "\n".join(f"    {f}:{l}: {r}" for r, f, l in sorted(findings)) or "    (none)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--load", action="store_true")
    ap.add_argument("program")
    ap.add_argument("sources", nargs="+")
    args = ap.parse_args()

    want = expected_findings(args.sources)
    load = []
    if args.load:
        load = [multiprocessing.Process(target=spin, daemon=True)
                for _ in range(os.cpu_count() or 2)]
        for p in load:
            p.start()
    failures = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(1, args.runs + 1):
                code, got, stderr = run_once(args.program, tmp, run)
                want_code = EXIT_CODE if want else 0
                if code == want_code and got == want:
                    continue
                failures += 1
                print(f"run {run}: exit {code} (expected {want_code})")
                if got != want:
                    print("  missing:\n" + describe(want - got))
                    print("  unexpected:\n" + describe(got - want))
                if stderr.strip():
                    print("  stderr:\n" + stderr[-2000:])
    finally:
        for p in load:
            p.terminate()
    print(f"{args.runs - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
