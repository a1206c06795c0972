"""One scenario run year by year: the zero-emission share and emissions against the 2025 goal.

Each year simulates the scenario's weeks from the first Monday of October of that year (a
regular autumn week, as the single-year scenarios use), so dated rules, the fleet path and the
ZE zone apply as on that date. Years are paired: every year uses the same seed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from sim.geo.model import Geography
from sim.measure.kpis import kpi_interval
from sim.runfolder.write import write_csv_text
from sim.runner import run
from sim.scenario.models import Scenario

GOAL_YEAR = 2025  # coalition agreement: supply emission-free by 2025 at the latest
YEAR_KPIS = ("ze_share_entries", "ze_share_zone_km", "violations_total", "ze_zone_violations",
             "co2_ttw_kg", "co2_wtw_kg", "nox_g", "pm10_g", "co2_ttw_kg_trip",
             "co2_wtw_kg_trip", "vehicles_renewed", "carrier_extra_hours")


def autumn_monday(year: int) -> dt.date:
    d = dt.date(year, 10, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def run_years(
    scenario: Scenario,
    geo: Geography,
    years: range,
    seed: int,
    replications: int,
    on_year: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Per year and KPI: mean and 95% interval over replications (one row per year)."""
    rows = []
    for year in years:
        sc = scenario.model_copy(update={"start_date": autumn_monday(year)})
        result = run(sc, seed, replications=replications, geo=geo)
        row: dict[str, float] = {"year": year, "start_date": sc.start_date.isoformat()}
        for name in YEAR_KPIS:
            mean, lo, hi = kpi_interval(name, result.kpis[name].to_numpy())
            row.update({name: mean, f"{name}_low": lo, f"{name}_high": hi})
        rows.append(row)
        if on_year is not None:
            on_year(year)
    return pd.DataFrame(rows)


def draw_years(table: pd.DataFrame, name: str, out_dir: Path, lang: str = "nl") -> list[Path]:
    """ZE share by year against the 2025 goal, and CO2 in the zone, as PNG and SVG, in `lang`
    (words from the one dictionary, numbers through Babel)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from sim.deliver.figures import plt, save
    from sim.deliver.i18n import fmt_number, fmt_pct, tr
    from sim.deliver.palette import OKABE_ITO

    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 4.8))
    years = table["year"]
    for kpi, colour, key in (("ze_share_entries", OKABE_ITO["blue"], "yearsfig.share_entries"),
                             ("ze_share_zone_km", OKABE_ITO["green"], "yearsfig.share_km")):
        ax.plot(years, table[kpi], marker="o", color=colour, label=tr(lang, key))
        if table[f"{kpi}_low"].notna().any():
            ax.fill_between(years, table[f"{kpi}_low"], table[f"{kpi}_high"], color=colour,
                            alpha=0.2, linewidth=0)
    ax.hlines(1.0, GOAL_YEAR, years.max() + 0.5, color=OKABE_ITO["vermillion"],
              linestyle="--", label=tr(lang, "yearsfig.goal"))
    ax.axvline(GOAL_YEAR, color=OKABE_ITO["vermillion"], linestyle=":", linewidth=1)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(tr(lang, "yearsfig.year"))
    ax.set_ylabel(tr(lang, "yearsfig.share"))
    ax.set_title(tr(lang, "yearsfig.share_title"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_pct(lang, v, 0)))
    ax.legend(fontsize=8, frameon=False, loc="lower right")  # shares rise to the goal
    ax.grid(alpha=0.3)
    for kpi, colour, key in (("co2_ttw_kg", OKABE_ITO["black"], "yearsfig.ttw"),
                             ("co2_wtw_kg", OKABE_ITO["orange"], "yearsfig.wtw")):
        ax2.plot(years, table[kpi], marker="o", color=colour, label=tr(lang, key))
        if table[f"{kpi}_low"].notna().any():
            ax2.fill_between(years, table[f"{kpi}_low"], table[f"{kpi}_high"], color=colour,
                             alpha=0.2, linewidth=0)
    ax2.set_ylim(bottom=0)
    ax2.set_xlabel(tr(lang, "yearsfig.year"))
    ax2.set_ylabel(tr(lang, "yearsfig.co2"))
    ax2.set_title(tr(lang, "yearsfig.co2_title"))
    ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_number(lang, v, 0)))
    ax2.legend(fontsize=8, frameon=False)
    ax2.grid(alpha=0.3)
    for a in (ax, ax2):  # years are whole numbers, written without a thousands separator
        a.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle(tr(lang, "yearsfig.title", name=name))
    out_dir.mkdir(parents=True, exist_ok=True)
    return save(fig, out_dir, "ze_share_by_year")


def write_years(table: pd.DataFrame, out: Path) -> Path:
    """years.csv, written atomically."""
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".years.csv.partial"
    tmp.write_text(write_csv_text(table), encoding="utf-8")
    tmp.replace(out / "years.csv")
    return out / "years.csv"
