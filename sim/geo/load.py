"""Read a GeoPackage, check it, and turn it into a :class:`~sim.geo.model.Geography`.

Why so many checks: the GeoPackage is the one input a municipality is expected to swap for its
own, and a mistake in it (a gate drawn 500 m off, a shop on an unconnected alley) would not
crash a run, it would quietly give wrong distances. Every problem is raised as an
:class:`~sim.errors.InputError` naming ``<layer>[.<feature id>][.<column>]``, never a traceback.

Any CRS is accepted and reprojected to RD New (EPSG:28992, metres), the CRS every distance in
the simulation is in. Results are memoised per (resolved path, modification time, size, depot
detour),
because batch runs load the same file again and again; the arrays of a loaded Geography are
read-only so that the shared copy cannot be changed by one run behind another's back.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon

from sim.errors import InputError
from sim.geo.model import DEFAULT_DEPOT_DETOUR, Bay, Depot, Gate, Geography, Parking, Shop, Street
from sim.geo.network import PlaceGraph, segments_of
from sim.scenario.vocab import SHOP_TYPES

RD_NEW = 28992

#: layer -> columns it must have (besides the geometry)
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "zone": (),
    "gates": ("id", "name", "camera_id"),
    "streets": ("name", "inside_zone", "kind"),
    "shops": ("id", "name", "type", "street"),
    "bays": ("id", "name", "capacity"),
    "parking": ("id", "name", "kind", "spaces", "time_limit_min"),
    "depots": ("id", "name", "kind"),
}
_GEOMETRY: dict[str, tuple[tuple[str, ...], str]] = {
    "zone": (("Polygon", "MultiPolygon"), "a polygon"),
    "gates": (("Point",), "a point"),
    "streets": (("LineString", "MultiLineString"), "a line"),
    "shops": (("Point",), "a point"),
    "bays": (("Point",), "a point"),
    "parking": (("Point",), "a point"),
    "depots": (("Point",), "a point"),
}
PARKING_KINDS: tuple[str, ...] = ("street", "garage")

GATE_SNAP_M = 25.0  # gates this close to the zone boundary are moved onto it ...
GATE_ON_BOUNDARY_M = 5.0  # ... after which every gate must be this close
GATE_STREET_M = 30.0  # a gate must be this close to a street inside (and one outside) the zone
PLACE_STREET_M = 100.0  # shops and bays must be this close to a street
SHOP_IN_ZONE_SLACK_M = 1.0  # a shop this far outside the polygon still counts as inside
STREET_IN_ZONE_SLACK_M = 10.0  # a street marked inside_zone may stray this far out

_SQLITE_MAGIC = b"SQLite format 3\x00"
_CACHE: dict[tuple[str, int, int, float], Geography] = {}
_CACHE_SIZE = 8


def load_geography(path: str | Path, depot_detour: float = DEFAULT_DEPOT_DETOUR) -> Geography:
    """Load and check the GeoPackage at `path`; see the module docstring for what is checked.

    `depot_detour` is road km over straight-line km for a depot's way to the nearest drawn
    street (a run passes its scenario's `rounds.road_detour`). Memoised per (resolved path,
    mtime, size, detour): editing the file gives a fresh load.
    """
    p = Path(path)
    try:
        resolved = p.resolve()
        st = resolved.stat()
    except OSError:
        raise InputError(p, None, "an existing GeoPackage file (.gpkg); there is none") from None
    if not resolved.is_file():
        raise InputError(p, None, "a GeoPackage file (.gpkg), not a folder")
    key = (str(resolved), st.st_mtime_ns, st.st_size, depot_detour)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    geo = _load(p, depot_detour)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = geo
    return geo


def clear_cache() -> None:
    """Forget memoised loads (tests that rewrite a file within one mtime tick need this)."""
    _CACHE.clear()


# --------------------------------------------------------------------------- reading


def _read_layers_quietly(p: Path) -> dict[str, gpd.GeoDataFrame]:
    """`_read_layers` without GDAL's warnings on stderr: a user sees one message, ours, and
    what GDAL warned about is added to it when it helps explain the problem."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return _read_layers(p)
        except InputError as exc:
            said = [_short(str(w.message)) for w in caught]
            if not said:
                raise
            raise InputError(exc.source, exc.field,
                             f"{exc.expected} (GDAL: {said[0]})") from None


