"""summary.json as a typed record: written, read back equal, older files still read, and a file
that is no summary refused with its field named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.errors import InputError
from sim.runfolder.layout import SUMMARY
from sim.runfolder.summary import (
    INTERVAL,
    KpiSummary,
    RunSummary,
    kpi_statistics,
    read_summary,
    summarise,
)
from sim.runner import RunResult
from sim.scenario.models import Scenario

# The order of the file's keys is part of the run-folder contract: equal runs give equal bytes
FILE_KEYS = ["scenario", "description", "seed", "replications", "weeks", "start_date",
             "start_state", "warmup_weeks", "version", "runtime_s", "interval", "environment",
             "kpis"]

# summary.json as the first venster wrote it (commit 8044441): no start state, warm-up or
# environment yet, and the interval described in its first words
FIRST_FORMAT = """{
  "scenario": "assen-2023",
  "description": "Window times 2023",
  "seed": 2023,
  "replications": 2,
  "weeks": 1,
  "start_date": "2023-10-02",
  "version": "0.1.0",
  "runtime_s": 4.5,
  "interval": "95% Student-t over replications (null with one replication)",
  "kpis": {
    "deliveries_total": {
      "mean": 2532.5,
      "ci95_low": 2400.25,
      "ci95_high": 2664.75,
      "unit": "deliveries",
      "description": "deliveries ordered by shops in the period"
    },
    "street_parking_revenue_eur": {
      "mean": null,
      "ci95_low": null,
      "ci95_high": null,
      "unit": "EUR",
      "description": "street parking revenue"
    }
  }
}
"""


@pytest.fixture(scope="module")
def result(assen_2023: Scenario) -> RunResult:
    """A result as a run returns it, without simulating: three replications of made-up KPIs,
    one a share that the interval must keep below 1, one not simulated (NaN)."""
    kpis = pd.DataFrame({"replication": [0, 1, 2],
                         "deliveries_total": [2500, 2540, 2561],
                         "compliance_rate": [0.97, 0.99, 1.0],
                         "street_parking_revenue_eur": [np.nan] * 3,
                         "a_kpi_venster_does_not_declare": [1.0, 2.0, 4.0]})
    return RunResult(assen_2023, 7, kpis, 12.3456)


def test_written_summary_reads_back_equal_and_rewrites_to_the_same_bytes(
        result: RunResult, tmp_path: Path) -> None:
    summary = summarise(result)
    (tmp_path / SUMMARY).write_text(summary.text(), encoding="utf-8")
    back = read_summary(tmp_path)
    assert back == summary
    assert back.text() == summary.text()
    assert list(json.loads(summary.text())) == FILE_KEYS


def test_the_summary_says_who_ran_what_and_each_kpis_interval(result: RunResult) -> None:
    s = summarise(result)
    sc = result.scenario
    assert (s.scenario, s.seed, s.replications, s.weeks) == (sc.name, 7, 3, sc.weeks)
    assert s.start_date == sc.start_date and s.runtime_s == 12.346
    assert s.interval == INTERVAL and s.warmup_weeks == 0
    assert s.environment is not None and "libraries" in s.environment
    assert list(s.kpis) == ["deliveries_total", "compliance_rate",
                            "street_parking_revenue_eur", "a_kpi_venster_does_not_declare"]
    d = s.kpis["deliveries_total"]
    assert d.mean == round((2500 + 2540 + 2561) / 3, 6) and d.low < d.mean < d.high
    assert d.unit == "deliveries" and d.description
    assert s.kpis["compliance_rate"].high == 1.0  # a share's interval stops at 1
    assert s.kpis["street_parking_revenue_eur"] == KpiSummary(
        None, None, None, s.unit("street_parking_revenue_eur"),
        s.kpis["street_parking_revenue_eur"].description)
    assert s.unit("a_kpi_venster_does_not_declare") == "" and s.unit("no_such_kpi") == ""


def test_statistics_are_rounded_only_for_the_file(result: RunResult) -> None:
    exact = kpi_statistics(result.kpis)["deliveries_total"]
    filed = kpi_statistics(result.kpis, 6)["deliveries_total"]
    assert exact.mean == pytest.approx(filed.mean, abs=1e-6) and exact.mean != filed.mean


def test_a_summary_from_the_first_venster_still_reads_and_writes_back_unchanged(
        tmp_path: Path) -> None:
    (tmp_path / SUMMARY).write_text(FIRST_FORMAT, encoding="utf-8")
    s = read_summary(tmp_path)
    assert s.scenario == "assen-2023" and s.seed == 2023 and s.replications == 2
    assert s.start_date == dt.date(2023, 10, 2)
    assert s.start_state is None and s.warmup_weeks is None and s.environment is None
    assert s.kpis["deliveries_total"] == KpiSummary(
        2532.5, 2400.25, 2664.75, "deliveries", "deliveries ordered by shops in the period")
    assert s.kpis["street_parking_revenue_eur"].mean is None
    assert s.text() == FIRST_FORMAT


def test_todays_run_folder_summary_reads(tmp_path: Path) -> None:
    """The full format, with environment and start state, as every run folder holds it."""
    data = json.loads(FIRST_FORMAT)
    data = {**{k: v for k, v in data.items() if k != "kpis"}, "start_state": "settled",
            "warmup_weeks": 0, "interval": INTERVAL,
            "environment": {"venster": "0.1.0", "python": "3.11.7",
                            "libraries": {"simpy": "4.1.2", "pyvrp": None}},
            "kpis": data["kpis"]}
    s = RunSummary.from_json(data)
    assert s.start_state == "settled" and s.environment["libraries"]["pyvrp"] is None
    assert json.loads(s.text()) == data
    assert list(json.loads(s.text())) == FILE_KEYS


@pytest.mark.parametrize(("change", "field"), [
    ({"scenario": None}, "scenario"),
    ({"seed": True}, "seed"),
    ({"seed": "7"}, "seed"),
    ({"replications": 2.5}, "replications"),
    ({"start_date": "2 October 2023"}, "start_date"),
    ({"kpis": [1, 2]}, "kpis"),
    ({"kpis": {"deliveries_total": {"mean": "many"}}}, "kpis.deliveries_total.mean"),
    ({"kpis": {"deliveries_total": 5}}, "kpis.deliveries_total"),
    ({"kpis": {"deliveries_total": {"mean": 1.0, "unit": 3}}}, "kpis.deliveries_total.unit"),
    ({"kpis": {"deliveries_total": {"ci95_high": False}}}, "kpis.deliveries_total.ci95_high"),
    ({"environment": "linux"}, "environment"),
])
def test_a_file_that_is_no_summary_is_refused_naming_the_field(
        tmp_path: Path, change: dict[str, object], field: str) -> None:
    data = {k: v for k, v in {**json.loads(FIRST_FORMAT), **change}.items() if v is not None}
    (tmp_path / SUMMARY).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_summary(tmp_path)
    assert err.value.field == field
    assert str(tmp_path / SUMMARY) in err.value.message


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "\"assen-2023\""])
def test_a_summary_that_is_not_a_json_object_is_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / SUMMARY).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="a summary written by venster run"):
        read_summary(tmp_path)
