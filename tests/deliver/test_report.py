"""The report for people: content, languages, self-containment, and a real browser.

Two real runs (2018 and 2023 regimes, one week, two replications, fixed seed) are reported in
Dutch and English; both pages are then opened in headless Chromium at 1280 px (Debian's
/usr/bin/chromium, driven by Playwright) which must log no console error, load nothing from
outside the file, show the scenarios' names and write plurals as whole words. Without
Chromium this test fails on purpose: CI installs it (.ci/run), and a report nobody opened in
a browser is not tested.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from sim.cli.main import main
from sim.deliver.i18n import LANGS, PLURALS, TEXTS, fmt_eur, fmt_number, fmt_pct, trn
from tests.helpers import CHROMIUM, ROOT, SCENARIOS, watched_page

ARTIFACTS = ROOT / "tests" / "artifacts"
DUTCH_TERMS = ("venstertijden", "bevoorrading", "ontheffing", "kentekencamera", "koopavond",
               "voetgangersgebied", "zero-emissiezone")
BRACKET_PLURAL = re.compile(r"\w\((?:en|s|e|n)\)", re.I)  # "herhaling(en)", "run(s)"
EXTERNAL = re.compile(r"""(?:src|href|srcset|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 2018 and a 2023 run folder, as `venster run` writes them; the folders are named
    r18 and r23, so the page must take the scenarios' names from the runs."""
    base = tmp_path_factory.mktemp("runs")
    out = []
    for year in ("2018", "2023"):
        folder = base / f"r{year[2:]}"
        assert main(["run", str(SCENARIOS / f"assen-{year}.yaml"), "--weeks", "1",
                     "--replications", "2", "--seed", "11", "--no-figures", "--quiet",
                     "--out", str(folder)]) == 0
        out.append(folder)
    return out[0], out[1]


def tree_hash(folder: Path) -> str:
    """One hash over every file's path and bytes under `folder`."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def reports(runs: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, str]:
    """The Dutch and the English report of the two runs (2018 is the reference); the run
    folders' hashes before and after are kept to show the report only read them."""
    folder = tmp_path_factory.mktemp("reports")
    pages = {"before": "|".join(tree_hash(r) for r in runs)}
    for lang in LANGS:
        out = folder / f"report-{lang}.html"
        assert main(["report", str(runs[0]), str(runs[1]), "--lang", lang, "--quiet",
                     "--out", str(out)]) == 0
        pages[lang] = out.read_text(encoding="utf-8")
        pages[f"path.{lang}"] = str(out)
    pages["after"] = "|".join(tree_hash(r) for r in runs)
    pages["folder"] = str(folder)
    return pages


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGS), key
        assert all(texts[lang].strip() for lang in LANGS), key
        names = [{f for _, f, _, _ in fields.parse(texts[lang]) if f} for lang in LANGS]
        assert names[0] == names[1], key
        assert not any(BRACKET_PLURAL.search(texts[lang]) for lang in LANGS), key
    for key, forms in PLURALS.items():
        assert set(forms) == set(LANGS), key
        for lang in LANGS:
            assert "other" in forms[lang], key
            assert not any(BRACKET_PLURAL.search(text) for text in forms[lang].values()), key


def test_numbers_dates_and_plurals_come_from_babel_in_the_readers_language() -> None:
    assert fmt_number("nl", 1234.5, 1) == "1.234,5"
    assert fmt_number("en", 1234.5, 1) == "1,234.5"
    assert fmt_number("nl", -0.0001, 1) == "0,0"  # never "-0,0"
    assert fmt_pct("nl", 0.123) == "12,3%" and fmt_pct("en", 0.123) == "12.3%"
    assert fmt_eur("nl", 1234) == "€\u00a01.234" and fmt_eur("en", 1234) == "€1,234"
    assert trn("nl", "reps", 1) == "1 herhaling" and trn("nl", "reps", 10) == "10 herhalingen"
    assert trn("en", "reps", 1) == "1 replication" and trn("en", "reps", 2) == "2 replications"
    assert trn("nl", "weeks", 12) == "12 weken"
    assert fmt_eur("nl", 0.4, cents=True) == "€\u00a00,40"


def _row(base: float, new: float, lo: float, hi: float, verdict: str) -> dict[str, object]:
    return {"baseline_mean": base, "run_mean": new, "difference": new - base,
            "ci95_low": lo, "ci95_high": hi, "verdict": verdict, "pairs": 10}


