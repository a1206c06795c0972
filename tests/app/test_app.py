"""`venster app`: the page's logic without a browser, then the page in headless Chromium.

The browser test starts `venster app` on a free port, changes the weekday window's end,
simulates two paired replications and reads the result: no console error, nothing requested
from outside 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.app.logic import Base, Choices, compare, safe_file_name, save_variant
from sim.app.page import choices_from, result_table
from sim.errors import InputError
from sim.scenario.load import load_scenario
from tests.helpers import CHROMIUM, ROOT, SCENARIOS, watched_page

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def base() -> Base:
    return Base.load(SCENARIOS / "assen-2023.yaml")


def values(base: Base, **changes: object) -> dict[str, object]:
    d = base.defaults()
    v: dict[str, object] = {"evening_ze": d.evening_ze, "cameras": list(d.cameras),
                            "fine": d.fine_eur, "parking": d.parking, "reps": 2}
    for day, (s, e) in d.windows.items():
        v[f"start_{day}"], v[f"end_{day}"] = s, e
    v.update(changes)
    return v


def test_the_defaults_give_back_the_scenario(base: Base) -> None:
    d = base.defaults()
    assert d.windows == {"weekday": ("07:00", "12:00"), "friday": ("07:00", "12:00"),
                         "saturday": ("07:00", "12:00")}
    assert d.evening_ze and d.fine_eur == 104 and len(d.cameras) == 13 and d.parking == "off"
    v = base.variant(d)
    assert v.policy == base.scenario.policy
    assert v.enforcement == base.scenario.enforcement
    assert not base.needs_planning(d)


def test_choices_change_what_they_say(base: Base) -> None:
    c = choices_from(values(base, end_weekday="13:00", evening_ze=False, fine=150,
                            cameras=["G01", "G02"], parking="free"), base)
    v = base.variant(c)
    rules = {r.name: r for r in v.policy.rules}
    assert rules["venstertijden"].hours == ["07:00-13:00"]
    assert rules["venstertijden"].days == ["weekday"]
    assert rules["venstertijden-friday-saturday"].hours == ["07:00-12:00"]
    assert rules["ze-ontheffing"].enabled is False
    assert v.enforcement.camera_gates == ["G01", "G02"]
    assert set(v.enforcement.fines_eur.values()) == {150.0}
    assert v.parking is not None and v.parking.enabled
    assert v.parking.street_paid_hours["sunday"] == []
    assert v.parking.street_paid_hours["weekday"] == ["09:00-18:00"]
    assert base.reference(c).parking.enabled  # the base simulates parking too
    assert base.needs_planning(c)
    cams_only = choices_from(values(base, cameras=["G01"]), base)
    assert not base.needs_planning(cams_only)


@pytest.mark.parametrize(("change", "field"), [
    ({"start_weekday": "13:00", "end_weekday": "12:00"}, "window.weekday"),
    ({"end_saturday": "7 uur"}, "window.saturday.end"),
    ({"fine": -5}, "fine"),
    ({"fine": None}, "fine"),
    ({"fine": 20_000}, "fine"),
    ({"cameras": ["G01", "G99"]}, "cameras"),
    ({"reps": 0}, "replications"),
    ({"reps": 2.5}, "replications"),
    ({"parking": "sometimes"}, "parking"),
])
def test_out_of_range_inputs_are_refused_naming_the_field(base: Base, change: dict[str, object],
                                                         field: str) -> None:
    with pytest.raises(InputError) as err:
        choices_from(values(base, **change), base)
    assert err.value.source == "page" and err.value.field == field, err.value.message


def test_a_saved_variant_stays_in_the_folder_and_loads(base: Base, tmp_path: Path) -> None:
    c = choices_from(values(base, end_weekday="12:30", cameras=["G01", "G02", "G03"]), base)
    path = save_variant(base, c, "../../etc/passwd; rm -rf ~", tmp_path)
    assert path.parent == tmp_path.resolve() and path.name == "etc-passwd-rm-rf.yaml"
    loaded = load_scenario(path)
    assert loaded.policy == base.variant(c).policy
    assert loaded.enforcement.camera_gates == ["G01", "G02", "G03"]
    for bad in ("", "...", "/"):
        with pytest.raises(InputError):
            safe_file_name(bad)
    assert safe_file_name(".hidden") == "hidden"


def test_a_comparison_pairs_replications_and_fills_the_boxes(base: Base) -> None:
    """Cameras only (no re-planning): two pairs, the boxes' KPIs with intervals."""
    c = Choices(**{**base.defaults().model_dump(), "cameras": ("G01", "G02", "G03"),
                   "replications": 2})
    seen: list[int] = []
    result = compare(base, c, on_pair=lambda comp, k: seen.append(comp.pairs))
    assert seen == [1, 2]
    rows = {r["kpi"]: r for r in result.rows()}
    assert rows["violations_total"]["variant"] > rows["violations_total"]["base"]
    assert rows["street_parking_revenue_eur_per_year"]["verdict"] == "not simulated"
    assert all(r["pairs"] == 2 for r in rows.values())
    b, v = result.arrivals()
    assert b.shape == (24,) and v.shape == (24,) and b.sum() > 0
    html = result_table(result, "nl")
    assert "Voor vervoerders" in html and "marge" in html


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_page_in_chromium(tmp_path: Path) -> None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = f"Chromium not found at {CHROMIUM}: the page must be checked in a browser"
        if os.environ.get("VENSTER_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "sim", "app", "--port", str(port), "--no-browser", "--out",
         str(tmp_path / "app")], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            time.sleep(0.3)
        with watched_page(1400, 1000, (url, "data:", "blob:")) as (page, messages, outside):
            page.goto(url, wait_until="networkidle")
            assert "venster" in page.title() or page.locator("text=wat als").count()
            page.select_option("#end_weekday", "12:30")
            page.fill("#reps", "2")
            page.click("#simulate")
            page.wait_for_selector("#done", timeout=240_000)
            text = page.inner_text("#results")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / ".gitignore").write_text("*\n")
            page.screenshot(path=str(ARTIFACTS / "app-nl.png"), full_page=False)
            page.fill("#fine", "-5")
            page.click("#simulate")
            page.wait_for_selector("#page-error", timeout=30_000)
            refusal = page.inner_text("#page-error")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert "Extra kosten vervoerders" in text and "marge" in text
    assert "fine" in refusal
    assert messages == [], messages
    assert outside == [], outside


