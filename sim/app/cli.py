"""`venster app` (placeholder while the page is built)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    sub.add_parser("app", help="the local what-if page")


def cmd_app(args: argparse.Namespace) -> int:
    raise NotImplementedError
