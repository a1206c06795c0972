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

from sim.geo.model import Geography
from sim.model import deterrence as dtr
from sim.model import enforcement as enf
from sim.model import motives as mv
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar, in_spans
from sim.model.enforcement import CameraSchedule
from sim.model.eventlog import EventLog
from sim.model.keepers import campaign_minute, named_fine_start
from sim.model.options import detour_cost_eur
from sim.model.policy import PolicyCache
from sim.model.roads import gate_to_gate_km, road_detour
from sim.model.vehicles import VehicleFacts
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
    by_spans: dict[tuple[tuple[float, float], ...], float] = {}  # most gate-days share a few
    for day in range(cal.days):
        date = cal.dates[day]
        for g in geo.gates:
            spans = policy.spans(CAR, g.id, date)
            share = by_spans.get(spans)
            if share is None:
                shut = np.array([not in_spans(spans, h * 60.0 + 30.0) for h in range(24)])
                share = by_spans[spans] = float(profile[shut].sum())
            closed += share
    return closed / (cal.days * len(geo.gates))


class _Pool:
    """What each returning driver knows: the rule (aware) and beliefs per entrance; and what
    they are like (sim.model.motives): whether they follow a rule once known, their lasting
    taste for driving in anyway, from when a warning made them expect fines, and whether
    their plate has a letter on record."""

    def __init__(self, scenario: Scenario, geo: Geography, cal: SimCalendar,
                 policy: PolicyCache, rng: np.random.Generator,
                 motives_rng: np.random.Generator) -> None:
        ot, b, e = scenario.other_traffic, scenario.behaviour, scenario.enforcement
        gate_ids = [g.id for g in geo.gates]
        person = rng.random((ot.population, 4))
        self.foreign = person[:, 0] < ot.foreign_share
        self.taxi = person[:, 1] < ot.taxi_share
        self.deaf = person[:, 2] < ot.non_responder_share
        # lasting traits from their own stream, in a fixed order: paired runs share them
        self.taste: list[float] = mv.lasting_tastes(
            motives_rng, ot.population, ot.taste_sd_eur).tolist()
        self.normative: list[bool] = (motives_rng.random(ot.population)
                                      < ot.normative_share).tolist()
        u_spread = motives_rng.random((ot.population, mv.SPREAD_STEPS))
        self.u_campaign = motives_rng.random((len(e.campaigns), ot.population))
        self.expects: list[float] = [mv.NEVER] * ot.population
        self.record: set[int] = set()  # drivers whose plate has a letter on record
        self.told: set[int] = set()  # ... and who have read it (first-offence warnings)
        self.q = dtr.letter_chances(e, gate_ids, scenario.start_date, cal.horizon)
        spread = None
        if b.start_state == "settled":
            # the pool as the regime leaves it: beliefs at the learning rule's fixed point,
            # and the share still unaware where newcomers replacing locals balance learning
            self.template = np.asarray(
                dtr.settled_belief(self.q, b.learning_rate, b.silence_learning_rate))
            if b.belief_spread:  # drivers differ around it as their own luck left them
                spread = mv.stationary_beliefs(self.q, b.learning_rate,
                                               b.silence_learning_rate, u_spread)
            q_mean = float(self.q.mean()) * (1.0 - ot.foreign_share)
            per_trip = ot.turn_away_share + (1.0 - ot.turn_away_share) * (
                q_mean + (1.0 - q_mean) * ot.spontaneous_learning)
            self.unaware_share = dtr.settled_unaware_share(
                ot.turnover_per_year / 365.0, ot.trips_per_day / ot.population,
                closed_share(scenario, geo, cal, policy), per_trip)
        else:
            self.template = dtr.prior_beliefs(b, e, gate_ids)
            self.unaware_share = 1.0 - ot.initial_aware_share
        # plain lists: the trip loop reads and sets one driver at a time
        self.aware: list[bool] = ((person[:, 3] >= self.unaware_share) & ~self.deaf).tolist()
        self.deaf_list: list[bool] = self.deaf.tolist()
        # settled foreign drivers know no letter ever reaches them
        self.foreign_template = self.template * (0.0 if b.start_state == "settled" else 1.0)
        mean = self.template if spread is None else spread
        self.beliefs = np.where(self.foreign[:, None], self.foreign_template, mean)
        if e.first_offence_warning and b.start_state == "settled":
            # a regime in force has warned the drivers who know it (assumption, as for firms)
            known = {w for w, a in enumerate(self.aware) if a and not self.foreign[w]}
            self.record |= known
            self.told |= known
        self.last_seen = [0] * ot.population  # day each driver was last seen at a closed gate
        self.turnover_per_day = ot.turnover_per_year / 365.0

    def replace_if_moved(self, who: int, day: int, u: float) -> None:
        """Someone new may have taken this place in the pool since the driver was last seen."""
        last = self.last_seen
        gone = day - last[who]
        last[who] = day
        if gone > 0 and u < 1.0 - (1.0 - self.turnover_per_day) ** gone:
            self.aware[who] = False
            self.beliefs[who] = self.foreign_template if self.foreign[who] else self.template
            self.expects[who] = mv.NEVER
            self.record.discard(who)
            self.told.discard(who)


