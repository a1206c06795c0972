"""The space of options a spec describes, and the scenario of each option.

Every decision becomes one or more factors with a short list of levels (a window end per day
type, the evening window on or off, a fine, a camera at one entrance). An option picks one
level of every factor; its scenario is the base scenario with those levels applied. Options
whose window would end before it starts are not options at all and are skipped.

The base scenario is the reference of every comparison. When each of its values is one of the
levels, it is the option with those levels; otherwise it is added as an option of its own.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.batch.sweep import DottedKeyError, safe_name, scenario_json, set_dotted, short_keys
from sim.batch.tasks import Task
from sim.errors import InputError
from sim.scenario.load import format_validation_error, read_merged, read_yaml
from sim.scenario.models import Scenario
from sim.scenario.vocab import DAY_TYPES
from sim.search.spec import (
    MAX_OPTIONS,
    SearchSpec,
    choice_times,
    minutes,
    validate_spec,
)

DAY_TAGS = {"weekday": "wd", "friday": "fr", "saturday": "sa", "sunday": "su",
            "holiday": "hd"}
BASE_NAME = "base"
ALL = "all"


@dataclass(frozen=True)
class Factor:
    """One thing an option chooses: `values` as search.csv shows them, `labels` for names."""

    name: str
    values: tuple[Any, ...]
    labels: tuple[str, ...]
    base_value: Any  # what the base scenario has, which may or may not be a level

    @property
    def base_index(self) -> int | None:
        for i, v in enumerate(self.values):
            if v == self.base_value:
                return i
        return None


@dataclass(frozen=True)
class Candidate:
    """An option made concrete: its name, its decisions and the scenario they give."""

    name: str
    option: tuple[int, ...] | None  # level per factor; None for a base outside the space
    decisions: dict[str, Any]
    scenario: Scenario
    is_base: bool = False
    task: Task = field(compare=False, repr=False, default=None)  # type: ignore[assignment]

    def task_for(self, replication: int) -> Task:
        return dataclasses.replace(self.task, replication=replication)


@dataclass
class Search:
    """A checked spec with its base scenario and its factors: what a search runs."""

    spec: SearchSpec
    source: str
    name: str
    base_path: Path
    base_data: dict[str, Any]  # the merged base mapping with the spec's `set:` applied
    base_scenario: Scenario
    gate_ids: tuple[str, ...]
    factors: list[Factor]
    _window_days: dict[str, tuple[str, str]] = field(default_factory=dict)
    _cache: dict[tuple[int, ...], Candidate | str] = field(default_factory=dict)

    # ------------------------------------------------------------------ the space

    @property
    def window_days(self) -> dict[str, tuple[str, str]]:
        """The base window (start, end) of each day type the varied rule holds on."""
        return dict(self._window_days)

    @property
    def same_as(self) -> dict[str, str]:
        """Day types whose window follows another's."""
        w = self.spec.decisions.window
        if w is None:
            return {}
        return {d: dw.same_as for d, dw in w.days.items() if dw.same_as is not None}

    @property
    def size(self) -> int:
        return math.prod(len(f.values) for f in self.factors)

    def options(self) -> Iterator[tuple[int, ...]]:
        """Every option in a fixed order (the first factor slowest)."""
        return itertools.product(*(range(len(f.values)) for f in self.factors))

    def base_option(self) -> tuple[int, ...] | None:
        idx = [f.base_index for f in self.factors]
        return None if any(i is None for i in idx) else tuple(idx)  # type: ignore[misc]

    def base_candidate(self) -> Candidate:
        """The base scenario as an option (the reference of every comparison)."""
        opt = self.base_option()
        if opt is not None:
            cand = self.candidate(opt)
            if isinstance(cand, Candidate):
                return dataclasses.replace(cand, is_base=True)
        decisions = {f.name: f.base_value for f in self.factors}
        return self._make(BASE_NAME, None, decisions, copy.deepcopy(self.base_data), True)

    def candidate(self, option: tuple[int, ...]) -> Candidate | str:
        """The option's candidate, or why it is no option (a window that ends too early)."""
        hit = self._cache.get(option)
        if hit is None:
            hit = self._build(option)
            self._cache[option] = hit
        if isinstance(hit, Candidate) and option == self.base_option():
            hit = dataclasses.replace(hit, is_base=True)
        return hit

    def option_name(self, option: tuple[int, ...]) -> str:
        chosen = {f.name: f.values[i] for f, i in zip(self.factors, option, strict=True)}
        labels = {f.name: f.labels[i] for f, i in zip(self.factors, option, strict=True)}
        parts: list[str] = []
        for day, (start, end) in self._window_days.items():
            if day in self.same_as:
                continue
            s = chosen.get(f"start_{day}", start)
            e = chosen.get(f"end_{day}", end)
            parts.append(f"{DAY_TAGS[day]}{s.replace(':', '')}-{e.replace(':', '')}")
        for f in self.factors:
            if f.name.startswith(("start_", "end_")):
                continue
            parts.append(labels[f.name])
        return safe_name("_".join(parts) or "option")

    # ------------------------------------------------------------------ scenarios

    def _build(self, option: tuple[int, ...]) -> Candidate | str:
        chosen = {f.name: f.values[i] for f, i in zip(self.factors, option, strict=True)}
        data = copy.deepcopy(self.base_data)
        spec = self.spec.decisions
        if spec.window is not None:
            problem = self._apply_window(data, chosen)
            if problem:
                return problem
        if "evening_ze" in chosen and spec.evening_ze is not None:
            _rule(data, spec.evening_ze.rule)["enabled"] = bool(chosen["evening_ze"])
        if "fine_eur" in chosen:
            amount = float(chosen["fine_eur"])
            data.setdefault("enforcement", {})["fines_eur"] = {
                cat: amount for cat in self.base_scenario.enforcement.fines_eur}
        if any(f.name == "cameras" or f.name.startswith("camera_") for f in self.factors):
            data.setdefault("enforcement", {})["camera_gates"] = self._cameras(chosen)
        for s in spec.settings:
            if f"set:{s.key}" in chosen:
                set_dotted(data, s.key, chosen[f"set:{s.key}"])
        return self._make(self.option_name(option), option, chosen, data, False)

    def _make(self, name: str, option: tuple[int, ...] | None, decisions: dict[str, Any],
              data: dict[str, Any], is_base: bool) -> Candidate:
        data["name"] = re.sub(r"[^A-Za-z0-9._-]", "-", f"{self.name}-{name}")
        desc = str(data.get("description", "") or "").strip()
        data["description"] = f"{desc} [search {self.name}, option {name}]".strip()
        data["seed"] = self.spec.seed
        data["replications"] = 1
        try:
            scenario = Scenario.model_validate(data)
        except ValidationError as exc:
            err = format_validation_error(Path(self.source), exc)
            raise InputError(self.source, err.field, f"{err.expected} (option {name!r})"
                             ) from None
        task = Task.make(name, 0, self.spec.seed, scenario_json(scenario))
        return Candidate(name, option, decisions, scenario, is_base, task)

    def _apply_window(self, data: dict[str, Any], chosen: dict[str, Any]) -> str | None:
        """Split the window rule into one rule per distinct window; None, or a problem."""
        w = self.spec.decisions.window
        assert w is not None
        rules = data["policy"]["rules"]
        idx = _rule_index(rules, w.rule)
        rule = rules[idx]
        spans: dict[str, tuple[str, str]] = {}
        for day in rule["days"]:
            start, end = self._window_days.get(day, _first_span(rule))
            spans[day] = (chosen.get(f"start_{day}", start), chosen.get(f"end_{day}", end))
        for day, dw in w.days.items():
            if dw.same_as is not None:
                spans[day] = spans[dw.same_as]
        for day, (s, e) in spans.items():
            if minutes(e) <= minutes(s):
                return f"the {day} window would end ({e}) before it starts ({s})"
        rest = list(rule["hours"][1:])
        groups: dict[tuple[str, str], list[str]] = {}
        for day in rule["days"]:
            groups.setdefault(spans[day], []).append(day)
        new = []
        for n, ((s, e), days) in enumerate(groups.items()):
            item = copy.deepcopy(rule)
            item["days"] = days
            item["hours"] = [f"{s}-{e}", *rest]
            if n:
                item["name"] = f"{rule['name']}-{'-'.join(days)}"
            new.append(item)
        rules[idx:idx + 1] = new
        return None

    def _cameras(self, chosen: dict[str, Any]) -> str | list[str]:
        cams = self.spec.decisions.cameras
        assert cams is not None
        if cams.sets:
            value = cams.sets[chosen["cameras"]]
            return value
        base = self.base_scenario.enforcement.camera_gates
        have = set(self.gate_ids if base == ALL else base)
        for gate in cams.optional:
            if chosen.get(f"camera_{gate}", gate in have):
                have.add(gate)
            else:
                have.discard(gate)
        if have == set(self.gate_ids):
            return ALL
        return [g for g in self.gate_ids if g in have]


