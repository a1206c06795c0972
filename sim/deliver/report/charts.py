"""The report's charts, drawn for people who do not read charts for a living.

Every chart has a title, axis labels with units, labels of at least 10 pt at the size it is
shown in the report (figures are at most 9.5 inches wide and shown at their natural size),
the colour-blind-safe Okabe-Ito palette that the run figures use, and the window hours shaded
wherever the time of day is on the axis. Charts are built on bare matplotlib Figures (no pyplot
state), return the Figure, and know nothing about files or HTML.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.deliver.chart_parts import number_axis, shade_paid_hours, shade_windows
from sim.deliver.i18n import TEXTS, fmt_number, label, tr
from sim.deliver.palette import OKABE_ITO
from sim.deliver.report.data import ReportRun, YearSeries

C = OKABE_ITO
RC = {
    "font.size": 11,
    "axes.titlesize": 12.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10.5,
    "ytick.labelsize": 10.5,
    "legend.fontsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "venster-report",
    "svg.fonttype": "path",
}
WIDTH_IN = 9.5
RUN_COLOURS = [C["blue"], C["orange"], C["green"], C["purple"], C["vermillion"], C["sky"],
               C["black"], C["yellow"]]
DAY_TYPE_ORDER = ("weekday", "friday", "saturday", "sunday", "holiday")


@contextmanager
def style() -> Iterator[None]:
    """The report's font sizes and SVG settings, for drawing and for saving."""
    with matplotlib.rc_context(RC):
        yield


def _new(height: float, ncols: int = 1, width: float = WIDTH_IN, **kw: object
         ) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols, **kw)
    return fig, list(np.atleast_1d(axes))


def hours_peak(run: ReportRun) -> float:
    df = run.tables["by_hour"]
    stacked = (df["goods_entries_allowed"] + df["goods_violations"]).max()
    return float(max(stacked, df["goods_arrivals"].max())) / run.days


def hours_chart(run: ReportRun, lang: str, ymax: float | None = None) -> Figure:
    """Goods vehicles by hour of day (per day), in and out of the window, with arrivals."""
    df = run.tables["by_hour"].sort_values("hour")
    days = run.days
    hours = df["hour"].to_numpy()
    ok = df["goods_entries_allowed"].to_numpy() / days
    bad = df["goods_violations"].to_numpy() / days
    arrivals = df["goods_arrivals"].to_numpy() / days
    fig, (ax,) = _new(4.9)
    shade_windows(ax, run.scenario, lang)
    ax.bar(hours + 0.5, ok, width=0.8, color=C["sky"], label=tr(lang, "chart.hours.allowed"))
    ax.bar(hours + 0.5, bad, width=0.8, bottom=ok, color=C["vermillion"],
           label=tr(lang, "chart.hours.violations"))
    ax.step(np.append(hours, 24), np.append(arrivals, arrivals[-1]), where="post",
            color=C["black"], linewidth=1.6, label=tr(lang, "chart.hours.arrivals"))
    ax.set_xlim(0, 24)
    ax.set_xticks(range(0, 25, 2), [f"{h:02d}:00" for h in range(0, 25, 2)])
    ax.tick_params(axis="x", labelrotation=45)
    top = ymax if ymax is not None else hours_peak(run)
    ax.set_ylim(0, max(top, 1.0) * 1.08)
    ax.set_xlabel(tr(lang, "chart.hours.x"))
    ax.set_ylabel(tr(lang, "chart.hours.y"))
    number_axis(ax, lang, "y")
    ax.set_title(tr(lang, "chart.hours.title", name=run.label), loc="left")
    ax.grid(axis="y", alpha=0.3)
    fig.legend(loc="outside lower center", ncol=3, frameon=False)
    return fig


def weeks_peaks(run: ReportRun) -> tuple[float, float]:
    df = run.tables["by_week"]
    goods = df[["goods_violations", "goods_fines", "goods_warnings"]].to_numpy().max()
    other = df[["other_violations", "other_fines"]].to_numpy().max()
    return float(goods), float(other)


