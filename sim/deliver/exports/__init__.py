"""Results in the formats other tools open: a GeoPackage for QGIS, a workbook for Excel.

- `gate_hours`: per-gate counts for every hour of the simulated period, from the events
- `gpkg`: `gates.gpkg` in a run folder (gates by hour, the zone with the run's KPIs)
- `xlsx`: `venster export DIR --xlsx`, a Dutch workbook for the entrepreneurs' association
"""