def test_a_regime_with_a_rule_per_day_type_changes_only_that_day() -> None:
    b2018 = Base.load(SCENARIOS / "assen-2018.yaml")
    d = b2018.defaults()
    assert d.windows == {"weekday": ("07:00", "13:00"), "friday": ("07:00", "13:00"),
                         "saturday": ("07:00", "11:00")}
    assert not d.evening_ze and d.cameras == ("G01", "G02", "G03")
    assert b2018.variant(d).policy == b2018.scenario.policy
    c = choices_from(values(b2018, end_saturday="12:00"), b2018)
    rules = {r.name: r for r in b2018.variant(c).policy.rules}
    assert rules["venstertijden-za"].hours == ["07:00-12:00"]
    assert rules["venstertijden-ma-do"].hours == ["07:00-13:00", "17:30-20:00"]


def test_the_full_report_of_a_variant_stays_in_the_output_folder(base: Base,
                                                                 tmp_path: Path) -> None:
    from sim.app.reporting import full_report

    c = Choices(**{**base.defaults().model_dump(), "cameras": ("G01", "G02", "G03"),
                   "replications": 2})
    report = full_report(base, c, str(tmp_path), "../brink only", "nl")
    assert report.parent == tmp_path.resolve() and report.name == "brink-only-report.html"
    html = report.read_text(encoding="utf-8")
    assert "brink-only" in html and "assen-2023" in html
    assert (tmp_path / "brink-only" / "kpis.csv").is_file()
    assert (tmp_path / "brink-only-base" / "kpis.csv").is_file()