def weeks_chart(run: ReportRun, lang: str, ymax: tuple[float, float] | None = None) -> Figure:
    """Violations, fines and warnings week by week, delivery vehicles and other cars apart."""
    df = run.tables["by_week"].sort_values("week")
    weeks = df["week"].to_numpy()
    fig, axes = _new(4.4, 2)
    groups = (
        ("chart.weeks.goods", (("goods_violations", "chart.weeks.violations", C["vermillion"]),
                               ("goods_fines", "chart.weeks.fines", C["blue"]),
                               ("goods_warnings", "chart.weeks.warnings", C["sky"]))),
        ("chart.weeks.other", (("other_violations", "chart.weeks.violations", C["vermillion"]),
                               ("other_fines", "chart.weeks.fines", C["blue"]))),
    )
    peaks = ymax or weeks_peaks(run)
    for ax, (title, series), peak in zip(axes, groups, peaks, strict=True):
        width = 0.8 / len(series)
        for i, (col, key, colour) in enumerate(series):
            ax.bar(weeks - 0.4 + width * (i + 0.5), df[col].to_numpy(), width=width * 0.95,
                   color=colour, label=tr(lang, key))
        ax.set_title(tr(lang, title), loc="left")
        ax.set_xlabel(tr(lang, "chart.weeks.x"))
        number_axis(ax, lang, "y")
        ax.set_xticks(weeks if len(weeks) <= 16 else weeks[::2])
        ax.set_ylim(0, max(peak, 1.0) * 1.1)
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel(tr(lang, "chart.weeks.y"))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3, frameon=False)
    fig.suptitle(tr(lang, "chart.weeks.title", name=run.label), x=0.01, ha="left",
                 fontweight="bold", fontsize=12.5)
    return fig


def _ci(run: ReportRun, kpi: str) -> tuple[float, float, float]:
    from sim.measure.kpis import kpi_interval

    if kpi not in run.folder.kpis.columns:
        return float("nan"), float("nan"), float("nan")
    return kpi_interval(kpi, run.folder.kpis[kpi].to_numpy(dtype=float))


def ze_chart(runs: Sequence[ReportRun], years: Sequence[YearSeries], lang: str) -> Figure:
    """ZE share of entries and of zone km per scenario against the 100% goal; by year too."""
    fig, axes = _new(5.0, 2 if years else 1, width=WIDTH_IN,
                     **({"width_ratios": [1.1, 1]} if years else {}))
    ax = axes[0]
    x = np.arange(len(runs))
    for j, (kpi, key, colour) in enumerate((("ze_share_entries", "chart.ze.entries", C["green"]),
                                            ("ze_share_zone_km", "chart.ze.km", C["sky"]))):
        stats = np.array([_ci(r, kpi) for r in runs], dtype=float) * 100
        # a share lies in 0..100%, whatever a t interval of two replications says
        mean, lo, hi = stats[:, 0], np.clip(stats[:, 1], 0, 100), np.clip(stats[:, 2], 0, 100)
        err = np.clip(np.vstack([np.nan_to_num(mean - lo), np.nan_to_num(hi - mean)]), 0, None)
        ax.bar(x - 0.2 + 0.4 * j, mean, width=0.38, color=colour, label=tr(lang, key),
               yerr=err, capsize=4, error_kw={"elinewidth": 1.2, "ecolor": C["black"]})
    ax.axhline(100, color=C["vermillion"], linestyle="--", linewidth=1.8,
               label=tr(lang, "chart.ze.goal"))
    ax.set_xticks(x, [r.label for r in runs], rotation=20 if len(runs) > 2 else 0,
                  ha="right" if len(runs) > 2 else "center")
    ax.set_ylim(0, 110)
    ax.set_ylabel(tr(lang, "chart.ze.y"))
    number_axis(ax, lang, "y")
    ax.set_title(tr(lang, "chart.ze.title"), loc="left")
    ax.grid(axis="y", alpha=0.3)
    if years:
        ay = axes[1]
        for i, series in enumerate(years):
            t = series.table.sort_values("year")
            colour = RUN_COLOURS[i % len(RUN_COLOURS)]
            ay.plot(t["year"], t["ze_share_entries"] * 100, marker="o", color=colour,
                    label=series.label)
            if "ze_share_entries_low" in t.columns and t["ze_share_entries_low"].notna().any():
                ay.fill_between(t["year"], t["ze_share_entries_low"] * 100,
                                t["ze_share_entries_high"] * 100, color=colour, alpha=0.2,
                                linewidth=0)
        last = max(int(s.table["year"].max()) for s in years)
        ay.hlines(100, 2025, max(last, 2025) + 0.5, color=C["vermillion"], linestyle="--",
                  linewidth=1.8)
        ay.axvline(2025, color=C["vermillion"], linestyle=":", linewidth=1)
        ay.set_ylim(0, 110)
        ay.set_xlabel(tr(lang, "chart.ze.year_x"))
        ay.set_title(tr(lang, "chart.ze.years_title"), loc="left")
        ay.grid(alpha=0.3)
        ay.legend(frameon=False, loc="upper left")
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3, frameon=False)
    return fig


