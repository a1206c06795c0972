"""One carrier-day as a vehicle-routing problem with time windows, solved by PyVRP.

The instance is plain data (`Instance`): road distances and driving times between the
carrier's depot and its stops, each stop's load, service time and *alternative* time windows,
and the vehicles the carrier can send. An alternative is a time window with a penalty: the
window in which the zone is open and the shop receives goods costs nothing; serving the shop
outside its receiving hours costs `outside_receiving_cost_eur`; entering the zone outside its
window costs the expected fine. PyVRP chooses exactly one alternative per stop (a mutually
exclusive client group), so a soft window needs no hand-written routing logic: the solver
trades vehicles, kilometres, hours and penalties in one objective.

Costs are integers in milli-cents (EUR 1 = 100,000), distances in metres, times in seconds
after midnight. The solver runs for a fixed number of iterations from a given seed: the same
instance, budget and seed give the same plan on any machine.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

MILLICENTS_PER_EUR = 100_000
# Loads go to the solver in thousandths of a unit: its penalty for excess load is per unit,
# and a vehicle-day costs millions of milli-cents, so whole units would make an overloaded
# vehicle look cheaper than a second one while the solver searches.
LOAD_SCALE = 1000

OK = ""  # the alternative breaks nothing
OUTSIDE_WINDOW = "window"  # planned to enter the zone outside its window (expected fine)
OUTSIDE_RECEIVING = "receiving"  # planned outside the shop's receiving hours
BOTH = "window+receiving"


@dataclass(frozen=True)
class Alternative:
    """A time window [early_s, late_s] for the start of service, with its penalty."""

    early_s: int
    late_s: int
    penalty: int  # milli-cents
    breaks: str  # OK, OUTSIDE_WINDOW, OUTSIDE_RECEIVING or BOTH


@dataclass(frozen=True)
class Stop:
    """A place the carrier must serve today: a shop in Assen's centre or a regional stop."""

    name: str
    location: int  # row/column in the instance's matrices (0 is the depot)
    service_s: int
    load: int
    alternatives: tuple[Alternative, ...]
    assen: bool  # a shop in Assen's zone (the others are in other towns)
    # the windows themselves, kept for the independent feasibility check (seconds, [a, b))
    window_s: tuple[tuple[int, int], ...]  # zone (or town centre) window at this stop
    receiving_s: tuple[tuple[int, int], ...]  # the receiver's hours
    windowed: bool = False  # in a centre with a goods window that day (for the KPIs only)


@dataclass(frozen=True)
class VehicleKind:
    """Vehicles of one class the carrier can send: its own ones, or hired ones at a premium."""

    vclass: str
    category: str
    count: int
    capacity: int
    fixed_cost: int  # milli-cents per vehicle-day
    cost_per_m: int  # milli-cents per metre
    cost_per_s: int  # milli-cents per second
    hired: bool = False


@dataclass(frozen=True)
class Instance:
    """Everything a carrier-day's plan depends on (the cache key is a hash of it)."""

    dist_m: np.ndarray  # (L, L) int64 road metres between locations; 0 is the depot
    zone_m: np.ndarray  # (L, L) int64: of those metres, the ones inside Assen's zone
    dur_s: np.ndarray  # (L, L) int64 driving seconds
    stops: tuple[Stop, ...]
    vehicles: tuple[VehicleKind, ...]
    depot_open_s: tuple[int, int]  # earliest departure, latest return
    shift_s: int
    reloads: int = 0  # trips a vehicle may add by going back to load again
    reload_s: int = 0  # loading at the depot before each trip

    def key(self, iterations: int, seed: int) -> str:
        """A digest of the instance, the solver budget and the seed."""
        h = hashlib.blake2b(digest_size=16)
        for a in (self.dist_m, self.zone_m, self.dur_s):
            h.update(np.ascontiguousarray(a, dtype=np.int64).tobytes())
        h.update(repr((self.stops, self.vehicles, self.depot_open_s, self.shift_s,
                       self.reloads, self.reload_s, iterations, seed,
                       solver_settings())).encode())
        return h.hexdigest()

    @property
    def instance(self) -> Instance:
        """Itself: an instance can be planned wherever a built carrier-day can."""
        return self


