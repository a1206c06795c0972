"""The workbook's Dutch: a plain description of every KPI, units and table headers, and
the helpers that name a KPI the way the report does.

Every KPI name comes from the one dictionary (`sim.deliver.i18n`, "kpi.<name>"), so a KPI is
called the same in the report, the figures and the workbook; the sentences here are the
workbook's own (the association reads Dutch). Style as in NL-TERMS.md: B1, the words
planners and shopkeepers use.
"""

from __future__ import annotations

from sim.deliver.i18n import TEXTS, label
from sim.measure.registry import find, is_per_week

# KPI -> what it means, in a sentence a shopkeeper reads without help
DESCRIPTIONS: dict[str, str] = {
    "deliveries_total": "Leveringen die winkels in de periode bestelden.",
    "deliveries_outside_window": "Leveringen waarvan het voertuig bij de eerste aankomst een "
                                 "gesloten toegang vond: buiten de venstertijd of geweerd door "
                                 "de ZE-zone.",
    "deliveries_delivered": "Leveringen die zijn afgeleverd, via het gebied of via een laad- "
                            "en losplek.",
    "deliveries_via_bay": "Leveringen die vanaf een laad- en losplek buiten het gebied met een "
                          "steekwagen naar de winkel zijn gebracht.",
    "deliveries_via_hub": "Leveringen die vanaf de stadshub met een elektrische bakfiets zijn "
                          "gebracht.",
    "deliveries_dropped": "Pogingen om te leveren die zijn opgegeven; de levering komt een "
                          "andere dag.",
    "deliveries_failed": "Leveringen die na het hoogste aantal pogingen zijn opgegeven.",
    "deliveries_pending_at_end": "Leveringen die op de laatste werkdag zijn uitgesteld en na "
                                 "de gesimuleerde periode komen.",
    "zone_entries_total": "Keren dat een bezorgvoertuig het voetgangersgebied inreed.",
    "ze_share_entries": "Deel van de inritten van bezorgers met een emissievrij voertuig.",
    "ze_share_zone_km": "Deel van de kilometers van bezorgers in het gebied dat emissievrij "
                        "is gereden.",
    "ze_gap_entries": "Deel van de inritten van bezorgers dat nog niet emissievrij is: de "
                      "afstand tot het doel van emissievrije bevoorrading.",
    "vehicles_renewed": "Voertuigen die vervoerders vervingen omdat de ZE-zone ze niet meer "
                        "toeliet: door het goedkoopste voertuig dat nog wel binnen mag (tijdens "
                        "de overgangsregeling vaak een jongere diesel, daarna een emissievrij).",
    "day_exemptions_used": "Dagontheffingen voor de ZE-zone die zijn gebruikt.",
    "violations_total": "Inritten van bezorgers zonder ontheffing buiten de venstertijden, of "
                        "in strijd met de ZE-zone.",
    "violations_detected": "Overtredingen van bezorgers die een werkende kentekencamera las "
                           "op een Nederlands kenteken.",
    "warnings_issued": "Waarschuwingsbrieven aan bezorgers in plaats van een boete "
                       "(waarschuwingsperiode).",
    "fines_issued": "Boetes aan bezorgers. Eén brief kan een boete voor de venstertijden en "
                    "een voor de ZE-zone bevatten.",
    "fine_revenue_eur": "Boetes van bezorgers, inclusief administratiekosten.",
    "ze_zone_violations": "Inritten van bezorgers in strijd met de regels van de ZE-zone.",
    "compliance_rate": "Deel van de inritten van bezorgers dat op dat moment mocht.",
    "vehicle_km_in_zone": "Kilometers die bezorgvoertuigen in het voetgangersgebied reden.",
    "vehicle_minutes_in_zone_open_hours": "Minuten dat bezorgvoertuigen in het gebied waren "
                                          "terwijl de winkels open waren, opgeteld over alle "
                                          "voertuigen.",
    "co2_wtw_kg": "CO₂ van bezorgvoertuigen in het gebied, van bron tot wiel (inclusief de "
                  "productie van brandstof en stroom).",
    "co2_ttw_kg": "CO₂ uit de uitlaat van bezorgvoertuigen in het gebied (van tank tot wiel).",
    "nox_g": "Stikstofoxiden van bezorgvoertuigen in het gebied.",
    "pm10_g": "Fijnstof van bezorgvoertuigen in het gebied.",
    "vehicle_km_trip": "Kilometers van bezorgvoertuigen over de hele rit, vanaf het depot of "
                       "de stadshub.",
    "co2_wtw_kg_trip": "CO₂ van bezorgvoertuigen over de hele rit, van bron tot wiel.",
    "co2_ttw_kg_trip": "CO₂ van bezorgvoertuigen over de hele rit, van tank tot wiel.",
    "nox_g_trip": "Stikstofoxiden van bezorgvoertuigen over de hele rit.",
    "pm10_g_trip": "Fijnstof van bezorgvoertuigen over de hele rit.",
    "carrier_extra_hours": "Uren die vervoerders kwijt zijn door de regels: wachten, "
                           "terugkomen, lopen vanaf een laad- en losplek, opnieuw leveren.",
    "carrier_extra_cost_eur": "Wat de regels vervoerders kosten: extra uren en kilometers, "
                              "opnieuw leveren, dubbel parkeren, de stadshub, dagontheffingen "
                              "en betaalde boetes.",
    "other_entries_total": "Keren dat een andere auto (geen bezorger) het gebied inreed.",
    "other_violations_total": "Inritten van andere auto's die op dat moment niet mochten.",
    "other_violations_detected": "Daarvan: gelezen door een kentekencamera op een kenteken "
                                 "waarop een boete kan volgen.",
    "other_fines_issued": "Boetes aan kentekenhouders van andere auto's.",
    "other_warnings_issued": "Waarschuwingsbrieven aan kentekenhouders van andere auto's.",
    "plates_written_to": "Verschillende kentekens van bezorgvoertuigen die een brief kregen "
                         "(waarschuwing of boete).",
    "repeat_offender_plates": "Kentekens van bezorgvoertuigen met twee of meer brieven in de "
                              "periode: herhaalde overtreders.",
    "plates_3plus_letters": "Kentekens van bezorgvoertuigen met drie of meer brieven.",
    "plates_5plus_letters": "Kentekens van bezorgvoertuigen met vijf of meer brieven.",
    "first_letter_share": "Deel van de brieven aan bezorgers dat de eerste brief voor dat "
                          "kenteken was.",
    "other_plates_written_to": "Verschillende kentekens van andere auto's die een brief "
                               "kregen.",
    "other_repeat_offender_plates": "Kentekens van andere auto's met twee of meer brieven.",
    "other_plates_3plus_letters": "Kentekens van andere auto's met drie of meer brieven.",
    "other_plates_5plus_letters": "Kentekens van andere auto's met vijf of meer brieven.",
    "other_first_letter_share": "Deel van de brieven aan andere auto's dat de eerste brief "
                                "voor dat kenteken was.",
    "other_fine_revenue_eur": "Boetes van andere auto's, inclusief administratiekosten.",
    "other_vehicle_km_in_zone": "Kilometers die andere auto's in het gebied reden.",
    "other_co2_ttw_kg": "CO₂ uit de uitlaat van andere auto's in het gebied.",
    "other_nox_g": "Stikstofoxiden van andere auto's in het gebied.",
    "street_parking_revenue_eur": "Parkeeropbrengsten op straat in de gesimuleerde periode.",
    "street_parking_revenue_eur_per_year": "Parkeeropbrengsten op straat, omgerekend naar een "
                                           "heel jaar.",
    "garage_revenue_eur": "Parkeeropbrengsten van de parkeergarages in de gesimuleerde "
                          "periode.",
    "street_parking_peak_occupancy": "De hoogste bezettingsgraad van de parkeerplaatsen op "
                                     "straat in enig uur (gemiddeld over de dagen).",
    "street_evening_occupancy": "Gemiddelde bezettingsgraad van de parkeerplaatsen op straat "
                                "'s avonds (18:00–22:00).",
    "evening_visitors": "Auto's van bezoekers die 's avonds aankomen en parkeren (geen "
                        "forenzen of bewoners).",
    "visitors_parked": "Auto's van bezoekers die een plek vonden: op straat, in een garage of "
                       "op een laad- en losplek.",
    "visitors_lost": "Auto's van bezoekers die geen plek vonden en weggingen.",
    "parking_search_minutes": "Minuten die bezoekers zochten naar een parkeerplaats.",
    "bays_taken_by_cars": "Auto's (van bezoekers, forenzen of bewoners) die op een laad- en "
                          "losplek parkeerden.",
    "bay_conflicts": "Bestelauto's die een volle laad- en losplek vonden en moesten wachten "
                     "of dubbel parkeerden.",
    "delivery_minutes_lost_to_bays": "Minuten die bestelauto's wachtten op een vrije laad- en "
                                     "losplek.",
    "vehicles_used": "Voertuigen die vervoerders met ritplanning inzetten, geteld per dag "
                     "(één voertuig met chauffeur voor één dag).",
    "vehicles_hired": "Daarvan: voertuigen die bovenop de eigen vloot zijn ingehuurd.",
    "route_km": "Kilometers van de geplande ritten, van depot tot depot, in Assen en elders.",
    "route_km_in_zone": "Daarvan: kilometers in het voetgangersgebied van Assen.",
    "route_km_outside_zone": "Daarvan: kilometers buiten het voetgangersgebied.",
    "route_hours": "Uren van de geplande ritten, van depot tot depot.",
    "route_cost_eur": "Kosten van de geplande ritten: voertuigdagen, kilometers en uren.",
    "cost_per_drop_eur": "Kosten van de geplande ritten per afleveradres (alle stops).",
    "round_trips": "Keren dat de voertuigen van de geplande ritten bij het depot laadden (een "
                   "voertuig kan op een dag meer ritten rijden).",
    "share_stops_windowed": "Deel van de stops van de geplande ritten in een centrum met "
                            "venstertijden op die dag (Assen of een andere stad).",
    "planned_outside_window": "Stops in Assen die vervoerders buiten de venstertijden "
                              "planden, met de boete die ze verwachten.",
    "deliveries_outside_receiving_hours": "Leveringen die zijn afgegeven buiten de tijden "
                                          "waarop de winkel goederen ontvangt.",
}

