"""Who comes when: carriers' fleets, orders per shop and day, and the tours that carry them.

Everything here is drawn before the simulation starts, each part from its own named stream, so
that the simulated behaviour (which depends on policy and cameras) cannot reshuffle demand,
dwell times or the fleet. Two scenarios run with one seed see the same orders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from sim.geo.model import Geography
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar
from sim.model.fleet import fleet_cdf, fleet_classes, vehicle_facts
from sim.model.policy import PolicyCache, VehicleFacts
from sim.model.rng import Streams
from sim.scenario.models import Scenario, VehicleClass


@dataclass(frozen=True)
class Vehicle:
    """One plate: a vehicle of a carrier, with what the rules and the cameras see of it."""

    plate: str
    vclass: str
    category: str
    zero_emission: bool
    foreign: bool
    facts: VehicleFacts


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
    draws: np.ndarray = field(repr=False)  # per-tour uniforms: see TOUR_DRAWS
    origin: int | None = None  # depot key the tour starts from; None: the carrier's depot
    leg: str = ""  # "hub" for the cargo-bike leg from a consolidation hub


# Columns of Tour.draws: pre-drawn so a tour's luck does not depend on what happened before it.
# The first eight come from the 'behaviour' stream, 'read' from 'camera', 'lost' and 'delay'
# from 'processing', 'replan' (when a dropped delivery comes back) from 'demand_replan'.
TOUR_DRAWS = ("compliant", "g_wait", "g_later", "g_enter", "g_drop", "g_bay", "g_dayex",
              "g_hub", "read", "lost", "delay", "replan")
N_TOUR_DRAWS = len(TOUR_DRAWS)


def make_vehicle(
    plate: str, vc_name: str, vc: VehicleClass, foreign: bool, permits: frozenset[str]
) -> Vehicle:
    return Vehicle(plate, vc_name, vc.category, vc.zero_emission, foreign,
                   vehicle_facts(vc, permits))


def build_carriers(
    scenario: Scenario, geo: Geography, streams: Streams
) -> dict[str, list[Carrier]]:
    """Draw every carrier's plate, foreign flag, permits and fleet from the 'fleet' stream."""
    rng = streams["fleet"]
    carriers: dict[str, list[Carrier]] = {}
    next_id = 0
    for seg_name in sorted(scenario.segments):
        seg = scenario.segments[seg_name]
        names, cdf = fleet_cdf(scenario, seg_name, scenario.start_date)
        # classes stratified over the segment's whole fleet (sim.model.fleet.fleet_classes)
        classes = fleet_classes(names, cdf, seg.carriers * seg.vehicles_per_carrier, rng)
        depot_key = _depot_key(geo, seg.depot)
        out = []
        for i in range(seg.carriers):
            u_plan, u_foreign = rng.random(2)
            foreign = bool(u_foreign < seg.foreign_share)
            vehicles = []
            for j in range(seg.vehicles_per_carrier):
                # an exemption belongs to a plate (a vehicle), not to the firm: drawing it per
                # vehicle keeps the share of exempt vehicles steady between replications
                u_permits = rng.random(len(seg.permits))
                permits = frozenset(
                    p for p, up in zip(sorted(seg.permits), u_permits, strict=True)
                    if up < seg.permits[p]
                )
                vc_name = classes[i * seg.vehicles_per_carrier + j]
                vc = scenario.vehicle_classes[vc_name]
                vehicles.append(make_vehicle(f"{seg_name}-{i}-{j}", vc_name, vc, foreign, permits))
            permits = frozenset().union(*(v.facts.permits for v in vehicles))
            out.append(Carrier(next_id, seg_name, i, foreign, permits, vehicles, depot_key,
                               bool(u_plan < seg.plans_for_windows)))
            next_id += 1
        carriers[seg_name] = out
    return carriers


def _depot_key(geo: Geography, depot: str | None) -> int | None:
    if not geo.depots:
        return None
    if depot is None:
        # nearest depot to the zone by road, for carriers whose depot is not given
        return int(np.argmin(geo.depot_gate_m.min(axis=1)))
    for d in geo.depots:
        if d.id == depot:
            return d.key
    raise KeyError(depot)


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


