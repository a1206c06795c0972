"""Who comes when: carriers' fleets, orders per shop and day, and the tours that carry them.

The entities (carriers, orders, tours and their draws) live in sim.model.tours; this module
draws them for a run.

Everything here is drawn before the simulation starts, each part from its own named stream, so
that the simulated behaviour (which depends on policy and cameras) cannot reshuffle demand,
dwell times or the fleet. Two scenarios run with one seed see the same orders.
"""

from __future__ import annotations

import numpy as np

from sim.geo.model import Geography
from sim.model.calendar import SimCalendar
from sim.model.fleet import category_cdf, fleet_cdf, fleet_classes
from sim.model.policy import PolicyCache
from sim.model.rng import Streams
from sim.model.rounds.build import Round, plan_rounds
from sim.model.tours import Carrier, Order, Tour, drawn_tours, tour_draws
from sim.model.vehicles import make_vehicle
from sim.scenario.models import Scenario


def build_carriers(
    scenario: Scenario, geo: Geography, streams: Streams
) -> dict[str, list[Carrier]]:
    """Draw every carrier's plate, foreign flag, permits and fleet from the 'fleet' stream.

    Each segment draws from its own part of the stream (`Streams.part`), so a segment's fleet
    size (say chain DCs' fleets resized to their rounds) leaves the other segments' vehicles,
    foreign plates and permits where they were.
    """
    carriers: dict[str, list[Carrier]] = {}
    next_id = 0
    for seg_name in sorted(scenario.segments):
        seg = scenario.segments[seg_name]
        rng = streams.part("fleet", seg_name)
        sizes = seg.fleet_sizes
        first = np.concatenate([[0], np.cumsum(sizes)])  # carrier i's first vehicle
        if seg.fleet_by_category is None:
            names, cdf = fleet_cdf(scenario, seg_name, scenario.start_date)
            # classes stratified over the segment's whole fleet (sim.model.fleet.fleet_classes)
            classes = fleet_classes(names, cdf, int(first[-1]), rng)
        else:
            classes = _classes_by_category(scenario, seg_name, streams)
        depot_key = _depot_key(geo, seg.depot)
        out = []
        for i in range(seg.carriers):
            u_plan, u_foreign = rng.random(2)
            foreign = bool(u_foreign < seg.foreign_share)
            vehicles = []
            for j in range(sizes[i]):
                # an exemption belongs to a plate (a vehicle), not to the firm: drawing it per
                # vehicle keeps the share of exempt vehicles steady between replications
                u_permits = rng.random(len(seg.permits))
                permits = frozenset(
                    p for p, up in zip(sorted(seg.permits), u_permits, strict=True)
                    if up < seg.permits[p]
                )
                vc_name = classes[int(first[i]) + j]
                vc = scenario.vehicle_classes[vc_name]
                vehicles.append(make_vehicle(f"{seg_name}-{i}-{j}", vc_name, vc, foreign, permits))
            permits = frozenset().union(*(v.facts.permits for v in vehicles))
            out.append(Carrier(next_id, seg_name, i, foreign, permits, vehicles, depot_key,
                               bool(u_plan < seg.plans_for_windows)))
            next_id += 1
        carriers[seg_name] = out
    return carriers


def _classes_by_category(scenario: Scenario, seg_name: str, streams: Streams) -> list[str]:
    """Classes of a segment's vehicles owned by category, in vehicle order (carrier by
    carrier, within a carrier category by category). Each category's classes are drawn
    stratified over the segment's vehicles of that category, from the category's own part of
    the 'fleet' stream: resizing one category leaves the other categories' classes as
    they were."""
    by_cat = scenario.segments[seg_name].fleet_by_category
    assert by_cat is not None
    dealt: dict[str, list[str]] = {}
    for cat in by_cat[0]:
        names, cdf = category_cdf(scenario, seg_name, cat, scenario.start_date)
        n = sum(m[cat] for m in by_cat)
        dealt[cat] = fleet_classes(names, cdf, n, streams.part("fleet", f"{seg_name}/{cat}"))
    taken = dict.fromkeys(dealt, 0)
    out: list[str] = []
    for mix in by_cat:
        for cat, n in mix.items():
            out += dealt[cat][taken[cat]:taken[cat] + n]
            taken[cat] += n
    return out


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


def generate_tours(
    scenario: Scenario,
    geo: Geography,
    cal: SimCalendar,
    carriers: dict[str, list[Carrier]],
    streams: Streams,
    policy: PolicyCache,
    rounds_out: list[Round] | None = None,
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


def planning_segments(scenario: Scenario) -> frozenset[str]:
    """Segments whose carriers plan their days as routing problems in this scenario."""
    r = scenario.rounds
    if r is None or not r.enabled:
        return frozenset()
    return frozenset(r.segments)


def _lognormal_params(mean: float, sd: float) -> tuple[float, float]:
    """The log-scale (mu, sigma) of a lognormal with this mean and standard deviation."""
    sigma2 = np.log1p((sd / mean) ** 2)
    return float(np.log(mean) - sigma2 / 2), float(np.sqrt(sigma2))


def lognormal(rng: np.random.Generator, mean: float, sd: float) -> float:
    """A lognormal draw with the given mean and standard deviation (not log-scale ones)."""
    mu, sigma = _lognormal_params(mean, sd)
    return float(rng.lognormal(mu, sigma))
