"""The top of the report: the headline comparison and one box per audience.

A reader decides in the first screen whether the page concerns them, so it opens with the few
biggest clear changes against the baseline (in words, with their margins) and then with what
each audience asks first: the shopkeeper about vans among shoppers and deliveries that come
at odd times, the carrier about hours, vehicles and cost, the council about violations,
fines, the zero-emission goal and parking revenue. Details follow further down the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from sim.batch.compare import HIGHER, LOWER, NOT_SIMULATED
from sim.deliver.i18n import (
    fmt_eur,
    fmt_number,
    fmt_pct,
    fmt_signed,
    label,
)
from sim.deliver.kpi_format import shown_decimals
from sim.deliver.report.data import ReportRun
from sim.deliver.report.html import esc
from sim.measure.registry import is_money, is_share

# what the headline may pick from: counts and amounts whose change means something to people
HEADLINE_KPIS = (
    "fines_issued", "violations_total", "deliveries_outside_window",
    "vehicle_minutes_in_zone_open_hours", "carrier_extra_hours", "carrier_extra_cost_eur",
    "vehicles_used", "route_hours", "route_km", "other_violations_total", "other_fines_issued",
    "co2_wtw_kg", "nox_g", "deliveries_failed",
    "deliveries_outside_receiving_hours", "ze_share_entries",
    "street_parking_revenue_eur_per_year",
)
HEADLINE_MAX = 4


def value_text(lang: str, kpi: str, x: float) -> str:
    """A KPI's value: a percentage, an amount, or a number by the value rule (decimals)."""
    if is_share(kpi):
        return fmt_pct(lang, x)
    if is_money(kpi):
        return fmt_eur(lang, x)
    return fmt_number(lang, x)


def signed_text(lang: str, t: Callable[..., str], kpi: str, x: float, decimals: int) -> str:
    """A difference with its sign and unit: +11, +€ 1.320, -4,2 procentpunt."""
    if x is None or math.isnan(x):
        return "–"
    if is_share(kpi):
        return f"{fmt_signed(lang, 100 * x, decimals)} {t('cmp.pp')}"
    if is_money(kpi):
        return fmt_eur(lang, x, signed=True, cents=bool(decimals))
    return fmt_signed(lang, x, decimals)


def margin_text(lang: str, t: Callable[..., str], kpi: str, lo: float, hi: float,
                decimals: int) -> str:
    if math.isnan(lo) or math.isnan(hi):
        return t("cmp.no_interval")
    if is_share(kpi):
        return t("cmp.margin", lo=fmt_signed(lang, 100 * lo, decimals),
                 hi=fmt_signed(lang, 100 * hi, decimals))
    if is_money(kpi):
        cents = bool(decimals)
        return t("cmp.margin", lo=fmt_eur(lang, lo, signed=True, cents=cents),
                 hi=fmt_eur(lang, hi, signed=True, cents=cents))
    return t("cmp.margin", lo=fmt_signed(lang, lo, decimals), hi=fmt_signed(lang, hi, decimals))


def diff_and_margin(lang: str, t: Callable[..., str], kpi: str, r: pd.Series,
                    scale: float = 1.0) -> tuple[str, str]:
    """The difference and its margin with the same number of decimals (times `scale`, for
    minutes shown as hours)."""
    diff, lo, hi = (float(r[c]) * scale for c in ("difference", "ci95_low", "ci95_high"))
    d = shown_decimals(kpi, diff, lo, hi)
    return signed_text(lang, t, kpi, diff, d), margin_text(lang, t, kpi, lo, hi, d)


def headline_items(lang: str, t: Callable[..., str], rows: pd.DataFrame,
                   names: dict[str, str]) -> list[str]:
    """The biggest clear changes, largest first on a scale where a rise and a fall weigh alike:
    the size of the log ratio, with one unit added to each side (a count of 0 -> 1.5 a week
    weighs ln 2.5, a fall from 47 to 1.8 ln 17); shares by percentage points (10 points as a
    factor 2.7)."""
    picked = []
    for kpi in HEADLINE_KPIS:
        if kpi not in rows.index:
            continue
        r = rows.loc[kpi]
        if r["verdict"] not in (HIGHER, LOWER):
            continue
        base, new = float(r["baseline_mean"]), float(r["run_mean"])
        if is_share(kpi):
            size = abs(new - base) * 10
        else:
            size = abs(math.log((abs(new) + 1.0) / (abs(base) + 1.0)))
        picked.append((size, kpi, r))
    picked.sort(key=lambda p: -p[0])
    out = []
    for _, kpi, r in picked[:HEADLINE_MAX]:
        key = "head.up" if r["verdict"] == HIGHER else "head.down"
        a, b = float(r["baseline_mean"]), float(r["run_mean"])
        diff, margin = diff_and_margin(lang, t, kpi, r)
        # each value with its own decimals, as in the comparison table: "from 47.3 to 1.8"
        out.append(t(key, what=names[kpi].removesuffix(" (€)"),
                     a=value_text(lang, kpi, a), b=value_text(lang, kpi, b),
                     diff=diff, margin=margin))
    return out


