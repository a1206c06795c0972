"""Batch experiments: sweep files, backends that agree to the byte, resuming, failures, compare.

One tiny sweep (2 variants x 3 replications of one week, other traffic off) is run once
serially as the reference; every other way of running it must give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

import sim
from sim.batch import tasks as batch_tasks
from sim.batch.engine import run_batch
from sim.batch.sweep import load_sweep, safe_name, set_dotted, short_keys
from sim.batch.tasks import Record, Task, run_task
from sim.cli.main import main
from sim.errors import InputError
from sim.runfolder.summary import RunSummary
from sim.runfolder.write import write_csv_text
from sim.runner import run
from tests.helpers import ROOT

BASE = ROOT / "scenarios" / "assen-2023.yaml"
SEED, REPS = 11, 3
TINY: dict[str, Any] = {
    "name": "tiny",
    "base": str(BASE),
    "seed": SEED,
    "replications": REPS,
    "set": {"other_traffic.enabled": False, "weeks": 1},
    "variants": [
        {"name": "brink-3", "set": {"enforcement.camera_gates": ["G01", "G02", "G03"]}},
        {"name": "all-13", "set": {"enforcement.camera_gates": "all"}},
    ],
}
VARIANTS = ["brink-3", "all-13"]


def write_sweep(folder: Path, data: dict[str, Any] | str, name: str = "sweep.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False),
                    encoding="utf-8")
    return path


def batch_cli(sweep: Path, out: Path, *extra: str) -> int:
    return main(["batch", str(sweep), "--out", str(out), "--quiet", *extra])


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tiny sweep run serially in this process: (sweep file, batch folder)."""
    folder = tmp_path_factory.mktemp("reference")
    sweep = write_sweep(folder, TINY)
    out = folder / "out"
    assert batch_cli(sweep, out, "--workers", "1") == 0
    return sweep, out


def task_files(out: Path) -> list[Path]:
    return sorted((out / ".runs").glob("*/*.json"))


# --------------------------------------------------------------------------- sweep files


def test_dotted_keys_reach_into_lists_by_index_and_by_name() -> None:
    data = {"policy": {"rules": [{"name": "a", "hours": ["07:00-12:00"]},
                                 {"name": "b", "days": ["weekday"]}]}}
    assert set_dotted(data, "policy.rules.0.hours", ["07:00-11:00"]) == ("policy", "rules", 0,
                                                                           "hours")
    assert set_dotted(data, "policy.rules.b.days", []) == ("policy", "rules", 1, "days")
    set_dotted(data, "behaviour.learning_rate", 0.5)  # a level the base leaves to defaults
    set_dotted(data, "policy", {"exempt_categories": ["cargo_bike"]})  # mappings merge
    assert data["policy"]["rules"][0]["hours"] == ["07:00-11:00"]
    assert data["policy"]["rules"][1]["days"] == []
    assert data["policy"]["exempt_categories"] == ["cargo_bike"]
    assert data["behaviour"] == {"learning_rate": 0.5}
    assert short_keys(["enforcement.read_rate", "policy.rules.0.hours", "policy.rules.1.hours"]
                      ) == {"enforcement.read_rate": "read_rate",
                            "policy.rules.0.hours": "rules.0.hours",
                            "policy.rules.1.hours": "rules.1.hours"}
    assert safe_name("hours=07:00-11:00+17:30-22:00") == "hours=0700-1100+1730-2200"
    assert safe_name("../x y") == "x-y"


def test_shipped_sweeps_expand_to_the_documented_variants() -> None:
    windows = load_sweep(ROOT / "scenarios" / "sweeps" / "window-options.yaml")
    assert [v.name for v in windows.variants] == [
        f"until-{h}__{e}" for h in (11, 12, 13) for e in ("evening-ze", "no-evening-ze")]
    v = windows.variant("until-13__no-evening-ze")
    rules = {r.name: r for r in v.scenario.policy.rules}
    assert rules["venstertijden"].hours == ["07:00-13:00"] and not rules["ze-ontheffing"].enabled
    assert v.scenario.seed == windows.seed == 2023
    cams = load_sweep(ROOT / "scenarios" / "sweeps" / "cameras.yaml")
    assert [v.name for v in cams.variants] == [
        f"{c}__read_rate={r}" for c in ("brink-3", "all-13") for r in (0.8, 0.95, 0.99)]
    b = cams.variant("brink-3__read_rate=0.8").scenario.enforcement
    assert b.camera_gates == ["G01", "G02", "G03"] and b.read_rate == 0.8
    assert cams.variant("all-13__read_rate=0.99").scenario.enforcement.camera_gates == "all"
    assert windows.key != cams.key


