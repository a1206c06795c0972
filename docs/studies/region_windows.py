"""The 2018 rush and TLN/KDN's "fewer trucks with wider windows" against one assumption: how
much of chain DCs' and wholesalers' regional work lies in windowed town centres
(docs/validation.md, "Rounds"; issue 22).

    python docs/studies/region_windows.py [--seed 2023] [--replications 5]
    python docs/studies/region_windows.py --variants hire=1.5,hire=3,hire=10 --baseline hire=1.5

Each town on the rounds has its centre (with the town's goods window) and its neighbourhoods
(`<town>_wijken`, no window) at the same place, so moving a carrier's stops between the two
changes only which of them fall under a window: the workload, the distances and the fleets
stay as they are. Three values of the assumption, for chain DCs and wholesalers together:

    none      every regional stop in a neighbourhood (no regional stop under a window)
    as-is     the scenario (chain DC 2.5 of 10 regional stops a day in a windowed centre,
              wholesaler 9 of 20)
    centres   every town stop in the centre (chain DC 7.5 of 10, wholesaler 15 of 20;
              the villages stay without a window)

For each, on the same seeds (paired): planning carriers' vehicle-days with Assen's window
to 11:00 and to 13:00 (TLN/KDN 2009: 12% fewer trucks, band 5-20%), and the planned gate
arrivals Mon-Thu in the window's last hour under the 2018 regime (12:00-13:00) against the
average window hour and against 2023's last hour (11:00-12:00) (the rush the 2022 report
describes, RTV Drenthe 15074480). Measured as tests/validation/checks.py measures the rows
(planned tours, no simulation needed), with 95% t-intervals over replications.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sim.batch.sweep import set_dotted  # noqa: E402
from sim.model.world import World  # noqa: E402
from sim.runner import load_geo  # noqa: E402
from sim.scenario.load import load_scenario  # noqa: E402
from sim.scenario.models import Scenario  # noqa: E402

TOWNS = ("groningen", "emmen", "hoogeveen", "meppel")
SEGMENTS = ("chain_dc", "wholesaler")
PLANNING = ("parcel", "chain_dc", "wholesaler")


def regional_variant(data: dict[str, Any], how: str) -> dict[str, Any]:
    """Move chain DCs' and wholesalers' stops between each town's centre and neighbourhoods."""
    for s in SEGMENTS:
        reg = data["rounds"]["segments"][s]["regional"]
        for t in TOWNS:
            centre, wijken = reg.get(t), reg.get(f"{t}_wijken")
            if centre is None and wijken is None:
                continue
            total = (centre or {}).get("stops", 0.0) + (wijken or {}).get("stops", 0.0)
            template = dict(centre or wijken)
            if how == "none":
                reg.pop(t, None)
                reg[f"{t}_wijken"] = {**(wijken or template), "stops": total}
            elif how == "centres":
                reg.pop(f"{t}_wijken", None)
                reg[t] = {**(centre or template), "stops": total}
    return data


def scenario(path: Path, how: str, window_end: str | None = None) -> Scenario:
    """`how` is a regional variant (none, as-is, centres) or `hire=<factor>`: the regional
    stops as they are and a vehicle-day hired on top of the (unchanged) own fleet at that
    many own days."""
    data = load_scenario(path).model_dump()
    if how.startswith("hire="):
        set_dotted(data, "rounds.hire_cost_factor", float(how[5:]))
    else:
        data = regional_variant(data, how)
    if window_end is not None:
        for rule in data["policy"]["rules"]:
            if rule["name"] == "venstertijden":
                rule["hours"] = [f"07:00-{window_end}"]
    set_dotted(data, "weeks", 1)
    return Scenario.model_validate(data)


