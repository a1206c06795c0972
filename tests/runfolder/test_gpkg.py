"""gates.gpkg: every run folder's counts per gate and hour, for QGIS's temporal controller."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from sim.cli.main import main
from sim.runfolder.gate_hours import gate_hours
from tests.helpers import ROOT

# gates_by_hour column -> the KPI its sum over gates and hours must equal
KPI_OF = {
    "goods_entries": "zone_entries_total",
    "goods_violations": "violations_total",
    "goods_fines": "fines_issued",
    "other_entries": "other_entries_total",
    "other_violations": "other_violations_total",
    "other_fines": "other_fines_issued",
}


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gpkg") / "run"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        assert main(["run", "--out", str(out), "--replications", "2", "--seed", "11",
                     "--quiet", "--no-figures"]) == 0
    return out


def test_layers_open_with_geopandas_in_rd_new(run_folder: Path) -> None:
    path = run_folder / "gates.gpkg"
    assert "gates.gpkg" in (run_folder / ".venster-files").read_text().splitlines()
    hours = gpd.read_file(path, layer="gates_by_hour")
    gates = gpd.read_file(path, layer="gates")
    zone = gpd.read_file(path, layer="zone")
    for layer in (hours, gates, zone):
        assert layer.crs.to_epsg() == 28992
    assert set(hours.geom_type) == {"Point"} and set(zone.geom_type) == {"Polygon"}
    assert pd.api.types.is_datetime64_any_dtype(hours["start_time"])
    assert pd.api.types.is_datetime64_any_dtype(hours["end_time"])
    # one row per gate and hour of the week, each an hour long, starting on the run's Monday
    assert len(hours) == 13 * 168 and hours["gate"].nunique() == 13
    assert (hours["end_time"] - hours["start_time"] == pd.Timedelta(hours=1)).all()
    assert hours["start_time"].min() == pd.Timestamp("2023-10-02 00:00")
    assert hours["start_time"].max() == pd.Timestamp("2023-10-08 23:00")
    assert (hours["start_time"].dt.hour == hours["hour"]).all()
    # the points are the gates, inside the zone's reach (on its boundary)
    assert zone.geometry.iloc[0].buffer(50).contains(gates.geometry).all()


def test_counts_sum_to_the_kpis_and_match_the_tables(run_folder: Path) -> None:
    path = run_folder / "gates.gpkg"
    hours = gpd.read_file(path, layer="gates_by_hour")
    summary = json.loads((run_folder / "summary.json").read_text())["kpis"]
    for column, kpi in KPI_OF.items():
        assert hours[column].sum() == pytest.approx(summary[kpi]["mean"]), column
    assert hours["goods_violations"].sum() > 0 and hours["other_fines"].sum() > 0
    # per gate the same as tables/by_gate.csv
    by_gate = pd.read_csv(run_folder / "tables" / "by_gate.csv").set_index("gate")
    totals = hours.groupby("gate")[list(KPI_OF)].sum()
    gates = gpd.read_file(path, layer="gates").set_index("gate")
    for column in ("goods_entries", "goods_violations", "other_entries", "other_violations"):
        pd.testing.assert_series_equal(totals[column].reindex(by_gate.index), by_gate[column],
                                       check_names=False, atol=1e-6)
        pd.testing.assert_series_equal(gates[column].reindex(totals.index), totals[column],
                                       check_names=False, atol=1e-9)
    # per hour of the day the same as tables/by_hour.csv, once the days are folded together
    by_hour = pd.read_csv(run_folder / "tables" / "by_hour.csv").set_index("hour")
    folded = hours.groupby("hour")[["goods_violations", "other_violations"]].sum()
    np.testing.assert_allclose(folded["goods_violations"], by_hour["goods_violations"],
                               atol=1e-6)
    np.testing.assert_allclose(folded["other_violations"], by_hour["other_violations"],
                               atol=1e-6)


def test_zone_layer_holds_the_run_and_its_kpi_means(run_folder: Path) -> None:
    zone = gpd.read_file(run_folder / "gates.gpkg", layer="zone")
    summary = json.loads((run_folder / "summary.json").read_text())
    row = zone.iloc[0]
    assert row["scenario"] == "assen-2023" and row["seed"] == 11
    assert row["replications"] == 2 and row["weeks"] == 1
    for name, kpi in summary["kpis"].items():
        if kpi["mean"] is None:
            assert np.isnan(row[name]), name
        else:
            assert row[name] == pytest.approx(kpi["mean"]), name


def test_gate_hours_keeps_late_events_and_averages_replications() -> None:
    def events(rows: list[tuple[float, str, str, str, bool, str]]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=["t", "kind", "party", "gate", "allowed", "outcome"])

    rep0 = events([(30.0, "entry", "goods", "A", True, ""),
                   (61.0, "entry", "goods", "B", False, ""),
                   (61.0, "case", "goods", "B", False, "fine"),
                   (200.0, "entry", "other", "A", False, ""),
                   (200.0, "case", "other", "A", False, "warning")])
    rep1 = events([(59.9, "entry", "goods", "A", True, "")])
    counts = gate_hours({0: rep0, 1: rep1}, ["A", "B"], period_hours=2)
    assert counts.hours == 4  # the period's 2 hours, stretched to the event in hour 3
    np.testing.assert_allclose(counts.counts["goods_entries"], [[1, 0, 0, 0], [0, 0.5, 0, 0]])
    np.testing.assert_allclose(counts.counts["goods_violations"][1], [0, 0.5, 0, 0])
    np.testing.assert_allclose(counts.counts["goods_fines"][1], [0, 0.5, 0, 0])
    np.testing.assert_allclose(counts.counts["other_violations"][0], [0, 0, 0, 0.5])
    assert counts.counts["other_fines"].sum() == 0  # a warning is not a fine
    with pytest.raises(ValueError, match="C"):
        gate_hours({0: events([(1.0, "entry", "goods", "C", True, "")])}, ["A"], 1)
