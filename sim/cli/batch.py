"""`venster batch` and `venster compare`: the command-line side of batch experiments.

sim.cli.main registers these sub-commands; everything they do lives here, so the main module
stays a list of commands. Exit status: 0 all runs finished, 1 some runs failed (the rest
finished and are kept), 2 invalid input (sweep, folder, arguments), 130 interrupted
(finished runs kept).
"""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.cli.argtypes import EXIT_INTERRUPTED, add_backend_options
from sim.counted import counted
from sim.errors import ignore_further_interrupts

if TYPE_CHECKING:  # the engine pulls in pandas; `venster --help` should not wait for it
    import pandas as pd

    from sim.batch.engine import Reporter

def add_parsers(sub: Any) -> None:
    """Add the `batch` and `compare` sub-commands to the `venster` parser."""
    b = sub.add_parser("batch", help="run a sweep of variants and replications",
                       description="Run every (variant, replication) of a sweep file; rerun "
                       "the same command to resume an interrupted batch.")
    b.add_argument("sweep", type=Path, help="sweep YAML, or a shipped sweep's name "
                   "(e.g. cameras)")
    b.add_argument("--out", type=Path, help="batch folder (default results/<sweep name>/)")
    add_backend_options(b)
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--force", action="store_true", help="start even when the estimate is past "
                   "the limit (hours of work)")
    b.set_defaults(handler=cmd_batch)

    c = sub.add_parser("compare", help="KPI differences between run folders, paired by "
                       "replication, with 95%% intervals")
    c.add_argument("dirs", nargs="+", type=Path, metavar="DIR",
                   help="run folders (a batch folder stands for its variants)")
    c.add_argument("--baseline", type=Path, help="the folder the others are compared with "
                   "(default: the first)")
    c.add_argument("--out", type=Path, default=Path("results") / "comparison.csv",
                   help="CSV to write (default results/comparison.csv)")
    c.add_argument("--kpis", metavar="all|NAME,...", help="KPIs to print: 'all', or names "
                   "separated by commas (default: the report's headline KPIs); the CSV holds "
                   "every KPI")
    c.set_defaults(handler=cmd_compare)


def rich_reporter(console: Any) -> Reporter:
    """A progress bar: runs done of the total, failures so far, elapsed and time left."""
    from sim.batch.engine import Reporter
    from sim.batch.tasks import Record

    class RichReporter(Reporter):
        """A progress bar: runs done of the total, failures so far, elapsed and time left."""

        def __init__(self, console: Any) -> None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("runs"), TextColumn("[red]{task.fields[failed]} failed"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=console, transient=False)
            self.task: Any = None
            self.failed = 0
            self.done = 0

        def __enter__(self) -> Reporter:
            self.progress.start()
            return self

        def __exit__(self, *exc: object) -> None:
            self.progress.stop()

        def start(self, total: int, done: int, backend: str) -> None:
            self.done = done
            if done:
                self.progress.console.print(f"resuming: {done} of {total} runs already finished")
            self.progress.console.print(f"running on {backend}")
            self.task = self.progress.add_task("batch", total=total, completed=done, failed=0)

        def advance(self, record: Record) -> None:
            self.done += 1
            if not record["ok"]:
                self.failed += 1
            self.progress.update(self.task, advance=1, failed=self.failed)

    return RichReporter(console)


def _preflight(sweep: Any, workers: int, force: bool) -> str | None:
    """The estimate of the whole sweep (every variant, every replication) against the limits.

    Finished runs of a resumed batch are counted too: the estimate is meant to stop a batch
    that should not start, and a resumed one already started with the user's consent.
    """
    from sim.cli.estimate import Estimate, check_cost, estimate
    from sim.runner import load_geo

    parts = [estimate(v.scenario, load_geo(v.scenario), sweep.replications)
             for v in sweep.variants]
    total = Estimate(
        deliveries=max(p.deliveries for p in parts), other_trips=max(p.other_trips for p in parts),
        parking_stays=max(p.parking_stays for p in parts), outages=max(p.outages for p in parts),
        vehicles=max(p.vehicles for p in parts), events=max(p.events for p in parts),
        seconds=sum(p.seconds for p in parts), replications=len(parts) * sweep.replications,
        # an upper bound: variants that leave carriers' days alone share their plans
        planning_seconds=sum(p.planning_seconds for p in parts))
    return check_cost(total, force=force, workers=workers, source=sweep.source)


