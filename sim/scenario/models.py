"""The scenario schema: everything a run depends on, validated before any simulation starts.

Models are frozen and reject unknown keys, so a misspelt key in a planner's YAML is an error
with its path, never a silently ignored setting. Defaults here are the documented defaults; each
default that is a fact cites DATA.md, each guess says "assumption".
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from sim.scenario.fields import doc
from sim.scenario.rounds_models import Rounds
from sim.scenario.vocab import (
    CATEGORIES,
    MAX_SEED,
    SEED_RANGE,
    ZE_ENERGIES,
    Category,
    DaySpans,
    DayType,
    Energy,
    NonNegFloat,
    Permit,
    PositiveFloat,
    Share,
    ShopType,
    Span,
    Strict,
    check_spans,
    seed_fits,
)


class Calendar(Strict):
    """Day types and shop opening hours. Weekday means Monday to Thursday."""

    holidays: list[dt.date] = doc(
        "Public holidays in the simulated period (YYYY-MM-DD); they follow the holiday day type",
        default_factory=list)
    opening_hours: DaySpans = doc(
        "Shop opening hours by day type, as HH:MM-HH:MM spans",
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
    weeks_per_year: float = doc(
        "Trading weeks in a year, for KPIs given per year (x weeks_per_year / simulated weeks)",
        "weeks", default=52.0, gt=0, le=53)



class WindowRule(Strict):
    """One way into the zone: on these day types, in these hours, for these vehicles.

    A vehicle may enter when any rule admits it. Leaving `categories` empty admits every motor
    vehicle category; `permits` empty means no permit is needed.
    """

    name: str = doc("Name of the rule (sweeps can address it as policy.rules.<name>)")
    # a rule for no day (or no hour) would never apply: say `enabled: false` to switch it off
    days: list[DayType] = doc("Day types on which the rule admits vehicles", min_length=1)
    hours: list[Span] = doc(
        "Hours in which the rule admits vehicles, as HH:MM-HH:MM spans", min_length=1)
    enabled: bool = doc("false switches the rule off without deleting it", default=True)
    categories: list[Category] = doc(
        "Vehicle categories admitted; empty: every motor vehicle category", default_factory=list)
    permits: list[Permit] = doc(
        "Permits of which one is needed; empty: no permit needed", default_factory=list)
    gates: list[str] = doc("Gate ids where the rule holds; empty: every gate", default_factory=list)
    zero_emission_only: bool = doc("Only zero-emission vehicles may use this rule", default=False)
    valid_from: dt.date | None = doc(
        "First date the rule holds (YYYY-MM-DD); empty: always before valid_until", default=None)
    valid_until: dt.date | None = doc(
        "First date the rule no longer holds (YYYY-MM-DD, exclusive); empty: no end", default=None)
    # the report's sources list shows it next to the rule's hours; a rule without one is
    # reported as a variant of our own. Names and dates rather than sentences: the report is
    # read in Dutch and in English
    source: str = doc(
        "Where the rule comes from, as the report cites it (a web page, a decision); empty: a "
        "variant of our own, not a council decision",
        default="", max_length=200)

    @field_validator("hours")
    @classmethod
    def _spans(cls, v: list[str]) -> list[str]:
        return check_spans(v)

    @model_validator(mode="after")
    def _dates(self) -> WindowRule:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError(f"valid_until: expected a date after valid_from "
                             f"({self.valid_from}); the rule would never apply")
        return self


class Policy(Strict):
    """Who may be in the zone when. Bicycles and emergency services are never stopped."""

    rules: list[WindowRule] = doc(
        "The ways into the zone; a vehicle may enter when any rule admits it. A list replaces the"
        " inherited one whole",
        default_factory=list)
    exempt_categories: list[Category] = doc(
        "Vehicle categories never stopped at a gate", default_factory=lambda: ["cargo_bike"])
    exempt_permits: list[Permit] = doc(
        "Permits that give access at any hour",
        # assen.nl/ontheffing-voetgangersgebied: a private parking space in the zone gives
        # 24 h access; emergency services are never stopped (assumption, obvious).
        default_factory=lambda: ["emergency", "private_parking"]
    )


class ScheduledOutage(Strict):
    """Cameras switched off for a period, like the March 2023 lamp-post works."""

    gates: list[str] = doc("Gate ids whose cameras are off")
    start: dt.date = doc("First day the cameras are off (YYYY-MM-DD)")
    end: dt.date = doc("First day the cameras are back (YYYY-MM-DD, exclusive)")

    @model_validator(mode="after")
    def _order(self) -> ScheduledOutage:
        if self.end <= self.start:
            raise ValueError("expected end after start")
        return self


class RandomOutages(Strict):
    """Camera breakdowns as an up/down process with exponential times (assumption)."""

    # bounds: a camera failing more often than hourly, or fixed in less than six minutes, is
    # not a breakdown process but a typo, and would flood a run with events
    mean_hours_between: float = doc(
        "Mean working time of a camera between breakdowns (exponential; assumption)",
        "h", default=2000.0, ge=1, le=1_000_000)
    mean_hours_down: float = doc(
        "Mean time a broken camera stays down (exponential; assumption)",
        "h", default=24.0, ge=0.1, le=100_000)


class Processing(Strict):
    """The step from a camera photo to a fine from the national agency (CJIB)."""

    # assumption: cases lost to unreadable photos, errors
    loss_rate: Share = doc(
        "Share of camera cases lost between photo and fine (unreadable photos, errors; "
        "assumption)",
        "share 0-1", default=0.02)
    delay_days_min: float = doc(
        "Shortest time from violation to letter (assumption)", "days", default=7.0, ge=0, le=365)
    delay_days_max: float = doc(
        "Longest time from violation to letter (assumption)", "days", default=28.0, ge=0, le=365)

    @model_validator(mode="after")
    def _order(self) -> Processing:
        if self.delay_days_max < self.delay_days_min:
            raise ValueError("expected delay_days_max >= delay_days_min")
        return self


class Campaign(Strict):
    """A dated information campaign: letters to known carriers, word to local drivers, extra
    signs at the entrances (the Brink pilot added signs to its cameras, DATA.md section 2)."""

    date: dt.date = doc("Day the campaign reaches people (YYYY-MM-DD)")
    rule: Literal["window", "ze_zone"] = doc(
        "The rule the campaign explains: the window times or the zero-emission zone",
        default="window")
    carriers_reached: Share = doc(
        "Share of carriers that get a letter: they know the rule from then on, and expect "
        "fines from the date it names (assumption per campaign)", "share 0-1", default=0.0)
    drivers_reached: Share = doc(
        "Share of returning drivers (not deliveries) the campaign reaches, by letter or local "
        "news (assumption per campaign)", "share 0-1", default=0.0)
    turn_away_share: Share | None = doc(
        "Extra signs: from this date, share of drivers who do not know the rule that turn at "
        "the sign (replaces other_traffic.turn_away_share); empty: signs unchanged",
        "share 0-1", default=None)


class Enforcement(Strict):
    """ANPR cameras at the gates and what follows a read plate."""

    camera_gates: Literal["all"] | list[str] = doc(
        "Gates with a number-plate camera: all, or a list of gate ids", default="all")
    read_rate: Share = doc(
        "Share of plates a working camera reads (vendors above 96%, surveys 90-99.9%; DATA.md "
        "section 2)",
        "share 0-1", default=0.95)
    random_outages: RandomOutages | None = doc(
        "Camera breakdowns as an up/down process; null: cameras never break down",
        default_factory=RandomOutages)
    scheduled_outages: list[ScheduledOutage] = doc(
        "Periods in which cameras at some gates are switched off", default_factory=list)
    # warnings instead of fines from `warnings_from` (None: any earlier date) until the day
    # before `warnings_until` (None: no warning period)
    warnings_from: dt.date | None = doc(
        "First day of the warning-only period (YYYY-MM-DD); empty: any earlier date", default=None)
    warnings_until: dt.date | None = doc(
        "First day fines replace warnings (YYYY-MM-DD); empty: no warning period", default=None)
    fines_eur: dict[Category, NonNegFloat] = doc(
        "Fine for entering outside the window, by vehicle category (EUR 104 in Assen, DATA.md "
        "section 2)", "EUR",
        # €104 in Assen (2019, DATA.md §2) for every motor vehicle; assumption that it does not
        # differ by category under the pedestrian-zone regime.
        default_factory=lambda: {c: 104.0 for c in CATEGORIES if c != "cargo_bike"}
    )
    # DATA.md §2 (boete.nu)
    admin_fee_eur: NonNegFloat = doc(
        "Administration fee added to each fine (DATA.md section 2)", "EUR", default=9.0)
    processing: Processing = doc(
        "The step from a camera photo to a letter from the fines agency (CJIB)",
        default_factory=Processing)
    # Dordrecht and Leiden: one warning per plate, a fine from the second offence (DATA §2)
    first_offence_warning: bool = doc(
        "A plate's first camera offence brings a warning, every later one a fine (Dordrecht, "
        "Leiden; DATA.md section 2)", default=False)
    # Assen 2023: "we only warn for now", the start of fines not yet known (DATA §2)
    warnings_name_fine_date: bool = doc(
        "Warning letters name the day fines start (warnings_until); false: they say only that "
        "fines will follow, and drivers expect them behaviour.fines_expected_after_days later",
        default=True)
    campaigns: list[Campaign] = doc(
        "Dated campaigns: letters to carriers, word to drivers, extra signs", default_factory=list)

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

    category: Category = doc("Vehicle category: what the window rules and fines are about")
    energy: Energy = doc(
        "Energy carrier; battery-electric, hydrogen fuel cell and human-electric count as zero-"
        "emission")
    euro: int | None = doc(
        "Euro emission class (0-7), for the zero-emission zone's transition rules",
        "Euro class", default=None, ge=0, le=7)
    registration_year: int | None = doc(
        "Year of first registration, for the zero-emission zone's transition rules",
        "year", default=None, ge=1990, le=2040)
    co2_ttw_g_km: NonNegFloat = doc("CO2 tank-to-wheel per km of urban driving", "g/km")
    co2_wtw_g_km: NonNegFloat | None = doc(
        "CO2 well-to-wheel per km, for fuels (give exactly one of co2_wtw_g_km, kwh_per_km, "
        "h2_kg_per_km)",
        "g/km", default=None)
    kwh_per_km: NonNegFloat | None = doc(
        "Electricity per km, for electric vehicles (well-to-wheel CO2 from "
        "energy.grid_g_co2_per_kwh)",
        "kWh/km", default=None)
    h2_kg_per_km: NonNegFloat | None = doc(
        "Hydrogen per km, for fuel-cell vehicles (well-to-wheel CO2 from energy.hydrogen_pathway)",
        "kg/km", default=None)
    nox_g_km: NonNegFloat = doc("NOx per km of urban driving", "g/km")
    pm10_g_km: NonNegFloat = doc("PM10 per km of urban driving", "g/km")
    cost_eur_h: NonNegFloat = doc("Cost of the vehicle with its driver per hour", "EUR/h")
    cost_eur_km: NonNegFloat = doc("Running cost per km", "EUR/km")
    annual_cost_eur: NonNegFloat = doc(
        "Cost of owning the vehicle for a year, for renewal choices", "EUR/year", default=0.0)

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
    mean_min: float = doc(
        "Mean minutes per stop (lognormal), at most a working day", "min", gt=0, le=480)
    sd_min: float = doc(
        "Standard deviation of the minutes per stop (lognormal)", "min", gt=0, le=480)


MAX_SEGMENT_VEHICLES = 100_000  # fleet of one supplier segment; Assen sees a few hundred
VehicleCount = Annotated[int, Field(ge=1, le=1_000)]  # vehicles one firm owns
# vehicles of one category one firm owns: 0 is fine (a chain DC owning no vans), so long as
# the firm owns some vehicle (checked over its categories)
CategoryCount = Annotated[int, Field(ge=0, le=1_000)]


class Segment(Strict):
    """A kind of supplier: how many firms, how they tour, when they come, what they drive."""

    carriers: int = doc("Number of firms of this kind serving the centre", "count", ge=1, le=10_000)
    # one number for every firm, or one per firm (firm i of the segment is the i-th): firms
    # of one kind differ (a depot an hour away needs more vehicles than one in town), so a
    # fleet sized to each firm's own rounds is a list (docs/region.md, "Fleets")
    # or, by vehicle category, so a firm owns the categories its rounds use (a chain DC its
    # tractor-trailers, a wholesaler its vans) rather than whatever the segment's mix deals
    # it; within a category the classes still come from the mix (sim.model.fleet)
    vehicles_per_carrier: (VehicleCount | list[VehicleCount]
                           | dict[Category, CategoryCount | list[CategoryCount]]) = doc(
        "Vehicles each firm owns: one number for every firm, a list with one number per "
        "firm (as many as `carriers`), or a mapping from vehicle category to one number for "
        "every firm or a list with one number per firm (classes within a category drawn from "
        "the fleet mix restricted to that category)", "count", default=2)
    drops_per_tour: int = doc("Deliveries in the centre per tour", "count", ge=1, le=1_000)
    day_weights: list[NonNegFloat] = doc(
        "Relative share of deliveries on each day, Monday to Sunday (7 values)",
        "relative weight", min_length=7, max_length=7)
    arrival_profile: list[NonNegFloat] = doc(
        "Relative arrivals by hour 00-23 (24 values), for segments that do not plan rounds",
        "relative weight", min_length=24, max_length=24)
    dwell: Dwell = doc("Minutes per stop")
    fleet: dict[str, Share] | None = doc(
        "Vehicle mix: class name to share, summing to 1 (or use fleet_by_year and set this to "
        "null)",
        "share 0-1", default=None)
    # or, instead of one mix, mixes at anchor years, interpolated for the simulated date
    fleet_by_year: dict[int, dict[str, Share]] | None = doc(
        "Vehicle mixes at anchor years, interpolated for the simulated date (or use fleet)",
        "share 0-1", default=None)
    # the evidence's spread around the written path: lowest and highest zero-emission share
    # at some of the anchor years (a low and a high fleet path, fleet_transition.path)
    fleet_ze_range: dict[int, tuple[Share, Share]] | None = doc(
        "Lowest and highest zero-emission share the evidence allows at anchor years of "
        "fleet_by_year, for the low and high fleet paths (fleet_transition.path); not used "
        "with a single fleet mix",
        "share 0-1", default=None)
    foreign_share: Share = doc(
        "Share of vehicles with a foreign plate, which cannot be fined", "share 0-1", default=0.0)
    always_compliant_share: Share = doc(
        "Share of drivers who never enter outside their window", "share 0-1", default=0.3)
    plans_for_windows: Share = doc(
        "Share of tours planned to arrive inside the window", "share 0-1", default=0.7)
    # how a firm that plans around the windows re-times a visit its usual hour (the profile)
    # does not allow; sim/model/arrival.py says what each means and where it comes from
    window_response: Literal["spread", "edge", "last"] = doc(
        "How a firm that plans around the windows times a visit (and a re-delivery) the "
        "window does not allow at its usual hour: spread (anywhere in the window, as "
        "arrival_profile weighs it; allowed visits move too), edge (visits the window allows "
        "keep their time, others come in the window's hour nearest it), last (visits the "
        "window allows keep their time; one due after a window span comes in its last hour "
        "when Assen closes there after every other windowed centre on the rounds; every "
        "other excluded visit anywhere in the window, as arrival_profile weighs it)",
        default="spread")
    can_use_bay: bool = doc(
        "Drivers may unload at a loading bay outside the zone and walk in", default=True)
    redelivery_cost_eur: NonNegFloat = doc(
        "Cost of delivering another day instead", "EUR", default=20.0)
    max_wait_min: float = doc(
        "Longest a driver waits at a closed gate for the window to open",
        "min", default=90.0, ge=0, le=1440)
    permits: dict[Permit, Share] = doc(
        "Share of this segment's vehicles holding each permit", "share 0-1", default_factory=dict)
    # a depot id in the geodata; None = the nearest one
    depot: str | None = doc(
        "Depot id in the geodata the tours start from; empty: the nearest one", default=None)

    @field_validator("vehicles_per_carrier", mode="before")
    @classmethod
    def _counts(cls, v: Any) -> Any:
        """Say which firm's number is wrong, rather than pydantic's two-branch union error."""
        if isinstance(v, dict):
            return _category_counts(v)
        items = v if isinstance(v, list) else [v]
        for i, x in enumerate(items):
            if isinstance(x, bool):
                continue  # the base model's "a number, not true/false" says it
            if not isinstance(x, int) or not 1 <= x <= 1_000:
                got = f"; got {x!r} for carrier {i}" if isinstance(v, list) else ""
                raise ValueError(f"expected a whole number of vehicles from 1 to 1,000 or a "
                                 f"list of them, one per carrier{got}")
        return v

    @model_validator(mode="after")
    def _weights(self) -> Segment:
        if sum(self.day_weights) <= 0:
            raise ValueError("day_weights: expected at least one day with a positive weight")
        if sum(self.arrival_profile) <= 0:
            raise ValueError("arrival_profile: expected at least one hour with a positive weight")
        vpc = self.vehicles_per_carrier
        if isinstance(vpc, list) and len(vpc) != self.carriers:
            raise ValueError(f"vehicles_per_carrier: expected one number per carrier "
                             f"({self.carriers}, as `carriers` says), got a list of {len(vpc)}")
        if isinstance(vpc, dict):
            self._check_by_category(vpc)
        if sum(self.fleet_sizes) > MAX_SEGMENT_VEHICLES:
            got = (f"{sum(vpc):,} in the list" if isinstance(vpc, list)
                   else f"{sum(self.fleet_sizes):,} in the mapping" if isinstance(vpc, dict)
                   else f"{self.carriers:,} x {vpc:,}")
            raise ValueError(f"vehicles_per_carrier: expected carriers x vehicles_per_carrier "
                             f"of at most {MAX_SEGMENT_VEHICLES:,}, got {got}")
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

    def _check_by_category(self, vpc: dict[str, int | list[int]]) -> None:
        """Each category's list has one number per carrier, and every carrier owns a vehicle
        (a carrier with none could not deliver its orders at all)."""
        if not vpc:
            raise ValueError("vehicles_per_carrier: expected at least one vehicle category")
        for cat, n in vpc.items():
            if isinstance(n, list) and len(n) != self.carriers:
                raise ValueError(
                    f"vehicles_per_carrier.{cat}: expected one number per carrier "
                    f"({self.carriers}, as `carriers` says), got a list of {len(n)}")
        for i, mix in enumerate(self.fleet_by_category or []):
            if sum(mix.values()) == 0:
                raise ValueError(f"vehicles_per_carrier: expected at least one vehicle for "
                                 f"every carrier, got 0 in total for carrier {i}")

    @property
    def fleet_by_category(self) -> list[dict[str, int]] | None:
        """Per carrier, in carrier order: vehicles by category (categories in the order of
        sim.scenario.vocab.CATEGORIES, zeros kept); None when the fleet is given as numbers
        of vehicles whose classes come from the segment's whole mix."""
        vpc = self.vehicles_per_carrier
        if not isinstance(vpc, dict):
            return None
        cats = [c for c in CATEGORIES if c in vpc]
        return [{c: (n[i] if isinstance(n, list) else n)
                 for c in cats for n in [vpc[c]]} for i in range(self.carriers)]

    @property
    def fleet_sizes(self) -> list[int]:
        """Vehicles of each carrier of the segment, in carrier order (the list form as given,
        one number repeated for every carrier, a mapping's categories added up)."""
        vpc = self.vehicles_per_carrier
        if isinstance(vpc, dict):
            return [sum(m.values()) for m in self.fleet_by_category or []]
        return list(vpc) if isinstance(vpc, list) else [vpc] * self.carriers

    def classes(self) -> set[str]:
        if self.fleet is not None:
            return set(self.fleet)
        return {c for mix in (self.fleet_by_year or {}).values() for c in mix}