# what a driver did at a closed gate, for the closed_gate_<choice> KPIs
CHOICES: dict[str, str] = {
    "wait": "gewacht op de venstertijd",
    "later": "weggereden en teruggekomen toen de toegang openging",
    "enter": "toch naar binnen gereden",
    "drop": "opgegeven voor die dag (opnieuw leveren)",
    "bay": "gelost op een laad- en losplek buiten het gebied",
    "dayex": "een dagontheffing voor de ZE-zone gebruikt",
    "hub": "de goederen afgegeven bij de stadshub",
}

# the same as a sentence: "Ritten die bij een gesloten toegang aankwamen en ..."
CHOICE_ENDINGS: dict[str, str] = {
    "wait": "daar wachtten tot de venstertijd begon",
    "later": "wegreden om terug te komen toen de toegang openging",
    "enter": "toch naar binnen reden",
    "drop": "de levering voor die dag opgaven; die komt een andere dag",
    "bay": "losten op een laad- en losplek buiten het gebied",
    "dayex": "een dagontheffing voor de ZE-zone gebruikten",
    "hub": "de goederen afgaven bij de stadshub",
}

# unit in summary.json -> Dutch; a count is "per week" or "in de periode" (see `unit`)
UNITS: dict[str, str] = {
    "deliveries": "leveringen", "attempts": "pogingen", "entries": "inritten",
    "vehicles": "voertuigen", "days": "dagen", "letters": "brieven", "fines": "boetes",
    "EUR": "€", "EUR/year": "€ per jaar", "km": "km", "vehicle-minutes": "voertuigminuten",
    "kg": "kg", "g": "gram", "h": "uur", "tours": "ritten", "cars": "auto's",
    "minutes": "minuten", "vans": "bestelauto's", "vehicle-days": "voertuigdagen",
    "stops": "stops", "share": "%", "trips": "laadbeurten",
}
# rates per something other than the period: their own unit, never "per week"
# (per segment too: cost_per_drop_eur_parcel)
RATIO_UNITS: dict[str, str] = {"cost_per_drop_eur": "€ per afleveradres"}

