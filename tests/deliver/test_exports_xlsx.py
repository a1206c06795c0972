"""`venster export DIR... --xlsx`: a Dutch workbook whose numbers are those of summary.json."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sim.cli.main import main
from sim.deliver.exports import dutch
from sim.deliver.exports.xlsx import NOT_SIMULATED
from sim.measure.registry import FIXED_KPIS, kpis_for
from sim.scenario.load import load_scenario
from tests.helpers import ROOT

# the KPIs a run without parking leaves unknown (NaN)
PARKING_ONLY = {k.name for k in FIXED_KPIS if k.needs == "parking"}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("xlsx")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        for name, scenario in (("r23", "assen-2023.yaml"), ("r18", "assen-2018.yaml")):
            assert main(["run", str(ROOT / "scenarios" / scenario), "--out", str(base / name),
                         "--replications", "2", "--seed", "5", "--quiet",
                         "--no-figures"]) == 0
    return base / "r23", base / "r18"


@pytest.fixture(scope="module")
def parking_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario that simulates parking, to set beside one that does not."""
    out = tmp_path_factory.mktemp("xlsx_parking") / "rp"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        assert main(["run", str(ROOT / "scenarios" / "assen-2023-free-evenings.yaml"),
                     "--out", str(out), "--replications", "2", "--seed", "5", "--quiet",
                     "--no-figures"]) == 0
    return out


def _rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_workbook_has_dutch_headers_and_summary_values(runs, tmp_path: Path, capsys) -> None:
    r23, r18 = runs
    out = tmp_path / "vergelijking.xlsx"
    assert main(["export", str(r23), str(r18), "--xlsx", "--out", str(out)]) == 0
    assert str(out.resolve()) in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Kengetallen", "Per soort winkel", "Per uur", "Per toegang",
                             "Per week", "Brieven per week en toegang", "Brieven per kenteken",
                             "Over deze cijfers"]
    ws = wb["Kengetallen"]
    header = _rows(ws)[0]
    assert header[:2] == ["Kengetal", "Eenheid"] and header[-2:] == ["Toelichting", "Code"]
    # one column per scenario, named by the scenario, each with its margin
    assert header[2:8] == ["assen-2023", "assen-2023: marge van", "assen-2023: marge tot",
                           "assen-2018", "assen-2018: marge van", "assen-2018: marge tot"]
    assert ws.freeze_panes == "C2"
    rows = {r[-1]: r for r in _rows(ws)[1:]}
    for col, folder in ((2, r23), (5, r18)):
        kpis = json.loads((folder / "summary.json").read_text())["kpis"]
        # neither scenario simulates parking, so its KPIs are left out (see the parking test)
        assert set(kpis) - set(PARKING_ONLY) == set(rows)
        for name, k in kpis.items():
            if name in PARKING_ONLY:
                continue
            # a share of nothing (no letters, so no first letters) is NaN: "niet gesimuleerd"
            expected = ([k["mean"], k["ci95_low"], k["ci95_high"]] if k["mean"] is not None
                        else [NOT_SIMULATED, None, None])
            assert rows[name][col:col + 3] == expected, name
    # Dutch names, units and descriptions, not the codes
    assert rows["deliveries_total"][:2] == ["Leveringen", "leveringen per week"]
    assert rows["fines_issued"][1] == "boetes per week"
    assert rows["compliance_rate"][1] == "%"
    assert rows["cost_per_drop_eur_parcel"][1] == "€ per afleveradres"
    for name, r in rows.items():
        assert r[0] != name and r[-2], f"{name} has no Dutch name or description"
    # every KPI the model computes has a Dutch description of its own
    sc = load_scenario(r23 / "scenario.resolved.yaml")
    assert all(dutch.kpi_description(k.name) for k in kpis_for(sc))


