"""The national zero-emission-zone rules as pure functions of vehicle and date.

From 1 January 2025 only zero-emission vans and trucks may enter, except vehicles covered by the
transition rules until their end date, and vehicles on one of their (at most 12 a year) day
exemptions. Dates and classes: evofenedex "Toegangseisen zero-emissiezones" and
rijksoverheid.nl (DATA.md §3). Cars, taxis, mopeds and bicycles are not covered.
"""

from __future__ import annotations

import datetime as dt

from sim.model.policy import VehicleFacts
from sim.scenario.models import ZeZone

NEW_MUST_BE_ZE_FROM = 2025  # vans and trucks registered from this year: no transition


def transition_until(zone: ZeZone, v: VehicleFacts) -> dt.date | None:
    """The first date a non-zero-emission vehicle is no longer let in; None if never."""
    if not zone.transition_exemptions or v.euro is None:
        return None
    reg = v.registration_year
    if reg is not None and reg >= NEW_MUST_BE_ZE_FROM:
        return None
    end: dt.date | None = None
    if v.category == "van":
        if v.euro == 5:
            end = dt.date(2027, 1, 1)
        elif v.euro >= 6:
            end = dt.date(2029 if zone.euro6_van_extra_year else 2028, 1, 1)
    elif v.category == "rigid_truck" and v.euro >= 6 and reg is not None:
        if reg >= 2020:
            end = dt.date(2030, 1, 1)
        elif reg >= 2017:
            end = dt.date(2028, 1, 1)
    elif v.category == "tractor_trailer" and v.euro >= 6 and reg is not None and reg >= 2017:
        end = dt.date(2030, 1, 1)
    if end is None:
        return None
    return min(end, zone.all_ze_from)


def ze_zone_admits(
    zone: ZeZone | None, v: VehicleFacts, date: dt.date, day_exemption: bool = False
) -> bool:
    """Whether the ZE-zone rules let this vehicle in on this date (time of day aside)."""
    if zone is None or not zone.enabled or date < zone.start:
        return True
    if v.zero_emission or v.category not in zone.applies_to or day_exemption:
        return True
    until = transition_until(zone, v)
    return until is not None and date < until


def ze_fine(zone: ZeZone, category: str) -> float:
    return float(zone.fines_eur.get(category, 0.0))


def ze_warning_only(zone: ZeZone, date: dt.date) -> bool:
    return zone.warnings_until is not None and date < zone.warnings_until
