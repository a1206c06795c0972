"""Shared helpers for the studies that write the tables in docs/: paired runs on common
random numbers, summarised as a mean with a 95% interval of the paired difference."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from sim.batch.sweep import set_dotted
from sim.measure.kpis import interval95
from sim.runner import run
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario


def variant(path: str, **changes: Any) -> Scenario:
    """The scenario at `path` with keys replaced as a sweep's `set` does (`__` stands for the
    dot: enforcement__read_rate=0.5)."""
    data = load_scenario(path).model_dump()
    for key, value in changes.items():
        set_dotted(data, key.replace("__", "."), value)
    return Scenario.model_validate(data)


def kpis(sc: Scenario, seed: int, reps: int) -> pd.DataFrame:
    return run(sc, seed=seed, replications=reps).kpis


def paired(base: pd.DataFrame, other: pd.DataFrame, names: Iterable[str]) -> list[dict]:
    """Per KPI: base mean, variant mean, paired difference with its 95% interval."""
    rows = []
    for n in names:
        d = other[n].to_numpy() - base[n].to_numpy()
        mean, lo, hi = interval95(d)
        rows.append({"kpi": n, "base": float(base[n].mean()), "variant": float(other[n].mean()),
                     "diff": mean, "lo": lo, "hi": hi,
                     "excludes_zero": bool(lo > 0 or hi < 0)})
    return rows


def fmt(x: float, digits: int = 1) -> str:
    return "nan" if not np.isfinite(x) else f"{x:,.{digits}f}"


def mean_ci(values: pd.Series, digits: int = 1) -> str:
    mean, lo, hi = interval95(values.to_numpy())
    return f"{fmt(mean, digits)} [{fmt(lo, digits)}, {fmt(hi, digits)}]"


def md(df: pd.DataFrame, index: bool = False) -> str:
    """A pandas frame as a Markdown table (pandas' own needs the tabulate package)."""
    if index:
        df = df.reset_index()
    head = "| " + " | ".join(str(c) for c in df.columns) + " |"
    rule = "|" + "---|" * len(df.columns)
    body = ["| " + " | ".join(fmt(v) if isinstance(v, float) else str(v) for v in row) + " |"
            for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *body])