def _category_counts(v: dict[Any, Any]) -> dict[Any, Any]:
    """The mapping form of vehicles_per_carrier, checked with messages that name the category
    and the carrier: a known category, and whole numbers 0-1,000 (not true/false)."""
    for cat, n in v.items():
        if cat not in CATEGORIES:
            raise ValueError(f"unknown vehicle category {cat!r}; expected one of "
                             f"{', '.join(CATEGORIES)}")
        items = n if isinstance(n, list) else [n]
        for i, x in enumerate(items):
            if isinstance(x, bool) or not isinstance(x, int) or not 0 <= x <= 1_000:
                who = f" for carrier {i}" if isinstance(n, list) else ""
                shown = str(x).lower() if isinstance(x, bool) else repr(x)
                raise ValueError(
                    f"{cat}: expected a whole number of vehicles from 0 "
                    f"to 1,000 (a number, not true/false) or a list of them, one per "
                    f"carrier; got {shown}{who}")
    return v


class Demand(Strict):
    """Goods deliveries per shop per week, by shop type and supplier segment."""

    scale: float = doc(
        "Multiplies every weekly delivery count", "factor", default=1.0, gt=0, le=100)
    weekly_deliveries: dict[ShopType, dict[str, NonNegFloat]] = doc(
        "Deliveries per shop per week, by shop type and supplier segment", "deliveries/shop/week")
    max_attempts: int = doc(
        "Attempts before a delivery counts as failed", "count", default=3, ge=1, le=20)


