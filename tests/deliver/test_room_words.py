"""The search's and the what-if page's own words beside the report's one dictionary.

Each room keeps the sentences only it says (sim/search/words.py, sim/app/words.py) and looks
every shared word up in sim/deliver/i18n.py, so a day type or a column head reads the same
everywhere. These tests hold that: both languages for every word, no shared word written a
second time, and every key a room asks for exists.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sim.app import words as app_words
from sim.deliver.i18n import LANGS, TEXTS, day_short
from sim.search import words as search_words
from tests.helpers import ROOT

ROOMS = {"search": search_words.WORDS, "app": app_words.WORDS}


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_every_word_has_both_languages_and_is_not_the_dictionarys_again(room: str) -> None:
    words = ROOMS[room]
    shared = {entry["nl"] for entry in TEXTS.values()}
    for key, entry in words.items():
        assert set(entry) == set(LANGS), (room, key)
        assert key not in TEXTS, f"{room}: {key} is the dictionary's key; use it from there"
        assert entry["nl"] not in shared, f"{room}: {key} repeats a text of the dictionary"


def _asked_keys(folder: Path) -> set[str]:
    """The literal keys the room's modules pass to w(lang, KEY) or w(lang, f"prefix.{x}")."""
    keys: set[str] = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "w" and len(node.args) >= 2):
                arg = node.args[1]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    keys.add(arg.value)
                elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                    keys.add(str(arg.values[0].value) + "*")
    return keys


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_every_key_a_room_asks_for_exists(room: str) -> None:
    known = set(ROOMS[room]) | set(TEXTS)
    asked = _asked_keys(ROOT / "sim" / room)
    assert asked, room
    for key in asked:
        if key.endswith("*"):
            assert any(k.startswith(key[:-1]) for k in known), (room, key)
        else:
            assert key in known, (room, key)


def test_day_types_read_as_planners_write_them() -> None:
    assert [day_short("nl", d) for d in ("weekday", "friday", "saturday", "holiday")] == [
        "ma–do", "vr", "za", "feestdag"]
    assert day_short("en", "weekday") == "Mon–Thu"
