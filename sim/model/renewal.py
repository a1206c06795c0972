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
from typing import TYPE_CHECKING

from sim.model.behaviour import DAYEX
from sim.model.calendar import MINUTES_PER_DAY
from sim.model.demand import make_vehicle
from sim.model.fleet import vehicle_facts

if TYPE_CHECKING:
    from sim.model.demand import Tour, Vehicle
    from sim.model.world import World

def renew_fleet(world: World) -> None:
    """Replace vehicles in `world` (carriers and their tours) and record the renewals."""
    sc = world.scenario
    zone = sc.ze_zone
    if zone is None or not zone.enabled:
        return
    vehicles = [(c, i, v) for c in world.carriers.values() for i, v in enumerate(c.vehicles)]
    uniforms = world.streams["fleet"].random(len(vehicles))  # one per vehicle, blocked or not
    date = world.cal.start
    tours_by_plate: dict[str, list] = {}
    for t in world.tours:
        tours_by_plate.setdefault(t.vehicle.plate, []).append(t)
    trips = Counter({p: len(ts) for p, ts in tours_by_plate.items()})
    for (carrier, i, v), u in zip(vehicles, uniforms, strict=True):
        if world.policy.ze_admits(v.facts, date) or v.category not in zone.renewal:
            continue
        tours = tours_by_plate.get(v.plate)
        if not tours:
            continue
        new_name = _cheapest_admitted(world, zone.renewal_options(v.category), v, date)
        if new_name is None:
            continue
        old_vc, new_vc = sc.vehicle_classes[v.vclass], sc.vehicle_classes[new_name]
        premium = new_vc.annual_cost_eur - old_vc.annual_cost_eur
        ways = [_cheapest_way_round(world, t) for t in tours]
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
        for t in tours:
            t.vehicle = new
        world.renewals.append((v.plate, v.vclass, new_name, premium))


def _cheapest_admitted(world: World, options: list[str], v: Vehicle,
                       date: dt.date) -> str | None:
    """The class of `options` cheapest to own that the zone lets in on `date` (None: none)."""
    sc = world.scenario
    let_in = [n for n in options
              if world.policy.ze_admits(vehicle_facts(sc.vehicle_classes[n], v.facts.permits),
                                        date)]
    return min(let_in, key=lambda n: (sc.vehicle_classes[n].annual_cost_eur, n), default=None)


def _cheapest_way_round(world: World, tour: Tour) -> tuple[float, float]:
    """What the vehicle's best option at the gate would cost on this tour (no noise), without
    and with a day exemption: the yearly quota caps how often the second applies."""
    gate = world.geo.gates[tour.entry_gate]
    day = world.cal.day_index(tour.arrival)
    date = world.cal.dates[day]
    minute = tour.arrival - day * MINUTES_PER_DAY
    opts = world.options(tour, gate, day, date, minute, compliant=False)
    without = min(c for o, c in opts.costs.items() if o != DAYEX)
    return without, min(without, opts.costs.get(DAYEX, without))
