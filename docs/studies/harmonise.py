"""Carriers' cost against the share of stores under windows, from a batch folder of the
harmonise sweep (scenarios/sweeps/harmonise.yaml), and paired differences from a baseline
variant for any sweep (window-end.yaml as well).

    python docs/studies/harmonise.py results/harmonise [--baseline as-is] [--figure FILE]
    python docs/studies/harmonise.py results/window-end --baseline until-11 --no-figure

Prints a markdown table: per variant the mean share of the rounds' stops in a windowed centre,
vehicle-days, route cost and km, and the paired difference from the baseline with a 95%
t-interval over replications (replication k of every variant shares its random numbers).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

COLUMNS = ("share_stops_windowed", "vehicles_used", "vehicles_hired", "route_cost_eur",
           "route_km", "route_hours")


def load(folder: Path) -> dict[str, pd.DataFrame]:
    return {p.parent.name: pd.read_csv(p).set_index("replication")
            for p in sorted(folder.glob("*/kpis.csv"))}


def paired(a: pd.Series, b: pd.Series) -> tuple[float, float, float]:
    """Mean of b - a and its 95% t-interval (paired by replication)."""
    d = (b - a).dropna().to_numpy(dtype=float)
    m = float(d.mean())
    if len(d) < 2:
        return m, float("nan"), float("nan")
    h = float(stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d)))
    return m, m - h, m + h


def table(runs: dict[str, pd.DataFrame], baseline: str) -> str:
    base = runs[baseline]
    lines = ["| variant | share of stops under windows | vehicle-days | route cost (EUR) | "
             f"route km | vehicle-days vs {baseline} | cost vs {baseline} (%) |",
             "|---|---|---|---|---|---|---|"]
    for name, k in sorted(runs.items(), key=lambda kv: kv[1]["share_stops_windowed"].mean()):
        dv = paired(base["vehicles_used"], k["vehicles_used"])
        dc = paired(base["route_cost_eur"], k["route_cost_eur"])
        c0 = base["route_cost_eur"].mean()
        lines.append(
            f"| {name} | {k['share_stops_windowed'].mean():.1%} | {k['vehicles_used'].mean():.1f}"
            f" | {k['route_cost_eur'].mean():,.0f} | {k['route_km'].mean():,.0f} | "
            f"{dv[0]:+.1f} ({dv[1]:+.1f} … {dv[2]:+.1f}) | "
            f"{dc[0] / c0:+.1%} ({dc[1] / c0:+.1%} … {dc[2] / c0:+.1%}) |")
    return "\n".join(lines)


def figure(runs: dict[str, pd.DataFrame], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for name, k in runs.items():
        x = k["share_stops_windowed"].to_numpy() * 100
        y = k["route_cost_eur"].to_numpy() / 1000
        ax.scatter(x, y, s=14, alpha=0.5)
        ax.annotate(name, (x.mean(), y.mean()), fontsize=8, xytext=(4, 4),
                    textcoords="offset points")
    ax.set_xlabel("stops of the planned rounds in a centre with a goods window (%)")
    ax.set_ylabel("carriers' route cost (EUR 1,000 a week)")
    ax.set_title("Carriers' cost against the share of stores under windows")
    fig.tight_layout()
    fig.savefig(out, dpi=120)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--baseline", default="as-is")
    ap.add_argument("--figure", type=Path,
                    default=Path(__file__).resolve().parents[1] / "region-harmonise.png")
    ap.add_argument("--no-figure", action="store_true")
    args = ap.parse_args()
    runs = load(args.folder)
    if args.baseline not in runs:
        raise SystemExit(f"{args.folder}: no variant {args.baseline!r}; found {sorted(runs)}")
    print(table(runs, args.baseline))
    if not args.no_figure:
        figure(runs, args.figure)
        print(f"figure: {args.figure}")


if __name__ == "__main__":
    main()
