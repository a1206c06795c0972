"""What `RunResult`'s notebook methods do: a short description, the KPI summary as a frame,
the breakdown tables, a run folder and the HTML report of one result.

Kept here, in the delivery layer, so sim.runner stays a small module that imports neither
pandas-heavy tables nor the report when a batch worker loads it.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from sim.runner import RunResult

# KPIs a short description shows, in this order (those the run has)
HEADLINE = ("deliveries_total", "deliveries_outside_window", "violations_total", "fines_issued",
            "ze_share_entries")
NO_EVENTS = ("this result kept no events, so it has no {what}; run it again with "
             "sim.run(..., keep_events=True)")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def describe(result: RunResult) -> str:
    """One line: scenario, seed, replications, weeks and a few headline KPIs (means)."""
    from sim.deliver.kpi_format import plain

    sc = result.scenario
    n = len(result.kpis)
    head = (f"RunResult({sc.name!r}, seed {result.seed}, {_plural(n, 'replication')} of "
            f"{_plural(sc.weeks, 'week')}, {result.runtime_s:.1f} s")
    cols = result.kpis.columns if n else []
    means = [f"{k} {plain(k, float(result.kpis[k].mean()))}" for k in HEADLINE if k in cols]
    kept = "" if result.events or result.logs else "; no events kept"
    return head + (": " + ", ".join(means) if means else "") + kept + ")"


def summary_frame(result: RunResult) -> pd.DataFrame:
    """Per KPI (the index) the mean over replications, the 95% interval and the unit."""
    import pandas as pd

    from sim.measure.kpis import kpi_interval
    from sim.measure.registry import find

    rows = []
    for name in result.kpis.columns:
        if name == "replication":
            continue
        mean, lo, hi = kpi_interval(name, result.kpis[name].to_numpy(dtype=float))
        meta = find(name)
        rows.append({"kpi": name, "mean": mean, "low": lo, "high": hi,
                     "unit": meta.unit if meta else ""})
    frame = pd.DataFrame(rows, columns=["kpi", "mean", "low", "high", "unit"])
    return frame.set_index("kpi")


def _events(result: RunResult) -> dict[int, pd.DataFrame]:
    if not result.events and result.logs:
        result.events = {r: log.to_frame() for r, log in sorted(result.logs.items())}
    return result.events


def breakdown_tables(result: RunResult) -> dict[str, pd.DataFrame]:
    """The tables a run folder keeps in tables/, as frames, means per replication."""
    import pandas as pd

    from sim.measure.breakdowns import TABLES

    events = _events(result)
    if not events:
        raise ValueError(NO_EVENTS.format(what="tables"))
    ev = pd.concat([df.assign(replication=r) for r, df in sorted(events.items())],
                   ignore_index=True)
    return {name: make(ev, result.scenario, len(events)) for name, make in TABLES.items()}


def save(result: RunResult, out: str | Path, *, figures: bool = True, events: bool = False,
         overwrite: bool = False) -> Path:
    """The run folder `venster run` writes, at `out`; the same checks on what it replaces."""
    from sim.deliver.results import check_out_folder, write_run_folder

    if not _events(result):
        warnings.warn(NO_EVENTS.format(what="tables/, gates.gpkg or figures") + "; the folder "
                      "holds the summary, the KPIs and the scenario only", stacklevel=3)
    draw = None
    if figures and result.events:
        from sim.deliver.figures import draw_run_figures

        draw = draw_run_figures
    folder = check_out_folder(Path(out), len(result.kpis), overwrite)
    return write_run_folder(result, folder, events=events, figures=draw)


def report(result: RunResult, out: str | Path, lang: str = "nl") -> Path:
    """The HTML report of this one result, built by the report package from a run folder that
    exists only while the report is made."""
    from sim.deliver.report import build_report

    with tempfile.TemporaryDirectory(prefix="venster-report-") as tmp:
        folder = save(result, Path(tmp) / result.scenario.name, figures=False)
        written, _ = build_report([folder], out=Path(out), lang=lang)
    return Path(written)