@dataclass(frozen=True)
class Visit:
    stop: int  # index into Instance.stops
    alternative: int  # index into the stop's alternatives: the window planned for
    start_s: int  # start of service
    breaks: str  # what that alternative breaks (OK, OUTSIDE_WINDOW, ...)
    trip: int = 0  # which of the vehicle's loads from the depot serves it (0: the first)


@dataclass(frozen=True)
class PlannedRoute:
    """One vehicle's day: leave the depot, serve its visits in order, come back."""

    vehicle: int  # index into Instance.vehicles
    visits: tuple[Visit, ...]
    depart_s: int
    return_s: int
    distance_m: int
    zone_m: int

    @property
    def trips(self) -> int:
        return 1 + max((v.trip for v in self.visits), default=0)


def legs(inst: Instance, route: PlannedRoute) -> list[tuple[int, int]]:
    """The route's drives as (from, to) locations: depot, the first trip's stops, back to
    the depot to load again, the next trip's stops, ..., depot."""
    locs = [0]
    trip = 0
    for v in route.visits:
        if v.trip != trip:
            locs.append(0)
            trip = v.trip
        locs.append(inst.stops[v.stop].location)
    locs.append(0)
    return [(a, b) for a, b in itertools.pairwise(locs) if not (a == 0 and b == 0)]


@dataclass(frozen=True)
class Plan:
    routes: tuple[PlannedRoute, ...]
    cost: int  # solver objective without the constant prize term (milli-cents)
    feasible: bool


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """A plan as plain JSON-able data (for the on-disk cache)."""
    return {"cost": plan.cost, "feasible": plan.feasible, "routes": [
        {"vehicle": r.vehicle, "depart_s": r.depart_s, "return_s": r.return_s,
         "distance_m": r.distance_m, "zone_m": r.zone_m,
         "visits": [[v.stop, v.alternative, v.start_s, v.breaks, v.trip] for v in r.visits]}
        for r in plan.routes]}


def plan_from_dict(d: dict[str, Any]) -> Plan:
    return Plan(tuple(
        PlannedRoute(r["vehicle"], tuple(Visit(int(a), int(b), int(c), str(e), int(t))
                                         for a, b, c, e, t in r["visits"]),
                     r["depart_s"], r["return_s"], r["distance_m"], r["zone_m"])
        for r in d["routes"]), int(d["cost"]), bool(d["feasible"]))


def to_millicents(eur: float) -> int:
    return round(eur * MILLICENTS_PER_EUR)


# Solver settings besides the iteration budget: PyVRP's own defaults (50 nearest neighbours
# per client, 1-25 perturbations per iteration). Smaller neighbourhoods were tried and were
# 2-3x faster, but left the largest carrier-days 10-35% above a long run, because they rarely
# find the move that empties a route (docs/validation.md, "Rounds"). Part of the cache key.
NUM_NEIGHBOURS = 50
MAX_PERTURBATIONS = 25
# bump when what a stored plan means changes (fields, how routes are read from PyVRP)
PLAN_FORMAT = 3  # 2: visits carry their trip (vehicles may go back to load again); 3: own
# vehicles cost the cheapest own class's day in planning (sim.model.rounds.build)


@functools.cache
def solver_settings() -> str:
    from importlib.metadata import version

    return (f"plan-{PLAN_FORMAT}/pyvrp-{version('pyvrp')}/ils/nn{NUM_NEIGHBOURS}"
            f"/mp{MAX_PERTURBATIONS}")


