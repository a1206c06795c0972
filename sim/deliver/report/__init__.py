"""The report for people: one self-contained HTML page from run, batch or years folders.

- `build`: reads the folders, runs the sections, writes the page atomically
- `data`: what is read (KPIs, summary, scenario, breakdown tables, years tables)
- `sections`: the sections in reading order, each explaining missing data in one line
- `lead`: the headline and the audience boxes, a KPI's value and difference in words
- `charts`: matplotlib figures (colours from `sim.deliver.palette`, windows shaded and ticks
  formatted by `sim.deliver.chart_parts`, as in the run figures)
- `output`: PNG and SVG files in each run folder, inline images for the page
- `html`: the page shell, inline CSS, tables, figures
- `sim.deliver.i18n`: every user-facing word, Dutch and English

`venster report` is sim.cli.report.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.deliver.report.build import build_report, render_report

DEFAULT_OUT = Path("results") / "report.html"  # here: `venster --help` need not import matplotlib

__all__ = ["DEFAULT_OUT", "build_report", "render_report"]


def __getattr__(name: str) -> Any:
    if name in ("build_report", "render_report"):
        from sim.deliver.report import build

        return getattr(build, name)
    raise AttributeError(f"module 'sim.deliver.report' has no attribute {name!r}")
