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
    zone = scenario.ze_zone
    if zone is not None and zone.enabled:
        lines.append(f"zero-emission zone from {zone.start} for {', '.join(zone.applies_to)}; "
                     f"transition exemptions {'on' if zone.transition_exemptions else 'off'}")
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
