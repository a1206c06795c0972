"""Camera passages: a run's entries into the zone as a municipality's ANPR log would hold them.

Dutch cities keep their camera passages in the shape the city of Amsterdam's open-source
`iotsignals` service set (one record per passage: `passage_at`, `camera_id`, `camera_naam`,
`rijrichting`, `kenteken_land`, `voertuig_soort`, `europese_voertuigcategorie`, fuel and Euro
class, `toegestane_maximum_massa_voertuig`, `taxi_indicator`, a `kenteken_hash`; and an hourly
aggregate of counts per camera, direction, plate country, vehicle kind and category). Writing
the simulated passages in that shape lets a municipality lay its own log beside the model's,
and lets `venster calibrate` fit the model to it.

Pure functions of the event log, like the KPIs: every vehicle that drives into the zone (an
`entry` event) is one row, so summed over the rows the counts are the run's entry, violation
and letter KPIs exactly. What a real camera log would *not* hold is kept, and marked in
`camera_vastgelegd`: entries through a gate without a camera, while its camera was down
(`outage` events), and vehicles without a plate (cargo bikes). The hourly aggregate's
`aantal` counts only the recorded passages (what a municipality's log counts);
`aantal_werkelijk` counts every entry.

Plates are never written: `kenteken_hash` is an HMAC-SHA256 of the model's vehicle id under a
key of the run, so one vehicle's passages link up within a run but not across runs, and no
hash looks like, or leads back to, a Dutch plate. Each newcomer's trip (a visitor the model
does not follow from trip to trip) is a vehicle of its own.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from sim.geo.model import Gate
from sim.model.enforcement import FINE, NO_CAMERA, WARNING
from sim.scenario.models import Scenario

DIRECTION_IN = 1  # iotsignals v1: 1 / -1; v2: "NAAR" / "VAN". The zone's cameras face inwards.
DOMESTIC = "NL"
# ISO 3166-1 user-assigned code: the model knows a plate is foreign, not which country's
FOREIGN = "XX"


class Kind(NamedTuple):
    """How the RDW register would describe a vehicle of one model category."""

    voertuig_soort: str  # RDW "voertuigsoort"
    europese_voertuigcategorie: str  # EU category (Directive 2007/46/EC, Regulation 168/2013)
    max_massa_kg: int | None  # toegestane maximum massa: an assumption per category
    has_plate: bool


# Category -> register facts. The EU categories follow the category's definition (a van is N1,
# up to 3,500 kg); the masses are assumptions for a typical vehicle of the category: a van at
# the N1 limit, a two-axle distribution truck of 16 t (N3 starts above 12 t), a tractor unit of
# 20 t (its own permitted mass, not the combination's), a car 2,000 kg, a taxi 2,200 kg, a
# light electric vehicle (L2) 450 kg, a moped (L1) 150 kg. Cargo bikes carry no plate.
KINDS: dict[str, Kind] = {
    "van": Kind("Bedrijfsauto", "N1", 3500, True),
    "rigid_truck": Kind("Bedrijfsauto", "N3", 16000, True),
    "tractor_trailer": Kind("Bedrijfsauto", "N3", 20000, True),
    "car": Kind("Personenauto", "M1", 2000, True),
    "taxi": Kind("Personenauto", "M1", 2200, True),
    "lev": Kind("Bromfiets", "L2", 450, True),
    "moped": Kind("Bromfiets", "L1", 150, True),
    "cargo_bike": Kind("Fiets", "", None, False),
}

# the model's energy -> the RDW register's fuel names; a plug-in hybrid is registered with two
# (assumption: petrol and electricity, the common pairing)
FUELS = {
    "diesel": "Diesel",
    "petrol": "Benzine",
    "battery_electric": "Elektriciteit",
    "hydrogen_fuel_cell": "Waterstof",
    "plugin_hybrid": "Benzine;Elektriciteit",
    "human_electric": "",
}

PARTIES = {"goods": "bevoorrading", "other": "overig"}
LETTERS = {FINE: "boete", WARNING: "waarschuwing"}
# a violation whose case ends here was never photographed: the camera log does not hold it
UNSEEN = (NO_CAMERA, "camera_down")

PASSAGE_COLUMNS = (
    "replicatie", "passage_id", "passage_at", "volgnummer", "straat", "rijrichting",
    "camera_id", "camera_naam", "camera_locatie", "kenteken_hash", "kenteken_land",
    "voertuig_soort", "europese_voertuigcategorie", "toegestane_maximum_massa_voertuig",
    "taxi_indicator", "brandstof", "euroklasse", "jaar_eerste_toelating", "nul_emissie",
    "camera_vastgelegd", "toegestaan", "zaak", "brief", "partij", "segment", "voertuigklasse",
    "toegang",
)
HOUR_KEYS = (
    "replicatie", "datum", "uur", "dag_van_week", "camera_id", "camera_naam", "rijrichting",
    "kenteken_land", "voertuig_soort", "europese_voertuigcategorie", "taxi_indicator",
)
HOUR_COUNTS = ("aantal", "aantal_werkelijk", "niet_toegestaan", "waarschuwingen", "boetes")


def run_key(*parts: object) -> bytes:
    """The HMAC key of one run, from what identifies it (scenario, seed, when it ran): the
    same run gives the same hashes, two runs give unlinkable ones."""
    return hashlib.sha256("\x1f".join(map(str, ("venster-passages", *parts))).encode()).digest()


def pseudonym(key: bytes, vehicle: str) -> str:
    """40 hex characters (the length of iotsignals' `kenteken_hash`)."""
    return hmac.new(key, vehicle.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


def _uuid(key: bytes, text: str) -> str:
    h = hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def _down(ev: pd.DataFrame) -> dict[tuple[int, str], tuple[np.ndarray, np.ndarray]]:
    """Per (replication, gate): start and end of each camera outage."""
    out: dict[tuple[int, str], tuple[np.ndarray, np.ndarray]] = {}
    o = ev[ev["kind"] == "outage"]
    for (rep, gate), g in o.groupby(["replication", "gate"], observed=True, sort=False):
        start = g["t"].to_numpy(dtype=float)
        out[(int(rep), str(gate))] = (start, start + g["minutes"].to_numpy(dtype=float))
    return out


def _camera_up(entries: pd.DataFrame, ev: pd.DataFrame) -> np.ndarray:
    up = np.ones(len(entries), dtype=bool)
    spans = _down(ev)
    if not spans:
        return up
    rep = entries["replication"].to_numpy()
    gate = entries["gate"].astype(str).to_numpy()
    t = entries["t"].to_numpy(dtype=float)
    for (r, g), (a, b) in spans.items():
        rows = np.flatnonzero((rep == r) & (gate == g))
        if len(rows):
            inside = (t[rows, None] >= a[None, :]) & (t[rows, None] < b[None, :])
            up[rows[inside.any(axis=1)]] = False
    return up


def _cases_of(entries: pd.DataFrame, ev: pd.DataFrame) -> pd.Series:
    """The case outcome of each not-allowed entry ("" for allowed ones).

    A violation's case is logged at the moment of the entry, with the same vehicle and gate,
    so the two meet on (replication, party, plate, gate, t); ties (two newcomers at one gate in
    one instant) are paired in log order."""
    keys = ["replication", "party", "plate", "gate", "t"]
    bad = entries[~entries["allowed"]][keys].copy()
    cases = ev[ev["kind"] == "case"][[*keys, "outcome"]].copy()
    for df in (bad, cases):
        for k in ("party", "plate", "gate"):
            df[k] = df[k].astype(str)
        df["n"] = df.groupby(keys, sort=False).cumcount()
    bad["row"] = bad.index
    joined = bad.merge(cases, on=[*keys, "n"], how="left", validate="one_to_one")
    if joined["outcome"].isna().any() or len(cases) != len(bad):
        raise ValueError(f"the event log has {len(bad)} not-allowed entries and {len(cases)} "
                         "cases that do not pair up; it is not a log venster wrote")
    out = pd.Series("", index=entries.index, dtype=object)
    out.loc[joined["row"].to_numpy()] = joined["outcome"].astype(str).to_numpy()
    return out


def _wgs84(gates: Sequence[Gate]) -> dict[str, str]:
    """Each gate's camera position as WKT in EPSG:4326 (iotsignals' `camera_locatie`)."""
    return dict(_wgs84_of(tuple((g.id, g.x, g.y) for g in gates)))


@functools.lru_cache(maxsize=8)
def _wgs84_of(points: tuple[tuple[str, float, float], ...]) -> tuple[tuple[str, str], ...]:
    from pyproj import Transformer  # building the transformer costs a quarter second: once

    to = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    out = []
    for gate_id, x, y in points:
        lon, lat = to.transform(x, y)
        out.append((gate_id, f"POINT ({lon:.6f} {lat:.6f})"))
    return tuple(out)


def passages(events: pd.DataFrame, scenario: Scenario, gates: Sequence[Gate], key: bytes
             ) -> pd.DataFrame:
    """One row per vehicle entering the zone (columns PASSAGE_COLUMNS), in time order per
    replication. `events` is an event frame, with a `replication` column when it holds
    several (as `events.parquet` does)."""
    ev = events if "replication" in events.columns else events.assign(replication=0)
    entries = ev[ev["kind"] == "entry"].copy()
    entries = entries.sort_values(["replication", "t"], kind="stable")
    gate_by_id = {g.id: g for g in gates}
    gate = entries["gate"].astype(str)
    unknown = sorted(set(gate) - set(gate_by_id))
    if unknown:
        raise ValueError(f"entries through gates the geodata lacks: {', '.join(unknown)}")
    watched = set(gate_by_id) if scenario.enforcement.camera_gates == "all" else set(
        scenario.enforcement.camera_gates)
    has_camera = gate.isin(watched).to_numpy()
    cam_id = {g.id: (g.camera_id or g.id) for g in gates}
    where = _wgs84(gates)

    category = entries["category"].astype(str)
    kinds = {c: KINDS.get(c, Kind("", "", None, True)) for c in category.unique()}
    vclass = entries["vclass"].astype(str)
    classes = scenario.vehicle_classes
    case = _cases_of(entries, ev)
    plated = category.map(lambda c: kinds[c].has_plate).to_numpy(dtype=bool)
    up = _camera_up(entries, ev)
    recorded = has_camera & up & plated & ~case.isin(UNSEEN).to_numpy()

    rep = entries["replication"].astype(int).to_numpy()
    plate = entries["plate"].astype(str).to_numpy()
    row_no = np.arange(len(entries))
    # a plate is one vehicle within its replication (each newcomer trip has its own plate)
    vehicle = [f"{r}/{p}" for r, p in zip(rep.tolist(), plate.tolist(), strict=True)]
    hashes = np.array([pseudonym(key, v) if ok else None
                       for v, ok in zip(vehicle, plated.tolist(), strict=True)], dtype=object)
    hashes[(case == "not_read").to_numpy()] = None  # the camera could not read it
    start = pd.Timestamp(scenario.start_date)

    def vc(attr: str) -> list[Any]:
        return [getattr(classes[v], attr) if v in classes else None for v in vclass.tolist()]

    energy = vc("energy")
    out = pd.DataFrame({
        "replicatie": rep,
        "passage_id": [_uuid(key, f"{r}/{i}") for r, i in zip(rep.tolist(), row_no.tolist(),
                                                              strict=True)],
        "passage_at": (start + pd.to_timedelta(entries["t"].to_numpy(), unit="min")).round("s"),
        "volgnummer": 1,
        "straat": gate.map(lambda g: gate_by_id[g].name).to_numpy(),
        "rijrichting": DIRECTION_IN,
        "camera_id": np.where(has_camera, gate.map(cam_id).to_numpy(), None),
        "camera_naam": np.where(has_camera, gate.map(lambda g: gate_by_id[g].name).to_numpy(),
                                None),
        "camera_locatie": np.where(has_camera, gate.map(where).to_numpy(), None),
        "kenteken_hash": hashes,
        "kenteken_land": np.where(entries["foreign"].to_numpy(dtype=bool), FOREIGN, DOMESTIC),
        "voertuig_soort": category.map(lambda c: kinds[c].voertuig_soort).to_numpy(),
        "europese_voertuigcategorie": category.map(
            lambda c: kinds[c].europese_voertuigcategorie).to_numpy(),
        "toegestane_maximum_massa_voertuig": pd.array(
            category.map(lambda c: kinds[c].max_massa_kg).tolist(), dtype="Int64"),
        "taxi_indicator": (category == "taxi").to_numpy(),
        "brandstof": [FUELS.get(e, "") if e else "" for e in energy],
        "euroklasse": pd.array(vc("euro"), dtype="Int64"),
        "jaar_eerste_toelating": pd.array(vc("registration_year"), dtype="Int64"),
        "nul_emissie": entries["ze"].to_numpy(dtype=bool),
        "camera_vastgelegd": recorded,
        "toegestaan": entries["allowed"].to_numpy(dtype=bool),
        "zaak": case.to_numpy(),
        "brief": case.map(lambda c: LETTERS.get(c, "")).to_numpy(),
        "partij": entries["party"].astype(str).map(PARTIES).to_numpy(),
        "segment": entries["segment"].astype(str).to_numpy(),
        "voertuigklasse": vclass.to_numpy(),
        "toegang": gate.to_numpy(),
    })
    return out.reset_index(drop=True)[list(PASSAGE_COLUMNS)]


def hourly(passages_df: pd.DataFrame) -> pd.DataFrame:
    """Counts per replication, hour, camera, direction, plate country, vehicle kind, category
    and taxi flag (iotsignals' hourly aggregate), with what the model knows besides.

    `aantal` counts the passages a camera recorded (what a municipality's log counts);
    `aantal_werkelijk` every entry, `niet_toegestaan` the entries not allowed, and
    `waarschuwingen` and `boetes` the letters they led to. Entries through a gate without a
    camera have an empty `camera_id`."""
    p = passages_df
    at = pd.to_datetime(p["passage_at"])
    df = pd.DataFrame({
        "replicatie": p["replicatie"],
        "datum": at.dt.strftime("%Y-%m-%d"),
        "uur": at.dt.hour,
        "dag_van_week": at.dt.day_of_week + 1,  # 1 Monday .. 7 Sunday (ISO)
        "camera_id": p["camera_id"].fillna(""),
        "camera_naam": p["camera_naam"].fillna(""),
        "rijrichting": p["rijrichting"],
        "kenteken_land": p["kenteken_land"],
        "voertuig_soort": p["voertuig_soort"],
        "europese_voertuigcategorie": p["europese_voertuigcategorie"],
        "taxi_indicator": p["taxi_indicator"],
        "aantal": p["camera_vastgelegd"].astype(int),
        "aantal_werkelijk": 1,
        "niet_toegestaan": (~p["toegestaan"]).astype(int),
        "waarschuwingen": (p["brief"] == "waarschuwing").astype(int),
        "boetes": (p["brief"] == "boete").astype(int),
    })
    out = df.groupby(list(HOUR_KEYS), sort=True, as_index=False)[list(HOUR_COUNTS)].sum()
    return out
