#!/usr/bin/env python3
"""wpcheck's speed against the bare parse (a benchmark, not a test).

run_bench.py WPCHECK [--clang clang-14] [--files 300] [--runs 5] [--seed 6] [--keep DIR]

Generates a tree (gen_tree.py, deterministic), then, in one run and with the
same flags (-std=gnu11 -I<runtime/include>), times interleaved, --runs times
each: `clang -fsyntax-only` over every file (one process), `wpcheck -j 1` and
`wpcheck -j 2` over the tree.  Prints the medians and the ratios, the time to
re-check one changed file, and wpcheck's peak RSS over 50, 150 and 300 files.
Use the clang of the LLVM wpcheck was built with (wpcheck --version)."""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
INCLUDE = os.path.join(ROOT, "runtime", "include")


def timed(cmd, ok=(0,)):
    """(seconds, peak RSS in KiB) of one child process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    err = p.stderr.read()
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"{cmd[0]} exited {code}: {err.decode(errors='replace')[-2000:]}")
    return dt, ru.ru_maxrss


def c_files(tree):
    out = []
    for d, _, fs in os.walk(tree):
        out += [os.path.join(d, f) for f in fs if f.endswith(".c")]
    return sorted(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wpcheck")
    ap.add_argument("--clang", default="clang-14")
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--keep", help="generate the tree here and keep it")
    o = ap.parse_args()
    work = o.keep or tempfile.mkdtemp(prefix="wpcheck-bench-")
    tree = os.path.join(work, "tree")
    try:
        if os.path.exists(tree):
            shutil.rmtree(tree)
        gen = subprocess.run([sys.executable, os.path.join(HERE, "gen_tree.py"), tree, "--files", str(o.files),
                              "--seed", str(o.seed)], check=True, capture_output=True, text=True)
        print("tree:", gen.stdout.strip())
        files = c_files(tree)
        flags = ["-std=gnu11", "-I" + INCLUDE]
        clang = [o.clang, "-fsyntax-only", "-w", *flags, *files]
        wp = [o.wpcheck, "--format=json", tree, "--", "-I" + INCLUDE]  # wpcheck adds -std=gnu11 itself
        # the clang driver runs one cc1 process per file: the same over as
        # many empty files measures that start-up, to give the parse alone
        empties = os.path.join(work, "empty")
        os.makedirs(empties, exist_ok=True)
        for i in range(len(files)):
            open(os.path.join(empties, f"e{i:04d}.c"), "w").close()
        clang_empty = [o.clang, "-fsyntax-only", "-w", *flags, *c_files(empties)]
        cmds = {
            "clang -fsyntax-only": (clang, (0,)),
            "clang, empty files": (clang_empty, (0,)),
            "wpcheck -j 1": ([wp[0], "-j", "1", *wp[1:]], (0, 1)),
            "wpcheck -j 2": ([wp[0], "-j", "2", *wp[1:]], (0, 1)),
        }
        times = {k: [] for k in cmds}
        rss = {k: 0 for k in cmds}
        timed(cmds["clang -fsyntax-only"][0])  # warm the page cache
        for _ in range(o.runs):
            for k, (cmd, ok) in cmds.items():
                dt, kb = timed(cmd, ok)
                times[k].append(dt)
                rss[k] = max(rss[k], kb)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"\nmedian of {o.runs} interleaved runs ({len(files)} files):")
        for k in cmds:
            print(f"  {k:22s} {med[k]:7.2f} s   (runs: {' '.join(f'{t:.2f}' for t in times[k])}; "
                  f"peak RSS {rss[k] / 1024:.0f} MiB)")
        net = med["clang -fsyntax-only"] - med["clang, empty files"]
        print(f"  wpcheck -j1 / clang -fsyntax-only  {med['wpcheck -j 1'] / med['clang -fsyntax-only']:.2f}x"
              "   (target <= 1.3x, aim 1.1x)")
        print(f"  wpcheck -j1 / clang's parse alone  {med['wpcheck -j 1'] / net:.2f}x"
              f"   (clang minus its {len(files)} process start-ups: {net:.2f} s)")
        print(f"  wpcheck speed-up -j1 / -j2         {med['wpcheck -j 1'] / med['wpcheck -j 2']:.2f}x"
              "   (target >= 1.8x)")

        # re-checking one changed file
        changed = files[len(files) // 2]
        with open(changed, "a") as f:
            f.write("\nstatic int bench_changed_marker;\n")
        one = [timed([o.wpcheck, changed, "--", "-I" + INCLUDE], (0, 1))[0] for _ in range(o.runs)]
        print(f"  re-check of one changed file       {statistics.median(one):.3f} s   (target < 0.5 s)")

        # peak RSS against the number of files
        print("\npeak RSS of wpcheck -j 1 / -j 2 by number of files:")
        for n in (50, 150, 300):
            if n > len(files):
                continue
            subset = files[:n]
            r1 = timed([o.wpcheck, "-j", "1", *subset, "--", "-I" + INCLUDE], (0, 1))[1]
            r2 = timed([o.wpcheck, "-j", "2", *subset, "--", "-I" + INCLUDE], (0, 1))[1]
            print(f"  {n:4d} files   {r1 / 1024:6.0f} MiB   {r2 / 1024:6.0f} MiB")
    finally:
        if not o.keep:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
