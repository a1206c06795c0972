"""KPIs of a replication, and their mean and interval over replications.

What each KPI is and measures is declared in `delivery_kpis`, `parking_kpis` and
`round_kpis`, and put together (with the facts readers ask about) in `sim.measure.registry`;
this module is what a run calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.measure.registry import find, kpis_for
from sim.model.eventlog import EventLog, EventView, as_view
from sim.scenario.models import Scenario

if TYPE_CHECKING:
    import pandas as pd


def compute_kpis(
    events: EventLog | EventView | pd.DataFrame, scenario: Scenario
) -> dict[str, float]:
    """All KPIs of one replication, in the column order of `registry.kpis_for(scenario)`.

    Give the EventLog itself where you have it: a frame works too (tests, Parquet read back)
    but is turned into columns first."""
    view = as_view(events)
    return {k.name: k.func(view, scenario) for k in kpis_for(scenario)}


def kpi_interval(name: str, values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% interval of a KPI, kept within what the KPI can be: every KPI here is a
    count, amount or share, never negative, and shares never exceed 1 (a t-interval around a
    small count would otherwise reach below zero)."""
    mean, lo, hi = interval95(values)
    kpi = find(name)
    upper = 1.0 if kpi is not None and kpi.share else np.inf
    if not np.isnan(lo):
        lo, hi = max(lo, 0.0), min(hi, upper)
    return mean, lo, hi


def interval95(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and a 95% Student-t interval over replications (NaN bounds with one replication)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(x.mean())
    if len(x) == 1:
        return mean, float("nan"), float("nan")
    from scipy.special import stdtrit  # lazily: scipy costs a second to import

    half = float(stdtrit(len(x) - 1, 0.975)) * float(x.std(ddof=1)) / np.sqrt(len(x))
    return mean, mean - half, mean + half
