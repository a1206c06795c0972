"""Cars that are not deliveries: navigation-app visitors and taxis meeting the cameras.

In a new car-free zone most camera hits are such drivers. They come from a finite population;
a driver who was warned or fined, who read the signs and turned, or (rarely) who simply
learned, stays out from then on, so these violations fall week by week.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import numpy as np
import simpy

from sim.geo.model import Geography
from sim.measure.eventlog import EventLog
from sim.model import enforcement as enf
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar
from sim.model.enforcement import CameraSchedule
from sim.model.policy import PolicyCache, VehicleFacts
from sim.scenario.models import Scenario

CAR = VehicleFacts("car", False, frozenset())
TAXI = VehicleFacts("taxi", False, frozenset())


def other_traffic(
    env: simpy.Environment,
    scenario: Scenario,
    geo: Geography,
    cal: SimCalendar,
    policy: PolicyCache,
    cameras: CameraSchedule,
    log: EventLog,
    rng: np.random.Generator,
    schedule: Callable[[float, Callable[[], None]], None],
) -> Generator[simpy.events.Event, Any, None]:
    """A simpy process: every desired trip, in time order, with its driver's decision."""
    ot = scenario.other_traffic
    e = scenario.enforcement
    person = rng.random((ot.population, 3))
    foreign = person[:, 0] < ot.foreign_share
    taxi = person[:, 1] < ot.taxi_share
    aware = person[:, 2] < ot.initial_aware_share
    profile = np.asarray(ot.hourly_profile, dtype=float)
    profile = profile / profile.sum()
    trips = []
    for day in range(cal.days):
        n = int(rng.poisson(ot.trips_per_day))
        hours = rng.choice(24, size=n, p=profile)
        t = day * MINUTES_PER_DAY + hours * 60.0 + rng.random(n) * 60.0
        who = rng.integers(0, ot.population, size=n)
        gate = rng.integers(0, len(geo.gates), size=n)
        u = rng.random((n, 5))  # turn away, read, lost, notice delay, learn by itself
        trips.extend(zip(t, who, gate, u, strict=True))
    trips.sort(key=lambda r: r[0])

    def become_aware(w: int) -> Callable[[], None]:
        return lambda: aware.__setitem__(w, True)

    for t, who, gate_i, u in trips:
        if t > env.now:
            yield env.timeout(t - env.now)
        gate = geo.gates[int(gate_i)]
        day = cal.day_index(t)
        date = cal.dates[day]
        vehicle = TAXI if taxi[who] else CAR
        allowed = policy.may_enter(vehicle, gate.id, date, t - day * MINUTES_PER_DAY)
        fields = {"party": "other", "plate": f"other-{who}", "category": vehicle.category,
                  "foreign": bool(foreign[who]), "gate": gate.id, "allowed": allowed}
        if not allowed and aware[who]:
            log.add(t, "trip", outcome="avoided", **fields)
            continue
        if not allowed and u[0] < ot.turn_away_share:
            aware[who] = True  # read the sign
            log.add(t, "trip", outcome="turned", **fields)
            continue
        log.add(t, "trip", outcome="entered", **fields)
        log.add(t, "entry", **fields)
        log.add(t + ot.minutes_in_zone, "exit", minutes=ot.minutes_in_zone, **fields)
        if allowed:
            continue
        outcome = enf.case_outcome(e, cameras, gate.id, t, bool(foreign[who]), float(u[1]),
                                   float(u[2]), enf.window_warning_only(e, date))
        amount = enf.fine_amount(e, vehicle.category) if outcome == enf.FINE else 0.0
        log.add(t, "case", outcome=outcome, rule="window", amount_eur=amount, **fields)
        if outcome in (enf.WARNING, enf.FINE):
            schedule(enf.notice_delay_min(e, float(u[3])), become_aware(int(who)))
        elif u[4] < ot.spontaneous_learning:
            aware[who] = True
