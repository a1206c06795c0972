"""Letters per plate against a hand-counted event log: repeat offenders, distinct plates and
the share of letters that were a plate's first."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.measure.kpis import compute_kpis
from sim.measure.letter_kpis import letters_by_week_gate, letters_per_plate_table
from sim.model.eventlog import EventLog
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario
from tests.helpers import SCENARIOS

# (day, party, plate, outcome); lost cases, unread plates and foreign plates are no letters
CASES = [
    (0, "goods", "A", "warning"), (1, "goods", "A", "fine"), (9, "goods", "A", "fine"),
    (2, "goods", "B", "warning"),
    (3, "goods", "C", "not_read"), (3, "goods", "C", "lost"),
    (4, "goods", "D", "fine"), (5, "goods", "D", "fine"), (6, "goods", "D", "fine"),
    (7, "goods", "D", "fine"), (8, "goods", "D", "warning"),
    (0, "other", "o1", "warning"), (1, "other", "o1", "warning"),
    (2, "other", "o2", "fine"), (3, "other", "o3", "foreign"),
]
# by hand: goods plates A 3 letters, B 1, D 5 (C none); other o1 2, o2 1
HAND = {
    "warnings_issued": 3, "fines_issued": 6,
    "plates_written_to": 3, "repeat_offender_plates": 2, "plates_3plus_letters": 2,
    "plates_5plus_letters": 1, "first_letter_share": 3 / 9,
    "other_warnings_issued": 2, "other_plates_written_to": 2,
    "other_repeat_offender_plates": 1, "other_plates_3plus_letters": 0,
    "other_plates_5plus_letters": 0, "other_first_letter_share": 2 / 3,
}


def _log() -> EventLog:
    log = EventLog()
    for day, party, plate, outcome in CASES:
        log.add(day * 1440.0 + 600.0, "case", party=party, plate=plate, outcome=outcome,
                gate="G01" if plate != "D" else "G02", rule="window",
                segment="parcel" if party == "goods" else "")
    return log


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIOS / "assen-2023.yaml")


def test_repeat_offender_kpis_match_the_hand_count(scenario: Scenario) -> None:
    k = compute_kpis(_log(), scenario)
    for name, expected in HAND.items():
        assert math.isclose(k[name], expected), (name, k[name], expected)


def test_letters_per_plate_table_matches_the_hand_count(scenario: Scenario) -> None:
    table = letters_per_plate_table(_log().to_frame(), scenario, 1).set_index("letters")
    assert table["goods_plates"].tolist() == [1, 0, 1, 0, 1]  # B; A; D (five)
    assert table.loc["5+", "goods_letters"] == 5 and table.loc["5+", "goods_warnings"] == 1
    assert table["other_plates"].tolist() == [1, 1, 0, 0, 0]
    assert table.loc["2", "other_warnings"] == 2


def test_letters_by_week_split_by_gate_group_and_half_per_replication(scenario: Scenario) -> None:
    ev = pd.concat([_log().to_frame().assign(replication=r) for r in (0, 1)])
    t = letters_by_week_gate(ev, scenario, 2)
    assert t["warnings"].sum() == 5 and t["fines"].sum() == 7  # goods 6 + other 1, per run
    week2 = t[(t["week"] == 2) & (t["group"] == "parcel")]
    # days 7-9: D's fine and warning at G02, A's fine at G01
    assert week2.set_index("gate")[["warnings", "fines"]].to_dict("index") == {
        "G01": {"warnings": 0.0, "fines": 1.0}, "G02": {"warnings": 1.0, "fines": 1.0}}
    assert set(t["group"]) == {"parcel", "other"}
