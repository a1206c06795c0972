"""`venster report --sensitivity DIR`: the sources section names, for each headline the runs
measured, the assumptions it depends on most, in the reader's language."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sim.cli.main import main


def _sensitivity_folder(folder: Path) -> Path:
    folder.mkdir()
    pd.DataFrame({
        "kpi": ["other_violations_total"] * 3 + ["street_parking_revenue_eur"],
        "rank": [1, 2, 3, 1],
        "parameter": ["other_traffic.newcomer_trips_per_day", "other_traffic.choice_noise_eur",
                      "demand.scale", "demand.scale"],
        "above_noise": [True, True, False, True],
        "mu_star_rel": [1.0, 0.8, 0.01, 1.0], "sobol_st": [0.5, 0.4, None, None],
    }).to_csv(folder / "ranking.csv", index=False)
    (folder / "sensitivity.json").write_text(json.dumps({
        "scenario": "assen-2023", "runs": 832, "kpis": ["other_violations_total",
                                                         "street_parking_revenue_eur"],
        "parameters": [{"name": "a"}] * 19}), encoding="utf-8")
    return folder


def test_report_names_the_assumptions_each_headline_hangs_on(tmp_path: Path) -> None:
    run = tmp_path / "run"
    assert main(["run", "assen-2023", "--out", str(run), "--quiet", "--no-figures"]) == 0
    sens = _sensitivity_folder(tmp_path / "sens")
    out = tmp_path / "r.html"
    assert main(["report", str(run), "--out", str(out), "--quiet", "--sensitivity",
                 str(sens)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Welke aannames de uitkomsten het meest bepalen" in html
    assert "hoeveel onbekende bezoekers per dag naar het gebied rijden" in html
    assert "het aantal leveringen" not in html  # below the noise floor; parking not simulated
    assert main(["report", str(run), "--out", str(tmp_path / "e.html"), "--quiet", "--lang",
                 "en", "--sensitivity", str(sens)]) == 0
    assert "how many visitors new to the area" in (tmp_path / "e.html").read_text("utf-8")
    assert main(["report", str(run), "--out", str(out), "--quiet", "--sensitivity",
                 str(tmp_path / "none")]) == 2
