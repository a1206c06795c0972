"""Parking: capacity, tariffs by hour, the free-evening variant, and the bays against Erlang B."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import simpy

from sim.measure.kpis import compute_kpis
from sim.model.bays import BayPool
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar
from sim.model.parking import garage_cost, paid_minutes
from sim.scenario.load import load_scenario
from tests.helpers import SCENARIOS, simulate_events, variant

SEED = 5


@pytest.fixture(scope="module")
def paid():
    return load_scenario(SCENARIOS / "assen-2018-paid-evenings.yaml")


@pytest.fixture(scope="module")
def free():
    return load_scenario(SCENARIOS / "assen-2019-free-evenings.yaml")


@pytest.fixture(scope="module")
def paid_events(paid, assen_geo) -> pd.DataFrame:
    return simulate_events(paid, assen_geo, seed=SEED)


@pytest.fixture(scope="module")
def free_events(free, assen_geo) -> pd.DataFrame:
    return simulate_events(free, assen_geo, seed=SEED)


def erlang_b(c: int, a: float) -> float:
    """The standard recursion B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1))."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def test_erlang_b_recursion_matches_the_reference_values() -> None:
    # DATA.md §8
    assert erlang_b(5, 3) == pytest.approx(0.1101, abs=1e-4)
    assert erlang_b(4, 2) == pytest.approx(0.0952, abs=1e-4)
    assert erlang_b(6, 2) == pytest.approx(0.0121, abs=1e-4)


@pytest.mark.parametrize(("c", "a"), [(5, 3.0), (4, 2.0), (6, 2.0), (1, 0.5)])
def test_bays_taken_by_cars_lose_like_erlang_b(c: int, a: float) -> None:
    """Poisson cars, exponential stays, c places, no queue: blocked share = B(c, A)."""
    env = simpy.Environment()
    pool = BayPool(env, [c])
    rng = np.random.default_rng(20 + c)
    mean_stay = 10.0
    rate = a / mean_stay
    n = 200_000
    gaps = rng.exponential(1 / rate, n)
    stays = rng.exponential(mean_stay, n)
    lost = []

    def cars():
        for gap, stay in zip(gaps, stays, strict=True):
            yield env.timeout(gap)
            lost.append(not pool.try_take(0, stay))

    env.process(cars())
    env.run()
    blocked = float(np.mean(lost[1000:]))  # past a short warm-up
    expected = erlang_b(c, a)
    se = math.sqrt(expected * (1 - expected) / n)
    assert blocked == pytest.approx(expected, abs=max(8 * se, 0.002))


def test_tariffs_by_hour(paid, free) -> None:
    cal_paid = SimCalendar(paid.start_date, 7, paid.calendar)  # 2018-10-01 is a Monday
    cal_free = SimCalendar(free.start_date, 7, free.calendar)
    mon, fri, sun = 0.0, 4 * MINUTES_PER_DAY, 6 * MINUTES_PER_DAY

    def paid_min(sc, cal, start_min, stay):
        return float(paid_minutes(sc.parking, cal, np.array([start_min]),
                                  np.array([start_min + stay]))[0])

    # Monday 20:00-21:30: paid until 21:00 in the baseline, free in the variant
    assert paid_min(paid, cal_paid, mon + 1200, 90) == pytest.approx(60)
    assert paid_min(free, cal_free, mon + 1200, 90) == 0
    # Friday 19:00-20:00: the koopavond stays paid in both
    assert paid_min(paid, cal_paid, fri + 1140, 60) == pytest.approx(60)
    assert paid_min(free, cal_free, fri + 1140, 60) == pytest.approx(60)
    # Sunday 13:00-14:00: paid in the baseline only
    assert paid_min(paid, cal_paid, sun + 780, 60) == pytest.approx(60)
    assert paid_min(free, cal_free, sun + 780, 60) == 0
    # a stay across midnight counts the next morning's paid hours
    assert paid_min(paid, cal_paid, mon + 1380, 660) == pytest.approx(60)  # 23:00 -> 10:00
    # garages: first hour, each started hour, the day maximum
    assert garage_cost(paid.parking, np.array([30.0]))[0] == pytest.approx(2.14)
    assert garage_cost(paid.parking, np.array([61.0]))[0] == pytest.approx(4.28)
    assert garage_cost(paid.parking, np.array([600.0]))[0] == pytest.approx(6.0)


def _max_occupancy(ev: pd.DataFrame) -> pd.Series:
    """Largest number of cars at each place at any moment, from the log."""
    parks = ev[(ev["kind"] == "park") & (ev["outcome"] != "lost")]
    out = {}
    for place, grp in parks.groupby("place"):
        times = np.concatenate([grp["t"].to_numpy(), (grp["t"] + grp["minutes"]).to_numpy()])
        steps = np.concatenate([np.ones(len(grp)), -np.ones(len(grp))])
        order = np.lexsort((steps, times))  # at equal times, departures first
        out[place] = np.cumsum(steps[order]).max()
    return pd.Series(out)


