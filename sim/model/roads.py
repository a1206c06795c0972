"""Road distances outside the zone where no drawn street is followed: the straight line times a
detour factor.

A drive round the outside from one entrance to another, from a depot to the consolidation hub,
between towns on a carrier's round, and the stretch from a depot to the nearest drawn street in
the geodata all take the scenario's `rounds.road_detour` (DATA.md has no measured factor; the
shipped value 1.3 is stated as an assumption in scenarios/base/assen-centre.yaml). One number
rules them all, so a planner who changes it changes every such distance.
"""

from __future__ import annotations

import math

import numpy as np

from sim.geo.model import Geography
from sim.scenario.models import Scenario
from sim.scenario.rounds_models import Rounds


def road_detour(scenario: Scenario) -> float:
    """Road km over straight-line km: the scenario's `rounds.road_detour`, or that field's
    default when the scenario plans no rounds."""
    rounds = scenario.rounds if scenario.rounds is not None else Rounds()
    return rounds.road_detour


def gate_to_gate_km(geo: Geography, detour: float) -> np.ndarray:
    """Road km between every two entrances, driving round the outside of the zone (G x G)."""
    xy = np.array([(g.x, g.y) for g in geo.gates])
    return np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) * detour / 1000.0


def place_to_place_km(a_xy: tuple[float, float], b_xy: tuple[float, float],
                      detour: float) -> float:
    """Road km between two places outside the zone (say a depot and the hub)."""
    return math.hypot(a_xy[0] - b_xy[0], a_xy[1] - b_xy[1]) * detour / 1000.0
