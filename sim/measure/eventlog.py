"""The event log: the single source of truth every KPI is computed from.

Append-only and columnar: one list per column, one entry per event, so a week of Assen costs a
few hundred kilobytes and turns into a pandas DataFrame (or a Parquet file) in one step. Every
event has every column; columns that do not apply hold their empty value.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

# column -> (empty value, pandas dtype)
SCHEMA: dict[str, tuple[Any, str]] = {
    "t": (0.0, "float64"),  # simulated minutes since Monday 00:00 of week 1
    "kind": ("", "string"),  # see KINDS
    "party": ("", "string"),  # goods (deliveries), other (cars at the gates), visitor (parking)
    "tour": (-1, "int64"),
    "order": (-1, "int64"),
    "attempt": (0, "int64"),
    "segment": ("", "string"),
    "carrier": (-1, "int64"),
    "plate": ("", "string"),
    "vclass": ("", "string"),
    "category": ("", "string"),
    "ze": (False, "bool"),
    "foreign": (False, "bool"),
    "gate": ("", "string"),
    "place": ("", "string"),  # a parking place or loading bay id
    "shop": ("", "string"),
    "shop_type": ("", "string"),
    "allowed": (False, "bool"),  # windows and ZE zone admitted this vehicle at this moment
    "outcome": ("", "string"),  # choice made, stop result, or case outcome
    "rule": ("", "string"),  # rules a violation broke: window, ze_zone or window+ze_zone
    "via": ("", "string"),  # how a delivery got to the shop: zone, bay or hub
    "km": (0.0, "float64"),
    "minutes": (0.0, "float64"),
    "open_min": (0.0, "float64"),  # of `minutes`, those while shops were open
    "extra_min": (0.0, "float64"),  # carrier time lost to the regime
    "extra_km": (0.0, "float64"),  # carrier km driven because of the regime
    "trip_km": (0.0, "float64"),  # km outside the zone: depot (or hub) to the centre and back
    "amount_eur": (0.0, "float64"),  # fine, or cost of a choice
    "value": (0.0, "float64"),  # kind-specific number (e.g. a belief after learning)
    "drops": (0, "int64"),  # stops of a planned round, in Assen and elsewhere
    "planned_outside": (0, "int64"),  # a round's Assen stops planned outside the window
}

KINDS = {
    "order": "a delivery is ordered (t: the start of its day)",
    "attempt": "an order's vehicle reaches the gate (allowed: window open for it)",
    "arrive": "a tour's vehicle reaches the gate",
    "choice": "what the driver did at a closed gate (outcome)",
    "entry": "a vehicle drives into the zone (allowed False: a violation)",
    "case": "what became of a violation (outcome: no_camera ... fine)",
    "stop": "an order's attempt ends (outcome: delivered, dropped, failed; value 1 via a bay)",
    "exit": "a vehicle leaves the zone (km, minutes, open_min inside)",
    "bay": "a van at a loading bay (outcome: free, waited, double_parked; extra_min waited)",
    "capacity": "a parking place's spaces (value), logged at the start (outcome: street, garage)",
    "park": "a visitor's car (outcome: street, garage, bay, lost; minutes: stay; amount_eur: "
            "paid; extra_min: searching; value 1: parked before the run started)",
    "journey": "a vehicle's drive between its depot (or the hub) and the centre (trip_km)",
    "renew": "a carrier replaced a vehicle the ZE zone shuts out (vclass: the new class)",
    "dayex": "a vehicle used a day exemption for the ZE zone",
    "learn": "a carrier's perceived detection after news (value)",
    "trip": "a non-delivery car approaches a gate (outcome: avoided, turned, entered)",
    "round": "a carrier's planned round for a day (t: departure; km: in the zone; trip_km: "
             "outside it; minutes: depot to depot; drops: all stops; value: Assen stops; "
             "amount_eur: vehicle-day, km and hours; outcome: own or hired; planned_outside: "
             "Assen stops planned outside the window)",
}


class EventLog:
    """Append events as keyword arguments; unknown columns are a programming error.

    Rows are kept as they come (time, kind, the fields given) and spread into columns only
    when the frame is built, which keeps `add` cheap on the simulation's hot path.
    """

    _COLUMNS = frozenset(SCHEMA) - {"t", "kind"}

    def __init__(self) -> None:
        self._rows: list[tuple[float, str, dict[str, Any]]] = []

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, t: float, kind: str, **fields: Any) -> None:
        if not self._COLUMNS.issuperset(fields):
            raise KeyError(f"unknown event columns: {sorted(set(fields) - self._COLUMNS)}")
        self._rows.append((float(t), kind, fields))

    def to_frame(self) -> pd.DataFrame:
        """Events as a DataFrame, sorted stably by time so ties keep their logging order."""
        rows = self._rows
        data: dict[str, pd.Series] = {
            "t": pd.Series([r[0] for r in rows], dtype="float64"),
            "kind": pd.Series([r[1] for r in rows], dtype="string"),
        }
        for col, (empty, dtype) in SCHEMA.items():
            if col in data:
                continue
            data[col] = pd.Series([r[2].get(col, empty) for r in rows], dtype=dtype)
        df = pd.DataFrame({c: data[c] for c in SCHEMA})
        return df.sort_values("t", kind="stable", ignore_index=True)


class EventView:
    """An event frame with its (kind, party) slices cached: the KPIs filter the log dozens of
    times, and slicing once per kind keeps that cheap however long the log is."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df
        self._index = df.groupby(["kind", "party"], observed=True, sort=False).indices
        self._cache: dict[tuple[str, str | None], pd.DataFrame] = {}

    def of(self, kind: str, party: str | None = None) -> pd.DataFrame:
        """Events of one kind (and, if given, one party), in log order."""
        key = (kind, party)
        found = self._cache.get(key)
        if found is None:
            import numpy as np

            rows = [idx for (k, p), idx in self._index.items()
                    if k == kind and (party is None or p == party)]
            take = np.sort(np.concatenate(rows)) if rows else np.zeros(0, dtype=int)
            found = self.df.iloc[take]
            self._cache[key] = found
        return found


def as_view(ev: pd.DataFrame | EventView) -> EventView:
    return ev if isinstance(ev, EventView) else EventView(ev)
