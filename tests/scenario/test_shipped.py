"""The shipped scenarios, sweeps and GeoPackage are found from any folder, and packaged whole."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from setuptools import find_packages

from sim.batch.sweep import load_sweep
from sim.cli.main import main
from sim.scenario.load import load_scenario
from sim.scenario.shipped import gis_dir, resolve, scenarios_dir, shipped_names
from tests.helpers import ROOT, SCENARIOS


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder outside the repository."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_from_a_clone_the_shipped_files_are_the_top_level_folders() -> None:
    assert scenarios_dir() == SCENARIOS
    assert gis_dir() == ROOT / "gis"


@pytest.mark.parametrize("given", ["assen-2018", "assen-2018.yaml", "scenarios/assen-2018.yaml"])
def test_a_name_or_repository_path_finds_the_shipped_scenario(elsewhere: Path, given: str) -> None:
    assert resolve(given) == SCENARIOS / "assen-2018.yaml"
    assert load_scenario(given).name == "assen-2018"


def test_a_sweep_is_found_by_name_from_any_folder(elsewhere: Path) -> None:
    assert resolve("cameras", "sweep") == SCENARIOS / "sweeps" / "cameras.yaml"
    assert resolve("scenarios/sweeps/cameras.yaml", "sweep") == SCENARIOS / "sweeps/cameras.yaml"
    sweep = load_sweep("cameras")
    assert sweep.name == "cameras" and sweep.base == SCENARIOS / "assen-2023.yaml"


def test_the_users_file_wins_over_the_shipped_one(elsewhere: Path) -> None:
    own = elsewhere / "scenarios" / "assen-2023.yaml"
    own.parent.mkdir()
    own.write_text(f"extends: {SCENARIOS / 'assen-2023.yaml'}\nname: my-own\n", encoding="utf-8")
    assert resolve("scenarios/assen-2023.yaml") == Path("scenarios/assen-2023.yaml")
    assert load_scenario("scenarios/assen-2023.yaml").name == "my-own"


def test_nothing_found_exits_2_listing_the_shipped_names(
    elsewhere: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "assen-2099"]) == 2
    err = capsys.readouterr().err
    assert "assen-2099" in err and "not found" in err
    for name in shipped_names():
        assert name in err
    assert main(["batch", "no-such-sweep", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "no-such-sweep" in err and "cameras" in err and "window-options" in err


def test_a_copied_scenario_without_its_gis_folder_uses_the_shipped_geopackage(
    elsewhere: Path,
) -> None:
    (elsewhere / "base").mkdir()
    shutil.copy(SCENARIOS / "base" / "assen-centre.yaml", elsewhere / "base")
    shutil.copy(SCENARIOS / "assen-2023.yaml", elsewhere)
    scenario = load_scenario(elsewhere / "assen-2023.yaml")
    assert Path(scenario.geography) == (ROOT / "gis" / "assen.gpkg").resolve()


def test_a_users_file_may_extend_a_shipped_one_by_name(elsewhere: Path) -> None:
    mine = elsewhere / "until-13.yaml"
    mine.write_text("extends: assen-2023.yaml\nname: until-13\n", encoding="utf-8")
    scenario = load_scenario(mine)
    assert scenario.name == "until-13" and scenario.start_date.year == 2023


def test_pyproject_lists_every_package_and_ships_every_scenario_file() -> None:
    """setuptools is given the packages by name (two of them live outside sim/), so a new
    sub-package must be added to pyproject.toml, or `pip install .` would leave it out."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"]
    found = set(find_packages(where=str(ROOT), include=["sim", "sim.*"]))
    listed = set(config["packages"])
    assert listed - found == {"sim._files.scenarios", "sim._files.gis"}
    assert found <= listed, f"add {sorted(found - listed)} to pyproject.toml"
    assert config["package-dir"] == {"sim._files.scenarios": "scenarios",
                                     "sim._files.gis": "gis"}
    globs = config["package-data"]["sim._files.scenarios"]
    for f in SCENARIOS.rglob("*"):
        if f.is_file():
            rel = f.relative_to(SCENARIOS)
            assert any(rel.match(g) and len(rel.parts) == len(Path(g).parts) for g in globs), rel
    assert "assen.gpkg" in config["package-data"]["sim._files.gis"]
