#!/usr/bin/env python3
"""Driver of the wpool benchmark: wpool (C) against Go and GLib.

    runtime/bench/run.sh [--quick] [--reps R] [--scale F] [--only REGEX] BUILD_DIR

Builds the Go and GLib reference programs into BUILD_DIR/bench-ref/, uses the
wpool_bench binary that CMake built in BUILD_DIR, runs every workload of every
implementation R times (each run its own process, implementations interleaved
within each repetition), and prints medians, "wpool is X times faster" ratios
and peak RSS.  See README.md for how to read the output.
"""

import argparse
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

import layouts

HERE = os.path.dirname(os.path.abspath(__file__))

# Reference implementations, in the order a repetition starts with.
IMPLS = ["c", "go", "glib", "pthread"]
IMPL_TITLE = {"c": "wpool", "go": "Go", "glib": "GLib", "pthread": "pthread",
              "debug": "wpool debug on", "nohooks": "wpool without hooks"}
# Debug mode's cost: wpool_bench with WPOOL_DEBUG=1 ("debug"; the classic
# buffered rows, the pool, spawn and buffered select), and, on the classic
# rows, wpool_bench_nohooks, the runtime with every debug hook compiled out
# ("nohooks"), against wpool_bench with debug off.
DEBUG_IMPLS = ["debug", "nohooks"]
# The debug-mode targets: off costs at most 2 % against the runtime built
# without the hooks, on is at most 2x slower than off (classic rows).
# The off cost is judged where 2 % can be resolved: on solo (one thread,
# the operations' own cost, no scheduling), over several code placements
# of both builds (layouts.py), as placement alone moves solo by as much.
# The classic rows' threads add their own bimodality (which worker wins a
# lock), so their off cost is shown without a verdict.
ON_TARGET_WORKLOADS = ("classic",)
# Cheap rows run this many times per repetition (and per code placement in
# layouts.py), for steadier medians.
REPEAT = {"solo": 3}
DEBUG_OFF_MAX = 1.02  # off: at most 2 % slower than without the hooks
DEBUG_ON_MAX = 2.0    # on: at most 2x slower than off

# (workload, params, N, implementations).  N is scaled by --scale.  The
# unbuffered rows use N/10: an unbuffered hand-off costs two thread wake-ups,
# and the GLib emulation four, so 2,000,000 of them would take minutes.
FULL_N = 2_000_000
CASES = []
for _cap in (1024, 0):
    for _w in (1, 2, 4, 8):
        CASES.append(("classic", f"w={_w},cap={_cap}",
                      FULL_N if _cap else FULL_N // 10,
                      ["c", "go", "glib"] + (DEBUG_IMPLS if _cap else [])))
