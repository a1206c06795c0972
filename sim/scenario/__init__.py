"""Scenario files: schema, loading with `extends:`, and the resolved form a run keeps."""

from sim.scenario.load import load_scenario, scenario_to_yaml
from sim.scenario.models import Scenario, WindowRule

__all__ = ["Scenario", "WindowRule", "load_scenario", "scenario_to_yaml"]
