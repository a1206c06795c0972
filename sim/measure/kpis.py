"""KPIs: pure functions of the event log (and the scenario's factors), one row per replication.

Every figure a run reports is computed here from events, so any number can be traced back to
the events behind it. Delivery KPIs count goods vehicles only; the other cars that meet the
cameras have their own `other_*` KPIs, so neither hides the other.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import stats

from sim.measure.eventlog import EventView, as_view
from sim.measure.kpi_types import KPI
from sim.measure.parking_kpis import PARKING_KPIS
from sim.measure.round_kpis import ROUND_KPIS
from sim.model.behaviour import OPTIONS
from sim.model.enforcement import DETECTED, FINE, WARNING
from sim.model.fleet import factors
from sim.scenario.models import Scenario


def _goods(ev: EventView, kind: str) -> pd.DataFrame:
    return ev.of(kind, "goods")


def _other(ev: EventView, kind: str) -> pd.DataFrame:
    return ev.of(kind, "other")


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else float("nan")


def _km_by_class(ev: pd.DataFrame, whole_trip: bool) -> pd.Series:
    """Goods-vehicle km by class: in the zone, or over the whole trip from depot or hub.

    The whole trip adds each vehicle's drive between its depot (or the hub) and the centre,
    and the extra drives of coming back later; a re-delivery is a journey of its own.
    """
    zone = _goods(ev, "exit").groupby("vclass", observed=True)["km"].sum()
    if not whole_trip:
        return zone
    trips = _goods(ev, "journey").groupby("vclass", observed=True)["trip_km"].sum()
    later = _goods(ev, "choice").groupby("vclass", observed=True)["extra_km"].sum()
    return zone.add(trips, fill_value=0.0).add(later, fill_value=0.0)


def _emission(attr: str, scale: float, whole_trip: bool = False
              ) -> Callable[[EventView, Scenario], float]:
    """Km of each vehicle class times its per-km factor."""

    def f(ev: EventView, sc: Scenario) -> float:
        per_class = _km_by_class(ev, whole_trip)
        fac = factors(sc, attr)
        return float(sum(km * fac[vc] for vc, km in per_class.items()) * scale)

    return f


def _other_emission(attr: str, scale: float) -> Callable[[EventView, Scenario], float]:
    """Other cars' km in the zone by vehicle class times the class's per-km factor."""

    def f(ev: EventView, sc: Scenario) -> float:
        per_class = _other(ev, "exit").groupby("vclass", observed=True)["km"].sum()
        fac = factors(sc, attr)
        return float(sum(km * fac[vc] for vc, km in per_class.items()) * scale)

    return f


def _stops(ev: pd.DataFrame, outcome: str) -> pd.DataFrame:
    s = _goods(ev, "stop")
    return s[s["outcome"] == outcome]


def _outside_window(ev: EventView, _sc: Scenario) -> float:
    a = _goods(ev, "attempt")
    first = a[a["attempt"] == 1]
    return float((~first["allowed"]).sum())


def _violations(ev: EventView, _sc: Scenario) -> float:
    return float((~_goods(ev, "entry")["allowed"]).sum())


def _cases(ev: pd.DataFrame, party: str, outcomes: tuple[str, ...]) -> float:
    c = ev.of("case", party)
    return float(c["outcome"].isin(outcomes).sum())


def _revenue(ev: pd.DataFrame, party: str) -> float:
    c = ev.of("case", party)
    return float(c.loc[c["outcome"] == FINE, "amount_eur"].sum())


def _ze_share_entries(ev: EventView, _sc: Scenario) -> float:
    e = _goods(ev, "entry")
    return _ratio(e["ze"].sum(), len(e))


def _ze_share_km(ev: EventView, _sc: Scenario) -> float:
    x = _goods(ev, "exit")
    return _ratio(x.loc[x["ze"], "km"].sum(), x["km"].sum())


def _compliance(ev: EventView, sc: Scenario) -> float:
    e = _goods(ev, "entry")
    return 1.0 - _ratio(_violations(ev, sc), len(e)) if len(e) else float("nan")


def _extra_hours(ev: EventView, _sc: Scenario) -> float:
    g = ev.df[ev.df["party"] == "goods"]
    return float(g["extra_min"].sum() / 60.0)


def _extra_cost(ev: EventView, sc: Scenario) -> float:
    """Extra hours and km at each vehicle class's cost, re-deliveries, double parking, hub fees,
    day exemptions and fines paid."""
    g = pd.concat([_goods(ev, k) for k in ("choice", "exit", "bay")])
    g = g[g["outcome"] != "enter"]
    # astype: with no goods events the mapped column keeps the string dtype of `vclass`
    cost_h = g["vclass"].map(factors(sc, "cost_eur_h")).fillna(0.0).astype("float64")
    cost_km = g["vclass"].map(factors(sc, "cost_eur_km")).fillna(0.0).astype("float64")
    # a choice event's own amount is the perceived cost; the real one is rebuilt from parts
    time_cost = float((g["extra_min"] / 60.0 * cost_h + g["extra_km"] * cost_km).sum())
    redelivery = float(_stops(ev, "dropped")["amount_eur"].sum())
    double_parking = float(_goods(ev, "bay")["amount_eur"].sum())
    choices = _goods(ev, "choice")
    hub_fees = float(choices.loc[choices["outcome"] == "hub", "amount_eur"].sum())
    dayex = len(_goods(ev, "dayex")) * (sc.ze_zone.day_exemption_cost_eur if sc.ze_zone else 0.0)
    return time_cost + redelivery + double_parking + hub_fees + dayex + _revenue(ev, "goods")


def _pending(ev: EventView, _sc: Scenario) -> float:
    """Orders whose last attempt was dropped with no later attempt in the run."""
    stops = _goods(ev, "stop")
    if stops.empty:
        return 0.0
    last = stops.sort_values(["order", "attempt"]).groupby("order")["outcome"].last()
    return float((last == "dropped").sum())


def _choices(option: str) -> Callable[[EventView, Scenario], float]:
    def f(ev: EventView, _sc: Scenario) -> float:
        c = _goods(ev, "choice")
        return float((c["outcome"] == option).sum())

    return f


_CHOICE_WORDS = {
    "wait": "waited at the gate for the window",
    "later": "drove away and came back when it opened",
    "enter": "drove in anyway",
    "drop": "gave up for the day (re-delivery)",
    "bay": "unloaded at a bay outside the zone",
    "dayex": "used a day exemption for the ZE zone",
    "hub": "handed the goods to the consolidation hub",
}

KPIS: tuple[KPI, ...] = (
    KPI("deliveries_total", "deliveries", "deliveries ordered by shops in the period",
        lambda ev, sc: float(len(_goods(ev, "order")))),
    KPI("deliveries_outside_window", "deliveries",
        "deliveries whose vehicle first reached the gate while it was closed to it (outside "
        "its window, or barred by the ZE zone)", _outside_window),
    KPI("deliveries_delivered", "deliveries", "deliveries completed (zone or bay)",
        lambda ev, sc: float(len(_stops(ev, "delivered")))),
    KPI("deliveries_via_bay", "deliveries", "deliveries walked in from a bay outside the zone",
        lambda ev, sc: float((_stops(ev, "delivered")["via"] == "bay").sum())),
    KPI("deliveries_via_hub", "deliveries", "deliveries brought in by cargo bike from the hub",
        lambda ev, sc: float((_stops(ev, "delivered")["via"] == "hub").sum())),
    KPI("deliveries_dropped", "attempts", "delivery attempts given up and re-planned",
        lambda ev, sc: float(len(_stops(ev, "dropped")))),
    KPI("deliveries_failed", "deliveries",
        "deliveries given up after the maximum number of attempts",
        lambda ev, sc: float(len(_stops(ev, "failed")))),
    KPI("deliveries_pending_at_end", "deliveries",
        "deliveries dropped on the last working day, to come after the simulated period",
        _pending),
    KPI("zone_entries_total", "entries", "goods vehicles driving into the zone",
        lambda ev, sc: float(len(_goods(ev, "entry")))),
    KPI("ze_share_entries", "share", "zero-emission share of goods-vehicle entries",
        _ze_share_entries),
    KPI("ze_share_zone_km", "share", "zero-emission share of goods-vehicle km in the zone",
        _ze_share_km),
    KPI("ze_gap_entries", "share", "gap to the goal of emission-free supply: 1 - ze_share_entries",
        lambda ev, sc: 1.0 - _ze_share_entries(ev, sc)),
    KPI("vehicles_renewed", "vehicles", "vehicles carriers replaced by zero-emission ones "
        "because the ZE zone shut them out", lambda ev, sc: float(len(_goods(ev, "renew")))),
    KPI("day_exemptions_used", "days", "ZE-zone day exemptions used",
        lambda ev, sc: float(len(_goods(ev, "dayex")))),
    KPI("violations_total", "entries", "goods-vehicle entries not allowed (windows or ZE zone)",
        _violations),
    KPI("violations_detected", "entries",
        "violations read by a working camera on a traceable (domestic) plate",
        lambda ev, sc: _cases(ev, "goods", DETECTED)),
    KPI("warnings_issued", "letters", "warnings sent instead of fines (warning period)",
        lambda ev, sc: _cases(ev, "goods", (WARNING,))),
    KPI("fines_issued", "fines", "violations fined (one letter may hold both a window and a "
        "ZE-zone fine)",
        lambda ev, sc: _cases(ev, "goods", (FINE,))),
    KPI("fine_revenue_eur", "EUR", "fines plus administration fees, goods vehicles",
        lambda ev, sc: _revenue(ev, "goods")),
    KPI("ze_zone_violations", "entries", "goods-vehicle entries breaking the ZE-zone rules",
        lambda ev, sc: float(_goods(ev, "case")["rule"].str.contains("ze_zone").sum())),
    KPI("compliance_rate", "share", "share of goods-vehicle entries that were allowed",
        _compliance),
    KPI("vehicle_km_in_zone", "km", "goods-vehicle km driven inside the zone",
        lambda ev, sc: float(_goods(ev, "exit")["km"].sum())),
    KPI("vehicle_minutes_in_zone_open_hours", "vehicle-minutes",
        "goods-vehicle minutes inside the zone while shops are open",
        lambda ev, sc: float(_goods(ev, "exit")["open_min"].sum())),
    KPI("co2_wtw_kg", "kg", "CO2 well-to-wheel of goods vehicles in the zone",
        _emission("co2_wtw_g_km", 1e-3)),
    KPI("co2_ttw_kg", "kg", "CO2 tank-to-wheel of goods vehicles in the zone",
        _emission("co2_ttw_g_km", 1e-3)),
    KPI("nox_g", "g", "NOx of goods vehicles in the zone", _emission("nox_g_km", 1.0)),
    KPI("pm10_g", "g", "PM10 of goods vehicles in the zone", _emission("pm10_g_km", 1.0)),
    KPI("vehicle_km_trip", "km", "goods-vehicle km over whole trips from depot or hub",
        lambda ev, sc: float(_km_by_class(ev, True).sum())),
    KPI("co2_wtw_kg_trip", "kg", "CO2 well-to-wheel of goods vehicles, whole trips",
        _emission("co2_wtw_g_km", 1e-3, True)),
    KPI("co2_ttw_kg_trip", "kg", "CO2 tank-to-wheel of goods vehicles, whole trips",
        _emission("co2_ttw_g_km", 1e-3, True)),
    KPI("nox_g_trip", "g", "NOx of goods vehicles, whole trips", _emission("nox_g_km", 1.0, True)),
    KPI("pm10_g_trip", "g", "PM10 of goods vehicles, whole trips",
        _emission("pm10_g_km", 1.0, True)),
    KPI("carrier_extra_hours", "h",
        "carrier hours lost to the regime: waiting, coming back, walking from bays, "
        "re-deliveries", _extra_hours),
    KPI("carrier_extra_cost_eur", "EUR",
        "extra hours and km at vehicle cost, re-deliveries, double parking, hub fees, day "
        "exemptions and fines paid", _extra_cost),
    *(KPI(f"closed_gate_{o}", "tours", f"tours at a closed gate that {_CHOICE_WORDS[o]}",
          _choices(o)) for o in OPTIONS),
    KPI("other_entries_total", "entries", "other cars (not deliveries) driving into the zone",
        lambda ev, sc: float(len(_other(ev, "entry")))),
    KPI("other_violations_total", "entries", "other cars entering when not allowed",
        lambda ev, sc: float((~_other(ev, "entry")["allowed"]).sum())),
    KPI("other_violations_detected", "entries", "of those, read on a traceable plate",
        lambda ev, sc: _cases(ev, "other", DETECTED)),
    KPI("other_fines_issued", "fines", "fines sent to keepers of other cars",
        lambda ev, sc: _cases(ev, "other", (FINE,))),
    KPI("other_fine_revenue_eur", "EUR", "fines plus administration fees, other cars",
        lambda ev, sc: _revenue(ev, "other")),
    KPI("other_vehicle_km_in_zone", "km", "km other cars drove inside the zone",
        lambda ev, sc: float(_other(ev, "exit")["km"].sum())),
    KPI("other_co2_ttw_kg", "kg", "CO2 tank-to-wheel of other cars inside the zone",
        _other_emission("co2_ttw_g_km", 1e-3)),
    KPI("other_nox_g", "g", "NOx of other cars inside the zone",
        _other_emission("nox_g_km", 1.0)),
)

KPIS = KPIS + PARKING_KPIS + ROUND_KPIS
KPI_BY_NAME = {k.name: k for k in KPIS}


def compute_kpis(events: pd.DataFrame | EventView, scenario: Scenario) -> dict[str, float]:
    """All KPIs of one replication, in the fixed order of KPIS."""
    view = as_view(events)
    return {k.name: k.func(view, scenario) for k in KPIS}


def kpi_interval(name: str, values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% interval of a KPI, kept within what the KPI can be: every KPI here is a
    count, amount or share, never negative, and shares never exceed 1 (a t-interval around a
    small count would otherwise reach below zero)."""
    mean, lo, hi = interval95(values)
    upper = 1.0 if KPI_BY_NAME.get(name) is not None and KPI_BY_NAME[name].unit == "share" \
        else np.inf
    if not np.isnan(lo):
        lo, hi = max(lo, 0.0), min(hi, upper)
    return mean, lo, hi


def interval95(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and a 95% Student-t interval over replications (NaN bounds with one replication)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(x.mean())
    if len(x) == 1:
        return mean, float("nan"), float("nan")
    half = float(stats.t.ppf(0.975, len(x) - 1)) * float(x.std(ddof=1)) / np.sqrt(len(x))
    return mean, mean - half, mean + half
