"""The window policy, checked exhaustively against the published Assen rules.

The expected answers below are written out by hand from DATA.md §1, not computed by the code
under test:

2023 (since 1 Jan 2023)
  - every motor vehicle (vans, trucks, cars, mopeds): Mon–Sat 07:00–12:00, no Sunday or
    holiday window;
  - zero-emission vehicles holding a `ze_exemption`: also Mon–Sat 17:30–22:00 (the permit
    alone, or zero emission alone, gives nothing extra);
  - `firm_inside`: also Mon–Sat 17:30–22:00, Sun 10:00–12:00 and 17:30–20:00;
  - `resident`: also every day (holidays too) 17:30–22:00;
  - zero-emission mopeds (meal delivery): also every day 16:00–22:00;
  - cargo bikes, `emergency` and `private_parking`: always.
2018–2022
  - every motor vehicle: Mon–Thu 07:00–13:00 and 17:30–20:00, Fri 07:00–13:00,
    Sat 07:00–11:00, nothing on Sunday or a holiday;
  - `firm_inside` Mon–Sat 17:30–22:00 and `resident` every day 17:30–22:00 (assumed as in 2023);
  - no ZE exemption and no meal-delivery window yet; cargo bikes, `emergency` and
    `private_parking` always.

Minutes are minutes after midnight; every span is [start, end).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model.policy import (
    PolicyCache,
    is_exempt,
    may_enter,
    next_opening,
    open_spans,
)
from sim.model.vehicles import VehicleFacts
from sim.scenario.load import load_scenario
from sim.scenario.models import Policy, WindowRule
from sim.scenario.vocab import DAY_TYPES

ROOT = Path(__file__).resolve().parents[2]
GATES = [f"G{i:02d}" for i in range(1, 14)]
MINUTES_PER_DAY = 1440

Span = tuple[int, int]


def hm(text: str) -> int:
    """'17:30' -> 1050, written here so the expected tables read like the sources."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def span(text: str) -> Span:
    start, end = text.split("-")
    return hm(start), hm(end)


# --------------------------------------------------------------------------- vehicles
VEHICLES: dict[str, VehicleFacts] = {
    "conventional_van": VehicleFacts("van", False),
    "conventional_rigid_truck": VehicleFacts("rigid_truck", False),
    "car": VehicleFacts("car", False),
    "ze_van_without_permit": VehicleFacts("van", True),
    "ze_van_with_ze_exemption": VehicleFacts("van", True, frozenset({"ze_exemption"})),
    "conventional_van_with_ze_exemption": VehicleFacts("van", False, frozenset({"ze_exemption"})),
    "firm_inside_van": VehicleFacts("van", False, frozenset({"firm_inside"})),
    "resident_car": VehicleFacts("car", False, frozenset({"resident"})),
    "ze_moped": VehicleFacts("moped", True),
    "petrol_moped": VehicleFacts("moped", False),
    "cargo_bike": VehicleFacts("cargo_bike", True),
    "emergency_van": VehicleFacts("van", False, frozenset({"emergency"})),
    "private_parking_car": VehicleFacts("car", False, frozenset({"private_parking"})),
}

# --------------------------------------------------------------------------- the truth
ALL_DAY = [span("00:00-24:00")]
NONE: list[Span] = []

# the window every motor vehicle gets, per day type
GOODS_2023 = {
    "weekday": [span("07:00-12:00")],
    "friday": [span("07:00-12:00")],
    "saturday": [span("07:00-12:00")],
    "sunday": NONE,
    "holiday": NONE,
}
GOODS_2018 = {
    "weekday": [span("07:00-13:00"), span("17:30-20:00")],
    "friday": [span("07:00-13:00")],
    "saturday": [span("07:00-11:00")],
    "sunday": NONE,
    "holiday": NONE,
}
MON_SAT_EVENING = {
    "weekday": [span("17:30-22:00")],
    "friday": [span("17:30-22:00")],
    "saturday": [span("17:30-22:00")],
    "sunday": NONE,
    "holiday": NONE,
}
EVERY_DAY_EVENING = {d: [span("17:30-22:00")] for d in DAY_TYPES}
FIRM_INSIDE_2023 = {**MON_SAT_EVENING, "sunday": [span("10:00-12:00"), span("17:30-20:00")]}
MEAL_DELIVERY = {d: [span("16:00-22:00")] for d in DAY_TYPES}
NOTHING_EXTRA = {d: NONE for d in DAY_TYPES}
ALWAYS = {d: ALL_DAY for d in DAY_TYPES}

