"""The zero-emission zone: transition rules, fleet path, emissions, carrier responses."""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest

from sim.measure.kpis import compute_kpis
from sim.model.fleet import effective_year, fleet_mix, wtw_g_km
from sim.model.vehicles import VehicleFacts
from sim.model.zezone import transition_until, ze_zone_admits
from sim.scenario.load import load_scenario
from sim.scenario.models import EnergySupply, VehicleClass, ZeZone
from tests.helpers import SCENARIOS, simulate_events, variant

D = dt.date
CATEGORIES = ["van", "rigid_truck", "tractor_trailer", "car", "taxi", "moped", "cargo_bike",
              "lev"]
EUROS = [None, 4, 5, 6]
REG_YEARS = list(range(2010, 2028))
DATES = [D(2024, 12, 31), D(2025, 1, 1), D(2026, 12, 31), D(2027, 1, 1), D(2027, 12, 31),
         D(2028, 1, 1), D(2028, 12, 31), D(2029, 1, 1), D(2029, 12, 31), D(2030, 1, 1),
         D(2031, 6, 1)]


def expected_admitted(cat: str, euro: int | None, reg: int, date: D, transition: bool,
                      extra_year: bool) -> bool:
    """DATA.md §3, written out independently of sim.model.zezone."""
    if cat not in ("van", "rigid_truck", "tractor_trailer") or date < D(2025, 1, 1):
        return True
    if not transition or reg >= 2025 or euro is None or date >= D(2030, 1, 1):
        return False
    if cat == "van":
        if euro == 5:
            return date < D(2027, 1, 1)
        if euro == 6:
            return date < (D(2029, 1, 1) if extra_year else D(2028, 1, 1))
        return False
    if euro != 6:
        return False
    if cat == "rigid_truck":
        if 2017 <= reg <= 2019:
            return date < D(2028, 1, 1)
        return reg >= 2020 and date < D(2030, 1, 1)
    return reg >= 2017 and date < D(2030, 1, 1)  # tractor


@pytest.mark.parametrize("transition,extra_year", list(itertools.product([True, False],
                                                                          repeat=2)))
@pytest.mark.parametrize("cat", CATEGORIES)
def test_transition_rules_over_every_case(cat: str, transition: bool, extra_year: bool) -> None:
    rules = [r.model_copy(update={"until": D(2028, 1, 1)})
             if (r.category == "van" and r.euro_min == 6 and not extra_year) else r
             for r in ZeZone().transition]
    zone = ZeZone(transition_exemptions=transition, transition=rules)
    wrong = []
    for euro, reg, date in itertools.product(EUROS, REG_YEARS, DATES):
        v = VehicleFacts(cat, False, frozenset(), euro, reg)
        want = expected_admitted(cat, euro, reg, date, transition, extra_year)
        if ze_zone_admits(zone, v, date) != want:
            wrong.append((euro, reg, date, want))
        # zero-emission vehicles and day exemptions are always let in
        assert ze_zone_admits(zone, VehicleFacts(cat, True, frozenset(), euro, reg), date)
        assert ze_zone_admits(zone, v, date, day_exemption=True)
    assert not wrong, wrong[:10]


def test_no_zone_and_disabled_zone_admit_everything() -> None:
    v = VehicleFacts("rigid_truck", False, frozenset(), 5, 2010)
    assert ze_zone_admits(None, v, D(2031, 1, 1))
    assert ze_zone_admits(ZeZone(enabled=False), v, D(2031, 1, 1))
    assert transition_until(ZeZone(), VehicleFacts("van", False, frozenset(), 6, 2019)) == D(
        2029, 1, 1)


