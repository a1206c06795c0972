"""venster: goods deliveries into Assen's car-free core under window times and ANPR cameras.

The Python API for notebooks: `sim.run(scenario_or_path, seed)` returns a RunResult whose
`kpis` DataFrame has one row per replication; `sim.batch(sweep_path_or_dict, out=None,
workers=1, scheduler=None)` runs a sweep and returns one row per (variant, replication).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("venster")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

from typing import Any

from sim.batch import batch

__all__ = ["RunResult", "__version__", "batch", "run"]


def __getattr__(name: str) -> Any:
    """`sim.run` and `sim.RunResult` on first use: the model and its libraries load only when
    needed, so the `venster` command starts at once and can handle a Ctrl-C from the start."""
    if name in ("run", "RunResult"):
        from sim import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
