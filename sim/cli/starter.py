"""`venster init DIR` and `venster schema`: a planner's own copy of the scenarios, and the
schema their editor checks it with.

`init` copies the shipped scenario and sweep files to DIR/scenarios/ and the GeoPackage to
DIR/gis/, the layout of the repository, so every relative path in the copies (`extends:`,
`base:`, `geography:`, the schema line) still holds, and `venster run` inside DIR runs the
copy of the default scenario. It never overwrites a file without `--force`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.files import atomic_write


def add_parsers(sub: Any) -> None:
    """Add the `init` and `schema` sub-commands to the `venster` parser."""
    i = sub.add_parser("init", help="copy the shipped scenarios and geodata into a folder to "
                       "edit", description="Copy the shipped scenario and sweep files to "
                       "DIR/scenarios/ and the GeoPackage to DIR/gis/.")
    i.add_argument("dir", type=Path, metavar="DIR", help="folder to copy into (made if new)")
    i.add_argument("--force", action="store_true", help="overwrite files already there")
    i.set_defaults(handler=cmd_init)

    s = sub.add_parser("schema", help="write the JSON Schema of scenario files (for editors)")
    s.add_argument("--out", type=Path, help="file to write (default: print it)")
    s.add_argument("--sweep", action="store_true", help="the schema of sweep files instead")
    s.set_defaults(handler=cmd_schema)


def _plan() -> list[tuple[Path, Path]]:
    """(shipped file, path relative to DIR) for every file `init` copies."""
    from sim.scenario.shipped import gis_dir, scenarios_dir, shipped_files

    root = scenarios_dir()
    files = [(f, Path("scenarios") / f.relative_to(root)) for f in shipped_files()]
    for name in ("assen.gpkg", "README.md"):
        if (gis_dir() / name).is_file():
            files.append((gis_dir() / name, Path("gis") / name))
    return files


def cmd_init(args: argparse.Namespace) -> int:
    target: Path = args.dir
    if target.exists() and not target.is_dir():
        raise InputError(target, None, "a folder to copy the scenarios into; this is a file")
    plan = _plan()
    there = [rel.as_posix() for _, rel in plan if (target / rel).exists()]
    if there and not args.force:
        shown = ", ".join(there[:8]) + (f" and {len(there) - 8} more" if len(there) > 8 else "")
        # InputError prints "<folder>: <text>", so the text reads on from the folder's name
        files = "a file" if len(there) == 1 else "files"
        raise InputError(target, None, f"this folder already holds {files} venster init would "
                         f"write ({shown}). Choose another folder, or give --force to "
                         "overwrite them")
    for src, rel in plan:
        atomic_write(target / rel, src.read_bytes())
    print(f"wrote {len(plan)} files to {target.resolve()}:")
    for _, rel in plan:
        print(f"  {rel.as_posix()}")
    print("Edit a scenario (your editor checks it against scenarios/scenario.schema.json), "
          "then run it from that folder:")
    print(f"  cd {target} && venster run scenarios/assen-2023.yaml")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from sim.scenario.schema import scenario_schema, schema_text, sweep_schema

    text = schema_text(sweep_schema() if args.sweep else scenario_schema())
    if args.out is None:
        print(text, end="")
        return 0
    out: Path = args.out
    if out.is_dir():
        raise InputError(out, "--out", "a file name for the schema; this is a folder")
    atomic_write(out, text.encode("utf-8"))
    print(f"schema written to {out.resolve()}")
    return 0
