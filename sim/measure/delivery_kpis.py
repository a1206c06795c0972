"""Delivery, enforcement, emission and other-traffic KPIs: pure functions of the event log.

Every figure a run reports is computed from events, so any number can be traced back to the
events behind it. Delivery KPIs count goods vehicles only; the other cars that meet the
cameras have their own `other_*` KPIs, so neither hides the other. Parking and carriers'
rounds have their modules beside this one; `sim.measure.registry` puts them together.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.measure.kpi_types import KPI, Family, Func, Kind
from sim.model.behaviour import OPTIONS
from sim.model.enforcement import DETECTED, FINE, WARNING
from sim.model.eventlog import EventView
from sim.model.fleet import factors
from sim.scenario.models import Scenario

# Every KPI reads numpy columns of one (kind, party) selection from the EventView; text columns
# are integer codes, compared with `ev.code(column, value)`. Sums run over the events in time
# order, as the pandas version did, so the figures are the same.


def _g(ev: EventView, kind: str, column: str) -> np.ndarray:
    """A column of the goods vehicles' events of one kind."""
    return ev.get(kind, "goods", column)


def _is(ev: EventView, kind: str, column: str, value: str, party: str = "goods") -> np.ndarray:
    return ev.get(kind, party, column) == ev.code(column, value)


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else float("nan")


def _sum_by_class(ev: EventView, kind: str, column: str) -> dict[str, float]:
    """Goods vehicles' `column` of one kind, summed per vehicle class (classes that occur)."""
    codes = _g(ev, kind, "vclass")
    sums = np.bincount(codes, weights=_g(ev, kind, column), minlength=1)
    names = ev.cols.cats["vclass"]
    return {names[c]: float(sums[c]) for c in np.unique(codes)}


def _km_by_class(ev: EventView, whole_trip: bool) -> dict[str, float]:
    """Goods-vehicle km by class, in class order: in the zone, or over the whole trip.

    The whole trip adds each vehicle's drive between its depot (or the hub) and the centre,
    and the extra drives of coming back later; a re-delivery is a journey of its own.
    """
    parts = [_sum_by_class(ev, "exit", "km")]
    if whole_trip:
        parts += [_sum_by_class(ev, "journey", "trip_km"), _sum_by_class(ev, "choice", "extra_km")]
    out: dict[str, float] = {}
    for vc in sorted(set().union(*parts)):
        out[vc] = sum(p.get(vc, 0.0) for p in parts)
    return out


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
        codes = ev.get("exit", "other", "vclass")
        km = ev.get("exit", "other", "km")
        sums = np.bincount(codes, weights=km, minlength=1)
        names = ev.cols.cats["vclass"]
        fac = factors(sc, attr)
        return float(sum(sums[c] * fac[names[c]] for c in np.unique(codes)) * scale)

    return f


def _stops(ev: EventView, outcome: str) -> np.ndarray:
    """Which of the goods vehicles' stop events had this outcome."""
    return _is(ev, "stop", "outcome", outcome)


def _outside_window(ev: EventView, _sc: Scenario) -> float:
    first = _g(ev, "attempt", "attempt") == 1
    return float((~_g(ev, "attempt", "allowed")[first]).sum())


def _violations(ev: EventView, _sc: Scenario) -> float:
    return float((~_g(ev, "entry", "allowed")).sum())


def _cases(ev: EventView, party: str, outcomes: tuple[str, ...]) -> float:
    return float(ev.isin("outcome", ev.get("case", party, "outcome"), outcomes).sum())


def _revenue(ev: EventView, party: str) -> float:
    fined = _is(ev, "case", "outcome", FINE, party)
    return float(ev.get("case", party, "amount_eur")[fined].sum())


def _ze_share_entries(ev: EventView, _sc: Scenario) -> float:
    ze = _g(ev, "entry", "ze")
    return _ratio(ze.sum(), len(ze))


