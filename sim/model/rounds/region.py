"""Where carriers drive outside Assen's zone: depots, other towns, and the roads between.

Other towns and carriers' regional depots are scenario data placed at their latitude and
longitude (converted to the geodata's Dutch grid, EPSG:28992), or, for a place standing for
many, by distance and compass bearing from Assen's centre (the zone's centroid); road distance
between two places outside the zone is the straight line times a detour factor. Between a
depot on Assen's edge (in the geodata) and a shop in the zone the street graph is used (depot
to gate, then the zone's own streets at walking pace).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from pyproj import Transformer

from sim.geo.model import Geography
from sim.scenario.models import Scenario


@dataclass(frozen=True)
class Region:
    """Positions of towns and speeds; built once per run from the scenario and the geodata."""

    centre: tuple[float, float]
    towns: dict[str, tuple[float, float]]  # name -> (x, y), EPSG:28992 metres
    depots: dict[str, tuple[float, float]]  # regional depots, name -> (x, y)
    detour: float
    speed_m_s: float  # between towns and from Assen to them
    town_speed_m_s: float  # between stops inside a town
    town_hop_m: float
    local_speed_m_s: float  # Assen's roads outside the zone (depot to gate)
    zone_speed_m_s: float  # inside the zone (walking pace)


def build_region(scenario: Scenario, geo: Geography) -> Region:
    """Place the scenario's towns around Assen's centre and convert its speeds to m/s."""
    rounds = scenario.rounds
    assert rounds is not None
    c = geo.zone.centroid
    towns = {}
    for name, t in rounds.towns.items():
        if t.lat is not None and t.lon is not None:
            towns[name] = rd_xy(t.lat, t.lon)
            continue
        assert t.km_from_assen is not None and t.bearing_deg is not None
        b = math.radians(t.bearing_deg)
        towns[name] = (c.x + t.km_from_assen * 1000.0 * math.sin(b),
                       c.y + t.km_from_assen * 1000.0 * math.cos(b))
    depots = {name: rd_xy(d.lat, d.lon) for name, d in rounds.depots.items()}
    kmh = 1000.0 / 3600.0
    return Region(
        centre=(c.x, c.y), towns=towns, depots=depots, detour=rounds.road_detour,
        speed_m_s=rounds.speed_kmh * kmh, town_speed_m_s=rounds.town_speed_kmh * kmh,
        town_hop_m=rounds.town_km_between_stops * 1000.0,
        local_speed_m_s=scenario.behaviour.road_kmh * kmh,
        zone_speed_m_s=scenario.zone.speed_kmh * kmh,
    )


@functools.lru_cache(maxsize=256)
def rd_xy(lat: float, lon: float) -> tuple[float, float]:
    """WGS84 latitude/longitude to the Dutch grid (EPSG:28992), rounded to the metre so the
    plans' keys do not depend on the last bits of a projection library's arithmetic."""
    x, y = _to_rd().transform(lon, lat)
    return (round(float(x)), round(float(y)))


@functools.cache
def _to_rd() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


def road_m(region: Region, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Road metres between two places outside the zone (straight line times the detour)."""
    return math.hypot(a[0] - b[0], a[1] - b[1]) * region.detour


def best_gate_to_shops(
    region: Region, geo: Geography, outside_m: np.ndarray, speed_m_s: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For a place with `outside_m` road metres to each gate: for every shop, the quickest
    gate, the metres outside and inside the zone, by that gate."""
    gate_keys = np.array([g.key for g in geo.gates])
    shop_keys = np.array([s.key for s in geo.shops])
    inside = geo.zone_dist_m[np.ix_(gate_keys, shop_keys)]  # (G, S)
    secs = outside_m[:, None] / speed_m_s + inside / region.zone_speed_m_s
    g = np.argmin(secs, axis=0)
    cols = np.arange(len(shop_keys))
    return g, outside_m[g], inside[g, cols]
