"""The report's sections, in reading order, each a function of the runs and the language.

A section never fails because a piece of data is missing: a batch variant has no breakdown
tables, an old run's scenario may no longer load, parking may be off. It then says so in one
line for that run and goes on, so a report of twenty variants still shows what it can.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.batch.compare import HIGHER, LOWER, NOT_SIMULATED, compare_pair
from sim.deliver import chart_parts
from sim.deliver.i18n import (
    fmt_date,
    fmt_eur,
    fmt_number,
    fmt_pct,
    fmt_reps,
    fmt_weeks,
    tr,
    trn,
)
from sim.deliver.report import charts, lead
from sim.deliver.report.data import ReportInput, ReportRun
from sim.deliver.report.html import esc, figure, key_figures, para, table
from sim.deliver.report.output import FigureWriter, Image
from sim.errors import InputError
from sim.geo.model import Geography
from sim.scenario.models import (
    Calendar,
    EnergySupply,
    Enforcement,
    ParkingPolicy,
    Scenario,
    WindowRule,
    ZeZone,
)
from sim.scenario.vocab import Strict, parse_span

if TYPE_CHECKING:
    from sim.evidence.sensitivity_out import Drivers

# the comparison table, in reading order; parking rows only when a scenario has parking
COMPARE_KPIS = (
    "deliveries_total", "deliveries_outside_window", "deliveries_failed", "violations_total",
    "fines_issued", "fine_revenue_eur", "other_violations_total", "other_fines_issued",
    # letters per plate (sim.measure.letter_kpis): whom the cameras write to, and how often
    "plates_written_to", "repeat_offender_plates", "other_plates_written_to",
    "other_repeat_offender_plates",
    "compliance_rate", "vehicle_minutes_in_zone_open_hours", "ze_share_entries", "co2_wtw_kg",
    "nox_g", "pm10_g", "carrier_extra_hours", "carrier_extra_cost_eur",
    # carriers' rounds (sim.model.rounds): what the windows cost in vehicles, km and hours
    "vehicles_used", "route_km", "route_hours", "cost_per_drop_eur",
    "deliveries_outside_receiving_hours",
)
PARKING_COMPARE_KPIS = ("street_parking_revenue_eur_per_year", "street_evening_occupancy",
                        "evening_visitors", "bay_conflicts")
# the comparison chart: counts and amounts, whose percent change reads naturally
CHART_KPIS = ("deliveries_outside_window", "violations_total", "fines_issued",
              "other_violations_total", "vehicle_minutes_in_zone_open_hours", "co2_wtw_kg",
              "nox_g", "carrier_extra_hours", "carrier_extra_cost_eur", "vehicles_used",
              "route_hours")
DAY_GROUPS = ("weekday", "friday", "saturday", "sunday")


@dataclass
class Context:
    """What every section needs: the runs, the language, and the numbered-figure writer."""

    data: ReportInput
    lang: str
    writer: FigureWriter
    figures: int = 0
    _geo: dict[str, Geography | None] = field(default_factory=dict)
    _pairs: dict[str, pd.DataFrame | None] = field(default_factory=dict)
    drivers: Drivers | None = None  # from a sensitivity folder (venster report --sensitivity)

    def pairs(self, run: ReportRun) -> pd.DataFrame | None:
        """The paired comparison of `run` with the baseline, by KPI; None if it cannot pair."""
        if run.label not in self._pairs:
            try:
                rows, _ = compare_pair(self.data.base.per_week(), run.per_week())
                self._pairs[run.label] = rows.set_index("kpi")
            except InputError:
                self._pairs[run.label] = None
        return self._pairs[run.label]

    def all_pairs(self) -> dict[str, pd.DataFrame | None]:
        return {r.label: self.pairs(r) for r in self.data.runs[1:]}

    def t(self, key: str, **values: object) -> str:
        return tr(self.lang, key, **values)

    def figure(self, image: Image, caption: str) -> str:
        self.figures += 1
        return figure(image, self.t("figure", n=self.figures), caption, caption)

    def geography(self, sc: Scenario) -> Geography | None:
        """The scenario's geodata, loaded once; None when the file is gone."""
        if sc.geography not in self._geo:
            from sim.geo.load import load_geography

            try:
                self._geo[sc.geography] = (load_geography(sc.geography)
                                           if Path(sc.geography).is_file() else None)
            except InputError:
                self._geo[sc.geography] = None
        return self._geo[sc.geography]


Section = tuple[str, str, str]  # id, title, html


# --- words from numbers -------------------------------------------------------------------


