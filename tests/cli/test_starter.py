"""`venster init` and `venster schema`: the planner's own copy, and the schema editors use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from sim.cli.main import main
from sim.scenario.load import load_scenario, read_yaml
from sim.scenario.schema import scenario_schema, schema_text, sweep_schema
from tests.helpers import SCENARIOS

SHIPPED = sorted(SCENARIOS.rglob("*.yaml"))
SWEEPS = [p for p in SHIPPED if p.parent.name == "sweeps"]
SEARCHES = [p for p in SHIPPED if p.parent.name == "searches"]
# sensitivity parameter sets (venster sensitivity) are neither scenarios nor sweeps; the
# shipped one is checked in tests/evidence/test_params.py
SENSITIVITY = [p for p in SHIPPED if p.parent.name == "sensitivity"]
SCENARIO_FILES = [p for p in SHIPPED if p not in SWEEPS and p not in SEARCHES
                  and p not in SENSITIVITY]
# numbers that name rather than measure: no unit
NOT_QUANTITIES = {"seed"}


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCENARIOS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _as_json(path: Path) -> Any:
    """The file as an editor's YAML 1.2 parser hands it to the schema: keys are text."""
    return json.loads(json.dumps(read_yaml(path)))


# ------------------------------------------------------------------------------------ init

def test_init_copies_scenarios_sweeps_and_geodata(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine"
    assert main(["init", str(target)]) == 0
    out = capsys.readouterr().out
    for path in SHIPPED:
        rel = Path("scenarios") / path.relative_to(SCENARIOS)
        assert (target / rel).read_bytes() == path.read_bytes()
        assert rel.as_posix() in out
    assert (target / "scenarios" / "scenario.schema.json").is_file()
    assert (target / "gis" / "assen.gpkg").is_file()
    assert "venster run" in out and str(target) in out
    # the copies find their own copy of the GeoPackage, not the shipped one
    scenario = load_scenario(target / "scenarios" / "assen-2023.yaml")
    assert Path(scenario.geography) == (target / "gis" / "assen.gpkg").resolve()


def test_init_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine"
    edited = target / "scenarios" / "assen-2018.yaml"
    edited.parent.mkdir(parents=True)
    edited.write_text("name: my-edit\n", encoding="utf-8")
    assert main(["init", str(target)]) == 2
    err = capsys.readouterr().err
    assert "scenarios/assen-2018.yaml" in err and "--force" in err
    assert "already holds a file venster init would write" in " ".join(err.split())
    assert str(target.name) in err
    assert edited.read_text(encoding="utf-8") == "name: my-edit\n"
    assert not (target / "gis").exists()  # nothing written when refused
    assert main(["init", str(target), "--force"]) == 0
    assert edited.read_bytes() == (SCENARIOS / "assen-2018.yaml").read_bytes()


def test_init_into_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    assert main(["init", str(target)]) == 2
    assert "a-file" in capsys.readouterr().err


# ---------------------------------------------------------------------------------- schema

def test_the_shipped_schemas_are_up_to_date_with_the_models() -> None:
    """Regenerate with `venster schema --out scenarios/scenario.schema.json` (and `--sweep
    --out scenarios/sweep.schema.json`) after changing sim/scenario/."""
    assert (SCENARIOS / "scenario.schema.json").read_text(encoding="utf-8") == schema_text(
        scenario_schema())
    assert (SCENARIOS / "sweep.schema.json").read_text(encoding="utf-8") == schema_text(
        sweep_schema())


def test_schema_command_prints_and_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    out = tmp_path / "deep" / "s.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == printed
    assert main(["schema", "--out", str(tmp_path)]) == 2


def _numeric(prop: dict[str, Any]) -> bool:
    """Whether a property holds numbers: itself, in a list, or as the values of a mapping."""
    stack = [prop]
    while stack:
        node = stack.pop()
        if node.get("type") in ("number", "integer"):
            return True
        stack.extend(node.get("anyOf", []))
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                stack.append(node[key])
    return False


@pytest.mark.parametrize("schema", [scenario_schema(), sweep_schema()], ids=["scenario", "sweep"])
def test_every_property_has_a_description_and_every_quantity_a_unit(
    schema: dict[str, Any]
) -> None:
    models = [("(top)", schema), *schema.get("$defs", {}).items()]
    models += [("variants", schema["properties"].get("variants", {}).get("items", {}))]
    checked = 0
    for model, node in models:
        for name, prop in node.get("properties", {}).items():
            checked += 1
            assert prop.get("description"), f"{model}.{name} has no description"
            if _numeric(prop) and name not in NOT_QUANTITIES:
                assert prop.get("unit"), f"{model}.{name} is a quantity without a unit"
                assert f"[{prop['unit']}]" in prop["description"]  # editors show descriptions
    assert checked > (150 if "$defs" in schema else 8)


def test_partial_files_need_no_key_but_list_items_stay_complete() -> None:
    schema = scenario_schema()
    assert "required" not in schema
    required = {name for name, d in schema["$defs"].items() if d.get("required")}
    assert required == {"WindowRule", "ScheduledOutage", "TransitionRule", "Campaign"}
    v = Draft202012Validator(schema)
    assert v.is_valid({"extends": "assen-2023.yaml", "weeks": 2})
    assert v.is_valid({"segments": {"parcel": {"carriers": 3}}})  # merges into the base
    assert not v.is_valid({"policy": {"rules": [{"name": "r"}]}})  # a list item is whole


@pytest.mark.parametrize("path", [p for p in SHIPPED if p not in SENSITIVITY],
                         ids=lambda p: p.relative_to(SCENARIOS).as_posix())
def test_every_shipped_file_validates_and_points_at_its_schema(path: Path) -> None:
    name = ("sweep.schema.json" if path in SWEEPS else
            "search.schema.json" if path in SEARCHES else "scenario.schema.json")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
    assert target == (SCENARIOS / name).resolve()
    errors = [f"{'.'.join(map(str, e.path))}: {e.message}"
              for e in _validator(name).iter_errors(_as_json(path))]
    assert not errors, errors[:3]


def test_files_using_extends_are_among_the_validated_ones() -> None:
    assert sum("extends" in read_yaml(p) for p in SCENARIO_FILES) >= 10


@pytest.mark.parametrize("typo", [
    {"weeks": 1, "enforcment": {}},
    {"enforcement": {"read_rat": 0.9}},
    {"segments": {"parcel": {"dwell": {"mean_mins": 4}}}},
    {"policy": {"rules": [{"name": "r", "days": ["weekday"], "hours": ["07:00-12:00"],
                           "zero_emision_only": True}]}},
], ids=["top", "section", "inside-a-mapping", "inside-a-list"])
def test_a_misspelt_key_fails(typo: dict[str, Any]) -> None:
    v = _validator("scenario.schema.json")
    errors = list(v.iter_errors(typo))
    assert errors and any("Additional properties" in e.message for e in errors)


def test_a_misspelt_sweep_key_fails() -> None:
    v = _validator("sweep.schema.json")
    assert v.is_valid(_as_json(SWEEPS[0]))
    assert not v.is_valid({**_as_json(SWEEPS[0]), "replicatons": 3})
    assert not v.is_valid({"base": "a.yaml", "variants": [{"name": "x", "sett": {}}]})
