"""The scenarios, sweeps and GeoPackage that come with venster, wherever it is installed.

In the repository they live at the top (`scenarios/`, `gis/`), the one source the design names;
`pip install` puts the same folders inside the package as `sim/_files/scenarios` and
`sim/_files/gis` (pyproject's `package-dir`), so the relative path from `scenarios/base/` to
`gis/assen.gpkg` holds in both places and the shipped files need no rewriting.

A path the user gives that exists always wins; only a missing one is looked up here, so a
planner in an empty folder can say `venster run assen-2018` or keep the default
`scenarios/assen-2023.yaml`.
"""

from __future__ import annotations

from pathlib import Path

from sim.errors import InputError

_PACKAGE = Path(__file__).resolve().parents[1]  # sim/


def _first_dir(*candidates: Path) -> Path:
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def scenarios_dir() -> Path:
    """The shipped scenarios: inside an installed package, else the clone's `scenarios/`."""
    return _first_dir(_PACKAGE / "_files" / "scenarios", _PACKAGE.parent / "scenarios")


def gis_dir() -> Path:
    """The shipped geodata folder (holding assen.gpkg), found like `scenarios_dir`."""
    return _first_dir(_PACKAGE / "_files" / "gis", _PACKAGE.parent / "gis")


def shipped_files() -> list[Path]:
    """Every shipped scenario and sweep file, in a stable order (for `venster init`)."""
    root = scenarios_dir()
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".json"))


def shipped_names(kind: str = "scenario") -> list[str]:
    """Names a user may give instead of a path: scenario files, or sweep files."""
    root = scenarios_dir()
    folder = root / "sweeps" if kind == "sweep" else root
    return sorted(p.stem for p in folder.glob("*.yaml"))


def resolve(path: str | Path, kind: str = "scenario") -> Path:
    """The file `path` names: itself if it exists, else the shipped file it stands for.

    `kind` is "scenario" or "sweep". A bare name (`assen-2018`), a file name
    (`assen-2018.yaml`) or a path as written in the repository (`scenarios/assen-2018.yaml`,
    `scenarios/sweeps/cameras.yaml`) all find the shipped copy; nothing found is an
    InputError that lists the shipped names.
    """
    p = Path(path)
    if p.exists() or p.is_absolute():
        return p  # the user's file wins; a missing absolute path is reported as given
    root = scenarios_dir()
    parts = p.parts[1:] if p.parts[:1] == ("scenarios",) else p.parts
    rel = Path(*parts) if parts else p
    names = [rel] if rel.suffix else [rel.with_name(rel.name + ".yaml")]
    folders = [root / "sweeps", root] if kind == "sweep" else [root]
    for name in names:
        for folder in folders:
            if (folder / name).is_file():
                return folder / name
    listed = ", ".join(shipped_names(kind))
    raise InputError(p, None, f"file not found (expected a {kind} file, or the name of a "
                     f"shipped {kind}: {listed})")


def shipped_geodata(path: str) -> Path | None:
    """The shipped GeoPackage a missing relative `geography:` path stands for, if any.

    Only a path into a `gis/` folder (`../../gis/assen.gpkg`, as the shipped base file has it)
    stands for the shipped file: a scenario copied without its gis folder still runs, while a
    mistyped folder (`gsi/assen.gpkg`) stays an error instead of running on other geodata.
    """
    parts = Path(path).parts
    if len(parts) < 2 or parts[-2] != "gis":
        return None
    candidate = gis_dir() / parts[-1]
    return candidate if candidate.is_file() else None
