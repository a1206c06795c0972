"""Every KPI in one place, and the questions the rest of the code asks about them.

Each KPI is declared once, with its facts, beside its function (`delivery_kpis`,
`parking_kpis`, `round_kpis`). This module puts them in kpis.csv's column order, adds the
per-segment KPIs of the segments a scenario lets plan rounds, and answers by name what a
report, a workbook or a comparison needs to know: is it a share, euros, summed per week, was
it simulated at all. Nothing else keeps a list of KPI names for these facts, so a new KPI
is declared in one place and every reader treats it right.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import replace

from sim.errors import InputError
from sim.measure.delivery_kpis import DELIVERY_KPIS
from sim.measure.kpi_types import KPI, MONEY_UNITS, SHARE_UNIT, Needs
from sim.measure.parking_kpis import PARKING_KPIS
from sim.measure.round_kpis import ROUND_KPIS, segment_kpis, segment_order
from sim.model.eventlog import EventView
from sim.scenario.models import Scenario


def part_simulated(sc: Scenario, needs: Needs | None, segment: str | None = None) -> bool:
    """Whether the scenario simulates the part of the model a KPI needs (and, for a
    per-segment KPI, whether that segment plans rounds)."""
    if needs == "parking":
        return sc.parking is not None and sc.parking.enabled
    if needs == "rounds":
        r = sc.rounds
        return r is not None and r.enabled and (segment is None or segment in r.segments)
    return True


def _guarded(kpi: KPI) -> KPI:
    """The KPI as computed: NaN, not zero, when its part of the model is off, so a reader can
    tell "not simulated" from "none happened"."""
    if kpi.needs is None:
        return kpi
    inner, needs, segment = kpi.func, kpi.needs, kpi.segment

    def func(ev: EventView, sc: Scenario) -> float:
        return inner(ev, sc) if part_simulated(sc, needs, segment) else float("nan")

    return replace(kpi, func=func)


# the KPIs of every scenario, in kpis.csv's column order
FIXED_KPIS: tuple[KPI, ...] = tuple(
    _guarded(k) for k in (*DELIVERY_KPIS, *PARKING_KPIS, *ROUND_KPIS))
_BY_NAME: dict[str, KPI] = {k.name: k for k in FIXED_KPIS}
# the KPIs split per planning segment: vehicles_used -> vehicles_used_parcel, ...
SEGMENT_BASES: tuple[str, ...] = tuple(str(k.base) for k in segment_kpis("segment"))


def planning_segments(sc: Scenario) -> tuple[str, ...]:
    """The segments listed under `rounds.segments`, in column order (`segment_order`). Their
    KPIs are NaN while `rounds.enabled` is false, so a sweep that turns planning off keeps
    its columns."""
    return segment_order(sc.rounds.segments) if sc.rounds is not None else ()


@functools.cache
def _per_segment(segments: tuple[str, ...]) -> tuple[KPI, ...]:
    return tuple(_guarded(k) for seg in segments for k in segment_kpis(seg))


def kpis_for(sc: Scenario) -> tuple[KPI, ...]:
    """The KPIs of a run of this scenario, in kpis.csv's column order: the fixed ones, then
    per planning segment its vehicles, km, hours and cost per drop."""
    extra = _per_segment(planning_segments(sc))
    for k in extra:
        if k.name in _BY_NAME:
            raise InputError(f"scenario {sc.name}", f"rounds.segments.{k.segment}",
                             f"a segment name whose KPI {k.name} is not already the name of "
                             "another KPI; rename the segment")
    return FIXED_KPIS + extra


def kpi_names(sc: Scenario) -> list[str]:
    return [k.name for k in kpis_for(sc)]


def find(name: str) -> KPI | None:
    """The KPI called `name`, or None for a name venster does not make (an older run folder).

    A per-segment name is read without its scenario (a run folder is read long after the
    run), so any `<base>_<segment>` is that base's KPI for that segment; a fixed name wins,
    which is why route_km_in_zone is not route_km of a segment "in_zone".
    """
    if name in _BY_NAME:
        return _BY_NAME[name]
    for base in SEGMENT_BASES:
        if name.startswith(base + "_") and len(name) > len(base) + 1:
            segment = name[len(base) + 1:]
            return next(k for k in segment_kpis(segment) if k.base == base)
    return None


def _units_never_per_week() -> frozenset[str]:
    """Units whose every KPI is not summed per week (a share, EUR/year): how a KPI that
    venster does not know is read from its unit alone."""
    units: dict[str, set[bool]] = {}
    for k in (*FIXED_KPIS, *segment_kpis("segment")):
        units.setdefault(k.unit, set()).add(k.per_week)
    return frozenset(u for u, seen in units.items() if seen == {False})


UNITS_NEVER_PER_WEEK = _units_never_per_week()


def is_share(name: str, unit: str = "") -> bool:
    """A fraction 0..1, shown as a percentage (by its unit when venster does not know it)."""
    k = find(name)
    return k.share if k is not None else unit == SHARE_UNIT


def is_money(name: str, unit: str = "") -> bool:
    """Euros, shown as an amount (by its unit when venster does not know it)."""
    k = find(name)
    return k.money if k is not None else unit in MONEY_UNITS


def is_per_week(name: str, unit: str = "") -> bool:
    """Summed over the run, so divided by its weeks when shown per week; a share or a rate
    (EUR per drop, EUR per year) is not."""
    k = find(name)
    return k.per_week if k is not None else unit not in UNITS_NEVER_PER_WEEK


def simulated(values: Iterable[float | None] | None) -> bool:
    """Whether a run simulated a KPI: it holds a number for it in at least one replication.

    The one rule for "not simulated" (compare's verdict, the workbook's "niet gesimuleerd",
    the KPI table after a run): a KPI whose part of the model is off is NaN in every
    replication, never 0 (see `part_simulated`), so a run folder says it without its
    scenario. A share of nothing (no entries in any replication) reads the same way, and
    rightly: there is nothing to show or compare.
    """
    if values is None:
        return False
    return any(v is not None and not math.isnan(float(v)) for v in values)
