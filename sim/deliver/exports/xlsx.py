"""`venster export DIR... --xlsx`: a workbook for the entrepreneurs' association.

Dutch headers with units, numbers as numbers (so they can be summed and charted) with Dutch
display formats, the KPIs with their 95% margin and a plain description, and the tables by
shop type, by hour, by entrance, by week and of letters (per week and entrance, per plate).
Several run folders give one column per scenario (KPIs) or a `Scenario` column (tables), so
scenarios sit side by side.

Number formats are stored the way the xlsx format requires (`#,##0.0`); Excel shows them with
the reader's own separators, so a Dutch Excel shows 1.234,5. Euro amounts and dates carry the
Dutch locale tag `[$-413]`, so they read "€ 1.234" and "2 oktober 2023" in any Excel.
"""

from __future__ import annotations

import io
import math
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.deliver.decimals import decimals
from sim.deliver.exports import dutch
from sim.deliver.i18n import label
from sim.errors import InputError
from sim.files import atomic_write
from sim.measure.registry import find, is_money, is_share, simulated
from sim.runfolder.gpkg import LAYER_GATES
from sim.runfolder.layout import GATES_GPKG, RESOLVED, TABLES
from sim.runfolder.read import read_run_folder
from sim.runfolder.summary import KpiSummary, RunSummary
from sim.scenario.models import Scenario

DUTCH = "[$-413]"
# the run folder's tables the workbook shows, in sheet order
TABLE_NAMES = ("by_shop_type", "by_hour", "by_gate", "by_week", "letters_by_week",
               "letters_per_plate")
# how the ids in a key column read in Dutch
RULE_WORDS = {"window": "venstertijden", "ze_zone": "emissievrije zone",
              "window+ze_zone": "venstertijden en emissievrije zone"}
TEXT_COLUMNS = {"gate_name": "Straat"}  # table columns that hold words, not counts
HEADER_FILL = "DDE6F0"
MAX_WIDTH = 60
NOT_SIMULATED = "niet gesimuleerd"  # a KPI whose part of the model the run left out
# what the about sheet says when a family's KPIs are left out of every column
LEFT_OUT_NOTES = {
    "parking": "Parkeren is in geen van deze scenario's gesimuleerd; de kengetallen over "
               "parkeren staan daarom niet in het blad ‘Kengetallen’.",
    "rounds": "Ritplanning is in geen van deze scenario's gesimuleerd; de kengetallen over "
              "de ritten staan daarom niet in het blad ‘Kengetallen’.",
}


@dataclass
class Run:
    """One run folder as the workbook needs it."""

    path: Path
    column: str  # the scenario's name, made unique among the folders given
    summary: RunSummary
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    scenario: Scenario | None = None  # None when scenario.resolved.yaml is missing or unreadable


def read_runs(dirs: list[Path]) -> list[Run]:
    """The run folders, checked (bad ones raise InputError naming the folder and file)."""
    if not dirs:
        raise InputError("command line", "DIR", "at least one run folder")
    runs = []
    for d in dirs:
        folder = read_run_folder(Path(d))
        tables = {}
        for name in TABLE_NAMES:
            csv = Path(d) / TABLES / f"{name}.csv"
            if csv.is_file():
                try:
                    tables[name] = pd.read_csv(csv)
                except (ValueError, pd.errors.ParserError) as exc:
                    raise InputError(csv, None, f"a readable CSV table ({exc})") from None
        if "by_gate" in tables:
            names = gate_names(Path(d) / GATES_GPKG)
            tables["by_gate"].insert(1, "gate_name", [names.get(str(g), "")
                                                      for g in tables["by_gate"]["gate"]])
        runs.append(Run(Path(d), folder.summary.scenario, folder.summary, tables,
                        _scenario(Path(d))))
    names = [r.column for r in runs]
    for r in runs:
        if names.count(r.column) > 1:
            r.column = f"{r.column} ({r.path.name})"
    return runs


def _scenario(folder: Path) -> Scenario | None:
    """The run's own scenario, to describe it in Dutch from its settings; a folder without a
    readable copy still exports its numbers, so this never fails."""
    from sim.scenario.load import load_scenario

    file = folder / RESOLVED
    if not file.is_file():
        return None
    try:
        return load_scenario(file)
    except InputError:
        return None


