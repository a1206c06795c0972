"""What a run will cost before it starts: events, seconds and memory, from the scenario alone.

A scenario can ask for far more than it looks: `demand.scale: 100`, the schema's maximum
carriers, a million other-traffic trips a day, or `--replications 100000 --weeks 520`. Such a
run used to start silently and go on for hours. The estimate counts what drives the work
(deliveries, other-traffic trips, parked cars, camera outages, fleet vehicles) and prices each
with a rough cost per item measured on the 2023 week on a 2-core laptop. It is meant to be
right within a factor of a few, which is enough to tell seconds from hours:

- above WARN_SECONDS the CLI says how long it expects and shows progress;
- above LIMIT_SECONDS, or when the events kept in memory would pass LIMIT_BYTES, it refuses
  with exit status 2 unless the user confirms with `--force`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sim.counted import counted
from sim.errors import InputError
from sim.geo.model import Geography
from sim.scenario.models import Scenario

# seconds per item (rough, see the module docstring)
COST_S = {
    "delivery": 2e-4,
    "other_trip": 5e-5,
    "parking_stay": 1e-5,
    "outage": 2e-5,
    "vehicle": 1.5e-5,
    "population": 2e-6,
    "replication": 0.1,
}
# Carriers' rounds planned by PyVRP (`sim.model.rounds`): wall seconds to plan every
# carrier-day of the default week (assen-2023, 16 carriers that plan) from scratch, measured
# with bench/bench_floor.py ("planning a week from scratch": 1.55 s, wall, 2 cores), per
# planning carrier and week. Stored plans (`sim.model.rounds.cache.PLANS`) cost next to
# nothing, but which carrier-days are stored is only known by building each day's instance,
# so the estimate gives the time with and without planning rather than guess.
PLAN_S_PER_CARRIER_WEEK = 1.55 / 16
# logged events per item (2023 week: about 5.6 per delivery, 1.6 per other trip)
EVENTS_PER = {"delivery": 6.0, "other_trip": 2.0, "parking_stay": 1.0, "outage": 1.0}
BYTES_PER_EVENT = 300  # the event log as a DataFrame, all columns
WARN_SECONDS = 30.0
LIMIT_SECONDS = 2 * 3600.0
LIMIT_BYTES = 4e9


@dataclass(frozen=True)
class Estimate:
    """The expected size of one replication, and of all of them together."""

    deliveries: float
    other_trips: float
    parking_stays: float
    outages: float
    vehicles: int
    events: float  # per replication
    seconds: float  # all replications, one process, rounds' plans stored
    replications: int
    planning_seconds: float = 0.0  # more when no plan is stored yet (see PLAN_S_PER_CARRIER_WEEK)

    @property
    def most_seconds(self) -> float:
        """The time when every carrier-day's rounds must be planned first (nothing stored)."""
        return self.seconds + self.planning_seconds

    def takes(self, workers: int = 1) -> str:
        """"roughly 7 s", or "roughly 7 s, up to 48 s if carriers' rounds must be planned
        first": both, since whether the plans are stored is not known cheaply."""
        text = f"roughly {duration(self.seconds / max(1, workers))}"
        if self.planning_seconds > 0:
            upto = duration(self.most_seconds / max(1, workers))
            text += f", up to {upto} if carriers' rounds must be planned first"
        return text

    @property
    def kept_bytes(self) -> float:
        """Memory for the events of every replication when a run keeps them (`venster run`)."""
        return self.events * self.replications * BYTES_PER_EVENT

    def describe(self, workers: int = 1) -> str:
        on = f" on {workers} workers" if workers > 1 else ""
        runs = counted(self.replications, "run")
        verb = "takes" if self.replications == 1 else "take"
        return (f"about {self.deliveries:,.0f} deliveries, {self.other_trips:,.0f} other-traffic "
                f"trips and {self.events:,.0f} events per run; {runs} {verb} "
                f"{self.takes(workers)}{on}")