# table columns (tables/*.csv) -> Dutch header without the unit
COLUMNS: dict[str, str] = {
    # by_shop_type
    "deliveries": "Leveringen",
    "outside_window": "Aankomst bij een dichte toegang",
    "moved_from_usual_time": "Verschoven van het gebruikelijke tijdstip",
    "outside_receiving_hours": "Buiten de ontvangsttijden van de winkel",
    "not_delivered": "Niet geleverd",
    "delivered_in_opening_hours": "Geleverd terwijl de winkel open is",
    # by_hour
    "goods_arrivals": "Aankomsten bezorgers",
    "goods_arrivals_weekdays": "Aankomsten bezorgers op werkdagen (ma–vr)",
    "goods_entries_allowed": "Inritten bezorgers die mochten",
    "goods_violations": "Overtredingen bezorgers",
    "other_violations": "Overtredingen andere auto's",
    # by_gate
    "goods_entries": "Inritten bezorgers",
    "other_entries": "Inritten andere auto's",
    "fines": "Boetes",
    "warnings": "Waarschuwingsbrieven",
    # by_week
    "goods_fines": "Boetes bezorgers",
    "goods_warnings": "Waarschuwingsbrieven bezorgers",
    "other_fines": "Boetes andere auto's",
    "other_warnings": "Waarschuwingsbrieven andere auto's",
    "ze_warnings": "Waarschuwingsbrieven emissievrije zone",
    "ze_fines": "Boetes emissievrije zone",
    "ze_entries": "Inritten van emissievrije bezorgvoertuigen",
    # letters_per_plate: plates with this many letters, and the letters they got
    "goods_plates": "Kentekens van bezorgvoertuigen",
    "goods_letters": "Brieven aan bezorgvoertuigen",
    "other_plates": "Kentekens van andere auto's",
    "other_letters": "Brieven aan andere auto's",
}


