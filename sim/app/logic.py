"""What the what-if page computes, with no web framework in sight (so it is tested alone).

A planner's choices (the morning window per day type, the evening zero-emission window, the
cameras per entrance, the fine, evening street parking) become a variant of the chosen
scenario. Base and variant are simulated on the same seeds, replication by replication, so the
page shows paired differences with 95% intervals for the KPIs of the report's three boxes,
goods arrivals by hour against the window and violations per entrance.

Everything typed on the page is checked here, with the same rules and messages as the
command line: a time that is no time, a window that ends before it starts, a negative fine
or an unknown entrance is an InputError naming the page's field; nothing typed reaches a
shell, and a saved variant goes into the output folder under a sanitised name only.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.batch.sweep import scenario_json
from sim.errors import InputError
from sim.files import atomic_write
from sim.geo.model import Geography
from sim.scenario.load import format_validation_error, read_merged
from sim.scenario.models import Scenario
from sim.scenario.vocab import parse_span

PAGE = "page"
DAYS = ("weekday", "friday", "saturday")
EVENING = 18 * 60  # street parking counts as "evening" from 18:00 (shops close)
MAX_REPLICATIONS = 20

# the report's three boxes: what shopkeepers, carriers and the council ask first
BOXES: dict[str, tuple[str, ...]] = {
    "shop": ("vehicle_minutes_in_zone_open_hours", "deliveries_outside_receiving_hours",
             "deliveries_outside_window"),
    "carrier": ("carrier_extra_hours", "vehicles_used", "carrier_extra_cost_eur"),
    "council": ("violations_total", "fines_issued", "ze_share_entries",
                "street_parking_revenue_eur_per_year"),
}
BOX_KPIS = tuple(k for kpis in BOXES.values() for k in kpis)

Parking = Literal["off", "paid", "free"]


class Choices(BaseModel):
    """The page's inputs. Times are "HH:MM"; a window is (start, end)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    windows: dict[str, tuple[str, str]]
    evening_ze: bool
    cameras: tuple[str, ...]
    fine_eur: float = Field(ge=0, le=10_000)
    parking: Parking = "off"
    replications: int = Field(5, ge=1, le=MAX_REPLICATIONS)


_TIME = re.compile(r"^\d{1,2}:\d{2}$")


def _window_rule(rules: list[dict[str, Any]]) -> int:
    """The morning window for every goods vehicle: the first enabled rule without permits,
    categories or a zero-emission condition."""
    for i, r in enumerate(rules):
        if (r.get("enabled", True) and not r.get("permits") and not r.get("categories")
                and not r.get("zero_emission_only")):
            return i
    raise InputError(PAGE, "scenario", "a scenario with a window rule for every goods "
                     "vehicle (one without permits, categories or zero_emission_only)")


def _everyone(rule: dict[str, Any]) -> bool:
    """A window for every goods vehicle: enabled, no permits, categories or ZE condition."""
    return bool(rule.get("enabled", True) and not rule.get("permits")
                and not rule.get("categories") and not rule.get("zero_emission_only"))


def _window_owners(rules: list[dict[str, Any]]) -> dict[str, int]:
    """Per day type the page lets a planner change: the first rule that is a window for
    every goods vehicle on that day (its first span is the morning window)."""
    owner: dict[str, int] = {}
    for day in DAYS:
        for i, r in enumerate(rules):
            if _everyone(r) and day in r.get("days", []):
                owner[day] = i
                break
    return owner


def _ze_rule(rules: list[dict[str, Any]]) -> int | None:
    for i, r in enumerate(rules):
        if r.get("zero_emission_only") and "ze_exemption" in (r.get("permits") or []):
            return i
    return None


