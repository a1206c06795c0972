"""What a carrier sends to the zone: its orders, the tours that carry them, and each tour's
own random numbers.

These are the demand's entities and the small pure functions that make them (a tour's route
through the zone, its arrival minute from an hourly profile). Demand generation
(sim.model.demand) and round planning (sim.model.rounds) both build tours from them, and the
world drives them; neither of those needs to import the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from sim.geo.model import Geography
from sim.model.arrival import WHOLE_DAY, Spans, arrival_minute, planned_minute
from sim.model.behaviour import OPTIONS
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar
from sim.model.policy import PolicyCache
from sim.model.rng import Streams
from sim.model.vehicles import Vehicle
from sim.scenario.models import Scenario
from sim.scenario.vocab import parse_span


@dataclass(frozen=True, slots=True)
class TourDraws:
    """A tour's own uniforms, drawn before the run so that its luck does not depend on what
    happened to the tours before it (common random numbers across scenarios).

    Each comes from the stream of the part of the model that uses it; `tour_draws` draws them
    stream by stream, in the order of the fields.
    """

    compliant: float  # 'behaviour': below the segment's always-compliant share, never enters
    choice: tuple[float, ...]  # 'behaviour': the choice noise, one per behaviour.OPTIONS
    read: float  # 'camera': does a working camera read the plate
    lost: float  # 'processing': is the case lost at the fines agency
    delay: float  # 'processing': when the letter arrives
    replan: float  # 'demand_replan': when a dropped delivery comes back


_NAN = float("nan")
NOT_DRAWN = TourDraws(_NAN, (_NAN,) * len(OPTIONS), _NAN, _NAN, _NAN, _NAN)


@dataclass
class Carrier:
    """A firm of a segment. Its drivers share what they learn about the cameras."""

    id: int
    segment: str
    index: int
    foreign: bool
    permits: frozenset[str]  # held by at least one of its vehicles
    vehicles: list[Vehicle]
    depot_key: int | None
    plans_windows: bool  # plans its rounds to reach the zone while it may enter


@dataclass
class Order:
    """One delivery to one shop. Attempts repeat when a driver drops it for another day."""

    id: int
    shop_index: int
    segment: str
    carrier: int
    day: int
    dwell_min: float
    attempt: int = 1


@dataclass
class Tour:
    """A vehicle's visit to the zone: arrive at a gate, serve its stops, leave."""

    id: int
    carrier: int
    vehicle: Vehicle
    day: int
    arrival: float  # simulated minutes
    orders: list[Order]
    entry_gate: int  # index into geography.gates
    stop_keys: list[int]  # Shop.key in visiting order (same order as `orders`)
    exit_gate: int
    draws: TourDraws = field(repr=False)
    origin: int | None = None  # depot key the tour starts from; None: the carrier's depot
    leg: str = ""  # "hub" for the cargo-bike leg from a consolidation hub


def route(geo: Geography, shop_keys: list[int]) -> tuple[int, list[int], int]:
    """Entry gate, visiting order and exit gate for a set of stops (nearest neighbour).

    Carriers know the centre; nearest-neighbour from the closest gate is a fair stand-in for
    their routing on a street network this small.
    """
    d = geo.zone_dist_rows  # plain lists: a tour has a handful of stops, numpy costs more
    nearest = geo.nearest_gate
    remaining = list(dict.fromkeys(shop_keys))
    # the closest (gate, shop) pair; ties go to the first gate, then the first shop, as a
    # scan of every gate (outer) and shop (inner) would
    first = min(range(len(remaining)),
                key=lambda si: (nearest[remaining[si]][0], nearest[remaining[si]][1], si))
    entry = nearest[remaining[first]][1]
    order = [remaining.pop(first)]
    while remaining:
        row = d[order[-1]]
        order.append(remaining.pop(min(range(len(remaining)), key=lambda i: row[remaining[i]])))
    exit_gate = nearest[order[-1]][1]
    return entry, order, exit_gate