def vehicle_name(lang: str, category: str, energy: str, euro: int | None) -> str:
    """"bestelauto (diesel, Euro 6)", "elektrische bakfiets": a name, not a list of ids."""
    whole = f"vehicle.{category}.{energy}"
    if whole in TEXTS:
        return tr(lang, whole)
    cat, en = label(lang, "category", category), label(lang, "energy", energy)
    if euro is not None:
        return tr(lang, "vehicle.name_euro", category=cat, energy=en,
                  euro=tr(lang, "vehicle.euro", n=euro))
    return tr(lang, "vehicle.name", category=cat, energy=en)


def vehicle_labels(run: ReportRun, lang: str) -> dict[str, str]:
    """Readable names of the vehicle classes in by_vehicle_class, unique within the table."""
    df = run.tables["by_vehicle_class"]
    sc = run.scenario
    names: dict[str, str] = {}
    for row in df.itertuples(index=False):
        vc = sc.vehicle_classes.get(row.vehicle_class) if sc is not None else None
        names[row.vehicle_class] = vehicle_name(lang, str(row.category), str(row.energy),
                                                vc.euro if vc is not None and not
                                                vc.zero_emission else None)
    counts = pd.Series(list(names.values())).value_counts()
    for vclass, text in list(names.items()):
        vc = sc.vehicle_classes.get(vclass) if sc is not None else None
        if counts[text] > 1 and vc is not None and vc.registration_year:
            names[vclass] = f"{text}, {tr(lang, 'vehicle.reg', year=vc.registration_year)}"
    return names


def emissions_peaks(run: ReportRun) -> tuple[float, float]:
    df = run.tables["by_vehicle_class"]
    return float(df["co2_wtw_kg"].max()) / run.weeks, float(df["nox_g"].max()) / run.weeks


def emissions_chart(run: ReportRun, lang: str, xmax: tuple[float, float] | None = None
                    ) -> Figure:
    """CO2 (well to wheel) and NOx in the zone per week, by vehicle class; ZE in green."""
    df = run.tables["by_vehicle_class"].sort_values("co2_wtw_kg")
    names = vehicle_labels(run, lang)
    ze = df["zero_emission"].astype(str).str.lower().isin(["true", "1"]).to_numpy()
    colours = np.where(ze, C["green"], C["vermillion"])
    y = np.arange(len(df))
    fig, axes = _new(1.6 + 0.42 * len(df), 2, sharey=True)
    peaks = xmax or emissions_peaks(run)
    for ax, col, key, peak in zip(axes, ("co2_wtw_kg", "nox_g"),
                                  ("chart.em.co2", "chart.em.nox"), peaks, strict=True):
        ax.barh(y, df[col].to_numpy() / run.weeks, color=colours, height=0.7)
        ax.set_xlabel(tr(lang, key))
        number_axis(ax, lang, "x")
        ax.set_xlim(0, max(peak, 1e-9) * 1.08)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(y, [names[v] for v in df["vehicle_class"]])
    from matplotlib.patches import Patch

    fig.legend(handles=[Patch(color=C["green"], label=tr(lang, "chart.em.ze")),
                        Patch(color=C["vermillion"], label=tr(lang, "chart.em.fossil"))],
               loc="outside lower center", ncol=2, frameon=False)
    fig.suptitle(tr(lang, "chart.em.title", name=run.label), x=0.01, ha="left",
                 fontweight="bold", fontsize=12.5)
    return fig


