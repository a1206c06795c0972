"""The KPI registry: every KPI declared once, its facts consistent, and every list the code
used to keep by hand derived from it.

The sets pinned here are what the hand-written lists were before the registry (issue 20), so
a change to a KPI's kind, family or part of the model shows up as a failing test to look at,
not as a silent change in a report or workbook.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from sim.errors import InputError
from sim.measure.kpis import compute_kpis, kpi_interval
from sim.measure.registry import (
    FIXED_KPIS,
    SEGMENT_BASES,
    UNITS_NEVER_PER_WEEK,
    find,
    is_money,
    is_per_week,
    is_share,
    kpi_names,
    kpis_for,
    part_simulated,
    planning_segments,
    simulated,
)
from sim.model.eventlog import EventLog
from sim.scenario.load import load_scenario
from tests.helpers import SCENARIOS, variant

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))

# kpis.csv's columns before the registry, for every shipped scenario: must stay byte-identical
PINNED_COLUMNS = (
    "deliveries_total", "deliveries_outside_window", "deliveries_delivered", "deliveries_via_bay",
    "deliveries_via_hub", "deliveries_dropped", "deliveries_failed", "deliveries_pending_at_end",
    "zone_entries_total", "ze_share_entries", "ze_share_zone_km", "ze_gap_entries",
    "vehicles_renewed", "day_exemptions_used", "violations_total", "violations_detected",
    "warnings_issued", "fines_issued", "fine_revenue_eur", "ze_zone_violations", "compliance_rate",
    "vehicle_km_in_zone", "vehicle_minutes_in_zone_open_hours", "co2_wtw_kg", "co2_ttw_kg",
    "nox_g", "pm10_g", "vehicle_km_trip", "co2_wtw_kg_trip", "co2_ttw_kg_trip", "nox_g_trip",
    "pm10_g_trip", "carrier_extra_hours", "carrier_extra_cost_eur", "closed_gate_wait",
    "closed_gate_later", "closed_gate_enter", "closed_gate_drop", "closed_gate_bay",
    "closed_gate_dayex", "closed_gate_hub", "other_entries_total", "other_violations_total",
    "other_violations_detected", "other_fines_issued", "other_fine_revenue_eur",
    "other_vehicle_km_in_zone", "other_co2_ttw_kg", "other_nox_g", "street_parking_revenue_eur",
    "street_parking_revenue_eur_per_year", "garage_revenue_eur", "street_parking_peak_occupancy",
    "street_evening_occupancy", "evening_visitors", "visitors_parked", "visitors_lost",
    "parking_search_minutes", "bays_taken_by_cars", "bay_conflicts",
    "delivery_minutes_lost_to_bays", "vehicles_used", "vehicles_hired", "route_km",
    "route_km_in_zone", "route_km_outside_zone", "route_hours", "route_cost_eur",
    "cost_per_drop_eur", "planned_outside_window", "deliveries_outside_receiving_hours",
    "vehicles_used_parcel", "route_km_parcel", "route_hours_parcel", "cost_per_drop_eur_parcel",
    "vehicles_used_chain_dc", "route_km_chain_dc", "route_hours_chain_dc",
    "cost_per_drop_eur_chain_dc", "vehicles_used_wholesaler", "route_km_wholesaler",
    "route_hours_wholesaler", "cost_per_drop_eur_wholesaler",
)


def _tiny_log() -> EventLog:
    """Two events: enough for every KPI function to run."""
    log = EventLog()
    log.add(5.0, "entry", party="goods", gate="G01", allowed=False, vclass="van_electric",
            ze=True)
    log.add(6.0, "exit", party="goods", gate="G01", km=1.5, minutes=12.0, tour=7,
            vclass="van_electric")
    return log


@pytest.fixture(scope="module")
def shipped() -> dict[str, object]:
    return {p.name: load_scenario(p) for p in SHIPPED}


def test_every_column_compute_kpis_gives_for_a_shipped_scenario_is_registered(shipped) -> None:
    log = _tiny_log()
    for name, sc in shipped.items():
        columns = list(compute_kpis(log, sc))
        assert tuple(columns) == PINNED_COLUMNS, name
        assert columns == kpi_names(sc), name
        for column in columns:
            kpi = find(column)
            assert kpi is not None and kpi.name == column, column


def test_no_kpi_is_declared_twice(shipped) -> None:
    for sc in shipped.values():
        counts = Counter(kpi_names(sc))
        assert [n for n, c in counts.items() if c > 1] == []
    assert len({k.name for k in FIXED_KPIS}) == len(FIXED_KPIS)


def test_a_kpis_facts_agree_with_each_other(shipped) -> None:
    sc = shipped["assen-2023.yaml"]
    for k in kpis_for(sc):
        assert (k.kind == "share") == (k.unit == "share"), k.name
        assert k.per_week == (k.kind in ("count", "quantity", "amount")), k.name
        assert (k.kind == "amount") <= k.money, k.name  # an amount is always euros
        assert (k.segment is None) == (k.base is None), k.name
        assert k.description and k.unit, k.name
        if k.segment is not None:
            assert k.name == f"{k.base}_{k.segment}" and find(k.base) is not None


def test_derived_lists_equal_the_hand_written_ones() -> None:
    names = PINNED_COLUMNS
    assert {n for n in names if is_share(n)} == {
        "compliance_rate", "ze_share_entries", "ze_share_zone_km", "ze_gap_entries",
        "street_parking_peak_occupancy", "street_evening_occupancy"}
    # NOT_PER_WEEK of the report, which forgot cost per drop (a rate, not a sum): the
    # workbook already never said "per week" of it, and now neither does the report
    assert {n for n in names if not is_per_week(n)} == {
        "compliance_rate", "ze_share_entries", "ze_share_zone_km", "ze_gap_entries",
        "street_parking_peak_occupancy", "street_evening_occupancy",
        "street_parking_revenue_eur_per_year",
        "cost_per_drop_eur", "cost_per_drop_eur_parcel", "cost_per_drop_eur_chain_dc",
        "cost_per_drop_eur_wholesaler"}
    assert {n for n in names if is_money(n)} == {
        "fine_revenue_eur", "carrier_extra_cost_eur", "other_fine_revenue_eur",
        "street_parking_revenue_eur", "street_parking_revenue_eur_per_year",
        "garage_revenue_eur", "route_cost_eur", "cost_per_drop_eur", "cost_per_drop_eur_parcel",
        "cost_per_drop_eur_chain_dc", "cost_per_drop_eur_wholesaler"}
    # exports/dutch.py's NOT_COUNTS and SEGMENT_BASES, parking_kpis.PARKING_ONLY
    assert {"share", "EUR/year"} == UNITS_NEVER_PER_WEEK
    assert SEGMENT_BASES == ("vehicles_used", "route_km", "route_hours", "cost_per_drop_eur")
    assert {k.name for k in FIXED_KPIS if k.needs == "parking"} == {
        "street_parking_revenue_eur", "street_parking_revenue_eur_per_year",
        "garage_revenue_eur", "street_parking_peak_occupancy", "street_evening_occupancy",
        "evening_visitors", "visitors_parked", "visitors_lost", "parking_search_minutes",
        "bays_taken_by_cars"}
    assert Counter(k.family for k in FIXED_KPIS) == {
        "deliveries": 8, "zero_emission": 5, "enforcement": 7, "traffic": 4, "emissions": 8,
        "carrier_cost": 2, "closed_gate": 7, "other_traffic": 8, "parking": 12, "rounds": 10}


def test_round_kpis_per_segment_come_from_the_scenario(assen_2023) -> None:
    # round_kpis.PLANNING_SEGMENTS was fixed in code; now the scenario's rounds.segments
    assert planning_segments(assen_2023) == ("parcel", "chain_dc", "wholesaler")
    r = assen_2023.rounds.model_dump()
    r["segments"]["own_account"] = r["segments"]["parcel"]
    more = variant(assen_2023, rounds=r)
    added = [n for n in kpi_names(more) if n not in PINNED_COLUMNS]
    assert added == ["vehicles_used_own_account", "route_km_own_account",
                     "route_hours_own_account", "cost_per_drop_eur_own_account"]
    assert find("route_km_own_account").description == "route km, own account"
    # without rounds there is no segment to split by
    none = assen_2023.model_copy(update={"rounds": None})
    assert not any(n.endswith("_parcel") for n in kpi_names(none))
    # planning switched off keeps the columns (a sweep over rounds.enabled pairs up) as NaN
    off = variant(assen_2023, rounds={"enabled": False})
    assert kpi_names(off) == list(PINNED_COLUMNS)
    values = compute_kpis(_tiny_log(), off)
    assert math.isnan(values["route_km_parcel"]) and math.isnan(values["vehicles_used"])


def test_column_order_does_not_follow_the_order_of_the_yaml_mapping(assen_2023) -> None:
    # a batch worker gets the scenario as JSON with sorted keys: its columns must be the same
    r = assen_2023.rounds.model_dump()
    r["segments"] = dict(sorted(r["segments"].items(), reverse=True))
    rounds = type(assen_2023.rounds).model_validate(r)
    shuffled = assen_2023.model_copy(update={"rounds": rounds})
    assert list(shuffled.rounds.segments) == ["wholesaler", "parcel", "chain_dc"]
    assert kpi_names(shuffled) == list(PINNED_COLUMNS)


def test_a_segment_whose_kpi_names_clash_is_refused(assen_2023) -> None:
    r = assen_2023.rounds.model_dump()
    r["segments"] = {"in_zone": r["segments"]["parcel"]}
    seg = assen_2023.segments["parcel"].model_dump()
    clash = variant(assen_2023, segments={"in_zone": seg}, rounds=r)
    with pytest.raises(InputError, match=r"rounds\.segments\.in_zone"):
        kpis_for(clash)


def test_names_are_found_without_their_scenario() -> None:
    assert find("route_km_in_zone").segment is None  # a fixed KPI wins over a segment
    k = find("cost_per_drop_eur_chain_dc")
    assert (k.base, k.segment, k.kind, k.unit) == ("cost_per_drop_eur", "chain_dc", "rate", "EUR")
    assert find("no_such_kpi") is None and find("route_km_") is None
    # a name venster does not know is read by its unit
    assert is_share("old_share", "share") and not is_share("old_count", "entries")
    assert is_money("old_amount", "EUR/year") and not is_per_week("old_rate", "EUR/year")
    assert is_per_week("old_amount", "EUR")


def test_not_simulated_is_no_number_in_any_replication() -> None:
    nan = float("nan")
    assert not simulated(None) and not simulated([]) and not simulated([nan, nan, None])
    assert simulated([nan, 0.0]) and simulated([3])


def test_parking_and_planning_kpis_need_their_part_of_the_model(assen_2023) -> None:
    assert not part_simulated(assen_2023, "parking")
    assert part_simulated(assen_2023, "rounds") and part_simulated(assen_2023, None)
    assert not part_simulated(assen_2023, "rounds", "courier")
    values = compute_kpis(_tiny_log(), assen_2023)
    assert math.isnan(values["street_parking_revenue_eur"])
    assert values["bay_conflicts"] == 0.0  # the bays are simulated without the parking model


def test_a_share_interval_stays_within_0_and_1() -> None:
    _, lo, hi = kpi_interval("compliance_rate", [0.99, 1.0, 0.97])
    assert lo >= 0.0 and hi == 1.0
    _, lo, _ = kpi_interval("violations_total", [0.0, 0.0, 3.0])
    assert lo == 0.0
