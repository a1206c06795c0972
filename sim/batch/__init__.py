"""Batch experiments: sweeps of scenario variants x replications, on processes or Dask.

- `sweep`: sweep files, dotted-key overrides, variants validated before anything runs
- `tasks`: the unit of work (one replication of one variant) and its result record
- `backends`: serial, local process pool, Dask distributed
- `store`: the batch folder: per-task files, run folders, kpis.csv, batch.json
- `engine`: runs what is not done yet, streaming results to the store
- `compare`: paired KPI differences between run folders
- `cli`: `venster batch` and `venster compare`

`sim.batch(...)` is the notebook entry point (`api.batch`). Because `import sim` binds the
name `sim.batch` to that function, import the modules here with `from sim.batch.sweep import
load_sweep` (which always works), not `import sim.batch.sweep as ...`.
"""

from sim.batch.api import batch

__all__ = ["batch"]
