#!/usr/bin/env python3
"""wpcheck itself under valgrind memcheck: the tests valgrind.wpcheck.<case>.

memcheck.py VALGRIND WPCHECK REPO_ROOT CASE

Each case runs one wpcheck command line twice, natively and under memcheck
(--leak-check=full), and fails if memcheck reports an error or a definite or
indirect leak (its --error-exitcode), or if the run under valgrind does not
give exactly the native run's exit status, stdout and files (a difference
means wpcheck read memory it never wrote).  Possible leaks and still
reachable blocks are not counted: libclang keeps caches for the life of the
process (it leaves one "possibly lost" block, and no definite or indirect
leak, so no suppression file is needed).  Inputs that are changed (--fix) or generated (-p's compile
database) are made in a scratch directory."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ERROR_EXIT = 99  # memcheck's exit status when it found something
TIMEOUT = 600


def fail(what, detail=""):
    print("FAILED:", what)
    if detail:
        print(detail[-6000:])
    sys.exit(1)


def memcheck_cmd(log):
    return [VALGRIND, "--tool=memcheck", f"--error-exitcode={ERROR_EXIT}", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect",
            "--num-callers=40", f"--log-file={log}"]


def run_twice(args, cwd=None, prepare=None):
    """wpcheck ARGS natively, then under memcheck; prepare(dir) makes a fresh
    copy of what the run changes and returns args with its paths."""
    scratch = tempfile.mkdtemp(prefix="wpcheck-memcheck-")
    try:
        results = []
        for mode in ("native", "memcheck"):
            run_args = args
            if prepare is not None:
                work = os.path.join(scratch, mode)
                os.mkdir(work)
                run_args = prepare(work)
            log = os.path.join(scratch, "memcheck.log")
            cmd = ([] if mode == "native" else memcheck_cmd(log)) + [WPCHECK, *run_args]
            try:
                p = subprocess.run(cmd, capture_output=True, cwd=cwd, timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                fail(f"{mode}: wpcheck {' '.join(run_args)}: no answer within {TIMEOUT} s")
            if p.returncode < 0:
                fail(f"{mode}: wpcheck {' '.join(run_args)}: killed by signal {-p.returncode}",
                     p.stderr.decode(errors="replace"))
            results.append(p)
            if mode == "memcheck":
                text = open(log, errors="replace").read() if os.path.exists(log) else "(no memcheck log)"
                if p.returncode == ERROR_EXIT:
                    fail(f"memcheck found errors or leaks in wpcheck {' '.join(run_args)}", text)
        native, checked = results
        if checked.returncode != native.returncode:
            fail(f"exit {checked.returncode} under memcheck, {native.returncode} natively",
                 checked.stderr.decode(errors="replace"))
        # the paths of the two scratch copies differ: compare with them masked
        out = [p.stdout.replace(os.path.join(scratch, m).encode(), b"<scratch>")
               for p, m in zip(results, ("native", "memcheck"))]
        if out[0] != out[1]:
            fail("stdout differs under memcheck", "native:\n%s\nmemcheck:\n%s" %
                 (out[0].decode(errors="replace")[-2500:], out[1].decode(errors="replace")[-2500:]))
        if prepare is not None and tree(scratch, "native") != tree(scratch, "memcheck"):
            fail("the files wpcheck left differ under memcheck")
        print(f"ok: wpcheck {' '.join(args) if prepare is None else '(scratch copy)'}: exit {native.returncode}, "
              "no memcheck error or leak, same output natively")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def tree(scratch, mode):
    """{relative path: contents} of every file of a scratch copy, its own
    path masked"""
    root = os.path.join(scratch, mode)
    files = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            files[os.path.relpath(p, root)] = open(p, "rb").read().replace(root.encode(), b"<scratch>")
    return files


def src(*parts):
    return os.path.join(ROOT, *parts)


def mixed():
    """Findings in one file and across files, a correct program, a file that
    does not parse, suppressions with and without reasons, a directory."""
    cli = ("analyzer", "tests", "fixtures", "cli")
    return [src("testcases", "missing-done", "bad_forgot_done.c"), src("testcases", "missing-done", "bad_crossfile"),
            src("testcases", "double-close", "bad_early_return.c"), src("testcases", "patterns", "pool_waitgroup_closer.c"),
            src(*cli, "broken.c"), src(*cli, "tree"), src(*cli, "suppressed.c"), src(*cli, "suppressed_above.c")]


def t_text_j1():
    run_twice(["-j", "1", "--color=always", *mixed()])


def t_json_j2():
    run_twice(["-j", "2", "--format=json", *mixed()])


def t_sarif_j2():
    """the parsing is the other cases': only two files, one with findings"""
    cli = ("analyzer", "tests", "fixtures", "cli")
    run_twice(["-j", "2", "--format=sarif", src("testcases", "missing-done", "bad_forgot_done.c"),
               src(*cli, "suppressed.c")])


def t_config():
    """.wpcheck files: per-directory spawners, rules, include dirs, headers"""
    run_twice(["-j", "2", "--format=json", src("analyzer", "tests", "fixtures", "config")])


def t_compdb():
    """-p: a compile database with its own flags, a file that does not parse"""
    fixtures = src("analyzer", "tests", "fixtures", "cli")

    def prepare(work):
        for f in ("needs_flag.c", "broken.c", "by_value.c"):
            shutil.copy(os.path.join(fixtures, f), work)
        db = [{"directory": work, "file": "needs_flag.c",
               "arguments": ["cc", "-DWPCHECK_FIXTURE_FLAG", "-c", "needs_flag.c", "-o", "needs_flag.o"]},
              {"directory": work, "file": "broken.c", "command": "cc -c broken.c -o broken.o"},
              {"directory": work, "file": os.path.join(work, "by_value.c"), "command": "cc -Wall -c by_value.c"}]
        with open(os.path.join(work, "compile_commands.json"), "w") as fh:
            json.dump(db, fh)
        return ["-j", "2", "-p", work, "--format=json"]
    run_twice(None, prepare=prepare)


def t_fix():
    """--fix on a scratch copy: the same files come out either way"""
    def prepare(work):
        for group, name in (("double-close", "bad_early_return.c"), ("missing-done", "bad_forgot_done.c"),
                            ("double-close", "bad_crossfile")):
            copy = shutil.copytree if os.path.isdir(src("testcases", group, name)) else shutil.copy
            copy(src("testcases", group, name), os.path.join(work, name))
        return ["-j", "2", "--fix", "--no-config", work]
    run_twice(None, prepare=prepare)


def t_early_exits():
    """the runs that stop before parsing: the man page, --explain, and the
    errors on the command line, in a .wpcheck and in -p"""
    clean = src("analyzer", "tests", "fixtures", "cli", "clean.c")
    for args in (["--man"], ["--explain", "missing-done"], ["--enable", "no-such-rule", clean],
                 [src("analyzer", "tests", "fixtures", "cli", "no_such_file.c")]):
        run_twice(args)

    def bad_config(work):
        shutil.copy(clean, work)
        with open(os.path.join(work, ".wpcheck"), "w") as fh:
            fh.write("enable = missing-done\nspawner = spawn 1\n")
        return [os.path.join(work, "clean.c")]
    run_twice(None, prepare=bad_config)
    run_twice(None, prepare=lambda work: ["-p", work, clean])  # no compile_commands.json there


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    VALGRIND, WPCHECK, ROOT, CASE = sys.argv[1:5]
    fn = globals().get("t_" + CASE)
    if fn is None:
        sys.exit(f"unknown case {CASE}")
    fn()
