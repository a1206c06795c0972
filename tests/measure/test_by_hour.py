"""tables/by_hour.csv against a hand-made event frame: the weekday column counts Monday to
Friday by the calendar of the run's start date, not by day number."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sim.measure.breakdowns import by_hour
from sim.scenario.load import load_scenario
from tests.helpers import SCENARIOS


def test_weekday_arrivals_follow_the_calendar() -> None:
    sc = load_scenario(SCENARIOS / "assen-2023.yaml")
    # a run starting on a Thursday: days 0, 1 are Thu, Fri; 2, 3 Sat, Sun; 4 Monday
    sc = sc.model_copy(update={"start_date": dt.date(2023, 3, 2)})
    assert sc.start_date.weekday() == 3
    rows = [(day * 1440 + 12 * 60 + 5, "arrive", "goods", True) for day in range(7)]
    rows += [(2 * 1440 + 9 * 60, "entry", "goods", False)]
    ev = pd.DataFrame(rows, columns=["t", "kind", "party", "allowed"])
    ev["party"] = ev["party"].astype("category")
    out = by_hour(ev, sc, 1).set_index("hour")
    assert out.loc[12, "goods_arrivals"] == 7
    assert out.loc[12, "goods_arrivals_weekdays"] == 5  # Thu, Fri, Mon, Tue, Wed
    assert out["goods_arrivals_weekdays"].sum() == 5
    assert out.loc[9, "goods_violations"] == 1
