"""The firms' fleets as they respond to the zero-emission zone during a run.

sim.model.renewal decides, before the run, what each firm does about each vehicle the zone
bars (renew it or get it exempted). This module holds when those decisions take effect and
what they change while the run goes on: a firm that knows the zone's rule at the start acted
before it (or has its new vehicle arrive later, when it expects the fines); a firm that learns
the rule from a letter or a campaign acts then, after a lead time; a renewed or exempted plate
is the new vehicle from that moment; and a firm that knows the rule sends the vehicles the
zone admits to the centre first. The world asks it at those moments and does the scheduling
and the logging; nothing here knows about simpy.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from sim.model.keepers import CarrierMotives, named_fine_start
from sim.model.motives import ZE_ZONE
from sim.model.policy import PolicyCache
from sim.model.renewal import RENEW, Renewal, Response, lead_minutes, takes_effect
from sim.model.tours import Carrier, Tour, vehicles_for_tours
from sim.model.vehicles import Vehicle
from sim.scenario.models import Scenario

Due = tuple[float, Response]  # minutes from now until the response takes effect, and it


class ZeFleet:
    """Responses to the zone waiting for their time, and the vehicle each plate now is."""

    def __init__(self, scenario: Scenario, policy: PolicyCache, carriers: dict[int, Carrier],
                 tours: list[Tour], responses: list[Response], motives: CarrierMotives,
                 planned_segments: set[str]) -> None:
        self.scenario = scenario
        self.policy = policy
        self.carriers = carriers
        self.motives = motives
        self.at_start: list[Response] = []  # in effect before the first day
        self.later_at_start: list[Due] = []  # known rule, vehicle later (from minute 0)
        self.pending: dict[int, list[Response]] = {}  # firms that do not know the rule yet
        zone = scenario.ze_zone
        for r in responses:
            if motives.knows[r.carrier][ZE_ZONE]:
                t = self._takes_effect(r, None, named_fine_start(scenario, ZE_ZONE))
                if t <= 0.0:
                    self.at_start.append(r)
                else:
                    self.later_at_start.append((t, r))
            elif zone is not None and zone.renew_on_learning:
                self.pending.setdefault(r.carrier, []).append(r)
        replaced = {r.old.plate: r.new for r in self.at_start}
        for r in self.at_start:
            carriers[r.carrier].vehicles[r.index] = r.new
        if replaced:
            for t in tours:
                t.vehicle = replaced.get(t.vehicle.plate, t.vehicle)
        self.current: dict[str, Vehicle] = {}  # plates replaced or exempted during the run
        # a carrier-day's tours drawn from profiles, in the order its vehicles were dealt
        # (sim.model.tours.drawn_tours), for a firm that sends admitted vehicles first
        self.day_tours: dict[tuple[int, int], list[Tour]] = {}
        for t in sorted(tours, key=lambda t: t.id):
            if carriers[t.carrier].segment not in planned_segments:
                self.day_tours.setdefault((t.carrier, t.day), []).append(t)

    @property
    def renewals(self) -> list[Renewal]:
        """Vehicles renewed before the run (plate, old class, new class, yearly premium)."""
        return [(r.old.plate, r.old.vclass, r.new.vclass, r.premium)
                for r in self.at_start if r.kind == RENEW]

    def _takes_effect(self, r: Response, decided: float | None,
                      fines_from: float | None) -> float:
        zone = self.scenario.ze_zone
        assert zone is not None
        return takes_effect(r.kind, decided, lead_minutes(r.kind, zone),
                            self.motives.firm_follows[r.carrier], fines_from,
                            self.scenario.behaviour.renew_just_in_time)

    def learning(self, act: Callable[[], None], carriers: list[int] | None = None) -> list[int]:
        """Run `act` (a letter or a campaign reaching firms) and return the firms among
        `carriers` (default: all still waiting) that knew nothing of the zone's rule before it
        and know it now."""
        waiting = [c for c in (self.pending if carriers is None else carriers)
                   if c in self.pending and not self.motives.knows[c][ZE_ZONE]]
        act()
        return [c for c in waiting if self.motives.knows[c][ZE_ZONE]]

    def learned(self, carrier: int, now: float) -> list[Due]:
        """A firm has just learned the zone's rule: its waiting responses with the minutes
        until each takes effect (its lead time, or for a firm that weighs costs, when it
        expects the fines)."""
        expected = self.motives.expects[carrier][ZE_ZONE]
        fines_from = expected if math.isfinite(expected) else now
        return [(self._takes_effect(r, now, fines_from) - now, r)
                for r in self.pending.pop(carrier, [])]

    def take_effect(self, r: Response) -> None:
        """The new vehicle drives, or the exemption holds, from now on."""
        self.carriers[r.carrier].vehicles[r.index] = r.new
        self.current[r.new.plate] = r.new

    def dispatch(self, tour: Tour, date: dt.date) -> None:
        """Before a tour sets off: the plate's vehicle as it is now (renewed or exempted during
        the run), and, on a carrier-day's first tour, the firm's choice of which vehicles go to
        the centre (`behaviour.ze_reassign_fleet`: admitted ones first, once it knows the
        zone's rule)."""
        if tour.leg == "hub":
            return
        now = self.current.get(tour.vehicle.plate)
        if now is not None:
            tour.vehicle = now
        day_tours = self.day_tours.pop((tour.carrier, tour.day), None)
        if day_tours is None or not self.scenario.behaviour.ze_reassign_fleet:
            return
        if not self.motives.knows[tour.carrier][ZE_ZONE]:
            return
        fleet = self.carriers[tour.carrier].vehicles
        admitted = [self.policy.ze_admits(v.facts, date) for v in fleet]
        if all(admitted) or not any(admitted):
            return
        for t, i in zip(day_tours, vehicles_for_tours(len(day_tours), admitted), strict=True):
            t.vehicle = fleet[i]
