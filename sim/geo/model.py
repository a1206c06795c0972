"""The geography the simulation sees: named places and street distances between them.

The simulation never touches GeoDataFrames or networkx: it reads these frozen records and a
precomputed matrix of shortest street distances between all *key places* (gates, shops, bays,
depots). That keeps the simpy hot path to an array lookup and makes any GeoPackage that passes
the loader's checks usable unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from shapely.geometry import Polygon


@dataclass(frozen=True)
class Gate:
    """An entrance to the zone on its boundary; `camera_id` is empty when it has no camera."""

    id: str
    name: str
    camera_id: str
    x: float
    y: float
    key: int  # row/column in Geography.zone_dist_m


@dataclass(frozen=True)
class Shop:
    id: str
    name: str
    type: str
    street: str
    x: float
    y: float
    key: int  # row/column in Geography.zone_dist_m


@dataclass(frozen=True)
class Bay:
    """A loading bay just outside the zone, from where goods are walked in with a trolley."""

    id: str
    name: str
    capacity: int
    x: float
    y: float
    key: int  # row in Geography.walk_m


@dataclass(frozen=True)
class Parking:
    """An on-street stretch (`kind == "street"`) or a garage (`kind == "garage"`)."""

    id: str
    name: str
    kind: str
    spaces: int
    x: float
    y: float
    time_limit_min: float | None = None


@dataclass(frozen=True)
class Depot:
    id: str
    name: str
    kind: str
    x: float
    y: float
    key: int  # row in Geography.depot_gate_m


@dataclass(frozen=True)
class Geography:
    """Everything spatial a run needs, in EPSG:28992 metres.

    Gates and shops share one index space (`key`) so a tour gate -> shop -> ... -> gate is a
    walk along rows of `zone_dist_m`.
    """

    source: str
    zone: Polygon
    gates: tuple[Gate, ...]
    shops: tuple[Shop, ...]
    bays: tuple[Bay, ...]
    parking: tuple[Parking, ...]
    depots: tuple[Depot, ...]
    # Driving inside the zone: shortest street distance in metres between gates and shops, on
    # the streets inside the zone only (a vehicle in the zone does not leave and re-enter).
    # Square, symmetric, zero diagonal, indexed by Gate.key and Shop.key.
    zone_dist_m: np.ndarray = field(repr=False)
    # Walking with a trolley: metres from each bay (rows, Bay.key) to each shop (columns,
    # Shop.key) along streets.
    walk_m: np.ndarray = field(repr=False)
    # Driving from the edge of town: metres from each depot (rows, Depot.key) to each gate
    # (columns, Gate.key) over the street graph outside the zone.
    depot_gate_m: np.ndarray = field(repr=False)

    @property
    def zone_area_m2(self) -> float:
        return float(self.zone.area)

    def gate(self, gate_id: str) -> Gate:
        for g in self.gates:
            if g.id == gate_id:
                return g
        raise KeyError(gate_id)
