"""Shops' receiving hours: when someone is there to take the goods in, by shop type.

A stop's own time window in a carrier's plan. Receiving hours are scenario data
(`rounds.receiving_hours`, each value sourced or marked assumption); a shop type without an
entry receives all day, so leaving the table out never makes a plan infeasible.
"""

from __future__ import annotations

import functools

from sim.scenario.rounds_models import Rounds
from sim.scenario.vocab import parse_span

Spans = tuple[tuple[float, float], ...]
ALL_DAY: Spans = ((0.0, 1440.0),)


def receiving_spans(rounds: Rounds | None, shop_type: str) -> Spans:
    """Minutes of the day [start, end) in which a shop of this type takes deliveries."""
    if rounds is None or shop_type not in rounds.receiving_hours:
        return ALL_DAY
    return _parsed(tuple(rounds.receiving_hours[shop_type]))


@functools.lru_cache(maxsize=256)
def _parsed(texts: tuple[str, ...]) -> Spans:
    return tuple(sorted(parse_span(s) for s in texts)) or ALL_DAY