@dataclass
class Base:
    """The chosen scenario, read once, with its geodata: what every variant starts from."""

    path: Path
    data: dict[str, Any]
    scenario: Scenario
    geo: Geography

    @classmethod
    def load(cls, path: str | Path) -> Base:
        from sim.runner import load_geo
        from sim.scenario.shipped import resolve

        p = resolve(path)
        data, _ = read_merged(p)
        try:
            sc = Scenario.model_validate(data)
        except ValidationError as exc:
            raise format_validation_error(p, exc) from None
        base = cls(p, data, sc, load_geo(sc, p))
        _window_rule(base.rules)
        return base

    @property
    def rules(self) -> list[dict[str, Any]]:
        return list(self.data["policy"]["rules"])

    @property
    def gate_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.geo.gates)

    def defaults(self) -> Choices:
        """The choices that reproduce the scenario as it is."""
        rules = self.rules
        owner = _window_owners(rules)
        spans = {day: _first(rules[i]) for day, i in owner.items()}
        ze = _ze_rule(rules)
        cams = self.scenario.enforcement.camera_gates
        fines = self.scenario.enforcement.fines_eur
        return Choices(
            windows=spans,
            evening_ze=bool(ze is not None and rules[ze].get("enabled", True)),
            cameras=self.gate_ids if cams == "all" else tuple(cams),
            fine_eur=float(max(fines.values())) if fines else 0.0,
            parking=self._parking_default())

    def _parking_default(self) -> Parking:
        p = self.scenario.parking
        if p is None or not p.enabled:
            return "off"
        weekday = p.street_paid_hours.get("weekday", [])
        return "free" if all(parse_span(s)[1] <= EVENING for s in weekday) else "paid"

    # ------------------------------------------------------------------ scenarios

    def check(self, choices: Choices) -> None:
        """Refuse what the command line would refuse, naming the page's field."""
        for day, (start, end) in choices.windows.items():
            if day not in DAYS:
                raise InputError(PAGE, f"window.{day}", f"a day type among {', '.join(DAYS)}")
            for what, t in (("start", start), ("end", end)):
                if not _TIME.match(str(t)):
                    raise InputError(PAGE, f"window.{day}.{what}", f"a time like 07:00, got "
                                     f"{t!r}")
            try:
                parse_span(f"{int(start.split(':')[0]):02d}:{start.split(':')[1]}-"
                           f"{int(end.split(':')[0]):02d}:{end.split(':')[1]}")
            except ValueError as exc:
                raise InputError(PAGE, f"window.{day}", str(exc)) from None
        unknown = [g for g in choices.cameras if g not in self.gate_ids]
        if unknown:
            raise InputError(PAGE, "cameras", f"gate ids of the geodata "
                             f"({', '.join(self.gate_ids)}); not {unknown[0]!r}")

    def variant(self, choices: Choices) -> Scenario:
        """The scenario with the choices applied (validated like a scenario file)."""
        return self._validated(self.variant_data(choices), "variant")

    def reference(self, choices: Choices) -> Scenario:
        """The base to compare with: the scenario as it is, with parking simulated (paid) when
        the variant simulates it, so the parking KPIs have something to be compared with."""
        data = copy.deepcopy(self.data)
        if choices.parking != "off":
            data["parking"] = {**(data.get("parking") or {}), "enabled": True}
        return self._validated(data, "base")

    def _validated(self, data: dict[str, Any], what: str) -> Scenario:
        try:
            return Scenario.model_validate(data)
        except ValidationError as exc:
            err = format_validation_error(self.path, exc)
            raise InputError(PAGE, err.field, f"{err.expected} (the {what})") from None

    def variant_data(self, choices: Choices) -> dict[str, Any]:
        self.check(choices)
        data = copy.deepcopy(self.data)
        rules = data["policy"]["rules"]
        owner = _window_owners(rules)
        for day in choices.windows:
            if day not in owner:
                raise InputError(PAGE, f"window.{day}", "a day type with a window for every "
                                 f"goods vehicle in this scenario ({', '.join(owner)})")
        names = {str(r.get("name", "")) for r in rules}
        new: list[dict[str, Any]] = []
        for i, rule in enumerate(rules):
            if i not in owner.values():
                new.append(rule)
                continue
            first, rest = _first(rule), list(rule["hours"][1:])
            groups: dict[tuple[str, str], list[str]] = {}
            for day in rule["days"]:
                span = choices.windows.get(day, first) if owner.get(day) == i else first
                groups.setdefault((_hhmm(span[0]), _hhmm(span[1])), []).append(day)
            for n, ((s_, e_), days) in enumerate(groups.items()):
                item = copy.deepcopy(rule)
                item["days"], item["hours"] = days, [f"{s_}-{e_}", *rest]
                if n:
                    name = f"{rule['name']}-{'-'.join(days)}"
                    while name in names:
                        name += "-2"
                    names.add(name)
                    item["name"] = name
                new.append(item)
        rules[:] = new
        ze = _ze_rule(rules)
        if ze is not None:
            rules[ze]["enabled"] = choices.evening_ze
        elif choices.evening_ze:
            raise InputError(PAGE, "evening_ze", "a scenario with an evening window for "
                             "zero-emission vehicles (a rule with zero_emission_only and the "
                             "ze_exemption permit); this one has none")
        enf = data.setdefault("enforcement", {})
        cams = [g for g in self.gate_ids if g in set(choices.cameras)]
        enf["camera_gates"] = "all" if len(cams) == len(self.gate_ids) else cams
        enf["fines_eur"] = {c: float(choices.fine_eur)
                            for c in self.scenario.enforcement.fines_eur}
        if choices.parking == "off":
            if data.get("parking"):
                data["parking"] = {**data["parking"], "enabled": False}
        else:
            parking = {**(data.get("parking") or {}), "enabled": True}
            paid = self.scenario.parking.street_paid_hours if self.scenario.parking else {}
            parking["street_paid_hours"] = (free_evenings(paid) if choices.parking == "free"
                                            else dict(paid))
            data["parking"] = parking
        data["name"] = f"{self.scenario.name}-variant"
        return data

    def needs_planning(self, choices: Choices) -> bool:
        """Whether carriers plan their rounds again: the windows or the fine changed (plans
        weigh the expected fine); cameras and parking leave the plans alone."""
        d = self.defaults()
        return (d.windows != choices.windows or d.evening_ze != choices.evening_ze
                or d.fine_eur != choices.fine_eur)