# vehicle kind -> extra spans on top of the goods window (None: always admitted)
EXTRAS_2023: dict[str, dict[str, list[Span]] | None] = {
    "conventional_van": NOTHING_EXTRA,
    "conventional_rigid_truck": NOTHING_EXTRA,
    "car": NOTHING_EXTRA,
    "ze_van_without_permit": NOTHING_EXTRA,
    "ze_van_with_ze_exemption": MON_SAT_EVENING,
    "conventional_van_with_ze_exemption": NOTHING_EXTRA,
    "firm_inside_van": FIRM_INSIDE_2023,
    "resident_car": EVERY_DAY_EVENING,
    "ze_moped": MEAL_DELIVERY,
    "petrol_moped": NOTHING_EXTRA,
    "cargo_bike": None,
    "emergency_van": None,
    "private_parking_car": None,
}
EXTRAS_2018: dict[str, dict[str, list[Span]] | None] = {
    **{kind: NOTHING_EXTRA for kind in VEHICLES},
    "firm_inside_van": MON_SAT_EVENING,
    "resident_car": EVERY_DAY_EVENING,
    "cargo_bike": None,
    "emergency_van": None,
    "private_parking_car": None,
}


def expected_spans(regime: str, kind: str, day: str) -> list[Span]:
    goods, extras = (GOODS_2023, EXTRAS_2023) if regime == "2023" else (GOODS_2018, EXTRAS_2018)
    extra = extras[kind]
    if extra is None:
        return ALL_DAY
    return [*goods[day], *extra[day]]


def admitted(spans: list[Span], minute: float) -> bool:
    return any(a <= minute < b for a, b in spans)


def expected_next(spans: list[Span], minute: float) -> float | None:
    if admitted(spans, minute):
        return minute
    later = [a for a, _ in spans if a > minute]
    return min(later) if later else None


# --------------------------------------------------------------------------- real dates
# one real date of every day type (two Mon–Thu dates), and real public holidays: one on a
# weekday and one on a Saturday, to see that a holiday overrides the day of the week
DATES = {
    "2023": {
        dt.date(2023, 10, 2): "weekday",  # Monday
        dt.date(2023, 10, 5): "weekday",  # Thursday
        dt.date(2023, 10, 6): "friday",
        dt.date(2023, 10, 7): "saturday",
        dt.date(2023, 10, 8): "sunday",
        dt.date(2023, 12, 25): "holiday",  # Christmas, a Monday
        dt.date(2023, 4, 27): "holiday",  # King's Day, a Thursday
    },
    "2018": {
        dt.date(2018, 10, 1): "weekday",  # Monday
        dt.date(2018, 10, 4): "weekday",  # Thursday
        dt.date(2018, 10, 5): "friday",
        dt.date(2018, 10, 6): "saturday",
        dt.date(2018, 10, 7): "sunday",
        dt.date(2018, 12, 25): "holiday",  # Christmas, a Tuesday
        dt.date(2019, 4, 27): "holiday",  # King's Day, a Saturday
    },
}
HOLIDAYS = {regime: frozenset(d for d, t in dates.items() if t == "holiday")
            for regime, dates in DATES.items()}

# every minute at a 15-minute step, plus both sides of every edge any rule has
BOUNDARIES = [419, 420, 479, 480, 599, 600, 659, 660, 719, 720, 779, 780, 959, 960, 1049, 1050,
              1199, 1200, 1319, 1320, 1439]
MINUTES = sorted({*range(0, MINUTES_PER_DAY, 15), *BOUNDARIES, 419.5, 719.99, 1049.5, 1319.99})

REGIMES = {"2023": "scenarios/assen-2023.yaml", "2018": "scenarios/assen-2018.yaml"}


@pytest.fixture(scope="module")
def policies() -> dict[str, Policy]:
    return {regime: load_scenario(ROOT / path).policy for regime, path in REGIMES.items()}


