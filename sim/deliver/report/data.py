"""What a report reads: run folders (or a batch folder's variants) and years folders.

Everything is read once here, so the sections and charts work on plain data and a missing
piece (no tables in a batch variant, a scenario that no longer loads, no parking) is a value
the sections can explain rather than an exception halfway through writing the page.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.batch.compare import expand, labels_for
from sim.errors import InputError
from sim.measure.registry import is_per_week
from sim.runfolder.layout import RESOLVED, SUMMARY, TABLES
from sim.runfolder.read import RunFolder, read_run_folder
from sim.runfolder.summary import RunSummary
from sim.scenario.models import Scenario

TABLE_NAMES = ("by_hour", "by_gate", "by_week", "by_vehicle_class", "by_segment",
               "by_shop_type")
PARKING_CSV = Path("figures") / "parking_occupancy_by_hour.csv"
YEARS_CSV = "years.csv"


@dataclass
class ReportRun:
    """One run folder as the report sees it: KPIs, summary, scenario and breakdown tables."""

    folder: RunFolder
    scenario: Scenario | None
    scenario_error: str | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    parking_hours: pd.DataFrame | None = None

    @property
    def path(self) -> Path:
        return self.folder.path

    @property
    def label(self) -> str:
        """The scenario's name (from summary.json), which readers know it by."""
        return self.folder.label

    @property
    def description(self) -> str:
        """The scenario's own description (scenario.resolved.yaml or summary.json); "" if none."""
        if self.scenario is not None and self.scenario.description:
            return str(self.scenario.description)
        return self.summary.description

    @property
    def summary(self) -> RunSummary:
        return self.folder.summary

    @property
    def weeks(self) -> int:
        return self.summary.weeks or 1

    @property
    def days(self) -> int:
        return 7 * self.weeks

    @property
    def replications(self) -> int:
        return len(self.folder.kpis)

    def mean(self, kpi: str) -> float:
        """The KPI's mean over replications, per week where it is a count; NaN if absent."""
        if kpi not in self.folder.kpis.columns:
            return float("nan")
        values = self.folder.kpis[kpi].astype(float).dropna()
        if values.empty:
            return float("nan")
        value = float(values.mean())
        return value / self.weeks if self._per_week(kpi) else value

    def _per_week(self, kpi: str) -> bool:
        """A count or amount summed over the run (shares and rates are not divided)."""
        return is_per_week(kpi, self.folder.unit(kpi))

    def per_week(self) -> RunFolder:
        """The folder with counts divided by its weeks, so runs of different length pair up."""
        kpis = self.folder.kpis.copy()
        for col in kpis.columns:
            if col != "replication" and self._per_week(col):
                kpis[col] = kpis[col].astype(float) / self.weeks
        return RunFolder(self.folder.path, self.folder.label, kpis, self.folder.summary)

    @property
    def parking_on(self) -> bool:
        sc = self.scenario
        return sc is not None and sc.parking is not None and sc.parking.enabled


@dataclass
class YearSeries:
    """A `venster years` table: the ZE share by year of one scenario."""

    label: str
    table: pd.DataFrame


@dataclass
class ReportInput:
    """All runs (the first is the reference) and any year series found among the folders."""

    runs: list[ReportRun]
    years: list[YearSeries]

    @property
    def base(self) -> ReportRun:
        return self.runs[0]


def _read_csv(path: Path) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        return pd.read_csv(path)
    except pd.errors.EmptyDataError:
        return pd.DataFrame()  # a run with nothing in it (say, a week of holidays): no rows
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(path, None, f"a readable CSV table ({exc})") from None


def _load_scenario(path: Path) -> tuple[Scenario | None, str | None]:
    from sim.scenario.load import load_scenario

    file = path / RESOLVED
    if not file.is_file():
        return None, f"{file} is missing"
    try:
        return load_scenario(file), None
    except InputError as exc:
        return None, exc.message


