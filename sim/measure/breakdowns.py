"""Tables behind the report: KPIs broken down by hour, gate, week, vehicle class, segment and
shop type, as means per replication. Pure functions of the event logs, like the KPIs.

They are written to a run folder's `tables/` so a report can be made later without keeping
the (much larger) event logs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from sim.measure.letter_kpis import LETTER_TABLES
from sim.measure.round_kpis import ROUND_TABLES, outside_receiving_mask
from sim.model.calendar import MINUTES_PER_DAY, SimCalendar
from sim.model.fleet import factors
from sim.scenario.models import Scenario

WEEK = 7 * MINUTES_PER_DAY
# what a closed gate made a driver do that moves the delivery away from its usual time
MOVING_CHOICES = ("wait", "later", "drop", "dayex", "hub")
KEYS = ("hour", "week")


def _per_rep(df: pd.DataFrame, n_reps: int) -> pd.DataFrame:
    num = [c for c in df.select_dtypes("number").columns if c not in KEYS]
    df[num] = df[num] / n_reps
    return df


def _is(ev: pd.DataFrame, kind: str, party: str = "goods") -> pd.Series:
    return (ev["kind"] == kind) & (ev["party"] == party)


def by_hour(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    """Per hour of the day, summed over the days of the run; arrivals also on Monday to
    Friday alone, since windows differ by day type (2018: Saturday closed at 11:00) and an
    hour's total over the whole week blurs where a weekday window ends."""
    hour = ((ev["t"] % MINUTES_PER_DAY) // 60).astype(int)
    day = (ev["t"] // MINUTES_PER_DAY).astype(int)
    weekday = (day + sc.start_date.weekday()) % 7 < 5
    cols = {
        "goods_arrivals": _is(ev, "arrive"),
        "goods_entries_allowed": _is(ev, "entry") & ev["allowed"],
        "goods_violations": _is(ev, "entry") & ~ev["allowed"],
        "other_violations": _is(ev, "entry", "other") & ~ev["allowed"],
        "goods_arrivals_weekdays": _is(ev, "arrive") & weekday,
    }
    out = pd.DataFrame({"hour": range(24)})
    for name, mask in cols.items():
        out[name] = np.bincount(hour[mask], minlength=24)[:24].astype(float)
    return _per_rep(out, n_reps)


def by_gate(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    entries = ev[ev["kind"] == "entry"]
    cases = ev[ev["kind"] == "case"]
    rows = []
    for gate in sorted(set(entries["gate"])):
        e = entries[entries["gate"] == gate]
        c = cases[cases["gate"] == gate]
        rows.append({
            "gate": gate,
            "goods_entries": float((e["party"] == "goods").sum()),
            "goods_violations": float(((e["party"] == "goods") & ~e["allowed"]).sum()),
            "other_entries": float((e["party"] == "other").sum()),
            "other_violations": float(((e["party"] == "other") & ~e["allowed"]).sum()),
            "fines": float((c["outcome"] == "fine").sum()),
            "warnings": float((c["outcome"] == "warning").sum()),
        })
    return _per_rep(pd.DataFrame(rows), n_reps)


def by_week(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    """Violations and letters week by week: how drivers learn."""
    week = (ev["t"] // WEEK).astype(int)
    cases = ev["kind"] == "case"
    # letters for the ZE zone's rule (alone or with the window's)
    ze_cases = cases & ev["rule"].astype(str).str.contains("ze_zone", regex=False)
    rows = []
    for w in range(sc.weeks):
        in_w = week == w
        goods_entries = in_w & _is(ev, "entry")
        rows.append({
            "week": w + 1,
            "goods_violations": float((goods_entries & ~ev["allowed"]).sum()),
            "goods_fines": float((in_w & cases & (ev["party"] == "goods")
                                  & (ev["outcome"] == "fine")).sum()),
            "goods_warnings": float((in_w & cases & (ev["party"] == "goods")
                                     & (ev["outcome"] == "warning")).sum()),
            "other_violations": float((in_w & _is(ev, "entry", "other") & ~ev["allowed"]).sum()),
            "other_fines": float((in_w & cases & (ev["party"] == "other")
                                  & (ev["outcome"] == "fine")).sum()),
            "other_warnings": float((in_w & cases & (ev["party"] == "other")
                                     & (ev["outcome"] == "warning")).sum()),
            "ze_warnings": float((in_w & ze_cases & (ev["outcome"] == "warning")).sum()),
            "ze_fines": float((in_w & ze_cases & (ev["outcome"] == "fine")).sum()),
            "ze_entries": float((goods_entries & ev["ze"]).sum()),
            "goods_entries": float(goods_entries.sum()),
        })
    return _per_rep(pd.DataFrame(rows), n_reps)


def by_vehicle_class(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    """Entries, km and emissions of each vehicle class (zone and whole trip)."""
    zone_km = ev[_is(ev, "exit")].groupby("vclass", observed=True)["km"].sum()
    trip_km = ev[_is(ev, "journey")].groupby("vclass", observed=True)["trip_km"].sum()
    later = ev[_is(ev, "choice")].groupby("vclass", observed=True)["extra_km"].sum()
    entries = ev[_is(ev, "entry")].groupby("vclass", observed=True).size()
    classes = sorted(set(zone_km.index) | set(trip_km.index))
    rows = []
    for vc in classes:
        z = float(zone_km.get(vc, 0.0))
        whole = z + float(trip_km.get(vc, 0.0)) + float(later.get(vc, 0.0))
        v = sc.vehicle_classes[vc]
        row = {"vehicle_class": vc, "category": v.category, "energy": v.energy,
               "zero_emission": v.zero_emission, "entries": float(entries.get(vc, 0)),
               "zone_km": z, "trip_km": whole}
        for attr, name, scale in (("co2_ttw_g_km", "co2_ttw_kg", 1e-3),
                                  ("co2_wtw_g_km", "co2_wtw_kg", 1e-3),
                                  ("nox_g_km", "nox_g", 1.0), ("pm10_g_km", "pm10_g", 1.0)):
            f = factors(sc, attr)[vc] * scale
            row[name] = z * f
            row[f"{name}_trip"] = whole * f
        rows.append(row)
    return _per_rep(pd.DataFrame(rows), n_reps)


def by_segment(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    """What the regime costs each kind of supplier."""
    goods = ev[ev["party"] == "goods"]
    rows = []
    for seg in sorted(sc.segments):
        g = goods[goods["segment"] == seg]
        choice = g[g["kind"] == "choice"]
        stops = g[g["kind"] == "stop"]
        rows.append({
            "segment": seg,
            "tours": float((g["kind"] == "arrive").sum()),
            "entries": float((g["kind"] == "entry").sum()),
            "violations": float(((g["kind"] == "entry") & ~g["allowed"]).sum()),
            "closed_gate": float(len(choice)),
            "extra_hours": float(g["extra_min"].sum() / 60.0),
            "extra_km": float(g.loc[g["kind"].isin(["choice", "exit"]), "extra_km"].sum()),
            "dropped": float((stops["outcome"] == "dropped").sum()),
            "via_bay": float((stops["via"] == "bay").sum()),
            "via_hub": float((stops["via"] == "hub").sum()),
        })
    return _per_rep(pd.DataFrame(rows), n_reps)


def by_shop_type(ev: pd.DataFrame, sc: Scenario, n_reps: int) -> pd.DataFrame:
    """Which shops feel the regime: deliveries moved from their usual time, and in open hours.

    A delivery is moved when its vehicle first met a closed gate and the driver then waited,
    came back later, dropped it for another day, used a day exemption or the hub (driving in
    anyway or walking it in from a bay keeps the usual time), or when it was handed over
    outside the hours that kind of shop usually receives goods: that catches deliveries the
    carriers' planning already shifted to suit the window, before any gate was met.
    """
    cal = SimCalendar(sc.start_date, 7 * sc.weeks, sc.calendar)
    goods = ev[ev["party"] == "goods"]
    if "replication" not in goods.columns:
        goods = goods.assign(replication=0)
    keys = ["replication", "order"]
    first = goods[(goods["kind"] == "attempt") & (goods["attempt"] == 1)]
    choices = goods[goods["kind"] == "choice"].set_index(["replication", "tour"])["outcome"]
    first = first.join(choices.rename("choice"), on=["replication", "tour"])
    first = first.set_index(keys)[["t", "allowed", "shop_type", "choice"]]
    done = goods[(goods["kind"] == "stop") & (goods["outcome"] == "delivered")]
    done = done.assign(off_hours=outside_receiving_mask(done, sc))
    done = done.set_index(keys)[["t", "off_hours"]].rename(columns={"t": "t_done"})
    joined = first.join(done, how="left")
    joined["off_hours"] = joined["off_hours"].fillna(False).astype(bool)
    joined["moved"] = ((~joined["allowed"] & joined["choice"].isin(MOVING_CHOICES))
                       | joined["off_hours"])
    delivered = joined["t_done"].notna()
    joined["in_open_hours"] = [
        bool(ok) and cal.open_overlap(t, t + 1e-6) > 0
        for ok, t in zip(delivered, joined["t_done"].fillna(0.0), strict=True)
    ]
    rows = []
    for shop_type, grp in joined.groupby("shop_type", observed=True):
        got = grp["t_done"].notna()
        rows.append({
            "shop_type": shop_type,
            "deliveries": float(len(grp)),
            "outside_window": float((~grp["allowed"]).sum()),
            "moved_from_usual_time": float(grp["moved"].sum()),
            "outside_receiving_hours": float(grp["off_hours"].sum()),
            "not_delivered": float((~got).sum()),
            "delivered_in_opening_hours": float(grp["in_open_hours"].sum()),
        })
    return _per_rep(pd.DataFrame(rows), n_reps)


TABLES: dict[str, Callable[[pd.DataFrame, Scenario, int], pd.DataFrame]] = {
    "by_hour": by_hour,
    "by_gate": by_gate,
    "by_week": by_week,
    "by_vehicle_class": by_vehicle_class,
    "by_segment": by_segment,
    "by_shop_type": by_shop_type,
    **LETTER_TABLES,
    **ROUND_TABLES,
}


def write_tables(events: dict[int, pd.DataFrame], sc: Scenario, folder: Path) -> list[Path]:
    """All breakdown tables as CSV, means per replication over the kept replications."""
    if not events:
        return []
    ev = pd.concat([df.assign(replication=r) for r, df in sorted(events.items())],
                   ignore_index=True)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in TABLES.items():
        path = folder / f"{name}.csv"
        make(ev, sc, len(events)).to_csv(path, index=False, float_format="%.6g",
                                         lineterminator="\n")
        paths.append(path)
    return paths
