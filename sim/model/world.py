"""The simpy layer: it moves time forward, asks the rule and pricing modules, and logs.

What a driver may do and what it costs live elsewhere: the window rules and the ZE zone in
sim.model.policy and sim.model.zezone, the prices of the options at a closed gate in
sim.model.options, the choice among them in sim.model.behaviour, the cameras and fines in
sim.model.enforcement, the beliefs in sim.model.deterrence, why drivers comply in
sim.model.motives (with each firm's knowledge and expectations in sim.model.keepers), what
firms do about vehicles the ZE zone bars in sim.model.renewal and when it takes effect in
sim.model.zefleet. This
module only decides when things happen, keeps the state that changes during a run (beliefs,
day exemptions used) and writes what happened to the event log.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections.abc import Callable, Generator, Iterator
from typing import Any

import numpy as np
import simpy

from sim.geo.model import Gate, Geography
from sim.model import behaviour as bh
from sim.model import deterrence as dtr
from sim.model import enforcement as enf
from sim.model import options as opt
from sim.model.arrival import planned_minute
from sim.model.bays import BayPool
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar
from sim.model.demand import build_carriers, generate_tours, planning_segments
from sim.model.eventlog import EventLog
from sim.model.keepers import CarrierMotives, campaign_minute
from sim.model.othertraffic import other_traffic
from sim.model.parking import visitors
from sim.model.policy import PolicyCache
from sim.model.renewal import RENEW, Response, plan_responses
from sim.model.rng import Streams
from sim.model.rounds.build import Round
from sim.model.tours import (
    WHOLE_DAY,
    Carrier,
    Order,
    Tour,
    centre_windows,
    make_tour,
    tour_draws,
)
from sim.model.vehicles import Vehicle, make_vehicle
from sim.model.zefleet import ZeFleet
from sim.scenario.models import BayUse, Scenario

Proc = Generator[simpy.events.Event, Any, None]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for a block that makes many short-lived objects
    and no cycles worth collecting (reference counting frees them); restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# the vehicle's columns of a goods event, in the order `_vehicle_fields` gives them
VF = ("party", "tour", "segment", "carrier", "plate", "vclass", "category", "ze", "foreign")


class World:
    """One replication of one scenario: build with a seed, `run()`, read `log`."""

    def __init__(self, scenario: Scenario, geo: Geography, seed: int, replication: int = 0):
        self.scenario = scenario
        self.geo = geo
        self.env = simpy.Environment()
        self.streams = Streams(seed, replication)
        self.cal = SimCalendar(scenario.start_date, 7 * scenario.weeks, scenario.calendar)
        self.policy = PolicyCache(scenario.policy, self.cal.holidays, scenario.ze_zone)
        self.log = EventLog()
        self.carriers: dict[int, Carrier] = {
            c.id: c
            for cs in build_carriers(scenario, geo, self.streams).values()
            for c in cs
        }
        gate_ids = [g.id for g in geo.gates]
        # what each carrier knows, expects and believes (sim.model.keepers): beliefs per gate
        # where the regime leaves them (spread between firms), or a new regime's prior
        cs = list(self.carriers.values())
        self.motives = CarrierMotives(
            scenario, [c.id for c in cs], [c.foreign for c in cs],
            [[v.plate for v in c.vehicles] for c in cs], [c.segment for c in cs], gate_ids,
            self.cal.horizon, self.streams["motives"])
        self.belief: dict[int, np.ndarray] = self.motives.beliefs
        # what the prices of a driver's options read that stays the same all run
        self.pricing = opt.setting(scenario, geo, self.policy, self.cal, self.streams.seed,
                                   self.streams.replication)
        self.rounds: list[Round] = []  # planned routes
        with gc_paused():  # tens of thousands of orders, tours and stops: see `run`
            self.tours, self.orders = generate_tours(
                scenario, geo, self.cal, self._by_segment(), self.streams, self.policy,
                self.rounds)
        self._next_tour_id = len(self.tours)
        self.cameras = enf.build_schedule(
            scenario.enforcement, [g.id for g in geo.gates], scenario.start_date,
            self.cal.horizon, self.streams["outages"],
        )
        for gate_id, spans in self.cameras.down.items():  # when each camera saw nothing
            for a, b in spans:
                self.log.add(a, "outage", gate=gate_id, minutes=b - a)
        self.bays = BayPool(self.env, [b.capacity for b in geo.bays])
        parking = scenario.parking
        self.bay_rules = parking.bays if parking is not None else BayUse()
        watched = set(enf.camera_gates(scenario.enforcement, gate_ids))
        self._signed = np.array([g.id in watched for g in geo.gates])  # a camera sign stands
        self._shop_cache: dict[int, dict[str, Any]] = {}
        self._vehicle_cache: dict[int, dict[str, Any]] = {}
        # the events every tour logs, each with its fixed fields (vehicle columns VF)
        log = self.log
        self._log_arrive = log.shape("arrive", "gate", "allowed", "value", *VF)
        self._log_attempt = log.shape("attempt", "order", "attempt", "gate", "allowed", *VF,
                                      "shop", "shop_type")
        self._log_journey = log.shape("journey", "trip_km", *VF)
        self._log_entry = log.shape("entry", "gate", "allowed", *VF)
        self._log_stop = log.shape("stop", "order", "attempt", "outcome", "via", *VF, "shop",
                                   "shop_type")
        self._log_exit = log.shape("exit", "gate", "km", "minutes", "open_min", "extra_min",
                                   "extra_km", *VF)
        self.dayex_used: dict[tuple[str, int], int] = {}  # (plate, year) -> used
        self.dayex_days: set[tuple[str, int]] = set()  # (plate, day index) with one in use
        # carriers replace vehicles the ZE zone bars, or get them exempted (sim.model.renewal):
        # firms that know the zone's rule acted before the run (tours and carriers changed in
        # place); the others act when they learn it, and the vehicle comes after a lead time
        responses = plan_responses(self.pricing, self.carriers, self.tours, self.belief,
                                   self.streams["fleet"], self.streams["ze_exemption"])
        self.ze_fleet = ZeFleet(scenario, self.policy, self.carriers, self.tours, responses,
                                self.motives, planning_segments(scenario))
        self.renewals = self.ze_fleet.renewals

    def _by_segment(self) -> dict[str, list[Carrier]]:
        out: dict[str, list[Carrier]] = {}
        for c in self.carriers.values():
            out.setdefault(c.segment, []).append(c)
        return out

    # ----------------------------------------------------------------- running
    def run(self) -> EventLog:
        """Simulate the whole period. The cyclic garbage collector is paused meanwhile: the
        run makes hundreds of thousands of short-lived objects that reference counting
        frees, and the collector's passes over them found nothing but cost about a tenth of
        the run. It is restored (and the few cycles collected) at the end."""
        with gc_paused():
            return self._run()

    def _run(self) -> EventLog:
        for r in self.ze_fleet.at_start:
            self._log_response(0.0, r)
        for t, r in self.ze_fleet.later_at_start:
            self._schedule(t, lambda r=r: self._respond(r))
        for r in self.rounds:
            v = r.vehicle
            self.log.add(r.depart_min, "round", party="goods", segment=r.segment,
                         carrier=r.carrier, plate=v.plate, vclass=v.vclass, category=v.category,
                         ze=v.zero_emission, foreign=v.foreign, km=r.km_zone,
                         trip_km=r.km_outside, minutes=r.minutes, drops=r.drops,
                         value=float(r.assen_drops), amount_eur=r.cost_eur,
                         outcome="hired" if r.hired else "own",
                         planned_outside=r.planned_outside_window,
                         windowed=r.windowed_drops, trips=r.trips)
        for o in self.orders:
            self.log.add(o.day * MINUTES_PER_DAY, "order", party="goods", order=o.id,
                         segment=o.segment, carrier=o.carrier, **self._shop_fields(o))
        self._campaigns()
        self.env.process(self._dispatch())
        parking = self.scenario.parking
        if parking is not None and parking.enabled and self.geo.parking:
            self.env.process(visitors(
                self.env, parking, self.geo, self.cal, self.bays, self.log,
                self.streams["parking"],
            ))
        if self.scenario.other_traffic.enabled:  # no simpy events: see other_traffic
            other_traffic(self.scenario, self.geo, self.cal, self.policy, self.cameras,
                          self.log, self.streams["other_traffic"], self.streams["motives_other"])
        # tours that start late on the last day still finish
        self.env.run(until=self.cal.horizon + MINUTES_PER_DAY)
        return self.log

    def _dispatch(self) -> Proc:
        for tour in self.tours:
            if tour.arrival > self.env.now:
                yield self.env.timeout(tour.arrival - self.env.now)
            self.env.process(self._tour(tour))

    def _schedule(self, delay: float, action: Callable[[], Any]) -> None:
        ev = self.env.timeout(delay)
        ev.callbacks.append(lambda _ev: action())

    # ----------------------------------------------------------------- helpers
    def _shop_fields(self, order: Order) -> dict[str, Any]:
        """The shop's columns of an event (one dict per shop, shared: never mutate it)."""
        found = self._shop_cache.get(order.shop_index)
        if found is None:
            shop = self.geo.shops[order.shop_index]
            found = self._shop_cache[order.shop_index] = {"shop": shop.id,
                                                          "shop_type": shop.type}
        return found

    def _vehicle_fields(self, tour: Tour) -> dict[str, Any]:
        """The vehicle's columns of an event, built once per tour (shared: never mutate it);
        a tour logs five to ten events with them."""
        found = self._vehicle_cache.get(tour.id)
        if found is None:
            if len(self._vehicle_cache) > 4096:  # only tours under way need theirs: stay small
                self._vehicle_cache.clear()
            v = tour.vehicle
            c = self.carriers[tour.carrier]
            found = self._vehicle_cache[tour.id] = {
                "party": "goods", "tour": tour.id, "segment": c.segment, "carrier": c.id,
                "plate": v.plate, "vclass": v.vclass, "category": v.category,
                "ze": v.zero_emission, "foreign": v.foreign,
            }
        return found

    def _day_date(self, t: float) -> tuple[int, dt.date]:
        day = min(self.cal.day_index(t), self.cal.days - 1)
        return day, self.cal.dates[day]

    def _origin_km(self, tour: Tour, gate: Gate) -> float:
        return opt.origin_km(self.pricing, tour, self.carriers[tour.carrier], gate)

    def _has_dayex(self, tour: Tour, day: int) -> bool:
        return (tour.vehicle.plate, day) in self.dayex_days

    def _driver(self, tour: Tour, day: int, date: dt.date) -> opt.Driver:
        """The firm behind the tour with its beliefs, lasting taste and expectations, and the
        plate's day exemptions and letter record."""
        plate, m = tour.vehicle.plate, self.motives
        return opt.Driver(self.carriers[tour.carrier], self.belief[tour.carrier],
                          self.dayex_used.get((plate, date.year), 0),
                          (plate, day) in self.dayex_days, m.taste[tour.carrier],
                          m.expected(tour.carrier, plate, self.env.now),
                          m.first_offence(plate))

    # ----------------------------------------------------------------- a tour
    def _tour(self, tour: Tour) -> Proc:
        env, sc = self.env, self.scenario
        gate = self.geo.gates[tour.entry_gate]
        day, date = self._day_date(env.now)
        minute = env.now - day * MINUTES_PER_DAY
        self.ze_fleet.dispatch(tour, date)
        vf = self._vehicle_fields(tour)
        allowed = self.policy.may_enter(tour.vehicle.facts, gate.id, date, minute,
                                        self._has_dayex(tour, day))
        vv = tuple(vf.values())
        self._log_arrive(env.now, gate.id, allowed, len(tour.orders), *vv)
        if tour.leg != "hub":  # a hub leg carries on the attempt its first vehicle made
            for o in tour.orders:
                self._log_attempt(env.now, o.id, o.attempt, gate.id, allowed, *vv,
                                  *self._shop_fields(o).values())
        if allowed:
            self._journey(tour, 2.0 * self._origin_km(tour, gate))
            self._drive_in(tour, gate, allowed=True)
            return

        seg = sc.segments[vf["segment"]]
        draws = tour.draws
        # a driver who follows rules once known stays out if the firm knows the rules broken
        rules = opt.broken_rules(self.policy, tour.vehicle.facts, gate.id, date, minute,
                                 self._has_dayex(tour, day))
        compliant = self.motives.follows(tour.carrier,
                                         draws.compliant < seg.always_compliant_share, rules)
        opts = opt.price_options(self.pricing, tour, self._driver(tour, day, date), gate, date,
                                 minute, compliant)
        option = bh.choose(opts.costs, sc.behaviour.choice_noise_eur, draws.choice)
        extra_min, extra_km = opts.extra[option]
        enter_at = gate if opts.enter_gate is None else self.geo.gates[opts.enter_gate]
        self.log.add(env.now, "choice", gate=gate.id, outcome=option, extra_min=extra_min,
                     extra_km=extra_km, amount_eur=opts.costs[option],
                     value=float(self.belief[tour.carrier][self.pricing.gate_index[enter_at.id]]),
                     place=enter_at.id if option == bh.ENTER else "", **vf)
        if option == bh.HUB:
            self._journey(tour, 2.0 * opt.hub_km(self.pricing, self.carriers[tour.carrier]))
            self._via_hub(tour, gate)
            return
        self._journey(tour, 2.0 * self._origin_km(tour, gate))
        if option in (bh.WAIT, bh.LATER):
            assert opts.opening is not None
            yield env.timeout(opts.opening - minute)
            self._drive_in(tour, gate, allowed=True)
        elif option == bh.DAYEX:
            assert opts.window_opening is not None
            plate = tour.vehicle.plate
            self.dayex_used[(plate, date.year)] = self.dayex_used.get((plate, date.year), 0) + 1
            self.dayex_days.add((plate, day))
            self.log.add(env.now, "dayex", gate=gate.id, **vf)
            yield env.timeout(opts.window_opening - minute)
            self._drive_in(tour, gate, allowed=True)
        elif option == bh.ENTER:
            self._drive_in(tour, enter_at, allowed=False)
        elif option == bh.DROP:
            self._drop(tour)
        else:
            yield from self._unload_at_bay(tour)

    def _journey(self, tour: Tour, km: float) -> None:
        self._log_journey(self.env.now, km, *self._vehicle_fields(tour).values())

    def _drive_in(self, tour: Tour, gate: Gate, allowed: bool) -> None:
        """Enter at `gate` now, serve the tour's shops and leave: every event of the visit is
        logged at once, at the time it happens.

        Nothing inside the zone waits for anything else (bays are used only by tours that
        chose one), so the visit needs no simpy events: its times are the same sums of
        driving and dwell minutes the clock would have made, in the same order.
        """
        vf = self._vehicle_fields(tour)
        t_in = t = self.env.now
        vv = tuple(vf.values())
        self._log_entry(t_in, gate.id, allowed, *vv)
        if not allowed:
            self._violation(tour, gate, vf)
        d = self.geo.zone_dist_rows
        shops = self.geo.shops
        speed = self.pricing.speed_m_per_min
        via = "hub" if tour.leg == "hub" else "zone"
        here = gate.key
        metres = 0.0
        for o in tour.orders:
            key = shops[o.shop_index].key
            if key != here:
                step = d[here][key]
                metres += step
                t += step / speed
                here = key
            t += o.dwell_min
            self._log_stop(t, o.id, o.attempt, "delivered", via, *vv,
                           *self._shop_fields(o).values())
        exit_gate = self.geo.gates[tour.exit_gate]
        step = d[here][exit_gate.key]
        metres += step
        t += step / speed
        extra_min = extra_km = 0.0
        if tour.orders[0].attempt > 1:
            # a re-delivery costs the regime its second trip to the centre; the time in the
            # zone would have been spent on the first attempt anyway
            extra_km = 2.0 * self._origin_km(tour, gate)
            extra_min = extra_km / self.scenario.behaviour.road_kmh * 60.0
        self._log_exit(t, exit_gate.id, metres / 1000.0, t - t_in, self.cal.open_overlap(t_in, t),
                       extra_min, extra_km, *vv)

    def _violation(self, tour: Tour, gate: Gate, vf: dict[str, Any]) -> None:
        sc = self.scenario
        now = self.env.now
        day, date = self._day_date(now)
        rules = opt.broken_rules(self.policy, tour.vehicle.facts, gate.id, date,
                                 now - day * MINUTES_PER_DAY, self._has_dayex(tour, day))
        plate = tour.vehicle.plate
        fine, warning_only = opt.penalty(sc, tour.vehicle.category, rules, date,
                                         self.motives.first_offence(plate))
        draws = tour.draws
        outcome = enf.case_outcome(sc.enforcement, self.cameras, gate.id, now,
                                   tour.vehicle.foreign, draws.read, draws.lost, warning_only)
        self.log.add(now, "case", gate=gate.id, outcome=outcome, rule="+".join(rules),
                     amount_eur=fine if outcome == enf.FINE else 0.0, **vf)
        self.motives.registered(plate, outcome)
        caught = outcome in (enf.WARNING, enf.FINE)
        delay = (enf.notice_delay_min(sc.enforcement, draws.delay) if caught
                 else sc.behaviour.no_news_days * MINUTES_PER_DAY)
        gate_i = self.pricing.gate_index[gate.id]
        self._schedule(delay, lambda: self._learn(tour.carrier, gate_i, caught, plate, rules,
                                                  outcome))

    def _campaigns(self) -> None:
        """Dated campaigns reach carriers on their day (sim.model.keepers)."""
        for k, c in enumerate(self.scenario.enforcement.campaigns):
            t = campaign_minute(self.scenario, c.date)
            if t < self.cal.horizon:
                self._schedule(t, lambda k=k, t=t: self._campaign(k, t))

    def _campaign(self, k: int, t: float) -> None:
        """A campaign reaches carriers; those that learn the zone's rule from it act on it."""
        for c in self.ze_fleet.learning(lambda: self.motives.campaign(k, t)):
            self._act_on_zone(c)

    # ----------------------------------------------------------------- the ZE zone's fleet
    def _act_on_zone(self, carrier: int) -> None:
        """A firm has just learned the zone's rule: its renewals and exemptions (decided before
        the run) take effect after their lead time, or, for a firm that weighs costs, when it
        expects the fines (sim.model.zefleet)."""
        for delay, r in self.ze_fleet.learned(carrier, self.env.now):
            self._schedule(delay, lambda r=r: self._respond(r))

    def _respond(self, r: Response) -> None:
        self.ze_fleet.take_effect(r)
        if self.env.now < self.cal.horizon:
            self._log_response(self.env.now, r)

    def _log_response(self, t: float, r: Response) -> None:
        if r.kind == RENEW:
            self.log.add(t, "renew", party="goods", carrier=r.carrier, plate=r.old.plate,
                         vclass=r.new.vclass, outcome=r.old.vclass, amount_eur=r.premium)
        else:
            self.log.add(t, "ze_exempt", party="goods", carrier=r.carrier, plate=r.old.plate,
                         vclass=r.old.vclass)

    def _learn(self, carrier: int, gate_i: int, caught: bool, plate: str = "",
               rules: list[str] | None = None, outcome: str = "") -> None:
        """The firm's beliefs move after a letter, or after no news (docs/deterrence.md); a
        letter also teaches the rules broken, and a warning announces fines (motives)."""
        if caught and rules:
            def letter() -> None:
                self.motives.letter(carrier, plate, rules, outcome, self.env.now)

            for c in self.ze_fleet.learning(letter, [carrier]):
                self._act_on_zone(c)
        b = self.scenario.behaviour
        beliefs = self.belief[carrier]
        dtr.learn_gates(beliefs, gate_i, caught, self._signed, b.learning_rate,
                        b.silence_learning_rate, b.generalisation)
        if self.env.now < self.cal.horizon:
            c = self.carriers[carrier]
            self.log.add(self.env.now, "learn", party="goods", carrier=carrier,
                         segment=c.segment, gate=self.geo.gates[gate_i].id,
                         outcome="caught" if caught else "no_news", value=float(beliefs[gate_i]))

    def _new_tour(self, tour: Tour, vehicle: Vehicle, day: int, arrival: float,
                  orders: list[Order], **fields: Any) -> Tour:
        new = make_tour(self.geo, self._next_tour_id, tour.carrier, vehicle, day, arrival,
                        orders, tour_draws(self.streams, 1)[0])
        self._next_tour_id += 1
        return dataclasses.replace(new, **fields) if fields else new

    def _drop(self, tour: Tour) -> None:
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
            assert next_day is not None
            redo = self._new_tour(tour, tour.vehicle, next_day, 0.0, again)
            # the carrier plans the re-delivery for when the vehicle may enter, if it can
            gate = self.geo.gates[redo.entry_gate].id
            spans = self.policy.spans(redo.vehicle.facts, gate, self.cal.dates[next_day])
            minute = planned_minute(seg.arrival_profile, spans or WHOLE_DAY, redo.draws.replan,
                                    seg.window_response, centre_windows(self.scenario))
            redo.arrival = next_day * MINUTES_PER_DAY + minute
            self._schedule(redo.arrival - self.env.now,
                           lambda: self.env.process(self._tour(redo)))

    def _via_hub(self, tour: Tour, gate: Gate) -> None:
        """The goods go to the hub; a cargo bike brings them in after the hub's delay."""
        hub = self.scenario.hub
        assert hub is not None
        vc = self.scenario.vehicle_classes[hub.vehicle_class]
        bike = make_vehicle(f"hub-{tour.vehicle.plate}", hub.vehicle_class, vc, False,
                            frozenset())
        day = self.cal.day_index(self.env.now)
        leg = self._new_tour(tour, bike, day, self.env.now + hub.delay_min, tour.orders,
                             origin=self.pricing.hub_key, leg="hub")
        self._schedule(hub.delay_min, lambda: self.env.process(self._tour(leg)))

    def _unload_at_bay(self, tour: Tour) -> Proc:
        """Wait a while for a place in the bay; if none comes free, unload double-parked."""
        env = self.env
        vf = self._vehicle_fields(tour)
        bay_index, _ = opt.walk_plan(self.pricing, tour)
        bay = self.geo.bays[bay_index]
        rules = self.bay_rules
        t0 = env.now
        req = self.bays.request(bay_index)
        got = yield req | env.timeout(rules.max_wait_min)
        waited = env.now - t0
        if req in got:
            outcome, cost = ("waited" if waited > 0 else "free"), 0.0
        else:
            outcome, cost = "double_parked", rules.double_park_cost_eur
            req.cancel()  # unload in the street instead
        self.log.add(env.now, "bay", place=bay.id, outcome=outcome, extra_min=waited,
                     amount_eur=cost, **vf)
        n_gates = len(self.geo.gates)
        b = self.scenario.behaviour
        speed = b.bay_walk_kmh * 1000.0 / 60.0
        try:
            for o in tour.orders:
                walk = float(self.geo.walk_m[bay_index, self.geo.shops[o.shop_index].key - n_gates])
                yield env.timeout(2.0 * walk / speed + b.bay_handling_min + o.dwell_min)
                self.log.add(env.now, "stop", order=o.id, attempt=o.attempt,
                             outcome="delivered", via="bay", **vf, **self._shop_fields(o))
        finally:
            if req.triggered:
                self.bays.release(bay_index, req)


__all__ = ["World"]