def other_traffic(
    scenario: Scenario,
    geo: Geography,
    cal: SimCalendar,
    policy: PolicyCache,
    cameras: CameraSchedule,
    log: EventLog,
    rng: np.random.Generator,
    motives_rng: np.random.Generator,
) -> None:
    """Every desired trip, in time order, with its driver's decision, logged in one pass.

    These cars share nothing with the rest of the model (cameras and rules are pure functions
    of time), so they need no simpy events: news (a letter, or the silence that follows an
    unnoticed violation) waits in a heap until its time and is applied before any later trip
    (news due at the very moment of a trip comes first). The events are logged ahead of the
    simulation; the log's stable sort by time puts them in place.

    A trip through an open gate reads and changes nothing a driver knows, so those trips are
    worked out and logged together with numpy; only trips that meet a closed gate go one by
    one, in time order, with the news.
    """
    ot, b, e = scenario.other_traffic, scenario.behaviour, scenario.enforcement
    pool = _Pool(scenario, geo, cal, policy, rng, motives_rng)
    n_gates = len(geo.gates)
    gate_keys = np.array([g.key for g in geo.gates])
    gate_ids = [g.id for g in geo.gates]
    gate_km = gate_to_gate_km(geo, road_detour(scenario))
    vc = scenario.vehicle_classes[ot.vehicle_class]
    # going round to another entrance costs what any detour costs (the one pricing rule)
    detour_eur = detour_cost_eur(gate_km, gate_km / b.road_kmh * 60.0, vc.cost_eur_km,
                                 vc.cost_eur_h)
    profile = np.asarray(ot.hourly_profile, dtype=float)
    profile = profile / profile.sum()
    parts: list[tuple[np.ndarray, ...]] = []
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
        parts.append((t, who, gate, exit_gate, u))
    if not parts:
        return
    joined = [np.concatenate(x) for x in zip(*parts, strict=True)]
    order = np.argsort(joined[0], kind="stable")  # time order; ties keep the order drawn
    t_all, who_all, gate_all, exit_all, u_all = (x[order] for x in joined)
    n = len(t_all)
    newcomer = who_all == NEWCOMER
    w_safe = np.where(newcomer, 0, who_all)
    taxi = ~newcomer & pool.taxi[w_safe]
    foreign = np.where(newcomer, u_all[:, 7] < ot.foreign_share, pool.foreign[w_safe])
    day_all = np.floor_divide(t_all, MINUTES_PER_DAY).astype(np.int64)
    minute_all = t_all - day_all * MINUTES_PER_DAY
    allowed = np.zeros(n, dtype=bool)
    for is_taxi, vehicle in ((False, CAR), (True, TAXI)):
        for g in range(n_gates):
            sel = np.flatnonzero((taxi == is_taxi) & (gate_all == g))
            if not len(sel):
                continue
            days, starts = np.unique(day_all[sel], return_index=True)
            ends = [*starts[1:].tolist(), len(sel)]
            for d, a0, a1 in zip(days.tolist(), starts.tolist(), ends, strict=True):
                rows = sel[a0:a1]
                m = minute_all[rows]
                ok = np.zeros(len(rows), dtype=bool)
                for lo, hi in policy.spans(vehicle, gate_ids[g], cal.dates[d]):
                    ok |= (lo <= m) & (m < hi)
                allowed[rows] = ok
    category = np.where(taxi, TAXI.category, CAR.category).astype(object)
    plate = np.array([_plate(int(x), j) for j, x in enumerate(who_all.tolist())], dtype=object)
    gate_id = np.array(gate_ids, dtype=object)
    km_between = geo.zone_dist_m[np.ix_(gate_keys, gate_keys)] / 1000.0

    # the trips through an open gate, all at once
    ok = np.flatnonzero(allowed)
    stay = ot.minutes_in_zone
    open_min = cal.open_overlap_many(t_all[ok], t_all[ok] + stay)
    common = {"party": "other", "plate": plate[ok].tolist(),
              "category": category[ok].tolist(), "vclass": ot.vehicle_class,
              "foreign": foreign[ok].tolist(), "allowed": True}
    log.add_many("trip", t_all[ok].tolist(), outcome="entered", gate=gate_id[gate_all[ok]].tolist(),
                 **common)
    log.add_many("entry", t_all[ok].tolist(), gate=gate_id[gate_all[ok]].tolist(), **common)
    log.add_many("exit", (t_all[ok] + stay).tolist(), minutes=stay,
                 km=km_between[gate_all[ok], exit_all[ok]].tolist(), open_min=open_min.tolist(),
                 gate=gate_id[exit_all[ok]].tolist(), **common)

    # the trips that meet a closed gate, one by one with the news
    watched = set(enf.camera_gates(e, gate_ids))
    signed = np.array([gid in watched for gid in gate_ids])
    aware, deaf = pool.aware, pool.deaf_list  # _Pool.replace_if_moved sets aware in place
    news: list[tuple[float, int, Callable[[], None]]] = []  # (due, sequence, what it does)
    seq = itertools.count()

    first_offence = e.first_offence_warning
    named = named_fine_start(scenario, mv.WINDOW)

    def letter(w: int, g: int, outcome: str, due: float) -> Callable[[], None]:
        def act() -> None:
            if not deaf[w]:
                aware[w] = True
                dtr.learn_gates(pool.beliefs[w], g, True, signed, b.learning_rate,
                                b.silence_learning_rate, b.generalisation)
                if first_offence:
                    pool.told.add(w)
                if outcome == enf.WARNING:  # a warning announces the fines to come
                    pool.expects[w] = min(pool.expects[w], mv.fines_expected_from(
                        due, first_offence, named, b.fines_expected_after_days))
        return act

    def campaign(k: int, due: float) -> Callable[[], None]:
        def act() -> None:
            c = e.campaigns[k]
            period = e.warnings_until is not None
            for w in np.flatnonzero(pool.u_campaign[k] < c.drivers_reached).tolist():
                if deaf[w]:
                    continue
                aware[w] = True
                if period:
                    pool.expects[w] = min(pool.expects[w], mv.fines_expected_from(
                        due, False, named, b.fines_expected_after_days))
        return act

    for k, c in enumerate(e.campaigns):
        due = campaign_minute(scenario, c.date)
        if c.rule == mv.WINDOW and due < cal.horizon:
            heapq.heappush(news, (due, next(seq), campaign(k, due)))

    def silence(w: int, g: int) -> Callable[[], None]:
        def act() -> None:
            dtr.learn_gates(pool.beliefs[w], g, False, signed, b.learning_rate,
                            b.silence_learning_rate, b.generalisation)
        return act

    warn_of_day = [enf.window_warning_only(e, d) for d in cal.dates]
    # extra signs from a campaign's day on: more drivers who do not know the rule turn
    turn_of_day = []
    for d in cal.dates:
        share = ot.turn_away_share
        for c in sorted(e.campaigns, key=lambda c: c.date):
            if c.turn_away_share is not None and c.date <= d:
                share = c.turn_away_share
        turn_of_day.append(share)
    normative, taste, expects = pool.normative, pool.taste, pool.expects
    fine_of = {c: enf.fine_amount(e, c) for c in (CAR.category, TAXI.category)}
    turned: list[int] = []
    avoided: list[tuple[int, int]] = []  # (trip, the gate first met)
    entered: list[tuple[int, int, str, float]] = []  # (trip, gate entered, case, fine)
    closed = np.flatnonzero(~allowed)
    # plain Python values: indexing numpy arrays one element at a time is slow
    categories = category.tolist()
    replace_if_moved = pool.replace_if_moved
    for j, t, w, day, g0, u in zip(closed.tolist(), t_all[closed].tolist(),
                                   who_all[closed].tolist(), day_all[closed].tolist(),
                                   gate_all[closed].tolist(), u_all[closed].tolist(),
                                   strict=True):
        while news and news[0][0] <= t:
            heapq.heappop(news)[2]()
        is_new = w == NEWCOMER
        g = g0
        if is_new:
            # u[7] made the plate foreign; u[0] (a returning driver's move-away draw, unused
            # for a newcomer) decides whether this one ignores signs, so the two are not the
            # same trips
            is_deaf, is_aware = u[0] < ot.non_responder_share, False
        else:
            replace_if_moved(w, day, u[0])
            is_deaf, is_aware = deaf[w], aware[w]
        if not is_deaf and not is_aware and u[1] < turn_of_day[day]:
            if not is_new:
                aware[w] = True  # read the sign
            turned.append(j)
            continue
        # the true regime: the warning period, or a plate's first offence
        warning_only = mv.warning_due(warn_of_day[day], first_offence,
                                      not is_new and w in pool.record)
        cat = categories[j]
        if is_aware:
            if normative[w]:  # knows the rule and follows it
                avoided.append((j, g0))
                continue
            expected = expects[w] <= t or (first_offence and w in pool.told)
            penalty = mv.weighed_penalty([(fine_of[cat], warning_only, expected)],
                                         b.warning_cost_eur)
            cost = pool.beliefs[w] * penalty + detour_eur[g0]
            g = int(cost.argmin())
            if u[6] >= dtr.logistic((ot.avoid_cost_eur - float(cost[g]) - taste[w])
                                    / ot.choice_noise_eur):
                avoided.append((j, g0))
                continue
        outcome = enf.case_outcome(e, cameras, gate_ids[g], t, bool(foreign[j]), u[2], u[3],
                                   warning_only)
        amount = fine_of[cat] if outcome == enf.FINE else 0.0
        entered.append((j, g, outcome, amount))
        if is_new:
            continue
        if outcome in (enf.WARNING, enf.FINE):
            pool.record.add(w)
            due = t + enf.notice_delay_min(e, u[4])
            heapq.heappush(news, (due, next(seq), letter(w, g, outcome, due)))
        else:
            if not aware[w] and not deaf[w] and u[5] < ot.spontaneous_learning:
                aware[w] = True
            if aware[w]:
                heapq.heappush(news, (t + b.no_news_days * MINUTES_PER_DAY, next(seq),
                                      silence(w, g)))

    def fields(rows: np.ndarray) -> dict[str, object]:
        return {"party": "other", "plate": plate[rows].tolist(),
                "category": category[rows].tolist(), "foreign": foreign[rows].tolist(),
                "allowed": False}

    for what, rows in (("turned", np.array(turned, dtype=np.int64)),
                       ("avoided", np.array([r for r, _ in avoided], dtype=np.int64))):
        log.add_many("trip", t_all[rows].tolist(), outcome=what,
                     gate=gate_id[gate_all[rows]].tolist(), **fields(rows))
    if entered:
        rows = np.array([r for r, *_ in entered], dtype=np.int64)
        g_in = np.array([g for _, g, *_ in entered], dtype=np.int64)
        common = {**fields(rows), "vclass": ot.vehicle_class}
        log.add_many("trip", t_all[rows].tolist(), outcome="entered",
                     gate=gate_id[g_in].tolist(), **common)
        log.add_many("entry", t_all[rows].tolist(), gate=gate_id[g_in].tolist(), **common)
        log.add_many("exit", (t_all[rows] + stay).tolist(), minutes=stay,
                     km=km_between[g_in, exit_all[rows]].tolist(),
                     open_min=cal.open_overlap_many(t_all[rows], t_all[rows] + stay).tolist(),
                     gate=gate_id[exit_all[rows]].tolist(), **common)
        log.add_many("case", t_all[rows].tolist(), outcome=[c for _, _, c, _ in entered],
                     rule="window", amount_eur=[x for *_, x in entered],
                     gate=gate_id[g_in].tolist(), **common)


def _plate(who: int, trip: int) -> str:
    """A returning driver keeps a plate; each newcomer's trip is a driver of its own."""
    return f"other-new-{trip}" if who == NEWCOMER else f"other-{who}"