def carriers_peaks(run: ReportRun) -> tuple[float, float]:
    df = run.tables["by_segment"]
    return float(df["extra_hours"].max()) / run.weeks, float(df["extra_km"].max()) / run.weeks


def carriers_chart(run: ReportRun, lang: str, xmax: tuple[float, float] | None = None
                   ) -> Figure:
    """Extra hours and extra km per week for each kind of supplier."""
    df = run.tables["by_segment"].sort_values("extra_hours")
    y = np.arange(len(df))
    fig, axes = _new(1.5 + 0.45 * len(df), 2, sharey=True)
    peaks = xmax or carriers_peaks(run)
    for ax, col, key, colour, peak in zip(axes, ("extra_hours", "extra_km"),
                                          ("chart.car.hours", "chart.car.km"),
                                          (C["blue"], C["orange"]), peaks, strict=True):
        ax.barh(y, df[col].to_numpy() / run.weeks, color=colour, height=0.7)
        ax.set_xlabel(tr(lang, key))
        number_axis(ax, lang, "x")
        ax.set_xlim(0, max(peak, 1e-9) * 1.08)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(y, [label(lang, "segment", s) for s in df["segment"]])
    fig.suptitle(tr(lang, "chart.car.title", name=run.label), x=0.01, ha="left",
                 fontweight="bold", fontsize=12.5)
    return fig


def shops_chart(runs: Sequence[ReportRun], lang: str) -> Figure:
    """Per shop type, one panel per scenario side by side on the same axes: the share of
    deliveries that arrive while the shop is open, and the share moved from the usual time."""
    frames = []
    for run in runs:
        df = run.tables["by_shop_type"].copy()
        total = df["deliveries"].replace(0, np.nan)
        df["moved"] = 100 * df["moved_from_usual_time"] / total
        df["open"] = 100 * df["delivered_in_opening_hours"] / total
        frames.append(df.set_index("shop_type"))
    order = (frames[0].sort_values("open").index.tolist()
             + sorted({s for f in frames[1:] for s in f.index} - set(frames[0].index)))
    y = np.arange(len(order))
    n = len(runs)
    fig, axes = _new(1.9 + 0.5 * len(order), n, width=max(WIDTH_IN, 3.6 * n + 2.5),
                     sharey=True, sharex=True)
    for ax, run, df in zip(axes, runs, frames, strict=True):
        df = df.reindex(order)
        ax.barh(y + 0.2, df["open"].fillna(0), height=0.38, color=C["purple"],
                label=tr(lang, "chart.shop.open"))
        ax.barh(y - 0.2, df["moved"].fillna(0), height=0.38, color=C["orange"],
                label=tr(lang, "chart.shop.moved"))
        ax.set_xlim(0, 100)
        ax.set_xlabel(tr(lang, "chart.shop.x"))
        number_axis(ax, lang, "x")
        ax.grid(axis="x", alpha=0.3)
        ax.set_title(run.label, loc="left")
    axes[0].set_yticks(y, [label(lang, "shop", str(s)) for s in order])
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=2, frameon=False)
    fig.suptitle(tr(lang, "chart.shop.title_all"), x=0.01, ha="left", fontweight="bold",
                 fontsize=12.5)
    return fig


