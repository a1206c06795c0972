"""The columnar event log: columns, categorical codes, frames and Parquet, and its errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.measure.kpis import compute_kpis
from sim.model.eventlog import KINDS, SCHEMA, EventLog, EventView


def _small_log() -> EventLog:
    log = EventLog()
    log.add(5.0, "entry", party="goods", gate="G01", allowed=False, vclass="van", ze=True)
    log.add(1.0, "trip", party="other", gate="G02", outcome="turned")
    log.add(5.0, "exit", party="goods", gate="G01", km=1.5, minutes=12.0, tour=7)
    log.add(3.0, "case", party="goods", gate="G01", outcome="fine", amount_eur=110.0)
    return log


def test_every_kind_the_model_logs_is_documented() -> None:
    assert {"order", "entry", "exit", "case", "park", "stop", "trip"} <= set(KINDS)
    assert list(SCHEMA)[:2] == ["t", "kind"]


def test_columns_are_dense_in_time_order_with_empty_values() -> None:
    cols = _small_log().columns()
    assert cols.n == 4
    np.testing.assert_array_equal(cols["t"], [1.0, 3.0, 5.0, 5.0])
    # ties keep their logging order: the entry before the exit at t=5
    kinds = [cols.cats["kind"][c] for c in cols["kind"]]
    assert kinds == ["trip", "case", "entry", "exit"]
    np.testing.assert_array_equal(cols["km"], [0.0, 0.0, 0.0, 1.5])
    np.testing.assert_array_equal(cols["tour"], [-1, -1, -1, 7])
    np.testing.assert_array_equal(cols["allowed"], [False, False, False, False])
    np.testing.assert_array_equal(cols["ze"], [False, False, True, False])
    assert cols["km"].dtype == np.float64 and cols["tour"].dtype == np.int64


def test_text_columns_are_categorical_codes_with_zero_for_empty() -> None:
    cols = _small_log().columns()
    assert cols["gate"].dtype == np.int32
    assert cols.cats["gate"][0] == ""
    assert [cols.cats["gate"][c] for c in cols["gate"]] == ["G02", "G01", "G01", "G01"]
    assert cols.code("outcome", "fine") > 0
    assert cols.code("outcome", "never logged") == -1
    np.testing.assert_array_equal(cols["outcome"] == cols.code("outcome", ""),
                                  [False, False, True, True])


def test_codes_follow_first_appearance_not_hashing() -> None:
    log = EventLog()
    for g in ["G09", "G01", "G05", "G01"]:
        log.add(0.0, "entry", gate=g)
    assert log.columns().cats["gate"] == ["", "G09", "G01", "G05"]


def test_view_selects_by_kind_and_party() -> None:
    ev = EventView(_small_log())
    assert ev.count("entry", "goods") == 1
    assert ev.count("trip", "goods") == 0
    assert ev.count(None, "goods") == 3
    np.testing.assert_array_equal(ev.get("exit", "goods", "km"), [1.5])
    frame = ev.of("case", "goods")
    assert list(frame["outcome"]) == ["fine"]
    assert frame["amount_eur"].iloc[0] == 110.0


def test_frame_has_every_column_with_the_schema_dtypes() -> None:
    df = _small_log().to_frame()
    assert list(df.columns) == list(SCHEMA)
    for name, (_, dtype) in SCHEMA.items():
        assert str(df[name].dtype) == ("string" if dtype == "string" else dtype), name
    assert list(df["gate"]) == ["G02", "G01", "G01", "G01"]
    assert df.loc[0, "shop"] == ""


def test_parquet_round_trip_keeps_the_events(tmp_path) -> None:
    log = _small_log()
    path = tmp_path / "events.parquet"
    log.to_parquet(path, replication=3)
    back = pd.read_parquet(path)
    assert (back["replication"] == 3).all()
    expected = log.to_frame()
    for name in SCHEMA:
        got = back[name].astype(object) if SCHEMA[name][1] == "string" else back[name]
        want = expected[name].astype(object) if SCHEMA[name][1] == "string" else expected[name]
        assert list(got) == list(want), name


def test_kpis_are_the_same_from_the_log_and_from_its_frame(assen_2023, assen_geo) -> None:
    from sim.model.world import World

    log = World(assen_2023, assen_geo, 4, 0).run()
    a = compute_kpis(log, assen_2023)
    b = compute_kpis(log.to_frame(), assen_2023)
    assert a == pytest.approx(b, nan_ok=True, rel=1e-12)


def test_unknown_column_is_an_error_and_logs_nothing() -> None:
    log = _small_log()
    with pytest.raises(KeyError, match="unknown event columns: \\['colour'\\]"):
        log.add(9.0, "exit", party="goods", colour="red")
    assert len(log) == 4
    assert log.columns().n == 4


def test_a_value_that_does_not_fit_its_column_names_the_kind() -> None:
    log = EventLog()
    log.add(0.0, "exit", km="far")
    with pytest.raises(TypeError, match="'exit'"):
        log.columns()


def test_many_events_stay_small() -> None:
    """Typed columns: a few dozen bytes per event, not a dict per event."""
    log = EventLog()
    for i in range(5000):
        log.add(float(i), "entry", party="goods", gate=f"G{i % 13:02d}", allowed=i % 2 == 0,
                vclass="van", tour=i, km=0.5)
    log.columns()  # moves the buffered events into the columns
    assert log.nbytes() / len(log) < 120


def test_add_many_is_the_same_as_adding_one_by_one() -> None:
    one, many = EventLog(), EventLog()
    rows = [(2.0, "street", "P01", 30.0), (1.0, "lost", "", 0.0), (2.0, "bay", "B01", 15.0)]
    for t, outcome, place, minutes in rows:
        one.add(t, "park", party="visitor", outcome=outcome, place=place, minutes=minutes)
    many.add_many("park", [r[0] for r in rows], party="visitor",
                  outcome=[r[1] for r in rows], place=[r[2] for r in rows],
                  minutes=[r[3] for r in rows])
    pd.testing.assert_frame_equal(one.to_frame(), many.to_frame())
    with pytest.raises(KeyError):
        many.add_many("park", [0.0], colour="red")
    with pytest.raises(ValueError):
        many.add_many("park", [0.0, 1.0], minutes=[1.0])
    assert len(many) == 3
