"""Own fleets sized to the rounds each carrier runs (issue 22; docs/region.md, "Fleets").

    python docs/studies/fleet_size.py [--seed 1] [--replications 10] [--weeks 2] [--pool depot]
    python docs/studies/fleet_size.py --compare parcel=3,chain_dc=4,wholesaler=3
    python docs/studies/fleet_size.py --window-cost 11:00,13:00
    python docs/studies/fleet_size.py --by-category

Plans twenty weeks of `assen-2023` (ten replications of two weeks) with fleets too large to
bind (every planning carrier owns `--unlimited` vehicles), counts each carrier's vehicle-days
on each of its working days (days its segment delivers, holidays out; own and hired: a plan
still hires a class the carrier owns too few of, a tractor-trailer for a chain DC, a van for
a wholesaler, because hired vehicles are of the carrier's own classes and the hire premium
is small beside the classes' running costs), pools the days of a segment's carriers that
share a depot (in the model they differ only by depot and by chance), and picks the own
fleet by the newsvendor rule of sim/model/rounds/sizing.py at the scenario's
`rounds.hire_cost_factor`: the smallest fleet that covers a share 1 - 1/factor of the days,
the rest hired. Prints a Markdown table per depot (with the sizes other factors would give)
and the `vehicles_per_carrier` lists for scenarios/base/assen-centre.yaml. `--compare` sets
the scenario's fleets against one number a segment on seed 2023 instead; `--window-cost`
what a later window end saves with the fleets fixed.

`--by-category` sizes each vehicle category a segment's rounds use (the keys of
`rounds.segments.<name>.capacity` that have a class in every mix of the segment) on its own:
every planning carrier owns `--unlimited` vehicles of each such category, each route's
vehicle-day counts for its vehicle's category (own and hired), and the rule runs per
category on the depot's pooled days. It prints the `vehicles_per_carrier` mappings (category
to one count per carrier). Sizing by count alone left the categories to the segment's mix,
and the plans hired the category a carrier owned too few of (docs/region.md, "Fleets").

The sizing runs use their own seed (default 1), not the seed 2023 the checks are measured
with, so the fleets are not fitted to the very days they are then judged on. The fleet is
sized under the reference regime (the 2023 windows) and then held fixed: a sweep over
windows varies the days, not the vehicles a carrier owns that year.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import variant  # noqa: E402

from sim.model.rounds.sizing import (  # noqa: E402
    critical_fractile,
    days_by_category,
    newsvendor_size,
    share_of_days_covered,
    size_by_category,
    yaml_mapping,
)
from sim.model.world import World  # noqa: E402
from sim.runner import load_geo  # noqa: E402
from sim.scenario.models import Scenario  # noqa: E402

SCENARIO = ROOT / "scenarios" / "assen-2023.yaml"


def unlimited(path: Path, vehicles: int, weeks: int) -> Scenario:
    """The scenario with every planning carrier owning `vehicles` vehicles."""
    base = variant(str(path))
    assert base.rounds is not None
    changes = {f"segments__{s}__vehicles_per_carrier": vehicles for s in base.rounds.segments}
    return variant(str(path), weeks=weeks, **changes)


def owned_categories(sc: Scenario, segment: str) -> list[str]:
    """The categories a segment's rounds use (its capacity keys) that its carriers can own:
    those with a class in every mix of the segment (a chain DC's rounds could use a van, but
    its mix has none, so it can only hire one of its own classes)."""
    assert sc.rounds is not None
    seg = sc.segments[segment]
    mixes = [seg.fleet] if seg.fleet is not None else list((seg.fleet_by_year or {}).values())
    return [cat for cat in sc.rounds.segments[segment].capacity
            if all(any(share > 0 and sc.vehicle_classes[c].category == cat
                       for c, share in (mix or {}).items()) for mix in mixes)]


def unlimited_by_category(path: Path, vehicles: int, weeks: int) -> Scenario:
    """The scenario with every planning carrier owning `vehicles` vehicles of each category
    its segment's rounds use and can own."""
    base = variant(str(path))
    assert base.rounds is not None
    changes = {f"segments__{s}__vehicles_per_carrier":
               dict.fromkeys(owned_categories(base, s), vehicles) for s in base.rounds.segments}
    return variant(str(path), weeks=weeks, **changes)


