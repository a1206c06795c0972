"""JSON Schemas (draft 2020-12) of scenario and sweep files, for editors (`venster schema`).

The scenario schema is generated from the pydantic models, so it cannot drift from what venster
accepts; a test checks that the shipped copy (`scenarios/scenario.schema.json`) is the one the
models give now. Editors read it through the `# yaml-language-server: $schema=...` line at the
top of each file and then complete keys, show each field's description and unit, and mark a
misspelt key.

A file that `extends:` another leaves out what it inherits, so the schema asks for no key
except inside list items: a list replaces the inherited one whole, so each of its items (a
window rule, an outage, a transition rule) must be complete. Unknown keys stay errors
(`additionalProperties: false`), as they are for venster itself.
"""

from __future__ import annotations

import json
from typing import Any

from sim.scenario.vocab import MAX_SEED

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _item_models(node: Any, found: set[str], in_items: bool = False) -> None:
    """Names of the models that appear as list items somewhere (they keep `required`)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if in_items and isinstance(ref, str):
            found.add(ref.rsplit("/", 1)[-1])
        for key, value in node.items():
            if key == "items":
                _item_models(value, found, True)
            elif key in ("anyOf", "oneOf", "allOf"):
                _item_models(value, found, in_items)
            else:
                _item_models(value, found, False)
    elif isinstance(node, list):
        for value in node:
            _item_models(value, found, in_items)


def _with_unit_in_text(node: Any) -> None:
    """Append each unit to its description: editors show the description on hover, and
    ignore a keyword they do not know such as `unit`."""
    if isinstance(node, dict):
        unit, text = node.get("unit"), node.get("description")
        if isinstance(unit, str) and isinstance(text, str) and f"[{unit}]" not in text:
            node["description"] = f"{text} [{unit}]"
        for value in node.values():
            _with_unit_in_text(value)
    elif isinstance(node, list):
        for value in node:
            _with_unit_in_text(value)


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, whole or partial (one that `extends:` another)."""
    from sim.scenario.models import Scenario

    schema = Scenario.model_json_schema(mode="validation")
    defs: dict[str, Any] = schema.get("$defs", {})
    keep: set[str] = set()
    _item_models(schema, keep)
    for name, model in [("Scenario", schema), *defs.items()]:
        if name not in keep:
            model.pop("required", None)
    schema["properties"] = {
        "extends": {
            "type": "string",
            "description": "A scenario file this one starts from, relative to this file; "
                           "mappings merge key by key, lists and values replace",
        },
        **schema["properties"],
    }
    _with_unit_in_text(schema)
    head = {
        "$schema": DRAFT,
        "$id": "https://venster.invalid/scenario.schema.json",
        "title": "venster scenario",
        "description": "A scenario of goods deliveries into Assen's car-free centre (venster). "
                       "Generated from sim/scenario/models.py by `venster schema`; do not edit.",
    }
    schema.pop("title", None)
    schema.pop("description", None)
    return {**head, **schema}


def sweep_schema() -> dict[str, Any]:
    """The JSON Schema of a sweep file (sim.batch.sweep): the keys are dotted scenario paths,
    so only the sweep's own keys are checked here; `venster batch` checks the rest."""
    dotted = {"type": "object", "propertyNames": {"pattern": r"^[A-Za-z0-9_.-]+$"}}
    return {
        "$schema": DRAFT,
        "$id": "https://venster.invalid/sweep.schema.json",
        "title": "venster sweep",
        "description": "Variants of one scenario run with common random numbers "
                       "(`venster batch`). Written by `venster schema`; do not edit.",
        "type": "object",
        "additionalProperties": False,
        "required": ["base"],
        "properties": {
            "name": {"type": "string", "description": "Name of the sweep; the default batch "
                     "folder is results/<name>/ (default: the file name)"},
            "description": {"type": "string", "description": "What the sweep compares, in "
                            "plain words"},
            "base": {"type": "string", "description": "The scenario every variant changes, "
                     "relative to this file"},
            "seed": {"type": "integer", "minimum": 0, "maximum": MAX_SEED,
                     "description": "Master seed: replication k of every variant uses (seed, k)"},
            "replications": {"type": "integer", "minimum": 1, "description": "Replications "
                             "per variant [count]", "unit": "count"},
            "set": {**dotted, "description": "Overrides for every variant: dotted scenario "
                    "keys to values"},
            "variants": {
                "type": "array",
                "description": "Named variants, each with its own overrides",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "description": "Name of the variant (its "
                                 "folder in the batch)"},
                        "set": {**dotted, "description": "This variant's overrides: dotted "
                                "scenario keys to values"},
                    },
                },
            },
            "grid": {**dotted, "description": "Every combination of these values: a dotted "
                     "key to a list of values, or to a mapping of short labels to values",
                     "additionalProperties": {"type": ["array", "object"]}},
        },
    }


def schema_text(schema: dict[str, Any]) -> str:
    """The schema as the shipped file holds it: stable key order, a newline at the end."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