def test_a_rule_a_variant_changes_no_longer_cites_the_base_rules_source() -> None:
    """The council set 07:00-12:00, not 07:00-13:00: a changed rule's source is dropped, so
    the report calls it our own variant; an unchanged or switched-off rule keeps its source."""
    windows = load_sweep(ROOT / "scenarios" / "sweeps" / "window-options.yaml")
    sources = {v.name: {r.name: r.source for r in v.scenario.policy.rules}
               for v in windows.variants}
    assert sources["until-12__evening-ze"]["venstertijden"].startswith("Assen 2023")
    assert sources["until-13__evening-ze"]["venstertijden"] == ""
    assert sources["until-11__no-evening-ze"]["venstertijden"] == ""
    assert sources["until-11__no-evening-ze"]["ze-ontheffing"] == (
        "assen.nl/ontheffing-voetgangersgebied")


def test_a_variant_may_give_a_changed_rule_its_own_source(tmp_path: Path) -> None:
    sweep = write_sweep(tmp_path, {"base": str(BASE), "variants": [{"name": "x", "set": {
        "policy.rules.venstertijden.hours": ["07:00-13:00"],
        "policy.rules.venstertijden.source": "council decision 2031"}}]})
    rule = load_sweep(sweep).variant("x").scenario.policy.rules[0]
    assert (rule.hours, rule.source) == (["07:00-13:00"], "council decision 2031")


BAD_SWEEPS = [
    ("unknown key", {"grid": {"enforcement.read_rat": [0.9]}},
     ["enforcement.read_rat", "did you mean 'read_rate'"]),
    ("bad value", {"grid": {"enforcement.read_rate": [0.9, 1.5]}},
     ["enforcement.read_rate", "1.5", "read_rate=1.5"]),
    ("bad index", {"variants": [{"name": "x", "set": {"policy.rules.9.hours": []}}]},
     ["policy.rules.9.hours", "index"]),
    ("bad rule name", {"variants": [{"name": "x", "set": {"policy.rules.nope.hours": []}}]},
     ["policy.rules.nope.hours", "venstertijden"]),
    ("unknown gate", {"variants": [{"name": "x", "set": {"enforcement.camera_gates": ["G99"]}}]},
     ["enforcement.camera_gates", "G99", "variant 'x'"]),
    ("empty grid", {"grid": {}}, ["grid"]),
    ("empty axis", {"grid": {"enforcement.read_rate": []}}, ["grid.enforcement.read_rate"]),
    ("seed per variant", {"variants": [{"name": "x", "set": {"seed": 3}}]},
     ["variants.0.set.seed", "common random numbers"]),
    ("seed beyond 64 bits", {"seed": 2**70, "variants": [{"name": "x"}]},
     ["seed", "from 0 to 9223372036854775807", str(2**70)]),
    ("duplicate names", {"variants": [{"name": "x"}, {"name": "x"}]}, ["'x' comes twice"]),
    ("misspelt top key", {"replication": 3, "variants": [{"name": "x"}]},
     ["replication", "did you mean 'replications'"]),
    ("nothing to vary", {}, ["variants: or grid:"]),
    ("missing base", {"base": "nope.yaml", "grid": {"weeks": [1]}}, ["base", "nope.yaml"]),
]


@pytest.mark.parametrize(("label", "change", "expected"), BAD_SWEEPS,
                         ids=[b[0] for b in BAD_SWEEPS])
def test_bad_sweeps_exit_2_naming_the_key_before_any_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], label: str, change: dict[str, Any],
    expected: list[str],
) -> None:
    data = {"base": str(BASE), "seed": 1, "replications": 1, **change}
    sweep = write_sweep(tmp_path, data)
    out = tmp_path / "out"
    assert batch_cli(sweep, out) == 2
    err = capsys.readouterr().err
    assert str(sweep) in err
    for text in expected:
        assert text in err, (label, err)
    assert "Traceback" not in err
    assert not out.exists()


