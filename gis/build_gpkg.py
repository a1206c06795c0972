"""Build gis/assen.gpkg from the readable, hand-digitised source in gis/source/.

Run from the repository root as ``python gis/build_gpkg.py``. The build is deterministic: the
synthetic shop placement uses a fixed seed, coordinates are rounded to the centimetre, and
GDAL's timestamps are pinned, so a rebuild from unchanged sources gives the same file. After
writing, the result is loaded with :func:`sim.geo.load_geography`, so a source edit that breaks
a check fails here rather than in someone's run.

Why a source folder at all: the GeoPackage is binary and unreviewable in a diff; the CSV/YAML
files say where every point came from (a `provenance` column) and can be corrected by hand.
"""

from __future__ import annotations

import csv
import math
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import yaml
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
OUT = HERE / "assen.gpkg"
RD_NEW = "EPSG:28992"
PINNED_DATE = "2025-01-01T00:00:00Z"  # written into gpkg_contents instead of "now"

sys.path.insert(0, str(HERE.parent))  # so `python gis/build_gpkg.py` finds the sim package

_TO_RD = Transformer.from_crs("EPSG:4326", RD_NEW, always_xy=True)


def rd(lon: float | str, lat: float | str) -> tuple[float, float]:
    """WGS84 lon/lat to RD New metres, rounded to the centimetre for a stable file."""
    x, y = _TO_RD.transform(float(lon), float(lat))
    return round(x, 2), round(y, 2)


