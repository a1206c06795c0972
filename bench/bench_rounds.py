"""Carriers' rounds: planning time per simulated week, plan reuse, and the solver's gap.

    python bench/bench_rounds.py [--scenario FILE] [--long-iterations N]

Prints (1) the time to plan one week of the scenario with an empty plan cache and again with
the plans cached (what a camera sweep sees), (2) one-week runs per second without and with
rounds, and (3) for the week's largest carrier-day, the plan cost at the scenario's solver
budget against a long run with PyVRP's default settings (the gap).
"""

from __future__ import annotations

import argparse
import time

from sim.model.rounds import plan as rplan
from sim.model.rounds.cache import PLANS
from sim.model.world import World
from sim.runner import load_geo
from sim.scenario.load import load_scenario


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="scenarios/assen-2023.yaml")
    ap.add_argument("--long-iterations", type=int, default=1500)
    args = ap.parse_args()
    sc = load_scenario(args.scenario)
    geo = load_geo(sc)
    off = sc.model_copy(update={"rounds": sc.rounds.model_copy(update={"enabled": False})})

    World(off, geo, 1)  # imports and caches warmed
    t0 = time.perf_counter()
    World(off, geo, 1).run()
    t_off = time.perf_counter() - t0

    got: list = []
    orig = PLANS.plan_for

    def grab(job, iterations, seed):
        p = orig(job, iterations, seed)
        got.append(job.instance)
        return p

    PLANS.plan_for = grab
    PLANS.clear()
    PLANS._folder = None  # time real solving: memory only, no stored plans
    t0 = time.perf_counter()
    World(sc, geo, 1)
    cold = time.perf_counter() - t0
    PLANS.plan_for = orig
    solved = PLANS.misses
    t0 = time.perf_counter()
    w = World(sc, geo, 1)
    warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    w.run()
    t_run = time.perf_counter() - t0
    print(f"carrier-days planned per week: {solved}")
    print(f"build a week, no rounds:           {t_off:.2f} s (build + run)")
    print(f"build a week, rounds, cold cache:  {cold:.2f} s "
          f"({cold / max(solved, 1) * 1000:.0f} ms per carrier-day)")
    print(f"build a week, rounds, plans cached: {warm:.2f} s (then {t_run:.2f} s to run)")
    print(f"one-week runs per second: no rounds {1 / t_off:.2f}, rounds cold "
          f"{1 / (cold + t_run):.2f}, rounds cached {1 / (warm + t_run):.2f}")

    inst = max(got, key=lambda i: len(i.stops))
    budget = sc.rounds.solver_iterations
    costs = [rplan.solve(inst, budget, s).cost for s in range(5)]
    t0 = time.perf_counter()
    long = rplan.solve(inst, args.long_iterations, 0, defaults=True)
    t_long = time.perf_counter() - t0
    gaps = [(c - long.cost) / long.cost * 100 for c in costs]
    print(f"largest carrier-day: {len(inst.stops)} stops; budget {budget} iterations "
          f"(5 seeds): gap to a {args.long_iterations}-iteration default run "
          f"({t_long:.1f} s): mean {sum(gaps) / len(gaps):.2f}%, max {max(gaps):.2f}%")


if __name__ == "__main__":
    main()
