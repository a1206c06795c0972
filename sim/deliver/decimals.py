"""How many decimals a number is shown with: on the page, on figure ticks, in the workbook and
in the tables printed to a terminal.

Two rules, for two kinds of number:

- `decimals`: a value (a mean per week, a table cell, a column of them). Whole numbers and
  numbers of 100 or more get none, numbers from 1 one, smaller ones two, so a column of counts
  scans easily and a small mean keeps its first digits.
- `difference_decimals`: a difference between two runs, shown with its 95% margin. The margin
  says how much of the difference is noise: "+11 (margin +8 to +14)" has nothing to say
  about tenths. So its decimals follow the size of the largest of the difference and its
  bounds one decade earlier than a value's (none from 10, one from 0.1), and grow only as far
  as needed to keep a bound that is not zero from reading 0 (a verdict "higher" beside
  "margin 0 to +3" reads as a mistake).

The map's gate labels alone keep a shorter rule, for want of room (`sim.deliver.mapping`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

MAX_DECIMALS = 3


def _finite(values: Iterable[float | None]) -> list[float]:
    return [abs(float(v)) for v in values if v is not None and not math.isnan(float(v))]


def decimals(*values: float | None) -> int:
    """Decimals for values shown together: one value, or a column that should line up."""
    real = _finite(values)
    if not real or all(v.is_integer() for v in real):
        return 0
    top = max(real)
    return 0 if top >= 100 else 1 if top >= 1 else 2


def rounds_to_zero(d: int, *bounds: float, unit: float = 1.0) -> bool:
    """Whether a bound that is not zero would read 0 with `d` decimals (shown times `unit`,
    100 for a share in percentage points)."""
    return any(x != 0 and round(x * unit, d) == 0 for x in bounds if not math.isnan(x))


def difference_decimals(diff: float, lo: float, hi: float) -> int:
    """Decimals for a difference and its margin, enough that no bound reads 0 wrongly.

    Euros (cents or none) and shares (1 or 2 decimals of a percentage point) have their own
    steps, chosen by the report from `rounds_to_zero`; this is the rule for the rest."""
    top = max(_finite((diff, lo, hi)), default=0.0)
    d = 0 if top >= 10 or top == 0 else 1 if top >= 0.1 else 2
    while d < MAX_DECIMALS and rounds_to_zero(d, lo, hi):
        d += 1
    return d

