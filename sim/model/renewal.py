"""Carriers replacing, or getting an exemption for, vehicles the zero-emission zone shuts out.

Each carrier looks at every vehicle the ZE-zone rules bar on the first day the zone is in
force during the run (not the run's first day: a run may start before the zone). A vehicle
that qualifies for a long-term exemption (`ze_zone.exemption_share`, drawn per vehicle from its
own stream) gets one: applying costs far less than any other way round the ban. For the others,
keeping the vehicle costs, every trip to the centre, the cheapest way around the ban (a bay, the
hub, waiting, or the expected fine, and on at most the yearly quota of trips a day exemption);
renewing costs the yearly premium of the class it would buy: the cheapest to own of
`ze_zone.renewal`'s classes that the zone admits on that day. While the transition rules run,
that can be a younger diesel (a used Euro 6 van is let in until 2029), as most firms did in 2025
(docs/fleet.md); from 2030 only a zero-emission one. The carrier renews with a logit
probability in the difference, so the renewal share comes out of the costs, not out of an input.

A vehicle is kept for years, so the decision weighs the zone's fine even while its first months
bring only warnings: the fines were announced with the zone (docs/deterrence.md).

When it happens depends on what the firm knows (sim.model.keepers): a firm that knows the
zone's rule when the run starts acted before it; one that learns it during the run (a letter,
a campaign) decides then, and the new vehicle or the exemption comes after a lead time
(`ze_zone.renewal_lead_days`, `ze_zone.exemption_lead_days`). The decisions themselves are
made before the run, on the starting beliefs, so paired runs share them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter

import numpy as np

from sim.model import motives as mv
from sim.model.behaviour import DAYEX
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar
from sim.model.options import Driver, Setting, price_options
from sim.model.tours import Carrier, Tour
from sim.model.vehicles import Vehicle, make_vehicle, vehicle_facts, with_ze_exemption
from sim.scenario.models import ZeZone

RENEW = "renew"  # the vehicle is replaced by one the zone admits
EXEMPT = "exempt"  # the vehicle gets a long-term exemption from the zone

Renewal = tuple[str, str, str, float]  # plate, old class, new class, yearly premium (EUR)


@dataclasses.dataclass(frozen=True)
class Response:
    """What a carrier does about one vehicle the zone bars, once it knows the rule."""

    carrier: int
    index: int  # position of the vehicle in the carrier's fleet
    old: Vehicle
    new: Vehicle
    kind: str  # RENEW or EXEMPT
    premium: float  # yearly premium of the new class over the old (EUR); 0 for an exemption


def zone_in_force(zone: ZeZone | None, cal: SimCalendar) -> dt.date | None:
    """The first simulated day the zone is in force (None: never during the run).

    A run that starts before the zone (assen-2025-ze-start begins on Monday 30 December 2024,
    the zone on 1 January) must ask the rules on that day: on the run's first day the zone
    admits everything, and nobody would renew.
    """
    if zone is None or not zone.enabled:
        return None
    return next((d for d in cal.dates if d >= zone.start), None)


def renews(per_year_eur: float, premium_eur: float, noise_eur: float, u: float) -> bool:
    """The logit renewal rule: renew with probability 1 / (1 + exp(-(cost kept - premium) /
    noise)), realised by the uniform `u`."""
    x = (per_year_eur - premium_eur) / noise_eur
    p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))
    return u < p


def lead_minutes(kind: str, zone: ZeZone) -> float:
    """Minutes from a firm's decision until the new vehicle drives or the exemption holds."""
    days = zone.renewal_lead_days if kind == RENEW else zone.exemption_lead_days
    return days * MINUTES_PER_DAY


def takes_effect(kind: str, decided_min: float | None, lead_min: float, follows: bool,
                 fines_from_min: float | None, just_in_time: bool) -> float:
    """The minute a firm's response to the zone takes effect (from the run's start).

    `decided_min` is when the firm learned the rule (None: before the run, so the lead time has
    passed by the start). A firm that follows rules once it knows them, or one applying for an
    exemption (which costs nothing to hold), acts at once: the decision plus the lead time. A
    firm that weighs costs has no reason to pay for a new vehicle while entering brings only a
    warning: with `just_in_time` it has the vehicle arrive the day it expects fines
    (`fines_from_min`: the date its letter named, or a few weeks after a warning that named
    none), or at once if that day has passed or is not known.
    """
    start = 0.0 if decided_min is None else decided_min + lead_min
    if kind != RENEW or follows or not just_in_time or fines_from_min is None:
        return start
    return max(start, fines_from_min)


