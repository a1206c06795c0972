"""Traceability: each run folder holds run.log, and summary.json the versions behind it."""

from __future__ import annotations

import json
import platform
import sys
import warnings
from pathlib import Path

import numpy
import pydantic
import pytest
import simpy

from sim.cli.main import main
from sim.runfolder.layout import FILES_LIST
from sim.runfolder.provenance import LIBRARIES, environment
from sim.runfolder.runlog import LOGGER, recording
from sim.runfolder.write import write_run_folder
from sim.runner import run
from tests.helpers import ROOT, SCENARIOS


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runlog") / "assen-2023"
    assert main(["run", str(SCENARIOS / "assen-2023.yaml"), "--out", str(out),
                 "--replications", "2", "--weeks", "1", "--no-figures", "--quiet",
                 "--seed", "11"]) == 0
    return out


def test_run_log_says_what_ran_how_long_and_where_it_went(run_folder: Path) -> None:
    log = (run_folder / "run.log").read_text(encoding="utf-8")
    assert f"scenario file {(SCENARIOS / 'assen-2023.yaml').resolve()}" in log
    assert "seed 11" in log and "2 replications" in log
    assert "geodata " in log and str((ROOT / "gis" / "assen.gpkg").resolve()) in log
    for r in (0, 1):
        assert f"replication {r} done in " in log
        assert f"replication {r}: " in log and " events" in log
    assert f"results written to {run_folder.resolve()}" in log
    lines = log.splitlines()
    assert all(line[:4].isdigit() and "Z " in line[:30] for line in lines)  # UTC time stamps
    listed = (run_folder / FILES_LIST).read_text(encoding="utf-8").splitlines()
    assert "run.log" in listed


def test_summary_records_python_platform_and_library_versions(run_folder: Path) -> None:
    env = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))["environment"]
    assert env["python"] == platform.python_version()
    assert env["platform"].startswith(platform.system())
    libs = env["libraries"]
    assert set(libs) == set(LIBRARIES)
    assert libs["numpy"] == numpy.__version__
    assert libs["simpy"] == simpy.__version__
    assert libs["pydantic"] == pydantic.VERSION
    from importlib import metadata

    for dist in ("pyvrp", "pyarrow", "shapely", "pandas", "PyYAML"):
        assert libs[dist] == metadata.version(dist), dist


def test_versions_of_libraries_not_yet_imported_come_from_installed_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib import metadata

    monkeypatch.delitem(sys.modules, "pyvrp", raising=False)
    assert environment()["libraries"]["pyvrp"] == metadata.version("pyvrp")


def test_warnings_during_a_run_reach_its_log(tmp_path: Path, assen_2023) -> None:
    result = run(assen_2023.model_copy(update={"weeks": 1}), 3, replications=1)
    with recording():
        LOGGER.info("before the run")
        warnings.warn("a warning a run raised", UserWarning, stacklevel=1)
        write_run_folder(result, tmp_path / "r")
    log = (tmp_path / "r" / "run.log").read_text(encoding="utf-8")
    assert "before the run" in log
    assert "WARNING" in log and "a warning a run raised" in log


def test_a_run_saved_from_python_still_gets_a_log(tmp_path: Path, assen_2023) -> None:
    result = run(assen_2023, 5, replications=1)
    write_run_folder(result, tmp_path / "api")
    log = (tmp_path / "api" / "run.log").read_text(encoding="utf-8")
    assert "ran assen-2023: 1 replication of 1 week" in log and "seed 5" in log
    assert "results written to" in log
