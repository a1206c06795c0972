"""venster: goods deliveries into Assen's car-free core under window times and ANPR cameras.

The Python API for notebooks: `sim.run(scenario_or_path, seed)` returns a RunResult whose
`kpis` DataFrame has one row per replication, with `summary()`, `tables`, `save(dir)` and
`report(path)` on it; `sim.batch(sweep_path_or_dict, out=None, workers=1, scheduler=None)`
runs a sweep and returns one row per (variant, replication).

`sim.RunResult` is the notebook's result (`sim.deliver.notebook.RunResult`): the plain record
that `sim.runner.run` returns, with those conveniences added by the delivery layer, so the core
never imports the report or the figures. `run` and `RunResult` are imported on first use, so
`import sim` (and `venster --help`) does not pay for pandas, geopandas and the simulation
before they are needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.batch import batch
from sim.version import __version__

if TYPE_CHECKING:
    from sim.deliver.notebook import RunResult, run

__all__ = ["RunResult", "__version__", "batch", "run"]


def __getattr__(name: str) -> Any:
    if name in ("run", "RunResult"):
        from sim.deliver import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
