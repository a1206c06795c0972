"""Helpers the tests share: where the repository's files are, and quick ways to vary a scenario
and simulate it. Fixtures stay in conftest.py; plain functions and constants live here so a
test imports them by name (`from tests.helpers import variant`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from sim.geo.model import Geography
from sim.model.world import World
from sim.scenario.load import deep_merge
from sim.scenario.models import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def variant(scenario: Scenario, **changes: Any) -> Scenario:
    """The scenario with nested changes merged in, validated again like a YAML override."""
    return Scenario.model_validate(deep_merge(scenario.model_dump(), changes))


def simulate_events(
    scenario: Scenario, geo: Geography, seed: int = 1, rep: int = 0
) -> pd.DataFrame:
    return World(scenario, geo, seed, rep).run().to_frame()
