"""Sweep files: one base scenario, a master seed, replications, and the variants to compare.

A sweep is read, expanded into variants and validated completely before any run starts, so a
misspelt key or a bad value in variant 37 stops the batch in a second with a message naming
the sweep file and the dotted key, not after an hour of runs.

Format (YAML, or the same mapping from Python)::

    base: ../assen-2023.yaml          # relative to the sweep file
    seed: 2023                        # master seed: every variant's replication k uses (seed, k)
    replications: 20
    set:                              # optional: overrides for every variant
      weeks: 1
    variants:                         # optional: named variants, in this order
      - name: brink-3
        set: {enforcement.camera_gates: [G01, G02, G03]}
      - name: all-13
        set: {enforcement.camera_gates: all}
    grid:                             # optional: the cartesian product of these values
      enforcement.read_rate: [0.8, 0.95, 0.99]
      policy.rules.venstertijden.hours:           # or short labels for long values
        until-11: ["07:00-11:00"]
        until-13: ["07:00-13:00"]

Rules:
- A dotted key walks the merged base scenario: mapping keys by name, list items by index
  (``policy.rules.0.hours``) or by the item's ``name`` (``policy.rules.venstertijden.hours``).
  A mapping value merges key by key into what is there (like ``extends:``); any other value
  replaces it.
- With only ``variants``, those are the variants; with only ``grid``, every grid point is one.
  With both, every named variant is crossed with every grid point (variant outermost, the
  grid's first key slowest), named ``<variant>__<grid point>``.
- Overrides apply in the order: the sweep's ``set``, the variant's ``set``, the grid point.
- A grid point's name joins ``key=value`` parts with ``__`` (the key shortened to its last
  part while that stays unique), or the labels when values are given as ``label: value``.
- ``seed`` and ``replications`` belong to the sweep, not to a variant: that keeps replication
  k of every variant on the same random numbers (common random numbers), so differences
  between variants are paired comparisons.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import hashlib
import itertools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.counted import counted
from sim.errors import InputError
from sim.scenario.load import deep_merge, format_validation_error, read_merged, read_yaml
from sim.scenario.models import Scenario
from sim.scenario.vocab import SEED_RANGE, seed_fits

SWEEP_KEYS = ("name", "description", "base", "seed", "replications", "set", "variants", "grid")
VARIANT_KEYS = ("name", "set")
RESERVED_NAMES = {"kpis.csv", "batch.json", "comparison.csv"}
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._=+-]*$")
MAX_NAME = 120
MAX_VARIANTS = 2_000  # each is validated up front; more is a typo in a grid, not a study
SWEEP_OWNED = ("seed", "replications")
# top-level keys of a scenario file that a sweep never has: given one, say so
SCENARIO_HINTS = {"extends", "start_date", "policy", "segments", "geography", "weeks"}

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Variant:
    """One scenario of a sweep: its folder-safe name, the overrides that made it, the result."""

    name: str
    overrides: dict[str, Any]  # dotted key as written -> value, in the order applied
    scenario: Scenario


@dataclass(frozen=True)
class Sweep:
    """A validated sweep: every variant's scenario is resolved, so a batch only has to run."""

    name: str
    description: str
    source: str  # the sweep file, or "<dict>" for a sweep given from Python
    base: Path
    seed: int
    replications: int
    variants: tuple[Variant, ...]
    key: str = field(default="")  # a hash of what the results depend on (see sweep_key)

    def variant(self, name: str) -> Variant:
        for v in self.variants:
            if v.name == name:
                return v
        raise KeyError(name)


# --------------------------------------------------------------------------- dotted keys


class DottedKeyError(Exception):
    """A dotted key that does not lead anywhere; the message says where it stopped."""