def _ze_share_km(ev: EventView, _sc: Scenario) -> float:
    km = _g(ev, "exit", "km")
    return _ratio(km[_g(ev, "exit", "ze")].sum(), km.sum())


def _compliance(ev: EventView, sc: Scenario) -> float:
    n = ev.count("entry", "goods")
    return 1.0 - _ratio(_violations(ev, sc), n) if n else float("nan")


def _extra_hours(ev: EventView, _sc: Scenario) -> float:
    return float(ev.get(None, "goods", "extra_min").sum() / 60.0)


def _class_factor(ev: EventView, codes: np.ndarray, fac: dict[str, float]) -> np.ndarray:
    """A per-class factor for each event's vehicle class code (0 for classes without one)."""
    table = np.array([float(fac.get(name, 0.0)) for name in ev.cols.cats["vclass"]])
    return table[codes]


def _extra_cost(ev: EventView, sc: Scenario) -> float:
    """Extra hours and km at each vehicle class's cost, re-deliveries, double parking, hub fees,
    day exemptions and fines paid."""
    kinds = ("choice", "exit", "bay")

    def cat(column: str) -> np.ndarray:
        return np.concatenate([_g(ev, k, column) for k in kinds])

    keep = cat("outcome") != ev.code("outcome", "enter")
    vclass = cat("vclass")[keep]
    cost_h = _class_factor(ev, vclass, factors(sc, "cost_eur_h"))
    cost_km = _class_factor(ev, vclass, factors(sc, "cost_eur_km"))
    # a choice event's own amount is the perceived cost; the real one is rebuilt from parts
    time_cost = float((cat("extra_min")[keep] / 60.0 * cost_h
                       + cat("extra_km")[keep] * cost_km).sum())
    redelivery = float(_g(ev, "stop", "amount_eur")[_stops(ev, "dropped")].sum())
    double_parking = float(_g(ev, "bay", "amount_eur").sum())
    hub_fees = float(_g(ev, "choice", "amount_eur")[_is(ev, "choice", "outcome", "hub")].sum())
    dayex = ev.count("dayex", "goods") * (
        sc.ze_zone.day_exemption_cost_eur if sc.ze_zone else 0.0)
    return time_cost + redelivery + double_parking + hub_fees + dayex + _revenue(ev, "goods")


def _pending(ev: EventView, _sc: Scenario) -> float:
    """Orders whose last attempt was dropped with no later attempt in the run."""
    order, attempt = _g(ev, "stop", "order"), _g(ev, "stop", "attempt")
    if len(order) == 0:
        return 0.0
    by = np.lexsort((attempt, order))
    order = order[by]
    last = np.append(order[1:] != order[:-1], True)  # each order's highest attempt
    return float((_stops(ev, "dropped")[by][last]).sum())


def _choices(option: str) -> Callable[[EventView, Scenario], float]:
    def f(ev: EventView, _sc: Scenario) -> float:
        return float(_is(ev, "choice", "outcome", option).sum())

    return f


def _delivered_via(via: str) -> Callable[[EventView, Scenario], float]:
    def f(ev: EventView, _sc: Scenario) -> float:
        return float((_stops(ev, "delivered") & _is(ev, "stop", "via", via)).sum())

    return f


def _ze_zone_violations(ev: EventView, _sc: Scenario) -> float:
    rules = [i for i, r in enumerate(ev.cols.cats["rule"]) if "ze_zone" in str(r)]
    return float(np.isin(_g(ev, "case", "rule"), rules).sum())


def _count(kind: str, party: str = "goods") -> Callable[[EventView, Scenario], float]:
    return lambda ev, sc: float(ev.count(kind, party))


_CHOICE_WORDS = {
    "wait": "waited at the gate for the window",
    "later": "drove away and came back when it opened",
    "enter": "drove in anyway",
    "drop": "gave up for the day (re-delivery)",
    "bay": "unloaded at a bay outside the zone",
    "dayex": "used a day exemption for the ZE zone",
    "hub": "handed the goods to the consolidation hub",
}