def generate_tours(
    scenario: Scenario,
    geo: Geography,
    cal: SimCalendar,
    carriers: dict[str, list[Carrier]],
    streams: Streams,
    policy: PolicyCache,
    rounds_out: list[Any] | None = None,
) -> tuple[list[Tour], list[Order]]:
    """All orders of the simulated period and the tours that carry them, in arrival order.

    Segments listed under `rounds.segments` plan each carrier-day as a routing problem
    (sim.model.rounds): their tours and arrival times come out of the plans, and the plans'
    routes are appended to `rounds_out`. The other segments draw arrival times from their
    hourly profiles.
    """
    rng = streams["demand"]
    planning = planning_segments(scenario)
    pending: dict[tuple[int, str, int], tuple[list[Order], np.ndarray]] = {}
    dwell_rng = streams["dwell"]
    weekly = scenario.demand.weekly_deliveries
    seg_names = sorted(scenario.segments)
    shops = geo.shops
    # Which carrier of a segment serves which shop: fixed for the whole run.
    assignment = {
        s: rng.integers(0, scenario.segments[s].carriers, size=len(shops)) for s in seg_names
    }
    rates = {s: np.array([weekly.get(shop.type, {}).get(s, 0.0) for shop in shops])
             for s in seg_names}
    orders: list[Order] = []
    tours: list[Tour] = []
    for day in range(cal.days):
        dow = cal.dates[day].weekday()
        for s in seg_names:
            seg = scenario.segments[s]
            share = seg.day_weights[dow] / sum(seg.day_weights)
            if share == 0 or cal.day_types[day] == "holiday":
                continue
            counts = rng.poisson(rates[s] * share * scenario.demand.scale)
            by_carrier: dict[int, list[Order]] = {}
            for shop_index in np.flatnonzero(counts):
                c = int(assignment[s][shop_index])
                for _ in range(int(counts[shop_index])):
                    o = Order(len(orders), int(shop_index), s, carriers[s][c].id, day, 0.0)
                    orders.append(o)
                    by_carrier.setdefault(c, []).append(o)
            for c in sorted(by_carrier):
                carrier = carriers[s][c]
                chunk = by_carrier[c]
                n_tours = -(-len(chunk) // seg.drops_per_tour)
                # drawn whether or not the carrier plans its round, so that switching rounds
                # on or off leaves every other draw of the stream where it was
                u_time = rng.random(n_tours)
                if s in planning:
                    pending[(day, s, c)] = (chunk, u_time)
                    continue
                tours.extend(drawn_tours(scenario, geo, cal, policy, carrier, day, chunk,
                                         u_time, len(tours)))
    # Dwell times drawn in order-id order from their own stream: the same order always gets
    # the same dwell, whatever happened to its tour.
    # (One call with a mean and spread per order draws the same numbers as a call per order.)
    if orders:
        params = {s: _lognormal_params(scenario.segments[s].dwell.mean_min,
                                       scenario.segments[s].dwell.sd_min) for s in seg_names}
        mu_sigma = np.array([params[o.segment] for o in orders])
        dwell = dwell_rng.lognormal(mu_sigma[:, 0], mu_sigma[:, 1]).tolist()
        for o, d in zip(orders, dwell, strict=True):
            o.dwell_min = d
    if planning:
        # Planned tours come after the drawn ones, so the drawn tours keep their ids (and
        # with them their behaviour draws) whatever the plans turn out to be.
        from sim.model.rounds.build import plan_rounds

        planned, made = plan_rounds(scenario, geo, cal, carriers, streams, policy, pending,
                                    len(tours))
        tours.extend(planned)
        if rounds_out is not None:
            rounds_out.extend(made)
    draws = tour_draws(streams, len(tours))
    for t in tours:
        t.draws = draws[t.id]
    tours.sort(key=lambda t: (t.arrival, t.id))
    return tours, orders


WHOLE_DAY = ((0.0, MINUTES_PER_DAY),)


def planning_segments(scenario: Scenario) -> frozenset[str]:
    """Segments whose carriers plan their days as routing problems in this scenario."""
    r = scenario.rounds
    if r is None or not r.enabled:
        return frozenset()
    return frozenset(r.segments)


def drawn_tours(
    scenario: Scenario, geo: Geography, cal: SimCalendar, policy: PolicyCache,
    carrier: Carrier, day: int, chunk: list[Order], u_time: np.ndarray, first_id: int,
) -> list[Tour]:
    """A carrier-day's tours with arrival times drawn from the segment's hourly profile
    (restricted to the window for carriers that plan around it)."""
    seg = scenario.segments[carrier.segment]
    out = []
    for k in range(len(u_time)):
        part = chunk[k * seg.drops_per_tour:(k + 1) * seg.drops_per_tour]
        vehicle = carrier.vehicles[k % len(carrier.vehicles)]
        tour = make_tour(geo, first_id + k, carrier.id, vehicle, day, 0.0, part)
        spans = WHOLE_DAY
        if carrier.plans_windows:
            gate = geo.gates[tour.entry_gate].id
            spans = policy.window_spans(vehicle.facts, gate, cal.dates[day]) or WHOLE_DAY
        minute = arrival_minute(seg.arrival_profile, spans, float(u_time[k]))
        tour.arrival = day * MINUTES_PER_DAY + minute
        out.append(tour)
    return out


def arrival_minute(
    profile: list[float], spans: tuple[tuple[float, float], ...], u: float
) -> float:
    """Minute of the day at which a tour reaches the zone, by inverse CDF of `u`.

    The hourly profile is a density over the day, restricted to `spans` (the hours a carrier
    that plans around the windows aims for). When the profile has no weight in those hours the
    carrier keeps its usual timing. One uniform per tour keeps arrival times paired across
    scenarios that differ only in their windows.
    """
    pieces, total = _profile_pieces(tuple(profile), spans)
    if not pieces:
        if spans == WHOLE_DAY:
            raise ValueError("arrival profile has no positive hour")
        return arrival_minute(profile, WHOLE_DAY, u)
    target = u * total
    for lo, hi, d in pieces:
        mass = (hi - lo) * d
        if target < mass:
            return lo + target / d
        target -= mass
    return pieces[-1][1] - 1e-9


@lru_cache(maxsize=1024)
def _profile_pieces(
    profile: tuple[float, ...], spans: tuple[tuple[float, float], ...]
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


def make_tour(
    geo: Geography,
    tour_id: int,
    carrier: int,
    vehicle: Vehicle,
    day: int,
    arrival: float,
    orders: list[Order],
    draws: np.ndarray | None = None,
) -> Tour:
    """A tour with its route through the zone worked out."""
    n_gates = len(geo.gates)
    keys = [geo.shops[o.shop_index].key for o in orders]
    entry, ordered_keys, exit_gate = route(geo, keys)
    # visit orders in route order; several orders for one shop are served at one stop
    pos = {k: i for i, k in enumerate(ordered_keys)}
    orders = sorted(orders, key=lambda o: (pos[geo.shops[o.shop_index].key], o.id))
    assert all(k >= n_gates for k in ordered_keys)
    if draws is None:
        draws = np.full(N_TOUR_DRAWS, np.nan)
    return Tour(tour_id, carrier, vehicle, day, arrival, orders, entry, ordered_keys, exit_gate,
                draws)


def tour_draws(streams: Streams, n: int) -> np.ndarray:
    """Uniforms for `n` tours, each column from the stream of the part of the model using it."""
    behaviour = streams["behaviour"].random((n, 8))
    camera = streams["camera"].random((n, 1))
    processing = streams["processing"].random((n, 2))
    replan = streams["demand_replan"].random((n, 1))
    return np.hstack([behaviour, camera, processing, replan])


def _lognormal_params(mean: float, sd: float) -> tuple[float, float]:
    """The log-scale (mu, sigma) of a lognormal with this mean and standard deviation."""
    sigma2 = np.log1p((sd / mean) ** 2)
    return float(np.log(mean) - sigma2 / 2), float(np.sqrt(sigma2))


def lognormal(rng: np.random.Generator, mean: float, sd: float) -> float:
    """A lognormal draw with the given mean and standard deviation (not log-scale ones)."""
    mu, sigma = _lognormal_params(mean, sd)
    return float(rng.lognormal(mu, sigma))
