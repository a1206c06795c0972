"""venster: goods deliveries into Assen's car-free core under window times and ANPR cameras.

The Python API for notebooks: `sim.run(scenario_or_path, seed)` returns a RunResult whose
`kpis` DataFrame has one row per replication.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("venster")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

from sim.runner import RunResult, run

__all__ = ["RunResult", "__version__", "run"]
