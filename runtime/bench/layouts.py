"""Debug mode's cost while off, with code placement averaged out.

The hooks add at most a load folded into a compare per call (callgrind
counts the same instructions with and without them), but where the linker
puts the runtime's functions moves solo's time by a few percent on its
own: medians of the same code shifted by 16-byte steps differ by up to
4 % (20.1 to 20.9 ns for the no-hooks build in one run).  One build of
each side measures its placement as much as its code.  So both sides are
also built with the runtime shifted
by 16, 32, ... 112 bytes (CMakeLists.txt: wpool_bench[_nohooks]_shiftK),
each pair is timed interleaved on one CPU, and the cost is the mean over
the placements of the per-placement medians: varying the layout and
reporting over the variants is how studies of measurement bias
(Mytkowicz et al., 2009; Stabilizer, 2013) take placement out of a
comparison.
"""

import os
import random
import statistics

SHIFTS = [0, 16, 32, 48, 64, 80, 96, 112]  # 0: wpool_bench[_nohooks] itself
WORKLOAD, PARAMS = "solo", "cap=1024"
SIDES = ("nohooks", "c")  # the runtime without hooks, and with them (off)


def build(build_bench, build_dir, base):
    """Returns {shift: {side: exe}} for every placement that built, with
    `base` ({side: exe}) as shift 0, and a note on what is missing."""
    variants, missing = {0: dict(base)}, []
    for shift in SHIFTS[1:]:
        pair = {}
        for side, target in (("c", f"wpool_bench_shift{shift}"),
                             ("nohooks", f"wpool_bench_nohooks_shift{shift}")):
            exe, _ = build_bench(build_dir, target, f"shifted by {shift} bytes")
            if exe:
                pair[side] = exe
        if len(pair) == 2:
            variants[shift] = pair
        else:
            missing.append(str(shift))
    note = f"placements left out (did not build): {', '.join(missing)}" \
        if missing else ""
    return variants, note


def one_cpu():
    """The CPU the timed runs are pinned to (the last one allowed), or
    None where affinity cannot be set."""
    try:
        return max(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def measure(variants, n, reps, run_one, timeout, raw):
    """Times every placement's pair `reps` times, in a random order within
    each round; returns {(shift, side): [ns/op]} and the failures."""
    cpu = one_cpu()
    times, errors = {}, []
    jobs = [(shift, side) for shift in sorted(variants) for side in SIDES]
    for rep in range(reps):
        random.shuffle(jobs)
        for shift, side in jobs:
            cmd = [variants[shift][side], WORKLOAD, PARAMS, str(n)]
            rec, err, _, lines = run_one(cmd, timeout, "c", cpu)
            for line in lines:
                raw.write(f"layout shift={shift} side={side} rep={rep + 1} "
                          f"{line}\n")
            if rec:
                times.setdefault((shift, side), []).append(rec["ns"])
            else:
                errors.append(f"shift {shift} {side}: {err}")
    return times, errors, cpu


def summarise(times):
    """Per-placement rows (shift, no hooks, off, off / no hooks) and the
    cost over all placements (the ratio of the means of the per-placement
    medians), or None if no placement ran on both sides."""
    rows = []
    for shift in SHIFTS:
        if all(times.get((shift, side)) for side in SIDES):
            bare, off = (statistics.median(times[(shift, side)])
                         for side in SIDES)
            rows.append((shift, bare, off, off / bare))
    if not rows:
        return rows, None
    cost = statistics.mean(r[2] for r in rows) / \
        statistics.mean(r[1] for r in rows)
    return rows, cost
