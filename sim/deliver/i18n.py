"""Every word a reader of the report sees, in Dutch and English, in one place.

Keeping the words of the report, the figures and the map here (only the workbook's own Dutch
sentences live beside it, in sim/deliver/exports/dutch.py, and the search's and the what-if
page's own sentences in sim/search/words.py and sim/app/words.py, which look shared words up
here through `room_words`) means a translator edits one file, and a test can check that every
key has both languages and that no room writes a shared word again. Dutch is the default: the
report is read by Assen's shopkeepers and council, and uses the words planners use
(venstertijden, bevoorrading, ontheffing, kentekencamera, koopavond, voetgangersgebied,
zero-emissiezone). The English text keeps those Dutch words in brackets so both readers can
match it to local documents.

Texts are `str.format` templates; `tr(lang, key, **values)` fills them in. A value that a
scenario holds (an hour, a tariff, a fine) is never typed into a text but filled in: from the
run's scenario where the text describes the run, and from the scenario schema's documented
default (which cites DATA.md) where the text cites the source of that default.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from sim.deliver.decimals import decimals as decimals_for
from sim.errors import InputError

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"

TEXTS: dict[str, dict[str, str]] = {
    # --- the page -------------------------------------------------------------------------
    "title": {
        "nl": "Bevoorrading van de binnenstad van Assen",
        "en": "Goods deliveries to Assen city centre",
    },
    "subtitle": {
        "nl": "Venstertijden, kentekencamera's en zero-emissie: wat de simulatie laat zien",
        "en": "Window times, number-plate cameras and zero emission: what the simulation shows",
    },
    "meta": {
        "nl": "Gemaakt met venster {version} op {date}. Scenario's: {names}. "
              "Referentie voor de vergelijking: {base}.",
        "en": "Made with venster {version} on {date}. Scenarios: {names}. "
              "Reference for the comparison: {base}.",
    },
    "reading_guide": {
        "nl": "Dit rapport komt uit een computersimulatie: een model dat nabootst hoe "
              "leveranciers, pakketdiensten en andere auto's het voetgangersgebied rond het "
              "Koopmansplein bereiken, wat de regels met hen doen en wat dat kost. De getallen "
              "zijn schattingen, geen metingen. {reps} Aantallen zijn per week, tenzij er iets "
              "anders staat.",
        "en": "This report comes from a computer simulation: a model that imitates how "
              "suppliers, parcel carriers and other cars reach the pedestrian area around the "
              "Koopmansplein, what the rules make them do and what that costs. The numbers are "
              "estimates, not measurements. {reps} Counts are per week unless stated "
              "otherwise.",
    },
    "contents": {"nl": "Inhoud", "en": "Contents"},
    "figure": {"nl": "Figuur {n}", "en": "Figure {n}"},
    "footer": {
        "nl": "venster {version} · alle figuren staan ook als PNG en SVG in de map {folder} "
              "naast dit rapport",
        "en": "venster {version} · every figure is also saved as PNG and SVG in the folder "
              "{folder} next to this report",
    },
    # --- section titles ---------------------------------------------------------------------
    "sec.summary": {"nl": "In het kort", "en": "In brief"},
    "sec.glossary": {"nl": "Begrippen", "en": "Terms used"},
    "sec.comparison": {"nl": "Vergelijking met de referentie",
                       "en": "Comparison with the reference"},
    "sec.map": {"nl": "Waar voertuigen het gebied inrijden",
                "en": "Where vehicles enter the area"},
    "sec.hours": {"nl": "Bevoorrading per uur van de dag", "en": "Deliveries by hour of the day"},
    "sec.weeks": {"nl": "Overtredingen en boetes per week",
                  "en": "Violations and fines week by week"},
    "sec.ze": {"nl": "Emissievrij: het doel van 2025", "en": "Zero emission: the 2025 goal"},
    "sec.emissions": {"nl": "Uitstoot per soort voertuig", "en": "Emissions by kind of vehicle"},
    "sec.carriers": {"nl": "Extra uren en kilometers voor vervoerders",
                     "en": "Extra hours and kilometres for carriers"},
    "sec.shops": {"nl": "Gevolgen per soort winkel", "en": "Impacts by type of shop"},
    "sec.parking": {"nl": "Parkeren", "en": "Parking"},
    "sec.sources": {"nl": "Aannames en bronnen", "en": "Assumptions and sources"},
    # --- glossary -------------------------------------------------------------------------
    "term.venstertijden": {"nl": "Venstertijden", "en": "Window times (venstertijden)"},
    "def.venstertijden": {
        "nl": "de uren waarin vrachtauto's en bestelauto's het voetgangersgebied in mogen om "
              "te laden en te lossen.",
        "en": "the hours in which trucks and vans may enter the pedestrian area to load and "
              "unload.",
    },
    "term.ritplanning": {"nl": "Ritplanning", "en": "Carriers' rounds (ritplanning)"},
    "def.ritplanning": {
        "nl": "pakketvervoerders, distributiecentra van winkelketens en groothandels plannen "
              "hun hele dag: de winkels in Assen samen met hun adressen in andere plaatsen "
              "(in Groningen, Emmen en Hoogeveen eindigt het venster om 11.00 of 12.00 uur), zo "
              "goedkoop mogelijk met "
              "de bestelauto's en vrachtauto's die ze hebben, binnen de venstertijden en de uren "
              "waarin winkels goederen aannemen. Een korter venster kan een extra voertuig, "
              "meer kilometers of meer uren kosten; dat meten 'voertuigen', 'kilometers' en "
              "'uren van de ritten'. Wie geen ritten plant (eigen vervoer, monteurs, koeriers) "
              "komt op de gebruikelijke tijden.",
        "en": "parcel carriers, chain distribution centres and wholesalers plan their whole "
              "day: the shops in Assen together with their addresses in other towns "
              "(in Groningen, Emmen and Hoogeveen the window ends at 11:00 or 12:00), as "
              "cheaply as they can "
              "with the vans and trucks they have, within the window times and the hours in "
              "which shops take goods in. A shorter window can cost an extra vehicle, more "
              "kilometres or more hours; the 'vehicles', 'kilometres' and 'hours of the "
              "rounds' measure that. Those who do not plan rounds (own transport, technicians, "
              "couriers) come at their usual times.",
    },
    "term.bevoorrading": {"nl": "Bevoorrading", "en": "Supply (bevoorrading)"},
    "def.bevoorrading": {
        "nl": "het afleveren van goederen bij winkels, horeca en kantoren; ook pakketten en "
              "servicebezoeken (monteurs) tellen mee.",
        "en": "delivering goods to shops, cafés and offices; parcels and service visits "
              "(technicians) count too.",
    },
    "term.voetgangersgebied": {"nl": "Voetgangersgebied",
                               "en": "Pedestrian area (voetgangersgebied)"},
    "def.voetgangersgebied": {
        "nl": "het autovrije winkelhart rond het Koopmansplein; vanaf 2025 is dit ook de "
              "zero-emissiezone. Laad- en losplekken liggen net erbuiten.",
        "en": "the car-free shopping core around the Koopmansplein; from 2025 it is also the "
              "zero-emission zone. Loading bays lie just outside it.",
    },
    "term.kentekencamera": {"nl": "Kentekencamera",
                            "en": "Number-plate camera (kentekencamera)"},
    "def.kentekencamera": {
        "nl": "een camera bij een toegang die het kenteken leest en nagaat of het voertuig op "
              "dat moment naar binnen mag. Mag het niet, dan gaat een foto naar het CJIB, dat "
              "de boete stuurt.",
        "en": "a camera at an entrance that reads the plate and checks whether the vehicle may "
              "enter at that moment. If not, a photo goes to the national fines agency (CJIB), "
              "which sends the fine.",
    },
    "term.ontheffing": {"nl": "Ontheffing", "en": "Exemption (ontheffing)"},
    "def.ontheffing": {
        "nl": "toestemming om buiten de venstertijden naar binnen te rijden, bijvoorbeeld voor "
              "bewoners, ondernemers in het gebied en (sinds 2023) 's avonds voor emissievrije "
              "voertuigen.",
        "en": "permission to drive in outside the window times, for example for residents, "
              "firms inside the area and (since 2023) zero-emission vehicles in the evening.",
    },
    "term.zez": {"nl": "Zero-emissiezone", "en": "Zero-emission zone (zero-emissiezone)"},
    "def.zez": {
        "nl": "een gebied waar vanaf 1 januari 2025 alleen bestelauto's en vrachtauto's zonder "
              "uitlaatgassen in mogen (elektrisch of waterstof), met een overgangsregeling voor "
              "nieuwere dieselvoertuigen tot uiterlijk 2030.",
        "en": "an area where from 1 January 2025 only vans and trucks without exhaust (electric "
              "or hydrogen) may enter, with transition rules for newer diesel vehicles until "
              "2030 at the latest.",
    },
    "term.koopavond": {"nl": "Koopavond", "en": "Shopping evening (koopavond)"},
    "def.koopavond": {
        "nl": "de vrijdagavond; winkels zijn dan open tot {friday_close}.",
        "en": "Friday evening, when shops stay open until {friday_close}.",
    },
    "term.interval": {"nl": "Marge (95%-betrouwbaarheidsinterval)",
                      "en": "Margin (95% confidence interval)"},
    "def.interval": {
        "nl": "de marge rond een gemiddelde: bij herhaald doorrekenen ligt het gemiddelde in 95 "
              "van de 100 gevallen binnen deze marge. Een brede marge betekent: te weinig "
              "herhalingen om zeker te zijn.",
        "en": "the margin around an average: computed again and again, the average lies within "
              "it 95 times out of 100. A wide margin means: too few replications to be sure.",
    },
    "term.violation": {"nl": "Overtreding", "en": "Violation"},
    "def.violation": {
        "nl": "een voertuig dat het gebied inrijdt terwijl dat op dat moment niet mag. Niet "
              "elke overtreding levert een boete op: niet elke toegang heeft een camera, een "
              "camera leest niet elk kenteken en buitenlandse kentekens zijn niet te beboeten.",
        "en": "a vehicle entering the area while that is not allowed at that moment. Not every "
              "violation leads to a fine: not every entrance has a camera, a camera misses some "
              "plates and foreign plates cannot be fined.",
    },
    # --- summary paragraph ------------------------------------------------------------------
    "sum.period": {
        "nl": "Gesimuleerd: {weeks} vanaf {date}, {reps}, startgetal {seed}.",
        "en": "Simulated: {weeks} from {date}, {reps}, seed {seed}.",
    },
    "sum.windows": {
        "nl": "Gewone bestelauto's en vrachtauto's (niet emissievrij) mogen het "
              "voetgangersgebied in tijdens de venstertijden: {windows}.",
        "en": "Ordinary vans and trucks (not zero-emission) may enter the pedestrian area "
              "during the window times (venstertijden): {windows}.",
    },
    "sum.ze_exemption": {
        "nl": "Emissievrije voertuigen met een ontheffing mogen daarnaast naar binnen: "
              "{spans}.",
        "en": "Zero-emission vehicles with an exemption (ontheffing) may also enter: {spans}.",
    },
    "sum.zez_on": {
        "nl": "Daarbij geldt de zero-emissiezone: sinds {start} mogen alleen emissievrije "
              "bestelauto's en vrachtauto's erin, behalve dieselvoertuigen die onder de "
              "overgangsregeling vallen (uiterlijk tot {all_ze}).",
        "en": "The zero-emission zone applies as well: since {start} only zero-emission vans "
              "and trucks may enter, except diesel vehicles under the transition rules (until "
              "{all_ze} at the latest).",
    },
    "sum.zez_strict": {
        "nl": "Daarbij geldt de zero-emissiezone zonder overgangsregeling: sinds {start} mogen "
              "alleen emissievrije bestelauto's en vrachtauto's erin.",
        "en": "The zero-emission zone applies without transition rules: since {start} only "
              "zero-emission vans and trucks may enter.",
    },
    "sum.hub": {
        "nl": "Leveranciers kunnen hun goederen afgeven bij een overslagpunt (stadshub), vanwaar "
              "elektrische bakfietsen ze het gebied in brengen.",
        "en": "Suppliers can hand their goods to a consolidation hub, from where electric cargo "
              "bikes bring them into the area.",
    },
    "sum.deliveries": {
        "nl": "Winkels, horeca en kantoren krijgen gemiddeld {deliveries} leveringen per week. "
              "Bij {outside} daarvan ({outside_pct}) komt het voertuig aan bij een toegang die "
              "op dat moment voor hem dicht is.",
        "en": "Shops, cafés and offices receive on average {deliveries} deliveries a week. For "
              "{outside} of them ({outside_pct}) the vehicle reaches an entrance that is closed "
              "to it at that moment.",
    },
    "sum.violations": {
        "nl": "Gemiddeld {violations} keer per week rijdt een bezorger dan toch naar binnen. "
              "{cameras} van de {gates} toegangen hebben een kentekencamera; bezorgers krijgen "
              "{fines} boetes per week (samen {revenue}){warnings}.",
        "en": "On average {violations} times a week a delivery driver drives in anyway. "
              "{cameras} of the {gates} entrances have a number-plate camera; delivery drivers "
              "receive {fines} fines a week ({revenue} in all){warnings}.",
    },
    "sum.violations_nofine": {
        "nl": "Gemiddeld {violations} keer per week rijdt een bezorger dan toch naar binnen. "
              "{cameras} van de {gates} toegangen hebben een kentekencamera; bezorgers krijgen "
              "geen boetes{warnings}.",
        "en": "On average {violations} times a week a delivery driver drives in anyway. "
              "{cameras} of the {gates} entrances have a number-plate camera; delivery drivers "
              "receive no fines{warnings}.",
    },
    "sum.warnings": {"nl": " en {n} waarschuwingen", "en": " and {n} warnings"},
    "sum.other": {
        "nl": "Andere auto's (bezoekers die hun navigatie volgen, taxi's) rijden {viol} keer "
              "per week onterecht het gebied in en krijgen {fines} boetes.",
        "en": "Other cars (visitors following their navigation app, taxis) enter the area "
              "{viol} times a week when they may not, and receive {fines} fines.",
    },
    "sum.ze_share": {
        "nl": "{share} van de goederenvoertuigen die het gebied inrijden is emissievrij. Het "
              "doel is volledig emissievrije bevoorrading vanaf 2025; er ontbreekt nog {gap}.",
        "en": "{share} of the goods vehicles entering the area are zero-emission. The goal is "
              "fully emission-free supply from 2025; {gap} is still missing.",
    },
    "sum.ze_reached": {
        "nl": "{share} van de goederenvoertuigen die het gebied inrijden is emissievrij: het "
              "doel van volledig emissievrije bevoorrading (2025) is vrijwel gehaald.",
        "en": "{share} of the goods vehicles entering the area are zero-emission: the goal of "
              "fully emission-free supply (2025) is practically reached.",
    },
    "sum.carriers": {
        "nl": "De regels kosten vervoerders samen {hours} extra uur per week (wachten, "
              "terugkomen, lopen vanaf een laad- en losplek, opnieuw bezorgen), ongeveer "
              "{cost} per week inclusief boetes.",
        "en": "The rules cost carriers {hours} extra hours a week in all (waiting, coming back, "
              "walking from a loading bay, delivering again), about {cost} a week including "
              "fines.",
    },
    "sum.parking": {
        "nl": "Straatparkeren brengt naar schatting {revenue} per jaar op. 's Avonds "
              "({evening_hours}) is gemiddeld {evening} van de parkeerplaatsen op straat bezet; "
              "{visitors} bezoekers per week parkeren na {evening_start}.",
        "en": "Street parking earns an estimated {revenue} a year. In the evening "
              "({evening_hours}) on average {evening} of the street spaces are taken; "
              "{visitors} visitors a week park after {evening_start}.",
    },
    "sum.no_scenario": {
        "nl": "Het scenario van deze run ({path}) kon niet worden gelezen: {error}",
        "en": "This run's scenario ({path}) could not be read: {error}",
    },
    "windows.none": {"nl": "geen venster", "en": "no window"},
    "windows.and": {"nl": " en ", "en": " and "},
    "windows.sep": {"nl": "; ", "en": "; "},
    "windows.or": {"nl": " of ", "en": " or "},
    "rule.ze_only": {"nl": "{who}, alleen emissievrij", "en": "{who}, zero-emission only"},
    "rule.ze_any": {"nl": "emissievrije voertuigen", "en": "zero-emission vehicles"},
    "rule.from": {"nl": "vanaf {date}", "en": "from {date}"},
    "rule.until": {"nl": "tot {date}", "en": "until {date}"},
    "permit.resident": {"nl": "bewoners", "en": "residents"},
    "permit.firm_inside": {"nl": "ondernemers in het gebied", "en": "firms inside the area"},
    "permit.ze_exemption": {"nl": "vervoerders met ontheffing",
                            "en": "carriers with an exemption (ontheffing)"},
    "permit.private_parking": {"nl": "houders van een eigen parkeerplaats in het gebied",
                               "en": "holders of a private parking space in the area"},
    "permit.emergency": {"nl": "hulpdiensten", "en": "emergency services"},
    "permit.market": {"nl": "marktkooplui", "en": "market traders"},
    "day.weekday.first": {"nl": "ma", "en": "Mon"},
    "day.weekday.last": {"nl": "do", "en": "Thu"},
    "day.friday": {"nl": "vr", "en": "Fri"},
    "day.saturday": {"nl": "za", "en": "Sat"},
    "day.sunday": {"nl": "zo", "en": "Sun"},
    "day.holiday": {"nl": "feestdagen", "en": "holidays"},
    "daytype.weekday": {"nl": "ma–do", "en": "Mon–Thu"},
    "daytype.friday": {"nl": "vrijdag (koopavond)", "en": "Friday (koopavond)"},
    "daytype.saturday": {"nl": "zaterdag", "en": "Saturday"},
    "daytype.sunday": {"nl": "zondag", "en": "Sunday"},
    "daytype.holiday": {"nl": "feestdag", "en": "holiday"},
    # --- comparison ---------------------------------------------------------------------------
    "cmp.intro": {
        "nl": "Hoe verschilt elk scenario van de referentie ({base})? Herhaling 1, 2, … van elk "
              "scenario krijgt dezelfde bestellingen, voertuigen en laadtijden (gekoppelde "
              "herhalingen), zodat alleen de regels verschillen. Het verschil wordt per "
              "herhaling berekend en dan gemiddeld; de marge geeft de onzekerheid. "
              "‘Hoger’ of ‘lager’ staat er alleen als de hele marge boven of onder nul ligt, "
              "anders ‘geen duidelijk verschil’. Aantallen en bedragen zijn per week; aandelen in "
              "procenten, hun verschil in procentpunten.",
        "en": "How does each scenario differ from the reference ({base})? Replication 1, 2, … "
              "of every scenario gets the same orders, vehicles and unloading times (paired "
              "replications), so only the rules differ. The difference is computed replication "
              "by replication and then averaged; the margin gives the uncertainty. "
              "‘Higher’ or ‘lower’ appears only when the whole margin lies above or below "
              "zero, otherwise ‘no clear difference’. Counts and amounts are per week; shares "
              "in percent, their difference in percentage points.",
    },
    "cmp.only_one": {
        "nl": "Er is maar één scenario, dus niets om mee te vergelijken. Geef meer "
              "uitvoermappen van `venster run` op (`venster report MAP1 MAP2`) om scenario's "
              "naast elkaar te zetten.",
        "en": "There is only one scenario, so nothing to compare with. Give more run folders "
              "(`venster report DIR1 DIR2`) to set scenarios side by side.",
    },
    "cmp.caption": {
        "nl": "{run} vergeleken met {base} ({pairs}).",
        "en": "{run} compared with {base} ({pairs}).",
    },
    "cmp.col.kpi": {"nl": "Indicator", "en": "Indicator"},
    "cmp.col.base": {"nl": "Referentie: {base}", "en": "Reference: {base}"},
    "cmp.col.diff": {"nl": "Verschil (95%-marge)", "en": "Difference (95% margin)"},
    "cmp.col.verdict": {"nl": "Oordeel", "en": "Verdict"},
    "col.reps": {"nl": "Herhalingen", "en": "Replications"},
    "cmp.note.reps": {
        "nl": "{run} heeft {n_run}, {base} {n_base}: vergeleken op de herhalingsnummers die "
              "ze gemeen hebben ({pairs}).",
        "en": "{run} has {n_run}, {base} {n_base}: compared on the replication numbers they "
              "share ({pairs}).",
    },
    "cmp.note.seed": {
        "nl": "{run} en {base} hebben een ander startgetal ({seed_run} en {seed_base}); "
              "herhalingen "
              "zijn gekoppeld op nummer, maar krijgen niet dezelfde bestellingen, dus de "
              "intervallen zijn breder dan nodig.",
        "en": "{run} and {base} have different seeds ({seed_run} and {seed_base}); replications "
              "are paired by number but do not get the same orders, so the intervals are wider "
              "than they need be.",
    },
    "cmp.note.weeks": {
        "nl": "{run} beslaat {w_run} en {base} {w_base}; alles is omgerekend naar per week.",
        "en": "{run} covers {w_run} and {base} {w_base}; everything is converted to per week.",
    },
    "cmp.note.nopairs": {
        "nl": "{run} heeft geen herhalingsnummers gemeen met {base}; geen vergelijking mogelijk.",
        "en": "{run} shares no replication numbers with {base}; no comparison possible.",
    },
    "cmp.pp": {"nl": "procentpunt", "en": "percentage points"},
    "cmp.margin": {"nl": "marge {lo} tot {hi}", "en": "margin {lo} to {hi}"},
    "key.outside": {"nl": "komen aan bij een dichte toegang", "en": "arrive at a closed entrance"},
    "key.fines": {"nl": "boetes per week aan bezorgers", "en": "fines a week to delivery "
                  "drivers"},
    "key.ze": {"nl": "emissievrij (doel 2025: 100%)", "en": "zero emission (2025 goal: 100%)"},
    "key.cost": {"nl": "extra kosten vervoerders per week", "en": "extra carrier cost a week"},
    "key.parking": {"nl": "opbrengst straatparkeren per jaar",
                    "en": "street parking revenue a year"},
    "cmp.no_interval": {"nl": "geen marge", "en": "no margin"},
    "verdict.higher": {"nl": "hoger", "en": "higher"},
    "verdict.lower": {"nl": "lager", "en": "lower"},
    "verdict.unclear": {"nl": "geen duidelijk verschil", "en": "no clear difference"},
    "verdict.none": {"nl": "niet gesimuleerd", "en": "not simulated"},
    "chart.cmp.title": {
        "nl": "Verschil met {base}, in % van de referentie (95%-marge)",
        "en": "Difference from {base}, in % of the reference (95% interval)",
    },
    "chart.cmp.from_zero": {"nl": "van 0 naar {b} (geen percentage van 0)",
                           "en": "from 0 to {b} (no percentage of 0)"},
    "chart.cmp.x": {"nl": "verschil met de referentie (%)",
                    "en": "difference from the reference (%)"},
    "cap.cmp": {
        "nl": "De belangrijkste indicatoren als verschil met de referentie, in procenten. Een "
              "balkje dat de nullijn raakt betekent ‘geen duidelijk verschil’. Aandelen "
              "(emissievrij, naleving) staan in de tabel.",
        "en": "The main measures as a difference from the reference, in percent. A bar that "
              "touches the zero line means ‘no clear difference’. Shares (zero emission, "
              "compliance) are in the table.",
    },
    # --- replications ------------------------------------------------------------------------
    "reps.mixed": {
        "nl": "De scenario's zijn niet even vaak doorgerekend: {list}.",
        "en": "The scenarios were not computed equally often: {list}.",
    },
    "reps.fix": {
        "nl": "Voor smallere marges: `venster run SCENARIO --replications 10 --overwrite`.",
        "en": "For narrower margins: `venster run SCENARIO --replications 10 --overwrite`.",
    },
    "reps.single": {
        "nl": "Dit rapport heeft geen marges: {names} is maar één keer doorgerekend, en uit één "
              "herhaling valt geen marge te berekenen. Reken opnieuw met "
              "`venster run SCENARIO --replications 10 --overwrite` om marges te krijgen.",
        "en": "This report has no margins: {names} was computed only once, and no margin can "
              "be computed from one replication. Run again with "
              "`venster run SCENARIO --replications 10 --overwrite` to get margins.",
    },
    # --- headline -----------------------------------------------------------------------------
    "sec.headline": {"nl": "De belangrijkste verschillen", "en": "The main differences"},
    "head.title": {"nl": "{run} vergeleken met {base}", "en": "{run} compared with {base}"},
    "head.intro": {
        "nl": "De grootste duidelijke veranderingen, per week, met de 95%-marge:",
        "en": "The biggest clear changes, per week, with the 95% margin:",
    },
    "head.up": {
        "nl": "{what}: van {a} naar {b} ({diff}; {margin}).",
        "en": "{what}: from {a} to {b} ({diff}; {margin}).",
    },
    "head.down": {
        "nl": "{what}: van {a} naar {b} ({diff}; {margin}).",
        "en": "{what}: from {a} to {b} ({diff}; {margin}).",
    },
    "head.none": {
        "nl": "Geen enkele indicator verschilt duidelijk: alle verschillen vallen binnen de "
              "marge.",
        "en": "No indicator differs clearly: every difference lies within the margin.",
    },
    "head.rest": {
        "nl": "Alle indicatoren staan in de vergelijking verderop.",
        "en": "Every indicator is in the comparison further down.",
    },
    "head.single": {
        "nl": "Er is maar één scenario, dus er is niets om mee te vergelijken.",
        "en": "There is only one scenario, so there is nothing to compare with.",
    },
    "head.deliveries": {
        "nl": "Winkels, horeca en kantoren krijgen in elk scenario ongeveer {n} leveringen per "
              "week; de verschillen zitten in wanneer en hoe die komen.",
        "en": "Shops, cafés and offices receive about {n} deliveries a week in every scenario; "
              "the differences are in when and how they come.",
    },
    "card.windows": {"nl": "Venstertijden: {windows}.", "en": "Window times: {windows}."},
    # --- audiences ----------------------------------------------------------------------------
    "sec.audiences": {"nl": "Wat betekent dit voor u?", "en": "What does this mean for you?"},
    "aud.shop": {"nl": "Voor winkeliers en horeca", "en": "For shopkeepers and cafés"},
    "aud.carrier": {"nl": "Voor vervoerders", "en": "For carriers"},
    "aud.council": {"nl": "Voor de gemeente", "en": "For the council"},
    "aud.value": {"nl": "{name}: {value}", "en": "{name}: {value}"},
    "aud.open": {
        "nl": "Leveringen terwijl de winkels open zijn",
        "en": "Deliveries while the shops are open",
    },
    "aud.open_value": {"nl": "{n} per week ({pct} van alle leveringen)",
                       "en": "{n} a week ({pct} of all deliveries)"},
    "aud.moved": {
        "nl": "Leveringen die niet op het gebruikelijke tijdstip komen",
        "en": "Deliveries that do not come at their usual time",
    },
    "aud.moved_types": {"nl": "vooral bij {types}", "en": "mostly at {types}"},
    "aud.vans": {
        "nl": "Bestelauto's en vrachtauto's in de straat terwijl de winkels open zijn",
        "en": "Vans and trucks in the street while the shops are open",
    },
    "aud.hours_week": {"nl": "{n} uur per week", "en": "{n} hours a week"},
    "aud.extra_hours": {"nl": "Extra uren door de regels", "en": "Extra hours because of the "
                        "rules"},
    "aud.vehicles": {"nl": "Voertuigen nodig in de ritplanning",
                     "en": "Vehicles needed in the rounds"},
    "aud.vehicles_value": {"nl": "{n} voertuigdagen per week", "en": "{n} vehicle-days a week"},
    "aud.cost": {"nl": "Extra kosten (inclusief boetes)", "en": "Extra cost (fines included)"},
    "aud.route_cost": {"nl": "Kosten van de hele ritten (Assen en de andere steden)",
                       "en": "Cost of the whole rounds (Assen and the other towns)"},
    "aud.route_cost_value": {"nl": "{v} per week; {share} van de stops in een centrum met "
                                   "venstertijden",
                             "en": "{v} a week; {share} of the stops in a centre with a "
                                   "goods window"},
    "aud.per_week": {"nl": "{v} per week", "en": "{v} a week"},
    "aud.per_year": {"nl": "{v} per jaar", "en": "{v} a year"},
    "aud.violations": {"nl": "Overtredingen door bezorgers",
                       "en": "Violations by delivery vehicles"},
    "aud.fines": {"nl": "Boetes aan bezorgers", "en": "Fines to delivery vehicles"},
    "aud.fines_value": {"nl": "{n} per week (samen {eur})", "en": "{n} a week ({eur} in all)"},
    "aud.letters": {"nl": "Kentekens die een brief kregen (waarschuwing of boete)",
                    "en": "Plates written to (warning or fine)"},
    "aud.letters_value": {
        "nl": "{n} bezorgvoertuigen en {o} andere auto's; {r} en {ro} kregen er twee of meer",
        "en": "{n} delivery vehicles and {o} other cars; {r} and {ro} got two or more"},
    "aud.ze": {"nl": "Emissievrije inritten (doel 2025: 100%)",
               "en": "Zero-emission entries (2025 goal: 100%)"},
    "aud.ze_value": {"nl": "{share}, nog {gap} te gaan", "en": "{share}, {gap} still to go"},
    "aud.ze_band": {"nl": "Nog te gaan tot 100% emissievrij, bij een laag, midden en hoog "
                          "vlootpad",
                    "en": "Gap to 100% zero-emission on a low, central and high fleet path"},
    "aud.ze_band_value": {"nl": "{year}: {central} (van {high} tot {low}), {name}",
                          "en": "{year}: {central} (from {high} to {low}), {name}"},
    "aud.parking": {"nl": "Opbrengst straatparkeren", "en": "Street parking revenue"},
    "aud.change": {"nl": "{word} dan {base} ({diff}; {margin})",
                   "en": "{word} than {base} ({diff}; {margin})"},
    "aud.same": {"nl": "ongeveer gelijk aan {base} (verschil valt binnen de marge)",
                 "en": "about the same as {base} (the difference lies within the margin)"},
    "aud.more": {"nl": "meer", "en": "higher"},
    "aud.less": {"nl": "minder", "en": "lower"},
    "aud.paired": {"nl": "{diff} op de {n} herhalingen die beide hebben",
                   "en": "{diff} over the {n} replications both have"},
    "aud.higher": {"nl": "hoger", "en": "higher"},
    "aud.lower": {"nl": "lager", "en": "lower"},
    "aud.no_data": {"nl": "geen gegevens", "en": "no data"},
    "progress.read": {"nl": "mappen lezen", "en": "reading folders"},
    "progress.section": {"nl": "{name}", "en": "{name}"},
    # --- KPI names (comparison table) ---------------------------------------------------------
    "kpi.deliveries_total": {"nl": "Leveringen", "en": "Deliveries"},
    "kpi.deliveries_outside_window": {"nl": "Aankomst bij een dichte toegang",
                                      "en": "Arrivals at a closed entrance"},
    "kpi.deliveries_failed": {"nl": "Leveringen die uiteindelijk mislukten",
                              "en": "Deliveries that failed in the end"},
    "kpi.violations_total": {"nl": "Overtredingen door bezorgers",
                             "en": "Violations by delivery vehicles"},
    "kpi.fines_issued": {"nl": "Boetes aan bezorgers", "en": "Fines to delivery vehicles"},
    "kpi.fine_revenue_eur": {"nl": "Boetebedrag bezorgers (€)",
                             "en": "Fines paid by delivery vehicles (€)"},
    "kpi.other_violations_total": {"nl": "Overtredingen door andere auto's",
                                   "en": "Violations by other cars"},
    "kpi.other_fines_issued": {"nl": "Boetes aan andere auto's", "en": "Fines to other cars"},
    "kpi.compliance_rate": {"nl": "Inritten die mochten (%)",
                            "en": "Entries that were allowed (%)"},
    "kpi.vehicle_minutes_in_zone_open_hours": {
        "nl": "Voertuigminuten in het gebied terwijl winkels open zijn",
        "en": "Vehicle-minutes in the area while shops are open"},
    "kpi.ze_share_entries": {"nl": "Emissievrije inritten (%)",
                             "en": "Zero-emission entries (%)"},
    "kpi.co2_wtw_kg": {"nl": "CO₂ in het gebied, incl. brandstof- en stroomproductie (kg)",
                       "en": "CO₂ in the area, incl. fuel and power production (kg)"},
    "kpi.nox_g": {"nl": "Stikstofoxiden NOx in het gebied (g)", "en": "Nitrogen oxides NOx in the "
                  "area (g)"},
    "kpi.pm10_g": {"nl": "Fijnstof PM10 in het gebied (g)", "en": "Particulates PM10 in the area "
                   "(g)"},
    "kpi.carrier_extra_hours": {"nl": "Extra uren vervoerders", "en": "Extra hours for carriers"},
    "kpi.carrier_extra_cost_eur": {"nl": "Extra kosten vervoerders (€)",
                                   "en": "Extra cost for carriers (€)"},
    "kpi.vehicles_used": {"nl": "Voertuigen in de ritplanning (voertuigdagen)",
                          "en": "Vehicles in carriers' rounds (vehicle-days)"},
    "kpi.route_km": {"nl": "Kilometers van de ritten", "en": "Kilometres of the rounds"},
    "kpi.route_hours": {"nl": "Uren van de ritten", "en": "Hours of the rounds"},
    "kpi.cost_per_drop_eur": {"nl": "Kosten per afleveradres (€)",
                              "en": "Cost per drop (€)"},
    "kpi.deliveries_outside_receiving_hours": {
        "nl": "Leveringen buiten de ontvangsttijden van de winkel",
        "en": "Deliveries outside the shop's receiving hours"},
    "kpi.street_parking_revenue_eur_per_year": {"nl": "Opbrengst straatparkeren (€ per jaar)",
                                                "en": "Street parking revenue (€ a year)"},
    "kpi.street_evening_occupancy": {"nl": "Bezetting straatplaatsen 's avonds (%)",
                                     "en": "Street spaces taken in the evening (%)"},
    "kpi.evening_visitors": {"nl": "Bezoekers die na 18:00 parkeren",
                             "en": "Visitors parking after 18:00"},
    "kpi.bay_conflicts": {"nl": "Bestelauto's die een volle laad- en losplek vonden",
                          "en": "Vans finding a loading bay full"},
    # KPI names the comparison table does not show, for the workbook and other tables
    "kpi.deliveries_delivered": {"nl": "Leveringen afgeleverd", "en": "Deliveries made"},
    "kpi.deliveries_via_bay": {"nl": "Leveringen via een laad- en losplek",
                              "en": "Deliveries via a loading bay"},
    "kpi.deliveries_via_hub": {"nl": "Leveringen via de stadshub",
                              "en": "Deliveries via the city hub"},
    "kpi.deliveries_dropped": {"nl": "Leverpogingen uitgesteld naar een andere dag",
                              "en": "Delivery attempts put off to another day"},
    "kpi.deliveries_pending_at_end": {"nl": "Leveringen die na de periode nog komen",
                                     "en": "Deliveries still to come after the period"},
    "kpi.zone_entries_total": {"nl": "Inritten bezorgers", "en": "Entries by delivery vehicles"},
    "kpi.ze_share_zone_km": {"nl": "Emissievrije kilometers in het gebied (%)",
                            "en": "Zero-emission km in the zone (%)"},
    "kpi.ze_gap_entries": {"nl": "Afstand tot het doel: inritten niet emissievrij (%)",
                          "en": "Gap to the goal: entries not zero-emission (%)"},
    "kpi.vehicles_renewed": {"nl": "Voertuigen vervangen omdat de zone ze weerde",
                            "en": "Vehicles replaced because the zone shut them out"},
    "kpi.day_exemptions_used": {"nl": "Dagontheffingen gebruikt", "en": "Day exemptions used"},
    "kpi.violations_detected": {"nl": "Overtredingen bezorgers vastgelegd door een camera",
                               "en": "Violations by delivery vehicles recorded by a camera"},
    "kpi.warnings_issued": {"nl": "Waarschuwingsbrieven aan bezorgers",
                           "en": "Warning letters to delivery vehicles"},
    "kpi.other_warnings_issued": {"nl": "Waarschuwingsbrieven aan andere auto's",
                                 "en": "Warning letters to other cars"},
    "kpi.plates_written_to": {"nl": "Kentekens bezorgers met een brief",
                              "en": "Delivery plates written to"},
    "kpi.repeat_offender_plates": {"nl": "Kentekens bezorgers met twee of meer brieven",
                                   "en": "Delivery plates with two or more letters"},
    "kpi.plates_3plus_letters": {"nl": "Kentekens bezorgers met drie of meer brieven",
                                 "en": "Delivery plates with three or more letters"},
    "kpi.plates_5plus_letters": {"nl": "Kentekens bezorgers met vijf of meer brieven",
                                 "en": "Delivery plates with five or more letters"},
    "kpi.first_letter_share": {"nl": "Brieven aan bezorgers die de eerste waren (%)",
                               "en": "Letters to deliveries that were a plate's first (%)"},
    "kpi.other_plates_written_to": {"nl": "Kentekens andere auto's met een brief",
                                    "en": "Other cars' plates written to"},
    "kpi.other_repeat_offender_plates": {"nl": "Kentekens andere auto's met twee of meer brieven",
                                         "en": "Other cars' plates with two or more letters"},
    "kpi.other_plates_3plus_letters": {"nl": "Kentekens andere auto's met drie of meer brieven",
                                       "en": "Other cars' plates with three or more letters"},
    "kpi.other_plates_5plus_letters": {"nl": "Kentekens andere auto's met vijf of meer brieven",
                                       "en": "Other cars' plates with five or more letters"},
    "kpi.other_first_letter_share": {"nl": "Brieven aan andere auto's die de eerste waren (%)",
                                     "en": "Letters to other cars that were a plate's first (%)"},
    "kpi.ze_zone_violations": {"nl": "Overtredingen van de ZE-zone",
                              "en": "Violations of the zero-emission zone"},
    "kpi.vehicle_km_in_zone": {"nl": "Kilometers bezorgers in het gebied",
                              "en": "Km by delivery vehicles in the zone"},
    "kpi.co2_ttw_kg": {"nl": "CO₂ in het gebied, van tank tot wiel (kg)",
                      "en": "CO₂ in the zone, tank to wheel (kg)"},
    "kpi.vehicle_km_trip": {"nl": "Kilometers bezorgers, hele rit",
                           "en": "Km by delivery vehicles, whole trip"},
    "kpi.co2_wtw_kg_trip": {"nl": "CO₂ hele rit, van bron tot wiel (kg)",
                           "en": "CO₂ whole trip, well to wheel (kg)"},
    "kpi.co2_ttw_kg_trip": {"nl": "CO₂ hele rit, van tank tot wiel (kg)",
                           "en": "CO₂ whole trip, tank to wheel (kg)"},
    "kpi.nox_g_trip": {"nl": "Stikstofoxiden NOx, hele rit (g)",
                      "en": "Nitrogen oxides NOx, whole trip (g)"},
    "kpi.pm10_g_trip": {"nl": "Fijnstof PM10, hele rit (g)",
                       "en": "Particulate matter PM10, whole trip (g)"},
    "kpi.other_entries_total": {"nl": "Inritten andere auto's", "en": "Entries by other cars"},
    "kpi.other_violations_detected": {
        "nl": "Overtredingen andere auto's vastgelegd door een camera",
        "en": "Violations by other cars recorded by a camera"},
    "kpi.other_fine_revenue_eur": {"nl": "Boetebedrag andere auto's (€)",
                                  "en": "Fines to other cars (€)"},
    "kpi.other_vehicle_km_in_zone": {"nl": "Kilometers andere auto's in het gebied",
                                    "en": "Km by other cars in the zone"},
    "kpi.other_co2_ttw_kg": {"nl": "CO₂ andere auto's in het gebied, van tank tot wiel (kg)",
                            "en": "CO₂ of other cars in the zone, tank to wheel (kg)"},
    "kpi.other_nox_g": {"nl": "Stikstofoxiden NOx andere auto's in het gebied (g)",
                       "en": "Nitrogen oxides NOx of other cars in the zone (g)"},
    "kpi.street_parking_revenue_eur": {"nl": "Opbrengst straatparkeren (€)",
                                      "en": "Street parking revenue (€)"},
    "kpi.garage_revenue_eur": {"nl": "Opbrengst parkeergarages (€)", "en": "Garage revenue (€)"},
    "kpi.street_parking_peak_occupancy": {"nl": "Hoogste bezettingsgraad straatplaatsen (%)",
                                         "en": "Highest street occupancy (%)"},
    "kpi.visitors_parked": {"nl": "Bezoekers die een parkeerplaats vonden",
                           "en": "Visitors who found a parking place"},
    "kpi.visitors_lost": {"nl": "Bezoekers die geen plek vonden en weggingen",
                         "en": "Visitors who found no place and left"},
    "kpi.parking_search_minutes": {"nl": "Zoekverkeer: minuten zoeken naar een plek",
                                  "en": "Searching: minutes looking for a place"},
    "kpi.bays_taken_by_cars": {"nl": "Auto's op een laad- en losplek",
                              "en": "Cars on a loading bay"},
    "kpi.delivery_minutes_lost_to_bays": {"nl": "Minuten wachten op een laad- en losplek",
                                         "en": "Minutes waiting for a loading bay"},
    "kpi.vehicles_hired": {"nl": "Ingehuurde voertuigen (voertuigdagen)",
                          "en": "Hired vehicles (vehicle-days)"},
    "kpi.round_trips": {"nl": "Laadbeurten bij het depot", "en": "Loads from the depot"},
    "kpi.share_stops_windowed": {"nl": "Deel van de stops in een centrum met venstertijden (%)",
                                 "en": "Share of stops in a centre with a goods window (%)"},
    "kpi.route_km_in_zone": {"nl": "Kilometers van de ritten in het gebied",
                            "en": "Km of the rounds in the zone"},
    "kpi.route_km_outside_zone": {"nl": "Kilometers van de ritten buiten het gebied",
                                 "en": "Km of the rounds outside the zone"},
    "kpi.route_cost_eur": {"nl": "Kosten van de ritten (€)", "en": "Cost of the rounds (€)"},
    "kpi.planned_outside_window": {"nl": "Stops gepland buiten de venstertijden",
                                  "en": "Stops planned outside the window times"},
    # --- map ------------------------------------------------------------------------------------
    "map.intro": {
        "nl": "De kaart toont het voetgangersgebied en zijn toegangen. Per toegang: hoeveel "
              "voertuigen er gemiddeld per dag inrijden (blauwe cirkel, ‘in’) en hoeveel van "
              "hen op dat moment niet naar binnen mochten (oranje, ‘overtr.’), bezorgers en "
              "andere auto's samen. Toegangen met een kentekencamera in dit scenario zijn "
              "zwart, toegangen zonder camera wit. De kaart is met de hand getekend en bij "
              "benadering (±150 m).",
        "en": "The map shows the pedestrian area and its entrances. For each entrance: how many "
              "vehicles drive in per day on average (blue circle, ‘in’) and how many of them "
              "were not allowed at that moment (orange, ‘viol.’), delivery vehicles and other "
              "cars together. Entrances with a number-plate camera in this scenario are black, "
              "entrances without one white. The map is hand-drawn and approximate (±150 m).",
    },
    "map.title": {
        "nl": "{name}: inritten en overtredingen per dag, per toegang",
        "en": "{name}: entries and violations per day, by entrance",
    },
    "cap.map": {
        "nl": "{name}: inritten (blauw) en overtredingen (oranje) per dag per toegang; "
              "{cameras} toegangen met kentekencamera.",
        "en": "{name}: entries (blue) and violations (orange) per day by entrance; {cameras} "
              "entrances with a number-plate camera.",
    },
    "map.no_geo": {
        "nl": "Geen kaart voor {name}: het kaartbestand {path} is niet gevonden.",
        "en": "No map for {name}: the map file {path} was not found.",
    },
    # --- hours --------------------------------------------------------------------------------
    "hours.intro": {
        "nl": "Per uur van de dag, gemiddeld per dag: lichtblauwe staven zijn goederenvoertuigen "
              "die mochten inrijden, oranje staven reden erin terwijl het niet mocht. De zwarte "
              "lijn laat zien wanneer voertuigen bij een toegang aankomen: waar die boven de "
              "staven uitkomt, stond de toegang dicht en moest de chauffeur wachten, later "
              "terugkomen of buiten het gebied lossen. Groene vlakken zijn de venstertijden "
              "van een gewone bestelauto op maandag; gearceerd zijn uren die alleen open zijn "
              "voor emissievrije voertuigen met een ontheffing. Winkels zijn doordeweeks open "
              "van {open} tot {close}, op vrijdag (koopavond) tot {friday_close}.",
        "en": "By hour of the day, averaged per day: light blue bars are goods vehicles that "
              "were allowed in, orange bars drove in when they were not. The black line shows "
              "when vehicles arrive at an entrance: where it rises above the bars, the entrance "
              "was closed and the driver had to wait, come back later or unload outside the "
              "area. Green areas are the window times of an ordinary van on a Monday; hatched "
              "hours are open only to zero-emission vehicles with an exemption (ontheffing). "
              "Shops open {open}–{close} on weekdays, until {friday_close} on Friday "
              "(koopavond).",
    },
    "chart.hours.title": {"nl": "{name}: goederenvoertuigen per uur van de dag",
                          "en": "{name}: goods vehicles by hour of the day"},
    "chart.hours.x": {"nl": "uur van de dag", "en": "hour of the day"},
    "chart.hours.y": {"nl": "voertuigen per dag (gemiddeld)", "en": "vehicles per day (mean)"},
    "chart.hours.allowed": {"nl": "inritten binnen het venster", "en": "entries in the window"},
    "chart.hours.violations": {"nl": "inritten buiten het venster (overtreding)",
                               "en": "entries outside the window (violation)"},
    "chart.hours.arrivals": {"nl": "aankomst bij een toegang", "en": "arrivals at an entrance"},
    "chart.hours.window": {"nl": "venster gewone bestelauto (ma–do)",
                           "en": "window, ordinary van (Mon–Thu)"},
    "chart.hours.ze": {"nl": "alleen emissievrij met ontheffing",
                       "en": "zero-emission with exemption only"},
    "cap.hours": {
        "nl": "{name}: goederenvoertuigen per uur tegen de venstertijden (groen).",
        "en": "{name}: goods vehicles by hour against the window times (green).",
    },
    # --- weeks --------------------------------------------------------------------------------
    "weeks.intro": {
        "nl": "Hoeveel voertuigen per week het gebied inrijden terwijl het niet mag, en hoeveel "
              "boetes en waarschuwingen volgen. Over meerdere weken laat dit zien hoe "
              "chauffeurs leren: wie een boete of waarschuwing kreeg, waagt het minder snel "
              "opnieuw.",
        "en": "How many vehicles a week enter the area when they may not, and how many fines "
              "and warnings follow. Over several weeks this shows how drivers learn: whoever "
              "got a fine or a warning is less likely to try again.",
    },
    "weeks.one_week": {
        "nl": "{name}: één week gesimuleerd; voor het leereffect zijn meer weken nodig "
              "(bijvoorbeeld `venster run --weeks 12`).",
        "en": "{name}: one week simulated; the learning effect needs more weeks "
              "(for example `venster run --weeks 12`).",
    },
    "chart.weeks.title": {"nl": "{name}: overtredingen en boetes per week",
                          "en": "{name}: violations and fines by week"},
    "chart.weeks.goods": {"nl": "bezorgers", "en": "delivery vehicles"},
    "chart.weeks.other": {"nl": "andere auto's", "en": "other cars"},
    "chart.weeks.x": {"nl": "week", "en": "week"},
    "chart.weeks.y": {"nl": "aantal per week (gemiddeld)", "en": "number per week (mean)"},
    "chart.weeks.violations": {"nl": "overtredingen", "en": "violations"},
    "chart.weeks.fines": {"nl": "boetes", "en": "fines"},
    "chart.weeks.warnings": {"nl": "waarschuwingen", "en": "warnings"},
    "chart.weeks.ze_warnings": {"nl": "waarschuwingen zero-emissiezone",
                                "en": "zero-emission-zone warnings"},
    "cap.weeks": {"nl": "{name}: overtredingen, boetes en waarschuwingen per week.",
                  "en": "{name}: violations, fines and warnings by week."},
    # --- zero emission ------------------------------------------------------------------------
    "ze.intro": {
        "nl": "Het aandeel emissievrije goederenvoertuigen (elektrisch, waterstof, bakfiets) "
              "onder de inritten en onder de gereden kilometers in het gebied, per scenario met "
              "de marge, tegen het doel: volledig emissievrije bevoorrading vanaf 2025.",
        "en": "The share of zero-emission goods vehicles (electric, hydrogen, cargo bike) among "
              "the entries and among the kilometres driven in the area, per scenario with a 95% "
              "interval, against the goal: fully emission-free supply from 2025.",
    },
    "ze.basis": {
        "nl": "Waar het aandeel op rust: de voertuigen per soort leverancier en per jaar komen "
              "uit landelijke tellingen (RDW, CBS) maal hoe ver dat soort bedrijf voorloopt, en "
              "uit wat pakketbezorgers en groothandels zelf over hun wagenpark melden "
              "(docs/fleet.md). Vervoerders die de zone buitensluit, kiezen het goedkoopste "
              "voertuig dat nog binnen mag: tot het einde van de overgangsregeling vaak een "
              "jongere diesel, daarna een elektrisch voertuig. Het aandeel van 2025 is getoetst "
              "aan Utrecht (12% emissievrij verkeer in de zone, 2025).",
        "en": "What the share rests on: the vehicles of each kind of supplier and year come from "
              "national counts (RDW, CBS) times how far that kind of firm is ahead, and from "
              "what parcel carriers and wholesalers report on their own fleets (docs/fleet.md). "
              "Carriers the zone shuts out buy the cheapest vehicle it still lets in: until the "
              "transition ends often a younger diesel, after it an electric one. The 2025 share "
              "is checked against Utrecht (12% zero-emission traffic in its zone, 2025).",
    },
    "ze.years": {
        "nl": "Rechts: {names} jaar voor jaar (uit years.csv), steeds een week in oktober.",
        "en": "Right: {names} year by year (from years.csv), each a week in October.",
    },
    "ze.no_years": {
        "nl": "Het verloop per jaar staat hier als u ook de uitvoermap van `venster years` "
              "opgeeft (die rekent een scenario jaar voor jaar door), bijvoorbeeld "
              "`venster report MAP1 MAP2 results/assen-timeline-years`.",
        "en": "The path by year appears here when you also give the output folder of "
              "`venster years` (which computes a scenario year by year), for example "
              "`venster report DIR1 DIR2 results/assen-timeline-years`.",
    },
    "chart.ze.title": {"nl": "Aandeel emissievrij per scenario",
                       "en": "Zero-emission share by scenario"},
    "chart.ze.years_title": {"nl": "Aandeel emissievrij per jaar",
                             "en": "Zero-emission share by year"},
    "chart.ze.y": {"nl": "aandeel goederenvoertuigen (%)", "en": "share of goods vehicles (%)"},
    "chart.ze.entries": {"nl": "van de inritten", "en": "of entries"},
    "chart.ze.km": {"nl": "van de km in het gebied", "en": "of km in the area"},
    "chart.ze.goal": {"nl": "doel 2025: 100% emissievrij", "en": "2025 goal: 100% zero emission"},
    "chart.ze.year_x": {"nl": "jaar (een week in oktober)", "en": "year (a week in October)"},
    "cap.ze": {"nl": "Aandeel emissievrije goederenvoertuigen tegen het doel van 2025.",
               "en": "Share of zero-emission goods vehicles against the 2025 goal."},
    # --- emissions ----------------------------------------------------------------------------
    "em.intro": {
        "nl": "Uitstoot van goederenvoertuigen in het gebied per week, per soort voertuig. CO₂ "
              "is hier ‘van bron tot wiel’: ook de uitstoot bij het maken van diesel of stroom "
              "telt mee, daarom hebben elektrische voertuigen een kleine CO₂-waarde. "
              "Stikstofoxiden (NOx) komen alleen uit de uitlaat. Groen = emissievrij.",
        "en": "Emissions of goods vehicles in the area per week, by kind of vehicle. CO₂ is "
              "‘well to wheel’ here: making the diesel or electricity counts too, which is why "
              "electric vehicles have a small CO₂ value. Nitrogen oxides (NOx) come from the "
              "exhaust only. Green = zero emission.",
    },
    "chart.em.title": {"nl": "{name}: uitstoot in het gebied per soort voertuig",
                       "en": "{name}: emissions in the area by kind of vehicle"},
    "chart.em.co2": {"nl": "CO₂ van bron tot wiel (kg per week)", "en": "CO₂ well to wheel (kg per "
                     "week)"},
    "chart.em.nox": {"nl": "NOx (g per week)", "en": "NOx (g per week)"},
    "chart.em.ze": {"nl": "emissievrij", "en": "zero emission"},
    "chart.em.fossil": {"nl": "diesel, benzine of hybride", "en": "diesel, petrol or hybrid"},
    "cap.em": {"nl": "{name}: CO₂ en NOx in het gebied per soort voertuig.",
               "en": "{name}: CO₂ and NOx in the area by kind of vehicle."},
    # --- carriers -----------------------------------------------------------------------------
    "car.intro": {
        "nl": "Wat de regels vervoerders kosten, per soort leverancier: extra uren (wachten op "
              "het venster, wegrijden en terugkomen, lopen vanaf een laad- en losplek buiten "
              "het gebied, opnieuw bezorgen) en extra kilometers, per week.",
        "en": "What the rules cost carriers, by kind of supplier: extra hours (waiting for the "
              "window, driving off and coming back, walking from a loading bay outside the area, "
              "delivering again) and extra kilometres, per week.",
    },
    "chart.car.title": {"nl": "{name}: extra uren en kilometers per soort leverancier",
                        "en": "{name}: extra hours and kilometres by kind of supplier"},
    "chart.car.hours": {"nl": "extra uren per week", "en": "extra hours per week"},
    "chart.car.km": {"nl": "extra km per week", "en": "extra km per week"},
    "cap.car": {"nl": "{name}: extra uren en kilometers van vervoerders.",
                "en": "{name}: extra hours and kilometres of carriers."},
    # --- shops --------------------------------------------------------------------------------
    "shop.intro": {
        "nl": "Per soort winkel: welk deel van de leveringen van het gebruikelijke tijdstip "
              "verschuift (de chauffeur moest wachten, later terugkomen, een andere dag komen of "
              "via een stadshub leveren), en welk deel wordt afgeleverd terwijl de winkel open is "
              "(dan staan er bestelauto's tussen het winkelend publiek).",
        "en": "By type of shop: which part of the deliveries moves away from its usual time "
              "(the driver had to wait, come back later, come another day or deliver via the "
              "hub), and which part arrives while the shop is open (vans among the shoppers).",
    },
    "chart.shop.moved": {"nl": "verschoven van het gebruikelijke tijdstip",
                         "en": "moved from the usual time"},
    "chart.shop.open": {"nl": "afgeleverd terwijl de winkel open is",
                        "en": "delivered while the shop is open"},
    "chart.shop.x": {"nl": "deel van de leveringen (%)", "en": "share of deliveries (%)"},
    "chart.shop.title_all": {"nl": "Gevolgen per soort winkel, per scenario",
                             "en": "Impacts by type of shop, by scenario"},
    "cap.shop": {"nl": "Verschoven leveringen en leveringen tijdens openingstijd per soort "
                       "winkel, naast elkaar voor {name}, op dezelfde schaal.",
                 "en": "Moved deliveries and deliveries during opening hours by type of shop, "
                       "side by side for {name}, on the same scale."},
    # --- parking ------------------------------------------------------------------------------
    "park.intro": {
        "nl": "Bezetting van de parkeerplaatsen op straat per uur, per soort dag (gemiddeld), "
              "met de opbrengst. Blauw gekleurd: de uren waarin op maandag tot en met donderdag "
              "betaald moet worden.",
        "en": "Share of street parking spaces taken by hour, by kind of day (mean), with the "
              "revenue. Shaded blue: the hours that are paid on Monday to Thursday.",
    },
    "park.none": {"nl": "{name}: parkeren is in deze scenario's niet gesimuleerd.",
                  "en": "{name}: parking is not simulated in these scenarios."},
    "park.no_table": {
        "nl": "{name}: geen bezettingstabel (figures/parking_occupancy_by_hour.csv ontbreekt).",
        "en": "{name}: no occupancy table (figures/parking_occupancy_by_hour.csv is missing).",
    },
    "park.facts": {
        "nl": "{name}: straatparkeren {street} per jaar, garages {garage} per jaar; "
              "hoogste bezetting op straat {peak}; {lost} bezoekers per week vonden geen plek.",
        "en": "{name}: street parking {street} a year, garages {garage} a year; highest street "
              "occupancy {peak}; {lost} visitors a week found no space.",
    },
    "chart.park.title": {"nl": "{name}: bezetting parkeerplaatsen op straat per uur",
                         "en": "{name}: street parking occupancy by hour"},
    "chart.park.y": {"nl": "bezette straatplaatsen (%)", "en": "street spaces taken (%)"},
    "chart.park.paid": {"nl": "betaald parkeren ma–do", "en": "paid parking Mon–Thu"},
    "cap.park": {"nl": "{name}: bezetting straatparkeren per uur en soort dag.",
                 "en": "{name}: street parking occupancy by hour and kind of day."},
    # --- missing data ---------------------------------------------------------------------
    "missing.table": {
        "nl": "{name}: geen gegevens voor dit onderdeel (tables/{table}.csv ontbreekt). "
              "Batchvarianten bewaren deze tabellen niet; maak een run met `venster run` om "
              "ze te krijgen.",
        "en": "{name}: no data for this part (tables/{table}.csv is missing). Batch variants "
              "keep no such tables; make a run with `venster run` to get them.",
    },
    "missing.scenario": {
        "nl": "{name}: het scenario kon niet worden gelezen, dus dit onderdeel ontbreekt.",
        "en": "{name}: the scenario could not be read, so this part is missing.",
    },
    "missing.fig_write": {
        "nl": "Let op: de figuren konden niet in {path} worden opgeslagen ({error}); ze staan "
              "wel in dit rapport.",
        "en": "Note: the figures could not be saved in {path} ({error}); they are in this "
              "report all the same.",
    },
    # --- sources ------------------------------------------------------------------------------
    "src.intro": {
        "nl": "De simulatie rust op openbare gegevens en op eigen aannames. Hieronder staat wat "
              "elk scenario gebruikt, waar het vandaan komt, en wat een aanname van ons is: een "
              "redelijke schatting waar geen bron voor was. Wie beter weet, past de waarde aan "
              "in het scenariobestand en rekent opnieuw. Alle bronnen staan ook in DATA.md van "
              "het project; het volledige scenario van een simulatierun staat in "
              "scenario.resolved.yaml in de uitvoermap van die run.",
        "en": "The simulation rests on public data and on our own assumptions. Below is what "
              "each scenario uses, where it comes from, and what is an assumption of ours: a "
              "reasonable estimate where no source was found. If you know better, change the "
              "value in the scenario file and run again. All sources are also in the project's "
              "DATA.md; a run's full scenario is in scenario.resolved.yaml in its run folder.",
    },
    "src.settings": {"nl": "Instellingen per scenario", "en": "Settings per scenario"},
    "src.col.scenario": {"nl": "Scenario", "en": "Scenario"},
    "src.col.windows": {"nl": "Venstertijden (gewone bestelauto)",
                        "en": "Window times (ordinary van)"},
    "src.col.cameras": {"nl": "Kentekencamera's", "en": "Cameras"},
    "src.col.read": {"nl": "Leesgraad", "en": "Read rate"},
    "src.col.fine": {"nl": "Boete bestelauto", "en": "Fine, van"},
    "src.col.zez": {"nl": "Zero-emissiezone", "en": "Zero-emission zone"},
    "src.col.parking": {"nl": "Parkeren", "en": "Parking"},
    "src.yes": {"nl": "ja", "en": "yes"},
    "src.no": {"nl": "nee", "en": "no"},
    "src.windows": {"nl": "Venstertijden, ontheffingen en winkeltijden",
                    "en": "Window times, exemptions and shop hours"},
    "src.w_rules": {
        "nl": "Venstertijden in {names}: {rules} ({source}).",
        "en": "Window times in {names}: {rules} ({source}).",
    },
    "src.x_rules": {
        "nl": "Ontheffingen in {names}: {rules} ({source}).",
        "en": "Exemptions (ontheffingen) in {names}: {rules} ({source}).",
    },
    "src.w_own": {
        "nl": "{names}: eigen variant van de venstertijden, geen besluit van de gemeente: "
              "{rules}.",
        "en": "{names}: a variant of the window times of our own, not a council decision: "
              "{rules}.",
    },
    "src.why2023": {
        "nl": "Waarom de vensters in 2023 korter werden: in andere noordelijke steden eindigt "
              "het venster om 11.00 of 12.00 uur en is er geen avondvenster, dus deden "
              "vervoerders Assen als laatste en kwamen veel leveringen aan het eind van het "
              "venster (12.00–13.00 uur) "
              "(RTV Drenthe, oktober 2022).",
        "en": "Why the windows were shortened in 2023: in other northern cities the window "
              "ends at 11:00 or 12:00 and there is no evening window, so carriers served Assen "
              "last and many "
              "deliveries arrived at the window's end (12:00–13:00) (RTV Drenthe, October "
              "2022).",
    },
    "src.shop_hours": {
        "nl": "Winkeltijden: sluiting ma–do {close}, vrijdag (koopavond) {friday_close}, "
              "zaterdag {saturday_close} (CVDR24760); zondag {sunday} (nieuwsbericht). Opening "
              "om {open} is een aanname.",
        "en": "Shop hours: closing Mon–Thu {close}, Friday (koopavond) {friday_close}, Saturday "
              "{saturday_close} (CVDR24760); Sunday {sunday} (news report). Opening at {open} "
              "is an assumption.",
    },
    "src.cameras": {"nl": "Kentekencamera's en boetes", "en": "Cameras and fines"},
    "src.cam_count": {
        "nl": "Assen heeft 13 kentekencamera's: drie rond De Brink sinds oktober 2016 en tien "
              "sinds 1 januari 2023, eerst alleen met waarschuwingen "
              "(assen.nl/anpr-kentekencameras).",
        "en": "Assen has 13 number-plate cameras: three around De Brink since October 2016 and "
              "ten since 1 January 2023, at first with warnings only "
              "(assen.nl/anpr-kentekencameras).",
    },
    "src.cam_how": {
        "nl": "Elk gelezen kenteken wordt vergeleken met de lijst van voertuigen die erin "
              "mogen; zo niet, dan gaat een foto naar het CJIB, dat de boete stuurt (assen.nl).",
        "en": "Every plate read is checked against the list of vehicles allowed in; if it is "
              "not on it, a photo goes to the CJIB, which sends the fine (assen.nl).",
    },
    "src.cam_read": {
        "nl": "Leesgraad: leveranciers noemen ‘boven 96%’, onderzoeken 90–99,9% (Geutebrück; "
              "videodatapad; q-free.com).",
        "en": "Read rate: vendors say ‘above 96%’, surveys 90–99.9% (Geutebrück; videodatapad; "
              "q-free.com).",
    },
    "src.cam_outage": {
        "nl": "In maart 2023 waren vier camera's (Weierspoort, Kerkstraat, Oude Molenstraat, "
              "Mercurius) wekenlang weg door vervanging van lantaarnpalen (RTV Drenthe); de "
              "precieze data zijn een aanname.",
        "en": "In March 2023 four cameras (Weierspoort, Kerkstraat, Oude Molenstraat, "
              "Mercurius) were removed for weeks while lamp posts were replaced (RTV Drenthe); "
              "the exact dates are an assumption.",
    },
    "src.warn_period": {
        "nl": "Waarschuwingsperiode: brieven zonder boete {period}; {named}. Elke zone begint "
              "zo: Assen 2023 waarschuwde maanden, de Brink begon met waarschuwingsbrieven, en "
              "een zero-emissiezone heeft minstens zes boetevrije maanden (Rijksoverheid "
              "2025).",
        "en": "Warning period: letters without a fine {period}; {named}. Every zone starts "
              "this way: Assen 2023 warned for months, the Brink began with warning letters, and "
              "a zero-emission zone has at least six fine-free months (Rijksoverheid 2025).",
    },
    "src.warn_named": {"nl": "de brief noemt de dag waarop boetes beginnen",
                       "en": "the letter names the day fines start"},
    "src.warn_unnamed": {
        "nl": "de brief zegt alleen dat boetes volgen (in maart 2023 was de startdatum nog niet "
              "bekend, RTV Drenthe); wie er een kreeg verwacht boetes na {days} dagen "
              "(aanname)",
        "en": "the letter says only that fines will follow (in March 2023 their start was not "
              "yet known, RTV Drenthe); who got one expects fines {days} days later "
              "(assumption)"},
    "src.first_offence": {
        "nl": "Eerste overtreding per kenteken een waarschuwing, boete vanaf de tweede, zoals "
              "in Dordrecht en Leiden (dordtcentraal.nl; gemeente.leiden.nl).",
        "en": "First offence per plate a warning, a fine from the second, as in Dordrecht and "
              "Leiden (dordtcentraal.nl; gemeente.leiden.nl).",
    },
    "src.campaign": {
        "nl": "Campagne op {date}: {carriers} van de vervoerders krijgt een brief, {drivers} "
              "van de andere vaste bestuurders hoort ervan{signs} (aanname).",
        "en": "Campaign on {date}: {carriers} of carriers get a letter, {drivers} of other "
              "regular drivers hear of it{signs} (assumption).",
    },
    "src.campaign_signs": {"nl": "; extra borden: {share} van wie de regel niet kent keert om",
                           "en": "; extra signs: {share} of drivers who do not know the rule "
                                 "turn"},
    "src.motives": {
        "nl": "Waarom bestuurders zich eraan houden (aanname, docs/deterrence.md): wie de regel "
              "kent en regels volgt blijft buiten ({norm} van de andere bestuurders; bij "
              "bezorgers het deel ‘houdt zich altijd aan het venster’ per soort vervoerder); de "
              "rest weegt de verwachte boete. Een brief leert de regel; een waarschuwing "
              "kondigt boetes aan. In Dordrecht deed de meeste bestuurders na één officiële "
              "waarschuwing het niet opnieuw (dordtcentraal.nl); op de Brink wisten veel "
              "overtreders niet dat ze in overtreding waren (2018).",
        "en": "Why drivers comply (assumption, docs/deterrence.md): who knows the rule and "
              "follows rules stays out ({norm} of other drivers; for deliveries each kind of "
              "carrier's ‘always keeps to the window’ share); the rest weigh the expected fine. "
              "A letter teaches the rule; a warning announces fines. In Dordrecht most drivers "
              "did not offend again after one official warning (dordtcentraal.nl); at the Brink "
              "many offenders had not known they were in the wrong (2018).",
    },
    "src.fines": {
        "nl": "Boete: in Assen kreeg een horecaondernemer in 2019 {fine} (RTV Drenthe); elders "
              "€ 150 (Dordrecht) en € 160 (Heerlen), plus {fee} administratiekosten "
              "(boete.nu). In de zone 2025: {ze_van} voor een bestelauto, {ze_truck} voor een "
              "vrachtauto (autoblog.nl).",
        "en": "Fine: in Assen a restaurant owner paid {fine} in 2019 (RTV Drenthe); elsewhere "
              "€150 (Dordrecht) and €160 (Heerlen), plus {fee} administration costs (boete.nu). "
              "In the 2025 zone: {ze_van} for a van, {ze_truck} for a truck (autoblog.nl).",
    },
    "src.foreign": {
        "nl": "Buitenlandse kentekens zijn met camera's in de praktijk niet te beboeten; in "
              "Rotterdam gaat het om ongeveer 3% van de voertuigen (RD).",
        "en": "Foreign plates cannot in practice be fined by camera; in Rotterdam they are "
              "about 3% of vehicles (RD).",
    },
    "src.cam_assume": {
        "nl": "Aanname: {loss} van de zaken raakt zoek bij de verwerking, de boete volgt na "
              "{dmin}–{dmax} dagen; een camera valt gemiddeld eens per {between} uur uit, "
              "{down} uur lang.",
        "en": "Assumption: {loss} of cases are lost in processing, the fine follows after "
              "{dmin}–{dmax} days; a camera breaks down on average once every {between} "
              "hours, for {down} hours.",
    },
    "src.ze": {"nl": "Zero-emissiezone", "en": "Zero-emission zone"},
    "src.ze_none": {
        "nl": "In {names} geldt (nog) geen zero-emissiezone.",
        "en": "In {names} there is no zero-emission zone (yet).",
    },
    "src.ze_rules": {
        "nl": "Landelijke regels vanaf 1 januari 2025: nieuwe bestelauto's en vrachtauto's "
              "moeten emissievrij zijn; Euro 5-bestelauto's mogen tot 1 januari 2027, Euro 6 "
              "tot 1 januari 2028 (met de wetswijziging van 2025 tot 2029); Euro VI-"
              "vrachtauto's tot 2028 of 2030; vanaf 2030 moet alles emissievrij zijn "
              "(evofenedex; rijksoverheid.nl). Minstens zes maanden alleen waarschuwingen "
              "(rijksoverheid.nl).",
        "en": "National rules from 1 January 2025: new vans and trucks must be zero-emission; "
              "Euro 5 vans may enter until 1 January 2027, Euro 6 until 1 January 2028 (2029 "
              "after the 2025 law change); Euro VI trucks until 2028 or 2030; from 2030 "
              "everything must be zero-emission (evofenedex; rijksoverheid.nl). At least six "
              "months of warnings only (rijksoverheid.nl).",
    },
    "src.ze_dayex": {
        "nl": "Tot {days} dagontheffingen per jaar per voertuig (autoreview.nl); wat het gebruik "
              "ervan kost (in {names}: {cost}) is een aanname.",
        "en": "Up to {days} day exemptions a year per vehicle (autoreview.nl); what using one "
              "costs (in {names}: {cost}) is an assumption.",
    },
    "src.ze_assen": {
        "nl": "Assen tekende in februari 2021 de Green Deal Zero-Emissie Stadslogistiek en "
              "plande de zone vanaf 1 januari 2025 (RTV Drenthe; assen.nl/zero-emissiezone). "
              "Subsidie: tot € 5.000 per emissievrije bestelauto.",
        "en": "Assen signed the Green Deal on zero-emission city logistics in February 2021 and "
              "planned the zone from 1 January 2025 (RTV Drenthe; assen.nl/zero-emissiezone). "
              "Subsidy: up to €5,000 per zero-emission van.",
    },
    "src.ze_fleet": {
        "nl": "Aanname: hoe snel vervoerders hun wagenpark vervangen door emissievrije "
              "voertuigen (per jaar, per soort leverancier), en wanneer ze een voertuig "
              "vervangen omdat de zone het buitensluit.",
        "en": "Assumption: how fast carriers replace their fleet with zero-emission vehicles "
              "(by year and kind of supplier), and when they renew a vehicle because the zone "
              "shuts it out.",
    },
    "src.hub": {
        "nl": "Hub ({names}): de kosten per levering ({cost}) en de vertraging ({delay} "
              "minuten) zijn aannames.",
        "en": "Hub ({names}): the cost per delivery ({cost}) and the delay ({delay} minutes) "
              "are assumptions.",
    },
    "src.emissions": {"nl": "Uitstootfactoren", "en": "Emission factors"},
    "src.em_diesel": {
        "nl": "Diesel: 2,6 kg CO₂ per liter uit de uitlaat, 3,2 kg inclusief de productie (TLN); "
              "een dieselbestelauto ≈ 257 g CO₂/km (evofenedex), een vrachtauto ≈ 1,07 kg/km "
              "(33 l/100 km, evofenedex).",
        "en": "Diesel: 2.6 kg CO₂ per litre from the exhaust, 3.2 kg including production "
              "(TLN); a diesel van ≈ 257 g CO₂/km (evofenedex), a truck ≈ 1.07 kg/km "
              "(33 l/100 km, evofenedex).",
    },
    "src.em_power": {
        "nl": "Stroom: {grid} g CO₂ per kWh (Nederlandse mix 2021, CE Delft); een elektrische "
              "bestelauto gebruikt 16–25 kWh per 100 km (autoreview.nl).",
        "en": "Electricity: {grid} g CO₂ per kWh (Dutch mix 2021, CE Delft); an electric van uses "
              "16–25 kWh per 100 km (autoreview.nl).",
    },
    "src.em_nox": {
        "nl": "NOx en PM10 van vrachtauto's: Nederlandse factoren voor stadsverkeer (SRM1, "
              "mobiliteitsscan-info.nl); Euro 5-dieselbestelauto's stoten in de praktijk 5 tot "
              "6 keer de norm uit (TNO). Aanname: PM10 van bestelauto's, NOx van nieuwere "
              "bestelauto's, waterstofverbruik per km.",
        "en": "NOx and PM10 of trucks: Dutch factors for urban traffic (SRM1, "
              "mobiliteitsscan-info.nl); Euro 5 diesel vans emit 5 to 6 times the limit in "
              "real driving (TNO). Assumption: PM10 of vans, NOx of newer vans, hydrogen use "
              "per km.",
    },
    "src.em_table": {"nl": "Factoren per km in {name} (rijden in de stad):",
                     "en": "Factors per km in {name} (urban driving):"},
    "src.col.vehicle": {"nl": "Voertuig", "en": "Vehicle"},
    "src.col.co2_ttw": {"nl": "CO₂ uit de uitlaat (g/km)", "en": "CO₂ from the exhaust (g/km)"},
    "src.col.co2_wtw": {"nl": "CO₂ van bron tot wiel (g/km)", "en": "CO₂ well to wheel (g/km)"},
    "src.col.nox": {"nl": "NOx (g/km)", "en": "NOx (g/km)"},
    "src.col.pm10": {"nl": "PM10 (g/km)", "en": "PM10 (g/km)"},
    "src.parking": {"nl": "Parkeren", "en": "Parking"},
    "src.park_facts": {
        "nl": "Ongeveer 900 parkeerplaatsen op straat (straatbeeld.nl, 2015) en 7 garages met "
              "samen ≈ 2.500 plaatsen; straattarief {street} per uur (2018–2019), garage "
              "{garage} het eerste uur en {day_max} per dag maximaal; gemiddelde parkeerduur 57 "
              "minuten (RTV Drenthe).",
        "en": "About 900 street spaces (straatbeeld.nl, 2015) and 7 garages with ≈ 2,500 spaces "
              "together; street tariff {street} an hour (2018–2019), garages {garage} for the "
              "first hour and {day_max} a day at most; average stay 57 minutes (RTV Drenthe).",
    },
    "src.park_decision": {
        "nl": "Besluit: vanaf 1 januari 2019 gratis parkeren op straat 's avonds en op zondag, "
              "behalve op vrijdag (koopavond); niet in garages (raad 22–11, RTV Drenthe). "
              "Opbrengst 2019: garages ≈ € 3,0 mln, straat ≈ € 1,5 mln.",
        "en": "Decision: from 1 January 2019 street parking is free in the evening and on "
              "Sundays, except Friday (koopavond); not in garages (council 22–11, RTV Drenthe). "
              "Revenue 2019: garages ≈ €3.0M, street ≈ €1.5M.",
    },
    "src.park_assume": {
        "nl": "Aannames: hoe sterk bezoekers op de parkeerprijs reageren, hoe lang ze zoeken, "
              "hoe vaak een auto een laad- en losplek inneemt, en dat ‘avond’ om {start} "
              "begint.",
        "en": "Assumptions: how strongly visitors respond to the parking price, how long they "
              "search, how often a car takes a loading bay, and that ‘evening’ starts at "
              "{start}.",
    },
    "src.park_none": {
        "nl": "Parkeren is in geen van de scenario's gesimuleerd.",
        "en": "Parking is simulated in none of the scenarios.",
    },
    "src.own": {"nl": "Eigen aannames", "en": "Our own assumptions"},
    "src.drivers": {"nl": "Welke aannames de uitkomsten het meest bepalen",
                    "en": "Which assumptions drive these results most"},
    "src.drivers_intro": {
        "nl": "Een gevoeligheidsanalyse ({name}: {runs} simulaties) varieerde {n} eigen "
              "aannames binnen een opgegeven bandbreedte. Per uitkomst de aannames waar die het "
              "meest van afhangt, sterkste eerst:",
        "en": "A sensitivity analysis ({name}: {runs} simulations) varied {n} of our own "
              "assumptions over stated ranges. For each result, the assumptions it depends on "
              "most, strongest first:",
    },
    "src.drivers_kpi": {"nl": "{kpi}: {params}.", "en": "{kpi}: {params}."},
    "src.drivers_none": {
        "nl": "{kpi}: geen aanname verschuift deze uitkomst duidelijk meer dan het toeval.",
        "en": "{kpi}: no assumption moves this result clearly beyond chance.",
    },
    "param.behaviour.learning_rate": {"nl": "hoe snel chauffeurs leren van een brief",
                                      "en": "how fast drivers learn from a letter"},
    "param.behaviour.silence_learning_rate": {
        "nl": "hoe snel chauffeurs leren van uitblijvend nieuws",
        "en": "how fast drivers learn from silence"},
    "param.behaviour.generalisation": {
        "nl": "of een brief van één camera ook voor de andere telt",
        "en": "whether a letter from one camera counts for the others"},
    "param.behaviour.choice_noise_eur": {"nl": "hoe grillig bezorgers kiezen",
                                         "en": "how erratic delivery drivers' choices are"},
    "param.segments.*.always_compliant_share (x)": {
        "nl": "het deel bezorgers dat zich altijd aan de regels houdt",
        "en": "the share of delivery drivers who always keep to the rules"},
    "param.segments.*.plans_for_windows (x)": {
        "nl": "het deel vervoerders dat de ritten op de venstertijden plant",
        "en": "the share of carriers who plan their rounds around the windows"},
    "param.segments.*.redelivery_cost_eur (x)": {
        "nl": "wat een levering op een andere dag kost",
        "en": "what delivering another day costs"},
    "param.segments.*.max_wait_min (x)": {"nl": "hoe lang bezorgers willen wachten",
                                          "en": "how long drivers will wait"},
    "param.segments.*.dwell.mean_min (x)": {"nl": "de duur van een stop",
                                            "en": "the time a stop takes"},
    "param.other_traffic.newcomer_trips_per_day": {
        "nl": "hoeveel onbekende bezoekers per dag naar het gebied rijden",
        "en": "how many visitors new to the area drive towards it each day"},
    "param.other_traffic.non_responder_share": {
        "nl": "het deel bestuurders dat borden en brieven negeert",
        "en": "the share of drivers who ignore signs and letters"},
    "param.other_traffic.turn_away_share": {
        "nl": "het deel onwetende bestuurders dat bij het bord omkeert",
        "en": "the share of unaware drivers who turn at the sign"},
    "param.other_traffic.choice_noise_eur": {
        "nl": "hoe verschillend bestuurders een boete tegen een omweg afwegen",
        "en": "how differently drivers weigh a fine against a detour"},
    "param.other_traffic.spontaneous_learning": {
        "nl": "hoe vaak bestuurders de regel vanzelf leren",
        "en": "how often drivers learn the rule by themselves"},
    "param.other_traffic.turnover_per_year": {
        "nl": "hoe snel vaste bestuurders worden vervangen door nieuwe",
        "en": "how fast regular drivers are replaced by new ones"},
    "param.enforcement.processing.loss_rate": {"nl": "zaken die bij de verwerking verloren gaan",
                                               "en": "cases lost in processing"},
    "param.fleet_transition.adoption_speed": {
        "nl": "hoe snel vervoerders emissievrije voertuigen aanschaffen",
        "en": "how fast carriers buy zero-emission vehicles"},
    "param.demand.scale": {"nl": "het aantal leveringen", "en": "the number of deliveries"},
    "param.zone.speed_kmh": {"nl": "de snelheid in het gebied", "en": "the speed in the area"},
    "src.own_demand": {
        "nl": "Hoeveel leveringen elk soort winkel krijgt en van welk soort leverancier, en de "
              "afstanden tot de depots: geen Nederlandse bron gevonden. Als ijkpunt dienen "
              "Britse tellingen (Cherrett e.a., 2012: ≈ 10 leveringen en 7,6 servicebezoeken "
              "per week per zaak, gemiddeld 10 minuten laden en lossen).",
        "en": "How many deliveries each type of shop receives and from which kind of supplier, "
              "and the distances to depots: no Dutch source found. British surveys serve as a "
              "yardstick (Cherrett et al., 2012: ≈ 10 deliveries and 7.6 service visits a week "
              "per business, 10 minutes' unloading on average).",
    },
    "src.own_cost": {
        "nl": "Kosten per uur en per kilometer van voertuigen en chauffeurs.",
        "en": "Costs per hour and per kilometre of vehicles and drivers.",
    },
    "src.own_behaviour": {
        "nl": "Gedrag bij een dichte toegang: de pakkans die chauffeurs per toegang inschatten "
              "({prior}), hoe snel ze leren van brieven en van uitblijvend nieuws, en welk deel "
              "zich altijd aan de regels houdt.",
        "en": "Behaviour at a closed entrance: the chance of being caught that drivers believe "
              "in at each entrance ({prior}), how fast they learn from letters and from "
              "silence, and which part always keeps to the rules.",
    },
    "src.prior_settled": {
        "nl": "bij de start: wat dit camerastelsel op den duur oplevert",
        "en": "at the start: what this camera set-up produces in the long run",
    },
    "src.prior_stated": {
        "nl": "bij de start {prior} waar een camerabord staat: een nieuw regime",
        "en": "at the start {prior} where a camera sign stands: a new regime",
    },
    "src.own_speed": {
        "nl": "In het gebied wordt stapvoets gereden ({speed} km/u).",
        "en": "Vehicles drive at walking pace in the area ({speed} km/h).",
    },
    "src.own_other": {
        "nl": "Andere auto's: hoeveel bestuurders per dag per ongeluk de weg naar binnen nemen "
              "en hoe snel ze dat afleren.",
        "en": "Other cars: how many drivers a day stray into the area by mistake and how fast "
              "they unlearn it.",
    },
    "src.own_map": {
        "nl": "De kaart (toegangen, straten, winkels, laad- en losplekken) is met de hand "
              "getekend en bij benadering (±150 m), niet uit OpenStreetMap.",
        "en": "The map (entrances, streets, shops, loading bays) is hand-drawn and approximate "
              "(±150 m), not from OpenStreetMap.",
    },
    "src.scenario_note": {
        "nl": "Toelichting in het scenariobestand {file}:",
        "en": "Notes in the scenario file {file}:",
    },
    # --- run-folder figures (sim.deliver.figures) ------------------------------------------
    "runfig.heat.panel": {"nl": "overtredingen per dag: {who}", "en": "violations per day: {who}"},
    "runfig.heat.scale": {"nl": "inritten per dag (gemiddeld)", "en": "entries per day (mean)"},
    "runfig.heat.title": {"nl": "{name}: inritten buiten het venster per toegang en uur",
                          "en": "{name}: entries outside the window by gate and hour"},
    "runfig.gate": {"nl": "toegang", "en": "gate"},
    # --- venster years: the road to emission-free supply -------------------------------------
    "yearsfig.share_entries": {"nl": "emissievrij aandeel van de inritten",
                               "en": "zero-emission share of entries"},
    "yearsfig.share_km": {"nl": "emissievrij aandeel van de kilometers in het gebied",
                          "en": "zero-emission share of km in the zone"},
    "yearsfig.fleet_band": {"nl": "inritten bij een laag en hoog vlootpad (bandbreedte van de "
                                  "bronnen, docs/fleet.md)",
                            "en": "entries on a low and a high fleet path (the range of the "
                                  "evidence, docs/fleet.md)"},
    "yearsfig.goal": {"nl": "doel: emissievrije bevoorrading vanaf 2025",
                      "en": "goal: emission-free supply from 2025"},
    "yearsfig.year": {"nl": "jaar (een week in oktober)", "en": "year (a week in October)"},
    "yearsfig.share": {"nl": "aandeel bestelauto's en vrachtauto's",
                       "en": "share of goods vehicles"},
    "yearsfig.share_title": {"nl": "Emissievrij aandeel tegen het doel van 2025",
                             "en": "Zero-emission share of goods vehicles against the 2025 goal"},
    "yearsfig.ttw": {"nl": "van tank tot wiel", "en": "tank-to-wheel"},
    "yearsfig.wtw": {"nl": "van bron tot wiel", "en": "well-to-wheel"},
    "yearsfig.co2": {"nl": "kg CO₂ in de gesimuleerde periode",
                     "en": "kg CO₂ in the simulated period"},
    "yearsfig.co2_title": {"nl": "CO₂ van de bevoorrading in het gebied",
                           "en": "CO₂ of goods vehicles in the zone"},
    "yearsfig.title": {"nl": "{name}: de weg naar emissievrije bevoorrading (marges gearceerd)",
                       "en": "{name}: the road to emission-free supply (95% intervals shaded)"},
    "runfig.warnings_only": {"nl": "alleen waarschuwingen", "en": "warnings only"},
    # --- the map (sim.deliver.mapping) ---------------------------------------------------------
    "mapw.fashion": {
        "nl": "mode",
        "en": "fashion",
    },
    "mapw.other_retail": {
        "nl": "overige detailhandel",
        "en": "other retail",
    },
    "mapw.food_retail": {
        "nl": "versspeciaalzaken",
        "en": "specialist food shops",
    },
    "mapw.supermarket": {
        "nl": "supermarkt",
        "en": "supermarket",
    },
    "mapw.department_store": {
        "nl": "warenhuis",
        "en": "department store",
    },
    "mapw.pharmacy": {
        "nl": "apotheek / drogist",
        "en": "pharmacy / drugstore",
    },
    "mapw.horeca": {
        "nl": "horeca",
        "en": "hospitality (horeca)",
    },
    "mapw.services": {
        "nl": "dienstverlening",
        "en": "services",
    },
    "mapw.legend": {
        "nl": "Legenda",
        "en": "Legend",
    },
    "mapw.title": {
        "nl": "Binnenstad Assen: voetgangersgebied / zero-emissiezone, toegangen met "
              "kentekencamera, winkels en parkeren",
        "en": "Assen centre: pedestrian / zero-emission zone, camera gates, shops and "
              "parking",
    },
    "mapw.zone": {
        "nl": "voetgangersgebied (autovrij)",
        "en": "zone (car-free)",
    },
    "mapw.street_in": {
        "nl": "straat in het gebied",
        "en": "street inside the zone",
    },
    "mapw.ring": {
        "nl": "singel (ringweg)",
        "en": "ring road",
    },
    "mapw.street_out": {
        "nl": "andere straat buiten het gebied",
        "en": "other street outside",
    },
    "mapw.gate_cam": {
        "nl": "toegang met kentekencamera",
        "en": "entrance with number-plate camera",
    },
    "mapw.gate_nocam": {
        "nl": "toegang zonder camera",
        "en": "entrance without camera",
    },
    "mapw.bay": {
        "nl": "laad- en losplek (grootte = plaatsen)",
        "en": "loading bay (size = capacity)",
    },
    "mapw.garage": {
        "nl": "parkeergarage (grootte = plaatsen)",
        "en": "garage (size = spaces)",
    },
    "mapw.street_parking": {
        "nl": "parkeerplaatsen op straat",
        "en": "on-street parking",
    },
    "mapw.entries": {
        "nl": "inritten",
        "en": "entries",
    },
    "mapw.violations": {
        "nl": "overtredingen",
        "en": "violations",
    },
    "mapw.in": {
        "nl": "in",
        "en": "in",
    },
    "mapw.viol": {
        "nl": "overtr.",
        "en": "viol.",
    },
    "mapw.depots": {
        "nl": "Depots (buiten de kaart),\nkm over de weg tot de dichtstbijzijnde toegang:",
        "en": "Depots (off the map),\nkm by road to the nearest gate:",
    },
    "mapw.source": {
        "nl": "Met de hand gedigitaliseerd, bij benadering (±150 m); niet OpenStreetMap. "
              "venster",
        "en": "Hand-digitised, approximate (±150 m); not OpenStreetMap. venster",
    },
    "mapw.footer": {
        "nl": "gebied {ha} ha · {gates} toegangen · {shops} winkels · coördinaten RD New "
              "(EPSG:28992) · gegevens: {data}",
        "en": "zone {ha} ha · {gates} gates · {shops} shops · coordinates RD New "
              "(EPSG:28992) · data: {data}",
    },
    # --- labels for ids -----------------------------------------------------------------------
    "segment.parcel": {"nl": "pakketdiensten", "en": "parcel carriers"},
    "segment.chain_dc": {"nl": "distributiecentra van winkelketens",
                         "en": "retail-chain distribution centres"},
    "segment.wholesaler": {"nl": "groothandels", "en": "wholesalers"},
    "segment.own_account": {"nl": "eigen vervoer", "en": "own-account transport"},
    "segment.service": {"nl": "servicebusjes (monteurs)", "en": "service vans (technicians)"},
    "segment.courier": {"nl": "koeriers", "en": "couriers"},
    "shop.fashion": {"nl": "mode", "en": "fashion"},
    "shop.other_retail": {"nl": "overige detailhandel", "en": "other retail"},
    "shop.food_retail": {"nl": "versspeciaalzaken", "en": "specialist food shops"},
    "shop.supermarket": {"nl": "supermarkt", "en": "supermarket"},
    "shop.department_store": {"nl": "warenhuis", "en": "department store"},
    "shop.pharmacy": {"nl": "apotheek, drogist", "en": "pharmacy, drugstore"},
    "shop.horeca": {"nl": "horeca", "en": "cafés and restaurants (horeca)"},
    "shop.services": {"nl": "dienstverlening", "en": "services"},
    "category.van": {"nl": "bestelauto", "en": "van"},
    "category.rigid_truck": {"nl": "vrachtauto", "en": "truck"},
    "category.tractor_trailer": {"nl": "trekker met oplegger", "en": "tractor-trailer"},
    "category.cargo_bike": {"nl": "bakfiets", "en": "cargo bike"},
    "category.lev": {"nl": "licht elektrisch voertuig", "en": "light electric vehicle"},
    "category.car": {"nl": "personenauto", "en": "car"},
    "category.taxi": {"nl": "taxi", "en": "taxi"},
    "category.moped": {"nl": "scooter", "en": "moped"},
    "energy.diesel": {"nl": "diesel", "en": "diesel"},
    "energy.petrol": {"nl": "benzine", "en": "petrol"},
    "energy.battery_electric": {"nl": "elektrisch", "en": "electric"},
    "energy.hydrogen_fuel_cell": {"nl": "waterstof", "en": "hydrogen"},
    "energy.plugin_hybrid": {"nl": "plug-in hybride", "en": "plug-in hybrid"},
    "energy.human_electric": {"nl": "trapondersteuning", "en": "electric assist"},
    "vehicle.cargo_bike.human_electric": {"nl": "elektrische bakfiets",
                                          "en": "electric cargo bike"},
    "vehicle.name": {"nl": "{category} ({energy})", "en": "{category} ({energy})"},
    "vehicle.name_euro": {"nl": "{category} ({energy}, {euro})",
                          "en": "{category} ({energy}, {euro})"},
    "vehicle.euro": {"nl": "Euro {n}", "en": "Euro {n}"},
    "vehicle.reg": {"nl": "bouwjaar {year}", "en": "registered {year}"},
}


#: texts whose words depend on a count: the CLDR plural forms Babel names ("one", "other")
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "weeks": {"nl": {"one": "{n} week", "other": "{n} weken"},
              "en": {"one": "{n} week", "other": "{n} weeks"}},
    "reps": {"nl": {"one": "{n} herhaling", "other": "{n} herhalingen"},
             "en": {"one": "{n} replication", "other": "{n} replications"}},
    "pairs": {"nl": {"one": "{n} gekoppelde herhaling", "other": "{n} gekoppelde herhalingen"},
              "en": {"one": "{n} paired replication", "other": "{n} paired replications"}},
    "guide.reps": {
        "nl": {"one": "Elk scenario is één keer doorgerekend; uit één herhaling valt geen marge "
                      "te berekenen, dus de getallen hebben geen marge.",
               "other": "Elk scenario is {n} keer doorgerekend ({n} herhalingen: dezelfde week, "
                        "telkens met andere toevallige omstandigheden). Het "
                        "95%-betrouwbaarheidsinterval, hierna ‘marge’, geeft aan waarbinnen het "
                        "echte gemiddelde van het model waarschijnlijk ligt."},
        "en": {"one": "Each scenario was computed once; no margin can be computed from one "
                      "replication, so the numbers have no margin.",
               "other": "Each scenario was computed {n} times ({n} replications: the same week, "
                        "each time with different chance events). The 95% confidence interval, "
                        "from here on ‘margin’, shows where the model's true average probably "
                        "lies."},
    },
    "reps.few": {
        "nl": {"one": "Let op: {names} is maar één keer doorgerekend.",
               "other": "Let op: {names} is maar {n} keer doorgerekend; de marges zijn "
                        "daardoor breed, en een echt verschil kan als ‘geen duidelijk "
                        "verschil’ uitkomen."},
        "en": {"one": "Note: {names} was computed only once.",
               "other": "Note: {names} was computed only {n} times; the margins are therefore "
                        "wide, and a real difference may show as ‘no clear difference’."},
    },
    "reps.few_all": {
        "nl": {"one": "Let op: {names} zijn elk maar één keer doorgerekend.",
               "other": "Let op: {names} zijn elk maar {n} keer doorgerekend; de marges zijn "
                        "daardoor breed, en een echt verschil kan als ‘geen duidelijk "
                        "verschil’ uitkomen."},
        "en": {"one": "Note: {names} were each computed only once.",
               "other": "Note: {names} were each computed only {n} times; the margins are "
                        "therefore wide, and a real difference may show as ‘no clear "
                        "difference’."},
    },
}


def check_lang(lang: str) -> str:
    """The language code, or an InputError naming `--lang` (exit status 2 on the CLI)."""
    if lang not in LANGS:
        raise InputError("command line", "--lang", f"one of {', '.join(LANGS)}; got {lang!r}")
    return lang


def tr(lang: str, key: str, **values: object) -> str:
    """The text for `key` in `lang`, with `values` filled in."""
    text = TEXTS[key][lang]
    return text.format(**values) if values else text


def trn(lang: str, key: str, count: float, **values: object) -> str:
    """The singular or plural text of PLURALS[key] for `count`, chosen by the language's
    CLDR plural rule (Babel), like gettext's ngettext; `{n}` is the count in local digits."""
    form = _locale(lang).plural_form(abs(count))
    forms = PLURALS[key][lang]
    text = forms.get(form, forms["other"])
    values.setdefault("n", fmt_number(lang, count))
    return text.format(**values)