# --------------------------------------------------------------------------- loading


def _rule_index(rules: list[dict[str, Any]], name: str) -> int:
    for i, r in enumerate(rules):
        if isinstance(r, dict) and r.get("name") == name:
            return i
    raise KeyError(name)


def _rule(data: dict[str, Any], name: str) -> dict[str, Any]:
    rules = data["policy"]["rules"]
    return rules[_rule_index(rules, name)]  # type: ignore[no-any-return]


def _first_span(rule: dict[str, Any]) -> tuple[str, str]:
    start, _, end = str(rule["hours"][0]).partition("-")
    return start, end


def resolve_spec_path(path: str | Path) -> Path:
    """The spec file: as given if it exists, else a shipped search of that name."""
    from sim.scenario.shipped import scenarios_dir

    p = Path(path)
    if p.exists() or p.is_absolute():
        return p
    folder = scenarios_dir() / "searches"
    parts = p.parts[1:] if p.parts[:1] == ("scenarios",) else p.parts
    parts = parts[1:] if parts[:1] == ("searches",) else parts
    rel = Path(*parts) if parts else p
    name = rel if rel.suffix else rel.with_name(rel.name + ".yaml")
    if (folder / name).is_file():
        return folder / name
    shipped = ", ".join(sorted(f.stem for f in folder.glob("*.yaml")))
    raise InputError(p, None, f"file not found (expected a search file, or the name of a "
                     f"shipped search: {shipped})")


