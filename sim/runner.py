"""One run: a scenario and a seed in, KPIs per replication (and optionally the events) out.

`run_replication` is the unit of work a batch maps over processes or a Dask cluster: it takes
plain values, shares no state, and its result depends only on (scenario, seed, replication).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.errors import InputError
from sim.geo.cache import cached_geography
from sim.geo.model import Geography
from sim.measure.kpis import compute_kpis
from sim.model.eventlog import EventLog
from sim.model.roads import road_detour
from sim.model.world import World
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario
from sim.scenario.validate import check_against_geography

if TYPE_CHECKING:  # pandas is imported when a result is built, not to load this module
    import pandas as pd


@dataclass(repr=False)
class RunResult:
    """What a run produced: KPIs by replication, the events if kept, and how long it took.

    In a notebook: `summary()` (mean and 95% interval per KPI), `tables` (the breakdowns, with
    `keep_events=True`), `save(dir)` (the folder `venster run` writes) and `report(path)`
    (the HTML report). The work is in sim.deliver.notebook.
    """

    scenario: Scenario
    seed: int
    kpis: pd.DataFrame  # one row per replication; first column `replication`
    runtime_s: float
    events: dict[int, pd.DataFrame] = field(default_factory=dict)
    logs: dict[int, EventLog] = field(default_factory=dict)  # the columns behind `events`
    event_counts: dict[int, int] = field(default_factory=dict)

    def __repr__(self) -> str:
        from sim.deliver.notebook import describe

        return describe(self)

    def summary(self) -> pd.DataFrame:
        """Per KPI (index): `mean` over replications, 95% interval `low`..`high`, `unit`."""
        from sim.deliver.notebook import summary_frame

        return summary_frame(self)

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The breakdown tables (by hour, gate, week, vehicle class, segment, shop type, ...),
        computed on first use; needs a run with `keep_events=True`."""
        from sim.deliver.notebook import breakdown_tables

        return breakdown_tables(self)

    def save(self, out: str | Path, *, figures: bool = True, events: bool = False,
             overwrite: bool = False) -> Path:
        """Write the run folder `venster run` writes (atomically) and return its path."""
        from sim.deliver.notebook import save

        return save(self, out, figures=figures, events=events, overwrite=overwrite)

    def report(self, out: str | Path, lang: str = "nl") -> Path:
        """Write the HTML report of this run to `out` (nl or en) and return its path."""
        from sim.deliver.notebook import report

        return report(self, out, lang)


def load_geo(scenario: Scenario, scenario_path: str | Path | None = None) -> Geography:
    """The scenario's GeoPackage, loaded and checked (kept on disk by sim.geo.cache)."""
    if not Path(scenario.geography).is_file():
        raise InputError(scenario_path or scenario.name, "geography",
                         f"an existing GeoPackage; {scenario.geography} not found")
    geo = cached_geography(scenario.geography, road_detour(scenario))
    check_against_geography(scenario, geo, scenario_path)
    return geo


def replicate(
    scenario: Scenario, geo: Geography, seed: int, replication: int
) -> tuple[dict[str, float], EventLog]:
    """Simulate one replication and compute its KPIs from the columns of its event log."""
    log = World(scenario, geo, seed, replication).run()
    return compute_kpis(log, scenario), log


def run_replication(
    scenario: Scenario, geo: Geography, seed: int, replication: int
) -> tuple[dict[str, float], pd.DataFrame]:
    """As `replicate`, with the events as a frame (for callers that want pandas)."""
    kpis, log = replicate(scenario, geo, seed, replication)
    return kpis, log.to_frame()


def run(
    scenario: Scenario | str | Path,
    seed: int | None = None,
    *,
    replications: int | None = None,
    geo: Geography | None = None,
    keep_events: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Run a scenario (object or YAML path) for `replications` replications of `seed`.

    Replication r draws from the streams of (seed, r), so replication 0 of a 5-replication
    run equals a 1-replication run with the same seed.
    """
    path = None
    if not isinstance(scenario, Scenario):
        path = Path(scenario)
        scenario = load_scenario(path)
    seed = scenario.seed if seed is None else int(seed)
    n = scenario.replications if replications is None else int(replications)
    geo = geo if geo is not None else load_geo(scenario, path)
    started = time.perf_counter()
    import pandas as pd

    rows: list[dict[str, Any]] = []
    result = RunResult(scenario, seed, pd.DataFrame(), 0.0)
    for r in range(n):
        kpis, log = replicate(scenario, geo, seed, r)
        rows.append({"replication": r, **kpis})
        result.event_counts[r] = len(log)
        if keep_events:
            result.logs[r] = log
            result.events[r] = log.to_frame()
        if on_progress is not None:
            on_progress(r + 1, n)
    result.kpis = pd.DataFrame(rows)
    result.runtime_s = time.perf_counter() - started
    return result
