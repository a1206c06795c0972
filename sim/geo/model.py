"""The geography the simulation sees: named places and street distances between them.

The simulation never touches GeoDataFrames or networkx: it reads these frozen records and a
precomputed matrix of shortest street distances between all *key places* (gates, shops, bays,
depots). That keeps the simpy hot path to an array lookup and makes any GeoPackage that passes
the loader's checks usable unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from shapely.geometry import Polygon

from sim.scenario.rounds_models import Rounds

# A depot off the drawn streets joins them by the straight line times the scenario's
# `rounds.road_detour` (sim.model.roads), which the simulation passes to the loader; a load that
# no scenario asks for (a map, a check of the geodata alone) takes that field's default.
DEFAULT_DEPOT_DETOUR: float = Rounds.model_fields["road_detour"].default


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
class Street:
    """A drawn street, kept only so maps can show it; routing uses the matrices below."""

    name: str
    kind: str
    inside_zone: bool
    coords: tuple[tuple[float, float], ...]


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
    # Walking with a trolley: metres from each bay (rows, Bay.key) to each shop along all
    # streets, inside the zone and out. Columns are the shop's *position* 0..S-1 in `shops`,
    # i.e. `walk_m[bay.key, shop.key - len(gates)]` (see `shop_col`), shape (B, S).
    walk_m: np.ndarray = field(repr=False)
    # Driving from the edge of town: metres from each depot (rows, Depot.key) to each gate
    # (columns, Gate.key) over the streets outside the zone, shape (D, G). A depot beyond the
    # drawn streets joins them at the nearest point by a straight line times a detour factor
    # (the scenario's `rounds.road_detour`, given to the loader).
    depot_gate_m: np.ndarray = field(repr=False)
    # The drawn streets, for maps only (added after the first contract; defaults to none so a
    # Geography built by hand in a test needs none).
    streets: tuple[Street, ...] = field(default=(), repr=False)

    @cached_property
    def zone_dist_rows(self) -> list[list[float]]:
        """`zone_dist_m` as nested lists: routing and driving read single distances, and a
        float from a list costs a fraction of indexing the numpy matrix."""
        return self.zone_dist_m.tolist()

    @cached_property
    def nearest_gate(self) -> list[tuple[float, int]]:
        """For every key (gate or shop): the distance to its nearest gate and that gate's
        position in `gates` (ties go to the first gate), so a route picks its entry and exit
        gates without scanning every gate."""
        rows = self.zone_dist_rows
        gate_keys = [g.key for g in self.gates]
        out = []
        for row in rows:
            best, at = row[gate_keys[0]], 0
            for gi, k in enumerate(gate_keys):
                if row[k] < best:
                    best, at = row[k], gi
            out.append((best, at))
        return out

    @property
    def zone_area_m2(self) -> float:
        return float(self.zone.area)

    def gate(self, gate_id: str) -> Gate:
        for g in self.gates:
            if g.id == gate_id:
                return g
        raise KeyError(gate_id)

    def shop(self, shop_id: str) -> Shop:
        for s in self.shops:
            if s.id == shop_id:
                return s
        raise KeyError(shop_id)

    def shop_col(self, shop: Shop) -> int:
        """Column of `shop` in `walk_m` (shops are numbered after the gates in `zone_dist_m`)."""
        return shop.key - len(self.gates)

    def walk_bay_shop_m(self, bay: Bay, shop: Shop) -> float:
        """Metres walked from `bay` to `shop` (so callers need not remember the column offset)."""
        return float(self.walk_m[bay.key, self.shop_col(shop)])
