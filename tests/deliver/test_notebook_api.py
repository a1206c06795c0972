"""The Python API a notebook uses: sim.run(...) -> RunResult with a short repr, summary(),
tables, save() and report(); the core's result stays a plain record."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim
import sim.runner
from sim.deliver.notebook import RunResult
from tests.helpers import ROOT

SCENARIO = ROOT / "scenarios" / "assen-2023.yaml"


@pytest.fixture(scope="module")
def result() -> RunResult:
    return sim.run(SCENARIO, seed=3, replications=2, keep_events=True)


def test_repr_is_short_and_says_what_ran(result: RunResult) -> None:
    text = repr(result)
    assert len(text) < 300
    assert "assen-2023" in text and "seed 3" in text and "2 replications of 1 week" in text
    assert "deliveries_total" in text and "violations_total" in text


def test_summary_is_a_frame_of_mean_interval_and_unit(result: RunResult, tmp_path: Path
                                                      ) -> None:
    s = result.summary()
    assert list(s.columns) == ["mean", "low", "high", "unit"] and s.index.name == "kpi"
    assert s.loc["deliveries_total", "unit"] == "deliveries"
    assert s.loc["deliveries_total", "mean"] == result.kpis["deliveries_total"].mean()
    both = s.dropna(subset=["low", "high"])
    assert len(both) > 50
    assert (both["low"] <= both["mean"] + 1e-9).all()
    assert (both["mean"] <= both["high"] + 1e-9).all()
    folder = result.save(tmp_path / "run", figures=False)
    kpis = json.loads((folder / "summary.json").read_text())["kpis"]
    assert list(s.index) == list(kpis)
    for name, k in kpis.items():
        for col, key in (("mean", "mean"), ("low", "ci95_low"), ("high", "ci95_high")):
            if k[key] is None:
                assert pd.isna(s.loc[name, col])
            else:
                assert s.loc[name, col] == pytest.approx(k[key], abs=1e-6), name


def test_tables_are_the_run_folders_tables(result: RunResult, tmp_path: Path) -> None:
    tables = result.tables
    assert tables is result.tables  # computed once
    assert {"by_hour", "by_gate", "by_shop_type", "by_segment"} <= set(tables)
    folder = result.save(tmp_path / "run", figures=False)
    for name, frame in tables.items():
        csv = pd.read_csv(folder / "tables" / f"{name}.csv")
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), csv, check_dtype=False,
                                      rtol=1e-5)


def test_save_writes_the_folder_venster_run_writes(result: RunResult, tmp_path: Path) -> None:
    folder = result.save(tmp_path / "run")
    names = {p.name for p in folder.iterdir()}
    assert {"summary.json", "kpis.csv", "scenario.resolved.yaml", "tables", "figures",
            "gates.gpkg", ".venster-files"} <= names
    assert any(folder.joinpath("figures").glob("*.png"))
    # a folder holding something else is refused, as on the command line
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("keep")
    from sim.errors import InputError

    with pytest.raises(InputError):
        result.save(tmp_path / "notes")


def test_report_is_built_by_the_report_package(result: RunResult, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = result.report(tmp_path / "r.html", lang="en")
    html = out.read_text(encoding="utf-8")
    assert out == tmp_path / "r.html" and "<html" in html[:500]
    assert "assen-2023" in html
    assert not list(scratch.iterdir())  # the run folder behind it is gone


def test_without_events_there_are_no_tables_but_a_summary(tmp_path: Path) -> None:
    r = sim.run(SCENARIO, seed=3, replications=1)
    assert "no events kept" in repr(r)
    assert r.summary().loc["deliveries_total", "mean"] > 0
    with pytest.raises(ValueError, match="keep_events=True"):
        _ = r.tables
    # saved, it holds no figures, and so no empty figures/ folder either
    with pytest.warns(UserWarning, match="keep_events=True"):
        folder = r.save(tmp_path / "run")
    assert (folder / "summary.json").is_file() and not (folder / "figures").exists()
    assert "figures" not in (folder / ".venster-files").read_text()


def test_save_without_figures_makes_no_figures_folder(result: RunResult, tmp_path: Path
                                                      ) -> None:
    folder = result.save(tmp_path / "run", figures=False)
    assert (folder / "tables").is_dir() and not (folder / "figures").exists()


def test_import_sim_stays_cheap() -> None:
    code = "import sys, sim; print('pandas' in sys.modules, 'geopandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"]


def test_the_notebook_result_is_the_cores_record_with_conveniences(result: RunResult) -> None:
    """sim.run returns sim.RunResult, a sim.runner.RunResult sharing its frames; the core's
    own run returns the plain record, whose repr names the run without the delivery layer."""
    assert type(result) is sim.RunResult and isinstance(result, sim.runner.RunResult)
    plain = sim.runner.run(SCENARIO, seed=3, replications=1)
    assert type(plain) is sim.runner.RunResult
    assert not any(hasattr(plain, name) for name in ("save", "report", "summary", "tables"))
    assert repr(plain).startswith("RunResult('assen-2023', seed 3, 1 replication of 1 week")
    wrapped = RunResult.of(plain)
    assert wrapped.kpis is plain.kpis and wrapped.summary().index.name == "kpi"
