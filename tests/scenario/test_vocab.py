"""The scenario's shared words (sim.scenario.vocab): one list per closed set, one strict base
model for every section, seeds a run folder can hold."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from sim.scenario import models, rounds_models, vocab
from sim.scenario.load import load_scenario
from sim.scenario.vocab import (
    CATEGORIES,
    DAY_TYPES,
    MAX_SEED,
    SHOP_TYPES,
    ZE_ENERGIES,
    Category,
    DayType,
    Energy,
    ShopType,
    Strict,
    ZeEnergy,
    parse_span,
)
from tests.helpers import ROOT

SCENARIO_2023 = ROOT / "scenarios" / "assen-2023.yaml"


@pytest.mark.parametrize(("values", "literal"), [
    (DAY_TYPES, DayType), (CATEGORIES, Category), (SHOP_TYPES, ShopType),
    (ZE_ENERGIES, ZeEnergy),
], ids=["day types", "categories", "shop types", "zero-emission energies"])
def test_each_tuple_is_its_literal(values: tuple[str, ...], literal: Any) -> None:
    assert values == typing.get_args(literal)
    assert len(set(values)) == len(values)


def test_zero_emission_energies_are_energies() -> None:
    assert set(ZE_ENERGIES) < set(typing.get_args(Energy))


def test_the_scenario_checks_against_the_shared_lists() -> None:
    """A field typed with a Literal refuses what the tuple lacks, and takes what it holds."""
    rule = {"name": "r", "hours": ["07:00-12:00"]}
    for day in DAY_TYPES:
        assert models.WindowRule(**rule, days=[day]).days == [day]
    with pytest.raises(ValidationError, match="weekday"):
        models.WindowRule(**rule, days=["monday"])


def test_weekday_is_monday_to_thursday_in_the_order_of_a_week() -> None:
    assert DAY_TYPES[:4] == ("weekday", "friday", "saturday", "sunday")


def test_spans_parse_to_minutes_and_refuse_what_is_not_one() -> None:
    assert parse_span("07:00-12:00") == (420.0, 720.0)
    assert parse_span(" 17:30-24:00 ") == (1050.0, 1440.0)
    for bad in ("7:00-12:00", "12:00-07:00", "07:00-25:00", "07:60-08:00", "10:00-10:00"):
        with pytest.raises(ValueError, match="expected"):
            parse_span(bad)


# --------------------------------------------------------------------------- one base model
def _models_of(module: Any) -> list[type[BaseModel]]:
    return [m for m in vars(module).values()
            if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ ==
            module.__name__]


SCENARIO_MODELS = _models_of(models) + _models_of(rounds_models)


def test_every_scenario_model_is_strict() -> None:
    assert {m.__name__ for m in _models_of(rounds_models)} >= {
        "Rounds", "Town", "SegmentRounds", "RegionalWork"}
    loose = [m.__name__ for m in SCENARIO_MODELS if not issubclass(m, Strict)]
    assert not loose


def _number_leaf(annotation: Any) -> Any:
    """What a number field holds a number in: the field itself (None), a list or a mapping;
    no number: False."""
    leaves = vocab._leaf_types(annotation)
    if bool not in leaves and any(t in (int, float) for t in leaves):
        return None
    for t in leaves:
        origin, args = typing.get_origin(t), typing.get_args(t)
        if origin is list and args and _number_leaf(args[0]) is None:
            return list
        if origin is dict and len(args) == 2 and _number_leaf(args[1]) is None:
            return dict
    return False


NUMBER_FIELDS = [(m, name, _number_leaf(f.annotation)) for m in SCENARIO_MODELS
                 for name, f in m.model_fields.items() if _number_leaf(f.annotation) is not False]


def test_the_number_fields_include_those_of_carriers_rounds() -> None:
    found = {(m.__name__, name) for m, name, _ in NUMBER_FIELDS}
    assert {("Rounds", "solver_iterations"), ("SegmentRounds", "capacity"),
            ("RegionalWork", "load"), ("Scenario", "weeks"), ("Segment", "day_weights")} <= found


@pytest.mark.parametrize(("model", "name", "shape"), NUMBER_FIELDS,
                         ids=[f"{m.__name__}.{n}" for m, n, _ in NUMBER_FIELDS])
def test_true_is_no_number_in_any_model(model: type[BaseModel], name: str, shape: Any) -> None:
    value: Any = {None: True, list: [True], dict: {"van": True}}[shape]
    with pytest.raises(ValidationError) as caught:
        model.model_validate({name: value})
    ours = [e for e in caught.value.errors()
            if e["loc"][:1] == (name,) and "not true/false" in e["msg"]]
    assert ours, caught.value.errors()


def test_rounds_solver_iterations_true_is_refused_and_a_number_is_taken() -> None:
    with pytest.raises(ValidationError, match="not true/false"):
        rounds_models.Rounds(solver_iterations=True)
    assert rounds_models.Rounds(solver_iterations=1).solver_iterations == 1


# --------------------------------------------------------------------------- seeds
def test_the_largest_seed_a_run_folder_holds_is_taken_and_one_more_is_refused() -> None:
    data = load_scenario(SCENARIO_2023).model_dump()
    assert models.Scenario.model_validate({**data, "seed": MAX_SEED}).seed == MAX_SEED
    for seed in (MAX_SEED + 1, 99999999999999999999999, -1):
        with pytest.raises(ValidationError, match=r"from 0 to 9223372036854775807"):
            models.Scenario.model_validate({**data, "seed": seed})


def test_the_largest_seed_fits_the_columns_a_run_folder_writes() -> None:
    """Why the bound is 2^63 - 1: the tables are written as signed 64-bit integers."""
    import numpy as np
    import pyarrow as pa

    assert pa.array([MAX_SEED]).type == pa.int64()
    assert np.int64(MAX_SEED) == MAX_SEED
    with pytest.raises(OverflowError):
        pa.array([MAX_SEED + 1])


def test_random_streams_refuse_a_seed_the_run_could_not_write() -> None:
    from sim.model.rng import Streams

    assert 0 <= Streams(MAX_SEED)["demand"].random() < 1
    with pytest.raises(ValueError, match="seed"):
        Streams(MAX_SEED + 1)
