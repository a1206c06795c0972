"""`venster search SPEC [--out DIR] [--workers N] [--scheduler ADDRESS|local]`.

Exit status: 0 done, 1 some options failed (the others are in the outputs), 2 invalid input,
130 interrupted (finished replications kept; the same command resumes).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.argtypes import EXIT_INTERRUPTED, add_backend_options
from sim.counted import counted
from sim.errors import ignore_further_interrupts

EXIT_FAILED = 1


def add_parsers(sub: Any) -> None:
    """Add `search` to the `venster` parser."""
    s = sub.add_parser("search", help="find the window options no other option clearly beats",
                       description="Race the options of a search file on common random "
                       "numbers; rerun the same command to resume an interrupted search.")
    s.add_argument("spec", type=Path, help="search YAML, or a shipped search's name "
                   "(e.g. window)")
    s.add_argument("--out", type=Path, help="search folder (default results/<search name>/)")
    add_backend_options(s)
    s.add_argument("--quiet", action="store_true", help="no progress")
    s.set_defaults(handler=cmd_search)


def _reporter(console: Any) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from sim.search.store import Reporter

    class RichReporter(Reporter):
        def __init__(self) -> None:
            self.progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                                     MofNCompleteColumn(), TextColumn("replications"),
                                     TimeElapsedColumn(), console=console)
            self.task: Any = None
            self.failed = 0

        def __enter__(self) -> RichReporter:
            self.progress.start()
            return self

        def __exit__(self, *exc: object) -> None:
            self.progress.stop()

        def stage(self, text: str, tasks: int) -> None:
            if self.task is not None:
                self.progress.update(self.task, visible=True)
            self.task = self.progress.add_task(text, total=max(tasks, 1),
                                               completed=0 if tasks else 1)

        def advance(self, record: dict[str, Any]) -> None:
            self.failed += not record.get("ok")
            self.progress.update(self.task, advance=1)

    return RichReporter()


def cmd_search(args: argparse.Namespace) -> int:
    from rich.console import Console

    from sim.search.engine import method_of, planned_runs, run_search
    from sim.search.outcome import FAILED
    from sim.search.space import load_search
    from sim.search.store import SearchStore

    console = Console(stderr=True, quiet=args.quiet, soft_wrap=True)
    search = load_search(args.spec)
    out = args.out or Path("results") / search.name
    SearchStore.check(out)
    method = method_of(search)
    console.print(f"search {search.name}: {counted(search.size, 'option')} in the space "
                  f"({method}), base {search.base_scenario.name}, seed {search.spec.seed}; "
                  f"at most {planned_runs(search):,} one-week runs -> {out}", markup=False)
    reporter = _reporter(console)
    try:
        with reporter:
            outcome = run_search(search, out, workers=args.workers, scheduler=args.scheduler,
                                 reporter=reporter)
        from sim.search.outputs import write_outputs

        outcome.written = write_outputs(outcome)
    except KeyboardInterrupt:
        ignore_further_interrupts()
        console.quiet = False
        console.print(f"interrupted: finished replications are kept in {out}; run the same "
                      "command again to resume", markup=False)
        return EXIT_INTERRUPTED
    front = outcome.front()
    ev = outcome.evaluator
    console.print(f"{counted(len(outcome.entries), 'option')} evaluated, "
                  f"{counted(ev.ran, 'replication')} run now, {ev.resumed} from before, in "
                  f"{outcome.runtime_s:.0f} s; {len(front)} not clearly beaten "
                  f"(base: {outcome.base.status})", markup=False)
    for e in front[:12]:
        console.print(f"  {e.candidate.name}", markup=False)
    if len(front) > 12:
        console.print(f"  and {len(front) - 12} more (pareto.csv)")
    print(f"search folder: {Path(out).resolve()}")
    failed = [e for e in outcome.entries if e.status == FAILED]
    if failed:
        console.quiet = False
        console.print(f"{counted(len(failed), 'option')} failed (see search.json); run the "
                      "command again to retry them", markup=False)
        return EXIT_FAILED
    return 0
