"""The one window shading of the run figures and the report's charts, and their palette."""

from __future__ import annotations

from matplotlib.figure import Figure

from sim.deliver.chart_parts import shade_paid_hours, shade_windows, window_spans, without
from sim.deliver.palette import OKABE_ITO
from sim.scenario.load import load_scenario
from tests.helpers import SCENARIOS, variant


def _spans(ax) -> list[tuple[float, float, str | None, float | None]]:
    return [(p.get_x(), p.get_x() + p.get_width(), p.get_hatch(), p.get_alpha())
            for p in ax.patches]


def test_ze_only_hours_are_the_ze_spans_less_the_window() -> None:
    assert without(((360.0, 840.0),), ((420.0, 720.0),)) == ((360.0, 420.0), (720.0, 840.0))
    assert without(((420.0, 720.0),), ((420.0, 720.0),)) == ()
    assert without(((1050.0, 1320.0),), ((420.0, 720.0),)) == ((1050.0, 1320.0),)


def test_overlapping_ze_spans_are_hatched_only_where_no_other_van_may_enter(assen_2023) -> None:
    # the ZE exemption overlaps the window at both ends: 06:00-08:00 and 11:00-14:00 against
    # the window 07:00-12:00. The run figures used to hatch all of 06:00-14:00 (they skipped
    # only spans equal to a window span); the hatch means "only ZE vans with the exemption"
    rules = [r.model_dump() for r in assen_2023.policy.rules]
    assert rules[1]["name"] == "ze-ontheffing"
    rules[1]["hours"] = ["06:00-08:00", "11:00-14:00"]
    sc = variant(assen_2023, policy={"rules": rules})
    assert window_spans(sc) == (((420.0, 720.0),), ((360.0, 420.0), (720.0, 840.0)))
    fig = Figure()
    ax = fig.subplots()
    shade_windows(ax, sc, "nl")
    assert _spans(ax) == [(7.0, 12.0, None, 0.18), (6.0, 7.0, "//", 0.45),
                          (12.0, 14.0, "//", 0.45)]
    labels = [p.get_label() for p in ax.patches]
    assert labels[0] == "venster gewone bestelauto (ma–do)"
    assert labels[1] == "alleen emissievrij met ontheffing" and labels[2] is None
    assert ax.patches[0].get_facecolor()[:3] == tuple(
        int(OKABE_ITO["green"][i:i + 2], 16) / 255 for i in (1, 3, 5))


def test_no_scenario_no_shading_and_paid_hours_once_labelled() -> None:
    fig = Figure()
    ax = fig.subplots()
    shade_windows(ax, None, "nl")
    shade_paid_hours(ax, None, "nl")
    assert len(ax.patches) == 0
    paid = load_scenario(SCENARIOS / "assen-2019-free-evenings.yaml")
    hours = paid.parking.street_paid_hours | {"weekday": ["09:00-12:00", "13:00-18:00"]}
    paid = paid.model_copy(update={"parking": paid.parking.model_copy(
        update={"street_paid_hours": hours})})
    shade_paid_hours(ax, paid, "en")
    assert _spans(ax) == [(9.0, 12.0, None, 0.15), (13.0, 18.0, None, 0.15)]
    assert [p.get_label() for p in ax.patches] == ["paid parking Mon–Thu", None]
