"""What each of a driver's options at a closed gate costs: the prices the choice model weighs.

A driver whose gate is closed to the vehicle may wait, come back later, use a day exemption for
the zero-emission zone, drive in anyway (at the entrance where believed fine plus detour is
cheapest), drop the delivery for another day, unload at a loading bay and walk, or hand the
goods to the hub. This module says what each costs in euros and in extra minutes and km, from
plain inputs: the scenario, the geography, the rules (`PolicyCache`), the firm's beliefs, the
tour and the moment. No simpy and no random numbers: the world asks, `behaviour.choose` picks,
and the carriers' fleet renewal (sim.model.renewal) asks the same prices before the run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import zlib
from typing import TypeVar

import numpy as np

from sim.geo.model import Gate, Geography
from sim.model import behaviour as bh
from sim.model import enforcement as enf
from sim.model import motives as mv
from sim.model import zezone
from sim.model.calendar import SimCalendar, in_spans
from sim.model.policy import PolicyCache
from sim.model.roads import gate_to_gate_km, place_to_place_km, road_detour
from sim.model.tours import Carrier, Tour
from sim.model.vehicles import VehicleFacts
from sim.scenario.models import Scenario

# the rules an entry can break (named in sim.model.motives, which knows what each means to a
# driver): the vehicle's windows are closed at that gate and minute; the zero-emission zone
# does not admit the vehicle today
WINDOW = mv.WINDOW
ZE_ZONE = mv.ZE_ZONE

Amount = TypeVar("Amount", float, np.ndarray)  # one price, or one per entrance


@dataclasses.dataclass(frozen=True)
class Options:
    """What a driver at a closed gate can do: cost (EUR), extra minutes and km of each option."""

    costs: dict[str, float]
    extra: dict[str, tuple[float, float]]
    opening: float | None  # minute of the day the gate opens for this vehicle, if today
    window_opening: float | None  # the same, ignoring the ZE zone (for a day exemption)
    enter_gate: int | None = None  # the entrance a driver who drives in anyway would take


@dataclasses.dataclass(frozen=True)
class Setting:
    """What the prices read that stays the same for a whole run: rules, places, distances.

    Built once per replication (`setting`); `seed` and `replication` fix each plate's share of
    the yearly day exemptions.
    """

    scenario: Scenario
    geo: Geography
    policy: PolicyCache
    cal: SimCalendar
    seed: int
    replication: int
    detour: float  # road km over straight-line km outside the zone
    gate_km: np.ndarray  # road km between two entrances round the outside (G x G)
    gate_keys: np.ndarray  # Gate.key of each entrance, in geography order
    gate_index: dict[str, int]  # gate id -> position in geography order
    speed_m_per_min: float  # driving inside the zone
    hub_key: int | None  # depot key of the consolidation hub, if the scenario has one


def setting(scenario: Scenario, geo: Geography, policy: PolicyCache, cal: SimCalendar,
            seed: int, replication: int) -> Setting:
    """The run-long inputs of the prices, with the distances worked out once."""
    detour = road_detour(scenario)
    hub = scenario.hub
    hub_key = (None if hub is None
               else next(d.key for d in geo.depots if d.id == hub.depot))
    return Setting(
        scenario=scenario, geo=geo, policy=policy, cal=cal, seed=seed, replication=replication,
        detour=detour, gate_km=gate_to_gate_km(geo, detour),
        gate_keys=np.array([g.key for g in geo.gates]),
        gate_index={g.id: i for i, g in enumerate(geo.gates)},
        speed_m_per_min=scenario.zone.speed_kmh * 1000.0 / 60.0, hub_key=hub_key,
    )


@dataclasses.dataclass(frozen=True)
class Driver:
    """What the driver of a tour brings to the gate besides the tour itself."""

    carrier: Carrier
    belief: np.ndarray  # the firm's perceived chance of a letter, per entrance
    dayex_used: int  # day exemptions the plate has used this calendar year
    dayex_today: bool  # the plate has a day exemption in use today
    # the motive model (sim.model.motives, sim.model.keepers)
    taste: float = 0.0  # the firm's lasting preference for driving in anyway, EUR
    expects_fines: frozenset[str] = frozenset()  # rules a warning made the firm expect fines for
    first_offence: bool = False  # a window offence now would be the plate's first: a warning


# ----------------------------------------------------------------- distances and detours

def detour_cost_eur(km: Amount, minutes: Amount, eur_km: float, eur_h: float,
                    on_top: Amount | float = 0.0) -> Amount:
    """What a detour costs a driver: km at the vehicle's cost plus time at its hourly cost.

    `on_top` is a cost the detour comes with (the expected fine at the entrance it leads to);
    it is added first, then the km, then the time, so that every price that includes a detour
    is the same sum in the same order (floating-point addition is not associative).
    """
    return on_top + km * eur_km + minutes / 60.0 * eur_h


def origin_km(s: Setting, tour: Tour, carrier: Carrier, gate: Gate) -> float:
    """Road km from where the tour starts (its depot, or the hub) to the gate."""
    key = tour.origin if tour.origin is not None else carrier.depot_key
    if key is None:
        return s.scenario.behaviour.depot_km_if_unknown
    return float(s.geo.depot_gate_m[key, gate.key]) / 1000.0


def hub_km(s: Setting, carrier: Carrier) -> float:
    """Road km from the carrier's depot to the hub (straight line times the detour)."""
    d_key = carrier.depot_key
    if d_key is None or s.hub_key is None:
        return s.scenario.behaviour.depot_km_if_unknown
    a, b = s.geo.depots[d_key], s.geo.depots[s.hub_key]
    return place_to_place_km((a.x, a.y), (b.x, b.y), s.detour)


