"""The decimals rules (sim.deliver.decimals) and a KPI's number by its kind (kpi_format)."""

from __future__ import annotations

import math

import pytest

from sim.deliver.decimals import decimals, difference_decimals, rounds_to_zero
from sim.deliver.i18n import fmt_number
from sim.deliver.kpi_format import plain, plain_difference, shown_decimals

NAN = float("nan")


@pytest.mark.parametrize(("values", "expected"), [
    ((2448.0,), 0), ((161.0,), 0), ((153.5,), 0), ((53.5,), 1), ((43.5,), 1), ((1.0,), 0),
    ((0.0,), 0),
    ((8.06,), 1), ((0.95,), 2), ((0.004,), 2), ((NAN,), 0), ((), 0), ((None,), 0),
    ((3.0, 12.0), 0), ((3.5, 250.0), 0), ((0.25, 4.5), 1), ((0.25, NAN), 2),
])
def test_a_value_gets_no_decimals_from_100_one_from_1_two_below(values, expected) -> None:
    assert decimals(*values) == expected


def test_the_page_and_the_workbook_use_the_same_value_rule() -> None:
    assert fmt_number("en", 53.5) == "53.5" and fmt_number("en", 2448.2) == "2,448"
    assert fmt_number("nl", 0.954) == "0,95" and fmt_number("nl", 7.0) == "7"


@pytest.mark.parametrize(("diff", "lo", "hi", "expected"), [
    (11.0, 8.0, 14.0, 0),        # "+11 (margin +8 to +14)": tenths say nothing
    (-41.0, -76.0, -6.0, 0),
    (2.2, -4.0, 8.1, 1),         # below 10: one decimal
    (0.05, 0.01, 0.09, 2),       # below 0.1: two
    (0.3, 0.004, 0.6, 3),        # a bound that is not 0 must not read 0: up to three
    (0.0, 0.0, 0.0, 0),
    (5.0, NAN, NAN, 1),          # no interval (one replication)
])
def test_a_difference_follows_its_margin(diff, lo, hi, expected) -> None:
    assert difference_decimals(diff, lo, hi) == expected


def test_rounds_to_zero_looks_at_the_bounds_as_shown() -> None:
    assert rounds_to_zero(0, 0.4, 3.0) and not rounds_to_zero(1, 0.4, 3.0)
    assert not rounds_to_zero(0, 0.0, 3.0)  # a bound that is 0 may read 0
    assert rounds_to_zero(1, 0.0004, 0.1, unit=100.0) and not rounds_to_zero(1, 0.004, 0.1,
                                                                             unit=100.0)


def test_euros_get_cents_or_none_and_shares_tenths_of_a_point() -> None:
    assert shown_decimals("carrier_extra_cost_eur", 12.0, 3.0, 21.0) == 0
    assert shown_decimals("carrier_extra_cost_eur", 0.4, 0.1, 0.7) == 2
    assert shown_decimals("compliance_rate", 0.01, 0.002, 0.02) == 1
    assert shown_decimals("compliance_rate", 0.001, 0.0002, 0.002) == 2
    assert shown_decimals("violations_total", 11.0, 8.0, 14.0) == 0


def test_terminal_tables_follow_the_same_rules() -> None:
    assert plain("compliance_rate", 0.9439) == "94.4%"
    assert plain("carrier_extra_cost_eur", 516.3) == "516"
    assert plain("violations_total", 43.5) == "43.5" and plain("deliveries_total", 2448) == "2,448"
    assert plain("nox_g", NAN) == "–" and plain("nox_g", None) == "–"
    assert plain_difference("ze_share_entries", 0.0221, 1) == "+2.2 pp"
    assert plain_difference("violations_total", 0.0, 0) == "0"
    assert plain_difference("violations_total", -0.0001, 1) == "0.0"  # never "-0.0"
    assert plain_difference("route_km", -245.1, 0) == "-245"
    assert math.isnan(NAN) and plain_difference("route_km", NAN, 0) == "–"