def test_scenario_classes_get_the_transition_dates_they_claim() -> None:
    sc = load_scenario(SCENARIOS / "assen-2025-ze.yaml")
    zone = sc.ze_zone
    want = {
        "van_diesel_euro5": D(2027, 1, 1), "van_diesel_euro6": D(2029, 1, 1),
        "van_diesel_euro6_new": None, "van_phev": D(2029, 1, 1),
        "truck_diesel_euro5": None, "truck_diesel_euro6_2015": None,
        "truck_diesel_euro6_2018": D(2028, 1, 1), "truck_diesel_euro6_2021": D(2030, 1, 1),
        "tractor_diesel_euro6": D(2030, 1, 1),
    }
    for name, until in want.items():
        vc = sc.vehicle_classes[name]
        facts = VehicleFacts(vc.category, vc.zero_emission, frozenset(), vc.euro,
                             vc.registration_year)
        assert transition_until(zone, facts) == until, name


def _vc(**kw) -> VehicleClass:
    base = dict(category="van", energy="diesel", co2_ttw_g_km=200, nox_g_km=1, pm10_g_km=0.1,
                cost_eur_h=30, cost_eur_km=0.2)
    return VehicleClass(**{**base, **kw})


def test_well_to_wheel_factors_follow_the_energy_settings() -> None:
    e = EnergySupply()
    assert wtw_g_km(_vc(co2_wtw_g_km=250), e) == 250
    assert wtw_g_km(_vc(energy="battery_electric", co2_ttw_g_km=0, kwh_per_km=0.2), e) == (
        pytest.approx(0.2 * 374))
    h2 = _vc(energy="hydrogen_fuel_cell", co2_ttw_g_km=0, h2_kg_per_km=0.08)
    grey = wtw_g_km(h2, e)
    green = wtw_g_km(h2, e.model_copy(update={"hydrogen_pathway": "green"}))
    grid = wtw_g_km(h2, e.model_copy(update={"hydrogen_pathway": "grid_electrolysis"}))
    assert green < grey < grid
    # the defaults reproduce the Berlin study against a diesel truck (1,317 g/km WTW)
    assert grey / 1317 == pytest.approx(0.67, abs=0.01)
    assert grid / 1317 == pytest.approx(1.60, abs=0.01)
    with pytest.raises(ValueError):
        _vc(co2_wtw_g_km=250, kwh_per_km=0.2)


def test_emission_kpis_are_km_times_factors(assen_2023) -> None:
    """A hand-made event log: emissions are the sum of km x factor per class."""
    rows = [
        dict(kind="exit", party="goods", vclass="van_diesel_euro6", km=2.0, ze=False),
        dict(kind="exit", party="goods", vclass="van_electric", km=3.0, ze=True),
        dict(kind="journey", party="goods", vclass="van_diesel_euro6", trip_km=10.0),
        dict(kind="journey", party="goods", vclass="van_electric", trip_km=20.0),
        dict(kind="choice", party="goods", vclass="van_diesel_euro6", extra_km=4.0,
             outcome="later"),
    ]
    from sim.model.eventlog import EventLog

    log = EventLog()
    for r in rows:
        kind = r.pop("kind")
        log.add(0.0, kind, **r)
    k = compute_kpis(log.to_frame(), assen_2023)
    diesel = assen_2023.vehicle_classes["van_diesel_euro6"]
    assert k["co2_ttw_kg"] == pytest.approx(2.0 * diesel.co2_ttw_g_km / 1000)
    assert k["co2_wtw_kg"] == pytest.approx((2.0 * 316 + 3.0 * 0.20 * 374) / 1000)
    assert k["nox_g"] == pytest.approx(2.0 * diesel.nox_g_km)
    assert k["co2_ttw_kg_trip"] == pytest.approx((2 + 10 + 4) * 257 / 1000)
    assert k["co2_wtw_kg_trip"] == pytest.approx(((2 + 10 + 4) * 316 + (3 + 20) * 74.8) / 1000)
    assert k["vehicle_km_trip"] == pytest.approx(2 + 3 + 10 + 20 + 4)
    assert k["ze_share_zone_km"] == pytest.approx(3.0 / 5.0)


@pytest.fixture(scope="module")
def ze_2025():
    return load_scenario(SCENARIOS / "assen-2025-ze.yaml")


