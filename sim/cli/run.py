"""`venster run`, `validate`, `map` and `years`: one scenario, simulated, checked or drawn.

Registered by sim.cli.main; bad input raises InputError, which main turns into a message and
exit status 2. The simulation, the run folder and the figures are imported inside the
commands, so `venster --help` does not wait for them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.cli.argtypes import positive, seed_number, year
from sim.counted import counted
from sim.errors import InputError

if TYPE_CHECKING:
    from sim.geo.model import Geography
    from sim.scenario.models import Scenario

DEFAULT_SCENARIO = Path("scenarios/assen-2023.yaml")
DEFAULT_TIMELINE = Path("scenarios/assen-timeline.yaml")


def add_parsers(sub: Any) -> None:
    """Add `run`, `validate`, `map` and `years` to the `venster` parser."""
    r = sub.add_parser("run", help="simulate a scenario and write a run folder")
    r.add_argument("scenario", nargs="?", type=Path, default=DEFAULT_SCENARIO,
                   help=f"scenario YAML, or a shipped scenario's name (default "
                   f"{DEFAULT_SCENARIO})")
    r.add_argument("--out", type=Path, help="run folder (default results/<scenario name>/)")
    r.add_argument("--seed", type=seed_number, help="random seed (default: the scenario's)")
    r.add_argument("--replications", type=positive, help="independent replications")
    r.add_argument("--weeks", type=positive, help="simulated weeks (overrides the scenario)")
    r.add_argument("--events", action="store_true", help="also write events.parquet")
    r.add_argument("--no-figures", action="store_true", help="skip the figures (faster)")
    r.add_argument("--lang", choices=("nl", "en"), default="nl",
                   help="language of the run folder's figures (default nl, like the report)")
    r.add_argument("--quiet", action="store_true", help="no progress bar and no table")
    r.add_argument("--overwrite", action="store_true", help="replace an earlier run in --out "
                   "even if it has more replications or other files in it (those are kept)")
    r.add_argument("--force", action="store_true", help="start a run even when its estimate "
                   "is past the limit (hours of work or gigabytes of events)")
    r.set_defaults(handler=cmd_run)

    v = sub.add_parser("validate", help="check a scenario and its geodata")
    v.add_argument("scenario", type=Path, help="scenario YAML, or a shipped scenario's name")
    v.set_defaults(handler=cmd_validate)

    m = sub.add_parser("map", help="draw the zone, gates, streets, bays and parking")
    m.add_argument("scenario", nargs="?", type=Path, default=DEFAULT_SCENARIO,
                   help=f"scenario YAML, or a shipped scenario's name (default "
                   f"{DEFAULT_SCENARIO})")
    m.add_argument("--out", type=Path, help="PNG or SVG file (default "
                   "results/<scenario name>-map.png)")
    m.set_defaults(handler=cmd_map)

    y = sub.add_parser("years", help="run a scenario year by year: zero-emission share and "
                       "emissions against the 2025 goal")
    y.add_argument("scenario", nargs="?", type=Path, default=DEFAULT_TIMELINE,
                   help=f"a scenario with dated rules (default {DEFAULT_TIMELINE})")
    y.add_argument("--from", dest="first", type=year, default=2018, help="first year")
    y.add_argument("--to", dest="last", type=year, default=2030, help="last year")
    y.add_argument("--seed", type=seed_number, help="random seed (default: the scenario's)")
    y.add_argument("--replications", type=positive, help="replications per year")
    y.add_argument("--out", type=Path, help="folder (default results/<scenario name>-years/)")
    y.add_argument("--quiet", action="store_true")
    y.add_argument("--lang", choices=("nl", "en"), default="nl",
                   help="language of the figure (default nl)")
    y.add_argument("--force", action="store_true", help="start even when the estimate is past "
                   "the limit")
    y.set_defaults(handler=cmd_years)


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    out: dict[str, object] = {}
    if getattr(args, "weeks", None):
        out["weeks"] = args.weeks
    return out


def _preflight(console: Any, scenario: Scenario, geo: Geography, runs: int, force: bool,
               keeps_events: bool = False) -> str:
    """Estimate the work before starting: refuse past the limit (unless forced), say when it
    is long, and say when there is nothing to deliver, so zeros are not mistaken for a result."""
    from sim.cli.estimate import check_cost, estimate
    from sim.runfolder.runlog import LOGGER

    est = estimate(scenario, geo, runs)
    note = check_cost(est, force=force, keeps_events=keeps_events)
    if note:
        LOGGER.warning("%s", note)
        console.print(f"note: {note}; progress is shown below", markup=False)
    if est.deliveries == 0:
        LOGGER.warning("no deliveries are ordered in the simulated period")
        console.print("note: no deliveries are ordered in the simulated period (every day a "
                      "holiday, or no weekly deliveries set); delivery KPIs will be zero",
                      markup=False)
    return f"estimated {est.takes()}"


def cmd_run(args: argparse.Namespace) -> int:
    from sim.runfolder.runlog import recording

    with recording():
        return _run(args)


def _draw_figures(result: Any, folder: Path, lang: str) -> list[Path]:
    """The run figures; matplotlib is imported only when they are drawn."""
    from sim.deliver.figures import draw_run_figures

    return draw_run_figures(result, folder, lang=lang)


def _run(args: argparse.Namespace) -> int:
    from functools import partial

    from rich.console import Console

    from sim.cli.kpi_table import kpi_table
    from sim.runfolder.runlog import LOGGER, replication_timer
    from sim.runfolder.write import check_out_folder, write_run_folder
    from sim.runner import load_geo, run
    from sim.scenario.load import load_scenario
    from sim.scenario.shipped import resolve

    console = Console(stderr=True, quiet=args.quiet)
    path = resolve(args.scenario)
    LOGGER.info("venster run %s", " ".join(f"{k}={v}" for k, v in vars(args).items()
                                           if k not in ("command", "handler")))
    LOGGER.info("scenario file %s", path.resolve())
    scenario = load_scenario(path, _overrides(args))
    geo = load_geo(scenario, path)
    LOGGER.info("geodata %s", scenario.geography)
    n = args.replications or scenario.replications
    out = check_out_folder(args.out or Path("results") / scenario.name, n, args.overwrite)
    guess = _preflight(console, scenario, geo, n, args.force, keeps_events=True)
    LOGGER.info("%s: %s, %s", scenario.name, counted(n, "replication"), guess)
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    timer = replication_timer(n)

    def progress(done: int, total: int) -> None:
        timer(done, total)
        bar.update(task, completed=done)

    with Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} replications"),
                  TimeRemainingColumn(), TimeElapsedColumn(), TextColumn(f"({guess})"),
                  console=console, transient=True) as bar:
        task = bar.add_task(f"simulating {scenario.name}", total=n)
        result = run(scenario, args.seed, replications=n, geo=geo, keep_events=True,
                     on_progress=progress)
    write_run_folder(result, out, events=args.events,
                     figures=None if args.no_figures else partial(_draw_figures,
                                                                  lang=args.lang))
    if not args.quiet:
        Console().print(kpi_table(result))
        weeks = scenario.weeks
        Console().print(
            f"{counted(n, 'replication')} of {counted(weeks, 'week')}, seed {result.seed}, "
            f"{result.runtime_s:.1f} s. Run folder: {out}"
        )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from sim.geo.fit import describe
    from sim.runner import load_geo
    from sim.scenario.load import load_scenario
    from sim.scenario.shipped import resolve

    path = resolve(args.scenario)
    scenario = load_scenario(path)
    geo = load_geo(scenario, path)
    from sim.cli.estimate import estimate

    print(f"{path}: valid")
    for line in describe(scenario, geo):
        print(f"  {line}")
    print(f"  estimate: {estimate(scenario, geo).describe()}")
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from sim.deliver.mapping import draw_map
    from sim.runner import load_geo
    from sim.scenario.load import load_scenario
    from sim.scenario.shipped import resolve

    if args.out is not None and args.out.suffix.lower() not in (".png", ".svg"):
        raise InputError("command line", "--out", f"a .png or .svg file name, got {args.out}")
    path = resolve(args.scenario)
    scenario = load_scenario(path)
    geo = load_geo(scenario, path)
    out = args.out or Path("results") / f"{scenario.name}-map.png"
    if out.is_dir():
        raise InputError(out, "--out", "a file name for the map; this is a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    written = draw_map(geo, out, title=f"venster: {scenario.name}").resolve()
    also = f" (and {written.with_suffix('.png')})" if written.suffix.lower() == ".svg" else ""
    print(f"map written to {written}{also}")
    return 0


def cmd_years(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    from sim.deliver.years import draw_years, run_years, write_years
    from sim.runner import load_geo
    from sim.scenario.load import load_scenario
    from sim.scenario.shipped import resolve

    if args.last < args.first:
        raise InputError("command line", "--to", f"a year at or after --from {args.first}")
    path = resolve(args.scenario)
    scenario = load_scenario(path)
    geo = load_geo(scenario, path)
    out = args.out or Path("results") / f"{scenario.name}-years"
    seed = scenario.seed if args.seed is None else args.seed
    reps = args.replications or scenario.replications
    years = range(args.first, args.last + 1)
    console = Console(stderr=True, quiet=args.quiet)
    _preflight(console, scenario, geo, reps * len(years), args.force)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} years"), console=console,
                  transient=True) as bar:
        task = bar.add_task(f"simulating {scenario.name}", total=len(years))
        table = run_years(scenario, geo, years, seed, reps,
                          on_year=lambda _y: bar.advance(task))
    path = write_years(table, out)
    draw_years(table, scenario.name, out / "figures", lang=args.lang)
    if not args.quiet:
        cols = ["year", "ze_share_entries", "ze_share_zone_km", "violations_total",
                "co2_ttw_kg", "co2_wtw_kg"]
        print(table[cols].round(3).to_string(index=False))
        Console().print(f"{counted(reps, 'replication')} per year, seed {seed}. Written: "
                        f"{Path(path).resolve()}")
    return 0