@pytest.mark.parametrize("kind", list(VEHICLES))
@pytest.mark.parametrize("regime", list(REGIMES))
def test_window_policy_matches_the_published_rules(
    policies: dict[str, Policy], regime: str, kind: str
) -> None:
    policy, vehicle, holidays = policies[regime], VEHICLES[kind], HOLIDAYS[regime]
    wrong: list[str] = []
    for date, day in DATES[regime].items():
        truth = expected_spans(regime, kind, day)
        for minute in MINUTES:
            got = may_enter(policy, vehicle, "G05", date, minute, holidays)
            if got != admitted(truth, minute):
                wrong.append(f"{date} ({day}) minute {minute}: may_enter={got}")
            got_next = next_opening(policy, vehicle, "G05", date, minute, holidays)
            if got_next != expected_next(truth, minute):
                wrong.append(f"{date} ({day}) minute {minute}: next_opening={got_next}, "
                             f"expected {expected_next(truth, minute)}")
    assert not wrong, f"{len(wrong)} wrong answers, first ones:\n" + "\n".join(wrong[:15])


@pytest.mark.parametrize("regime", list(REGIMES))
def test_no_rule_depends_on_the_gate(policies: dict[str, Policy], regime: str) -> None:
    holidays = HOLIDAYS[regime]
    for vehicle in VEHICLES.values():
        for date in DATES[regime]:
            answers = {open_spans(policies[regime], vehicle, g, date, holidays) for g in GATES}
            assert len(answers) == 1, (vehicle, date, answers)


@pytest.mark.parametrize(
    ("regime", "kind", "date", "minute", "expected"),
    [
        ("2023", "conventional_van", dt.date(2023, 10, 2), hm("06:30"), hm("07:00")),
        ("2018", "conventional_van", dt.date(2018, 10, 1), hm("06:30"), hm("07:00")),
        ("2023", "conventional_van", dt.date(2023, 10, 2), hm("12:30"), None),
        ("2023", "ze_van_with_ze_exemption", dt.date(2023, 10, 2), hm("12:30"), hm("17:30")),
        ("2023", "conventional_van", dt.date(2023, 10, 2), hm("09:15"), hm("09:15")),
        ("2023", "conventional_van", dt.date(2023, 10, 2), hm("12:00"), None),
        ("2018", "conventional_van", dt.date(2018, 10, 1), hm("13:00"), hm("17:30")),
        ("2018", "conventional_van", dt.date(2018, 10, 5), hm("13:00"), None),  # Friday
        ("2023", "firm_inside_van", dt.date(2023, 10, 8), hm("12:00"), hm("17:30")),  # Sunday
        ("2023", "firm_inside_van", dt.date(2023, 10, 8), hm("08:00"), hm("10:00")),
        ("2023", "ze_moped", dt.date(2023, 10, 8), hm("12:00"), hm("16:00")),
        ("2023", "resident_car", dt.date(2023, 12, 25), hm("00:00"), hm("17:30")),  # holiday
        ("2023", "conventional_van", dt.date(2023, 12, 25), hm("06:00"), None),
        ("2023", "cargo_bike", dt.date(2023, 10, 8), hm("03:00"), hm("03:00")),
    ],
)
def test_next_opening_examples(
    policies: dict[str, Policy], regime: str, kind: str, date: dt.date, minute: int,
    expected: int | None,
) -> None:
    got = next_opening(policies[regime], VEHICLES[kind], "G01", date, minute, HOLIDAYS[regime])
    assert got == expected


@pytest.mark.parametrize("kind", list(VEHICLES))
def test_exempt_vehicles_are_exactly_the_ones_never_stopped(
    policies: dict[str, Policy], kind: str
) -> None:
    never_stopped = kind in {"cargo_bike", "emergency_van", "private_parking_car"}
    for policy in policies.values():
        assert is_exempt(policy, VEHICLES[kind]) is never_stopped


@pytest.mark.parametrize("regime", list(REGIMES))
def test_policy_cache_gives_the_same_answers(policies: dict[str, Policy], regime: str) -> None:
    policy, holidays = policies[regime], HOLIDAYS[regime]
    cache = PolicyCache(policy, holidays)
    for vehicle in VEHICLES.values():
        for date in DATES[regime]:
            for minute in MINUTES:
                assert cache.may_enter(vehicle, "G07", date, minute) == may_enter(
                    policy, vehicle, "G07", date, minute, holidays)
                assert cache.next_opening(vehicle, "G07", date, minute) == next_opening(
                    policy, vehicle, "G07", date, minute, holidays)


