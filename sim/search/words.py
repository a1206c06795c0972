"""The words of the search's summary and figure, Dutch and English side by side, and an
option's decisions in plain words.

KPI names come from the report's dictionary (sim.deliver.i18n), so a KPI reads the same in
the report, the workbook and here.
"""

from __future__ import annotations

from typing import Any

from sim.deliver.i18n import day_short, fmt_eur, room_words, tr

WORDS: dict[str, dict[str, str]] = {
    "heading": {"nl": "Zoektocht naar venstertijden: {name}",
                "en": "Search of window options: {name}"},
    "intro": {"nl": "Uitgangspunt is **{base}**. Gezocht is naar de opties die niet op alle "
                    "punten duidelijk slechter zijn dan een andere optie (het *front*), op: "
                    "{objectives}.",
              "en": "The base is **{base}**. The search looks for the options that no other "
                    "option clearly beats on every count (the *front*), on: {objectives}."},
    "min": {"nl": "{kpi} (lager is beter)", "en": "{kpi} (lower is better)"},
    "max": {"nl": "{kpi} (hoger is beter)", "en": "{kpi} (higher is better)"},
    "constraints": {"nl": "Voorwaarde: {items}.", "en": "Condition: {items}."},
    "at_least": {"nl": "{kpi} gemiddeld minstens {v}", "en": "{kpi} at least {v} on average"},
    "at_most": {"nl": "{kpi} gemiddeld hoogstens {v}", "en": "{kpi} at most {v} on average"},
    "how": {"nl": "{method} {options} opties ({skipped}); elke optie kreeg eerst {first} "
                  "herhalingen, opties die nog meededen steeds {step} erbij tot {max}. Een "
                  "optie viel af zodra een andere op elk punt minstens even goed en op één "
                  "punt duidelijk beter was ({conf}-marges van gepaarde verschillen: herhaling "
                  "k van elke optie ziet dezelfde bestellingen en voertuigen). In totaal "
                  "{runs} gesimuleerde weken, {minutes}.",
            "en": "{method} {options} options ({skipped}); every option first had {first} "
                  "replications, options still in the race {step} more at a time up to "
                  "{max}. An option dropped out once another was at least as good on every "
                  "count and clearly better on one ({conf} intervals of paired differences: "
                  "replication k of every option sees the same orders and vehicles). "
                  "{runs} simulated weeks in all, {minutes}."},
    "enumerate": {"nl": "Alle", "en": "All"},
    "nsga2": {"nl": "NSGA-II (Optuna) probeerde", "en": "NSGA-II (Optuna) tried"},
    "enumerate_tail": {"nl": "zijn doorgerekend", "en": "were evaluated"},
    "skipped": {"nl": "{n} combinaties overgeslagen waarin het venster eindigt voor het begint",
                "en": "{n} combinations skipped whose window ends before it starts"},
    "none_skipped": {"nl": "geen combinatie overgeslagen", "en": "no combination skipped"},
    "result": {"nl": "**{front} van de {options} opties** zijn niet duidelijk verslagen. {base}",
               "en": "**{front} of the {options} options** are not clearly beaten. {base}"},
    "base_front": {"nl": "De huidige regeling hoort daarbij.",
                   "en": "The current regime is one of them."},
    "base_beaten": {"nl": "De huidige regeling niet: optie {by} is op elk punt minstens even "
                          "goed en op één punt duidelijk beter.",
                    "en": "The current regime is not: option {by} is at least as good on "
                          "every count and clearly better on one."},
    "base_infeasible": {"nl": "De huidige regeling voldoet niet aan de voorwaarde.",
                        "en": "The current regime does not meet the condition."},
    "front_head": {"nl": "Het front", "en": "The front"},
    "front_note": {"nl": "Gemiddelde per week over de herhalingen; tussen haakjes het verschil "
                         "met de huidige regeling en de marge (95%, gepaard).",
                   "en": "Mean per week over the replications; in brackets the difference "
                         "from the current regime and its margin (95%, paired)."},
    "option": {"nl": "Optie", "en": "Option"},
    "look_head": {"nl": "Waar een planner naar kan kijken", "en": "What a planner may look at"},
    "best_for": {"nl": "Beste voor {kpi}: **{option}** ({desc}).",
                 "en": "Best for {kpi}: **{option}** ({desc})."},
    "balanced": {"nl": "Het beste evenwicht (nergens ver van de beste): **{option}** ({desc}).",
                 "en": "The best balance (nowhere far from the best): **{option}** ({desc})."},
    "caption": {"nl": "Elk paar doelen: de opties op het front (blauw), de andere (grijs) en de "
                      "huidige regeling (ster), elk op het gemiddelde van de huidige regeling "
                      "plus het gepaarde verschil ermee. De marges staan in de tabel.",
                "en": "Each pair of objectives: the options on the front (blue), the others "
                      "(grey) and the current regime (star), each at the current regime's mean "
                      "plus its paired difference from it. The margins are in the table."},
    "files": {"nl": "Alle opties staan in search.csv, het front in pareto.csv.",
              "en": "Every option is in search.csv, the front in pareto.csv."},
    "legend_all": {"nl": "niet op het front", "en": "not on the front"},
    "legend_front": {"nl": "front", "en": "front"},
    "legend_base": {"nl": "huidige regeling", "en": "current regime"},
    "current": {"nl": "huidige regeling", "en": "current regime"},
    "window": {"nl": "venster {days} {start}–{end}", "en": "window {days} {start}–{end}"},
    "ze_on": {"nl": "ZE-avondvenster aan", "en": "evening ZE window on"},
    "ze_off": {"nl": "ZE-avondvenster uit", "en": "evening ZE window off"},
    "fine": {"nl": "boete {v}", "en": "fine {v}"},
    "cams_all": {"nl": "camera's bij alle toegangen", "en": "cameras at every entrance"},
    "cams_without": {"nl": "geen camera bij {gates}", "en": "no camera at {gates}"},
    "cams_set": {"nl": "camera's: {label}", "en": "cameras: {label}"},
    "minutes": {"nl": "samen {m} minuten (de tijd van elke herhaling opgeteld)",
                "en": "{m} minutes together (each replication's time added up)"},
}


