"""`venster compare` on screen: the report's number rules and the KPIs it prints."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.deliver.cli import main
from sim.deliver.compare_view import difference, pick_kpis, value
from sim.deliver.results import write_csv_text
from sim.errors import InputError


def test_each_kpi_keeps_its_own_decimals_and_shares_use_points() -> None:
    assert value("violations_total", 47.04) == "47"
    assert value("violations_total", 1.8083) == "1.8"
    assert value("ze_share_entries", 0.2215) == "22.2%"
    assert value("carrier_extra_cost_eur", 2727.9) == "€2,728"
    assert difference("ze_share_entries", -0.0008083, -0.0016, -0.0001) == (
        "-0.08 pp", "-0.16 pp … -0.01 pp")
    assert difference("violations_total", -0.6, -1.7, 0.5) == ("-0.6", "-1.7 … +0.5")
    assert difference("carrier_extra_cost_eur", -287.2, -500.1, -73.4) == (
        "-€287", "-€500 … -€73")
    diff, interval = difference("route_km", -2.239, -2.9, -0.004)
    assert diff == "-2.239"
    assert "… -0.004" in interval  # a bound clear of zero never reads 0


def test_the_default_is_the_headline_and_all_is_on_request() -> None:
    available = ["deliveries_total", "violations_total", "fines_issued", "route_km", "nox_g"]
    assert pick_kpis(None, available) == ["violations_total", "fines_issued", "route_km",
                                          "nox_g"]
    assert pick_kpis("all", available) == available
    assert pick_kpis("nox_g, deliveries_total", available) == ["deliveries_total", "nox_g"]
    with pytest.raises(InputError, match="did you mean 'fines_issued'"):
        pick_kpis("fines_isued", available)


def _run(folder: Path, kpis: dict[str, list[float]]) -> Path:
    folder.mkdir()
    (folder / "kpis.csv").write_text(write_csv_text(pd.DataFrame(kpis)))
    (folder / "summary.json").write_text(json.dumps({"seed": 1}))
    return folder


def test_the_command_prints_the_headline_and_writes_every_kpi(tmp_path: Path, capsys) -> None:
    base = _run(tmp_path / "a", {"replication": [0, 1, 2], "violations_total": [40.0, 47, 50],
                                 "deliveries_total": [900.0, 910, 905],
                                 "ze_share_entries": [0.2, 0.21, 0.22]})
    run = _run(tmp_path / "b", {"replication": [0, 1, 2], "violations_total": [1.0, 2, 2.4],
                                "deliveries_total": [900.0, 910, 905],
                                "ze_share_entries": [0.25, 0.26, 0.28]})
    csv = tmp_path / "c.csv"
    assert main(["compare", str(base), str(run), "--out", str(csv)]) == 0
    out = capsys.readouterr().out
    assert "violations_total" in out and "pp" in out and "deliveries_total" not in out
    assert "2 of 3 KPIs shown" in out
    assert len(pd.read_csv(csv)) == 3
    assert main(["compare", str(base), str(run), "--out", str(csv), "--kpis", "all"]) == 0
    assert "deliveries_total" in capsys.readouterr().out
    assert main(["compare", str(base), str(run), "--kpis", "violation_total"]) == 2
    assert "--kpis" in capsys.readouterr().err