def test_headline_weighs_a_fall_as_much_as_a_rise_and_margins_never_show_a_false_zero(
) -> None:
    from sim.batch.compare import HIGHER, LOWER
    from sim.deliver.i18n import tr
    from sim.deliver.report import lead

    rows = pd.DataFrame.from_dict({
        "fines_issued": _row(0.0, 1.5, 0.8, 2.2, HIGHER),
        "violations_total": _row(47.0, 1.8, -50.0, -41.0, LOWER),
        "carrier_extra_hours": _row(8.0, 18.0, 6.0, 13.0, HIGHER),
        "ze_share_entries": _row(0.07, 0.22, 0.14, 0.16, HIGHER),
        "vehicles_used": _row(210.0, 212.0, -1.0, 5.0, "no clear difference"),
    }, orient="index")
    names = {k: k for k in rows.index}
    items = lead.headline_items("en", lambda k, **v: tr("en", k, **v), rows, names)
    # the cameras' main effect (47 -> 1.8 violations) leads, ahead of fines from 0 to 1.5
    assert items[0].startswith("violations_total") and "ze_share_entries" in items[1]
    assert not any("vehicles_used" in i for i in items)  # no clear change, no headline
    cost = pd.Series(_row(12.0, 12.8, 0.4, 1.2, HIGHER), dtype=object)
    diff, margin = lead.diff_and_margin("nl", lambda k, **v: tr("nl", k, **v),
                                        "cost_per_drop_eur", cost)
    assert (diff, margin) == ("+€\u00a00,80", "marge +€\u00a00,40 tot +€\u00a01,20")
    count = pd.Series(_row(1.0, 1.3, 0.004, 0.6, HIGHER), dtype=object)
    _, margin = lead.diff_and_margin("en", lambda k, **v: tr("en", k, **v), "fines_issued",
                                     count)
    assert margin == "margin +0.004 to +0.600"
    # a KPI one run did not simulate is not "about the same": the boxes say nothing of it
    missing = pd.DataFrame.from_dict({"fines_issued": {
        **_row(0.0, 1.0, float("nan"), float("nan"), "not simulated"), "pairs": 0}},
        orient="index")
    assert lead.change_text("nl", lambda k, **v: tr("nl", k, **v), "fines_issued", missing,
                            "assen-2018") == ""


def test_the_report_only_reads_its_run_folders(runs: tuple[Path, Path],
                                               reports: dict[str, str]) -> None:
    assert reports["before"] == reports["after"]
    for run in runs:
        assert not (run / "figures" / "report").exists()
    figures = Path(reports["folder"])
    for lang in LANGS:
        names = {p.name for p in (figures / f"report-{lang}-figures").iterdir()}
        for stem in ("map", "entries_by_hour", "emissions_by_class", "carriers_by_segment"):
            for run in ("assen-2018", "assen-2023"):
                assert {f"{run}_{stem}_{lang}.png", f"{run}_{stem}_{lang}.svg"} <= names
        assert {f"all_shops_by_type_{lang}.svg", f"all_comparison_{lang}.png"} <= names
        # one simulated week: no chart "per week" with a single bar, a note instead
        assert not [n for n in names if "violations_by_week" in n]
        assert not [n for n in names if n.startswith(".") or n.endswith(".partial")]


