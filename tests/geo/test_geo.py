"""The Assen GeoPackage, the loader's checks and the map.

Distances are checked against geometry rather than against recorded numbers: a street route can
never be shorter than the straight line, and in a compact core it should not be more than three
times it. Broken GeoPackages are made in tmp_path from the real one with one thing wrong each.
"""

from __future__ import annotations

import importlib.util
import struct
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.affinity import translate
from shapely.geometry import Point, Polygon

from sim.deliver.mapping import draw_map
from sim.errors import InputError
from sim.geo import SHOP_TYPES, Geography, clear_cache, load_geography
from sim.geo.fit import describe
from sim.geo.load import REQUIRED_COLUMNS
from sim.scenario.load import load_scenario
from tests.helpers import SCENARIOS, variant

ROOT = Path(__file__).resolve().parents[2]
GPKG = ROOT / "gis" / "assen.gpkg"
GATES_2023 = {
    "Kerkstraat",
    "Markt",
    "Weierspoort",
    "Mercurius",
    "Ceresplein",
    "Ceresstraat",
    "Oude Molenstraat",
    "Oudestraat",
    "Gedempte Singel",
    "Mulderstraat",
}


@pytest.fixture(scope="module")
def geo() -> Geography:
    return load_geography(GPKG)


@pytest.fixture(scope="module")
def layers() -> dict[str, gpd.GeoDataFrame]:
    return {name: pyogrio.read_dataframe(GPKG, layer=name) for name in REQUIRED_COLUMNS}


def _write(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> Path:
    for name, gdf in layers.items():
        pyogrio.write_dataframe(gdf, path, layer=name, driver="GPKG", append=path.exists())
    return path


def _broken(
    tmp_path: Path,
    layers: dict[str, gpd.GeoDataFrame],
    change: Callable[[dict[str, gpd.GeoDataFrame]], None],
    name: str = "broken.gpkg",
) -> Path:
    copy = {k: v.copy() for k, v in layers.items()}
    change(copy)
    path = tmp_path / name
    assert not path.exists()
    return _write(path, copy)


# --------------------------------------------------------------------------- the Assen data


def test_layers_and_crs() -> None:
    names = {str(row[0]) for row in pyogrio.list_layers(GPKG)}
    assert set(REQUIRED_COLUMNS) <= names
    for name, columns in REQUIRED_COLUMNS.items():
        info = pyogrio.read_info(GPKG, layer=name)
        assert info["crs"] == "EPSG:28992", name
        assert set(columns) <= set(info["fields"]), name


def test_gates(geo: Geography) -> None:
    assert len(geo.gates) == 13
    names = {g.name for g in geo.gates}
    assert names >= GATES_2023
    assert sum("Brink" in n for n in names) == 3
    assert len({g.id for g in geo.gates}) == 13
    assert [g.key for g in geo.gates] == list(range(13))
    for g in geo.gates:
        assert geo.zone.exterior.distance(Point(g.x, g.y)) < 0.01, g.name
        assert g.camera_id


def test_zone_area_plausible(geo: Geography) -> None:
    assert geo.zone.is_valid
    assert 4e4 <= geo.zone_area_m2 <= 25e4


def test_shops(geo: Geography) -> None:
    types = Counter(s.type for s in geo.shops)
    assert set(types) == set(SHOP_TYPES)
    assert types["supermarket"] == 2 and types["department_store"] == 1
    assert 200 <= len(geo.shops) <= 350
    first = len(geo.gates)
    assert [s.key for s in geo.shops] == list(range(first, first + len(geo.shops)))
    zone = geo.zone.buffer(1.0)
    assert all(zone.covers(Point(s.x, s.y)) for s in geo.shops)


def test_parking_and_bays(geo: Geography) -> None:
    street = sum(p.spaces for p in geo.parking if p.kind == "street")
    garages = [p for p in geo.parking if p.kind == "garage"]
    assert 800 <= street <= 1000
    assert len(garages) == 7 and 2300 <= sum(p.spaces for p in garages) <= 2700
    assert any(p.spaces == 500 and "Kolk" in p.name for p in garages)
    assert 8 <= len(geo.bays) <= 12 and all(1 <= b.capacity <= 3 for b in geo.bays)
    assert all(not geo.zone.contains(Point(b.x, b.y)) for b in geo.bays)
    assert {d.kind for d in geo.depots} == {"business_park", "hub"}


def _straight(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])