def room_words(words: dict[str, dict[str, str]]) -> Callable[..., str]:
    """The lookup of a room's own words (the search's summary, the what-if page), which falls
    back on this dictionary: a word both need (day types, column heads, chart axes) is written
    once, here, and reads the same in the report, the search and the page."""

    def w(lang: str, key: str, **values: object) -> str:
        text = (words.get(key) or TEXTS[key])[lang]
        return text.format(**values) if values else text

    return w


def day_short(lang: str, day: str) -> str:
    """A day type as a list or table names it: 'ma–do', 'vr', 'za', 'zo', 'feestdag'."""
    key = {"weekday": "daytype.weekday", "holiday": "daytype.holiday"}.get(day, f"day.{day}")
    return tr(lang, key)


def label(lang: str, group: str, ident: str) -> str:
    """A readable name for an id (segment, shop type, ...); the id itself if none is known."""
    entry = TEXTS.get(f"{group}.{ident}")
    return entry[lang] if entry else ident.replace("_", " ")


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(lang: str, x: float | None, decimals: int | None = None) -> str:
    """A number the way readers of `lang` write it (1.234,5 in Dutch, 1,234.5 in English)."""
    if _missing(x):
        return "–"
    assert x is not None
    decimals = decimals_for(x) if decimals is None else decimals
    x = round(float(x), decimals) + 0.0  # + 0.0: no "-0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(x, format=pattern, locale=lang)