def test_report_is_self_contained_with_figures_terms_and_verdicts(
        reports: dict[str, str]) -> None:
    for lang in LANGS:
        page = reports[lang]
        assert not EXTERNAL.search(page), "the report loads something from outside"
        assert "<link" not in page.lower() and "<script" not in page.lower()
        assert "@import" not in page and "url(http" not in page
        assert page.count("<figure>") >= 6
        assert page.count('<img src="data:image/') == page.count("<figure>")
        assert f'<html lang="{lang}">' in page
    nl, en = reports["nl"].lower(), reports["en"].lower()
    for term in DUTCH_TERMS:
        assert term in nl, term
    verdicts = {"nl": ("hoger", "lager", "geen duidelijk verschil"),
                "en": ("higher", "lower", "no clear difference")}
    for lang, page in (("nl", nl), ("en", en)):
        found = re.findall(r'<span class="verdict \w+">([^<]+)</span>', page)
        assert found and set(found) <= set(verdicts[lang]), found
    # the sections come in the order a reader needs them
    order = ["de belangrijkste verschillen", "wat betekent dit voor u", "in het kort",
             "vergelijking met de referentie", "waar voertuigen",
             "bevoorrading per uur", "overtredingen en boetes per week", "emissievrij: het doel",
             "uitstoot per soort voertuig", "extra uren en kilometers", "gevolgen per soort "
             "winkel", "parkeren", "aannames en bronnen"]
    at = [nl.index(f">{title}") for title in order]
    assert at == sorted(at)
    # summary numbers come from the KPIs; the sources name the facts the scenarios use
    assert "2.448" in reports["nl"] or "leveringen per week" in nl
    assert "logistieknoord.nl" in nl and "assen.nl/venstertijden" in nl
    # ... as the rules of each scenario cite them, and the 2018 exemptions (no source) as ours
    assert ("Venstertijden in assen-2018: ma–do 07:00–13:00 en 17:30–20:00; vr 07:00–13:00; "
            "za 07:00–11:00 (Assen 2018-2022: logistieknoord.nl, &#x27;Beleidsinformatie "
            "Assen&#x27;).") in reports["nl"]
    assert "Ontheffingen in assen-2023: " in reports["nl"]
    assert ("assen-2018: a variant of the window times of our own, not a council decision: "
            "firms inside the area: Mon–Sat 17:30–22:00; residents: 17:30–22:00.") in reports["en"]
    assert "aanname" in nl and "assumption" in en
    # headed by the scenarios' names, not the folders' (r18, r23)
    for page in (reports["nl"], reports["en"]):
        assert "<h3>assen-2018</h3>" in page and "<h3>assen-2023</h3>" in page
        assert ">r18<" not in page and ">r23<" not in page
        assert page.count('class="audience"') == 3
    assert "assen-2023 vergeleken met assen-2018" in reports["nl"]
    assert "assen-2023 compared with assen-2018" in reports["en"]
    # the reading guide gives the real number of replications, and warns that 2 is few
    assert "2 keer doorgerekend" in reports["nl"] and "computed 2 times" in reports["en"]
    assert 'class="warn"' in reports["nl"] and "--replications 10" in reports["nl"]
    # the Dutch the issue quoted is gone
    for wrong in ("herhaling(en)", "1 gekoppelde herhalingen", "(geen interval)",
                  "daarvan dat op dat moment", "bakfiets elektrische", "CO₂ bron tot wiel",
                  "speciaalzaken food", "Maatstaf", "replication(s)", "Notes in the scenario",
                  "assen-2023 is maar"):
        assert wrong not in reports["nl"], wrong


# --------------------------------------------------------------------------- rules as text
def test_every_permit_and_category_a_rule_names_has_words() -> None:
    import typing

    from sim.scenario.vocab import Category, Permit

    for group, literal in (("permit", Permit), ("category", Category)):
        for ident in typing.get_args(literal):
            assert f"{group}.{ident}" in TEXTS, (group, ident)


def test_the_sources_list_cites_each_rule_with_its_own_hours() -> None:
    """Hours come from the rules and the citation from their `source:`; nothing is matched
    against the regimes the report happens to know."""
    from sim.deliver.report.sections import rule_sources
    from sim.scenario.load import load_scenario

    sc18, sc23 = (load_scenario(SCENARIOS / f"assen-{y}.yaml") for y in ("2018", "2023"))
    items = rule_sources([("a18", sc18), ("a23", sc23), ("b23", sc23)], "en")
    assert items == [
        "Window times in a18: Mon–Thu 07:00–13:00 and 17:30–20:00; Fri 07:00–13:00; "
        "Sat 07:00–11:00 (Assen 2018-2022: logistieknoord.nl, 'Beleidsinformatie Assen').",
        "Window times in a23 and b23: Mon–Sat 07:00–12:00 (Assen 2023: assen.nl/venstertijden; "
        "RTV Drenthe 2023-03).",
        "Exemptions (ontheffingen) in a23 and b23: carriers with an exemption (ontheffing), "
        "zero-emission only: Mon–Sat 17:30–22:00; firms inside the area: Mon–Sat 17:30–22:00; "
        "firms inside the area: Sun 10:00–12:00 and 17:30–20:00; residents: 17:30–22:00; "
        "moped, zero-emission only: 16:00–22:00 (assen.nl/ontheffing-voetgangersgebied).",
        "a18: a variant of the window times of our own, not a council decision: firms inside "
        "the area: Mon–Sat 17:30–22:00; residents: 17:30–22:00.",
    ]


