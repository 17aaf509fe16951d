#!/usr/bin/env python3
"""wpcheck on hostile input, and -j N against -j 1.

robustness_tests.py WPCHECK REPO_ROOT CASE [--sanitized]

Every case: wpcheck exits 0, 1 or 2 (never a signal), within the time limit,
and a file it cannot check is named in a message on stderr.  Inputs are
generated at test time in a scratch directory.  Exit 77 means skipped (the
reason is printed)."""
import glob
import os
import shutil
import stat
import subprocess
import sys
import tempfile

SKIP = 77
TIMEOUT = 240


def run(*args, timeout=TIMEOUT):
    try:
        return subprocess.run([WPCHECK, *args], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail(f"wpcheck {' '.join(args)}: no answer within {timeout} s (hang)")


def fail(what, p=None):
    print("FAILED:", what)
    if p is not None:
        print("exit", p.returncode)
        print("stdout:", p.stdout.decode(errors="replace")[-3000:])
        print("stderr:", p.stderr.decode(errors="replace")[-3000:])
    sys.exit(1)


def sane(p, what, allowed=(0, 1, 2)):
    """No signal, an allowed status, and a message when it could not run."""
    if p.returncode < 0:
        fail(f"{what}: killed by signal {-p.returncode}", p)
    if p.returncode not in allowed:
        fail(f"{what}: exit {p.returncode}, expected one of {allowed}", p)
    if p.returncode == 2 and b"wpcheck: error:" not in p.stderr:
        fail(f"{what}: exit 2 without a 'wpcheck: error:' message", p)


def names(p, path, what):
    if path.encode() not in p.stderr:
        fail(f"{what}: the message does not name {path}", p)


def scratch():
    return tempfile.mkdtemp(prefix="wpcheck-robust-")


# ---- -j N gives exactly the output of -j 1 ---------------------------------

def t_jobs_identical():
    fixtures = os.path.join(ROOT, "analyzer", "tests", "fixtures", "cli")
    # testcases/ has findings; the fixtures add files that do not parse, so
    # the order of clang's messages on stderr is compared too
    inputs = [os.path.join(ROOT, "testcases"), fixtures]
    for fmt in (["--color=never"], ["--format=json"]):
        ref = run("-j", "1", *fmt, *inputs)
        sane(ref, "-j 1")
        if ref.returncode != 2 or not ref.stdout:
            fail("expected findings and parse errors over testcases/ and the fixtures", ref)
        for j in (["-j", "2"], ["-j2"], ["--jobs=3"], []):
            p = run(*j, *fmt, *inputs)
            label = " ".join(j) or "(default -j)"
            if p.returncode != ref.returncode:
                fail(f"{label} {fmt}: exit {p.returncode}, -j 1 exited {ref.returncode}", p)
            if p.stdout != ref.stdout:
                fail(f"{label} {fmt}: stdout differs from -j 1", p)
            if p.stderr != ref.stderr:
                fail(f"{label} {fmt}: stderr differs from -j 1", p)
    for bad in (["-j", "0"], ["-j", "x"], ["-j"], ["--jobs=-3"]):
        p = run(*bad, os.path.join(fixtures, "clean.c"))
        if p.returncode != 2 or b"-j" not in p.stderr:
            fail(f"{bad}: expected exit 2 and a message", p)


# ---- hostile inputs --------------------------------------------------------

def t_truncated():
    src = os.path.join(ROOT, "testcases", "missing-done", "bad_forgot_done.c")
    text = open(src, "rb").read()
    d = scratch()
    try:
        cut = os.path.join(d, "truncated.c")
        # cut in the middle of the function that holds 'wp_wg_add'
        at = text.index(b"wp_wg_add")
        open(cut, "wb").write(text[:at + 4])
        p = run(cut)
        sane(p, "truncated file")
        if p.returncode != 2:
            fail("a truncated function does not parse: exit 2 expected", p)
        names(p, cut, "truncated file")
    finally:
        shutil.rmtree(d)


def t_non_utf8():
    d = scratch()
    try:
        f = os.path.join(d, "latin1.c")
        open(f, "wb").write(b"/* caf\xe9 \xff\xfe */\n#include <wpool.h>\n"
                            b"int main(void) { const char *s = \"\xe9t\xe9\"; return s[0]; }\n"
                            b"\xc3\x28 \xff\n")
        p = run(f)
        sane(p, "non-UTF-8 bytes")
        if p.returncode == 2:
            names(p, f, "non-UTF-8 bytes")
        g = os.path.join(d, "comment_only.c")  # bytes only in a comment and a string: it parses
        open(g, "wb").write(b"/* \xff\xfe\xfd */\nint f(void) { return \"\xe9\"[0]; }\n")
        p = run(g)
        sane(p, "non-UTF-8 in comments", allowed=(0,))
    finally:
        shutil.rmtree(d)


def t_deep_nesting():
    d = scratch()
    try:
        ifs = os.path.join(d, "deep_if.c")
        open(ifs, "w").write("void f(int x) {\n" + "if (x) {\n" * 10000 + "}\n" * 10000 + "}\n")
        parens = os.path.join(d, "deep_parens.c")
        open(parens, "w").write("int f(int x) { return " + "(" * 10000 + "x" + ")" * 10000 + "; }\n")
        chain = os.path.join(d, "long_chain.c")
        open(chain, "w").write("int f(int x) { return x" + " + x" * 100000 + "; }\n")
        elifs = os.path.join(d, "else_if.c")
        open(elifs, "w").write("int f(int x) {\n  if (x == 0) return 0;\n" +
                               "".join(f"  else if (x == {i}) return {i};\n" for i in range(1, 10001)) +
                               "  return -1;\n}\n")
        # clang's default bracket depth (256) refuses the first two: a clear error
        for f in (ifs, parens):
            p = run(f)
            sane(p, os.path.basename(f))
            if p.returncode != 2:
                fail(f"{f}: clang's bracket limit should refuse it", p)
            names(p, f, os.path.basename(f))
        # and past that limit, every level reaches the parser and the checker
        for f in (ifs, parens, chain, elifs):
            p = run(f, "--", "-fbracket-depth=100000")
            sane(p, os.path.basename(f) + " with -fbracket-depth", allowed=(0, 1, 2))
            if p.returncode == 2:
                names(p, f, os.path.basename(f))
        p = run(chain)
        sane(p, "100,000-term expression", allowed=(0,))
        p = run(elifs)
        sane(p, "10,000 else-if", allowed=(0,))
    finally:
        shutil.rmtree(d)


def t_too_deep():
    """Deeper than any stack: the file is reported, the others are checked."""
    if SANITIZED:
        print("SKIPPED: the sanitizers own SIGSEGV in this build (the fault guard is off)")
        sys.exit(SKIP)
    d = scratch()
    try:
        deep = os.path.join(d, "a_too_deep.c")
        open(deep, "w").write("int f(int x) { return " + "(" * 1000000 + "x" + ")" * 1000000 + "; }\n")
        other = os.path.join(ROOT, "analyzer", "tests", "fixtures", "cli", "by_value.c")
        p = run("-j", "1", deep, other, "--", "-fbracket-depth=2000000")
        sane(p, "a million nested parentheses")
        if p.returncode != 2:
            fail("expected exit 2 (one file not checked)", p)
        names(p, deep, "a million nested parentheses")
        if b"waitgroup-by-value" not in p.stdout:
            fail("the other file is still checked", p)
    finally:
        shutil.rmtree(d)


def t_long_function():
    d = scratch()
    try:
        f = os.path.join(d, "long_function.c")
        with open(f, "w") as out:
            out.write("#include <wpool.h>\n\nstatic void worker(void *arg) {\n  wp_queue *q = arg;\n  int v;\n"
                      "  WP_QUEUE_FOREACH(q, v) {\n  }\n}\n\nint main(void) {\n"
                      "  wp_queue *q = wp_queue_new(sizeof(int), 16);\n  wp_go(worker, q);\n  int x = 0;\n")
            for i in range(100000):
                if i % 1000 == 0:
                    out.write(f"  if (x > {i}) {{ x -= {i}; wp_queue_send(q, &x); }}\n")
                else:
                    out.write(f"  x = x * 3 + {i};\n")
            out.write("  wp_queue_close(q);\n  wp_queue_send(q, &x); /* after the close */\n  return 0;\n}\n")
        p = run(f)
        sane(p, "100,000-line function", allowed=(1,))
        if b"send-after-close" not in p.stdout:
            fail("the send after the close at the end of the function is found", p)
    finally:
        shutil.rmtree(d)


def t_missing_header():
    d = scratch()
    try:
        f = os.path.join(d, "missing_header.c")
        open(f, "w").write('#include "nope.h"\n#include <wpool.h>\nint main(void) { return 0; }\n')
        p = run(f)
        sane(p, "missing header", allowed=(2,))
        names(p, f, "missing header")
        if b"nope.h" not in p.stderr:
            fail("the message names the missing header", p)
    finally:
        shutil.rmtree(d)


def t_empty_file():
    d = scratch()
    try:
        f = os.path.join(d, "empty.c")
        open(f, "w").close()
        p = run(f)
        sane(p, "empty file", allowed=(0,))
        if p.stdout:
            fail("no output for an empty file", p)
    finally:
        shutil.rmtree(d)


def t_unreadable():
    d = scratch()
    try:
        other = os.path.join(ROOT, "analyzer", "tests", "fixtures", "cli", "by_value.c")
        cases = []
        locked = os.path.join(d, "locked")
        os.mkdir(locked)
        open(os.path.join(locked, "a.c"), "w").write("int main(void) { return 0; }\n")
        os.chmod(locked, 0)
        if os.access(locked, os.R_OK):
            print("note: running as root (permissions do not deny reads): the unreadable directory "
                  "is replaced by a dangling symlink and a FIFO")
        else:
            cases.append(("directory without read permission", locked))
        dangling = os.path.join(d, "dangling.c")
        os.symlink(os.path.join(d, "no-such-target.c"), dangling)
        cases.append(("dangling symlink", dangling))
        fifo = os.path.join(d, "fifo.c")
        os.mkfifo(fifo)
        cases.append(("FIFO", fifo))
        unreadable_file = os.path.join(d, "noperm.c")
        open(unreadable_file, "w").write("int x;\n")
        os.chmod(unreadable_file, 0)
        if not os.access(unreadable_file, os.R_OK):
            cases.append(("file without read permission", unreadable_file))
        for what, path in cases:
            p = run(path, other, timeout=60)
            sane(p, what, allowed=(2,))
            names(p, path, what)
            if b"waitgroup-by-value" not in p.stdout:
                fail(f"{what}: the other file is still checked", p)
        # a FIFO inside a directory is not a .c file to read either
        p = run(d, timeout=60)
        sane(p, "directory holding a FIFO")
    finally:
        for root, dirs, _ in os.walk(d):
            for x in dirs:
                os.chmod(os.path.join(root, x), stat.S_IRWXU)
        os.chmod(d, stat.S_IRWXU)
        shutil.rmtree(d)



# ---- inputs that once crashed wpcheck under the fuzzer ----------------------

FUZZ_SPLIT = b"//--- next file\n"  # analyzer/fuzz/fuzz_wpcheck.c: another file starts here
FUZZ_MAX_FILES = 4


def fuzz_files(data):
    """The files a fuzz input stands for, split as fuzz_wpcheck.c splits it."""
    parts, start, at = [], 0, 0
    while len(parts) + 1 < FUZZ_MAX_FILES:
        m = data.find(FUZZ_SPLIT, at)
        if m < 0:
            break
        if m == start or data[m - 1:m] == b"\n":
            parts.append(data[start:m])
            start = at = m + len(FUZZ_SPLIT)
        else:
            at = m + 1
    return parts + [data[start:]]


def t_fuzz_regressions():
    """Each input of analyzer/fuzz/regressions/, as files, checked by wpcheck
    itself (fuzz.regressions replays them in the fuzz target)."""
    inputs = sorted(glob.glob(os.path.join(ROOT, "analyzer", "fuzz", "regressions", "*.c")))
    if not inputs:
        print("SKIPPED: analyzer/fuzz/regressions/ holds no input")
        sys.exit(SKIP)
    d = scratch()
    try:
        for k, path in enumerate(inputs):
            case = os.path.join(d, str(k))
            os.mkdir(case)
            for i, text in enumerate(fuzz_files(open(path, "rb").read())):
                open(os.path.join(case, f"fuzz_input_{i + 1}.c"), "wb").write(text)
            for jobs in ("1", "2"):
                p = run("-j", jobs, "--format=json", case)
                sane(p, f"{os.path.basename(path)} (-j {jobs})")
    finally:
        shutil.rmtree(d)


if __name__ == "__main__":
    WPCHECK = sys.argv[1]
    ROOT = sys.argv[2]
    SANITIZED = "--sanitized" in sys.argv[4:]
    globals()["t_" + sys.argv[3]]()
    print("ok")
