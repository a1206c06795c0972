"""`venster passages`, `venster sensitivity` and `venster calibrate`: the command-line side of
sim.evidence (and sim.measure.passages). sim.cli.main registers them; what they compute lives
in those packages."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.argtypes import add_backend_options, non_negative, positive


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
    p.set_defaults(handler=cmd_passages)

    s = sub.add_parser(
        "sensitivity", help="which assumptions each headline KPI depends on (Morris, Sobol)",
        description="Vary the scenario's assumptions over stated ranges (a shipped default "
        "set, or --params FILE) on common random numbers: Morris screening, then Sobol "
        "indices for the few that matter. Rerun the same command to resume.")
    s.add_argument("scenario", type=Path, metavar="SCENARIO",
                   help="scenario YAML, or a shipped scenario's name")
    s.add_argument("--params", type=Path, help="parameter file (default: the shipped "
                   "scenarios/sensitivity/default.yaml)")
    s.add_argument("--kpis", nargs="+", metavar="KPI", help="KPIs to analyse (default: the "
                   "parameter file's headline KPIs)")
    s.add_argument("--out", type=Path, help="folder (default results/<scenario>-sensitivity/)")
    _add_workers(s)
    s.set_defaults(handler=cmd_sensitivity)

    c = sub.add_parser(
        "calibrate", help="fit stated parameters to an hourly camera log (SMC-ABC)",
        description="Approximate Bayesian computation with sequential Monte Carlo: which "
        "values of the named parameters make the simulated hourly camera log look like LOG. "
        "Rerun the same command to resume.")
    c.add_argument("log", type=Path, metavar="LOG", help="hourly camera log, CSV or Parquet "
                   "(the shape venster passages --hourly writes)")
    c.add_argument("--scenario", type=Path, required=True, metavar="S",
                   help="the scenario to calibrate (YAML, or a shipped scenario's name)")
    c.add_argument("--param", action="append", required=True, metavar="NAME=LOW:HIGH",
                   help="a dotted scenario key and its prior range (uniform); repeat for "
                   "several; NAME=xLOW:HIGH for a factor on the scenario's value")
    c.add_argument("--out", type=Path, help="folder (default results/<scenario>-calibration/)")
    c.add_argument("--budget", type=positive, default=600,
                   help="simulations in all (default 600)")
    c.add_argument("--population", type=positive, default=50,
                   help="particles per generation (default 50)")
    c.add_argument("--seed", type=non_negative, default=1, help="seed of the proposals and "
                   "of the simulations (default 1)")
    _add_workers(c)
    c.set_defaults(handler=cmd_calibrate)


def _add_workers(p: Any) -> None:
    add_backend_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _progress(quiet: bool) -> Any:
    """A rich progress bar per step (screening, Sobol, ABC generation) and its callback."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("runs"), TimeElapsedColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True, quiet=quiet), transient=False)
    tasks: dict[str, Any] = {}

    def update(step: str, done: int, total: int) -> None:
        if step not in tasks:
            tasks[step] = bar.add_task(step, total=total, completed=done)
        bar.update(tasks[step], completed=done, total=total)

    return bar, update


def cmd_sensitivity(args: argparse.Namespace) -> int:
    import os
    import time

    from sim.evidence.params import load_base
    from sim.evidence.sensitivity import load_plan, run_sensitivity
    from sim.evidence.sensitivity_out import write_outputs

    started = time.perf_counter()
    scenario, _ = load_base(args.scenario)
    plan = load_plan(scenario, args.params, args.kpis)
    out = args.out or Path("results") / f"{scenario.name}-sensitivity"
    workers = args.workers or os.cpu_count() or 1
    bar, update = _progress(args.quiet)
    if not args.quiet:
        print(f"{len(plan.params)} parameters, {plan.runs():,} runs at most "
              f"({plan.replications} replications per setting); resumable in {out}")
    with bar:
        result = run_sensitivity(plan, out, workers=workers, scheduler=args.scheduler,
                                 on_progress=update)
    result.wall_s = time.perf_counter() - started
    written = write_outputs(result, out)
    if not args.quiet:
        print(written["summary"].read_text(encoding="utf-8"))
    print(f"written: {Path(out).resolve()} ({result.runs:,} runs, "
          f"{result.wall_s / 60:.1f} min)")
    return 0


def cmd_passages(args: argparse.Namespace) -> int:
    from sim.evidence.passage_files import check_out_file, passage_tables, write_table

    if args.out is not None:
        check_out_file(args.out)
    table = passage_tables(args.run_dir, args.hourly)
    out = args.out
    if out is None:
        import json

        from sim.runfolder.layout import SUMMARY

        name = json.loads((args.run_dir / SUMMARY).read_text(encoding="utf-8")).get(
            "scenario", args.run_dir.name)
        out = Path("results") / f"{name}-passages{'-hourly' if args.hourly else ''}.csv"
    path = write_table(table, out)
    what = "hourly counts" if args.hourly else "passages"
    print(f"{len(table):,} rows of {what} written: {path.resolve()}")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    import hashlib
    import json
    import os
    import time

    from sim.errors import InputError
    from sim.evidence.calibrate import Setup, check_budget, describe, run_abc
    from sim.evidence.calibrate_out import write_outputs
    from sim.evidence.log_stats import days_of, read_log, statistics
    from sim.evidence.params import check_params, load_base, parse_param
    from sim.files import atomic_write

    started = time.perf_counter()
    check_budget(args.budget, args.population)
    params = [parse_param(t) for t in args.param]
    if len({p.name for p in params}) != len(params):
        raise InputError("command line", "--param", "each parameter once")
    scenario, path = load_base(args.scenario)
    check_params(scenario, params, "--param")
    log = read_log(args.log)
    days = days_of(log)
    if days % 7:
        raise InputError(args.log, "datum", f"whole weeks (Monday to Sunday), so the mix of "
                         f"days matches the simulated weeks; the log covers {days} days")
    observed = statistics(log, days)
    if not observed:
        raise InputError(args.log, None, "passages at cameras (rows with a camera_id)")
    setup = Setup(scenario, tuple(params), observed, args.seed, args.budget, args.population)
    out = args.out or Path("results") / f"{scenario.name}-calibration"
    from sim.batch.sweep import scenario_json

    stamp = {**describe(setup), "observed": hashlib.sha256(
        json.dumps(observed, sort_keys=True).encode()).hexdigest(),
        "scenario_sha256": hashlib.sha256(scenario_json(scenario).encode()).hexdigest()}
    stamp.pop("budget")  # a larger budget continues a calibration
    marker = out / "calibration.json"
    if marker.is_file():
        if json.loads(marker.read_text(encoding="utf-8")) != stamp:
            raise InputError(out, "calibration.json", "a folder of this calibration (same "
                             "log, scenario and its contents, parameters, seed and population) "
                             "or a new one; it holds another calibration")
    else:
        atomic_write(marker, json.dumps(stamp, indent=2))
    workers = args.workers or os.cpu_count() or 1
    bar, update = _progress(args.quiet)
    with bar:
        gens = run_abc(setup, out, workers=workers, scheduler=args.scheduler,
                       on_progress=update)
    wall = time.perf_counter() - started
    written = write_outputs(setup, gens, out, path, wall)
    if not args.quiet:
        print(written["summary"].read_text(encoding="utf-8"))
    print(f"written: {Path(out).resolve()} ({gens[-1].simulations} simulations, "
          f"{wall / 60:.1f} min)")
    return 0
