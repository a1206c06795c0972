"""When a drawn tour reaches the zone, and where a firm that plans around the windows moves a
visit the window does not allow.

A segment's hourly arrival profile is its usual time of reaching Assen, shaped by the rest of
its day. A window that excludes that time makes the firm choose another; how it chooses is a
behavioural assumption (`segments.<seg>.window_response`):

- ``spread``: anywhere in the window, as the profile weighs the window's hours (the model's
  rule until issue 22 asked where the 2018 rush came from). Tours the window allows move too:
  the whole profile is squeezed into the window.
- ``edge``: a visit the window allows keeps its usual time; another comes as close to it as
  the window allows, in the window's last hour when it was due after the window, its first
  hour when due before, in the order the visits would have come (on spans of two hours or
  more). This is the scheduling
  model of departure-time choice: a trip-maker trades the cost of moving away from the
  preferred time against other costs (Small, American Economic Review 1982), and nothing
  else here prices the move.
- ``last``: a visit the window allows keeps its usual time. One due after a window span,
  and nearer that span's end than the next span's start, comes in the span's last hour (in
  the order the visits would have come) when Assen's window closes there later than every
  other windowed centre on the region's rounds: the firm serves those first and Assen last.
  Every other excluded visit comes anywhere in the window, as the profile weighs it. That is
  the reason the 2022 report gives for the 2018-2022 rush of deliveries at 12:00-13:00 (other
  northern cities close at 11:00 or 12:00, so carriers served Assen last; RTV Drenthe
  2022-10, DATA §1). On 2018's Monday to Thursday a visit due after 15:15 is nearer the
  evening window (17:30-20:00) and is spread like the rest; in 2023 (Assen closes with
  Groningen) every visit due after 12:00 is spread. Only the end-of-span move is taken from
  the evidence; where the evidence is silent the old rule stands, so a regime in which Assen
  is not last gives the old distribution of arrival times.

All functions are pure and take one uniform per tour, so the same tour is paired across
scenarios that differ only in their windows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np

from sim.model.calendar import MINUTES_PER_DAY

Spans = tuple[tuple[float, float], ...]
Response = Literal["spread", "edge", "last"]

WHOLE_DAY: Spans = ((0.0, MINUTES_PER_DAY),)
EDGE_MIN = 60.0  # the profile's own resolution: a moved visit lands in the window's edge hour


@lru_cache(maxsize=1024)
def _profile_pieces(profile: tuple[float, ...], spans: Spans
                    ) -> tuple[tuple[tuple[float, float, float], ...], float]:
    """The hourly profile cut to `spans`: (start, end, density) pieces and their total mass.
    Cached: every tour of a segment on a day asks with the same profile and spans."""
    pieces: list[tuple[float, float, float]] = []
    for a, b in spans:
        for h in range(int(a // 60), min(24, int(np.ceil(b / 60)))):
            lo, hi = max(a, h * 60.0), min(b, h * 60.0 + 60.0)
            if hi > lo and profile[h] > 0:
                pieces.append((lo, hi, float(profile[h])))
    return tuple(pieces), sum((hi - lo) * d for lo, hi, d in pieces)


def arrival_minute(profile: list[float] | tuple[float, ...], spans: Spans, u: float) -> float:
    """Minute of the day at which a tour reaches the zone, by inverse CDF of `u` over the
    profile restricted to `spans` (``spread``). When the profile has no weight in those hours
    the firm keeps its usual timing."""
    pieces, total = _profile_pieces(tuple(profile), spans)
    if not pieces:
        if spans == WHOLE_DAY:
            raise ValueError("arrival profile has no positive hour")
        return arrival_minute(profile, WHOLE_DAY, u)
    target = u * total
    for lo, hi, d in pieces:
        mass = (hi - lo) * d
        if target < mass:
            return min(lo + target / d, hi - 1e-9)  # rounding never lands on the end
        target -= mass
    return pieces[-1][1] - 1e-9


def _mass_to(profile: tuple[float, ...], x: float) -> float:
    """The profile's mass from midnight to minute `x`."""
    x = min(max(x, 0.0), MINUTES_PER_DAY)
    full = int(x // 60)
    return float(sum(profile[:full]) * 60.0 + (profile[full] * (x - full * 60.0)
                                                 if full < 24 else 0.0))


def _share(profile: tuple[float, ...], lo: float, x: float, hi: float) -> float:
    """Where `x` lies between `lo` and `hi` by the profile's mass (0.5 with none there)."""
    m_lo, m_hi = _mass_to(profile, lo), _mass_to(profile, hi)
    if m_hi <= m_lo:
        return 0.5
    return min(max((_mass_to(profile, x) - m_lo) / (m_hi - m_lo), 0.0), 1.0)


def _edge_minute(profile: tuple[float, ...], spans: Spans, t: float,
                 after_allowed: bool, before_allowed: bool) -> float | None:
    """The minute an excluded visit due at `t` moves to: the last hour of the span that
    ended before it, or the first hour of the span that starts after it, whichever is
    nearer; None when the move that way is not allowed (the caller spreads it instead)."""
    ordered = sorted(spans)
    prev = max((s for s in ordered if s[1] <= t), key=lambda s: s[1], default=None)
    nxt = min((s for s in ordered if s[0] > t), key=lambda s: s[0], default=None)
    mid = (prev[1] + nxt[0]) / 2.0 if prev is not None and nxt is not None else None
    if prev is not None and (nxt is None or t <= mid):  # due after a span: its last hour
        if not after_allowed:
            return None
        a, e = prev
        w = min(EDGE_MIN, e - a)
        hi = mid if mid is not None else MINUTES_PER_DAY
        return min(e - w + w * _share(profile, e, t, hi), e - 1e-6)
    if nxt is not None:  # due before a span: its first hour
        if not before_allowed:
            return None
        s, b = nxt
        w = min(EDGE_MIN, b - s)
        lo = mid if mid is not None else 0.0
        return min(s + w * _share(profile, lo, t, s), b - 1e-6)
    return None


def assen_last(span_end: float, other_windows: Spans) -> bool:
    """Whether a window span of Assen's that ends at `span_end` outlasts every other
    windowed centre's span that is open before it ends: then a firm can serve the others
    first and Assen last. False when there is no other windowed centre to serve first."""
    before = [e for s, e in other_windows if s < span_end]
    return bool(before) and all(e < span_end for e in before)


def planned_minute(profile: list[float] | tuple[float, ...], spans: Spans, u: float,
                   response: Response = "spread", other_windows: Spans = ()) -> float:
    """Minute of the day a firm that plans around the windows reaches the zone.

    `spans` are the hours the vehicle may enter that day, `u` the tour's uniform and
    `other_windows` the goods windows (minutes) of the other centres on the region's rounds.
    """
    p = tuple(profile)
    if response == "spread" or spans == WHOLE_DAY:
        return arrival_minute(p, spans, u)
    usual = arrival_minute(p, WHOLE_DAY, u)
    if any(a <= usual < b for a, b in spans):
        return usual
    end = max((e for _s, e in spans if e <= usual), default=None)  # the span just missed
    if response == "edge":
        moved = _edge_minute(p, spans, usual, True, True)
    else:
        moved = _edge_minute(p, spans, usual, end is not None and assen_last(end, other_windows),
                             False)
    if moved is not None:
        return moved
    if _profile_pieces(p, spans)[1] <= 0:
        return usual  # the profile has no weight in the window: the usual timing, as spread
    # not moved to an edge: anywhere in the window, as the profile weighs it, by where the
    # visit lay among those the window excludes at that time of day
    hi = min((s for s, _e in spans if s > usual), default=MINUTES_PER_DAY)
    return arrival_minute(p, spans, _share(p, end if end is not None else 0.0, usual, hi))


__all__ = ["EDGE_MIN", "WHOLE_DAY", "Response", "arrival_minute", "assen_last",
           "planned_minute"]