def test_number_formats_are_dutch_and_tables_match_the_csv(runs, tmp_path: Path) -> None:
    r23, _ = runs
    out = tmp_path / "een.xlsx"
    assert main(["export", str(r23), "--xlsx", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Kengetallen"]
    fmt = {row[-1].value: row[2].number_format for row in ws.iter_rows(min_row=2)}
    assert fmt["compliance_rate"] == "0.0%"
    assert "[$€-413]" in fmt["fine_revenue_eur"] and fmt["fine_revenue_eur"].startswith("[$€")
    assert fmt["deliveries_total"] == "#,##0"
    about = wb["Over deze cijfers"]
    first_day = next(r for r in about.iter_rows(min_row=2) if r[0].value == "Eerste dag")[1]
    assert first_day.number_format.startswith("[$-413]") and first_day.value.year == 2023

    shops = wb["Per soort winkel"]
    header = _rows(shops)[0]
    assert header[:3] == ["Scenario", "Soort winkel", "Leveringen (per week)"]
    assert shops.freeze_panes == "C2" and shops.auto_filter.ref
    table = pd.read_csv(r23 / "tables" / "by_shop_type.csv")
    body = _rows(shops)[1:]
    assert "mode" in [r[1] for r in body] and "fashion" not in [r[1] for r in body]
    assert sum(r[2] for r in body) == pytest.approx(table["deliveries"].sum())
    hours = _rows(wb["Per uur"])
    assert hours[0][1] == "Uur van de dag" and hours[8][1] == "07:00–08:00"
    by_hour = pd.read_csv(r23 / "tables" / "by_hour.csv")
    assert [r[4] for r in hours[1:]] == pytest.approx(by_hour["goods_violations"].tolist())
    gates = _rows(wb["Per toegang"])
    assert gates[0][:4] == ["Scenario", "Toegang", "Straat", "Inritten bezorgers (per week)"]
    by_gate = pd.read_csv(r23 / "tables" / "by_gate.csv")
    assert [r[1] for r in gates[1:]] == by_gate["gate"].tolist()
    assert all(r[2] for r in gates[1:])  # street names from gates.gpkg
    assert [r[3] for r in gates[1:]] == pytest.approx(by_gate["goods_entries"].tolist())
    widths = [ws.column_dimensions[c].width for c in "ABI"]
    assert all(8 <= w <= 60 for w in widths)


def test_letter_sheets_hold_the_run_folders_tables(runs, tmp_path: Path) -> None:
    """The council's letter questions (issue 21) in the workbook: week by week, per entrance
    and driver group, and how many plates got 1, 2, ... letters, equal to tables/*.csv."""
    r23, r18 = runs
    out = tmp_path / "brieven.xlsx"
    assert main(["export", str(r23), str(r18), "--xlsx", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    weeks = _rows(wb["Per week"])
    assert weeks[0][:3] == ["Scenario", "Week", "Overtredingen bezorgers (in die week)"]
    by_week = pd.read_csv(r23 / "tables" / "by_week.csv")
    mine = [r for r in weeks[1:] if r[0] == "assen-2023"]
    assert [r[1] for r in mine] == by_week["week"].tolist()
    col = weeks[0].index("Boetes andere auto's (in die week)")
    assert [r[col] for r in mine] == pytest.approx(by_week["other_fines"].tolist())

    letters = _rows(wb["Brieven per week en toegang"])
    assert letters[0][:5] == ["Scenario", "Week", "Toegang", "Wie", "Regel"]
    assert wb["Brieven per week en toegang"].freeze_panes == "F2"
    table = pd.read_csv(r23 / "tables" / "letters_by_week.csv")
    mine = [r for r in letters[1:] if r[0] == "assen-2023"]
    assert len(mine) == len(table)
    assert sum(r[6] for r in mine) == pytest.approx(table["fines"].sum())
    assert "andere auto's" in {r[3] for r in mine} and "other" not in {r[3] for r in mine}
    assert {r[4] for r in mine} <= {"venstertijden", "emissievrije zone",
                                    "venstertijden en emissievrije zone"}

    plates = _rows(wb["Brieven per kenteken"])
    assert plates[0][1] == "Brieven per kenteken"
    table = pd.read_csv(r23 / "tables" / "letters_per_plate.csv")
    mine = [r for r in plates[1:] if r[0] == "assen-2023"]
    assert [str(r[1]) for r in mine] == table["letters"].astype(str).tolist()
    col = plates[0].index("Kentekens van andere auto's (over de hele periode)")
    assert [r[col] for r in mine] == pytest.approx(table["other_plates"].tolist())


def test_bad_folders_and_arguments_exit_2_with_a_message(runs, tmp_path: Path, capsys
                                                         ) -> None:
    r23, _ = runs
    cases = [
        ([str(tmp_path / "missing"), "--xlsx"], "missing"),
        ([str(r23)], "choose a format: --xlsx"),
        ([str(r23), "--xlsx", "--out", str(tmp_path / "x.csv")], ".xlsx"),
        ([str(r23 / "kpis.csv"), "--xlsx"], "kpis.csv"),
        ([], "DIR"),
    ]
    (tmp_path / "dir.xlsx").mkdir()
    cases.append(([str(r23), "--xlsx", "--out", str(tmp_path / "dir.xlsx")], "folder"))
    broken = tmp_path / "broken"
    shutil.copytree(r23, broken)
    (broken / "summary.json").write_text("{not json")
    cases.append(([str(broken), "--xlsx", "--out", str(tmp_path / "b.xlsx")], "broken"))
    for args, word in cases:
        assert main(["export", *args]) == 2
        err = capsys.readouterr().err
        assert word in err and "Traceback" not in err, args
    assert not (tmp_path / "b.xlsx").exists()


def test_about_sheet_describes_the_scenarios_in_dutch_under_one_header(runs, tmp_path: Path
                                                                       ) -> None:
    r23, r18 = runs
    out = tmp_path / "over.xlsx"
    assert main(["export", str(r23), str(r18), "--xlsx", "--out", str(out)]) == 0
    about = _rows(openpyxl.load_workbook(out)["Over deze cijfers"])
    # one header row, naming the scenarios; no second row repeating them
    assert about[0] == ["Scenario", "assen-2023", "assen-2018"]
    assert [r[0] for r in about].count("Scenario") == 1
    assert not any(r[1:] == about[0][1:] for r in about[1:])
    # the description in Dutch, made from the settings as on the report's Dutch page
    described = {r[0]: r[1:] for r in about}["Beschrijving"]
    assert described[0] == "Venstertijden: ma–za 07:00–12:00; zo geen venster."
    assert described[1].startswith("Venstertijden: ma–do 07:00–13:00 en 17:30–20:00; ")
    english = [json.loads((f / "summary.json").read_text())["description"] for f in runs]
    assert all(english)
    cells = [c for r in about for c in r if isinstance(c, str)]
    assert not any(e in c for e in english for c in cells)
    assert not any("Window times" in c for c in cells)
    assert any("Parkeren is in geen van deze scenario's gesimuleerd" in c for c in cells)


def test_parking_kpis_say_not_simulated_or_are_left_out(runs, parking_run: Path,
                                                          tmp_path: Path) -> None:
    r23, r18 = runs
    # neither run simulates parking: no parking rows, and no row without a single value
    out = tmp_path / "zonder.xlsx"
    assert main(["export", str(r23), str(r18), "--xlsx", "--out", str(out)]) == 0
    body = _rows(openpyxl.load_workbook(out)["Kengetallen"])[1:]
    assert not {r[-1] for r in body} & set(PARKING_ONLY)
    assert all(any(v is not None for v in r[2:8]) for r in body)
    # one of two simulates parking: the other's column says so in words
    out = tmp_path / "met.xlsx"
    assert main(["export", str(r18), str(parking_run), "--xlsx", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    rows = {r[-1]: r for r in _rows(wb["Kengetallen"])[1:]}
    kpis = json.loads((parking_run / "summary.json").read_text())["kpis"]
    for name in PARKING_ONLY:
        assert rows[name][2] == "niet gesimuleerd", name
        assert rows[name][5:8] == [kpis[name]["mean"], kpis[name]["ci95_low"],
                                   kpis[name]["ci95_high"]], name
    assert rows["street_parking_revenue_eur_per_year"][1] == "€ per jaar"
    assert all(any(v is not None for v in r[2:8]) for r in rows.values())
    notes = [r[0] for r in _rows(wb["Over deze cijfers"])]
    assert not any("Parkeren is in geen" in str(n) for n in notes)


def test_times_are_written_one_way(runs, parking_run: Path, tmp_path: Path) -> None:
    """Times as on the report's Dutch page and in NL-TERMS.md's tables: 18:00, not 18.00."""
    r23, _ = runs
    out = tmp_path / "tijden.xlsx"
    assert main(["export", str(r23), str(parking_run), "--xlsx", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    words = [c for name in ("Kengetallen", "Per uur", "Over deze cijfers")
             for r in _rows(wb[name]) for c in r[:-1] if isinstance(c, str)]
    assert any(re.search(r"\b18:00\b", w) for w in words)
    assert not [w for w in words if re.search(r"\b\d{1,2}\.\d\d\b", w)]
