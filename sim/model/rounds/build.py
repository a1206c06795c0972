"""From a carrier's orders of a day to an `Instance`, and from its `Plan` to simulated tours.

This is the seam between the routing problem and the rest of the model: the zone's window for
the carrier's vehicles comes from the pure policy (`PolicyCache.window_spans`), shops'
receiving hours from `receiving`, road distances from `region`, and the plan's routes become
`Tour`s whose arrival at the gate is the planned one. Nothing here draws random numbers: the
regional stops and the solver seed are drawn by the caller from the 'rounds' stream.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim.geo.model import Geography
from sim.model import enforcement as enf
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar, merge_spans
from sim.model.policy import PolicyCache
from sim.model.rng import Streams
from sim.model.rounds.plan import (
    BOTH,
    OK,
    OUTSIDE_RECEIVING,
    OUTSIDE_WINDOW,
    Alternative,
    Instance,
    Plan,
    Stop,
    VehicleKind,
    solver_settings,
    to_millicents,
)
from sim.model.rounds.receiving import ALL_DAY, Spans, receiving_spans
from sim.model.rounds.region import Region, best_gate_to_shops, road_m
from sim.model.tours import Carrier, Order, Tour, drawn_tours, make_tour
from sim.model.vehicles import Vehicle, make_vehicle
from sim.scenario.models import Scenario
from sim.scenario.vocab import parse_span


@dataclass(frozen=True)
class CarrierDay:
    """What one carrier must deliver on one day: Assen orders and its regional stops."""

    day: int
    carrier: Carrier
    orders: tuple[Order, ...]
    regional: tuple[tuple[str, int], ...]  # (town, number of stops)
    seed: int  # solver seed, from the 'rounds' stream


@dataclass(frozen=True)
class Round:
    """A planned route as the event log records it."""

    day: int
    segment: str
    carrier: int
    vehicle: Vehicle
    hired: bool
    depart_min: float  # minutes of the run
    minutes: float
    km_zone: float
    km_outside: float
    drops: int  # all stops of the round, in Assen and elsewhere
    assen_drops: int  # Assen shops served (a shop with two orders counts once)
    planned_outside_window: int  # Assen stops planned outside the zone's window
    cost_eur: float  # vehicle-day, km and hours at the class's rates (no penalties)


@dataclass(frozen=True)
class Built:
    """A carrier-day's stops and vehicles, with what is needed to turn its plan back into
    tours; the matrices of the routing problem are made only when the plan must be solved.

    A run from stored plans only needs the key, and the key needs no matrices: they are a
    pure function of the geography, the region and which places the day visits, and those
    are in `signature` (with the source of the code that builds instances), so the key is
    as specific as a digest of the matrices would be, for a fraction of the cost.
    """

    stops: tuple[Stop, ...]
    kinds: tuple[VehicleKind, ...]
    shop_orders: tuple[tuple[Order, ...], ...]  # per Assen stop (same order as the stops)
    d_in_s: tuple[int, ...]  # per Assen stop: seconds from its gate to the shop
    templates: tuple[Vehicle | None, ...]  # per kind: the class's template (None for hired)
    signature: str = field(repr=False)  # everything the plan depends on, as text
    make: Callable[[], Instance] = field(repr=False, compare=False)

    def key(self, iterations: int, seed: int) -> str:
        """A digest of the carrier-day, the solver budget and settings, and the seed."""
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{self.signature}|{iterations}|{seed}|{solver_settings()}".encode())
        return h.hexdigest()

    @functools.cached_property
    def instance(self) -> Instance:
        return self.make()


@functools.cache
def _code_digest() -> str:
    """The source of the modules that turn a carrier-day into an instance: a change to them
    changes every key, so no stored plan outlives the code it was made for."""
    h = hashlib.blake2b(digest_size=8)
    for mod in ("build", "plan", "region", "receiving"):
        h.update((Path(__file__).parent / f"{mod}.py").read_bytes())
    return h.hexdigest()


def intersect(a: Spans, b: Spans) -> Spans:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi > lo:
                out.append((lo, hi))
    return merge_spans(out)


def _covers(outer: Spans, inner: Spans) -> bool:
    return all(any(o0 <= i0 and i1 <= o1 for o0, o1 in outer) for i0, i1 in inner)


@functools.lru_cache(maxsize=8192)  # a week asks the same few windows thousands of times
def alternatives(window: Spans, receiving: Spans, shift_s: int, fine: int, recv_pen: int,
                 day_s: tuple[int, int]) -> tuple[Alternative, ...]:
    """Time windows (seconds) a stop may be served in, each with what it breaks and costs.

    `window` and `receiving` are minutes of the day; the window is shifted by `shift_s`, the
    drive from the gate to the shop, so a start of service in it means a gate entry in the
    zone's window. The last alternative (the whole depot day, breaking both) keeps every
    instance feasible.
    """
    def sec(spans: Spans, shift: int = 0) -> list[tuple[int, int]]:
        return [(round(a * 60) + shift, round(b * 60) + shift - 1) for a, b in spans]

    found: dict[tuple[int, int], tuple[int, str]] = {}

    def add(spans: list[tuple[int, int]], pen: int, breaks: str) -> None:
        for a, b in spans:
            a, b = max(a, day_s[0]), min(b, day_s[1])
            if b >= a and ((a, b) not in found or found[(a, b)][0] > pen):
                found[(a, b)] = (pen, breaks)

    w_shift = [((a * 60 + shift_s) / 60, (b * 60 + shift_s) / 60) for a, b in window]
    add(sec(intersect(tuple(w_shift), receiving)), 0, OK)
    if not _covers(receiving, tuple(w_shift)):
        add(sec(window, shift_s), recv_pen, OUTSIDE_RECEIVING)
    if not _covers(tuple(w_shift), receiving):
        add(sec(receiving), fine, OUTSIDE_WINDOW)
    add([day_s], fine + recv_pen, BOTH)
    return tuple(Alternative(a, b, pen, br) for (a, b), (pen, br) in
                 sorted(found.items(), key=lambda kv: (kv[1][0], kv[0])))


class Builder:
    """Builds instances for one run: the region's distances are worked out once."""

    def __init__(self, scenario: Scenario, geo: Geography, policy: PolicyCache,
                 region: Region, dates: list[dt.date]) -> None:
        assert scenario.rounds is not None
        self.sc = scenario
        self.rounds = scenario.rounds
        self.geo = geo
        self.policy = policy
        self.region = region
        self.dates = dates
        self._depot_cache: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._town_cache: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        # a carrier's vehicles do not change within a run, so its window at a gate on a day
        # is worked out once (a week asks it for each of about 1,200 stops)
        self._window_memo: dict[tuple[int, str, dt.date], Spans] = {}

    # --------------------------------------------------------------- geometry
    def _gates_xy(self) -> np.ndarray:
        return np.array([(g.x, g.y) for g in self.geo.gates])

    def _from_depot(self, key: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if key not in self._depot_cache:
            out = self.geo.depot_gate_m[key].astype(float)
            self._depot_cache[key] = best_gate_to_shops(self.region, self.geo, out,
                                                        self.region.local_speed_m_s)
        return self._depot_cache[key]

    def _from_town(self, town: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if town not in self._town_cache:
            xy = self.region.towns[town]
            out = np.array([road_m(self.region, xy, (g[0], g[1])) for g in self._gates_xy()])
            self._town_cache[town] = best_gate_to_shops(self.region, self.geo, out,
                                                        self.region.speed_m_s)
        return self._town_cache[town]

    # --------------------------------------------------------------- instance
    def vehicle_kinds(self, carrier: Carrier) -> tuple[list[VehicleKind], list[Vehicle | None]]:
        """The carrier's own routable vehicles by class, then hired ones of the same classes."""
        seg = self.rounds.segments[carrier.segment]
        own: dict[str, list[Vehicle]] = {}
        for v in carrier.vehicles:
            if v.category in seg.capacity:
                own.setdefault(v.vclass, []).append(v)
        kinds: list[VehicleKind] = []
        templates: list[Vehicle | None] = []
        for hired in (False, True):
            for vclass in sorted(own):
                vc = self.sc.vehicle_classes[vclass]
                fixed = vc.annual_cost_eur / self.rounds.working_days_per_year
                kinds.append(VehicleKind(
                    vclass=vclass, category=vc.category,
                    count=99 if hired else len(own[vclass]),
                    capacity=seg.capacity[vc.category],
                    fixed_cost=to_millicents(fixed * (self.rounds.hire_cost_factor
                                                      if hired else 1.0)),
                    cost_per_m=to_millicents(vc.cost_eur_km / 1000.0),
                    cost_per_s=to_millicents(vc.cost_eur_h / 3600.0),
                    hired=hired,
                ))
                templates.append(None if hired else own[vclass][0])
        return kinds, templates

    def zone_window(self, carrier: Carrier, gate: str, date: dt.date) -> Spans:
        """Hours open to every routable vehicle of the carrier (a plan must suit any of them);
        the whole day for a carrier that does not plan around the windows."""
        if not carrier.plans_windows:
            return ALL_DAY
        memo = (carrier.id, gate, date)
        found = self._window_memo.get(memo)
        if found is not None:
            return found
        seg = self.rounds.segments[carrier.segment]
        spans: Spans = ALL_DAY
        seen = set()
        for v in carrier.vehicles:
            if v.category in seg.capacity and v.facts not in seen:
                seen.add(v.facts)
                spans = intersect(spans, self.policy.window_spans(v.facts, gate, date))
        self._window_memo[memo] = spans
        return spans

    def expected_fine_eur(self, carrier: Carrier, date: dt.date) -> float:
        """What a planner puts on an entry outside the window: the whole fine (or the hassle of
        a warning in a warning period), as if every such entry were caught.

        A dispatcher plans within the law; whether a driver bets on the cameras is decided at
        the gate, with the beliefs of sim.model.deterrence. So plans do not depend on the
        cameras, and a camera sweep reuses them (docs/rounds.md).
        """
        b = self.sc.behaviour
        if enf.window_warning_only(self.sc.enforcement, date):
            return b.warning_cost_eur
        seg = self.rounds.segments[carrier.segment]
        cats = [v.category for v in carrier.vehicles if v.category in seg.capacity]
        return float(np.mean([enf.fine_amount(self.sc.enforcement, c) for c in cats]))

    @functools.cached_property
    def places_digest(self) -> str:
        """Everything the matrices of any carrier-day of this run are made from, besides
        which places the day visits: street distances, gates, depots and the region."""
        geo = self.geo
        h = hashlib.blake2b(digest_size=16)
        for arr in (geo.zone_dist_m, geo.depot_gate_m):
            h.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes())
        h.update(repr(([(g.key, g.id, g.x, g.y) for g in geo.gates],
                       [(s.key, s.id) for s in geo.shops],
                       [(d.x, d.y) for d in geo.depots], self.region)).encode())
        return h.hexdigest()

    def build(self, cd: CarrierDay) -> Built | None:
        """A carrier-day's stops and vehicles; None when the carrier has no depot or no vehicle
        that can do the round (it keeps its drawn tours)."""
        carrier = cd.carrier
        if carrier.depot_key is None:
            return None
        kinds, templates = self.vehicle_kinds(carrier)
        if not kinds:
            return None
        seg_r = self.rounds.segments[carrier.segment]
        date = self.dates[cd.day]
        d_open = parse_span(seg_r.depot_hours)
        day_s = (int(d_open[0] * 60), int(d_open[1] * 60))
        fine = to_millicents(self.expected_fine_eur(carrier, date))
        recv_pen = to_millicents(self.rounds.outside_receiving_cost_eur)

        by_shop: dict[int, list[Order]] = {}
        for o in cd.orders:
            by_shop.setdefault(o.shop_index, []).append(o)
        shops = sorted(by_shop)
        town_stops = [(town, k) for town, n in cd.regional for k in range(n)]
        d_in: list[int] = []
        gate_of: list[str] = []
        if shops:
            g, _o_m, i_m = self._from_depot(carrier.depot_key)
            zs = self.region.zone_speed_m_s
            d_in = [round(x / zs) for x in i_m[shops]]
            gate_of = [self.geo.gates[int(g[s])].id for s in shops]

        stops: list[Stop] = []
        shop_orders = []
        d_in_stops: list[int] = []  # seconds from the gate to each Assen stop
        # a shop's orders of the day go in as few stops as fit the largest vehicle: a
        # supermarket's three loads of roll containers may need two trucks
        per_stop = max(1, int(max(k.capacity for k in kinds) // max(seg_r.load_per_drop, 1e-9)))
        for n, s in enumerate(shops):
            shop = self.geo.shops[s]
            all_orders = tuple(sorted(by_shop[s], key=lambda o: o.id))
            window = self.zone_window(carrier, gate_of[n], date)
            recv = receiving_spans(self.rounds, shop.type)
            parts = [all_orders[i:i + per_stop] for i in range(0, len(all_orders), per_stop)]
            for k, orders in enumerate(parts):
                stops.append(Stop(
                    name=f"assen:{shop.id}" + (f"#{k + 1}" if len(parts) > 1 else ""),
                    location=1 + n,
                    service_s=round(sum(o.dwell_min for o in orders) * 60),
                    load=seg_r.load_per_drop * len(orders),
                    alternatives=alternatives(window, recv, d_in[n], fine, recv_pen, day_s),
                    assen=True,
                    window_s=_secs(window, d_in[n]), receiving_s=_secs(recv),
                ))
                shop_orders.append(orders)
                d_in_stops.append(d_in[n])
        for j, (town, k) in enumerate(town_stops):
            t = self.rounds.towns[town]
            work = seg_r.regional[town]
            window = _town_spans(tuple(t.window))
            recv = _town_spans(tuple(work.receiving))
            stops.append(Stop(
                name=f"{town}:{k}", location=1 + len(shops) + j,
                service_s=round(work.service_min * 60), load=work.load,
                alternatives=alternatives(window, recv, 0, fine, recv_pen, day_s),
                assen=False, window_s=_secs(window), receiving_s=_secs(recv),
            ))
        shift_s = round(seg_r.shift_hours * 3600)
        stops_t, kinds_t = tuple(stops), tuple(kinds)
        # the stops as plain values (their alternatives follow from window, receiving hours,
        # gate-to-shop seconds, fine, penalty and depot hours, all of which are in here)
        stop_text = repr([(st.name, st.location, st.service_s, st.load, st.assen,
                           st.window_s, st.receiving_s) for st in stops_t])
        signature = "|".join((
            _code_digest(), self.places_digest, str(carrier.depot_key), repr(shops),
            repr(town_stops), stop_text, repr((fine, recv_pen, day_s, shift_s)),
            repr(kinds_t)))

        def make() -> Instance:
            dist, zone_i, dur = self._matrices(carrier.depot_key, shops, town_stops)
            return Instance(dist, zone_i, dur, stops_t, kinds_t, day_s, shift_s)

        return Built(stops_t, kinds_t, tuple(shop_orders), tuple(d_in_stops),
                     tuple(templates), signature, make)

    def _matrices(self, depot_key: int, shops: list[int], town_stops: list[tuple[str, int]]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Road metres, metres inside the zone and driving seconds between the day's places
        (0 the depot, then the Assen shops, then the regional stops)."""
        n_loc = 1 + len(shops) + len(town_stops)
        out_m = np.zeros((n_loc, n_loc))
        zone_m = np.zeros((n_loc, n_loc))
        secs = np.zeros((n_loc, n_loc))
        r = self.region
        zs = r.zone_speed_m_s
        depot = self.geo.depots[depot_key]
        depot_xy = (depot.x, depot.y)
        s_keys = [self.geo.shops[i].key for i in shops]
        a = slice(1, 1 + len(shops))
        if shops:
            inner = self.geo.zone_dist_m[np.ix_(s_keys, s_keys)]
            zone_m[a, a] = inner
            secs[a, a] = inner / zs
            _g, o_m, i_m = self._from_depot(depot_key)
            o, i = o_m[shops], i_m[shops]
            out_m[0, a] = out_m[a, 0] = o
            zone_m[0, a] = zone_m[a, 0] = i
            secs[0, a] = secs[a, 0] = o / r.local_speed_m_s + i / zs
        for j, (town, _k) in enumerate(town_stops):
            p = 1 + len(shops) + j
            txy = r.towns[town]
            m = road_m(r, depot_xy, txy)
            out_m[0, p] = out_m[p, 0] = m
            secs[0, p] = secs[p, 0] = m / r.speed_m_s
            if shops:
                _g, to_m, ti_m = self._from_town(town)
                o, i = to_m[shops], ti_m[shops]
                out_m[p, a] = out_m[a, p] = o
                zone_m[p, a] = zone_m[a, p] = i
                secs[p, a] = secs[a, p] = o / r.speed_m_s + i / zs
            for j2, (town2, _k2) in enumerate(town_stops[:j]):
                q = 1 + len(shops) + j2
                if town2 == town:
                    m, v = r.town_hop_m, r.town_speed_m_s
                else:
                    m, v = road_m(r, txy, r.towns[town2]), r.speed_m_s
                out_m[p, q] = out_m[q, p] = m
                secs[p, q] = secs[q, p] = m / v
        dist = np.rint(out_m + zone_m).astype(np.int64)
        zone_i = np.rint(zone_m).astype(np.int64)
        dur = np.rint(secs).astype(np.int64)
        return dist, zone_i, dur


@functools.lru_cache(maxsize=1024)
def _town_spans(spans: tuple[str, ...]) -> Spans:
    return tuple(sorted(parse_span(x) for x in spans)) or ALL_DAY


@functools.lru_cache(maxsize=8192)
def _secs(spans: Spans, shift: int = 0) -> tuple[tuple[int, int], ...]:
    return tuple((round(a * 60) + shift, round(b * 60) + shift) for a, b in spans)


def to_tours(
    built: Built, plan: Plan, cd: CarrierDay, geo: Geography, scenario: Scenario,
    first_tour_id: int,
) -> tuple[list[Tour], list[Round]]:
    """The plan's visits to Assen as tours (one per run of consecutive Assen stops, arriving
    at the gate when the plan says), and every route as a `Round` for the log."""
    stops, kinds = built.stops, built.kinds
    carrier = cd.carrier
    seg = carrier.segment
    own_used: dict[str, int] = {}
    hired_n = 0
    tours: list[Tour] = []
    rounds: list[Round] = []
    for route in plan.routes:
        kind = kinds[route.vehicle]
        if kind.hired:
            vc = scenario.vehicle_classes[kind.vclass]
            vehicle = make_vehicle(f"{seg}-{carrier.index}-hired-{cd.day}-{hired_n}",
                                   kind.vclass, vc, carrier.foreign, carrier.permits)
            hired_n += 1
        else:
            mine = [v for v in carrier.vehicles if v.vclass == kind.vclass]
            vehicle = mine[own_used.get(kind.vclass, 0) % len(mine)]
            own_used[kind.vclass] = own_used.get(kind.vclass, 0) + 1
        runs: list[list[int]] = []
        prev_assen = False
        for v in route.visits:
            st = stops[v.stop]
            if st.assen:
                if not prev_assen:
                    runs.append([])
                runs[-1].append(v.stop)
            prev_assen = st.assen
        start_of = {v.stop: v.start_s for v in route.visits}
        for run in runs:
            first = run[0]
            arrive_s = start_of[first] - built.d_in_s[first]
            orders = [o for s in run for o in built.shop_orders[s]]
            tour = make_tour(geo, first_tour_id + len(tours), carrier.id, vehicle, cd.day,
                             cd.day * MINUTES_PER_DAY + arrive_s / 60.0, orders)
            tours.append(tour)
        vc = scenario.vehicle_classes[kind.vclass]
        minutes = (route.return_s - route.depart_s) / 60.0
        km_total = route.distance_m / 1000.0
        km_zone = route.zone_m / 1000.0
        cost = (kind.fixed_cost / 1e5 + km_total * vc.cost_eur_km
                + minutes / 60.0 * vc.cost_eur_h)
        rounds.append(Round(
            day=cd.day, segment=seg, carrier=carrier.id, vehicle=vehicle, hired=kind.hired,
            depart_min=cd.day * MINUTES_PER_DAY + route.depart_s / 60.0, minutes=minutes,
            km_zone=km_zone, km_outside=km_total - km_zone, drops=len(route.visits),
            assen_drops=sum(1 for v in route.visits if stops[v.stop].assen),
            planned_outside_window=sum(
                1 for v in route.visits
                if stops[v.stop].assen and v.breaks in (OUTSIDE_WINDOW, BOTH)),
            cost_eur=cost,
        ))
    return tours, rounds


def regional_draws(rng: np.random.Generator, scenario: Scenario, segment: str) -> tuple[
        tuple[tuple[str, int], ...], int]:
    """A carrier-day's regional stops per town (Poisson) and its solver seed. Always the same
    number of draws per carrier-day, so the stream does not shift with the windows."""
    rounds = scenario.rounds
    assert rounds is not None
    seg = rounds.segments[segment]
    towns = sorted(seg.regional)
    counts = rng.poisson([seg.regional[t].stops for t in towns]) if towns else []
    seed = int(rng.integers(0, 2**31 - 1))
    return tuple((t, int(n)) for t, n in zip(towns, counts, strict=True) if n > 0), seed


__all__ = ["BOTH", "OK", "OUTSIDE_RECEIVING", "OUTSIDE_WINDOW", "Builder", "CarrierDay",
           "Round", "alternatives", "regional_draws", "to_tours"]


def plan_rounds(
    scenario: Scenario, geo: Geography, cal: SimCalendar, carriers: dict[str, list[Carrier]],
    streams: Streams, policy: PolicyCache,
    pending: dict[tuple[int, str, int], tuple[list[Order], np.ndarray]], first_tour_id: int,
) -> tuple[list[Tour], list[Round]]:
    """Plan every pending carrier-day (solving, or reusing a cached plan) and return the
    tours of all plans and their rounds.

    The 'rounds' stream is drawn for every carrier of every planning segment on every day, in
    a fixed order, whether or not that carrier has Assen orders: a change in the windows or in
    the orders never shifts another carrier-day's regional stops or solver seed.
    """
    from sim.model.rounds.cache import PLANS
    from sim.model.rounds.region import build_region

    rounds = scenario.rounds
    assert rounds is not None
    rng = streams["rounds"]
    builder = Builder(scenario, geo, policy, build_region(scenario, geo), list(cal.dates))
    # first every carrier-day's instance, in the fixed order of the stream's draws ...
    days: list[tuple[CarrierDay, Built | None, tuple[list[Order], np.ndarray]]] = []
    for day in range(cal.days):
        for s in sorted(rounds.segments):
            for c, carrier in enumerate(carriers[s]):
                regional, seed = regional_draws(rng, scenario, s)
                job = pending.get((day, s, c))
                if job is None:
                    continue
                cd = CarrierDay(day, carrier, tuple(job[0]), regional, seed)
                days.append((cd, builder.build(cd), job))
    # ... then the plans still missing, solved side by side, then the tours in that order
    PLANS.solve_missing([(b, rounds.solver_iterations, cd.seed)
                         for cd, b, _ in days if b is not None])
    tours: list[Tour] = []
    made: list[Round] = []
    for cd, built, (chunk, u_time) in days:
        next_id = first_tour_id + len(tours)
        if built is None:
            tours.extend(drawn_tours(scenario, geo, cal, policy, cd.carrier, cd.day, chunk,
                                     u_time, next_id))
            continue
        plan = PLANS.plan_for(built, rounds.solver_iterations, cd.seed)
        new_tours, new_rounds = to_tours(built, plan, cd, geo, scenario, next_id)
        tours.extend(new_tours)
        made.extend(new_rounds)
    return tours, made