def _list_index(items: list[Any], part: str, where: str) -> int:
    """A list item by position (`0`) or by the `name:` of a mapping item (`venstertijden`)."""
    if part.isdigit():
        i = int(part)
        if i >= len(items):
            span = f"0-{len(items) - 1}" if items else "none: the list is empty"
            raise DottedKeyError(f"{where} has {counted(len(items), 'item')} (index {span}); "
                            f"{i} is not one")
        return i
    names = [it.get("name") for it in items if isinstance(it, dict)]
    hits = [i for i, it in enumerate(items) if isinstance(it, dict) and it.get("name") == part]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise DottedKeyError(f"{where} has {len(hits)} items named {part!r}; use an index instead")
    shown = ", ".join(str(n) for n in names if n is not None) or "no named items"
    raise DottedKeyError(f"{where} is a list: expected an index (0, 1, ...) or an item's name "
                    f"({shown}); got {part!r}")


def set_dotted(data: dict[str, Any], key: str, value: Any) -> Path_:
    """Set `key` (dotted) in `data` in place; return the path it resolved to.

    Missing mapping levels are created, so a key the base file leaves to its default (say
    `behaviour.learning_rate`) can be set; the schema check that follows rejects a key that
    does not exist at all.
    """
    parts = key.split(".")
    if not key or any(p == "" for p in parts):
        raise DottedKeyError(f"a dotted key like enforcement.read_rate, got {key!r}")
    node: Any = data
    path: list[str | int] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        where = ".".join(parts[:i]) or "the scenario"
        if isinstance(node, dict):
            step: str | int = part
        elif isinstance(node, list):
            step = _list_index(node, part, where)
        else:
            raise DottedKeyError(f"{where} is a single value ({node!r}), "
                                 f"so it has no {part!r} inside")
        path.append(step)
        if last:
            old = node[step] if isinstance(node, list) else node.get(step)
            if isinstance(value, dict) and isinstance(old, dict):
                node[step] = deep_merge(old, copy.deepcopy(value))
            else:
                node[step] = copy.deepcopy(value)
        else:
            child = node[step] if isinstance(node, list) else node.get(step)
            if child is None:
                child = {}
                node[step] = child
            node = child
    return tuple(path)


# --------------------------------------------------------------------------- names


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, list | tuple):
        return "+".join(_value_text(v) for v in value) if value else "none"
    if isinstance(value, dict):
        return "+".join(f"{k}-{_value_text(v)}" for k, v in value.items()) or "none"
    return str(value)


def safe_name(text: str) -> str:
    """A folder-safe name: letters, digits and . _ = + -; times lose their colon (0700)."""
    s = re.sub(r"[^A-Za-z0-9._=+-]+", "-", text.replace(":", ""))
    s = re.sub(r"-{2,}", "-", s).lstrip("._=+-") or "v"
    if len(s) > MAX_NAME:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        s = f"{s[:MAX_NAME - 9]}-{digest}"
    return s


def short_keys(keys: list[str]) -> dict[str, str]:
    """The shortest dotted suffix of each key that is unique among `keys` and does not start
    with a bare list index.

    `enforcement.read_rate` -> `read_rate`; `policy.rules.0.hours` and `policy.rules.1.hours`
    -> `rules.0.hours` and `rules.1.hours`.
    """
    out: dict[str, str] = {}
    split = {k: k.split(".") for k in keys}
    for k, parts in split.items():
        for n in range(1, len(parts) + 1):
            cand = ".".join(parts[-n:])
            if parts[-n].isdigit() and n < len(parts):
                continue
            clash = [o for o, op in split.items() if o != k and ".".join(op[-n:]) == cand]
            if not clash:
                out[k] = cand
                break
        else:
            out[k] = k
    return out


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Layer:
    origin: str  # where in the sweep file these overrides were written, for messages
    overrides: dict[str, Any]


def _check_keys(src: str, where: str | None, data: Mapping[str, Any], allowed: tuple[str, ...]
                ) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            field_ = f"{where}.{key}" if where else str(key)
            raise InputError(src, field_, f"unknown key{hint} (allowed here: {', '.join(allowed)})")


