"""What each carrier knows and expects, and the fines agency's record of letters per plate.

The state behind the motive model (sim.model.motives) for goods vehicles: letters go to the
keeper of the vehicle, the firm, so what one driver learns all its drivers know. The
simulation (sim.model.world) asks it what a driver weighs and tells it when letters and
campaigns arrive.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from sim.model import deterrence as dtr
from sim.model import motives as mv
from sim.model.calendar import MINUTES_PER_DAY
from sim.model.enforcement import FINE, WARNING
from sim.scenario.models import Scenario


def named_fine_start(scenario: Scenario, rule: str) -> float | None:
    """Minute (from the run's start) fines for `rule` start, if warning letters name it.

    The ZE zone's letters name it unless `ze_zone.warnings_name_fine_date` is false; the
    window's warning period is named only if `enforcement.warnings_name_fine_date` (Assen
    2023: the start of fines was not yet known in March, DATA.md section 2).
    """
    if rule == mv.ZE_ZONE:
        zone = scenario.ze_zone
        until = zone.warnings_until if zone is not None and zone.warnings_name_fine_date else None
    else:
        e = scenario.enforcement
        until = e.warnings_until if e.warnings_name_fine_date else None
    if until is None:
        return None
    return float((until - scenario.start_date).days * MINUTES_PER_DAY)


def has_warning_period(scenario: Scenario, rule: str) -> bool:
    if rule == mv.ZE_ZONE:
        return scenario.ze_zone is not None and scenario.ze_zone.warnings_until is not None
    return scenario.enforcement.warnings_until is not None


def campaign_minute(scenario: Scenario, date: dt.date) -> float:
    """When a campaign reaches people: its day's first minute, at the earliest the run's."""
    return max(0.0, float((date - scenario.start_date).days * MINUTES_PER_DAY))


class CarrierMotives:
    """Per carrier: its lasting taste for driving in anyway, which rules it knows, from when it
    expects fines; per plate: whether it has had a letter (for first-offence warnings).

    Draws come from the 'motives' stream in a fixed order (tastes, knowing the rules, the
    spread of beliefs, then one row per campaign), the same whatever the scenario's values,
    so paired runs share them.
    """

    def __init__(self, scenario: Scenario, carrier_ids: list[int], foreign: list[bool],
                 plates: list[list[str]], segments: list[str], gate_ids: list[str],
                 horizon: float, rng: np.random.Generator) -> None:
        b, e = scenario.behaviour, scenario.enforcement
        self.scenario = scenario
        n = len(carrier_ids)
        tastes = mv.lasting_tastes(rng, n, b.taste_sd_eur)
        u_know = rng.random((n, 3))  # the window rule, the ZE rule, the firm's norm
        u_spread = rng.random((n, mv.SPREAD_STEPS))
        u_campaign = rng.random((len(e.campaigns), n))
        self.index = {c: i for i, c in enumerate(carrier_ids)}
        self.taste = dict(zip(carrier_ids, tastes.tolist(), strict=True))
        settled = b.start_state == "settled"
        know_window = (np.ones(n, dtype=bool) if settled
                       else u_know[:, 0] < b.initial_aware_share)
        know_ze = u_know[:, 1] < b.ze_aware_share
        self.knows = {c: {mv.WINDOW: bool(know_window[i]), mv.ZE_ZONE: bool(know_ze[i])}
                      for i, c in enumerate(carrier_ids)}
        # with norm_holder firm: the firms that follow a rule once they know it, for good
        share = np.array([scenario.segments[seg].always_compliant_share for seg in segments])
        self.firm_follows = dict(zip(carrier_ids, (u_know[:, 2] < share).tolist(), strict=True))
        self.expects = {c: {mv.WINDOW: mv.NEVER, mv.ZE_ZONE: mv.NEVER} for c in carrier_ids}
        # plates with a letter on record at the agency, and plates whose firm has read it
        self.record: set[str] = set()
        self.told: set[str] = set()
        if e.first_offence_warning and settled:
            # a regime in force has warned every plate of a firm that knows it (assumption:
            # knowing the rule stands for having had the warning)
            for i in range(n):
                if know_window[i] and not foreign[i]:
                    self.record.update(plates[i])
                    self.told.update(plates[i])
        self.beliefs = self._beliefs(carrier_ids, foreign, gate_ids, horizon, u_spread)
        self.u_campaign = u_campaign
        self.carrier_ids = carrier_ids

    def _beliefs(self, carrier_ids: list[int], foreign: list[bool], gate_ids: list[str],
                 horizon: float, u_spread: np.ndarray) -> dict[int, np.ndarray]:
        """Each carrier's starting beliefs: the regime's fixed point or the stated prior, and in
        a settled regime spread between firms as the learning rule spreads them."""
        sc = self.scenario
        b = sc.behaviour
        start = {f: dtr.starting_beliefs(b, sc.enforcement, gate_ids, sc.start_date, horizon, f)
                 for f in (False, True)}
        if b.start_state != "settled" or not b.belief_spread:
            return {c: start[f].copy() for c, f in zip(carrier_ids, foreign, strict=True)}
        q = dtr.letter_chances(sc.enforcement, gate_ids, sc.start_date, horizon)
        spread = mv.stationary_beliefs(q, b.learning_rate, b.silence_learning_rate, u_spread)
        return {c: (start[True].copy() if f else spread[i])
                for i, (c, f) in enumerate(zip(carrier_ids, foreign, strict=True))}

    def follows(self, carrier: int, driver_follows: bool, rules: list[str]) -> bool:
        """Whether a driver of this firm stays out: the driver (or, with norm_holder firm, the
        firm) follows rules once known, and the firm knows these."""
        knows = self.knows[carrier]
        normative = (self.firm_follows[carrier] if self.scenario.behaviour.norm_holder == "firm"
                     else driver_follows)
        return mv.follows_rule(normative, all(knows[r] for r in rules))

    def expects_fine(self, carrier: int, plate: str, rule: str, now: float) -> bool:
        if rule == mv.WINDOW and self.scenario.enforcement.first_offence_warning \
                and plate in self.told:
            return True
        return self.expects[carrier][rule] <= now

    def expected(self, carrier: int, plate: str, now: float) -> frozenset[str]:
        """The rules for which this firm, driving this plate, expects a fine now."""
        return frozenset(r for r in mv.RULES if self.expects_fine(carrier, plate, r, now))

    def first_offence(self, plate: str) -> bool:
        """Whether a window offence now would be the plate's first on the agency's record."""
        return plate not in self.record

    def registered(self, plate: str, outcome: str) -> None:
        """The agency records a letter it sends (for first-offence warnings)."""
        if outcome in (WARNING, FINE):
            self.record.add(plate)

    def letter(self, carrier: int, plate: str, rules: list[str], outcome: str,
               now: float) -> None:
        """A letter arrives: the firm knows the rules it broke; a warning announces fines."""
        b, e = self.scenario.behaviour, self.scenario.enforcement
        for rule in rules:
            self.knows[carrier][rule] = True
            first = rule == mv.WINDOW and e.first_offence_warning
            if first:
                self.told.add(plate)
            if outcome == WARNING:
                when = mv.fines_expected_from(now, first, named_fine_start(self.scenario, rule),
                                              b.fines_expected_after_days)
                self.expects[carrier][rule] = min(self.expects[carrier][rule], when)

    def campaign(self, k: int, now: float) -> None:
        """Campaign k reaches carriers: they know the rule and, in a warning period, expect
        fines from the day it names."""
        c = self.scenario.enforcement.campaigns[k]
        named = named_fine_start(self.scenario, c.rule)
        period = has_warning_period(self.scenario, c.rule)
        for i, carrier in enumerate(self.carrier_ids):
            if self.u_campaign[k, i] < c.carriers_reached:
                self.knows[carrier][c.rule] = True
                if period:
                    when = mv.fines_expected_from(
                        now, False, named, self.scenario.behaviour.fines_expected_after_days)
                    self.expects[carrier][c.rule] = min(self.expects[carrier][c.rule], when)
