"""Window policy as pure functions: may this vehicle pass this gate at this moment?

No simpy here. The answer depends only on the vehicle's facts, the gate, the date, the minute
of the day and the scenario's rules, so it can be tested exhaustively and reused by the
behaviour model ("when does my gate open next?") and by the report ("which hours are open?").
"""

from __future__ import annotations

import datetime as dt

from sim.model.calendar import day_type, in_spans, merge_spans, next_in_spans, spans_minutes
from sim.model.vehicles import VehicleFacts
from sim.model.zezone import ze_zone_admits
from sim.scenario.models import Policy, WindowRule, ZeZone


def rule_admits(
    rule: WindowRule, vehicle: VehicleFacts, gate: str, date: dt.date, holidays: frozenset[dt.date]
) -> bool:
    """Whether `rule` applies to this vehicle at this gate on this date (hours aside)."""
    if not rule.enabled:
        return False
    if rule.valid_from is not None and date < rule.valid_from:
        return False
    if rule.valid_until is not None and date >= rule.valid_until:
        return False
    if day_type(date, holidays) not in rule.days:
        return False
    if rule.gates and gate not in rule.gates:
        return False
    if rule.categories and vehicle.category not in rule.categories:
        return False
    if rule.permits and not vehicle.permits.intersection(rule.permits):
        return False
    return not (rule.zero_emission_only and not vehicle.zero_emission)


def is_exempt(policy: Policy, vehicle: VehicleFacts) -> bool:
    """Vehicles the rules never stop (bicycles, emergency services, private parking)."""
    return vehicle.category in policy.exempt_categories or bool(
        vehicle.permits.intersection(policy.exempt_permits)
    )


def open_spans(
    policy: Policy,
    vehicle: VehicleFacts,
    gate: str,
    date: dt.date,
    holidays: frozenset[dt.date] = frozenset(),
) -> tuple[tuple[float, float], ...]:
    """Minutes of the day [start, end) in which this vehicle may pass, merged and sorted."""
    if is_exempt(policy, vehicle):
        return ((0.0, 1440.0),)
    spans: list[tuple[float, float]] = []
    for rule in policy.rules:
        if rule_admits(rule, vehicle, gate, date, holidays):
            spans.extend(spans_minutes(tuple(rule.hours)))
    return merge_spans(spans)


def may_enter(
    policy: Policy,
    vehicle: VehicleFacts,
    gate: str,
    date: dt.date,
    minute: float,
    holidays: frozenset[dt.date] = frozenset(),
) -> bool:
    """The gate question itself; `minute` is minutes after midnight."""
    return in_spans(open_spans(policy, vehicle, gate, date, holidays), minute)


def next_opening(
    policy: Policy,
    vehicle: VehicleFacts,
    gate: str,
    date: dt.date,
    minute: float,
    holidays: frozenset[dt.date] = frozenset(),
) -> float | None:
    """The first minute at or after `minute`, the same day, this vehicle may pass; else None."""
    return next_in_spans(open_spans(policy, vehicle, gate, date, holidays), minute)


class PolicyCache:
    """Window rules and the zero-emission zone together, memoised per (vehicle, gate, day).

    A vehicle may pass when a window admits it *and* the ZE-zone rules let it in that day
    (or it uses a day exemption). This is what the simulation's hot path asks.
    """

    def __init__(
        self, policy: Policy, holidays: frozenset[dt.date], ze_zone: ZeZone | None = None
    ) -> None:
        self.policy = policy
        self.holidays = holidays
        self.ze_zone = ze_zone
        self._spans: dict[tuple[VehicleFacts, str, dt.date, bool],
                          tuple[tuple[float, float], ...]] = {}
        self._gate_specific = any(rule.gates for rule in policy.rules)

    def ze_admits(self, vehicle: VehicleFacts, date: dt.date, day_exemption: bool = False) -> bool:
        return ze_zone_admits(self.ze_zone, vehicle, date, day_exemption)

    def window_spans(
        self, vehicle: VehicleFacts, gate: str, date: dt.date
    ) -> tuple[tuple[float, float], ...]:
        """The window rules alone, ignoring the zero-emission zone."""
        return self.spans(vehicle, gate, date, ignore_ze_zone=True)

    def spans(
        self, vehicle: VehicleFacts, gate: str, date: dt.date, day_exemption: bool = False,
        ignore_ze_zone: bool = False,
    ) -> tuple[tuple[float, float], ...]:
        key = (vehicle, gate if self._gate_specific else "", date, ignore_ze_zone)
        found = self._spans.get(key)
        if found is None:
            found = open_spans(self.policy, vehicle, gate, date, self.holidays)
            if not ignore_ze_zone and not self.ze_admits(vehicle, date):
                found = ()
            self._spans[key] = found
        if day_exemption and not found and not ignore_ze_zone:
            return self.window_spans(vehicle, gate, date)
        return found

    def may_enter(
        self, vehicle: VehicleFacts, gate: str, date: dt.date, minute: float,
        day_exemption: bool = False,
    ) -> bool:
        return in_spans(self.spans(vehicle, gate, date, day_exemption), minute)

    def next_opening(
        self, vehicle: VehicleFacts, gate: str, date: dt.date, minute: float,
        day_exemption: bool = False,
    ) -> float | None:
        return next_in_spans(self.spans(vehicle, gate, date, day_exemption), minute)
