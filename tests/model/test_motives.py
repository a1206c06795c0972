"""The motive model: pure rules (sim.model.motives) and the directions they must move in runs.

Runs are paired on common random numbers (same seed and replication), short, and without
carriers' rounds planned, so they stay fast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.measure.breakdowns import by_week
from sim.measure.kpis import interval95
from sim.model import motives as mv
from sim.model.calendar import MINUTES_PER_DAY
from sim.model.deterrence import settled_belief
from sim.model.enforcement import FINE, WARNING
from sim.model.keepers import named_fine_start
from sim.runner import run
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario
from tests.helpers import SCENARIOS, variant

SEED = 5


# ------------------------------------------------------------------ pure rules

@pytest.mark.parametrize("q", [0.93, 0.5, 0.1])
def test_stationary_spread_has_the_fixed_point_as_mean_and_the_stated_variance(q: float) -> None:
    rng = np.random.default_rng(1)
    u = rng.random((40_000, mv.SPREAD_STEPS))
    b = mv.stationary_beliefs(np.array([q, 0.0]), 0.3, 0.3, u)
    assert abs(b[:, 0].mean() - settled_belief(q, 0.3, 0.3)) < 0.005
    var = mv.stationary_variance(q, 0.3)
    assert abs(b[:, 0].var() - var) < 0.1 * var
    assert (b[:, 1] == 0).all()  # no camera: nobody believes in one


def test_stationary_spread_moves_a_keepers_gates_together() -> None:
    u = np.random.default_rng(2).random((500, mv.SPREAD_STEPS))
    b = mv.stationary_beliefs(np.array([0.9, 0.9, 0.6]), 0.3, 0.3, u)
    np.testing.assert_array_equal(b[:, 0], b[:, 1])
    # the same luck: letter indicators 1{u < 0.9} and 1{u < 0.6} correlate at 0.41
    assert 0.3 < np.corrcoef(b[:, 0], b[:, 2])[0, 1] < 0.55


def test_a_warning_announces_fines_from_the_named_day_soon_or_at_once() -> None:
    day = MINUTES_PER_DAY
    assert mv.fines_expected_from(10 * day, False, 90 * day, 28) == 90 * day
    assert mv.fines_expected_from(10 * day, False, None, 28) == 38 * day
    assert mv.fines_expected_from(10 * day, True, 90 * day, 28) == 10 * day
    assert mv.fines_expected_from(95 * day, False, 90 * day, 28) == 95 * day


def test_a_day_exemption_is_worth_a_fined_entry_only_while_the_zone_warns() -> None:
    assert mv.day_exemption_reserve(True, False, 7.0) == 7.0  # warnings, fines not expected
    assert mv.day_exemption_reserve(True, True, 7.0) == 0.0  # a letter announced fines
    assert mv.day_exemption_reserve(False, False, 7.0) == 0.0  # fines are on


def test_weighed_penalty_counts_fines_that_are_real_or_expected() -> None:
    assert mv.weighed_penalty([(113.0, True, False)], 10.0) == 10.0  # a warning, no announcement
    assert mv.weighed_penalty([(113.0, True, True)], 10.0) == 113.0  # a warning announced fines
    assert mv.weighed_penalty([(113.0, False, False)], 10.0) == 113.0  # fines are on
    assert mv.weighed_penalty([(113.0, True, False), (120.0, False, False)], 10.0) == 120.0
    assert mv.weighed_penalty([(113.0, False, False), (120.0, True, True)], 10.0) == 233.0


def test_first_offence_and_period_warnings() -> None:
    assert mv.warning_due(True, False, True)  # the warning period covers every plate
    assert mv.warning_due(False, True, False)  # a plate's first offence
    assert not mv.warning_due(False, True, True)  # its second
    assert not mv.warning_due(False, False, False)  # no warnings at all


def test_only_known_rules_are_followed_and_never_by_non_responders() -> None:
    assert mv.follows_rule(True, True)
    assert not mv.follows_rule(True, False)
    assert not mv.follows_rule(False, True)
    assert not mv.follows_rule(True, True, deaf=True)


def test_lasting_tastes_are_normal_with_the_stated_spread() -> None:
    t = mv.lasting_tastes(np.random.default_rng(3), 20_000, 10.0)
    assert abs(t.mean()) < 0.3 and abs(t.std() - 10.0) < 0.3
    assert (mv.lasting_tastes(np.random.default_rng(3), 5, 0.0) == 0).all()


# ------------------------------------------------------------------ in a run

def _start(weeks: int = 2, **changes: object) -> Scenario:
    sc = load_scenario(SCENARIOS / "assen-2023-start.yaml")
    base = {"weeks": weeks, "rounds": {"enabled": False},
            "other_traffic": {"population": 1500, "trips_per_day": 120}}
    return variant(sc, **{**base, **changes})


def _events(sc: Scenario, reps: int) -> pd.DataFrame:
    r = run(sc, seed=SEED, replications=reps, keep_events=True)
    return pd.concat([e.assign(replication=i) for i, e in r.events.items()], ignore_index=True)


def test_every_plates_first_letter_is_a_warning_under_first_offence_warnings() -> None:
    sc = _start(enforcement={"warnings_from": None, "warnings_until": None,
                             "first_offence_warning": True})
    ev = _events(sc, 1)
    letters = ev[(ev["kind"] == "case") & ev["outcome"].isin([WARNING, FINE])]
    first = letters.sort_values("t", kind="stable").groupby("plate", observed=True)["outcome"]
    assert (first.first() == WARNING).all()
    later = letters[letters.duplicated("plate")]
    assert len(later) > 10 and (later["outcome"] == FINE).all()


def _paired(base: Scenario, other: Scenario, kpi: str, reps: int = 3) -> tuple[float, float, float]:
    a = run(base, seed=SEED, replications=reps).kpis[kpi].to_numpy()
    b = run(other, seed=SEED, replications=reps).kpis[kpi].to_numpy()
    return interval95(b - a)


def test_drivers_who_follow_known_rules_cut_other_cars_violations() -> None:
    mean, lo, hi = _paired(_start(other_traffic={"normative_share": 0.0, "population": 1500,
                                                 "trips_per_day": 120}),
                           _start(other_traffic={"normative_share": 0.8, "population": 1500,
                                                 "trips_per_day": 120}),
                           "other_violations_total")
    assert hi < 0, (mean, lo, hi)


def test_warnings_that_announce_fines_soon_cut_violations_in_the_warning_period() -> None:
    late = _start(weeks=6, behaviour={"fines_expected_after_days": 3000})
    soon = _start(weeks=6, behaviour={"fines_expected_after_days": 0})
    mean, lo, hi = _paired(late, soon, "violations_total")
    assert hi < 0, (mean, lo, hi)


def test_a_campaign_letter_to_carriers_cuts_goods_violations() -> None:
    sc = _start()
    campaign = _start(enforcement={"warnings_name_fine_date": False, "campaigns": [
        {"date": sc.start_date, "carriers_reached": 1.0}]})
    mean, lo, hi = _paired(sc, campaign, "violations_total")
    assert hi < 0, (mean, lo, hi)


def test_a_settled_start_stays_settled_with_the_motive_model() -> None:
    """Settled beliefs spread between firms, followers who know the rules, lasting tastes:
    week 1 must look like the later weeks, not like a regime still learning."""
    sc = variant(load_scenario(SCENARIOS / "assen-2023.yaml"), weeks=6,
                 rounds={"enabled": False})
    ev = _events(sc, 2)
    w = by_week(ev, sc, 2).set_index("week")
    first, later = w.loc[1], w.loc[4:6].mean()
    assert abs(first["other_violations"] - later["other_violations"]) < 0.15 * later[
        "other_violations"], (first["other_violations"], later["other_violations"])
    assert abs(first["goods_violations"] - later["goods_violations"]) < max(
        4.0, 0.5 * later["goods_violations"]), (first["goods_violations"],
                                                later["goods_violations"])


def test_letters_name_the_day_fines_start_unless_the_scenario_says_not() -> None:
    ze = load_scenario(SCENARIOS / "assen-2025-ze-start.yaml")
    assert ze.ze_zone is not None and ze.ze_zone.warnings_until is not None
    days = (ze.ze_zone.warnings_until - ze.start_date).days
    assert named_fine_start(ze, mv.ZE_ZONE) == days * MINUTES_PER_DAY
    unnamed = variant(ze, ze_zone={"warnings_name_fine_date": False})
    assert named_fine_start(unnamed, mv.ZE_ZONE) is None
    start = load_scenario(SCENARIOS / "assen-2023-start.yaml")
    assert named_fine_start(start, mv.WINDOW) is None  # 2023: the start of fines not yet known