def test_street_distance_between_straight_and_three_times(geo: Geography) -> None:
    gates = np.array([(g.x, g.y) for g in geo.gates])
    shops = np.array([(s.x, s.y) for s in geo.shops])
    straight = _straight(gates, shops)
    street = geo.zone_dist_m[: len(gates), len(gates) :]
    assert np.all(street >= straight - 1e-6)
    assert np.all(street <= 3 * straight)


def test_matrices_well_formed(geo: Geography) -> None:
    n = len(geo.gates) + len(geo.shops)
    d = geo.zone_dist_m
    assert d.shape == (n, n)
    assert np.all(np.isfinite(d)) and np.allclose(d, d.T) and np.all(np.diag(d) == 0)
    assert np.all(d[~np.eye(n, dtype=bool)] > 0)
    assert geo.walk_m.shape == (len(geo.bays), len(geo.shops))
    bays = np.array([(b.x, b.y) for b in geo.bays])
    shops = np.array([(s.x, s.y) for s in geo.shops])
    assert np.all(np.isfinite(geo.walk_m)) and np.all(geo.walk_m >= _straight(bays, shops) - 1e-6)
    assert geo.depot_gate_m.shape == (len(geo.depots), len(geo.gates))
    depots = np.array([(x.x, x.y) for x in geo.depots])
    gates = np.array([(g.x, g.y) for g in geo.gates])
    assert np.all(geo.depot_gate_m >= _straight(depots, gates))
    bay, shop = geo.bays[0], geo.shops[-1]
    assert geo.walk_bay_shop_m(bay, shop) == geo.walk_m[bay.key, shop.key - len(geo.gates)]


def test_memoised_and_read_only(geo: Geography) -> None:
    assert load_geography(str(GPKG)) is geo
    with pytest.raises(ValueError):
        geo.zone_dist_m[0, 1] = 1.0


def test_build_reproduces_committed_gpkg(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_gpkg", ROOT / "gis" / "build_gpkg.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = module.build(tmp_path / "rebuilt.gpkg")
    for name in REQUIRED_COLUMNS:
        a = pyogrio.read_dataframe(GPKG, layer=name)
        b = pyogrio.read_dataframe(out, layer=name)
        assert a.drop(columns="geometry").equals(b.drop(columns="geometry")), name
        assert a.geometry.geom_equals_exact(b.geometry, tolerance=1e-6).all(), name


# --------------------------------------------------------------------------- bad input


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="existing GeoPackage"):
        load_geography(tmp_path / "nope.gpkg")


def test_not_a_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "zone.gpkg"
    path.write_text("id,name\n1,x\n")
    with pytest.raises(InputError, match="not one"):
        load_geography(path)


