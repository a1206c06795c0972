"""venster: goods deliveries into Assen's car-free core under window times and ANPR cameras.

The Python API for notebooks: `sim.run(scenario_or_path, seed)` returns a RunResult whose
`kpis` DataFrame has one row per replication; `sim.batch(sweep_path_or_dict, out=None,
workers=1, scheduler=None)` runs a sweep and returns one row per (variant, replication).

`run` and `RunResult` are imported on first use, so `import sim` (and `venster --help`) does
not pay for pandas, geopandas and the simulation before they are needed.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("venster")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

from sim.batch import batch

if TYPE_CHECKING:
    from sim.runner import RunResult, run

__all__ = ["RunResult", "__version__", "batch", "run"]


def __getattr__(name: str) -> Any:
    if name in ("run", "RunResult"):
        from sim import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
