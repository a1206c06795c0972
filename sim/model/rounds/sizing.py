"""How many vehicles a carrier owns, given the vehicle-days its rounds need day by day.

A carrier pays for its own vehicles every working day, used or not, and hires a vehicle
on a day that needs more than it owns, at `hire_cost_factor` times an own vehicle's day
(running costs, km and hours, are the same either way). That is a newsvendor problem: one
more own vehicle costs one vehicle-day every day and saves a hired day (factor x that) on
the days that need more, so it pays while the chance of such a day exceeds 1/factor. The
cost-minimal fleet is the smallest n whose share of days needing at most n vehicles reaches
1 - 1/factor (the critical fractile). Fleet sizing as a newsvendor: e.g. "A Newsvendor Model
for Last-Mile Fleet Sizing" (optimization-online.org, 2025); the classical private-fleet
versus common-carrier trade-off it formalises is the one industry describes as "a private
fleet for the core volume, hired capacity for the overflow".

Pure functions, no simulation: the sizing study (docs/studies/fleet_size.py) feeds them the
vehicle-days of planned weeks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np


def critical_fractile(hire_cost_factor: float) -> float:
    """Share of days an own fleet should cover in full: 1 - 1/factor (0 when hiring costs
    no more than owning, so owning never pays for itself)."""
    if hire_cost_factor <= 1.0:
        return 0.0
    return 1.0 - 1.0 / hire_cost_factor


def fleet_cost(n: int, days: Sequence[int], hire_cost_factor: float) -> float:
    """Mean fixed cost a day, in own vehicle-days: n own vehicles plus hired days at the
    factor on days that need more than n."""
    d = np.asarray(days, dtype=float)
    return float(n + hire_cost_factor * np.maximum(d - n, 0.0).mean())


def newsvendor_size(days: Sequence[int], hire_cost_factor: float, minimum: int = 1) -> int:
    """The own fleet with the least `fleet_cost` over the observed days (the smallest such
    fleet on a tie, and at least `minimum`): the smallest n with a share of days needing at
    most n vehicles of at least `critical_fractile(hire_cost_factor)`."""
    if len(days) == 0:
        return minimum
    d = np.sort(np.asarray(days, dtype=int))
    candidates = range(minimum, max(minimum, int(d[-1])) + 1)
    costs = [fleet_cost(n, d, hire_cost_factor) for n in candidates]
    best = min(costs)
    # the first candidate within rounding of the least cost: ties go to the smaller fleet
    return next(n for n, c in zip(candidates, costs, strict=True) if c <= best + 1e-9)


def share_of_days_covered(n: int, days: Sequence[int]) -> float:
    """Share of days on which n own vehicles are enough."""
    d = np.asarray(days, dtype=int)
    return float((d <= n).mean()) if len(d) else float("nan")


def days_by_category(routes: Iterable[tuple[int, str]], days: Sequence[int],
                     categories: Sequence[str]) -> dict[str, list[int]]:
    """Vehicle-days of each category on each working day (in the order of `days`; 0 on a
    day with none), from a carrier's routes as (day, vehicle category), own and hired alike.

    Sizing by category needs the days of each category apart: a day with four rigid trucks
    and no tractor asks for a different fleet than one with two of each, though both use
    four vehicles. Routes on other days, or of categories not asked for, are left out."""
    index = {d: k for k, d in enumerate(days)}
    out = {c: [0] * len(days) for c in categories}
    for day, cat in routes:
        k = index.get(day)
        if k is not None and cat in out:
            out[cat][k] += 1
    return out


def size_by_category(need: Mapping[str, Sequence[int]],
                     hire_cost_factor: float) -> dict[str, int]:
    """Own vehicles of each category by the newsvendor rule, each category on its own days
    (0 allowed: a category the rounds rarely use is hired when needed). A carrier owns at
    least one vehicle, so a fleet that would come out empty gets one of the category used on
    the most vehicle-days (the first such category on a tie)."""
    sizes = {c: newsvendor_size(days, hire_cost_factor, minimum=0) for c, days in need.items()}
    if need and sum(sizes.values()) == 0:
        busiest = max(need, key=lambda c: sum(need[c]))
        sizes[busiest] = 1
    return sizes


def yaml_mapping(per_carrier: Sequence[Mapping[str, int]]) -> dict[str, list[int]]:
    """Per-carrier category sizes as the `vehicles_per_carrier` mapping (category to one
    count per carrier), leaving out categories no carrier owns."""
    seen = dict.fromkeys(c for m in per_carrier for c in m)
    cats = [c for c in seen if any(m.get(c, 0) for m in per_carrier)]
    return {c: [int(m.get(c, 0)) for m in per_carrier] for c in cats}


__all__ = ["critical_fractile", "days_by_category", "fleet_cost", "newsvendor_size",
           "share_of_days_covered", "size_by_category", "yaml_mapping"]
