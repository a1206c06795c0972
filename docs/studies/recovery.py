"""The recovery study of docs/calibration.md: can `venster calibrate` find a known truth?

Run from the repository root: `python docs/studies/recovery.py [--budget 600] [--population
50] [--workers 2] [--out results/recovery]`. It goes the way a municipality would:

1. simulate "the real world": assen-2023 (arrivals drawn, rounds off) with twice the newcomer
   trips of the default (80 a day instead of 40), one week, seed 2024, events kept;
2. write its hourly camera log with `venster passages --hourly` (the municipality's data);
3. calibrate the default scenario to that log with `venster calibrate`, from flat priors, twice:
   (a) the newcomers and drivers' learning rate (which we suspect hourly counts cannot see);
   (b) the same and the share of non-responders (which, like newcomers, keeps violations up);
4. print each posterior against the truth and the default, and the time each took.

Resumable: rerunning the same command reuses the simulations already in the folder.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this clone's venster
from sim.cli.main import main

TRUTH = {"other_traffic.newcomer_trips_per_day": 80.0, "other_traffic.non_responder_share": 0.03,
         "behaviour.learning_rate": 0.3}
DEFAULT = {"other_traffic.newcomer_trips_per_day": 40.0,
           "other_traffic.non_responder_share": 0.03, "behaviour.learning_rate": 0.3}
PRIORS = {"other_traffic.newcomer_trips_per_day": (10, 160),
          "other_traffic.non_responder_share": (0.0, 0.1), "behaviour.learning_rate": (0.05, 0.8)}
STUDIES = {"a": ("other_traffic.newcomer_trips_per_day", "behaviour.learning_rate"),
           "b": tuple(PRIORS)}


def scenario_files(folder: Path) -> tuple[Path, Path]:
    root = Path(__file__).resolve().parents[2]
    base = folder / "assen-2023-drawn.yaml"
    base.write_text(f"extends: {root / 'scenarios' / 'assen-2023.yaml'}\n"
                    "name: assen-2023-drawn\nrounds: null\n", encoding="utf-8")
    truth = folder / "truth.yaml"
    truth.write_text(f"extends: {base}\nname: truth\nother_traffic:\n"
                     f"  newcomer_trips_per_day: {TRUTH['other_traffic.newcomer_trips_per_day']}\n",
                     encoding="utf-8")
    return base, truth


def main_() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", type=int, default=600)
    ap.add_argument("--population", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("results/recovery"))
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    base, truth = scenario_files(a.out)
    started = time.perf_counter()
    run_dir = a.out / "truth-run"
    if not (run_dir / "events.parquet").is_file():
        assert main(["run", str(truth), "--events", "--seed", "2024", "--out", str(run_dir),
                     "--quiet", "--no-figures", "--overwrite"]) == 0
    log = a.out / "truth-hourly.csv"
    assert main(["passages", str(run_dir), "--hourly", "--out", str(log)]) == 0
    print(f"truth log: {(time.perf_counter() - started) / 60:.1f} minutes")
    for study, names in STUDIES.items():
        calibrate(a, base, log, study, names)


def calibrate(a: argparse.Namespace, base: Path, log: Path, study: str,
              names: tuple[str, ...]) -> None:
    started = time.perf_counter()
    cal = a.out / f"calibration-{study}"
    args = ["calibrate", str(log), "--scenario", str(base), "--out", str(cal),
            "--budget", str(a.budget), "--population", str(a.population), "--seed", "3",
            "--workers", str(a.workers), "--quiet"]
    for name in names:
        lo, hi = PRIORS[name]
        args += ["--param", f"{name}={lo}:{hi}"]
    assert main(args) == 0
    wall = time.perf_counter() - started
    s = pd.read_csv(cal / "posterior_summary.csv")
    print(f"\n### Study ({study}): {', '.join(names)}\n")
    print("| parameter | truth | default | posterior mean | 90% interval | interval / prior "
          "| truth inside | default inside | verdict |")
    print("|---|---|---|---|---|---|---|---|---|")
    for _, r in s.iterrows():
        t, d = TRUTH[r["parameter"]], DEFAULT[r["parameter"]]
        inside = r["low_90"] <= t <= r["high_90"]
        d_inside = r["low_90"] <= d <= r["high_90"]
        print(f"| `{r['parameter']}` | {t:g} | {d:g} | {r['mean']:.3g} | {r['low_90']:.3g} to "
              f"{r['high_90']:.3g} | {r['width_vs_prior']:.0%} | {'yes' if inside else 'no'} "
              f"| {'yes' if d_inside else 'no'} | {r['verdict']} |")
    print(f"\n{a.budget} simulations budgeted, population {a.population}; "
          f"{wall / 60:.1f} minutes wall time")
    print((cal / "summary.md").read_text(encoding="utf-8"))

if __name__ == "__main__":
    main_()
