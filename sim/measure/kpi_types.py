"""What a KPI is: a name, a unit, a plain description, and a pure function of the event log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sim.model.eventlog import EventView
from sim.scenario.models import Scenario


@dataclass(frozen=True)
class KPI:
    name: str
    unit: str
    description: str
    func: Callable[[EventView, Scenario], float]
