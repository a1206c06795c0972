"""The pure pieces under the simulation, checked against what they should compute."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from sim.model import behaviour as bh
from sim.model import deterrence as dtr
from sim.model import enforcement as enf
from sim.model.calendar import SimCalendar, day_type
from sim.model.demand import lognormal
from sim.model.rng import Streams
from sim.model.tours import WHOLE_DAY, arrival_minute
from sim.scenario.models import Calendar, Enforcement


def test_arrival_minute_follows_the_profile() -> None:
    profile = [0.0] * 24
    profile[8], profile[9], profile[13] = 1.0, 3.0, 4.0
    u = (np.arange(80_000) + 0.5) / 80_000
    minutes = np.array([arrival_minute(profile, WHOLE_DAY, x) for x in u])
    hours = np.bincount((minutes // 60).astype(int), minlength=24) / len(u)
    assert hours[8] == pytest.approx(1 / 8, abs=1e-3)
    assert hours[9] == pytest.approx(3 / 8, abs=1e-3)
    assert hours[13] == pytest.approx(4 / 8, abs=1e-3)
    assert np.all(np.diff(minutes) >= 0)  # inverse CDF: monotone in u


def test_arrival_minute_restricted_to_spans() -> None:
    profile = [1.0] * 24
    spans = ((420.0, 720.0), (1050.0, 1320.0))
    u = (np.arange(5700) + 0.5) / 5700
    minutes = np.array([arrival_minute(profile, spans, x) for x in u])
    inside = ((minutes >= 420) & (minutes < 720)) | ((minutes >= 1050) & (minutes < 1320))
    assert inside.all()
    # uniform profile: mass proportional to span length (300 vs 270 minutes)
    assert (minutes < 720).mean() == pytest.approx(300 / 570, abs=1e-3)


def test_arrival_minute_falls_back_when_window_misses_the_profile() -> None:
    profile = [0.0] * 24
    profile[14] = 1.0
    m = arrival_minute(profile, ((420.0, 720.0),), 0.5)
    assert 840 <= m < 900


def test_lognormal_has_the_stated_mean_and_sd() -> None:
    rng = np.random.default_rng(42)
    x = np.array([lognormal(rng, 12.0, 8.0) for _ in range(40_000)])
    assert x.mean() == pytest.approx(12.0, rel=0.02)
    assert x.std() == pytest.approx(8.0, rel=0.04)


def test_choice_frequencies_match_logit_probabilities() -> None:
    costs = {bh.WAIT: 5.0, bh.LATER: 12.0, bh.ENTER: 8.0, bh.DROP: 30.0, bh.BAY: math.inf}
    expected = bh.choice_probabilities(costs, 10.0)
    rng = np.random.default_rng(7)
    n = 40_000
    picks = [bh.choose(costs, 10.0, rng.random(len(bh.OPTIONS))) for _ in range(n)]
    for option, p in expected.items():
        observed = picks.count(option) / n
        assert observed == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / n))
    assert bh.BAY not in picks


def test_learning_moves_towards_experience() -> None:
    assert dtr.learn(0.5, True, 0.3, 0.3) == pytest.approx(0.65)
    assert dtr.learn(0.5, False, 0.3, 0.3) == pytest.approx(0.35)
    b = 0.1
    for _ in range(30):
        b = dtr.learn(b, True, 0.3, 0.3)
    assert b > 0.99


def test_streams_are_named_and_independent_of_request_order() -> None:
    a, b = Streams(3, 0), Streams(3, 0)
    x1 = a["demand"].random(3)
    b["camera"].random(10)
    x2 = b["demand"].random(3)
    assert np.array_equal(x1, x2)
    assert not np.array_equal(Streams(3, 1)["demand"].random(3), x1)
    assert not np.array_equal(Streams(4, 0)["demand"].random(3), x1)
    with pytest.raises(KeyError):
        Streams(1)["nonsense"]


def test_camera_schedule_with_scheduled_and_random_outages() -> None:
    e = Enforcement(
        camera_gates=["A", "B"],
        random_outages={"mean_hours_between": 100, "mean_hours_down": 10},
        scheduled_outages=[{"gates": ["A"], "start": "2023-03-07", "end": "2023-03-09"}],
    )
    start = dt.date(2023, 3, 6)
    horizon = 7 * 1440.0
    sched = enf.build_schedule(e, ["A", "B", "C"], start, horizon, np.random.default_rng(1))
    assert not sched.has_camera("C")
    assert not sched.is_up("A", 1440.0 + 1) and not sched.is_up("A", 2 * 1440.0 + 1439)
    # long-run availability of B near 100/(100+10) (exponential up/down), over many weeks
    long = enf.build_schedule(Enforcement(camera_gates=["B"], random_outages={
        "mean_hours_between": 100, "mean_hours_down": 10}), ["B"], start, 1e7,
        np.random.default_rng(2))
    down = sum(b - a for a, b in long.down["B"])
    assert 1 - down / 1e7 == pytest.approx(100 / 110, abs=0.01)


def test_case_outcome_chain() -> None:
    e = Enforcement(camera_gates=["A"], read_rate=0.9, warnings_until="2023-02-01",
                    processing={"loss_rate": 0.1})
    sched = enf.CameraSchedule({"A": ((100.0, 200.0),)})
    warn = enf.window_warning_only(e, dt.date(2023, 1, 10))
    fine = enf.window_warning_only(e, dt.date(2023, 3, 1))
    assert warn and not fine
    args = dict(foreign=False, u_read=0.5, u_lost=0.5)
    assert enf.case_outcome(e, sched, "B", 0, warning_only=fine, **args) == enf.NO_CAMERA
    assert enf.case_outcome(e, sched, "A", 150, warning_only=fine, **args) == enf.CAMERA_DOWN
    assert enf.case_outcome(e, sched, "A", 0, False, 0.95, 0.5, fine) == enf.NOT_READ
    assert enf.case_outcome(e, sched, "A", 0, True, 0.5, 0.5, fine) == enf.FOREIGN
    assert enf.case_outcome(e, sched, "A", 0, False, 0.5, 0.05, fine) == enf.LOST
    assert enf.case_outcome(e, sched, "A", 0, warning_only=warn, **args) == enf.WARNING
    assert enf.case_outcome(e, sched, "A", 0, warning_only=fine, **args) == enf.FINE
    assert enf.fine_amount(e, "van") == 104 + 9


def test_calendar_day_types_and_open_overlap() -> None:
    assert day_type(dt.date(2023, 10, 2)) == "weekday"
    assert day_type(dt.date(2023, 10, 6)) == "friday"
    assert day_type(dt.date(2023, 10, 8)) == "sunday"
    assert day_type(dt.date(2023, 10, 8), frozenset({dt.date(2023, 10, 8)})) == "holiday"
    cal = SimCalendar(dt.date(2023, 10, 2), 7, Calendar())
    # Monday 08:30-09:30 overlaps opening (09:00) by 30 minutes
    assert cal.open_overlap(510, 570) == pytest.approx(30)
    # Friday 20:30-21:30: open until 21:00
    assert cal.open_overlap(4 * 1440 + 1230, 4 * 1440 + 1290) == pytest.approx(30)
    # Sunday 11:00-13:00: open from 12:00
    assert cal.open_overlap(6 * 1440 + 660, 6 * 1440 + 780) == pytest.approx(60)


def test_kpi_intervals_stay_within_what_a_kpi_can_be() -> None:
    from sim.measure.kpis import interval95, kpi_interval

    counts = np.array([0.0, 0.0, 0.0, 2.0])
    assert interval95(counts)[1] < 0  # the plain t-interval reaches below zero
    mean, lo, hi = kpi_interval("violations_total", counts)
    assert mean == 0.5 and lo == 0.0 and hi > 0.5
    shares = np.array([0.97, 1.0, 1.0, 1.0])
    assert interval95(shares)[2] > 1
    assert kpi_interval("ze_share_entries", shares)[2] == 1.0
    assert np.isnan(kpi_interval("violations_total", np.array([3.0]))[1])


def test_warning_period_is_a_period() -> None:
    e = Enforcement(warnings_from="2023-01-01", warnings_until="2023-02-01")
    assert not enf.window_warning_only(e, dt.date(2022, 10, 3))  # before: the Brink cameras fined
    assert enf.window_warning_only(e, dt.date(2023, 1, 2))
    assert not enf.window_warning_only(e, dt.date(2023, 2, 1))
    assert enf.window_warning_only(Enforcement(warnings_until="2023-02-01"), dt.date(2020, 1, 1))
