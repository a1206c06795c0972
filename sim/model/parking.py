"""Visitors' cars around the centre: where they park, what they pay, and what the bays suffer.

Visitors arrive by hour and day type, each with a stay and a destination shop. They compare
parking places by price for their stay and by walking time, with noise, and drive to the best;
a full place costs a few minutes of searching and sends them to the next. A car that finds its
street full may take a free loading bay instead. The number of arrivals responds to the price
of a visit (an elasticity): free evenings draw more cars. To keep paid and free variants
paired, arrivals are drawn at the highest possible rate once and thinned by a pre-drawn
uniform, so the same potential visitor meets both price regimes.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy

from sim.geo.model import Geography
from sim.model.bays import BayPool
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar, day_type, spans_minutes
from sim.model.eventlog import Coded, EventLog
from sim.scenario.models import ParkerGroup, ParkingPolicy

STREET, GARAGE, BAY, LOST = "street", "garage", "bay", "lost"


def paid_minutes(
    policy: ParkingPolicy, cal: SimCalendar, t0: np.ndarray, t1: np.ndarray
) -> np.ndarray:
    """Minutes of each [t0, t1) that fall in paid street hours (vectorised over stays).

    Stays are checked against the paid hours of their first three days, which covers any
    stay shorter than two days.
    """
    t0 = np.asarray(t0, dtype=float)
    t1 = np.asarray(t1, dtype=float)
    total = np.zeros_like(t0)
    first = np.floor(t0 / MINUTES_PER_DAY).astype(int)
    for offset in range(3):
        day = first + offset
        for d in np.unique(day[(day >= 0) & (day < cal.days)]):
            mask = day == d
            base = d * MINUTES_PER_DAY
            for a, b in spans_minutes(tuple(policy.street_paid_hours.get(cal.day_types[d], ()))):
                total[mask] += np.clip(np.minimum(t1[mask], base + b)
                                       - np.maximum(t0[mask], base + a), 0.0, None)
    return total


def street_cost(
    policy: ParkingPolicy, cal: SimCalendar, t0: np.ndarray, stay: np.ndarray
) -> np.ndarray:
    return policy.street_tariff_eur_h * paid_minutes(policy, cal, t0, t0 + stay) / 60.0


def garage_cost(policy: ParkingPolicy, stay: np.ndarray) -> np.ndarray:
    """First hour, then each started hour, capped at the day maximum."""
    hours = np.maximum(1, np.ceil(np.asarray(stay) / 60.0 - 1e-9))
    cost = policy.garage_first_hour_eur + (hours - 1) * policy.garage_next_hour_eur
    return np.minimum(cost, policy.garage_day_max_eur)


def arrival_multiplier(group: ParkerGroup, cost: np.ndarray | float) -> np.ndarray:
    """How many cars of a group come at this visit cost, relative to the reference cost."""
    return np.maximum(0.0, 1.0 + group.price_elasticity * (np.asarray(cost)
                                                            - group.reference_cost_eur)
                      / group.reference_cost_eur)


@dataclass
class Arrivals:
    """Cars that come, drawn and priced in bulk; the simulation only checks for space."""

    t: np.ndarray
    group: np.ndarray
    stay: np.ndarray
    dest: np.ndarray
    u_misuse: np.ndarray
    cost: np.ndarray  # (n, places): what each place would cost for this stay
    ranked: np.ndarray  # (n, max_tries): places in order of preference, -1 when none


def draw_arrivals(
    policy: ParkingPolicy, geo: Geography, cal: SimCalendar, rng: np.random.Generator
) -> Arrivals:
    """Every car of every group over the run, with its choice of places ranked."""
    ch = policy.choice
    places = geo.parking
    n_places = len(places)
    is_street = np.array([p.kind == "street" for p in places])
    limit = np.array([p.time_limit_min if p.time_limit_min else np.inf for p in places])
    pxy = np.array([(p.x, p.y) for p in places])
    shop_xy = np.array([(s.x, s.y) for s in geo.shops])
    # what walking from each place to each shop is worth, worked out once per shop
    walk = np.hypot(pxy[None, :, 0] - shop_xy[:, None, 0], pxy[None, :, 1] - shop_xy[:, None, 1])
    walk_eur = ch.walk_cost_eur_per_min * (walk * ch.walk_detour / (ch.walk_kmh * 1000.0 / 60.0))
    parts: list[dict[str, np.ndarray]] = []
    for gi, g in enumerate(policy.groups.values()):
        sigma2 = math.log1p((g.stay_sd_min / g.stay_mean_min) ** 2)
        mu = math.log(g.stay_mean_min) - sigma2 / 2
        m_max = float(arrival_multiplier(g, 0.0))
        allowed = np.array([p.kind in g.kinds for p in places])
        # from the day before the run, so the run starts with the cars parked overnight
        for day in range(-1, cal.days):
            kind = cal.day_types[day] if day >= 0 else day_type(
                cal.start - dt.timedelta(days=1), cal.holidays)
            weights = g.profile.get(kind, [0.0] * 24)
            lam = np.asarray(weights) * g.per_hour * m_max
            counts = rng.poisson(lam)
            n = int(counts.sum())
            if n == 0:
                continue
            hours = np.repeat(np.arange(24), counts)
            t = day * MINUTES_PER_DAY + hours * 60.0 + rng.random(n) * 60.0
            stay = np.exp(mu + math.sqrt(sigma2) * rng.standard_normal(n))
            dest = rng.integers(0, len(geo.shops), size=n)
            u = rng.random((n, 2 + n_places))  # accept, misuse, one gumbel per place
            keep_warm = t + stay > 0  # of the day before, only cars still there at the start
            t, stay, u, dest = t[keep_warm], stay[keep_warm], u[keep_warm], dest[keep_warm]
            n = len(t)
            street = street_cost(policy, cal, t, stay) if g.pays else np.zeros(n)
            cost = np.where(is_street[None, :], street[:, None], garage_cost(policy, stay)[:, None])
            feasible = allowed[None, :] & (stay[:, None] <= limit[None, :])
            feasible[~feasible.any(axis=1)] = allowed
            cheapest = np.where(feasible, cost, np.inf).min(axis=1)
            keep = u[:, 0] < arrival_multiplier(g, cheapest) / m_max
            # only the cars that come choose a place (the same numbers, for fewer rows)
            t, stay, u, dest = t[keep], stay[keep], u[keep], dest[keep]
            cost, feasible = cost[keep], feasible[keep]
            gumbel = np.clip(u[:, 2:], 1e-12, 1 - 1e-12)
            np.log(gumbel, out=gumbel)
            np.negative(gumbel, out=gumbel)
            np.log(gumbel, out=gumbel)
            np.negative(gumbel, out=gumbel)
            # -cost - walking + noise, in that order (the same floats as one expression)
            utility = np.negative(cost)
            utility -= walk_eur[dest]
            gumbel *= ch.choice_noise_eur
            utility += gumbel
            utility[~feasible] = -np.inf
            k = min(ch.max_tries, n_places)
            ranked = _first_choices(utility, k)
            parts.append({"t": t, "group": np.full(len(t), gi), "stay": stay,
                          "dest": dest, "u_misuse": u[:, 1], "cost": cost, "ranked": ranked})
    if not parts:
        empty = np.zeros(0)
        return Arrivals(empty, empty.astype(int), empty, empty.astype(int), empty,
                        np.zeros((0, n_places)), np.zeros((0, 1), dtype=int))
    joined = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.lexsort((joined["group"], joined["t"]))
    return Arrivals(**{key: value[order] for key, value in joined.items()})


def _first_choices(utility: np.ndarray, k: int) -> np.ndarray:
    """Each row's k best places, best first, -1 where no feasible place is left (utility
    -inf). A car tries at most a few places of a score: k passes of argmax cost less than
    sorting every row, and give what a stable sort gives, ties to the lower index."""
    u = utility.copy()
    rows = np.arange(len(u))
    out = np.empty((len(u), k), dtype=np.int64)
    for j in range(k):
        pick = np.argmax(u, axis=1)
        out[:, j] = np.where(np.isfinite(u[rows, pick]), pick, -1)
        u[rows, pick] = -np.inf
    return out


# Cars are placed in stretches of BLOCK at a time with numpy when every one of them finds its
# first choice free; from a car that would not (a full place, a search, perhaps a loading bay)
# the next SEQUENTIAL cars go one by one, then blocks resume.
BLOCK = 4096
SEQUENTIAL = 64


def visitors(
    env: simpy.Environment,
    policy: ParkingPolicy,
    geo: Geography,
    cal: SimCalendar,
    bays: BayPool,
    log: EventLog,
    rng: np.random.Generator,
) -> Generator[simpy.events.Event, Any, None]:
    """A simpy process: every car in time order, and where it finds a place.

    Street and garage places are counters only this process touches, so cars need the event
    queue only where they meet the vans: at a loading bay. Everything else runs on a private
    clock that advances exactly as simpy's would (`now + (t - now)`, the same floats):
    departures are drained before each arrival (a departure at the very moment of an arrival
    goes first, as its earlier-scheduled simpy event did), and a car syncs with simpy time only
    when it is about to try a bay, which stays a simpy resource. The log gets the same events
    with the same values; they are appended ahead of simulated time, which the log's stable
    sort by time absorbs.

    Most cars park at their first choice (the streets of the shipped scenarios rarely fill),
    so stretches of cars are placed at once: the occupancy each would meet is counted with
    numpy, and up to the first car that would find its place full every car parks where it
    chose, exactly as one by one. That car and a few after it go one by one.
    """
    places = geo.parking
    names = list(policy.groups)
    spaces = [p.spaces for p in places]
    kinds = [STREET if p.kind == "street" else GARAGE for p in places]
    place_ids = [p.id for p in places]
    bay_xy = np.array([(b.x, b.y) for b in geo.bays]) if geo.bays else np.zeros((0, 2))
    misuse = policy.bays.misuse_share * (1.0 - policy.bays.enforcement)
    search = policy.choice.search_min_per_try
    for p in places:  # capacities, so occupancy can be computed from the log alone
        log.add(0.0, "capacity", party="visitor", place=p.id, outcome=p.kind, value=p.spaces)
    a = draw_arrivals(policy, geo, cal, rng)
    n = len(a.t)
    # a car parked before the run is counted from the start and paid before it
    carried_a = a.t < 0
    t_eff = np.where(carried_a, 0.0, a.t)
    stay_eff = np.where(carried_a, a.t + a.stay, a.stay)
    leave_a = t_eff + stay_eff  # when it leaves (its clock reads t_eff when it parks)
    first_a = a.ranked[:, 0] if n else np.zeros(0, dtype=int)
    cost_first = np.where(first_a >= 0, a.cost[np.arange(n), np.maximum(first_a, 0)], 0.0) \
        if n else np.zeros(0)
    # plain Python values for the cars that go one by one
    ranked = a.ranked.tolist()  # -1 (no further feasible place) at the ends of rows
    times, stays, dests = a.t.tolist(), a.stay.tolist(), a.dest.tolist()
    seg_codes = a.group
    shop_ids = shop_id_list = [s.id for s in geo.shops]
    shop_types = shop_type_list = [s.type for s in geo.shops]
    kind_labels = [*kinds, LOST]
    id_labels = [*place_ids, ""]
    may_misuse = (a.u_misuse < misuse).tolist() if len(bay_xy) else [False] * n
    cost = a.cost
    # the cars parked now: per place, when each leaves (cars already gone may linger; a
    # car counts as parked at time x while it leaves after x)
    parked: list[np.ndarray] = [np.zeros(0) for _ in places]
    now = env.now
    out = _ParkColumns(log)

    def first_misfit(j0: int, j1: int) -> int:
        """The first car of [j0, j1) that would not park at its first choice as one by one
        (or whose clock would not read exactly its arrival time); j1 if none."""
        t = t_eff[j0:j1]
        prev = np.concatenate(([now], np.maximum.accumulate(t)[:-1])) if j1 > j0 else t
        prev = np.maximum(prev, now)
        # now + (t - now) == t when t - now is exact: now = 0, or now >= t / 2 (Sterbenz)
        inexact = (t > prev) & (prev != 0.0) & (prev < t / 2)
        bad = int(np.argmax(inexact)) if inexact.any() else j1 - j0
        f = first_a[j0:j1]
        for i in np.unique(f[f >= 0]).tolist():
            idx = np.flatnonzero(f == i)
            arr = t[idx]
            gone_before = np.searchsorted(parked[i], arr, side="right")
            left_in_block = np.searchsorted(np.sort(leave_a[j0:j1][idx]), arr, side="right")
            occ = (len(parked[i]) - gone_before) + np.arange(1, len(idx) + 1) - left_in_block
            over = np.flatnonzero(occ > spaces[i])
            if len(over):
                bad = min(bad, int(idx[over[0]]))
        return j0 + bad

    def place_at_once(j0: int, j1: int) -> None:
        nonlocal now
        if j1 <= j0:
            return
        f = first_a[j0:j1]
        got = f >= 0
        t_end = float(t_eff[j1 - 1])
        for i in np.unique(f[got]).tolist():
            keep = parked[i][parked[i] > t_end]
            parked[i] = np.sort(np.concatenate((keep, leave_a[j0:j1][f == i])))
        carried = carried_a[j0:j1]
        where = np.where(got, f, len(places))  # the last label: no place (lost)
        dest = a.dest[j0:j1]
        out.extend(
            t=t_eff[j0:j1], outcome=Coded(where, kind_labels), place=Coded(where, id_labels),
            minutes=np.where(got, stay_eff[j0:j1], 0.0),
            amount_eur=np.where(got & ~carried, cost_first[j0:j1], 0.0),
            extra_min=np.zeros(j1 - j0), value=np.where(got & carried, 1.0, 0.0),
            segment=Coded(seg_codes[j0:j1], names), shop=Coded(dest, shop_id_list),
            shop_type=Coded(dest, shop_type_list))
        now = max(now, t_end)

    j = 0
    while j < n:
        end = min(n, j + BLOCK)
        k = first_misfit(j, end)
        place_at_once(j, k)
        j = k
        if j >= end:
            continue
        # one by one: counters and a heap of departures, as the cars meet them
        stop = min(n, j + SEQUENTIAL)
        used = [len(x) for x in parked]
        leaving = [(float(x), i) for i, xs in enumerate(parked) for x in xs]
        heapq.heapify(leaving)
        for jj in range(j, stop):
            t = times[jj]
            stay = stays[jj]
            carried = t < 0
            if carried:
                t, stay = 0.0, t + stay
            if t > now:
                now = now + (t - now)  # what env.now would be after `timeout(t - now)`
            while leaving and leaving[0][0] <= now:
                used[heapq.heappop(leaving)[1]] -= 1
            dest = dests[jj]
            searched = 0.0
            outcome, place, minutes, amount, value = LOST, "", 0.0, 0.0, 0.0
            for i in ranked[jj]:
                if i < 0:
                    continue
                if used[i] < spaces[i]:
                    used[i] += 1
                    heapq.heappush(leaving, (now + stay, i))  # when simpy's timeout would fire
                    outcome, place, minutes = kinds[i], place_ids[i], stay
                    amount = 0.0 if carried else float(cost[jj, i])
                    value = 1.0 if carried else 0.0
                    break
                searched += search
                if kinds[i] == STREET and may_misuse[jj]:
                    if now > env.now:  # the bays are shared with vans: meet them in simpy time
                        out.flush()
                        yield env.timeout(now - env.now)
                    shop = geo.shops[dest]
                    b = int(np.argmin(np.hypot(bay_xy[:, 0] - shop.x, bay_xy[:, 1] - shop.y)))
                    hold = min(stay, policy.bays.misuse_max_min)
                    if bays.try_take(b, hold):
                        outcome, place, minutes = BAY, geo.bays[b].id, hold
                        break
            out.add(t, outcome, place, minutes, amount, searched, value, names[seg_codes[jj]],
                    shop_ids[dest], shop_types[dest])
        lists: list[list[float]] = [[] for _ in places]
        for x, i in sorted(leaving):
            lists[i].append(x)
        parked = [np.array(x, dtype=float) for x in lists]
        j = stop
    out.flush()


class _ParkColumns:
    """The park events waiting to be logged, in order: stretches placed at once (numpy
    columns, text as codes) and cars placed one by one (plain lists); logged in bulk before
    the process waits for simpy time and at the end (the same rows as one by one)."""

    NAMES = ("t", "outcome", "place", "minutes", "amount_eur", "extra_min", "value",
             "segment", "shop", "shop_type")

    def __init__(self, log: EventLog) -> None:
        self.log = log
        self.chunks: list[dict[str, Any]] = []
        self.cols: dict[str, list[Any]] = {c: [] for c in self.NAMES}

    def add(self, *values: Any) -> None:
        for c, v in zip(self.NAMES, values, strict=True):
            self.cols[c].append(v)

    def extend(self, **columns: Any) -> None:
        self._close_lists()
        self.chunks.append(columns)

    def _close_lists(self) -> None:
        if self.cols["t"]:
            self.chunks.append(self.cols)
            self.cols = {c: [] for c in self.NAMES}

    def flush(self) -> None:
        self._close_lists()
        for cols in self.chunks:
            self.log.add_many("park", cols["t"], party="visitor",
                              **{c: v for c, v in cols.items() if c != "t"})
        self.chunks.clear()
