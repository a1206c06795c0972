"""Argument types for the command line: whole numbers with a range, seeds, and years.

argparse turns the ArgumentTypeError into the usual message, which the CLI reports with
exit status 2 like any other bad input.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from sim.scenario.vocab import SEED_RANGE, seed_fits


def non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value


def positive(text: str) -> int:
    value = non_negative(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def seed_number(text: str) -> int:
    """A seed the run folder can hold; a larger one would run and then fail to be written."""
    value = non_negative(text)
    if not seed_fits(value):
        raise argparse.ArgumentTypeError(f"expected {SEED_RANGE}, got {value}")
    return value


def year(text: str) -> int:
    value = non_negative(text)
    if not 2000 <= value <= 2050:
        raise argparse.ArgumentTypeError(f"expected a year between 2000 and 2050, got {value}")
    return value


# the exit status of a command stopped by Ctrl-C, as a shell reports it (128 + SIGINT)
EXIT_INTERRUPTED = 130


def add_backend_options(parser: Any) -> None:
    """--workers and --scheduler, alike for every command that runs many simulations (batch,
    search, sensitivity, calibrate), since all of them run on the batch backends."""
    parser.add_argument("--workers", type=positive, default=None,
                        help=f"worker processes (default: the CPU count, {os.cpu_count()}); "
                        "1 runs in this process")
    parser.add_argument("--scheduler", metavar="ADDRESS|local",
                        help="run on Dask distributed: a scheduler address (tcp://host:8786), "
                        "or 'local' for a LocalCluster of --workers processes")
