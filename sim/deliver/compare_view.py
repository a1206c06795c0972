"""`venster compare` on screen: the report's number rules and a short default list of KPIs.

A planner reads the comparison as the report writes it: each KPI with its own decimals
(counts whole, small numbers with one or two decimals, euros to the euro), shares as
percentages and their differences in percentage points, and a difference and its interval
with the same decimals, never a bound shown as 0 when the interval is clear of zero. By default
only the report's headline KPIs are printed; `--kpis all` prints every one, `--kpis a,b` the
ones named. The CSV always holds every KPI with full precision.
"""

from __future__ import annotations

import difflib
import math

from sim.deliver.i18n import fmt_eur, fmt_number, fmt_pct, fmt_signed
from sim.deliver.report.lead import (
    EUR_KPIS,
    HEADLINE_KPIS,
    SHARE_KPIS,
    _decimals,
    shown_decimals,
)
from sim.errors import InputError

LANG = "en"
DEFAULT_KPIS = HEADLINE_KPIS


def pick_kpis(choice: str | None, available: list[str]) -> list[str]:
    """The KPIs to print, in the table's order: the headline ones by default, `all`, or the
    comma-separated names given (an unknown name is refused with the closest one)."""
    if choice is None:  # the headline KPIs, or every one when the runs have none of them
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


def value(kpi: str, x: float) -> str:
    """A mean: 47, 1.8, 62.5%, €1,320."""
    if x is None or math.isnan(x):
        return "–"
    if kpi in SHARE_KPIS:
        return fmt_pct(LANG, x)
    if kpi in EUR_KPIS:
        return fmt_eur(LANG, x)
    return fmt_number(LANG, x, _decimals(x))


def difference(kpi: str, diff: float, lo: float, hi: float) -> tuple[str, str]:
    """A difference and its interval with the same decimals: ('+11', '+8 … +14'), shares in
    percentage points ('-4.2 pp')."""
    if diff is None or math.isnan(diff):
        return "–", "–"
    d = shown_decimals(kpi, diff, lo, hi)
    if kpi in SHARE_KPIS:
        def f(x: float) -> str:
            return f"{fmt_signed(LANG, 100 * x, d)} pp"
    elif kpi in EUR_KPIS:
        def f(x: float) -> str:
            return fmt_eur(LANG, x, signed=True, cents=bool(d))
    else:
        def f(x: float) -> str:
            return fmt_signed(LANG, x, d)
    interval = "–" if math.isnan(lo) or math.isnan(hi) else f"{f(lo)} … {f(hi)}"
    return f(diff), interval