def category_days(sc: Scenario, seed: int, replications: int
                  ) -> tuple[dict[tuple[str, int], dict[str, list[int]]],
                             dict[tuple[str, int], str]]:
    """Per (segment, carrier index): per owned category, vehicle-days on each working day of
    every replication (own and hired, by the category of the route's vehicle); and each
    carrier's depot."""
    assert sc.rounds is not None
    geo = load_geo(sc)
    need: dict[tuple[str, int], dict[str, list[int]]] = {}
    depot: dict[tuple[str, int], str] = {}
    for rep in range(replications):
        w = World(sc, geo, seed, rep)
        routes: dict[tuple[str, int], list[tuple[int, str]]] = {}
        for r in w.rounds:
            c = w.carriers[r.carrier]
            routes.setdefault((c.segment, c.index), []).append((r.day, r.vehicle.category))
        for s, seg_r in sorted(sc.rounds.segments.items()):
            seg = sc.segments[s]
            cats = owned_categories(sc, s)
            days = [d for d, date in enumerate(w.cal.dates)
                    if seg.day_weights[date.weekday()] > 0 and w.cal.day_types[d] != "holiday"]
            for i in range(seg.carriers):
                got = days_by_category(routes.get((s, i), []), days, cats)
                mine = need.setdefault((s, i), {c: [] for c in cats})
                for c in cats:
                    mine[c].extend(got[c])
                depot[(s, i)] = seg_r.depots[i % len(seg_r.depots)] if seg_r.depots else "geo"
    return need, depot


def size_categories(args: argparse.Namespace) -> None:
    """Size each category of each depot's carriers and print the table and the mappings."""
    sc = unlimited_by_category(args.scenario, args.unlimited, args.weeks)
    assert sc.rounds is not None
    factor = sc.rounds.hire_cost_factor
    reps = args.replications or 10
    need, depot = category_days(sc, args.seed, reps)
    print(f"{sc.name}: seed {args.seed}, {reps} replications of {args.weeks} weeks, "
          f"{args.unlimited} own vehicles of each category a carrier; rule: own the smallest "
          f"fleet of each category that covers {critical_fractile(factor):.0%} of the days "
          f"(hire_cost_factor {factor:g}); days pooled by {args.pool}")
    for s, seg_r in sorted(sc.rounds.segments.items()):
        left = [c for c in seg_r.capacity if c not in owned_categories(sc, s)]
        if left:
            print(f"  {s}: rounds could use {', '.join(left)}, but the segment's mix has no "
                  "class of it in some year, so its carriers neither own nor hire one")
    print()
    pools: dict[tuple[str, str], dict[str, list[int]]] = {}
    members: dict[tuple[str, str], list[int]] = {}
    for (s, i), by_cat in sorted(need.items()):
        key = (s, depot[(s, i)] if args.pool == "depot" else str(i))
        pool = pools.setdefault(key, {c: [] for c in by_cat})
        for c, days in by_cat.items():
            pool[c].extend(days)
        members.setdefault(key, []).append(i)
    head = ["segment", "depot", "carriers", "category", "carrier-days", "mean", "median",
            "80th percentile", "largest", f"own (factor {factor:g})", "days covered"]
    print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    size_of: dict[tuple[str, str], dict[str, int]] = {}
    for key, by_cat in sorted(pools.items()):
        size_of[key] = size_by_category(by_cat, factor)
        for c, days in by_cat.items():
            d = np.asarray(days)
            n = size_of[key][c]
            print("| " + " | ".join([
                key[0], depot[(key[0], members[key][0])], ", ".join(map(str, members[key])), c,
                str(len(d)), f"{d.mean():.2f}", f"{np.median(d):g}",
                f"{np.percentile(d, 80):g}", str(d.max()), str(n),
                f"{share_of_days_covered(n, days):.0%}"]) + " |")
    print("\nFor scenarios/base/assen-centre.yaml (segments.<name>.vehicles_per_carrier):")
    for s in sorted({s for s, _ in need}):
        carriers = sorted(i for t, i in need if t == s)
        per = [size_of[(s, depot[(s, i)] if args.pool == "depot" else str(i))]
               for i in carriers]
        mapping = yaml_mapping(per)
        total = sum(sum(v) for v in mapping.values())
        shown = ", ".join(f"{c}: [{', '.join(map(str, v))}]" for c, v in mapping.items())
        print(f"  {s}: {{{shown}}}   # {total} vehicles")


def vehicle_days(sc: Scenario, seed: int, replications: int
                 ) -> tuple[dict[tuple[str, int], list[int]], dict[tuple[str, int], str],
                            dict[str, tuple[int, int]]]:
    """Per (segment, carrier index): vehicle-days on each working day of every replication;
    each carrier's depot; and per segment the vehicle-days used and hired (hired although
    the fleet is large: the plan wanted more of a class the carrier owns few of)."""
    assert sc.rounds is not None
    geo = load_geo(sc)
    need: dict[tuple[str, int], list[int]] = {}
    depot: dict[tuple[str, int], str] = {}
    hired: dict[str, tuple[int, int]] = {}
    for rep in range(replications):
        w = World(sc, geo, seed, rep)
        used: dict[tuple[str, int, int], int] = {}
        for r in w.rounds:
            c = w.carriers[r.carrier]
            used[(c.segment, c.index, r.day)] = used.get((c.segment, c.index, r.day), 0) + 1
            u, h = hired.get(c.segment, (0, 0))
            hired[c.segment] = (u + 1, h + int(r.hired))
        for s, seg_r in sorted(sc.rounds.segments.items()):
            seg = sc.segments[s]
            days = [d for d, date in enumerate(w.cal.dates)
                    if seg.day_weights[date.weekday()] > 0 and w.cal.day_types[d] != "holiday"]
            for i in range(seg.carriers):
                need.setdefault((s, i), []).extend(used.get((s, i, d), 0) for d in days)
                depot[(s, i)] = seg_r.depots[i % len(seg_r.depots)] if seg_r.depots else "geo"
    return need, depot, hired


