"""Carriers renewing vehicles the zero-emission zone shuts out.

Before the run, each carrier looks at every vehicle the ZE-zone rules bar on the first
simulated day. Keeping it costs, every trip to the centre, the cheapest way around the ban
(a bay, the hub, waiting, or the expected fine, and on at most the yearly quota of trips a day
exemption); renewing costs the yearly premium of the class it would buy: the cheapest to own
of `ze_zone.renewal`'s classes that the zone admits on that day. While the transition rules
run, that can be a younger diesel (a used Euro 6 van is let in until 2029), as most firms
did in 2025 (docs/fleet.md); from 2030 only a zero-emission one. The carrier renews with a
logit probability in the difference, so the renewal share comes out of the costs, not out
of an input.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import numpy as np

from sim.model.behaviour import DAYEX
from sim.model.calendar import MINUTES_PER_DAY
from sim.model.options import Driver, Setting, price_options
from sim.model.tours import Carrier, Tour
from sim.model.vehicles import Vehicle, make_vehicle, vehicle_facts

Renewal = tuple[str, str, str, float]  # plate, old class, new class, yearly premium (EUR)


def renew_fleet(s: Setting, carriers: dict[int, Carrier], tours: list[Tour],
                beliefs: dict[int, np.ndarray], rng: np.random.Generator) -> list[Renewal]:
    """Replace vehicles the ZE zone bars (in `carriers` and their `tours`, in place) where the
    carrier chooses to, and return the renewals. `rng` is the 'fleet' stream: one uniform per
    vehicle, blocked or not, so the draws do not shift with the rules."""
    sc = s.scenario
    zone = sc.ze_zone
    if zone is None or not zone.enabled:
        return []
    vehicles = [(c, i, v) for c in carriers.values() for i, v in enumerate(c.vehicles)]
    uniforms = rng.random(len(vehicles))  # one per vehicle, blocked or not
    date = s.cal.start
    tours_by_plate: dict[str, list[Tour]] = {}
    for t in tours:
        tours_by_plate.setdefault(t.vehicle.plate, []).append(t)
    trips = Counter({p: len(ts) for p, ts in tours_by_plate.items()})
    renewals: list[Renewal] = []
    for (carrier, i, v), u in zip(vehicles, uniforms, strict=True):
        if s.policy.ze_admits(v.facts, date) or v.category not in zone.renewal:
            continue
        plate_tours = tours_by_plate.get(v.plate)
        if not plate_tours:
            continue
        new_name = _cheapest_admitted(s, zone.renewal_options(v.category), v, date)
        if new_name is None:
            continue
        old_vc, new_vc = sc.vehicle_classes[v.vclass], sc.vehicle_classes[new_name]
        premium = new_vc.annual_cost_eur - old_vc.annual_cost_eur
        driver = Driver(carrier, beliefs[carrier.id], dayex_used=0, dayex_today=False)
        ways = [_cheapest_way_round(s, driver, t) for t in plate_tours]
        without = sum(w[0] for w in ways) / len(ways)
        saving = sum(w[0] - w[1] for w in ways) / len(ways)
        trips_per_year = trips[v.plate] / sc.weeks * sc.calendar.weeks_per_year
        # day exemptions help on at most `day_exemptions_per_year` trips a year
        per_year = (without * trips_per_year
                    - saving * min(trips_per_year, zone.day_exemptions_per_year))
        x = (per_year - premium) / zone.renewal_noise_eur
        p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))
        if u >= p:
            continue
        new = make_vehicle(v.plate, new_name, new_vc, v.foreign, v.facts.permits)
        carrier.vehicles[i] = new
        for t in plate_tours:
            t.vehicle = new
        renewals.append((v.plate, v.vclass, new_name, premium))
    return renewals


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