def test_a_rule_shows_the_hours_it_has_and_the_source_it_names() -> None:
    from sim.deliver.report.sections import describe_rule, rule_sources
    from sim.scenario.load import load_scenario
    from tests.helpers import variant

    sc = load_scenario(SCENARIOS / "assen-2023.yaml")
    window = {"name": "w", "days": ["weekday", "saturday"], "hours": ["13:00-14:00",
                                                                     "07:00-09:00"]}
    cited = variant(sc, policy={"rules": [{**window, "source": "raadsbesluit 2031"}]})
    own = variant(sc, policy={"rules": [window, {**window, "name": "off", "enabled": False,
                                                 "source": "x"}]})
    assert rule_sources([("c", cited), ("o", own)], "nl") == [
        "Venstertijden in c: ma–do, za 07:00–09:00 en 13:00–14:00 (raadsbesluit 2031).",
        "o: eigen variant van de venstertijden, geen besluit van de gemeente: ma–do, za "
        "07:00–09:00 en 13:00–14:00.",
    ]
    dated = cited.policy.rules[0].model_copy(update={
        "days": ["sunday", "holiday"], "permits": ["resident", "market"],
        "valid_from": dt.date(2031, 1, 1), "zero_emission_only": True})
    assert describe_rule(dated, "en") == (
        "residents or market traders, zero-emission only: Sun, holidays 07:00–09:00 and "
        "13:00–14:00 (from 1 January 2031)")
    both = dated.model_copy(update={"categories": ["van", "rigid_truck"],
                                    "zero_emission_only": False, "valid_from": None})
    assert describe_rule(both, "nl").startswith(
        "bestelauto of vrachtauto (bewoners of marktkooplui): zo, feestdagen 07:00–09:00")


def test_texts_take_the_hours_they_state_from_the_scenario() -> None:
    from sim.deliver.i18n import tr
    from sim.deliver.report.sections import evening_hours, shop_hours
    from sim.scenario.load import load_scenario
    from tests.helpers import variant

    sc = load_scenario(SCENARIOS / "assen-2019-free-evenings.yaml")
    assert "van 09:00 tot 18:00, op vrijdag (koopavond) tot 21:00" in tr(
        "nl", "hours.intro", **shop_hours(sc))
    late = variant(sc, calendar={"opening_hours": {"weekday": ["10:00-19:30"],
                                                   "friday": ["10:00-22:00"]}},
                   parking={"evening": "19:00-23:00"})
    assert "open 10:00–19:30 on weekdays, until 22:00 on Friday" in tr(
        "en", "hours.intro", **shop_hours(late))
    assert "until 22:00" in tr("en", "def.koopavond", **shop_hours(late))
    assert evening_hours(late) == {"evening_hours": "19:00–23:00", "evening_start": "19:00"}


def test_no_text_types_a_value_the_scenarios_hold() -> None:
    """Window hours, fines and tariffs are filled in from the scenario (or the schema's
    documented default), so correcting a fact in one place corrects the report."""
    from sim.scenario.models import Enforcement, ParkingPolicy, ZeZone

    amounts = [*Enforcement().fines_eur.values(), Enforcement().admin_fee_eur,
               *ZeZone().fines_eur.values(),
               *(ParkingPolicy.model_fields[f].default for f in (
                   "street_tariff_eur_h", "garage_first_hour_eur", "garage_day_max_eur"))]
    typed = {f(lang, x) for lang in LANGS for x in amounts
             for f in (fmt_eur, lambda lg, v: fmt_eur(lg, v, cents=True))}
    typed |= {t.replace("\u00a0", " ") for t in typed}
    typed |= {"07:00–12:00", "07:00–13:00", "17:30–20:00", "17:30–22:00", "16:00–22:00"}
    found = [(key, lang, t) for key, texts in TEXTS.items() for lang, text in texts.items()
             for t in typed if t in text]
    assert not found


def _fake_run(folder: Path, values: dict[str, list[float]], seed: int = 1) -> Path:
    """A bare run folder (no tables, no scenario), like a batch variant that lost its YAML."""
    folder.mkdir(parents=True)
    n = len(next(iter(values.values())))
    pd.DataFrame({"replication": range(n), **values}).to_csv(folder / "kpis.csv", index=False)
    (folder / "summary.json").write_text(json.dumps(
        {"scenario": folder.name, "seed": seed, "replications": n, "weeks": 1,
         "start_date": "2023-10-02", "kpis": {}}))
    return folder


