"""The scenario schema: everything a run depends on, validated before any simulation starts.

Models are frozen and reject unknown keys, so a misspelt key in a planner's YAML is an error
with its path, never a silently ignored setting. Defaults here are the documented defaults; each
default that is a fact cites DATA.md, each guess says "assumption".
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sim.scenario.rounds_models import Rounds

DAY_TYPES = ("weekday", "friday", "saturday", "sunday", "holiday")
DayType = Literal["weekday", "friday", "saturday", "sunday", "holiday"]

CATEGORIES = (
    "van",
    "rigid_truck",
    "tractor_trailer",
    "cargo_bike",
    "lev",
    "car",
    "taxi",
    "moped",
)
Category = Literal[
    "van", "rigid_truck", "tractor_trailer", "cargo_bike", "lev", "car", "taxi", "moped"
]
Energy = Literal["diesel", "petrol", "battery_electric", "hydrogen_fuel_cell", "plugin_hybrid",
                 "human_electric"]
ZE_ENERGIES = ("battery_electric", "hydrogen_fuel_cell", "human_electric")

PERMITS = ("resident", "firm_inside", "ze_exemption", "private_parking", "emergency", "market")
Permit = Literal["resident", "firm_inside", "ze_exemption", "private_parking", "emergency",
                 "market"]

SHOP_TYPES = (
    "fashion",
    "other_retail",
    "food_retail",
    "supermarket",
    "department_store",
    "pharmacy",
    "horeca",
    "services",
)
ShopType = Literal[
    "fashion", "other_retail", "food_retail", "supermarket", "department_store", "pharmacy",
    "horeca", "services",
]

_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")

PositiveFloat = Annotated[float, Field(gt=0)]
NonNegFloat = Annotated[float, Field(ge=0)]
Share = Annotated[float, Field(ge=0, le=1)]


class Strict(BaseModel):
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


def _check_spans(spans: list[str]) -> list[str]:
    for s in spans:
        parse_span(s)
    return spans


def _check_day_spans(v: dict[str, list[str]]) -> dict[str, list[str]]:
    for spans in v.values():
        _check_spans(spans)
    return v


# spans of the day by day type, e.g. opening hours or paid parking hours
DaySpans = Annotated[dict[DayType, list[Span]], AfterValidator(_check_day_spans)]


class Calendar(Strict):
    """Day types and shop opening hours. Weekday means Monday to Thursday."""

    holidays: list[dt.date] = Field(default_factory=list)
    opening_hours: DaySpans = Field(
        default_factory=lambda: {
            # Shop hours: CVDR24760 (close Mon–Thu 18:00, Fri 21:00, Sat 17:00); opening at
            # 09:00 is an assumption. Sunday 12:00–18:00: news report (DATA.md §1).
            "weekday": ["09:00-18:00"],
            "friday": ["09:00-21:00"],
            "saturday": ["09:00-17:00"],
            "sunday": ["12:00-18:00"],
            "holiday": [],
        }
    )
    # a trading year, for KPIs given per year (x weeks_per_year / simulated weeks)
    weeks_per_year: float = Field(default=52.0, gt=0, le=53)



class WindowRule(Strict):
    """One way into the zone: on these day types, in these hours, for these vehicles.

    A vehicle may enter when any rule admits it. Leaving `categories` empty admits every motor
    vehicle category; `permits` empty means no permit is needed.
    """

    name: str
    # a rule for no day (or no hour) would never apply: say `enabled: false` to switch it off
    days: list[DayType] = Field(min_length=1)
    hours: list[Span] = Field(min_length=1)
    enabled: bool = True
    categories: list[Category] = Field(default_factory=list)
    permits: list[Permit] = Field(default_factory=list)
    gates: list[str] = Field(default_factory=list)  # empty: every gate
    zero_emission_only: bool = False
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None  # exclusive: the first date the rule no longer holds

    @field_validator("hours")
    @classmethod
    def _spans(cls, v: list[str]) -> list[str]:
        return _check_spans(v)

    @model_validator(mode="after")
    def _dates(self) -> WindowRule:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError(f"valid_until: expected a date after valid_from "
                             f"({self.valid_from}); the rule would never apply")
        return self


class Policy(Strict):
    """Who may be in the zone when. Bicycles and emergency services are never stopped."""

    rules: list[WindowRule] = Field(default_factory=list)
    exempt_categories: list[Category] = Field(default_factory=lambda: ["cargo_bike"])
    exempt_permits: list[Permit] = Field(
        # assen.nl/ontheffing-voetgangersgebied: a private parking space in the zone gives
        # 24 h access; emergency services are never stopped (assumption, obvious).
        default_factory=lambda: ["emergency", "private_parking"]
    )


class ScheduledOutage(Strict):
    """Cameras switched off for a period, like the March 2023 lamp-post works."""

    gates: list[str]
    start: dt.date
    end: dt.date  # exclusive

    @model_validator(mode="after")
    def _order(self) -> ScheduledOutage:
        if self.end <= self.start:
            raise ValueError("expected end after start")
        return self


class RandomOutages(Strict):
    """Camera breakdowns as an up/down process with exponential times (assumption)."""

    # bounds: a camera failing more often than hourly, or fixed in less than six minutes, is
    # not a breakdown process but a typo, and would flood a run with events
    mean_hours_between: float = Field(default=2000.0, ge=1, le=1_000_000)
    mean_hours_down: float = Field(default=24.0, ge=0.1, le=100_000)


class Processing(Strict):
    """The step from a camera photo to a fine from the national agency (CJIB)."""

    loss_rate: Share = 0.02  # assumption: cases lost to unreadable photos, errors
    delay_days_min: float = Field(default=7.0, ge=0, le=365)  # assumption
    delay_days_max: float = Field(default=28.0, ge=0, le=365)  # assumption

    @model_validator(mode="after")
    def _order(self) -> Processing:
        if self.delay_days_max < self.delay_days_min:
            raise ValueError("expected delay_days_max >= delay_days_min")
        return self


class Enforcement(Strict):
    """ANPR cameras at the gates and what follows a read plate."""

    camera_gates: Literal["all"] | list[str] = "all"
    read_rate: Share = 0.95  # vendors "above 96%", surveys 90–99.9% (DATA.md §2)
    random_outages: RandomOutages | None = Field(default_factory=RandomOutages)
    scheduled_outages: list[ScheduledOutage] = Field(default_factory=list)
    # warnings instead of fines from `warnings_from` (None: any earlier date) until the day
    # before `warnings_until` (None: no warning period)
    warnings_from: dt.date | None = None
    warnings_until: dt.date | None = None
    fines_eur: dict[Category, NonNegFloat] = Field(
        # €104 in Assen (2019, DATA.md §2) for every motor vehicle; assumption that it does not
        # differ by category under the pedestrian-zone regime.
        default_factory=lambda: {c: 104.0 for c in CATEGORIES if c != "cargo_bike"}
    )
    admin_fee_eur: NonNegFloat = 9.0  # DATA.md §2 (boete.nu)
    processing: Processing = Field(default_factory=Processing)

    @model_validator(mode="after")
    def _warning_dates(self) -> Enforcement:
        if (self.warnings_from and self.warnings_until
                and self.warnings_until <= self.warnings_from):
            raise ValueError(f"warnings_until: expected a date after warnings_from "
                             f"({self.warnings_from}); the warning period would be empty")
        return self


class VehicleClass(Strict):
    """A kind of vehicle with its emission factors (per km of urban driving) and costs.

    Well-to-wheel CO2 is given directly for fuels, or derived from `kwh_per_km` (electric) or
    `h2_kg_per_km` (hydrogen) and the scenario's `energy` section, so that switching the grid
    factor or the hydrogen pathway changes every class consistently.
    """

    category: Category
    energy: Energy
    euro: int | None = Field(default=None, ge=0, le=7)
    registration_year: int | None = Field(default=None, ge=1990, le=2040)
    co2_ttw_g_km: NonNegFloat
    co2_wtw_g_km: NonNegFloat | None = None
    kwh_per_km: NonNegFloat | None = None
    h2_kg_per_km: NonNegFloat | None = None
    nox_g_km: NonNegFloat
    pm10_g_km: NonNegFloat
    cost_eur_h: NonNegFloat
    cost_eur_km: NonNegFloat
    annual_cost_eur: NonNegFloat = 0.0  # owning the vehicle for a year, for renewal choices

    @model_validator(mode="after")
    def _wtw(self) -> VehicleClass:
        given = [x is not None for x in (self.co2_wtw_g_km, self.kwh_per_km, self.h2_kg_per_km)]
        if sum(given) != 1:
            raise ValueError(
                "expected exactly one of co2_wtw_g_km (fuels), kwh_per_km (electric) or "
                "h2_kg_per_km (hydrogen)"
            )
        return self

    @property
    def zero_emission(self) -> bool:
        return self.energy in ZE_ENERGIES


class Dwell(Strict):
    """Minutes per stop, lognormal with this mean and standard deviation."""

    # at most a working day: a longer stop never ends within a shift, and its delivery
    # would vanish from the counts without a word
    mean_min: float = Field(gt=0, le=480)
    sd_min: float = Field(gt=0, le=480)


MAX_SEGMENT_VEHICLES = 100_000  # fleet of one supplier segment; Assen sees a few hundred


class Segment(Strict):
    """A kind of supplier: how many firms, how they tour, when they come, what they drive."""

    carriers: int = Field(ge=1, le=10_000)
    vehicles_per_carrier: int = Field(default=2, ge=1, le=1_000)
    drops_per_tour: int = Field(ge=1, le=1_000)
    day_weights: list[NonNegFloat] = Field(min_length=7, max_length=7)  # Mon..Sun
    arrival_profile: list[NonNegFloat] = Field(min_length=24, max_length=24)  # by hour
    dwell: Dwell
    fleet: dict[str, Share] | None = None
    # or, instead of one mix, mixes at anchor years, interpolated for the simulated date
    fleet_by_year: dict[int, dict[str, Share]] | None = None
    foreign_share: Share = 0.0
    always_compliant_share: Share = 0.3
    plans_for_windows: Share = 0.7
    can_use_bay: bool = True
    redelivery_cost_eur: NonNegFloat = 20.0
    max_wait_min: float = Field(default=90.0, ge=0, le=1440)
    permits: dict[Permit, Share] = Field(default_factory=dict)
    depot: str | None = None  # a depot id in the geodata; None = the nearest one

    @model_validator(mode="after")
    def _weights(self) -> Segment:
        if sum(self.day_weights) <= 0:
            raise ValueError("day_weights: expected at least one day with a positive weight")
        if sum(self.arrival_profile) <= 0:
            raise ValueError("arrival_profile: expected at least one hour with a positive weight")
        if self.carriers * self.vehicles_per_carrier > MAX_SEGMENT_VEHICLES:
            raise ValueError(f"vehicles_per_carrier: expected carriers x vehicles_per_carrier "
                             f"of at most {MAX_SEGMENT_VEHICLES:,}, got {self.carriers:,} x "
                             f"{self.vehicles_per_carrier:,}")
        for year in self.fleet_by_year or {}:
            if not 1990 <= year <= 2100:
                raise ValueError(f"fleet_by_year: expected years 1990-2100, got {year}")
        if (self.fleet is None) == (self.fleet_by_year is None):
            raise ValueError("expected either fleet or fleet_by_year (set the other to null)")
        mixes = {"fleet": self.fleet} if self.fleet is not None else {
            f"fleet_by_year.{y}": m for y, m in (self.fleet_by_year or {}).items()
        }
        if not mixes:
            raise ValueError("fleet_by_year: expected at least one year")
        for where, mix in mixes.items():
            if not mix:
                raise ValueError(f"{where}: expected at least one vehicle class with a share")
            if abs(sum(mix.values()) - 1.0) > 1e-6:
                shown = ", ".join(f"{k}: {v:g}" for k, v in mix.items())
                raise ValueError(f"{where}: expected shares summing to 1, got "
                                 f"{sum(mix.values()):.4g} from {{{shown}}}. A mix in a file "
                                 "that extends another is merged class by class with the one it "
                                 "extends; set a class to 0 to leave it out")
        return self

    def classes(self) -> set[str]:
        if self.fleet is not None:
            return set(self.fleet)
        return {c for mix in (self.fleet_by_year or {}).values() for c in mix}


class Demand(Strict):
    """Goods deliveries per shop per week, by shop type and supplier segment."""

    scale: float = Field(default=1.0, gt=0, le=100)
    weekly_deliveries: dict[ShopType, dict[str, NonNegFloat]]
    max_attempts: int = Field(default=3, ge=1, le=20)


class Behaviour(Strict):
    """How a driver at a closed gate weighs a fine against waiting, coming back or dropping,
    and how drivers learn what the cameras do (sim.model.deterrence, docs/deterrence.md)."""

    # settled: beliefs start where this regime's cameras leave them (the learning rule's fixed
    # point); prior: a regime that has just started, beliefs start at the stated priors
    start_state: Literal["settled", "prior"] = "settled"
    perceived_detection_prior: Share = 0.3  # only with start_state prior: where a sign stands
    prior_without_sign: Share = 0.05  # only with start_state prior: entrances without a camera
    learning_rate: Share = 0.3  # step towards "caught" after a letter (warning or fine)
    silence_learning_rate: Share = 0.3  # step towards "not caught" after no news
    generalisation: Share = 0.5  # share of a letter's step taken at other signed entrances
    no_news_days: float = Field(default=35.0, gt=0, le=3650)
    gate_choice: bool = True  # drivers who drive in anyway may pick another entrance
    # below a cent the noise is no noise: every choice is a hard minimum
    choice_noise_eur: float = Field(default=10.0, ge=0.01, le=100_000)
    warning_cost_eur: NonNegFloat = 10.0
    bay_walk_kmh: float = Field(default=4.0, ge=0.5, le=20)
    bay_handling_min: float = Field(default=3.0, ge=0, le=480)
    road_kmh: float = Field(default=30.0, ge=5, le=130)
    depot_km_if_unknown: float = Field(default=5.0, gt=0, le=500)


class OtherTraffic(Strict):
    """Cars that are not deliveries meeting the cameras: an open population.

    Returning drivers (people from Assen, taxis) come from a pool that slowly turns over and
    learn; newcomers (visitors from elsewhere following a navigation app) keep arriving and
    do not know the zone; a share of drivers never responds to letters.
    """

    enabled: bool = True
    population: int = Field(default=4000, ge=1, le=1_000_000)  # returning drivers
    trips_per_day: float = Field(default=300.0, ge=0, le=1_000_000)  # by returning drivers
    newcomer_trips_per_day: float = Field(default=40.0, ge=0, le=1_000_000)
    turnover_per_year: Share = 0.2  # share of returning drivers replaced by unaware ones
    non_responder_share: Share = 0.03  # drivers who ignore letters and signs alike
    avoid_cost_eur: NonNegFloat = 5.0  # what going round the zone costs a driver who knows it
    choice_noise_eur: float = Field(default=5.0, ge=0.01, le=100_000)
    vehicle_class: str = "car_petrol"  # for km and emissions in the zone
    hourly_profile: list[NonNegFloat] = Field(min_length=24, max_length=24)
    taxi_share: Share = 0.05
    foreign_share: Share = 0.03
    turn_away_share: Share = 0.6
    spontaneous_learning: Share = 0.02
    initial_aware_share: Share = 0.5  # only with behaviour.start_state prior
    minutes_in_zone: float = Field(default=4.0, gt=0, le=1440)

    @model_validator(mode="after")
    def _profile(self) -> OtherTraffic:
        if self.enabled and sum(self.hourly_profile) <= 0:
            raise ValueError("hourly_profile: expected at least one hour with a positive weight")
        return self


class FleetTransition(Strict):
    """How fast fleets move along their `fleet_by_year` path (1 = as written)."""

    adoption_speed: float = Field(default=1.0, ge=0.05, le=20)
    base_year: int = Field(default=2018, ge=1990, le=2100)  # stretched or squeezed around it


class EnergySupply(Strict):
    """Upstream CO2 of electricity and hydrogen, for well-to-wheel factors."""

    grid_g_co2_per_kwh: NonNegFloat = 374.0  # Dutch grid 2021, CE Delft (DATA.md §4)
    hydrogen_pathway: Literal["grey", "grid_electrolysis", "green"] = "grey"
    hydrogen_g_co2_per_kg: dict[str, NonNegFloat] = Field(
        default_factory=lambda: {
            # Derived so a fuel-cell truck at 0.08 kg H2/km (assumption) lands where the Berlin
            # study puts it against a diesel truck (1,317 g/km WTW): -33% on current hydrogen,
            # +60% on grid electrolysis (Winkler et al. 2022, DATA.md §4). Green: assumption.
            "grey": 11_000.0,
            "grid_electrolysis": 26_300.0,
            "green": 1_000.0,
        }
    )

    @model_validator(mode="after")
    def _pathway(self) -> EnergySupply:
        if self.hydrogen_pathway not in self.hydrogen_g_co2_per_kg:
            raise ValueError(f"hydrogen_g_co2_per_kg: expected a value for the chosen pathway "
                             f"{self.hydrogen_pathway!r}")
        return self


class TransitionRule(Strict):
    """One transition rule: vehicles of a category, Euro class and registration years that may
    still enter the zero-emission zone until a date."""

    category: Category
    euro_min: int = Field(ge=0, le=7)
    euro_max: int | None = Field(default=None, ge=0, le=7)
    registered_from: int | None = None
    registered_until: int | None = None  # inclusive
    until: dt.date


class ZeZone(Strict):
    """The national zero-emission zone for vans and trucks, in Assen the pedestrian area.

    Dates and exemptions: evofenedex "Toegangseisen zero-emissiezones", rijksoverheid.nl,
    autoreview.nl (DATA.md §3).
    """

    enabled: bool = True
    start: dt.date = dt.date(2025, 1, 1)
    all_ze_from: dt.date = dt.date(2030, 1, 1)
    applies_to: list[Category] = Field(
        default_factory=lambda: ["van", "rigid_truck", "tractor_trailer"]
    )
    transition_exemptions: bool = True
    # the national transition rules (DATA.md §3): which vehicles may still enter, until when
    transition: list[TransitionRule] = Field(default_factory=lambda: [
        TransitionRule(category="van", euro_min=5, euro_max=5, until=dt.date(2027, 1, 1)),
        # Euro 6 vans: until 2028, one year more after the 2025 law change
        TransitionRule(category="van", euro_min=6, until=dt.date(2029, 1, 1)),
        TransitionRule(category="rigid_truck", euro_min=6, registered_from=2017,
                       registered_until=2019, until=dt.date(2028, 1, 1)),
        TransitionRule(category="rigid_truck", euro_min=6, registered_from=2020,
                       until=dt.date(2030, 1, 1)),
        TransitionRule(category="tractor_trailer", euro_min=6, registered_from=2017,
                       until=dt.date(2030, 1, 1)),
    ])
    new_must_be_ze_from: int = Field(default=2025, ge=1990, le=2100)  # registered from: no rule
    day_exemptions_per_year: int = Field(default=12, ge=0, le=366)
    day_exemption_cost_eur: NonNegFloat = 15.0  # assumption: applying, and using up one of 12
    warnings_until: dt.date | None = dt.date(2025, 7, 1)  # at least 6 months fine-free
    fines_eur: dict[Category, NonNegFloat] = Field(
        default_factory=lambda: {"van": 120.0, "rigid_truck": 310.0, "tractor_trailer": 310.0}
    )
    renewal: dict[Category, str] = Field(
        # the zero-emission class a carrier buys when it renews a vehicle the zone shuts out
        default_factory=lambda: {"van": "van_electric", "rigid_truck": "truck_electric",
                                 "tractor_trailer": "truck_electric"}
    )
    renewal_noise_eur: PositiveFloat = 1500.0  # assumption: firms differ in how they weigh it

    @model_validator(mode="after")
    def _dates(self) -> ZeZone:
        if self.all_ze_from < self.start:
            raise ValueError("all_ze_from: expected a date on or after start")
        return self


class Hub(Strict):
    """A consolidation hub at the edge of town: goods move to cargo bikes for the last leg."""

    depot: str  # a depot id in the geodata where the hub is
    vehicle_class: str = "cargo_bike_electric"
    cost_eur_per_drop: NonNegFloat = 6.0  # assumption: handling and the bike round
    delay_min: NonNegFloat = 60.0  # assumption: unloading, sorting, cycling out
    segments: list[str] = Field(default_factory=list)  # empty: every segment may use it


class ParkerGroup(Strict):
    """A kind of car parking around the centre: shoppers, commuters, residents with permits."""

    # relative arrivals per hour 00..23 by day type, times `per_hour`
    profile: dict[DayType, list[NonNegFloat]]
    per_hour: float = Field(ge=0, le=100_000)
    stay_mean_min: PositiveFloat
    stay_sd_min: PositiveFloat
    pays: bool = True  # False: a permit, parks on the street for free (not in garages)
    kinds: list[Literal["street", "garage"]] = Field(default_factory=lambda: ["street", "garage"])
    price_elasticity: float = Field(default=0.0, le=0)  # arrivals vs the cost of a visit
    reference_cost_eur: PositiveFloat = 2.28  # the visit cost at which `per_hour` holds
    visitor: bool = True  # counts as a visitor of the centre (evening visitors KPI)

    @field_validator("profile")
    @classmethod
    def _hours(cls, v: dict[str, list[float]]) -> dict[str, list[float]]:
        for day, weights in v.items():
            if len(weights) != 24:
                raise ValueError(f"{day}: expected 24 hourly weights, got {len(weights)}")
        return v


class ParkingChoice(Strict):
    """How a driver picks a place: price for the stay, walking time, and noise."""

    walk_cost_eur_per_min: NonNegFloat = 0.15  # assumption: EUR 9 an hour
    walk_detour: PositiveFloat = 1.3  # walking distance = straight line x this (assumption)
    walk_kmh: PositiveFloat = 4.8  # assumption: walking from the car to the shop
    choice_noise_eur: PositiveFloat = 1.0  # assumption
    search_min_per_try: NonNegFloat = 3.0  # assumption: circling to the next place
    max_tries: int = Field(default=3, ge=1, le=50)


class BayUse(Strict):
    """Loading bays just outside the zone, shared with cars that should not be there."""

    misuse_share: Share = 0.3  # assumption: a car finding the street full takes a free bay
    enforcement: Share = 0.5  # share of that misuse prevented by enforcement of the bays
    misuse_max_min: PositiveFloat = 20.0  # assumption: a car in a bay stays at most this long
    max_wait_min: NonNegFloat = 5.0  # a van waits this long for a bay, then double-parks
    double_park_cost_eur: NonNegFloat = 25.0  # assumption: risk of a fine, hindrance


class ParkingPolicy(Strict):
    """On-street parking and garages: tariffs, visitors, and the loading bays they share."""

    enabled: bool = True
    street_tariff_eur_h: NonNegFloat = 2.40  # 2018-2019 (DATA.md §6)
    # paid street hours by day type; the 2015 policy is Mon-Sat 09:00-21:00, Sun 12:00-18:00
    street_paid_hours: DaySpans
    garage_first_hour_eur: NonNegFloat = 2.14  # DATA.md §6
    garage_next_hour_eur: NonNegFloat = 2.14  # assumption: the same for each next hour
    garage_day_max_eur: NonNegFloat = 6.0  # DATA.md §6
    groups: dict[str, ParkerGroup]
    choice: ParkingChoice = Field(default_factory=ParkingChoice)
    bays: BayUse = Field(default_factory=BayUse)
    # the hours counted as "evening" in the parking KPIs (shops close at 18:00, CVDR24760)
    evening: str = "18:00-22:00"

    @field_validator("evening")
    @classmethod
    def _evening_span(cls, v: str) -> str:
        _check_spans([v])
        return v


class ZoneDriving(Strict):
    # assumption: walking pace ("stapvoets"); below 1 km/h a stop would take longer than a day
    speed_kmh: float = Field(default=6.0, ge=1, le=50)


# a renewal replaces a van by a van, and a truck by a truck (a tractor may become a rigid one)
_RENEWAL_GROUP = {"rigid_truck": "truck", "tractor_trailer": "truck"}


class Scenario(Strict):
    """A complete, resolved scenario: what one run simulates."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    description: str = ""
    start_date: dt.date
    weeks: int = Field(default=1, ge=1, le=520)
    seed: int = Field(default=1, ge=0)
    replications: int = Field(default=1, ge=1, le=1_000_000)
    geography: str
    calendar: Calendar = Field(default_factory=Calendar)
    policy: Policy
    enforcement: Enforcement = Field(default_factory=Enforcement)
    vehicle_classes: dict[str, VehicleClass]
    segments: dict[str, Segment]
    demand: Demand
    behaviour: Behaviour = Field(default_factory=Behaviour)
    other_traffic: OtherTraffic
    zone: ZoneDriving = Field(default_factory=ZoneDriving)
    fleet_transition: FleetTransition = Field(default_factory=FleetTransition)
    energy: EnergySupply = Field(default_factory=EnergySupply)
    ze_zone: ZeZone | None = None
    hub: Hub | None = None
    parking: ParkingPolicy | None = None
    rounds: Rounds | None = None  # carriers plan their days (sim.model.rounds); None: drawn

    @field_validator("start_date")
    @classmethod
    def _monday(cls, v: dt.date) -> dt.date:
        if v.weekday() != 0:
            raise ValueError(f"expected a Monday; {v.isoformat()} is a {v.strftime('%A')}")
        return v

    @model_validator(mode="before")
    @classmethod
    def _fleet_classes(cls, data: Any) -> Any:
        """Unknown vehicle classes in a fleet, named before the shares are summed: a misspelt
        class otherwise shows up only as a mix that does not sum to one."""
        if not isinstance(data, dict):
            return data
        classes, segments = data.get("vehicle_classes"), data.get("segments")
        if not isinstance(classes, dict) or not isinstance(segments, dict):
            return data
        for seg_name, seg in segments.items():
            if not isinstance(seg, dict):
                continue
            mixes = [("fleet", seg.get("fleet"))]
            by_year = seg.get("fleet_by_year")
            if isinstance(by_year, dict):
                mixes += [(f"fleet_by_year.{y}", m) for y, m in by_year.items()]
            for where, mix in mixes:
                unknown = sorted(str(k) for k in mix if k not in classes) if isinstance(
                    mix, dict) else []
                if unknown:
                    raise ValueError(
                        f"segments.{seg_name}.{where}: unknown vehicle class "
                        f"{', '.join(repr(u) for u in unknown)}; expected one of "
                        f"{sorted(str(c) for c in classes)}")
        return data

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        for seg_name, seg in self.segments.items():
            for vc in sorted(seg.classes()):
                if vc not in self.vehicle_classes:
                    raise ValueError(
                        f"segments.{seg_name}.fleet: unknown vehicle class {vc!r}; expected one "
                        f"of {sorted(self.vehicle_classes)}"
                    )
        known = sorted(self.vehicle_classes)
        if self.other_traffic.vehicle_class not in self.vehicle_classes:
            raise ValueError(f"other_traffic.vehicle_class: unknown vehicle class "
                             f"{self.other_traffic.vehicle_class!r}; expected one of {known}")
        if self.ze_zone is not None:
            for cat, vc in self.ze_zone.renewal.items():
                if vc not in self.vehicle_classes:
                    raise ValueError(f"ze_zone.renewal.{cat}: unknown vehicle class {vc!r}; "
                                     f"expected one of {known}")
                if not self.vehicle_classes[vc].zero_emission:
                    raise ValueError(f"ze_zone.renewal.{cat}: expected a zero-emission class, "
                                     f"{vc!r} is not")
                kind = self.vehicle_classes[vc].category
                if _RENEWAL_GROUP.get(kind, kind) != _RENEWAL_GROUP.get(cat, cat):
                    raise ValueError(f"ze_zone.renewal.{cat}: expected a class that can do a "
                                     f"{cat}'s work, {vc!r} is a {kind}")
        if self.hub is not None:
            if self.hub.vehicle_class not in self.vehicle_classes:
                raise ValueError(f"hub.vehicle_class: unknown vehicle class "
                                 f"{self.hub.vehicle_class!r}; expected one of {known}")
            if not self.vehicle_classes[self.hub.vehicle_class].zero_emission:
                raise ValueError(f"hub.vehicle_class: expected a zero-emission class, "
                                 f"{self.hub.vehicle_class!r} is not")
            for seg_name in self.hub.segments:
                if seg_name not in self.segments:
                    raise ValueError(f"hub.segments: unknown segment {seg_name!r}")
        if self.rounds is not None:
            for seg_name in self.rounds.segments:
                if seg_name not in self.segments:
                    raise ValueError(f"rounds.segments: unknown segment {seg_name!r}; "
                                     f"expected one of {sorted(self.segments)}")
        for shop_type, per_seg in self.demand.weekly_deliveries.items():
            for seg_name in per_seg:
                if seg_name not in self.segments:
                    raise ValueError(
                        f"demand.weekly_deliveries.{shop_type}: unknown segment {seg_name!r}; "
                        f"expected one of {sorted(self.segments)}"
                    )
        return self
