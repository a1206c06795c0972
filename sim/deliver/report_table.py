"""The KPI table printed after a run: mean and 95% interval per KPI, with units."""

from __future__ import annotations

import math

from rich.table import Table

from sim.counted import counted
from sim.measure.kpis import kpi_interval
from sim.measure.registry import find, simulated
from sim.runner import RunResult


def _fmt(x: float) -> str:
    if x is None or math.isnan(x):
        return "–"
    if abs(x) >= 100 or x == int(x):
        return f"{x:,.0f}"
    return f"{x:,.3g}" if abs(x) < 1 else f"{x:,.1f}"


def kpi_table(result: RunResult) -> Table:
    n = len(result.kpis)
    table = Table(title=f"{result.scenario.name}: KPIs over "
                        f"{counted(result.scenario.weeks, 'week')}, {counted(n, 'replication')}")
    table.add_column("KPI")
    table.add_column("mean", justify="right")
    table.add_column("95% interval", justify="right")
    table.add_column("unit")
    for name in result.kpis.columns:
        values = result.kpis[name].to_numpy(dtype=float)
        if name == "replication" or not simulated(values):
            continue  # e.g. parking in a run without it
        mean, lo, hi = kpi_interval(name, values)
        interval = "–" if math.isnan(lo) else f"{_fmt(lo)} – {_fmt(hi)}"
        meta = find(name)
        unit = meta.unit if meta is not None else ""
        table.add_row(name, _fmt(mean), interval, unit)
    return table
