"""Shared fixtures: the real scenarios and geodata, loaded once per test session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sim.geo.model import Geography
from sim.model.world import World
from sim.runner import load_geo
from sim.scenario.load import deep_merge, load_scenario
from sim.scenario.models import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="session")
def assen_2023() -> Scenario:
    return load_scenario(SCENARIOS / "assen-2023.yaml")


@pytest.fixture(scope="session")
def assen_2018() -> Scenario:
    return load_scenario(SCENARIOS / "assen-2018.yaml")


@pytest.fixture(scope="session")
def assen_geo(assen_2023: Scenario) -> Geography:
    return load_geo(assen_2023)


def variant(scenario: Scenario, **changes: Any) -> Scenario:
    """The scenario with nested changes merged in, validated again like a YAML override."""
    return Scenario.model_validate(deep_merge(scenario.model_dump(), changes))


def simulate_events(
    scenario: Scenario, geo: Geography, seed: int = 1, rep: int = 0
) -> pd.DataFrame:
    return World(scenario, geo, seed, rep).run().to_frame()
