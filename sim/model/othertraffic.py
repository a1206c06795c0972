"""Cars that are not deliveries: navigation-app visitors and taxis meeting the cameras.

In a new car-free zone most camera hits are such drivers. They come from a finite population;
a driver who was warned or fined, who read the signs and turned, or (rarely) who simply
learned, stays out from then on, so these violations fall week by week.
"""

from __future__ import annotations

import heapq
from typing import Any

import numpy as np

from sim.geo.model import Geography
from sim.measure.eventlog import EventLog
from sim.model import enforcement as enf
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar, in_spans
from sim.model.enforcement import CameraSchedule
from sim.model.policy import PolicyCache, VehicleFacts
from sim.scenario.models import Scenario

CAR = VehicleFacts("car", False, frozenset())
TAXI = VehicleFacts("taxi", False, frozenset())


def other_traffic(
    scenario: Scenario,
    geo: Geography,
    cal: SimCalendar,
    policy: PolicyCache,
    cameras: CameraSchedule,
    log: EventLog,
    rng: np.random.Generator,
) -> None:
    """Every desired trip, in time order, with its driver's decision, logged in one pass.

    These cars share nothing with the rest of the model (their cameras and rules are pure
    functions of time), so they need no simpy events: a private clock advances exactly as
    simpy's would (`now + (t - now)`, the same floats), and a letter that makes a driver aware
    waits in a heap until its time, drained before each later trip (a letter due at the very
    moment of a trip comes first, as its earlier-scheduled simpy event did). The events are
    logged ahead of the simulation; the log's stable sort by time puts them in place. A
    future interaction with shared state (a gate queue, say) must meet simpy time there, as
    parked cars do at the loading bays.
    """
    ot = scenario.other_traffic
    e = scenario.enforcement
    person = rng.random((ot.population, 3))
    # Python lists: one driver is looked up at a time, and numpy scalars are slow at that
    foreign = (person[:, 0] < ot.foreign_share).tolist()
    taxi = (person[:, 1] < ot.taxi_share).tolist()
    aware = (person[:, 2] < ot.initial_aware_share).tolist()
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
        trips.extend(zip(t.tolist(), who.tolist(), gate.tolist(), u.tolist(), strict=True))
    trips.sort(key=lambda r: r[0])

    letters: list[tuple[float, int]] = []  # (when a warning or fine arrives, its driver)
    # the open spans of a gate on a day, by (taxi, gate, day): small keys hash fast
    spans_of: dict[tuple[bool, int, int], tuple[tuple[float, float], ...]] = {}
    # events as rows per kind, logged in bulk at the end (trip, entry, exit, case: for one
    # car at one moment the same order as logging them one by one)
    trips_out: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    exits: list[tuple[Any, ...]] = []
    cases: list[tuple[Any, ...]] = []
    now = 0.0
    for t, who, gate_i, u in trips:
        if t > now:
            now = now + (t - now)  # what env.now would be after `timeout(t - now)`
        while letters and letters[0][0] <= now:
            aware[heapq.heappop(letters)[1]] = True
        gate = geo.gates[gate_i]
        day = cal.day_index(t)
        date = cal.dates[day]
        vehicle = TAXI if taxi[who] else CAR
        key = (vehicle is TAXI, gate_i, day)
        spans = spans_of.get(key)
        if spans is None:
            spans = spans_of[key] = policy.spans(vehicle, gate.id, date)
        allowed = in_spans(spans, t - day * MINUTES_PER_DAY)
        car = (f"other-{who}", vehicle.category, foreign[who], gate.id, allowed)
        if not allowed and aware[who]:
            trips_out.append((t, "avoided", *car))
            continue
        if not allowed and u[0] < ot.turn_away_share:
            aware[who] = True  # read the sign
            trips_out.append((t, "turned", *car))
            continue
        trips_out.append((t, "entered", *car))
        entries.append((t, *car))
        exits.append((t + ot.minutes_in_zone, *car))
        if allowed:
            continue
        outcome = enf.case_outcome(e, cameras, gate.id, t, foreign[who], u[1],
                                   u[2], enf.window_warning_only(e, date))
        amount = enf.fine_amount(e, vehicle.category) if outcome == enf.FINE else 0.0
        cases.append((t, outcome, amount, *car))
        if outcome in (enf.WARNING, enf.FINE):
            # when simpy's timeout would have fired
            heapq.heappush(letters, (now + enf.notice_delay_min(e, u[3]), who))
        elif u[4] < ot.spontaneous_learning:
            aware[who] = True

    car_cols = ("plate", "category", "foreign", "gate", "allowed")
    for kind, rows, names, const in (
        ("trip", trips_out, ("outcome", *car_cols), {}),
        ("entry", entries, car_cols, {}),
        ("exit", exits, car_cols, {"minutes": ot.minutes_in_zone}),
        ("case", cases, ("outcome", "amount_eur", *car_cols), {"rule": "window"}),
    ):
        if rows:
            t_col, *cols = zip(*rows, strict=True)
            log.add_many(kind, t_col, party="other", **dict(zip(names, cols, strict=True)),
                         **const)
