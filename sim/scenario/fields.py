"""Scenario fields that carry their own documentation.

Each field of the scenario models states what it means and, for a quantity, its unit. Both go
into the JSON Schema (`venster schema`) that editors show while a planner types, so the
explanation lives next to the default it explains and cannot drift from it.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field


def doc(description: str, unit: str | None = None, **kwargs: Any) -> Any:
    """`pydantic.Field(**kwargs)` with a description and, for a quantity, a unit."""
    if unit is not None:
        kwargs["json_schema_extra"] = {"unit": unit}
    return Field(description=description, **kwargs)
