"""How long one simulated week of Assen takes, against a bare simpy loop in the same process.

Run: python bench/bench_week.py [--weeks W] [--repeat N]. Prints wall time per simulated week,
events per second, and the ratio to a bare simpy loop processing the same number of timeouts
(so the figure means the same on a slower or faster machine).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import simpy

from sim.measure.kpis import compute_kpis
from sim.model.world import World
from sim.runner import load_geo
from sim.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def bare_simpy(n_events: int) -> float:
    env = simpy.Environment()

    def proc(env: simpy.Environment, n: int):
        for _ in range(n):
            yield env.timeout(1.0)

    env.process(proc(env, n_events))
    t0 = time.perf_counter()
    env.run()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "assen-2023.yaml"))
    ap.add_argument("--weeks", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sc = load_scenario(args.scenario, {"weeks": args.weeks})
    t0 = time.perf_counter()
    geo = load_geo(sc)
    print(f"geodata load: {time.perf_counter() - t0:.2f} s")
    sim_s, kpi_s, events, steps = [], [], 0, 0
    for r in range(args.repeat):
        t0 = time.perf_counter()
        world = World(sc, geo, seed=1, replication=r)
        log = world.run()
        sim_s.append(time.perf_counter() - t0)
        steps = next(world.env._eid)  # simpy events scheduled (private counter, bench only)
        t0 = time.perf_counter()
        compute_kpis(log, sc)
        kpi_s.append(time.perf_counter() - t0)
        events = len(log)
    best = min(sim_s)
    bare = bare_simpy(steps)
    print(f"scenario {sc.name}, {args.weeks} week(s), best of {args.repeat}")
    print(f"  simulate: {best:.3f} s ({best / args.weeks:.3f} s per simulated week)")
    print(f"  KPIs from the log: {min(kpi_s):.3f} s")
    print(f"  logged events: {events}; simpy events scheduled: {steps}")
    print(f"  bare simpy loop, same number of timeouts: {bare:.3f} s")
    print(f"  ratio simulate / bare simpy: {best / bare:.1f}x")


if __name__ == "__main__":
    main()
