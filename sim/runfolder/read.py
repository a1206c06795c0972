"""Reading a run folder: its KPI table and its summary, checked, for compare, the report and
the workbook.

A folder that is not a run folder, or misses one of the two files, is refused with an
InputError naming the folder and the file, so every command that reads run folders says the
same thing about the same mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.errors import InputError
from sim.runfolder.layout import KPIS_CSV, SUMMARY
from sim.runfolder.summary import RunSummary, read_summary


@dataclass(frozen=True)
class RunFolder:
    """A run folder's KPI table and summary, as `venster run` or a batch variant wrote it."""

    path: Path
    label: str
    kpis: pd.DataFrame  # one row per replication; column `replication`
    summary: RunSummary

    @property
    def seed(self) -> int:
        return self.summary.seed

    def unit(self, kpi: str) -> str:
        return self.summary.unit(kpi)


def read_run_folder(path: str | Path, label: str | None = None) -> RunFolder:
    """Read kpis.csv and summary.json of a run folder, or say which file is missing."""
    path = Path(path)
    if not path.is_dir():
        raise InputError(path, None, "a run folder (written by venster run or venster batch)")
    for name in (KPIS_CSV, SUMMARY):
        if not (path / name).is_file():
            raise InputError(path, name, "a run folder with kpis.csv and summary.json; "
                             f"{name} is missing")
    try:
        kpis = pd.read_csv(path / KPIS_CSV)
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(path / KPIS_CSV, None, f"a readable KPI table ({exc})") from None
    if "replication" not in kpis.columns:
        raise InputError(path / KPIS_CSV, "replication", "a column `replication` (one row "
                         "per replication)")
    return RunFolder(path, label or path.name, kpis, read_summary(path))
