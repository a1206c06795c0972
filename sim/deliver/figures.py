"""Run figures a planner can read: entries by hour against the window, violations by gate.

Each figure is saved as PNG (for memos) and SVG (for reports), drawn from the event log with a
colour-blind-safe palette (Okabe-Ito, `sim.deliver.palette`) and the window hours shaded as in
the report's charts (`sim.deliver.chart_parts`). Words come from the report's
dictionary (sim.deliver.i18n) and numbers are formatted by Babel, in the language of
`venster run --lang` (Dutch by default, like the report). Panels that are meant to be
compared share their scale.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.deliver.chart_parts import number_axis, shade_paid_hours, shade_windows
from sim.deliver.i18n import tr
from sim.deliver.palette import OKABE_ITO
from sim.model.calendar import MINUTES_PER_DAY
from sim.runner import RunResult

plt.switch_backend("Agg")  # files only, never a window
matplotlib.rcParams["svg.hashsalt"] = "venster"  # stable ids: same run, same SVG



def save(fig: plt.Figure, folder: Path, stem: str) -> list[Path]:
    """PNG and SVG of a figure, cropped to what is drawn. The crop is worked out once for
    both files (cropping is a whole extra drawing of the figure per file otherwise)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    paths = [folder / f"{stem}.png", folder / f"{stem}.svg"]
    canvas = FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    tight = fig.get_tightbbox(canvas.get_renderer())
    pad = plt.rcParams["savefig.pad_inches"]
    box = Bbox.from_extents(tight.x0 - pad, tight.y0 - pad, tight.x1 + pad, tight.y1 + pad)
    fig.savefig(paths[0], dpi=150, bbox_inches=box)
    fig.savefig(paths[1], bbox_inches=box, metadata={"Date": None})
    plt.close(fig)
    return paths


