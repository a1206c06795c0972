"""Assemble the report: read the folders, run the sections in order, write one HTML file.

The HTML is written atomically (temporary file, then rename), like every figure, so a
report that is interrupted leaves the previous report or none, never half of one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sim import __version__
from sim.deliver.report import DEFAULT_OUT
from sim.deliver.report.data import collect
from sim.deliver.report.html import esc, page, para, section
from sim.deliver.report.i18n import check_lang, fmt_date, tr
from sim.deliver.report.output import FigureWriter, atomic_write
from sim.deliver.report.sections import SECTIONS, Context
from sim.errors import InputError


def render_report(paths: list[Path], lang: str = "nl", baseline: Path | None = None,
                  today: dt.date | None = None, writer: FigureWriter | None = None
                  ) -> tuple[str, int]:
    """The report's HTML and its number of figures (figures are saved into the run folders;
    `writer`, if given, is the one that saves them and keeps where it did and did not)."""
    check_lang(lang)
    data = collect(paths, baseline)
    ctx = Context(data, lang, writer or FigureWriter(lang))
    built = [make(ctx) for make in SECTIONS]
    runs = data.runs
    meta = tr(lang, "meta", version=__version__, date=fmt_date(lang, today or dt.date.today()),
              names=", ".join(r.label for r in runs), base=data.base.label)
    header = (f"<h1>{esc(tr(lang, 'title'))}</h1>"
              f'<p class="subtitle">{esc(tr(lang, "subtitle"))}</p>'
              f'<p class="meta">{esc(meta)}</p>')
    for folder, problem in ctx.writer.problems.items():
        header += para(tr(lang, "missing.fig_write", path=folder, error=problem), "note")
    sections = [section(i, t, body) for i, t, body in built]
    html = page(lang, f"{tr(lang, 'title')} – {data.base.label}", header,
                [(i, t) for i, t, _ in built], tr(lang, "contents"), sections,
                tr(lang, "footer", version=__version__))
    return html, ctx.figures


def build_report(paths: list[Path], out: Path | None = None, lang: str = "nl",
                 baseline: Path | None = None, writer: FigureWriter | None = None
                 ) -> tuple[Path, int]:
    """Write the report for `paths` to `out` (default report.html); return it and its figures.

    `paths` are run folders, batch folders (standing for their variants) or `venster years`
    folders; the first run folder, or `baseline`, is the reference of the comparison.
    """
    out = Path(out) if out is not None else DEFAULT_OUT
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError("command line", "--out", f"a file name ending in .html, got {out}")
    if out.is_dir():
        raise InputError(out, "--out", "a file name for the report; this is a folder")
    html, figures = render_report(paths, lang, baseline, writer=writer)
    atomic_write(out, html.encode("utf-8"))
    return out, figures
