"""Shared fixtures: the real scenarios and geodata, loaded once per test session. Plain helpers
(paths, `variant`, `simulate_events`) are in tests/helpers.py."""

from __future__ import annotations

import pytest

from sim.geo.model import Geography
from sim.runner import load_geo
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario
from tests.helpers import SCENARIOS


@pytest.fixture(scope="session")
def assen_2023() -> Scenario:
    return load_scenario(SCENARIOS / "assen-2023.yaml")


@pytest.fixture(scope="session")
def assen_2018() -> Scenario:
    return load_scenario(SCENARIOS / "assen-2018.yaml")


@pytest.fixture(scope="session")
def assen_geo(assen_2023: Scenario) -> Geography:
    return load_geo(assen_2023)
