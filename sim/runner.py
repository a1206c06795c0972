"""One run: a scenario and a seed in, KPIs per replication (and optionally the events) out.

`replicate` is the unit of work a batch maps over processes or a Dask cluster: it takes plain
values, shares no state, and its result depends only on (scenario, seed, replication).
`RunResult` is a plain record of what a run produced; what people do with it (a run folder,
figures, the report) lives above this module, in sim.runfolder and sim.deliver, and the
notebook's `sim.run` returns a RunResult with those conveniences added
(sim.deliver.notebook), so nothing here imports the layers that present results.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.counted import counted
from sim.errors import InputError
from sim.geo.cache import cached_geography
from sim.geo.fit import check_against_geography
from sim.geo.model import Geography
from sim.measure.kpis import compute_kpis
from sim.model.eventlog import EventLog
from sim.model.roads import road_detour
from sim.model.world import World
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario

if TYPE_CHECKING:  # pandas is imported when a result is built, not to load this module
    import pandas as pd


@dataclass(repr=False)
class RunResult:
    """What a run produced: KPIs by replication, the events if kept, and how long it took."""

    scenario: Scenario
    seed: int
    kpis: pd.DataFrame  # one row per replication; first column `replication`
    runtime_s: float
    events: dict[int, pd.DataFrame] = field(default_factory=dict)
    logs: dict[int, EventLog] = field(default_factory=dict)  # the columns behind `events`
    event_counts: dict[int, int] = field(default_factory=dict)

    def __repr__(self) -> str:  # not the dataclass's: that would print every frame
        n, weeks = len(self.kpis), self.scenario.weeks
        return (f"{type(self).__name__}({self.scenario.name!r}, seed {self.seed}, "
                f"{counted(n, 'replication')} of {counted(weeks, 'week')}, "
                f"{self.runtime_s:.1f} s)")


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