# --------------------------------------------------------------------------- dated rules
def every_day_rule(**fields: object) -> WindowRule:
    return WindowRule(name="test", days=list(DAY_TYPES), hours=["07:00-12:00"], **fields)


VAN = VehicleFacts("van", False)


def test_rule_valid_from_is_inclusive_and_valid_until_exclusive() -> None:
    policy = Policy(rules=[every_day_rule(valid_from=dt.date(2025, 1, 1),
                                          valid_until=dt.date(2026, 1, 1))])
    at_nine = hm("09:00")
    assert not may_enter(policy, VAN, "G01", dt.date(2024, 12, 31), at_nine)
    assert may_enter(policy, VAN, "G01", dt.date(2025, 1, 1), at_nine)
    assert may_enter(policy, VAN, "G01", dt.date(2025, 12, 31), at_nine)
    assert not may_enter(policy, VAN, "G01", dt.date(2026, 1, 1), at_nine)
    assert next_opening(policy, VAN, "G01", dt.date(2026, 1, 1), 0) is None
    assert next_opening(policy, VAN, "G01", dt.date(2025, 6, 2), 0) == hm("07:00")


def test_a_dated_rule_replaces_another_on_the_change_date() -> None:
    """The 2023 change as two dated rules: 07:00–13:00 until 2023, 07:00–12:00 from then."""
    change = dt.date(2023, 1, 1)
    policy = Policy(rules=[
        WindowRule(name="old", days=["weekday"], hours=["07:00-13:00"], valid_until=change),
        WindowRule(name="new", days=["weekday"], hours=["07:00-12:00"], valid_from=change),
    ])
    last_old, first_new = dt.date(2022, 12, 29), dt.date(2023, 1, 2)  # Thursday, Monday
    assert open_spans(policy, VAN, "G01", last_old) == ((420.0, 780.0),)
    assert open_spans(policy, VAN, "G01", first_new) == ((420.0, 720.0),)


def test_gate_specific_rule_only_opens_its_gates() -> None:
    policy = Policy(rules=[
        WindowRule(name="all gates", days=["weekday"], hours=["07:00-12:00"]),
        WindowRule(name="market gates", days=["weekday"], hours=["14:00-16:00"],
                   gates=["G03", "G08"]),
    ])
    monday = dt.date(2023, 10, 2)
    for gate in GATES:
        at_three = may_enter(policy, VAN, gate, monday, hm("15:00"))
        assert at_three is (gate in {"G03", "G08"}), gate
        assert may_enter(policy, VAN, gate, monday, hm("08:00")), gate
        expected_next_at_one = hm("14:00") if gate in {"G03", "G08"} else None
        assert next_opening(policy, VAN, gate, monday, hm("13:00")) == expected_next_at_one
    cache = PolicyCache(policy, frozenset())
    assert cache.may_enter(VAN, "G03", monday, hm("15:00"))
    assert not cache.may_enter(VAN, "G04", monday, hm("15:00"))
    assert cache.next_opening(VAN, "G04", monday, hm("13:00")) is None


def test_category_and_permit_filters_combine() -> None:
    """A rule with categories and permits admits only vehicles matching both (and ZE if set)."""
    policy = Policy(rules=[WindowRule(
        name="ze trucks with exemption", days=["weekday"], hours=["19:00-21:00"],
        categories=["rigid_truck"], permits=["ze_exemption"], zero_emission_only=True)])
    monday, at_eight_pm = dt.date(2023, 10, 2), hm("20:00")
    permit = frozenset({"ze_exemption"})
    assert may_enter(policy, VehicleFacts("rigid_truck", True, permit), "G01", monday, at_eight_pm)
    assert not may_enter(policy, VehicleFacts("van", True, permit), "G01", monday, at_eight_pm)
    assert not may_enter(policy, VehicleFacts("rigid_truck", False, permit), "G01", monday,
                         at_eight_pm)
    assert not may_enter(policy, VehicleFacts("rigid_truck", True), "G01", monday, at_eight_pm)