def gate_names(gpkg: Path) -> dict[str, str]:
    """Gate id -> street name from a run folder's gates.gpkg (a GeoPackage is an SQLite file,
    so its attribute table reads without GDAL); empty when the file is missing or older."""
    import sqlite3

    if not gpkg.is_file():
        return {}
    try:
        with closing(sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)) as db:
            return dict(db.execute(f"SELECT gate, gate_name FROM {LAYER_GATES}").fetchall())
    except sqlite3.Error:
        return {}


def _euro_format(decimals: int) -> str:
    """Babel's Dutch currency pattern (`¤ #,##0.00;¤ -#,##0.00`) as an Excel format."""
    from babel import Locale

    pattern = Locale("nl").currency_formats["standard"].pattern
    if decimals == 0:
        pattern = pattern.replace("#,##0.00", "#,##0")
    return pattern.replace("¤", f"[$€{DUTCH[2:-1]}]")


def number_format(kpi: str, summary_unit: str, values: list[float]) -> str:
    """The cell format of a KPI's values ("" for a table column: a plain number)."""
    if is_share(kpi, summary_unit):
        return "0.0%"
    n = decimals(*values)
    if is_money(kpi, summary_unit):
        return _euro_format(0 if n == 0 or max(abs(v) for v in values if v) >= 100 else 2)
    return "#,##0" + ("." + "0" * n if n else "")


def _value(x: Any) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _cell(x: Any) -> Any:
    return x if isinstance(x, str) else _value(x)


def _style_sheet(ws: Any, widths: dict[int, float], freeze: str, wrap: set[int] = frozenset()
                 ) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = freeze
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, max(8.0, width))
    for col in wrap:
        for row in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _header_width(text: str) -> float:
    """Headers wrap onto at most two lines; width in characters for the longer line."""
    return max(12.0, len(text) / 2 + 2) if len(text) > 24 else len(text) + 2


def _not_simulated(entry: KpiSummary | None) -> bool:
    """No mean in summary.json: no replication had a number (the rule of
    `sim.measure.registry.simulated`), or the run has no such KPI at all."""
    return entry is None or not simulated([_value(entry.mean)])


