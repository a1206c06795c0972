"""`venster passages`, `venster sensitivity` and `venster calibrate`: the command-line side of
sim.evidence. The dispatcher registers them with `add_parsers`; everything they do lives in
this package."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parsers(sub: Any) -> None:
    """Add the evidence sub-commands to the `venster` parser."""
    p = sub.add_parser(
        "passages", help="a run's camera passages as a municipality's log (Amsterdam-style)",
        description="Write the camera passages of a run (kept with --events) in the per-"
        "passage schema of Dutch ANPR logs (iotsignals), or its hourly aggregate; plates are "
        "pseudonymised with a keyed hash per run.")
    p.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="a run folder with "
                   "events.parquet (venster run --events)")
    p.add_argument("--out", type=Path, help="CSV or Parquet file (default "
                   "results/<scenario name>-passages[-hourly].csv)")
    p.add_argument("--hourly", action="store_true", help="the hourly aggregate (counts per "
                   "camera, direction, plate country, vehicle kind and category)")
    p.set_defaults(evidence_cmd=cmd_passages)


def cmd_passages(args: argparse.Namespace) -> int:
    from sim.evidence.passage_files import check_out_file, passage_tables, write_table

    if args.out is not None:
        check_out_file(args.out)
    table = passage_tables(args.run_dir, args.hourly)
    out = args.out
    if out is None:
        import json

        name = json.loads((args.run_dir / "summary.json").read_text(encoding="utf-8")).get(
            "scenario", args.run_dir.name)
        out = Path("results") / f"{name}-passages{'-hourly' if args.hourly else ''}.csv"
    path = write_table(table, out)
    what = "hourly counts" if args.hourly else "passages"
    print(f"{len(table):,} rows of {what} written: {path.resolve()}")
    return 0


def cmd_evidence(args: argparse.Namespace) -> int:
    """The dispatcher's entry for every sub-command added here."""
    return int(args.evidence_cmd(args))
