"""run.log: what a run did, in its own folder, written through the `logging` module.

The run folder is written atomically at the end, so what is logged while the run goes on is
held in memory (`recording`) and written into the folder with everything else
(`write_run_log`). Code anywhere in venster logs to the "venster" logger as usual; Python
warnings raised during the run are logged too. A run made without `recording` (the Python API,
batch variants) still gets a run.log with the facts its result holds.
"""

from __future__ import annotations

import logging
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sim.counted import counted
from sim.runfolder.layout import RUN_LOG

if TYPE_CHECKING:
    from sim.runner import RunResult

LOGGER = logging.getLogger("venster")
LOGGER.addHandler(logging.NullHandler())  # a library logs; the user's logging config shows it


class _Lines(logging.Handler):
    """Keeps formatted records in memory until the run folder is written."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        formatter = logging.Formatter("%(asctime)s.%(msecs)03dZ %(levelname)-7s %(message)s",
                                      "%Y-%m-%dT%H:%M:%S")
        formatter.converter = time.gmtime
        self.setFormatter(formatter)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


_active: _Lines | None = None


@contextmanager
def recording() -> Iterator[_Lines]:
    """Collect venster's log records and Python warnings for the run.log of the run made
    inside; nested use shares the outer collection."""
    global _active
    if _active is not None:
        yield _active
        return
    handler = _Lines()
    warnings_logger = logging.getLogger("py.warnings")
    old_level = LOGGER.level
    LOGGER.setLevel(logging.INFO)
    LOGGER.addHandler(handler)
    warnings_logger.addHandler(handler)
    # captured warnings would otherwise reach only run.log: keep them on the screen as well
    screen = None if logging.getLogger().handlers else logging.StreamHandler()
    if screen is not None:
        screen.setLevel(logging.WARNING)
        warnings_logger.addHandler(screen)
    logging.captureWarnings(True)
    _active = handler
    try:
        yield handler
    finally:
        _active = None
        logging.captureWarnings(False)
        warnings_logger.removeHandler(handler)
        if screen is not None:
            warnings_logger.removeHandler(screen)
        LOGGER.removeHandler(handler)
        LOGGER.setLevel(old_level)


def replication_timer(total: int) -> Callable[[int, int], None]:
    """A progress callback for `sim.runner.run` that logs how long each replication took."""
    last = [time.perf_counter()]

    def done(n: int, _total: int) -> None:
        now = time.perf_counter()
        LOGGER.info("replication %d done in %.2f s (%d of %d)", n - 1, now - last[0], n, total)
        last[0] = now

    return done


def write_run_log(result: RunResult, folder: Path, out: Path) -> None:
    """Write run.log into `folder` (the run folder being built; it becomes `out`)."""
    sc = result.scenario
    with recording() as lines:
        for r, n in sorted(result.event_counts.items()):
            LOGGER.info("replication %d: %d events", r, n)
        LOGGER.info("ran %s: %s of %s from %s, seed %d, %.2f s",
                    sc.name, counted(len(result.kpis), "replication"), counted(sc.weeks, "week"),
                    sc.start_date.isoformat(),
                    result.seed, result.runtime_s)
        LOGGER.info("Python %s on %s; library versions in summary.json",
                    platform.python_version(), platform.system())
        LOGGER.info("results written to %s", out)
        text = lines.text()
    (folder / RUN_LOG).write_text(text, encoding="utf-8")