def kpi_sheet(wb: Any, runs: list[Run], period: str) -> list[str]:
    """One row per KPI, one column (and its margin) per scenario. A KPI the run did not
    simulate (parking in a run without it) reads "niet gesimuleerd", and is left out when no
    run simulated it: a block of rows saying so tells the reader nothing. Returns the KPIs
    left out."""
    ws = wb.create_sheet("Kengetallen")
    header = ["Kengetal", "Eenheid"]
    for r in runs:
        header += [r.column, f"{r.column}: marge van", f"{r.column}: marge tot"]
    header += ["Toelichting", "Code"]
    ws.append(header)
    every: list[str] = []
    for r in runs:
        every += [k for k in r.summary.kpis if k not in every]
    names: list[str] = []
    left_out: list[str] = []
    said = [False] * len(runs)  # which scenario columns hold "niet gesimuleerd"
    for kpi in every:
        entries = [r.summary.kpis.get(kpi) for r in runs]
        missing = [_not_simulated(e) for e in entries]
        if all(missing):
            left_out.append(kpi)
            continue
        names.append(kpi)
        summary_unit = next((e.unit for e in entries if e is not None), "")
        row: list[Any] = [dutch.kpi_name(kpi), dutch.unit(kpi, summary_unit, period)]
        for i, (e, miss) in enumerate(zip(entries, missing, strict=True)):
            if miss or e is None:
                row += [NOT_SIMULATED, None, None]
                said[i] = True
            else:
                row += [_value(e.mean), _value(e.low), _value(e.high)]
        row += [dutch.kpi_description(kpi), kpi]
        ws.append(row)
        values = [v for v in row[2:2 + 3 * len(runs)] if isinstance(v, float)]
        fmt = number_format(kpi, summary_unit, values)
        for cell in ws[ws.max_row][2:2 + 3 * len(runs)]:
            cell.number_format = fmt
    widths = {1: max(len(dutch.kpi_name(k)) for k in names) + 2, 2: 22}
    for i in range(3 * len(runs)):
        widths[3 + i] = _header_width(header[2 + i])
        if i % 3 == 0 and said[i // 3]:
            widths[3 + i] = max(widths[3 + i], len(NOT_SIMULATED) + 2)
    widths[3 + 3 * len(runs)] = MAX_WIDTH
    widths[4 + 3 * len(runs)] = max(len(k) for k in names) + 2
    _style_sheet(ws, widths, "C2", wrap={3 + 3 * len(runs)})
    return left_out


def _hour_label(h: int) -> str:
    return f"{h:02d}:00–{(h + 1) % 24:02d}:00"


def _key_label(key: str, ident: Any) -> Any:
    """A key column's id as a reader knows it (numbers stay numbers, so they sort)."""
    if key == "hour":
        return _hour_label(int(ident))
    if key == "week" or (key == "letters" and str(ident).isdigit()):
        return int(ident)
    if key == "gate":
        return str(ident)
    if key == "group":
        return "andere auto's" if ident == "other" else label("nl", "segment", str(ident))
    if key == "rule":
        return RULE_WORDS.get(str(ident), str(ident))
    return label("nl", "shop", str(ident))


def table_sheet(wb: Any, runs: list[Run], table: str, title: str,
                keys: list[tuple[str, str]], suffix: str) -> None:
    """One breakdown table, the scenarios one below the other with a `Scenario` column.

    `keys` are the table's key columns with their Dutch headers; `suffix` says over what
    period a count is (per week, in that week, over the whole run), since that differs by
    table and a reader cannot tell it from the number."""
    ws = wb.create_sheet(title)
    have = [r for r in runs if table in r.tables]
    key_cols = [k for k, _ in keys]
    columns: list[str] = []
    for r in have:
        columns += [c for c in r.tables[table].columns
                    if c not in key_cols and c not in columns]
    header = ["Scenario", *(h for _, h in keys)] + [
        TEXT_COLUMNS[c] if c in TEXT_COLUMNS else f"{dutch.COLUMNS.get(c, c)} ({suffix})"
        for c in columns]
    ws.append(header)
    for r in have:
        df = r.tables[table]
        for _, rec in df.iterrows():
            ws.append([r.column, *(_key_label(k, rec[k]) for k in key_cols),
                       *(_cell(rec.get(c)) for c in columns)])
    first = 2 + len(keys)  # the first count column
    for j, c in enumerate(columns):
        if c in TEXT_COLUMNS:
            continue
        values = [_value(v) for r in have for v in r.tables[table].get(c, [])]
        fmt = number_format("", "", [v for v in values if v is not None])
        for row in ws.iter_rows(min_row=2, min_col=first + j, max_col=first + j):
            row[0].number_format = fmt
    if not have:
        ws.append(["Geen van de mappen heeft deze tabel (tables/" + table + ".csv)."])
    widths = {1: max([len("Scenario")] + [len(r.column) for r in have]) + 2}
    for i, (_, key_header) in enumerate(keys):
        cells = next(ws.iter_cols(min_col=2 + i, max_col=2 + i, min_row=2), ())
        widths[2 + i] = max([len(key_header)] + [len(str(c.value or "")) for c in cells]) + 2
    for j in range(len(columns)):
        cells = next(ws.iter_cols(min_col=first + j, max_col=first + j, min_row=2), ())
        words = [len(c.value) + 2 for c in cells if isinstance(c.value, str)]
        widths[first + j] = max([_header_width(header[first - 1 + j]), *words])
    _style_sheet(ws, widths, ws.cell(row=2, column=first).coordinate)
    if have:
        ws.auto_filter.ref = ws.dimensions


def describe(run: Run) -> str:
    """The scenario in Dutch, made from its settings as on the report's Dutch page: the
    scenario files' own descriptions are English, which the association does not read."""
    from sim.deliver.report.sections import describe_scenario

    return (describe_scenario(run.scenario, "nl")
            or "Onbekend: de map heeft geen leesbare kopie van het scenario "
               f"({RESOLVED}).")


def about_sheet(wb: Any, runs: list[Run], left_out: list[str] | None = None) -> None:
    """What each scenario is and how to read the numbers. The scenario names head the
    columns, as on the other sheets, so they are not repeated in a row of their own."""
    ws = wb.create_sheet("Over deze cijfers")
    ws.append(["Scenario", *(r.column for r in runs)])
    rows: list[tuple[str, list[Any], str | None]] = [
        ("Beschrijving", [describe(r) for r in runs], None),
        ("Eerste dag", [r.summary.start_date for r in runs], f"{DUTCH}d mmmm yyyy"),
        ("Weken gesimuleerd", [r.summary.weeks for r in runs], "0"),
        ("Herhalingen", [r.summary.replications for r in runs], "0"),
        ("Startgetal toeval (seed)", [r.summary.seed for r in runs], "0"),
        ("venster-versie", [r.summary.version for r in runs], None),
        ("Map", [str(r.path.resolve()) for r in runs], None),
    ]
    for name, values, fmt in rows:
        ws.append([name, *values])
        if fmt:
            for cell in ws[ws.max_row][1:]:
                cell.number_format = fmt
    notes = [
        "De cijfers komen uit een computersimulatie: schattingen, geen metingen.",
        "Een herhaling is dezelfde periode, doorgerekend met andere toevallige "
        "omstandigheden. Het gemiddelde is het gemiddelde over de herhalingen.",
        "Marge van/tot: het 95%-betrouwbaarheidsinterval. Het echte gemiddelde van het model "
        "ligt waarschijnlijk tussen die twee getallen. Bij één herhaling is er geen marge.",
        "Aantallen en bedragen gelden per week als elk scenario één week beslaat, anders voor "
        "de hele gesimuleerde periode (zie ‘Weken gesimuleerd’).",
    ]
    families = {k.family for k in map(find, left_out or []) if k is not None}
    notes += [note for family, note in LEFT_OUT_NOTES.items() if family in families]
    ws.append([])
    for note in notes:
        ws.append([note])
    widths = {1: 26.0}
    for i, r in enumerate(runs):
        widths[2 + i] = max(20.0, min(MAX_WIDTH, len(r.column) + 2))
    _style_sheet(ws, widths, "B2", wrap=set(range(2, 2 + len(runs))))


def build_workbook(runs: list[Run]) -> Any:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    period = dutch.period_words({r.summary.weeks or 1 for r in runs})
    left_out = kpi_sheet(wb, runs, period)
    table_sheet(wb, runs, "by_shop_type", "Per soort winkel", [("shop_type", "Soort winkel")],
                period)
    table_sheet(wb, runs, "by_hour", "Per uur", [("hour", "Uur van de dag")], period)
    table_sheet(wb, runs, "by_gate", "Per toegang", [("gate", "Toegang")], period)
    # the council's questions about letters (issue 21): week by week, and per plate
    table_sheet(wb, runs, "by_week", "Per week", [("week", "Week")], "in die week")
    table_sheet(wb, runs, "letters_by_week", "Brieven per week en toegang",
                [("week", "Week"), ("gate", "Toegang"), ("group", "Wie"),
                 ("rule", "Regel")], "in die week")
    table_sheet(wb, runs, "letters_per_plate", "Brieven per kenteken",
                [("letters", "Brieven per kenteken")], "over de hele periode")
    about_sheet(wb, runs, left_out)
    return wb


def default_out(runs: list[Run]) -> Path:
    name = runs[0].summary.scenario if len(runs) == 1 else "vergelijking"
    return Path("results") / f"{name}.xlsx"


def write_xlsx(dirs: list[Path], out: Path | None = None) -> Path:
    """Write the workbook for `dirs` to `out` atomically; return the file written."""
    if out is not None and Path(out).suffix.lower() != ".xlsx":
        raise InputError("command line", "--out", f"a file name ending in .xlsx, got {out}")
    runs = read_runs(dirs)
    out = Path(out) if out is not None else default_out(runs)
    if out.is_dir():
        raise InputError(out, "--out", "a file name for the workbook; this is a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = build_workbook(runs)
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write(out, buf.getvalue())
