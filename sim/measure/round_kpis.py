"""Rounds KPIs: what carriers' plans cost them in vehicles, kilometres and hours.

Pure functions of the 'round' events (one per planned route; see sim.model.rounds) and of the
delivered stops. A round's drops count every stop of the day, in Assen and in other towns, so
cost per drop is what the whole round costs per stop, the figure carriers compare.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from sim.measure.kpi_types import KPI, Func, Kind, Needs
from sim.model.calendar import MINUTES_PER_DAY
from sim.model.eventlog import EventView, as_view
from sim.model.rounds.receiving import receiving_spans
from sim.scenario.models import Scenario

# classes of drops per round (all stops of the round): few-drop to many-drop rounds
DROP_CLASSES = ((1, 2, "1-2"), (3, 9, "3-9"), (10, 29, "10-29"), (30, 10**9, "30+"))


def drop_class(drops: pd.Series) -> pd.Series:
    labels = pd.Series("", index=drops.index, dtype="string")
    for lo, hi, name in DROP_CLASSES:
        labels[(drops >= lo) & (drops <= hi)] = name
    return labels


def _round_col(ev: EventView, col: str, segment: str | None) -> np.ndarray:
    """One column of the rounds (of one segment), straight from the log's numpy columns."""
    vals = ev.get("round", "goods", col)
    if segment is None:
        return vals
    return vals[ev.get("round", "goods", "segment") == ev.code("segment", segment)]


# The functions below assume rounds were planned: the registry returns NaN for a KPI that
# needs rounds (or a segment that does not plan) before calling them.


def _sum(col: str, scale: float = 1.0, segment: str | None = None) -> Func:
    return lambda ev, sc: float(_round_col(ev, col, segment).sum() * scale)


def _count(segment: str | None = None) -> Func:
    return lambda ev, sc: float(len(_round_col(ev, "segment", segment)))


def _route_km(segment: str | None = None) -> Func:
    return lambda ev, sc: float(_round_col(ev, "km", segment).sum()
                                + _round_col(ev, "trip_km", segment).sum())


def _cost_per_drop(segment: str | None = None) -> Func:
    def f(ev: EventView, sc: Scenario) -> float:
        drops = _round_col(ev, "drops", segment).sum()
        cost = _round_col(ev, "amount_eur", segment).sum()
        return float(cost / drops) if drops else float("nan")

    return f


def _hired(ev: EventView, sc: Scenario) -> float:
    return float((ev.get("round", "goods", "outcome") == ev.code("outcome", "hired")).sum())


def outside_receiving_mask(stops: pd.DataFrame, sc: Scenario) -> pd.Series:
    """Delivered stops completed outside the shop type's receiving hours."""
    minute = stops["t"] % MINUTES_PER_DAY
    out = pd.Series(False, index=stops.index)
    for shop_type, idx in stops.groupby("shop_type", observed=True).groups.items():
        spans = receiving_spans(sc.rounds, str(shop_type))
        m = minute.loc[idx].to_numpy()
        inside = np.zeros(len(m), dtype=bool)
        for a, b in spans:
            inside |= (m >= a) & (m < b)
        out.loc[idx] = ~inside
    return out


def delivered(ev: EventView | pd.DataFrame) -> pd.DataFrame:
    s = as_view(ev).of("stop", "goods")
    return s[s["outcome"] == "delivered"]


def _outside_receiving(ev: EventView, sc: Scenario) -> float:
    """The same count as `outside_receiving_mask` over delivered stops, on numpy columns."""
    if sc.rounds is None:
        return float("nan")
    done = ev.get("stop", "goods", "outcome") == ev.code("outcome", "delivered")
    minute = ev.get("stop", "goods", "t")[done] % MINUTES_PER_DAY
    types = ev.get("stop", "goods", "shop_type")[done]
    names = ev.cols.cats["shop_type"]
    outside = 0
    for code in np.unique(types):
        m = minute[types == code]
        inside = np.zeros(len(m), dtype=bool)
        for a, b in receiving_spans(sc.rounds, str(names[code])):
            inside |= (m >= a) & (m < b)
        outside += int((~inside).sum())
    return float(outside)


def _rounds(name: str, unit: str, kind: Kind, description: str, func: Func,
            needs: Needs | None = "rounds") -> KPI:
    return KPI(name, unit, kind, "rounds", description, func, needs=needs)


ROUND_KPIS: tuple[KPI, ...] = (
    _rounds("vehicles_used", "vehicle-days", "count", "vehicle-days of planned rounds (one "
            "vehicle and driver for a day), planning segments", _count()),
    _rounds("vehicles_hired", "vehicle-days", "count",
            "of those, vehicles hired on top of the own fleet", _hired),
    _rounds("route_km", "km", "quantity",
            "km of planned rounds, depot to depot, in Assen and elsewhere", _route_km()),
    _rounds("route_km_in_zone", "km", "quantity", "of those, km inside Assen's zone",
            _sum("km")),
    _rounds("route_km_outside_zone", "km", "quantity", "of those, km outside Assen's zone",
            _sum("trip_km")),
    _rounds("route_hours", "h", "quantity", "hours of planned rounds, depot to depot",
            _sum("minutes", 1 / 60)),
    _rounds("route_cost_eur", "EUR", "amount",
            "cost of planned rounds: vehicle-days, km and hours", _sum("amount_eur")),
    _rounds("cost_per_drop_eur", "EUR", "rate",
            "cost of planned rounds per stop served (all stops)", _cost_per_drop()),
    _rounds("planned_outside_window", "stops", "count", "Assen stops carriers planned outside "
            "the window (at the expected fine)", _sum("planned_outside")),
    # receiving hours are a shop's, so this is counted with drawn arrivals too (NaN only
    # without a rounds section, which holds the hours)
    _rounds("deliveries_outside_receiving_hours", "deliveries", "count",
            "deliveries handed over outside the shop's receiving hours (by shop type)",
            _outside_receiving, needs=None),
)

