"""The report for people: one self-contained HTML page from run, batch or years folders.

- `build`: reads the folders, runs the sections, writes the page atomically
- `data`: what is read (KPIs, summary, scenario, breakdown tables, years tables)
- `sections`: the sections in reading order, each explaining missing data in one line
- `charts`: matplotlib figures, Okabe-Ito palette, windows shaded
- `output`: PNG and SVG files in each run folder, inline images for the page
- `html`: the page shell, inline CSS, tables, figures
- `i18n`: every user-facing word, Dutch and English
- `cli`: `venster report`
"""

from sim.deliver.report.build import build_report, render_report

__all__ = ["build_report", "render_report"]
