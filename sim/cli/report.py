"""`venster report DIR... [--out FILE.html] [--lang nl|en] [--baseline DIR] [--quiet]`.

The parser and the command live here so sim.cli.main only registers them; bad input raises
InputError, which sim.cli.main turns into a message and exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.deliver.i18n import DEFAULT_LANG, LANGS
from sim.deliver.report import DEFAULT_OUT


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `report` sub-command to the `venster` parser."""
    r = sub.add_parser("report", help="write a self-contained HTML report for people "
                       "(shopkeepers, carriers, council) from run, batch or years folders")
    r.add_argument("dirs", nargs="+", type=Path, metavar="DIR",
                   help="run folders (venster run), batch folders (their variants) or years "
                   "folders (venster years); the first run folder is the reference. Comparing "
                   "runs needs at least 2 replications each (10 recommended)")
    r.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help=f"the HTML file to write (default {DEFAULT_OUT}); PNG and SVG copies "
                   "of the figures go to the folder <name>-figures beside it. The run folders "
                   "are only read")
    r.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                   help="nl (default: the readers are Assen's shopkeepers and council) or en")
    r.add_argument("--baseline", type=Path,
                   help="the run folder to compare against (default: the first DIR)")
    r.add_argument("--quiet", action="store_true", help="no progress and no final message")
    r.add_argument("--sensitivity", type=Path, metavar="DIR",
                   help="a venster sensitivity folder: the sources section then names, for "
                   "each headline, the assumptions it depends on most")
    r.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from sim.deliver.report.build import build_report
    from sim.deliver.report.output import FigureWriter, figures_folder

    out = Path(args.out)
    writer = FigureWriter(args.lang, figures_folder(out))
    console = Console(stderr=True, quiet=args.quiet)
    with Progress(TextColumn("[bold]report[/bold] {task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True,
                  disable=args.quiet or not console.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def tell(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)

        out, figures = build_report(args.dirs, out, args.lang, args.baseline, writer=writer,
                                    progress=tell, sensitivity=args.sensitivity)
    if not args.quiet:
        print(f"report written to {out.resolve()} ({figures} figures, language {args.lang})")
        for folder in sorted(writer.saved):
            print(f"  figure files (PNG, SVG) in {folder.resolve()}")
        for folder, problem in sorted(writer.problems.items()):
            print(f"  figure files NOT saved in {folder.resolve()} ({problem}); they are in "
                  "the report only")
    return 0
