"""What carriers do in a zero-emission zone's fine-free months: renew or get an exemption once
they know the rule (after a lead time), and send admitted vehicles to the centre first.

Pure rules first, then short runs of assen-2025-ze-start without rounds or other cars, paired
on common random numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.model.calendar import MINUTES_PER_DAY, SimCalendar
from sim.model.keepers import named_fine_start
from sim.model.motives import ZE_ZONE
from sim.model.renewal import EXEMPT, RENEW, renews, takes_effect, zone_in_force
from sim.model.tours import vehicles_for_tours
from sim.model.vehicles import VehicleFacts
from sim.model.world import World
from sim.model.zezone import ze_zone_admits
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario, ZeZone
from tests.helpers import SCENARIOS, variant

D = dt.date


# ------------------------------------------------------------------ pure rules

def test_the_zone_is_in_force_from_its_first_day_inside_the_run() -> None:
    zone = ZeZone(start=D(2025, 1, 1))
    sc = load_scenario(SCENARIOS / "assen-2025-ze-start.yaml")
    before = SimCalendar(D(2024, 12, 30), 14, sc.calendar)
    assert zone_in_force(zone, before) == D(2025, 1, 1)  # not the run's first day
    during = SimCalendar(D(2025, 10, 6), 7, sc.calendar)
    assert zone_in_force(zone, during) == D(2025, 10, 6)
    assert zone_in_force(ZeZone(start=D(2026, 1, 1)), during) is None
    assert zone_in_force(ZeZone(enabled=False), during) is None


def test_a_long_term_exemption_admits_a_barred_vehicle() -> None:
    zone = ZeZone()
    euro4 = VehicleFacts("van", False, frozenset(), 4, 2006)
    assert not ze_zone_admits(zone, euro4, D(2025, 3, 3))
    exempt = VehicleFacts("van", False, frozenset(), 4, 2006, ze_exempt=True)
    assert ze_zone_admits(zone, exempt, D(2025, 3, 3))


def test_renewal_is_a_logit_in_the_yearly_saving() -> None:
    assert renews(3000.0, 1000.0, 1500.0, 0.7)  # p = 0.79
    assert not renews(3000.0, 1000.0, 1500.0, 0.8)
    assert not renews(0.0, 1000.0, 1500.0, 0.35)  # p = 0.34
    assert renews(1000.0, 1000.0, 1500.0, 0.49)  # even: p = 0.5


def test_a_calculating_firm_has_its_new_vehicle_arrive_when_fines_start() -> None:
    day = MINUTES_PER_DAY
    lead, july = 28 * day, 182 * day
    # a follower of known rules: the decision plus the lead time
    assert takes_effect(RENEW, 10 * day, lead, True, july, True) == 38 * day
    # a firm that weighs costs: on the day it expects fines
    assert takes_effect(RENEW, 10 * day, lead, False, july, True) == july
    # ... unless that day is past or too close for the lead time
    assert takes_effect(RENEW, 170 * day, lead, False, july, True) == 198 * day
    assert takes_effect(RENEW, 10 * day, lead, False, None, True) == 38 * day
    # known before the run: at the start, or on the fine day
    assert takes_effect(RENEW, None, lead, True, july, True) == 0.0
    assert takes_effect(RENEW, None, lead, False, july, True) == july
    # an exemption costs nothing to hold: everyone applies at once
    assert takes_effect(EXEMPT, 10 * day, 21 * day, False, july, True) == 31 * day
    # the rule switched off: every firm at once
    assert takes_effect(RENEW, 10 * day, lead, False, july, False) == 38 * day


@pytest.mark.parametrize(("n", "admitted", "expected"), [
    (2, [False, True, True, False], [1, 2]),  # the admitted two go
    (3, [False, True, True, False], [1, 2, 0]),  # a barred one only for the third tour
    (5, [False, True, True, False], [1, 2, 0, 3, 1]),  # round and round, admitted first
    (3, [True, True, True], [0, 1, 2]),  # all admitted: the usual order
    (3, [False, False], [0, 1, 0]),  # none admitted: the usual order
])
def test_admitted_vehicles_go_first(n: int, admitted: list[bool], expected: list[int]) -> None:
    assert vehicles_for_tours(n, admitted) == expected


# ------------------------------------------------------------------ in a run

@pytest.fixture(scope="module")
def ze_start() -> Scenario:
    sc = load_scenario(SCENARIOS / "assen-2025-ze-start.yaml")
    return variant(sc, weeks=14, rounds={"enabled": False}, other_traffic={"enabled": False})


def test_firms_that_know_the_rule_act_before_the_run_and_the_others_after_a_letter(
        ze_start: Scenario, assen_geo) -> None:
    w = World(ze_start, assen_geo, 3)
    # a run from 30 December still renews: the zone is asked on 1 January; firms that follow
    # known rules at once, those that weigh costs for the day fines start
    assert w.responses_at_start and w._later_at_start
    assert all(w.motives.knows[r.carrier][ZE_ZONE] for r in w.responses_at_start)
    assert all(w.motives.firm_follows[r.carrier] or r.kind == EXEMPT
               for r in w.responses_at_start)
    assert all(t == named_fine_start(ze_start, ZE_ZONE) for t, _ in w._later_at_start)
    waiting = {c for c, rs in w._pending.items() for _ in rs}
    assert waiting and not any(w.motives.knows[c][ZE_ZONE] for c in waiting)
    ev = w.run().to_frame()
    acted = ev[ev["kind"].isin(["renew", "ze_exempt"]) & (ev["t"] > 0)]
    assert len(acted) > 0
    letters = ev[(ev["kind"] == "learn") & (ev["outcome"] == "caught")]
    lead = {"renew": ze_start.ze_zone.renewal_lead_days,
            "ze_exempt": ze_start.ze_zone.exemption_lead_days}
    for row in acted.itertuples():
        first = letters.loc[letters["carrier"] == row.carrier, "t"].min()
        # the first letter (or a later one that taught the zone's rule) plus the lead time
        assert row.t >= first + lead[row.kind] * MINUTES_PER_DAY - 1e-6
    # a renewed plate drives its new class from then on
    for row in acted[acted["kind"] == "renew"].itertuples():
        later = ev[(ev["kind"] == "arrive") & (ev["plate"] == row.plate) & (ev["t"] > row.t)]
        assert (later["vclass"] == row.vclass).all()


def test_exemptions_and_renewals_come_from_their_own_draws(ze_start: Scenario,
                                                             assen_geo) -> None:
    kinds = {}
    for share in (0.0, 1.0):
        w = World(variant(ze_start, ze_zone={"exemption_share": share}), assen_geo, 3)
        rs = w.responses_at_start + [r for v in w._pending.values() for r in v]
        kinds[share] = rs
    assert {r.kind for r in kinds[1.0]} == {EXEMPT}
    assert {r.kind for r in kinds[0.0]} == {RENEW}
    # every vehicle that renews without exemptions is exempted when all qualify
    assert {r.old.plate for r in kinds[0.0]} <= {r.old.plate for r in kinds[1.0]}


def _late_ze_warnings(sc: Scenario, geo, reps: int = 2) -> list[float]:
    out = []
    for rep in range(reps):
        ev = World(sc, geo, 11, rep).run().to_frame()
        case = ev[(ev["kind"] == "case") & (ev["outcome"] == "warning")
                  & ev["rule"].astype(str).str.contains("ze_zone")]
        week = (case["t"] // (7 * MINUTES_PER_DAY)).astype(int) + 1
        out.append(float(week.between(10, 14).sum()))
    return out


def test_renewing_after_a_letter_lowers_the_late_warnings(ze_start: Scenario,
                                                          assen_geo) -> None:
    """Paired, with every firm renewing as soon as it can (the fines start after this run)."""
    at_once = variant(ze_start, behaviour={"renew_just_in_time": False})
    on = _late_ze_warnings(at_once, assen_geo)
    off = _late_ze_warnings(variant(at_once, ze_zone={"renew_on_learning": False}), assen_geo)
    assert all(a < b for a, b in zip(on, off, strict=True)), (on, off)


def test_sending_admitted_vehicles_first_keeps_barred_ones_out(ze_start: Scenario,
                                                               assen_geo) -> None:
    """Paired: with every firm knowing the rule and nobody renewing, the firms whose fleets
    mix admitted and barred vehicles send fewer barred ones to the centre."""
    def barred_arrivals(sc: Scenario) -> int:
        w = World(sc, assen_geo, 7)
        day = D(2025, 1, 2)
        mixed = {c.id for c in w.carriers.values()
                 if len({w.policy.ze_admits(v.facts, day) for v in c.vehicles}) == 2}
        barred = {v.plate for c in w.carriers.values() for v in c.vehicles
                  if not w.policy.ze_admits(v.facts, day)}
        assert mixed and barred
        ev = w.run().to_frame()
        arr = ev[(ev["kind"] == "arrive") & ev["carrier"].isin(mixed)
                 & (ev["t"] >= 3 * MINUTES_PER_DAY)]  # from the first weekday of the zone
        return int(arr["plate"].isin(barred).sum())

    sc = variant(ze_start, ze_zone={"renew_on_learning": False, "exemption_share": 0.0},
                 behaviour={"ze_aware_share": 1.0})
    assert sc.ze_zone is not None
    plain = sc.model_copy(update={"ze_zone": sc.ze_zone.model_copy(update={"renewal": {}})})
    on = barred_arrivals(plain)
    off = barred_arrivals(plain.model_copy(update={"behaviour": plain.behaviour.model_copy(
        update={"ze_reassign_fleet": False})}))
    assert on < off, (on, off)
