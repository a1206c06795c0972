"""How fast the what-if page answers (issue 23, item 3), measured as the page computes.

    python bench/bench_whatif.py [--scenario FILE] [--reps 5]

In one process, like the page's worker: the scenario is read once (Base.load); the base's
replications are kept once simulated. Times are wall seconds (the page's user waits in wall
time), each also given as a ratio to the baseline measured in the same process: one default
week with stored plans (`replicate`), so the figures mean the same on a busier or quieter
machine. The load average is printed with them.

1. Parsing: the scenario read with venster's checked YAML loader against libyaml's C loader on
   the same files; `load_scenario` the first time and again (parsed files are kept while they
   are unchanged, so a second `sim.run(path)` does not parse again); the page parses once.
2. A what-if that changes only cameras (no re-planning): 5 paired replications, base kept.
3. A what-if that changes the window (rounds re-planned), from an empty plan store: the first
   paired replication, and all 5; then the same with the plans stored (a new process's
   memory empty, the disk store full).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

import yaml


def _yaml_times(path: Path) -> tuple[float, float]:
    from sim.scenario.load import _Loader, read_merged

    _, files = read_merged(path)
    texts = [f.read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    for text in texts:
        yaml.load(text, Loader=_Loader)
    checked = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in texts:
        yaml.load(text, Loader=yaml.CSafeLoader)
    fast = time.perf_counter() - t0
    return checked, fast


def cpu() -> float:
    """CPU seconds of this process and its finished children (the planning pool's forks):
    under load, wall time stretches but CPU time much less."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="scenarios/assen-2023.yaml")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    store = tempfile.mkdtemp(prefix="venster-bench-plans-")
    os.environ["VENSTER_PLAN_CACHE"] = store  # an empty plan store, removed at the end

    from sim.app.logic import Base, BaseRuns, Choices, compare, replicate_one
    from sim.model.rounds.cache import PLANS
    from sim.runner import replicate

    t0 = time.perf_counter()
    base = Base.load(args.scenario)
    load_s = time.perf_counter() - t0
    checked, fast = _yaml_times(base.path)
    from sim.scenario import load as scenario_load

    scenario_load._PARSED.clear()
    t0 = time.perf_counter()
    scenario_load.load_scenario(base.path)
    first_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    scenario_load.load_scenario(base.path)
    again_load = time.perf_counter() - t0
    d = base.defaults()
    seed = base.scenario.seed
    # the baseline: one week with its plans stored (planned once first)
    replicate(base.scenario, base.geo, seed, 0)
    t0 = time.perf_counter()
    replicate(base.scenario, base.geo, seed, 0)
    week = time.perf_counter() - t0

    runs = BaseRuns()
    for k in range(args.reps):  # the page keeps the base's replications: simulate them first
        runs.get(base.reference(d), base.geo, seed, k)

    cams = Choices(**{**d.model_dump(), "cameras": d.cameras[:3], "replications": args.reps})
    t0, c0 = time.perf_counter(), cpu()
    compare(base, cams, runs)
    cams_s, cams_cpu = time.perf_counter() - t0, cpu() - c0

    windows = {day: (s, "12:30") for day, (s, _e) in d.windows.items()}
    late = Choices(**{**d.model_dump(), "windows": windows, "replications": args.reps})
    variant = base.variant(late)
    times: list[tuple[float, float]] = []
    t0, c0 = time.perf_counter(), cpu()
    for k in range(args.reps):
        runs.get(base.reference(late), base.geo, seed, k)
        replicate_one(variant, base.geo, seed, k)
        times.append((time.perf_counter() - t0, cpu() - c0))
    PLANS.clear()  # a new session: nothing in memory, the disk store full
    t0, c0 = time.perf_counter(), cpu()
    for k in range(args.reps):
        replicate_one(variant, base.geo, seed, k)
    stored, stored_cpu = time.perf_counter() - t0, cpu() - c0

    load = os.getloadavg()[0]
    print(f"load average {load:.1f}, {os.cpu_count()} cores; baseline: one week with stored "
          f"plans {week:.3f} s")
    print(f"reading the scenario (Base.load, with geodata): {load_s:.2f} s, once per page")
    print(f"parse the YAML: checked loader {checked * 1000:.0f} ms, libyaml C loader "
          f"{fast * 1000:.0f} ms ({checked / fast:.1f}x faster); the page parses once: 0 ms "
          "per what-if")
    print(f"load_scenario (parse, merge, validate), as sim.run(path) does: first "
          f"{first_load * 1000:.0f} ms, again (parsed files kept) {again_load * 1000:.0f} ms "
          f"({first_load / week:.2f}x / {again_load / week:.2f}x the baseline week)")
    rows = [
        ("cameras only, 5 paired replications (goal 2 s)", cams_s, cams_cpu),
        ("window, empty store: first pair (goal 4 s)", *times[0]),
        ("window, empty store: 5 pairs (goal 15 s)", *times[-1]),
        ("window, plans stored: 5 pairs (goal 3 s)", stored, stored_cpu),
    ]
    print(f"{'':<55} {'wall':>8} {'ratio':>8} {'CPU (with children)':>20}")
    for what, s, c in rows:
        print(f"{what:<55} {s:6.2f} s {s / week:6.1f}x {c:12.2f} s")
    import shutil

    shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main()