def test_paired_verdicts_and_missing_data(tmp_path: Path) -> None:
    base = _fake_run(tmp_path / "base", {"violations_total": [10, 11, 12],
                                         "fines_issued": [5, 6, 7],
                                         "deliveries_total": [100, 120, 90]})
    other = _fake_run(tmp_path / "other", {"violations_total": [20, 21, 22],
                                           "fines_issued": [2, 3, 4],
                                           "deliveries_total": [101, 118, 92]})
    for lang, words in (("nl", ("hoger", "lager", "geen duidelijk verschil")),
                        ("en", ("higher", "lower", "no clear difference"))):
        out = tmp_path / f"r-{lang}.html"
        assert main(["report", str(base), str(other), "--lang", lang, "--quiet",
                     "--out", str(out)]) == 0
        page = out.read_text(encoding="utf-8")
        paired = page.split("<table")[1]

        def verdict(table: str, name: str) -> str:
            row = next(r for r in table.split("<tr>") if name in r)
            return re.search(r'class="verdict \w+">([^<]+)<', row).group(1)

        names = ({"v": "Overtredingen door bezorgers", "f": "Boetes aan bezorgers",
                  "d": "Leveringen"} if lang == "nl" else
                 {"v": "Violations by delivery vehicles", "f": "Fines to delivery vehicles",
                  "d": "Deliveries"})
        assert verdict(paired, names["v"]) == words[0]  # +10 in every pair
        assert verdict(paired, names["f"]) == words[1]  # -3 in every pair
        assert verdict(paired, names["d"]) == words[2]  # the interval spans zero
        assert "tables/by_hour.csv" in page  # the missing tables are named, not a crash


def test_comparing_single_replications_is_refused_saying_why_and_how(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = _fake_run(tmp_path / "base", {"violations_total": [10, 11, 12],
                                         "fines_issued": [5, 6, 7]})
    single = _fake_run(tmp_path / "single", {"violations_total": [30], "fines_issued": [0]})
    out = tmp_path / "r.html"
    assert main(["report", str(base), str(single), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(single) in err and str(base) not in err
    assert "no interval can be computed from one replication" in err.lower()
    assert "--replications 10" in err and "--overwrite" in err
    assert not out.exists()


def test_a_single_folder_of_one_replication_is_reported_without_margins(
        tmp_path: Path) -> None:
    single = _fake_run(tmp_path / "single", {"violations_total": [30], "fines_issued": [0]})
    for lang, says in (("nl", "geen marges"), ("en", "no margins")):
        out = tmp_path / f"r-{lang}.html"
        assert main(["report", str(single), "--lang", lang, "--quiet", "--out", str(out)]) == 0
        page = out.read_text(encoding="utf-8")
        assert says in page and "--replications 10" in page


def test_bad_input_exits_2_naming_the_path(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "no-such-run"
    assert main(["report", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["report", str(empty)]) == 2
    assert str(empty) in capsys.readouterr().err
    assert main(["report", str(empty), "--lang", "de"]) == 2
    assert "--lang" in capsys.readouterr().err
    assert main(["report", str(empty), "--out", str(tmp_path / "r.pdf")]) == 2
    assert "--out" in capsys.readouterr().err


def test_report_opens_in_chromium_without_console_errors(reports: dict[str, str]) -> None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = (f"Chromium not found at {CHROMIUM}: the report must be checked in a real "
                   "browser. Install it (Debian: apt-get install chromium) or point "
                   "VENSTER_CHROMIUM at a Chromium binary.")
        # CI (.ci/run) installs Chromium and sets this, so there the check can never be missed;
        # on a laptop without Chromium the rest of the suite still runs and this one says why.
        if os.environ.get("VENSTER_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("the Python package playwright is missing: pip install -e '.[test]'")
    for lang in LANGS:
        _check_in_chromium(Path(reports[f"path.{lang}"]), lang)


def _check_in_chromium(page_path: Path, lang: str) -> None:
    """Open the page at 1280 px: no console error, nothing from outside, the scenarios'
    names in the text and no bracketed plurals; keep a screenshot."""
    with watched_page(1280, 800, ("file:", "data:")) as (page, messages, outside):
        page.goto(page_path.as_uri(), wait_until="load")
        images = page.evaluate(
            "[...document.images].map(i => i.complete && i.naturalWidth > 0)")
        title = page.title()
        text = page.inner_text("body")
        width = page.evaluate("document.documentElement.scrollWidth")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / ".gitignore").write_text("*\n")
        shot = ARTIFACTS / f"report-{lang}.png"
        page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot of the report: {shot}")
    assert messages == [], messages
    assert outside == [], outside
    assert len(images) >= 6 and all(images), images
    assert "Assen" in title
    assert "assen-2018" in text and "assen-2023" in text
    assert not BRACKET_PLURAL.search(text), BRACKET_PLURAL.findall(text)
    assert width <= 1280, "the page scrolls sideways at 1280 px"
    assert shot.stat().st_size > 10_000