def _hhmm(minutes: float) -> str:
    m = round(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"


def spans_text(lang: str, spans: tuple[tuple[float, float], ...]) -> str:
    if not spans:
        return tr(lang, "windows.none")
    return tr(lang, "windows.and").join(f"{_hhmm(a)}–{_hhmm(b)}" for a, b in spans)


def shop_hours(sc: Scenario | None) -> dict[str, str]:
    """Opening and closing times of the shops for the texts that state them: the scenario's
    calendar, or the documented default (CVDR24760, DATA.md §1) when there is no scenario."""
    hours = (sc.calendar if sc is not None else Calendar()).opening_hours

    def spans(day: str) -> list[tuple[float, float]]:
        return sorted(parse_span(x) for x in hours.get(day, []))

    def edge(day: str, i: int, end: int) -> str:
        got = spans(day)
        return _hhmm(got[i][end]) if got else "–"

    return {"open": edge("weekday", 0, 0), "close": edge("weekday", -1, 1),
            "friday_close": edge("friday", -1, 1), "saturday_close": edge("saturday", -1, 1),
            "sunday": "–".join(_hhmm(m) for m in spans("sunday")[0]) if spans("sunday") else "–"}


def evening_hours(sc: Scenario | None) -> dict[str, str]:
    """The hours the parking KPIs count as evening, from the scenario (its default if none)."""
    text = (sc.parking.evening if sc is not None and sc.parking is not None else
            ParkingPolicy.model_fields["evening"].default)
    a, b = parse_span(text)
    return {"evening_hours": f"{_hhmm(a)}–{_hhmm(b)}", "evening_start": _hhmm(a)}


def _first_scenario(runs: list[ReportRun]) -> Scenario | None:
    return next((r.scenario for r in runs if r.scenario is not None), None)


def _day_label(lang: str, first: str, last: str) -> str:
    start = tr(lang, "day.weekday.first") if first == "weekday" else tr(lang, f"day.{first}")
    end = tr(lang, "day.weekday.last") if last == "weekday" else tr(lang, f"day.{last}")
    return start if start == end else f"{start}–{end}"


def _grouped(lang: str, per_day: list[tuple[str, tuple[tuple[float, float], ...]]],
             skip_empty: bool = False) -> str:
    """Day types with equal spans merged into ranges: "ma–za 07:00–12:00; zo geen venster"."""
    groups: list[list[object]] = []
    for d, spans in per_day:
        if groups and groups[-1][2] == spans:
            groups[-1][1] = d
        else:
            groups.append([d, d, spans])
    return tr(lang, "windows.sep").join(
        f"{_day_label(lang, str(a), str(b))} {spans_text(lang, s)}"  # type: ignore[arg-type]
        for a, b, s in groups if s or not skip_empty
    )


def describe_windows(sc: Scenario, lang: str) -> str:
    """The window times of a conventional van, by day, with equal neighbouring days merged."""
    return _grouped(lang, [(d, chart_parts.window_spans(sc, d)[0]) for d in DAY_GROUPS])


def describe_ze_extra(sc: Scenario, lang: str) -> str:
    """The hours open only to zero-emission vehicles with the exemption, by day; "" if none."""
    return _grouped(lang, [(d, chart_parts.window_spans(sc, d)[1]) for d in DAY_GROUPS],
                    skip_empty=True)


def _gates(ctx: Context, run: ReportRun) -> tuple[int | None, int | None]:
    """(cameras, gates) of the run's scenario, from its geodata or its gate table."""
    from sim.model.enforcement import camera_gates

    sc = run.scenario
    if sc is None:
        return None, None
    geo = ctx.geography(sc)
    if geo is not None:
        ids = [g.id for g in geo.gates]
    elif "by_gate" in run.tables:
        ids = list(run.tables["by_gate"]["gate"])
    else:
        return (None if sc.enforcement.camera_gates == "all"
                else len(sc.enforcement.camera_gates)), None
    return len(camera_gates(sc.enforcement, ids)), len(ids)


def summary_text(ctx: Context, run: ReportRun) -> list[str]:
    """The plain-language paragraph about one scenario, as a list of sentences."""
    lang, t = ctx.lang, ctx.t
    m = run.mean
    n = lambda x: fmt_number(lang, x)  # noqa: E731
    sentences: list[str] = []
    sc = run.scenario
    if sc is None:
        sentences.append(t("sum.no_scenario", path=run.path, error=run.scenario_error))
    else:
        sentences.append(t("sum.windows", windows=describe_windows(sc, lang)))
        extra = describe_ze_extra(sc, lang)
        if extra:
            sentences.append(t("sum.ze_exemption", spans=extra))
        if sc.ze_zone is not None and sc.ze_zone.enabled:
            key = "sum.zez_on" if sc.ze_zone.transition_exemptions else "sum.zez_strict"
            sentences.append(t(key, start=fmt_date(lang, sc.ze_zone.start),
                               all_ze=fmt_date(lang, sc.ze_zone.all_ze_from)))
        if sc.hub is not None:
            sentences.append(t("sum.hub"))
    total, outside = m("deliveries_total"), m("deliveries_outside_window")
    sentences.append(t("sum.deliveries", deliveries=n(total), outside=n(outside),
                       outside_pct=fmt_pct(lang, outside / total if total else math.nan)))
    cameras, gates = _gates(ctx, run)
    warnings = m("warnings_issued")
    fines = m("fines_issued")
    sentences.append(t(
        "sum.violations" if round(fines, 1) > 0 else "sum.violations_nofine",
        violations=n(m("violations_total")),
        cameras="?" if cameras is None else cameras, gates="?" if gates is None else gates,
        fines=n(fines), revenue=fmt_eur(lang, m("fine_revenue_eur")),
        warnings=t("sum.warnings", n=n(warnings)) if warnings > 0 else ""))
    sentences.append(t("sum.other", viol=n(m("other_violations_total")),
                       fines=n(m("other_fines_issued"))))
    share = m("ze_share_entries")
    if share >= 0.995:
        sentences.append(t("sum.ze_reached", share=fmt_pct(lang, share)))
    else:
        sentences.append(t("sum.ze_share", share=fmt_pct(lang, share),
                           gap=fmt_pct(lang, 1 - share)))
    sentences.append(t("sum.carriers", hours=n(m("carrier_extra_hours")),
                       cost=fmt_eur(lang, m("carrier_extra_cost_eur"))))
    if run.parking_on:
        sentences.append(t("sum.parking",
                           revenue=fmt_eur(lang, m("street_parking_revenue_eur_per_year")),
                           evening=fmt_pct(lang, m("street_evening_occupancy"), 0),
                           visitors=n(m("evening_visitors")), **evening_hours(run.scenario)))
    return sentences


# --- sections ----------------------------------------------------------------------------------


def summary(ctx: Context) -> Section:
    parts = []
    for run in ctx.data.runs:
        s = run.summary
        start = fmt_date(ctx.lang, s.start_date)
        period = ctx.t("sum.period", weeks=fmt_weeks(ctx.lang, run.weeks), date=start,
                       reps=fmt_reps(ctx.lang, run.replications), seed=s.seed)
        parts.append(
            f'<div class="card"><h3>{esc(run.label)}</h3>{card_description(ctx, run)}'
            f"{_keys(ctx, run)}"
            f"<p>{esc(' '.join(summary_text(ctx, run)))}</p>"
            f'<p class="period">{esc(period)}</p></div>'
        )
    return "summary", ctx.t("sec.summary"), "".join(parts)


def describe_scenario(sc: Scenario | None, lang: str, description: str = "") -> str:
    """The scenario in one sentence for readers of `lang`. Scenario files describe themselves
    in English, so in any other language the sentence is made from the scenario's settings
    (its window times); "" when the scenario could not be read. The report's cards and the
    Dutch workbook share it, so both describe a scenario in the same words."""
    if lang == "en" and description:
        return description
    if sc is None:
        return ""
    return tr(lang, "card.windows", windows=describe_windows(sc, lang))


def card_description(ctx: Context, run: ReportRun) -> str:
    """The scenario's description under its name (see `describe_scenario`)."""
    text = describe_scenario(run.scenario, ctx.lang, run.description)
    return f'<p class="desc">{esc(text)}</p>' if text else ""


def _keys(ctx: Context, run: ReportRun) -> str:
    lang, m = ctx.lang, run.mean
    total, outside = m("deliveries_total"), m("deliveries_outside_window")
    items = [
        (fmt_pct(lang, outside / total if total else math.nan, 0), ctx.t("key.outside")),
        (fmt_number(lang, m("fines_issued")), ctx.t("key.fines")),
        (fmt_pct(lang, m("ze_share_entries"), 0), ctx.t("key.ze")),
        (fmt_eur(lang, m("carrier_extra_cost_eur")), ctx.t("key.cost")),
    ]
    if run.parking_on:
        items.append((fmt_eur(lang, m("street_parking_revenue_eur_per_year")),
                      ctx.t("key.parking")))
    return key_figures(items)


def headline(ctx: Context) -> Section:
    """The few biggest clear changes of each scenario against the baseline, in words."""
    runs, base = ctx.data.runs, ctx.data.base
    title = ctx.t("sec.headline")
    if len(runs) < 2:
        return "headline", title, para(ctx.t("head.single"))
    names = {k: ctx.t(f"kpi.{k}") for k in lead.HEADLINE_KPIS}
    parts = []
    for run in runs[1:]:
        rows = ctx.pairs(run)
        parts.append(f"<h3>{esc(ctx.t('head.title', run=run.label, base=base.label))}</h3>")
        if rows is None:
            parts.append(para(ctx.t("cmp.note.nopairs", run=run.label, base=base.label),
                              "missing"))
            continue
        items = lead.headline_items(ctx.lang, ctx.t, rows, names)
        if items:
            parts.append(para(ctx.t("head.intro")) + _ul(items))
        else:
            parts.append(para(ctx.t("head.none")))
    totals = [r.mean("deliveries_total") for r in runs]
    if all(math.isfinite(x) for x in totals) and max(totals) <= 1.02 * min(totals):
        parts.append(para(ctx.t("head.deliveries", n=fmt_number(ctx.lang, totals[0], 0))))
    parts.append(para(ctx.t("head.rest"), "note"))
    return "headline", title, '<div class="headline">' + "".join(parts) + "</div>"


BAND_YEARS = (2025, 2030)  # the goal year and the year every van and truck must be ZE


def _ze_band_lines(ctx: Context) -> list[str]:
    """The gap to 100% in the goal years on the three fleet paths, from `venster years`
    tables that hold the band (docs/fleet.md)."""
    lines = []
    for series in ctx.data.years:
        tab = series.table
        if "ze_share_entries_path_low" not in tab:
            continue
        for year in BAND_YEARS:
            row = tab[tab["year"] == year]
            if row.empty:
                continue
            r = row.iloc[0]
            gap = {col: fmt_pct(ctx.lang, max(0.0, 1 - float(r[col])), 0)
                   for col in ("ze_share_entries", "ze_share_entries_path_low",
                               "ze_share_entries_path_high")}
            lines.append(ctx.t("aud.ze_band_value", year=year, name=series.label,
                               central=gap["ze_share_entries"],
                               low=gap["ze_share_entries_path_low"],
                               high=gap["ze_share_entries_path_high"]))
    return lines


def audiences(ctx: Context) -> Section:
    """Three boxes: what the shopkeeper, the carrier and the council ask first."""
    lang, t, runs = ctx.lang, ctx.t, ctx.data.runs
    pairs = ctx.all_pairs()
    m = lambda kpi: (lambda r: r.mean(kpi))  # noqa: E731
    carrier = [
        (t("aud.extra_hours"), lead.kpi_lines(
            lang, t, runs, pairs, "carrier_extra_hours",
            lambda r: t("aud.hours_week", n=fmt_number(lang, m("carrier_extra_hours")(r), 0)))),
        (t("aud.vehicles"), lead.kpi_lines(
            lang, t, runs, pairs, "vehicles_used",
            lambda r: t("aud.vehicles_value", n=fmt_number(lang, m("vehicles_used")(r), 0)))),
        (t("aud.cost"), lead.kpi_lines(
            lang, t, runs, pairs, "carrier_extra_cost_eur",
            lambda r: t("aud.per_week", v=fmt_eur(lang, m("carrier_extra_cost_eur")(r))))),
    ]
    if any(not math.isnan(r.mean("route_cost_eur")) for r in runs):
        # the rounds' whole day: what a regime costs carriers in Assen and beyond (issue 22)
        carrier.append((t("aud.route_cost"), lead.kpi_lines(
            lang, t, runs, pairs, "route_cost_eur",
            lambda r: t("aud.route_cost_value", v=fmt_eur(lang, m("route_cost_eur")(r)),
                        share=fmt_pct(lang, m("share_stops_windowed")(r), 0)))))
    council = [
        (t("aud.violations"), lead.kpi_lines(
            lang, t, runs, pairs, "violations_total",
            lambda r: t("aud.per_week", v=fmt_number(lang, m("violations_total")(r))))),
        (t("aud.fines"), lead.kpi_lines(
            lang, t, runs, pairs, "fines_issued",
            lambda r: t("aud.fines_value", n=fmt_number(lang, m("fines_issued")(r)),
                        eur=fmt_eur(lang, m("fine_revenue_eur")(r))))),
        (t("aud.letters"), lead.kpi_lines(
            lang, t, runs, pairs, "plates_written_to",
            lambda r: t("aud.letters_value", n=fmt_number(lang, m("plates_written_to")(r)),
                        o=fmt_number(lang, m("other_plates_written_to")(r)),
                        r=fmt_number(lang, m("repeat_offender_plates")(r)),
                        ro=fmt_number(lang, m("other_repeat_offender_plates")(r))))),
        (t("aud.ze"), lead.kpi_lines(
            lang, t, runs, pairs, "ze_share_entries",
            lambda r: t("aud.ze_value", share=fmt_pct(lang, m("ze_share_entries")(r), 0),
                        gap=fmt_pct(lang, max(0.0, 1 - m("ze_share_entries")(r)), 0)),
            ("aud.higher", "aud.lower"))),
    ]
    band = _ze_band_lines(ctx)
    if band:
        council.append((t("aud.ze_band"), band))
    if any(r.parking_on for r in runs):
        parked = [r for r in runs if r.parking_on]
        council.append((t("aud.parking"), lead.kpi_lines(
            lang, t, parked, pairs if parked[0] is runs[0] else {},
            "street_parking_revenue_eur_per_year",
            lambda r: t("aud.per_year", v=fmt_eur(
                lang, m("street_parking_revenue_eur_per_year")(r))),
            ("aud.higher", "aud.lower"))))
    boxes = (lead.audience_box(t("aud.shop"), lead.shop_lines(lang, t, runs, pairs))
             + lead.audience_box(t("aud.carrier"), carrier)
             + lead.audience_box(t("aud.council"), council))
    return "audiences", t("sec.audiences"), f'<div class="audiences">{boxes}</div>'


GLOSSARY = ("venstertijden", "bevoorrading", "ritplanning", "voetgangersgebied", "kentekencamera",
            "ontheffing", "zez", "koopavond", "violation", "interval")


def glossary(ctx: Context) -> Section:
    hours = shop_hours(_first_scenario(ctx.data.runs))
    items = "".join(f"<dt>{esc(ctx.t(f'term.{k}'))}</dt><dd>{esc(ctx.t(f'def.{k}', **hours))}"
                    "</dd>" for k in GLOSSARY)
    return "glossary", ctx.t("sec.glossary"), f'<dl class="terms">{items}</dl>'


def _value(ctx: Context, kpi: str, x: float) -> str:
    return lead.value_text(ctx.lang, kpi, x)


def _difference(ctx: Context, kpi: str, row: pd.Series) -> str:
    """"+114 (marge -216 tot +444)"; a number and its unit stay together, the margin after."""
    diff, margin = lead.diff_and_margin(ctx.lang, ctx.t, kpi, row)
    return f"{esc(diff)} ({esc(margin)})"


def verdict_html(ctx: Context, verdict: str) -> str:
    kind = {HIGHER: "higher", LOWER: "lower", NOT_SIMULATED: "none"}.get(verdict, "unclear")
    return f'<span class="verdict {kind}">{esc(ctx.t(f"verdict.{kind}"))}</span>'


def _pair_notes(ctx: Context, base: ReportRun, run: ReportRun, pairs: int) -> list[str]:
    notes = []
    if pairs != base.replications or pairs != run.replications:
        notes.append(ctx.t("cmp.note.reps", run=run.label, base=base.label,
                           n_run=fmt_reps(ctx.lang, run.replications),
                           n_base=fmt_reps(ctx.lang, base.replications),
                           pairs=trn(ctx.lang, "pairs", pairs)))
    if base.summary.seed != run.summary.seed:
        notes.append(ctx.t("cmp.note.seed", run=run.label, base=base.label,
                           seed_run=run.summary.seed, seed_base=base.summary.seed))
    if base.weeks != run.weeks:
        notes.append(ctx.t("cmp.note.weeks", run=run.label, base=base.label,
                           w_run=fmt_weeks(ctx.lang, run.weeks),
                           w_base=fmt_weeks(ctx.lang, base.weeks)))
    return notes


def comparison(ctx: Context) -> Section:
    runs, base = ctx.data.runs, ctx.data.base
    title = ctx.t("sec.comparison")
    if len(runs) < 2:
        return "comparison", title, para(ctx.t("cmp.only_one"))
    kpis = list(COMPARE_KPIS)
    if any(r.parking_on for r in runs):
        kpis += PARKING_COMPARE_KPIS
    names = {k: ctx.t(f"kpi.{k}") for k in kpis}
    parts = [para(ctx.t("cmp.intro", base=base.label))]
    frames = []
    for run in runs[1:]:
        rows = ctx.pairs(run)
        if rows is None:
            parts.append(para(ctx.t("cmp.note.nopairs", run=run.label, base=base.label),
                              "missing"))
            continue
        pairs = int(rows["pairs"].max()) if len(rows) else 0
        body = []
        for kpi in kpis:
            if kpi not in rows.index:
                continue
            r = rows.loc[kpi]
            body.append([esc(names[kpi]), esc(_value(ctx, kpi, float(r["baseline_mean"]))),
                         esc(_value(ctx, kpi, float(r["run_mean"]))), _difference(ctx, kpi, r),
                         verdict_html(ctx, str(r["verdict"]))])
        head = [esc(ctx.t("cmp.col.kpi")), esc(ctx.t("cmp.col.base", base=base.label)),
                esc(run.label), esc(ctx.t("cmp.col.diff")), esc(ctx.t("cmp.col.verdict"))]
        parts.append(table(head, body, ctx.t("cmp.caption", run=run.label, base=base.label,
                                             pairs=trn(ctx.lang, "pairs", pairs)),
                           numeric=[False, True, True, True, False], cls="cmp"))
        parts.extend(para(n, "note") for n in _pair_notes(ctx, base, run, pairs))
        frames.append(rows.reset_index())
    if frames:
        all_rows = pd.concat(frames, ignore_index=True)
        chart_names = {k: names[k] for k in CHART_KPIS}
        if any(r.parking_on for r in runs):
            chart_names["street_parking_revenue_eur_per_year"] = names[
                "street_parking_revenue_eur_per_year"]
        with charts.style():
            fig = charts.comparison_chart(all_rows, chart_names, base.label, ctx.lang)
        image = ctx.writer.chart(fig, "all", "comparison")
        parts.append(ctx.figure(image, ctx.t("cap.cmp")))
    return "comparison", title, "".join(parts)


def _per_run(ctx: Context, table_name: str, intro_key: str,
             draw: Callable[[ReportRun], str], **intro: str) -> str:
    """The intro, then `draw` for each run that has the table; the runs without it are
    named together in one line, so a batch of twenty variants does not repeat it twenty
    times. Without any such run the intro is left out too."""
    have = [r for r in ctx.data.runs if table_name in r.tables]
    lacking = [r for r in ctx.data.runs if table_name not in r.tables]
    out = [para(ctx.t(intro_key, **intro))] if have else []
    for run in have:
        drawn = draw(run)  # "" when this run has nothing to show here
        if drawn and len(ctx.data.runs) > 1:
            out.append(f"<h3>{esc(run.label)}</h3>")
        out.append(drawn)
    if lacking:
        out.append(para(ctx.t("missing.table", name=_names(lacking, ctx.lang),
                              table=table_name),
                        "missing"))
    return "".join(out)


def _with(runs: list[ReportRun], name: str) -> list[ReportRun]:
    return [r for r in runs if name in r.tables]


def map_section(ctx: Context) -> Section:
    def draw(run: ReportRun) -> str:
        from sim.model.enforcement import camera_gates

        sc = run.scenario
        if sc is None:
            return para(ctx.t("missing.scenario", name=run.label), "missing")
        geo = ctx.geography(sc)
        if geo is None:
            return para(ctx.t("map.no_geo", name=run.label, path=sc.geography), "missing")
        df = run.tables["by_gate"]
        counts = {
            str(r.gate): {"entries": (r.goods_entries + r.other_entries) / run.days,
                          "violations": (r.goods_violations + r.other_violations) / run.days}
            for r in df.itertuples(index=False)
        }
        cams = camera_gates(sc.enforcement, [g.id for g in geo.gates])
        image = ctx.writer.map(geo, run.label, "map", gate_counts=counts, camera_gates=cams,
                               title=ctx.t("map.title", name=run.label))
        return ctx.figure(image, ctx.t("cap.map", name=run.label, cameras=len(cams)))

    return "map", ctx.t("sec.map"), _per_run(ctx, "by_gate", "map.intro", draw)


def _chart(ctx: Context, run: ReportRun, stem: str, make: Callable[[], object],
           caption: str) -> str:
    with charts.style():
        fig = make()
    return ctx.figure(ctx.writer.chart(fig, run.label, stem), caption)  # type: ignore[arg-type]


def hours(ctx: Context) -> Section:
    peak = max((charts.hours_peak(r) for r in _with(ctx.data.runs, "by_hour")), default=1.0)

    def draw(run: ReportRun) -> str:
        return _chart(ctx, run, "entries_by_hour",
                      lambda: charts.hours_chart(run, ctx.lang, peak),
                      ctx.t("cap.hours", name=run.label))

    return "hours", ctx.t("sec.hours"), _per_run(ctx, "by_hour", "hours.intro", draw,
                                                 **shop_hours(_first_scenario(ctx.data.runs)))


def weeks(ctx: Context) -> Section:
    have = _with(ctx.data.runs, "by_week")
    peaks = tuple(max((charts.weeks_peaks(r)[i] for r in have), default=1.0) for i in (0, 1))

    def draw(run: ReportRun) -> str:
        if run.weeks == 1:
            return ""
        return _chart(ctx, run, "violations_by_week",
                      lambda: charts.weeks_chart(run, ctx.lang, peaks),  # type: ignore
                      ctx.t("cap.weeks", name=run.label))

    short = [r for r in have if r.weeks == 1]
    # a chart "per week" of a single week shows one bar: it is drawn only for longer runs
    body = (_per_run(ctx, "by_week", "weeks.intro", draw) if len(short) < len(have)
            else "")
    if short:
        body += para(ctx.t("weeks.one_week", name=_names(short, ctx.lang)), "note")
    return "weeks", ctx.t("sec.weeks"), body


def zero_emission(ctx: Context) -> Section:
    data = ctx.data
    body = [para(ctx.t("ze.intro")), para(ctx.t("ze.basis"), "note")]
    with charts.style():
        fig = charts.ze_chart(data.runs, data.years, ctx.lang)
    body.append(ctx.figure(ctx.writer.chart(fig, "all", "ze_share"),
                           ctx.t("cap.ze")))
    if data.years:
        body.append(para(ctx.t("ze.years", names=", ".join(s.label for s in data.years)),
                         "note"))
    else:
        body.append(para(ctx.t("ze.no_years"), "note"))
    return "ze", ctx.t("sec.ze"), "".join(body)


def emissions(ctx: Context) -> Section:
    have = _with(ctx.data.runs, "by_vehicle_class")
    peaks = tuple(max((charts.emissions_peaks(r)[i] for r in have), default=1.0)
                  for i in (0, 1))

    def draw(run: ReportRun) -> str:
        return _chart(ctx, run, "emissions_by_class",
                      lambda: charts.emissions_chart(run, ctx.lang, peaks),  # type: ignore
                      ctx.t("cap.em", name=run.label))

    return "emissions", ctx.t("sec.emissions"), _per_run(ctx, "by_vehicle_class", "em.intro",
                                                          draw)


def carriers(ctx: Context) -> Section:
    have = _with(ctx.data.runs, "by_segment")
    peaks = tuple(max((charts.carriers_peaks(r)[i] for r in have), default=1.0)
                  for i in (0, 1))

    def draw(run: ReportRun) -> str:
        return _chart(ctx, run, "carriers_by_segment",
                      lambda: charts.carriers_chart(run, ctx.lang, peaks),  # type: ignore
                      ctx.t("cap.car", name=run.label))

    return "carriers", ctx.t("sec.carriers"), _per_run(ctx, "by_segment", "car.intro", draw)


def shops(ctx: Context) -> Section:
    """All scenarios side by side on shared axes, so a shop type reads across scenarios."""
    have = _with(ctx.data.runs, "by_shop_type")
    lacking = [r for r in ctx.data.runs if r not in have]
    body = []
    if have:
        body.append(para(ctx.t("shop.intro")))
        with charts.style():
            fig = charts.shops_chart(have, ctx.lang)
        body.append(ctx.figure(ctx.writer.chart(fig, "all", "shops_by_type"),
                               ctx.t("cap.shop", name=_names(have, ctx.lang))))
    if lacking:
        body.append(para(ctx.t("missing.table", name=_names(lacking, ctx.lang),
                               table="by_shop_type"), "missing"))
    return "shops", ctx.t("sec.shops"), "".join(body)


def parking(ctx: Context) -> Section:
    lang = ctx.lang
    body = [para(ctx.t("park.intro"))] if any(r.parking_on for r in ctx.data.runs) else []
    for run in ctx.data.runs:
        if not run.parking_on:
            continue
        if len(ctx.data.runs) > 1:
            body.append(f"<h3>{esc(run.label)}</h3>")
        garage_year = run.mean("garage_revenue_eur") * 52
        body.append(para(ctx.t(
            "park.facts", name=run.label,
            street=fmt_eur(lang, run.mean("street_parking_revenue_eur_per_year")),
            garage=fmt_eur(lang, garage_year),
            peak=fmt_pct(lang, run.mean("street_parking_peak_occupancy"), 0),
            lost=fmt_number(lang, run.mean("visitors_lost")))))
        if run.parking_hours is None or run.parking_hours.empty:
            body.append(para(ctx.t("park.no_table", name=run.label), "missing"))
            continue
        body.append(_chart(ctx, run, "parking_by_hour",
                           lambda run=run: charts.parking_chart(run, lang),  # type: ignore
                           ctx.t("cap.park", name=run.label)))
    off = [r for r in ctx.data.runs if not r.parking_on]
    if off:
        body.append(para(ctx.t("park.none", name=_names(off, ctx.lang)), "missing"))
    return "parking", ctx.t("sec.parking"), "".join(body)


# --- assumptions and sources --------------------------------------------------------------


def _days_text(lang: str, days: list[str]) -> str:
    """A rule's day types in words: "ma–za", "zo", "ma–do, za"; "" for every day."""
    mine = [d in days for d in DAY_GROUPS]
    if all(mine):
        return ""
    ranges: list[tuple[str, str]] = []
    for i, d in enumerate(DAY_GROUPS):
        if mine[i]:
            if i and mine[i - 1]:
                ranges[-1] = (ranges[-1][0], d)
            else:
                ranges.append((d, d))
    parts = [_day_label(lang, a, b) for a, b in ranges]
    if "holiday" in days:
        parts.append(tr(lang, "day.holiday"))
    return ", ".join(parts)


def _who_text(lang: str, rule: WindowRule) -> str:
    """Whom a rule admits, in words; "" for a window open to every goods vehicle."""
    either = tr(lang, "windows.or")
    holders = either.join(tr(lang, f"permit.{p}") for p in rule.permits)
    kinds = either.join(tr(lang, f"category.{c}") for c in rule.categories)
    if not holders and not kinds:
        return tr(lang, "rule.ze_any") if rule.zero_emission_only else ""
    who = f"{kinds} ({holders})" if kinds and holders else kinds or holders
    return tr(lang, "rule.ze_only", who=who) if rule.zero_emission_only else who


def describe_rule(rule: WindowRule, lang: str) -> str:
    """One window rule in words, its hours read from the rule: "ma–za 07:00–12:00",
    "bewoners: 17:30–22:00", "... (tot 1 januari 2023)"."""
    when = " ".join(x for x in (_days_text(lang, rule.days), spans_text(
        lang, tuple(sorted(parse_span(h) for h in rule.hours)))) if x)
    who = _who_text(lang, rule)
    text = f"{who}: {when}" if who else when
    dates = [tr(lang, "rule.from", date=fmt_date(lang, rule.valid_from))] if rule.valid_from \
        else []
    if rule.valid_until:
        dates.append(tr(lang, "rule.until", date=fmt_date(lang, rule.valid_until)))
    return f"{text} ({', '.join(dates)})" if dates else text


def rule_sources(runs: list[tuple[str, Scenario]], lang: str) -> list[str]:
    """The window rules of these scenarios for the sources list: per cited source the rules
    that cite it, with their hours from the scenario and the scenarios using them; then the
    rules without a source, as variants of our own. Scenarios whose rules read the same share
    a line, so twenty variants of one sweep do not repeat the 2023 windows twenty times."""
    cited: dict[tuple[str, str, bool], list[str]] = {}
    own: dict[str, list[str]] = {}
    for label, sc in runs:
        by_source: dict[str, list[WindowRule]] = {}
        for rule in sc.policy.rules:
            if rule.enabled:
                by_source.setdefault(rule.source.strip(), []).append(rule)
        for source, rules in by_source.items():
            text = tr(lang, "windows.sep").join(describe_rule(r, lang) for r in rules)
            if source:
                exemptions = all(_who_text(lang, r) for r in rules)
                cited.setdefault((source, text, exemptions), []).append(label)
            else:
                own.setdefault(text, []).append(label)
    items = [tr(lang, "src.x_rules" if exemptions else "src.w_rules", names=_list(labels, lang),
                rules=text, source=source)
             for (source, text, exemptions), labels in cited.items()]
    items += [tr(lang, "src.w_own", names=_list(labels, lang), rules=text)
              for text, labels in own.items()]
    return items


def _scenario_notes(sc: Scenario) -> tuple[str, str] | None:
    """The comment block at the top of the shipped scenario file of this name, if any (the
    line pointing editors to the schema is not part of it)."""
    from sim.scenario.shipped import scenarios_dir

    folder = scenarios_dir()
    if not folder.is_dir():
        return None
    for path in sorted(folder.rglob(f"{sc.name}.yaml")):
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            if "yaml-language-server:" in line:
                continue
            lines.append(line.lstrip("#").strip())
        text = "\n".join(lines).strip()
        if text:
            return f"scenarios/{path.relative_to(folder).as_posix()}", text
    return None


def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def _names(runs: list[ReportRun], lang: str) -> str:
    """"assen-2018 en assen-2023": a list in words, by Babel's list patterns."""
    return _list([r.label for r in runs], lang)


def _list(words: list[str], lang: str) -> str:
    from babel.lists import format_list

    return format_list(words, locale=lang)


def _default(model: type[Strict], name: str) -> Any:
    """A scenario field's documented default: the sources list states these facts (each cites
    its DATA.md line next to the default), so the text and the schema cannot disagree."""
    return model.model_fields[name].get_default(call_default_factory=True)


def _warning_items(ctx: Context, sc: Scenario) -> list[str]:
    """How the first scenario warns before it fines, and why drivers comply."""
    lang, t = ctx.lang, ctx.t
    e = sc.enforcement
    items = []
    if e.warnings_until is not None and e.warnings_until > sc.start_date:
        period = (f"{e.warnings_from or sc.start_date} – {e.warnings_until}")
        named = (t("src.warn_named") if e.warnings_name_fine_date else t(
            "src.warn_unnamed", days=fmt_number(lang, sc.behaviour.fines_expected_after_days)))
        items.append(t("src.warn_period", period=period, named=named))
    if e.first_offence_warning:
        items.append(t("src.first_offence"))
    for c in e.campaigns:
        signs = ("" if c.turn_away_share is None
                 else t("src.campaign_signs", share=fmt_pct(lang, c.turn_away_share, 0)))
        items.append(t("src.campaign", date=str(c.date),
                       carriers=fmt_pct(lang, c.carriers_reached, 0),
                       drivers=fmt_pct(lang, c.drivers_reached, 0), signs=signs))
    items.append(t("src.motives", norm=fmt_pct(lang, sc.other_traffic.normative_share, 0)))
    return items


def sources(ctx: Context) -> Section:
    lang, t = ctx.lang, ctx.t
    runs = ctx.data.runs
    loaded = [r for r in runs if r.scenario is not None]
    body = [para(t("src.intro"))]
    # settings side by side
    rows = []
    for run in runs:
        sc = run.scenario
        if sc is None:
            rows.append([esc(run.label), esc(t("missing.scenario", name=run.label)), "", "",
                         "", "", ""])
            continue
        cams, gates = _gates(ctx, run)
        fine = sc.enforcement.fines_eur.get("van")
        zez = sc.ze_zone is not None and sc.ze_zone.enabled
        rows.append([
            esc(run.label), esc(describe_windows(sc, lang)),
            esc(f"{cams if cams is not None else '?'} / {gates if gates is not None else '?'}"),
            esc(fmt_pct(lang, sc.enforcement.read_rate, 0)),
            esc(fmt_eur(lang, fine) if fine is not None else "–"),
            esc(t("src.yes") if zez else t("src.no")),
            esc(t("src.yes") if run.parking_on else t("src.no")),
        ])
    head = [esc(t(f"src.col.{k}")) for k in ("scenario", "windows", "cameras", "read", "fine",
                                              "zez", "parking")]
    body.append(f"<h3>{esc(t('src.settings'))}</h3>")
    body.append(table(head, rows))
    # windows
    items = rule_sources([(r.label, r.scenario) for r in loaded if r.scenario is not None], lang)
    items += [t("src.why2023"), t("src.shop_hours", **shop_hours(None))]
    body.append(f"<h3>{esc(t('src.windows'))}</h3>" + _ul(items))
    # cameras and fines
    fines, ze_fines = _default(Enforcement, "fines_eur"), _default(ZeZone, "fines_eur")
    items = [t("src.cam_count"), t("src.cam_how"), t("src.cam_read"),
             t("src.fines", fine=fmt_eur(lang, fines["van"]),
               fee=fmt_eur(lang, _default(Enforcement, "admin_fee_eur")),
               ze_van=fmt_eur(lang, ze_fines["van"]),
               ze_truck=fmt_eur(lang, ze_fines["rigid_truck"])),
             t("src.foreign")]
    if any(r.scenario.enforcement.scheduled_outages for r in loaded if r.scenario):
        items.append(t("src.cam_outage"))
    if loaded and loaded[0].scenario is not None:
        items += _warning_items(ctx, loaded[0].scenario)
        enf = loaded[0].scenario.enforcement
        outages = enf.random_outages
        items.append(t("src.cam_assume", loss=fmt_pct(lang, enf.processing.loss_rate, 0),
                       dmin=fmt_number(lang, enf.processing.delay_days_min),
                       dmax=fmt_number(lang, enf.processing.delay_days_max),
                       between=fmt_number(lang, outages.mean_hours_between if outages else 0),
                       down=fmt_number(lang, outages.mean_hours_down if outages else 0)))
    body.append(f"<h3>{esc(t('src.cameras'))}</h3>" + _ul(items))
    # zero-emission zone
    zez = [r for r in loaded if r.scenario and r.scenario.ze_zone and r.scenario.ze_zone.enabled]
    items = []
    if zez:
        first = zez[0].scenario
        assert first is not None and first.ze_zone is not None
        items += [t("src.ze_rules"),
                  t("src.ze_dayex", names=_names(zez, ctx.lang),
                    days=fmt_number(lang, _default(ZeZone, "day_exemptions_per_year")),
                    cost=fmt_eur(lang, first.ze_zone.day_exemption_cost_eur)),
                  t("src.ze_assen")]
    no_zez = [r for r in loaded if r not in zez]
    if no_zez:
        items.append(t("src.ze_none", names=_names(no_zez, ctx.lang)))
    items.append(t("src.ze_fleet"))
    hubs = [r for r in loaded if r.scenario and r.scenario.hub is not None]
    if hubs and hubs[0].scenario and hubs[0].scenario.hub:
        hub = hubs[0].scenario.hub
        items.append(t("src.hub", names=_names(hubs, ctx.lang),
                       cost=fmt_eur(lang, hub.cost_eur_per_drop),
                       delay=fmt_number(lang, hub.delay_min)))
    body.append(f"<h3>{esc(t('src.ze'))}</h3>" + _ul(items))
    # emission factors
    body.append(f"<h3>{esc(t('src.emissions'))}</h3>"
                + _ul([t("src.em_diesel"),
                       t("src.em_power", grid=fmt_number(
                           lang, _default(EnergySupply, "grid_g_co2_per_kwh"))),
                       t("src.em_nox")]))
    body.extend(_factor_table(ctx, r) for r in loaded[:1])
    # parking
    parked = [r for r in loaded if r.parking_on]
    body.append(f"<h3>{esc(t('src.parking'))}</h3>")
    body.append(_ul([
        t("src.park_facts",
          street=fmt_eur(lang, _default(ParkingPolicy, "street_tariff_eur_h"), cents=True),
          garage=fmt_eur(lang, _default(ParkingPolicy, "garage_first_hour_eur"), cents=True),
          day_max=fmt_eur(lang, _default(ParkingPolicy, "garage_day_max_eur"))),
        t("src.park_decision"),
        t("src.park_assume", start=evening_hours(parked[0].scenario)["evening_start"]),
    ]) if parked else para(t("src.park_none")))
    # our own assumptions
    if loaded and loaded[0].scenario is not None:
        sc = loaded[0].scenario
        body.append(f"<h3>{esc(t('src.own'))}</h3>" + _ul([
            t("src.own_demand"), t("src.own_cost"),
            t("src.own_behaviour", prior=(
                t("src.prior_settled") if sc.behaviour.start_state == "settled"
                else t("src.prior_stated",
                       prior=fmt_pct(lang, sc.behaviour.perceived_detection_prior, 0)))),
            t("src.own_speed", speed=fmt_number(lang, sc.zone.speed_kmh)),
            t("src.own_other"), t("src.own_map"),
        ]))
    if ctx.drivers is not None:
        body.append(_drivers(ctx, ctx.drivers))
    for run in loaded if lang == "en" else []:  # the scenario files' notes are English
        notes = _scenario_notes(run.scenario) if run.scenario else None
        if notes:
            body.append(f"<details><summary>{esc(t('src.scenario_note', file=notes[0]))}"
                        f"</summary><pre>{esc(notes[1])}</pre></details>")
    return "sources", t("sec.sources"), "".join(body)


def _drivers(ctx: Context, d: Drivers) -> str:
    """Per headline KPI the runs measured, the two or three assumptions it depends on most."""
    from sim.deliver.i18n import TEXTS

    def words(key: str) -> str:
        return ctx.t(key) if key in TEXTS else key.split(".", 1)[1]

    items = []
    for kpi in d.kpis:
        if not any(r.mean(kpi) == r.mean(kpi) for r in ctx.data.runs):
            continue  # not measured by these runs (parking without parking)
        label = words(f"kpi.{kpi}")
        top = d.top.get(kpi, [])
        if top:
            items.append(ctx.t("src.drivers_kpi", kpi=label,
                               params="; ".join(words(f"param.{p}") for p in top)))
        else:
            items.append(ctx.t("src.drivers_none", kpi=label))
    intro = ctx.t("src.drivers_intro", name=d.scenario,
                  runs=fmt_number(ctx.lang, d.runs), n=fmt_number(ctx.lang, d.n_params))
    return f"<h3>{esc(ctx.t('src.drivers'))}</h3>" + para(intro) + _ul(items)


def _factor_table(ctx: Context, run: ReportRun) -> str:
    """Per-km factors of the vehicle classes the run's goods vehicles used."""
    from sim.model.fleet import factors

    sc = run.scenario
    assert sc is not None
    used = (set(run.tables["by_vehicle_class"]["vehicle_class"])
            if "by_vehicle_class" in run.tables else set(sc.vehicle_classes))
    names = (charts.vehicle_labels(run, ctx.lang) if "by_vehicle_class" in run.tables else {})
    cols = ("co2_ttw_g_km", "co2_wtw_g_km", "nox_g_km", "pm10_g_km")
    values = {c: factors(sc, c) for c in cols}
    rows = []
    for vc in sorted(used):
        if vc not in sc.vehicle_classes:
            continue
        rows.append([esc(names.get(vc, vc.replace("_", " ")))]
                    + [esc(fmt_number(ctx.lang, values[c][vc])) for c in cols])
    head = [esc(ctx.t(f"src.col.{k}")) for k in ("vehicle", "co2_ttw", "co2_wtw", "nox", "pm10")]
    return para(ctx.t("src.em_table", name=run.label)) + table(
        head, rows, numeric=[False, True, True, True, True])


SECTIONS: tuple[Callable[[Context], Section], ...] = (
    headline, audiences, summary, glossary, comparison, map_section, hours, weeks,
    zero_emission, emissions, carriers, shops, parking, sources,
)
