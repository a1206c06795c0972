"""The prices of a driver's options at a closed gate, worked out by hand on a tiny geography.

The geography below has two entrances and two shops:

    gate_a (0, 0), a camera        gate_b (300, 400), no camera: 500 m from gate_a in a line
    shop0 (100, 100)               shop1 (200, 100)
    streets in the zone:  a-shop0 200 m, a-shop1 300 m, b-shop0 500 m, b-shop1 400 m,
                          shop0-shop1 100 m, a-b 700 m
    one loading bay: 250 m walk to shop0, 350 m to shop1
    depot0 (0, -3000): 3000 m to gate_a, 3400 m to gate_b by road
    hub (600, -2200): 1000 m in a line from depot0

The scenario is Assen 2025 with round numbers put in: a van costs EUR 60 an hour and EUR 0.50 a
km, roads outside 30 km/h, the zone 6 km/h (100 m a minute), a window fine EUR 100 with no
fee, the detour factor 1.3. A tour of one order at each shop enters at gate_a (nearest to
shop0), drives a -> shop0 -> shop1 -> a: 600 m in the zone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from shapely.geometry import box

from sim.geo.model import Bay, Depot, Gate, Geography, Shop
from sim.model import behaviour as bh
from sim.model import options as opt
from sim.model.calendar import SimCalendar
from sim.model.policy import PolicyCache
from sim.model.roads import gate_to_gate_km, road_detour
from sim.model.tours import Carrier, Order, Tour, make_tour
from sim.model.vehicles import make_vehicle
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario
from tests.helpers import SCENARIOS, variant

MONDAY = dt.date(2025, 10, 6)
HALF_PAST_SIX = 6 * 60 + 30.0  # the window opens at 07:00
EIGHT = 8 * 60.0  # the window is open
VAN = "van_diesel_euro6"
EXACT = 1e-12  # relative: the sums below are exact up to rounding of the last bit


def tiny_geography() -> Geography:
    gates = (Gate("gate_a", "A", "camA", 0.0, 0.0, 0), Gate("gate_b", "B", "", 300.0, 400.0, 1))
    shops = (Shop("shop0", "Shop 0", "fashion", "Straat", 100.0, 100.0, 2),
             Shop("shop1", "Shop 1", "fashion", "Straat", 200.0, 100.0, 3))
    zone = np.array([[0, 700, 200, 300],
                     [700, 0, 500, 400],
                     [200, 500, 0, 100],
                     [300, 400, 100, 0]], dtype=float)
    return Geography(
        source="tiny", zone=box(0, 0, 300, 400), gates=gates, shops=shops,
        bays=(Bay("bay0", "Bay", 1, 0.0, -20.0, 0),), parking=(),
        depots=(Depot("depot0", "Depot", "business_park", 0.0, -3000.0, 0),
                Depot("hub", "Hub", "hub", 600.0, -2200.0, 1)),
        zone_dist_m=zone, walk_m=np.array([[250.0, 350.0]]),
        depot_gate_m=np.array([[3000.0, 3400.0], [2200.0, 2600.0]]),
    )


GEO = tiny_geography()


@pytest.fixture(scope="module")
def base() -> Scenario:
    sc = load_scenario(SCENARIOS / "assen-2025-ze.yaml")
    return variant(
        sc,
        start_date="2025-10-06", weeks=1,
        policy={"rules": [{"name": "morning", "days": ["weekday", "friday", "saturday"],
                          "hours": ["07:00-12:00"]}]},
        enforcement={"fines_eur": {"van": 100.0}, "admin_fee_eur": 0.0, "warnings_until": None},
        behaviour={"road_kmh": 30.0, "gate_choice": True, "warning_cost_eur": 10.0,
                   "bay_walk_kmh": 4.0, "bay_handling_min": 3.0},
        zone={"speed_kmh": 6.0},
        vehicle_classes={VAN: {"cost_eur_h": 60.0, "cost_eur_km": 0.5}},
        segments={"parcel": {"max_wait_min": 45.0, "redelivery_cost_eur": 15.0,
                             "can_use_bay": True}},
        ze_zone={"warnings_until": None, "fines_eur": {"van": 120.0},
                 "day_exemption_cost_eur": 15.0, "day_exemptions_per_year": 12},
        rounds={"road_detour": 1.3},
    )


def setting(sc: Scenario, days: int = 7, start: dt.date = MONDAY) -> opt.Setting:
    cal = SimCalendar(start, days, sc.calendar)
    return opt.setting(sc, GEO, PolicyCache(sc.policy, cal.holidays, sc.ze_zone), cal,
                       seed=7, replication=0)


def tour(sc: Scenario, vclass: str = VAN, leg: str = "") -> tuple[Tour, Carrier]:
    vehicle = make_vehicle("parcel-0-0", vclass, sc.vehicle_classes[vclass], False, frozenset())
    carrier = Carrier(0, "parcel", 0, False, frozenset(), [vehicle], depot_key=0,
                      plans_windows=False)
    orders = [Order(0, 1, "parcel", 0, 0, 5.0), Order(1, 0, "parcel", 0, 0, 5.0)]
    t = make_tour(GEO, 0, 0, vehicle, 0, HALF_PAST_SIX, orders)
    if leg:
        t.leg = leg
    return t, carrier


def driver(carrier: Carrier, belief: tuple[float, float] = (0.3, 0.02), used: int = 0,
           today: bool = False) -> opt.Driver:
    return opt.Driver(carrier, np.array(belief), used, today)


# ------------------------------------------------------------------ the tour itself

def test_the_hand_made_tour_routes_as_the_docstring_says(base: Scenario) -> None:
    t, _ = tour(base)
    assert (t.entry_gate, t.stop_keys, t.exit_gate) == (0, [2, 3], 0)
    assert [o.shop_index for o in t.orders] == [0, 1]  # visited in route order
    assert opt.zone_route_m(GEO, t) == 600.0


# ------------------------------------------------------------------ each option's price

def test_each_option_costs_what_the_hand_sums_say(base: Scenario) -> None:
    s = setting(base)
    t, carrier = tour(base)
    o = opt.price_options(s, t, driver(carrier), GEO.gates[0], MONDAY, HALF_PAST_SIX,
                          compliant=False)
    # wait 30 min at EUR 60/h
    assert o.costs[bh.WAIT] == pytest.approx(30.0, rel=EXACT)
    assert o.extra[bh.WAIT] == (30.0, 0.0)
    # back to the depot and again: 2 x 3 km = 6 km at 30 km/h = 12 min; 6 x 0.5 + 12/60 x 60
    assert o.costs[bh.LATER] == pytest.approx(15.0, rel=EXACT)
    assert o.extra[bh.LATER] == pytest.approx((12.0, 6.0), rel=EXACT)
    # drive in anyway at gate_b: believed 0.02 x 100 = 2, plus 0.65 km round the outside
    # (500 m x 1.3) at 30 km/h = 1.3 min and 300 m more inside at 100 m/min = 3 min:
    # 2 + 0.65 x 0.5 + 4.3 / 60 x 60 = 6.625 (at gate_a it would be 0.3 x 100 = 30)
    assert o.enter_gate == 1
    assert o.costs[bh.ENTER] == pytest.approx(6.625, rel=EXACT)
    assert o.extra[bh.ENTER] == pytest.approx((4.3, 0.65), rel=EXACT)
    # two orders dropped at EUR 15 each
    assert o.costs[bh.DROP] == 30.0 and o.extra[bh.DROP] == (0.0, 0.0)
    # the bay: walk 2 x (250 + 350) = 1200 m at 4 km/h = 18 min, plus 3 min per order = 24;
    # the 600 m not driven in the zone save 6 min: 18 min at EUR 60/h
    assert o.costs[bh.BAY] == pytest.approx(18.0, rel=EXACT)
    assert o.extra[bh.BAY] == pytest.approx((18.0, 0.0), rel=EXACT)
    # no hub in this scenario; the ZE zone lets a Euro 6 van in until 2029: no day exemption
    assert set(o.costs) == {bh.WAIT, bh.LATER, bh.ENTER, bh.DROP, bh.BAY}
    assert (o.opening, o.window_opening) == (420.0, None)


def test_a_long_wait_is_not_an_option_and_an_always_compliant_driver_never_enters(
        base: Scenario) -> None:
    t, carrier = tour(base)
    s = setting(variant(base, segments={"parcel": {"max_wait_min": 20.0}}))
    o = opt.price_options(s, t, driver(carrier), GEO.gates[0], MONDAY, HALF_PAST_SIX,
                          compliant=True)
    assert bh.WAIT not in o.costs and bh.ENTER not in o.costs
    assert o.enter_gate is None
    assert o.costs[bh.LATER] == pytest.approx(15.0, rel=EXACT)  # coming back is still priced


def test_the_hub_costs_its_fee_per_drop_and_lies_a_detour_away(base: Scenario) -> None:
    sc = variant(base, hub={"depot": "hub", "vehicle_class": "cargo_bike_electric",
                            "cost_eur_per_drop": 4.0, "delay_min": 60.0})
    s = setting(sc)
    t, carrier = tour(sc)
    o = opt.price_options(s, t, driver(carrier), GEO.gates[0], MONDAY, HALF_PAST_SIX, False)
    assert o.costs[bh.HUB] == 8.0 and o.extra[bh.HUB] == (0.0, 0.0)
    # depot0 to the hub: 1000 m in a line x 1.3
    assert opt.hub_km(s, carrier) == pytest.approx(1.3, rel=EXACT)
    # the cargo bike's own leg from the hub is not offered the hub again
    leg, _ = tour(sc, leg="hub")
    assert bh.HUB not in opt.price_options(s, leg, driver(carrier), GEO.gates[0], MONDAY,
                                           HALF_PAST_SIX, False).costs


def test_a_day_exemption_costs_its_fee_plus_the_wait_for_the_window(base: Scenario) -> None:
    # no transition rules: the ZE zone bars the diesel van all day; a run over all of 2025
    # gives each plate its whole quota of 12
    sc = variant(base, ze_zone={"transition_exemptions": False})
    s = setting(sc, days=365, start=dt.date(2025, 1, 1))
    t, carrier = tour(sc)
    o = opt.price_options(s, t, driver(carrier), GEO.gates[0], MONDAY, HALF_PAST_SIX, False)
    assert o.opening is None  # the zone never opens to it today
    assert bh.WAIT not in o.costs and bh.LATER not in o.costs
    # with a day exemption the window opens at 07:00: EUR 15 plus 30 min at EUR 60/h
    assert o.window_opening == 420.0
    assert o.costs[bh.DAYEX] == pytest.approx(45.0, rel=EXACT)
    assert o.extra[bh.DAYEX] == (30.0, 0.0)
    # both rules broken: window fine 100 plus ZE fine 120, believed 0.02 at gate_b + detour
    assert o.costs[bh.ENTER] == pytest.approx(0.02 * 220 + 0.325 + 4.3, rel=EXACT)
    # the quota used up: no day exemption offered
    spent = opt.price_options(s, t, driver(carrier, used=12), GEO.gates[0], MONDAY,
                              HALF_PAST_SIX, False)
    assert bh.DAYEX not in spent.costs


def test_a_calculating_driver_keeps_a_day_exemption_while_the_zone_only_warns(
        base: Scenario) -> None:
    """In the fine-free months a day exemption spent is one fewer for a fined day: a driver
    who weighs costs adds what that fined entry would cost (motives.day_exemption_reserve);
    one who follows the rule, one who already expects fines, or a run with the rule off pays
    the fee and the wait alone."""
    sc = variant(base, ze_zone={"transition_exemptions": False,
                                "warnings_until": dt.date(2026, 1, 1)})
    s = setting(sc, days=365, start=dt.date(2025, 1, 1))
    t, carrier = tour(sc)
    o = opt.price_options(s, t, driver(carrier), GEO.gates[0], MONDAY, HALF_PAST_SIX, False)
    # the fined entry: ZE fine 120 believed 0.02 at gate_b plus the detour, as in the entry
    assert o.costs[bh.DAYEX] == pytest.approx(45.0 + 0.02 * 120 + 0.325 + 4.3, rel=EXACT)
    follower = opt.price_options(s, t, driver(carrier), GEO.gates[0], MONDAY, HALF_PAST_SIX,
                                 compliant=True)
    assert follower.costs[bh.DAYEX] == pytest.approx(45.0, rel=EXACT)
    expects = dataclasses.replace(driver(carrier), expects_fines=frozenset({opt.ZE_ZONE}))
    assert opt.price_options(s, t, expects, GEO.gates[0], MONDAY, HALF_PAST_SIX,
                             False).costs[bh.DAYEX] == pytest.approx(45.0, rel=EXACT)
    off = setting(variant(sc, behaviour={"save_day_exemptions": False}), days=365,
                  start=dt.date(2025, 1, 1))
    assert opt.price_options(off, t, driver(carrier), GEO.gates[0], MONDAY, HALF_PAST_SIX,
                             False).costs[bh.DAYEX] == pytest.approx(45.0, rel=EXACT)


# ------------------------------------------------------------------ the gate to enter by

def test_the_unwatched_entrance_is_chosen_when_believed_safe_and_the_detour_is_cheap(
        base: Scenario) -> None:
    s = setting(base)
    t, _ = tour(base)
    gate_a = GEO.gates[0]
    # believed 0.02 at gate_b: 2 + 4.625 detour beats 30 at gate_a
    assert opt.enter_gate(s, t, np.array([0.3, 0.02]), gate_a, 100.0) == pytest.approx(
        (1, 6.625, 0.65, 4.3), rel=EXACT)
    # believed as risky as gate_a: the detour only adds cost, the driver stays
    assert opt.enter_gate(s, t, np.array([0.3, 0.3]), gate_a, 100.0) == (0, 30.0, 0.0, 0.0)
    # a small fine is not worth a detour of EUR 4.625 even where nobody watches
    assert opt.enter_gate(s, t, np.array([0.3, 0.0]), gate_a, 10.0)[0] == 0
    # standing at gate_b, going round to gate_a: 1.3 min outside; that shop0 is 300 m nearer
    # from gate_a is not counted as time won (the driver would not have driven it anyway)
    assert opt.enter_gate(s, t, np.array([0.0, 0.3]), GEO.gates[1], 100.0) == pytest.approx(
        (0, 0.325 + 1.3, 0.65, 1.3), rel=EXACT)


def test_without_gate_choice_the_driver_enters_where_it_stands(base: Scenario) -> None:
    s = setting(variant(base, behaviour={"gate_choice": False}))
    t, _ = tour(base)
    assert opt.enter_gate(s, t, np.array([0.3, 0.0]), GEO.gates[0], 100.0) == (
        0, 30.0, 0.0, 0.0)


# ------------------------------------------------------------------ rules and penalties

def test_broken_rules_window_ze_zone_or_both(base: Scenario) -> None:
    sc = variant(base, ze_zone={"transition_exemptions": False})
    s = setting(sc)
    t, _ = tour(sc)
    facts = t.vehicle.facts
    assert opt.broken_rules(s.policy, facts, "gate_a", MONDAY, HALF_PAST_SIX, False) == [
        opt.WINDOW, opt.ZE_ZONE]
    assert opt.broken_rules(s.policy, facts, "gate_a", MONDAY, EIGHT, False) == [opt.ZE_ZONE]
    # a day exemption in use today lifts the ZE zone, not the window
    assert opt.broken_rules(s.policy, facts, "gate_a", MONDAY, HALF_PAST_SIX, True) == [
        opt.WINDOW]
    assert opt.broken_rules(s.policy, facts, "gate_a", MONDAY, EIGHT, True) == []


def test_penalty_adds_the_fines_and_is_a_warning_only_when_every_rule_warns(
        base: Scenario) -> None:
    both = [opt.WINDOW, opt.ZE_ZONE]
    assert opt.penalty(base, "van", both, MONDAY) == (220.0, False)
    ze_warns = variant(base, ze_zone={"warnings_until": "2025-12-01"})
    assert opt.penalty(ze_warns, "van", both, MONDAY) == (100.0, False)
    all_warn = variant(ze_warns, enforcement={"warnings_until": "2025-12-01"})
    assert opt.penalty(all_warn, "van", both, MONDAY) == (0.0, True)
    assert opt.penalty(all_warn, "van", [opt.WINDOW], MONDAY) == (0.0, True)
    assert opt.penalty(base, "van", [], MONDAY) == (0.0, True)  # nothing broken


def test_a_warning_only_entry_is_priced_at_the_warning_cost(base: Scenario) -> None:
    sc = variant(base, enforcement={"warnings_until": "2025-12-01"})
    t, carrier = tour(sc)
    o = opt.price_options(setting(sc), t, driver(carrier), GEO.gates[0], MONDAY,
                          HALF_PAST_SIX, False)
    # believed 0.3 x EUR 10 at gate_a beats 0.02 x 10 + 4.625 at gate_b
    assert o.enter_gate == 0
    assert o.costs[bh.ENTER] == pytest.approx(3.0, rel=EXACT)


# ------------------------------------------------------------------ day exemptions left

def test_a_run_over_a_whole_year_leaves_each_plate_its_whole_quota(base: Scenario) -> None:
    s = setting(base, days=365, start=dt.date(2025, 1, 1))
    for plate in ("a", "b", "c", "parcel-0-0"):
        assert opt.dayex_left(s, plate, MONDAY, used=0) == 12
        assert opt.dayex_left(s, plate, MONDAY, used=5) == 7


def test_a_week_leaves_one_exemption_to_about_12_7_365ths_of_the_plates(base: Scenario) -> None:
    s = setting(base)  # one week of 2025
    left = np.array([opt.dayex_left(s, f"plate-{i}", MONDAY, 0) for i in range(4000)])
    assert set(left) <= {0, 1}
    expected = 12 * 7 / 365  # 0.230
    assert abs(left.mean() - expected) < 4 * np.sqrt(expected * (1 - expected) / len(left))
    # the draw is the plate's own: asking again, or in another order, gives the same answer
    assert opt.dayex_left(s, "plate-17", MONDAY, 0) == left[17]
    assert opt.dayex_left(s, "plate-17", MONDAY, 1) == left[17] - 1


def test_no_ze_zone_no_day_exemptions(base: Scenario) -> None:
    assert opt.dayex_left(setting(variant(base, ze_zone=None)), "a", MONDAY, 0) == 0


# ------------------------------------------------------------------ one detour, one formula

def test_a_detour_is_km_then_time_on_top_of_what_it_comes_with() -> None:
    assert opt.detour_cost_eur(6.0, 12.0, 0.5, 60.0) == 15.0
    km, minutes = np.array([0.0, 0.65]), np.array([0.0, 4.3])
    got = opt.detour_cost_eur(km, minutes, 0.5, 60.0, on_top=np.array([30.0, 2.0]))
    assert got == pytest.approx([30.0, 6.625], rel=EXACT)


def test_the_scenario_detour_rules_the_drive_round_the_zone(base: Scenario) -> None:
    assert road_detour(base) == 1.3
    assert road_detour(variant(base, rounds=None)) == 1.3  # the field's default
    wide = variant(base, rounds={"road_detour": 2.0})
    assert road_detour(wide) == 2.0
    assert gate_to_gate_km(GEO, road_detour(wide))[0, 1] == pytest.approx(1.0, rel=EXACT)
    assert setting(wide).gate_km[0, 1] == pytest.approx(1.0, rel=EXACT)
    assert setting(base).gate_km[0, 1] == pytest.approx(0.65, rel=EXACT)