def duration(seconds: float) -> str:
    """A rough duration for people: 40 s, 12 min, 3.5 h, 18 days."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:,.0f} days"


def estimate(scenario: Scenario, geo: Geography, replications: int | None = None) -> Estimate:
    """The work of `replications` replications of `scenario` on `geo` (see the module doc)."""
    n = scenario.replications if replications is None else replications
    days = 7 * scenario.weeks
    holidays = set(scenario.calendar.holidays)
    first = scenario.start_date
    working = sum(1 for d in range(days) if first + dt.timedelta(days=d) not in holidays)
    types = Counter(s.type for s in geo.shops)
    weekly = scenario.demand.weekly_deliveries
    per_week = sum(n_shops * sum(weekly.get(t, {}).values()) for t, n_shops in types.items())
    deliveries = per_week * scenario.demand.scale * working / 7
    ot = scenario.other_traffic
    other = (ot.trips_per_day + ot.newcomer_trips_per_day) * days if ot.enabled else 0.0
    stays = 0.0
    parking = scenario.parking
    if parking is not None and parking.enabled:
        for group in parking.groups.values():
            daily = [sum(p) for p in group.profile.values()] or [0.0]
            stays += group.per_hour * max(daily) * days
    outages = 0.0
    ro = scenario.enforcement.random_outages
    if ro is not None:
        cams = (len(geo.gates) if scenario.enforcement.camera_gates == "all"
                else len(scenario.enforcement.camera_gates))
        outages = 2 * cams * days * 24 / (ro.mean_hours_between + ro.mean_hours_down)
    vehicles = sum(sum(s.fleet_sizes) for s in scenario.segments.values())
    population = ot.population if ot.enabled else 0
    events = (deliveries * EVENTS_PER["delivery"] + other * EVENTS_PER["other_trip"]
              + stays * EVENTS_PER["parking_stay"] + outages * EVENTS_PER["outage"])
    per_rep = (deliveries * COST_S["delivery"] + other * COST_S["other_trip"]
               + stays * COST_S["parking_stay"] + outages * COST_S["outage"]
               + vehicles * COST_S["vehicle"] + population * COST_S["population"]
               + COST_S["replication"])
    rounds = scenario.rounds
    planners = (sum(scenario.segments[name].carriers for name in rounds.segments
                    if name in scenario.segments)
                if rounds is not None and rounds.enabled else 0)
    planning = planners * PLAN_S_PER_CARRIER_WEEK * working / 7 * n
    return Estimate(deliveries, other, stays, outages, vehicles, events, per_rep * n, n,
                    planning)


def check_cost(est: Estimate, *, force: bool, workers: int = 1, keeps_events: bool = False,
               source: str = "command line") -> str | None:
    """Refuse a run past the hard limits unless forced; a note to print when it is long.

    `workers` divides the time of a batch; `keeps_events` adds the memory test for a run that
    holds every replication's events until it writes its folder. The note counts planning
    rounds (a first run should show its progress), the refusal does not: once planned, the
    same run is quick, and refusing it on time it may never spend would be wrong.
    """
    seconds = est.seconds / max(1, workers)
    too_long = seconds > LIMIT_SECONDS
    too_big = keeps_events and est.kept_bytes > LIMIT_BYTES
    if (too_long or too_big) and not force:
        why = (f"is past the limit of {duration(LIMIT_SECONDS)}" if too_long else
               f"would hold about {est.kept_bytes / 1e9:.0f} GB of events in memory "
               f"(limit {LIMIT_BYTES / 1e9:.0f} GB)")
        raise InputError(source, "--force", (
            f"work of reasonable size, or --force to start it anyway; this {why}: "
            f"{est.describe(workers)}. Fewer replications or weeks, or a smaller demand.scale, "
            "other_traffic.trips_per_day or number of carriers, make it smaller"))
    if est.most_seconds / max(1, workers) > WARN_SECONDS:
        return f"a long run: {est.describe(workers)}"
    return None