def _first(rule: dict[str, Any]) -> tuple[str, str]:
    s, _, e = str(rule["hours"][0]).partition("-")
    return s, e


def _hhmm(t: str) -> str:
    h, m = t.split(":")
    return f"{int(h):02d}:{m}"


def free_evenings(paid: dict[str, list[str]]) -> dict[str, list[str]]:
    """Paid hours cut at 18:00 and none on Sundays and holidays, except on Friday (the
    koopavond): the 2019 decision (scenarios/assen-2019-free-evenings.yaml)."""
    out: dict[str, list[str]] = {}
    for day, spans in paid.items():
        if day in ("sunday", "holiday"):
            out[day] = []
            continue
        if day == "friday":
            out[day] = list(spans)
            continue
        cut = []
        for s in spans:
            a, b = parse_span(s)
            if a < EVENING:
                cut.append(f"{int(a) // 60:02d}:{int(a) % 60:02d}-"
                           f"{int(min(b, EVENING)) // 60:02d}:{int(min(b, EVENING)) % 60:02d}")
        out[day] = cut
    return out


# --------------------------------------------------------------------------- simulating


@dataclass
class Replication:
    """What one replication of a scenario leaves for the page (not the event log)."""

    kpis: dict[str, float]
    arrivals_by_hour: np.ndarray  # goods vehicles arriving at a gate, per hour of the day
    violations_by_gate: dict[str, float]
    entries_by_gate: dict[str, float]


def replicate_one(scenario: Scenario, geo: Geography, seed: int, k: int) -> Replication:
    """Simulate replication k and keep the few numbers the page draws."""
    from sim.measure.breakdowns import by_gate, by_hour
    from sim.runner import replicate

    kpis, log = replicate(scenario, geo, seed, k)
    ev = log.to_frame()
    hours = by_hour(ev, scenario, 1)
    gates = by_gate(ev, scenario, 1)
    viol = {str(r.gate): float(r.goods_violations + r.other_violations)
            for r in gates.itertuples()} if len(gates) else {}
    entries = {str(r.gate): float(r.goods_entries + r.other_entries)
               for r in gates.itertuples()} if len(gates) else {}
    return Replication(kpis, hours["goods_arrivals"].to_numpy(dtype=float), viol, entries)


@dataclass
class Comparison:
    """Base and variant, replication by replication, as they come in."""

    base: list[Replication] = field(default_factory=list)
    variant: list[Replication] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        return min(len(self.base), len(self.variant))

    def rows(self, kpis: tuple[str, ...] = BOX_KPIS) -> list[dict[str, Any]]:
        """Per KPI: base and variant mean, the paired difference and its 95% interval."""
        from sim.batch.compare import NOT_SIMULATED, UNCLEAR, verdict
        from sim.measure.kpis import interval95

        n = self.pairs
        out = []
        for kpi in kpis:
            b = np.array([r.kpis.get(kpi, math.nan) for r in self.base[:n]], dtype=float)
            v = np.array([r.kpis.get(kpi, math.nan) for r in self.variant[:n]], dtype=float)
            if n == 0 or np.isnan(b).all() or np.isnan(v).all():
                out.append({"kpi": kpi, "base": math.nan, "variant": math.nan,
                            "difference": math.nan, "ci95_low": math.nan,
                            "ci95_high": math.nan, "verdict": NOT_SIMULATED, "pairs": n})
                continue
            diff, lo, hi = interval95(v - b)
            out.append({"kpi": kpi, "base": float(np.nanmean(b)),
                        "variant": float(np.nanmean(v)), "difference": diff, "ci95_low": lo,
                        "ci95_high": hi, "verdict": verdict(lo, hi) if n > 1 else UNCLEAR,
                        "pairs": n})
        return out

    def arrivals(self) -> tuple[np.ndarray, np.ndarray]:
        """Goods arrivals per hour of the day, mean per replication: base, variant."""
        return (_mean_rows([r.arrivals_by_hour for r in self.base]),
                _mean_rows([r.arrivals_by_hour for r in self.variant]))

    def violations(self) -> dict[str, tuple[float, float]]:
        """Per gate: violations per simulated period, mean over replications (base, variant)."""
        gates = sorted({g for r in [*self.base, *self.variant] for g in r.violations_by_gate})
        out = {}
        for g in gates:
            b = [r.violations_by_gate.get(g, 0.0) for r in self.base]
            v = [r.violations_by_gate.get(g, 0.0) for r in self.variant]
            out[g] = (float(np.mean(b)) if b else 0.0, float(np.mean(v)) if v else 0.0)
        return out


