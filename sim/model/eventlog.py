"""The event log: the single source of truth every KPI is computed from.

It lives with the model that writes it; sim.measure, the runner and the exports read it, so
every import of it points down.

Columnar and append-only. Each column keeps two typed arrays (`array.array`): the positions of
the events that set it and their values. A column an event does not set costs that event
nothing, and reads as the column's empty value. Text columns (kind, party, gate, outcome, ...)
are stored as categorical codes, with code 0 for the empty string, so a week of Assen costs a
few hundred kilobytes rather than a Python dict per event, and KPIs compare small integers.

KPIs read the columns through an `EventView` as numpy arrays in time order (`get`, `count`,
`code`); `to_frame` and `EventView.of` still give pandas frames for tables and figures.

Adding a column is one line in SCHEMA; adding an event kind is one line in KINDS (which is
documentation: the log accepts any kind name).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:  # pandas and pyarrow are only needed to hand the log to other tools
    import pandas as pd
    import pyarrow as pa

# column -> (empty value, dtype). A new column is one line here; its dtype is one of float64,
# int64, bool or string (text, stored as categorical codes; see _STORE).
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
    "windowed": (0, "int64"),  # a round's stops in a centre with a goods window that day
    "trips": (0, "int64"),  # a round's loads from the depot
}

KINDS = {
    "order": "a delivery is ordered (t: the start of its day)",
    "attempt": "an order's vehicle reaches the gate (allowed: window open for it)",
    "arrive": "a tour's vehicle reaches the gate",
    "choice": "what the driver did at a closed gate (outcome)",
    "entry": "a vehicle drives into the zone (allowed False: a violation)",
    "case": "what became of a violation (outcome: no_camera ... fine)",
    "stop": "an order's attempt ends (outcome: delivered, dropped, failed; via: zone, bay or "
            "hub for a delivery; amount_eur: the re-delivery cost of a dropped one)",
    "exit": "a vehicle leaves the zone (km, minutes, open_min inside)",
    "bay": "a van at a loading bay (outcome: free, waited, double_parked; extra_min waited)",
    "capacity": "a parking place's spaces (value), logged at the start (outcome: street, garage)",
    "park": "a visitor's car (outcome: street, garage, bay, lost; minutes: stay; amount_eur: "
            "paid; extra_min: searching; value 1: parked before the run started)",
    "journey": "a vehicle's drive between its depot (or the hub) and the centre (trip_km)",
    "renew": "a carrier replaced a vehicle the ZE zone shuts out (vclass: the new class)",
    "ze_exempt": "a carrier's vehicle the ZE zone shuts out got a long-term exemption (vclass: "
                 "its class)",
    "dayex": "a vehicle used a day exemption for the ZE zone",
    "learn": "a carrier's perceived detection after news (value)",
    "outage": "a camera down, logged at the start (t: from; minutes: how long; gate)",
    "trip": "a non-delivery car approaches a gate (outcome: avoided, turned, entered)",
    "round": "a carrier's planned round for a day (t: departure; km: in the zone; trip_km: "
             "outside it; minutes: depot to depot; drops: all stops; value: Assen stops; "
             "amount_eur: vehicle-day, km and hours; outcome: own or hired; planned_outside: "
             "Assen stops planned outside the window; windowed: stops in a centre with a "
             "goods window, Assen's or another town's; trips: loads from the depot)",
}

# storage of each pandas dtype: typed array code (None: a plain list) and numpy dtype
_STORE: dict[str, tuple[str | None, type]] = {
    "float64": ("d", np.float64),
    "int64": ("q", np.int64),
    "bool": (None, np.bool_),  # a list: numpy bools do not fit array("b"), True/False are shared
    "string": ("i", np.int32),  # categorical codes
}
_ROW = "i"  # event positions: up to 2**31 events per log, far beyond what memory holds


def _is_text(name: str) -> bool:
    return SCHEMA[name][1] == "string"


def _np(a: array | list, dtype: type) -> np.ndarray:
    """A numpy copy of a typed array (a copy, so the array may keep growing afterwards)."""
    if isinstance(a, list):
        return np.array(a, dtype=dtype)
    return np.frombuffer(a, dtype=dtype).copy() if len(a) else np.zeros(0, dtype=dtype)


_CHUNK = 1024  # events of one shape buffered before they go into the typed columns


class _Column:
    """One sparse column: positions of the events that set it, their values (or codes)."""

    __slots__ = ("cats", "codes", "dtype", "rows", "vals")

    def __init__(self, dtype: str) -> None:
        code, _ = _STORE[dtype]
        self.dtype = dtype
        self.rows = array(_ROW)
        self.vals: array | list = array(code) if code else []
        text = dtype == "string"
        self.codes: dict[Any, int] | None = {"": 0} if text else None
        self.cats: list[Any] | None = [""] if text else None

    def extend(self, rows: tuple[int, ...] | np.ndarray,
               values: tuple[Any, ...] | list[Any] | np.ndarray | Coded | Same) -> None:
        if isinstance(values, Same):
            values = (Coded(np.zeros(len(rows), dtype=np.int64), [values.value])
                      if self.codes is not None else
                      np.full(len(rows), values.value, dtype=_STORE[self.dtype][1]))
        if isinstance(values, Coded):
            if self.codes is None:
                raise TypeError("coded values given for a column that is not text")
            values = self._codes_of(values)
        elif self.codes is not None:
            codes, cats = self.codes, self.cats
            if not codes.keys() >= set(values):
                # new categories numbered by first appearance, not in set order (which
                # depends on string hashing), so the same run gives the same codes
                for v in values:
                    if v not in codes:
                        codes[v] = len(cats)  # type: ignore[arg-type]
                        cats.append(v)  # type: ignore[union-attr]
            values = [codes[v] for v in values]
        if isinstance(self.vals, list):
            self.vals.extend(values)
        else:  # numpy converts a tuple of numbers several times faster than array.extend
            self.vals.frombytes(np.asarray(values, dtype=_STORE[self.dtype][1]).tobytes())
        self.rows.frombytes(np.asarray(rows, dtype=np.int32).tobytes())

    def _codes_of(self, coded: Coded) -> np.ndarray:
        """The column's codes for text given as codes into a list of labels; new labels are
        numbered by first appearance in the values, as one by one."""
        codes, cats = self.codes, self.cats
        assert codes is not None and cats is not None
        used, first = np.unique(coded.codes, return_index=True)
        for i in used[np.argsort(first, kind="stable")].tolist():
            v = coded.labels[i]
            if v not in codes:
                codes[v] = len(cats)
                cats.append(v)
        table = np.array([codes.get(v, -1) for v in coded.labels], dtype=np.int64)
        return table[coded.codes]


class Coded(NamedTuple):
    """Text values as codes into `labels` (`labels[codes[i]]` is value i): a bulk logger
    that knows its few labels passes them so, and no value is looked up one by one."""

    codes: np.ndarray
    labels: Sequence[Any]


class Same(NamedTuple):
    """One value for every event of an `add_many` call."""

    value: Any


class EventLog:
    """Append events as `add(t, kind, **fields)`; an unknown column is a programming error.

    Events are buffered by shape (kind and field names, in the order given) as plain tuples,
    and every `_CHUNK` events of a shape are moved into the typed columns in one go: that
    keeps `add` to a dict lookup and a tuple append, and the memory to the typed arrays.
    """

    _COLUMNS = frozenset(SCHEMA) - {"t", "kind"}

    def __init__(self) -> None:
        self._n = 0
        self._cols = {name: _Column(dtype) for name, (_, dtype) in SCHEMA.items()}
        self._bufs: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}

    def __len__(self) -> int:
        return self._n

    def add(self, t: float, kind: str, **fields: Any) -> None:
        """Log one event. Fields not given hold their column's empty value."""
        key = (kind, *fields)
        buf = self._bufs.get(key)
        if buf is None:
            buf = self._new_shape(key)
        buf.append((self._n, t, *fields.values()))
        self._n += 1
        if len(buf) >= _CHUNK:
            self._flush(key, buf)

    def shape(self, kind: str, *names: str) -> Callable[..., None]:
        """A logger for events of one kind with these fields, in this order: `f(t, *values)`
        logs what `add(t, kind, **dict(zip(names, values)))` would, without building a dict
        per event (for the model's hottest events: a tour's arrival, stops and exit)."""
        key = (kind, *names)
        buf = self._bufs.get(key)
        if buf is None:
            buf = self._new_shape(key)
        flush = self._flush

        def log_one(t: float, *values: Any) -> None:
            n = self._n
            buf.append((n, t, *values))
            self._n = n + 1
            if len(buf) >= _CHUNK:
                flush(key, buf)

        return log_one

    def add_many(self, kind: str, t: Sequence[float], **columns: Any) -> None:
        """Log `len(t)` events of one kind at once: each column a sequence as long as `t`, or
        one value for all. For a process that produces many events in a loop of its own
        (parked cars); the result is the same as calling `add` for each in turn."""
        k = len(t)
        if k == 0:
            return
        unknown = sorted(set(columns) - self._COLUMNS)
        if unknown:
            raise KeyError(f"unknown event columns: {unknown}")
        rows = np.arange(self._n, self._n + k, dtype=np.int32)
        values: dict[str, Any] = {"t": t, "kind": Same(kind)}
        for name, v in columns.items():
            if isinstance(v, (str, bytes)) or not hasattr(v, "__len__"):
                values[name] = Same(v)
                continue
            n_v = len(v.codes) if isinstance(v, Coded) else len(v)
            if n_v != k:
                raise ValueError(f"event column {name!r}: {n_v} values for {k} events")
            values[name] = v
        try:
            for name, v in values.items():
                self._cols[name].extend(rows, v)
        except (TypeError, ValueError, OverflowError) as exc:
            raise TypeError(f"event {kind!r}: a value does not fit its column ({exc})") from exc
        self._n += k

    def _new_shape(self, key: tuple[str, ...]) -> list[tuple[Any, ...]]:
        unknown = sorted(set(key[1:]) - self._COLUMNS)
        if unknown:
            raise KeyError(f"unknown event columns: {unknown}")
        if len(set(key[1:])) != len(key) - 1:
            raise KeyError(f"event columns given twice: {key[1:]}")
        buf: list[tuple[Any, ...]] = []
        self._bufs[key] = buf
        return buf

    def _flush(self, key: tuple[str, ...], buf: list[tuple[Any, ...]]) -> None:
        if not buf:
            return
        kind, names = key[0], key[1:]
        rows, t, *values = zip(*buf, strict=True)
        cols = self._cols
        try:
            cols["t"].extend(rows, t)
            cols["kind"].extend(rows, [kind] * len(rows))
            for name, vals in zip(names, values, strict=True):
                cols[name].extend(rows, vals)
        except (TypeError, ValueError, OverflowError) as exc:
            raise TypeError(f"event {kind!r}: a value does not fit its column ({exc})") from exc
        buf.clear()

    def _flush_all(self) -> None:
        for key, buf in self._bufs.items():
            self._flush(key, buf)

    # ------------------------------------------------------------- reading the columns
    def columns(self) -> Columns:
        """The log as it is now, as dense numpy columns in time order (ties in log order)."""
        return Columns.of_log(self)

    def to_frame(self) -> pd.DataFrame:
        """Events as a DataFrame, sorted stably by time so ties keep their logging order."""
        return self.columns().frame()

    def to_arrow(self, replication: int | None = None) -> pa.Table:
        """Events as an Arrow table; text columns stay dictionary-encoded (small Parquet)."""
        return self.columns().arrow(replication)

    def to_parquet(self, path: str | Path, replication: int | None = None) -> None:
        import pyarrow.parquet as pq

        pq.write_table(self.to_arrow(replication), str(path))

    def nbytes(self) -> int:
        """Bytes held by the typed columns (buffers not yet moved into them not counted)."""
        return sum(c.rows.itemsize * len(c.rows) + (
            c.vals.itemsize * len(c.vals) if isinstance(c.vals, array) else 8 * len(c.vals))
            for c in self._cols.values())


