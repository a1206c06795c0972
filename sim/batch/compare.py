"""KPI differences between run folders, with 95% intervals from paired replications.

Replication k of two runs with the same seed draws the same demand, vehicles and dwell times
(common random numbers), so the difference run minus baseline is taken replication by
replication and the interval is the Student-t interval of those paired differences: much
narrower than comparing two independent means, for the same number of runs. With different
seeds the pairing is still by replication number but no longer common-random-number pairing,
and a warning says so.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.counted import counted
from sim.errors import InputError
from sim.measure.kpis import interval95
from sim.measure.registry import simulated
from sim.runfolder.layout import SUMMARY
from sim.runfolder.read import RunFolder, read_run_folder

HIGHER, LOWER, UNCLEAR = "higher", "lower", "no clear difference"
# a KPI one of the runs did not measure (parking KPIs of a run without parking): there is no
# difference to judge, and "no clear difference" would wrongly suggest one was looked for
NOT_SIMULATED = "not simulated"
COLUMNS = ["baseline", "run", "kpi", "unit", "pairs", "baseline_mean", "run_mean",
           "difference", "ci95_low", "ci95_high", "difference_pct", "verdict"]


def expand(paths: list[Path]) -> list[Path]:
    """Run folders from the arguments: a batch folder stands for its finished variants."""
    out: list[Path] = []
    for p in paths:
        batch = p / "batch.json"
        if batch.is_file() and not (p / SUMMARY).is_file():
            try:
                info = json.loads(batch.read_text(encoding="utf-8"))
            except ValueError:
                raise InputError(batch, None, "valid JSON written by venster batch") from None
            folders = [p / v["folder"] for v in info.get("variants", []) if v.get("folder")]
            if not folders:
                raise InputError(p, None, "a batch folder with at least one finished variant")
            out.extend(folders)
        else:
            out.append(p)
    return out


def labels_for(paths: list[Path]) -> list[str]:
    """Folder names, or longer paths where two folders share a name."""
    names = [p.name for p in paths]
    return [p.name if names.count(p.name) == 1 else str(p) for p in paths]


def verdict(lo: float, hi: float) -> str:
    """"higher"/"lower" when the 95% interval excludes zero, else "no clear difference"."""
    if not math.isnan(lo) and lo > 0:
        return HIGHER
    if not math.isnan(hi) and hi < 0:
        return LOWER
    return UNCLEAR


def _mean(values: pd.Series | None) -> float:
    """The mean of the numbers in a KPI column; NaN when it is absent or has none."""
    if values is None or not values.notna().any():
        return float("nan")
    return float(values.astype(float).mean())


def compare_pair(base: RunFolder, run: RunFolder) -> tuple[pd.DataFrame, list[str]]:
    """Rows of COLUMNS for every KPI either folder has, and notes on how they were paired.

    A KPI that one of the two runs did not simulate gets the verdict NOT_SIMULATED and no
    difference, rather than a verdict on an empty set of pairs.
    """
    notes: list[str] = []
    reps = sorted(set(base.kpis["replication"]) & set(run.kpis["replication"]))
    if not reps:
        raise InputError(run.path, "replication", f"replication numbers in common with the "
                         f"baseline {base.label}; there are none")
    nb, nr = len(base.kpis), len(run.kpis)
    if nb != nr or len(reps) != nb:
        notes.append(f"{run.label} has {counted(nr, 'replication')}, {base.label} {nb}: compared "
                     f"on the {counted(len(reps), 'replication number')} they share")
    if base.seed != run.seed:
        notes.append(f"seeds differ ({base.label}: {base.seed}, {run.label}: {run.seed}): "
                     "replications are paired by number, but that is not common-random-number "
                     "pairing, so the intervals are wider than they could be")
    b = base.kpis.set_index("replication").loc[reps]
    r = run.kpis.set_index("replication").loc[reps]
    rows = []
    kpis = [*b.columns, *(c for c in r.columns if c not in b.columns)]
    for kpi in kpis:
        if not (simulated(b.get(kpi)) and simulated(r.get(kpi))):
            nan = float("nan")
            rows.append({
                "baseline": base.label, "run": run.label, "kpi": kpi,
                "unit": base.unit(kpi) or run.unit(kpi), "pairs": 0,
                "baseline_mean": _mean(b.get(kpi)), "run_mean": _mean(r.get(kpi)),
                "difference": nan, "ci95_low": nan, "ci95_high": nan, "difference_pct": nan,
                "verdict": NOT_SIMULATED,
            })
            continue
        x, y = b[kpi].to_numpy(dtype=float), r[kpi].to_numpy(dtype=float)
        keep = ~(np.isnan(x) | np.isnan(y))
        x, y = x[keep], y[keep]
        diff, lo, hi = interval95(y - x)
        bm = float(x.mean()) if len(x) else float("nan")
        rm = float(y.mean()) if len(y) else float("nan")
        pct = 100.0 * diff / bm if bm and not math.isnan(bm) else float("nan")
        rows.append({
            "baseline": base.label, "run": run.label, "kpi": kpi,
            "unit": base.unit(kpi) or run.unit(kpi), "pairs": int(keep.sum()),
            "baseline_mean": bm, "run_mean": rm, "difference": diff,
            "ci95_low": lo, "ci95_high": hi, "difference_pct": pct,
            "verdict": verdict(lo, hi),
        })
    if len(reps) < 2:
        notes.append(f"{run.label}: one pair only, so no interval (verdicts say "
                     f"'{UNCLEAR}')")
    return pd.DataFrame(rows, columns=COLUMNS), notes


def compare_folders(paths: list[Path], baseline: Path | None = None
                    ) -> tuple[pd.DataFrame, list[str]]:
    """Every folder against the baseline (the first folder unless `baseline` is given)."""
    folders = expand([Path(p) for p in paths])
    if baseline is not None:
        base_path = Path(baseline)
        folders = [base_path, *[f for f in folders if f.resolve() != base_path.resolve()]]
    if len(folders) < 2:
        raise InputError("command line", "DIR", "at least two run folders to compare (or a "
                         "batch folder with two finished variants)")
    labels = labels_for(folders)
    runs = [read_run_folder(p, lab) for p, lab in zip(folders, labels, strict=True)]
    frames, notes = [], []
    for run in runs[1:]:
        df, n = compare_pair(runs[0], run)
        frames.append(df)
        notes.extend(n)
    return pd.concat(frames, ignore_index=True), notes
