#!/usr/bin/env python3
"""wpcheck's memory must not grow with the number of files beyond the small
facts each file leaves for the cross-file analysis.

usage: memory_per_file.py WPCHECK

Generates the benchmark's tree (analyzer/bench/gen_tree.py, seeded: 375-line
modules of wpool code and ordinary code around it), runs `wpcheck -j 1` over
its first FEW and over all MANY files, and fails if the peak RSS grew by
more than LIMIT_KIB per added file.  A translation unit that stayed alive,
or control-flow graphs kept whole (about 130 KiB a file of this tree), fail
it; the compact facts (about 25 KiB a file) pass."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FEW, MANY = 20, 120
LIMIT_KIB = 60


def peak_rss_kib(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read()
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        print(err.decode(errors="replace")[-2000:])
        sys.exit(f"FAILED: {cmd[0]} exited {code}")
    return usage.ru_maxrss  # KiB on Linux


def main():
    wpcheck = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="wpcheck-memory-")
    try:
        tree = os.path.join(work, "tree")
        subprocess.run([sys.executable, os.path.join(ROOT, "analyzer", "bench", "gen_tree.py"), tree,
                        "--files", str(MANY)], check=True, capture_output=True, timeout=120)
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(tree) for f in fs if f.endswith(".c"))
        flags = ["--", "-I" + os.path.join(ROOT, "runtime", "include")]
        few = peak_rss_kib([wpcheck, "-j", "1", *files[:FEW], *flags])
        many = peak_rss_kib([wpcheck, "-j", "1", *files, *flags])
        per_file = (many - few) / (MANY - FEW)
        print(f"peak RSS: {FEW} files {few / 1024:.1f} MiB, {MANY} files {many / 1024:.1f} MiB: "
              f"{per_file:.1f} KiB per added file (limit {LIMIT_KIB})")
        if per_file > LIMIT_KIB:
            print("FAILED: memory grows with the number of files checked")
            return 1
        print("ok")
        return 0
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