CASES += [
    ("pingpong", "cap=0", 100_000, ["c", "go", "glib"]),
    ("pingpong", "cap=1", 100_000, ["c", "go", "glib"]),
    ("pool", "w=2,cap=1024", 1_000_000, ["c", "go", "glib"]),
    ("pool", "w=4,cap=1024", 1_000_000, ["c", "go", "glib", "debug"]),
    ("spawn", "-", 100_000, ["c", "go", "glib", "pthread", "debug"]),
    ("select", "q=4,cap=1024", FULL_N, ["c", "go", "glib", "debug"]),
    ("select", "q=4,cap=0", FULL_N // 10, ["c", "go", "glib"]),
    ("solo", "cap=1024", FULL_N, ["c"] + DEBUG_IMPLS),
    ("memory", "elem=8", 1_000_000, ["c", "go", "glib"]),
    ("memory", "elem=64", 1_000_000, ["c", "go", "glib"]),
]

# The lead's targets: (workload regex, reference, minimum ratio, aim or None).
TARGETS = [
    (r"classic", "go", 1.0, 1.5),
    (r"classic", "glib", 3.0, None),
    (r"pingpong", "go", 1.0, 1.5),
    (r"pingpong", "glib", 3.0, None),
    (r"pool", "glib", 3.0, None),
    (r"spawn", "pthread", 10.0, None),
    (r"spawn", "go", 1.0 / 3.0, None),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parse_args():
    ap = argparse.ArgumentParser(
        prog="run.sh",
        description="wpool benchmark driver (wpool vs Go vs GLib)")
    ap.add_argument("build_dir", metavar="BUILD_DIR",
                    help="the CMake build directory (wpool_bench is taken from "
                         "it; the reference programs are built into "
                         "BUILD_DIR/bench-ref)")
    ap.add_argument("--quick", action="store_true",
                    help="1 repetition with N/100: a smoke run, not a measurement")
    ap.add_argument("--reps", type=int, default=None,
                    help="repetitions per workload (default 5, or "
                         "$WPOOL_BENCH_REPS)")
    ap.add_argument("--scale", type=float, default=None,
                    help="multiply every N by this (default 1, or "
                         "$WPOOL_BENCH_SCALE)")
    ap.add_argument("--only", default=None, metavar="REGEX",
                    help="run only the cases whose 'workload params' matches")
    ap.add_argument("--timeout", type=float, default=600.0,
                    help="seconds one run may take before it counts as failed")
    a = ap.parse_args()
    env_reps = os.environ.get("WPOOL_BENCH_REPS")
    env_scale = os.environ.get("WPOOL_BENCH_SCALE")
    if a.reps is None:
        a.reps = 1 if a.quick else int(env_reps or 5)
    if a.scale is None:
        a.scale = 0.01 if a.quick else float(env_scale or 1.0)
    if a.reps < 1 or a.scale <= 0:
        ap.error("--reps must be >= 1 and --scale > 0")
    return a


def run_quiet(cmd, cwd=None, env=None):
    """Runs a build step; returns (ok, combined output)."""
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    except OSError as e:
        return False, str(e)
    return p.returncode == 0, p.stdout


def build_bench(build_dir, target, about):
    """Builds a CMake target of runtime/bench (if BUILD_DIR is configured)
    and returns (a snapshot copy of it, its description)."""
    exe = os.path.join(build_dir, "runtime", "bench", target)
    cmake = shutil.which("cmake")
    if cmake and os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
        ok, out = run_quiet([cmake, "--build", build_dir, "--target", target])
        if not ok:
            log(f"C: building {target} failed:\n" + out[-3000:])
            return None, f"{target} did not build"
    if not os.access(exe, os.X_OK):
        return None, f"no {target} in {build_dir} (configure with CMake first)"
    # Run a copy, so that a rebuild during the run cannot change the binary
    # between repetitions.
    snap = os.path.join(build_dir, "bench-ref", target)
    shutil.copy2(exe, snap)
    return snap, f"{target} ({about})"


def build_c(build_dir):
    return build_bench(build_dir, "wpool_bench", "runtime/bench/wpool_bench")


def build_nohooks(build_dir):
    return build_bench(build_dir, "wpool_bench_nohooks", "debug hooks compiled out")


def build_go(ref_dir):
    go = shutil.which("go")
    if go is None:
        return None, "Go is not installed (Debian: golang-go)"
    env = dict(os.environ)
    env.update({
        "GOCACHE": os.path.join(ref_dir, "go-cache"),
        "GOPATH": os.path.join(ref_dir, "go-path"),
        "GOENV": "off", "GOFLAGS": "", "GO111MODULE": "on", "GOPROXY": "off",
        "GOTOOLCHAIN": "local", "CGO_ENABLED": "0",
    })
    exe = os.path.join(ref_dir, "wpbench-go")
    ok, out = run_quiet([go, "build", "-o", exe, "."],
                        cwd=os.path.join(HERE, "go"), env=env)
    if not ok:
        log("Go: build failed:\n" + out[-3000:])
        return None, "the Go program did not build"
    ok, ver = run_quiet([go, "version"], env=env)
    return exe, ver.strip() if ok else "go"


def build_glib(ref_dir):
    pkgconf = shutil.which("pkg-config")
    if pkgconf is None:
        return None, "pkg-config is not installed"
    ok, flags = run_quiet([pkgconf, "--cflags", "--libs", "glib-2.0"])
    if not ok:
        return None, "GLib is not installed (Debian: libglib2.0-dev)"
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        return None, "no C compiler for the GLib program"
    exe = os.path.join(ref_dir, "wpbench-glib")
    src = os.path.join(HERE, "glib", "wpbench_glib.c")
    cmd = [cc, "-std=gnu11", "-O2", "-Wall", "-Wextra", "-I", HERE, "-o", exe,
           src] + flags.split() + ["-lpthread"]
    ok, out = run_quiet(cmd)
    if not ok:
        log("GLib: build failed:\n" + out[-3000:])
        return None, "the GLib program did not build"
    _, ver = run_quiet([pkgconf, "--modversion", "glib-2.0"])
    return exe, "GLib " + ver.strip()


def command(exes, impl, workload, params, n):
    if impl == "pthread":
        return [exes["c"], "spawn-pthread", params, str(n)]
    if impl == "debug":
        return [exes["c"], workload, params, str(n)]
    return [exes[impl], workload, params, str(n)]


def child_env(impl):
    env = dict(os.environ)
    env.pop("GOMAXPROCS", None)  # Go's default: one P per core
    env.pop("WPOOL_DEBUG", None)  # measure the release path
    if impl == "debug":
        env["WPOOL_DEBUG"] = "1"
    return env


def kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.communicate()


def pin_to(cpu):
    """A preexec_fn that keeps the child (and what it execs) on one CPU."""
    if cpu is None:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def run_one(cmd, timeout, impl, cpu=None):
    """Runs one program once; returns (record or None, error text, notes,
    the program's RESULT/MEM/NOTE lines).

    The program is started by a small `sh` that forks it (rather than by this
    Python process directly): Linux carries the peak RSS of the image replaced
    by exec into the process's ru_maxrss, so a program exec'd straight from
    Python would report at least Python's own RSS.  Forked from sh, the floor
    is sh's RSS (about 1.5 MiB), as under /usr/bin/time from a shell.
    With `cpu`, the program runs pinned to that CPU."""
    wrapped = ["sh", "-c", '"$@" & wait $!', "sh"] + cmd
    try:
        proc = subprocess.Popen(wrapped, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env=child_env(impl), start_new_session=True,
                                preexec_fn=pin_to(cpu))
    except OSError as e:
        return None, str(e), [], []
    try:
        out, errtext = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        return None, f"timed out after {timeout:.0f} s", [], []
    except BaseException:  # ^C: take the program down with us
        kill_group(proc)
        raise
    p = subprocess.CompletedProcess(wrapped, proc.returncode, out, errtext)
    rec, notes, lines = None, [], []
    for line in p.stdout.splitlines():
        f = line.split()
        if not f:
            continue
        if f[0] in ("RESULT", "MEM", "NOTE"):
            lines.append(" ".join(f))
        if f[0] == "RESULT" and len(f) == 9:
            rec = {"kind": "time", "ns": float(f[5]), "ops": float(f[6]),
                   "rss": int(f[7]), "ok": f[8] == "ok", "n": int(f[4])}
        elif f[0] == "MEM" and len(f) == 10:
            rec = {"kind": "mem", "heap": int(f[5]), "rssd": int(f[6]),
                   "payload": int(f[7]), "rss": int(f[8]), "ok": f[9] == "ok",
                   "n": int(f[4])}
        elif f[0] == "NOTE":
            notes.append(" ".join(f[4:]))
    err = ""
    if p.returncode != 0 or rec is None or not rec["ok"]:
        err = f"exit {p.returncode}"
        if rec is not None and not rec["ok"]:
            err += ", checksum FAIL"
        tail = p.stderr.strip().splitlines()[-3:]
        if tail:
            err += ": " + " | ".join(tail)
        rec = None
    return rec, err, notes, lines


def fmt_ns(v):
    if v is None:
        return "-"
    if v >= 100_000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.0f}"
    return f"{v:.1f}"


def fmt_ratio(r):
    if r is None:
        return "-"
    if r >= 10:
        return f"{r:.1f}x"
    return f"{r:.2f}x" if r >= 0.1 else f"{r:.3f}x"


def table(headers, rows, right=None):
    right = right if right is not None else set(range(1, len(headers)))
    widths = [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]
    out = []
    for k, r in enumerate([headers] + rows):
        cells = [str(c).rjust(widths[i]) if i in right else str(c).ljust(widths[i])
                 for i, c in enumerate(r)]
        out.append("  ".join(cells).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def median(xs):
    return statistics.median(xs) if xs else None


def debug_cost(scaled, med):
    """The debug-mode table's rows and its target lines."""
    rows, targets = [], []
    for workload, params, n, impls in scaled:
        if not any(i in impls for i in DEBUG_IMPLS):
            continue
        key = lambda impl: (workload, params, impl)
        off, on = med(key("c"), "ns"), med(key("debug"), "ns")
        bare = med(key("nohooks"), "ns")
        cost = off / bare if (off and bare) else None
        slow = on / off if (on and off) else None
        name = f"{workload} {params}"
        rows.append([name, fmt_ns(bare), fmt_ns(off), fmt_ns(on), pct(cost),
                     fmt_ratio(slow)])
        if workload in ON_TARGET_WORKLOADS:
            targets.append(target_line(name, "debug on vs off", slow,
                                       DEBUG_ON_MAX, fmt_ratio(slow),
                                       f"<= {DEBUG_ON_MAX:g}x slower"))
    return rows, targets


def pct(r):
    return "-" if r is None else f"{(r - 1) * 100:+.1f}%"


def target_line(name, what, r, limit, shown, want):
    verdict = ("not measured" if r is None
               else "met" if r <= limit else "MISSED")
    return [name, what, want, shown, verdict]


def off_cost_over_layouts(a, build_dir, exes, scaled, raw):
    """Times solo's two builds over several code placements (layouts.py);
    returns the lines to print and the target line (None: not run)."""
    solo = [c for c in scaled if c[0] == layouts.WORKLOAD and
            c[1] == layouts.PARAMS and "nohooks" in c[3]]
    if not solo:
        return [], None
    n = solo[0][2]
    log("building the code-placement variants ...")
    variants, note = layouts.build(build_bench, build_dir,
                                   {"c": exes["c"], "nohooks": exes["nohooks"]})
    reps = a.reps * REPEAT.get(layouts.WORKLOAD, 1)
    log(f"timing {len(variants)} placements x 2 builds x {reps} runs ...")
    times, errors, cpu = layouts.measure(variants, n, reps, run_one,
                                         a.timeout, raw)
    rows, cost = layouts.summarise(times)
    where = f"pinned to CPU {cpu}" if cpu is not None else "not pinned"
    out = [f"Debug mode's off cost over code placements ({layouts.WORKLOAD} "
           f"{layouts.PARAMS}, N {n:,}; ns/op medians of {reps} runs each, "
           f"{where}): the runtime's code shifted by SHIFT bytes in both builds",
           table(["shift", "no hooks", "debug off", "off cost"],
                 [[str(sh), fmt_ns(b), fmt_ns(o), pct(r)]
                  for sh, b, o, r in rows] +
                 [["mean", "", "", pct(cost)]])]
    out += [f"  NOTE: {x}" for x in ([note] if note else []) + errors]
    name = f"{layouts.WORKLOAD} {layouts.PARAMS}"
    return out, target_line(name, f"debug off vs no hooks (mean over "
                            f"{len(rows)} placements)", cost, DEBUG_OFF_MAX,
                            pct(cost), "<= +2%")


def main():
    a = parse_args()
    build_dir = os.path.abspath(a.build_dir)
    if not os.path.isdir(build_dir):
        log(f"run.sh: {a.build_dir} is not a directory (configure with "
            f"`cmake --preset default` first)")
        return 2
    ref_dir = os.path.join(build_dir, "bench-ref")
    os.makedirs(ref_dir, exist_ok=True)

    exes, about, missing = {}, {}, {}
    for impl, builder, arg in (("c", build_c, build_dir), ("go", build_go, ref_dir),
                               ("glib", build_glib, ref_dir)):
        log(f"building {IMPL_TITLE[impl]} ...")
        exe, info = builder(arg)
        if exe:
            exes[impl], about[impl] = exe, info
        else:
            missing[impl] = info
    if "c" in exes:
        exes["pthread"] = exes["c"]
        exes["debug"] = exes["c"]
        exe, info = build_nohooks(build_dir)
        if exe:
            exes["nohooks"] = exe
        else:
            log(f"NOTE: debug mode's off cost is left out: {info}")
    for impl, why in missing.items():
        log(f"NOTE: {IMPL_TITLE[impl]} is left out: {why}")
    if not exes:
        print("nothing to run")
        return 1

    cases = [c for c in CASES
             if a.only is None or re.search(a.only, f"{c[0]} {c[1]}")]
    scaled, wanted = [], {}
    for workload, params, n, impls in cases:
        wanted[(workload, params)] = impls
        n = max(int(n * a.scale), 1000 if workload != "spawn" else 200)
        if workload in ("select",):
            n -= n % 4
        scaled.append((workload, params, n, [i for i in impls if i in exes]))

    results = {}   # (workload, params, impl) -> list of records
    errors = {}    # same key -> list of error strings
    notes = {}
    raw_path = os.path.join(ref_dir, "results.txt")
    started = time.time()
    load_start = loadavg()
    with open(raw_path, "w") as raw:
        for rep in range(a.reps):
            for ci, (workload, params, n, impls) in enumerate(scaled):
                # Rotate the order each repetition so that no implementation
                # always runs right after the same neighbour.
                k = (rep + ci) % len(impls) if impls else 0
                order = (impls[k:] + impls[:k]) * REPEAT.get(workload, 1)
                for impl in order:
                    cmd = command(exes, impl, workload, params, n)
                    rec, err, note, lines = run_one(cmd, a.timeout, impl)
                    key = (workload, params, impl)
                    for line in lines:
                        raw.write(f"rep={rep + 1} {line}\n")
                    if not rec:
                        raw.write(f"rep={rep + 1} ERROR {impl} {workload} "
                                  f"{params} {n} {err}\n")
                    raw.flush()
                    if rec:
                        results.setdefault(key, []).append(rec)
                    else:
                        errors.setdefault(key, []).append(err)
                        log(f"  {IMPL_TITLE[impl]} {workload} {params}: {err}")
                    if note:
                        notes[key] = note[-1]
            log(f"repetition {rep + 1}/{a.reps} done "
                f"({time.time() - started:.0f} s so far)")
        layout_lines, layout_target = ([], None) if "nohooks" not in exes \
            else off_cost_over_layouts(a, build_dir, exes, scaled, raw)

    # ---- header ----------------------------------------------------------
    print()
    print(f"wpool benchmark: {a.reps} repetition(s), N scale {a.scale:g}, "
          f"{os.cpu_count()} cores, {platform.system()} {platform.release()}")
    print(f"  load average (1, 5, 15 min) at the start: {load_start}; "
          f"at the end: {loadavg()}")
    for impl in ("c", "go", "glib"):
        if impl in about:
            print(f"  {IMPL_TITLE[impl]:6s} {about[impl]}")
        else:
            print(f"  {IMPL_TITLE[impl]:6s} LEFT OUT: {missing.get(impl)}")
    print("  ns/op and peak RSS are medians over the repetitions; 'wpool vs X' "
          "is X's ns/op divided by wpool's (above 1: wpool is faster);")
    print("  spread is (max - min) / median of the noisiest implementation "
          "in the row.")
    print()

    def med(key, field, stat=median):
        recs = results.get(key)
        return stat([r[field] for r in recs]) if recs else None

    def cell(key, field="ns", stat=median):
        if key in errors and not results.get(key):
            return "FAIL"
        v = med(key, field, stat)
        if v is None:
            return "-"
        s = fmt_ns(v) if field == "ns" else f"{v:,.0f}"
        return s + ("!" if key in errors else "")

    time_rows, rss_rows, best_rows, ratios = [], [], [], {}
    for workload, params, n, impls in scaled:
        if workload == "memory":
            continue
        name = f"{workload} {params}"
        wp = med((workload, params, "c"), "ns")
        row = [name, f"{n:,}", cell((workload, params, "c"))]
        wops = med((workload, params, "c"), "ops")
        row.append("-" if wops is None else f"{wops:,.0f}")
        for ref in ("go", "glib", "pthread"):
            row.append(cell((workload, params, ref)) if ref in impls else "")
        for ref in ("go", "glib", "pthread"):
            rv = med((workload, params, ref), "ns")
            r = rv / wp if (rv is not None and wp) else None
            ratios[(workload, params, ref)] = r
            row.append(fmt_ratio(r) if ref in impls else "")
        spread = 0.0
        for impl in impls:
            recs = results.get((workload, params, impl), [])
            if len(recs) > 1:
                xs = [r["ns"] for r in recs]
                spread = max(spread, (max(xs) - min(xs)) / statistics.median(xs))
        row.append(f"{spread * 100:.0f}%" if a.reps > 1 else "-")
        time_rows.append(row)
        best = [name, cell((workload, params, "c"), stat=min)]
        for ref in ("go", "glib", "pthread"):
            best.append(cell((workload, params, ref), stat=min) if ref in impls else "")
        wmin = med((workload, params, "c"), "ns", min)
        for ref in ("go", "glib", "pthread"):
            rv = med((workload, params, ref), "ns", min)
            best.append(fmt_ratio(rv / wmin if (rv is not None and wmin) else None)
                        if ref in impls else "")
        best_rows.append(best)
        rss_rows.append([name] + [cell((workload, params, i), "rss") if i in impls else ""
                                  for i in IMPLS])

    print("Time per operation (ns; for pingpong one op = one round trip)")
    print(table(["case", "N", "wpool ns/op", "wpool ops/s", "Go ns/op",
                 "GLib ns/op", "pthread ns/op", "wpool vs Go", "vs GLib",
                 "vs pthread", "spread"], time_rows))
    print()
    if a.reps > 1:
        print("Best run (minimum ns/op over the repetitions: the least disturbed "
              "figure on a busy machine; the targets use the medians above)")
        print(table(["case", "wpool", "Go", "GLib", "pthread", "wpool vs Go",
                     "vs GLib", "vs pthread"], best_rows))
        print()
    print("Peak RSS (KiB, getrusage ru_maxrss of each run's process)")
    print(table(["case", "wpool", "Go", "GLib", "pthread"], rss_rows))
    print()

    mem_rows = []
    for workload, params, n, impls in scaled:
        if workload != "memory":
            continue
        for impl in impls:
            key = (workload, params, impl)
            recs = results.get(key)
            if not recs:
                mem_rows.append([IMPL_TITLE[impl], params, f"{n:,}", "FAIL", "", "", "", ""])
                continue
            heap = median([r["heap"] for r in recs])
            rssd = median([r["rssd"] for r in recs])
            payload = recs[0]["payload"]
            mem_rows.append([IMPL_TITLE[impl], params, f"{n:,}", f"{payload:,}",
                             f"{heap:,.0f}", f"{heap - payload:+,.0f}",
                             f"{rssd:,.0f}", f"{heap / n:.2f}"])
    if mem_rows:
        print("Memory of a queue holding N elements (bytes; heap = mallinfo2 "
              "in-use delta, Go: HeapAlloc delta)")
        print(table(["impl", "elem", "N", "payload N*elem", "heap delta",
                     "heap - payload", "RSS delta", "heap/elem"], mem_rows))
        print()

    if notes:
        print("Notes from the programs")
        for (workload, params, impl), text in sorted(notes.items()):
            print(f"  {IMPL_TITLE[impl]} {workload} {params}: {text}")
        print()

    debug_rows, debug_targets = debug_cost(scaled, med)
    if debug_rows:
        print("Debug mode's cost (ns/op medians): off vs a runtime without the "
              "hooks, on vs off (one code placement each)")
        print(table(["case", "no hooks", "debug off", "debug on",
                     "off cost", "on / off"], debug_rows))
        print()
    if layout_lines:
        print("\n".join(layout_lines))
        print()

    target_lines = debug_targets + ([layout_target] if layout_target else [])
    for pattern, ref, need, aim in TARGETS:
        for workload, params, n, impls in scaled:
            if not re.fullmatch(pattern, workload) or \
                    ref not in wanted[(workload, params)]:
                continue
            r = ratios.get((workload, params, ref))
            want = (f">= {need:.2f}x" if need < 1 else f">= {need:g}x") + \
                   (f" (aim {aim:g}x)" if aim else "")
            if r is None:
                verdict = "not measured" + (" (left out)" if ref not in impls else "")
            elif r >= need:
                verdict = "met" + (" (aim met)" if aim and r >= aim else "")
            else:
                verdict = "MISSED"
            target_lines.append([f"{workload} {params}", f"vs {IMPL_TITLE[ref]}",
                                 want, fmt_ratio(r), verdict])
    if target_lines:
        print("Targets (wpool vs reference, ref ns/op / wpool ns/op)")
        print(table(["case", "reference", "target", "measured", "verdict"],
                    target_lines, right={3}))
        print()

    failed = sum(len(v) for v in errors.values())
    print(f"raw lines: {raw_path}")
    print(f"{sum(len(v) for v in results.values())} runs ok, {failed} failed, "
          f"{time.time() - started:.0f} s")
    return 1 if failed or "c" not in exes else 0


if __name__ == "__main__":
    sys.exit(main())