def _all_ze(sc):
    # as many vehicles as before, all electric vans: a fleet given by category (a chain DC's
    # tractor-trailers) could not be drawn from a mix with no class of that category
    segments = {name: {"fleet_by_year": None, "fleet": {"van_electric": 1.0},
                       "vehicles_per_carrier": seg.fleet_sizes}
                for name, seg in sc.segments.items()}
    return variant(sc, segments=segments)


def test_all_ze_fleet_has_no_tailpipe_co2_and_full_share(ze_2025, assen_geo) -> None:
    sc = _all_ze(ze_2025)
    k = compute_kpis(simulate_events(sc, assen_geo, seed=3), sc)
    assert k["ze_share_entries"] == k["ze_share_zone_km"] == 1.0
    assert k["co2_ttw_kg"] == k["co2_ttw_kg_trip"] == k["nox_g"] == 0.0
    assert k["co2_wtw_kg"] > 0
    assert k["ze_zone_violations"] == k["vehicles_renewed"] == k["day_exemptions_used"] == 0


def test_ze_share_rises_with_adoption_speed(ze_2025, assen_geo) -> None:
    shares = []
    for speed in (0.6, 1.0, 1.5):
        sc = variant(ze_2025, fleet_transition={"adoption_speed": speed})
        shares.append(compute_kpis(simulate_events(sc, assen_geo, seed=8), sc)[
            "ze_share_entries"])
    assert shares[0] < shares[1] < shares[2]


def test_fleet_path_interpolates_and_stretches(ze_2025) -> None:
    assert effective_year(ze_2025, D(2018, 1, 1)) == pytest.approx(2018)
    mix = fleet_mix(ze_2025, "parcel", D(2024, 1, 1))
    # halfway between the 2023 and 2025 anchors
    assert mix["van_electric"] == pytest.approx(0.45, abs=0.01)
    assert sum(mix.values()) == pytest.approx(1.0)
    fast = variant(ze_2025, fleet_transition={"adoption_speed": 2.0})
    assert fleet_mix(fast, "parcel", D(2024, 1, 1)) == pytest.approx(
        fleet_mix(ze_2025, "parcel", D(2030, 1, 1)))


def mix_ze(sc, seg: str) -> float:
    """The zero-emission share of a segment's fleet on the scenario's start date."""
    mix = fleet_mix(sc, seg, sc.start_date)
    return sum(s for c, s in mix.items() if sc.vehicle_classes[c].zero_emission)


def test_years_2018_2025_2030_reach_the_goal_path(assen_2018, ze_2025, assen_geo) -> None:
    sc2030 = load_scenario(SCENARIOS / "assen-2030-ze.yaml")
    k = {name: compute_kpis(simulate_events(sc, assen_geo, seed=1), sc)
         for name, sc in (("2018", assen_2018), ("2025", ze_2025), ("2030", sc2030))}
    assert k["2018"]["ze_share_entries"] < k["2025"]["ze_share_entries"] < k["2030"][
        "ze_share_entries"]
    # 2030: the fleets' own path gives about a third zero-emission (docs/fleet.md); the zone,
    # which then lets in no diesel van or truck, makes carriers renew the rest or unload at
    # a bay, so most entries are zero-emission
    assert mix_ze(sc2030, "own_account") < 0.5 and mix_ze(sc2030, "service") < 0.5
    assert k["2030"]["ze_share_entries"] >= 0.8
    assert k["2030"]["vehicles_renewed"] > k["2025"]["vehicles_renewed"]
    assert k["2030"]["co2_ttw_kg"] < k["2018"]["co2_ttw_kg"]
    assert k["2030"]["ze_gap_entries"] == pytest.approx(1 - k["2030"]["ze_share_entries"])


