"""When a firm that plans around the windows comes if the window excludes its usual hour
(sim/model/arrival.py): the pure rule, and that it moves the 2018 rush (issue 22)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.geo.model import Geography
from sim.model.arrival import (
    WHOLE_DAY,
    arrival_minute,
    assen_last,
    planned_minute,
)
from sim.model.world import World
from sim.scenario.models import Scenario
from tests.helpers import variant

# usual hours 08:00-16:00, flat: half of the visits are due after 12:00
FLAT = [0.0] * 8 + [1.0] * 8 + [0.0] * 8
U = (np.arange(2000) + 0.5) / 2000
MORNING_13 = ((420.0, 780.0),)  # Assen 2018, Mon-Fri: 07:00-13:00
MORNING_12 = ((420.0, 720.0),)  # Assen 2023: 07:00-12:00
# the other centres on the rounds: Groningen 05-12, Emmen 05-11, Hoogeveen 07-11 and
# 18-23, Meppel 00-11 and 18-24 (scenarios/base/assen-centre.yaml, rounds.towns)
TOWNS = ((0.0, 660.0), (300.0, 660.0), (300.0, 720.0), (420.0, 660.0), (1080.0, 1380.0),
         (1080.0, 1440.0))


def minutes(response: str, spans: tuple[tuple[float, float], ...],
            towns: tuple[tuple[float, float], ...] = TOWNS) -> np.ndarray:
    return np.array([planned_minute(FLAT, spans, u, response, towns) for u in U])


def test_assen_is_last_only_when_it_closes_after_every_other_centre() -> None:
    assert assen_last(780.0, TOWNS)  # 13:00 against Groningen's 12:00
    assert not assen_last(720.0, TOWNS)  # 12:00: Groningen closes with it
    assert not assen_last(1200.0, TOWNS)  # 20:00: Hoogeveen and Meppel stay open later
    assert not assen_last(780.0, ())  # no other windowed centre to serve first


def test_last_piles_visits_due_after_the_window_into_its_last_hour_in_2018() -> None:
    m = minutes("last", MORNING_13)
    assert ((m >= 420) & (m < 780)).all()
    last_hour = ((m >= 720) & (m < 780)).mean()
    # 12:00-13:00 as usual (1/8) plus everything due 13:00-16:00 (3/8)
    assert last_hour == pytest.approx(0.5, abs=0.01)
    # visits the window allows keep their usual time
    usual = np.array([arrival_minute(FLAT, WHOLE_DAY, u) for u in U])
    inside = usual < 780
    assert np.allclose(m[inside], usual[inside])
    # the moved ones keep their order
    moved = m[~inside]
    assert (np.diff(moved) >= 0).all()


def test_last_spreads_when_assen_closes_with_the_others_as_in_2023() -> None:
    m = minutes("last", MORNING_12)
    s = minutes("spread", MORNING_12)
    assert ((m >= 420) & (m < 720)).all()
    # the same distribution as spreading (the profile's weights inside the window) ...
    hist_m = np.histogram(m, bins=range(420, 721, 60))[0]
    hist_s = np.histogram(s, bins=range(420, 721, 60))[0]
    assert np.abs(hist_m - hist_s).max() <= 2
    # ... so no pile in the last hour: 11:00-12:00 carries a quarter, as each hour 08-12
    assert ((m >= 660) & (m < 720)).mean() == pytest.approx(0.25, abs=0.01)


def test_edge_moves_to_the_nearest_window_hour_in_both_years() -> None:
    usual = np.array([arrival_minute(FLAT, WHOLE_DAY, u) for u in U])
    for spans, end in ((MORNING_13, 780.0), (MORNING_12, 720.0)):
        m = minutes("edge", spans)
        due_after = usual >= end
        assert ((m[due_after] >= end - 60) & (m[due_after] < end)).all()
        assert (m[~due_after] == usual[~due_after]).all()
    # due before the window (08:00-10:00 against a window from 10:00): its first hour
    m = minutes("edge", ((600.0, 720.0),))
    early = usual < 600
    assert ((m[early] >= 600) & (m[early] < 660)).all()


def test_edge_uses_the_evening_window_when_it_is_nearer() -> None:
    spans = ((420.0, 780.0), (1050.0, 1200.0))  # Assen 2018, Mon-Thu: and 17:30-20:00
    late = [0.0] * 16 + [1.0] + [0.0] * 7  # everyone due 16:00-17:00
    m = [planned_minute(late, spans, u, "edge", TOWNS) for u in U]
    assert all(1050 <= x < 1110 for x in m)  # the evening window's first hour


def test_spread_inverts_the_profile_restricted_to_the_window() -> None:
    """The old rule, against an independent inverse CDF: the profile's mass minute by minute
    inside the window, inverted by interpolation."""
    profile = [0.0] * 7 + [1.0, 2.0, 2.0, 2.0, 1.5, 1.0, 1.0, 1.0] + [0.0] * 9
    minute = np.arange(1440)
    density = np.array([profile[m // 60] for m in minute], dtype=float)
    inside = (minute >= 420) & (minute < 780)
    cdf = np.concatenate([[0.0], np.cumsum(density * inside)])
    cdf /= cdf[-1]
    for u in (0.01, 0.3, 0.5, 0.77, 0.99):
        want = float(np.interp(u, cdf, np.arange(1441)))
        got = planned_minute(profile, MORNING_13, u, "spread", TOWNS)
        assert got == pytest.approx(want, abs=1e-6)
        assert got == arrival_minute(profile, MORNING_13, u)


def test_last_with_an_evening_window_moves_only_visits_nearer_the_morning_end() -> None:
    """2018, Monday to Thursday: 07:00-13:00 and 17:30-20:00. Visits due 13:00-15:15 go to
    12:00-13:00 (Assen closes after the others); those due 15:15-17:30 are nearer the
    evening window, where Assen is not last, and are spread over both spans."""
    spans = ((420.0, 780.0), (1050.0, 1200.0))
    late = [0.0] * 7 + [1.0] * 10 + [0.0] * 7  # due 07:00-17:00
    evening = 0
    for u in U:
        usual = arrival_minute(late, WHOLE_DAY, u)
        m = planned_minute(late, spans, u, "last", TOWNS)
        assert any(a <= m < b for a, b in spans)
        if usual < 780:
            assert m == usual
        elif usual <= 915:
            assert 720 <= m < 780
        else:
            evening += m >= 1050
    # spread over the morning (weight 6 hours) and the evening (no weight): morning only
    assert evening == 0


def test_short_spans_and_empty_windows_stay_inside_or_keep_the_usual_time() -> None:
    half_hour = ((420.0, 450.0),)
    from_seven = [0.0] * 7 + [1.0] * 9 + [0.0] * 8  # due 07:00-16:00
    for response in ("edge", "last"):
        for u in (0.0, 0.5, np.nextafter(1.0, 0.0)):
            m = planned_minute(from_seven, half_hour, float(u), response, TOWNS)
            assert 420 <= m < 450
    # no profile weight in the window: the usual time, as spreading does
    night = [1.0] * 3 + [0.0] * 21  # due 00:00-03:00
    morning = ((420.0, 660.0),)
    for u in (0.2, 0.8):
        usual = arrival_minute(night, WHOLE_DAY, u)
        assert planned_minute(night, morning, u, "spread", TOWNS) == usual
    # edge still brings it to the window's first hour: nearest, whatever the profile there
    assert 420 <= planned_minute(night, morning, 0.5, "edge", TOWNS) < 480

def _drawn_weekday_hours(sc: Scenario, geo: Geography) -> np.ndarray:
    """Drawn tours' arrivals by hour, Monday to Friday, over two seeds (rounds off: the
    planned carriers' tours do not depend on the response)."""
    counts = np.zeros(24)
    for seed in (1, 2):
        w = World(sc, geo, seed)
        for t in w.tours:
            if w.cal.dates[t.day].weekday() < 5:
                counts[int((t.arrival - t.day * 1440) // 60) % 24] += 1
    return counts


def _responses(sc: Scenario, response: str) -> Scenario:
    drawn = {s: {"window_response": response} for s in ("own_account", "service", "courier")}
    return variant(sc, rounds={"enabled": False}, segments=drawn)


@pytest.mark.parametrize("response", ["last", "spread"])
def test_the_2018_rush_follows_from_serving_assen_last(
        assen_2018: Scenario, assen_2023: Scenario, assen_geo: Geography, response: str) -> None:
    """With Assen open an hour longer than Groningen (2018), firms that serve the other
    centres first pile into 12:00-13:00; with the 2023 windows they do not. Spreading
    instead (the rule before issue 22) gives no rush: the test can tell the two apart."""
    h18 = _drawn_weekday_hours(_responses(assen_2018, response), assen_geo)
    h23 = _drawn_weekday_hours(_responses(assen_2023, response), assen_geo)
    ratio18 = h18[12] / h18[7:13].mean()
    share18, share23 = h18[12] / h18[7:13].sum(), h23[11] / h23[7:12].sum()
    if response == "last":
        assert ratio18 > 1.1 and share18 > share23 + 0.02
    else:
        assert ratio18 < 0.8 and share18 < share23


def test_validate_says_how_drawn_firms_re_time_a_visit(
        assen_2018: Scenario, assen_geo: Geography) -> None:
    from sim.geo.fit import describe

    lines = describe(assen_2018, assen_geo)
    said = next(line for line in lines if line.startswith("a visit the window excludes"))
    assert "courier, own_account, service in the window's last hour" in said
    edge = variant(assen_2018, segments={"courier": {"window_response": "edge"}})
    said = next(line for line in describe(edge, assen_geo)
                if line.startswith("a visit the window excludes"))
    assert "courier in the window's hour nearest" in said


def test_the_towns_here_are_the_scenarios(assen_2018: Scenario) -> None:
    """TOWNS above is what the shipped rounds give (so the unit tests test the real case)."""
    from sim.model.tours import centre_windows

    assert centre_windows(assen_2018) == TOWNS
