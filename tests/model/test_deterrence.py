"""Deterrence: what cameras buy in a settled regime, gate choice, and a public that keeps coming.

Each direction is checked as a planner would ask it: paired runs on common random numbers (same
seed, same replication numbers), and the 95% interval of the paired difference must exclude
zero. The learning rule's fixed point is checked against a simulation of the rule itself.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.batch.sweep import load_sweep, set_dotted
from sim.measure.breakdowns import by_gate, by_week
from sim.measure.kpis import interval95
from sim.model import deterrence as dtr
from sim.model.enforcement import FINE, WARNING
from sim.model.world import World
from sim.runner import load_geo, run
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario

ROOT = Path(__file__).resolve().parents[2]
S2023 = ROOT / "scenarios" / "assen-2023.yaml"
S2018 = ROOT / "scenarios" / "assen-2018.yaml"
SEED = 11
REPS = 8


def _variant(path: Path, **changes: object) -> Scenario:
    """The scenario with dotted keys changed (as a sweep's `set`), and carriers' rounds not
    planned: deterrence acts at the gate, and planning every replication would cost CI
    minutes (docs/studies runs the same questions with rounds planned, for
    docs/deterrence-results.md)."""
    data = load_scenario(path).model_dump()
    if data.get("rounds") is not None:
        set_dotted(data, "rounds.enabled", False)
    for dotted, value in changes.items():
        set_dotted(data, dotted, value)
    return Scenario.model_validate(data)


def _no_rounds(sc: Scenario) -> Scenario:
    data = sc.model_dump()
    if data.get("rounds") is not None:
        data["rounds"]["enabled"] = False
    return Scenario.model_validate(data)


@cache
def _runs(path: Path) -> pd.DataFrame:
    return run(_variant(path), seed=SEED, replications=REPS).kpis


def _paired_up(base: pd.DataFrame, other: pd.DataFrame, kpi: str) -> tuple[float, float, float]:
    return interval95(other[kpi].to_numpy() - base[kpi].to_numpy())


# ------------------------------------------------------------------ the learning rule itself

@pytest.mark.parametrize(("q", "r_letter", "r_silence"),
                         [(0.9, 0.3, 0.3), (0.5, 0.3, 0.1), (0.2, 0.1, 0.3), (0.0, 0.3, 0.3)])
def test_settled_belief_is_where_the_learning_rule_stays(q: float, r_letter: float,
                                                          r_silence: float) -> None:
    """Run the rule on Bernoulli(q) letters for a long time: its mean is the fixed point."""
    rng = np.random.default_rng(5)
    b, total, n = 0.5, 0.0, 60_000
    for i, letter in enumerate(rng.random(n) < q):
        b = dtr.learn(b, bool(letter), r_letter, r_silence)
        if i >= 1000:
            total += b
    mean = total / (n - 1000)
    assert mean == pytest.approx(dtr.settled_belief(q, r_letter, r_silence), abs=0.02)


def test_equal_rates_make_drivers_believe_what_the_cameras_do() -> None:
    for q in (0.0, 0.3, 0.93, 1.0):
        assert dtr.settled_belief(q, 0.3, 0.3) == pytest.approx(q)


def test_letter_chance_follows_the_enforcement_chain() -> None:
    sc = _variant(S2023, **{"enforcement.read_rate": 0.8, "enforcement.random_outages": None})
    ids = [f"G{i:02d}" for i in range(1, 14)]
    q = dtr.letter_chances(sc.enforcement, ids, sc.start_date, 7 * 1440.0)
    assert q == pytest.approx(np.full(13, 0.8 * (1 - sc.enforcement.processing.loss_rate)))
    sc3 = _variant(S2018)
    q3 = dtr.letter_chances(sc3.enforcement, ids, sc3.start_date, 7 * 1440.0)
    assert (q3[:3] > 0.9).all() and (q3[3:] == 0).all()


def test_unaware_share_balances_turnover_and_learning() -> None:
    """A small population simulated day by day settles where the balance formula says."""
    rng = np.random.default_rng(2)
    n, tau, trips, closed, learn = 20_000, 0.002, 0.05, 0.7, 0.9
    unaware = rng.random(n) < 0.5
    shares = []
    for day in range(4000):
        unaware |= rng.random(n) < tau
        trip = rng.random(n) < trips * closed
        unaware &= ~(trip & (rng.random(n) < learn))
        if day > 1000:
            shares.append(unaware.mean())
    expected = dtr.settled_unaware_share(tau, trips, closed, learn)
    assert np.mean(shares) == pytest.approx(expected, rel=0.1)


# ------------------------------------------------------------------ settled runs respond

LOW_FINE = {"van": 40.0, "rigid_truck": 40.0, "tractor_trailer": 40.0, "car": 40.0}


@pytest.mark.parametrize(("label", "changes"), [
    ("no cameras", {"enforcement.camera_gates": []}),
    ("read rate 0.5", {"enforcement.read_rate": 0.5}),
    ("a lower fine", {"enforcement.fines_eur": LOW_FINE}),
])
def test_weaker_enforcement_raises_goods_violations(label: str, changes: dict) -> None:
    base = _runs(S2023)
    other = run(_variant(S2023, **changes), seed=SEED, replications=REPS).kpis
    mean, lo, _ = _paired_up(base, other, "violations_total")
    assert lo > 0, f"{label}: paired difference {mean:.1f}, interval starts at {lo:.1f}"


def test_weaker_enforcement_raises_other_violations_too() -> None:
    base = _runs(S2023)
    other = run(_variant(S2023, **{"enforcement.read_rate": 0.5}), seed=SEED,
                replications=REPS).kpis
    _, lo, _ = _paired_up(base, other, "other_violations_total")
    assert lo > 0


def _gate_violations(sc: Scenario, reps: int) -> pd.DataFrame:
    r = run(sc, seed=SEED, replications=reps, keep_events=True)
    ev = pd.concat(r.events.values(), ignore_index=True)
    return by_gate(ev, sc, reps).set_index("gate")


def test_a_camera_down_all_week_draws_violators_to_that_gate() -> None:
    base_sc = _variant(S2023)
    base = _gate_violations(base_sc, 4)
    busy = base["goods_entries"].idxmax()
    down = _variant(S2023, **{"enforcement.scheduled_outages": [
        {"gates": [busy], "start": base_sc.start_date,
         "end": base_sc.start_date + dt.timedelta(days=7)}]})
    after = _gate_violations(down, 4)
    for col in ("goods_violations", "other_violations"):
        assert after.loc[busy, col] > base.loc[busy, col] + 1.0, col
    assert after.loc[busy, "fines"] == 0.0


def test_2018_violators_use_unwatched_gates_and_a_new_camera_moves_them() -> None:
    sc = _variant(S2018)
    base = _gate_violations(sc, 4)
    watched = ["G01", "G02", "G03"]
    unwatched = base.drop(index=watched)
    assert base.loc[watched, "goods_violations"].sum() < 0.2 * unwatched["goods_violations"].sum()
    top = unwatched["goods_violations"].idxmax()
    more = _gate_violations(_variant(S2018, **{"enforcement.camera_gates": [*watched, top]}), 4)
    assert more.loc[top, "goods_violations"] < 0.5 * base.loc[top, "goods_violations"]
    assert more.loc[top, "other_violations"] < 0.5 * base.loc[top, "other_violations"]


def test_camera_sweep_variants_differ_in_violations() -> None:
    sweep = load_sweep(ROOT / "scenarios" / "sweeps" / "cameras.yaml")
    few = _no_rounds(sweep.variant("brink-3__read_rate=0.95").scenario)
    all13 = _no_rounds(sweep.variant("all-13__read_rate=0.95").scenario)
    a = run(few, seed=SEED, replications=4).kpis
    b = run(all13, seed=SEED, replications=4).kpis
    _, _, hi = interval95(b["violations_total"].to_numpy() - a["violations_total"].to_numpy())
    assert hi < 0
    assert b["other_violations_total"].mean() < 0.5 * a["other_violations_total"].mean()


# ------------------------------------------------------------------ the enforcement chain

def test_letters_per_gate_match_the_binomial_chain() -> None:
    """Letters = violations x camera up x read x traceable x (1 - loss), within 4 sigma."""
    sc = _variant(S2023, **{"enforcement.read_rate": 0.7,
                            "enforcement.processing.loss_rate": 0.1,
                            "enforcement.random_outages": {"mean_hours_between": 40.0,
                                                           "mean_hours_down": 20.0}})
    geo = load_geo(sc, S2023)
    world = World(sc, geo, SEED, 0)
    ev = world.run().to_frame()
    sched = world.cameras
    entries = ev[(ev["kind"] == "entry") & ~ev["allowed"]]
    cases = ev[ev["kind"] == "case"]
    p_chain = sc.enforcement.read_rate * (1 - sc.enforcement.processing.loss_rate)
    checked = 0
    for gate, e in entries.groupby("gate"):
        up = np.array([sched.is_up(gate, t) for t in e["t"]])
        n = int((up & ~e["foreign"].to_numpy()).sum())
        letters = int(cases[(cases["gate"] == gate)
                            & cases["outcome"].isin([WARNING, FINE])].shape[0])
        expected = n * p_chain
        sd = math.sqrt(n * p_chain * (1 - p_chain))
        assert abs(letters - expected) <= 4 * sd + 1, (gate, letters, expected)
        checked += n
    assert checked > 100
    # the outages really took some cameras away for a while
    assert any(sched.down.values())


# ------------------------------------------------------------------ a new regime learns

def test_new_regime_falls_after_warnings_and_levels_out() -> None:
    path = ROOT / "scenarios" / "assen-2023-start.yaml"
    sc = _variant(path)
    assert sc.behaviour.start_state == "prior" and sc.weeks >= 26
    assert sc.enforcement.warnings_until == dt.date(2023, 4, 3)  # weeks 1-13 warnings only
    r = run(sc, seed=SEED, replications=1, keep_events=True)
    weeks = by_week(r.events[0], sc, 1).set_index("week")
    total = weeks["goods_violations"] + weeks["other_violations"]
    warning_weeks = total.loc[1:13].mean()
    later = total.loc[16:26]
    assert later.mean() < 0.8 * warning_weeks
    assert (later > 0).all()
    # levels out: the last weeks are close to the weeks just after the warnings
    assert abs(total.loc[22:26].mean() - total.loc[16:20].mean()) < 0.25 * later.mean()
    assert (weeks.loc[16:26, "other_fines"] > 0).all()
    assert (weeks.loc[1:13, "other_fines"] == 0).all()


def test_a_foreign_newcomer_is_not_also_a_driver_who_ignores_signs() -> None:
    """Newcomers' foreign plates and their ignoring signs are drawn apart. With half of the
    newcomers foreign and half ignoring signs, foreign and Dutch newcomers meeting a closed
    gate both turn at the sign at 0.5 x 0.6 = 0.3 (the two once shared one draw, so no
    foreign newcomer ever turned and every Dutch one saw the sign)."""
    sc = _variant(S2023, **{"other_traffic.trips_per_day": 0,
                            "other_traffic.newcomer_trips_per_day": 400,
                            "other_traffic.foreign_share": 0.5,
                            "other_traffic.non_responder_share": 0.5,
                            "other_traffic.turn_away_share": 0.6, "weeks": 1})
    ev = World(sc, load_geo(sc), SEED, 0).run().to_frame()
    trips = ev[(ev["kind"] == "trip") & (ev["party"] == "other")]
    closed = trips[~trips["allowed"].astype(bool)]  # a closed gate: turned or drove in
    for foreign in (True, False):
        met = closed[closed["foreign"].astype(bool) == foreign]
        share = float((met["outcome"] == "turned").mean())
        assert len(met) > 500 and abs(share - 0.3) < 0.05, (foreign, len(met), share)