def parking_chart(run: ReportRun, lang: str) -> Figure:
    """Street occupancy by hour for each kind of day, paid hours (Mon–Thu) shaded."""
    table = run.parking_hours
    assert table is not None
    fig, (ax,) = _new(4.8)
    shade_paid_hours(ax, run.scenario, lang)
    colours = dict(zip(DAY_TYPE_ORDER, (C["blue"], C["orange"], C["green"], C["vermillion"],
                                        C["purple"]), strict=True))
    markers = dict(zip(DAY_TYPE_ORDER, "osD^v", strict=True))
    present = [d for d in DAY_TYPE_ORDER if d in set(table["day_type"])]
    for kind in present:
        grp = table[table["day_type"] == kind].sort_values("hour")
        ax.plot(grp["hour"] + 0.5, grp["occupancy"] * 100, marker=markers[kind], ms=4,
                color=colours[kind], label=tr(lang, f"daytype.{kind}"))
    ax.set_xlim(0, 24)
    ax.set_ylim(0, 100)
    ax.set_xticks(range(0, 25, 2), [f"{h:02d}:00" for h in range(0, 25, 2)])
    ax.tick_params(axis="x", labelrotation=45)
    ax.set_xlabel(tr(lang, "chart.hours.x"))
    ax.set_ylabel(tr(lang, "chart.park.y"))
    number_axis(ax, lang, "y")
    ax.set_title(tr(lang, "chart.park.title", name=run.label), loc="left")
    ax.grid(alpha=0.3)
    fig.legend(loc="outside lower center", ncol=3, frameon=False)
    return fig


def comparison_chart(rows: pd.DataFrame, kpi_names: dict[str, str], base: str, lang: str
                     ) -> Figure:
    """Percent differences from the reference with their 95% intervals, one colour per run.

    `rows` has columns run, kpi, baseline_mean, difference, ci95_low, ci95_high; shares are
    left to the table because a percent of a percent confuses more than it tells.
    """
    kpis = [k for k in kpi_names if k in set(rows["kpi"])]
    runs = list(dict.fromkeys(rows["run"]))
    fig, (ax,) = _new(1.6 + 0.42 * len(kpis) * max(1, len(runs)) ** 0.5)
    y = np.arange(len(kpis))[::-1].astype(float)
    step = 0.6 / max(1, len(runs))
    for i, run in enumerate(runs):
        sub = rows[rows["run"] == run].set_index("kpi")
        colour = RUN_COLOURS[(i + 1) % len(RUN_COLOURS)]
        named = False
        for j, kpi in enumerate(kpis):
            if kpi not in sub.index:
                continue
            r = sub.loc[kpi]
            base_mean = float(r["baseline_mean"])
            pos = y[j] + 0.3 - step * (i + 0.5)
            if not base_mean or np.isnan(base_mean):
                # no percent of zero: say so in the row instead of leaving it blank
                if not base_mean and not np.isnan(float(r["difference"])):
                    ax.annotate(tr(lang, "chart.cmp.from_zero",
                                   b=fmt_number(lang, float(r["difference"]))),
                                (0, pos), xytext=(6, 0), textcoords="offset points",
                                va="center", fontsize=9, color=colour)
                continue
            pct = 100 * float(r["difference"]) / abs(base_mean)
            lo, hi = (100 * float(r[c]) / abs(base_mean) for c in ("ci95_low", "ci95_high"))
            if not np.isnan(lo):
                ax.hlines(pos, lo, hi, color=colour, linewidth=2.2)
            ax.plot(pct, pos, "o", color=colour, ms=6, label=None if named else run)
            named = True
    ax.axvline(0, color=C["black"], linewidth=1)
    ax.set_yticks(y, [kpi_names[k] for k in kpis])
    ax.set_xlabel(tr(lang, "chart.cmp.x"))
    number_axis(ax, lang, "x")
    fig.suptitle(tr(lang, "chart.cmp.title", base=base), x=0.01, ha="left",
                 fontweight="bold", fontsize=12.5)
    ax.grid(axis="x", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    by_label = dict(zip(labels, handles, strict=True))
    fig.legend(by_label.values(), by_label.keys(), loc="outside lower center",
               ncol=min(3, len(by_label)), frameon=False)
    return fig