def plan_responses(s: Setting, carriers: dict[int, Carrier], tours: list[Tour],
                   beliefs: dict[int, np.ndarray], rng: np.random.Generator,
                   rng_exempt: np.random.Generator) -> list[Response]:
    """What each carrier would do about each vehicle the zone bars (nothing is changed yet).

    `rng` is the 'fleet' stream and `rng_exempt` the 'ze_exemption' stream: one uniform each
    per vehicle, blocked or not, so the draws do not shift with the rules."""
    sc = s.scenario
    zone = sc.ze_zone
    if zone is None or not zone.enabled:
        return []
    vehicles = [(c, i, v) for c in carriers.values() for i, v in enumerate(c.vehicles)]
    uniforms = rng.random(len(vehicles))  # one per vehicle, blocked or not
    u_exempt = rng_exempt.random(len(vehicles))
    date = zone_in_force(zone, s.cal)
    if date is None:
        return []
    first_minute = s.cal.dates.index(date) * MINUTES_PER_DAY
    tours_by_plate: dict[str, list[Tour]] = {}
    for t in tours:
        if t.arrival >= first_minute:  # tours before the zone starts do not count
            tours_by_plate.setdefault(t.vehicle.plate, []).append(t)
    trips = Counter({p: len(ts) for p, ts in tours_by_plate.items()})
    days_in_force = (s.cal.days * MINUTES_PER_DAY - first_minute) / MINUTES_PER_DAY
    out: list[Response] = []
    for (carrier, i, v), u, ue in zip(vehicles, uniforms, u_exempt, strict=True):
        if s.policy.ze_admits(v.facts, date):
            continue
        plate_tours = tours_by_plate.get(v.plate)
        if not plate_tours:
            continue
        if ue < zone.exemption_share:
            out.append(Response(carrier.id, i, v, with_ze_exemption(v), EXEMPT, 0.0))
            continue
        if v.category not in zone.renewal:
            continue
        new_name = _cheapest_admitted(s, zone.renewal_options(v.category), v, date)
        if new_name is None:
            continue
        old_vc, new_vc = sc.vehicle_classes[v.vclass], sc.vehicle_classes[new_name]
        premium = new_vc.annual_cost_eur - old_vc.annual_cost_eur
        # a vehicle is kept for years: the zone's fine counts, not the first months' warnings
        driver = Driver(carrier, beliefs[carrier.id], dayex_used=0, dayex_today=False,
                        expects_fines=frozenset({mv.ZE_ZONE}))
        ways = [_cheapest_way_round(s, driver, t) for t in plate_tours]
        without = sum(w[0] for w in ways) / len(ways)
        saving = sum(w[0] - w[1] for w in ways) / len(ways)
        trips_per_year = trips[v.plate] / days_in_force * 7.0 * sc.calendar.weeks_per_year
        # day exemptions help on at most `day_exemptions_per_year` trips a year
        per_year = (without * trips_per_year
                    - saving * min(trips_per_year, zone.day_exemptions_per_year))
        if not renews(per_year, premium, zone.renewal_noise_eur, float(u)):
            continue
        new = make_vehicle(v.plate, new_name, new_vc, v.foreign, v.facts.permits)
        out.append(Response(carrier.id, i, v, new, RENEW, premium))
    return out


def _cheapest_admitted(s: Setting, options: list[str], v: Vehicle,
                       date: dt.date) -> str | None:
    """The class of `options` cheapest to own that the zone lets in on `date` (None: none)."""
    sc = s.scenario
    let_in = [n for n in options
              if s.policy.ze_admits(vehicle_facts(sc.vehicle_classes[n], v.facts.permits), date)]
    return min(let_in, key=lambda n: (sc.vehicle_classes[n].annual_cost_eur, n), default=None)


def _cheapest_way_round(s: Setting, driver: Driver, tour: Tour) -> tuple[float, float]:
    """What the vehicle's best option at the gate would cost on this tour (no noise), without
    and with a day exemption: the yearly quota caps how often the second applies. Before the
    run no plate has used a day exemption yet."""
    gate = s.geo.gates[tour.entry_gate]
    day = s.cal.day_index(tour.arrival)
    date = s.cal.dates[day]
    minute = tour.arrival - day * MINUTES_PER_DAY
    opts = price_options(s, tour, driver, gate, date, minute, compliant=False)
    without = min(c for o, c in opts.costs.items() if o != DAYEX)
    return without, min(without, opts.costs.get(DAYEX, without))