class Columns:
    """Dense columns of a log (or a frame), in time order, built once per column when asked.

    Text columns come as int32 codes with their categories (`cats`); `code` gives the code
    of a value (-1 when the value never occurs, so comparisons are simply false).
    """

    def __init__(
        self, n: int, build: Callable[[str], np.ndarray], cats: dict[str, list[Any]]
    ) -> None:
        self.n = n
        self._build = build
        self._cache: dict[str, np.ndarray] = {}
        self.cats = cats
        self._code_maps: dict[str, dict[Any, int]] = {}

    @classmethod
    def of_log(cls, log: EventLog) -> Columns:
        """A snapshot: events logged afterwards are not in it."""
        log._flush_all()
        n = len(log)
        sparse = {name: (_np(c.rows, np.int32), _np(c.vals, _STORE[c.dtype][1]))
                  for name, c in log._cols.items()}
        cats = {name: list(c.cats) for name, c in log._cols.items() if c.cats is not None}

        def dense(name: str) -> np.ndarray:
            empty, dtype = SCHEMA[name]
            rows, vals = sparse[name]
            out = np.full(n, 0 if dtype == "string" else empty, dtype=_STORE[dtype][1])
            out[rows] = vals
            return out

        t = dense("t")
        order = None if n < 2 or bool((t[1:] >= t[:-1]).all()) else np.argsort(t, kind="stable")

        def build(name: str) -> np.ndarray:
            out = dense(name)
            return out if order is None else out[order]

        return cls(n, build, cats)

    @classmethod
    def of_frame(cls, df: pd.DataFrame) -> Columns:
        """Columns of an event frame (as `to_frame` makes, or read back from Parquet)."""
        import pandas as pd

        cats: dict[str, list[Any]] = {}
        codes: dict[str, np.ndarray] = {}
        for name in SCHEMA:
            if _is_text(name) and name in df.columns:
                c, uniques = pd.factorize(df[name].astype(object).fillna(""))
                codes[name] = c.astype(np.int32)
                cats[name] = list(uniques)

        def build(name: str) -> np.ndarray:
            if name in codes:
                return codes[name]
            if name not in df.columns:
                empty, dtype = SCHEMA[name]
                return np.full(len(df), empty, dtype=_STORE[dtype][1])
            return df[name].to_numpy()

        for name in SCHEMA:  # text columns a frame lacks are all empty
            if _is_text(name) and name not in cats:
                codes[name] = np.zeros(len(df), dtype=np.int32)
                cats[name] = [""]
        return cls(len(df), build, cats)

    def __getitem__(self, name: str) -> np.ndarray:
        found = self._cache.get(name)
        if found is None:
            if name not in SCHEMA:
                raise KeyError(f"unknown event column: {name!r}")
            found = self._cache[name] = self._build(name)
        return found

    def code(self, name: str, value: Any) -> int:
        """The code of `value` in text column `name`, or -1 if no event has it."""
        m = self._code_maps.get(name)
        if m is None:
            m = self._code_maps[name] = {v: i for i, v in enumerate(self.cats[name])}
        return m.get(value, -1)

    def labels(self, name: str) -> np.ndarray:
        """The categories of a text column as an object array, indexable by code."""
        return np.array(self.cats[name], dtype=object)

    def frame(self, rows: np.ndarray | None = None) -> pd.DataFrame:
        """A pandas frame with the same columns and dtypes as always (text as "string")."""
        import pandas as pd
        import pyarrow as pa

        data: dict[str, Any] = {}
        for name, (_, dtype) in SCHEMA.items():
            col = self[name] if rows is None else self[name][rows]
            if dtype == "string":  # decoded by Arrow: ten times faster than via Categorical
                text = self._arrow_cats(name).take(pa.array(col, type=pa.int32()))
                data[name] = pd.Series(pd.array(text, dtype="string"))
            else:
                data[name] = pd.Series(col, dtype=dtype)
        return pd.DataFrame(data)

    def _arrow_cats(self, name: str) -> pa.Array:
        import pyarrow as pa

        return pa.array([str(c) for c in self.cats[name]], type=pa.string())

    def arrow(self, replication: int | None = None) -> pa.Table:
        import pyarrow as pa

        arrays: dict[str, pa.Array] = {}
        for name, (_, dtype) in SCHEMA.items():
            if dtype == "string":
                arrays[name] = pa.DictionaryArray.from_arrays(
                    pa.array(self[name], type=pa.int32()), self._arrow_cats(name))
            else:
                arrays[name] = pa.array(self[name])
        if replication is not None:
            arrays["replication"] = pa.array(np.full(self.n, replication, dtype=np.int64))
        return pa.table(arrays)


