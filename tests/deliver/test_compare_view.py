"""`venster compare` on screen: the KPIs it prints (headline by default, all on request)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from sim.cli.main import main
from sim.deliver.compare_view import pick_kpis
from sim.errors import InputError
from sim.runfolder.summary import RunSummary
from sim.runfolder.write import write_csv_text


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
    summary = RunSummary(folder.name, 1, len(kpis["replication"]), 1, dt.date(2023, 10, 2), {})
    (folder / "summary.json").write_text(summary.text())
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