def week_costs(sc: Scenario, seed: int, replications: int) -> np.ndarray:
    """Per replication: vehicle-days used, hired, route cost (an own vehicle's day only when
    it drives, as `route_cost_eur`), and the carriers' cost with the own fleet paid on every
    working day whether it drives or not (what the sizing rule minimises)."""
    assert sc.rounds is not None
    geo = load_geo(sc)
    r_ = sc.rounds
    out = np.zeros((replications, 4))
    for rep in range(replications):
        w = World(sc, geo, seed, rep)
        own = 0.0
        for c in w.carriers.values():
            if c.segment not in r_.segments:
                continue
            seg = sc.segments[c.segment]
            days = sum(1 for d, date in enumerate(w.cal.dates)
                       if seg.day_weights[date.weekday()] > 0
                       and w.cal.day_types[d] != "holiday")
            routable = [v for v in c.vehicles if v.category in r_.segments[c.segment].capacity]
            own += days * sum(sc.vehicle_classes[v.vclass].annual_cost_eur
                              for v in routable) / r_.working_days_per_year
        route = sum(r.cost_eur for r in w.rounds)
        own_used = sum(sc.vehicle_classes[r.vehicle.vclass].annual_cost_eur
                       / r_.working_days_per_year for r in w.rounds if not r.hired)
        out[rep] = (len(w.rounds), sum(r.hired for r in w.rounds), route,
                    route - own_used + own)
    return out


def compare(path: Path, old: dict[str, int], seed: int, replications: int) -> None:
    """The shipped fleets against one number per segment (`old`), paired on one seed."""

    new_sc = variant(str(path))
    old_sc = variant(str(path), **{f"segments__{s}__vehicles_per_carrier": n
                                   for s, n in old.items()})
    a, b = week_costs(old_sc, seed, replications), week_costs(new_sc, seed, replications)
    print(f"\nSeed {seed}, replications 0-{replications - 1}, a week: fleets {old} against "
          "the scenario's (paired, 95% t-interval)\n")
    print("| a week | one number a segment | per carrier | difference |\n|---|---|---|---|")
    _paired_rows(a, b, b - a)


def window_cost(path: Path, ends: tuple[str, str], seed: int, replications: int) -> None:
    """What a later window end saves carriers whose fleets stay as they are: vehicle-days,
    hired days, `route_cost_eur` and the cost with the own fleet paid every working day
    (an own vehicle's day costs nothing extra when it drives; a hired one costs its premium)."""

    def at(end: str) -> np.ndarray:
        base = variant(str(path))
        rules = [r.model_dump() for r in base.policy.rules]
        for r in rules:
            if r["name"] == "venstertijden":
                r["hours"] = [f"07:00-{end}"]
        return week_costs(variant(str(path), policy__rules=rules), seed, replications)

    a, b = at(ends[0]), at(ends[1])
    print(f"\nSeed {seed}, replications 0-{replications - 1}, a week, fleets fixed: window to "
          f"{ends[0]} against {ends[1]} (saved by the later end, paired, 95% t-interval)\n")
    print(f"| a week | to {ends[0]} | to {ends[1]} | saved |\n|---|---|---|---|")
    _paired_rows(a, b, a - b)


COST_ROWS = ("vehicle-days used", "of which hired", "route cost (EUR)",
             "cost with the own fleet paid every working day (EUR)")