def _mean_rows(rows: list[np.ndarray]) -> np.ndarray:
    return np.mean(np.vstack(rows), axis=0) if rows else np.zeros(24)


class BaseRuns:
    """Replications of reference scenarios, kept by scenario: the base is simulated once,
    however many variants are tried against it."""

    def __init__(self) -> None:
        self._runs: dict[str, list[Replication]] = {}

    def get(self, scenario: Scenario, geo: Geography, seed: int, k: int) -> Replication:
        key = scenario_json(scenario)
        runs = self._runs.setdefault(key, [])
        while len(runs) <= k:
            runs.append(replicate_one(scenario, geo, seed, len(runs)))
        return runs[k]


def compare(base: Base, choices: Choices, runs: BaseRuns | None = None,
            on_pair: Callable[[Comparison, int], None] | None = None) -> Comparison:
    """Simulate base and variant, pair by pair, calling `on_pair(comparison, k)` after each."""
    runs = runs or BaseRuns()
    variant = base.variant(choices)
    reference = base.reference(choices)
    seed = base.scenario.seed
    result = Comparison()
    for k in range(choices.replications):
        result.base.append(runs.get(reference, base.geo, seed, k))
        result.variant.append(replicate_one(variant, base.geo, seed, k))
        if on_pair is not None:
            on_pair(result, k)
    return result


# --------------------------------------------------------------------------- saving


_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(text: str) -> str:
    """A scenario name a planner typed, made safe as a file name in one folder: letters,
    digits, '.', '_' and '-' only, no leading dot, at most 60 characters."""
    name = re.sub(r"-{2,}", "-", _NAME.sub("-", str(text))).strip("-.")
    name = re.sub(r"\.{2,}", ".", name)[:60].strip("-.")
    if not name:
        raise InputError(PAGE, "name", "a name with at least one letter or digit")
    return name


def save_variant(base: Base, choices: Choices, name: str, folder: Path) -> Path:
    """Write the variant as a scenario file `folder/<sanitised name>.yaml` and return it.

    The file extends the chosen scenario and holds only what the page changed, so a planner
    reads what differs; it is loaded back before this returns, so it is a valid scenario.
    """
    from sim.scenario.load import load_scenario

    safe = safe_file_name(name)
    folder = Path(folder).resolve()
    path = (folder / f"{safe}.yaml").resolve()
    if path.parent != folder:
        raise InputError(PAGE, "name", "a plain name, not a path")
    data = base.variant_data(choices)
    changed: dict[str, Any] = {
        "extends": str(base.path.resolve()),
        "name": safe,
        "description": f"{base.scenario.name} changed on the what-if page (venster app)",
        "policy": {"rules": data["policy"]["rules"]},
        "enforcement": {"camera_gates": data["enforcement"]["camera_gates"],
                        "fines_eur": data["enforcement"]["fines_eur"]},
    }
    if data.get("parking") is not None:
        changed["parking"] = {k: data["parking"][k] for k in ("enabled", "street_paid_hours")
                              if k in data["parking"]}
    head = ("# A variant made on venster's what-if page (venster app). It extends the scenario\n"
            "# named below and overrides the window rules, the cameras, the fine and parking.\n")
    atomic_write(path, head + yaml.safe_dump(changed, sort_keys=False, allow_unicode=True))
    load_scenario(path)
    return path


def iter_box_rows(rows: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(box, row) in the boxes' order."""
    by_kpi = {r["kpi"]: r for r in rows}
    for box, kpis in BOXES.items():
        for kpi in kpis:
            if kpi in by_kpi:
                yield box, by_kpi[kpi]