def read_csv(name: str) -> list[dict[str, str]]:
    with (SOURCE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- layers


def build_zone(gates: list[dict[str, str]]) -> tuple[Polygon, dict[str, tuple[float, float]]]:
    """The zone polygon, and every gate snapped onto its boundary (gate id -> RD point)."""
    by_id = {g["id"]: rd(g["lon"], g["lat"]) for g in gates}
    ring: list[tuple[float, float]] = []
    for row in sorted(read_csv("zone.csv"), key=lambda r: int(r["seq"])):
        ring.append(by_id[row["gate"]] if row["gate"] else rd(row["lon"], row["lat"]))
    zone = Polygon(ring)
    if not zone.is_valid:
        raise SystemExit(f"zone.csv: the polygon is invalid ({zone})")
    boundary = zone.exterior
    snapped = {}
    for gid, (x, y) in by_id.items():
        p = boundary.interpolate(boundary.project(Point(x, y)))
        snapped[gid] = (round(p.x, 2), round(p.y, 2))
    return zone, snapped


def build_streets(gate_xy: dict[str, tuple[float, float]]) -> gpd.GeoDataFrame:
    nodes = {r["id"]: rd(r["lon"], r["lat"]) for r in read_csv("nodes.csv")}
    nodes.update(gate_xy)
    rows = []
    for r in read_csv("streets.csv"):
        coords = [nodes[n] for n in r["nodes"].split()]
        rows.append(
            {
                "id": r["id"],
                "name": r["name"],
                "kind": r["kind"],
                "inside_zone": r["inside_zone"].strip().lower() == "true",
                "provenance": r["provenance"],
                "geometry": LineString(coords),
            }
        )
    return gpd.GeoDataFrame(rows, crs=RD_NEW)


def points_layer(name: str, columns: list[str], convert: dict[str, Any]) -> gpd.GeoDataFrame:
    rows = []
    for r in read_csv(name):
        row: dict[str, Any] = {}
        for c in columns:
            value = r[c]
            row[c] = convert[c](value) if c in convert else value
        row["provenance"] = r["provenance"]
        row["geometry"] = Point(rd(r["lon"], r["lat"]))
        rows.append(row)
    return gpd.GeoDataFrame(rows, crs=RD_NEW)


def _optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


# --------------------------------------------------------------------------- shops


_LABEL = {
    "fashion": "mode",
    "other_retail": "detailhandel",
    "food_retail": "food",
    "supermarket": "supermarkt",
    "department_store": "warenhuis",
    "pharmacy": "drogist/apotheek",
    "horeca": "horeca",
    "services": "dienstverlening",
}


def build_shops(streets: gpd.GeoDataFrame, zone: Polygon, gate_xy: dict) -> gpd.GeoDataFrame:
    """Anchors where the source puts them; the rest on synthetic fronts along shopping streets.

    Fronts are laid out at regular spacing on both sides of every inside street listed in
    shops.yaml, a little jittered; then each remaining shop, in a seeded random order, takes a
    free front with probability proportional to its type's affinity for that street. That gives
    horeca on the Markt and the Brink, fashion around the Koopmansplein, services in the north.
    """
    spec = yaml.safe_load((SOURCE / "shops.yaml").read_text(encoding="utf-8"))
    rng = np.random.default_rng(int(spec["seed"]))
    place = spec["placement"]
    profiles: dict[str, dict] = spec["streets"]
    gates = [Point(xy) for xy in gate_xy.values()]
    safe = zone.buffer(-2.0)

    anchors = []
    for a in spec["anchors"]:
        anchors.append(
            {
                "id": a["id"],
                "name": a["name"],
                "type": a["type"],
                "street": a["street"],
                "provenance": a["provenance"],
                "geometry": Point(rd(a["lon"], a["lat"])),
            }
        )
    taken = [a["geometry"] for a in anchors]

    fronts: list[tuple[str, Point]] = []
    for _, st in streets[streets["inside_zone"]].iterrows():
        profile = profiles.get(st["name"])
        if profile is None:
            continue
        line: LineString = st.geometry
        offset = place["offset_square_m"] if st["kind"] == "square" else place["offset_street_m"]
        step = place["spacing_m"] / float(profile["density"])
        for side in (1.0, -1.0):
            s = step / 2 + (0 if side > 0 else step / 2)
            while s < line.length:
                pos = s + rng.uniform(-1.5, 1.5)
                s += step
                pos = min(max(pos, 0.0), line.length)
                base = line.interpolate(pos)
                if min(base.distance(g) for g in gates) < place["keep_from_gate_m"]:
                    continue
                ahead = line.interpolate(min(pos + 0.5, line.length))
                behind = line.interpolate(max(pos - 0.5, 0.0))
                dx, dy = ahead.x - behind.x, ahead.y - behind.y
                norm = math.hypot(dx, dy) or 1.0
                pt = Point(base.x - dy / norm * offset * side, base.y + dx / norm * offset * side)
                if not safe.contains(pt) or any(pt.distance(t) < 5.0 for t in taken):
                    continue
                taken.append(pt)
                fronts.append((st["name"], pt))

    remaining = Counter(spec["counts"])
    remaining.subtract(Counter(a["type"] for a in anchors))
    tokens = [t for t in spec["counts"] for _ in range(remaining[t])]
    if len(tokens) > len(fronts):
        raise SystemExit(f"shops.yaml: {len(tokens)} shops to place, only {len(fronts)} fronts")
    order = rng.permutation(len(tokens))
    free = np.ones(len(fronts), dtype=bool)
    chosen: list[tuple[int, str]] = []
    for i in order:
        kind = tokens[i]
        weights = np.array(
            [profiles[name].get("affinity", {}).get(kind, 1.0) for name, _ in fronts], dtype=float
        )
        weights[~free] = 0.0
        j = int(rng.choice(len(fronts), p=weights / weights.sum()))
        free[j] = False
        chosen.append((j, kind))

    shops = list(anchors)
    counter: Counter[str] = Counter(a["type"] for a in anchors)
    for j, kind in sorted(chosen):
        counter[kind] += 1
        name, pt = fronts[j]
        shops.append(
            {
                "id": f"S{len(shops) + 1:03d}",
                "name": f"{_LABEL[kind]} {counter[kind]}",
                "type": kind,
                "street": name,
                "provenance": "synthetic placement (gis/source/shops.yaml); not a real address",
                "geometry": Point(round(pt.x, 2), round(pt.y, 2)),
            }
        )
    return gpd.GeoDataFrame(shops, crs=RD_NEW)


# --------------------------------------------------------------------------- write


def build(out: Path = OUT) -> Path:
    gate_rows = read_csv("gates.csv")
    zone, gate_xy = build_zone(gate_rows)
    gates = points_layer("gates.csv", ["id", "name", "camera_id"], {})
    gates["geometry"] = [Point(gate_xy[g]) for g in gates["id"]]
    streets = build_streets(gate_xy)
    layers: dict[str, gpd.GeoDataFrame] = {
        "zone": gpd.GeoDataFrame(
            [
                {
                    "name": "voetgangersgebied / zero-emissiezone Assen (benadering)",
                    "provenance": "hand-digitised through the gate estimates of DATA.md §7; "
                    "approximate (±150 m)",
                    "geometry": zone,
                }
            ],
            crs=RD_NEW,
        ),
        "gates": gates,
        "streets": streets,
        "shops": build_shops(streets, zone, gate_xy),
        "bays": points_layer("bays.csv", ["id", "name", "capacity"], {"capacity": int}),
        "parking": points_layer(
            "parking.csv",
            ["id", "name", "kind", "spaces", "time_limit_min"],
            {"spaces": int, "time_limit_min": _optional_float},
        ),
        "depots": points_layer("depots.csv", ["id", "name", "kind"], {}),
    }
    tmp = out.with_suffix(".tmp.gpkg")
    tmp.unlink(missing_ok=True)
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": PINNED_DATE})
    try:
        for name, gdf in layers.items():
            pyogrio.write_dataframe(gdf, tmp, layer=name, driver="GPKG", append=tmp.exists())
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
    os.replace(tmp, out)
    return out


def main() -> None:
    out = build()
    from sim.geo import clear_cache, load_geography

    clear_cache()
    geo = load_geography(out)
    types = Counter(s.type for s in geo.shops)
    street = sum(p.spaces for p in geo.parking if p.kind == "street")
    garage = sum(p.spaces for p in geo.parking if p.kind == "garage")
    print(f"wrote {out.relative_to(HERE.parent)}")
    print(f"  zone {geo.zone_area_m2 / 1e4:.1f} ha, {len(geo.gates)} gates, {len(geo.bays)} bays")
    print(f"  {len(geo.shops)} shops: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items())))
    print(f"  parking: street {street}, garage {garage}; {len(geo.depots)} depots")


if __name__ == "__main__":
    main()
