"""The camera passages of a run: one row per entry, so their counts are the run's KPIs exactly;
what a camera log would miss (no camera, camera down, no plate) is marked, never dropped."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from sim.geo.model import Geography
from sim.measure.kpis import compute_kpis
from sim.measure.passages import PASSAGE_COLUMNS, hourly, passages, pseudonym
from sim.model.world import World
from sim.scenario.models import Scenario
from tests.helpers import variant

KEY = b"k" * 32


def _run(sc: Scenario, geo: Geography, seed: int, reps: int) -> tuple[pd.DataFrame, list]:
    frames, kpis = [], []
    for r in range(reps):
        log = World(sc, geo, seed, r).run()
        kpis.append(compute_kpis(log, sc))
        frames.append(log.to_frame().assign(replication=r))
    return pd.concat(frames, ignore_index=True), kpis


def _check_counts(p: pd.DataFrame, kpis: list[dict[str, float]]) -> None:
    for r, k in enumerate(kpis):
        mine = p[p["replicatie"] == r]
        goods = mine[mine["partij"] == "bevoorrading"]
        other = mine[mine["partij"] == "overig"]
        assert len(goods) == k["zone_entries_total"]
        assert len(other) == k["other_entries_total"]
        assert (~goods["toegestaan"]).sum() == k["violations_total"]
        assert (~other["toegestaan"]).sum() == k["other_violations_total"]
        assert (goods["brief"] == "boete").sum() == k["fines_issued"]
        assert (goods["brief"] == "waarschuwing").sum() == k["warnings_issued"]
        assert (other["brief"] == "boete").sum() == k["other_fines_issued"]
        detected = goods["zaak"].isin(["lost", "warning", "fine"]).sum()
        assert detected == k["violations_detected"]


def test_passages_of_assen_2023_count_the_kpis(assen_2023: Scenario, assen_geo: Geography
                                                ) -> None:
    events, kpis = _run(assen_2023, assen_geo, seed=2023, reps=1)
    p = passages(events, assen_2023, assen_geo.gates, KEY)
    assert tuple(p.columns) == PASSAGE_COLUMNS
    _check_counts(p, kpis)
    h = hourly(p)
    assert h["aantal_werkelijk"].sum() == kpis[0]["zone_entries_total"] + kpis[0][
        "other_entries_total"]
    assert h["niet_toegestaan"].sum() == kpis[0]["violations_total"] + kpis[0][
        "other_violations_total"]
    assert h["boetes"].sum() == kpis[0]["fines_issued"] + kpis[0]["other_fines_issued"]
    assert h["aantal"].sum() == p["camera_vastgelegd"].sum()
    # all 13 entrances have a camera: every plated vehicle's passage has a camera id
    assert p["camera_id"].notna().all()
    assert set(p["kenteken_land"]) <= {"NL", "XX"}
    assert p["passage_at"].min() >= pd.Timestamp(assen_2023.start_date)


def test_unseen_passages_are_marked_and_counts_still_hold(
        assen_2023: Scenario, assen_geo: Geography) -> None:
    """Three cameras, frequent breakdowns, poor reads and a warning period: the counts still
    equal the KPIs, and a passage counts as recorded only where a camera could have seen it."""
    sc = variant(assen_2023, rounds=None, enforcement={
        "camera_gates": ["G01", "G02", "G03"], "read_rate": 0.7, "warnings_until": "2023-10-09",
        "warnings_from": "2023-01-01",
        "random_outages": {"mean_hours_between": 30, "mean_hours_down": 12}})
    events, kpis = _run(sc, assen_geo, seed=11, reps=2)
    p = passages(events, sc, assen_geo.gates, KEY)
    _check_counts(p, kpis)
    assert (p["brief"] == "waarschuwing").sum() > 0 and not (p["brief"] == "boete").any()
    no_camera = ~p["toegang"].isin(["G01", "G02", "G03"])
    assert no_camera.any() and not p.loc[no_camera, "camera_vastgelegd"].any()
    assert p.loc[no_camera, "camera_id"].isna().all()
    down = p["zaak"] == "camera_down"
    assert down.any() and not p.loc[down, "camera_vastgelegd"].any()
    # allowed entries during an outage are not recorded either
    outages = events[events["kind"] == "outage"]
    assert len(outages) > 0
    seen = p[~no_camera & p["toegestaan"] & (p["voertuig_soort"] != "Fiets")]
    assert 0 < (~seen["camera_vastgelegd"]).sum() < len(seen)
    assert p.loc[p["zaak"] == "not_read", "kenteken_hash"].isna().all()
    assert p.loc[p["voertuig_soort"] == "Fiets", "kenteken_hash"].isna().all()
    assert not p.loc[p["voertuig_soort"] == "Fiets", "camera_vastgelegd"].any()


def test_plates_are_keyed_hashes_not_plates(assen_2023: Scenario, assen_geo: Geography) -> None:
    events, _ = _run(assen_2023, assen_geo, seed=5, reps=1)
    a = passages(events, assen_2023, assen_geo.gates, KEY)
    b = passages(events, assen_2023, assen_geo.gates, b"other-run-key" * 3)
    hashes = a["kenteken_hash"].dropna()
    assert hashes.map(lambda h: re.fullmatch(r"[0-9a-f]{40}", h) is not None).all()
    assert not set(hashes) & set(b["kenteken_hash"].dropna())  # unlinkable across runs
    # the same goods vehicle links up within a run; every newcomer is a vehicle of its own
    goods = a[a["partij"] == "bevoorrading"]
    assert goods["kenteken_hash"].nunique() < len(goods)
    plates = events[events["kind"] == "entry"]["plate"].astype(str)
    assert not any(pseudonym(KEY, p) in set(plates) for p in plates.head(5))
    assert not a.astype(str).apply(lambda c: c.str.contains("parcel-|other-")).any().any()
    assert a["passage_id"].is_unique


def test_hourly_counts_group_by_camera_and_kind() -> None:
    p = pd.DataFrame({
        "replicatie": [0, 0, 0], "passage_at": pd.to_datetime(
            ["2023-10-02 07:10", "2023-10-02 07:50", "2023-10-02 08:05"]),
        "camera_id": ["CAM01", "CAM01", "CAM01"], "camera_naam": ["A"] * 3, "rijrichting": 1,
        "kenteken_land": "NL", "voertuig_soort": "Bedrijfsauto",
        "europese_voertuigcategorie": "N1", "taxi_indicator": False,
        "camera_vastgelegd": [True, False, True], "toegestaan": [True, False, True],
        "brief": ["", "boete", ""]})
    h = hourly(p)
    assert h["uur"].tolist() == [7, 8]
    assert h["aantal"].tolist() == [1, 1]
    assert h["aantal_werkelijk"].tolist() == [2, 1]
    assert h["boetes"].tolist() == [1, 0]
    assert np.array_equal(h["dag_van_week"], [1, 1])


@pytest.mark.parametrize("hourly_flag", [False, True])
def test_cli_writes_tables_and_refuses_a_run_without_events(
        tmp_path, hourly_flag: bool) -> None:
    from sim.cli.main import main

    run = tmp_path / "run"
    assert main(["run", "assen-2023", "--out", str(run), "--quiet", "--no-figures",
                 "--events"]) == 0
    out = tmp_path / ("h.parquet" if hourly_flag else "p.csv")
    args = ["passages", str(run), "--out", str(out)] + (["--hourly"] if hourly_flag else [])
    assert main(args) == 0
    df = pd.read_parquet(out) if hourly_flag else pd.read_csv(out)
    kpis = pd.read_csv(run / "kpis.csv").iloc[0]
    total = kpis["zone_entries_total"] + kpis["other_entries_total"]
    assert (df["aantal_werkelijk"].sum() if hourly_flag else len(df)) == total
    (run / "events.parquet").unlink()
    assert main(["passages", str(run), "--out", str(out)]) == 2
    assert main(["passages", str(run), "--out", str(tmp_path / "x.txt")]) == 2