def test_missing_layer(tmp_path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    path = _broken(tmp_path, layers, lambda d: d.pop("bays"))
    with pytest.raises(InputError) as err:
        load_geography(path)
    assert err.value.field == "bays" and "layer 'bays'" in err.value.message


def test_missing_column(tmp_path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    def drop(d: dict[str, gpd.GeoDataFrame]) -> None:
        d["gates"] = d["gates"].drop(columns="camera_id")

    with pytest.raises(InputError) as err:
        load_geography(_broken(tmp_path, layers, drop))
    assert err.value.field == "gates.camera_id"


def test_self_intersecting_zone(tmp_path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    def bow_tie(d: dict[str, gpd.GeoDataFrame]) -> None:
        x0, y0, x1, y1 = d["zone"].total_bounds
        d["zone"].geometry = [Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])]

    with pytest.raises(InputError) as err:
        load_geography(_broken(tmp_path, layers, bow_tie))
    assert err.value.field == "zone" and "Self-intersection" in err.value.message


def test_gate_far_off_the_boundary(tmp_path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    def move(d: dict[str, gpd.GeoDataFrame]) -> None:
        gates = d["gates"]
        gates.loc[0, "geometry"] = translate(gates.geometry.iloc[0], xoff=-500)

    with pytest.raises(InputError) as err:
        load_geography(_broken(tmp_path, layers, move))
    gate_id = layers["gates"]["id"].iloc[0]
    assert err.value.field == f"gates.{gate_id}" and "boundary" in err.value.message


def test_gate_slightly_off_is_snapped(tmp_path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    def nudge(d: dict[str, gpd.GeoDataFrame]) -> None:
        gates = d["gates"]
        gates.loc[0, "geometry"] = translate(gates.geometry.iloc[0], xoff=-12, yoff=8)

    geo = load_geography(_broken(tmp_path, layers, nudge))
    g = geo.gates[0]
    assert geo.zone.exterior.distance(Point(g.x, g.y)) < 5.0


def test_shop_outside_zone(tmp_path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    def move(d: dict[str, gpd.GeoDataFrame]) -> None:
        d["shops"].loc[3, "geometry"] = translate(d["shops"].geometry.iloc[3], xoff=900)

    with pytest.raises(InputError, match=r"shops\.\w+: a point inside the zone"):
        load_geography(_broken(tmp_path, layers, move))


def test_duplicate_and_bad_values(tmp_path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    def dup(d: dict[str, gpd.GeoDataFrame]) -> None:
        d["bays"].loc[1, "id"] = d["bays"]["id"].iloc[0]

    with pytest.raises(InputError, match="unique ids"):
        load_geography(_broken(tmp_path, layers, dup))

    def bad_type(d: dict[str, gpd.GeoDataFrame]) -> None:
        d["shops"].loc[0, "type"] = "bakery"

    with pytest.raises(InputError, match=r"\.type: one of fashion"):
        load_geography(_broken(tmp_path, layers, bad_type, "bad_type.gpkg"))


def test_unreachable_shop(tmp_path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    """A street inside the zone that touches nothing else strands the shop next to it."""

    def island(d: dict[str, gpd.GeoDataFrame]) -> None:
        streets, shops = d["streets"], d["shops"]
        shop = shops.geometry.iloc[10]
        stub = gpd.GeoDataFrame(
            {"id": ["X1"], "name": ["eiland"], "kind": ["alley"], "inside_zone": [True]},
            geometry=[translate(shop, xoff=0.5).buffer(0.3).exterior],
            crs=streets.crs,
        )
        d["streets"] = pd.concat([streets, stub], ignore_index=True)

    with pytest.raises(InputError, match="reachable from gate"):
        load_geography(_broken(tmp_path, layers, island))


# --------------------------------------------------------------------------- other CRS


def test_reprojected_copy_gives_same_distances(
    tmp_path: Path, geo: Geography, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    wgs84 = {k: v.to_crs(4326) for k, v in layers.items()}
    other = load_geography(_write(tmp_path / "wgs84.gpkg", wgs84))
    assert other is not geo
    assert np.allclose(other.zone_dist_m, geo.zone_dist_m, atol=1.0)
    assert np.allclose(other.walk_m, geo.walk_m, atol=1.0)
    assert np.allclose(other.depot_gate_m, geo.depot_gate_m, atol=1.0)
    assert abs(other.zone_area_m2 - geo.zone_area_m2) < 10.0


# --------------------------------------------------------------------------- map


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_draw_map_png(tmp_path: Path, geo: Geography) -> None:
    out = draw_map(geo, tmp_path / "map.png")
    assert out.stat().st_size > 50_000
    assert _png_size(out)[0] == 1600


def test_draw_map_svg_with_counts(tmp_path: Path, geo: Geography) -> None:
    counts = {
        g.id: {"entries": 10.0 * (i + 1), "violations": float(i)} for i, g in enumerate(geo.gates)
    }
    out = draw_map(geo, tmp_path / "sub" / "gates.svg", gate_counts=counts, title="test")
    assert out.suffix == ".svg" and b"<svg" in out.read_bytes()[:500]
    assert _png_size(out.with_suffix(".png"))[0] == 1600


def test_draw_map_rejects_other_suffix(tmp_path: Path, geo: Geography) -> None:
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        draw_map(geo, tmp_path / "map.jpg")


def teardown_module() -> None:
    clear_cache()


def test_map_speaks_dutch_and_english(tmp_path: Path) -> None:
    from sim.deliver.mapping import MAP_WORDS, draw_map
    from sim.errors import InputError

    assert set(MAP_WORDS["nl"]) == set(MAP_WORDS["en"])
    geo = load_geography(GPKG)
    for lang in ("nl", "en"):
        out = draw_map(geo, tmp_path / f"map_{lang}.svg", lang=lang)
        svg = out.read_text(encoding="utf-8")
        assert MAP_WORDS[lang]["legend"] in svg
    with pytest.raises(InputError):
        draw_map(geo, tmp_path / "map.png", lang="de")


def test_geography_kept_on_disk_equals_a_fresh_load(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from sim.geo import cache

    monkeypatch.setenv("VENSTER_GEO_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "_MEMO", {})
    fresh = load_geography(ROOT / "gis" / "assen.gpkg")
    first = cache.cached_geography(ROOT / "gis" / "assen.gpkg")  # loads and stores
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    monkeypatch.setattr(cache, "_MEMO", {})
    stored = cache.cached_geography(ROOT / "gis" / "assen.gpkg")  # read back from disk
    for geo in (first, stored):
        assert [g.id for g in geo.gates] == [g.id for g in fresh.gates]
        assert [s.id for s in geo.shops] == [s.id for s in fresh.shops]
        assert np.array_equal(geo.zone_dist_m, fresh.zone_dist_m)
        assert np.array_equal(geo.depot_gate_m, fresh.depot_gate_m)
    # a file that is not a geography is read as a miss, loaded again and replaced
    next(tmp_path.glob("*.pickle")).write_bytes(b"not a pickle")
    monkeypatch.setattr(cache, "_MEMO", {})
    again = cache.cached_geography(ROOT / "gis" / "assen.gpkg")
    assert np.array_equal(again.walk_m, fresh.walk_m)


def test_the_depot_detour_lengthens_only_a_depots_way_to_the_streets(
        geo: Geography, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scenario's `rounds.road_detour` reaches the loader: a larger factor lengthens the
    depots' off-street stretch and nothing else; the disk cache keeps the two apart."""
    from sim.geo import cache

    wide = load_geography(GPKG, depot_detour=2.0)
    assert np.array_equal(wide.zone_dist_m, geo.zone_dist_m)
    assert np.array_equal(wide.walk_m, geo.walk_m)
    assert (wide.depot_gate_m >= geo.depot_gate_m).all()
    assert (wide.depot_gate_m > geo.depot_gate_m).any()
    monkeypatch.setenv("VENSTER_GEO_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "_MEMO", {})
    assert np.array_equal(cache.cached_geography(GPKG).depot_gate_m, geo.depot_gate_m)
    assert np.array_equal(cache.cached_geography(GPKG, 2.0).depot_gate_m, wide.depot_gate_m)
    assert len(list(tmp_path.glob("*.pickle"))) == 2


def test_validate_says_how_a_scenario_warns_and_why_drivers_comply(geo: Geography) -> None:
    """`validate`'s summary names the warning rules, campaigns and the motive model."""
    first = load_scenario(SCENARIOS / "assen-2023-start-first-warning.yaml")
    campaign = variant(first, enforcement={"campaigns": [
        {"date": "2023-01-09", "carriers_reached": 0.5, "turn_away_share": 0.8}]})
    text = "\n".join(describe(campaign, geo))
    assert "first offence brings a warning, fines from the second" in text
    assert "campaign on 2023-01-09 (window): letters to 50% of carriers" in text
    assert "80% of unaware drivers turn" in text
    assert "why drivers comply" in text and "50% of carriers know the window rule" in text
    start = "\n".join(describe(load_scenario(SCENARIOS / "assen-2023-start.yaml"), geo))
    assert "warnings from 2023-01-01 until 2023-04-03" in start
    assert "name no date" in start
    ze = "\n".join(describe(load_scenario(SCENARIOS / "assen-2025-ze-start.yaml"), geo))
    assert "warning period ended on 2023-04-03" in ze
    assert "50% the zero-emission zone's" in ze and "warnings until 2025-07-01" in ze
    # what carriers do with their fleet in the fine-free months (docs/deterrence.md)
    assert "renew then, the vehicle 28 days later" in ze and "2025-07-01)" in ze
    assert "6% of barred vehicles qualify for an exemption (after 21 days)" in ze
    assert "day exemptions EUR 30, 12 a year, kept for the fined months" in ze
    settled = "\n".join(describe(load_scenario(SCENARIOS / "assen-2025-ze.yaml"), geo))
    assert "act before the run; no long-term exemptions" in settled
    assert "kept for the fined months" not in settled
