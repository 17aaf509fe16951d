#!/usr/bin/env python3
"""wpcheck's command line tests: cli_tests.py WPCHECK TEST_NAME"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from testlib import check, run_named_test

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures", "cli")


def run(*args):
    return subprocess.run([WPCHECK, *args], capture_output=True, text=True, timeout=60)


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


# ---- -p BUILD_DIR: the compilation database -------------------------------

def write_compdb(d, entries):
    with open(os.path.join(d, "compile_commands.json"), "w") as fh:
        json.dump(entries, fh)


def t_compdb():
    d = tempfile.mkdtemp()
    try:
        src = os.path.join(d, "src")
        os.makedirs(os.path.join(src, "inc"))
        shutil.copy(fx("needs_flag.c"), src)
        shutil.copy(fx("broken.c"), src)
        shutil.copy(fx("clean.c"), src)
        with open(os.path.join(src, "inc", "extra.h"), "w") as fh:
            fh.write("#define EXTRA 1\n")
        with open(os.path.join(src, "uses_inc.c"), "a") as fh:
            fh.write('#include "extra.h"\n#include <wpool.h>\nstatic void f(wp_wg wg) { (void)wg; }\n'
                     'int main(void) { wp_wg wg = WP_WG_INIT; f(wg); return EXTRA - 1; }\n')
        build = os.path.join(d, "build")
        os.makedirs(build)
        # relative paths are relative to "directory"; -c/-o/-MD/-MF/-Werror are dropped
        write_compdb(build, [
            {"directory": src, "file": "needs_flag.c",
             "arguments": ["cc", "-DWPCHECK_FIXTURE_FLAG", "-Werror", "-MD", "-MF", "x.d", "-c", "needs_flag.c",
                           "-o", "needs_flag.o"]},
            {"directory": src, "file": "broken.c", "command": "cc -c broken.c -o broken.o"},
            {"directory": src, "file": os.path.join(src, "uses_inc.c"), "command": "cc -Iinc -c uses_inc.c"},
            {"directory": src, "file": "notes.txt", "command": "cc -c notes.txt"},
        ])
        p = run("-p", build, "--format=json")
        check(p.returncode == 2, "-p: a file that does not parse: exit 2", p)
        check("broken.c" in p.stderr and "expected ';'" in p.stderr, "clang's own diagnostic for it", p)
        files = sorted(os.path.basename(f["file"]) for f in json.loads(p.stdout))
        check("needs_flag.c" in files and "uses_inc.c" in files, "the others checked with their own flags", p)
        check(not os.path.exists(os.path.join(src, "x.d")), "no dependency file written", p)
        # named files: only those, with the database's flags
        p = run("-p", build, "--format=json", os.path.join(src, "needs_flag.c"))
        check(p.returncode == 1, "-p with a named file: its flags from the database", p)
        check({os.path.basename(f["file"]) for f in json.loads(p.stdout)} == {"needs_flag.c"}, "only that file", p)
        # a named file the database does not list: checked with the command line's flags, with a warning
        p = run("-p" + build, os.path.join(src, "clean.c"))
        check(p.returncode == 0 and "not in" in p.stderr, "file not in the database: warned, checked", p)
    finally:
        shutil.rmtree(d)


def t_compdb_missing():
    d = tempfile.mkdtemp()
    try:
        p = run("-p", d, fx("clean.c"))
        check(p.returncode == 2 and "compile_commands.json" in p.stderr, "-p without a database: exit 2", p)
        p = run("-p")
        check(p.returncode == 2 and "-p" in p.stderr, "-p without a directory", p)
        write_compdb(d, [])
        p = run("-p", d)
        check(p.returncode == 2 and "no .c file" in p.stderr, "empty database, no files: exit 2", p)
    finally:
        shutil.rmtree(d)


# ---- -j N ---------------------------------------------------------------------

def t_jobs():
    p = run("--help")
    check(p.returncode == 0 and "-j N, --jobs=N" in p.stdout, "--help lists -j", p)
    p = run("--man")
    check("\\fB\\-j N, \\-\\-jobs=N\\fR" in p.stdout, "the man page lists -j", p)
    ref = run("-j", "1", "--format=json", fx("by_value.c"), fx("suppressed_above.c"))
    check(ref.returncode == 1 and json.loads(ref.stdout), "-j 1 checks", ref)
    for form in (["-j", "2"], ["-j2"], ["--jobs=2"], ["--jobs", "2"]):
        p = run(*form, "--format=json", fx("by_value.c"), fx("suppressed_above.c"))
        check(p.returncode == 1 and p.stdout == ref.stdout, " ".join(form) + ": the output of -j 1", p)
    for bad, says in ((["-j", "0"], "not '0'"), (["-j", "abc"], "not 'abc'"), (["-j2x"], "not '2x'"),
                      (["--jobs=-3"], "not '-3'"), (["-j", "257"], "not '257'"), (["--jobs="], "not ''")):
        p = run(*bad, fx("by_value.c"))
        check(p.returncode == 2 and "-j takes a number of threads from 1 to 256" in p.stderr and says in p.stderr
              and p.stdout == "", " ".join(bad) + ": exit 2, a clear message, nothing checked", p)
    for last in ("-j", "--jobs"):
        p = run(fx("by_value.c"), last)
        check(p.returncode == 2 and last + " needs a number of threads" in p.stderr, last + " without a value", p)
    p = run(fx("clean.c"), "--", "-j", "0")
    check("-j takes" not in p.stderr and "clean.c" in p.stderr, "after --, -j is clang's (which refuses it)", p)


# ---- --format=sarif ---------------------------------------------------------

def sarif(*args, cwd=None):
    p = subprocess.run([WPCHECK, "--format=sarif", *args], capture_output=True, text=True, timeout=60, cwd=cwd)
    return p, json.loads(p.stdout)


def t_sarif_structure():
    p, log = sarif(fx("by_value.c"), fx("suppressed_above.c"), cwd=FIX)
    check(p.returncode == 1, "sarif: exit 1 with findings", p)
    check(log["version"] == "2.1.0" and "$schema" in log and len(log["runs"]) == 1, "sarif 2.1.0, one run", p)
    run_ = log["runs"][0]
    drv = run_["tool"]["driver"]
    check(drv["name"] == "wpcheck" and drv["version"], "driver name and version", p)
    rules = drv["rules"]
    check(len(rules) == 11, "the ten rules and wpcheck-suppression", p)
    for r in rules:
        for k in ("id", "name", "shortDescription", "fullDescription", "help", "helpUri"):
            check(k in r, f"rule has {k}", p)
        check(r["help"]["text"] and r["help"]["markdown"], "help text and markdown", p)
        check(r["fullDescription"]["text"].endswith("."), "descriptions are sentences", p)
    md = next(r for r in rules if r["id"] == "WP006")
    check("## What it finds" in md["help"]["markdown"], "help is the rule's doc", p)
    base = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    check(base.startswith("file:///") and base.endswith("/"), "%SRCROOT% is an absolute directory uri", p)
    results = run_["results"]
    check(len(results) >= 3, "results", p)
    for res in results:
        idx = res["ruleIndex"]
        check(rules[idx]["id"] == res["ruleId"], "ruleIndex points at ruleId", p)
        check(res["level"] in ("warning", "error") and res["message"]["text"].endswith("."), "level, message", p)
        loc = res["locations"][0]["physicalLocation"]
        check(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%" and not loc["artifactLocation"]["uri"].startswith("/"),
              "uri relative to %SRCROOT%", p)
        check(loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1, "region", p)
        check(list(res["partialFingerprints"]) == ["wpcheck/v1"], "partialFingerprints", p)
    check(any(r["ruleId"] == "WP000" for r in results), "the stale suppression is a result too", p)
    p, log = sarif(os.path.join(os.path.dirname(HERE), "..", "testcases", "missing-done", "bad_forgot_done.c"))
    res = log["runs"][0]["results"][0]
    rel = res["relatedLocations"]
    check(rel and rel[0]["message"]["text"] and rel[0]["physicalLocation"]["region"]["startLine"] == 49,
          "notes are relatedLocations", p)


def t_sarif_fingerprints():
    """Stable across unrelated edits: lines added above move the finding, not its fingerprint."""
    d = tempfile.mkdtemp()
    try:
        f = os.path.join(d, "by_value.c")
        shutil.copy(fx("by_value.c"), f)
        _, a = sarif(f, cwd=d)
        with open(f) as fh:
            text = fh.read()
        with open(f, "w") as fh:
            fh.write("/* an unrelated\n   comment */\n\n" + text.replace("wait_all(wg);", "wait_all(wg);  "))
        _, b = sarif(f, cwd=d)
        ra, rb = a["runs"][0]["results"], b["runs"][0]["results"]
        check(len(ra) == len(rb) == 2, "same findings", None)
        for x, y in zip(ra, rb):
            check(x["locations"][0]["physicalLocation"]["region"]["startLine"] + 3 ==
                  y["locations"][0]["physicalLocation"]["region"]["startLine"], "the line moved", None)
            check(x["partialFingerprints"] == y["partialFingerprints"], "the fingerprint did not", None)
        check(ra[0]["partialFingerprints"] != ra[1]["partialFingerprints"], "different findings differ", None)
        check(a["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "by_value.c",
              "uri relative to the run's root (outside git: the current directory)", None)
    finally:
        shutil.rmtree(d)


# ---- JSON schema -------------------------------------------------------------

def t_json_schema():
    schema = os.path.join(HERE, "wpcheck.schema.json")
    for args in ([fx("by_value.c"), fx("suppressed_above.c"), fx("clean.c")],
                 [os.path.join(HERE, "..", "..", "testcases", "missing-done")],
                 [os.path.join(HERE, "..", "..", "testcases", "unclosed-queue")]):
        p = run("--format=json", *args)
        check(p.returncode in (0, 1), "json run", p)
        v = subprocess.run([sys.executable, os.path.join(HERE, "json_schema.py"), schema], input=p.stdout,
                           capture_output=True, text=True, timeout=60)
        check(v.returncode == 0, "output matches wpcheck.schema.json: " + v.stdout, p)
    # and the validator does reject what the schema forbids
    bad = '[{"file": "a.c", "line": 0, "column": 1, "rule": "nope", "id": "WP001", "severity": "warning", ' \
          '"message": "m", "notes": [], "fixes": [], "extra": 1}]'
    v = subprocess.run([sys.executable, os.path.join(HERE, "json_schema.py"), schema], input=bad,
                       capture_output=True, text=True, timeout=60)
    check(v.returncode == 1 and "minimum" in v.stdout and "nope" in v.stdout and "extra" in v.stdout,
          "the validator rejects a bad document", None)


# ---- suppressions --------------------------------------------------------------

def t_suppression_reason_required():
    d = tempfile.mkdtemp()
    try:
        f = os.path.join(d, "no_reason.c")
        with open(fx("by_value.c")) as fh:
            text = fh.read()
        with open(f, "w") as fh:
            fh.write(text.replace("  wait_all(wg);", "  wait_all(wg); // wpcheck: ignore[waitgroup-by-value]")
                         .replace("static void wait_all(wp_wg wg)",
                                  "static void wait_all(wp_wg wg) /* wpcheck: ignore[WP005] */"))
        p = run("--format=json", f)
        data = json.loads(p.stdout)
        rules = sorted((x["line"], x["rule"]) for x in data)
        check(p.returncode == 1 and rules == [(4, "waitgroup-by-value"), (4, "wpcheck-suppression"),
                                              (12, "waitgroup-by-value"), (12, "wpcheck-suppression")],
              "no reason: does not suppress, and is reported", p)
        check(all("no reason" in x["message"] for x in data if x["rule"] == "wpcheck-suppression"), "says why", p)
        p = run("--color=never", f)
        check("[wpcheck-suppression]" in p.stdout, "text output tags it [wpcheck-suppression]", p)
    finally:
        shutil.rmtree(d)


def t_suppression_stale():
    d = tempfile.mkdtemp()
    try:
        f = os.path.join(d, "stale.c")
        with open(fx("clean.c")) as fh:
            lines = fh.read().splitlines()
        lines.insert(1, "// wpcheck: ignore[double-close] left over from an old bug")
        lines.insert(2, "// wpcheck: ignore[no-such-rule] typo")
        lines.insert(3, "// wpcheck: ignore[deadlock] runtime-only rules are never stale here")
        with open(f, "w") as fh:
            fh.write("\n".join(lines) + "\n")
        p = run("--format=json", f)
        data = json.loads(p.stdout)
        check(p.returncode == 1 and [(x["line"], x["rule"]) for x in data] ==
              [(2, "wpcheck-suppression"), (3, "wpcheck-suppression")], "stale and unknown suppressions reported", p)
        check("matches no finding" in data[0]["message"] and "unknown rule" in data[1]["message"], "messages", p)
        p = run("--format=json", "--disable", "double-close", f)
        check([x["line"] for x in json.loads(p.stdout)] == [3], "a rule not run cannot go stale", p)
        p = run(fx("suppressed.c"))
        check(p.returncode == 0 and p.stdout == "", "used suppressions with reasons: nothing", p)
    finally:
        shutil.rmtree(d)


# ---- .wpcheck ------------------------------------------------------------------

CFG = os.path.join(HERE, "fixtures", "config")


def t_config_spawner():
    f = os.path.join(CFG, "spawner", "spawn_wrapper.c")
    p = run("--format=json", f)
    data = json.loads(p.stdout)
    check(p.returncode == 1 and [(x["line"], x["rule"]) for x in data] == [(12, "missing-done")],
          "a spawner from .wpcheck is followed like wp_go", p)
    check(data[0]["notes"] and data[0]["notes"][0]["line"] == 20, "the note names the wrapper's call", p)
    p = run("--no-config", f)
    check(p.returncode == 0, "without the configuration the wrapper is an opaque call", p)


def t_config_spawners_per_dir():
    """a/ and b/ declare the same spawner name with other argument positions,
    and b/ one more: each file is read with its own .wpcheck chain's, in any
    order (a/sub's .wpcheck, which only disables a rule, keeps a/'s)."""
    d = os.path.join(CFG, "per_dir")
    want = [("a/sub/use_sub.c", 11), ("a/use_a.c", 12), ("b/use_b.c", 15), ("common/worker.c", 8)]
    notes = {"a/sub/use_sub.c": ("use_sub.c", 19), "a/use_a.c": ("use_a.c", 28), "b/use_b.c": ("use_b.c", 25),
             "common/worker.c": ("use_b.c", 23)}  # the spawn sites: worker.c's thread is started from b/
    for order in (["a", "b", "common"], ["common", "b", "a"], ["b", "a/sub", "a/use_a.c", "common"]):
        p = run("--format=json", *[os.path.join(d, x) for x in order])
        check(p.returncode == 1, "per-directory spawners: findings", p)
        data = json.loads(p.stdout)
        got = sorted((os.path.relpath(x["file"], d), x["line"]) for x in data)
        check(got == want and all(x["rule"] == "missing-done" for x in data),
              "per-directory spawners, inputs in the order %s: %s" % (order, got), p)
        for x in data:
            n = x["notes"][0]
            check((os.path.basename(n["file"]), n["line"]) == notes[os.path.relpath(x["file"], d)],
                  "the note is the spawn through the file's own wrapper", p)
    p = run("--format=json", os.path.join(d, "a", "use_a.c"))
    check([x["line"] for x in json.loads(p.stdout)] == [12], "go_b is not a spawner in a/", p)
    p = run("--format=json", os.path.join(d, "common"))
    check(p.returncode == 0, "common/worker.c alone: nobody starts it", p)
    p = run("--no-config", d)
    check(p.returncode == 0, "without the configuration: opaque calls, no findings", p)


def t_config_rules():
    d = os.path.join(CFG, "rules")
    p = run(d)
    check(p.returncode == 0 and p.stdout == "", ".wpcheck: include-dir found the header, disable dropped the rule", p)
    p = run("--enable", "waitgroup-by-value", "--format=json", d)
    check(p.returncode == 1 and json.loads(p.stdout)[0]["rule"] == "waitgroup-by-value", "the CLI overrides it", p)
    p = run("--no-config", d)
    check(p.returncode == 2 and "local_defs.h" in p.stderr, "--no-config: no include-dir", p)


def t_config_bad():
    d = tempfile.mkdtemp()
    try:
        shutil.copy(fx("clean.c"), d)
        for text, what in (("enable = no-such-rule\n", "no-such-rule"), ("colour = red\n", "unknown key"),
                           ("spawner = spawn 1\n", "spawner takes"), ("just words\n", "key = value")):
            with open(os.path.join(d, ".wpcheck"), "w") as fh:
                fh.write("# comment\n\n" + text)
            p = run(os.path.join(d, "clean.c"))
            check(p.returncode == 2 and what in p.stderr and ".wpcheck:3" in p.stderr, "bad .wpcheck: " + what, p)
    finally:
        shutil.rmtree(d)


# ---- man page, version ------------------------------------------------------------

def t_man_page():
    page = os.path.join(os.path.dirname(WPCHECK), "wpcheck.1")
    check(os.path.exists(page), "the build wrote wpcheck.1 beside wpcheck", None)
    with open(page) as fh:
        roff = fh.read()
    p = run("--man")
    check(p.returncode == 0 and p.stdout == roff, "wpcheck --man is the built page", p)
    for sec in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "RULES", "EXIT STATUS", "FILES"):
        check(f"\n.SH {sec}\n" in roff, f"section {sec}", None)
    for name in ("unclosed-queue", "missing-done", "use-after-free"):
        check(".SS " + name.replace("-", "-") in roff, f"rule {name}", None)
    check("What it finds" in roff and "\\-\\-format" in roff and ".wpcheck" in roff, "docs, options, files", None)
    groff = shutil.which("groff")
    man = shutil.which("man")
    if groff:
        g = subprocess.run([groff, "-man", "-Tutf8", "-ww", page], capture_output=True, text=True, timeout=60)
        shown = re.sub(".\b", "", g.stdout)  # bold is overstruck
        check(g.returncode == 0 and "EXIT STATUS" in shown and "wpcheck-suppression" in shown and not g.stderr,
              "groff renders it without warnings: " + g.stderr, None)
    elif man:
        g = subprocess.run([man, "-l", page], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, MANPAGER="cat", PAGER="cat"))
        check(g.returncode == 0 and "EXIT STATUS" in re.sub(".\b", "", g.stdout), "man -l renders it", None)


# ---- --diff -----------------------------------------------------------------------

def git(d, *args):
    subprocess.run(["git", "-C", d, "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True,
                   capture_output=True, timeout=60)


def t_diff():
    if shutil.which("git") is None:
        print("SKIPPED: git is not installed")
        sys.exit(77)
    d = tempfile.mkdtemp()
    try:
        git(d, "init", "-q")
        src = os.path.join(os.path.dirname(HERE), "..", "testcases", "missing-done", "bad_forgot_done.c")
        f = os.path.join(d, "prog.c")
        shutil.copy(src, f)
        shutil.copy(fx("by_value.c"), os.path.join(d, "by_value.c"))
        git(d, "add", ".")
        git(d, "commit", "-q", "-m", "base")
        p = run("--diff", "HEAD", "--format=json", d)
        check(p.returncode == 0 and json.loads(p.stdout) == [], "nothing changed: nothing reported", p)
        with open(f) as fh:
            lines = fh.read().split("\n")
        # change only the spawn line (49): the finding is at the return (36), its note at the spawn
        lines[48] = lines[48].replace("int rc = wp_go(worker, &args[i]);", "int rc = wp_go(worker, &args[i]); ")
        with open(f, "w") as fh:
            fh.write("\n".join(lines))
        p = run("--diff", "HEAD", "--format=json", d)
        data = json.loads(p.stdout)
        check(p.returncode == 1 and [(os.path.basename(x["file"]), x["line"]) for x in data] == [("prog.c", 36)],
              "a finding whose note is on a changed line counts; the unchanged file's do not", p)
        with open(os.path.join(d, "new.c"), "w") as fh:
            with open(fx("by_value.c")) as src_fh:
                fh.write(src_fh.read().replace("wait_all", "wait_new"))
        p = run("--diff", "HEAD", "--format=json", os.path.join(d, "new.c"))
        check(p.returncode == 1 and len(json.loads(p.stdout)) == 2, "an untracked file counts as changed", p)
        p = run("--diff", "no-such-rev", f)
        check(p.returncode == 2 and "git diff" in p.stderr, "a bad revision: exit 2", p)
    finally:
        shutil.rmtree(d)


def t_install():
    """install(): wpcheck, its man page and the rule docs land in place."""
    cmake = os.environ.get("CMAKE_COMMAND") or shutil.which("cmake")
    build = os.environ.get("WPCHECK_BUILD_DIR")
    check(cmake and build, "CMAKE_COMMAND and WPCHECK_BUILD_DIR are set by CTest", None)
    d = tempfile.mkdtemp()
    try:
        p = subprocess.run([cmake, "--install", build, "--prefix", d], capture_output=True, text=True, timeout=120)
        check(p.returncode == 0, "cmake --install", p)
        check(os.access(os.path.join(d, "bin", "wpcheck"), os.X_OK), "bin/wpcheck", p)
        check(os.path.exists(os.path.join(d, "share", "man", "man1", "wpcheck.1")), "share/man/man1/wpcheck.1", p)
        for rule in ("unclosed-queue", "missing-done", "deadlock"):
            check(os.path.exists(os.path.join(d, "share", "doc", "wpool", rule + ".md")), f"share/doc/wpool/{rule}.md", p)
        v = subprocess.run([os.path.join(d, "bin", "wpcheck"), "--version"], capture_output=True, text=True, timeout=60)
        check(v.returncode == 0 and "LLVM" in v.stdout, "the installed wpcheck runs", v)
    finally:
        shutil.rmtree(d)


if __name__ == "__main__":
    run_named_test(globals())