def read_run(folder: RunFolder) -> ReportRun:
    """Read the scenario and the tables of a run folder already checked by read_run_folder."""
    scenario, error = _load_scenario(folder.path)
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        df = _read_csv(folder.path / TABLES / f"{name}.csv")
        if df is not None and not df.empty:
            tables[name] = df
    parking = _read_csv(folder.path / PARKING_CSV)
    return ReportRun(folder, scenario, error, tables, parking)


def _read_years(path: Path) -> YearSeries | None:
    table = _read_csv(path / YEARS_CSV)
    if table is None:
        return None
    if "year" not in table.columns or "ze_share_entries" not in table.columns:
        raise InputError(path / YEARS_CSV, "year", "a table written by venster years, with "
                         "columns year and ze_share_entries")
    name = path.name[:-len("-years")] if path.name.endswith("-years") else path.name
    return YearSeries(name, table)


def collect(paths: list[Path], baseline: Path | None = None) -> ReportInput:
    """Read every folder: run folders, batch folders (their variants) and years folders.

    The reference is `baseline` when given, else the first run folder. A folder that is none
    of these raises an InputError naming it.
    """
    if not paths and baseline is None:
        raise InputError("command line", "DIR", "at least one run folder")
    years: list[YearSeries] = []
    run_paths: list[Path] = []
    for p in [Path(x) for x in paths]:
        if not p.exists():
            raise InputError(p, None, "an existing run folder (written by venster run or "
                             "venster batch); it does not exist")
        if not p.is_dir():
            raise InputError(p, None, "a run folder, not a file")
        if (p / YEARS_CSV).is_file():
            series = _read_years(p)
            if series is not None:
                years.append(series)
            if not (p / SUMMARY).is_file():
                continue
        run_paths.extend(expand([p]))
    if baseline is not None:
        base = Path(baseline)
        if not base.is_dir():
            raise InputError(base, "--baseline", "an existing run folder")
        run_paths = [base, *[r for r in run_paths if r.resolve() != base.resolve()]]
    unique: list[Path] = []
    for r in run_paths:
        if all(r.resolve() != u.resolve() for u in unique):
            unique.append(r)
    if not unique:
        raise InputError("command line", "DIR", "at least one run folder (a years folder "
                         "alone holds no run)")
    folders = [read_run_folder(p, lab) for p, lab in zip(unique, labels_for(unique), strict=True)]
    folders = [dataclasses.replace(f, label=name)
               for f, name in zip(folders, scenario_labels(folders), strict=True)]
    check_replications(folders)
    runs = [read_run(f) for f in folders]
    return ReportInput(runs, years)


def scenario_labels(folders: list[RunFolder]) -> list[str]:
    """Each run's scenario name; where two runs share one, the folder is added to tell them
    apart ("assen-2023 (r23-seed7)")."""
    names = [f.summary.scenario or f.label for f in folders]
    return [n if names.count(n) == 1 else f"{n} ({f.label})"
            for n, f in zip(names, folders, strict=True)]


def check_replications(folders: list[RunFolder]) -> None:
    """Refuse to compare runs when any has a single replication: no interval can be computed
    from one replication, so every difference would read "no clear difference" (even fines
    going from 0 to 11), which misleads more than it tells. One folder alone is allowed."""
    if len(folders) < 2:
        return
    single = [f for f in folders if len(f.kpis) < 2]
    if not single:
        return
    names = ", ".join(str(f.path) for f in single)
    fixes = "; ".join(
        f"venster run {_scenario_hint(f)} --replications 10 --out {f.path} --overwrite"
        for f in single)
    raise InputError(names, None, (
        f"{'this run folder has' if len(single) == 1 else 'these run folders have'} only one "
        "replication. No interval can be computed from one replication, so no difference "
        "between the scenarios can be shown. Run again with at least 10 replications: "
        f"{fixes} (general form: venster run SCENARIO --replications 10 --overwrite)"))


def _scenario_hint(folder: RunFolder) -> str:
    """The scenario file to run again: the shipped one of this name, or the run's own copy."""
    name = folder.summary.scenario
    shipped = Path("scenarios") / f"{name}.yaml"
    if name and shipped.is_file():
        return str(shipped)
    return str(folder.path / RESOLVED)


def finite(x: float) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))
