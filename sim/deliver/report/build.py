"""Assemble the report: read the folders, run the sections in order, write one HTML file.

The HTML is written atomically (temporary file, then rename), like every figure, so a
report that is interrupted leaves the previous report or none, never half of one. The report
writes only its own output (the HTML and the figures folder beside it), never into the run
folders it reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from babel.lists import format_list

from sim.deliver.i18n import check_lang, fmt_date, fmt_reps, tr, trn
from sim.deliver.report import DEFAULT_OUT
from sim.deliver.report.data import ReportInput, collect
from sim.deliver.report.html import esc, page, para, section
from sim.deliver.report.output import FigureWriter, figures_folder
from sim.deliver.report.sections import SECTIONS, Context
from sim.errors import InputError
from sim.files import atomic_write
from sim.version import __version__

LEAD = 2  # the headline and the audience boxes come before the table of contents

#: called with (done, total, what) as the report is built, for a progress bar
Progress = Callable[[int, int, str], None]


def replication_notes(data: ReportInput, lang: str) -> list[str]:
    """The reading guide's sentence on replications and the warnings that go with it."""
    runs = data.runs
    counts = [r.replications for r in runs]
    notes = [trn(lang, "guide.reps", min(counts))]
    if len(set(counts)) > 1:
        notes.append(tr(lang, "reps.mixed", list=", ".join(
            f"{r.label} {fmt_reps(lang, r.replications)}" for r in runs)))
    single = [r.label for r in runs if r.replications == 1]
    if single:
        notes.append(tr(lang, "reps.single", names=format_list(single, locale=lang)))
    by_count: dict[int, list[str]] = {}
    for r in runs:
        if 2 <= r.replications <= 9:
            by_count.setdefault(r.replications, []).append(r.label)
    for n, names in sorted(by_count.items()):
        key = "reps.few" if len(names) == 1 else "reps.few_all"
        notes.append(trn(lang, key, n, names=format_list(names, locale=lang)) + " "
                     + tr(lang, "reps.fix"))
    return notes


def render_report(paths: list[Path], lang: str = "nl", baseline: Path | None = None,
                  today: dt.date | None = None, writer: FigureWriter | None = None,
                  progress: Progress | None = None,
                  sensitivity: Path | None = None) -> tuple[str, int]:
    """The report's HTML and its number of figures (`writer`, if given, also saves them);
    `sensitivity`, a `venster sensitivity` folder, adds what each headline depends on."""
    check_lang(lang)
    tell = progress or (lambda done, total, what: None)
    total = len(SECTIONS) + 1
    tell(0, total, tr(lang, "progress.read"))
    data = collect(paths, baseline)
    ctx = Context(data, lang, writer or FigureWriter(lang))
    if sensitivity is not None:
        from sim.evidence.sensitivity_out import read_drivers

        ctx.drivers = read_drivers(sensitivity)
    built = []
    for i, make in enumerate(SECTIONS):
        # the reader's name of the section, not the function's ("map_section" -> "sec.map")
        key = "sec." + {"map_section": "map", "zero_emission": "ze"}.get(make.__name__,
                                                                         make.__name__)
        tell(i + 1, total, tr(lang, "progress.section", name=tr(lang, key)))
        built.append(make(ctx))
    tell(total, total, "")
    runs = data.runs
    meta = tr(lang, "meta", version=__version__, date=fmt_date(lang, today or dt.date.today()),
              names=", ".join(r.label for r in runs), base=data.base.label)
    notes = replication_notes(data, lang)
    header = (f"<h1>{esc(tr(lang, 'title'))}</h1>"
              f'<p class="subtitle">{esc(tr(lang, "subtitle"))}</p>'
              f'<p class="meta">{esc(meta)}</p>')
    header += "".join(para(n, "warn") for n in notes[1:])
    # the reading guide opens the first section after the headline and the audience boxes
    guide = para(tr(lang, "reading_guide", reps=notes[0]), "guide")
    built = [(i, t, guide + body if i == "summary" else body) for i, t, body in built]
    for folder, problem in ctx.writer.problems.items():
        header += para(tr(lang, "missing.fig_write", path=folder, error=problem), "note")
    sections = [section(i, t, body) for i, t, body in built]
    folder = ctx.writer.folder.name if ctx.writer.folder is not None else "–"
    # the browser tab names every scenario compared, not only the baseline
    html = page(lang, f"{tr(lang, 'title')} – {format_list([r.label for r in runs], locale=lang)}",
                header,
                [(i, t) for i, t, _ in built], tr(lang, "contents"), sections,
                tr(lang, "footer", version=__version__, folder=folder), lead=LEAD)
    return html, ctx.figures


def build_report(paths: list[Path], out: Path | None = None, lang: str = "nl",
                 baseline: Path | None = None, writer: FigureWriter | None = None,
                 progress: Progress | None = None,
                 sensitivity: Path | None = None) -> tuple[Path, int]:
    """Write the report for `paths` to `out` (default report.html); return it and its figures.

    `paths` are run folders, batch folders (standing for their variants) or `venster years`
    folders; the first run folder, or `baseline`, is the reference of the comparison. Figure
    files go to `<out>-figures/` beside the report (unless `writer` says otherwise).
    """
    out = Path(out) if out is not None else DEFAULT_OUT
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError("command line", "--out", f"a file name ending in .html, got {out}")
    if out.is_dir():
        raise InputError(out, "--out", "a file name for the report; this is a folder")
    writer = writer or FigureWriter(lang, figures_folder(out))
    html, figures = render_report(paths, lang, baseline, writer=writer, progress=progress,
                                  sensitivity=sensitivity)
    atomic_write(out, html.encode("utf-8"))
    return out, figures
