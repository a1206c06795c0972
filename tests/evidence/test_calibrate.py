"""Calibration from an hourly camera log: the statistics a municipality can compute, the
distance, the command's files and refusals, and a small recovery study (CI's form of
docs/calibration.md): a log simulated with twice the newcomers is fitted back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.batch.sweep import scenario_json
from sim.cli.main import main
from sim.evidence.calibrate import Setup, distance, posterior_summary, run_abc
from sim.evidence.log_stats import simulated_statistics, statistics
from sim.evidence.params import Param, apply, with_overrides
from sim.scenario.models import Scenario
from tests.helpers import SCENARIOS

NEWCOMERS = "other_traffic.newcomer_trips_per_day"


def _log() -> pd.DataFrame:
    return pd.DataFrame({
        "datum": ["2023-10-02", "2023-10-02", "2023-10-08", "2023-10-08"],
        "uur": [7, 8, 7, 20], "camera_id": ["C1", "C1", "C2", None],
        "voertuig_soort": ["Bedrijfsauto", "Personenauto", "Bedrijfsauto", "Personenauto"],
        "aantal": [4, 2, 6, 9], "niet_toegestaan": [0, 2, 1, 9]})


def test_statistics_per_day_and_only_at_cameras() -> None:
    s = statistics(_log())
    assert s["entries|C1|Bedrijfsauto"] == 4 / 7  # per day of a week's log
    assert s["hourly|7|Bedrijfsauto"] == 10 / 7
    assert s["not_allowed|C2"] == 1 / 7
    assert not any("20" in k.split("|")[1] for k in s if k.startswith("hourly"))  # no camera
    assert not any(k.startswith("boetes") for k in s)  # the log has no letters column


def test_distance_weighs_each_kind_of_statistic_alike() -> None:
    obs = {"entries|a": 10.0, "entries|b": 10.0, "not_allowed|a": 0.0}
    assert distance(obs, obs) == 0.0
    one = distance({**obs, "not_allowed|a": 1.0}, obs)
    assert one == pytest.approx(0.5)  # (1/1) in one of two kinds
    assert distance({**obs, "entries|a": 11.0}, obs) == pytest.approx((1 / 11) / 2 / 2)


def test_calibrate_command_files_and_refusals(tmp_path: Path, assen_2023: Scenario) -> None:
    log = tmp_path / "log.csv"
    _log().assign(camera_id=["CAM01", "CAM01", "CAM02", ""]).to_csv(log, index=False)
    base = tmp_path / "s.yaml"
    base.write_text(f"extends: {SCENARIOS / 'assen-2023.yaml'}\nname: quick\nrounds: null\n"
                    "demand: {scale: 0.2}\n", encoding="utf-8")
    out = tmp_path / "cal"
    args = ["calibrate", str(log), "--scenario", str(base), "--param", f"{NEWCOMERS}=10:160",
            "--budget", "10", "--population", "5", "--workers", "1", "--quiet", "--out",
            str(out)]
    assert main(args) == 0
    post = pd.read_csv(out / "posterior.csv")
    assert list(post.columns) == ["weight", NEWCOMERS, "distance"]
    assert post["weight"].sum() == pytest.approx(1.0)
    cal = yaml.safe_load((out / "calibrated.yaml").read_text(encoding="utf-8"))
    assert cal["name"] == "quick-calibrated" and Path(cal["extends"]).is_file()
    assert 10 <= cal["other_traffic"]["newcomer_trips_per_day"] <= 160
    from sim.scenario.load import load_scenario

    assert load_scenario(out / "calibrated.yaml").other_traffic.newcomer_trips_per_day == \
        cal["other_traffic"]["newcomer_trips_per_day"]
    for f in ("figures/prior_posterior.png", "figures/observed_vs_simulated.png",
              "summary.md"):
        assert (out / f).is_file()
    # another calibration into the same folder is refused; bad input exits 2
    assert main([*args[:4], "other_traffic.non_responder_share=0:0.1", *args[5:]]) == 2
    assert main([*args[:6], "--budget", "3", *args[8:]]) == 2
    assert main(["calibrate", str(tmp_path / "none.csv"), *args[2:]]) == 2
    short = tmp_path / "short.csv"
    _log().assign(datum="2023-10-02").to_csv(short, index=False)
    assert main(["calibrate", str(short), *args[2:]]) == 2  # one day, not whole weeks
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"datum": ["x"], "uur": [1]}).to_csv(bad, index=False)
    assert main(["calibrate", str(bad), *args[2:]]) == 2
    assert main([*args[:4], "no.such.key=1:2", *args[5:8], "--out", str(tmp_path / "c2")]) == 2


@pytest.mark.slow
def test_recovery_of_doubled_newcomers(assen_2023: Scenario, tmp_path: Path) -> None:
    """Truth (80 newcomer trips a day, twice the default) inside the 90% interval, the
    default (40) outside. Small budget, fixed seeds; docs/calibration.md has the full run."""
    base = with_overrides(assen_2023, {"rounds": None, "demand.scale": 0.3}, "test")
    p = Param(NEWCOMERS, 10.0, 160.0)
    truth = apply(base, {p: 80.0})
    observed = simulated_statistics(scenario_json(truth), seed=2024, replication=0)
    setup = Setup(base, (p,), observed, seed=3, budget=45, population=15)
    gens = run_abc(setup, tmp_path / "abc")
    s = posterior_summary(gens[-1], setup.params).iloc[0]
    assert len(gens) >= 2
    assert s["low_90"] <= 80.0 <= s["high_90"]
    assert not s["low_90"] <= 40.0 <= s["high_90"]
    assert np.isclose(gens[-1].weights.sum(), 1.0)