# words for the per-segment descriptions in summary.json; another segment is named by its id
_SEG_WORDS = {"parcel": "parcel carriers", "chain_dc": "chain distribution centres",
              "wholesaler": "wholesalers"}


def segment_order(segments: Iterable[str]) -> tuple[str, ...]:
    """The planning segments in kpis.csv's column order: those named above in that order,
    then any other alphabetically. Not the scenario's own order, because a batch hands its
    workers the scenario as JSON with sorted keys, and a variant's columns must be those of
    the same scenario run directly."""
    given = set(segments)
    return (*(s for s in _SEG_WORDS if s in given), *sorted(given - set(_SEG_WORDS)))


def segment_kpis(segment: str) -> tuple[KPI, ...]:
    """The KPIs of one segment that plans rounds, in column order.

    Which segments plan is the scenario's `rounds.segments`, so `sim.measure.registry` asks
    for these per scenario rather than keeping a list of segments here.
    """
    words = _SEG_WORDS.get(segment, segment.replace("_", " "))

    def kpi(base: str, unit: str, kind: Kind, description: str, func: Func) -> KPI:
        return KPI(f"{base}_{segment}", unit, kind, "rounds", f"{description}, {words}", func,
                   needs="rounds", segment=segment, base=base)

    return (
        kpi("vehicles_used", "vehicle-days", "count", "vehicles used", _count(segment)),
        kpi("route_km", "km", "quantity", "route km", _route_km(segment)),
        kpi("route_hours", "h", "quantity", "route hours", _sum("minutes", 1 / 60, segment)),
        kpi("cost_per_drop_eur", "EUR", "rate", "cost per drop", _cost_per_drop(segment)),
    )


def rounds_table(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    """Planned rounds by segment and drops-per-round class, means per replication."""
    r = ev[(ev["kind"] == "round") & (ev["party"] == "goods")].copy()
    cols = ["segment", "drops_class", "vehicles_used", "vehicles_hired", "drops",
            "route_km", "route_km_in_zone", "route_km_outside_zone", "route_hours",
            "route_cost_eur", "cost_per_drop_eur"]
    if r.empty:
        return pd.DataFrame(columns=cols)
    r["drops_class"] = drop_class(r["drops"])
    rows = []
    for (seg, cls), g in r.groupby(["segment", "drops_class"], observed=True, sort=True):
        drops = float(g["drops"].sum())
        rows.append({
            "segment": seg, "drops_class": cls,
            "vehicles_used": len(g) / n_reps,
            "vehicles_hired": float((g["outcome"] == "hired").sum()) / n_reps,
            "drops": drops / n_reps,
            "route_km": float(g["km"].sum() + g["trip_km"].sum()) / n_reps,
            "route_km_in_zone": float(g["km"].sum()) / n_reps,
            "route_km_outside_zone": float(g["trip_km"].sum()) / n_reps,
            "route_hours": float(g["minutes"].sum()) / 60 / n_reps,
            "route_cost_eur": float(g["amount_eur"].sum()) / n_reps,
            "cost_per_drop_eur": float(g["amount_eur"].sum()) / drops if drops else np.nan,
        })
    return pd.DataFrame(rows, columns=cols)


def receiving_table(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    """Deliveries by shop type and whether they came within the receiving hours."""
    s = ev[(ev["kind"] == "stop") & (ev["party"] == "goods") & (ev["outcome"] == "delivered")]
    cols = ["shop_type", "receiving_hours", "deliveries", "outside_receiving_hours", "share"]
    if s.empty or sc.rounds is None:
        return pd.DataFrame(columns=cols)
    out = outside_receiving_mask(s, sc)
    rows = []
    for shop_type, idx in s.groupby("shop_type", observed=True).groups.items():
        n, k = len(idx), int(out.loc[idx].sum())
        spans = receiving_spans(sc.rounds, str(shop_type))
        rows.append({
            "shop_type": shop_type,
            "receiving_hours": " ".join(f"{int(a)//60:02d}:{int(a)%60:02d}-"
                                        f"{int(b)//60:02d}:{int(b)%60:02d}" for a, b in spans),
            "deliveries": n / n_reps, "outside_receiving_hours": k / n_reps,
            "share": k / n if n else np.nan,
        })
    return pd.DataFrame(rows, columns=cols)


ROUND_TABLES = {"rounds_by_segment_drops": rounds_table,
                "deliveries_by_receiving_hours": receiving_table}
