"""Batch experiments: sweeps of scenario variants x replications, on processes or Dask.

- `sweep`: sweep files, dotted-key overrides, variants validated before anything runs
- `tasks`: the unit of work (one replication of one variant) and its result record
- `backends`: serial, local process pool, Dask distributed
- `store`: the batch folder: per-task files, run folders, kpis.csv, batch.json
- `engine`: runs what is not done yet, streaming results to the store
- `compare`: paired KPI differences between run folders

`venster batch` and `venster compare` are sim.cli.batch; run folders are written and read by
sim.runfolder.

`sim.batch(...)` is the notebook entry point (`api.batch`). Because `import sim` binds the
name `sim.batch` to that function, import the modules here with `from sim.batch.sweep import
load_sweep` (which always works), not `import sim.batch.sweep as ...`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def batch(
    sweep: str | Path | Mapping[str, Any],
    out: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Run a sweep and return its KPIs: see `sim.batch.api.batch` (imported on first call, so
    that `import sim` stays light)."""
    from sim.batch.api import batch as run_sweep

    return run_sweep(sweep, out, workers, scheduler)


__all__ = ["batch"]
