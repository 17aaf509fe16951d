#!/usr/bin/env python3
"""wpcheck's fix-its and --fix: fix_tests.py WPCHECK TEST_NAME

Each fixture of fixtures/fix/ (a file, or a directory checked as one
program) is copied to a scratch directory and fixed there with --fix; then
the fixed files must compile, must have no finding of the rule left, must be
exactly the fixture's NAME.c.fixed twins, and a second --fix must change
nothing.  A fixture without twins must be offered no fix-it and left alone,
and the same code with its obstacle taken away must be offered one (so the
refusal is for the reason the fixture names)."""
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

from testlib import check, run_named_test

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(HERE, "fixtures", "fix")
INCLUDE = os.path.join(ROOT, "runtime", "include")
TESTCASES = os.path.join(ROOT, "testcases")


def run(*args, cwd=None):
    return subprocess.run([WPCHECK, *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def read(path):
    with open(path) as fh:
        return fh.read()


def write(path, text):
    with open(path, "w") as fh:
        fh.write(text)


def compiler():
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        print("SKIPPED: no C compiler to check that the fixed files compile")
        sys.exit(77)
    return cc


def check_compiles(path):
    # pointer/integer mix-ups are only warnings by default in C: a fix that
    # makes one is as wrong as one that does not compile
    p = subprocess.run([compiler(), "-fsyntax-only", "-Wall", "-Werror=incompatible-pointer-types",
                        "-Werror=int-conversion", "-I", INCLUDE, path], capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, f"{os.path.basename(path)} compiles once fixed:\n{read(path)}", p)


def sources(d):
    return sorted(os.path.join(r, f) for r, _, fs in os.walk(d) for f in fs if f.endswith(".c"))


def snapshot(d):
    return {f: read(f) for f in sources(d)}


def json_findings(*targets):
    p = run("--format=json", *targets)
    check(p.returncode in (0, 1), "wpcheck runs", p)
    return json.loads(p.stdout)


def scratch(name):
    """A copy of fixture NAME (NAME.c or NAME/) in a new directory: (dir, target to check)."""
    d = tempfile.mkdtemp()
    src = os.path.join(FIX, name)
    if os.path.isdir(src):
        target = os.path.join(d, name)
        shutil.copytree(src, target, ignore=shutil.ignore_patterns("*.fixed"))
    else:
        target = os.path.join(d, name + ".c")
        shutil.copy(src + ".c", target)
    return d, target


def twin(fixed_path, d, name):
    """The .fixed twin of a file of the scratch copy."""
    rel = os.path.relpath(fixed_path, d)
    if os.sep in rel:  # a directory fixture: NAME/file.c
        return os.path.join(FIX, rel + ".fixed")
    return os.path.join(FIX, name + ".c.fixed")


def check_idempotent(target, rule):
    before = snapshot(os.path.dirname(target) if target.endswith(".c") else target)
    p = run("--fix", target)
    after = snapshot(os.path.dirname(target) if target.endswith(".c") else target)
    check(before == after and "applied" not in p.stderr, "a second --fix changes nothing", p)
    check(not [f for f in json_findings(target) if f["rule"] == rule], f"no {rule} finding is left", None)


def fix_case(name, rule):
    d, target = scratch(name)
    try:
        p = run("--fix", "--format=json", target)
        check(p.returncode == 1, "--fix reports the findings it fixed (exit 1)", p)
        found = [f for f in json.loads(p.stdout) if f["rule"] == rule]
        check(found and all(f["fixes"] for f in found), f"every {rule} finding has a fix-it", p)
        check("applied the fix-its" in p.stderr, "--fix says what it applied", p)
        for f in sources(d):
            want = read(twin(f, d, name))
            got = read(f)
            diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "expected", "got"))
            check(got == want, f"{os.path.relpath(f, d)} fixed exactly as expected:\n{diff}", p)
            check_compiles(f)
        check_idempotent(target, rule)
    finally:
        shutil.rmtree(d)


def refused_case(name, rule, unblock):
    """No fix-it, nothing changed; with the obstacles taken away (unblock:
    file -> [(old, new)]), every finding on the listed lines has one."""
    d, target = scratch(name)
    try:
        before = snapshot(d)
        p = run("--fix", "--format=json", target)
        found = [f for f in json.loads(p.stdout) if f["rule"] == rule]
        check(p.returncode == 1 and found, f"{rule} findings", p)
        check(all(not f["fixes"] for f in found), "no fix-it offered", p)
        check(snapshot(d) == before and "applied" not in p.stderr, "--fix changes nothing", p)
        for rel, subs in unblock.items():
            path = os.path.join(target if os.path.isdir(target) else d, rel)
            text = read(path)
            for old, new in subs:
                check(old in text, f"the fixture still has {old!r}", None)
                text = text.replace(old, new)
            write(path, text)
        p = run("--format=json", target)
        found = [f for f in json.loads(p.stdout) if f["rule"] == rule]
        check(found and all(f["fixes"] for f in found),
              "with the obstacles taken away, every finding has a fix-it", p)
    finally:
        shutil.rmtree(d)