def walk_plan(s: Setting, tour: Tour) -> tuple[int, float]:
    """The bay closest (in total walking) to the tour's shops, and the walking minutes."""
    geo = s.geo
    n_gates = len(geo.gates)
    cols = [k - n_gates for k in tour.stop_keys]
    bay = int(np.argmin(geo.walk_m[:, cols].sum(axis=1)))
    cols_all = [geo.shops[o.shop_index].key - n_gates for o in tour.orders]
    walk_m = 2.0 * float(geo.walk_m[bay, cols_all].sum())
    b = s.scenario.behaviour
    minutes = walk_m / (b.bay_walk_kmh * 1000.0 / 60.0) + b.bay_handling_min * len(tour.orders)
    return bay, minutes


def zone_route_m(geo: Geography, tour: Tour) -> float:
    """Metres the tour drives inside the zone: entry gate, its stops in order, exit gate."""
    d = geo.zone_dist_m
    keys = [geo.gates[tour.entry_gate].key, *tour.stop_keys, geo.gates[tour.exit_gate].key]
    return float(sum(d[a, b] for a, b in itertools.pairwise(keys)))


# ----------------------------------------------------------------- rules and penalties

def plate_uniform(seed: int, replication: int, plate: str, year: int) -> float:
    """A uniform fixed by (seed, replication, plate, year): the same whatever happens first in
    the run, so paired scenarios see the same allowances."""
    key = zlib.crc32(f"dayex:{plate}:{year}".encode())
    seq = np.random.SeedSequence(seed, spawn_key=(replication, key))
    return float(np.random.Generator(np.random.PCG64(seq)).random())


def dayex_left(s: Setting, plate: str, date: dt.date, used: int) -> int:
    """Day exemptions a vehicle may still use in this run, in `date`'s year, having used `used`.

    A quota of N a year is spread over the year: the run's share of a year's days gives each
    vehicle N x share exemptions on average, rounded up or down at random per plate (a vehicle
    may have used part of its quota before the run). So a one-week run sees about N/52 per
    vehicle, not the whole quota.
    """
    zone = s.scenario.ze_zone
    if zone is None:
        return 0
    year = date.year
    days = sum(1 for d in s.cal.dates if d.year == year)
    year_days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    expected = zone.day_exemptions_per_year * days / year_days
    u = plate_uniform(s.seed, s.replication, plate, year)
    allowance = min(zone.day_exemptions_per_year, math.floor(expected + u))
    return allowance - used


