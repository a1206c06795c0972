"""Summary statistics a municipality can compute from its own hourly camera log.

The log is the hourly aggregate `venster passages --hourly` writes (the iotsignals shape):
one row per date, hour, camera and vehicle kind with the passages the cameras recorded
(`aantal`), and, where the municipality has them, the passages not allowed
(`niet_toegestaan`) and the letters sent (`waarschuwingen`, `boetes`). From it, per day of
the log:

- recorded passages by camera and vehicle kind (`entries|<camera>|<kind>`);
- recorded passages by hour of the day and vehicle kind (`hourly|<hour>|<kind>`);
- where present, passages not allowed by camera and by hour, and letters by vehicle kind.

The simulated log goes through the same function, so both sides are counted alike. The
worker side (`run_stats_task`) simulates one replication and returns these statistics
instead of KPIs, so an ABC generation runs on the batch backends like any batch.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from sim.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from sim.batch.tasks import Record, Task

NEEDED = ("datum", "uur", "camera_id", "voertuig_soort", "aantal")
OPTIONAL = ("niet_toegestaan", "waarschuwingen", "boetes")
_KEY = b"venster-calibration"  # plates are not used by the statistics; any key will do


def days_of(log: pd.DataFrame) -> int:
    """Days the log covers, first to last date (a day without passages still counts)."""
    import pandas as pd

    d = pd.to_datetime(log["datum"])
    return int((d.max() - d.min()).days) + 1 if len(d) else 0


def statistics(log: pd.DataFrame, days: int | None = None,
               columns: tuple[str, ...] | None = None) -> dict[str, float]:
    """The summary statistics of an hourly log, per day. `columns`: which of OPTIONAL to use
    (default: those the log has)."""
    days = days or days_of(log)
    if not days:
        return {}
    cols = [c for c in OPTIONAL if c in log.columns] if columns is None else list(columns)
    log = log.assign(camera_id=log["camera_id"].fillna("").astype(str),
                     voertuig_soort=log["voertuig_soort"].fillna("").astype(str))
    out: dict[str, float] = {}
    seen = log[log["camera_id"] != ""]

    def add(prefix: str, by: list[str], col: str) -> None:
        g = seen.groupby(by, sort=True)[col].sum()
        for k, v in g.items():
            parts = k if isinstance(k, tuple) else (k,)
            out["|".join([prefix, *map(str, parts)])] = float(v) / days

    add("entries", ["camera_id", "voertuig_soort"], "aantal")
    add("hourly", ["uur", "voertuig_soort"], "aantal")
    if "niet_toegestaan" in cols:
        add("not_allowed", ["camera_id"], "niet_toegestaan")
        add("not_allowed_hourly", ["uur"], "niet_toegestaan")
    for c in ("waarschuwingen", "boetes"):
        if c in cols:
            add(c, ["voertuig_soort"], c)
    return out


def read_log(path: Path) -> pd.DataFrame:
    """An hourly camera log (CSV or Parquet) with at least the NEEDED columns."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "an hourly camera log (CSV or Parquet, as venster "
                         "passages --hourly writes); not found")
    try:
        df = pd.read_parquet(path) if path.suffix.lower() == ".parquet" else pd.read_csv(path)
    except Exception as exc:  # pandas raises many types for a file that is not a table
        raise InputError(path, None, f"a CSV or Parquet table; cannot read it ({exc})"
                         ) from None
    missing = [c for c in NEEDED if c not in df.columns]
    if missing:
        raise InputError(path, missing[0], f"a column of the hourly log (needed: "
                         f"{', '.join(NEEDED)}; optional: {', '.join(OPTIONAL)})")
    if "replicatie" in df.columns and df["replicatie"].nunique() > 1:
        raise InputError(path, "replicatie", "one replication (a log of one period); keep "
                         "the rows of one value")
    for c in ("uur", "aantal", *[o for o in OPTIONAL if o in df.columns]):
        if not pd.api.types.is_numeric_dtype(df[c]) or (df[c] < 0).any():
            raise InputError(path, c, "counts: whole numbers of 0 or more")
    try:
        pd.to_datetime(df["datum"])
    except (ValueError, TypeError):
        raise InputError(path, "datum", "dates as YYYY-MM-DD") from None
    return df


def simulated_statistics(scenario_json: str, seed: int, replication: int,
                         columns: tuple[str, ...] = OPTIONAL) -> dict[str, float]:
    """Simulate one replication and count its log as `statistics` counts a real one."""
    from sim.batch.tasks import Task, scenario_of
    from sim.measure.passages import hourly, passages
    from sim.runner import load_geo, replicate

    sc = scenario_of(Task.make("stats", replication, seed, scenario_json))
    geo = load_geo(sc)
    _, log = replicate(sc, geo, seed, replication)
    frame = log.to_frame().assign(replication=0)
    table = hourly(passages(frame, sc, geo.gates, _KEY))
    return statistics(table, days=7 * sc.weeks, columns=columns)


def run_stats_task(task: Task) -> Record:
    """A batch task that returns the log statistics of one replication (under "kpis")."""
    from sim.batch.tasks import error_record, ok_record

    started = time.perf_counter()
    try:
        stats = simulated_statistics(task.scenario_json, task.seed, task.replication)
        return ok_record(task, stats, time.perf_counter() - started)
    except Exception as exc:
        return error_record(task, exc, time.perf_counter() - started)
