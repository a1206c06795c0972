"""Own fleets sized to the rounds (sim/model/rounds/sizing.py) and fleets given per carrier."""

from __future__ import annotations

from typing import ClassVar

import pytest

from sim.model.demand import build_carriers
from sim.model.fleet import fleet_mix
from sim.model.rng import Streams
from sim.model.rounds.sizing import (
    critical_fractile,
    days_by_category,
    fleet_cost,
    newsvendor_size,
    share_of_days_covered,
    size_by_category,
    yaml_mapping,
)
from sim.scenario.models import Scenario
from tests.helpers import variant


def test_newsvendor_by_hand() -> None:
    """Six days needing 2, 3, 3, 4, 5 and 6 vehicles, a hired day at 1.5 own days.

    Mean cost a day in own vehicle-days, n + 1.5 x mean excess:
      n=2: 2 + 1.5 x (0+1+1+2+3+4)/6 = 4.75
      n=3: 3 + 1.5 x (0+0+0+1+2+3)/6 = 4.50   <- least
      n=4: 4 + 1.5 x (0+0+0+0+1+2)/6 = 4.75
    and the fractile rule agrees: 1 - 1/1.5 = 1/3; 3 vehicles cover 3 of 6 days (>= 1/3),
    2 cover only 1 of 6."""
    days = [2, 3, 3, 4, 5, 6]
    assert fleet_cost(2, days, 1.5) == pytest.approx(4.75)
    assert fleet_cost(3, days, 1.5) == pytest.approx(4.50)
    assert fleet_cost(4, days, 1.5) == pytest.approx(4.75)
    assert newsvendor_size(days, 1.5) == 3
    assert critical_fractile(1.5) == pytest.approx(1 / 3)
    assert share_of_days_covered(3, days) == pytest.approx(0.5)


def test_dearer_hiring_means_a_larger_own_fleet() -> None:
    days = [2, 3, 3, 4, 5, 6]
    sizes = [newsvendor_size(days, f) for f in (1.0, 1.5, 2.0, 3.0, 10.0)]
    assert sizes == sorted(sizes)
    assert sizes[0] == 1  # hiring at no premium: own as little as allowed
    assert sizes[-1] == 6  # hiring at ten times: own for the busiest day


def test_a_tie_goes_to_the_smaller_fleet_and_no_days_to_the_minimum() -> None:
    # factor 2: n=1 costs 1 + 2 x 0.5 = 2, n=2 costs 2: own the smaller fleet
    assert newsvendor_size([1, 2], 2.0) == 1
    assert newsvendor_size([], 1.5, minimum=2) == 2
    assert newsvendor_size([0, 0, 0], 1.5) == 1


def _sizes(sc: Scenario, seg: str, seed: int = 5) -> list[list[str]]:
    return [[v.plate for v in c.vehicles]
            for c in build_carriers(sc, _Geo(), Streams(seed))[seg]]


class _Geo:
    """Just enough geography for build_carriers (no depots: carriers keep depot None)."""

    depots: ClassVar[list] = []


def test_fleets_given_per_carrier(assen_2023: Scenario) -> None:
    sc = variant(assen_2023, segments={"parcel": {"vehicles_per_carrier": [1, 2, 3, 4, 5]}})
    assert sc.segments["parcel"].fleet_sizes == [1, 2, 3, 4, 5]
    assert [len(v) for v in _sizes(sc, "parcel")] == [1, 2, 3, 4, 5]
    one = variant(assen_2023, segments={"parcel": {"vehicles_per_carrier": 2}})
    assert one.segments["parcel"].fleet_sizes == [2] * 5


def test_one_segments_fleet_size_leaves_the_others_draws_alone(assen_2023: Scenario) -> None:
    """Each segment draws its fleet from its own part of the 'fleet' stream."""
    small = variant(assen_2023, segments={"chain_dc": {"vehicles_per_carrier": 1}})
    large = variant(assen_2023, segments={"chain_dc": {"vehicles_per_carrier": 9}})
    a = build_carriers(small, _Geo(), Streams(7))
    b = build_carriers(large, _Geo(), Streams(7))
    for seg in ("parcel", "wholesaler", "own_account", "courier"):
        assert [[(v.plate, v.vclass, v.facts.permits) for v in c.vehicles] for c in a[seg]] == \
            [[(v.plate, v.vclass, v.facts.permits) for v in c.vehicles] for c in b[seg]]
    assert sum(len(c.vehicles) for c in b["chain_dc"]) == 9 * 6


def test_stream_parts_are_independent_of_the_stream_and_of_each_other() -> None:
    s = Streams(3, 1)
    x = s.part("fleet", "parcel").random(3)
    assert (Streams(3, 1).part("fleet", "parcel").random(3) == x).all()
    assert not (s.part("fleet", "chain_dc").random(3) == x).any()
    assert not (s["fleet"].random(3) == x).any()
    with pytest.raises(KeyError):
        s.part("nonsense", "parcel")


