"""`venster search`: the race against brute force, resuming, the files, refusals.

The logic is tested with a stand-in task (tests/search/fake_tasks.py) that answers in
microseconds with noise on common random numbers; one small real search checks the command
from end to end.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.cli.main import main
from sim.errors import InputError
from sim.search.engine import run_search
from sim.search.outcome import DROPPED
from sim.search.space import load_search
from sim.search.spec import Objective, search_schema
from sim.search.stats import clearly_dominates
from tests.helpers import ROOT
from tests.search import fake_tasks

BASE = str(ROOT / "scenarios" / "assen-2023.yaml")


def spec(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "tiny",
        "base": BASE,
        "seed": 7,
        "set": {"other_traffic.enabled": False},
        "decisions": {
            "window": {"days": {"weekday": {"end": {"from": "11:00", "to": "13:00"}},
                                "friday": {"same_as": "weekday"}}},
            "evening_ze": {"values": [True, False]},
        },
        "objectives": [{"kpi": "carrier_extra_cost_eur", "direction": "min"},
                       {"kpi": "vehicle_minutes_in_zone_open_hours", "direction": "min",
                        "tolerance": 200}],
        "racing": {"first": 3, "step": 3, "max": 12},
    }
    data.update(changes)
    return data


def write(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "search.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _reset_fake() -> None:
    fake_tasks.CALLS.clear()
    fake_tasks.STOP_AFTER.clear()


def test_the_space_has_every_window_end_and_the_base_in_it(tmp_path: Path) -> None:
    s = load_search(write(tmp_path, spec()))
    assert s.size == 10  # 5 ends x evening window on/off
    assert [f.name for f in s.factors] == ["end_weekday", "evening_ze"]
    base = s.base_candidate()
    assert base.is_base and base.decisions == {"end_weekday": "12:00", "evening_ze": True}
    rules = {r.name: r for r in s.candidate((4, 1)).scenario.policy.rules}
    assert rules["venstertijden"].hours == ["07:00-13:00"]
    assert set(rules["venstertijden"].days) == {"weekday", "friday"}
    assert rules["venstertijden-saturday"].hours == ["07:00-12:00"]
    assert rules["ze-ontheffing"].enabled is False


def test_a_window_that_ends_before_it_starts_is_no_option(tmp_path: Path) -> None:
    data = spec()
    data["decisions"]["window"]["days"]["weekday"] = {"start": ["07:00", "11:30"],
                                                      "end": ["11:00", "12:00"]}
    s = load_search(write(tmp_path, data))
    bad = s.candidate((1, 0, 0))  # 11:30-11:00
    assert isinstance(bad, str) and "before it starts" in bad


def test_racing_finds_the_front_brute_force_finds_and_drops_none_of_it(tmp_path: Path
                                                                      ) -> None:
    """Brute force: every option with all 12 replications, no racing. The race must end
    with the same front on this seed, and never drop an option brute force keeps."""
    brute = run_search(load_search(write(tmp_path / "b", spec(
        racing={"first": 12, "step": 1, "max": 12}))), tmp_path / "b" / "out", workers=1,
        task_fn=fake_tasks.fake_task)
    brute_front = {e.candidate.name for e in brute.front()}
    brute_runs = len(fake_tasks.CALLS)
    fake_tasks.CALLS.clear()
    race = run_search(load_search(write(tmp_path / "r", spec())), tmp_path / "r" / "out",
                      workers=1, task_fn=fake_tasks.fake_task)
    race_front = {e.candidate.name for e in race.front()}
    assert race_front == brute_front
    dropped = {e.candidate.name for e in race.entries if e.status == DROPPED}
    assert dropped and not dropped & brute_front
    assert len(fake_tasks.CALLS) < brute_runs  # racing saved replications
    # what the fake model says: the evening window off costs more, so only "on" options stay
    assert all(name.endswith("ze-on") for name in race_front)
    assert all(race.evaluator.replications(e.candidate) == 12 for e in race.front())


def test_racing_never_drops_a_front_option_over_seeds(tmp_path: Path) -> None:
    """A seeded check over several master seeds (each its own common random numbers)."""
    for seed in (1, 2, 3, 4):
        full = run_search(load_search(write(tmp_path / f"f{seed}", spec(
            seed=seed, racing={"first": 12, "step": 1, "max": 12}))), tmp_path / f"f{seed}/o",
            workers=1, task_fn=fake_tasks.fake_task)
        race = run_search(load_search(write(tmp_path / f"r{seed}", spec(seed=seed))),
                          tmp_path / f"r{seed}/o", workers=1, task_fn=fake_tasks.fake_task)
        full_front = {e.candidate.name for e in full.front()}
        dropped = {e.candidate.name for e in race.entries if e.status == DROPPED}
        assert full_front and not dropped & full_front, (seed, dropped & full_front)


def test_an_interrupted_search_resumes_without_running_anything_twice(tmp_path: Path) -> None:
    path = write(tmp_path, spec())
    out = tmp_path / "out"
    fake_tasks.STOP_AFTER.append(17)
    with pytest.raises(KeyboardInterrupt):
        run_search(load_search(path), out, workers=1, task_fn=fake_tasks.fake_task)
    first = list(fake_tasks.CALLS)
    assert len(first) == 17
    assert json.loads((out / "search.json").read_text())["status"] == "interrupted"
    fake_tasks.STOP_AFTER.clear()
    fake_tasks.CALLS.clear()
    resumed = run_search(load_search(path), out, workers=1, task_fn=fake_tasks.fake_task)
    second = list(fake_tasks.CALLS)
    assert not set(first) & set(second)
    fake_tasks.CALLS.clear()
    again = run_search(load_search(path), tmp_path / "again", workers=1,
                       task_fn=fake_tasks.fake_task)
    assert len(fake_tasks.CALLS) == len(first) + len(second)
    assert ({e.candidate.name: e.status for e in again.entries}
            == {e.candidate.name: e.status for e in resumed.entries})
    info = json.loads((out / "search.json").read_text())
    assert info["status"] == "complete"
    assert info["counts"]["replications_resumed"] == len(first)


def test_nsga2_explores_a_space_too_large_to_enumerate(tmp_path: Path) -> None:
    data = spec(method="nsga2", nsga2={"population": 6, "generations": 2},
                racing={"first": 3, "step": 3, "max": 6})
    data["decisions"]["window"]["days"]["weekday"]["start"] = ["06:00", "06:30", "07:00"]
    s = load_search(write(tmp_path, data))
    outcome = run_search(s, tmp_path / "out", workers=1, task_fn=fake_tasks.fake_task)
    assert outcome.method == "nsga2"
    tried = {e.candidate.name for e in outcome.entries}
    assert 2 <= len(tried) <= 13 and outcome.base.candidate.name in tried
    again = run_search(load_search(write(tmp_path / "2", data)), tmp_path / "out2", workers=1,
                       task_fn=fake_tasks.fake_task)
    assert [e.candidate.name for e in again.entries] == [e.candidate.name
                                                          for e in outcome.entries]


def test_clear_dominance_needs_every_objective() -> None:
    objs = [Objective(kpi="a", direction="min"), Objective(kpi="b", direction="max")]
    rng = np.random.default_rng(1)
    noise = rng.normal(size=8)
    a = [10 + noise, 5 + noise]
    better = [8 + noise + 0.01 * rng.normal(size=8), 6 + noise]
    assert clearly_dominates(better, a, objs, 0.95)
    assert not clearly_dominates(a, better, objs, 0.95)
    tie = [a[0].copy(), a[1].copy()]
    assert not clearly_dominates(tie, a, objs, 0.95)  # equal is not better


def test_the_command_writes_every_file_of_a_real_small_search(tmp_path: Path) -> None:
    data = spec(decisions={"cameras": {"optional": ["G12"]}},
                objectives=[{"kpi": "violations_total", "direction": "min"},
                            {"kpi": "carrier_extra_cost_eur", "direction": "min"}],
                racing={"first": 2, "step": 1, "max": 2}, seed=11)
    path = write(tmp_path, data)
    out = tmp_path / "out"
    assert main(["search", str(path), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    for name in ("search.csv", "pareto.csv", "search.json", "front_nl.png", "front_en.svg",
                 "summary_nl.md", "summary_en.html"):
        assert (out / name).is_file(), name
    df = pd.read_csv(out / "search.csv")
    assert len(df) == 2 and df["base"].sum() == 1
    assert {"violations_total_mean", "violations_total_low", "violations_total_high",
            "camera_G12"} <= set(df.columns)
    pareto = pd.read_csv(out / "pareto.csv")
    assert set(pareto["option"]) <= set(df["option"])
    html = (out / "summary_nl.html").read_text()
    assert "http" not in html.split("<body>")[1].split("data:image")[0]
    assert "Het front" in html
    # a rerun resumes: nothing is run again
    assert main(["search", str(path), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert json.loads((out / "search.json").read_text())["counts"]["replications_run_now"] == 0
    # on Dask, the same numbers
    dask = tmp_path / "dask"
    assert main(["search", str(path), "--out", str(dask), "--scheduler", "local", "--workers",
                 "2", "--quiet"]) == 0
    assert (dask / "search.csv").read_bytes() == (out / "search.csv").read_bytes()


@pytest.mark.parametrize(("change", "field"), [
    ({"objectives": [{"kpi": "violations_totl", "direction": "min"}]}, "objectives.0.kpi"),
    ({"decisions": {"cameras": {"optional": ["G99"]}}}, "decisions.cameras.optional"),
    ({"decisions": {"window": {"rule": "nope", "days": {"weekday": {"end": ["11:00"]}}}}},
     "decisions.window.rule"),
    ({"racing": {"first": 5, "max": 3}}, "racing.max"),
    ({"decisions": {"fine_eur": {"values": [-1]}}}, "decisions.fine_eur.values.0"),
    ({"colour": "red"}, "colour"),
    ({"decisions": {"window": {"days": {"weekday": {"end": {"from": "13:00", "to": "11:00"}}}}}},
     "decisions.window.days.weekday.end.to"),
    ({"decisions": {"window": {"days": {"weekday": {"end": ["25:00"]}}}}},
     "decisions.window.days.weekday.end.0"),
])
def test_bad_specs_are_refused_naming_the_field(tmp_path: Path, change: dict[str, Any],
                                                field: str, capsys: pytest.CaptureFixture[str]
                                                ) -> None:
    path = write(tmp_path, spec(**change))
    with pytest.raises(InputError) as err:
        load_search(path)
    assert err.value.field == field, err.value.message
    assert main(["search", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert field in capsys.readouterr().err


def test_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    assert main(["search", str(write(tmp_path, spec())), "--out", str(tmp_path / "out"),
                 "--quiet"]) == 2


def test_the_shipped_search_and_its_schema() -> None:
    s = load_search("window")
    assert s.size == 30 and s.base_candidate().is_base
    shipped = json.loads((ROOT / "scenarios" / "search.schema.json").read_text())
    assert shipped == search_schema()
    import jsonschema

    raw = yaml.safe_load((ROOT / "scenarios" / "searches" / "window.yaml").read_text())
    jsonschema.validate(raw, shipped)


def test_the_readme_example_is_a_valid_search(tmp_path: Path) -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)
              if "decisions:" in b]
    assert blocks, "the README should show a search file"
    data = yaml.safe_load(blocks[0])
    data["base"] = BASE
    s = load_search(write(tmp_path, data))
    assert s.size == 5 * 3 * 2 * 2 * 2 * 2 * 2 and s.spec.constraints
