"""`gates.gpkg`: a run folder's counts on the map, for QGIS and other GIS tools.

Three layers in EPSG:28992 (Amersfoort / RD New, the geodata's own system):

- `gates_by_hour`: a point per gate and hour of the simulated period, with the hour's start
  and end as datetime fields, so QGIS's temporal controller can play the period hour by hour;
- `gates`: a point per gate with the period's totals (means over replications);
- `zone`: the zone's polygon with the run's identity and the mean of every KPI.

Written with pyogrio's Arrow writer from shapely WKB: no GeoDataFrame is built, which keeps
`venster run` quick.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from sim.geo.model import Geography
from sim.runfolder.gate_hours import COUNTS, GateHours, gate_hours

if TYPE_CHECKING:
    from sim.runfolder.summary import RunSummary
    from sim.runner import RunResult

CRS = "EPSG:28992"
LAYER_HOURS = "gates_by_hour"
LAYER_GATES = "gates"
LAYER_ZONE = "zone"


def _write(table: Any, path: Path, layer: str, geometry_type: str) -> None:
    from pyogrio.raw import write_arrow

    # no spatial index: a layer of 13 distinct points (or one polygon) gains nothing from it,
    # and building it is a good part of the writing time
    write_arrow(table, str(path), layer=layer, driver="GPKG", geometry_name="geometry",
                geometry_type=geometry_type, crs=CRS, append=path.exists(),
                layer_options={"SPATIAL_INDEX": "NO"})


def _gate_columns(geo: Geography, repeat: int) -> dict[str, Any]:
    points = shapely.points([g.x for g in geo.gates], [g.y for g in geo.gates])
    return {
        "gate": np.repeat([g.id for g in geo.gates], repeat),
        "gate_name": np.repeat([g.name for g in geo.gates], repeat),
        "camera": np.repeat([bool(g.camera_id) for g in geo.gates], repeat),
        "geometry": np.repeat(shapely.to_wkb(points), repeat),
    }


def hours_table(counts: GateHours, geo: Geography, start: dt.date) -> Any:
    """The `gates_by_hour` layer as an Arrow table: gate-major, then hour by hour."""
    import pyarrow as pa

    n_gates, n_hours = len(counts.gates), counts.hours
    t0 = np.datetime64(start, "s")
    begins = t0 + np.arange(n_hours, dtype="int64").astype("timedelta64[h]")
    cols = _gate_columns(geo, n_hours)
    data: dict[str, Any] = {k: cols[k] for k in ("gate", "gate_name", "camera")}
    ends = begins + np.timedelta64(1, "h")
    data["start_time"] = pa.array(np.tile(begins, n_gates), pa.timestamp("s"))
    data["end_time"] = pa.array(np.tile(ends, n_gates), pa.timestamp("s"))
    data["hour"] = np.tile(np.arange(n_hours) % 24, n_gates)
    for name in COUNTS:
        data[name] = counts.counts[name].reshape(-1)
    data["geometry"] = pa.array(cols["geometry"], pa.binary())
    return pa.table(data)


def gates_table(counts: GateHours, geo: Geography) -> Any:
    """The `gates` layer: each gate's totals over the period."""
    import pyarrow as pa

    cols = _gate_columns(geo, 1)
    data: dict[str, Any] = {k: cols[k] for k in ("gate", "gate_name", "camera")}
    for name in COUNTS:
        data[name] = counts.counts[name].sum(axis=1)
    data["geometry"] = pa.array(cols["geometry"], pa.binary())
    return pa.table(data)


def zone_table(summary: RunSummary, geo: Geography) -> Any:
    """The `zone` layer: one polygon, the run's identity and every KPI's mean."""
    import pyarrow as pa

    data: dict[str, Any] = {
        "scenario": [summary.scenario],
        "description": [summary.description],
        "seed": [summary.seed],
        "replications": [summary.replications],
        "weeks": [summary.weeks],
        "start_date": pa.array([summary.start_date], pa.date32()),
    }
    for name, kpi in summary.kpis.items():
        mean = kpi.mean
        data[name] = pa.array([math.nan if mean is None else float(mean)], pa.float64())
    data["geometry"] = pa.array([shapely.to_wkb(geo.zone)], pa.binary())
    return pa.table(data)


def write_gates_gpkg(result: RunResult, path: Path, summary: RunSummary,
                     geo: Geography | None = None) -> Path:
    """Write `gates.gpkg` for a run whose events were kept; `summary` is the run's."""
    if geo is None:
        from sim.geo.cache import cached_geography

        geo = cached_geography(result.scenario.geography)
    sc = result.scenario
    counts = gate_hours(result.events, [g.id for g in geo.gates], sc.weeks * 7 * 24)
    path = Path(path)
    path.unlink(missing_ok=True)
    _write(hours_table(counts, geo, sc.start_date), path, LAYER_HOURS, "Point")
    _write(gates_table(counts, geo), path, LAYER_GATES, "Point")
    _write(zone_table(summary, geo), path, LAYER_ZONE, "Polygon")
    return path