def test_days_by_category_keeps_categories_apart() -> None:
    """Four working days (0, 1, 2, 4); day 3 is not one, category car is not asked for."""
    routes = [(0, "rigid_truck"), (0, "rigid_truck"), (0, "tractor_trailer"),
              (1, "tractor_trailer"), (2, "rigid_truck"), (3, "rigid_truck"), (4, "car")]
    got = days_by_category(routes, [0, 1, 2, 4], ["rigid_truck", "tractor_trailer"])
    assert got == {"rigid_truck": [2, 0, 1, 0], "tractor_trailer": [1, 1, 0, 0]}


def test_each_category_is_sized_on_its_own_days() -> None:
    """Rigid trucks needed on four days 3, 3, 3, 0; tractors 0, 0, 1, 4. At factor 1.5, in
    own vehicle-days a day (n + 1.5 x mean excess):
      rigid trucks  n=2: 2 + 1.5 x 3/4 = 3.125   n=3: 3        <- least
      tractors      n=0: 1.5 x 5/4 = 1.875 <- least   n=1: 1 + 1.5 x 3/4 = 2.125
    Swapping the categories' days swaps the sizes, so a mix-up of which route counts as
    which category shows."""
    need = {"rigid_truck": [3, 3, 3, 0], "tractor_trailer": [0, 0, 1, 4]}
    assert size_by_category(need, 1.5) == {"rigid_truck": 3, "tractor_trailer": 0}
    swapped = {"rigid_truck": need["tractor_trailer"], "tractor_trailer": need["rigid_truck"]}
    assert size_by_category(swapped, 1.5) == {"rigid_truck": 0, "tractor_trailer": 3}


def test_a_carrier_sized_to_nothing_still_owns_its_busiest_category() -> None:
    need = {"van": [0, 0, 1], "rigid_truck": [0, 2, 0]}
    assert size_by_category(need, 1.5) == {"van": 0, "rigid_truck": 1}


def test_yaml_mapping_drops_categories_no_carrier_owns() -> None:
    per = [{"van": 0, "rigid_truck": 2}, {"van": 1, "rigid_truck": 3},
           {"van": 1, "rigid_truck": 0}]
    assert yaml_mapping(per) == {"van": [0, 1, 1], "rigid_truck": [2, 3, 0]}
    assert yaml_mapping([{"van": 0, "lev": 2}]) == {"lev": [2]}


CHAIN_BY_CATEGORY = {"tractor_trailer": [2, 1, 2, 1, 2, 1], "rigid_truck": [3, 3, 2, 3, 3, 3]}


def _by_category(sc: Scenario, seg: str, seed: int = 5) -> list[dict[str, list[str]]]:
    """Per carrier: its vehicles' classes grouped by category."""
    out = []
    for c in build_carriers(sc, _Geo(), Streams(seed))[seg]:
        got: dict[str, list[str]] = {}
        for v in c.vehicles:
            got.setdefault(v.category, []).append(v.vclass)
        out.append(got)
    return out


def test_fleets_given_by_category(assen_2023: Scenario) -> None:
    sc = variant(assen_2023, segments={"chain_dc": {"vehicles_per_carrier": CHAIN_BY_CATEGORY}})
    seg = sc.segments["chain_dc"]
    assert seg.fleet_sizes == [5, 4, 4, 4, 5, 4]
    got = _by_category(sc, "chain_dc")
    for i, fleet in enumerate(got):
        assert {c: len(v) for c, v in fleet.items()} == {
            c: n[i] for c, n in CHAIN_BY_CATEGORY.items()}
        # the mix's only tractor class; rigid trucks from the mix's truck classes
        assert set(fleet["tractor_trailer"]) == {"tractor_diesel_euro6"}
        assert all(assen_2023.vehicle_classes[v].category == "rigid_truck"
                   for v in fleet["rigid_truck"])


def test_one_categorys_count_leaves_the_other_categorys_classes(assen_2023: Scenario) -> None:
    """Each category draws its classes from its own part of the segment's fleet stream."""
    a = variant(assen_2023, segments={"chain_dc": {"vehicles_per_carrier": CHAIN_BY_CATEGORY}})
    more = dict(CHAIN_BY_CATEGORY, tractor_trailer=[5] * 6)
    b = variant(assen_2023, segments={"chain_dc": {"vehicles_per_carrier": more}})
    rigid = [f["rigid_truck"] for f in _by_category(a, "chain_dc")]
    assert rigid == [f["rigid_truck"] for f in _by_category(b, "chain_dc")]
    # the stratified draw within a category: each class gets its share to within a vehicle
    mix = {c: s for c, s in fleet_mix(a, "chain_dc", a.start_date).items()
           if a.vehicle_classes[c].category == "rigid_truck"}
    n = sum(len(r) for r in rigid)
    for vclass, share in mix.items():
        drawn = sum(r.count(vclass) for r in rigid)
        assert abs(drawn - n * share / sum(mix.values())) < 1 + 1e-9, vclass
