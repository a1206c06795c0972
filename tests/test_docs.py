"""The README's examples work: docs that a planner copies must not rot."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from sim.batch.sweep import load_sweep
from sim.scenario.load import load_scenario
from tests.helpers import ROOT, SCENARIOS

README = (ROOT / "README.md").read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)


def test_readme_scenario_example_validates(tmp_path: Path) -> None:
    examples = [b for b in YAML_BLOCKS if b.startswith("extends:")]
    assert examples, "the README should show how to extend a scenario"
    for i, block in enumerate(examples):
        data = yaml.safe_load(block)
        data["extends"] = str(SCENARIOS / data["extends"])
        path = tmp_path / f"example{i}.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        scenario = load_scenario(path)
        assert scenario.policy.rules[0].hours == data["policy"]["rules"][0]["hours"]


def test_readme_sweep_example_validates() -> None:
    examples = [b for b in YAML_BLOCKS if b.startswith("base:")]
    assert examples, "the README should show a sweep"
    for block in examples:
        data = yaml.safe_load(block)
        data["base"] = str((SCENARIOS / "sweeps" / data["base"]).resolve())
        sweep = load_sweep(data)
        assert len(sweep.variants) == 2 * 3 * 2  # two named variants x read rates x windows


def test_readme_names_every_scenario_file() -> None:
    for path in sorted(SCENARIOS.glob("*.yaml")):
        assert path.name in README, path
