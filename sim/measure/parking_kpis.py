"""Parking KPIs: revenue, occupancy, evening visitors, and conflicts at the loading bays.

Occupancy is rebuilt from the log: every parked car is an interval [arrival, arrival + stay),
and the places' capacities are logged at the start, so these stay pure functions of the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from sim.measure.kpi_types import KPI, Func, Kind, Needs
from sim.model.calendar import MINUTES_PER_DAY
from sim.model.eventlog import EventLog, EventView, as_view
from sim.scenario.models import Scenario
from sim.scenario.vocab import parse_span

if TYPE_CHECKING:
    import pandas as pd

    Events = pd.DataFrame | EventView | EventLog


def _evening_hours(sc: Scenario) -> tuple[float, float]:
    """The scenario's evening (parking.evening, 18:00-22:00 by default) in hours."""
    text = sc.parking.evening if sc.parking is not None else "18:00-22:00"
    a, b = parse_span(text)
    return a / 60.0, b / 60.0


def _park(ev: EventView, column: str) -> np.ndarray:
    """A column of the parked cars' events (any party)."""
    return ev.get("park", None, column)


def _parks(ev: EventView, outcome: str) -> np.ndarray:
    """Which parked cars' events had this outcome (street, garage, bay, lost)."""
    return _park(ev, "outcome") == ev.code("outcome", outcome)


def street_spaces(ev: Events) -> float:
    ev = as_view(ev)
    street = ev.get("capacity", None, "outcome") == ev.code("outcome", "street")
    return float(ev.get("capacity", None, "value")[street].sum())


def occupancy_by_minute(ev: Events, outcome: str = "street") -> np.ndarray:
    """Cars parked at each minute of the run, from the parked intervals in the log."""
    ev = as_view(ev)
    which = _parks(ev, outcome)
    if not which.any():
        return np.zeros(1)
    t = _park(ev, "t")[which]
    start = np.floor(t).astype(int)
    end = np.ceil(t + _park(ev, "minutes")[which]).astype(int)
    n = int(end.max()) + 1
    diff = (np.bincount(start, minlength=n + 1)
            - np.bincount(end, minlength=n + 1)).astype(float)  # arrivals less departures
    return np.cumsum(diff)[:n]


def hourly_street_occupancy(ev: Events, days: int) -> np.ndarray:
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
    if ev.count("park") == 0:
        return float("nan")
    return float(np.nanmax(_hourly(ev, sc)))


def _evening_occupancy(ev: EventView, sc: Scenario) -> float:
    if ev.count("park") == 0:
        return float("nan")
    a, b = _evening_hours(sc)
    return float(np.nanmean(_hourly(ev, sc)[:, int(a):int(np.ceil(b))]))


def _revenue(outcome: str, per_year: bool = False) -> Callable[[EventView, Scenario], float]:
    def f(ev: EventView, sc: Scenario) -> float:
        total = float(_park(ev, "amount_eur")[_parks(ev, outcome)].sum())
        return total * sc.calendar.weeks_per_year / sc.weeks if per_year else total

    return f


def _visitors(ev: EventView, sc: Scenario) -> np.ndarray:
    """Which parked cars' events belong to visitors (not commuters or residents) arriving in
    the run (not carried over from the night before)."""
    groups = sc.parking.groups if sc.parking is not None else {}
    visitor_groups = [name for name, g in groups.items() if g.visitor]
    return (ev.isin("segment", _park(ev, "segment"), visitor_groups)
            & (_park(ev, "value") == 0.0))


def _evening_visitors(ev: EventView, sc: Scenario) -> float:
    keep = ~_parks(ev, "lost") & _visitors(ev, sc)
    hour = (_park(ev, "t")[keep] % MINUTES_PER_DAY) / 60.0
    a, b = _evening_hours(sc)
    return float(((hour >= a) & (hour < b)).sum())


def _bays(ev: EventView, outcomes: tuple[str, ...]) -> np.ndarray:
    """Which vans' bay events had one of these outcomes."""
    return ev.isin("outcome", ev.get("bay", "goods", "outcome"), outcomes)


def _parking(name: str, unit: str, kind: Kind, description: str, func: Func,
             needs: Needs | None = "parking") -> KPI:
    """A parking KPI; it exists only when parking is simulated (NaN otherwise), except the
    vans' conflicts at the bays, which the bays give without the parking model."""
    return KPI(name, unit, kind, "parking", description, func, needs=needs)


PARKING_KPIS: tuple[KPI, ...] = (
    _parking("street_parking_revenue_eur", "EUR", "amount",
             "street parking fees in the simulated period", _revenue("street")),
    _parking("street_parking_revenue_eur_per_year", "EUR/year", "rate",
             "street parking fees, annualised (x calendar.weeks_per_year / weeks)",
             _revenue("street", True)),
    _parking("garage_revenue_eur", "EUR", "amount", "garage fees in the simulated period",
             _revenue("garage")),
    _parking("street_parking_peak_occupancy", "share", "share",
             "highest hourly mean share of street spaces taken", _peak),
    _parking("street_evening_occupancy", "share", "share",
             "mean share of street spaces taken in the evening (parking.evening, 18:00-22:00)",
             _evening_occupancy),
    _parking("evening_visitors", "cars", "count", "visitors' cars (not commuters or "
             "residents) parked, arriving in the evening (parking.evening)", _evening_visitors),
    _parking("visitors_parked", "cars", "count", "visitors' cars (not commuters, residents "
             "or cars left from the night) that found a place (street, garage, bay)",
             lambda ev, sc: float((~_parks(ev, "lost") & _visitors(ev, sc)).sum())),
    _parking("visitors_lost", "cars", "count", "visitors' cars that found no place and left",
             lambda ev, sc: float((_parks(ev, "lost") & _visitors(ev, sc)).sum())),
    _parking("parking_search_minutes", "minutes", "quantity",
             "minutes visitors spent searching for a place",
             lambda ev, sc: float(_park(ev, "extra_min").sum())),
    _parking("bays_taken_by_cars", "cars", "count", "cars of any kind (shoppers, commuters, "
             "residents) parked in a loading bay",
             lambda ev, sc: float(_parks(ev, "bay").sum())),
    _parking("bay_conflicts", "vans", "count", "vans at a loading bay that found it full "
             "(waited or double-parked)",
             lambda ev, sc: float(_bays(ev, ("waited", "double_parked")).sum()), needs=None),
    _parking("delivery_minutes_lost_to_bays", "minutes", "quantity",
             "minutes vans waited for a loading bay",
             lambda ev, sc: float(ev.get("bay", "goods", "extra_min")[
                 _bays(ev, ("waited", "double_parked"))].sum()), needs=None),
)
