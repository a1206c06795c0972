"""The `venster` command. Invalid input of any kind exits 2 with a one-paragraph message.

Each module of sim.cli registers its sub-commands and the function that runs each
(`set_defaults(handler=...)`): run, validate, map and years (sim.cli.run), batch and compare
(sim.cli.batch), report (sim.cli.report), export (sim.cli.export), init and schema
(sim.cli.starter), search (sim.cli.search), app (sim.cli.app), passages, sensitivity and
calibrate (sim.cli.evidence). Here is the one exit path: messages name the file, the field
and what was expected; a Python traceback never reaches a user for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sim.cli import app, batch, evidence, export, report, run, search, starter
from sim.cli.argtypes import EXIT_INTERRUPTED
from sim.errors import InputError, ignore_further_interrupts

EXIT_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but argument errors become InputError so they share one exit path."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError("command line", None, f"{message}\n{self.format_usage().strip()}")


def build_parser() -> argparse.ArgumentParser:
    from sim.version import __version__

    p = _Parser(prog="venster", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"venster {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in (run, batch, report, export, starter, search, app, evidence):
        module.add_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `venster` and `python -m sim`; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except InputError as exc:
        print(f"venster: error: {exc.message}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        # a path we were given cannot be read or written: input, not a bug
        where = exc.filename or "file system"
        print(f"venster: error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        ignore_further_interrupts()
        print("venster: interrupted; finished run folders are complete, others were not "
              "written", file=sys.stderr)
        return EXIT_INTERRUPTED
