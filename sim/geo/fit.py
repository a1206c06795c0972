"""Checks that need both the scenario and its geodata, and the description `validate` prints.

The scenario schema cannot know which gate or depot ids a GeoPackage holds; these checks name
the scenario field that points at something the geodata lacks.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sim.counted import counted
from sim.errors import InputError
from sim.geo.model import Geography
from sim.scenario.models import Scenario


def check_against_geography(
    scenario: Scenario, geo: Geography, path: str | Path | None = None
) -> None:
    """Raise InputError for the first scenario reference the geodata cannot satisfy."""
    src = path or scenario.name
    gate_ids = {g.id for g in geo.gates}
    known = ", ".join(sorted(gate_ids))

    def need_gates(ids: list[str], field: str) -> None:
        for g in ids:
            if g not in gate_ids:
                raise InputError(src, field, f"a gate id of {geo.source}; {g!r} is not one "
                                 f"(known: {known})")

    if scenario.enforcement.camera_gates != "all":
        need_gates(scenario.enforcement.camera_gates, "enforcement.camera_gates")
    for i, outage in enumerate(scenario.enforcement.scheduled_outages):
        need_gates(outage.gates, f"enforcement.scheduled_outages.{i}.gates")
    for i, rule in enumerate(scenario.policy.rules):
        need_gates(rule.gates, f"policy.rules.{i}.gates")
    depot_ids = {d.id for d in geo.depots}
    for name, seg in scenario.segments.items():
        if seg.depot is not None and seg.depot not in depot_ids:
            raise InputError(src, f"segments.{name}.depot",
                             f"a depot id of {geo.source} (known: {', '.join(sorted(depot_ids))})")
    if scenario.hub is not None and scenario.hub.depot not in depot_ids:
        raise InputError(src, "hub.depot",
                         f"a depot id of {geo.source} (known: {', '.join(sorted(depot_ids))})")
    parking = scenario.parking
    if parking is not None and parking.enabled and not geo.parking:
        raise InputError(src, "parking.enabled",
                         f"false, or geodata with a parking layer; {geo.source} has no places")
    if not geo.shops:
        raise InputError(geo.source, "shops", "at least one shop in the zone")


def describe(scenario: Scenario, geo: Geography) -> list[str]:
    """Plain lines on what a run of this scenario would simulate."""
    types = Counter(s.type for s in geo.shops)
    weekly = scenario.demand.weekly_deliveries
    per_week = sum(
        n * sum(weekly.get(t, {}).values()) for t, n in types.items()
    ) * scenario.demand.scale
    no_demand = sorted(t for t in types if not sum(weekly.get(t, {}).values()))
    rule_names = ", ".join(r.name + ("" if r.enabled else " (switched off)")
                           for r in scenario.policy.rules) or (
        "none: only exempt vehicles may enter; a 00:00-24:00 rule opens the zone")
    cams = (len(geo.gates) if scenario.enforcement.camera_gates == "all"
            else len(scenario.enforcement.camera_gates))
    lines = [
        f"scenario {scenario.name}: {counted(scenario.weeks, 'week')} from {scenario.start_date} "
        f"(seed {scenario.seed}, {counted(scenario.replications, 'replication')})",
        f"geodata {geo.source}: zone {geo.zone_area_m2 / 1e4:.1f} ha, {len(geo.gates)} gates "
        f"({cams} with a camera), {len(geo.shops)} shops, {len(geo.bays)} bays",
        "shops by type: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())),
        f"expected deliveries per week: {per_week:.0f} from {len(scenario.segments)} supplier "
        f"segments",
        f"window rules: {len(scenario.policy.rules)} ({rule_names})",
        "drivers' beliefs about the cameras start " + (
            "settled: where this camera set-up leaves them (docs/deterrence.md)"
            if scenario.behaviour.start_state == "settled" else
            f"from stated priors (a regime just started): "
            f"{scenario.behaviour.perceived_detection_prior:g} where a camera sign stands"),
    ]
    lines += _letters(scenario)
    zone = scenario.ze_zone
    if zone is not None and zone.enabled:
        lines.append(f"zero-emission zone from {zone.start} for {', '.join(zone.applies_to)}; "
                     f"transition exemptions {'on' if zone.transition_exemptions else 'off'}"
                     + (f"; warnings until {zone.warnings_until}, then fines (the letters "
                        + ("name that day)" if zone.warnings_name_fine_date
                           else "name no date)")
                        if zone.warnings_until else ""))
        lines.append(_ze_fleet(scenario))
    if scenario.hub is not None:
        lines.append(f"consolidation hub at depot {scenario.hub.depot} "
                     f"({scenario.hub.vehicle_class})")
    rounds = scenario.rounds
    if rounds is not None and rounds.enabled and rounds.segments:
        drawn = sorted(set(scenario.segments) - set(rounds.segments))
        lines.append(f"rounds planned with PyVRP ({rounds.solver_iterations} iterations per "
                     f"carrier-day): {', '.join(sorted(rounds.segments))}; other towns "
                     f"{', '.join(sorted(rounds.towns)) or 'none'}; drawn arrival profiles: "
                     f"{', '.join(drawn) or 'none'}")
    lines.append(_window_responses(scenario))
    parking = scenario.parking
    if parking is not None and parking.enabled:
        street = sum(p.spaces for p in geo.parking if p.kind == "street")
        garage = sum(p.spaces for p in geo.parking if p.kind == "garage")
        lines.append(f"parking: {street} street spaces, {garage} in garages; groups "
                     f"{', '.join(parking.groups)}")
    if no_demand:
        lines.append("note: no deliveries are set for shop type"
                     + ("s " if len(no_demand) > 1 else " ") + ", ".join(no_demand))
    return lines


def _ze_fleet(scenario: Scenario) -> str:
    """What carriers do about vehicles the zone bars (sim.model.renewal, docs/deterrence.md)."""
    zone, b = scenario.ze_zone, scenario.behaviour
    assert zone is not None
    act = (f"firms that learn the rule during the run renew then, the vehicle "
           f"{zone.renewal_lead_days:g} days later"
           if zone.renew_on_learning and b.ze_aware_share < 1 else
           "firms that know the rule act before the run")
    if b.renew_just_in_time and zone.warnings_until is not None \
            and zone.warnings_until > scenario.start_date:
        act += (f" (firms that weigh costs, not followers of known rules: for the day fines "
                f"start, {zone.warnings_until})")
    exempt = (f"{zone.exemption_share:.0%} of barred vehicles qualify for an exemption "
              f"(after {zone.exemption_lead_days:g} days)" if zone.exemption_share > 0
              else "no long-term exemptions")
    return (f"ZE-zone fleet: {b.ze_aware_share:.0%} of carriers know the rule at the start; "
            f"{act}; {exempt}; admitted vehicles sent first "
            f"{'on' if b.ze_reassign_fleet else 'off'}; day exemptions EUR "
            f"{zone.day_exemption_cost_eur:g}, {zone.day_exemptions_per_year} a year"
            + (", kept for the fined months by calculating drivers" if b.save_day_exemptions
               and zone.warnings_until is not None
               and zone.warnings_until > scenario.start_date else ""))


def _letters(scenario: Scenario) -> list[str]:
    """How the scenario warns before it fines, its campaigns, and why drivers comply."""
    e, b, ot = scenario.enforcement, scenario.behaviour, scenario.other_traffic
    if e.warnings_until is not None and e.warnings_until <= scenario.start_date:
        warn = f"window letters are fines (the warning period ended on {e.warnings_until})"
    elif e.warnings_until is not None:
        named = ("the letters name that day" if e.warnings_name_fine_date else
                 f"the letters name no date: a warned keeper expects fines "
                 f"{b.fines_expected_after_days:g} days later")
        warn = (f"window letters are warnings from {e.warnings_from or 'the start'} until "
                f"{e.warnings_until}, then fines; {named}")
    else:
        warn = "window letters are fines (no warning period)"
    if e.first_offence_warning:
        warn += "; a plate's first offence brings a warning, fines from the second"
    lines = [warn]
    for c in e.campaigns:
        signs = ("" if c.turn_away_share is None
                 else f", extra signs ({c.turn_away_share:.0%} of unaware drivers turn)")
        lines.append(f"campaign on {c.date} ({c.rule}): letters to {c.carriers_reached:.0%} of "
                     f"carriers, word to {c.drivers_reached:.0%} of regular drivers{signs}")
    knows = ("all carriers know the window rule" if b.start_state == "settled"
             else f"{b.initial_aware_share:.0%} of carriers know the window rule")
    zone = scenario.ze_zone
    if zone is not None and zone.enabled:
        knows += f", {b.ze_aware_share:.0%} the zero-emission zone's"
    holder = "each driver on the day" if b.norm_holder == "driver" else "the firm, for good"
    lines.append(f"why drivers comply (docs/deterrence.md): {knows}; those who know and follow "
                 f"rules stay out (a segment's always_compliant_share, held by {holder}; "
                 f"{ot.normative_share:.0%} of other drivers); lasting tastes spread "
                 f"EUR {b.taste_sd_eur:g} (firms) and EUR {ot.taste_sd_eur:g} (other drivers)")
    return lines

_RESPONSE_WORDS = {
    "last": "in the window's last hour when Assen closes after the other centres on the "
            "rounds, else anywhere in it",
    "edge": "in the window's hour nearest their usual time",
    "spread": "anywhere in the window, as their hourly profile weighs it",
}


def _window_responses(scenario: Scenario) -> str:
    """Which drawn segments re-time a visit the window excludes, and how (a planner who
    reads 'last' knows a later window end will gather visits in its last hour)."""
    rounds = scenario.rounds
    planned = set(rounds.segments) if rounds is not None and rounds.enabled else set()
    by: dict[str, list[str]] = {}
    for name, seg in sorted(scenario.segments.items()):
        if name not in planned:
            by.setdefault(seg.window_response, []).append(name)
    parts = [f"{', '.join(names)} {_RESPONSE_WORDS[r]}" for r, names in sorted(by.items())]
    return ("a visit the window excludes at its usual hour comes: " + "; ".join(parts)
            if parts else "every segment plans rounds")