def test_touching_and_overlapping_spans_merge_into_one() -> None:
    policy = Policy(rules=[
        WindowRule(name="morning", days=["weekday"], hours=["07:00-12:00", "09:00-10:00"]),
        WindowRule(name="noon", days=["weekday"], hours=["12:00-13:00"]),
        WindowRule(name="evening", days=["weekday"], hours=["17:30-20:00"]),
    ])
    monday = dt.date(2023, 10, 2)
    assert open_spans(policy, VAN, "G01", monday) == ((420.0, 780.0), (1050.0, 1200.0))
    assert may_enter(policy, VAN, "G01", monday, hm("12:00"))
    assert next_opening(policy, VAN, "G01", monday, hm("13:00")) == hm("17:30")


# --------------------------------------------------------------------------- property
def as_hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def random_spans(draw: st.DrawFn) -> str:
    # half-hour edges half of the time, so that spans often touch or share an edge
    step = draw(st.sampled_from([1, 30]))
    start = step * draw(st.integers(0, MINUTES_PER_DAY // step - 1))
    end = step * draw(st.integers(start // step + 1, MINUTES_PER_DAY // step))
    return f"{as_hhmm(start)}-{as_hhmm(end)}"


@st.composite
def random_rules(draw: st.DrawFn) -> WindowRule:
    return WindowRule(
        name="random",
        days=draw(st.lists(st.sampled_from(DAY_TYPES), min_size=1, max_size=5, unique=True)),
        hours=draw(st.lists(random_spans(), min_size=1, max_size=4)),
        categories=draw(st.lists(st.sampled_from(["van", "rigid_truck", "moped"]), max_size=2,
                                 unique=True)),
        permits=draw(st.lists(st.sampled_from(["resident", "ze_exemption"]), max_size=1)),
        zero_emission_only=draw(st.booleans()),
    )


vehicles = st.builds(
    VehicleFacts,
    st.sampled_from(["van", "rigid_truck", "moped", "cargo_bike"]),
    st.booleans(),
    st.frozensets(st.sampled_from(["resident", "ze_exemption", "emergency"]), max_size=2),
)
minutes = st.one_of(st.integers(0, MINUTES_PER_DAY - 1),
                    st.floats(0, MINUTES_PER_DAY, exclude_max=True, allow_nan=False))
dates = st.dates(dt.date(2023, 1, 2), dt.date(2023, 1, 8))  # Monday to Sunday
DAY_TYPE_BY_WEEKDAY = ("weekday",) * 4 + ("friday", "saturday", "sunday")


@settings(max_examples=300, deadline=None)
@given(rules=st.lists(random_rules(), max_size=4), vehicle=vehicles, date=dates, minute=minutes,
       is_holiday=st.booleans())
def test_may_enter_and_next_opening_agree_with_open_spans(
    rules: list[WindowRule], vehicle: VehicleFacts, date: dt.date, minute: float,
    is_holiday: bool,
) -> None:
    policy = Policy(rules=rules)
    holidays = frozenset({date}) if is_holiday else frozenset()
    spans = open_spans(policy, vehicle, "G01", date, holidays)

    # merged, sorted, disjoint spans inside the day
    for (a, b), (c, _) in itertools.pairwise(spans):
        assert a < b < c
    assert all(0 <= a < b <= MINUTES_PER_DAY for a, b in spans)

    inside = any(a <= minute < b for a, b in spans)
    assert may_enter(policy, vehicle, "G01", date, minute, holidays) is inside

    # independent of open_spans: the union of the hours of every rule that applies
    day = "holiday" if is_holiday else DAY_TYPE_BY_WEEKDAY[date.weekday()]
    exempt = vehicle.category == "cargo_bike" or "emergency" in vehicle.permits
    applying = [
        r for r in rules
        if day in r.days
        and (not r.categories or vehicle.category in r.categories)
        and (not r.permits or vehicle.permits & set(r.permits))
        and (vehicle.zero_emission or not r.zero_emission_only)
    ]
    raw = [span(h) for r in applying for h in r.hours]
    assert inside is (exempt or admitted(raw, minute))

    nxt = next_opening(policy, vehicle, "G01", date, minute, holidays)
    if nxt is None:
        assert all(b <= minute for _, b in spans)
    else:
        assert nxt >= minute
        assert may_enter(policy, vehicle, "G01", date, nxt, holidays)
        if nxt > minute:  # nothing opens earlier: no span overlaps [minute, nxt)
            assert not any(a < nxt and b > minute for a, b in spans)
