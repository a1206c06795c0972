"""The what-if page (Shiny for Python): inputs on the left, paired results on the right.

Shiny serves its own scripts and styles from the installed package, draws the charts and the
map on the server with matplotlib (no map tiles, nothing fetched from the internet) and sends
no telemetry. The page only gathers inputs and shows results; what they mean is in
sim.app.logic, and the simulating in sim.app.worker.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.app.logic import (
    DAYS,
    PAGE,
    Base,
    Choices,
    Comparison,
    iter_box_rows,
    save_variant,
)
from sim.app.words import w
from sim.app.worker import Job, Simulator
from sim.errors import InputError

TIMES = [f"{h:02d}:{m:02d}" for h in range(5, 23) for m in (0, 30)] + ["23:00", "24:00"]
POLL_S = 0.3


def scenario_choices(first: Path) -> dict[str, str]:
    """The scenario given on the command line, then the shipped ones."""
    from sim.scenario.shipped import scenarios_dir

    out = {str(first.resolve()): first.stem}
    for p in sorted(scenarios_dir().glob("*.yaml")):
        out.setdefault(str(p.resolve()), p.stem)
    return out


def choices_from(values: dict[str, Any], base: Base) -> Choices:
    """The page's raw values as Choices, or InputError naming the field (as the CLI does)."""
    fine = values.get("fine")
    if fine is None or isinstance(fine, str) or (isinstance(fine, float) and math.isnan(fine)):
        raise InputError(PAGE, "fine", "a number of euros of at least 0")
    reps = values.get("reps")
    if not isinstance(reps, int | float) or isinstance(reps, bool) or reps != int(reps):
        raise InputError(PAGE, "replications", "a whole number from 1 to 20")
    days = base.defaults().windows  # day types with a window for every goods vehicle
    windows = {d: (str(values[f"start_{d}"]), str(values[f"end_{d}"]))
               for d in DAYS if d in days and values.get(f"start_{d}") and values.get(f"end_{d}")}
    try:
        choices = Choices(windows=windows, evening_ze=bool(values.get("evening_ze")),
                          cameras=tuple(values.get("cameras") or ()), fine_eur=float(fine),
                          parking=values.get("parking") or "off", replications=int(reps))
    except ValidationError as exc:
        err = exc.errors()[0]
        field = {"fine_eur": "fine", "replications": "replications"}.get(
            str(err["loc"][0]), str(err["loc"][0]))
        raise InputError(PAGE, field, err["msg"].removeprefix("Value error, ").lower()
                         + f" (got {err.get('input')!r})") from None
    base.check(choices)
    return choices


