"""Carriers' region (issue 22): towns and depots at their public locations, vehicles that load
more than once a day, and the input checks of both. Small instances only: the week-long
checks of the plans are in test_rounds.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import ValidationError

from sim.geo.model import Geography
from sim.model.rounds import plan as rplan
from sim.model.rounds.feasibility import violations
from sim.model.rounds.region import build_region, rd_xy
from sim.scenario.models import Scenario
from sim.scenario.rounds_models import Town
from tests.helpers import variant


def test_towns_and_depots_sit_where_the_map_has_them(assen_2023: Scenario,
                                                     assen_geo: Geography) -> None:
    region = build_region(assen_2023, assen_geo)
    cx, cy = region.centre

    def km(xy: tuple[float, float]) -> float:
        return math.hypot(xy[0] - cx, xy[1] - cy) / 1000.0

    # straight lines from Assen's centre, as a map gives them (+-2 km)
    assert 24 <= km(region.towns["groningen"]) <= 27
    assert 30 <= km(region.towns["hoogeveen"]) <= 33
    assert 14 <= km(region.depots["jumbo_beilen"]) <= 17  # "about 15 km" (DATA §5)
    assert 56 <= km(region.depots["ah_zwolle"]) <= 62
    # Groningen lies north, Emmen south-east
    g, e = region.towns["groningen"], region.towns["emmen"]
    assert g[1] > cy and abs(g[0] - cx) < 3000
    assert e[0] > cx and e[1] < cy
    assert rd_xy(52.99333, 6.56333) == rd_xy(52.99333, 6.56333)  # rounded, stable


def test_a_town_needs_a_place() -> None:
    with pytest.raises(ValidationError, match="lat and lon"):
        Town(lat=53.2, window=[])
    with pytest.raises(ValidationError, match="km_from_assen"):
        Town(window=[])
    Town(km_from_assen=10, bearing_deg=90)
    Town(lat=53.2, lon=6.6)


def test_an_unknown_depot_is_refused(assen_2023: Scenario) -> None:
    with pytest.raises(ValidationError, match=r"rounds\.segments\.parcel\.depots: unknown depot"):
        variant(assen_2023, rounds={"segments": {"parcel": {"depots": ["nowhere"]}}})


def _instance(reloads: int, vehicles: int = 4) -> rplan.Instance:
    """Four stores of 10 units, 1 km from the depot and from each other, vehicles of 20."""
    n = 5
    dist = np.full((n, n), 1000, dtype=np.int64)
    np.fill_diagonal(dist, 0)
    whole_day = (rplan.Alternative(0, 86_000, 0, rplan.OK),)
    stops = tuple(rplan.Stop(f"s{i}", i, 600, 10, whole_day, False, ((0, 86_400),),
                             ((0, 86_400),)) for i in range(1, n))
    kinds = (rplan.VehicleKind("truck", "rigid_truck", vehicles, 20, rplan.to_millicents(200),
                               rplan.to_millicents(0.001), rplan.to_millicents(0.01)),)
    return rplan.Instance(dist, np.zeros_like(dist), dist // 10, stops, kinds, (0, 86_400),
                          10 * 3600, reloads, 1800)


def test_a_vehicle_that_may_reload_serves_two_loads_in_one_day() -> None:
    one_load = rplan.solve(_instance(0), 100, 1)
    two_loads = rplan.solve(_instance(1, vehicles=1), 100, 1)
    assert len(one_load.routes) == 2 and all(r.trips == 1 for r in one_load.routes)
    assert len(two_loads.routes) == 1 and two_loads.routes[0].trips == 2
    assert two_loads.feasible
    for inst, p in ((_instance(0), one_load), (_instance(1, vehicles=1), two_loads)):
        assert violations(inst, p) == []
    # the drive back to load again is counted: 3 legs a trip, two trips
    assert two_loads.routes[0].distance_m == 6 * 1000
    # and a plan stored on disk reads back the same, trips included
    assert rplan.plan_from_dict(rplan.plan_to_dict(two_loads)) == two_loads


def test_the_check_catches_an_overloaded_trip() -> None:
    inst = _instance(1, vehicles=1)
    good = rplan.solve(inst, 100, 1)
    route = good.routes[0]
    one_trip = tuple(rplan.Visit(v.stop, v.alternative, v.start_s, v.breaks, 0)
                     for v in route.visits)
    bad = rplan.Plan((rplan.PlannedRoute(route.vehicle, one_trip, route.depart_s,
                                         route.return_s, route.distance_m, route.zone_m),),
                     good.cost, True)
    assert any("load 40 > capacity 20" in e for e in violations(inst, bad))