def load_search(path: str | Path) -> Search:
    """Read and check a search spec and everything it names, before any run starts."""
    from sim.runner import load_geo

    src_path = resolve_spec_path(path)
    src = str(src_path)
    raw = read_yaml(src_path, "a search YAML file")
    spec = validate_spec(raw, src)
    base_path = (src_path.resolve().parent / spec.base).resolve()
    if not base_path.is_file() and not Path(spec.base).is_absolute():
        from sim.scenario.shipped import scenarios_dir

        shipped = scenarios_dir() / Path(spec.base).name
        base_path = shipped if shipped.is_file() else base_path
    if not base_path.is_file():
        raise InputError(src, "base", f"an existing scenario file; {base_path} not found")
    data, _ = read_merged(base_path)
    for key, value in spec.set.items():
        if key.split(".")[0] in ("seed", "replications", "name"):
            raise InputError(src, f"set.{key}", "no seed, replications or name here: the "
                             "search sets them for every option")
        try:
            set_dotted(data, key, value)
        except DottedKeyError as exc:
            raise InputError(src, f"set.{key}", str(exc)) from None
    data["seed"] = spec.seed
    try:
        base = Scenario.model_validate(data)
    except ValidationError as exc:
        err = format_validation_error(base_path, exc)
        raise InputError(err.source, err.field, err.expected) from None
    geo = load_geo(base, base_path)
    gate_ids = tuple(g.id for g in geo.gates)
    name = spec.name or safe_name(src_path.stem)
    search = Search(spec, src, name, base_path, data, base, gate_ids, [])
    search.factors = _factors(search)
    if not search.factors:
        raise InputError(src, "decisions", "at least one decision with a choice to make")
    if search.size > MAX_OPTIONS:
        raise InputError(src, "decisions", f"at most {MAX_OPTIONS:,} options; these decisions "
                         f"make {search.size:,}")
    _check_kpis(search)
    _check_each_level(search)
    if spec.method == "enumerate" and search.size > 5000:
        raise InputError(src, "method", f"nsga2 or auto for {search.size:,} options "
                         "(enumerate tries at most 5,000)")
    return search