def fmt_signed(lang: str, x: float | None, decimals: int | None = None) -> str:
    """A difference with its sign: +3, -1,5 (0 without a sign)."""
    if _missing(x):
        return "–"
    assert x is not None
    decimals = decimals_for(x) if decimals is None else decimals
    text = fmt_number(lang, x, decimals)
    return f"+{text}" if round(float(x), decimals) > 0 else text


def fmt_eur(lang: str, x: float | None, signed: bool = False, cents: bool = False) -> str:
    """An amount in euros, to the whole euro (€ 1.234 / €1,234) or with `cents` (€ 0,40), by
    the locale's pattern."""
    if _missing(x):
        return "–"
    assert x is not None
    if abs(x) >= 100_000:
        x = round(x, -3)  # a yearly estimate to the euro would claim too much precision
    x = round(float(x), 2 if cents else 0) + 0.0
    pattern = _locale(lang).currency_formats["standard"].pattern
    if not cents:
        pattern = pattern.replace(".00", "")
    text = format_currency(x, "EUR", format=pattern, locale=lang, currency_digits=False)
    return f"+{text}" if signed and x > 0 else text


def fmt_pct(lang: str, share: float | None, decimals: int = 1) -> str:
    """A share (0..1) as a percentage: 12,3% / 12.3%."""
    if _missing(share):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(round(float(share), decimals + 2) + 0.0, format=pattern, locale=lang)


def fmt_date(lang: str, date: dt.date) -> str:
    """A date in words: 1 oktober 2018 / 1 October 2018 (British order, as the page's
    other English dates and the Dutch sources write them)."""
    return format_date(date, format="long", locale="en_GB" if lang == "en" else lang)


def fmt_weeks(lang: str, n: int) -> str:
    return trn(lang, "weeks", n)


def fmt_reps(lang: str, n: int) -> str:
    return trn(lang, "reps", n)
