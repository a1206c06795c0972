"""Geodata: the zone, gates, streets, shops, bays, parking and depots of Assen's centre."""

from sim.geo.model import Bay, Depot, Gate, Geography, Parking, Shop

__all__ = ["Bay", "Depot", "Gate", "Geography", "Parking", "Shop"]