def _kpi(family: Family, kind: Kind) -> Callable[[str, str, str, Func], KPI]:
    """A declaration of one family and kind: KPI(name, unit, description, func)."""
    return lambda name, unit, description, func: KPI(name, unit, kind, family, description,
                                                      func)


_delivered = _kpi("deliveries", "count")
_ze_count, _ze_share = _kpi("zero_emission", "count"), _kpi("zero_emission", "share")
_enf_count, _enf_amount = _kpi("enforcement", "count"), _kpi("enforcement", "amount")
_traffic_count, _traffic = _kpi("traffic", "count"), _kpi("traffic", "quantity")
_emitted = _kpi("emissions", "quantity")
_other_count, _other_amount = _kpi("other_traffic", "count"), _kpi("other_traffic", "amount")
_other = _kpi("other_traffic", "quantity")

DELIVERY_KPIS: tuple[KPI, ...] = (
    _delivered("deliveries_total", "deliveries", "deliveries ordered by shops in the period",
               _count("order")),
    _delivered("deliveries_outside_window", "deliveries",
               "deliveries whose vehicle first reached the gate while it was closed to it "
               "(outside its window, or barred by the ZE zone)", _outside_window),
    _delivered("deliveries_delivered", "deliveries", "deliveries completed (zone or bay)",
               lambda ev, sc: float(_stops(ev, "delivered").sum())),
    _delivered("deliveries_via_bay", "deliveries",
               "deliveries walked in from a bay outside the zone", _delivered_via("bay")),
    _delivered("deliveries_via_hub", "deliveries",
               "deliveries brought in by cargo bike from the hub", _delivered_via("hub")),
    _delivered("deliveries_dropped", "attempts", "delivery attempts given up and re-planned",
               lambda ev, sc: float(_stops(ev, "dropped").sum())),
    _delivered("deliveries_failed", "deliveries",
               "deliveries given up after the maximum number of attempts",
               lambda ev, sc: float(_stops(ev, "failed").sum())),
    _delivered("deliveries_pending_at_end", "deliveries",
               "deliveries dropped on the last working day, to come after the simulated "
               "period", _pending),
    _traffic_count("zone_entries_total", "entries", "goods vehicles driving into the zone",
                   _count("entry")),
    _ze_share("ze_share_entries", "share", "zero-emission share of goods-vehicle entries",
              _ze_share_entries),
    _ze_share("ze_share_zone_km", "share",
              "zero-emission share of goods-vehicle km in the zone", _ze_share_km),
    _ze_share("ze_gap_entries", "share",
              "gap to the goal of emission-free supply: 1 - ze_share_entries",
              lambda ev, sc: 1.0 - _ze_share_entries(ev, sc)),
    _ze_count("vehicles_renewed", "vehicles", "vehicles carriers replaced by zero-emission "
              "ones because the ZE zone shut them out", _count("renew")),
    _ze_count("day_exemptions_used", "days", "ZE-zone day exemptions used", _count("dayex")),
    _enf_count("violations_total", "entries",
               "goods-vehicle entries not allowed (windows or ZE zone)", _violations),
    _enf_count("violations_detected", "entries",
               "violations read by a working camera on a traceable (domestic) plate",
               lambda ev, sc: _cases(ev, "goods", DETECTED)),
    _enf_count("warnings_issued", "letters", "warnings sent instead of fines (warning period)",
               lambda ev, sc: _cases(ev, "goods", (WARNING,))),
    _enf_count("fines_issued", "fines", "violations fined (one letter may hold both a window "
               "and a ZE-zone fine)", lambda ev, sc: _cases(ev, "goods", (FINE,))),
    _enf_amount("fine_revenue_eur", "EUR", "fines plus administration fees, goods vehicles",
                lambda ev, sc: _revenue(ev, "goods")),
    _enf_count("ze_zone_violations", "entries",
               "goods-vehicle entries breaking the ZE-zone rules", _ze_zone_violations),
    KPI("compliance_rate", "share", "share", "enforcement",
        "share of goods-vehicle entries that were allowed", _compliance),
    _traffic("vehicle_km_in_zone", "km", "goods-vehicle km driven inside the zone",
             lambda ev, sc: float(_g(ev, "exit", "km").sum())),
    _traffic("vehicle_minutes_in_zone_open_hours", "vehicle-minutes",
             "goods-vehicle minutes inside the zone while shops are open",
             lambda ev, sc: float(_g(ev, "exit", "open_min").sum())),
    _emitted("co2_wtw_kg", "kg", "CO2 well-to-wheel of goods vehicles in the zone",
             _emission("co2_wtw_g_km", 1e-3)),
    _emitted("co2_ttw_kg", "kg", "CO2 tank-to-wheel of goods vehicles in the zone",
             _emission("co2_ttw_g_km", 1e-3)),
    _emitted("nox_g", "g", "NOx of goods vehicles in the zone", _emission("nox_g_km", 1.0)),
    _emitted("pm10_g", "g", "PM10 of goods vehicles in the zone",
             _emission("pm10_g_km", 1.0)),
    _traffic("vehicle_km_trip", "km", "goods-vehicle km over whole trips from depot or hub",
             lambda ev, sc: float(sum(_km_by_class(ev, True).values()))),
    _emitted("co2_wtw_kg_trip", "kg", "CO2 well-to-wheel of goods vehicles, whole trips",
             _emission("co2_wtw_g_km", 1e-3, True)),
    _emitted("co2_ttw_kg_trip", "kg", "CO2 tank-to-wheel of goods vehicles, whole trips",
             _emission("co2_ttw_g_km", 1e-3, True)),
    _emitted("nox_g_trip", "g", "NOx of goods vehicles, whole trips",
             _emission("nox_g_km", 1.0, True)),
    _emitted("pm10_g_trip", "g", "PM10 of goods vehicles, whole trips",
             _emission("pm10_g_km", 1.0, True)),
    KPI("carrier_extra_hours", "h", "quantity", "carrier_cost",
        "carrier hours lost to the regime: waiting, coming back, walking from bays, "
        "re-deliveries", _extra_hours),
    KPI("carrier_extra_cost_eur", "EUR", "amount", "carrier_cost",
        "extra hours and km at vehicle cost, re-deliveries, double parking, hub fees, day "
        "exemptions and fines paid", _extra_cost),
    *(KPI(f"closed_gate_{o}", "tours", "count", "closed_gate",
          f"tours at a closed gate that {_CHOICE_WORDS[o]}", _choices(o)) for o in OPTIONS),
    _other_count("other_entries_total", "entries",
                 "other cars (not deliveries) driving into the zone",
                 _count("entry", "other")),
    _other_count("other_violations_total", "entries", "other cars entering when not allowed",
                 lambda ev, sc: float((~ev.get("entry", "other", "allowed")).sum())),
    _other_count("other_violations_detected", "entries", "of those, read on a traceable plate",
                 lambda ev, sc: _cases(ev, "other", DETECTED)),
    _other_count("other_fines_issued", "fines", "fines sent to keepers of other cars",
                 lambda ev, sc: _cases(ev, "other", (FINE,))),
    _other_amount("other_fine_revenue_eur", "EUR", "fines plus administration fees, other cars",
                  lambda ev, sc: _revenue(ev, "other")),
    _other("other_vehicle_km_in_zone", "km", "km other cars drove inside the zone",
           lambda ev, sc: float(ev.get("exit", "other", "km").sum())),
    _other("other_co2_ttw_kg", "kg", "CO2 tank-to-wheel of other cars inside the zone",
           _other_emission("co2_ttw_g_km", 1e-3)),
    _other("other_nox_g", "g", "NOx of other cars inside the zone",
           _other_emission("nox_g_km", 1.0)),
)