class Behaviour(Strict):
    """How a driver at a closed gate weighs a fine against waiting, coming back or dropping,
    and how drivers learn what the cameras do (sim.model.deterrence, docs/deterrence.md)."""

    # settled: beliefs start where this regime's cameras leave them (the learning rule's fixed
    # point); prior: a regime that has just started, beliefs start at the stated priors
    start_state: Literal["settled", "prior"] = doc(
        "How drivers' beliefs about the cameras start: settled (where this regime leaves them) or"
        " prior (a regime just started)",
        default="settled")
    # only with start_state prior: where a sign stands
    perceived_detection_prior: Share = doc(
        "With start_state prior: believed chance of a letter at an entrance with a sign",
        "share 0-1", default=0.3)
    # only with start_state prior: entrances without a camera
    prior_without_sign: Share = doc(
        "With start_state prior: believed chance of a letter at an entrance without a camera",
        "share 0-1", default=0.05)
    learning_rate: Share = doc(
        "Step of a belief towards caught after a letter (warning or fine)",
        "share 0-1", default=0.3)
    silence_learning_rate: Share = doc(
        "Step of a belief towards not caught after no_news_days without a letter",
        "share 0-1", default=0.3)
    generalisation: Share = doc(
        "Share of a letter's step taken at the other signed entrances", "share 0-1", default=0.5)
    no_news_days: float = doc(
        "Days without a letter after which drivers count an entry as not caught",
        "days", default=35.0, gt=0, le=3650)
    gate_choice: bool = doc("Drivers who drive in anyway may pick another entrance", default=True)
    # below a cent the noise is no noise: every choice is a hard minimum
    choice_noise_eur: float = doc(
        "Spread of the random part of a driver's choice (logit scale)",
        "EUR", default=10.0, ge=0.01, le=100_000)
    warning_cost_eur: NonNegFloat = doc(
        "What a warning letter costs a driver in their own eyes", "EUR", default=10.0)
    # the motive model (sim/model/motives.py, docs/deterrence.md): a segment's
    # always_compliant_share are the drivers who follow a rule once their firm knows it
    initial_aware_share: Share = doc(
        "With start_state prior: share of carriers that know the window rule and its cameras at "
        "the start (a settled regime: all do; assumption)", "share 0-1", default=0.5)
    ze_aware_share: Share = doc(
        "Share of carriers that know the zero-emission zone's rule when the run starts "
        "(1: a zone in force; assumption for a zone just started)", "share 0-1", default=1.0)
    fines_expected_after_days: float = doc(
        "Days after a warning that names no date at which its keeper expects fines (assumption)",
        "days", default=28.0, ge=0, le=3650)
    taste_sd_eur: NonNegFloat = doc(
        "Spread between firms in how they weigh driving in anyway: each firm's lasting "
        "preference, normal with mean 0 and this standard deviation (assumption)",
        "EUR", default=10.0, le=100_000)
    # who follows a known rule: a driver on the day (each tour draws the segment's
    # always_compliant_share) or the firm as a whole (that share of firms, for good)
    norm_holder: Literal["driver", "firm"] = doc(
        "Who follows a rule once known: each driver on the day (a segment's "
        "always_compliant_share of tours) or the firm (that share of firms, lastingly)",
        default="driver")
    belief_spread: bool = doc(
        "A settled start draws each firm's beliefs from the spread the learning rule leaves "
        "(false: every firm at the mean)", default=True)
    # the fine-free months of a zero-emission zone (docs/deterrence.md, "A zone's fine-free
    # months"): what a firm that knows the zone's rule does with its fleet and exemptions
    ze_reassign_fleet: bool = doc(
        "A firm that knows the ZE zone's rule sends the vehicles the zone admits on the day's "
        "tours to the centre first, the barred ones only when it has too few (tours drawn from "
        "profiles; planned rounds choose their own vehicles)", default=True)
    renew_just_in_time: bool = doc(
        "A firm that weighs costs (not one that follows known rules: a segment's "
        "always_compliant_share of firms) has the vehicle that replaces a barred one arrive the "
        "day it expects the zone's fines, not before: until then entering brings only a "
        "warning (false: every firm renews as soon as it knows the rule)", default=True)
    save_day_exemptions: bool = doc(
        "A driver who weighs costs does not spend one of the vehicle's scarce, paid day "
        "exemptions while entering brings only a warning: an exemption kept saves a fine later "
        "(false: priced at its fee alone, as before)", default=True)
    bay_walk_kmh: float = doc(
        "Walking speed with a trolley from a loading bay", "km/h", default=4.0, ge=0.5, le=20)
    bay_handling_min: float = doc(
        "Extra handling per stop when unloading at a bay", "min", default=3.0, ge=0, le=480)
    road_kmh: float = doc(
        "Speed on roads outside the zone, for detours and depot trips",
        "km/h", default=30.0, ge=5, le=130)
    depot_km_if_unknown: float = doc(
        "Distance to the depot when the geodata has none", "km", default=5.0, gt=0, le=500)


