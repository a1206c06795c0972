"""A generated corpus of broken inputs, and the judge of what venster does with each.

Four kinds of input are generated from fixed seeds, so a failure is reproducible by its id:

- `scenario`: the resolved 2023 scenario with one thing changed (a value replaced by a nasty
  one, a key removed or added, a section emptied) or its YAML text damaged;
- `sweep`: a tiny sweep with one thing changed;
- `cli`: a command line with exactly one bad argument among good ones;
- `gpkg`: the Assen GeoPackage with one thing broken (a layer dropped or emptied, a column
  filled with nonsense, geometries replaced by noise, bytes flipped, the file cut short).

Each case must end in `run` (it ran, and its KPIs are sane), `valid` (accepted, but its run
was longer than the profile allows, so not run), or `refused` (exit 2 with a message that
starts with "venster: error: " and names the file). Anything else is a `crash` (an exception,
a traceback, another exit status) or a `silent` exit (exit 2 without a message); a hang shows
as a test that does not end. CI runs the short profile (tests/robustness/test_fuzz.py); the
long one:

    VENSTER_FUZZ=long python tests/robustness/fuzzing.py  # prints the outcome counts per kind
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
import random
import shutil
import sqlite3
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
REAL_2023 = ROOT / "scenarios" / "assen-2023.yaml"
REAL_GPKG = ROOT / "gis" / "assen.gpkg"

PROFILES = {
    # cases per kind, runs at most, and the longest estimated run the profile will start (s)
    "short": ({"scenario": 20, "sweep": 8, "cli": 24, "gpkg": 5}, 2, 3.0),
    "long": ({"scenario": 600, "sweep": 150, "cli": 300, "gpkg": 120}, 10_000, 60.0),
}
PROFILE = os.environ.get("VENSTER_FUZZ", "short")

NASTY: list[Any] = [
    None, True, False, 0, -1, 1, 0.5, 2, 7, 1e308, -1e308, 1e-300, 10**12, "", "x", "yes",
    "07:00-12:00", "25:00-26:00", "2023-02-30", "2023-10-02", "nan", "inf", [], {}, [1, 2],
    {"a": 1}, ["weekday"], "G01", 2023, 3000, "van_electric", -0.0,
]


@dataclass(frozen=True)
class Case:
    kind: str
    id: str
    make: Callable[[Path], list[str]]  # writes its files into a folder, returns the argv


@dataclass(frozen=True)
class Outcome:
    outcome: str  # run, valid, refused, crash, silent
    detail: str


# --------------------------------------------------------------------------- scenario


def _merged_2023() -> dict[str, Any]:
    from sim.scenario.load import read_merged

    data, _ = read_merged(REAL_2023)
    return data


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a nested mapping/list, containers included."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        node = node[p]
    return node


def _mutate(data: dict[str, Any], rng: random.Random) -> str:
    """Change one thing in `data` in place; return what, for the case id."""
    paths = [p for p in _paths(data) if p]
    path = rng.choice(paths)
    parent, key = _get(data, path[:-1]), path[-1]
    how = rng.choice(["replace", "replace", "replace", "delete", "add", "empty", "scale"])
    where = ".".join(str(p) for p in path)
    if how == "delete" and isinstance(parent, dict):
        del parent[key]
        return f"delete {where}"
    if how == "add" and isinstance(parent, dict):
        parent[rng.choice(["wekes", "extra", str(key) + "s", "name "])] = rng.choice(NASTY)
        return f"add a key next to {where}"
    if how == "empty" and isinstance(parent[key], dict | list):
        parent[key] = type(parent[key])()
        return f"empty {where}"
    if how == "scale" and isinstance(parent[key], int | float) and not isinstance(
            parent[key], bool):
        parent[key] = parent[key] * rng.choice([-1, 0, 1000, 1e6, 1e-9])
        return f"scale {where}"
    value = rng.choice(NASTY)
    parent[key] = copy.deepcopy(value)
    return f"{where}={value!r}"


def _damage_text(text: str, rng: random.Random) -> str:
    how = rng.choice(["cut", "flip", "dup", "tab", "indent"])
    i = rng.randrange(len(text))
    if how == "cut":
        return text[:i]
    if how == "flip":
        return text[:i] + rng.choice(":-[]{}&*!|>'\"#%@`\x00") + text[i + 1:]
    if how == "dup":
        lines = text.splitlines(keepends=True)
        j = rng.randrange(len(lines))
        return "".join([*lines[:j + 1], lines[j], *lines[j + 1:]])
    if how == "tab":
        return text[:i] + "\t" + text[i:]
    lines = text.splitlines(keepends=True)
    j = rng.randrange(len(lines))
    lines[j] = "   " + lines[j]
    return "".join(lines)


def scenario_cases(n: int, seed: int = 12) -> list[Case]:
    base = _merged_2023()
    out = []
    for k in range(n):
        rng = random.Random(seed * 100_003 + k)
        data = copy.deepcopy(base)
        what = _mutate(data, rng)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        if rng.random() < 0.2:
            text, what = _damage_text(text, rng), "damaged YAML text"

        def make(folder: Path, text: str = text) -> list[str]:
            path = folder / "scenario.yaml"
            path.write_text(text, encoding="utf-8")
            return ["validate", str(path)]

        out.append(Case("scenario", f"scenario-{k:04d} {what}"[:120], make))
    return out


# --------------------------------------------------------------------------- sweep


def _tiny_sweep() -> dict[str, Any]:
    return {"name": "fuzz", "base": str(REAL_2023), "seed": 1, "replications": 1,
            "set": {"weeks": 1},
            "variants": [{"name": "a", "set": {"enforcement.read_rate": 0.9}}]}


SWEEP_KEYS = ["weeks", "enforcement.read_rate", "policy.rules.0.hours", "demand.scale",
              "policy.rules.venstertijden.days", "segments.parcel.carriers", "seed",
              "replications", "nonsense.key", "policy.rules.99.hours", "..", "zone.speed_kmh"]


def sweep_cases(n: int, seed: int = 34) -> list[Case]:
    out = []
    for k in range(n):
        rng = random.Random(seed * 100_003 + k)
        data = _tiny_sweep()
        if rng.random() < 0.5:
            what = _mutate(data, rng)
        else:
            key, value = rng.choice(SWEEP_KEYS), rng.choice(NASTY)
            where = rng.choice(["set", "variant", "grid"])
            if where == "set":
                data["set"][key] = value
            elif where == "variant":
                data["variants"][0]["set"][key] = value
            else:
                data["grid"] = {key: value if isinstance(value, list | dict) else [value]}
            what = f"{where} {key}={value!r}"

        def make(folder: Path, data: dict[str, Any] = data) -> list[str]:
            path = folder / "sweep.yaml"
            path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
            return ["batch", str(path), "--out", str(folder / "batch"), "--workers", "1",
                    "--quiet"]

        out.append(Case("sweep", f"sweep-{k:04d} {what}"[:120], make))
    return out


# --------------------------------------------------------------------------- command line


def cli_cases(n: int, seed: int = 56) -> list[Case]:
    """Command lines with exactly one bad ingredient, so each must be refused."""
    out = []
    for k in range(n):
        rng = random.Random(seed * 100_003 + k)
        command = rng.choice(["run", "validate", "map", "years", "batch", "compare", "report",
                              "other"])

        def make(folder: Path, command: str = command, rng: random.Random = rng) -> list[str]:
            missing = str(folder / "missing.yaml")
            a_file = folder / "a-file.txt"
            a_file.write_text("x", encoding="utf-8")
            busy = folder / "busy"
            busy.mkdir(exist_ok=True)
            (busy / "notes.txt").write_text("mine", encoding="utf-8")
            scen = str(REAL_2023)
            bad: dict[str, list[list[str]]] = {
                "run": [[missing], [str(folder)], [str(REAL_GPKG)], [scen, "--seed", "-1"],
                        [scen, "--seed", "x"], [scen, "--replications", "0"],
                        [scen, "--replications", "1e9"], [scen, "--weeks", "0"],
                        [scen, "--weeks", "521"], [scen, "--out", str(a_file)],
                        [scen, "--out", str(busy)], [scen, "--wekes", "2"],
                        [scen, "--replications", "2000000"],
                        [str(ROOT / "scenarios" / "sweeps" / "cameras.yaml")]],
                "validate": [[], [missing], [str(folder)], [str(REAL_GPKG)], ["/dev/null"]],
                "map": [[missing], [scen, "--out", str(folder / "map.txt")],
                        [scen, "--out", str(folder)]],
                "years": [[scen, "--from", "1999"], [scen, "--to", "2051"],
                          [scen, "--from", "2030", "--to", "2020"], [missing],
                          [scen, "--replications", "0"]],
                "batch": [[scen], [missing], [str(folder)],
                          [str(ROOT / "scenarios" / "sweeps" / "cameras.yaml"), "--workers", "0"],
                          [str(ROOT / "scenarios" / "sweeps" / "cameras.yaml"), "--out",
                           str(busy)]],
                "compare": [[missing], [str(folder / "nope"), str(folder)], [str(a_file)],
                            [str(busy), str(busy)]],
                "report": [[missing], [str(busy)], [str(folder), "--lang", "de"],
                           [str(folder), "--out", str(folder / "r.pdf")]],
                "other": [["simulate"], ["--wat"], ["run", "--weeks"], ["report"], ["compare"],
                          ["batch"], []],
            }
            argv = rng.choice(bad[command])
            return argv if command == "other" else [command, *argv]

        out.append(Case("cli", f"cli-{k:04d} {command}", make))
    return out


# --------------------------------------------------------------------------- geopackage


LAYERS = ["bays", "depots", "gates", "parking", "shops", "streets", "zone"]
GPKG_NASTY = ["NULL", "''", "-5", "'xx'", "1e308", "X'00'", "0", "'G01'"]


def _break_gpkg(path: Path, rng: random.Random) -> str:
    how = rng.choice(["drop", "empty", "column", "geometry", "flip", "cut", "srs"])
    layer = rng.choice(LAYERS)
    if how in ("flip", "cut"):
        data = bytearray(path.read_bytes())
        if how == "cut":
            size = rng.randrange(len(data))
            path.write_bytes(bytes(data[:size]))
            return f"cut at {size}"
        for _ in range(rng.choice([1, 10, 100])):
            data[rng.randrange(100, len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        return "bytes flipped"
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        # the spatial-index triggers of a GeoPackage call these; GDAL provides them, we fake
        for fn in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
            db.create_function(fn, 1, lambda _g: 0)
        if how == "drop":
            db.execute(f"DROP TABLE {layer}")
        elif how == "empty":
            db.execute(f"DELETE FROM {layer}")
        elif how == "column":
            cols = [r[1] for r in db.execute(f"PRAGMA table_info('{layer}')")
                    if r[1] not in ("fid", "geom")]
            col, value = rng.choice(cols), rng.choice(GPKG_NASTY)
            rows = "" if rng.random() < 0.5 else " WHERE fid = (SELECT MIN(fid) FROM " \
                f"{layer})"
            db.execute(f"UPDATE {layer} SET {col} = {value}{rows}")
            return f"{layer}.{col}={value}{' (one row)' if rows else ''}"
        elif how == "geometry":
            db.execute(f"UPDATE {layer} SET geom = randomblob(24)")
        else:
            db.execute("UPDATE gpkg_geometry_columns SET srs_id = 4326 "
                       f"WHERE table_name = '{layer}'")
    return f"{how} {layer}"


def gpkg_cases(n: int, seed: int = 78) -> list[Case]:
    out = []
    for k in range(n):
        rng = random.Random(seed * 100_003 + k)
        state = rng.getstate()

        def make(folder: Path, state: Any = state) -> list[str]:
            gpkg = folder / "broken.gpkg"
            shutil.copy(REAL_GPKG, gpkg)
            r = random.Random()
            r.setstate(state)
            _break_gpkg(gpkg, r)
            path = folder / "scenario.yaml"
            path.write_text(f"extends: {REAL_2023}\ngeography: {gpkg}\n", encoding="utf-8")
            return ["validate", str(path)]

        probe = folder_probe(rng)
        out.append(Case("gpkg", f"gpkg-{k:04d} {probe}", make))
    return out


def folder_probe(rng: random.Random) -> str:
    """What `_break_gpkg` will do with this generator state, for the case id (on a copy)."""
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = Path(tmp) / "probe.gpkg"
        shutil.copy(REAL_GPKG, gpkg)
        r = random.Random()
        r.setstate(rng.getstate())
        return _break_gpkg(gpkg, r)


# --------------------------------------------------------------------------- the judge


def all_cases(profile: str = PROFILE) -> list[Case]:
    counts = PROFILES[profile][0]
    return [*scenario_cases(counts["scenario"]), *sweep_cases(counts["sweep"]),
            *cli_cases(counts["cli"]), *gpkg_cases(counts["gpkg"])]


def _call(argv: list[str]) -> tuple[int | None, str, str]:
    from sim.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status: int | None = main(argv)
        except BaseException as exc:  # exactly what the judge looks for
            err.write(f"\nESCAPED {type(exc).__name__}: {exc}")
            status = None
    return status, out.getvalue(), err.getvalue()


def sane_kpis(kpis_csv: Path) -> str | None:
    """What is wrong with a run's KPIs, or None: no inf, no negatives, shares within 0..1."""
    import pandas as pd

    df = pd.read_csv(kpis_csv)
    for col in df.columns:
        if col == "variant":
            continue
        values = df[col].astype(float)
        if values.isin([math.inf, -math.inf]).any():
            return f"{col} is infinite"
        if (values < 0).any():
            return f"{col} is negative"
        if ("share" in col or col == "compliance_rate") and (values > 1 + 1e-9).any():
            return f"{col} is above 1"
    return None