def centre_windows(scenario: Scenario) -> Spans:
    """The goods windows (minutes of the day) of the other centres on carriers' rounds
    (`rounds.towns`), the centres a firm may serve before Assen. They count also when the
    rounds are not planned (`rounds.enabled` false): the drawn firms still serve those towns;
    none without a `rounds` section."""
    if scenario.rounds is None:
        return ()
    return _parsed_windows(tuple(tuple(t.window) for t in scenario.rounds.towns.values()))


@lru_cache(maxsize=64)
def _parsed_windows(windows: tuple[tuple[str, ...], ...]) -> Spans:
    return tuple(sorted(parse_span(x) for w in windows for x in w))


def drawn_tours(
    scenario: Scenario, geo: Geography, cal: SimCalendar, policy: PolicyCache,
    carrier: Carrier, day: int, chunk: list[Order], u_time: np.ndarray, first_id: int,
) -> list[Tour]:
    """A carrier-day's tours with arrival times drawn from the segment's hourly profile; a
    carrier that plans around the windows re-times a visit its window excludes by the
    segment's `window_response` (sim.model.arrival)."""
    seg = scenario.segments[carrier.segment]
    others = centre_windows(scenario) if carrier.plans_windows else ()
    out = []
    for k in range(len(u_time)):
        part = chunk[k * seg.drops_per_tour:(k + 1) * seg.drops_per_tour]
        vehicle = carrier.vehicles[k % len(carrier.vehicles)]
        tour = make_tour(geo, first_id + k, carrier.id, vehicle, day, 0.0, part)
        spans = WHOLE_DAY
        if carrier.plans_windows:
            gate = geo.gates[tour.entry_gate].id
            spans = policy.window_spans(vehicle.facts, gate, cal.dates[day]) or WHOLE_DAY
            minute = planned_minute(seg.arrival_profile, spans, float(u_time[k]),
                                    seg.window_response, others)
        else:
            minute = arrival_minute(seg.arrival_profile, spans, float(u_time[k]))
        tour.arrival = day * MINUTES_PER_DAY + minute
        out.append(tour)
    return out


def vehicles_for_tours(n_tours: int, admitted: list[bool]) -> list[int]:
    """Which of a carrier's vehicles drives each of a day's `n_tours` tours to the centre,
    when the firm sends the vehicles the zero-emission zone admits first.

    Tour k gets the k-th vehicle of the fleet (round and round when there are more tours than
    vehicles, as `drawn_tours` deals them), with the admitted vehicles moved to the front in
    their own order: a barred vehicle goes only when the admitted ones are all out. Carriers
    that run zero-emission vehicles in city centres do this (PostNL, DPD: docs/fleet.md). With
    all vehicles admitted, or none, it is the usual order.
    """
    order = sorted(range(len(admitted)), key=lambda i: (not admitted[i], i))
    return [order[k % len(order)] for k in range(n_tours)]


def make_tour(
    geo: Geography,
    tour_id: int,
    carrier: int,
    vehicle: Vehicle,
    day: int,
    arrival: float,
    orders: list[Order],
    draws: TourDraws = NOT_DRAWN,
) -> Tour:
    """A tour with its route through the zone worked out."""
    n_gates = len(geo.gates)
    keys = [geo.shops[o.shop_index].key for o in orders]
    entry, ordered_keys, exit_gate = route(geo, keys)
    # visit orders in route order; several orders for one shop are served at one stop
    pos = {k: i for i, k in enumerate(ordered_keys)}
    orders = sorted(orders, key=lambda o: (pos[geo.shops[o.shop_index].key], o.id))
    assert all(k >= n_gates for k in ordered_keys)
    return Tour(tour_id, carrier, vehicle, day, arrival, orders, entry, ordered_keys, exit_gate,
                draws)


def tour_draws(streams: Streams, n: int) -> list[TourDraws]:
    """The draws of `n` tours: each stream's uniforms for all of them in one call."""
    behaviour = streams["behaviour"].random((n, 1 + len(OPTIONS))).tolist()
    camera = streams["camera"].random((n, 1)).tolist()
    processing = streams["processing"].random((n, 2)).tolist()
    replan = streams["demand_replan"].random((n, 1)).tolist()
    return [TourDraws(b[0], tuple(b[1:]), c[0], p[0], p[1], r[0])
            for b, c, p, r in zip(behaviour, camera, processing, replan, strict=True)]
