"""Letters per plate: how many keepers were written to, and how many came back for more.

What a council asks after a warning period: how many distinct drivers got a letter, how many
got two, three, five or more (Den Bosch: 247 drivers fined twice, 53 three times in six
months, DATA.md section 2), and what share of the letters went to a first-time offender. A
letter is a warning or a fine; letters are counted per plate over the simulated period.
Goods vehicles and other cars are counted apart (other cars' KPIs start with `other_`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from sim.measure.kpi_types import KPI, Family
from sim.model.enforcement import FINE, WARNING
from sim.model.eventlog import EventView
from sim.scenario.models import Scenario

PARTIES = {"goods": "", "other": "other_"}  # party -> KPI name prefix
TOP = 5  # the letters-per-plate table stops at "5 or more"


def letters_per_plate(ev: EventView, party: str) -> np.ndarray:
    """Letters (warnings and fines) of each plate written to at least once."""
    outcome = ev.get("case", party, "outcome")
    letter = ev.isin("outcome", outcome, (WARNING, FINE))
    plates = ev.get("case", party, "plate")[letter]
    if not len(plates):
        return np.zeros(0, dtype=np.int64)
    return np.unique(plates, return_counts=True)[1]


def _plates(party: str, at_least: int) -> Callable[[EventView, Scenario], float]:
    def f(ev: EventView, sc: Scenario) -> float:
        return float((letters_per_plate(ev, party) >= at_least).sum())
    return f


def _first_share(party: str) -> Callable[[EventView, Scenario], float]:
    """Letters that were their plate's first in the period, as a share of all letters."""
    def f(ev: EventView, sc: Scenario) -> float:
        counts = letters_per_plate(ev, party)
        return float(len(counts) / counts.sum()) if counts.sum() else float("nan")
    return f


def _warnings(party: str) -> Callable[[EventView, Scenario], float]:
    def f(ev: EventView, sc: Scenario) -> float:
        return float((ev.get("case", party, "outcome") == ev.code("outcome", WARNING)).sum())
    return f


def _words(party: str) -> str:
    return "goods-vehicle plates" if party == "goods" else "plates of other cars"


def _family(party: str) -> Family:
    return "enforcement" if party == "goods" else "other_traffic"


LETTER_KPIS: tuple[KPI, ...] = (
    KPI("other_warnings_issued", "letters", "count", "other_traffic",
        "warnings sent to keepers of other cars", _warnings("other")),
    *(kpi for party, p in PARTIES.items() for kpi in (
        KPI(f"{p}plates_written_to", "plates", "distinct", _family(party),
            f"distinct {_words(party)} that got a letter (warning or fine)", _plates(party, 1)),
        KPI(f"{p}repeat_offender_plates", "plates", "distinct", _family(party),
            f"{_words(party)} with 2 or more letters in the period", _plates(party, 2)),
        KPI(f"{p}plates_3plus_letters", "plates", "distinct", _family(party),
            f"{_words(party)} with 3 or more letters in the period", _plates(party, 3)),
        KPI(f"{p}plates_5plus_letters", "plates", "distinct", _family(party),
            f"{_words(party)} with 5 or more letters in the period", _plates(party, TOP)),
        KPI(f"{p}first_letter_share", "share", "share", _family(party),
            f"share of letters to {_words(party)} that were the plate's first in the period",
            _first_share(party)),
    )),
)


def letters_per_plate_table(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    """Plates by number of letters (1, 2, 3, 4, 5 or more), goods and other cars, with their
    warnings and fines: means per replication."""
    cases = ev[(ev["kind"] == "case") & ev["outcome"].isin([WARNING, FINE])]
    if "replication" not in cases.columns:
        cases = cases.assign(replication=0)
    rows = []
    for n in range(1, TOP + 1):
        row: dict[str, object] = {"letters": f"{n}+" if n == TOP else str(n)}
        for party in PARTIES:
            c = cases[cases["party"] == party]
            if c.empty:
                row.update({f"{party}_plates": 0.0, f"{party}_letters": 0.0,
                            f"{party}_warnings": 0.0})
                continue
            per = c.assign(warning=(c["outcome"] == WARNING).astype(int)).groupby(
                ["replication", "plate"], observed=True).agg(
                warnings=("warning", "sum"), letters=("warning", "size"))
            sel = per["letters"] >= n if n == TOP else per["letters"] == n
            row[f"{party}_plates"] = float(sel.sum()) / n_reps
            row[f"{party}_letters"] = float(per.loc[sel, "letters"].sum()) / n_reps
            row[f"{party}_warnings"] = float(per.loc[sel, "warnings"].sum()) / n_reps
        rows.append(row)
    return pd.DataFrame(rows)


def letters_by_week_gate(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    """Warnings and fines per week, gate and driver group (goods segments, other cars), for
    the rule broken (window, ze_zone or both): means per replication."""
    week_min = 7 * 24 * 60
    cases = ev[(ev["kind"] == "case") & ev["outcome"].isin([WARNING, FINE])]
    cols = ["week", "gate", "group", "rule", "warnings", "fines"]
    if cases.empty:
        return pd.DataFrame(columns=cols)
    group = cases["segment"].astype(object).where(cases["party"] == "goods", "other")
    frame = pd.DataFrame({
        "week": (cases["t"] // week_min).astype(int) + 1, "gate": cases["gate"].astype(object),
        "group": group.fillna("other"), "rule": cases["rule"].astype(object),
        "warnings": (cases["outcome"] == WARNING).astype(float),
        "fines": (cases["outcome"] == FINE).astype(float)})
    out = frame.groupby(["week", "gate", "group", "rule"], as_index=False)[
        ["warnings", "fines"]].sum()
    out[["warnings", "fines"]] = out[["warnings", "fines"]] / n_reps
    return out[cols]


LETTER_TABLES = {
    "letters_per_plate": letters_per_plate_table,
    "letters_by_week": letters_by_week_gate,
}
