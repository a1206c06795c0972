"""A KPI's number for people: which decimal rule (`sim.deliver.decimals`) and which form
(percentage, euros, plain) its kind takes, for the report and for the tables printed to a
terminal alike. What kind a KPI is comes from the registry (`sim.measure.registry`).
"""

from __future__ import annotations

import math

from sim.deliver.decimals import decimals, difference_decimals, rounds_to_zero
from sim.measure.registry import is_money, is_share


def shown_decimals(kpi: str, diff: float, lo: float, hi: float) -> int:
    """Decimals for a KPI's difference and its margin, in the steps its unit has: euros
    cents or none, shares 1 or 2 decimals of a percentage point, the rest
    `difference_decimals`."""
    if is_money(kpi):
        return 2 if rounds_to_zero(0, lo, hi) else 0
    if is_share(kpi):
        return 2 if rounds_to_zero(1, lo, hi, unit=100.0) else 1
    return difference_decimals(diff, lo, hi)


def plain(kpi: str, x: float | None) -> str:
    """A KPI's value for a terminal table, in plain digits by the same rules as the report:
    a share as a percentage, euros whole, the rest by `decimals`."""
    if x is None or math.isnan(x):
        return "–"
    if is_share(kpi):
        return f"{100 * x:.1f}%"
    d = 0 if is_money(kpi) else decimals(x)
    return f"{x:,.{d}f}"


def plain_difference(kpi: str, x: float, d: int) -> str:
    """A difference (or a bound of its margin) for a terminal table, with `d` from
    `shown_decimals`: percentage points for a share."""
    if x is None or math.isnan(x):
        return "–"
    shown = round(100 * x if is_share(kpi) else x, d) + 0.0  # + 0.0: no "-0"
    text = f"{shown:,.{d}f}"
    text = f"+{text}" if shown > 0 else text  # 0 without a sign, as on the page
    return f"{text} pp" if is_share(kpi) else text