def planned(sc: Scenario, seed: int, reps: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Per replication: vehicle-days of the planning segments, planned gate arrivals Mon-Thu
    by hour (24 columns), and the number of Mon-Thu days."""
    geo = load_geo(sc)
    used = np.zeros((reps, len(PLANNING)))
    hours = np.zeros((reps, 24))
    days = 0
    for rep in range(reps):
        w = World(sc, geo, seed, rep)
        for r in w.rounds:
            used[rep, PLANNING.index(r.segment)] += 1
        weekdays = {d for d, date in enumerate(w.cal.dates) if date.weekday() < 4}
        days = len(weekdays)
        for t in w.tours:
            if t.day in weekdays and w.carriers[t.carrier].segment in PLANNING:
                hours[rep, int((t.arrival - t.day * 1440) // 60) % 24] += 1
    return used, hours, days


def ci(x: np.ndarray) -> tuple[float, float, float]:
    x = np.asarray(x, dtype=float)
    m = float(x.mean())
    h = float(stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x)))
    return m, m - h, m + h


def fmt(t: tuple[float, float, float], pct: bool = True) -> str:
    if pct:
        return f"{t[0]:.1%} ({t[1]:.1%} … {t[2]:.1%})"
    return f"{t[0]:.2f} ({t[1]:.2f} … {t[2]:.2f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--replications", type=int, default=5)
    ap.add_argument("--variants", default="none,as-is,centres")
    ap.add_argument("--baseline", default="as-is")
    args = ap.parse_args()
    s23, s18 = ROOT / "scenarios" / "assen-2023.yaml", ROOT / "scenarios" / "assen-2018.yaml"
    print("| regional stops in windowed centres | vehicle-days, window to 11:00 | to 13:00 | "
          "fewer with 13:00 (TLN/KDN 5-20%) | parcel | chain DC | wholesaler | 2018 last hour "
          "/ average window hour | 2018 last-hour share | 2023 last-hour share | 2018 - 2023 "
          "share |")
    print("|" + "---|" * 11)
    out: dict[str, dict[str, np.ndarray]] = {}
    for how in args.variants.split(","):
        u11, _h, _ = planned(scenario(s23, how, "11:00"), args.seed, args.replications)
        u13, _h, _ = planned(scenario(s23, how, "13:00"), args.seed, args.replications)
        _u, h23, _ = planned(scenario(s23, how), args.seed, args.replications)
        _u, h18, _ = planned(scenario(s18, how), args.seed, args.replications)
        fewer = (u11.sum(1) - u13.sum(1)) / u11.sum(1)
        by_seg = [(u11[:, i] - u13[:, i]) / u11[:, i] for i in range(len(PLANNING))]
        ratio18 = h18[:, 12] / h18[:, 7:13].mean(1)
        share18 = h18[:, 12] / h18[:, 7:13].sum(1)
        share23 = h23[:, 11] / h23[:, 7:12].sum(1)
        out[how] = {"fewer": fewer, "ratio18": ratio18, "share18": share18,
                    "share23": share23}
        print(f"| {how} | {u11.sum(1).mean():.1f} | {u13.sum(1).mean():.1f} | "
              f"{fmt(ci(fewer))} | {fmt(ci(by_seg[0]))} | {fmt(ci(by_seg[1]))} | "
              f"{fmt(ci(by_seg[2]))} | {fmt(ci(ratio18), False)} | {share18.mean():.1%} | "
              f"{share23.mean():.1%} | {fmt(ci(share18 - share23))} |")
    if args.baseline in out:
        print(f"\nPaired differences from {args.baseline} (same seeds), 95% t-interval:")
        for how, v in out.items():
            if how == args.baseline:
                continue
            b = out[args.baseline]
            print(f"- {how}: fewer vehicle-days with 13:00 "
                  f"{fmt(ci(v['fewer'] - b['fewer']))} points; 2018 last hour / average hour "
                  f"{fmt(ci(v['ratio18'] - b['ratio18']), False)}; 2018 last-hour share "
                  f"{fmt(ci(v['share18'] - b['share18']))} points")


if __name__ == "__main__":
    main()