def test_responses_to_a_zone_without_transition(ze_2025, assen_geo) -> None:
    sc = variant(ze_2025, ze_zone={"transition_exemptions": False, "warnings_until": None})
    ev = simulate_events(sc, assen_geo, seed=2)
    k = compute_kpis(ev, sc)
    assert k["vehicles_renewed"] > 0
    assert k["day_exemptions_used"] > 0
    # without transition rules only zero-emission classes are let in, so every renewal buys
    # one, and renewals only replace vehicles the zone bars
    renew = ev[ev["kind"] == "renew"]
    options = {c for cat in sc.ze_zone.renewal for c in sc.ze_zone.renewal_options(cat)}
    assert renew["vclass"].isin(sorted(options)).all()
    assert all(sc.vehicle_classes[c].zero_emission for c in renew["vclass"])
    assert not renew["outcome"].isin(["van_electric", "truck_electric", "cargo_bike_electric",
                                      "car_petrol"]).any()
    # day exemptions stay within the pro-rated yearly quota per vehicle (12 x Oct-Dec share)
    per_plate = ev[ev["kind"] == "dayex"].groupby("plate").size()
    assert per_plate.max() <= 3
    # ZE-zone violations are fined at the ZE rates (plus any window fine)
    cases = ev[(ev["kind"] == "case") & (ev["outcome"] == "fine")]
    ze_only = cases[cases["rule"] == "ze_zone"]
    rates = {"van": 120.0, "rigid_truck": 310.0, "tractor_trailer": 310.0}
    assert (ze_only["amount_eur"] == ze_only["category"].map(rates)).all()


def test_hub_takes_over_and_bikes_deliver(assen_geo) -> None:
    sc = load_scenario(SCENARIOS / "assen-2025-ze-hub.yaml")
    ev = simulate_events(sc, assen_geo, seed=4)
    k = compute_kpis(ev, sc)
    assert k["deliveries_via_hub"] > 0
    hub_stops = ev[(ev["kind"] == "stop") & (ev["via"] == "hub")]
    assert (hub_stops["vclass"] == "cargo_bike_electric").all()
    # the bike leg starts at the hub: its journey is the hub-gate round trip
    bike_trips = ev[(ev["kind"] == "journey") & (ev["vclass"] == "cargo_bike_electric")
                    & ev["plate"].str.startswith("hub-")]
    d3 = next(d for d in assen_geo.depots if d.id == "D3")
    assert (bike_trips["trip_km"] <= 2 * assen_geo.depot_gate_m[d3.key].max() / 1000 + 1e-9).all()
    assert len(bike_trips) > 0
    assert isinstance(ev, pd.DataFrame)


def test_years_command_writes_table_and_figure(tmp_path, monkeypatch) -> None:
    from sim.cli.main import main
    from tests.helpers import ROOT

    monkeypatch.chdir(ROOT)
    out = tmp_path / "years"
    assert main(["years", "--from", "2024", "--to", "2025", "--replications", "1", "--quiet",
                 "--out", str(out)]) == 0
    table = pd.read_csv(out / "years.csv")
    assert list(table["year"]) == [2024, 2025]
    assert table["ze_share_entries"].is_monotonic_increasing
    # the band of the low and high fleet paths, on the same seed, holds the central path
    assert (table["ze_share_entries_path_low"] <= table["ze_share_entries"]).all()
    assert (table["ze_share_entries"] <= table["ze_share_entries_path_high"]).all()
    assert (table["ze_share_entries_path_low"] < table["ze_share_entries_path_high"]).all()
    assert (out / "figures" / "ze_share_by_year.png").stat().st_size > 20_000
    assert main(["years", "--from", "2026", "--to", "2024", "--out", str(out)]) == 2


def test_hub_legs_do_not_count_twice_or_loop(assen_geo) -> None:
    from sim.measure.breakdowns import by_shop_type

    sc = load_scenario(SCENARIOS / "assen-2025-ze-hub.yaml")
    ev = simulate_events(sc, assen_geo, seed=4)
    k = compute_kpis(ev, sc)
    table = by_shop_type(ev.assign(replication=0), sc, 1)
    assert table["deliveries"].sum() == k["deliveries_total"]
    attempts = ev[ev["kind"] == "attempt"]
    assert not attempts.duplicated(["order", "attempt"]).any()
    hub_plates = ev[(ev["kind"] == "choice") & ev["plate"].str.startswith("hub-")]
    assert (hub_plates["outcome"] != "hub").all()
