"""Cars that are not deliveries meeting the cameras: an open population that keeps arriving.

Three kinds of driver reach the gates. Newcomers (visitors from outside Assen following a
navigation app, a meal courier on a new route) do not know the zone: they turn at the sign or
drive in. Returning drivers (people from Assen, taxis) come from a pool; they learn the rule
from the sign, a letter or by themselves, and once they know it they weigh the believed chance
of a letter at each entrance times the fine against the cost of going round, so they respond
to the fine and to where the cameras are, not only to knowing the rule. The pool slowly turns
over, and a share of drivers never responds at all. Violations therefore settle at a level
that does not fall to zero, as in real camera zones.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable

import numpy as np

from sim.geo.model import DEPOT_DETOUR, Geography
from sim.measure.eventlog import EventLog
from sim.model import deterrence as dtr
from sim.model import enforcement as enf
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar
from sim.model.enforcement import CameraSchedule
from sim.model.policy import PolicyCache, VehicleFacts
from sim.scenario.models import Scenario

CAR = VehicleFacts("car", False, frozenset())
TAXI = VehicleFacts("taxi", False, frozenset())
NEWCOMER = -1  # `who` of a trip by a driver from outside the pool

# per-trip uniforms: replaced since last seen, turn at the sign, plate read, case lost,
# letter delay, learned by themselves, enter-or-avoid choice, non-responding newcomer
N_TRIP_DRAWS = 8


def closed_share(scenario: Scenario, geo: Geography, cal: SimCalendar,
                 policy: PolicyCache) -> float:
    """Share of other-traffic trips (by the hourly profile) that meet a closed gate."""
    profile = np.asarray(scenario.other_traffic.hourly_profile, dtype=float)
    profile = profile / profile.sum()
    closed = 0.0
    for day in range(cal.days):
        date = cal.dates[day]
        for g in geo.gates:
            shut = np.array([not policy.may_enter(CAR, g.id, date, h * 60.0 + 30.0)
                             for h in range(24)])
            closed += float(profile[shut].sum())
    return closed / (cal.days * len(geo.gates))


class _Pool:
    """What each returning driver knows: the rule (aware) and beliefs per entrance."""

    def __init__(self, scenario: Scenario, geo: Geography, cal: SimCalendar,
                 policy: PolicyCache, rng: np.random.Generator) -> None:
        ot, b, e = scenario.other_traffic, scenario.behaviour, scenario.enforcement
        gate_ids = [g.id for g in geo.gates]
        person = rng.random((ot.population, 4))
        self.foreign = person[:, 0] < ot.foreign_share
        self.taxi = person[:, 1] < ot.taxi_share
        self.deaf = person[:, 2] < ot.non_responder_share
        self.q = dtr.letter_chances(e, gate_ids, scenario.start_date, cal.horizon)
        if b.start_state == "settled":
            # the pool as the regime leaves it: beliefs at the learning rule's fixed point,
            # and the share still unaware where newcomers replacing locals balance learning
            self.template = np.asarray(
                dtr.settled_belief(self.q, b.learning_rate, b.silence_learning_rate))
            q_mean = float(self.q.mean()) * (1.0 - ot.foreign_share)
            per_trip = ot.turn_away_share + (1.0 - ot.turn_away_share) * (
                q_mean + (1.0 - q_mean) * ot.spontaneous_learning)
            self.unaware_share = dtr.settled_unaware_share(
                ot.turnover_per_year / 365.0, ot.trips_per_day / ot.population,
                closed_share(scenario, geo, cal, policy), per_trip)
        else:
            self.template = dtr.prior_beliefs(b, e, gate_ids)
            self.unaware_share = 1.0 - ot.initial_aware_share
        self.aware = (person[:, 3] >= self.unaware_share) & ~self.deaf
        # settled foreign drivers know no letter ever reaches them
        self.foreign_template = self.template * (0.0 if b.start_state == "settled" else 1.0)
        self.beliefs = np.where(self.foreign[:, None], self.foreign_template, self.template)
        self.last_day = np.zeros(ot.population, dtype=int)
        self.turnover_per_day = ot.turnover_per_year / 365.0

    def replace_if_moved(self, who: int, day: int, u: float) -> None:
        """Someone new may have taken this place in the pool since the driver was last seen."""
        gone = day - self.last_day[who]
        self.last_day[who] = day
        if gone > 0 and u < 1.0 - (1.0 - self.turnover_per_day) ** gone:
            self.aware[who] = False
            self.beliefs[who] = self.foreign_template if self.foreign[who] else self.template


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

    These cars share nothing with the rest of the model (cameras and rules are pure functions
    of time), so they need no simpy events: news (a letter, or the silence that follows an
    unnoticed violation) waits in a heap until its time and is applied before any later trip
    (news due at the very moment of a trip comes first). The events are logged ahead of the
    simulation; the log's stable sort by time puts them in place.
    """
    ot, b, e = scenario.other_traffic, scenario.behaviour, scenario.enforcement
    pool = _Pool(scenario, geo, cal, policy, rng)
    n_gates = len(geo.gates)
    gate_keys = np.array([g.key for g in geo.gates])
    xy = np.array([(g.x, g.y) for g in geo.gates])
    gate_km = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) * DEPOT_DETOUR / 1e3
    vc = scenario.vehicle_classes[ot.vehicle_class]
    detour_eur = gate_km * (vc.cost_eur_km + vc.cost_eur_h / b.road_kmh)
    profile = np.asarray(ot.hourly_profile, dtype=float)
    profile = profile / profile.sum()
    trips = []
    for day in range(cal.days):
        n_ret = int(rng.poisson(ot.trips_per_day))
        n_new = int(rng.poisson(ot.newcomer_trips_per_day))
        n = n_ret + n_new
        hours = rng.choice(24, size=n, p=profile)
        t = day * MINUTES_PER_DAY + hours * 60.0 + rng.random(n) * 60.0
        who = np.concatenate([rng.integers(0, ot.population, size=n_ret),
                              np.full(n_new, NEWCOMER)])
        gate = rng.integers(0, n_gates, size=n)
        exit_gate = (gate + 1 + rng.integers(0, max(n_gates - 1, 1), size=n)) % n_gates
        u = rng.random((n, N_TRIP_DRAWS))
        trips.extend(zip(t, who, gate, exit_gate, u, strict=True))
    trips.sort(key=lambda r: r[0])

    watched = set(enf.camera_gates(e, [gt.id for gt in geo.gates]))
    signed = np.array([gt.id in watched for gt in geo.gates])

    news: list[tuple[float, int, Callable[[], None]]] = []  # (due, sequence, what it does)
    seq = itertools.count()

    def schedule(due: float, act: Callable[[], None]) -> None:
        heapq.heappush(news, (due, next(seq), act))

    def letter(w: int, g: int) -> Callable[[], None]:
        def act() -> None:
            if not pool.deaf[w]:
                pool.aware[w] = True
                dtr.learn_gates(pool.beliefs[w], g, True, signed, b.learning_rate,
                                b.silence_learning_rate, b.generalisation)
        return act

    def silence(w: int, g: int) -> Callable[[], None]:
        def act() -> None:
            dtr.learn_gates(pool.beliefs[w], g, False, signed, b.learning_rate,
                            b.silence_learning_rate, b.generalisation)
        return act

    for t, who, g0, g_exit, u in trips:
        while news and news[0][0] <= t:
            heapq.heappop(news)[2]()
        w = int(who)
        day = cal.day_index(t)
        date = cal.dates[day]
        minute = t - day * MINUTES_PER_DAY
        newcomer = w == NEWCOMER
        vehicle = TAXI if not newcomer and pool.taxi[w] else CAR
        foreign = bool(u[7] < ot.foreign_share) if newcomer else bool(pool.foreign[w])
        allowed = policy.may_enter(vehicle, geo.gates[g0].id, date, minute)
        g = int(g0)
        if not allowed:
            if newcomer:
                deaf, aware = bool(u[7] < ot.non_responder_share), False
            else:
                pool.replace_if_moved(w, day, float(u[0]))
                deaf, aware = bool(pool.deaf[w]), bool(pool.aware[w])
            if not deaf and not aware and u[1] < ot.turn_away_share:
                if not newcomer:
                    pool.aware[w] = True  # read the sign
                log.add(t, "trip", party="other", outcome="turned", gate=geo.gates[g].id,
                        allowed=False, category=vehicle.category, foreign=foreign,
                        plate=_plate(w))
                continue
            warning_only = enf.window_warning_only(e, date)
            if aware:
                penalty = b.warning_cost_eur if warning_only else enf.fine_amount(
                    e, vehicle.category)
                cost = pool.beliefs[w] * penalty + detour_eur[g0]
                g = int(np.argmin(cost))
                if u[6] >= dtr.logistic((ot.avoid_cost_eur - float(cost[g]))
                                        / ot.choice_noise_eur):
                    log.add(t, "trip", party="other", outcome="avoided", gate=geo.gates[g0].id,
                            allowed=False, category=vehicle.category, foreign=foreign,
                            plate=_plate(w))
                    continue
        gate = geo.gates[g]
        km = float(geo.zone_dist_m[gate_keys[g], gate_keys[g_exit]]) / 1000.0
        fields = {"party": "other", "plate": _plate(w), "category": vehicle.category,
                  "vclass": ot.vehicle_class, "foreign": foreign, "gate": gate.id,
                  "allowed": allowed}
        log.add(t, "trip", outcome="entered", **fields)
        log.add(t, "entry", **fields)
        log.add(t + ot.minutes_in_zone, "exit", minutes=ot.minutes_in_zone, km=km,
                open_min=cal.open_overlap(t, t + ot.minutes_in_zone),
                **{**fields, "gate": geo.gates[int(g_exit)].id})
        if allowed:
            continue
        outcome = enf.case_outcome(e, cameras, gate.id, t, foreign, float(u[2]), float(u[3]),
                                   enf.window_warning_only(e, date))
        amount = enf.fine_amount(e, vehicle.category) if outcome == enf.FINE else 0.0
        log.add(t, "case", outcome=outcome, rule="window", amount_eur=amount, **fields)
        if newcomer:
            continue
        if outcome in (enf.WARNING, enf.FINE):
            schedule(t + enf.notice_delay_min(e, float(u[4])), letter(w, g))
        else:
            if not pool.aware[w] and not pool.deaf[w] and u[5] < ot.spontaneous_learning:
                pool.aware[w] = True
            if pool.aware[w]:
                schedule(t + b.no_news_days * MINUTES_PER_DAY, silence(w, g))


def _plate(who: int) -> str:
    return "other-new" if who == NEWCOMER else f"other-{who}"
