"""The page's own words, Dutch and English side by side. KPI names, verdicts, day types and
the words the page shares with the report (column heads, axes) come from the report's
dictionary, sim.deliver.i18n, through `room_words`."""

from __future__ import annotations

from sim.deliver.i18n import room_words

WORDS: dict[str, dict[str, str]] = {
    "page.title": {"nl": "venster: wat als?", "en": "venster: what if?"},
    "window": {"nl": "Venstertijden voor bevoorrading", "en": "Delivery window"},
    "from": {"nl": "van", "en": "from"},
    "to": {"nl": "tot", "en": "to"},
    "evening_ze": {"nl": "Avondvenster voor zero-emissievoertuigen (ontheffing)",
                   "en": "Evening window for zero-emission vehicles (exemption)"},
    "cameras": {"nl": "Kentekencamera's per toegang", "en": "Number-plate cameras per entrance"},
    "fine": {"nl": "Boete (€)", "en": "Fine (€)"},
    "parking": {"nl": "Parkeren op straat 's avonds", "en": "Street parking in the evening"},
    "parking.off": {"nl": "niet simuleren (sneller)", "en": "not simulated (faster)"},
    "parking.paid": {"nl": "betaald", "en": "paid"},
    "parking.free": {"nl": "gratis vanaf 18:00 en op zondag (niet op vrijdag)",
                     "en": "free from 18:00 and on Sundays (not on Fridays)"},
    "simulate": {"nl": "Simuleer", "en": "Simulate"},
    "save_name": {"nl": "Naam van de variant", "en": "Name of the variant"},
    "save": {"nl": "Bewaar als scenario", "en": "Save as scenario"},
    "report": {"nl": "Volledig rapport", "en": "Full report"},
    "saved": {"nl": "Bewaard: {path}", "en": "Saved: {path}"},
    "report_ready": {"nl": "Rapport klaar", "en": "Report ready"},
    "report_busy": {"nl": "Rapport wordt gemaakt (base en variant met hun gebeurtenissen)…",
                    "en": "Making the report (base and variant with their events)…"},
    "start_hint": {"nl": "Kies een variant en druk op Simuleer. Elke herhaling van de variant "
                         "ziet dezelfde bestellingen en voertuigen als die van het scenario, "
                         "dus de verschillen zijn gepaard.",
                   "en": "Choose a variant and press Simulate. Each replication of the variant "
                         "sees the same orders and vehicles as the scenario's, so the "
                         "differences are paired."},
    "planning": {"nl": "Herhaling {k} van {n}: ritten worden gepland…",
                 "en": "Replication {k} of {n}: planning rounds…"},
    "simulating": {"nl": "Herhaling {k} van {n}: simuleren…",
                   "en": "Replication {k} of {n}: simulating…"},
    "starting": {"nl": "Starten…", "en": "Starting…"},
    "finished": {"nl": "{n} gepaarde herhalingen in {s} s",
                 "en": "{n} paired replications in {s} s"},
    "col.kpi": {"nl": "Kengetal (per week)", "en": "Indicator (per week)"},
    "col.variant": {"nl": "Variant", "en": "Variant"},
    "col.diff": {"nl": "Verschil (marge 95%)", "en": "Difference (95% margin)"},
    "hours.title": {"nl": "Aankomsten van bevoorradingsvoertuigen per uur",
                    "en": "Goods vehicles arriving per hour"},
    "hours.base": {"nl": "scenario", "en": "scenario"},
    "hours.variant": {"nl": "variant", "en": "variant"},
    "hours.y": {"nl": "aankomsten per week", "en": "arrivals per week"},
    "page.map_title": {"nl": "Overtredingen per toegang (variant; cirkel: per week)",
                  "en": "Violations per entrance (variant; circle: per week)"},
    "map.camera": {"nl": "camera", "en": "camera"},
    "map.nocamera": {"nl": "geen camera", "en": "no camera"},
    "error": {"nl": "Niet gesimuleerd: {msg}", "en": "Not simulated: {msg}"},
    "wide": {"nl": "Let op: de pagina is ook buiten deze computer bereikbaar.",
             "en": "Note: the page can be reached from outside this computer."},
}


w = room_words(WORDS)