def kpi_name(kpi: str) -> str:
    """The KPI's Dutch name: the report's where it has one, else ours, else the code."""
    if f"kpi.{kpi}" in TEXTS:
        return label("nl", "kpi", kpi)
    if kpi.startswith("closed_gate_") and kpi[12:] in CHOICES:
        return f"Ritten bij een dichte toegang: {CHOICES[kpi[12:]]}"
    k = find(kpi)
    if k is not None and k.base is not None and k.segment is not None:
        return f"{kpi_name(k.base)}: {label('nl', 'segment', k.segment)}"
    return kpi


def kpi_description(kpi: str) -> str:
    """A plain Dutch sentence on what the KPI counts; empty when there is none."""
    if kpi in DESCRIPTIONS:
        return DESCRIPTIONS[kpi]
    if kpi.startswith("closed_gate_") and kpi[12:] in CHOICES:
        return f"Ritten die bij een gesloten toegang aankwamen en {CHOICE_ENDINGS[kpi[12:]]}."
    k = find(kpi)
    if k is not None and k.base in DESCRIPTIONS and k.segment is not None:
        return (f"{DESCRIPTIONS[k.base].rstrip('.')}; alleen "
                f"{label('nl', 'segment', k.segment)}.")
    return ""


def unit(kpi: str, summary_unit: str, period: str) -> str:
    """The Dutch unit of a KPI; what is summed over the run gets the period ("per week")."""
    k = find(kpi)
    own = RATIO_UNITS.get((k.base or k.name) if k is not None else kpi)
    if own is not None:
        return own
    word = UNITS.get(summary_unit, summary_unit)
    return f"{word} {period}" if is_per_week(kpi, summary_unit) else word


def period_words(weeks: set[int]) -> str:
    """"per week" when every run is one week long, else "in de periode"."""
    return "per week" if weeks == {1} else "in de gesimuleerde periode"
