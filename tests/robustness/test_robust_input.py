"""Issue 12: files a tester would try that once crashed, hung or were silently misread.

Each case must end in exit status 2 with a message naming the file, the field (or line) and
what was expected; never a traceback. They run the CLI in-process (`main`) except where the
contract of the process itself is under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli.main import main
from sim.scenario import load as scenario_load

ROOT = Path(__file__).resolve().parents[2]
REAL_2023 = ROOT / "scenarios" / "assen-2023.yaml"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def refused(capsys: pytest.CaptureFixture[str], argv: list[str | Path], *fragments: str) -> str:
    """Run the CLI, check exit 2, no traceback and that the message holds `fragments`."""
    status = main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert status == 2, f"exit {status}: {err}"
    assert err.startswith("venster: error: ") and "Traceback" not in err, err
    missing = [f for f in fragments if f not in err]
    assert not missing, f"message lacks {missing}:\n{err}"
    return err


def scenario(tmp_path: Path, body: str, name: str = "bad.yaml") -> Path:
    path = tmp_path.resolve() / name
    path.write_text(f"extends: {REAL_2023}\n{body}", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- YAML reading
YAML_CASES = {
    "duplicate_key": ("weeks: 1\nweeks: 2\n", ["line 3", "'weeks' is given again", "line 2"]),
    "duplicate_nested_key": (
        "enforcement:\n  read_rate: 0.9\n  read_rate: 0.5\n", ["line 4", "'read_rate'"]),
    "deep_nesting": ("description: " + "[" * 3000 + "]" * 3000 + "\n",
                     ["line 2", "nesting at most"]),
    "alias_bomb": ("".join(
        f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" if i else "x0: &a0 [1]\n"
        for i in range(9)), ["at most", "values"]),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_yaml_that_parses_but_is_refused(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, fragments = YAML_CASES[case]
    path = scenario(tmp_path, body)
    refused(capsys, ["validate", path], str(path), *fragments)


def test_an_oversized_file_is_refused_before_it_is_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scenario_load, "MAX_FILE_BYTES", 1000)
    path = scenario(tmp_path, "description: " + "x" * 2000 + "\n")
    refused(capsys, ["validate", path], str(path), "at most", "MB")


def test_a_folder_given_as_the_scenario_is_called_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(capsys, ["validate", tmp_path], str(tmp_path), "not a folder")
    assert "not found" not in err


def test_a_scenario_given_to_batch_is_called_a_scenario(
    capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(capsys, ["batch", REAL_2023], "a sweep file", "looks like a scenario",
                  "venster run")
    assert "unknown key" not in err


# --------------------------------------------------------------------------- schema
def rule(**fields: str) -> str:
    items = {"name": "test", "days": "[weekday]", "hours": "['07:00-12:00']", **fields}
    return "policy:\n  rules:\n    - {" + ", ".join(f"{k}: {v}" for k, v in items.items()) + "}\n"


SCHEMA_CASES = {
    # physical and logical bounds
    "outages_every_nanohour": ("enforcement:\n  random_outages: {mean_hours_between: 1e-9}\n",
                               ["enforcement.random_outages.mean_hours_between", "1"]),
    "zone_speed_near_zero": ("zone: {speed_kmh: 1e-9}\n", ["zone.speed_kmh", "1"]),
    "dwell_of_100000_minutes": (
        "segments:\n  parcel:\n    dwell: {mean_min: 100000}\n",
        ["segments.parcel.dwell.mean_min", "480", "100000"]),
    "adoption_speed_huge": ("fleet_transition: {adoption_speed: 1e308}\n",
                            ["fleet_transition.adoption_speed", "20"]),
    "base_year_3000": ("fleet_transition: {base_year: 3000}\n",
                       ["fleet_transition.base_year", "2100", "3000"]),
    "max_attempts_1e9": ("demand: {max_attempts: 1e9}\n", ["demand.max_attempts", "20"]),
    "choice_noise_tiny": ("behaviour: {choice_noise_eur: 1e-300}\n",
                          ["behaviour.choice_noise_eur", "0.01"]),
    "carriers_and_vehicles_at_their_maxima": (
        "segments:\n  parcel: {carriers: 10000, vehicles_per_carrier: 1000}\n",
        ["segments.parcel.vehicles_per_carrier", "at most 100,000", "10,000 x 1,000"]),
    # the list form: one number per carrier (the base file's parcel segment has 5 carriers)
    "vehicles_per_carrier_list_too_short": (
        "segments:\n  parcel: {vehicles_per_carrier: [3, 2]}\n",
        ["segments.parcel.vehicles_per_carrier", "one number per carrier", "(5,",
         "a list of 2"]),
    "vehicles_per_carrier_list_with_a_zero": (
        "segments:\n  parcel: {vehicles_per_carrier: [3, 2, 0, 2, 2]}\n",
        ["segments.parcel.vehicles_per_carrier", "from 1 to 1,000", "got 0 for carrier 2"]),
    # the mapping form: vehicle category to one number or one per carrier (chain_dc: 6)
    "vehicles_per_carrier_unknown_category": (
        "segments:\n  chain_dc: {vehicles_per_carrier: {tractor: 2}}\n",
        ["segments.chain_dc.vehicles_per_carrier", "unknown vehicle category 'tractor'",
         "tractor_trailer"]),
    "vehicles_per_carrier_category_not_in_the_mix": (
        "segments:\n  chain_dc: {vehicles_per_carrier: {van: 2, rigid_truck: 1}}\n",
        ["segments.chain_dc.vehicles_per_carrier.van", "a class of category van",
         "segments.chain_dc.fleet_by_year.2018"]),
    "vehicles_per_carrier_category_list_too_short": (
        "segments:\n  chain_dc: {vehicles_per_carrier: {rigid_truck: [3, 2]}}\n",
        ["segments.chain_dc.vehicles_per_carrier.rigid_truck", "one number per carrier",
         "(6,", "a list of 2"]),
    "vehicles_per_carrier_carrier_with_no_vehicle": (
        "segments:\n  chain_dc:\n    vehicles_per_carrier:\n"
        "      {rigid_truck: [1, 0, 1, 1, 1, 1], tractor_trailer: [1, 0, 0, 0, 0, 0]}\n",
        ["segments.chain_dc.vehicles_per_carrier", "at least one vehicle for every carrier",
         "0 in total for carrier 1"]),
    "vehicles_per_carrier_category_fraction": (
        "segments:\n  chain_dc: {vehicles_per_carrier: {rigid_truck: 2.5}}\n",
        ["segments.chain_dc.vehicles_per_carrier.rigid_truck", "whole number", "got 2.5"]),
    "vehicles_per_carrier_category_bool": (
        "segments:\n  chain_dc: {vehicles_per_carrier: {rigid_truck: [1, true, 1, 1, 1, 1]}}\n",
        ["segments.chain_dc.vehicles_per_carrier.rigid_truck", "not true/false",
         "got true for carrier 1"]),
    "vehicles_per_carrier_category_negative": (
        "segments:\n  chain_dc: {vehicles_per_carrier: {rigid_truck: -1}}\n",
        ["segments.chain_dc.vehicles_per_carrier.rigid_truck", "from 0 to 1,000", "got -1"]),
    # (an empty mapping over the base file's mapping would merge into it and change nothing)
    "vehicles_per_carrier_no_category": (
        "segments:\n  own_account: {vehicles_per_carrier: {}}\n",
        ["segments.own_account.vehicles_per_carrier", "at least one vehicle category"]),
    "carriers_changed_without_the_list": (
        "segments:\n  chain_dc: {carriers: 4}\n",
        ["segments.chain_dc.vehicles_per_carrier", "one number per carrier", "(4,",
         "a list of 6"]),
    "other_traffic_population_at_old_maximum": (
        "other_traffic: {population: 10000000}\n", ["other_traffic.population", "1000000"]),
    # a bool where a number belongs
    "weeks_true": ("weeks: true\n", ["weeks", "a number, not true/false"]),
    "fine_yes": ("enforcement:\n  fines_eur: {van: yes}\n",
                 ["enforcement.fines_eur", "a number, not true/false"]),
    "rounds_solver_iterations_true": ("rounds: {solver_iterations: true}\n",
                                      ["rounds.solver_iterations", "a number, not true/false"]),
    "rounds_capacity_yes": (
        "rounds:\n  segments:\n    parcel:\n      capacity: {van: yes}\n",
        ["rounds.segments.parcel.capacity", "a number, not true/false"]),
    # a seed the run folder's 64-bit columns cannot hold
    "seed_beyond_64_bits": ("seed: 99999999999999999999999\n",
                            ["seed", "from 0 to 9223372036854775807", "99999999999999999999999"]),
    "seed_one_beyond_2_63": ("seed: 9223372036854775808\n", ["seed", "2^63 - 1"]),
    # cross-field
    "rule_valid_until_before_from": (
        rule(valid_from="2024-01-01", valid_until="2023-01-01"),
        ["policy.rules.0.valid_until", "after valid_from", "never apply"]),
    "warnings_until_before_from": (
        "enforcement: {warnings_from: 2024-01-01, warnings_until: 2023-01-01}\n",
        ["enforcement.warnings_until", "after warnings_from"]),
    "rule_without_days": (rule(days="[]"), ["policy.rules.0.days", "at least 1"]),
    "rule_without_hours": (rule(hours="[]"), ["policy.rules.0.hours", "at least 1"]),
    "merged_fleet_mix_shown": (
        "segments:\n  parcel:\n    fleet_by_year:\n      2023: {van_hydrogen: 0.3}\n",
        ["segments.parcel.fleet_by_year.2023", "got 1.3", "van_hydrogen: 0.3",
         "van_electric: 0.16", "merged", "set a class to 0"]),
    "unknown_class_in_a_mix_named_first": (
        "segments:\n  parcel:\n    fleet_by_year:\n      2023: {hovercraft: 0.3}\n",
        ["segments.parcel.fleet_by_year.2023", "unknown vehicle class 'hovercraft'"]),
}


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_absurd_or_contradictory_values_are_refused(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, fragments = SCHEMA_CASES[case]
    path = scenario(tmp_path, body)
    refused(capsys, ["validate", path], str(path), *fragments)


@pytest.mark.parametrize("case", ["rounds_solver_iterations_true", "seed_beyond_64_bits"])
def test_run_refuses_them_too_before_simulating(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, fragments = SCHEMA_CASES[case]
    path, out = scenario(tmp_path, body), tmp_path / "run"
    refused(capsys, ["run", path, "--quiet", "--no-figures", "--out", out], str(path), *fragments)
    assert not out.exists()


def test_yaml_12_style_floats_are_numbers(tmp_path: Path) -> None:
    """1e-3 is a float in YAML 1.2 and to every reader; PyYAML alone would keep it as text."""
    from sim.scenario.load import load_scenario

    sc = load_scenario(scenario(tmp_path, "enforcement:\n  processing: {loss_rate: 1e-3}\n"))
    assert sc.enforcement.processing.loss_rate == pytest.approx(0.001)


def test_a_rule_is_switched_off_with_enabled_false_not_with_no_days(tmp_path: Path) -> None:
    import datetime as dt

    from sim.model.policy import rule_admits
    from sim.model.vehicles import VehicleFacts
    from sim.scenario.load import load_scenario

    sc = load_scenario(scenario(tmp_path, rule(enabled="false")))
    off = sc.policy.rules[0]
    on = off.model_copy(update={"enabled": True})
    facts = next(iter(sc.vehicle_classes.values()))
    vehicle = VehicleFacts(category=facts.category, zero_emission=facts.zero_emission)
    monday = dt.date(2023, 10, 2)
    assert rule_admits(on, vehicle, "G01", monday, frozenset())
    assert not rule_admits(off, vehicle, "G01", monday, frozenset())


# --------------------------------------------------------------------------- geodata, map
def broken_gpkgs(folder: Path) -> dict[str, Path]:
    """GeoPackages broken in ways that once showed GDAL's SQL or warnings before our message."""
    import shutil
    import sqlite3

    real = ROOT / "gis" / "assen.gpkg"
    data = real.read_bytes()
    truncated = folder / "truncated.gpkg"
    truncated.write_bytes(data[: len(data) // 3])
    bad_srs = folder / "bad_srs.gpkg"
    shutil.copy(real, bad_srs)
    with sqlite3.connect(bad_srs) as db:
        db.execute("UPDATE gpkg_geometry_columns SET srs_id = 99999")
    no_gates = folder / "no_gates.gpkg"
    shutil.copy(real, no_gates)
    with sqlite3.connect(no_gates) as db:
        db.execute("DROP TABLE gates")
    plain = folder / "plain.gpkg"
    with sqlite3.connect(plain) as db:
        db.execute("CREATE TABLE x (a)")
    return {"truncated": truncated, "bad_srs": bad_srs, "no_gates": no_gates, "plain": plain}


GEO_FRAGMENTS = {"truncated": ["malformed"], "bad_srs": ["zone", "coordinate reference system",
                                                         "99999"],
                 "no_gates": ["gates", "missing layers"], "plain": ["readable GeoPackage"]}


@pytest.mark.parametrize("case", sorted(GEO_FRAGMENTS))
def test_geodata_errors_show_our_message_only(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import warnings

    gpkg = broken_gpkgs(tmp_path)[case]
    path = scenario(tmp_path, f"geography: {gpkg}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning reaching the user fails the test
        err = refused(capsys, ["validate", path], str(gpkg), *GEO_FRAGMENTS[case])
    assert "SELECT" not in err and "sqlite3_" not in err and "Warning" not in err


def test_map_writes_into_results_by_default_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["map", str(REAL_2023)]) == 0
    written = tmp_path / "results" / "assen-2023-map.png"
    assert written.is_file() and not (tmp_path / "map.png").exists()
    assert f"map written to {written}" in capsys.readouterr().out


def test_a_grid_that_explodes_is_refused_before_expanding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ten keys of ten values would be 10^10 variants, each validated: refused at once."""
    sweep = tmp_path / "huge.yaml"
    grid = "".join(f"  k{i}.x: [{', '.join(str(v) for v in range(10))}]\n" for i in range(10))
    sweep.write_text(f"base: {REAL_2023}\ngrid:\n{grid}", encoding="utf-8")
    refused(capsys, ["batch", sweep, "--out", tmp_path / "out"], str(sweep), "grid",
            "at most", "10,000,000,000")


def test_a_layer_whose_crs_is_wrong_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """RD New coordinates labelled as lon/lat convert to infinity; that once escaped as a
    KeyError from the street network. Found by the fuzz corpus."""
    import shutil
    import sqlite3

    gpkg = tmp_path / "wrong_crs.gpkg"
    shutil.copy(ROOT / "gis" / "assen.gpkg", gpkg)
    with sqlite3.connect(gpkg) as db:
        db.execute("UPDATE gpkg_geometry_columns SET srs_id = 4326 WHERE table_name = 'bays'")
    path = scenario(tmp_path, f"geography: {gpkg}\n")
    refused(capsys, ["validate", path], str(gpkg), "bays", "EPSG:28992", "EPSG:4326")


def test_a_batch_refuses_a_folder_before_saying_anything_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    sweep = ROOT / "scenarios" / "sweeps" / "cameras.yaml"
    err = refused(capsys, ["batch", sweep, "--out", busy], str(busy), "holds other files")
    assert err.count("\n") == 1, err  # the message only: no sweep line, no estimate first