def _all_events(result: RunResult) -> pd.DataFrame:
    frames = [df for _, df in sorted(result.events.items())]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def entries_by_hour(result: RunResult, folder: Path, lang: str = "nl") -> list[Path]:
    ev = _all_events(result)
    days = 7 * result.scenario.weeks * max(1, len(result.events))
    fig, ax = plt.subplots(figsize=(10, 4.8))
    shade_windows(ax, result.scenario, lang)
    hours = np.arange(24)
    if not ev.empty:
        entries = ev[(ev["kind"] == "entry") & (ev["party"] == "goods")]
        hour = ((entries["t"] % MINUTES_PER_DAY) // 60).astype(int)
        ok = np.bincount(hour[entries["allowed"]], minlength=24) / days
        bad = np.bincount(hour[~entries["allowed"]], minlength=24) / days
        ax.bar(hours + 0.5, ok, width=0.8, color=OKABE_ITO["sky"],
               label=tr(lang, "chart.hours.allowed"))
        ax.bar(hours + 0.5, bad, width=0.8, bottom=ok, color=OKABE_ITO["vermillion"],
               label=tr(lang, "chart.hours.violations"))
        arr = ev[(ev["kind"] == "arrive") & (ev["party"] == "goods")]
        ah = np.bincount(((arr["t"] % MINUTES_PER_DAY) // 60).astype(int), minlength=24) / days
        ax.step(np.arange(25), np.append(ah, ah[-1]), where="post", color=OKABE_ITO["black"],
                linewidth=1.2, label=tr(lang, "chart.hours.arrivals"))
    ax.set_xlim(0, 24)
    ax.set_xticks(range(0, 25, 2))
    ax.set_xlabel(tr(lang, "chart.hours.x"))
    ax.set_ylabel(tr(lang, "chart.hours.y"))
    number_axis(ax, lang)
    ax.set_title(tr(lang, "chart.hours.title", name=result.scenario.name))
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return save(fig, folder, "entries_by_hour")


def violations_by_hour_and_gate(
    result: RunResult, folder: Path, names: dict[str, str] | None = None, lang: str = "nl"
) -> list[Path]:
    """Violations per gate and hour, delivery vehicles and other cars side by side on one
    colour scale, so the darker panel really is the one with more violations."""
    from matplotlib.colors import Normalize

    ev = _all_events(result)
    # a fixed layout (the crop on saving takes in the gate names): a constrained layout
    # would be solved again at every drawing
    fig, axes = plt.subplots(1, 2, figsize=(13, 5), sharey=True)
    fig.subplots_adjust(wspace=0.06, top=0.86)
    gates = sorted(set(ev["gate"][ev["kind"] == "entry"])) if not ev.empty else []
    days = 7 * result.scenario.weeks * max(1, len(result.events))
    grids = []
    for party in ("goods", "other"):
        grid = np.zeros((max(1, len(gates)), 24))
        if gates:
            v = ev[(ev["kind"] == "entry") & (ev["party"] == party) & ~ev["allowed"]]
            idx = {g: i for i, g in enumerate(gates)}
            for g, t in zip(v["gate"], v["t"], strict=True):
                grid[idx[g], int((t % MINUTES_PER_DAY) // 60)] += 1
        grids.append(grid / days)
    norm = Normalize(0.0, max(max(float(g.max()) for g in grids), 1e-9))
    for ax, grid, key in zip(axes, grids, ("chart.weeks.goods", "chart.weeks.other"),
                             strict=True):
        im = ax.imshow(grid, aspect="auto", cmap="cividis", origin="upper", norm=norm,
                       extent=(0, 24, len(gates) if gates else 1, 0))
        ax.set_title(tr(lang, "runfig.heat.panel", who=tr(lang, key)))
        ax.set_xlabel(tr(lang, "chart.hours.x"))
        ax.set_xticks(range(0, 25, 3))
    bar = fig.colorbar(im, ax=list(axes), fraction=0.046, pad=0.02,
                       label=tr(lang, "runfig.heat.scale"))
    number_axis(bar.ax, lang)
    axes[0].set_yticks(np.arange(len(gates)) + 0.5 if gates else [])
    axes[0].set_yticklabels([(names or {}).get(g, g) for g in gates], fontsize=8)
    axes[0].set_ylabel(tr(lang, "runfig.gate"))
    fig.suptitle(tr(lang, "runfig.heat.title", name=result.scenario.name))
    return save(fig, folder, "violations_by_hour_gate")


def parking_occupancy(result: RunResult, folder: Path, lang: str = "nl") -> list[Path]:
    """Street occupancy by hour and day type (mean over days and replications), PNG + CSV."""
    from sim.measure.parking_kpis import hourly_street_occupancy
    from sim.model.calendar import SimCalendar

    sc = result.scenario
    cal = SimCalendar(sc.start_date, 7 * sc.weeks, sc.calendar)
    rows = []
    for _, ev in sorted(result.events.items()):
        hourly = hourly_street_occupancy(ev, cal.days)
        for day, kind in enumerate(cal.day_types):
            rows.extend({"day_type": kind, "hour": h, "occupancy": hourly[day, h]}
                        for h in range(24))
    table = (pd.DataFrame(rows).groupby(["day_type", "hour"], as_index=False)["occupancy"]
             .mean())
    table.to_csv(folder / "parking_occupancy_by_hour.csv", index=False, float_format="%.4f")
    fig, ax = plt.subplots(figsize=(10, 4.8))
    colours = [OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple")]
    for colour, (kind, grp) in zip(colours, table.groupby("day_type", sort=False),
                                   strict=False):
        ax.plot(grp["hour"] + 0.5, grp["occupancy"] * 100, marker="o", ms=3, color=colour,
                label=tr(lang, f"daytype.{kind}"))
    shade_paid_hours(ax, sc, lang)
    ax.set_xlim(0, 24)
    ax.set_ylim(0, 100)
    ax.set_xticks(range(0, 25, 2))
    ax.set_xlabel(tr(lang, "chart.hours.x"))
    ax.set_ylabel(tr(lang, "chart.park.y"))
    number_axis(ax, lang)
    ax.set_title(tr(lang, "chart.park.title", name=sc.name))
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    ax.grid(alpha=0.3)
    return save(fig, folder, "parking_occupancy_by_hour")


def violations_by_week(result: RunResult, folder: Path, lang: str = "nl") -> list[Path]:
    """Violations and letters week by week: how drivers learn, or that a regime stays put."""
    from sim.measure.breakdowns import by_week

    sc = result.scenario
    ev = _all_events(result)
    if ev.empty:
        return []
    weeks = by_week(ev, sc, max(1, len(result.events)))
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), sharex=True, sharey=True)
    for ax, party, key in zip(axes, ("goods", "other"),
                              ("chart.weeks.goods", "chart.weeks.other"), strict=True):
        ax.plot(weeks["week"], weeks[f"{party}_violations"], marker="o",
                color=OKABE_ITO["vermillion"], label=tr(lang, "chart.weeks.violations"))
        ax.plot(weeks["week"], weeks[f"{party}_fines"], marker="s", color=OKABE_ITO["blue"],
                label=tr(lang, "chart.weeks.fines"))
        if party == "goods":
            ax.plot(weeks["week"], weeks["goods_warnings"], marker="^",
                    color=OKABE_ITO["orange"], label=tr(lang, "chart.weeks.warnings"))
        e = sc.enforcement
        if e.warnings_until is not None:
            start = e.warnings_from or sc.start_date
            w0 = (start - sc.start_date).days / 7 + 0.5
            w1 = (e.warnings_until - sc.start_date).days / 7 + 0.5
            if w1 > 0.5 and w0 < sc.weeks + 0.5:
                ax.axvspan(max(w0, 0.5), min(w1, sc.weeks + 0.5), color="0.9", zorder=0,
                           label=tr(lang, "runfig.warnings_only"))
        ax.set_title(tr(lang, key))
        ax.set_xlabel(tr(lang, "chart.weeks.x"))
        number_axis(ax, lang)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, frameon=False)
    axes[0].set_ylabel(tr(lang, "chart.weeks.y"))
    fig.suptitle(tr(lang, "chart.weeks.title", name=sc.name))
    return save(fig, folder, "violations_by_week")


def gate_counts(result: RunResult) -> dict[str, dict[str, float]]:
    """Mean entries and violations per day at each gate (goods and other traffic together)."""
    ev = _all_events(result)
    if ev.empty:
        return {}
    days = 7 * result.scenario.weeks * max(1, len(result.events))
    e = ev[ev["kind"] == "entry"]
    out: dict[str, dict[str, float]] = {}
    for g, grp in e.groupby("gate", observed=True):
        violations = float((~grp["allowed"]).sum())
        out[str(g)] = {"entries": len(grp) / days, "violations": violations / days}
    return out


def draw_run_figures(result: RunResult, folder: Path, lang: str = "nl") -> list[Path]:
    """Every run figure in `lang`, the map with per-gate counts among them.

    The map (the slowest figure: its labels are placed by search) is drawn in a forked
    process while this one draws the charts, so a run's figures take the time of the slower
    half on a machine with two cores; where there is no fork, or inside a worker process, it
    is drawn here after the charts. The files are the same either way.
    """
    from sim.deliver.mapping import draw_map
    from sim.geo.cache import cached_geography
    from sim.model.enforcement import camera_gates

    geo = cached_geography(result.scenario.geography)
    names = {g.id: g.name for g in geo.gates}
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "map_gates.png"
    cams = camera_gates(result.scenario.enforcement, [g.id for g in geo.gates])
    counts = gate_counts(result)

    def the_map() -> None:
        draw_map(geo, out, gate_counts=counts, camera_gates=cams,
                 title=tr(lang, "map.title", name=result.scenario.name), lang=lang)

    child = _start_beside(the_map)
    paths = entries_by_hour(result, folder, lang)
    paths += violations_by_hour_and_gate(result, folder, names, lang)
    if result.scenario.parking is not None and result.scenario.parking.enabled:
        paths += parking_occupancy(result, folder, lang)
    if result.scenario.weeks > 1:
        paths += violations_by_week(result, folder, lang)
    if child is not None:
        child.join()
    if child is None or child.exitcode != 0 or not out.is_file():
        the_map()  # no second process, or it failed: draw it here
    paths.append(out)
    return paths


def _start_beside(work: Callable[[], None]) -> Any:
    """`work` started in a forked process, or None where that is not possible or wise (no
    fork, a single core, or already inside a worker process)."""
    import multiprocessing as mp
    import os

    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    if mp.parent_process() is not None or mp.current_process().daemon:
        return None
    try:
        proc = mp.get_context("fork").Process(target=work, daemon=True)
        proc.start()
    except (OSError, ValueError, RuntimeError):
        return None
    return proc