w = room_words(WORDS)


def kpi_name(lang: str, kpi: str) -> str:
    """The KPI's name from the report's dictionary, without a trailing unit in brackets."""
    try:
        name = tr(lang, f"kpi.{kpi}")
    except KeyError:
        return kpi
    return name.removesuffix(" (€)")


def describe(lang: str, decisions: dict[str, Any], window_days: dict[str, tuple[str, str]],
             same_as: dict[str, str]) -> str:
    """An option's decisions in words: 'venster ma-do 07:00-12:30, ...; boete € 150'."""
    parts: list[str] = []
    spans: dict[str, tuple[str, str]] = {}
    for day, (start, end) in window_days.items():
        spans[day] = (decisions.get(f"start_{day}", start), decisions.get(f"end_{day}", end))
    for day, target in same_as.items():
        if target in spans:
            spans[day] = spans[target]
    groups: dict[tuple[str, str], list[str]] = {}
    for day, span in spans.items():
        groups.setdefault(span, []).append(day)
    for (s, e), days in groups.items():
        names = ", ".join(day_short(lang, d) for d in days)
        parts.append(w(lang, "window", days=names, start=s, end=e))
    if "evening_ze" in decisions:
        parts.append(w(lang, "ze_on" if decisions["evening_ze"] else "ze_off"))
    if "fine_eur" in decisions and decisions["fine_eur"] is not None:
        parts.append(w(lang, "fine", v=fmt_eur(lang, float(decisions["fine_eur"]))))
    off = [k.removeprefix("camera_") for k, v in decisions.items()
           if k.startswith("camera_") and not v]
    if any(k.startswith("camera_") for k in decisions):
        parts.append(w(lang, "cams_without", gates=", ".join(off)) if off
                     else w(lang, "cams_all"))
    if "cameras" in decisions and decisions["cameras"] is not None:
        parts.append(w(lang, "cams_set", label=decisions["cameras"]))
    for k, v in decisions.items():
        if k.startswith("set:"):
            parts.append(f"{k.removeprefix('set:')} = {v}")
    return "; ".join(parts)
