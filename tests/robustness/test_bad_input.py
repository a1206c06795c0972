"""The error contract: any bad input exits 2 with a short message, never a traceback.

The message names the file (or "command line"), the field or line, and what was expected
(DESIGN.md, "Contracts"). Bad scenarios are written to tmp_path; they extend the real 2023
scenario by absolute path, because `extends:` is relative to the file that names it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sim.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
REAL_2023 = ROOT / "scenarios" / "assen-2023.yaml"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def write_scenario(folder: Path, body: str, name: str = "bad.yaml") -> Path:
    """A scenario that extends the real 2023 one and changes what `body` says."""
    path = folder.resolve() / name
    path.write_text(f"extends: {REAL_2023}\n{body}", encoding="utf-8")
    return path


def input_error(capsys: pytest.CaptureFixture[str], argv: list[str | Path]) -> str:
    """Run the CLI in-process, check it rejected the input cleanly, return the message."""
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    assert status == 2, f"exit {status}\nstdout: {captured.out}\nstderr: {captured.err}"
    assert captured.err.startswith("venster: error: "), captured.err
    assert "Traceback" not in captured.err
    return captured.err


def assert_mentions(message: str, *fragments: str) -> None:
    missing = [f for f in fragments if f not in message]
    assert not missing, f"message lacks {missing}:\n{message}"


MORNING_PROFILE = [0] * 7 + [1] * 5 + [0] * 12  # by hour, 07:00-12:00


def segment_with_fleet(fleet: str) -> str:
    """A complete extra supplier segment, so its fleet is not merged with a base segment's."""
    return textwrap.dedent(f"""\
        segments:
          test_segment:
            carriers: 1
            drops_per_tour: 1
            day_weights: [1, 1, 1, 1, 1, 0, 0]
            arrival_profile: {MORNING_PROFILE}
            dwell: {{mean_min: 5, sd_min: 2}}
            fleet: {fleet}
        """)


def rule_with(**fields: str) -> str:
    """A policy with one window rule; `fields` (YAML text) replace or add to its keys."""
    rule = {"name": "test", "days": "[weekday]", "hours": "['07:00-12:00']", **fields}
    items = ", ".join(f"{key}: {value}" for key, value in rule.items())
    return f"policy:\n  rules:\n    - {{{items}}}\n"


# --------------------------------------------------------------------------- positive controls
def test_the_real_scenario_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "scenarios/assen-2023.yaml"]) == 0
    captured = capsys.readouterr()
    assert "valid" in captured.out
    assert captured.err == ""


