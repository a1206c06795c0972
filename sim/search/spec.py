"""Search specs: which window options to try, what counts, and how hard to look.

A spec names a base scenario, the decisions a planner may take (window start and end per day
type in 30-minute steps, the evening zero-emission window on or off, the fine, cameras at some
entrances, any other scenario key), the objectives (a KPI and a direction each), optional
constraints, and how replications are spent. It is its own pydantic model, so a misspelt key
is refused with its path like in a scenario, and `venster schema --search` gives editors the
same rules as JSON Schema.

Times are "HH:MM" text. A list of times is taken as written; `{from, to, step_min}` stands for
every time from `from` to `to` in steps of `step_min` minutes (30 by default).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.errors import InputError
from sim.scenario.vocab import DayType

_TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
SEARCH_SCHEMA = "search.schema.json"
MAX_OPTIONS = 100_000  # the product of the decisions' levels; NSGA-II samples beyond enumeration


def minutes(text: str) -> int:
    """'07:30' -> 450; '24:00' closes a day."""
    m = _TIME.match(text)
    if not m or (m.group(1) == "24" and m.group(2) != "00"):
        raise ValueError(f"expected a time like '07:00' (00:00-24:00), got {text!r}")
    return int(m.group(1)) * 60 + int(m.group(2))


def clock(total: int) -> str:
    """450 -> '07:30'."""
    return f"{total // 60:02d}:{total % 60:02d}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Time = Annotated[str, Field(description="HH:MM", pattern=r"^([01]\d|2[0-4]):[0-5]\d$")]


class TimeRange(_Strict):
    """Every time from `from` to `to`, `step_min` apart."""

    from_: Time = Field(alias="from", description="First time (HH:MM)")
    to: Time = Field(description="Last time (HH:MM), included")
    step_min: int = Field(30, ge=5, le=240, description="Minutes between times [min]")

    @model_validator(mode="after")
    def _order(self) -> TimeRange:
        if minutes(self.to) < minutes(self.from_):
            raise ValueError(f"to: expected a time at or after from ({self.from_}), got "
                             f"{self.to}")
        return self

    def times(self) -> list[str]:
        a, b = minutes(self.from_), minutes(self.to)
        return [clock(t) for t in range(a, b + 1, self.step_min)]


TimeChoice = list[Time] | TimeRange


def choice_times(choice: TimeChoice | None) -> list[str] | None:
    """The times a choice stands for, in order and without repeats; None if not a decision."""
    if choice is None:
        return None
    times = choice.times() if isinstance(choice, TimeRange) else list(choice)
    for t in times:
        minutes(t)
    return list(dict.fromkeys(times))


class DayWindow(_Strict):
    """The window of one day type: start and end times to try, or the same as another day."""

    start: TimeChoice | None = Field(None, description="Window starts to try (HH:MM list, or "
                                     "{from, to, step_min}); empty: the base scenario's start")
    end: TimeChoice | None = Field(None, description="Window ends to try; empty: the base "
                                   "scenario's end")
    same_as: DayType | None = Field(None, description="Follow another day type's window "
                                    "(e.g. friday same as weekday)")

    @model_validator(mode="after")
    def _one_way(self) -> DayWindow:
        if self.same_as is not None and (self.start is not None or self.end is not None):
            raise ValueError("same_as: expected either same_as or start/end, not both")
        if self.same_as is None and self.start is None and self.end is None:
            raise ValueError("expected start:, end: or same_as:")
        for key in ("start", "end"):
            times = choice_times(getattr(self, key))
            if times is not None and not times:
                raise ValueError(f"{key}: expected at least one time")
        return self


class WindowDecision(_Strict):
    """The morning window of one rule, per day type."""

    rule: str = Field("venstertijden", description="Name of the window rule in the base "
                      "scenario whose first span (start-end) is varied")
    days: dict[DayType, DayWindow] = Field(description="Per day type: the starts and ends to "
                                           "try, or same_as another day type", min_length=1)

    @model_validator(mode="after")
    def _same_as(self) -> WindowDecision:
        for day, w in self.days.items():
            if w.same_as is not None:
                if w.same_as == day:
                    raise ValueError(f"days.{day}.same_as: expected another day type")
                target = self.days.get(w.same_as)
                if target is None or target.same_as is not None:
                    raise ValueError(f"days.{day}.same_as: expected a day type listed here "
                                     f"with its own start/end, got {w.same_as!r}")
        return self


class RuleSwitch(_Strict):
    """A window rule switched on or off (the evening window for zero-emission vehicles)."""

    rule: str = Field("ze-ontheffing", description="Name of the rule in the base scenario")
    values: list[bool] = Field([True, False], min_length=1, description="On (true), off "
                               "(false), or both")


class FineDecision(_Strict):
    """Fine amounts to try; each sets the fine of every vehicle category the base fines."""

    values: list[Annotated[float, Field(ge=0, le=10_000)]] = Field(
        min_length=1, description="Fines to try [EUR]")


class CameraDecision(_Strict):
    """Cameras at some entrances: each listed gate with and without a camera, or named sets."""

    optional: list[str] = Field(default_factory=list, description="Gate ids tried with and "
                                "without a camera; the other gates keep the base scenario's")
    sets: dict[str, Literal["all"] | list[str]] = Field(
        default_factory=dict, description="Named camera set-ups to try: a label to 'all' or a "
        "list of gate ids")

    @model_validator(mode="after")
    def _one_kind(self) -> CameraDecision:
        if bool(self.optional) == bool(self.sets):
            raise ValueError("expected optional: (gates with and without a camera) or sets: "
                             "(named set-ups), one of the two")
        if len(set(self.optional)) != len(self.optional):
            raise ValueError("optional: expected each gate once")
        return self


class SettingDecision(_Strict):
    """Any scenario key, by its dotted path, with the values to try (as in a sweep's grid)."""

    key: str = Field(description="Dotted scenario key, e.g. parking.street_paid_hours.sunday")
    values: list[Any] | dict[str, Any] = Field(
        description="Values to try, or a mapping of short labels to values")

    @model_validator(mode="after")
    def _some(self) -> SettingDecision:
        if not self.values:
            raise ValueError("values: expected at least one value")
        return self


class Decisions(_Strict):
    """What a planner may decide; what is not named keeps the base scenario's value."""

    window: WindowDecision | None = Field(None, description="Window start and end per day type")
    evening_ze: RuleSwitch | None = Field(None, description="The evening window for "
                                          "zero-emission vehicles on or off")
    fine_eur: FineDecision | None = Field(None, description="The fine for entering outside "
                                          "the window")
    cameras: CameraDecision | None = Field(None, description="Cameras at a set of entrances")
    settings: list[SettingDecision] = Field(default_factory=list, description="Other scenario "
                                            "keys and their values")


class Objective(_Strict):
    """A KPI to make small (min) or large (max)."""

    kpi: str = Field(description="KPI name, as in summary.json")
    direction: Literal["min", "max"] = Field(description="min: smaller is better; max: larger")
    tolerance: float = Field(0.0, ge=0, description="A difference this small (in the KPI's "
                             "unit) does not count as worse when judging dominance")


class Constraint(_Strict):
    """A bound an option's mean must keep to be considered at all."""

    kpi: str = Field(description="KPI name")
    at_least: float | None = Field(None, description="The mean must be at least this")
    at_most: float | None = Field(None, description="The mean must be at most this")

    @model_validator(mode="after")
    def _bound(self) -> Constraint:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("expected at_least: or at_most:, one of the two")
        return self

    def slack(self, mean: float) -> float:
        """How far the mean is inside the bound (negative: outside)."""
        if self.at_least is not None:
            return mean - self.at_least
        return float(self.at_most) - mean  # type: ignore[arg-type]


class Racing(_Strict):
    """How replications are spent: every option gets `first`; those not clearly beaten get
    `step` more at a time, up to `max`."""

    first: int = Field(3, ge=2, le=100, description="Replications every option gets [count]")
    step: int = Field(2, ge=1, le=100, description="Replications added per round to the options "
                      "still in the race [count]")
    max: int = Field(8, ge=2, le=1000, description="Replications of the options left at the end "
                     "(and of the base) [count]")
    confidence: float = Field(0.95, gt=0.5, lt=1.0, description="Confidence of the paired "
                              "intervals that decide 'clearly beaten' [share 0-1]")

    @model_validator(mode="after")
    def _order(self) -> Racing:
        if self.max < self.first:
            raise ValueError(f"max: expected at least first ({self.first}), got {self.max}")
        return self


class Nsga2(_Strict):
    """Optuna's NSGA-II, used when the space is too large to try every option."""

    population: int = Field(16, ge=4, le=500, description="Options per generation [count]")
    generations: int = Field(4, ge=1, le=200, description="Generations [count]")
    seed: int | None = Field(None, ge=0, description="The sampler's seed (default: the spec's)")


class SearchSpec(_Strict):
    """A search over window options of one scenario (`venster search`)."""

    name: str | None = Field(None, description="Name of the search; the default output folder "
                             "is results/<name>/ (default: the file name)",
                             pattern=r"^[A-Za-z0-9][A-Za-z0-9._=+-]{0,119}$")
    description: str = Field("", description="What the search is for, in plain words")
    base: str = Field(description="The scenario every option changes, relative to this file")
    seed: int = Field(1, ge=0, description="Master seed: replication k of every option uses "
                      "(seed, k), so options are compared on common random numbers")
    set: dict[str, Any] = Field(default_factory=dict, description="Overrides for every option, "
                                "base included: dotted scenario keys to values")
    decisions: Decisions = Field(description="What may change")
    objectives: list[Objective] = Field(min_length=1, max_length=8, description="What counts")
    constraints: list[Constraint] = Field(default_factory=list, description="Bounds an option "
                                          "must keep")
    racing: Racing = Field(default_factory=Racing, description="Replications per option")
    method: Literal["auto", "enumerate", "nsga2"] = Field(
        "auto", description="enumerate: try every option; nsga2: Optuna's NSGA-II; auto: "
        "enumerate when there are at most enumerate_up_to options")
    enumerate_up_to: int = Field(64, ge=1, le=5000, description="Largest space auto enumerates "
                                 "[count]")
    nsga2: Nsga2 = Field(default_factory=Nsga2, description="Settings of NSGA-II")

    @model_validator(mode="after")
    def _unique_kpis(self) -> SearchSpec:
        names = [o.kpi for o in self.objectives]
        if len(set(names)) != len(names):
            raise ValueError("objectives: expected each KPI once")
        return self


def spec_key(spec: SearchSpec) -> str:
    """A digest of the spec's content (what `search.json` records)."""
    text = json.dumps(spec.model_dump(mode="json", by_alias=True), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def search_schema() -> dict[str, Any]:
    """The JSON Schema of search files, for editors (`venster schema --search`)."""
    schema = SearchSpec.model_json_schema(mode="validation", by_alias=True)
    schema.pop("title", None)
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://venster.invalid/search.schema.json",
        "title": "venster search",
        "description": "A search over window options of one scenario (`venster search`). "
                       "Generated from sim/search/spec.py by `venster schema --search`; do "
                       "not edit.",
    }
    schema.pop("description", None)
    return {**head, **schema}


def validate_spec(data: Any, source: str | Path) -> SearchSpec:
    """The spec, or InputError naming the file, the dotted field and what was expected."""
    if not isinstance(data, dict):
        raise InputError(source, None, "a mapping of keys to values at the top level")
    try:
        return SearchSpec.model_validate(data)
    except ValidationError as exc:
        # a value that may take two forms (a list of times, or from/to) fails in both: keep
        # the problems of the form that was written, not "should be a list"
        errors = [e for e in exc.errors() if e["type"] not in (
            "list_type", "model_type", "dict_type", "model_attributes_type")] or exc.errors()
        err = errors[0]
        loc = [str(p) for p in err["loc"]
               if not str(p).startswith(("list[", "TimeRange", "function-"))]
        field = ".".join(p.replace("from_", "from") for p in loc) or None
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "string_pattern_mismatch":
            msg = "a time like '07:00' (00:00-24:00)"
        elif err["type"] == "missing":
            msg = "a value (this key is required)"
        head, sep, rest = msg.partition(": ")
        if sep and head and " " not in head:
            field, msg = (f"{field}.{head}" if field else head), rest
        got = err.get("input")
        if err["type"] not in ("extra_forbidden", "missing") and not isinstance(
                got, dict | list):
            msg += f" (got {got!r})"
        more = len(errors) - 1
        if more:
            msg += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise InputError(source, field, msg) from None
