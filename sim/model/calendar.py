"""Simulated time: minutes since Monday 00:00 of the first week, and the day types it falls in.

Day types drive window rules and opening hours. 'weekday' is Monday to Thursday because Friday
is the shopping evening (koopavond) with its own hours and, in the 2018 regime, its own windows.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np

from sim.scenario.models import Calendar
from sim.scenario.vocab import DayType, parse_span

MINUTES_PER_DAY = 1440.0
_BY_WEEKDAY: tuple[DayType, ...] = (
    "weekday", "weekday", "weekday", "weekday", "friday", "saturday", "sunday"
)


def day_type(date: dt.date, holidays: frozenset[dt.date] = frozenset()) -> DayType:
    """The day type of a date: a holiday overrides the day of the week."""
    if date in holidays:
        return "holiday"
    return _BY_WEEKDAY[date.weekday()]


@lru_cache(maxsize=4096)
def spans_minutes(spans: tuple[str, ...]) -> tuple[tuple[float, float], ...]:
    return tuple(parse_span(s) for s in spans)


def merge_spans(spans: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Sorted spans with overlapping or touching ones joined: [(1, 3), (2, 5)] -> ((1, 5),)."""
    merged: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)


def in_spans(spans: tuple[tuple[float, float], ...], t: float) -> bool:
    for a, b in spans:  # noqa: SIM110 - a loop is faster than any(generator), asked per gate
        if a <= t < b:
            return True
    return False


def next_in_spans(spans: tuple[tuple[float, float], ...], t: float) -> float | None:
    """The first moment at or after `t` inside sorted `spans`, or None."""
    for a, b in spans:
        if a <= t < b:
            return t
        if a > t:
            return a
    return None


class SimCalendar:
    """Maps simulated minutes to dates, day types and shop opening hours."""

    def __init__(self, start: dt.date, days: int, calendar: Calendar) -> None:
        self.start = start
        self.days = days
        self.holidays = frozenset(calendar.holidays)
        self.dates = [start + dt.timedelta(days=d) for d in range(days)]
        self.day_types: list[DayType] = [day_type(d, self.holidays) for d in self.dates]
        self._open = {
            k: spans_minutes(tuple(v)) for k, v in calendar.opening_hours.items()
        }

    @property
    def horizon(self) -> float:
        return self.days * MINUTES_PER_DAY

    def day_index(self, t: float) -> int:
        return int(t // MINUTES_PER_DAY)

    def open_spans(self, day: int) -> tuple[tuple[float, float], ...]:
        """Shop opening spans of a day, in simulated minutes."""
        base = day * MINUTES_PER_DAY
        return tuple((base + a, base + b) for a, b in self._open.get(self.day_types[day], ()))

    def open_overlap_many(self, t0: np.ndarray, t1: np.ndarray) -> np.ndarray:
        """`open_overlap` of many stays at once, the same sums in the same order; `t0` must be
        sorted (stays in time order), so the stays of a day are one slice."""
        t0 = np.asarray(t0, dtype=float)
        t1 = np.asarray(t1, dtype=float)
        total = np.zeros(len(t0))
        if not len(t0):
            return total
        first = np.maximum(0, np.floor_divide(t0, MINUTES_PER_DAY).astype(np.int64))
        last = np.minimum(self.days, np.floor_divide(t1, MINUTES_PER_DAY).astype(np.int64) + 1)
        for offset in range(int((last - first).max(initial=0))):
            day = first + offset  # sorted, as t0 is
            days, starts = np.unique(day, return_index=True)
            ends = [*starts[1:].tolist(), len(day)]
            for d, a0, a1 in zip(days.tolist(), starts.tolist(), ends, strict=True):
                if d >= self.days:
                    break
                sl = slice(a0, a1)
                on = d < last[sl]
                if not on.any():
                    continue
                lo, hi, acc = t0[sl][on], t1[sl][on], total[sl][on]
                for a, b in self.open_spans(d):
                    acc += np.maximum(0.0, np.minimum(hi, b) - np.maximum(lo, a))
                total[a0:a1][on] = acc
        return total

    def open_overlap(self, t0: float, t1: float) -> float:
        """Minutes of [t0, t1) during which shops are open."""
        total = 0.0
        for day in range(max(0, self.day_index(t0)), min(self.days, self.day_index(t1) + 1)):
            for a, b in self.open_spans(day):
                total += max(0.0, min(t1, b) - max(t0, a))
        return total
