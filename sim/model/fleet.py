"""Which vehicles carriers drive in a given year, and what a vehicle emits.

A segment's fleet is either one mix or mixes at anchor years (`fleet_by_year`), interpolated
linearly for the simulated date. The adoption-speed knob stretches time around the base year:
at speed 2 the 2030 mix arrives in 2024. Zero-emission classes come first in the cumulative
order, so with one seed a faster transition turns the same vehicles zero-emission and never
the other way round.
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np

from sim.scenario.models import EnergySupply, Scenario, VehicleClass


def effective_year(scenario: Scenario, date: dt.date) -> float:
    """The point on the fleet path a date corresponds to, after the adoption-speed stretch."""
    ft = scenario.fleet_transition
    year = date.year + (date.timetuple().tm_yday - 1) / 365.25
    return ft.base_year + (year - ft.base_year) * ft.adoption_speed


def path_mix(scenario: Scenario, mix: dict[str, float], target_ze: float) -> dict[str, float]:
    """`mix` with its zero-emission classes scaled together to `target_ze` and the others to
    the rest: the low and high paths keep the written split within each group."""
    is_ze = {n: scenario.vehicle_classes[n].zero_emission for n in mix}
    ze = sum(s for n, s in mix.items() if is_ze[n])
    up = target_ze / ze if ze > 0 else 0.0
    down = (1.0 - target_ze) / (1.0 - ze) if ze < 1 else 0.0
    return {n: s * (up if is_ze[n] else down) for n, s in mix.items()}


def anchor_mixes(scenario: Scenario, segment: str) -> list[tuple[int, dict[str, float]]]:
    """A segment's anchor years and mixes on the scenario's fleet path (low, central, high)."""
    seg = scenario.segments[segment]
    anchors = sorted((seg.fleet_by_year or {}).items())
    path = scenario.fleet_transition.path
    ranges = seg.fleet_ze_range or {}
    if path == "central" or not ranges or seg.fleet_by_year is None:
        return [(y, dict(m)) for y, m in anchors]
    end = 0 if path == "low" else 1
    return [(y, path_mix(scenario, m, ranges[y][end]) if y in ranges else dict(m))
            for y, m in anchors]


def fleet_mix(scenario: Scenario, segment: str, date: dt.date) -> dict[str, float]:
    """Shares of vehicle classes in a segment's fleet on a date."""
    seg = scenario.segments[segment]
    if seg.fleet is not None:
        return dict(seg.fleet)
    anchors = anchor_mixes(scenario, segment)
    y = effective_year(scenario, date)
    if y <= anchors[0][0]:
        return dict(anchors[0][1])
    if y >= anchors[-1][0]:
        return dict(anchors[-1][1])
    for (y0, m0), (y1, m1) in itertools.pairwise(anchors):
        if y0 <= y <= y1:
            w = (y - y0) / (y1 - y0)
            names = set(m0) | set(m1)
            return {n: (1 - w) * m0.get(n, 0.0) + w * m1.get(n, 0.0) for n in names}
    raise AssertionError("unreachable: anchors bracket the year")


def fleet_cdf(scenario: Scenario, segment: str, date: dt.date) -> tuple[list[str], np.ndarray]:
    """Classes in draw order (zero-emission first, then by name) and their cumulative shares."""
    return _cdf(scenario, fleet_mix(scenario, segment, date))


def category_cdf(scenario: Scenario, segment: str, category: str,
                 date: dt.date) -> tuple[list[str], np.ndarray]:
    """As `fleet_cdf`, for the segment's mix restricted to one vehicle category and
    renormalised: the classes of the vehicles a carrier owns of that category (a fleet given
    by category, `vehicles_per_carrier: {tractor_trailer: 2, ...}`). The scenario check makes
    sure every written mix has a class of the category; should a low fleet path scale all
    of them to nothing, the category's written classes share equally rather than vanish."""
    mix = {n: s for n, s in fleet_mix(scenario, segment, date).items()
           if scenario.vehicle_classes[n].category == category}
    total = sum(mix.values())
    if total <= 0:
        mix, total = dict.fromkeys(mix, 1.0), float(len(mix))
    return _cdf(scenario, {n: s / total for n, s in mix.items()})


def _cdf(scenario: Scenario, mix: dict[str, float]) -> tuple[list[str], np.ndarray]:
    """Classes with a share, zero-emission first, then by name, and their cumulative shares
    (ending at exactly 1)."""
    mix = {n: s for n, s in mix.items() if s > 0}
    names = sorted(mix, key=lambda n: (not scenario.vehicle_classes[n].zero_emission, n))
    cdf = np.cumsum([mix[n] for n in names])
    cdf[-1] = 1.0
    return names, cdf


def fleet_classes(names: list[str], cdf: np.ndarray, n: int,
                  rng: np.random.Generator) -> list[str]:
    """Classes of a segment's `n` vehicles, drawn stratified: one uniform offset places the
    vehicles at evenly spaced points of the cumulative mix, and a random permutation deals
    those points out. Each class gets its share of the fleet to within one vehicle, so the
    zero-emission share of a small fleet does not swing between replications as it would
    with one independent draw per vehicle; which vehicle (and carrier) gets which class is
    still random. A vehicle keeps its point whatever the mix, so a greener mix on the same
    seed turns the same vehicles zero-emission."""
    offset = rng.random()
    points = (rng.permutation(n) + offset) / n
    return [names[int(i)] for i in np.searchsorted(cdf, points, side="right")]


def wtw_g_km(vc: VehicleClass, energy: EnergySupply) -> float:
    """Well-to-wheel CO2 per km: given for fuels, derived for electricity and hydrogen."""
    if vc.co2_wtw_g_km is not None:
        return vc.co2_wtw_g_km
    if vc.kwh_per_km is not None:
        return vc.kwh_per_km * energy.grid_g_co2_per_kwh
    assert vc.h2_kg_per_km is not None
    return vc.h2_kg_per_km * energy.hydrogen_g_co2_per_kg[energy.hydrogen_pathway]


def factors(scenario: Scenario, attr: str) -> dict[str, float]:
    """A per-km factor or cost of every vehicle class, by class name."""
    if attr == "co2_wtw_g_km":
        return {n: wtw_g_km(vc, scenario.energy) for n, vc in scenario.vehicle_classes.items()}
    return {n: float(getattr(vc, attr)) for n, vc in scenario.vehicle_classes.items()}
