"""What the run figures and the report's charts draw alike: the window hours behind a chart
by hour of day, the paid parking hours, and tick labels in the reader's language.

A run's figure and the report's chart of the same hours sit side by side in memos; when each
drew its own shading they disagreed (one hatched hours that every van may use as if they were
for zero-emission vans only), so both call these.
"""

from __future__ import annotations

import datetime as dt

from matplotlib.axes import Axes

from sim.deliver.i18n import fmt_number, tr
from sim.deliver.palette import OKABE_ITO
from sim.model.calendar import day_type, spans_minutes
from sim.model.policy import open_spans
from sim.model.vehicles import VehicleFacts
from sim.scenario.models import Scenario

Spans = tuple[tuple[float, float], ...]

# the two vans whose hours a chart shows: any van, and a zero-emission one with the exemption
CONVENTIONAL_VAN = VehicleFacts("van", False, frozenset())
ZE_VAN_WITH_EXEMPTION = VehicleFacts("van", True, frozenset({"ze_exemption"}))

# a light wash for hours open to every van, a hatch for the hours only ZE vans gain
WINDOW_STYLE = {"color": OKABE_ITO["green"], "alpha": 0.18, "linewidth": 0}
ZE_ONLY_STYLE = {"facecolor": "none", "edgecolor": OKABE_ITO["blue"], "hatch": "//",
                 "alpha": 0.45, "linewidth": 0}
PAID_STYLE = {"color": OKABE_ITO["sky"], "alpha": 0.15, "linewidth": 0}


def first_day_of_type(sc: Scenario, wanted: str) -> dt.date:
    """The first date of the run with this day type (Monday for "weekday" when it can)."""
    holidays = frozenset(sc.calendar.holidays)
    for i in range(7 * sc.weeks):
        d = sc.start_date + dt.timedelta(days=i)
        if day_type(d, holidays) == wanted:
            return d
    return sc.start_date


def without(spans: Spans, cut: Spans) -> Spans:
    """The parts of `spans` outside every span of `cut` (minutes)."""
    out: list[tuple[float, float]] = []
    for a, b in spans:
        pieces = [(a, b)]
        for ca, cb in cut:
            pieces = [p for x, y in pieces for p in ((x, min(y, ca)), (max(x, cb), y))
                      if p[1] > p[0]]
        out.extend(pieces)
    return tuple(out)


def window_spans(sc: Scenario, day: str = "weekday") -> tuple[Spans, Spans]:
    """Minutes open to a conventional van on the first day of this type (Monday for
    "weekday"), and the minutes open only to a ZE van with the exemption: its spans less the
    conventional ones, so an hour open to both is never counted as ZE-only."""
    holidays = frozenset(sc.calendar.holidays)
    date = first_day_of_type(sc, day)
    conventional = tuple(open_spans(sc.policy, CONVENTIONAL_VAN, "", date, holidays))
    ze = tuple(open_spans(sc.policy, ZE_VAN_WITH_EXEMPTION, "", date, holidays))
    return conventional, without(ze, conventional)


def shade_windows(ax: Axes, sc: Scenario | None, lang: str) -> None:
    """Shade the hours (x in hours 0-24) a van may enter on a Monday-to-Thursday of the run,
    and hatch those open only to a ZE van with the exemption; each labelled once."""
    if sc is None:
        return
    conventional, ze_only = window_spans(sc)
    for i, (a, b) in enumerate(conventional):
        ax.axvspan(a / 60, b / 60, **WINDOW_STYLE,
                   label=tr(lang, "chart.hours.window") if i == 0 else None)
    for i, (a, b) in enumerate(ze_only):
        ax.axvspan(a / 60, b / 60, **ZE_ONLY_STYLE,
                   label=tr(lang, "chart.hours.ze") if i == 0 else None)


def shade_paid_hours(ax: Axes, sc: Scenario | None, lang: str) -> None:
    """Shade the hours street parking is paid on Monday to Thursday, labelled once."""
    paid = sc.parking.street_paid_hours.get("weekday", []) if sc and sc.parking else []
    for i, (a, b) in enumerate(spans_minutes(tuple(paid))):
        ax.axvspan(a / 60, b / 60, **PAID_STYLE,
                   label=tr(lang, "chart.park.paid") if i == 0 else None)


def number_axis(ax: Axes, lang: str, which: str = "y") -> None:
    """Tick labels in the reader's language (1.000 / 1,000; 2,5 / 2.5), through Babel."""
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: fmt_number(lang, v, None if v else 0))
    (ax.yaxis if which == "y" else ax.xaxis).set_major_formatter(fmt)
