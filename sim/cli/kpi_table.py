"""The KPI table printed after a run: mean and 95% interval per KPI, with units."""

from __future__ import annotations

import math

from rich.table import Table

from sim.counted import counted
from sim.deliver.kpi_format import plain
from sim.measure.kpis import kpi_interval
from sim.measure.registry import find, simulated
from sim.runner import RunResult


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
        interval = "–" if math.isnan(lo) else f"{plain(name, lo)} – {plain(name, hi)}"
        meta = find(name)
        unit = meta.unit if meta is not None else ""
        table.add_row(name, plain(name, mean), interval, unit)
    return table