def _factors(search: Search) -> list[Factor]:
    spec, src, base = search.spec, search.source, search.base_data
    d = spec.decisions
    out: list[Factor] = []
    if d.window is not None:
        try:
            rule = _rule(base, d.window.rule)
        except (KeyError, TypeError):
            raise InputError(src, "decisions.window.rule", f"the name of a window rule of the "
                             f"base scenario; {d.window.rule!r} is none") from None
        start, end = _first_span(rule)
        for day in d.window.days:
            if day not in rule["days"]:
                raise InputError(src, f"decisions.window.days.{day}", f"a day type the rule "
                                 f"{d.window.rule!r} holds on ({', '.join(rule['days'])})")
        for day in (x for x in DAY_TYPES if x in rule["days"]):
            search._window_days[day] = (start, end)
        for day in DAY_TYPES:
            dw = d.window.days.get(day)
            if dw is None or dw.same_as is not None:
                continue
            for key, base_value in (("start", start), ("end", end)):
                times = choice_times(getattr(dw, key))
                if times is None or times == [base_value]:
                    continue
                out.append(Factor(f"{key}_{day}", tuple(times),
                                  tuple(t.replace(":", "") for t in times), base_value))
    if d.evening_ze is not None:
        try:
            rule = _rule(base, d.evening_ze.rule)
        except (KeyError, TypeError):
            raise InputError(src, "decisions.evening_ze.rule", f"the name of a window rule of "
                             f"the base scenario; {d.evening_ze.rule!r} is none") from None
        vals = tuple(dict.fromkeys(d.evening_ze.values))
        out.append(Factor("evening_ze", vals, tuple("ze-on" if v else "ze-off" for v in vals),
                          bool(rule.get("enabled", True))))
    if d.fine_eur is not None:
        fines = search.base_scenario.enforcement.fines_eur
        base_fine = max(fines.values()) if fines and len(set(fines.values())) == 1 else None
        vals = tuple(dict.fromkeys(float(v) for v in d.fine_eur.values))
        out.append(Factor("fine_eur", vals, tuple(f"fine{_num(v)}" for v in vals), base_fine))
    if d.cameras is not None:
        out.extend(_camera_factors(search))
    keys = short_keys([s.key for s in d.settings]) if d.settings else {}
    for i, s in enumerate(d.settings):
        probe = copy.deepcopy(base)
        try:
            set_dotted(probe, s.key, None)
        except DottedKeyError as exc:
            raise InputError(src, f"decisions.settings.{i}.key", str(exc)) from None
        current = _get_dotted(base, s.key)
        if isinstance(s.values, dict):
            labels = tuple(safe_name(str(k)) for k in s.values)
            vals = tuple(s.values.values())
        else:
            vals = tuple(s.values)
            labels = tuple(safe_name(f"{keys[s.key]}={_text(v)}") for v in vals)
        out.append(Factor(f"set:{s.key}", vals, labels, current))
    return [f for f in out if len(f.values) > 1 or f.base_index is None]


def _camera_factors(search: Search) -> list[Factor]:
    cams = search.spec.decisions.cameras
    assert cams is not None
    src = search.source
    known = set(search.gate_ids)
    base = search.base_scenario.enforcement.camera_gates
    if cams.sets:
        for label, gates in cams.sets.items():
            if gates != ALL:
                bad = [g for g in gates if g not in known]
                if bad:
                    raise InputError(src, f"decisions.cameras.sets.{label}", f"gate ids of the "
                                     f"geodata ({', '.join(search.gate_ids)}); not {bad[0]!r}")
        base_label = next((lab for lab, g in cams.sets.items()
                           if _same_gates(g, base, search.gate_ids)), None)
        labels = tuple(cams.sets)
        return [Factor("cameras", labels, tuple(f"cams-{safe_name(x)}" for x in labels),
                       base_label)]
    out = []
    have = set(search.gate_ids if base == ALL else base)
    for gate in cams.optional:
        if gate not in known:
            raise InputError(src, "decisions.cameras.optional", f"gate ids of the geodata "
                             f"({', '.join(search.gate_ids)}); not {gate!r}")
        out.append(Factor(f"camera_{gate}", (True, False), (f"{gate}-cam", f"{gate}-nocam"),
                          gate in have))
    return out


def _same_gates(a: str | list[str], b: str | list[str], all_ids: tuple[str, ...]) -> bool:
    sa = set(all_ids) if a == ALL else set(a)
    sb = set(all_ids) if b == ALL else set(b)
    return sa == sb


def _get_dotted(data: Any, key: str) -> Any:
    node = data
    for part in key.split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list):
            if part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                node = next((x for x in node if isinstance(x, dict) and x.get("name") == part),
                            None)
        else:
            return None
    return node


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "+".join(_text(x) for x in v) or "none"
    return str(v)


def _check_kpis(search: Search) -> None:
    from sim.measure.registry import kpi_names

    known = kpi_names(search.base_scenario)  # the KPIs a run of the base gives
    for where, items in (("objectives", search.spec.objectives),
                         ("constraints", search.spec.constraints)):
        for i, item in enumerate(items):
            if item.kpi not in known:
                import difflib

                close = difflib.get_close_matches(item.kpi, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise InputError(search.source, f"{where}.{i}.kpi",
                                 f"a KPI name (as in summary.json){hint}; got {item.kpi!r}")


def _check_each_level(search: Search) -> None:
    """Each level on its own (the others at the base's) must make a valid scenario, so a bad
    value is refused now, naming its decision, not in the middle of the search."""
    base_opt = [f.base_index if f.base_index is not None else 0 for f in search.factors]
    for n, f in enumerate(search.factors):
        for i in range(len(f.values)):
            option = tuple([*base_opt[:n], i, *base_opt[n + 1:]])
            search.candidate(option)  # raises InputError for an invalid scenario
    search.base_candidate()


def spec_source(path: str | Path) -> dict[str, Any]:
    """The spec file's raw mapping (for search.json)."""
    return read_yaml(resolve_spec_path(path), "a search YAML file")
