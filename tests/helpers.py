"""Helpers the tests share: where the repository's files are, and quick ways to vary a scenario
and simulate it. Fixtures stay in conftest.py; plain functions and constants live here so a
test imports them by name (`from tests.helpers import variant`)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from sim.geo.model import Geography
from sim.model.world import World
from sim.scenario.load import deep_merge
from sim.scenario.models import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"

# the browser the report and page tests open (Debian's Chromium unless VENSTER_CHROMIUM says),
# started so that it makes no request of its own on this closed network
CHROMIUM = Path(os.environ.get("VENSTER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def watched_page(width: int, height: int, own: tuple[str, ...]
                 ) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A Chromium page in a fresh profile, with the console errors it logs and the requests it
    makes to anything not starting with one of `own` (the page's own origin, data: ...)."""
    from playwright.sync_api import sync_playwright

    messages: list[str] = []
    outside: list[str] = []
    with tempfile.TemporaryDirectory(prefix="venster-chromium-") as profile, \
            sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": width, "height": height})
        try:
            page = browser.new_page()
            page.on("console", lambda m: messages.append(f"{m.type}: {m.text}")
                    if m.type == "error" else None)
            page.on("pageerror", lambda e: messages.append(f"page error: {e}"))
            page.on("request", lambda r: outside.append(r.url)
                    if not r.url.startswith(own) else None)
            yield page, messages, outside
        finally:
            browser.close()


def variant(scenario: Scenario, **changes: Any) -> Scenario:
    """The scenario with nested changes merged in, validated again like a YAML override."""
    return Scenario.model_validate(deep_merge(scenario.model_dump(), changes))


def simulate_events(
    scenario: Scenario, geo: Geography, seed: int = 1, rep: int = 0
) -> pd.DataFrame:
    return World(scenario, geo, seed, rep).run().to_frame()
