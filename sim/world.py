"""The simpy layer: it moves time forward and asks the policy, behaviour and enforcement modules.

Rules live elsewhere (sim.policy, sim.behaviour, sim.enforcement); this module only decides when
things happen and writes what happened to the event log.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from sim import behaviour as bh
from sim import enforcement as enf
from sim.calendar import MINUTES_PER_DAY, SimCalendar
from sim.demand import (
    Carrier,
    Order,
    Tour,
    build_carriers,
    generate_tours,
    make_tour,
    tour_draws,
)
from sim.eventlog import EventLog
from sim.geo.model import Gate, Geography
from sim.policy import PolicyCache, VehicleFacts
from sim.rng import Streams
from sim.scenario.models import Scenario

Proc = Generator[simpy.events.Event, Any, None]


class World:
    """One replication of one scenario: build with a seed, `run()`, read `log`."""

    def __init__(self, scenario: Scenario, geo: Geography, seed: int, replication: int = 0):
        self.scenario = scenario
        self.geo = geo
        self.env = simpy.Environment()
        self.streams = Streams(seed, replication)
        self.cal = SimCalendar(scenario.start_date, 7 * scenario.weeks, scenario.calendar)
        self.policy = PolicyCache(scenario.policy, self.cal.holidays)
        self.log = EventLog()
        self.carriers: dict[int, Carrier] = {
            c.id: c
            for cs in build_carriers(scenario, geo, self.streams).values()
            for c in cs
        }
        self.belief = {c: scenario.behaviour.perceived_detection_prior for c in self.carriers}
        self.tours, self.orders = generate_tours(
            scenario, geo, self.cal, self._by_segment(), self.streams, self.policy
        )
        self._next_tour_id = len(self.tours)
        self.cameras = enf.build_schedule(
            scenario.enforcement, [g.id for g in geo.gates], scenario.start_date,
            self.cal.horizon, self.streams["outages"],
        )
        self.bays = [simpy.Resource(self.env, capacity=b.capacity) for b in geo.bays]
        self._speed_m_per_min = scenario.zone.speed_kmh * 1000.0 / 60.0

    def _by_segment(self) -> dict[str, list[Carrier]]:
        out: dict[str, list[Carrier]] = {}
        for c in self.carriers.values():
            out.setdefault(c.segment, []).append(c)
        return out

    # ----------------------------------------------------------------- running
    def run(self) -> EventLog:
        for o in self.orders:
            self.log.add(o.day * MINUTES_PER_DAY, "order", party="goods", order=o.id,
                         segment=o.segment, carrier=o.carrier, **self._shop_fields(o))
        self.env.process(self._dispatch())
        if self.scenario.other_traffic.enabled:
            self.env.process(self._other_traffic())
        # tours that start late on the last day still finish
        self.env.run(until=self.cal.horizon + MINUTES_PER_DAY)
        return self.log

    def _dispatch(self) -> Proc:
        for tour in self.tours:
            if tour.arrival > self.env.now:
                yield self.env.timeout(tour.arrival - self.env.now)
            self.env.process(self._tour(tour))

    # ----------------------------------------------------------------- helpers
    def _shop_fields(self, order: Order) -> dict[str, Any]:
        shop = self.geo.shops[order.shop_index]
        return {"shop": shop.id, "shop_type": shop.type}

    def _vehicle_fields(self, tour: Tour) -> dict[str, Any]:
        v = tour.vehicle
        c = self.carriers[tour.carrier]
        return {
            "party": "goods", "tour": tour.id, "segment": c.segment, "carrier": c.id,
            "plate": v.plate, "vclass": v.vclass, "category": v.category,
            "ze": v.zero_emission, "foreign": v.foreign,
        }

    def _depot_km(self, tour: Tour, gate: Gate) -> float:
        key = self.carriers[tour.carrier].depot_key
        if key is None:
            return self.scenario.behaviour.depot_km_if_unknown
        return float(self.geo.depot_gate_m[key, gate.key]) / 1000.0

    def _walk_plan(self, tour: Tour) -> tuple[int, float]:
        """The bay closest (in total walking) to the tour's shops, and the walking minutes."""
        n_gates = len(self.geo.gates)
        cols = [k - n_gates for k in tour.stop_keys]
        per_bay = self.geo.walk_m[:, cols].sum(axis=1)
        bay = int(np.argmin(per_bay))
        cols_all = [self.geo.shops[o.shop_index].key - n_gates for o in tour.orders]
        walk_m = 2.0 * float(self.geo.walk_m[bay, cols_all].sum())
        b = self.scenario.behaviour
        minutes = walk_m / (b.bay_walk_kmh * 1000.0 / 60.0) + b.bay_handling_min * len(tour.orders)
        return bay, minutes

    def _zone_route_m(self, tour: Tour) -> float:
        d = self.geo.zone_dist_m
        keys = [self.geo.gates[tour.entry_gate].key, *tour.stop_keys,
                self.geo.gates[tour.exit_gate].key]
        return float(sum(d[a, b] for a, b in itertools.pairwise(keys)))

    # ----------------------------------------------------------------- a tour
    def _tour(self, tour: Tour) -> Proc:
        env, sc = self.env, self.scenario
        gate = self.geo.gates[tour.entry_gate]
        day = self.cal.day_index(env.now)
        date = self.cal.dates[min(day, self.cal.days - 1)]
        minute = env.now - day * MINUTES_PER_DAY
        vf = self._vehicle_fields(tour)
        allowed = self.policy.may_enter(tour.vehicle.facts, gate.id, date, minute)
        self.log.add(env.now, "arrive", gate=gate.id, allowed=allowed, value=len(tour.orders),
                     **vf)
        for o in tour.orders:
            self.log.add(env.now, "attempt", order=o.id, attempt=o.attempt, gate=gate.id,
                         allowed=allowed, **vf, **self._shop_fields(o))
        if allowed:
            yield from self._drive_in(tour, gate, allowed=True)
            return

        seg = sc.segments[vf["segment"]]
        vc = sc.vehicle_classes[tour.vehicle.vclass]
        d = tour.draws
        costs: dict[str, float] = {}
        details: dict[str, tuple[float, float]] = {}  # option -> (extra minutes, extra km)
        opening = self.policy.next_opening(tour.vehicle.facts, gate.id, date, minute)
        if opening is not None:
            wait = opening - minute
            if wait <= seg.max_wait_min:
                costs[bh.WAIT] = wait / 60.0 * vc.cost_eur_h
                details[bh.WAIT] = (wait, 0.0)
            km = 2.0 * self._depot_km(tour, gate)
            trip_min = km / sc.behaviour.road_kmh * 60.0
            costs[bh.LATER] = km * vc.cost_eur_km + trip_min / 60.0 * vc.cost_eur_h
            details[bh.LATER] = (trip_min, km)
        if d[0] >= seg.always_compliant_share:
            until = sc.enforcement.warnings_until
            warn = until is not None and date < until
            penalty = (sc.behaviour.warning_cost_eur if warn
                       else enf.fine_amount(sc.enforcement, tour.vehicle.category))
            costs[bh.ENTER] = self.belief[tour.carrier] * penalty
            details[bh.ENTER] = (0.0, 0.0)
        costs[bh.DROP] = len(tour.orders) * seg.redelivery_cost_eur
        details[bh.DROP] = (0.0, 0.0)
        if seg.can_use_bay and self.bays:
            _, walk_min = self._walk_plan(tour)
            extra = max(0.0, walk_min - self._zone_route_m(tour) / self._speed_m_per_min)
            costs[bh.BAY] = extra / 60.0 * vc.cost_eur_h
            details[bh.BAY] = (extra, 0.0)
        option = bh.choose(costs, sc.behaviour.choice_noise_eur, d[1:6])
        extra_min, extra_km = details[option]
        self.log.add(env.now, "choice", gate=gate.id, outcome=option, extra_min=extra_min,
                     extra_km=extra_km, amount_eur=costs[option],
                     value=self.belief[tour.carrier], **vf)

        if option in (bh.WAIT, bh.LATER):
            assert opening is not None
            yield env.timeout(opening - minute)
            yield from self._drive_in(tour, gate, allowed=True)
        elif option == bh.ENTER:
            yield from self._drive_in(tour, gate, allowed=False)
        elif option == bh.DROP:
            self._drop(tour, date)
        else:
            yield from self._unload_at_bay(tour)

    def _drive_in(self, tour: Tour, gate: Gate, allowed: bool) -> Proc:
        env = self.env
        vf = self._vehicle_fields(tour)
        t_in = env.now
        self.log.add(t_in, "entry", gate=gate.id, allowed=allowed, **vf)
        if not allowed:
            self._violation(tour, gate, vf)
        d = self.geo.zone_dist_m
        here = gate.key
        metres = 0.0
        for o in tour.orders:
            key = self.geo.shops[o.shop_index].key
            if key != here:
                metres += float(d[here, key])
                yield env.timeout(float(d[here, key]) / self._speed_m_per_min)
                here = key
            yield env.timeout(o.dwell_min)
            self.log.add(env.now, "stop", order=o.id, attempt=o.attempt, outcome="delivered",
                         **vf, **self._shop_fields(o))
        exit_gate = self.geo.gates[tour.exit_gate]
        metres += float(d[here, exit_gate.key])
        yield env.timeout(float(d[here, exit_gate.key]) / self._speed_m_per_min)
        extra_min = extra_km = 0.0
        if tour.orders[0].attempt > 1:
            # a re-delivery is work the regime caused: its time in the zone and its trip
            extra_km = 2.0 * self._depot_km(tour, gate)
            extra_min = env.now - t_in + extra_km / self.scenario.behaviour.road_kmh * 60.0
        self.log.add(env.now, "exit", gate=exit_gate.id, km=metres / 1000.0,
                     minutes=env.now - t_in, open_min=self.cal.open_overlap(t_in, env.now),
                     extra_min=extra_min, extra_km=extra_km, **vf)

    def _violation(self, tour: Tour, gate: Gate, vf: dict[str, Any]) -> None:
        sc = self.scenario
        now = self.env.now
        date = self.cal.dates[min(self.cal.day_index(now), self.cal.days - 1)]
        d = tour.draws
        outcome = enf.case_outcome(sc.enforcement, self.cameras, gate.id, now, date,
                                   tour.vehicle.foreign, float(d[6]), float(d[7]))
        amount = enf.fine_amount(sc.enforcement, tour.vehicle.category) if outcome == enf.FINE \
            else 0.0
        self.log.add(now, "case", gate=gate.id, outcome=outcome, amount_eur=amount, **vf)
        caught = outcome in (enf.WARNING, enf.FINE)
        delay = (enf.notice_delay_min(sc.enforcement, float(d[8])) if caught
                 else sc.behaviour.no_news_days * MINUTES_PER_DAY)
        self._schedule(delay, lambda: self._learn(tour.carrier, caught))

    def _schedule(self, delay: float, action: Any) -> None:
        ev = self.env.timeout(delay)
        ev.callbacks.append(lambda _ev: action())

    def _learn(self, carrier: int, caught: bool) -> None:
        b = self.belief[carrier] = bh.learn(
            self.belief[carrier], caught, self.scenario.behaviour.learning_rate
        )
        if self.env.now < self.cal.horizon:
            c = self.carriers[carrier]
            self.log.add(self.env.now, "learn", party="goods", carrier=carrier,
                         segment=c.segment, outcome="caught" if caught else "no_news", value=b)

    def _drop(self, tour: Tour, date: Any) -> None:
        """Give up for today; the orders come back on the segment's next working day."""
        sc = self.scenario
        vf = self._vehicle_fields(tour)
        seg = sc.segments[vf["segment"]]
        day = self.cal.day_index(self.env.now)
        next_day = next(
            (d for d in range(day + 1, self.cal.days)
             if seg.day_weights[self.cal.dates[d].weekday()] > 0
             and self.cal.day_types[d] != "holiday"),
            None,
        )
        again: list[Order] = []
        for o in tour.orders:
            if o.attempt >= sc.demand.max_attempts:
                outcome = "failed"
            else:
                outcome = "dropped"
                if next_day is not None:
                    again.append(dataclasses.replace(o, attempt=o.attempt + 1, day=next_day))
            self.log.add(self.env.now, "stop", order=o.id, attempt=o.attempt, outcome=outcome,
                         amount_eur=seg.redelivery_cost_eur if outcome == "dropped" else 0.0,
                         **vf, **self._shop_fields(o))
        if again:
            arrival = next_day * MINUTES_PER_DAY + (tour.arrival % MINUTES_PER_DAY)
            redo = make_tour(self.geo, self._next_tour_id, tour.carrier, tour.vehicle, next_day,
                             arrival, again, tour_draws(self.streams, 1)[0])
            self._next_tour_id += 1
            self._schedule(arrival - self.env.now, lambda: self.env.process(self._tour(redo)))

    def _unload_at_bay(self, tour: Tour) -> Proc:
        env = self.env
        vf = self._vehicle_fields(tour)
        bay_index, _ = self._walk_plan(tour)
        bay = self.geo.bays[bay_index]
        t0 = env.now
        with self.bays[bay_index].request() as req:
            yield req
            queued = env.now - t0
            if queued > 0:
                self.log.add(env.now, "bay_wait", extra_min=queued, shop=bay.id, **vf)
            n_gates = len(self.geo.gates)
            b = self.scenario.behaviour
            speed = b.bay_walk_kmh * 1000.0 / 60.0
            for o in tour.orders:
                walk = float(self.geo.walk_m[bay_index, self.geo.shops[o.shop_index].key - n_gates])
                yield env.timeout(2.0 * walk / speed + b.bay_handling_min + o.dwell_min)
                self.log.add(env.now, "stop", order=o.id, attempt=o.attempt,
                             outcome="delivered", value=1.0, **vf, **self._shop_fields(o))

    # ----------------------------------------------------------------- other traffic
    def _other_traffic(self) -> Proc:
        """Cars that are not deliveries: most camera hits in a new zone; they learn to stay out."""
        ot = self.scenario.other_traffic
        sc = self.scenario
        rng = self.streams["other_traffic"]
        n_people = ot.population
        person = rng.random((n_people, 3))
        foreign = person[:, 0] < ot.foreign_share
        taxi = person[:, 1] < ot.taxi_share
        aware = person[:, 2] < ot.initial_aware_share
        profile = np.asarray(ot.hourly_profile, dtype=float)
        profile = profile / profile.sum()
        trips = []
        for day in range(self.cal.days):
            n = int(rng.poisson(ot.trips_per_day))
            hours = rng.choice(24, size=n, p=profile)
            t = day * MINUTES_PER_DAY + hours * 60.0 + rng.random(n) * 60.0
            who = rng.integers(0, n_people, size=n)
            gate = rng.integers(0, len(self.geo.gates), size=n)
            u = rng.random((n, 5))  # turn away, read, lost, notice delay, learn by itself
            trips.extend(zip(t, who, gate, u, strict=True))
        trips.sort(key=lambda r: r[0])
        facts = {
            False: VehicleFacts("car", False, frozenset()),
            True: VehicleFacts("taxi", False, frozenset()),
        }
        for t, who, gate_i, u in trips:
            if t > self.env.now:
                yield self.env.timeout(t - self.env.now)
            gate = self.geo.gates[int(gate_i)]
            day = self.cal.day_index(t)
            date = self.cal.dates[day]
            vehicle = facts[bool(taxi[who])]
            allowed = self.policy.may_enter(vehicle, gate.id, date, t - day * MINUTES_PER_DAY)
            fields = {"party": "other", "plate": f"other-{who}", "category": vehicle.category,
                      "foreign": bool(foreign[who]), "gate": gate.id, "allowed": allowed}
            if not allowed and aware[who]:
                self.log.add(t, "trip", outcome="avoided", **fields)
                continue
            if not allowed and u[0] < ot.turn_away_share:
                aware[who] = True  # read the sign
                self.log.add(t, "trip", outcome="turned", **fields)
                continue
            self.log.add(t, "trip", outcome="entered", **fields)
            self.log.add(t, "entry", **fields)
            self.log.add(t + ot.minutes_in_zone, "exit", minutes=ot.minutes_in_zone, **fields)
            if allowed:
                continue
            outcome = enf.case_outcome(sc.enforcement, self.cameras, gate.id, t, date,
                                       bool(foreign[who]), float(u[1]), float(u[2]))
            amount = enf.fine_amount(sc.enforcement, vehicle.category) \
                if outcome == enf.FINE else 0.0
            self.log.add(t, "case", outcome=outcome, amount_eur=amount, **fields)
            if outcome in (enf.WARNING, enf.FINE):
                delay = enf.notice_delay_min(sc.enforcement, float(u[3]))
                self._schedule(delay, lambda w=who: aware.__setitem__(w, True))
            elif u[4] < ot.spontaneous_learning:
                aware[who] = True


def simulate(scenario: Scenario, geo: Geography, seed: int, replication: int = 0) -> EventLog:
    """Build and run one replication; the event log is all it returns."""
    world = World(scenario, geo, seed, replication)
    return world.run()


__all__ = ["World", "simulate"]
