"""What the delivery layer knows about a KPI comes from the registry (sim.measure.registry):
the report's shares and euros, what it divides per week, the workbook's units, the labels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from sim.deliver.exports import dutch
from sim.deliver.i18n import LANGS, TEXTS
from sim.deliver.report import lead, sections
from sim.deliver.report.data import ReportRun
from sim.measure.registry import find, is_money, is_share
from sim.runfolder.read import RunFolder
from sim.runfolder.summary import KpiSummary, RunSummary


def test_the_reports_kpis_are_shares_and_euros_as_the_hand_written_lists_said() -> None:
    # lead.py and sections.py each kept SHARE_KPIS and EUR_KPIS; on the KPIs the report
    # shows, the registry gives the same sets
    shown = {*lead.HEADLINE_KPIS, *sections.COMPARE_KPIS, *sections.PARKING_COMPARE_KPIS,
             *sections.CHART_KPIS}
    assert {k for k in shown if is_share(k)} == {
        "compliance_rate", "ze_share_entries", "street_evening_occupancy"}
    assert {k for k in shown if is_money(k)} == {
        "fine_revenue_eur", "carrier_extra_cost_eur", "cost_per_drop_eur",
        "street_parking_revenue_eur_per_year"}


def test_a_label_shows_percent_or_euros_exactly_when_the_kpi_is_a_share_or_euros() -> None:
    for key, texts in TEXTS.items():
        if not key.startswith("kpi."):
            continue
        kpi = find(key.removeprefix("kpi."))
        assert kpi is not None, f"{key}: no such KPI"
        for lang in LANGS:
            assert texts[lang].endswith("(%)") == kpi.share, (key, lang)
            assert ("(€" in texts[lang]) == kpi.money, (key, lang)


def test_a_run_of_two_weeks_shows_sums_per_week_and_rates_as_they_are() -> None:
    kpis = pd.DataFrame({"replication": [0, 1], "fines_issued": [10.0, 14.0],
                         "cost_per_drop_eur": [28.0, 30.0], "compliance_rate": [0.9, 0.8],
                         "cost_per_drop_eur_parcel": [8.0, 10.0], "old_count": [4.0, 4.0],
                         "old_share": [0.5, 0.5]})
    summary = RunSummary("r", 1, 2, 2, dt.date(2023, 10, 2),
                         {"old_count": KpiSummary(4.0, None, None, "entries"),
                          "old_share": KpiSummary(0.5, None, None, "share")})
    run = ReportRun(RunFolder(Path("r"), "r", kpis, summary), None, None)
    assert run.mean("fines_issued") == 6.0
    # the report divided cost per drop by the weeks too (NOT_PER_WEEK missed it), unlike
    # the workbook; a cost per drop is a rate, the same however long the run
    assert run.mean("cost_per_drop_eur") == 29.0 and run.mean("cost_per_drop_eur_parcel") == 9.0
    assert run.mean("compliance_rate") == pytest.approx(0.85)
    assert run.mean("old_count") == 2.0 and run.mean("old_share") == 0.5  # by their units
    paired = run.per_week().kpis
    assert list(paired["fines_issued"]) == [5.0, 7.0]
    assert list(paired["cost_per_drop_eur"]) == [28.0, 30.0]


@pytest.mark.parametrize(("kpi", "unit", "expected"), [
    ("deliveries_total", "deliveries", "leveringen per week"),
    ("compliance_rate", "share", "%"),
    ("street_parking_revenue_eur_per_year", "EUR/year", "€ per jaar"),
    ("cost_per_drop_eur", "EUR", "€ per afleveradres"),
    ("cost_per_drop_eur_chain_dc", "EUR", "€ per afleveradres"),
    ("route_cost_eur", "EUR", "€ per week"),
    ("route_km_in_zone", "km", "km per week"),
])
def test_the_workbooks_units_follow_the_kpis_kind(kpi: str, unit: str, expected: str) -> None:
    assert dutch.unit(kpi, unit, "per week") == expected


def test_per_segment_names_come_from_the_registry_not_from_slicing() -> None:
    assert dutch.kpi_name("route_km_in_zone") != dutch.kpi_name("route_km") + ": in zone"
    assert dutch.kpi_name("route_hours_wholesaler") == "Uren van de ritten: groothandels"
    assert dutch.kpi_description("vehicles_used_parcel").endswith("; alleen pakketdiensten.")
