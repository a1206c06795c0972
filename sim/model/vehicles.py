"""A vehicle as the rules and the cameras see it.

`VehicleFacts` is what a rule reads (window policy, the zero-emission zone); `Vehicle` is one
plate of a carrier's fleet with those facts attached. Both sit below the rules that read them,
so policy, the ZE zone, the fleet and the tours can all name a vehicle without importing one
another.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sim.scenario.models import VehicleClass


@dataclass(frozen=True)
class VehicleFacts:
    """What the rules look at: category, zero emission, permits; Euro class and registration
    year for the zero-emission-zone transition rules."""

    category: str
    zero_emission: bool
    permits: frozenset[str] = frozenset()
    euro: int | None = None
    registration_year: int | None = None
    # a long-term exemption from the zero-emission zone, granted to this plate (the RDW's
    # exemptions for special situations); not a window permit
    ze_exempt: bool = False


@dataclass(frozen=True)
class Vehicle:
    """One plate: a vehicle of a carrier, with what the rules and the cameras see of it."""

    plate: str
    vclass: str
    category: str
    zero_emission: bool
    foreign: bool
    facts: VehicleFacts


def vehicle_facts(vc: VehicleClass, permits: frozenset[str]) -> VehicleFacts:
    """The facts of a vehicle of class `vc` holding `permits`."""
    return VehicleFacts(vc.category, vc.zero_emission, permits, vc.euro, vc.registration_year)


def make_vehicle(
    plate: str, vc_name: str, vc: VehicleClass, foreign: bool, permits: frozenset[str]
) -> Vehicle:
    """A plate of class `vc_name` (whose definition is `vc`)."""
    return Vehicle(plate, vc_name, vc.category, vc.zero_emission, foreign,
                   vehicle_facts(vc, permits))


def with_ze_exemption(v: Vehicle) -> Vehicle:
    """The same plate holding a long-term exemption from the zero-emission zone."""
    return replace(v, facts=replace(v.facts, ze_exempt=True))