class OtherTraffic(Strict):
    """Cars that are not deliveries meeting the cameras: an open population.

    Returning drivers (people from Assen, taxis) come from a pool that slowly turns over and
    learn; newcomers (visitors from elsewhere following a navigation app) keep arriving and
    do not know the zone; a share of drivers never responds to letters.
    """

    enabled: bool = doc("Simulate the other cars that meet the cameras", default=True)
    population: int = doc(
        "Returning drivers (people from Assen, taxis) in the pool",
        "count", default=4000, ge=1, le=1_000_000)
    trips_per_day: float = doc(
        "Trips towards the zone by returning drivers per day",
        "trips/day", default=300.0, ge=0, le=1_000_000)
    newcomer_trips_per_day: float = doc(
        "Trips towards the zone by newcomers (visitors following a navigation app) per day",
        "trips/day", default=40.0, ge=0, le=1_000_000)
    turnover_per_year: Share = doc(
        "Share of returning drivers replaced by unaware ones each year",
        "share 0-1 per year", default=0.2)
    non_responder_share: Share = doc(
        "Share of drivers who ignore letters and signs alike", "share 0-1", default=0.03)
    avoid_cost_eur: NonNegFloat = doc(
        "What going round the zone costs a driver who knows it", "EUR", default=5.0)
    choice_noise_eur: float = doc(
        "Spread of the random part of a driver's choice (logit scale)",
        "EUR", default=5.0, ge=0.01, le=100_000)
    vehicle_class: str = doc(
        "Vehicle class of these cars, for km and emissions in the zone", default="car_petrol")
    hourly_profile: list[NonNegFloat] = doc(
        "Relative trips by hour 00-23 (24 values)", "relative weight", min_length=24, max_length=24)
    taxi_share: Share = doc("Share of trips by taxis", "share 0-1", default=0.05)
    foreign_share: Share = doc(
        "Share of cars with a foreign plate, which cannot be fined", "share 0-1", default=0.03)
    turn_away_share: Share = doc(
        "Share of unaware drivers who turn away at the sign", "share 0-1", default=0.6)
    spontaneous_learning: Share = doc(
        "Chance per trip that an unaware returning driver learns the rule by themselves",
        "share 0-1", default=0.02)
    normative_share: Share = doc(
        "Share of drivers who follow the rule once they know it, whatever the fine "
        "(assumption)", "share 0-1", default=0.5)
    taste_sd_eur: NonNegFloat = doc(
        "Spread between drivers in how they weigh driving in anyway: each driver's lasting "
        "preference, normal with mean 0 and this standard deviation (assumption)",
        "EUR", default=10.0, le=100_000)
    # only with behaviour.start_state prior
    initial_aware_share: Share = doc(
        "With behaviour.start_state prior: share of returning drivers who know the rule at the "
        "start",
        "share 0-1", default=0.5)
    minutes_in_zone: float = doc(
        "Minutes a car that enters spends in the zone", "min", default=4.0, gt=0, le=1440)

    @model_validator(mode="after")
    def _profile(self) -> OtherTraffic:
        if self.enabled and sum(self.hourly_profile) <= 0:
            raise ValueError("hourly_profile: expected at least one hour with a positive weight")
        return self