class EventView:
    """Events selected by (kind, party) as numpy columns, each selection made once.

    KPIs filter the log dozens of times; the row indices of every (kind, party) are cached,
    so each KPI costs a few numpy operations however long the log is. Built from an EventLog
    (the fast path) or from an event frame (tests, logs read back from Parquet).
    """

    def __init__(self, source: EventLog | pd.DataFrame | Columns) -> None:
        if isinstance(source, EventLog):
            self.cols = source.columns()
            self._df: pd.DataFrame | None = None
        elif isinstance(source, Columns):
            self.cols = source
            self._df = None
        else:
            self.cols = Columns.of_frame(source)
            self._df = source
        self._rows: dict[tuple[str | None, str | None], np.ndarray] = {}
        self._frames: dict[tuple[str, str | None], pd.DataFrame] = {}

    @property
    def df(self) -> pd.DataFrame:
        """All events as a frame (built on first use when the view came from a log)."""
        if self._df is None:
            self._df = self.cols.frame()
        return self._df

    def rows(self, kind: str | None, party: str | None = None) -> np.ndarray:
        """Positions of the events of one kind (None: any) and party (None: any), in order."""
        key = (kind, party)
        found = self._rows.get(key)
        if found is None:
            mask = np.ones(self.cols.n, dtype=bool)
            for name, value in (("kind", kind), ("party", party)):
                if value is not None:
                    mask &= self.cols[name] == self.cols.code(name, value)
            found = self._rows[key] = np.flatnonzero(mask)
        return found

    def get(self, kind: str | None, party: str | None, column: str) -> np.ndarray:
        """One column of the selected events (codes for text columns)."""
        return self.cols[column][self.rows(kind, party)]

    def count(self, kind: str | None, party: str | None = None) -> int:
        return len(self.rows(kind, party))

    def code(self, column: str, value: Any) -> int:
        return self.cols.code(column, value)

    def isin(self, column: str, codes: np.ndarray, values: Any) -> np.ndarray:
        """Which of `codes` (of text column `column`) stand for one of `values`."""
        wanted = [c for c in (self.code(column, v) for v in values) if c >= 0]
        return np.isin(codes, wanted)

    def of(self, kind: str, party: str | None = None) -> pd.DataFrame:
        """Events of one kind (and, if given, one party) as a frame, in log order."""
        key = (kind, party)
        found = self._frames.get(key)
        if found is None:
            rows = self.rows(kind, party)
            found = self._df.iloc[rows] if self._df is not None else self.cols.frame(rows)
            self._frames[key] = found
        return found


def as_view(ev: pd.DataFrame | EventView | EventLog) -> EventView:
    return ev if isinstance(ev, EventView) else EventView(ev)
