"""summary.json as a typed record: who ran what, and per KPI the mean and 95% interval.

Every run folder's summary (`venster run`, `sim.run(...).save`, a batch's variants) is written
from a RunSummary, and compare, the report, the workbook, gates.gpkg and the batch's resume
check read it back as one, so each field is named, typed and checked in one place rather than
looked up in a dict by each reader.

Reading is strict about what every venster has written (scenario, seed, replications, weeks,
start date, KPIs) and lenient about what came later (the start state, the environment, ...):
a summary.json from an older venster still reads, and a file that is no summary is refused
with the file and the field named. Optional fields that are absent stay absent when written
again, so an older file reads and writes back to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.errors import InputError
from sim.runfolder.layout import SUMMARY

if TYPE_CHECKING:
    import pandas as pd

    from sim.runner import RunResult

INTERVAL = ("95% Student-t over replications, kept within the KPI's range (no negative counts, "
            "no share above 1); null with one replication")
DIGITS = 6  # decimals kept in the file: far below any KPI's interval, and stable in text
WHAT = "a summary written by venster run"


@dataclass(frozen=True)
class KpiSummary:
    """One KPI over the replications: its mean and 95% interval (None: no value, e.g. a KPI
    not simulated, or no interval from one replication), its unit and what it counts."""

    mean: float | None
    low: float | None
    high: float | None
    unit: str = ""
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"mean": self.mean, "ci95_low": self.low, "ci95_high": self.high,
                "unit": self.unit, "description": self.description}


@dataclass(frozen=True)
class RunSummary:
    """The contents of summary.json (DESIGN.md's run-folder contract)."""

    scenario: str
    seed: int
    replications: int
    weeks: int
    start_date: dt.date
    kpis: dict[str, KpiSummary]
    description: str = ""
    # how drivers' beliefs about the cameras start (docs/deterrence.md): "settled" is the
    # learning rule's fixed point for this regime, no warm-up simulated; "prior" is a new
    # regime starting from the stated priors
    start_state: str | None = None
    warmup_weeks: int | None = None
    version: str | None = None
    runtime_s: float | None = None
    interval: str | None = None
    environment: dict[str, Any] | None = None  # Python, platform, library versions

    def unit(self, kpi: str) -> str:
        """The KPI's unit as the run wrote it; "" for a KPI the run does not have."""
        entry = self.kpis.get(kpi)
        return entry.unit if entry is not None else ""

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON data, keys in the file's order; absent optional fields left out."""
        data: dict[str, Any] = {
            "scenario": self.scenario, "description": self.description, "seed": self.seed,
            "replications": self.replications, "weeks": self.weeks,
            "start_date": self.start_date.isoformat(), "start_state": self.start_state,
            "warmup_weeks": self.warmup_weeks, "version": self.version,
            "runtime_s": self.runtime_s, "interval": self.interval,
            "environment": self.environment,
        }
        data = {k: v for k, v in data.items() if v is not None}
        data["kpis"] = {name: k.to_json() for name, k in self.kpis.items()}
        return data

    def text(self) -> str:
        """The file's text: indented JSON, UTF-8 as is, one newline at the end."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, data: Any, source: str | Path = SUMMARY) -> RunSummary:
        """The summary in `data` (parsed JSON); InputError naming `source` and the field if
        it is not one venster wrote."""
        if not isinstance(data, dict):
            raise InputError(source, None, f"{WHAT}: a JSON object with the scenario's name, "
                             "its seed and its KPIs")
        read = _Reader(data, source)
        scenario = read.text("scenario", "the scenario's name")
        seed = read.whole("seed", "the run's seed, a whole number")
        replications = read.whole("replications", "the number of replications")
        weeks = read.whole("weeks", "the number of simulated weeks")
        date = read.text("start_date", "a date such as 2023-10-02")
        try:
            start = dt.date.fromisoformat(date)
        except ValueError:
            raise InputError(source, "start_date", f"a date such as 2023-10-02, got {date!r}"
                             ) from None
        kpis = data.get("kpis")
        if not isinstance(kpis, dict):
            raise InputError(source, "kpis", f"{WHAT}: per KPI its mean and interval"
                             + ("; it is missing" if kpis is None else f", got {kpis!r}"))
        return cls(
            scenario=scenario,
            seed=seed,
            replications=replications,
            weeks=weeks,
            start_date=start,
            kpis={str(name): _kpi(entry, source, f"kpis.{name}") for name, entry in kpis.items()},
            description=read.text("description", "the scenario's description", ""),
            start_state=read.text("start_state", "settled or prior", None),
            warmup_weeks=read.whole("warmup_weeks", "a whole number of weeks", None),
            version=read.text("version", "venster's version", None),
            runtime_s=read.number("runtime_s", "the run's time in seconds", None),
            interval=read.text("interval", "how the interval was computed", None),
            environment=read.mapping("environment", "Python, platform and library versions"),
        )


class _Reader:
    """Typed fields of a parsed JSON object; a wrong one raises InputError naming it."""

    _REQUIRED = object()

    def __init__(self, data: dict[str, Any], source: str | Path, where: str = "") -> None:
        self.data, self.source, self.where = data, source, where  # where: "kpis.<name>."

    def _get(self, key: str, default: Any, ok: Any, expected: str) -> Any:
        value = self.data.get(key)
        if value is None:
            if default is self._REQUIRED:
                raise InputError(self.source, self.where + key,
                                 f"{expected} ({WHAT}); it is missing")
            return default
        if not ok(value):
            raise InputError(self.source, self.where + key, f"{expected}, got {value!r}")
        return value

    def text(self, key: str, expected: str, default: Any = _REQUIRED) -> Any:
        return self._get(key, default, lambda v: isinstance(v, str), expected)

    def whole(self, key: str, expected: str, default: Any = _REQUIRED) -> Any:
        return self._get(key, default, _is_whole, expected)

    def number(self, key: str, expected: str, default: Any = _REQUIRED) -> Any:
        value = self._get(key, default, _is_number, expected)
        return value if value is None else float(value)

    def mapping(self, key: str, expected: str) -> dict[str, Any] | None:
        return self._get(key, None, lambda v: isinstance(v, dict), expected)


def _is_whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _kpi(entry: Any, source: str | Path, where: str) -> KpiSummary:
    if not isinstance(entry, dict):
        raise InputError(source, where, f"the KPI's mean, ci95_low, ci95_high and unit, "
                         f"got {entry!r}")
    read = _Reader(entry, source, f"{where}.")
    return KpiSummary(read.number("mean", "a number or null", None),
                      read.number("ci95_low", "a number or null", None),
                      read.number("ci95_high", "a number or null", None),
                      unit=read.text("unit", "the KPI's unit", ""),
                      description=read.text("description", "what the KPI counts", ""))


def read_summary(folder: str | Path) -> RunSummary:
    """The summary.json of a run folder; OSError if it cannot be read, InputError if it is
    not a summary venster wrote."""
    path = Path(folder) / SUMMARY
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(path, None, f"{WHAT} (valid JSON; {exc})") from None
    return RunSummary.from_json(data, path)


def _value(x: float, digits: int | None) -> float | None:
    if x is None or math.isnan(x):
        return None
    return x if digits is None else round(x, digits)


def kpi_statistics(kpis: pd.DataFrame, digits: int | None = None) -> dict[str, KpiSummary]:
    """Per KPI column of a run's table (one row per replication) its mean and 95% interval,
    kept within the KPI's range, with the unit and description of its declaration;
    rounded to `digits` decimals if given."""
    from sim.measure.kpis import kpi_interval
    from sim.measure.registry import find

    out: dict[str, KpiSummary] = {}
    for name in kpis.columns:
        if name == "replication":
            continue
        mean, lo, hi = kpi_interval(name, kpis[name].to_numpy(dtype=float))
        meta = find(name)
        out[name] = KpiSummary(_value(mean, digits), _value(lo, digits), _value(hi, digits),
                               meta.unit if meta else "", meta.description if meta else "")
    return out


def summarise(result: RunResult) -> RunSummary:
    """The summary a run folder keeps: who, what, and per KPI the mean and 95% interval."""
    from sim.runfolder.provenance import environment
    from sim.version import __version__

    sc = result.scenario
    return RunSummary(
        scenario=sc.name,
        description=sc.description,
        seed=result.seed,
        replications=len(result.kpis),
        weeks=sc.weeks,
        start_date=sc.start_date,
        start_state=sc.behaviour.start_state,
        warmup_weeks=0,
        version=__version__,
        runtime_s=round(result.runtime_s, 3),
        interval=INTERVAL,
        environment=environment(),
        kpis=kpi_statistics(result.kpis, DIGITS),
    )