def judge(case: Case, folder: Path, runs_left: list[int]) -> Outcome:
    """Run one case in `folder` and say how it ended (see the module docstring)."""
    argv = case.make(folder)
    if case.kind == "sweep" and runs_left[0] <= 0:
        # the profile runs no more: a sweep that loads is accepted, and not run as a batch
        from sim.batch.sweep import load_sweep
        from sim.errors import InputError

        try:
            load_sweep(argv[1])
        except InputError:
            pass  # the command below must refuse it with a proper message
        else:
            return Outcome("valid", "not run (the profile's runs are used up)")
    elif case.kind == "sweep":
        runs_left[0] -= 1
    status, _, err = _call(argv)
    if status is None or "Traceback" in err:
        return Outcome("crash", err.strip()[-500:])
    if status == 2:
        if not err.startswith("venster: error: ") or len(err.strip()) < 25:
            return Outcome("silent", err)
        named = [a for a in argv if os.sep in a]
        if named and not any(a in err or Path(a).name in err for a in named) and \
                "command line" not in err and "GeoPackage" not in err and "gpkg" not in err:
            return Outcome("crash", f"message names no file: {err}")
        return Outcome("refused", err.strip().splitlines()[0][:300])
    if status != 0:
        return Outcome("crash", f"exit status {status}: {err[-300:]}")
    if case.kind == "cli":
        return Outcome("crash", f"a bad command line was accepted: {argv}")
    return _run_valid(case, argv, folder, runs_left)


