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

from collections.abc import Sequence

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


__all__ = ["critical_fractile", "fleet_cost", "newsvendor_size", "share_of_days_covered"]
