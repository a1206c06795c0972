"""Geodata: the zone, gates, streets, shops, bays, parking and depots of Assen's centre.

The loader (`sim.geo.load`, which needs geopandas) is imported only when one of its names is
used, so the simulation itself starts without it; `sim.geo.cache` keeps checked loads on disk.
"""

from typing import Any

from sim.geo.model import Bay, Depot, Gate, Geography, Parking, Shop, Street

__all__ = [
    "SHOP_TYPES",
    "Bay",
    "Depot",
    "Gate",
    "Geography",
    "Parking",
    "Shop",
    "Street",
    "clear_cache",
    "load_geography",
]


def __getattr__(name: str) -> Any:
    if name in ("SHOP_TYPES", "clear_cache", "load_geography"):
        from sim.geo import load

        return getattr(load, name)
    raise AttributeError(f"module 'sim.geo' has no attribute {name!r}")