def _run_valid(case: Case, argv: list[str], folder: Path, runs_left: list[int]) -> Outcome:
    """An accepted input: run it (a week, one replication) if the profile allows."""
    from sim.cli.estimate import estimate
    from sim.runner import load_geo
    from sim.scenario.load import load_scenario

    limit = PROFILES[PROFILE][2]
    if case.kind == "sweep":
        summary = folder / "batch" / "batch.json"
        if not summary.is_file():
            return Outcome("crash", "batch exited 0 without batch.json")
        info = json.loads(summary.read_text(encoding="utf-8"))
        problem = sane_kpis(folder / "batch" / "kpis.csv") if info["counts"]["finished"] else None
        return Outcome("crash", problem) if problem else Outcome("run", "batch finished")
    scenario_path = Path(argv[1])
    sc = load_scenario(scenario_path, {"weeks": 1})
    seconds = estimate(sc, load_geo(sc, scenario_path), 1).seconds
    if runs_left[0] <= 0 or seconds > limit:
        return Outcome("valid", f"not run (estimate {seconds:.1f} s)")
    runs_left[0] -= 1
    out = folder / "run"
    status, _, err = _call(["run", str(scenario_path), "--weeks", "1", "--replications", "1",
                            "--no-figures", "--quiet", "--out", str(out)])
    if status == 2 and err.startswith("venster: error: ") and "Traceback" not in err:
        return Outcome("refused", "at run time: " + err.strip()[:300])
    if status != 0 or "Traceback" in err:
        return Outcome("crash", f"run: exit {status}: {err.strip()[-500:]}")
    problem = sane_kpis(out / "kpis.csv")
    return Outcome("crash", problem) if problem else Outcome("run", "ran")


def main() -> int:
    """The long profile by hand: every case, then the outcome counts per kind."""
    cases = all_cases()
    runs_left = [PROFILES[PROFILE][1]]
    table: dict[str, Counter[str]] = {}
    bad = []
    for i, case in enumerate(cases):
        with tempfile.TemporaryDirectory() as tmp:
            result = judge(case, Path(tmp), runs_left)
        table.setdefault(case.kind, Counter())[result.outcome] += 1
        if result.outcome in ("crash", "silent"):
            bad.append((case.id, result.detail))
        print(f"\r{i + 1}/{len(cases)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    print(f"profile {PROFILE}")
    print(f"{'kind':10} {'cases':>6} {'run':>5} {'valid':>6} {'refused':>8} {'crash':>6} "
          f"{'silent':>6}")
    for kind, c in table.items():
        print(f"{kind:10} {sum(c.values()):6} {c['run']:5} {c['valid']:6} {c['refused']:8} "
              f"{c['crash']:6} {c['silent']:6}")
    for case_id, detail in bad:
        print(f"\n{case_id}\n  {detail}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
