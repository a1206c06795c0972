"""Parameters to vary: parsing NAME=LOW:HIGH, reading a parameter file, setting values on a
scenario (wildcards, factors), and refusing what the schema would refuse."""

from __future__ import annotations

import pytest

from sim.errors import InputError
from sim.evidence.params import Param, apply, check_params, params_from, parse_param
from sim.scenario.models import Scenario


def test_parse_param() -> None:
    p = parse_param("other_traffic.newcomer_trips_per_day=20:120")
    assert (p.key, p.low, p.high, p.scale) == ("other_traffic.newcomer_trips_per_day", 20, 120,
                                              False)
    assert parse_param("segments.*.max_wait_min=x0.5:1.5").scale
    for bad in ("nokey", "a.b=1", "a.b=2:1", "a.b=x:y", "1a=1:2"):
        with pytest.raises(InputError):
            parse_param(bad)


def test_apply_sets_every_match_and_scales_each_value(assen_2023: Scenario) -> None:
    share = Param("segments.*.always_compliant_share", 0.5, 1.5, scale=True)
    noise = Param("behaviour.choice_noise_eur", 5, 20)
    sc = apply(assen_2023, {share: 1.2, noise: 7.5})
    assert sc.behaviour.choice_noise_eur == 7.5
    for name, seg in assen_2023.segments.items():
        assert sc.segments[name].always_compliant_share == pytest.approx(
            1.2 * seg.always_compliant_share)
    with pytest.raises(InputError, match="always_compliant_share"):
        apply(assen_2023, {share: 3.0})  # a share above 1


def test_check_params_and_file_errors(assen_2023: Scenario) -> None:
    with pytest.raises(InputError, match="nothing found"):
        check_params(assen_2023, [Param("behaviour.no_such_key", 0, 1)], "p.yaml")
    with pytest.raises(InputError, match="a number"):
        check_params(assen_2023, [Param("behaviour.start_state", 0, 1)], "p.yaml")
    with pytest.raises(InputError, match="non_responder_share"):
        check_params(assen_2023, [Param("other_traffic.non_responder_share", 0, 2)], "p.yaml")
    with pytest.raises(InputError, match=r"parameters\.0\.source"):
        params_from([{"key": "zone.speed_kmh", "range": [4, 10]}], "p.yaml")
    with pytest.raises(InputError, match=r"parameters\.0\.range"):
        params_from([{"key": "zone.speed_kmh", "range": [10, 4], "source": "x"}], "p.yaml")


def test_shipped_default_set_is_valid_for_assen_2023(assen_2023: Scenario) -> None:
    from sim.evidence.sensitivity import load_plan

    plan = load_plan(assen_2023, None)
    assert plan.scenario.rounds is None
    assert len(plan.params) >= 10 and all(p.source for p in plan.params)
    assert "violations_total" in plan.kpis
    assert plan.runs() <= 1000  # the 30-minute budget on a 2-core machine
