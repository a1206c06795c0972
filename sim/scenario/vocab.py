"""The words every scenario model shares: the strict base model, time spans, and the closed
lists (day types, vehicle categories, energies, permits, shop types).

It sits below `models.py` and `rounds_models.py` so both take the same base class and the same
lists from one place instead of from each other. Each closed list is written once, as a Literal
type that pydantic checks and the JSON Schema lists; the tuple that code loops over is read off
the Literal with `typing.get_args`, so the two cannot disagree.
"""

from __future__ import annotations

import re
import typing
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

# --- closed lists -------------------------------------------------------------------------

# "weekday" is Monday to Thursday; Friday is the shopping evening (koopavond, DATA.md §1)
DayType = Literal["weekday", "friday", "saturday", "sunday", "holiday"]
Category = Literal[
    "van", "rigid_truck", "tractor_trailer", "cargo_bike", "lev", "car", "taxi", "moped"
]
# the energies that count as zero-emission under the zone's rules (DATA.md §3)
ZeEnergy = Literal["battery_electric", "hydrogen_fuel_cell", "human_electric"]
Energy = Literal["diesel", "petrol", "battery_electric", "hydrogen_fuel_cell", "plugin_hybrid",
                 "human_electric"]
Permit = Literal["resident", "firm_inside", "ze_exemption", "private_parking", "emergency",
                 "market"]
ShopType = Literal[
    "fashion", "other_retail", "food_retail", "supermarket", "department_store", "pharmacy",
    "horeca", "services",
]

DAY_TYPES: tuple[DayType, ...] = typing.get_args(DayType)
CATEGORIES: tuple[Category, ...] = typing.get_args(Category)
ZE_ENERGIES: tuple[ZeEnergy, ...] = typing.get_args(ZeEnergy)
SHOP_TYPES: tuple[ShopType, ...] = typing.get_args(ShopType)

# The run folder keeps the seed in signed 64-bit integer columns (the tables, Parquet,
# GeoPackage); numpy's SeedSequence would take a larger one, but its run could not be written.
MAX_SEED = 2**63 - 1
SEED_RANGE = (f"a whole number from 0 to {MAX_SEED} (2^63 - 1, the largest seed a run folder "
              "can hold)")


def seed_fits(value: int) -> bool:
    """Whether `value` can seed a run: the scenario, the command line and sweeps ask this."""
    return 0 <= value <= MAX_SEED

# --- numbers ------------------------------------------------------------------------------

PositiveFloat = Annotated[float, Field(gt=0)]
NonNegFloat = Annotated[float, Field(ge=0)]
Share = Annotated[float, Field(ge=0, le=1)]


class Strict(BaseModel):
    """The base of every scenario model: frozen, unknown keys refused, no NaN or infinity,
    and no true/false where a number belongs."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        """Refuse true/false where a number belongs. Pydantic reads `weeks: true` as 1, and
        YAML turns yes/no/on/off into booleans, so a slip would run a plausible scenario."""
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _bool_for_number(field.annotation, value):
            raise ValueError("expected a number, not true/false")
        return value


def _leaf_types(annotation: Any) -> list[Any]:
    """The types a value may have: through Annotated and unions, not into containers."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _leaf_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, type(int | None)):
        return [t for a in typing.get_args(annotation) for t in _leaf_types(a)]
    return [annotation]


def _bool_for_number(annotation: Any, value: Any) -> bool:
    """Whether `value` holds a bool where `annotation` wants a number (also inside lists and
    the values of mappings)."""
    leaves = _leaf_types(annotation)
    if isinstance(value, bool):
        return bool not in leaves and any(t in (int, float) for t in leaves)
    for t in leaves:
        origin, args = typing.get_origin(t), typing.get_args(t)
        if origin is list and args and isinstance(value, list):
            items: list[Any] = value
        elif origin is dict and len(args) == 2 and isinstance(value, dict):
            items, args = list(value.values()), args[1:]
        else:
            continue
        if any(_bool_for_number(args[0], v) for v in items):
            return True
    return False


# --- time spans ---------------------------------------------------------------------------

_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def parse_span(text: str) -> tuple[float, float]:
    """'07:00-12:00' -> (420.0, 720.0) minutes after midnight; '24:00' closes a day."""
    m = _SPAN.match(text.strip())
    if not m:
        raise ValueError(f"expected a time span like '07:00-12:00', got {text!r}")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    a, b = h1 * 60 + m1, h2 * 60 + m2
    if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59 or a > 1440 or b > 1440:
        raise ValueError(f"expected hours 00-24 and minutes 00-59 in {text!r}")
    if not a < b:
        raise ValueError(f"expected the span {text!r} to end after it starts (same day)")
    return float(a), float(b)


Span = Annotated[str, Field(description="HH:MM-HH:MM within one day")]


def check_spans(spans: list[str]) -> list[str]:
    """The spans unchanged, once each parses (a validator: a bad one raises ValueError)."""
    for s in spans:
        parse_span(s)
    return spans


def check_span(span: str) -> str:
    check_spans([span])
    return span


def _check_day_spans(v: dict[str, list[str]]) -> dict[str, list[str]]:
    for spans in v.values():
        check_spans(spans)
    return v


# one span, checked
OneSpan = Annotated[Span, AfterValidator(check_span)]
# a list of spans, each checked
SpanList = Annotated[list[Span], AfterValidator(check_spans)]
# spans of the day by day type, e.g. opening hours or paid parking hours
DaySpans = Annotated[dict[DayType, list[Span]], AfterValidator(_check_day_spans)]
