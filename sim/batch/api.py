"""`sim.batch(...)`: a sweep from a notebook, as one DataFrame.

The same engine as `venster batch`: validated up front, resumable when `out` is given, with
the same results whatever `workers` or `scheduler`. Without `out` the batch runs in a
temporary folder that is removed afterwards.
"""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.counted import counted

if TYPE_CHECKING:
    import pandas as pd


def batch(
    sweep: str | Path | Mapping[str, Any],
    out: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Run a sweep (a sweep YAML path, or the same mapping) and return its KPIs.

    One row per finished (variant, replication), in sweep order, columns `variant`,
    `replication` and the KPIs. In a mapping, `base` is relative to the working directory.
    Failed runs have no row: they are listed in `df.attrs["failures"]` and a warning says how
    many. Invalid sweeps raise `sim.errors.InputError` before anything runs.
    """
    # imported here, not at the top: `import sim` (and so the `venster` command) stays quick
    # to start, and a Ctrl-C while it starts meets the CLI's handler, not an import
    import pandas as pd

    from sim.batch.engine import run_batch
    from sim.batch.sweep import load_sweep
    from sim.runfolder.layout import KPIS_CSV

    resolved = load_sweep(sweep)
    with tempfile.TemporaryDirectory(prefix="venster-batch-") as tmp:
        folder = Path(out) if out is not None else Path(tmp) / resolved.name
        outcome = run_batch(resolved, folder, workers=workers, scheduler=scheduler)
        df = pd.read_csv(folder / KPIS_CSV) if (folder / KPIS_CSV).stat().st_size else (
            pd.DataFrame(columns=["variant", "replication"]))
    df.attrs["failures"] = outcome.failures
    df.attrs["batch_folder"] = str(folder) if out is not None else None
    if outcome.failures:
        warnings.warn(f"{counted(len(outcome.failures), 'run')} of sweep {resolved.name} "
                      "failed; see df.attrs['failures']", RuntimeWarning, stacklevel=2)
    return df
