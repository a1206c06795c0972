"""The one error type users see.

Every problem with what a user gave us (a scenario, geodata, a command-line argument) is raised
as an :class:`InputError` that names the file, the field and what was expected. The CLI turns it
into a short message and exit status 2, so no traceback ever reaches a planner.
"""

from __future__ import annotations

import contextlib
from pathlib import Path


class InputError(Exception):
    """Invalid user input: a file, the field inside it, and what was expected."""

    def __init__(self, source: str | Path | None, field: str | None, expected: str) -> None:
        self.source = str(source) if source is not None else None
        self.field = field
        self.expected = expected
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.source or "input"
        if self.field:
            where = f"{where}: {self.field}"
        return f"{where}: {self.expected}"


def ignore_further_interrupts() -> None:
    """Once venster has decided to stop on Ctrl-C, a second one (pressed again, or still
    pending from a signal to the whole process group) must not kill the interpreter while it
    shuts down: the exit status stays 130 and no traceback appears."""
    import signal

    with contextlib.suppress(ValueError):  # not the main thread: nothing to change
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    # CPython (3.11) remembers a KeyboardInterrupt that left any code run from a string
    # (exec/eval: dataclasses and namedtuples are built that way while modules import) as
    # "unhandled", even when venster catches it later; under `python -m sim` the interpreter
    # then ends by killing itself with SIGINT instead of returning our 130. Every string
    # evaluation that finishes normally clears that mark, so evaluate one.
    eval("None")  # a constant, evaluated only for the side effect above
