"""`venster export DIR... --xlsx [--out FILE.xlsx]`: results for tools other than venster.

The parser and the command live here so sim.cli.main only registers them; bad input raises
InputError, which sim.cli.main turns into a message and exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.errors import InputError


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `export` sub-command to the `venster` parser."""
    e = sub.add_parser("export", help="write run folders' results for other tools: an Excel "
                       "workbook in Dutch for the entrepreneurs' association (--xlsx)")
    e.add_argument("dirs", nargs="+", type=Path, metavar="DIR",
                   help="run folders (venster run); several give one column per scenario")
    e.add_argument("--xlsx", action="store_true", help="write an Excel workbook (.xlsx)")
    e.add_argument("--out", type=Path, help="the file to write (default "
                   "results/<scenario name>.xlsx, or results/vergelijking.xlsx for several)")
    e.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    if not args.xlsx:
        # no format given: name the one there is and what it writes, as argparse errors read
        raise InputError("command line", None, "choose a format: --xlsx writes an Excel "
                         "workbook")
    from sim.deliver.exports.xlsx import write_xlsx

    out = write_xlsx(args.dirs, args.out)
    print(f"workbook written to {out.resolve()}")
    return 0