def broken_rules(policy: PolicyCache, facts: VehicleFacts, gate: str, date: dt.date,
                 minute: float, dayex_today: bool) -> list[str]:
    """Which rules an entry now would break: the windows (WINDOW), the ZE zone (ZE_ZONE), or
    both, in that order."""
    rules = []
    if not in_spans(policy.window_spans(facts, gate, date), minute):
        rules.append(WINDOW)
    if not policy.ze_admits(facts, date, dayex_today):
        rules.append(ZE_ZONE)
    return rules


def penalty_parts(scenario: Scenario, category: str, rules: list[str], date: dt.date,
                  first_offence: bool = False,
                  expects_fines: frozenset[str] = frozenset()) -> list[tuple[float, bool, bool]]:
    """Per rule broken: its fine, whether it would be a warning only (its warnings-only period,
    or, under `enforcement.first_offence_warning`, a window offence that is the plate's first),
    and whether the keeper already expects a fine for it (`motives.weighed_penalty`)."""
    parts = []
    for rule in rules:
        if rule == WINDOW:
            warn = mv.warning_due(enf.window_warning_only(scenario.enforcement, date),
                                  scenario.enforcement.first_offence_warning,
                                  not first_offence)
            amount = enf.fine_amount(scenario.enforcement, category)
        else:
            assert scenario.ze_zone is not None
            warn = zezone.ze_warning_only(scenario.ze_zone, date)
            amount = zezone.ze_fine(scenario.ze_zone, category)
        parts.append((amount, warn, rule in expects_fines))
    return parts


def penalty(scenario: Scenario, category: str, rules: list[str], date: dt.date,
            first_offence: bool = False) -> tuple[float, bool]:
    """The fine for breaking `rules` (sum over rules), and whether it is a warning only: a rule
    still in its warnings-only period (or a plate's first offence under first-offence
    warnings) adds nothing, and the entry is a warning only when every broken rule is."""
    parts = penalty_parts(scenario, category, rules, date, first_offence)
    total = 0.0
    for amount, warn, _ in parts:
        if not warn:
            total += amount
    return total, all(warn for _, warn, _ in parts)


def enter_gate(s: Setting, tour: Tour, belief: np.ndarray, gate: Gate,
               penalty_eur: float) -> tuple[int, float, float, float]:
    """The entrance that is cheapest to drive in at: believed fine there plus the detour.

    Returns (gate index, expected cost in EUR, detour km outside, detour minutes). The detour
    is the drive round the outside to that entrance and the extra metres inside the zone to
    the first stop. Without `behaviour.gate_choice` the driver enters where it stands.
    """
    here = s.gate_index[gate.id]
    behaviour = s.scenario.behaviour
    if not behaviour.gate_choice:
        return here, float(belief[here]) * penalty_eur, 0.0, 0.0
    vc = s.scenario.vehicle_classes[tour.vehicle.vclass]
    d = s.geo.zone_dist_m
    first = tour.stop_keys[0]
    keys = s.gate_keys
    inside_m = d[keys, first] - d[keys[here], first]
    km = s.gate_km[here]
    minutes = km / behaviour.road_kmh * 60.0 + np.maximum(inside_m, 0.0) / s.speed_m_per_min
    cost = detour_cost_eur(km, minutes, vc.cost_eur_km, vc.cost_eur_h,
                           on_top=belief * penalty_eur)
    best = int(np.argmin(cost))
    return best, float(cost[best]), float(km[best]), float(minutes[best])


# ----------------------------------------------------------------- the options

