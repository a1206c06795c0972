"""The 2018 rush at the window's end against how firms re-time a visit the window excludes
(issue 22; docs/validation.md, "The 2018 rush").

    python docs/studies/window_response.py [--seed 2023] [--replications 5] [--weekdays]
    python docs/studies/window_response.py --weekdays --afternoon 0.5,1,2

Three quarters of the goods vehicles that reach Assen's gates in the window come from
segments that do not plan rounds (own account, service, couriers): their time is the
segment's hourly profile, and a firm that plans around the windows moves a visit the window
excludes. How it moves it is `segments.<seg>.window_response` (sim/model/arrival.py: spread,
edge, last). This study sets one response for every drawn segment, runs `assen-2018` and
`assen-2023` on the same seeds (paired), and reports what `tables/by_hour.csv` reports:
goods arrivals a week by hour, the 2018 window's last hour (12:00-13:00) against its average
hour, and the last hour's share of the window's arrivals in 2018 against 2023's (11:00-12:00).
The planned rounds are the same in every variant (the response touches drawn tours only).
`--afternoon` scales the drawn profiles' weights from 13:00 on: the size of the rush rests on
how many visits are due after the window, an assumption of the profiles.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import variant  # noqa: E402

from sim.measure.breakdowns import by_hour  # noqa: E402
from sim.measure.kpis import interval95  # noqa: E402
from sim.runner import load_geo, replicate  # noqa: E402
from sim.scenario.models import Scenario  # noqa: E402

RESPONSES = ("spread", "edge", "last")
WINDOWS = {"assen-2018": (7, 13), "assen-2023": (7, 12)}


def with_response(name: str, response: str, weeks: int, afternoon: float = 1.0) -> Scenario:
    """The scenario with every drawn segment's response set, and the weights of its hourly
    profile from 13:00 on times `afternoon` (how many visits are due after the window)."""
    base = variant(str(ROOT / "scenarios" / f"{name}.yaml"))
    drawn = [s for s in base.segments
             if base.rounds is None or s not in base.rounds.segments]
    changes: dict[str, object] = {f"segments__{s}__window_response": response for s in drawn}
    if afternoon != 1.0:
        for s in drawn:
            prof = list(base.segments[s].arrival_profile)
            changes[f"segments__{s}__arrival_profile"] = [
                w * afternoon if h >= 13 else w for h, w in enumerate(prof)]
    return variant(str(ROOT / "scenarios" / f"{name}.yaml"), weeks=weeks, **changes)


def afternoon_sweep(factors: list[float], seed: int, reps: int, column: str) -> None:
    """How the rush with the scenario's response rests on the profiles' afternoon weights."""
    print("\n| afternoon weights (13:00 on) x | 2018: last hour / average window hour | "
          "2018 last hour's share | 2023 last hour's share | 2018 - 2023 |")
    print("|---|---|---|---|---|")
    for f in factors:
        h18 = arrivals(with_response("assen-2018", "last", 1, f), seed, reps, column)
        h23 = arrivals(with_response("assen-2023", "last", 1, f), seed, reps, column)
        s18 = h18[:, 12] / h18[:, 7:13].sum(1)
        s23 = h23[:, 11] / h23[:, 7:12].sum(1)
        print(f"| {f:g} | {ci(h18[:, 12] / h18[:, 7:13].mean(1))} | {ci(s18, pct=True)} | "
              f"{ci(s23, pct=True)} | {ci(s18 - s23, pct=True)} |")


def arrivals(sc: Scenario, seed: int, reps: int, column: str) -> np.ndarray:
    """Goods arrivals by hour of the day (24 columns) per replication, a week: `column` of
    tables/by_hour.csv (goods_arrivals, or goods_arrivals_weekdays for Monday to Friday)."""
    geo = load_geo(sc)
    out = np.zeros((reps, 24))
    for r in range(reps):
        _k, log = replicate(sc, geo, seed, r)
        out[r] = by_hour(log.to_frame(), sc, 1)[column].to_numpy() / sc.weeks
    return out


def ci(x: np.ndarray, digits: int = 2, pct: bool = False) -> str:
    m, lo, hi = interval95(np.asarray(x, dtype=float))
    if pct:
        return f"{m:.1%} ({lo:.1%} … {hi:.1%})"
    return f"{m:.{digits}f} ({lo:.{digits}f} … {hi:.{digits}f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--replications", type=int, default=5)
    ap.add_argument("--weeks", type=int, default=1)
    ap.add_argument("--weekdays", action="store_true",
                    help="Monday to Friday only (the issue's 'on weekdays'); default all days")
    ap.add_argument("--afternoon", default="",
                    help="comma-separated factors on the drawn profiles' weights from 13:00 "
                         "(response 'last'), e.g. 0.5,1,2; skips the response comparison")
    args = ap.parse_args()
    column = "goods_arrivals_weekdays" if args.weekdays else "goods_arrivals"
    if args.afternoon:
        afternoon_sweep([float(x) for x in args.afternoon.split(",")], args.seed,
                        args.replications, column)
        return
    res: dict[tuple[str, str], np.ndarray] = {}
    for response in RESPONSES:
        for name in WINDOWS:
            res[(name, response)] = arrivals(with_response(name, response, args.weeks),
                                             args.seed, args.replications, column)
    days = "Monday to Friday" if args.weekdays else "all days"
    print(f"Goods arrivals a week by hour, {days} (mean of the replications):\n")
    print("| drawn firms' response | year | " + " | ".join(f"{h:02d}" for h in range(6, 15))
          + " |")
    print("|" + "---|" * 11)
    for response in RESPONSES:
        for name in WINDOWS:
            m = res[(name, response)].mean(0)
            print(f"| {response} | {name[-4:]} | " + " | ".join(f"{m[h]:.1f}" for h in
                                                             range(6, 15)) + " |")
    print("\n| drawn firms' response | 2018: last hour / average window hour | 2018 last "
          "hour's share | 2023 last hour's share | 2018 - 2023 share |")
    print("|---|---|---|---|---|")
    stats: dict[str, dict[str, np.ndarray]] = {}
    for response in RESPONSES:
        h18, h23 = res[("assen-2018", response)], res[("assen-2023", response)]
        ratio = h18[:, 12] / h18[:, 7:13].mean(1)
        s18 = h18[:, 12] / h18[:, 7:13].sum(1)
        s23 = h23[:, 11] / h23[:, 7:12].sum(1)
        stats[response] = {"ratio": ratio, "s18": s18, "s23": s23}
        print(f"| {response} | {ci(ratio)} | {ci(s18, pct=True)} | {ci(s23, pct=True)} | "
              f"{ci(s18 - s23, pct=True)} |")
    print("\nPaired against spread (same seeds), 95% t-interval:")
    b = stats["spread"]
    for response in RESPONSES[1:]:
        v = stats[response]
        print(f"- {response}: 2018 last hour / average hour {ci(v['ratio'] - b['ratio'])}; "
              f"2018 last-hour share {ci(v['s18'] - b['s18'], pct=True)}; 2023 last-hour share "
              f"{ci(v['s23'] - b['s23'], pct=True)}")


if __name__ == "__main__":
    main()