def make_app(scenario: Path, out: Path, lang: str = "nl", simulator: Simulator | None = None
             ) -> Any:
    """The Shiny app for `scenario`, saving into `out`."""
    from shiny import App, reactive, render, ui

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    scenarios = scenario_choices(scenario)
    first = next(iter(scenarios))
    bases: dict[str, Base] = {}

    def base_of(path: str) -> Base:
        if path not in scenarios:
            raise InputError(PAGE, "scenario", "one of the scenarios offered")
        if path not in bases:
            bases[path] = Base.load(path)
        return bases[path]

    start = base_of(first)
    d = start.defaults()
    sim = simulator or Simulator()
    sim.submit("warm", start.path, d)  # the base's replications, while the page loads

    def day_row(day: str) -> Any:
        s, e = d.windows.get(day, ("07:00", "12:00"))
        return ui.div(
            ui.tags.b(w(lang, f"daytype.{day}")),
            ui.layout_columns(
                ui.input_select(f"start_{day}", w(lang, "from"), TIMES, selected=s),
                ui.input_select(f"end_{day}", w(lang, "to"), TIMES, selected=e),
                col_widths=(6, 6)))

    gates = {g.id: f"{g.id} {g.name}" for g in start.geo.gates}
    sidebar = ui.sidebar(
        ui.input_select("scenario", w(lang, "src.col.scenario"), scenarios, selected=first),
        ui.tags.h6(w(lang, "window")),
        *(day_row(day) for day in DAYS),
        ui.input_checkbox("evening_ze", w(lang, "evening_ze"), d.evening_ze),
        ui.input_numeric("fine", w(lang, "fine"), _plain(d.fine_eur), min=0, max=10_000,
                         step=1),
        ui.input_radio_buttons("parking", w(lang, "parking"),
                               {k: w(lang, f"parking.{k}") for k in ("off", "paid", "free")},
                               selected=d.parking),
        ui.input_checkbox_group("cameras", w(lang, "cameras"), gates,
                                selected=list(d.cameras)),
        ui.input_numeric("reps", w(lang, "col.reps"), d.replications, min=1, max=20, step=1),
        ui.input_action_button("simulate", w(lang, "simulate"), class_="btn-primary"),
        ui.hr(),
        ui.input_text("save_name", w(lang, "save_name"), "my-variant"),
        ui.layout_columns(ui.input_action_button("save", w(lang, "save")),
                          ui.input_action_button("report", w(lang, "report")),
                          col_widths=(6, 6)),
        ui.output_ui("files"),
        width=380, open="always")
    page = ui.page_sidebar(
        sidebar,
        ui.output_ui("status"),
        ui.card(ui.output_ui("table")),
        ui.layout_columns(
            ui.card(ui.card_header(w(lang, "hours.title")),
                    ui.output_plot("hours", height="300px")),
            ui.card(ui.card_header(w(lang, "page.map_title")),
                    ui.output_plot("gatemap", height="360px")),
            col_widths=(6, 6)),
        ui.head_content(ui.tags.link(rel="icon", href="data:,")),  # no favicon request
        title=w(lang, "page.title"), lang=lang, fillable=False)

    def server(input: Any, output: Any, session: Any) -> None:
        job: reactive.Value[Job | None] = reactive.value(None)
        message: reactive.Value[str] = reactive.value("")
        report_job: reactive.Value[Job | None] = reactive.value(None)
        saved: reactive.Value[str] = reactive.value("")

        def values() -> dict[str, Any]:
            v: dict[str, Any] = {"evening_ze": input.evening_ze(), "cameras": input.cameras(),
                                 "fine": input.fine(), "parking": input.parking(),
                                 "reps": input.reps()}
            for day in DAYS:
                v[f"start_{day}"] = input[f"start_{day}"]()
                v[f"end_{day}"] = input[f"end_{day}"]()
            return v

        def current() -> tuple[Base, Choices]:
            base = base_of(input.scenario())
            return base, choices_from(values(), base)

        @reactive.effect
        @reactive.event(input.scenario, ignore_init=True)
        def _new_scenario() -> None:
            try:
                base = base_of(input.scenario())
            except InputError as exc:
                message.set(exc.message)
                return
            dd = base.defaults()
            for day in DAYS:
                s, e = dd.windows.get(day, ("07:00", "12:00"))
                ui.update_select(f"start_{day}", selected=s)
                ui.update_select(f"end_{day}", selected=e)
            ui.update_checkbox("evening_ze", value=dd.evening_ze)
            ui.update_numeric("fine", value=_plain(dd.fine_eur))
            ui.update_radio_buttons("parking", selected=dd.parking)
            ui.update_checkbox_group("cameras", selected=list(dd.cameras))
            job.set(None)

        @reactive.effect
        @reactive.event(input.simulate)
        def _simulate() -> None:
            try:
                base, choices = current()
                base.variant(choices)  # refused here, with the field, before any work
            except InputError as exc:
                message.set(w(lang, "error", msg=exc.message))
                job.set(None)
                return
            message.set("")
            job.set(sim.submit("compare", base.path, choices))

        @reactive.effect
        @reactive.event(input.save)
        def _save() -> None:
            try:
                base, choices = current()
                path = save_variant(base, choices, input.save_name(), out)
            except InputError as exc:
                saved.set(w(lang, "error", msg=exc.message))
                return
            saved.set(w(lang, "saved", path=str(path)))

        @reactive.effect
        @reactive.event(input.report)
        def _report() -> None:
            from sim.app.logic import safe_file_name

            try:
                base, choices = current()
                name = safe_file_name(input.save_name())
            except InputError as exc:
                saved.set(w(lang, "error", msg=exc.message))
                return
            report_job.set(sim.submit("report", base.path, choices,
                                      {"out": str(out), "name": name, "lang": lang}))

        @render.ui
        def files() -> Any:
            rj = report_job()
            parts = [ui.p(saved())] if saved() else []
            if rj is not None:
                if not rj.done:
                    reactive.invalidate_later(POLL_S)
                    parts.append(ui.p(w(lang, "report_busy")))
                elif rj.error:
                    parts.append(ui.p(w(lang, "error", msg=rj.error.splitlines()[0])))
                else:
                    name = Path(str(rj.result)).name
                    parts.append(ui.a(w(lang, "report_ready"), href=f"files/{name}",
                                      target="_blank", id="report-link"))
            return ui.div(*parts)

        @render.ui
        def status() -> Any:
            j = job()
            if message():
                return ui.div(message(), class_="alert alert-danger", id="page-error")
            if j is None:
                return ui.div(w(lang, "start_hint"), class_="alert alert-light")
            if j.error:
                return ui.div(w(lang, "error", msg=j.error.splitlines()[0]),
                              class_="alert alert-danger", id="page-error")
            n = j.comparison.pairs
            if not j.done:
                reactive.invalidate_later(POLL_S)
                kind, _, k = (j.status or "starting:0").partition(":")
                text = (w(lang, kind, k=k, n=j.total) if kind in ("planning", "simulating")
                        else w(lang, "starting"))
                bar = ui.tags.progress(value=str(n), max=str(j.total), style="width:100%")
                return ui.div(ui.p(f"{text} ({j.elapsed:.1f} s)"), bar, class_="alert "
                              "alert-info", id="progress")
            return ui.div(w(lang, "finished", n=n, s=f"{j.elapsed:.1f}"),
                          class_="alert alert-success", id="done")

        def comparison() -> Comparison | None:
            j = job()
            if j is None or j.error:
                return None
            if not j.done:
                reactive.invalidate_later(POLL_S)
            return j.comparison if j.comparison.pairs else None

        @render.ui
        def table() -> Any:
            c = comparison()
            if c is None:
                return ui.div()
            return ui.HTML(result_table(c, lang))

        @render.plot(alt="arrivals by hour")
        def hours() -> Any:
            c = comparison()
            j = job()
            if c is None or j is None:
                return None
            base = base_of(input.scenario())
            try:
                variant = base.variant(choices_from(values(), base))
            except InputError:
                variant = None
            return hours_figure(c, base, lang, variant)

        @render.plot(alt="map")
        def gatemap() -> Any:
            c = comparison()
            if c is None:
                return None
            base = base_of(input.scenario())
            return map_figure(c, base, tuple(input.cameras() or ()), lang)

    return App(page, server, static_assets={"/files": str(out)})


