"""Parking KPIs: revenue, occupancy, evening visitors, and conflicts at the loading bays.

Occupancy is rebuilt from the log: every parked car is an interval [arrival, arrival + stay),
and the places' capacities are logged at the start, so these stay pure functions of the log.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from sim.measure.eventlog import EventView, as_view
from sim.measure.kpi_types import KPI
from sim.model.calendar import MINUTES_PER_DAY
from sim.scenario.models import Scenario

WEEKS_PER_YEAR = 52.0
EVENING = (18.0, 22.0)  # hours counted as "evening" for occupancy (shops close at 18:00)


def _parks(ev: pd.DataFrame | EventView, outcome: str | None = None) -> pd.DataFrame:
    p = as_view(ev).of("park")
    return p if outcome is None else p[p["outcome"] == outcome]


def street_spaces(ev: pd.DataFrame | EventView) -> float:
    c = as_view(ev).of("capacity")
    return float(c.loc[c["outcome"] == "street", "value"].sum())


def occupancy_by_minute(ev: pd.DataFrame | EventView, outcome: str = "street") -> np.ndarray:
    """Cars parked at each minute of the run, from the parked intervals in the log."""
    p = _parks(ev, outcome)
    if p.empty:
        return np.zeros(1)
    start = np.floor(p["t"].to_numpy()).astype(int)
    end = np.ceil((p["t"] + p["minutes"]).to_numpy()).astype(int)
    n = int(end.max()) + 1
    diff = np.zeros(n + 1)
    np.add.at(diff, start, 1)
    np.add.at(diff, end, -1)
    return np.cumsum(diff)[:n]


def hourly_street_occupancy(ev: pd.DataFrame | EventView, days: int) -> np.ndarray:
    """Mean share of street spaces taken in each hour of the run (days x 24)."""
    ev = as_view(ev)
    spaces = street_spaces(ev)
    occ = occupancy_by_minute(ev, "street")
    minutes = days * int(MINUTES_PER_DAY)
    full = np.zeros(minutes)
    full[: min(minutes, len(occ))] = occ[:minutes]
    hourly = full.reshape(days, 24, 60).mean(axis=2)
    return hourly / spaces if spaces else hourly * np.nan


def _hourly(ev: EventView, sc: Scenario) -> np.ndarray:
    return hourly_street_occupancy(ev, 7 * sc.weeks)


def _peak(ev: EventView, sc: Scenario) -> float:
    if _parks(ev).empty:
        return float("nan")
    return float(np.nanmax(_hourly(ev, sc)))


def _evening_occupancy(ev: EventView, sc: Scenario) -> float:
    if _parks(ev).empty:
        return float("nan")
    a, b = (int(h) for h in EVENING)
    return float(np.nanmean(_hourly(ev, sc)[:, a:b]))


def _revenue(outcome: str, per_year: bool = False) -> Callable[[EventView, Scenario], float]:
    def f(ev: EventView, sc: Scenario) -> float:
        total = float(_parks(ev, outcome)["amount_eur"].sum())
        return total * WEEKS_PER_YEAR / sc.weeks if per_year else total

    return f


def _evening_visitors(ev: EventView, sc: Scenario) -> float:
    groups = sc.parking.groups if sc.parking is not None else {}
    visitor_groups = [name for name, g in groups.items() if g.visitor]
    p = _parks(ev)
    p = p[(p["outcome"] != "lost") & p["segment"].isin(visitor_groups)]
    hour = (p["t"] % MINUTES_PER_DAY) / 60.0
    return float((hour >= EVENING[0]).sum())


def _bays(ev: pd.DataFrame, outcomes: tuple[str, ...]) -> pd.DataFrame:
    b = as_view(ev).of("bay", "goods")
    return b[b["outcome"].isin(outcomes)]


def _simulated(sc: Scenario) -> bool:
    return sc.parking is not None and sc.parking.enabled


def _if_parking(
    f: Callable[[EventView, Scenario], float],
) -> Callable[[EventView, Scenario], float]:
    """Parking KPIs of a run without parking are unknown (NaN), not zero."""

    def guarded(ev: EventView, sc: Scenario) -> float:
        return f(ev, sc) if _simulated(sc) else float("nan")

    return guarded


_PARKING_ONLY = (
    "street_parking_revenue_eur", "street_parking_revenue_eur_per_year", "garage_revenue_eur",
    "street_parking_peak_occupancy", "street_evening_occupancy", "evening_visitors",
    "visitors_parked", "visitors_lost", "parking_search_minutes", "bays_taken_by_cars",
)

_ALL: tuple[KPI, ...] = (
    KPI("street_parking_revenue_eur", "EUR", "street parking fees in the simulated period",
        _revenue("street")),
    KPI("street_parking_revenue_eur_per_year", "EUR/year",
        "street parking fees, annualised (x 52 / weeks)", _revenue("street", True)),
    KPI("garage_revenue_eur", "EUR", "garage fees in the simulated period",
        _revenue("garage")),
    KPI("street_parking_peak_occupancy", "share",
        "highest hourly mean share of street spaces taken", _peak),
    KPI("street_evening_occupancy", "share",
        "mean share of street spaces taken 18:00-22:00", _evening_occupancy),
    KPI("evening_visitors", "cars", "visitors' cars (not commuters or residents) parked, "
        "arriving after 18:00",
        _evening_visitors),
    KPI("visitors_parked", "cars", "visitors' cars that found a place (street, garage, bay)",
        lambda ev, sc: float((_parks(ev)["outcome"] != "lost").sum())),
    KPI("visitors_lost", "cars", "visitors' cars that found no place and left",
        lambda ev, sc: float(len(_parks(ev, "lost")))),
    KPI("parking_search_minutes", "minutes", "minutes visitors spent searching for a place",
        lambda ev, sc: float(_parks(ev)["extra_min"].sum())),
    KPI("bays_taken_by_cars", "cars", "visitors' cars parked in a loading bay",
        lambda ev, sc: float(len(_parks(ev, "bay")))),
    KPI("bay_conflicts", "vans", "vans at a loading bay that found it full (waited or "
        "double-parked)", lambda ev, sc: float(len(_bays(ev, ("waited", "double_parked"))))),
    KPI("delivery_minutes_lost_to_bays", "minutes",
        "minutes vans waited for a loading bay",
        lambda ev, sc: float(_bays(ev, ("waited", "double_parked"))["extra_min"].sum())),
)

PARKING_KPIS: tuple[KPI, ...] = tuple(
    KPI(k.name, k.unit, k.description, _if_parking(k.func)) if k.name in _PARKING_ONLY else k
    for k in _ALL
)
