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

from sim.deliver.results import write_csv_text
from sim.geo.model import Geography
from sim.measure.kpis import kpi_interval
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


def draw_years(table: pd.DataFrame, name: str, out_dir: Path) -> list[Path]:
    """ZE share by year against the 2025 goal, and CO2 in the zone, as PNG and SVG."""
    from sim.deliver.figures import OKABE_ITO, plt, save

    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 4.8))
    years = table["year"]
    for kpi, colour, label in (("ze_share_entries", OKABE_ITO["blue"], "of entries"),
                               ("ze_share_zone_km", OKABE_ITO["green"], "of km in the zone")):
        ax.plot(years, table[kpi], marker="o", color=colour, label=f"zero-emission share {label}")
        if table[f"{kpi}_low"].notna().any():
            ax.fill_between(years, table[f"{kpi}_low"], table[f"{kpi}_high"], color=colour,
                            alpha=0.2, linewidth=0)
    ax.hlines(1.0, GOAL_YEAR, years.max() + 0.5, color=OKABE_ITO["vermillion"],
              linestyle="--", label="goal: emission-free supply from 2025")
    ax.axvline(GOAL_YEAR, color=OKABE_ITO["vermillion"], linestyle=":", linewidth=1)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("year (a week in October)")
    ax.set_ylabel("share of goods vehicles")
    ax.set_title("Zero-emission share of goods vehicles against the 2025 goal")
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    ax.grid(alpha=0.3)
    for kpi, colour, label in (("co2_ttw_kg", OKABE_ITO["black"], "tank-to-wheel"),
                               ("co2_wtw_kg", OKABE_ITO["orange"], "well-to-wheel")):
        ax2.plot(years, table[kpi], marker="o", color=colour, label=label)
        if table[f"{kpi}_low"].notna().any():
            ax2.fill_between(years, table[f"{kpi}_low"], table[f"{kpi}_high"], color=colour,
                             alpha=0.2, linewidth=0)
    ax2.set_ylim(bottom=0)
    ax2.set_xlabel("year (a week in October)")
    ax2.set_ylabel("kg CO2 in the simulated week(s)")
    ax2.set_title("CO2 of goods vehicles in the zone")
    ax2.legend(fontsize=8, frameon=False)
    ax2.grid(alpha=0.3)
    fig.suptitle(f"{name}: the road to emission-free supply (95% intervals shaded)")
    out_dir.mkdir(parents=True, exist_ok=True)
    return save(fig, out_dir, "ze_share_by_year")


def write_years(table: pd.DataFrame, out: Path) -> Path:
    """years.csv, written atomically."""
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".years.csv.partial"
    tmp.write_text(write_csv_text(table), encoding="utf-8")
    tmp.replace(out / "years.csv")
    return out / "years.csv"
