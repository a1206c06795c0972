"""Scenario schema of carriers' rounds: other towns, receiving hours, capacities, the solver.

Kept apart from `models.py` so the rounds part of a scenario reads as one block. Every default
that is a fact cites DATA.md; every guess says "assumption" (the scenario files repeat this in
plain words next to each value).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

Span = Annotated[str, Field(description="HH:MM-HH:MM within one day")]


def check_spans(spans: list[str]) -> list[str]:
    from sim.scenario.models import parse_span  # models imports this module: import late

    for s in spans:
        parse_span(s)
    return spans


def _check_span(span: str) -> str:
    check_spans([span])
    return span


SpanList = Annotated[list[Span], AfterValidator(check_spans)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Town(_Strict):
    """Another town on carriers' rounds, with the goods window of its centre.

    Towns are placed by distance and compass bearing from Assen's centre; road distance between
    two places is the straight line times `Rounds.road_detour`.
    """

    km_from_assen: float = Field(gt=0, le=500)
    bearing_deg: float = Field(ge=0, lt=360)
    window: SpanList = Field(default_factory=list)  # goods window of its centre; empty: none
    source: str = ""  # where the window comes from (or "assumption")


class RegionalWork(_Strict):
    """A carrier's daily stops in one town: how many (on average), how long, how much."""

    stops: float = Field(ge=0, le=200)  # mean per carrier-day (Poisson, 'rounds' stream)
    service_min: float = Field(gt=0, le=600)
    load: int = Field(ge=0, le=100_000)  # units (parcels, roll containers) per stop
    receiving: SpanList = Field(default_factory=lambda: ["07:00-18:00"])


class SegmentRounds(_Strict):
    """How carriers of one segment plan their day."""

    unit: str = "units"  # what `capacity` and `load_per_drop` count (parcels, roll containers)
    load_per_drop: int = Field(ge=1, le=100_000)
    capacity: dict[str, int]  # per vehicle category
    # earliest departure from the depot, latest return
    depot_hours: Annotated[Span, AfterValidator(_check_span)] = "05:00-20:00"
    shift_hours: float = Field(gt=0, le=16)
    regional: dict[str, RegionalWork] = Field(default_factory=dict)  # town -> work


class Rounds(_Strict):
    """Carriers of the listed segments plan each day's rounds as a vehicle-routing problem."""

    enabled: bool = True
    speed_kmh: float = Field(default=50.0, gt=0, le=130)  # between towns (assumption)
    town_speed_kmh: float = Field(default=25.0, gt=0, le=130)  # within a town (assumption)
    town_km_between_stops: float = Field(default=1.5, ge=0, le=50)  # assumption
    road_detour: float = Field(default=1.3, ge=1, le=3)  # road km / straight-line km
    solver_iterations: int = Field(default=300, ge=1, le=1_000_000)
    receiving_hours: dict[str, SpanList] = Field(default_factory=dict)
    outside_receiving_cost_eur: float = Field(default=15.0, ge=0)  # assumption
    hire_cost_factor: float = Field(default=1.5, ge=1, le=10)  # assumption: a hired vehicle-day
    working_days_per_year: float = Field(default=250.0, gt=0, le=366)
    towns: dict[str, Town] = Field(default_factory=dict)
    segments: dict[str, SegmentRounds] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _towns_known(self) -> Rounds:
        from sim.scenario.models import CATEGORIES, SHOP_TYPES

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
