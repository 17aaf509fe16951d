#!/usr/bin/env python3
"""Runs the wpcheck fuzz target for a bounded time; the test fuzz.wpcheck.

run_fuzz.py FUZZER --seeds DIR --seconds N --artifacts DIR [--dict FILE]

The seed corpus is every .c file under --seeds, and every directory of
several .c files joined into one multi-file input, in a scratch directory
(libFuzzer adds the inputs it finds to its corpus directory; the source
tree is never written).  Fails if the fuzzer reports a crash, a leak,
an input slower than the per-input limit or one that takes too much memory,
or if it did not run at least every seed.  The input that failed is copied
into --artifacts (in the build tree) with the command that replays it."""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

PER_INPUT_TIMEOUT = 30  # seconds; an input slower than this is a failure
RSS_LIMIT_MB = 2048     # per process; a single allocation above it too


SPLIT = b"//--- next file\n"  # fuzz_wpcheck.c's FUZZ_SPLIT: another file starts
MAX_FILES = 4                  # and its FUZZ_MAX_FILES


LOCAL_INCLUDE = re.compile(rb'^[ \t]*#[ \t]*include[ \t]*"([^"/]+)"[^\n]*$', re.M)


def seed_text(path):
    """The file's text with its #include "x.h" of a header beside it
    replaced by the header's text: the fuzz target checks each input alone,
    in memory, where no header is beside it."""
    d = os.path.dirname(path)
    text = open(path, "rb").read()

    def inline(m):
        header = os.path.join(d, m.group(1).decode(errors="replace"))
        return open(header, "rb").read().rstrip(b"\n") if os.path.isfile(header) else m.group(0)
    text = LOCAL_INCLUDE.sub(inline, text)
    return text if text.endswith(b"\n") else text + b"\n"


def seed_corpus(seeds, corpus):
    """Copies every .c file under seeds into corpus (flat, unique names,
    local headers inlined), and
    adds one input per directory of 2 to MAX_FILES .c files (a program split
    over files): the files joined by SPLIT lines."""
    n = 0
    for path in sorted(glob.glob(os.path.join(seeds, "**", "*.c"), recursive=True)):
        name = os.path.relpath(path, seeds).replace(os.sep, "__")
        with open(os.path.join(corpus, name), "wb") as fh:
            fh.write(seed_text(path))
        n += 1
    for d, _, names in sorted(os.walk(seeds)):
        parts = sorted(f for f in names if f.endswith(".c"))
        if not 2 <= len(parts) <= MAX_FILES:
            continue
        texts = [seed_text(os.path.join(d, f)) for f in parts]
        name = os.path.relpath(d, seeds).replace(os.sep, "__") + ".joined.c"
        with open(os.path.join(corpus, name), "wb") as fh:
            fh.write(SPLIT.join(texts))
        n += 1
    return n


def keep_artifacts(scratch, artifacts, fuzzer):
    found = sorted(glob.glob(os.path.join(scratch, "artifacts", "*")))
    if not found:
        return
    os.makedirs(artifacts, exist_ok=True)
    for f in found:
        kept = os.path.join(artifacts, os.path.basename(f))
        shutil.copyfile(f, kept)
        print(f"failing input: {kept}")
        print(f"  replay it:   {fuzzer} {kept}")
    print("add it to analyzer/fuzz/regressions/ once the bug is fixed")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fuzzer")
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--seconds", type=int, required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--dict")
    args = ap.parse_args()

    scratch = tempfile.mkdtemp(prefix="wpcheck-fuzz-")
    try:
        corpus = os.path.join(scratch, "corpus")
        os.mkdir(corpus)
        os.mkdir(os.path.join(scratch, "artifacts"))
        nseeds = seed_corpus(args.seeds, corpus)
        if nseeds == 0:
            print(f"FAILED: no .c file under {args.seeds} to seed the fuzzer with")
            return 1
        cmd = [args.fuzzer, corpus,
               f"-max_total_time={args.seconds}",
               f"-timeout={PER_INPUT_TIMEOUT}",
               f"-rss_limit_mb={RSS_LIMIT_MB}",
               "-detect_leaks=1",
               "-close_fd_mask=3",  # wpcheck's own messages: libFuzzer's and the sanitizers' stay
               "-print_final_stats=1",
               "-artifact_prefix=" + os.path.join(scratch, "artifacts") + os.sep]
        if args.dict:
            cmd.append(f"-dict={args.dict}")
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        print("running:", " ".join(cmd), flush=True)
        # the scratch directory is the fuzzer's working directory: whatever it
        # would leave behind stays there
        p = subprocess.run(cmd, cwd=scratch, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=args.seconds + 150)
        out = p.stdout.decode(errors="replace")
        executed = re.search(r"stat::number_of_executed_units:\s*(\d+)", out)
        if p.returncode != 0:
            print(out[-20000:])
            print(f"FAILED: the fuzzer exited {p.returncode}")
            keep_artifacts(scratch, args.artifacts, args.fuzzer)
            return 1
        print(out[-3000:])
        if executed is None or int(executed.group(1)) < nseeds:
            print(f"FAILED: the fuzzer ran {executed.group(1) if executed else 'no'} inputs, "
                  f"fewer than the {nseeds} seeds")
            return 1
        print(f"ok: {executed.group(1)} inputs in {args.seconds} s from {nseeds} seeds, no crash, leak or timeout")
        return 0
    except subprocess.TimeoutExpired:
        print(f"FAILED: the fuzzer did not stop after {args.seconds} s")
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