def _paired_rows(a: np.ndarray, b: np.ndarray, diff: np.ndarray) -> None:
    """One markdown row per cost (columns of `week_costs`): both means and the paired
    difference with its 95% t-interval over replications."""
    from scipy import stats

    for j, name in enumerate(COST_ROWS):
        d = diff[:, j]
        h = float(stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d)))
        print(f"| {name} | {a[:, j].mean():,.1f} | {b[:, j].mean():,.1f} | "
              f"{d.mean():+,.1f} ({d.mean() - h:+,.1f} … {d.mean() + h:+,.1f}) |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", type=Path, default=SCENARIO)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--replications", type=int, default=None,
                    help="10 two-week replications to size; 5 one-week ones to compare")
    ap.add_argument("--weeks", type=int, default=2)
    ap.add_argument("--unlimited", type=int, default=12,
                    help="vehicles each planning carrier owns while sizing (more than any day "
                         "needs)")
    ap.add_argument("--other-factors", default="2,3",
                    help="hire cost factors whose sizes are shown beside the scenario's")
    ap.add_argument("--pool", choices=("depot", "carrier"), default="depot",
                    help="size each depot's carriers together (default) or each carrier alone")
    ap.add_argument("--compare", default="",
                    help="instead of sizing: compare the scenario's fleets with one number a "
                         "segment, e.g. parcel=3,chain_dc=4,wholesaler=3 (seed 2023)")
    ap.add_argument("--window-cost", default="",
                    help="instead of sizing: what a later window end saves with the fleets "
                         "fixed, e.g. 11:00,13:00 (seed 2023)")
    ap.add_argument("--by-category", action="store_true",
                    help="size each vehicle category the rounds use on its own and print the "
                         "vehicles_per_carrier mappings (category to one count per carrier)")
    args = ap.parse_args()
    if args.by_category:
        size_categories(args)
        return
    if args.window_cost:
        e0, e1 = args.window_cost.split(",")
        window_cost(args.scenario, (e0, e1), 2023 if args.seed == 1 else args.seed,
                    args.replications or 5)
        return
    if args.compare:
        old = {k: int(v) for k, v in (x.split("=") for x in args.compare.split(","))}
        compare(args.scenario, old, 2023 if args.seed == 1 else args.seed,
                args.replications or 5)
        return

    sc = unlimited(args.scenario, args.unlimited, args.weeks)
    assert sc.rounds is not None
    factor = sc.rounds.hire_cost_factor
    others = [float(x) for x in args.other_factors.split(",") if x]
    args.replications = args.replications or 10
    need, depot, hired = vehicle_days(sc, args.seed, args.replications)
    peak = max(max(v) for v in need.values())
    print(f"{sc.name}: seed {args.seed}, {args.replications} replications of {args.weeks} "
          f"weeks, {args.unlimited} own vehicles a carrier: largest day {peak} vehicles")
    for s, (u, h) in sorted(hired.items()):
        print(f"  {s}: {u} vehicle-days, {h} of them hired ({h / u:.0%}): a class the "
              "carrier owns too few of")
    print()
    print(f"Rule: own the smallest fleet that covers {critical_fractile(factor):.0%} of the "
          f"days (newsvendor, hire_cost_factor {factor:g}); days pooled by {args.pool}\n")
    # In the model, carriers of one segment differ by their depot and by chance (which shops
    # and regional stops a replication gives them), so a carrier's own days are pooled with
    # those of the segment's other carriers at its depot: the index of a carrier alone
    # carries only noise (with `--pool carrier`, two seeds disagree by one vehicle on six of
    # sixteen carriers, mostly between carriers of one depot).
    pools: dict[tuple[str, str], list[int]] = {}
    members: dict[tuple[str, str], list[int]] = {}
    for (s, i), days in sorted(need.items()):
        key = (s, depot[(s, i)] if args.pool == "depot" else str(i))
        pools.setdefault(key, []).extend(days)
        members.setdefault(key, []).append(i)
    head = (["segment", "depot", "carriers", "carrier-days", "mean", "median", "p80", "max",
             f"own fleet (factor {factor:g})", "days covered"]
            + [f"factor {f:g}" for f in others])
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    size_of: dict[tuple[str, str], int] = {}
    for key, days in sorted(pools.items()):
        s, _ = key
        n = newsvendor_size(days, factor)
        size_of[key] = n
        d = np.asarray(days)
        where = depot[(s, members[key][0])]
        row = [s, where, ", ".join(map(str, members[key])), str(len(d)), f"{d.mean():.2f}",
               f"{np.median(d):g}", f"{np.percentile(d, 80):g}", str(d.max()), str(n),
               f"{share_of_days_covered(n, days):.0%}"]
        row += [str(newsvendor_size(days, f)) for f in others]
        print("| " + " | ".join(row) + " |")
    sizes: dict[str, list[int]] = {}
    for (s, i) in sorted(need):
        key = (s, depot[(s, i)] if args.pool == "depot" else str(i))
        sizes.setdefault(s, []).append(size_of[key])
    print("\nFor scenarios/base/assen-centre.yaml (segments.<name>.vehicles_per_carrier):")
    for s, ns in sizes.items():
        mean_need = np.mean([np.mean(need[(s, i)]) for i in range(len(ns))])
        print(f"  {s}: {ns}   # {sum(ns)} vehicles; mean need {mean_need:.2f} a carrier-day")


if __name__ == "__main__":
    main()