def _load(p: Path, depot_detour: float) -> Geography:
    frames = _read_layers_quietly(p)
    zone = _zone(p, frames["zone"])
    gates = _gates(p, frames["gates"], zone)
    shops = _shops(p, frames["shops"], zone, len(gates))
    bays = _bays(p, frames["bays"])
    parking = _parking(p, frames["parking"])
    depots = _depots(p, frames["depots"])
    streets = _streets(p, frames["streets"], zone)
    try:
        zone_dist, walk, depot_gate = _matrices(p, streets, gates, shops, bays, depots,
                                                  depot_detour)
    except ValueError as exc:  # e.g. no street near enough to attach a place to
        raise InputError(p, "streets", f"a street network that reaches the gates, shops, bays "
                         f"and depots ({_short(exc)})") from None
    for a in (zone_dist, walk, depot_gate):
        a.setflags(write=False)
    return Geography(
        source=str(p),
        zone=zone,
        gates=tuple(gates),
        shops=tuple(shops),
        bays=tuple(bays),
        parking=tuple(parking),
        depots=tuple(depots),
        zone_dist_m=zone_dist,
        walk_m=walk,
        depot_gate_m=depot_gate,
        streets=tuple(streets),
    )


def _read_layers(p: Path) -> dict[str, gpd.GeoDataFrame]:
    """Every required layer in RD New, with its columns checked; fid as index."""
    with p.open("rb") as fh:
        if fh.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise InputError(p, None, "a GeoPackage (.gpkg, an SQLite file); this is not one")
    try:
        present = {str(row[0]) for row in pyogrio.list_layers(p)}
    except Exception as exc:  # pyogrio/GDAL raise many types for a broken file
        raise InputError(p, None, f"a readable GeoPackage ({_short(exc)})") from None
    missing = [name for name in REQUIRED_COLUMNS if name not in present]
    if missing:
        raise InputError(
            p,
            missing[0],
            f"a layer '{missing[0]}' (missing layers: {', '.join(missing)}; "
            f"found: {', '.join(sorted(present)) or 'none'})",
        )
    frames: dict[str, gpd.GeoDataFrame] = {}
    for layer, columns in REQUIRED_COLUMNS.items():
        try:
            gdf = pyogrio.read_dataframe(p, layer=layer, fid_as_index=True)
        except Exception as exc:
            raise InputError(p, layer, f"a readable layer ({_short(exc)})") from None
        for col in columns:
            if col not in gdf.columns:
                found = ", ".join(c for c in gdf.columns if c != "geometry") or "none"
                raise InputError(
                    p, f"{layer}.{col}", f"a column '{col}' in layer '{layer}' (found: {found})"
                )
        frames[layer] = _to_rd(p, layer, gdf)
        _check_geometries(p, layer, frames[layer])
    return frames


