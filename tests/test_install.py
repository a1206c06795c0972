"""venster installed with `pip install .` (not editable) works from an empty folder.

Slow: it builds a fresh virtual environment and installs venster with its dependencies (from
pip's cache when they are there). It guards what a clone hides: scenarios, sweeps and the
GeoPackage must be inside the installed package, not found next to the sources.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow

# what a source tree holds that the build does not need (and must not write into)
SKIP = shutil.ignore_patterns(".git", ".venv", "venv", "results", "build", "dist", "*.egg-info",
                              "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
                              "tests", "bench", "docs")


def _run(args: list[str | Path], cwd: Path, timeout: float = 300) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": ""})
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_pip_install_then_run_schema_init_and_batch_from_an_empty_folder(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)  # pip builds in place: keep the clone clean
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          source], tmp_path, timeout=1800)
    shutil.rmtree(source)  # nothing may be read from the sources any more
    venster = bin_dir / "venster"
    empty = tmp_path / "empty"
    empty.mkdir()

    printed = _run([venster, "run", "--replications", "1", "--weeks", "1", "--no-figures",
                    "--quiet"], empty)
    assert printed == ""
    run_folder = empty / "results" / "assen-2023"
    summary = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["scenario"] == "assen-2023" and summary["kpis"]["deliveries_total"]["mean"]
    assert "site-packages" in (run_folder / "run.log").read_text(encoding="utf-8")

    _run([venster, "schema", "--out", "scenario.schema.json"], empty)
    schema = json.loads((empty / "scenario.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"].endswith("2020-12/schema") and "enforcement" in schema["properties"]

    assert "valid" in _run([venster, "validate", "assen-2018"], empty)
    _run([venster, "map", "--out", "map.png"], empty)
    assert (empty / "map.png").stat().st_size > 10_000
    _run([venster, "init", "mine"], empty)
    assert (empty / "mine" / "gis" / "assen.gpkg").is_file()

    sweep = empty / "tiny.yaml"
    sweep.write_text("base: assen-2023.yaml\nreplications: 1\nset: {weeks: 1}\n"
                     "variants:\n  - name: shipped-base\n", encoding="utf-8")
    _run([venster, "batch", sweep, "--workers", "1", "--quiet"], empty)
    assert (empty / "results" / "tiny" / "shipped-base" / "summary.json").is_file()
    shipped = _run([bin_dir / "python", "-c", "from sim.batch.sweep import load_sweep; "
                    "s = load_sweep('scenarios/sweeps/cameras.yaml'); print(len(s.variants))"],
                   empty)
    assert shipped.strip() == "6"