def _overrides(src: str, where: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(src, where, "a mapping of dotted keys to values, e.g. "
                         "{enforcement.read_rate: 0.9}")
    for key in value:
        if not isinstance(key, str):
            raise InputError(src, f"{where}.{key}", "a dotted key (text), not a number")
        if key.split(".")[0] in SWEEP_OWNED:
            raise InputError(src, f"{where}.{key}", f"no {key.split('.')[0]} here: the sweep's "
                             "own seed: and replications: hold for every variant (that keeps "
                             "the variants on common random numbers)")
    return dict(value)


def _int(src: str, key: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(src, key, f"a whole number of at least {minimum}, got {value!r}")
    return value


def _check_name(src: str, where: str, name: Any) -> str:
    if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > MAX_NAME:
        raise InputError(src, where, "a folder-safe name: a letter or digit first, then letters, "
                         f"digits or . _ = + - (at most {MAX_NAME}), got {name!r}")
    if name.lower() in RESERVED_NAMES:
        raise InputError(src, where, f"a name other than {name!r} (a batch folder uses it)")
    return name


def _grid_points(src: str, grid: Any) -> list[tuple[str, _Layer]]:
    """(name, overrides) per grid point, the first key varying slowest."""
    if not isinstance(grid, dict) or not grid:
        raise InputError(src, "grid", "at least one dotted key with a list of values, e.g. "
                         "enforcement.read_rate: [0.8, 0.95]")
    axes: list[list[tuple[str, Any]]] = []
    keys = list(grid)
    short = short_keys([str(k) for k in keys])
    for key in keys:
        values = grid[key]
        where = f"grid.{key}"
        if not isinstance(key, str):
            raise InputError(src, where, "a dotted key (text)")
        _overrides(src, "grid", {key: None})
        if isinstance(values, dict):
            if not values:
                raise InputError(src, where, "at least one label: value pair")
            axis = [(_check_name(src, f"{where}.{label}", label), v)
                    for label, v in values.items()]
        elif isinstance(values, list):
            if not values:
                raise InputError(src, where, "a non-empty list of values (an empty grid has no "
                                 "variants)")
            axis = [(f"{short[key]}={_value_text(v)}", v) for v in values]
        else:
            raise InputError(src, where, "a list of values, or a mapping of short labels to "
                             f"values; got {values!r}")
        axes.append(axis)
    n_points = math.prod(len(a) for a in axes)
    if n_points > MAX_VARIANTS:
        sizes = " x ".join(str(len(a)) for a in axes)
        raise InputError(src, "grid", f"at most {MAX_VARIANTS:,} grid points; this grid has "
                         f"{sizes} = {n_points:,}, each validated before any run starts")
    points = []
    for combo in itertools.product(*axes):
        name = safe_name("__".join(part for part, _ in combo))
        overrides = {key: value for key, (_, value) in zip(keys, combo, strict=True)}
        points.append((name, _Layer("grid", overrides)))
    return points


def _source(sweep: str | Path | Mapping[str, Any]) -> tuple[str, dict[str, Any], Path, str]:
    """(name for messages, the mapping, folder paths are relative to, default sweep name)."""
    if isinstance(sweep, Mapping):
        return "sweep", dict(sweep), Path.cwd(), "sweep"
    from sim.scenario.shipped import resolve

    path = resolve(sweep, "sweep")
    data = read_yaml(path, "a sweep YAML file")
    if "base" not in data and SCENARIO_HINTS & set(data):
        raise InputError(path, None, "a sweep file (with base:, and variants: or grid:); this "
                         "looks like a scenario. `venster run` runs a scenario; a sweep names "
                         "one as its base (see scenarios/sweeps/)")
    return str(path), data, path.resolve().parent, path.stem


def load_sweep(sweep: str | Path | Mapping[str, Any]) -> Sweep:
    """Read a sweep (file or mapping), expand its variants and validate every one of them.

    Raises InputError, naming the sweep and the dotted key, for anything that would make a run
    fail for a reason the sweep could have told us: unknown keys, bad values, gate ids the
    geodata lacks, duplicate variant names.
    """
    src, data, folder, default_name = _source(sweep)
    _check_keys(src, None, data, SWEEP_KEYS)
    name = _check_name(src, "name", data.get("name", safe_name(default_name)))
    if "base" not in data:
        raise InputError(src, "base", "a value (this key is required): the scenario file the "
                         "variants change, relative to the sweep file")
    if not isinstance(data["base"], str):
        raise InputError(src, "base", f"a scenario file name, got {data['base']!r}")
    base_path = (folder / data["base"]).resolve()
    if not base_path.is_file() and not Path(data["base"]).is_absolute():
        from sim.scenario.shipped import scenarios_dir

        shipped = scenarios_dir() / Path(data["base"]).name  # a user's sweep of a shipped base
        base_path = shipped if shipped.is_file() else base_path
    if not base_path.is_file():
        raise InputError(src, "base", f"an existing scenario file; {base_path} not found")
    base_data, _ = read_merged(base_path)
    try:
        base = Scenario.model_validate(base_data)
    except ValidationError as exc:
        raise format_validation_error(base_path, exc) from None
    seed = _int(src, "seed", data.get("seed", base.seed), 0)
    if not seed_fits(seed):
        raise InputError(src, "seed", f"{SEED_RANGE}, got {seed}")
    reps = _int(src, "replications", data.get("replications", base.replications), 1)
    common = _Layer("set", _overrides(src, "set", data.get("set")))

    named: list[tuple[str, _Layer] | None] = [None]
    if "variants" in data:
        items = data["variants"]
        if not isinstance(items, list) or not items:
            raise InputError(src, "variants", "a non-empty list of {name:, set:} entries")
        named = []
        for i, item in enumerate(items):
            where = f"variants.{i}"
            if not isinstance(item, dict):
                raise InputError(src, where, "a mapping with name: and set:")
            _check_keys(src, where, item, VARIANT_KEYS)
            if "name" not in item:
                raise InputError(src, f"{where}.name", "a value (every variant needs a name)")
            vname = _check_name(src, f"{where}.name", item["name"])
            named.append((vname, _Layer(f"{where} ({vname})",
                                        _overrides(src, f"{where}.set", item.get("set")))))
    points: list[tuple[str, _Layer] | None] = [None]
    if "grid" in data:
        points = list(_grid_points(src, data["grid"]))
    if len(named) * len(points) > MAX_VARIANTS:
        raise InputError(src, "variants", f"at most {MAX_VARIANTS:,} variants; the named "
                         f"variants times the grid points make {len(named) * len(points):,}")
    if named == [None] and points == [None]:
        raise InputError(src, None, "variants: or grid: (or both), saying what to vary")

    variants: list[Variant] = []
    seen: dict[str, str] = {}
    for nv, gp in itertools.product(named, points):
        parts = [p for p in (nv, gp) if p is not None]
        vname = "__".join(n for n, _ in parts)
        layers = [common, *(layer for _, layer in parts)]
        if nv is not None and gp is not None:
            both = set(nv[1].overrides) & set(gp[1].overrides)
            if both:
                k = sorted(both)[0]
                raise InputError(src, f"grid.{k}", f"a key the variants do not set already "
                                 f"({nv[1].origin} sets it too)")
        if vname in seen:
            raise InputError(src, "variants", f"unique variant names; {vname!r} comes twice "
                             f"(from {seen[vname]})")
        seen[vname] = " and ".join(layer.origin for layer in layers[1:])
        variants.append(_resolve(src, base_data, name, vname, layers, seed, reps))
    _check_geography(src, variants)
    sw = Sweep(name=name, description=str(data.get("description", "") or ""), source=src,
               base=base_path, seed=seed, replications=reps, variants=tuple(variants))
    return dataclasses.replace(sw, key=sweep_key(sw))


def _resolve(src: str, base_data: dict[str, Any], sweep_name: str, vname: str,
             layers: list[_Layer], seed: int, reps: int) -> Variant:
    """Apply a variant's overrides to the base mapping and validate the result."""
    data = copy.deepcopy(base_data)
    applied: dict[str, Any] = {}
    paths: list[tuple[Path_, str, str]] = []
    for layer in layers:
        for key, value in layer.overrides.items():
            try:
                path = set_dotted(data, key, value)
            except DottedKeyError as exc:
                raise InputError(src, key, f"{exc} (in {layer.origin})") from None
            applied[key] = value
            paths.append((path, key, layer.origin))
    shown = ", ".join(f"{k}={_value_text(v)}" for k, v in applied.items()) or "the base as is"
    desc = str(data.get("description", "") or "").strip()
    data["description"] = (f"{desc} " if desc else "") + (
        f"[sweep {sweep_name}, variant {vname}: {shown}]")
    if "name" not in applied:
        data["name"] = re.sub(r"[^A-Za-z0-9._-]", "-", vname)
    data["seed"] = seed
    data["replications"] = reps
    _drop_sources_of_changed_rules(base_data, data)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        err = format_validation_error(Path(src), exc)
        loc = tuple(exc.errors()[0]["loc"])
        culprit = _culprit(loc, paths)
        context = f" (variant {vname!r}"
        if culprit is not None:
            context += f", set by {culprit[1]!r} in {culprit[2]}"
        raise InputError(src, err.field, f"{err.expected}{context})") from None
    return Variant(name=vname, overrides=applied, scenario=scenario)


def _drop_sources_of_changed_rules(base_data: dict[str, Any], data: dict[str, Any]) -> None:
    """A window rule a variant changes is no longer the rule its `source:` cites: drop the
    source it kept from the base, so the report calls the rule a variant of our own instead
    of citing the council for hours it never set."""
    def rules(d: dict[str, Any]) -> list[Any]:
        policy = d.get("policy")
        found = policy.get("rules") if isinstance(policy, dict) else None
        return found if isinstance(found, list) else []

    ignore = ("source", "enabled")
    before = {r.get("name"): r for r in rules(base_data) if isinstance(r, dict)}
    for rule in rules(data):
        if not isinstance(rule, dict) or not rule.get("source"):
            continue
        old = before.get(rule.get("name"))
        same = old is not None and old.get("source") == rule["source"]
        if same and any(old.get(k) != rule.get(k) for k in set(old) | set(rule)
                        if k not in ignore):
            rule["source"] = ""


def _culprit(loc: tuple[Any, ...], paths: list[tuple[Path_, str, str]]
             ) -> tuple[Path_, str, str] | None:
    """The override whose path is the longest prefix of (or extension of) the error's place."""
    best = None
    for entry in paths:
        p = entry[0]
        n = min(len(p), len(loc))
        if tuple(p[:n]) == tuple(loc[:n]) and (best is None or len(p) >= len(best[0])):
            best = entry
    return best


def _check_geography(src: str, variants: list[Variant]) -> None:
    """Gate and depot ids against each variant's geodata (loaded once per file, cached)."""
    from sim.geo.fit import check_against_geography
    from sim.runner import load_geo

    for v in variants:
        try:
            check_against_geography(v.scenario, load_geo(v.scenario, src), src)
        except InputError as exc:
            raise InputError(exc.source, exc.field,
                             f"{exc.expected} (variant {v.name!r})") from None


def scenario_json(scenario: Scenario) -> str:
    """The resolved scenario as canonical JSON text: what a task carries to a worker."""
    return json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))


def sweep_key(sweep: Sweep) -> str:
    """A hash of everything a run's KPIs depend on, except the number of replications.

    A batch folder keeps it to refuse mixing results of another sweep (or of an edited base
    scenario); replications are left out so the same batch can be extended with more.
    """
    h = hashlib.sha256()
    h.update(f"seed={sweep.seed}\n".encode())
    for v in sweep.variants:
        h.update(f"variant={v.name}\n".encode())
        h.update(scenario_json(v.scenario.model_copy(update={"replications": 1})).encode())
        h.update(b"\n")
    return h.hexdigest()
