"""What a KPI is: a name, the facts every reader of it needs, and a pure function of the log.

The facts (unit, kind, family, the model part it needs, its supplier segment) are declared
once, beside the function, and everything that used to keep its own list of them (which KPIs
are shares, which are euros, which are not summed per week, which exist only with parking)
asks `sim.measure.registry` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sim.model.eventlog import EventView
from sim.scenario.models import Scenario

# count: things counted (deliveries, entries, fines, cars, vehicle-days).
# quantity: a measured sum (km, kg, g, hours, minutes).
# amount: money summed over the run (EUR).
# share: a fraction 0..1 of something else in the same run.
# rate: a figure per something other than the run (EUR per drop, EUR per year).
Kind = Literal["count", "quantity", "amount", "share", "rate"]
# what part of the story a KPI belongs to; the workbook names the families it leaves out
Family = Literal["deliveries", "zero_emission", "enforcement", "traffic", "emissions",
                 "carrier_cost", "closed_gate", "other_traffic", "parking", "rounds"]
# a part of the model that a scenario can switch off; without it the KPI is NaN, never 0
Needs = Literal["parking", "rounds"]

SHARE_UNIT = "share"
MONEY_UNITS = ("EUR", "EUR/year")
# summed over the run, so a report divides them by the run's weeks; shares and rates are
# already relative to something and stay as they are
PER_WEEK_KINDS: frozenset[str] = frozenset({"count", "quantity", "amount"})

Func = Callable[[EventView, Scenario], float]


@dataclass(frozen=True)
class KPI:
    name: str
    unit: str  # as written to summary.json
    kind: Kind
    family: Family
    description: str  # English, as written to summary.json
    func: Func
    needs: Needs | None = None
    segment: str | None = None  # the supplier segment of a per-segment KPI
    base: str | None = None  # the KPI that a per-segment KPI splits up, e.g. route_km

    @property
    def per_week(self) -> bool:
        """Summed over the run, so shown per week when a run is longer than one."""
        return self.kind in PER_WEEK_KINDS

    @property
    def share(self) -> bool:
        return self.kind == "share"

    @property
    def money(self) -> bool:
        return self.unit in MONEY_UNITS