def _plain(x: float) -> float | int:
    """104.0 -> 104, so the field shows what a planner would type."""
    return int(x) if float(x).is_integer() else x


# --------------------------------------------------------------------------- drawing


def result_table(c: Comparison, lang: str) -> str:
    """The boxes' KPIs: base, variant, paired difference with its margin, verdict."""
    from html import escape

    from sim.batch.compare import HIGHER, LOWER, NOT_SIMULATED
    from sim.deliver.i18n import tr
    from sim.deliver.report.lead import diff_and_margin, value_text

    def t(key: str, **v: object) -> str:
        return tr(lang, key, **v)

    head = "".join(f"<th>{escape(w(lang, k))}</th>" for k in
                   ("col.kpi", "src.col.scenario", "col.variant", "col.diff", "cmp.col.verdict"))
    body = []
    last = ""
    for box, r in iter_box_rows(c.rows()):
        if box != last:
            body.append(f'<tr class="box"><th colspan="5">{escape(t("aud." + box))}</th></tr>')
            last = box
        kpi = r["kpi"]
        try:
            name = t(f"kpi.{kpi}")
        except KeyError:
            name = kpi
        if r["verdict"] == NOT_SIMULATED:
            cells = ["–", "–", "–", t("verdict.none")]
        else:
            import pandas as pd

            diff, margin = diff_and_margin(lang, t, kpi, pd.Series(r))
            kind = {HIGHER: "higher", LOWER: "lower"}.get(r["verdict"], "unclear")
            cells = [value_text(lang, kpi, r["base"]), value_text(lang, kpi, r["variant"]),
                     f"{diff} ({margin})", t(f"verdict.{kind}")]
        body.append(f'<tr data-kpi="{escape(kpi)}"><td>{escape(name)}</td>'
                    + "".join(f"<td>{escape(x)}</td>" for x in cells) + "</tr>")
    return (f'<table class="table table-sm" id="results"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def hours_figure(c: Comparison, base: Base, lang: str, variant: Any = None) -> Any:
    """Goods arrivals by hour, scenario and variant, over the variant's window hours on a
    Monday to Thursday (shaded as in the run figures and the report)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from sim.deliver.chart_parts import number_axis, shade_windows
    from sim.deliver.palette import OKABE_ITO

    b, v = c.arrivals()
    weeks = base.scenario.weeks
    fig, ax = plt.subplots(figsize=(6, 3))
    x = np.arange(24)
    shade_windows(ax, variant, lang)
    ax.bar(x + 0.3, b / weeks, width=0.4, color="#9e9e9e", label=w(lang, "hours.base"))
    ax.bar(x + 0.7, v / weeks, width=0.4, color=OKABE_ITO["blue"],
           label=w(lang, "hours.variant"))
    ax.set_xlim(0, 24)
    ax.set_xlabel(w(lang, "chart.hours.x"))
    ax.set_ylabel(w(lang, "hours.y"))
    ax.set_xticks(range(0, 25, 2))
    number_axis(ax, lang)
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def map_figure(c: Comparison, base: Base, cameras: tuple[str, ...], lang: str) -> Any:
    """The zone and its entrances, drawn from the GeoPackage: a circle per entrance with the
    variant's violations per week, cameras marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.deliver.palette import OKABE_ITO

    geo = base.geo
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    for s in geo.streets:
        xs, ys = zip(*s.coords, strict=True)
        ax.plot(xs, ys, color="#d0d0d0" if not s.inside_zone else "#e8b0a0", lw=0.8, zorder=1)
    zx, zy = geo.zone.exterior.xy
    ax.fill(zx, zy, color="#fce9e2", alpha=0.6, zorder=0)
    ax.plot(zx, zy, color="#c0504d", lw=1.2, zorder=2)
    viol = c.violations()
    weeks = base.scenario.weeks
    peak = max([v for _, v in viol.values()] + [1e-9])
    for g in geo.gates:
        has = g.id in cameras
        ax.scatter([g.x], [g.y], marker="s" if has else "o", s=30,
                   color="#222" if has else "white", edgecolor="#222", zorder=4)
        value = viol.get(g.id, (0.0, 0.0))[1] / weeks
        if value > 0:
            ax.scatter([g.x], [g.y], s=30 + 400 * value / (peak / weeks),
                       color=OKABE_ITO["vermillion"], alpha=0.45, zorder=3)
        ax.annotate(f"{g.id}\n{value:.1f}".replace(".", "," if lang == "nl" else "."),
                    (g.x, g.y), xytext=(4, 4), textcoords="offset points", fontsize=7,
                    zorder=5)
    ax.scatter([], [], marker="s", color="#222", label=w(lang, "map.camera"))
    ax.scatter([], [], marker="o", color="white", edgecolor="#222",
               label=w(lang, "map.nocamera"))
    ax.legend(fontsize=7, loc="lower left", frameon=False)
    minx, miny, maxx, maxy = geo.zone.bounds
    pad = 120.0
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.tight_layout()
    return fig
