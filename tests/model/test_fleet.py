"""Fleet mixes from evidence: the low and high paths, the stratified draw, renewals."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sim.model.fleet import anchor_mixes, fleet_cdf, fleet_classes, fleet_mix, path_mix
from sim.scenario.load import load_scenario
from sim.scenario.models import Scenario
from tests.helpers import SCENARIOS, simulate_events, variant

D = dt.date


@pytest.fixture(scope="module")
def ze_2025() -> Scenario:
    return load_scenario(SCENARIOS / "assen-2025-ze.yaml")


def _ze(sc, mix: dict[str, float]) -> float:
    return sum(s for c, s in mix.items() if sc.vehicle_classes[c].zero_emission)


def test_low_and_high_paths_reach_the_range_at_every_anchor(ze_2025) -> None:
    for seg_name, seg in ze_2025.segments.items():
        assert seg.fleet_ze_range, f"{seg_name} states no range for its fleet path"
        for path, end in (("low", 0), ("high", 1)):
            sc = variant(ze_2025, fleet_transition={"path": path})
            for year, mix in anchor_mixes(sc, seg_name):
                assert sum(mix.values()) == pytest.approx(1.0)
                assert _ze(sc, mix) == pytest.approx(seg.fleet_ze_range[year][end])
        # between anchors the paths keep their order
        low, high = (variant(ze_2025, fleet_transition={"path": p}) for p in ("low", "high"))
        day = D(2027, 6, 1)
        assert (_ze(low, fleet_mix(low, seg_name, day)) <= _ze(ze_2025, fleet_mix(
            ze_2025, seg_name, day)) + 1e-12 <= _ze(high, fleet_mix(high, seg_name, day)) + 2e-12)


def test_path_mix_keeps_the_split_within_each_group(ze_2025) -> None:
    mix = {"van_electric": 0.1, "cargo_bike_electric": 0.1, "van_diesel_euro6": 0.6,
           "van_diesel_euro5": 0.2}
    out = path_mix(ze_2025, mix, 0.4)
    assert out["van_electric"] == out["cargo_bike_electric"] == pytest.approx(0.2)
    assert out["van_diesel_euro6"] == pytest.approx(3 * out["van_diesel_euro5"])
    assert sum(out.values()) == pytest.approx(1.0)


def test_range_that_does_not_hold_the_mix_is_refused(ze_2025) -> None:
    with pytest.raises(ValueError, match=r"fleet_ze_range\.2023: expected \[low, high\]"):
        variant(ze_2025, segments={"parcel": {"fleet_ze_range": {2023: [0.5, 0.6]}}})
    with pytest.raises(ValueError, match=r"fleet_ze_range\.2024: expected one of"):
        variant(ze_2025, segments={"parcel": {"fleet_ze_range": {2024: [0.1, 0.2]}}})
    with pytest.raises(ValueError, match="expected at least one zero-emission class"):
        variant(ze_2025, ze_zone={"renewal": {"van": ["van_diesel_euro6"]}})


@pytest.mark.parametrize("n", [1, 7, 30, 60])
def test_stratified_draw_gives_each_class_its_share(ze_2025, n: int) -> None:
    names, cdf = fleet_cdf(ze_2025, "own_account", D(2025, 10, 6))
    shares = np.diff(np.concatenate([[0.0], cdf]))
    for seed in range(20):
        got = fleet_classes(names, cdf, n, np.random.default_rng(seed))
        counts = np.array([got.count(c) for c in names])
        assert (np.abs(counts - n * shares) < 1 + 1e-9).all()


def test_greener_mix_turns_the_same_vehicles_zero_emission(ze_2025) -> None:
    high = variant(ze_2025, fleet_transition={"path": "high"})
    for seed in range(5):
        picks = []
        for sc in (ze_2025, high):
            names, cdf = fleet_cdf(sc, "service", D(2025, 10, 6))
            got = fleet_classes(names, cdf, 30, np.random.default_rng(seed))
            picks.append({i for i, c in enumerate(got) if sc.vehicle_classes[c].zero_emission})
        assert picks[0] <= picks[1]


def test_renewal_buys_the_cheapest_class_the_zone_admits(ze_2025, assen_geo) -> None:
    """2025: a barred Euro 4 van is replaced by a used Euro 6 diesel (let in until 2029);
    after the transition only an electric van is let in."""
    for start, expected in ((D(2025, 10, 6), "van_diesel_euro6"),
                            (D(2030, 10, 7), "van_electric")):
        sc = variant(ze_2025, start_date=start)
        ev = simulate_events(sc, assen_geo, seed=3)
        renew = ev[(ev["kind"] == "renew") & (ev["outcome"] == "van_diesel_euro4")]
        assert len(renew) > 0
        assert (renew["vclass"] == expected).all()
