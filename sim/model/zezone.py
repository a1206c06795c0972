"""The national zero-emission-zone rules as pure functions of vehicle and date.

From 1 January 2025 only zero-emission vans and trucks may enter, except vehicles covered by the
transition rules until their end date, and vehicles on one of their (at most 12 a year) day
exemptions. Dates and classes: evofenedex "Toegangseisen zero-emissiezones" and
rijksoverheid.nl (DATA.md §3). Cars, taxis, mopeds and bicycles are not covered.
"""

from __future__ import annotations

import datetime as dt

from sim.model.vehicles import VehicleFacts
from sim.scenario.models import ZeZone


def transition_until(zone: ZeZone, v: VehicleFacts) -> dt.date | None:
    """The first date a non-zero-emission vehicle is no longer let in; None if never.

    The rules are scenario data (`ze_zone.transition`), the national ones by default; a rule
    with registration years does not cover a vehicle whose year is unknown.
    """
    if not zone.transition_exemptions or v.euro is None:
        return None
    reg = v.registration_year
    if reg is not None and reg >= zone.new_must_be_ze_from:
        return None
    end: dt.date | None = None
    for rule in zone.transition:
        if rule.category != v.category or v.euro < rule.euro_min:
            continue
        if rule.euro_max is not None and v.euro > rule.euro_max:
            continue
        if rule.registered_from is not None and (reg is None or reg < rule.registered_from):
            continue
        if rule.registered_until is not None and (reg is None or reg > rule.registered_until):
            continue
        end = rule.until if end is None else max(end, rule.until)
    if end is None:
        return None
    return min(end, zone.all_ze_from)


def ze_zone_admits(
    zone: ZeZone | None, v: VehicleFacts, date: dt.date, day_exemption: bool = False
) -> bool:
    """Whether the ZE-zone rules let this vehicle in on this date (time of day aside): a
    zero-emission vehicle, one the zone is not for, one on a day exemption or holding a
    long-term exemption, or one under a transition rule until it ends."""
    if zone is None or not zone.enabled or date < zone.start:
        return True
    if (v.zero_emission or v.category not in zone.applies_to or day_exemption
            or v.ze_exempt):
        return True
    until = transition_until(zone, v)
    return until is not None and date < until


def ze_fine(zone: ZeZone, category: str) -> float:
    return float(zone.fines_eur.get(category, 0.0))


def ze_warning_only(zone: ZeZone, date: dt.date) -> bool:
    return zone.warnings_until is not None and date < zone.warnings_until
