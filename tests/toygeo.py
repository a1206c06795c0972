"""A small synthetic geography for fast unit tests: a 400 m square zone on a street grid.

Real runs use gis/assen.gpkg; this one keeps policy, behaviour and KPI tests independent of the
digitised data and quick to build.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
from shapely.geometry import box

from sim.geo.model import Bay, Depot, Gate, Geography, Shop
from sim.scenario.vocab import SHOP_TYPES


def toy_geography(n_shops: int = 40) -> Geography:
    step = 50.0
    g = nx.grid_2d_graph(9, 9)  # 0..400 m in both directions
    for a, b in g.edges:
        g.edges[a, b]["w"] = step
    gate_nodes = [(4, 0), (8, 4), (4, 8), (0, 4)]
    gate_names = ["Zuid", "Oost", "Noord", "West"]
    inner = [n for n in g.nodes if 0 < n[0] < 8 and 0 < n[1] < 8]
    rng = np.random.default_rng(0)
    shop_nodes = [inner[i] for i in rng.choice(len(inner), size=n_shops, replace=True)]
    keys = gate_nodes + shop_nodes
    lengths = dict(nx.all_pairs_dijkstra_path_length(g, weight="w"))
    m = np.array([[lengths[a][b] for b in keys] for a in keys], dtype=float)
    gates = tuple(
        Gate(f"gate_{n.lower()}", n, f"cam{i}", x * step, y * step, i)
        for i, (n, (x, y)) in enumerate(zip(gate_names, gate_nodes, strict=True))
    )
    shops = tuple(
        Shop(f"shop{i}", f"Shop {i}", SHOP_TYPES[i % len(SHOP_TYPES)], "Grid",
             x * step, y * step, len(gates) + i)
        for i, (x, y) in enumerate(shop_nodes)
    )
    bay_nodes = [(4, 0), (0, 4)]
    bays = tuple(Bay(f"bay{i}", f"Bay {i}", 1, x * step, y * step - 10, i)
                 for i, (x, y) in enumerate(bay_nodes))
    walk = np.array([[lengths[b][s] + 10.0 for s in shop_nodes] for b in bay_nodes])
    depots = (Depot("depot_n", "Noord", "business_park", 200.0, 3000.0, 0),)
    depot_gate = np.array([[3000.0 + abs(gx * step - 200.0) for (gx, _gy) in gate_nodes]])
    for a, b in itertools.combinations(range(len(keys)), 2):
        assert m[a, b] == m[b, a]
    return Geography(
        source="toy", zone=box(0, 0, 400, 400), gates=gates, shops=shops, bays=bays,
        parking=(), depots=depots, zone_dist_m=m, walk_m=walk, depot_gate_m=depot_gate,
    )
