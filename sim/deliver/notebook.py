"""The notebook's result: `sim.run(...)` returns a RunResult with a short description, the KPI
summary as a frame, the breakdown tables, `save` (a run folder) and `report` (the HTML report).

sim.runner's RunResult is a plain record that batches, the CLI and the run folder share; the
conveniences are added here, in the delivery layer, by a subclass, so the core never imports
the run folder, the figures or the report (as Mesa's model never imports its visualisation,
and PyVRP's Result never imports its plotting). A batch worker that loads sim.runner loads
none of them.
"""

from __future__ import annotations

import dataclasses
import tempfile
import warnings
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim import runner

if TYPE_CHECKING:
    import pandas as pd

    from sim.geo.model import Geography
    from sim.scenario.models import Scenario

# KPIs a short description shows, in this order (those the run has)
HEADLINE = ("deliveries_total", "deliveries_outside_window", "violations_total", "fines_issued",
            "ze_share_entries")
NO_EVENTS = ("this result kept no events, so it has no {what}; run it again with "
             "sim.run(..., keep_events=True)")


def run(
    scenario: Scenario | str | Path,
    seed: int | None = None,
    *,
    replications: int | None = None,
    geo: Geography | None = None,
    keep_events: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """`sim.run`: sim.runner.run, with the result's notebook conveniences (see RunResult)."""
    return RunResult.of(runner.run(scenario, seed, replications=replications, geo=geo,
                                   keep_events=keep_events, on_progress=on_progress))


class RunResult(runner.RunResult):
    """What a run produced (sim.runner.RunResult), and what a notebook does with it:
    `summary()` (mean and 95% interval per KPI), `tables` (the breakdowns, with
    `keep_events=True`), `save(dir)` (the folder `venster run` writes) and `report(path)`
    (the HTML report)."""

    @classmethod
    def of(cls, plain: runner.RunResult) -> RunResult:
        """The same result (its frames shared, not copied) with the conveniences."""
        return cls(**{f.name: getattr(plain, f.name) for f in dataclasses.fields(plain)})

    def __repr__(self) -> str:
        """The record's line with a few headline KPIs (means) and whether events were kept."""
        from sim.deliver.kpi_format import plain

        head = super().__repr__()[:-1]
        cols = self.kpis.columns if len(self.kpis) else []
        means = [f"{k} {plain(k, float(self.kpis[k].mean()))}" for k in HEADLINE if k in cols]
        kept = "" if self.events or self.logs else "; no events kept"
        return head + (": " + ", ".join(means) if means else "") + kept + ")"

    def summary(self) -> pd.DataFrame:
        """Per KPI (the index) `mean` over replications, 95% interval `low`..`high`, `unit`:
        the numbers of summary.json before they are rounded for the file."""
        import pandas as pd

        from sim.runfolder.summary import kpi_statistics

        rows = [{"kpi": name, "mean": k.mean, "low": k.low, "high": k.high, "unit": k.unit}
                for name, k in kpi_statistics(self.kpis).items()]
        frame = pd.DataFrame(rows, columns=["kpi", "mean", "low", "high", "unit"])
        return frame.set_index("kpi")

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables a run folder keeps in tables/ (by hour, gate, week, vehicle class,
        segment, shop type, ...), computed on first use; needs a run with `keep_events=True`."""
        import pandas as pd

        from sim.measure.breakdowns import TABLES

        events = self._events()
        if not events:
            raise ValueError(NO_EVENTS.format(what="tables"))
        ev = pd.concat([df.assign(replication=r) for r, df in sorted(events.items())],
                       ignore_index=True)
        return {name: make(ev, self.scenario, len(events)) for name, make in TABLES.items()}

    def save(self, out: str | Path, *, figures: bool = True, events: bool = False,
             overwrite: bool = False) -> Path:
        """Write the run folder `venster run` writes (atomically) at `out` and return its path;
        the same checks on what it replaces."""
        from sim.runfolder.write import check_out_folder, write_run_folder

        if not self._events():
            warnings.warn(NO_EVENTS.format(what="tables/, gates.gpkg or figures") + "; the "
                          "folder holds the summary, the KPIs and the scenario only",
                          stacklevel=2)
        draw = None
        if figures and self.events:
            from sim.deliver.figures import draw_run_figures

            draw = draw_run_figures
        folder = check_out_folder(Path(out), len(self.kpis), overwrite)
        return write_run_folder(self, folder, events=events, figures=draw)

    def report(self, out: str | Path, lang: str = "nl") -> Path:
        """Write the HTML report of this run to `out` (nl or en) and return its path: built by
        the report package from a run folder that exists only while the report is made."""
        from sim.deliver.report import build_report

        with tempfile.TemporaryDirectory(prefix="venster-report-") as tmp:
            folder = self.save(Path(tmp) / self.scenario.name, figures=False)
            written, _ = build_report([folder], out=Path(out), lang=lang)
        return Path(written)

    def _events(self) -> dict[int, Any]:
        """The events as frames, built from the kept logs the first time they are needed."""
        if not self.events and self.logs:
            self.events = {r: log.to_frame() for r, log in sorted(self.logs.items())}
        return self.events