def change_text(lang: str, t: Callable[..., str], kpi: str, rows: pd.DataFrame | None,
                base: str, words: tuple[str, str] = ("aud.more", "aud.less"),
                scale: float = 1.0, reps: int = 0) -> str:
    """"meer dan assen-2018 (+11; marge +8 tot +14)", or "ongeveer gelijk aan ..." .

    The difference is paired by replication; when the two runs have different numbers of
    replications (`reps` is the larger), it is over fewer than the means shown beside it,
    so the text says over how many."""
    if rows is None or kpi not in rows.index:
        return ""
    r = rows.loc[kpi]
    if r["verdict"] == NOT_SIMULATED:
        return ""  # nothing to compare: one of the two runs did not simulate it
    diff, margin = diff_and_margin(lang, t, kpi, r, scale)
    pairs = int(r["pairs"]) if r["pairs"] == r["pairs"] else 0
    if 0 < pairs < reps:
        diff = t("aud.paired", diff=diff, n=fmt_number(lang, pairs, 0))
    if r["verdict"] == HIGHER:
        return t("aud.change", word=t(words[0]), base=base, diff=diff, margin=margin)
    if r["verdict"] == LOWER:
        return t("aud.change", word=t(words[1]), base=base, diff=diff, margin=margin)
    return t("aud.same", base=base)


def shop_figures(run: ReportRun) -> tuple[float, float, float, float, list[str]] | None:
    """Per week: deliveries, in opening hours, moved; and the shop types most moved."""
    df = run.tables.get("by_shop_type")
    if df is None or df.empty:
        return None
    total = float(df["deliveries"].sum()) / run.weeks
    open_ = float(df["delivered_in_opening_hours"].sum()) / run.weeks
    moved = float(df["moved_from_usual_time"].sum()) / run.weeks
    share = (df["moved_from_usual_time"] / df["deliveries"].where(df["deliveries"] > 0))
    top = [str(s) for s, v in zip(df["shop_type"], share, strict=True) if v == v and v > 0]
    top = sorted(top, key=lambda s: -float(share[df["shop_type"] == s].iloc[0]))[:3]
    return total, open_, moved, moved / total if total else math.nan, top


def audience_box(title: str, items: list[tuple[str, list[str]]]) -> str:
    """A box with a heading and, per indicator, one line per scenario."""
    lis = []
    for what, lines in items:
        inner = "".join(f"<li>{esc(x)}</li>" for x in lines)
        lis.append(f"<li><b>{esc(what)}</b><ul>{inner}</ul></li>")
    return f'<div class="audience"><h3>{esc(title)}</h3><ul>{"".join(lis)}</ul></div>'


def shop_lines(lang: str, t: Callable[..., str], runs: list[ReportRun],
               pairs: dict[str, pd.DataFrame | None]) -> list[tuple[str, list[str]]]:
    base = runs[0]
    opened, moved = [], []
    for run in runs:
        figs = shop_figures(run)
        if figs is None:
            opened.append(t("aud.value", name=run.label, value=t("aud.no_data")))
            moved.append(t("aud.value", name=run.label, value=t("aud.no_data")))
            continue
        total, open_, mv, share, top = figs
        opened.append(t("aud.value", name=run.label, value=t(
            "aud.open_value", n=fmt_number(lang, open_, 0),
            pct=fmt_pct(lang, open_ / total if total else math.nan, 0))))
        text = t("aud.open_value", n=fmt_number(lang, mv, 0), pct=fmt_pct(lang, share, 0))
        if top:
            text += ", " + t("aud.moved_types",
                             types=", ".join(label(lang, "shop", s) for s in top))
        moved.append(t("aud.value", name=run.label, value=text))
    vans = []
    for run in runs:
        value = t("aud.hours_week",
                  n=fmt_number(lang, run.mean("vehicle_minutes_in_zone_open_hours") / 60, 0))
        extra = change_text(lang, t, "vehicle_minutes_in_zone_open_hours",
                            pairs.get(run.label), base.label, scale=1 / 60,
                            reps=max(run.replications, base.replications)
                            ) if run is not base else ""
        vans.append(t("aud.value", name=run.label, value=value + (f"; {extra}" if extra else "")))
    return [(t("aud.open"), opened), (t("aud.moved"), moved), (t("aud.vans"), vans)]


def kpi_lines(lang: str, t: Callable[..., str], runs: list[ReportRun],
              pairs: dict[str, pd.DataFrame | None], kpi: str,
              fmt: Callable[[ReportRun], str],
              words: tuple[str, str] = ("aud.more", "aud.less")) -> list[str]:
    """One line per scenario: its value, and for the others how it compares with the base."""
    base = runs[0]
    out = []
    for run in runs:
        value = fmt(run)
        if run is not base:
            extra = change_text(lang, t, kpi, pairs.get(run.label), base.label, words,
                                reps=max(run.replications, base.replications))
            value += f"; {extra}" if extra else ""
        out.append(t("aud.value", name=run.label, value=value))
    return out
