"""Which KPIs `venster compare` prints: the report's headline KPIs by default.

A planner reads a comparison for the few numbers that decide something; the 80-odd KPIs of a
run are there on request (`--kpis all`) or by name (`--kpis violations_total,route_km`). The
CSV always holds every KPI; the numbers follow the report's rules (`sim.deliver.kpi_format`).
"""

from __future__ import annotations

import difflib

from sim.deliver.report.lead import HEADLINE_KPIS
from sim.errors import InputError

DEFAULT_KPIS = HEADLINE_KPIS


def pick_kpis(choice: str | None, available: list[str]) -> list[str]:
    """The KPIs to print, in the table's order: the headline ones by default (every one when
    the runs have none of them), `all`, or the comma-separated names given (an unknown name
    is refused with the closest one)."""
    if choice is None:
        return [k for k in available if k in DEFAULT_KPIS] or list(available)
    if choice.strip() == "all":
        return list(available)
    names = [n.strip() for n in choice.split(",") if n.strip()]
    if not names:
        raise InputError("command line", "--kpis", "'all' or KPI names separated by commas")
    for n in names:
        if n not in available:
            close = difflib.get_close_matches(n, available, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InputError("command line", "--kpis", f"KPI names of these runs{hint}; "
                             f"{n!r} is not one")
    return [k for k in available if k in names]
