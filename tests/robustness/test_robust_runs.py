"""Issue 12: runs that crashed on nothing to simulate, or started hours of work silently.

A run with nothing to deliver must run and report zeros (with a note); a run whose estimate is
past the limit must be refused with exit 2 unless `--force` is given. Runs here are tiny (one
week of holidays: no deliveries, so they take a fraction of a second).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import estimate as est_mod
from sim.cli.estimate import estimate
from sim.cli.main import main
from sim.runner import load_geo
from sim.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[2]
REAL_2023 = ROOT / "scenarios" / "assen-2023.yaml"
WEEK = [dt.date(2023, 10, 2) + dt.timedelta(days=d) for d in range(7)]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def holiday_week(folder: Path, extra: str = "") -> Path:
    """The 2023 scenario with every day of its week a holiday, and no parking (faster)."""
    path = folder.resolve() / "holidays.yaml"
    days = ", ".join(d.isoformat() for d in WEEK)
    path.write_text(f"extends: {REAL_2023}\ncalendar:\n  holidays: [{days}]\n{extra}",
                    encoding="utf-8")
    return path


def test_a_week_of_holidays_runs_and_reports_zero_deliveries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    status = main(["run", str(holiday_week(tmp_path)), "--out", str(out), "--no-figures"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "no deliveries are ordered" in err
    kpis = pd.read_csv(out / "kpis.csv")
    assert kpis.loc[0, "deliveries_total"] == 0
    assert kpis.loc[0, "carrier_extra_cost_eur"] == 0


def test_the_estimate_counts_what_the_scenario_asks_for() -> None:
    sc = load_scenario(REAL_2023)
    geo = load_geo(sc)
    base = estimate(sc, geo)
    assert 1000 < base.deliveries < 10_000  # a week of Assen: about 2,500
    assert base.seconds < est_mod.WARN_SECONDS
    scaled = estimate(sc.model_copy(update={"demand": sc.demand.model_copy(
        update={"scale": 100.0})}), geo)
    assert scaled.deliveries == pytest.approx(100 * base.deliveries)
    huge = estimate(sc.model_copy(update={"weeks": 520}), geo, replications=100_000)
    assert huge.seconds > est_mod.LIMIT_SECONDS
    holidays = estimate(sc.model_copy(update={"calendar": sc.calendar.model_copy(
        update={"holidays": WEEK})}), geo)
    assert holidays.deliveries == 0


def test_the_estimate_counts_planning_rounds_and_reads_as_english() -> None:
    """A first run of a scenario that plans rounds spends most of its time in PyVRP (assen-2018,
    10 replications: estimated 7 s, took 48 s); the estimate gives that time as an upper bound,
    since which carrier-days are stored is not known cheaply."""
    sc = load_scenario(REAL_2023)
    geo = load_geo(sc)
    assert sc.rounds is not None and sc.rounds.enabled
    one = estimate(sc, geo, replications=1)
    # the default week from scratch: 1.55 s (bench/bench_floor.py), the constant's source
    assert one.planning_seconds == pytest.approx(1.55, rel=0.05)
    ten = estimate(sc, geo, replications=10)
    assert ten.planning_seconds == pytest.approx(10 * one.planning_seconds)
    assert ten.most_seconds == ten.seconds + ten.planning_seconds
    assert "1 run takes roughly" in one.describe()
    text = ten.describe()
    assert "10 runs take roughly" in text
    assert "if carriers' rounds must be planned first" in text
    drawn = estimate(sc.model_copy(update={"rounds": sc.rounds.model_copy(
        update={"enabled": False})}), geo, replications=10)
    assert drawn.planning_seconds == 0 and "planned" not in drawn.describe()
    assert drawn.seconds == ten.seconds


def test_work_past_the_limit_is_refused_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status = main(["run", "--replications", "100000", "--weeks", "520",
                   "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert "--force" in err and "days" in err
    assert not (tmp_path / "x").exists()


def test_force_starts_work_past_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(est_mod, "LIMIT_SECONDS", 1e-6)
    monkeypatch.setattr(est_mod, "WARN_SECONDS", 1e-7)
    path = holiday_week(tmp_path)
    assert main(["run", str(path), "--out", str(tmp_path / "a"), "--no-figures"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["run", str(path), "--out", str(tmp_path / "b"), "--no-figures",
                 "--force"]) == 0
    assert "a long run" in capsys.readouterr().err
    assert (tmp_path / "b" / "summary.json").is_file()


def test_a_batch_past_the_limit_is_refused_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sweep = tmp_path / "big.yaml"
    sweep.write_text(f"base: {REAL_2023}\nreplications: 100000\nset: {{weeks: 52}}\n"
                     "variants:\n  - name: a\n", encoding="utf-8")
    status = main(["batch", str(sweep), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert str(sweep) in err and "--force" in err
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- no data loss
def run_quietly(*argv: str | Path) -> int:
    return main(["run", *(str(a) for a in argv), "--no-figures", "--quiet"])


def test_a_run_never_deletes_what_a_user_put_in_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario, out = holiday_week(tmp_path), tmp_path / "run"
    assert run_quietly(scenario, "--out", out) == 0
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "analysis").mkdir()
    (out / "analysis" / "plot.py").write_text("print(1)", encoding="utf-8")
    (out / "tables" / "mine.csv").write_text("a\n1\n", encoding="utf-8")
    capsys.readouterr()

    assert run_quietly(scenario, "--out", out) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for name in ("notes.txt", "analysis/", "tables/mine.csv", "--overwrite"):
        assert name in err, err

    assert run_quietly(scenario, "--out", out, "--overwrite") == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert (out / "analysis" / "plot.py").read_text(encoding="utf-8") == "print(1)"
    assert (out / "tables" / "mine.csv").is_file()
    assert (out / "summary.json").is_file()
    assert not list(tmp_path.glob(".run.*"))  # no partial or old folder left behind


def test_a_run_does_not_silently_replace_one_with_more_replications(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario, out = holiday_week(tmp_path), tmp_path / "run"
    assert run_quietly(scenario, "--out", out, "--replications", "3") == 0
    assert run_quietly(scenario, "--out", out, "--replications", "3") == 0  # same size: fine
    capsys.readouterr()
    assert run_quietly(scenario, "--out", out, "--replications", "1") == 2
    err = capsys.readouterr().err
    assert "3 replications" in err and "--overwrite" in err
    assert len(pd.read_csv(out / "kpis.csv")) == 3
    assert run_quietly(scenario, "--out", out, "--replications", "1", "--overwrite") == 0
    assert len(pd.read_csv(out / "kpis.csv")) == 1


def test_a_folder_that_is_not_a_run_is_refused_naming_what_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("x", encoding="utf-8")
    assert run_quietly(holiday_week(tmp_path), "--out", out, "--overwrite") == 2
    assert "thesis.docx" in capsys.readouterr().err
    assert (out / "thesis.docx").is_file()


# --------------------------------------------------------------------------- outputs, messages
@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two tiny run folders (holiday weeks, 2 replications, seeds 1 and 2)."""
    folder = tmp_path_factory.mktemp("runs")
    scenario = holiday_week(folder)
    runs = (folder / "a", folder / "b")
    for seed, out in enumerate(runs, start=1):
        assert run_quietly(scenario, "--out", out, "--seed", str(seed),
                           "--replications", "2") == 0
    return runs


def test_compare_writes_into_results_by_default_and_says_where(
    two_runs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["compare", str(two_runs[0]), str(two_runs[1])]) == 0
    written = tmp_path / "results" / "comparison.csv"
    assert written.is_file() and not (tmp_path / "comparison.csv").exists()
    assert str(written) in capsys.readouterr().out.replace("\n", "")


def test_report_says_where_figures_were_and_were_not_saved(
    two_runs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    """The report goes to results/ by default with its figure files beside it; when that
    figures folder cannot be made (here a file stands in its place) the report is still
    written, with the figures inline, and the message says so."""
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(two_runs[0]), str(two_runs[1]), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "results" / "report.html").is_file()
    assert f"figure files (PNG, SVG) in {tmp_path / 'results' / 'report-figures'}" in out
    (tmp_path / "blocked-figures").write_text("not a folder", encoding="utf-8")
    assert main(["report", str(two_runs[0]), str(two_runs[1]), "--lang", "en",
                 "--out", "blocked.html"]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "blocked.html").is_file()
    assert f"figure files NOT saved in {tmp_path / 'blocked-figures'}" in out