def _dayex_reserve(s: Setting, tour: Tour, driver: Driver, gate: Gate, date: dt.date,
                   compliant: bool) -> float:
    """The value of keeping a day exemption for a fined day (motives.day_exemption_reserve)
    for a driver who weighs costs, while the zone only warns; 0 for a driver who follows the
    rule, or with `behaviour.save_day_exemptions` off."""
    zone = s.scenario.ze_zone
    if compliant or zone is None or not s.scenario.behaviour.save_day_exemptions:
        return 0.0
    warning = zezone.ze_warning_only(zone, date)
    expects = ZE_ZONE in driver.expects_fines
    if not warning or expects:
        return 0.0
    fine = zezone.ze_fine(zone, tour.vehicle.category)
    _, fined_entry, _, _ = enter_gate(s, tour, driver.belief, gate, fine)
    return mv.day_exemption_reserve(warning, expects, fined_entry)


def price_options(s: Setting, tour: Tour, driver: Driver, gate: Gate, date: dt.date,
                  minute: float, compliant: bool) -> Options:
    """Costs of every option a driver has at a gate that is closed to the vehicle, at `minute`
    of `date`. An always-compliant driver (`compliant`) is not offered entering anyway."""
    sc = s.scenario
    seg = sc.segments[driver.carrier.segment]
    vc = sc.vehicle_classes[tour.vehicle.vclass]
    facts = tour.vehicle.facts
    costs: dict[str, float] = {}
    extra: dict[str, tuple[float, float]] = {}
    opening = s.policy.next_opening(facts, gate.id, date, minute, driver.dayex_today)
    if opening is not None:
        wait = opening - minute
        if wait <= seg.max_wait_min:
            costs[bh.WAIT] = wait / 60.0 * vc.cost_eur_h
            extra[bh.WAIT] = (wait, 0.0)
        km = 2.0 * origin_km(s, tour, driver.carrier, gate)
        trip_min = km / sc.behaviour.road_kmh * 60.0
        costs[bh.LATER] = detour_cost_eur(km, trip_min, vc.cost_eur_km, vc.cost_eur_h)
        extra[bh.LATER] = (trip_min, km)
    window_opening = None
    zone = sc.ze_zone
    if (zone is not None and not s.policy.ze_admits(facts, date, driver.dayex_today)
            and dayex_left(s, tour.vehicle.plate, date, driver.dayex_used) > 0):
        window_opening = s.policy.next_opening(facts, gate.id, date, minute, True)
        if window_opening is not None and window_opening - minute <= seg.max_wait_min:
            wait = window_opening - minute
            costs[bh.DAYEX] = (zone.day_exemption_cost_eur + wait / 60.0 * vc.cost_eur_h
                               + _dayex_reserve(s, tour, driver, gate, date, compliant))
            extra[bh.DAYEX] = (wait, 0.0)
    entrance = None
    if not compliant:
        rules = broken_rules(s.policy, facts, gate.id, date, minute, driver.dayex_today)
        # what the driver expects to pay: a fine that is real or that a warning announced,
        # else a warning's hassle (sim.model.motives)
        at_stake = mv.weighed_penalty(
            penalty_parts(sc, tour.vehicle.category, rules, date, driver.first_offence,
                          driver.expects_fines), sc.behaviour.warning_cost_eur)
        entrance, cost, km, minutes = enter_gate(s, tour, driver.belief, gate, at_stake)
        costs[bh.ENTER] = cost + driver.taste
        extra[bh.ENTER] = (minutes, km)
    costs[bh.DROP] = len(tour.orders) * seg.redelivery_cost_eur
    extra[bh.DROP] = (0.0, 0.0)
    if seg.can_use_bay and s.geo.bays:
        _, walk_min = walk_plan(s, tour)
        saved = zone_route_m(s.geo, tour) / s.speed_m_per_min
        minutes = max(0.0, walk_min - saved)
        costs[bh.BAY] = minutes / 60.0 * vc.cost_eur_h
        extra[bh.BAY] = (minutes, 0.0)
    hub = sc.hub
    if hub is not None and tour.leg != "hub" and (
            not hub.segments or driver.carrier.segment in hub.segments):
        costs[bh.HUB] = len(tour.orders) * hub.cost_eur_per_drop
        extra[bh.HUB] = (0.0, 0.0)
    return Options(costs, extra, opening, window_opening, entrance)
