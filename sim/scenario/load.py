"""Reading scenario files: YAML, `extends:` chains, and errors a planner can act on.

A scenario file may start with `extends: other.yaml` (relative to itself) and override only what
differs; mappings merge key by key, lists and values replace. Every failure becomes an
InputError naming the file and the dotted field, with a suggestion for a misspelt key.
"""

from __future__ import annotations

import copy
import difflib
import re
import typing
from collections import OrderedDict
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from sim.counted import counted
from sim.errors import InputError
from sim.scenario.models import Scenario
from sim.scenario.shipped import resolve, scenarios_dir, shipped_geodata

# Limits that keep a broken or hostile file from taking minutes or the whole stack. The shipped
# scenarios are under 30 kB and nest about 6 levels deep; these leave ample room for real use.
MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000  # after anchors and aliases are counted where they are used


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit dates: dates stay text so the schema checks them and names
    the field (PyYAML would turn 2023-02-30 into an exception without a field).

    It also refuses what PyYAML accepts silently or slowly: a key given twice in one mapping
    (PyYAML keeps the last, so a planner's first value is lost without a word), nesting deeper
    than MAX_DEPTH (PyYAML's recursion would end in a RecursionError), and documents that
    aliases blow up to more than MAX_NODES values (the "billion laughs" file).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _LimitError(mark, f"nesting at most {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:
                    continue  # an unhashable key: PyYAML reports it below
                if first is not None:
                    raise _LimitError(key_node.start_mark, f"each key once per mapping; {key!r} "
                                      f"is given again here (first on line {first.line + 1})")
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


class _LimitError(yaml.MarkedYAMLError):
    """A YAML document that parses but that we refuse; the mark says where."""

    def __init__(self, mark: Any, expected: str) -> None:
        super().__init__(problem=expected, problem_mark=mark)
        self.expected = expected


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML 1.1 wants a dot in a float (1.0e-9); 1e-9 would stay text. Read it as the number
# everyone means, as YAML 1.2 does.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"))


# Parsed files by path, kept while their size and modification time stay the same: the checked
# loader is pure Python (libyaml would lose the duplicate-key and depth checks), and a notebook
# or the what-if page reading the same scenario again should not pay for parsing it again.
_PARSED: OrderedDict[Path, tuple[tuple[int, int], dict[str, Any]]] = OrderedDict()
_PARSED_MAX = 64


def read_yaml(path: Path, what: str = "a scenario YAML file") -> dict[str, Any]:
    """Parse one YAML file into a mapping, or raise InputError naming the line.

    Size is checked before reading, so a 50 MB file is refused at once rather than parsed for
    minutes; `what` says in messages which kind of file was expected. A file read before and
    unchanged since (same size and modification time) is not parsed again: the caller gets
    its own copy of the mapping.
    """
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        held = _PARSED.get(path.resolve())
    except OSError:
        held, stamp = None, (0, 0)
    if held is not None and held[0] == stamp:
        return copy.deepcopy(held[1])
    data = _parse_yaml(path, what)
    if stamp != (0, 0):
        key = path.resolve()
        _PARSED[key] = (stamp, copy.deepcopy(data))
        _PARSED.move_to_end(key)
        if len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    return data


def _parse_yaml(path: Path, what: str) -> dict[str, Any]:
    if path.is_dir():
        raise InputError(path, None, f"{what}, not a folder")
    if not path.is_file():
        raise InputError(path, None, f"file not found (expected {what})")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(path, None, f"{what} of at most {MAX_FILE_BYTES // 1_000_000} MB; this "
                         f"one has {size / 1e6:.1f} MB")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except _LimitError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise InputError(path, where, exc.expected) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise InputError(path, where, f"valid YAML ({exc.problem})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(path, None, f"valid UTF-8 YAML ({exc})") from None
    except RecursionError:  # a safety net below MAX_DEPTH, e.g. on a small stack
        raise InputError(path, None, f"nesting at most {MAX_DEPTH} levels deep") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, None, "a mapping of keys to values at the top level")
    if _too_many_values(data, MAX_NODES):
        raise InputError(path, None, f"at most {MAX_NODES:,} values (anchors and aliases "
                         "counted where they are used)")
    return data


def _too_many_values(data: Any, limit: int) -> bool:
    """Whether `data` holds more than `limit` values once aliases are expanded.

    PyYAML shares an aliased list instead of copying it, so a few lines of anchors can stand
    for a billion values that merging and validation would then walk; count (and stop early)
    before anything else does.
    """
    stack, seen = [data], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > limit:
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge recursively; anything else in `override` replaces what `base` had."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _resolve_paths(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """File references are relative to the file that names them, not to the working dir.

    A relative GeoPackage path that leads nowhere falls back to the shipped GeoPackage of that
    name, so a scenario copied out of the package (without its gis folder) still runs.
    """
    geo = data.get("geography")
    if isinstance(geo, str) and not Path(geo).is_absolute():
        found = (folder / geo).resolve()
        if not found.exists():
            found = shipped_geodata(geo) or found
        data = {**data, "geography": str(found)}
    return data


def read_merged(path: Path, _seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], list[Path]]:
    """The scenario mapping after following `extends:`; also the files it came from."""
    try:
        path = path.resolve()
    except (OSError, RuntimeError) as exc:  # e.g. a symlink loop
        raise InputError(path, None, f"a readable file ({exc})") from None
    if path in _seen:
        chain = " -> ".join(p.name for p in (*_seen, path))
        raise InputError(path, "extends", f"no cycle of extends (found {chain})")
    data = _resolve_paths(read_yaml(path), path.parent)
    parent = data.pop("extends", None)
    files = [path]
    if parent is None:
        return data, files
    if not isinstance(parent, str):
        raise InputError(path, "extends", "a file name relative to this file")
    parent_path = path.parent / parent
    if not parent_path.is_file() and not Path(parent).is_absolute():
        shipped = scenarios_dir() / parent  # a user's file may extend a shipped one by name
        parent_path = shipped if shipped.is_file() else parent_path
    if not parent_path.is_file():
        raise InputError(path, "extends", f"an existing file; {parent_path} not found")
    base, base_files = read_merged(parent_path, (*_seen, path))
    return deep_merge(base, data), [*base_files, *files]


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a model accepts at `loc`, to suggest the intended one for a misspelling.

    Walks the type annotations along the path: a model's field, then into list items or the
    values of a mapping keyed by user names (segments.parcel, vehicle_classes.van_electric).
    """
    current: Any = model
    for part in loc[:-1]:
        if isinstance(current, type) and issubclass(current, BaseModel):
            if part not in current.model_fields:
                return []
            current = current.model_fields[part].annotation
        else:
            current = _container_item(current)
        if current is None:
            return []
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        current = _container_item(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _container_item(annotation: Any) -> Any:
    """The model a list, mapping or optional annotation holds, if any (else the value type)."""
    stack = [annotation]
    while stack:
        t = stack.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
        args = typing.get_args(t)
        if typing.get_origin(t) is dict and len(args) == 2:
            stack.append(args[1])
        else:
            stack.extend(args)
    return None


def format_validation_error(path: Path, exc: ValidationError) -> InputError:
    """Turn pydantic's report into one message per problem, the first few only."""
    lines = []
    for err in exc.errors()[:5]:
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            known = _known_keys(Scenario, loc)
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            expected = f"unknown key{hint} (allowed here: {', '.join(known)})" if known else (
                "unknown key")
        elif err["type"] == "missing":
            expected = "a value (this key is required)"
        else:
            msg = err["msg"].removeprefix("Value error, ")
            got = err.get("input")
            if isinstance(got, dict | list | BaseModel):
                shown = ""  # a whole section: the message says what is wrong in it
            elif isinstance(got, str):
                shown = f" (got {got!r})"
            elif isinstance(got, bool):
                shown = f" (got {str(got).lower()})"  # as the YAML file says it
            else:
                shown = f" (got {got})"
            expected = f"{msg}{shown}"
            # checks across a model start their message with the (dotted) field they are about
            head, sep, rest = msg.partition(": ")
            if sep and head and " " not in head:
                field, expected = (f"{field}.{head}" if field else head), f"{rest}{shown}"
        lines.append((field or "(top level)", expected))
    more = len(exc.errors()) - len(lines)
    field, expected = lines[0]
    if len(lines) > 1:
        expected += "".join(f"\n  also {f}: {e}" for f, e in lines[1:])
    if more > 0:
        expected += f"\n  and {counted(more, 'more problem')}"
    return InputError(path, field, expected)


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, merge and validate a scenario file; `overrides` are merged on top (CLI flags).

    A path that does not exist may name a shipped scenario (sim.scenario.shipped).
    """
    path = resolve(path)
    data, _ = read_merged(path)
    if overrides:
        data = deep_merge(data, overrides)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise format_validation_error(path, exc) from None


def scenario_to_yaml(scenario: Scenario) -> str:
    """The resolved scenario, every default filled in, as YAML a run folder keeps."""
    data = scenario.model_dump(mode="json")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