def test_a_well_formed_override_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The helpers below make scenarios that fail only for the reason each case is about."""
    good = segment_with_fleet("{van_diesel_euro6: 0.6, van_electric: 0.4}")
    path = write_scenario(tmp_path, good + rule_with(gates="[G01]") + "weeks: 2\n")
    assert main(["validate", str(path)]) == 0, capsys.readouterr().err
    assert "2 weeks" in capsys.readouterr().out


# --------------------------------------------------------------------------- schema errors
SCHEMA_CASES = {
    "misspelt_top_level_key": ("wekes: 2\n", ["wekes", "did you mean 'weeks'"]),
    "misspelt_nested_key": (
        "enforcement:\n  read_rte: 0.9\n", ["enforcement.read_rte", "did you mean 'read_rate'"]),
    "misspelt_key_in_a_rule": (
        rule_with(hour="['07:00-12:00']"), ["policy.rules.0.hour", "did you mean 'hours'"]),
    "read_rate_above_one": (
        "enforcement:\n  read_rate: 1.5\n",
        ["enforcement.read_rate", "less than or equal to 1", "1.5"]),
    "start_date_not_a_monday": ("start_date: 2023-10-03\n", ["start_date", "Monday", "2023-10-03"]),
    "hours_out_of_range": (
        rule_with(hours="['25:00-26:00']"), ["policy.rules.0.hours", "25:00-26:00", "00-24"]),
    "span_ending_before_it_starts": (
        rule_with(hours="['12:00-07:00']"),
        ["policy.rules.0.hours", "12:00-07:00", "end after it starts"]),
    "unknown_day_type": (
        rule_with(days="[wekday]"), ["policy.rules.0.days", "wekday", "'weekday'"]),
    "fleet_shares_not_summing_to_one": (
        segment_with_fleet("{van_diesel_euro6: 0.5, van_electric: 0.2}"),
        ["segments.test_segment", "fleet", "summing to 1"]),
    "fleet_naming_an_unknown_vehicle_class": (
        segment_with_fleet("{van_diesel_euro6: 0.5, hovercraft: 0.5}"),
        ["segments.test_segment.fleet", "unknown vehicle class 'hovercraft'", "van_electric"]),
    "demand_naming_an_unknown_segment": (
        "demand:\n  weekly_deliveries:\n    fashion: {pigeons: 1}\n",
        ["demand.weekly_deliveries.fashion", "unknown segment 'pigeons'", "parcel"]),
    "zero_weeks": ("weeks: 0\n", ["weeks", "greater than or equal to 1", "0"]),
    "outage_ending_before_it_starts": (
        "enforcement:\n  scheduled_outages:\n"
        "    - {gates: [G01], start: 2023-03-06, end: 2023-03-01}\n",
        ["enforcement.scheduled_outages.0", "end after start"]),
    "scenario_name_with_a_space": ("name: my scenario\n", ["name", "my scenario"]),
}


@pytest.mark.parametrize(("body", "fragments"), SCHEMA_CASES.values(), ids=SCHEMA_CASES.keys())
def test_schema_error_names_file_field_and_expectation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, fragments: list[str]
) -> None:
    path = write_scenario(tmp_path, body)
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(path), *fragments)


def test_misspelt_key_inside_a_named_segment_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_scenario(tmp_path, "segments:\n  parcel:\n    drops_per_tur: 3\n")
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(path), "segments.parcel.drops_per_tur", "unknown key")


@pytest.mark.parametrize(("body", "field", "suggestion"), [
    ("segments:\n  parcel:\n    drops_per_tur: 3\n", "segments.parcel.drops_per_tur",
     "did you mean 'drops_per_tour'"),
    ("vehicle_classes:\n  van_electric:\n    nox_g_kn: 3\n",
     "vehicle_classes.van_electric.nox_g_kn", "did you mean 'nox_g_km'"),
], ids=["segment", "vehicle_class"])
def test_misspelt_key_inside_a_named_mapping_gets_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, field: str, suggestion: str
) -> None:
    path = write_scenario(tmp_path, body)
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, field, suggestion)


# --------------------------------------------------------------------------- YAML and files
def test_yaml_syntax_error_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_scenario(tmp_path, "name: broken\nweeks: 2: 3\nseed: 4\n")  # line 3
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(path), "line 3", "valid YAML")


@pytest.mark.parametrize("body", [
    "start_date: 2023-02-30\n",
    "calendar:\n  holidays: [2023-13-01]\n",
], ids=["start_date", "holiday"])
def test_impossible_calendar_date_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str
) -> None:
    path = write_scenario(tmp_path, body)
    message = input_error(capsys, ["validate", path])
    field = "start_date" if body.startswith("start_date") else "calendar.holidays.0"
    assert_mentions(message, str(path), field, "date")


def test_top_level_that_is_not_a_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path.resolve() / "list.yaml"
    path.write_text("- weeks\n- 2\n", encoding="utf-8")
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(path), "mapping")


def test_empty_file_lists_the_required_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path.resolve() / "empty.yaml"
    path.write_text("# nothing here\n", encoding="utf-8")
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(path), "start_date", "required")


@pytest.mark.parametrize("argv", [
    ["validate"],
    ["run", "--quiet", "--no-figures", "--out", "{out}"],
    ["map", "--out", "{out}.png"],
], ids=["validate", "run", "map"])
def test_missing_scenario_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    missing = tmp_path.resolve() / "no-such-scenario.yaml"
    out = tmp_path / "out"
    args = [a.format(out=out) for a in argv]
    message = input_error(capsys, [*args[:1], missing, *args[1:]])
    assert_mentions(message, str(missing), "not found")
    assert not out.exists() and not Path(f"{out}.png").exists()


def test_missing_extends_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path.resolve() / "child.yaml"
    path.write_text("extends: no-such-parent.yaml\nweeks: 2\n", encoding="utf-8")
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(path), "extends", "no-such-parent.yaml", "not found")


def test_extends_cycle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path.resolve() / "a.yaml", tmp_path.resolve() / "b.yaml"
    a.write_text("extends: b.yaml\nweeks: 2\n", encoding="utf-8")
    b.write_text("extends: a.yaml\nweeks: 3\n", encoding="utf-8")
    message = input_error(capsys, ["validate", a])
    assert_mentions(message, "a.yaml", "b.yaml", "extends", "cycle")


def test_extends_that_is_not_a_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path.resolve() / "child.yaml"
    path.write_text("extends: [a.yaml, b.yaml]\n", encoding="utf-8")
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(path), "extends", "file name")


# --------------------------------------------------------------------------- geodata references
GEO_REFERENCE_CASES = {
    "camera_gate": ("enforcement:\n  camera_gates: [G01, G99]\n", "enforcement.camera_gates",
                    "G99"),
    "outage_gate": (
        "enforcement:\n  scheduled_outages:\n"
        "    - {gates: [G77], start: 2023-03-06, end: 2023-04-17}\n",
        "enforcement.scheduled_outages.0.gates", "G77"),
    "rule_gate": (rule_with(gates="[G42]"), "policy.rules.0.gates", "G42"),
}


@pytest.mark.parametrize(("body", "field", "gate"), GEO_REFERENCE_CASES.values(),
                         ids=GEO_REFERENCE_CASES.keys())
def test_reference_to_a_gate_the_geodata_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, field: str, gate: str
) -> None:
    path = write_scenario(tmp_path, body)
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(path), field, repr(gate), "G13")  # G13: the known ids listed


def test_unknown_camera_gate_stops_run_before_simulating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_scenario(tmp_path, "enforcement:\n  camera_gates: [G99]\n")
    out = tmp_path / "run"
    message = input_error(capsys, ["run", path, "--quiet", "--no-figures", "--out", out])
    assert_mentions(message, "enforcement.camera_gates", "G99")
    assert not out.exists()


def test_missing_geopackage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_scenario(tmp_path, "geography: missing/assen.gpkg\n")
    message = input_error(capsys, ["validate", path])
    # relative to the scenario file, not to the working directory
    assert_mentions(message, str(tmp_path.resolve() / "missing" / "assen.gpkg"), "GeoPackage")


def test_geopackage_that_is_not_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path.resolve() / "fake.gpkg"
    fake.write_text("not a GeoPackage\n", encoding="utf-8")
    path = write_scenario(tmp_path, f"geography: {fake}\n")
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(fake), "GeoPackage")


# --------------------------------------------------------------------------- command line
CLI_CASES = {
    "negative_seed": (["run", "--seed", "-3"], ["--seed", "0 or more", "-3"]),
    "seed_beyond_64_bits": (["run", "--seed", "99999999999999999999999"],
                            ["--seed", "from 0 to 9223372036854775807", "99999999999999999999999"]),
    "years_seed_one_beyond_2_63": (["years", "--seed", "9223372036854775808"],
                                   ["--seed", "2^63 - 1"]),
    "zero_replications": (["run", "--replications", "0"], ["--replications", "1 or more"]),
    "weeks_not_a_number": (["run", "--weeks", "abc"], ["--weeks", "whole number", "abc"]),
    "zero_weeks": (["run", "--weeks", "0"], ["--weeks", "1 or more"]),
    "unknown_subcommand": (["frobnicate"], ["frobnicate", "invalid choice", "validate"]),
    "no_subcommand": ([], ["required", "command"]),
    "validate_without_scenario": (["validate"], ["required", "scenario"]),
    "map_to_a_text_file": (["map", "--out", "map.txt"], ["--out", ".png or .svg", "map.txt"]),
}


@pytest.mark.parametrize(("argv", "fragments"), CLI_CASES.values(), ids=CLI_CASES.keys())
def test_bad_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], fragments: list[str]
) -> None:
    out = tmp_path / "run"
    if argv[:1] == ["run"]:  # should the check regress, do not simulate into results/
        argv = [*argv, "--quiet", "--no-figures", "--out", str(out)]
    message = input_error(capsys, argv)
    assert_mentions(message, "command line", *fragments)
    assert not out.exists()
    assert not (ROOT / "map.txt").exists()


def test_weeks_flag_beyond_the_schema_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    message = input_error(capsys, ["run", "--weeks", "10000", "--quiet", "--no-figures",
                                   "--out", out])
    assert_mentions(message, "weeks", "10000")
    assert not out.exists()


# --------------------------------------------------------------------------- as a real process
def _misspelt_key(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = write_scenario(tmp_path, "wekes: 2\n")
    return ["validate", str(path)], [str(path), "wekes", "weeks"]


def _yaml_syntax(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = write_scenario(tmp_path, "name: broken\nweeks: 2: 3\n")
    return ["validate", str(path)], [str(path), "line 3"]


def _unknown_camera_gate(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = write_scenario(tmp_path, "enforcement:\n  camera_gates: [G99]\n")
    return ["validate", str(path)], [str(path), "enforcement.camera_gates", "G99"]


def _negative_seed(tmp_path: Path) -> tuple[list[str], list[str]]:
    return ["run", "--seed", "-3", "--out", str(tmp_path / "r")], ["--seed", "0 or more"]


def _seed_beyond_64_bits(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = write_scenario(tmp_path, "seed: 99999999999999999999999\n")
    return ["run", str(path), "--out", str(tmp_path / "r")], [str(path), "seed", "2^63 - 1"]


@pytest.mark.parametrize("case", [_misspelt_key, _yaml_syntax, _unknown_camera_gate,
                                  _negative_seed, _seed_beyond_64_bits],
                         ids=lambda f: f.__name__.strip("_"))
def test_python_dash_m_exits_2_without_traceback(tmp_path: Path, case) -> None:
    argv, fragments = case(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "sim", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("venster: error: ")
    assert_mentions(proc.stderr, *fragments)


# --------------------------------------------------------------------------- output paths
def test_run_refuses_to_overwrite_a_folder_that_is_not_a_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = tmp_path / "notes"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine", encoding="utf-8")
    message = input_error(capsys, ["run", "--quiet", "--no-figures", "--out", keep])
    assert_mentions(message, str(keep), "--out", "summary.json")
    assert (keep / "notes.txt").read_text(encoding="utf-8") == "mine"
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    for out in (a_file, a_file / "run"):
        message = input_error(capsys, ["run", "--quiet", "--no-figures", "--out", out])
        assert_mentions(message, str(a_file), "file")
    assert a_file.read_text(encoding="utf-8") == "x"


def test_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    message = input_error(capsys, ["map", "--out", a_file / "m.png"])
    assert_mentions(message, str(a_file))


@pytest.mark.parametrize(("body", "field"), [
    ("other_traffic:\n  trips_per_day: .inf\n", "other_traffic.trips_per_day"),
    ("other_traffic:\n  hourly_profile: [" + ", ".join(["0"] * 24) + "]\n",
     "other_traffic"),
    ("energy:\n  hydrogen_pathway: green\n  hydrogen_g_co2_per_kg: {grey: 1}\n", "energy"),
    ("demand:\n  scale: 1000000000\n", "demand.scale"),
], ids=["infinite", "zero-profile", "hydrogen-pathway", "huge-scale"])
def test_values_that_would_crash_later_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, field: str
) -> None:
    path = write_scenario(tmp_path, body)
    message = input_error(capsys, ["validate", path])
    assert_mentions(message, str(path), field)