@pytest.mark.parametrize("which", ["paid_events", "free_events"])
def test_occupancy_never_exceeds_capacity(which: str, request, assen_geo) -> None:
    ev = request.getfixturevalue(which)
    peak = _max_occupancy(ev)
    spaces = {p.id: p.spaces for p in assen_geo.parking}
    spaces.update({b.id: b.capacity for b in assen_geo.bays})
    assert (peak <= pd.Series(spaces).reindex(peak.index)).all()
    assert (peak > 0).any()


def test_no_street_revenue_in_free_hours_and_friday_evening_paid(free_events, free) -> None:
    street = free_events[(free_events["kind"] == "park") & (free_events["outcome"] == "street")
                         & (free_events["value"] == 0)]
    paying = street[street["segment"].isin(["shoppers", "commuters"])]
    start_min = paying["t"] % MINUTES_PER_DAY
    day = (paying["t"] // MINUTES_PER_DAY).astype(int)
    weekday = (day % 7)  # the run starts on a Monday
    end = start_min + paying["minutes"]
    # evening stays Monday-Thursday and Saturday that end before midnight cost nothing
    free_evening = (start_min >= 18 * 60) & (end <= 24 * 60) & weekday.isin([0, 1, 2, 3, 5])
    assert free_evening.sum() > 100
    assert (paying.loc[free_evening, "amount_eur"] == 0).all()
    # Sunday stays ending before midnight: free
    sunday = (weekday == 6) & (end <= 24 * 60)
    assert sunday.sum() > 50 and (paying.loc[sunday, "amount_eur"] == 0).all()
    # Friday evening (koopavond) stays between 18:00 and 21:00 are paid
    friday = (weekday == 4) & (start_min >= 18 * 60) & (end <= 21 * 60)
    assert friday.sum() > 20
    expected = free.parking.street_tariff_eur_h * paying.loc[friday, "minutes"] / 60
    assert np.allclose(paying.loc[friday, "amount_eur"], expected)
    # residents with a permit never pay
    residents = street[street["segment"] == "residents"]
    assert len(residents) > 0 and (residents["amount_eur"] == 0).all()


def test_paid_versus_free_evenings(paid, free, paid_events, free_events) -> None:
    kp, kf = compute_kpis(paid_events, paid), compute_kpis(free_events, free)
    assert kp["street_parking_revenue_eur"] > kf["street_parking_revenue_eur"] > 0
    assert kf["street_evening_occupancy"] > kp["street_evening_occupancy"]
    assert kf["evening_visitors"] > kp["evening_visitors"]
    for k in (kp, kf):
        assert 0 < k["street_parking_peak_occupancy"] <= 1
        assert k["street_parking_revenue_eur_per_year"] == pytest.approx(
            52 * k["street_parking_revenue_eur"])


def test_free_evenings_are_calibrated_to_the_2019_revenue(free, assen_geo) -> None:
    """About EUR 1.5M a year from the street in 2019 (RTV Drenthe, DATA.md §6), when evenings
    and Sundays were already free (from 1 January 2019): within 15%."""
    revenue = [compute_kpis(simulate_events(free, assen_geo, seed=s), free)[
        "street_parking_revenue_eur_per_year"] for s in (1, 2)]
    assert np.mean(revenue) == pytest.approx(1.5e6, rel=0.15)


def test_busy_streets_push_cars_into_bays_and_vans_into_conflicts(paid, assen_geo) -> None:
    """With few street spaces and no bay enforcement, vans meet taken bays."""
    crowded = variant(paid, parking={
        "groups": {"shoppers": {"per_hour": 1500}},
        "bays": {"misuse_share": 1.0, "enforcement": 0.0},
    })
    k = compute_kpis(simulate_events(crowded, assen_geo, seed=SEED), crowded)
    base = compute_kpis(simulate_events(paid, assen_geo, seed=SEED), paid)
    assert k["bays_taken_by_cars"] > base["bays_taken_by_cars"]
    assert k["bay_conflicts"] > base["bay_conflicts"]
    assert k["parking_search_minutes"] > base["parking_search_minutes"]
    assert k["visitors_lost"] > 0


def _visitors_with_simpy_departures(env, policy, geo, cal, bays, log, rng):
    """The earlier implementation, kept as a reference: one simpy timeout per arrival and
    one per departure. The heap version must log exactly the same cars."""
    from sim.model.parking import BAY, GARAGE, LOST, STREET, draw_arrivals

    places = geo.parking
    names = list(policy.groups)
    spaces = [p.spaces for p in places]
    used = [0] * len(places)
    kinds = [STREET if p.kind == "street" else GARAGE for p in places]
    bay_xy = np.array([(b.x, b.y) for b in geo.bays]) if geo.bays else np.zeros((0, 2))
    misuse = policy.bays.misuse_share * (1.0 - policy.bays.enforcement)
    for p in places:
        log.add(0.0, "capacity", party="visitor", place=p.id, outcome=p.kind, value=p.spaces)
    a = draw_arrivals(policy, geo, cal, rng)

    def leave(i):
        def go(_ev):
            used[i] -= 1
        return go

    for j in range(len(a.t)):
        t, stay = float(a.t[j]), float(a.stay[j])
        carried = t < 0
        if carried:
            t, stay = 0.0, t + stay
        if t > env.now:
            yield env.timeout(t - env.now)
        shop = geo.shops[int(a.dest[j])]
        fields = {"party": "visitor", "segment": names[int(a.group[j])], "shop": shop.id,
                  "shop_type": shop.type}
        searched, parked = 0.0, False
        for i in (int(x) for x in a.ranked[j] if x >= 0):
            if used[i] < spaces[i]:
                used[i] += 1
                env.timeout(stay).callbacks.append(leave(i))
                log.add(t, "park", outcome=kinds[i], place=places[i].id, minutes=stay,
                        amount_eur=0.0 if carried else float(a.cost[j, i]),
                        extra_min=searched, value=1.0 if carried else 0.0, **fields)
                parked = True
                break
            searched += policy.choice.search_min_per_try
            if kinds[i] == STREET and len(bay_xy) and a.u_misuse[j] < misuse:
                b = int(np.argmin(np.hypot(bay_xy[:, 0] - shop.x, bay_xy[:, 1] - shop.y)))
                hold = min(stay, policy.bays.misuse_max_min)
                if bays.try_take(b, hold):
                    log.add(t, "park", outcome=BAY, place=geo.bays[b].id, minutes=hold,
                            extra_min=searched, **fields)
                    parked = True
                    break
        if not parked:
            log.add(t, "park", outcome=LOST, extra_min=searched, **fields)


@pytest.mark.parametrize("crowded", [False, True])
def test_departure_heap_logs_what_simpy_departures_logged(paid, assen_geo, monkeypatch,
                                                          crowded) -> None:
    """Same seed, same cars, same places, same occupancy: with busy streets (many cars
    turned away, bays taken) as well as on an ordinary week."""
    import sim.model.world as world
    from sim.measure.parking_kpis import occupancy_by_minute

    sc = paid
    if crowded:  # full streets: cars search, take bays from vans, or give up
        sc = variant(paid, parking={"groups": {"shoppers": {"per_hour": 1500}},
                                    "bays": {"misuse_share": 1.0, "enforcement": 0.0}})
    new = world.World(sc, assen_geo, SEED, 0).run().to_frame()
    monkeypatch.setattr(world, "visitors", _visitors_with_simpy_departures)
    old = world.World(sc, assen_geo, SEED, 0).run().to_frame()
    pd.testing.assert_frame_equal(new, old)
    np.testing.assert_array_equal(occupancy_by_minute(new), occupancy_by_minute(old))
    if crowded:
        parks = new[new["kind"] == "park"]
        assert (parks["outcome"] == "lost").any() and (parks["outcome"] == "bay").any()


@pytest.mark.parametrize(("block", "one_by_one"), [(7, 3), (50, 1)])
def test_cars_placed_in_blocks_as_one_by_one(paid, assen_geo, monkeypatch, block,
                                             one_by_one) -> None:
    """Small blocks and short one-by-one stretches put many seams in a crowded week (searches,
    bays, cars given up): the log stays the reference implementation's."""
    import sim.model.parking as parking
    import sim.model.world as world

    sc = variant(paid, parking={"groups": {"shoppers": {"per_hour": 1200}},
                                "bays": {"misuse_share": 1.0, "enforcement": 0.0}})
    monkeypatch.setattr(parking, "BLOCK", block)
    monkeypatch.setattr(parking, "SEQUENTIAL", one_by_one)
    new = world.World(sc, assen_geo, SEED, 1).run().to_frame()
    monkeypatch.setattr(world, "visitors", _visitors_with_simpy_departures)
    old = world.World(sc, assen_geo, SEED, 1).run().to_frame()
    pd.testing.assert_frame_equal(new, old)


def test_first_choices_are_a_stable_sorts_first_places() -> None:
    """The k passes of argmax give what sorting each row (stable) and keeping the first k
    gives, with -1 for infeasible places: ties, all-infeasible rows and k = places too."""
    from sim.model.parking import _first_choices

    rng = np.random.default_rng(7)
    for trial in range(60):
        n, m = int(rng.integers(1, 400)), int(rng.integers(1, 30))
        utility = rng.normal(size=(n, m))
        if trial % 2:
            utility = np.round(utility, 1)  # many ties
        feasible = rng.random((n, m)) < rng.random()
        utility[~feasible] = -np.inf
        for k in {1, min(3, m), m}:
            want = np.argsort(-utility, axis=1, kind="stable")[:, :k]
            want = np.where(np.take_along_axis(feasible, want, axis=1), want, -1)
            assert (_first_choices(utility, k) == want).all()