def solve(inst: Instance, iterations: int, seed: int, *, defaults: bool = False) -> Plan:
    """Solve the instance with PyVRP's iterated local search for a fixed number of iterations
    (`defaults`: PyVRP's own neighbourhood and perturbation settings, for reference runs)."""
    import warnings

    import pyvrp
    from pyvrp.search import NeighbourhoodParams
    from pyvrp.search._search import PerturbationParams
    from pyvrp.solve import SolveParams
    from pyvrp.stop import MaxIterations

    data, client_alt = _problem_data(inst)
    params = SolveParams() if defaults else SolveParams(
        neighbourhood=NeighbourhoodParams(num_neighbours=NUM_NEIGHBOURS),
        perturbation=PerturbationParams(1, MAX_PERTURBATIONS),
    )
    with warnings.catch_warnings():
        # a penalty bound warning on a hard instance: the plan's feasibility is checked below
        warnings.simplefilter("ignore")
        res = pyvrp.solve(data, stop=MaxIterations(iterations), seed=int(seed),
                          collect_stats=False, display=False, params=params)
    best = res.best
    routes = []
    for r in best.routes():
        visits = []
        for act in r.schedule():
            if not act.is_client():
                continue
            stop, alt = client_alt[act.idx]  # clients are numbered from 0
            visits.append(Visit(stop, alt, int(act.start_time),
                                inst.stops[stop].alternatives[alt].breaks, int(act.trip)))
        trips = sorted({v.trip for v in visits})  # an empty trip leaves no gap in the count
        visits = [Visit(v.stop, v.alternative, v.start_s, v.breaks, trips.index(v.trip))
                  for v in visits]
        route = PlannedRoute(int(r.vehicle_type()), tuple(visits), int(r.start_time()),
                             int(r.end_time()), 0, 0)
        pairs = legs(inst, route)
        routes.append(PlannedRoute(
            vehicle=route.vehicle, visits=route.visits, depart_s=route.depart_s,
            return_s=route.return_s,
            distance_m=int(sum(inst.dist_m[a, b] for a, b in pairs)),
            zone_m=int(sum(inst.zone_m[a, b] for a, b in pairs)),
        ))
    cost = int(best.distance_cost() + best.duration_cost() + best.fixed_vehicle_cost())
    cost += sum(inst.stops[v.stop].alternatives[v.alternative].penalty
                for rt in routes for v in rt.visits)
    routes.sort(key=lambda rt: (rt.depart_s, rt.vehicle, rt.visits[0].stop if rt.visits else 0))
    return Plan(tuple(routes), cost, bool(best.is_feasible()))


def _problem_data(inst: Instance) -> tuple[Any, list[tuple[int, int]]]:
    """The PyVRP problem: one location per place, one client per (stop, alternative)."""
    from pyvrp import Client, ClientGroup, Depot, Location, ProblemData, VehicleType

    n_loc = inst.dist_m.shape[0]
    locations = [Location(0.0, 0.0) for _ in range(n_loc)]
    early, late = inst.depot_open_s
    depots = [Depot(0, tw_early=early, tw_late=late, service_duration=inst.reload_s)]
    clients: list[Client] = []
    groups: list[ClientGroup] = []
    client_alt: list[tuple[int, int]] = []
    for si, stop in enumerate(inst.stops):
        alts = stop.alternatives
        if len(alts) == 1:
            a = alts[0]
            clients.append(Client(stop.location, delivery=[stop.load * LOAD_SCALE],
                                  service_duration=stop.service_s, tw_early=a.early_s,
                                  tw_late=a.late_s, required=True, name=stop.name))
            client_alt.append((si, 0))
            continue
        group_index = len(groups)
        members = []
        # the group is required, so exactly one alternative is served; its prize is what it
        # saves against the dearest alternative (prizes of the same size as the real costs
        # keep the solver's penalties well scaled)
        top = max(a.penalty for a in alts)
        for ai, a in enumerate(alts):
            members.append(len(clients))
            clients.append(Client(stop.location, delivery=[stop.load * LOAD_SCALE],
                                  service_duration=stop.service_s, tw_early=a.early_s,
                                  tw_late=a.late_s, prize=top - a.penalty,
                                  required=False, group=group_index, name=stop.name))
            client_alt.append((si, ai))
        groups.append(ClientGroup(members, required=True))
    vehicle_types = [
        VehicleType(num_available=v.count, capacity=[v.capacity * LOAD_SCALE],
                    start_depot=0, end_depot=0,
                    fixed_cost=v.fixed_cost, tw_early=early, tw_late=late,
                    shift_duration=inst.shift_s, unit_distance_cost=v.cost_per_m,
                    unit_duration_cost=v.cost_per_s, name=v.vclass,
                    reload_depots=[0] if inst.reloads else [], max_reloads=inst.reloads)
        for v in inst.vehicles
    ]
    data = ProblemData(locations, clients, depots, vehicle_types,
                       [np.asarray(inst.dist_m, dtype=np.int64)],
                       [np.asarray(inst.dur_s, dtype=np.int64)], groups)
    return data, client_alt
