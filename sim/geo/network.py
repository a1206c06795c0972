"""Street graphs and the shortest-distance matrices the simulation reads.

A street layer is exploded into straight segments; their end points, rounded to 0.1 m, become
graph nodes, so streets that share a vertex are connected and streets that merely cross are not
(a bridge or a tunnel stays a bridge or a tunnel). Places (gates, shops, bays, depots) are not on
the graph: each is tied to the nearest point of the nearest allowed segment, which splits that
segment there, by a *connector* edge as long as the gap (times a detour factor for depots that
lie far off the drawn streets). Places are leaves, so no route passes *through* a shop door or a
gate. This module knows nothing about layers or files; :mod:`sim.geo.load` feeds it arrays and
turns its complaints into InputErrors.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from shapely import STRtree
from shapely.geometry import LineString, Point

Coord = tuple[float, float]
Node = Hashable

_ROUND_M = 1  # decimals: nodes are merged on a 0.1 m grid


def node_of(x: float, y: float) -> tuple[float, float]:
    """The graph node of a coordinate (rounded so that shared vertices coincide exactly)."""
    return (round(float(x), _ROUND_M), round(float(y), _ROUND_M))


@dataclass(frozen=True)
class Segment:
    """One straight piece of street between two graph nodes; `inside` = inside the zone."""

    u: tuple[float, float]
    v: tuple[float, float]
    inside: bool = False

    @property
    def length(self) -> float:
        return float(np.hypot(self.v[0] - self.u[0], self.v[1] - self.u[1]))


def segments_of(lines: Iterable[tuple[Sequence[Coord], bool]]) -> list[Segment]:
    """Explode (polyline, inside_zone) pairs into straight segments, each piece once.

    A piece drawn twice (once marked inside, once outside) counts as inside. Every graph and
    every attach() must draw from this one list, so that a piece of street is the same object
    whichever group of places is tied to it.
    """
    found: dict[frozenset[tuple[float, float]], Segment] = {}
    for coords, inside in lines:
        nodes = [node_of(x, y) for x, y in coords]
        for a, b in itertools.pairwise(nodes):
            key = frozenset((a, b))
            if a == b:
                continue
            old = found.get(key)
            if old is None:
                found[key] = Segment(a, b, inside)
            elif inside and not old.inside:
                found[key] = Segment(old.u, old.v, True)
    return list(found.values())


@dataclass(frozen=True)
class Attachment:
    """How far a place lies from the street it was tied to (for checks and messages)."""

    node: Node
    gap_m: float


class PlaceGraph:
    """A street graph with places tied onto it.

    Build it from segments, call :meth:`attach` once per group of places (each group may use
    its own subset of segments, e.g. only streets inside the zone), then ask for distances.
    """

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.graph = nx.Graph()
        for s in segments:
            self.graph.add_edge(s.u, s.v, weight=s.length)
        # cuts per segment, kept together across attach() calls so that a gate and a shop on
        # the same piece of street end up on one chain
        self._pending: dict[Segment, list[tuple[float, Node]]] = defaultdict(list)
        self._split_done = False

    def attach(
        self,
        places: Sequence[tuple[Node, Coord]],
        allowed: Sequence[Segment],
        *,
        detour: float = 1.0,
    ) -> list[Attachment]:
        """Tie each place to the nearest point of the nearest segment in `allowed`.

        The connector edge is `gap × detour` long: 1.0 for a shop door or a gate on the street,
        more for a depot whose last kilometres are not drawn (straight line × detour factor).
        Returns the gap per place, in input order, so the caller can reject places that lie
        implausibly far from any street.
        """
        if self._split_done:
            raise RuntimeError("attach() after distances were asked for")
        if not places:
            return []
        if not allowed:
            raise ValueError("no streets to attach to")
        lines = [LineString([s.u, s.v]) for s in allowed]
        tree = STRtree(lines)
        points = [Point(xy) for _, xy in places]
        idx = tree.query_nearest(points, all_matches=False, return_distance=False)
        # query_nearest returns (input index, tree index) pairs, one per input here
        nearest = dict(zip(idx[0].tolist(), idx[1].tolist(), strict=True))
        out: list[Attachment] = []
        for i, (key, _) in enumerate(places):
            j = nearest[i]
            line = lines[j]
            t = float(line.project(points[i]))
            gap = float(points[i].distance(line))
            at = ("at", key)
            self._pending[allowed[j]].append((t, at))
            self.graph.add_edge(key, at, weight=gap * detour)
            out.append(Attachment(key, gap))
        return out

    def _split(self) -> None:
        """Cut every segment that has places on it into a chain through those places."""
        if self._split_done:
            return
        self._split_done = True
        for seg, cuts in self._pending.items():
            chain = [(0.0, seg.u), *sorted(cuts, key=_by_t), (seg.length, seg.v)]
            if self.graph.has_edge(seg.u, seg.v):
                self.graph.remove_edge(seg.u, seg.v)
            for (t0, a), (t1, b) in itertools.pairwise(chain):
                w = max(t1 - t0, 0.0)
                if self.graph.has_edge(a, b):
                    w = min(w, self.graph[a][b]["weight"])
                self.graph.add_edge(a, b, weight=w)

    def distances(self, sources: Sequence[Node], targets: Sequence[Node]) -> np.ndarray:
        """Shortest-path metres from each source (rows) to each target (columns); inf if none."""
        self._split()
        out = np.full((len(sources), len(targets)), np.inf)
        col = {t: k for k, t in enumerate(targets)}
        for r, s in enumerate(sources):
            if s not in self.graph:
                continue
            for node, d in nx.single_source_dijkstra_path_length(self.graph, s).items():
                k = col.get(node)
                if k is not None:
                    out[r, k] = d
        return out


def _by_t(item: tuple[float, Node]) -> float:
    return item[0]