def _to_rd(p: Path, layer: str, gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        raise InputError(
            p, layer, "a coordinate reference system (e.g. RD New, EPSG:28992); it has none"
        )
    if gdf.crs.to_epsg() == RD_NEW:
        return _in_rd_bounds(p, layer, gdf, "")
    try:
        converted = gdf.to_crs(RD_NEW)
    except Exception as exc:
        raise InputError(p, layer, f"a CRS that converts to EPSG:28992 ({_short(exc)})") from None
    return _in_rd_bounds(p, layer, converted, f" after converting from {gdf.crs.to_string()}")


# EPSG:28992's area of use (the Netherlands), with a margin; outside it a layer's coordinates
# or its stated CRS are wrong, and distances built from them would be nonsense or infinite
RD_BOUNDS = (-50_000.0, 250_000.0, 350_000.0, 700_000.0)


def _in_rd_bounds(p: Path, layer: str, gdf: gpd.GeoDataFrame, how: str) -> gpd.GeoDataFrame:
    if gdf.empty:
        return gdf
    x0, y0, x1, y1 = (float(v) for v in gdf.total_bounds)
    lo_x, lo_y, hi_x, hi_y = RD_BOUNDS
    if not (np.isfinite([x0, y0, x1, y1]).all() and lo_x <= x0 and x1 <= hi_x
            and lo_y <= y0 and y1 <= hi_y):
        raise InputError(p, layer, f"coordinates in the Netherlands in EPSG:28992; they "
                         f"span x {x0:.0f}..{x1:.0f}, y {y0:.0f}..{y1:.0f}{how} (is the "
                         "layer's coordinate reference system the right one?)")
    return gdf


def _check_geometries(p: Path, layer: str, gdf: gpd.GeoDataFrame) -> None:
    kinds, what = _GEOMETRY[layer]
    for fid, geom in gdf.geometry.items():
        if geom is None or geom.is_empty or geom.geom_type not in kinds:
            got = "nothing" if geom is None or geom.is_empty else f"a {geom.geom_type}"
            raise InputError(p, _label(layer, gdf, fid), f"{what} geometry; got {got}")


# --------------------------------------------------------------------------- layers


def _zone(p: Path, gdf: gpd.GeoDataFrame) -> Polygon:
    if len(gdf) != 1:
        raise InputError(p, "zone", f"exactly one polygon (the zone); found {len(gdf)}")
    geom = gdf.geometry.iloc[0]
    if isinstance(geom, MultiPolygon):
        if len(geom.geoms) != 1:
            raise InputError(p, "zone", f"one polygon; got {len(geom.geoms)} separate parts")
        geom = geom.geoms[0]
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        raise InputError(p, "zone", f"one valid polygon; it is invalid: {reason}")
    return geom


def _gates(p: Path, gdf: gpd.GeoDataFrame, zone: Polygon) -> list[Gate]:
    if len(gdf) == 0:
        raise InputError(p, "gates", "at least one gate")
    ids = _ids(p, "gates", gdf)
    ring = zone.exterior
    out: list[Gate] = []
    for key, (fid, row) in enumerate(gdf.iterrows()):
        gid = ids[key]
        pt = row.geometry
        off = float(ring.distance(pt))
        if off > GATE_SNAP_M:
            raise InputError(
                p,
                f"gates.{gid}",
                f"a point on the zone boundary (gates within {GATE_SNAP_M:.0f} m are snapped "
                f"onto it); this one is {off:.0f} m from it",
            )
        snapped = ring.interpolate(ring.project(pt))
        if snapped.distance(ring) > GATE_ON_BOUNDARY_M:  # pragma: no cover - geometry guard
            raise InputError(p, f"gates.{gid}", "a point on the zone boundary")
        out.append(
            Gate(
                id=gid,
                name=_text(p, "gates", gdf, fid, "name", required=True),
                camera_id=_text(p, "gates", gdf, fid, "camera_id"),
                x=float(snapped.x),
                y=float(snapped.y),
                key=key,
            )
        )
    return out


def _shops(p: Path, gdf: gpd.GeoDataFrame, zone: Polygon, first_key: int) -> list[Shop]:
    if len(gdf) == 0:
        raise InputError(p, "shops", "at least one shop")
    ids = _ids(p, "shops", gdf)
    inside = zone.buffer(SHOP_IN_ZONE_SLACK_M)
    out: list[Shop] = []
    for i, (fid, row) in enumerate(gdf.iterrows()):
        sid = ids[i]
        pt = row.geometry
        if not inside.covers(pt):
            raise InputError(
                p,
                f"shops.{sid}",
                f"a point inside the zone; it lies {zone.distance(pt):.0f} m outside it",
            )
        kind = _text(p, "shops", gdf, fid, "type", required=True)
        if kind not in SHOP_TYPES:
            raise InputError(
                p, f"shops.{sid}.type", f"one of {', '.join(SHOP_TYPES)}; got '{kind}'"
            )
        out.append(
            Shop(
                id=sid,
                name=_text(p, "shops", gdf, fid, "name", required=True),
                type=kind,
                street=_text(p, "shops", gdf, fid, "street"),
                x=float(pt.x),
                y=float(pt.y),
                key=first_key + i,
            )
        )
    return out


def _bays(p: Path, gdf: gpd.GeoDataFrame) -> list[Bay]:
    ids = _ids(p, "bays", gdf)
    out: list[Bay] = []
    for i, (fid, row) in enumerate(gdf.iterrows()):
        out.append(
            Bay(
                id=ids[i],
                name=_text(p, "bays", gdf, fid, "name", required=True),
                capacity=_int(p, "bays", gdf, fid, "capacity", minimum=1),
                x=float(row.geometry.x),
                y=float(row.geometry.y),
                key=i,
            )
        )
    return out


def _parking(p: Path, gdf: gpd.GeoDataFrame) -> list[Parking]:
    ids = _ids(p, "parking", gdf)
    out: list[Parking] = []
    for i, (fid, row) in enumerate(gdf.iterrows()):
        kind = _text(p, "parking", gdf, fid, "kind", required=True)
        if kind not in PARKING_KINDS:
            raise InputError(p, f"parking.{ids[i]}.kind", f"'street' or 'garage'; got '{kind}'")
        limit = row["time_limit_min"]
        if _missing(limit):
            limit_min = None
        else:
            try:
                limit_min = float(limit)
            except (TypeError, ValueError):
                limit_min = math.nan
            if not limit_min > 0:
                raise InputError(
                    p,
                    f"parking.{ids[i]}.time_limit_min",
                    f"empty (no limit) or minutes > 0; got '{limit}'",
                )
        out.append(
            Parking(
                id=ids[i],
                name=_text(p, "parking", gdf, fid, "name", required=True),
                kind=kind,
                spaces=_int(p, "parking", gdf, fid, "spaces", minimum=0),
                x=float(row.geometry.x),
                y=float(row.geometry.y),
                time_limit_min=limit_min,
            )
        )
    return out


def _depots(p: Path, gdf: gpd.GeoDataFrame) -> list[Depot]:
    ids = _ids(p, "depots", gdf)
    return [
        Depot(
            id=ids[i],
            name=_text(p, "depots", gdf, fid, "name", required=True),
            kind=_text(p, "depots", gdf, fid, "kind", required=True),
            x=float(row.geometry.x),
            y=float(row.geometry.y),
            key=i,
        )
        for i, (fid, row) in enumerate(gdf.iterrows())
    ]


def _streets(p: Path, gdf: gpd.GeoDataFrame, zone: Polygon) -> list[Street]:
    near_zone = zone.buffer(STREET_IN_ZONE_SLACK_M)
    out: list[Street] = []
    for fid, row in gdf.iterrows():
        label = _label("streets", gdf, fid)
        inside = _bool(p, f"{label}.inside_zone", row["inside_zone"])
        parts = list(getattr(row.geometry, "geoms", [row.geometry]))
        for part in parts:
            line = LineString(part)
            if inside:
                stray = float(line.difference(near_zone).length)
                if stray > 1.0:
                    raise InputError(
                        p,
                        f"{label}.inside_zone",
                        f"a street inside the zone; it runs {stray:.0f} m outside it",
                    )
            out.append(
                Street(
                    name=_text(p, "streets", gdf, fid, "name"),
                    kind=_text(p, "streets", gdf, fid, "kind"),
                    inside_zone=inside,
                    coords=tuple((float(x), float(y)) for x, y, *_ in line.coords),
                )
            )
    if not any(s.inside_zone for s in out):
        raise InputError(p, "streets", "at least one street with inside_zone = true")
    return out


# --------------------------------------------------------------------------- distances


def _matrices(
    p: Path,
    streets: Sequence[Street],
    gates: Sequence[Gate],
    shops: Sequence[Shop],
    bays: Sequence[Bay],
    depots: Sequence[Depot],
    depot_detour: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    segs = segments_of((s.coords, s.inside_zone) for s in streets)
    inside = [s for s in segs if s.inside]
    outside = [s for s in segs if not s.inside]
    gate_places = [(("gate", g.id), (g.x, g.y)) for g in gates]
    shop_places = [(("shop", s.id), (s.x, s.y)) for s in shops]

    # driving inside the zone: inside streets only
    zg = PlaceGraph(inside)
    _near(p, "gates", gates, zg.attach(gate_places, inside), GATE_STREET_M, "inside the zone")
    _near(p, "shops", shops, zg.attach(shop_places, inside), PLACE_STREET_M, "inside the zone")
    keys = [k for k, _ in gate_places + shop_places]
    zone_dist = zg.distances(keys, keys)
    _reachable(p, zone_dist, [*gates, *shops], [*gates, *shops], "over the streets in the zone")
    zone_dist = (zone_dist + zone_dist.T) / 2.0
    np.fill_diagonal(zone_dist, 0.0)

    # walking from a bay: any street; shop doors stay on the street inside the zone
    wg = PlaceGraph(segs)
    bay_places = [(("bay", b.id), (b.x, b.y)) for b in bays]
    wg.attach(shop_places, inside)
    _near(p, "bays", bays, wg.attach(bay_places, segs), PLACE_STREET_M, "")
    walk = wg.distances([k for k, _ in bay_places], [k for k, _ in shop_places])
    _reachable(p, walk, bays, shops, "on foot")

    # driving from a depot to a gate: streets outside the zone only
    if depots:
        if not outside:
            raise InputError(
                p, "streets", "streets outside the zone (inside_zone = false) to reach the gates"
            )
        dg = PlaceGraph(outside)
        _near(p, "gates", gates, dg.attach(gate_places, outside), GATE_STREET_M, "outside the zone")
        depot_places = [(("depot", d.id), (d.x, d.y)) for d in depots]
        dg.attach(depot_places, outside, detour=depot_detour)
        depot_gate = dg.distances([k for k, _ in depot_places], [k for k, _ in gate_places])
        _reachable(p, depot_gate, depots, gates, "over the streets outside the zone")
    else:
        depot_gate = np.zeros((0, len(gates)))
    return zone_dist, walk, depot_gate


def _near(
    p: Path, layer: str, items: Sequence[Any], gaps: Sequence[Any], limit: float, where: str
) -> None:
    for item, att in zip(items, gaps, strict=True):
        if att.gap_m > limit:
            what = f"a street {where}".strip()
            raise InputError(
                p,
                f"{layer}.{item.id}",
                f"{what} within {limit:.0f} m; the nearest is {att.gap_m:.0f} m away",
            )


def _reachable(
    p: Path, dist: np.ndarray, rows: Sequence[Any], cols: Sequence[Any], how: str
) -> None:
    bad = np.argwhere(~np.isfinite(dist))
    if len(bad):
        r, c = (int(v) for v in bad[0])
        src, dst = rows[r], cols[c]
        raise InputError(
            p,
            f"{_layer_of(dst)}.{dst.id}",
            f"reachable from {_layer_of(src)[:-1]} {src.id} {how}; it is not "
            f"({len(bad)} unreachable pairs in all)",
        )


def _layer_of(item: Any) -> str:
    return {Gate: "gates", Shop: "shops", Bay: "bays", Depot: "depots"}[type(item)]


# --------------------------------------------------------------------------- fields


def _ids(p: Path, layer: str, gdf: gpd.GeoDataFrame) -> list[str]:
    ids: list[str] = []
    seen: set[str] = set()
    for fid in gdf.index:
        value = gdf.at[fid, "id"]
        if _missing(value) or str(value).strip() == "":
            raise InputError(p, f"{layer}.{fid}.id", "an id; it is empty (feature id shown)")
        text = _id_text(value)
        if text in seen:
            raise InputError(p, f"{layer}.{text}.id", f"unique ids; '{text}' occurs twice")
        seen.add(text)
        ids.append(text)
    return ids


def _label(layer: str, gdf: gpd.GeoDataFrame, fid: Any) -> str:
    if "id" in gdf.columns and not _missing(gdf.at[fid, "id"]):
        return f"{layer}.{_id_text(gdf.at[fid, 'id'])}"
    return f"{layer}.{fid}"


def _text(
    p: Path, layer: str, gdf: gpd.GeoDataFrame, fid: Any, col: str, *, required: bool = False
) -> str:
    value = gdf.at[fid, col]
    text = "" if _missing(value) else str(value).strip()
    if required and not text:
        raise InputError(p, f"{_label(layer, gdf, fid)}.{col}", "a non-empty value")
    return text


def _int(p: Path, layer: str, gdf: gpd.GeoDataFrame, fid: Any, col: str, *, minimum: int) -> int:
    value = gdf.at[fid, col]
    try:
        number = float(value)
        ok = number.is_integer() and number >= minimum
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise InputError(
            p, f"{_label(layer, gdf, fid)}.{col}", f"a whole number >= {minimum}; got '{value}'"
        )
    return int(number)


def _bool(p: Path, field: str, value: Any) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "t", "y"):
        return True
    if text in ("0", "false", "no", "f", "n"):
        return False
    raise InputError(p, field, f"true or false; got '{value}'")


def _id_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # an array-like value is not "missing"
        return False


def _short(exc: BaseException | str) -> str:
    """The gist of a GDAL or SQLite message: no SQL statement, no repeats, one line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"sqlite3_\w+\(.*?\) failed:\s*", "", text)  # the statement that failed
    text = text.split(";")[0].strip()
    return text[:200]


__all__ = ["SHOP_TYPES", "clear_cache", "load_geography"]