def testcase_case(rule, name, removed, added):
    """A bad testcase (a file, or a directory checked as one program): fixed,
    it compiles, has no finding of its rule, and the diff (of all its files)
    is exactly these lines removed and added."""
    d = tempfile.mkdtemp()
    try:
        src = os.path.join(TESTCASES, rule, name)
        target = os.path.join(d, name)
        if os.path.isdir(src):
            shutil.copytree(src, target)
        else:
            shutil.copy(src, target)
        before = snapshot(d)
        p = run("--fix", target)
        check(p.returncode == 1, "--fix on the bad testcase", p)
        after = snapshot(d)
        diff = []
        for f in sorted(before):
            diff += [line for line in difflib.unified_diff(before[f].splitlines(), after[f].splitlines(),
                                                           lineterm="", n=0)
                     if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        check(sorted(x[1:] for x in diff if x[0] == "-") == sorted(removed) and
              sorted(x[1:] for x in diff if x[0] == "+") == sorted(added),
              f"{name}: the diff is exactly the expected one:\n" + "\n".join(diff), p)
        for f in sources(d):
            check_compiles(f)
        check_idempotent(target, rule)
    finally:
        shutil.rmtree(d)


# ---- waitgroup-by-value --------------------------------------------------------

def t_by_value_param():
    fix_case("by_value_param", "waitgroup-by-value")


def t_by_value_crossfile():
    fix_case("by_value_crossfile", "waitgroup-by-value")


def t_by_value_refused():
    refused_case("by_value_refused", "waitgroup-by-value", {
        "main.c": [('#include "waiter.h"\n', ""), ("  void (*fp)(wp_wg) = wait_ptr;\n", ""), ("  fp(wg);\n", ""),
                   ("  return (int)sizeof wg;", "  return 0;"), ("  wait_made(make());\n", ""),
                   ("  WAIT(wg);", "  wait_macro(wg);"),
                   # the return's copy is another kind of finding, with no fix-it of its own
                   ("static wp_wg make(void)\n{\n  wp_wg wg = WP_WG_INIT;\n  return wg;\n}\n", "")]})


def t_by_value_testcases():
    testcase_case("waitgroup-by-value", "bad_by_value_param.c",
                  ["static void incorrect_worker(int id, wp_wg wg) // expect-static: waitgroup-by-value",
                   "  WP_DEFER_DONE(&wg); // expect-runtime: waitgroup-by-value",
                   "  incorrect_worker(c->id, *c->wg); // expect-static: waitgroup-by-value"],
                  ["static void incorrect_worker(int id, wp_wg *wg) // expect-static: waitgroup-by-value",
                   "  WP_DEFER_DONE(wg); // expect-runtime: waitgroup-by-value",
                   "  incorrect_worker(c->id, c->wg); // expect-static: waitgroup-by-value"])
    testcase_case("waitgroup-by-value", "bad_early_return.c",
                  ["static bool wait_batch(wp_wg wg, long timeout_ms) // expect-static: waitgroup-by-value",
                   "    return wp_wg_wait_timeout(&wg, 0) == WP_OK;",
                   "  return wp_wg_wait_timeout(&wg, timeout_ms) == WP_OK; // expect-runtime: waitgroup-by-value",
                   "  if (!wait_batch(wg, 50)) // expect-static: waitgroup-by-value"],
                  ["static bool wait_batch(wp_wg *wg, long timeout_ms) // expect-static: waitgroup-by-value",
                   "    return wp_wg_wait_timeout(wg, 0) == WP_OK;",
                   "  return wp_wg_wait_timeout(wg, timeout_ms) == WP_OK; // expect-runtime: waitgroup-by-value",
                   "  if (!wait_batch(&wg, 50)) // expect-static: waitgroup-by-value"])


# ---- add-inside-thread ---------------------------------------------------------

def t_add_inside_thread_struct():
    fix_case("add_inside_thread_struct", "add-inside-thread")


def t_add_inside_thread_embedded():
    fix_case("add_inside_thread_embedded", "add-inside-thread")


def t_add_inside_thread_pointer():
    fix_case("add_inside_thread_pointer", "add-inside-thread")


def t_add_inside_thread_refused():
    refused_case("add_inside_thread_refused", "add-inside-thread", {
        "add_inside_thread_refused.c": [("  called(&jobs[3]);\n", ""),
                                        ("  if (j->id > 0)\n    wp_wg_add(j->wg, 1);", "  wp_wg_add(j->wg, 1);"),
                                        ("  j = j + 1;\n", "")]})


def t_add_inside_thread_testcases():
    testcase_case("add-inside-thread", "bad_add_in_goroutine.c",
                  ["  wp_wg_add(a->wg, 1); // expect: add-inside-thread"],
                  ["  // expect: add-inside-thread", "    wp_wg_add(args[i].wg, 1);"])
    testcase_case("add-inside-thread", "bad_pthread.c",
                  ["  wp_wg_add(d->wg, 1); // expect: add-inside-thread"],
                  ["  // expect: add-inside-thread", "    wp_wg_add(downloads[i].wg, 1);"])
    # across files, through two members, the job run by a pool
    testcase_case("add-inside-thread", "bad_crossfile",
                  ["  wp_wg_add(&job->t->pending, 1); // expect: add-inside-thread"],
                  ["  // expect: add-inside-thread", "    wp_wg_add(&jobs[i].t->pending, 1);"])


# ---- missing-done --------------------------------------------------------------

def t_missing_done_wg_go():
    fix_case("missing_done_wg_go", "missing-done")


def t_missing_done_refused():
    refused_case("missing_done_refused", "missing-done", {
        "missing_done_refused.c": [("  if (t->n > 0)\n    wp_wg_done(t->wg);\n", "  t->n = 0;\n"),
                                   ("    wp_wg_done(&wg);\n", "    return 2;\n"),
                                   ("  wp_wg_add(&wg, 2);\n  wp_go(pair, &c);\n",
                                    "  wp_wg_add(&wg, 1);\n  wp_go(pair, &c);\n  wp_wg_add(&wg, 1);\n")]})


def t_testcases_without_fix():
    """The bad testcases whose repair is not mechanical: findings, no fix-it
    (a done on some paths only, an add in a loop or after the thread's own
    done, a copy into a struct or a local, a prototype in a header, a thread
    started by pthread_create or a pool)."""
    for rule, names in (("missing-done", ["bad_break_loop.c", "bad_forgot_done.c", "bad_pool_job.c",
                                          "bad_pthread.c", "bad_struct_args.c", "bad_crossfile"]),
                        ("add-inside-thread", ["bad_early_return.c", "bad_struct_args.c"]),
                        ("waitgroup-by-value", ["bad_pthread.c", "bad_struct_member.c", "bad_crossfile"])):
        for name in names:
            found = [f for f in json_findings(os.path.join(TESTCASES, rule, name)) if f["rule"] == rule]
            check(found and not any(f["fixes"] for f in found), f"{rule}/{name}: findings, no fix-it", None)


# ---- the outputs ---------------------------------------------------------------

def t_text_output():
    """Each finding's fix-its follow it (and its notes), as clang's
    -fdiagnostics-parseable-fixits: fix-it:"FILE":{L:C-L:C}:"TEXT"."""
    f = os.path.join(FIX, "missing_done_wg_go.c")
    p = run("--color=never", f)
    lines = p.stdout.splitlines()
    check(p.returncode == 1 and lines[0].startswith(f + ":20:1: warning: ") and lines[0].endswith("[missing-done]"),
          "the finding", p)
    fixits = [i for i, line in enumerate(lines) if line.startswith("fix-it:")]
    check([lines[i] for i in fixits] == [f'fix-it:"{f}":{{28:1-29:1}}:""',
                                        f'fix-it:"{f}":{{29:14-29:20}}:"wp_wg_go(&wg, "'],
          "the fix-its: delete the add's line, make wp_go(...) wp_wg_go(&wg, ...)", p)
    check(fixits == [len(lines) - 3, len(lines) - 2] and lines[-1] == "1 warning generated." and
          any(line.startswith(f + ":29:14: note: ") for line in lines[1:fixits[0]]),
          "under the finding, after its notes", p)
    # several findings: each one's own fix-its under it
    f = os.path.join(FIX, "by_value_param.c")
    p = run("--color=never", f)
    blocks, cur = [], None
    for line in p.stdout.splitlines():
        if ": warning: " in line:
            cur = [line, []]
            blocks.append(cur)
        elif line.startswith("fix-it:") and cur is not None:
            cur[1].append(line)
    check(len(blocks) == 5 and all(b[1] for b in blocks), "every by-value finding has its fix-its under it", p)
    check(f'fix-it:"{f}":{{42:10-42:10}}:"&"' in blocks[1][1] and
          f'fix-it:"{f}":{{42:10-42:10}}:"&"' not in blocks[0][1], "each finding its own fix", p)
    tab = run("--color=never", os.path.join(FIX, "add_inside_thread_pointer.c"))
    check('"wp_wg_add(&wg, 1);\\n\\t"' in tab.stdout, "a newline and a tab in a fix-it are written \\n, \\t", tab)


def apply_sarif(fix, srcroot):
    """Applies a SARIF fix's replacements in the order they come, each to the
    file as the ones before left it."""
    out = {}
    for change in fix["artifactChanges"]:
        loc = change["artifactLocation"]
        uri = urllib.parse.unquote(loc["uri"])
        path = os.path.join(srcroot, uri) if loc.get("uriBaseId") == "%SRCROOT%" else uri[len("file://"):]
        lines = read(path).split("\n")
        for r in change["replacements"]:
            reg = r["deletedRegion"]
            text = "\n".join(lines)
            starts = [0]
            for line in lines:
                starts.append(starts[-1] + len(line) + 1)
            s = starts[reg["startLine"] - 1] + reg["startColumn"] - 1
            e = starts[reg["endLine"] - 1] + reg["endColumn"] - 1
            text = text[:s] + r["insertedContent"]["text"] + text[e:]
            lines = text.split("\n")
        out[os.path.realpath(path)] = "\n".join(lines)
    return out


def t_sarif_fixes():
    d, target = scratch("by_value_crossfile")
    try:
        p = run("--format=sarif", target, cwd=d)
        log = json.loads(p.stdout)
        results = log["runs"][0]["results"]
        check(p.returncode == 1 and len(results) == 2, "two waitgroup-by-value results", p)
        for res in results:
            check(res["ruleId"] == "WP005" and len(res["fixes"]) == 1, "each has one fix", p)
            fix = res["fixes"][0]
            check(fix["description"]["text"], "the fix has a description", p)
            changes = fix["artifactChanges"]
            check(sorted(os.path.basename(c["artifactLocation"]["uri"]) for c in changes) == ["main.c", "waiter.c"],
                  "one artifactChange per file the fix touches", p)
            for c in changes:
                check(c["replacements"] and all("deletedRegion" in r and "insertedContent" in r
                                                for r in c["replacements"]), "replacements", p)
            srcroot = urllib.parse.unquote(log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"])
            fixed = apply_sarif(fix, srcroot[len("file://"):])
            for f in ("main.c", "waiter.c"):
                got = fixed[os.path.realpath(os.path.join(target, f))]
                check(got == read(os.path.join(FIX, "by_value_crossfile", f + ".fixed")),
                      f"applying the SARIF replacements one after the other fixes {f}:\n{got}", p)
        p = run("--format=sarif", os.path.join(FIX, "missing_done_refused.c"))
        check(all("fixes" not in r for r in json.loads(p.stdout)["runs"][0]["results"]),
              "no fixes when there is no fix-it", p)
    finally:
        shutil.rmtree(d)


def t_json_fixes():
    f = os.path.join(FIX, "add_inside_thread_struct.c")
    data = json_findings(f)
    check(len(data) == 1, "one finding", None)
    got = [(x["file"], x["line"], x["column"], x["end_line"], x["end_column"], x["text"]) for x in data[0]["fixes"]]
    check(got == [(f, 15, 1, 16, 1, ""), (f, 26, 5, 26, 5, "wp_wg_add(jobs[i].wg, 1);\n    "),
                  (f, 31, 3, 31, 3, "wp_wg_add(last->wg, 1);\n  ")], f"the JSON fixes: {got}", None)


def t_crlf():
    """Files with CRLF line ends keep them: a deleted line goes with its CRLF,
    an inserted one gets one."""
    d = tempfile.mkdtemp()
    try:
        for name in ("add_inside_thread_struct", "missing_done_wg_go"):
            f = os.path.join(d, name + ".c")
            with open(f, "w", newline="") as fh:
                fh.write(read(os.path.join(FIX, name + ".c")).replace("\n", "\r\n"))
            p = run("--fix", f)
            check(p.returncode == 1 and "applied" in p.stderr, f"{name}: fixed", p)
            with open(f, newline="") as fh:
                got = fh.read()
            want = read(os.path.join(FIX, name + ".c.fixed")).replace("\n", "\r\n")
            check(got == want, f"{name}: fixed with its CRLFs kept:\n{got!r}", p)
    finally:
        shutil.rmtree(d)


def t_idempotent():
    """--fix over all the fixtures at once, twice: the second run changes
    nothing and fixes nothing."""
    d = tempfile.mkdtemp()
    try:
        work = os.path.join(d, "fix")
        shutil.copytree(FIX, work, ignore=shutil.ignore_patterns("*.fixed", "*.md"))
        p = run("--fix", work)
        check(p.returncode == 1 and "applied the fix-its" in p.stderr, "the first --fix fixes", p)
        first = snapshot(work)
        p = run("--fix", work)
        check(snapshot(work) == first and "applied" not in p.stderr, "the second changes nothing", p)
        for f in sources(work):
            check_compiles(f)
    finally:
        shutil.rmtree(d)


if __name__ == "__main__":
    run_named_test(globals())
