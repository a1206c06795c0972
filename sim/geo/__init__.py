"""Geodata: the zone, gates, streets, shops, bays, parking and depots of Assen's centre."""

from sim.geo.load import SHOP_TYPES, clear_cache, load_geography
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
