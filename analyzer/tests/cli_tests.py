#!/usr/bin/env python3
"""wpcheck's command line tests: cli_tests.py WPCHECK TEST_NAME"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures", "cli")


def run(*args):
    return subprocess.run([WPCHECK, *args], capture_output=True, text=True, timeout=60)


def check(cond, what, proc=None):
    if not cond:
        print("FAILED:", what)
        if proc is not None:
            print("exit", proc.returncode)
            print("stdout:", proc.stdout)
            print("stderr:", proc.stderr)
        sys.exit(1)


def fx(name):
    return os.path.join(FIX, name)


def t_help():
    p = run("--help")
    check(p.returncode == 0 and "usage: wpcheck" in p.stdout and "--format" in p.stdout, "--help", p)


def t_version():
    p = run("--version")
    check(p.returncode == 0 and p.stdout.startswith("wpcheck ") and "LLVM" in p.stdout, "--version", p)


def t_list_rules():
    p = run("--list-rules")
    check(p.returncode == 0, "--list-rules exit", p)
    for rid, name in [("WP001", "unclosed-queue"), ("WP002", "send-after-close"), ("WP003", "double-close"),
                      ("WP004", "add-inside-thread"), ("WP005", "waitgroup-by-value"), ("WP006", "missing-done"),
                      ("WP101", "negative-counter"), ("WP102", "deadlock"), ("WP103", "leak"),
                      ("WP104", "use-after-free")]:
        check(rid in p.stdout and name in p.stdout, f"--list-rules lists {name}", p)
    check(len(p.stdout.strip().splitlines()) == 10, "ten rules", p)


def t_explain():
    for rule in ("missing-done", "WP001", "deadlock"):
        p = run("--explain", rule)
        check(p.returncode == 0 and "## What it finds" in p.stdout and "## What debug mode reports" in p.stdout,
              f"--explain {rule}", p)
    p = run("--explain=double-close")
    check(p.returncode == 0 and "double-close" in p.stdout, "--explain=RULE", p)


def t_explain_unknown():
    p = run("--explain", "no-such-rule")
    check(p.returncode == 2 and "no-such-rule" in p.stderr, "--explain unknown", p)


def t_bad_option():
    p = run("--no-such-option", fx("clean.c"))
    check(p.returncode == 2 and "--no-such-option" in p.stderr, "bad option", p)
    p = run("--format=xml", fx("clean.c"))
    check(p.returncode == 2 and "format" in p.stderr, "bad --format", p)
    p = run("--enable", "nope", fx("clean.c"))
    check(p.returncode == 2 and "nope" in p.stderr, "bad --enable", p)


def t_no_inputs():
    p = run()
    check(p.returncode == 2 and "no input" in p.stderr, "no inputs", p)


def t_missing_file():
    p = run(fx("does_not_exist.c"), fx("by_value.c"))
    check(p.returncode == 2 and "does_not_exist.c" in p.stderr, "missing file exits 2", p)
    check("waitgroup-by-value" in p.stdout, "the other file is still checked", p)


def t_clean_exit_0():
    p = run(fx("clean.c"))
    check(p.returncode == 0 and p.stdout == "", "clean file: exit 0, no output", p)


def t_findings_exit_1():
    p = run(fx("by_value.c"))
    check(p.returncode == 1, "findings: exit 1", p)


def t_json_parses():
    p = run("--format=json", fx("by_value.c"))
    check(p.returncode == 1, "json exit 1", p)
    data = json.loads(p.stdout)
    check(isinstance(data, list) and len(data) >= 1, "json array", p)
    f = data[0]
    for k in ("file", "line", "column", "rule", "id", "severity", "message", "notes"):
        check(k in f, f"json key {k}", p)
    check(f["rule"] == "waitgroup-by-value" and f["id"] == "WP005" and f["line"] == 4, "json values", p)
    # and through python's own validator
    v = subprocess.run([sys.executable, "-m", "json.tool"], input=p.stdout, capture_output=True, text=True)
    check(v.returncode == 0, "python3 -m json.tool accepts it", p)


def t_json_empty():
    p = run("--format", "json", fx("clean.c"))
    check(p.returncode == 0 and json.loads(p.stdout) == [], "json [] when clean", p)


def t_json_escaping():
    d = tempfile.mkdtemp()
    try:
        weird = os.path.join(d, 'we"ird\\na\tme.c')
        shutil.copy(fx("by_value.c"), weird)
        p = run("--format=json", weird)
        data = json.loads(p.stdout)
        check(data and data[0]["file"] == weird, "escaped file name round-trips", p)
    finally:
        shutil.rmtree(d)


def t_text_format():
    p = run("--color=never", fx("by_value.c"))
    first = p.stdout.splitlines()[0]
    check(first.startswith(fx("by_value.c") + ":4:") and ": warning: " in first and
          first.endswith("[waitgroup-by-value]"), "file:line:col: warning: ... [rule]", p)
    lines = p.stdout.splitlines()
    check("wait_all" in lines[1] and lines[2].strip() == "^", "source line and caret", p)
    check("\033[" not in p.stdout, "no colour when not a terminal", p)
    p = run("--color=always", fx("by_value.c"))
    check("\033[" in p.stdout, "--color=always colours", p)


def t_enable():
    p = run("--enable", "double-close", fx("by_value.c"))
    check(p.returncode == 0 and p.stdout == "", "--enable other rule: nothing", p)
    p = run("--enable=WP005", fx("by_value.c"))
    check(p.returncode == 1, "--enable by id", p)


def t_disable():
    p = run("--disable", "waitgroup-by-value,double-close", fx("by_value.c"))
    check(p.returncode == 0 and p.stdout == "", "--disable", p)


def t_suppression():
    p = run(fx("suppressed.c"))
    check(p.returncode == 0 and p.stdout == "", "suppressed on the line", p)


def t_suppression_line_above():
    p = run("--format=json", fx("suppressed_above.c"))
    data = json.loads(p.stdout)
    lines = sorted(f["line"] for f in data)
    check(p.returncode == 1 and 5 not in lines and 13 in lines, "line above suppresses; other rule does not", p)


def t_parse_error_exit_2():
    p = run("--format=json", fx("broken.c"), fx("by_value.c"))
    check(p.returncode == 2, "exit 2", p)
    check("broken.c" in p.stderr and "error:" in p.stderr and "expected ';'" in p.stderr,
          "clang's diagnostic names the file", p)
    data = json.loads(p.stdout)
    check(any(f["file"].endswith("by_value.c") for f in data), "other file still checked", p)


def t_directory_recursive():
    p = run("--format=json", fx("tree"))
    data = json.loads(p.stdout)
    files = sorted(os.path.relpath(f["file"], fx("tree")) for f in data)
    check(p.returncode == 1 and "a.c" in files and os.path.join("sub", "b.c") in files, "recursive .c search", p)


def t_compiler_flags():
    p = run(fx("needs_flag.c"))
    check(p.returncode == 2 and "WPCHECK_FIXTURE_FLAG" in p.stderr, "without the flag it does not parse", p)
    p = run(fx("needs_flag.c"), "--", "-DWPCHECK_FIXTURE_FLAG")
    check(p.returncode == 1, "flags after -- reach clang", p)


if __name__ == "__main__":
    WPCHECK = sys.argv[1]
    globals()["t_" + sys.argv[2]]()
    print("ok")
