"""When is an option clearly beaten? Paired intervals on common random numbers.

Replication k of every option sees the same orders, vehicles and dwell times, so the
difference between two options is taken replication by replication and judged by the
Student-t interval of those paired differences: much tighter than comparing two means.

Option B clearly dominates option A when, on every objective, B is at most `tolerance` worse
than A with the stated confidence (the interval's bound on "B worse than A" is at most the
tolerance), and on at least one objective B is better with that confidence (the whole interval
on B's side of zero). Two options that differ only in what the objectives do not see are never
said to dominate each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from sim.search.spec import Constraint, Objective


@lru_cache(maxsize=256)
def t_quantile(n: int, confidence: float) -> float:
    """The two-sided Student-t quantile for n observations (n - 1 degrees of freedom)."""
    from scipy.special import stdtrit

    return float(stdtrit(n - 1, 0.5 + confidence / 2))


def interval(values: np.ndarray, confidence: float) -> tuple[float, float, float]:
    """Mean and a two-sided interval; NaN bounds with fewer than two values."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if len(x) < 2:
        return mean, math.nan, math.nan
    half = t_quantile(len(x), confidence) * float(x.std(ddof=1)) / math.sqrt(len(x))
    return mean, mean - half, mean + half


def oriented(values: np.ndarray, objective: Objective) -> np.ndarray:
    """Values turned so that smaller is better."""
    return values if objective.direction == "min" else -values


def clearly_dominates(b: Sequence[np.ndarray], a: Sequence[np.ndarray],
                      objectives: Sequence[Objective], confidence: float) -> bool:
    """Whether B clearly dominates A; b[j], a[j] are objective j's values by replication,
    compared on the replications both have (0..n-1)."""
    n = min(min(len(x) for x in b), min(len(x) for x in a))
    if n < 2:
        return False
    better = False
    for xb, xa, obj in zip(b, a, objectives, strict=True):
        d = oriented(xb[:n] - xa[:n], obj)  # negative: B better
        if np.isnan(d).any():
            return False
        _, _lo, hi = interval(d, confidence)
        if math.isnan(hi):
            return False
        if hi > obj.tolerance:
            return False
        if hi < 0:
            better = True
    return better


def feasible(means: Sequence[float], constraints: Sequence[Constraint]) -> bool:
    """Whether the means keep every constraint."""
    return all(c.slack(m) >= 0 for m, c in zip(means, constraints, strict=True))


def clearly_infeasible(values: Sequence[np.ndarray], constraints: Sequence[Constraint],
                       confidence: float) -> bool:
    """Whether some constraint is broken with the stated confidence (the whole interval of
    the mean on the wrong side of its bound)."""
    for x, c in zip(values, constraints, strict=True):
        _mean, lo, hi = interval(x, confidence)
        if math.isnan(lo):
            continue
        if c.at_least is not None and hi < c.at_least:
            return True
        if c.at_most is not None and lo > c.at_most:
            return True
    return False


def mean_front(points: np.ndarray) -> np.ndarray:
    """Which rows (options x objectives, smaller better) no other row dominates on the means."""
    n = len(points)
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        others = np.delete(points, i, axis=0)
        if len(others) and np.any(np.all(others <= points[i], axis=1)
                                  & np.any(others < points[i], axis=1)):
            keep[i] = False
    return keep
