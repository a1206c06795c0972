"""The command line as a planner uses it: run, validate, map, and the run folder it writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.cli.main import main
from sim.measure.registry import kpi_names
from sim.runfolder.write import write_run_folder
from sim.runner import run
from tests.helpers import ROOT

DESIGN_KPIS = [
    "deliveries_total", "deliveries_outside_window", "deliveries_failed", "zone_entries_total",
    "ze_share_entries", "ze_share_zone_km", "violations_total", "violations_detected",
    "fines_issued", "fine_revenue_eur", "compliance_rate", "vehicle_km_in_zone",
    "vehicle_minutes_in_zone_open_hours", "co2_wtw_kg", "co2_ttw_kg", "nox_g", "pm10_g",
    "carrier_extra_hours",
]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_default_run_writes_a_complete_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "assen-2023"
    assert main(["run", "--out", str(out), "--replications", "2", "--events"]) == 0
    printed = capsys.readouterr().out
    assert "deliveries_total" in printed and "violations_total" in printed
    # counts in proper English, as the report's words (no "replication(s)")
    assert "KPIs over 1 week, 2 replications" in printed
    assert "2 replications of 1 week, seed 2023" in printed and "(s)" not in printed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "assen-2023"
    assert summary["replications"] == 2 and summary["seed"] == 2023
    assert summary["version"] and summary["runtime_s"] > 0
    for name in DESIGN_KPIS:
        entry = summary["kpis"][name]
        assert set(entry) >= {"mean", "ci95_low", "ci95_high", "unit"}
    kpis = pd.read_csv(out / "kpis.csv")
    assert list(kpis["replication"]) == [0, 1]
    assert (out / "scenario.resolved.yaml").read_text().count("venstertijden") >= 1
    figures = {p.name for p in (out / "figures").iterdir()}
    assert {"entries_by_hour.png", "violations_by_hour_gate.png", "map_gates.png"} <= figures
    # the run's figures speak Dutch by default, like the report (matplotlib keeps each text
    # as a comment in the SVG)
    assert "uur van de dag" in (out / "figures" / "entries_by_hour.svg").read_text()
    events = pd.read_parquet(out / "events.parquet")
    assert set(events["replication"]) == {0, 1}
    # the KPIs in the folder are the KPIs of the events in the folder
    from sim.measure.kpis import compute_kpis
    from sim.scenario.load import load_scenario

    sc = load_scenario(out / "scenario.resolved.yaml")
    assert list(kpis.columns[1:]) == kpi_names(sc)
    again = compute_kpis(events[events["replication"] == 1].drop(columns="replication"), sc)
    assert again["violations_total"] == kpis.loc[1, "violations_total"]
    assert again["co2_ttw_kg"] == pytest.approx(kpis.loc[1, "co2_ttw_kg"])
    assert not list(tmp_path.glob(".*partial*"))


def test_same_seed_gives_byte_identical_kpis(tmp_path: Path) -> None:
    args = ["run", "scenarios/assen-2018.yaml", "--no-figures", "--quiet", "--seed"]
    assert main([*args, "7", "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "7", "--out", str(tmp_path / "b")]) == 0
    assert main([*args, "8", "--out", str(tmp_path / "c")]) == 0
    a, b, c = ((tmp_path / x / "kpis.csv").read_bytes() for x in "abc")
    assert a == b
    assert a != c


def test_weeks_flag_and_replication_zero_matches_a_single_run(tmp_path: Path) -> None:
    assert main(["run", "--weeks", "2", "--replications", "3", "--no-figures", "--quiet",
                 "--out", str(tmp_path / "w")]) == 0
    summary = json.loads((tmp_path / "w" / "summary.json").read_text())
    assert summary["weeks"] == 2 and summary["replications"] == 3
    ci = summary["kpis"]["deliveries_total"]
    assert ci["ci95_low"] < ci["mean"] < ci["ci95_high"]
    many = pd.read_csv(tmp_path / "w" / "kpis.csv")
    assert main(["run", "--weeks", "2", "--no-figures", "--quiet",
                 "--out", str(tmp_path / "one")]) == 0
    one = pd.read_csv(tmp_path / "one" / "kpis.csv")
    pd.testing.assert_frame_equal(many.iloc[[0]], one, check_dtype=False)


def test_interrupted_write_leaves_no_finished_looking_folder(tmp_path: Path, assen_2023,
                                                            assen_geo) -> None:
    result = run(assen_2023, 1, geo=assen_geo)
    out = tmp_path / "run"
    write_run_folder(result, out)
    before = (out / "kpis.csv").read_bytes()

    def broken_figures(_result, _folder):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_run_folder(run(assen_2023, 2, geo=assen_geo), out, figures=broken_figures)
    # the earlier complete folder is untouched and no partial folder is left behind
    assert (out / "kpis.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_run_figures_in_english_on_request(tmp_path: Path) -> None:
    out = tmp_path / "en"
    assert main(["run", "--out", str(out), "--weeks", "1", "--quiet", "--lang", "en"]) == 0
    svg = (out / "figures" / "violations_by_hour_gate.svg").read_text()
    assert "hour of the day" in svg and "uur van de dag" not in svg
    # the two panels share one colour scale: one colour bar, not one per panel
    assert svg.count("entries per day (mean)") == 1
    assert main(["run", "--out", str(tmp_path / "de"), "--lang", "de"]) == 2


def test_validate_and_map(tmp_path: Path, capsys) -> None:
    assert main(["validate", "scenarios/assen-2018.yaml"]) == 0
    out = capsys.readouterr().out
    assert "13 gates (3 with a camera)" in out
    png = tmp_path / "m.png"
    assert main(["map", "--out", str(png)]) == 0
    assert png.stat().st_size > 50_000


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "run", "--no-figures", "--out", str(tmp_path / "r")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "deliveries_total" in proc.stdout
    assert (tmp_path / "r" / "summary.json").is_file()


@pytest.mark.parametrize(("n", "noun", "plural", "expected"), [
    (0, "week", None, "0 weeks"), (1, "week", None, "1 week"), (2, "week", None, "2 weeks"),
    (1_000, "run", None, "1,000 runs"), (1, "more problem", None, "1 more problem"),
    (3, "entry", "entries", "3 entries"), (1, "entry", "entries", "1 entry"),
])
def test_counts_read_as_english(n: int, noun: str, plural: str | None, expected: str) -> None:
    from sim.counted import counted

    assert counted(n, noun, plural) == expected
