"""A run folder's camera passages, as a file a municipality's analyst can open.

Reads only the run folder (its event log, resolved scenario and summary) and writes one table,
CSV or Parquet by the file's suffix, atomically.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import TYPE_CHECKING

from sim.errors import InputError
from sim.files import atomic_write
from sim.runfolder.layout import EVENTS, RESOLVED, SUMMARY

if TYPE_CHECKING:
    import pandas as pd

SUFFIXES = (".csv", ".parquet")


def check_out_file(out: Path) -> None:
    if out.suffix.lower() not in SUFFIXES:
        raise InputError("command line", "--out", f"a .csv or .parquet file, got {out}")


def read_run(folder: Path) -> tuple[pd.DataFrame, object, bytes]:
    """The run's events, its scenario and the key its plates are hashed with.

    The key is the SHA-256 of the run's summary.json: the same run folder gives the same
    hashes every time, another run (another seed, another moment) unlinkable ones."""
    from sim.scenario.load import load_scenario

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, None, "a run folder (from venster run); not found")
    for name in (SUMMARY, RESOLVED):
        if not (folder / name).is_file():
            raise InputError(folder, name, "a run folder written by venster run; this file "
                             "is missing")
    if not (folder / EVENTS).is_file():
        raise InputError(folder, EVENTS, "the event log: passages are computed from it, and "
                         "this run did not keep it. Run again with the events kept: venster "
                         f"run SCENARIO --events --out {folder} --overwrite")
    import pandas as pd

    try:
        events = pd.read_parquet(folder / EVENTS)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(folder / EVENTS, None, f"a Parquet event log; cannot read it ({exc})"
                         ) from None
    scenario = load_scenario(folder / RESOLVED)
    key = hashlib.sha256((folder / SUMMARY).read_bytes()).digest()
    return events, scenario, key


def passage_tables(folder: Path, hourly: bool) -> pd.DataFrame:
    """The per-passage table of a run folder, or its hourly aggregate."""
    from sim.measure.passages import hourly as aggregate
    from sim.measure.passages import passages
    from sim.runner import load_geo

    events, scenario, key = read_run(folder)
    geo = load_geo(scenario, Path(folder) / RESOLVED)  # type: ignore[arg-type]
    try:
        table = passages(events, scenario, geo.gates, key)  # type: ignore[arg-type]
    except ValueError as exc:
        raise InputError(Path(folder) / EVENTS, None, str(exc)) from None
    return aggregate(table) if hourly else table


def write_table(df: pd.DataFrame, out: Path) -> Path:
    """CSV (UTF-8, ISO times) or Parquet, by the suffix; written atomically."""
    check_out_file(out)
    if out.suffix.lower() == ".parquet":
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        return atomic_write(out, buf.getvalue())
    return atomic_write(out, df.to_csv(index=False, lineterminator="\n"))