def test_yaml_errors_and_missing_files_exit_2(tmp_path: Path, capsys) -> None:
    sweep = write_sweep(tmp_path, "base: x.yaml\ngrid: [unclosed\n")
    assert batch_cli(sweep, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert "sweep.yaml: line" in err and "valid YAML" in err
    assert batch_cli(tmp_path / "absent.yaml", tmp_path / "out") == 2
    assert "absent.yaml" in capsys.readouterr().err
    no_base = write_sweep(tmp_path, {"grid": {"weeks": [1]}}, "nobase.yaml")
    assert batch_cli(no_base, tmp_path / "out") == 2
    assert "base: a value" in capsys.readouterr().err


# --------------------------------------------------------------------------- running


def test_batch_folder_holds_run_folders_and_a_combined_table(reference) -> None:
    sweep_path, out = reference
    info = json.loads((out / "batch.json").read_text())
    assert info["status"] == "complete" and info["seed"] == SEED
    assert info["counts"]["runs"] == info["counts"]["finished"] == 2 * REPS
    assert [v["name"] for v in info["variants"]] == VARIANTS
    assert info["variants"][0]["overrides"]["enforcement.camera_gates"] == ["G01", "G02", "G03"]
    assert info["failures"] == []
    kpis = pd.read_csv(out / "kpis.csv")
    assert list(kpis.columns[:2]) == ["variant", "replication"]
    assert list(kpis["variant"]) == [v for v in VARIANTS for _ in range(REPS)]
    assert list(kpis["replication"]) == list(range(REPS)) * 2
    assert len(task_files(out)) == 2 * REPS
    for name in VARIANTS:
        summary = json.loads((out / name / "summary.json").read_text())
        assert summary["replications"] == REPS and summary["seed"] == SEED
        assert summary["scenario"] == name
        assert (out / name / "scenario.resolved.yaml").is_file()
    # a variant folder is what `run` gives for the variant's scenario and the master seed
    sweep = load_sweep(sweep_path)
    direct = run(sweep.variant("brink-3").scenario, SEED, replications=REPS)
    assert (out / "brink-3" / "kpis.csv").read_text() == write_csv_text(direct.kpis)
    # common random numbers: the same demand in both variants, replication by replication
    per = kpis.set_index(["variant", "replication"])["deliveries_total"]
    assert list(per["brink-3"]) == list(per["all-13"])


@pytest.mark.parametrize("backend", [["--workers", "2"], ["--scheduler", "local",
                                                           "--workers", "2"]],
                         ids=["process-pool", "dask-local"])
def test_backends_give_byte_identical_results(reference, tmp_path: Path, backend) -> None:
    sweep, ref = reference
    out = tmp_path / "out"
    assert batch_cli(sweep, out, *backend) == 0
    assert (out / "kpis.csv").read_bytes() == (ref / "kpis.csv").read_bytes()
    for name in VARIANTS:
        assert (out / name / "kpis.csv").read_bytes() == (ref / name / "kpis.csv").read_bytes()


def _copy(ref: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(ref, out)
    return out


def _counting(monkeypatch: pytest.MonkeyPatch, fail: Any = None) -> list[Task]:
    """Replace the task function (serial runs look it up at call time); record the calls."""
    calls: list[Task] = []

    def counted(task: Task) -> Record:
        calls.append(task)
        if fail is not None:
            fail(task, len(calls))
        return run_task(task)

    monkeypatch.setattr(batch_tasks, "run_task", counted)
    return calls


def test_resume_redoes_only_what_is_missing(reference, tmp_path: Path, monkeypatch) -> None:
    sweep, ref = reference
    out = _copy(ref, tmp_path)
    (out / ".runs" / "all-13" / "1.json").unlink()
    (out / ".runs" / "brink-3" / "2.json").unlink()
    shutil.rmtree(out / "all-13")
    (out / "kpis.csv").unlink()
    calls = _counting(monkeypatch)
    assert batch_cli(sweep, out, "--workers", "1") == 0
    assert sorted((t.variant, t.replication) for t in calls) == [("all-13", 1), ("brink-3", 2)]
    assert (out / "kpis.csv").read_bytes() == (ref / "kpis.csv").read_bytes()
    assert (out / "all-13" / "kpis.csv").read_bytes() == (ref / "all-13" / "kpis.csv").read_bytes()
    calls.clear()  # a finished batch has nothing left to do
    assert batch_cli(sweep, out, "--workers", "1") == 0
    assert calls == []


def test_more_replications_extend_a_finished_batch(reference, tmp_path: Path,
                                                   monkeypatch) -> None:
    _, ref = reference
    out = _copy(ref, tmp_path)
    more = write_sweep(tmp_path, {**TINY, "replications": REPS + 1}, "more.yaml")
    calls = _counting(monkeypatch)
    assert batch_cli(more, out, "--workers", "1") == 0
    assert sorted((t.variant, t.replication) for t in calls) == [("all-13", REPS),
                                                                 ("brink-3", REPS)]
    kpis = pd.read_csv(out / "kpis.csv")
    old = pd.read_csv(ref / "kpis.csv")
    pd.testing.assert_frame_equal(kpis[kpis["replication"] < REPS].reset_index(drop=True), old,
                                  check_dtype=False)  # a CSV column of whole numbers reads as int
    assert json.loads((out / "all-13" / "summary.json").read_text())["replications"] == REPS + 1


def test_ctrl_c_keeps_finished_runs_and_the_rerun_completes_them(
    reference, tmp_path: Path, monkeypatch, capsys
) -> None:
    sweep, ref = reference
    out = tmp_path / "out"

    def interrupt(_task: Task, n: int) -> None:
        if n == 4:
            raise KeyboardInterrupt

    _counting(monkeypatch, interrupt)
    assert batch_cli(sweep, out, "--workers", "1") == 130
    assert "run the same command again to resume" in capsys.readouterr().err
    assert len(task_files(out)) == 3
    assert json.loads((out / "batch.json").read_text())["status"] == "interrupted"
    assert (out / "brink-3" / "summary.json").is_file() and not (out / "all-13").exists()
    calls = _counting(monkeypatch)
    assert batch_cli(sweep, out, "--workers", "1") == 0
    assert len(calls) == 3
    assert (out / "kpis.csv").read_bytes() == (ref / "kpis.csv").read_bytes()


def test_a_failing_run_is_recorded_and_the_rest_finish(
    reference, tmp_path: Path, monkeypatch, capsys
) -> None:
    sweep, ref = reference
    out = tmp_path / "out"

    def fail(task: Task, _n: int) -> None:
        if (task.variant, task.replication) == ("all-13", 1):
            raise RuntimeError("injected failure")

    _counting(monkeypatch, fail)
    assert batch_cli(sweep, out, "--workers", "1") == 1
    err = capsys.readouterr().err
    assert "1 run failed" in err and "all-13 replication 1: RuntimeError: injected" in err
    info = json.loads((out / "batch.json").read_text())
    assert info["status"] == "complete"  # the session ran to its end; the failure is listed
    assert info["failures"] == [{"variant": "all-13", "replication": 1,
                                 "type": "RuntimeError", "message": "injected failure"}]
    assert info["variants"][1]["folder"] is None and info["variants"][0]["folder"] == "brink-3"
    record = json.loads((out / ".runs" / "all-13" / "1.json").read_text())
    assert record["ok"] is False and "injected failure" in record["error"]["traceback"]
    assert len(pd.read_csv(out / "kpis.csv")) == 2 * REPS - 1
    assert not (out / "all-13").exists()
    calls = _counting(monkeypatch)  # a rerun tries the failed run again
    assert batch_cli(sweep, out, "--workers", "1") == 0
    assert [(t.variant, t.replication) for t in calls] == [("all-13", 1)]
    assert (out / "kpis.csv").read_bytes() == (ref / "kpis.csv").read_bytes()


def flaky_task(task: Task) -> Record:
    """For the pool test: one task raises, one kills its worker process the first time."""
    if (task.variant, task.replication) == ("all-13", 1):
        raise RuntimeError("injected failure")
    marker = Path(os.environ["VENSTER_TEST_KILL_MARKER"])
    if (task.variant, task.replication) == ("brink-3", 2) and not marker.exists():
        marker.write_text("killed once")
        os._exit(3)
    return run_task(task)


def test_pool_survives_a_failing_task_and_a_killed_worker(reference, tmp_path: Path,
                                                          monkeypatch) -> None:
    sweep_path, ref = reference
    marker = tmp_path / "killed"
    monkeypatch.setenv("VENSTER_TEST_KILL_MARKER", str(marker))
    outcome = run_batch(load_sweep(sweep_path), tmp_path / "out", workers=2,
                        task_fn=flaky_task)
    assert marker.exists()  # a worker did die
    assert outcome.exit_code == 1 and outcome.finished == 2 * REPS - 1
    failure = outcome.failures[0]
    assert len(outcome.failures) == 1
    assert (failure["variant"], failure["replication"], failure["type"]) == (
        "all-13", 1, "RuntimeError")
    got = pd.read_csv(tmp_path / "out" / "kpis.csv")
    want = pd.read_csv(ref / "kpis.csv")
    want = want[~((want["variant"] == "all-13") & (want["replication"] == 1))]
    pd.testing.assert_frame_equal(got, want.reset_index(drop=True))


def test_a_folder_of_another_sweep_is_refused(reference, tmp_path: Path, capsys) -> None:
    _, ref = reference
    out = _copy(ref, tmp_path)
    other = write_sweep(tmp_path, {**TINY, "seed": SEED + 1}, "other.yaml")
    assert batch_cli(other, out) == 2
    assert "holds a batch of" in capsys.readouterr().err
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    assert batch_cli(other, tmp_path / "busy") == 2
    assert "holds other files" in capsys.readouterr().err
    (tmp_path / "afile").write_text("x")
    assert batch_cli(other, tmp_path / "afile") == 2
    assert "this is a file" in capsys.readouterr().err


def test_python_api_returns_one_row_per_run(reference) -> None:
    _, ref = reference
    df = sim.batch(TINY, workers=1)
    pd.testing.assert_frame_equal(df, pd.read_csv(ref / "kpis.csv"))
    assert df.attrs["failures"] == []
    with pytest.raises(InputError, match=r"enforcement\.read_rat"):
        sim.batch({**TINY, "grid": {"enforcement.read_rat": [0.9]}})


# --------------------------------------------------------------------------- compare


def _paired(a: Path, b: Path, kpi: str) -> tuple[float, float, float]:
    x = pd.read_csv(a / "kpis.csv").set_index("replication")[kpi]
    y = pd.read_csv(b / "kpis.csv").set_index("replication")[kpi]
    common = sorted(set(x.index) & set(y.index))
    d = (y.loc[common] - x.loc[common]).to_numpy(dtype=float)
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
    return d.mean(), d.mean() - half, d.mean() + half


def test_compare_gives_paired_differences(reference, tmp_path: Path, capsys) -> None:
    _, ref = reference
    base, other = ref / "brink-3", ref / "all-13"
    csv = tmp_path / "cmp.csv"
    assert main(["compare", str(base), str(other), "--out", str(csv)]) == 0
    printed = capsys.readouterr().out
    assert "paired by replication" in printed
    table = pd.read_csv(csv).set_index("kpi")
    assert set(table["run"]) == {"all-13"} and set(table["baseline"]) == {"brink-3"}
    for kpi in ("violations_total", "violations_detected", "fines_issued", "co2_ttw_kg"):
        mean, lo, hi = _paired(base, other, kpi)
        row = table.loc[kpi]
        assert row["pairs"] == REPS
        assert row["difference"] == pytest.approx(mean, rel=1e-9, abs=1e-9)
        if np.isnan(lo):
            assert np.isnan(row["ci95_low"])
        else:
            assert (row["ci95_low"], row["ci95_high"]) == pytest.approx((lo, hi), rel=1e-9)
        verdict = "higher" if lo > 0 else "lower" if hi < 0 else "no clear difference"
        assert row["verdict"] == verdict
    # the same demand in both variants (common random numbers): no difference, exactly
    assert table.loc["deliveries_total", "difference"] == 0
    assert table.loc["deliveries_total", "verdict"] == "no clear difference"
    # the batch folder stands for its variants; --baseline picks the reference
    assert main(["compare", str(ref), "--baseline", str(other), "--out", str(csv)]) == 0
    again = pd.read_csv(csv)
    assert set(again["baseline"]) == {"all-13"} and set(again["run"]) == {"brink-3"}


def test_compare_identical_folders_shows_no_difference(reference, tmp_path: Path) -> None:
    _, ref = reference
    csv = tmp_path / "same.csv"
    assert main(["compare", str(ref / "all-13"), str(_copy(ref, tmp_path) / "all-13"),
                 "--out", str(csv)]) == 0
    table = pd.read_csv(csv)
    measured = table["verdict"] != "not simulated"
    assert (table.loc[measured, "verdict"] == "no clear difference").all()
    assert (table["difference"].fillna(0) == 0).all()


def test_compare_pairs_common_replications_and_warns_on_seeds(reference, tmp_path: Path,
                                                              capsys) -> None:
    _, ref = reference
    short = tmp_path / "short"
    shutil.copytree(ref / "all-13", short)
    kp = pd.read_csv(short / "kpis.csv")
    (short / "kpis.csv").write_text(write_csv_text(kp[kp["replication"] != 0]))
    summary = json.loads((short / "summary.json").read_text())
    (short / "summary.json").write_text(json.dumps({**summary, "seed": 99}))
    csv = tmp_path / "c.csv"
    assert main(["compare", str(ref / "brink-3"), str(short), "--out", str(csv)]) == 0
    err = capsys.readouterr().err
    assert "2 replication numbers they share" in err
    assert "not common-random-number pairing" in err
    row = pd.read_csv(csv).set_index("kpi").loc["violations_total"]
    mean, lo, hi = _paired(ref / "brink-3", short, "violations_total")
    assert row["pairs"] == 2 and row["difference"] == pytest.approx(mean)
    assert (row["ci95_low"], row["ci95_high"]) == pytest.approx((lo, hi))


def _tiny_run(folder: Path, kpis: dict[str, list[float]]) -> Path:
    folder.mkdir()
    (folder / "kpis.csv").write_text(write_csv_text(pd.DataFrame(kpis)))
    summary = RunSummary(folder.name, 1, len(kpis["replication"]), 1, dt.date(2023, 10, 2), {})
    (folder / "summary.json").write_text(summary.text())
    return folder


def test_compare_says_not_simulated_and_counts_in_english(tmp_path: Path, capsys) -> None:
    """Parking KPIs of a run without parking are NaN (or absent): no verdict on them, and the
    summary line and title count KPIs and pairs in English, not "KPI(s)"/"1 pairs"."""
    nan = float("nan")
    base = _tiny_run(tmp_path / "base", {"replication": [0, 1, 2], "fines": [1.0, 2.0, 3.0],
                                         "trips": [5.0, 5.0, 5.0], "garage": [nan, nan, nan]})
    run = _tiny_run(tmp_path / "run", {"replication": [0, 1, 2], "fines": [11.0, 12.0, 13.5],
                                       "trips": [5.0, 5.0, 5.0], "garage": [nan, nan, nan],
                                       "visitors_lost": [1.0, 2.0, 3.0]})
    csv = tmp_path / "c.csv"
    assert main(["compare", str(base), str(run), "--out", str(csv)]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    verdicts = pd.read_csv(csv).set_index("kpi")["verdict"].to_dict()
    assert verdicts == {"fines": "higher", "trips": "no clear difference",
                        "garage": "not simulated", "visitors_lost": "not simulated"}
    assert "3 pairs" in printed
    assert ("1 KPI differs, 1 shows no clear difference, 2 not simulated in one run or both"
            in printed)
    one = _tiny_run(tmp_path / "one", {"replication": [0], "fines": [4.0]})
    assert main(["compare", str(base), str(one), "--out", str(csv)]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "1 pair)" in printed and "KPI(s)" not in printed
    assert "0 KPIs differ, 1 shows no clear difference" in printed


def test_compare_bad_folders_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["compare", str(tmp_path / "nope"), str(tmp_path)]) == 2
    assert "nope" in capsys.readouterr().err
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "kpis.csv").write_text("replication,x\n0,1\n")
    assert main(["compare", str(tmp_path / "half"), str(tmp_path / "half")]) == 2
    assert "summary.json is missing" in capsys.readouterr().err