def cmd_batch(args: argparse.Namespace) -> int:
    from rich.console import Console

    from sim.batch.engine import run_batch
    from sim.batch.sweep import load_sweep

    console = Console(stderr=True, quiet=args.quiet, soft_wrap=True)
    from sim.batch.store import BatchStore

    sweep = load_sweep(args.sweep)
    out = args.out or Path("results") / sweep.name
    BatchStore.check(out, sweep)  # a folder it may not use is refused before anything else
    n = len(sweep.variants)
    console.print(f"sweep {sweep.name}: {counted(n, 'variant')} x "
                  f"{counted(sweep.replications, 'replication')} "
                  f"= {n * sweep.replications} runs, seed {sweep.seed} -> {out}")
    note = _preflight(sweep, args.workers or os.cpu_count() or 1, args.force)
    if note:
        console.print(f"note: {note}; progress is shown below", markup=False)
    reporter = rich_reporter(console)
    try:
        with reporter:
            outcome = run_batch(sweep, out, workers=args.workers, scheduler=args.scheduler,
                                reporter=reporter)
    except KeyboardInterrupt:
        ignore_further_interrupts()
        console.quiet = False
        console.print(f"interrupted: {reporter.done} of {n * sweep.replications} runs are "
                      f"finished and kept in {out}; run the same command again to resume")
        return EXIT_INTERRUPTED
    console.print(f"{outcome.finished} of {outcome.total} runs finished "
                  f"({outcome.resumed} from before) in {outcome.runtime_s:.1f} s. "
                  f"Batch folder: {out}")
    if outcome.failures:
        console.quiet = False
        console.print(f"[red]{counted(len(outcome.failures), 'run')} failed[/red] (details in "
                      f"{out / 'batch.json'} and {out / '.runs'}); run the command again to "
                      "retry them:")
        for f in outcome.failures[:10]:
            console.print(f"  {f['variant']} replication {f['replication']}: "
                          f"{f['type']}: {f['message']}", markup=False)
        if len(outcome.failures) > 10:
            console.print(f"  and {len(outcome.failures) - 10} more")
    return outcome.exit_code


def _verdict_counts(verdicts: pd.Series) -> str:
    """The line under a comparison table, e.g. "1 KPI differs, 20 show no clear difference,
    12 not simulated": KPIs a run did not simulate are counted apart, since there was nothing
    to compare, and the verb agrees with the count because planners read this every time."""
    from sim.batch.compare import HIGHER, LOWER, NOT_SIMULATED, UNCLEAR

    differ = int(verdicts.isin([HIGHER, LOWER]).sum())
    unclear = int((verdicts == UNCLEAR).sum())
    absent = int((verdicts == NOT_SIMULATED).sum())
    text = (f"{counted(differ, 'KPI')} {'differs' if differ == 1 else 'differ'}, "
            f"{unclear:,} {'shows' if unclear == 1 else 'show'} no clear difference")
    return text + (f", {absent:,} not simulated in one run or both" if absent else "")


def cmd_compare(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from sim.batch.compare import compare_folders
    from sim.batch.store import write_atomic
    from sim.deliver.compare_view import pick_kpis
    from sim.deliver.kpi_format import plain, plain_difference, shown_decimals
    from sim.runfolder.write import write_csv_text

    df, notes = compare_folders(args.dirs, args.baseline)
    shown = set(pick_kpis(getattr(args, "kpis", None), list(dict.fromkeys(df["kpi"]))))
    out_console = Console()
    if not out_console.is_terminal:  # a file or pipe: do not squeeze the table into 80 columns
        out_console = Console(width=160)
    err = Console(stderr=True, soft_wrap=True)
    base = df["baseline"].iloc[0]
    for run, rows in df.groupby("run", sort=False):
        table = Table(title=f"run {run} minus baseline {base}\n(paired by replication, "
                      f"{counted(int(rows['pairs'].max()), 'pair')})")
        table.add_column("KPI", no_wrap=True)
        table.add_column("unit")
        for col in ("baseline", "run", "difference", "95% interval"):
            table.add_column(col, justify="right")
        table.add_column("verdict", no_wrap=True)
        for r in rows.itertuples(index=False):
            if r.kpi not in shown:
                continue
            colour = {"higher": "green", "lower": "red"}.get(r.verdict, "dim")
            d = shown_decimals(r.kpi, r.difference, r.ci95_low, r.ci95_high)
            table.add_row(r.kpi, r.unit, plain(r.kpi, r.baseline_mean),
                          plain(r.kpi, r.run_mean), plain_difference(r.kpi, r.difference, d),
                          "–" if math.isnan(r.ci95_low) else
                          f"{plain_difference(r.kpi, r.ci95_low, d)} … "
                          f"{plain_difference(r.kpi, r.ci95_high, d)}",
                          f"[{colour}]{r.verdict}[/{colour}]")
        out_console.print(table)
        out_console.print(_verdict_counts(rows["verdict"]))
        if len(shown) < rows["kpi"].nunique():
            out_console.print(f"{len(shown)} of {rows['kpi'].nunique()} KPIs shown "
                              "(--kpis all for every one; all are in the CSV)")
    out_console.print("Differences are run minus baseline, paired by replication number "
                      "(common random numbers when the seeds agree); the interval is a 95% "
                      "Student-t interval of the paired differences. 'higher'/'lower': the "
                      "interval excludes zero.")
    for note in notes:
        err.print("[yellow]warning:[/yellow] ", end="")
        err.print(note, markup=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out, write_csv_text(df))
    out_console.print(f"comparison written to {args.out.resolve()}", markup=False)
    return 0