class FleetTransition(Strict):
    """How fast fleets move along their `fleet_by_year` path (1 = as written)."""

    adoption_speed: float = doc(
        "How fast fleets move along their fleet_by_year path (1 = as written)",
        "factor", default=1.0, ge=0.05, le=20)
    # stretched or squeezed around it
    base_year: int = doc(
        "Year around which the path is stretched or squeezed",
        "year", default=2018, ge=1990, le=2100)
    path: Literal["low", "central", "high"] = doc(
        "Which fleet path: the mixes as written (central), or their zero-emission share moved "
        "to the low or high end of each segment's fleet_ze_range",
        default="central")


class EnergySupply(Strict):
    """Upstream CO2 of electricity and hydrogen, for well-to-wheel factors."""

    grid_g_co2_per_kwh: NonNegFloat = doc(
        "CO2 per kWh of grid electricity, well-to-wheel (Dutch grid 2021, CE Delft; DATA.md "
        "section 4)",
        "g CO2/kWh", default=374.0)
    hydrogen_pathway: Literal["grey", "grid_electrolysis", "green"] = doc(
        "How the hydrogen is made: grey, grid_electrolysis or green", default="grey")
    hydrogen_g_co2_per_kg: dict[str, NonNegFloat] = doc(
        "CO2 per kg of hydrogen by pathway (DATA.md section 4)", "g CO2/kg H2",
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

    category: Category = doc("Vehicle category the rule is about")
    euro_min: int = doc("Lowest Euro class that may still enter", "Euro class", ge=0, le=7)
    euro_max: int | None = doc(
        "Highest Euro class the rule covers; empty: no upper bound",
        "Euro class", default=None, ge=0, le=7)
    registered_from: int | None = doc(
        "First registration year covered; empty: no lower bound", "year", default=None)
    registered_until: int | None = doc(
        "Last registration year covered (inclusive); empty: no upper bound", "year", default=None)
    until: dt.date = doc("First date these vehicles may no longer enter (YYYY-MM-DD)")


class ZeZone(Strict):
    """The national zero-emission zone for vans and trucks, in Assen the pedestrian area.

    Dates and exemptions: evofenedex "Toegangseisen zero-emissiezones", rijksoverheid.nl,
    autoreview.nl (DATA.md §3).
    """

    enabled: bool = doc("Simulate the zero-emission zone", default=True)
    start: dt.date = doc(
        "First day of the zero-emission zone (YYYY-MM-DD)", default=dt.date(2025, 1, 1))
    all_ze_from: dt.date = doc(
        "Date from which every van and truck must be zero-emission (YYYY-MM-DD)",
        default=dt.date(2030, 1, 1))
    applies_to: list[Category] = doc(
        "Vehicle categories the zone is for",
        default_factory=lambda: ["van", "rigid_truck", "tractor_trailer"]
    )
    transition_exemptions: bool = doc("Apply the national transition rules", default=True)
    # the national transition rules (DATA.md §3): which vehicles may still enter, until when
    transition: list[TransitionRule] = doc(
        "The transition rules: which vehicles may still enter, until when. A list replaces the "
        "inherited one whole",
        default_factory=lambda: [
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
    # registered from: no rule
    new_must_be_ze_from: int = doc(
        "Registration year from which no transition rule applies",
        "year", default=2025, ge=1990, le=2100)
    day_exemptions_per_year: int = doc(
        "Day exemptions a carrier may use in a year", "days/year", default=12, ge=0, le=366)
    # EUR 30 a day at the RDW, at most 12 a year (autoreview.nl 34531, 2024-07; 35927, 2025-05)
    day_exemption_cost_eur: NonNegFloat = doc(
        "What using a day exemption costs a carrier: the RDW's fee (EUR 30 a day, "
        "autoreview.nl 2024-07 and 2025-05)", "EUR", default=30.0)
    # at least 6 months fine-free
    warnings_until: dt.date | None = doc(
        "First day of fines in the zone (YYYY-MM-DD); before it, warnings",
        default=dt.date(2025, 7, 1))
    warnings_name_fine_date: bool = doc(
        "The zone's warning letters name the day fines start (warnings_until); false: they say "
        "only that fines will follow, and carriers expect them behaviour.fines_expected_after_days"
        " later", default=True)
    fines_eur: dict[Category, NonNegFloat] = doc(
        "Fine for entering the zone with a vehicle that may not, by vehicle category", "EUR",
        default_factory=lambda: {"van": 120.0, "rigid_truck": 310.0, "tractor_trailer": 310.0}
    )
    renewal: dict[Category, str | list[str]] = doc(
        "Vehicle class (or classes) a carrier may buy when it renews a vehicle the zone shuts "
        "out, by category: it takes the cheapest to own that the zone admits on the date; at "
        "least one must be zero-emission",
        default_factory=lambda: {"van": "van_electric", "rigid_truck": "truck_electric",
                                 "tractor_trailer": "truck_electric"}
    )

    def renewal_options(self, category: str) -> list[str]:
        """The classes a carrier may renew a vehicle of `category` by, as a list."""
        got = self.renewal.get(category, [])
        return [got] if isinstance(got, str) else list(got)
    # assumption: firms differ in how they weigh it
    renewal_noise_eur: PositiveFloat = doc(
        "How much firms differ in weighing a renewal (logit scale; assumption)",
        "EUR", default=1500.0)
    # a firm that learns the rule during the run (a letter, a campaign) renews then, and the
    # vehicle arrives weeks later (firms that know it at the start acted before the run)
    renew_on_learning: bool = doc(
        "A firm that learns the zone's rule during the run (a letter, a campaign) decides then "
        "on renewing or an exemption, and the vehicle or exemption comes after a lead time "
        "(false: only firms that know the rule at the start act, before the run)", default=True)
    renewal_lead_days: float = doc(
        "Days from a firm's decision to renew until the new vehicle drives (assumption: buying a "
        "used van takes days to weeks, a new electric one months)", "days", default=28.0,
        ge=0, le=3650)
    exemption_share: Share = doc(
        "Share of the vehicles the zone bars that qualify for a long-term exemption (no "
        "zero-emission model on the market, special bodywork, a long delivery time of the "
        "electric one ordered; autoreview.nl 2024-07); their firm applies once it knows the rule"
        " (assumption; 13,000 granted for 2025 against about 228,000 vans of Euro 4 or older "
        "nationally suggests about 0.06 at least)", "share 0-1", default=0.0)
    exemption_lead_days: float = doc(
        "Days from applying for a long-term exemption until it holds (the RDW takes a few "
        "weeks, duic.nl 2025)", "days", default=21.0, ge=0, le=3650)

    @model_validator(mode="after")
    def _dates(self) -> ZeZone:
        if self.all_ze_from < self.start:
            raise ValueError("all_ze_from: expected a date on or after start")
        return self


class Hub(Strict):
    """A consolidation hub at the edge of town: goods move to cargo bikes for the last leg."""

    # a depot id in the geodata where the hub is
    depot: str = doc("Depot id in the geodata where the hub is")
    vehicle_class: str = doc(
        "Zero-emission vehicle class of the last leg", default="cargo_bike_electric")
    cost_eur_per_drop: NonNegFloat = doc(
        "Cost per delivery through the hub: handling and the bike round (assumption)",
        "EUR", default=6.0)
    delay_min: NonNegFloat = doc(
        "Time from arrival at the hub to delivery: unloading, sorting, cycling out (assumption)",
        "min", default=60.0)
    # empty: every segment may use it
    segments: list[str] = doc(
        "Segments that may use the hub; empty: every segment", default_factory=list)


class ParkerGroup(Strict):
    """A kind of car parking around the centre: shoppers, commuters, residents with permits."""

    profile: dict[DayType, list[NonNegFloat]] = doc(
        "Relative arrivals per hour 00-23 (24 values) by day type, times per_hour",
        "relative weight")
    per_hour: float = doc("Arrivals per hour at profile weight 1", "cars/h", ge=0, le=100_000)
    stay_mean_min: PositiveFloat = doc("Mean parking stay", "min")
    stay_sd_min: PositiveFloat = doc("Standard deviation of the parking stay", "min")
    pays: bool = doc(
        "Pays for parking; false: a permit, parks on the street for free (not in garages)",
        default=True)
    kinds: list[Literal["street", "garage"]] = doc(
        "Where this group parks: street, garage or both",
        default_factory=lambda: ["street", "garage"])
    # arrivals vs the cost of a visit
    price_elasticity: float = doc(
        "Elasticity of arrivals to the cost of a visit (0 or negative)",
        "elasticity", default=0.0, le=0)
    reference_cost_eur: PositiveFloat = doc(
        "Cost of a visit at which per_hour holds", "EUR", default=2.28)
    visitor: bool = doc("Counts as a visitor of the centre (evening visitors KPI)", default=True)

    @field_validator("profile")
    @classmethod
    def _hours(cls, v: dict[str, list[float]]) -> dict[str, list[float]]:
        for day, weights in v.items():
            if len(weights) != 24:
                raise ValueError(f"{day}: expected 24 hourly weights, got {len(weights)}")
        return v


class ParkingChoice(Strict):
    """How a driver picks a place: price for the stay, walking time, and noise."""

    walk_cost_eur_per_min: NonNegFloat = doc(
        "Value of a minute of walking (assumption: EUR 9 an hour)", "EUR/min", default=0.15)
    # walking distance = straight line x this (assumption)
    walk_detour: PositiveFloat = doc(
        "Walking distance over straight-line distance (assumption)", "factor", default=1.3)
    walk_kmh: PositiveFloat = doc(
        "Walking speed from the car to the shop (assumption)", "km/h", default=4.8)
    choice_noise_eur: PositiveFloat = doc(
        "Spread of the random part of the choice of a place (logit scale; assumption)",
        "EUR", default=1.0)
    search_min_per_try: NonNegFloat = doc(
        "Minutes circling to the next place when one is full (assumption)", "min", default=3.0)
    max_tries: int = doc("Places tried before a driver gives up", "count", default=3, ge=1, le=50)


class BayUse(Strict):
    """Loading bays just outside the zone, shared with cars that should not be there."""

    # assumption: a car finding the street full takes a free bay
    misuse_share: Share = doc(
        "Share of cars finding the street full that take a free loading bay (assumption)",
        "share 0-1", default=0.3)
    enforcement: Share = doc(
        "Share of that misuse prevented by enforcement of the bays", "share 0-1", default=0.5)
    # assumption: a car in a bay stays at most this long
    misuse_max_min: PositiveFloat = doc(
        "Longest a car stays in a loading bay (assumption)", "min", default=20.0)
    # a van waits this long for a bay, then double-parks
    max_wait_min: NonNegFloat = doc(
        "Longest a van waits for a bay before it double-parks", "min", default=5.0)
    double_park_cost_eur: NonNegFloat = doc(
        "Cost of double parking to a carrier: risk of a fine, hindrance (assumption)",
        "EUR", default=25.0)


class ParkingPolicy(Strict):
    """On-street parking and garages: tariffs, visitors, and the loading bays they share."""

    enabled: bool = doc("Simulate parking", default=True)
    street_tariff_eur_h: NonNegFloat = doc(
        "Street parking tariff (2018-2019, DATA.md section 6)", "EUR/h", default=2.40)
    # paid street hours by day type; the 2015 policy is Mon-Sat 09:00-21:00, Sun 12:00-18:00
    street_paid_hours: DaySpans = doc(
        "Hours with paid street parking by day type, as HH:MM-HH:MM spans")
    garage_first_hour_eur: NonNegFloat = doc(
        "Garage tariff for the first hour (DATA.md section 6)", "EUR", default=2.14)
    # assumption: the same for each next hour
    garage_next_hour_eur: NonNegFloat = doc(
        "Garage tariff for each next hour (assumption)", "EUR/h", default=2.14)
    garage_day_max_eur: NonNegFloat = doc(
        "Garage day maximum (DATA.md section 6)", "EUR", default=6.0)
    groups: dict[str, ParkerGroup] = doc(
        "Kinds of parkers (shoppers, commuters, residents) by name")
    choice: ParkingChoice = doc("How a driver picks a place", default_factory=ParkingChoice)
    bays: BayUse = doc("Loading bays shared with cars", default_factory=BayUse)
    # the hours counted as "evening" in the parking KPIs (shops close at 18:00, CVDR24760)
    evening: str = doc(
        "Hours counted as evening in the parking KPIs, as HH:MM-HH:MM", default="18:00-22:00")

    @field_validator("evening")
    @classmethod
    def _evening_span(cls, v: str) -> str:
        check_spans([v])
        return v


class ZoneDriving(Strict):
    # assumption: walking pace ("stapvoets"); below 1 km/h a stop would take longer than a day
    speed_kmh: float = doc(
        "Driving speed inside the zone (walking pace; assumption)",
        "km/h", default=6.0, ge=1, le=50)


# a renewal replaces a van by a van, and a truck by a truck (a tractor may become a rigid one)
_RENEWAL_GROUP = {"rigid_truck": "truck", "tractor_trailer": "truck"}


class Scenario(Strict):
    """A complete, resolved scenario: what one run simulates."""

    name: str = doc(
        "Name of the scenario; the default run folder is results/<name>/",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    description: str = doc("What the scenario is, in plain words", default="")
    start_date: dt.date = doc(
        "First simulated day, a Monday (YYYY-MM-DD); its year drives the fleet and the dated "
        "rules")
    weeks: int = doc("Simulated weeks", "weeks", default=1, ge=1, le=520)
    seed: int = doc("Random seed; replication r uses the streams of (seed, r)",
                    default=1, ge=0, le=MAX_SEED)
    replications: int = doc("Independent replications", "count", default=1, ge=1, le=1_000_000)
    geography: str = doc("The GeoPackage, relative to the file that names it")
    calendar: Calendar = doc("Day types and shop opening hours", default_factory=Calendar)
    policy: Policy = doc("Window rules: who may be in the zone when")
    enforcement: Enforcement = doc(
        "Number-plate cameras and what follows a read plate", default_factory=Enforcement)
    vehicle_classes: dict[str, VehicleClass] = doc(
        "Vehicle classes by name, with emission factors and costs")
    segments: dict[str, Segment] = doc("Supplier segments by name (parcel, wholesale, ...)")
    demand: Demand = doc("Deliveries per shop per week")
    behaviour: Behaviour = doc(
        "How drivers at a closed gate choose, and how they learn about the cameras",
        default_factory=Behaviour)
    other_traffic: OtherTraffic = doc("Other cars that meet the cameras")
    zone: ZoneDriving = doc("Driving inside the zone", default_factory=ZoneDriving)
    fleet_transition: FleetTransition = doc(
        "How fast fleets become zero-emission", default_factory=FleetTransition)
    energy: EnergySupply = doc(
        "Upstream CO2 of electricity and hydrogen", default_factory=EnergySupply)
    ze_zone: ZeZone | None = doc("The zero-emission zone; null: none", default=None)
    hub: Hub | None = doc("A consolidation hub with cargo bikes; null: none", default=None)
    parking: ParkingPolicy | None = doc(
        "Street parking and garages; null: not simulated", default=None)
    # carriers plan their days (sim.model.rounds); None: drawn
    rounds: Rounds | None = doc(
        "Carriers plan their rounds as a routing problem; null: arrivals are drawn", default=None)

    @field_validator("seed", mode="before")
    @classmethod
    def _seed_fits(cls, v: Any) -> Any:
        """A seed too large for the run folder, said in words before pydantic's bare bound."""
        if isinstance(v, int) and not isinstance(v, bool) and not seed_fits(v):
            raise ValueError(f"expected {SEED_RANGE}")
        return v

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

    def _check_ze_range(self, seg_name: str, seg: Segment) -> None:
        """A low/high range must hold the written mix's zero-emission share and leave a
        class to move: a path cannot scale up zero-emission classes that the mix has none of."""
        where = f"segments.{seg_name}.fleet_ze_range"
        if not seg.fleet_ze_range or seg.fleet_by_year is None:
            return  # one fixed `fleet` mix has no path to move (an inherited range is moot)
        for year, (low, high) in sorted(seg.fleet_ze_range.items()):
            mix = seg.fleet_by_year.get(year)
            if mix is None:
                raise ValueError(f"{where}.{year}: expected one of the fleet_by_year years "
                                 f"{sorted(seg.fleet_by_year)}")
            ze = sum(s for c, s in mix.items() if self.vehicle_classes[c].zero_emission)
            if not low - 1e-9 <= ze <= high + 1e-9:
                raise ValueError(f"{where}.{year}: expected [low, high] around the mix's "
                                 f"zero-emission share {ze:.3g}, got [{low:g}, {high:g}]")
            if high > ze + 1e-9 and ze <= 0:
                raise ValueError(f"{where}.{year}: the mix has no zero-emission class to raise "
                                 f"to {high:g}; give one a small share")
            if low < ze - 1e-9 and ze >= 1:
                raise ValueError(f"{where}.{year}: the mix has no other class to raise when "
                                 f"zero-emission falls to {low:g}; give one a small share")

    def _check_owned_categories(self, seg_name: str, seg: Segment) -> None:
        """A category a carrier owns must have a class with a share in every mix of the
        segment: its vehicles' classes are drawn from the mix restricted to the category."""
        by_cat = seg.fleet_by_category
        if by_cat is None:
            return
        owned = [c for c in by_cat[0] if any(m[c] for m in by_cat)]
        mixes = ({"fleet": seg.fleet} if seg.fleet is not None else
                 {f"fleet_by_year.{y}": m for y, m in sorted((seg.fleet_by_year or {}).items())})
        for cat in owned:
            for where, mix in mixes.items():
                if not any(s > 0 and self.vehicle_classes[c].category == cat
                           for c, s in mix.items()):
                    raise ValueError(
                        f"segments.{seg_name}.vehicles_per_carrier.{cat}: expected a class of "
                        f"category {cat} with a share in segments.{seg_name}.{where} (the "
                        f"carriers' {cat} classes are drawn from it); it has none")

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        for seg_name, seg in self.segments.items():
            for vc in sorted(seg.classes()):
                if vc not in self.vehicle_classes:
                    raise ValueError(
                        f"segments.{seg_name}.fleet: unknown vehicle class {vc!r}; expected one "
                        f"of {sorted(self.vehicle_classes)}"
                    )
        for seg_name, seg in self.segments.items():
            self._check_ze_range(seg_name, seg)
            self._check_owned_categories(seg_name, seg)
        known = sorted(self.vehicle_classes)
        if self.other_traffic.vehicle_class not in self.vehicle_classes:
            raise ValueError(f"other_traffic.vehicle_class: unknown vehicle class "
                             f"{self.other_traffic.vehicle_class!r}; expected one of {known}")
        if self.ze_zone is not None:
            for cat in self.ze_zone.renewal:
                options = self.ze_zone.renewal_options(cat)
                for vc in options:
                    if vc not in self.vehicle_classes:
                        raise ValueError(f"ze_zone.renewal.{cat}: unknown vehicle class "
                                         f"{vc!r}; expected one of {known}")
                    kind = self.vehicle_classes[vc].category
                    if _RENEWAL_GROUP.get(kind, kind) != _RENEWAL_GROUP.get(cat, cat):
                        raise ValueError(f"ze_zone.renewal.{cat}: expected a class that can "
                                         f"do a {cat}'s work, {vc!r} is a {kind}")
                if not any(self.vehicle_classes[vc].zero_emission for vc in options):
                    shown = ", ".join(repr(vc) for vc in options) or "none"
                    raise ValueError(f"ze_zone.renewal.{cat}: expected at least one "
                                     f"zero-emission class (once the transition ends only "
                                     f"those are let in), got {shown}")
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
