"""A tiny sensitivity study end to end: it runs on common random numbers, finds the parameter
that drives a KPI, leaves out KPIs the scenario does not simulate, and resumes from disk."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.cli.main import main

PLAN = """
set: {rounds: null, demand.scale: 0.3}
seed: 5
replications: 2
kpis: [other_violations_total, street_parking_revenue_eur]
morris: {trajectories: 2, levels: 4}
sobol: {top: 1, base_samples: 4}
parameters:
  - {key: other_traffic.newcomer_trips_per_day, range: [10, 120], source: assumption}
  - {key: segments.*.redelivery_cost_eur, scale: true, range: [0.5, 2], source: assumption}
"""


def test_sensitivity_ranks_newcomers_for_other_violations(tmp_path: Path) -> None:
    params = tmp_path / "p.yaml"
    params.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "s"
    args = ["sensitivity", "assen-2023", "--params", str(params), "--out", str(out),
            "--workers", "1", "--quiet"]
    assert main(args) == 0
    table = pd.read_csv(out / "sensitivity.csv")
    rank = pd.read_csv(out / "ranking.csv")
    top = rank[rank["kpi"] == "other_violations_total"].iloc[0]
    assert top["parameter"] == "other_traffic.newcomer_trips_per_day" and top["above_noise"]
    # other cars do not meet carriers' re-delivery costs: on common random numbers its
    # effect on their violations is exactly nothing
    m = table[(table["kpi"] == "other_violations_total") & (table["index"] == "mu_star")]
    assert m.set_index("parameter").loc["segments.*.redelivery_cost_eur (x)", "value"] == 0.0
    assert set(table[table["method"] == "sobol"]["index"]) == {"S1", "ST"}
    assert (out / "figures" / "other_violations_total.png").is_file()
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "street_parking_revenue_eur" in summary and "not simulated" in summary
    # resumed: nothing left to run, the same table
    runs = sorted(p.name for p in (out / ".runs").rglob("*.json"))
    assert main(args) == 0
    assert sorted(p.name for p in (out / ".runs").rglob("*.json")) == runs
    pd.testing.assert_frame_equal(pd.read_csv(out / "sensitivity.csv"), table)


def test_sensitivity_refuses_bad_input(tmp_path: Path) -> None:
    params = tmp_path / "p.yaml"
    params.write_text(PLAN.replace("newcomer_trips_per_day", "no_such_key"), encoding="utf-8")
    assert main(["sensitivity", "assen-2023", "--params", str(params), "--out",
                 str(tmp_path / "s")]) == 2
    assert main(["sensitivity", "assen-2023", "--kpis", "not_a_kpi", "--out",
                 str(tmp_path / "s")]) == 2
    assert main(["sensitivity", "assen-2023", "--params", str(tmp_path / "missing.yaml")]) == 2
