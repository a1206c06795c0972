"""Scenario schema of carriers' rounds: other towns, receiving hours, capacities, the solver.

Kept apart from `models.py` so the rounds part of a scenario reads as one block. Every default
that is a fact cites DATA.md; every guess says "assumption" (the scenario files repeat this in
plain words next to each value).
"""

from __future__ import annotations

from pydantic import model_validator

from sim.scenario.fields import doc
from sim.scenario.vocab import CATEGORIES, SHOP_TYPES, OneSpan, SpanList, Strict


class Town(Strict):
    """Another town on carriers' rounds, with the goods window of its centre.

    Towns are placed by distance and compass bearing from Assen's centre; road distance between
    two places is the straight line times `Rounds.road_detour`.
    """

    km_from_assen: float = doc("Straight-line distance from Assen's centre", "km", gt=0, le=500)
    bearing_deg: float = doc("Compass bearing from Assen's centre", "degrees", ge=0, lt=360)
    window: SpanList = doc(
        "Goods window of its centre as HH:MM-HH:MM spans; empty: none", default_factory=list)
    source: str = doc("Where the window comes from (or assumption)", default="")


class RegionalWork(Strict):
    """A carrier's daily stops in one town: how many (on average), how long, how much."""

    # mean per carrier-day (Poisson, 'rounds' stream)
    stops: float = doc(
        "Mean stops per carrier-day in this town (Poisson)", "stops/day", ge=0, le=200)
    service_min: float = doc("Minutes per stop", "min", gt=0, le=600)
    # units (parcels, roll containers) per stop
    load: int = doc("Load per stop, in the segment's unit", "units", ge=0, le=100_000)
    receiving: SpanList = doc(
        "Hours the stops receive goods, as HH:MM-HH:MM spans",
        default_factory=lambda: ["07:00-18:00"])


class SegmentRounds(Strict):
    """How carriers of one segment plan their day."""

    unit: str = doc(
        "What capacity and load_per_drop count (parcels, roll containers)", default="units")
    load_per_drop: int = doc(
        "Load per delivery in Assen's centre, in unit", "units", ge=1, le=100_000)
    # per vehicle category
    capacity: dict[str, int] = doc("Vehicle capacity by vehicle category, in unit", "units")
    depot_hours: OneSpan = doc(
        "Earliest departure from and latest return to the depot, as HH:MM-HH:MM",
        default="05:00-20:00")
    shift_hours: float = doc("Longest working day of a driver", "h", gt=0, le=16)
    regional: dict[str, RegionalWork] = doc(
        "The carrier's daily work in other towns, by town name", default_factory=dict)


class Rounds(Strict):
    """Carriers of the listed segments plan each day's rounds as a vehicle-routing problem."""

    enabled: bool = doc("Plan rounds (false: arrivals are drawn from profiles)", default=True)
    speed_kmh: float = doc(
        "Driving speed between towns (assumption)", "km/h", default=50.0, gt=0, le=130)
    town_speed_kmh: float = doc(
        "Driving speed within a town (assumption)", "km/h", default=25.0, gt=0, le=130)
    town_km_between_stops: float = doc(
        "Distance between two stops in one town (assumption)", "km", default=1.5, ge=0, le=50)
    road_detour: float = doc("Road km over straight-line km", "factor", default=1.3, ge=1, le=3)
    solver_iterations: int = doc(
        "Iterations of the routing solver (PyVRP) per carrier-day",
        "count", default=300, ge=1, le=1_000_000)
    receiving_hours: dict[str, SpanList] = doc(
        "Hours shops receive goods, by shop type, as HH:MM-HH:MM spans", default_factory=dict)
    outside_receiving_cost_eur: float = doc(
        "Cost of a delivery outside the shop's receiving hours (assumption)",
        "EUR", default=15.0, ge=0)
    hire_cost_factor: float = doc(
        "Cost of a hired vehicle-day over an own one (assumption)",
        "factor", default=1.5, ge=1, le=10)
    working_days_per_year: float = doc(
        "Working days in a year, for yearly figures", "days/year", default=250.0, gt=0, le=366)
    towns: dict[str, Town] = doc("Other towns on carriers' rounds, by name", default_factory=dict)
    segments: dict[str, SegmentRounds] = doc(
        "Segments that plan rounds, by name, with how they plan", default_factory=dict)

    @model_validator(mode="after")
    def _towns_known(self) -> Rounds:
        for shop_type in self.receiving_hours:
            if shop_type not in SHOP_TYPES:
                raise ValueError(f"rounds.receiving_hours: unknown shop type {shop_type!r}; "
                                 f"expected one of {list(SHOP_TYPES)}")
        for seg_name, seg in self.segments.items():
            for cat, cap in seg.capacity.items():
                if cat not in CATEGORIES or cap < 1:
                    raise ValueError(f"rounds.segments.{seg_name}.capacity.{cat}: expected a "
                                     f"vehicle category ({', '.join(CATEGORIES)}) and a "
                                     f"capacity of at least 1")
            for town in seg.regional:
                if town not in self.towns:
                    raise ValueError(f"rounds.segments.{seg_name}.regional: unknown town "
                                     f"{town!r}; expected one of {sorted(self.towns)}")
        return self
