"""Counts in venster's English console and log text: "1 replication", "10 replications".

Messages are read by planners on every run, so they name the count in proper English rather
than "replication(s)". The singular or plural is chosen by Babel's CLDR plural rule for English,
the same rule the report's words use (`sim.deliver.i18n.trn`); this module lives at the top of
the package because the scenario, batch and delivery layers all print counts.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _english() -> Any:
    from babel import Locale  # imported on first use: `venster --help` does not need it

    return Locale("en")


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and the noun in the form English uses for it, e.g. counted(2, "week") -> "2 weeks";
    give `plural` where adding "s" is wrong ("2 variants" works, "2 replication numbers" too)."""
    one = _english().plural_form(abs(n)) == "one"
    return f"{n:,} {singular if one else (plural or singular + 's')}"
