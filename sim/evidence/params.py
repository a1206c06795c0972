"""Parameters to vary: dotted scenario keys, each with a range and where the range comes from.

Sensitivity analysis and calibration both move a few scenario values inside stated ranges and
run the model at each setting. A parameter is

- a dotted key into the resolved scenario (`other_traffic.newcomer_trips_per_day`), where a
  `*` stands for every key of a mapping (`segments.*.always_compliant_share`: all segments);
- a range [low, high] of the value it takes, or, with `scale: true`, of a factor that
  multiplies each matched key's own value (so segments keep their differences);
- a source: the line of DATA.md or the study the range comes from, or "assumption".

Setting a point validates the scenario again, so a range that leaves what the schema allows
(a share above 1) is reported with the key, never run.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.errors import InputError
from sim.scenario.models import Scenario

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z0-9_]+|\*))*$")


@dataclass(frozen=True)
class Param:
    """One varied quantity: `key` (dotted, `*` for all keys of a mapping), its range."""

    key: str
    low: float
    high: float
    scale: bool = False
    source: str = "assumption"
    integer: bool = False

    @property
    def name(self) -> str:
        return f"{self.key} (x)" if self.scale else self.key


def parse_param(text: str, where: str = "--param") -> Param:
    """`NAME=LOW:HIGH` (a value range) or `NAME=xLOW:HIGH` (a factor on the scenario's value)."""
    name, eq, rng = text.partition("=")
    name = name.strip()
    if not eq or not _NAME.match(name):
        raise InputError("command line", where, f"NAME=LOW:HIGH with a dotted scenario key "
                         f"(e.g. other_traffic.newcomer_trips_per_day=20:120), got {text!r}")
    scale = rng.startswith("x")
    lo, colon, hi = rng.removeprefix("x").partition(":")
    try:
        low, high = float(lo), float(hi)
    except ValueError:
        raise InputError("command line", where, f"two numbers LOW:HIGH after {name}=, got "
                         f"{rng!r}") from None
    if not colon or not low < high:
        raise InputError("command line", where, f"LOW:HIGH with LOW below HIGH for {name}, "
                         f"got {rng!r}")
    return Param(name, low, high, scale=scale)


def params_from(items: Any, src: str) -> list[Param]:
    """Parameters from a YAML list of {key, range, scale, source, integer}."""
    if not isinstance(items, list) or not items:
        raise InputError(src, "parameters", "a non-empty list of {key:, range: [low, high], "
                         "source:} entries")
    out = []
    for i, item in enumerate(items):
        where = f"parameters.{i}"
        if not isinstance(item, Mapping):
            raise InputError(src, where, "a mapping with key:, range: and source:")
        unknown = set(item) - {"key", "range", "scale", "source", "integer"}
        if unknown:
            raise InputError(src, f"{where}.{sorted(unknown)[0]}", "one of key, range, scale, "
                             "source, integer")
        key = item.get("key")
        if not isinstance(key, str) or not _NAME.match(key):
            raise InputError(src, f"{where}.key", f"a dotted scenario key, got {key!r}")
        rng = item.get("range")
        if (not isinstance(rng, list) or len(rng) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in rng)
                or not rng[0] < rng[1]):
            raise InputError(src, f"{where}.range", f"[low, high] with low below high, got "
                             f"{rng!r}")
        source = item.get("source")
        if not isinstance(source, str) or not source.strip():
            raise InputError(src, f"{where}.source", "where the range comes from: a DATA.md "
                             "section, a study, or the word assumption")
        out.append(Param(key, float(rng[0]), float(rng[1]), bool(item.get("scale", False)),
                         source.strip(), bool(item.get("integer", False))))
    names = [p.name for p in out]
    if len(set(names)) != len(names):
        raise InputError(src, "parameters", "each key once")
    return out


def matching_paths(data: Any, parts: Sequence[str], path: tuple[str, ...] = ()
             ) -> list[tuple[str, ...]]:
    """Every concrete path a dotted key with `*` stands for, in the scenario mapping."""
    if not parts:
        return [path]
    head, rest = parts[0], parts[1:]
    if not isinstance(data, Mapping):
        return []
    keys = list(data) if head == "*" else [head] if head in data else []
    found: list[tuple[str, ...]] = []
    for k in keys:
        found += matching_paths(data[k], rest, (*path, str(k)))
    return found


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    for p in path:
        data = data[p]
    return data


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = data
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


def check_params(base: Scenario, params: Sequence[Param], src: str) -> None:
    """Each key must name numbers in the scenario; each end of each range must validate."""
    data = base.model_dump()
    for p in params:
        paths = matching_paths(data, p.key.split("."))
        if not paths:
            raise InputError(src, p.key, f"a key of scenario {base.name} (nothing found there)")
        for path in paths:
            v = value_at(data, path)
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise InputError(src, p.key, f"a number in the scenario; {'.'.join(path)} is "
                                 f"{v!r}")
        for end in (p.low, p.high):
            apply(base, {p: end}, src)


def apply(base: Scenario, values: Mapping[Param, float], src: str = "parameters") -> Scenario:
    """The base scenario with each parameter set to its value, validated again."""
    data = copy.deepcopy(base.model_dump())
    for p, value in values.items():
        for path in matching_paths(data, p.key.split(".")):
            v = float(value) * value_at(data, path) if p.scale else float(value)
            _set(data, path, round(v) if p.integer else v)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        shown = ", ".join(f"{p.name}={v:g}" for p, v in values.items())
        raise InputError(src, loc, f"a valid scenario at {shown}: {err['msg']}") from None


def with_overrides(base: Scenario, overrides: Mapping[str, Any], src: str) -> Scenario:
    """The base with dotted-key overrides merged in (as a sweep's `set:`), validated."""
    from sim.batch.sweep import DottedKeyError, set_dotted

    data = copy.deepcopy(base.model_dump())
    for key, value in overrides.items():
        try:
            set_dotted(data, str(key), value)
        except DottedKeyError as exc:
            raise InputError(src, f"set.{key}", str(exc)) from None
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(src, "set." + ".".join(str(x) for x in err["loc"]), err["msg"]
                         ) from None


def load_base(path: str | Path) -> tuple[Scenario, Path]:
    from sim.scenario.load import load_scenario
    from sim.scenario.shipped import resolve

    p = resolve(path)
    return load_scenario(p), p
