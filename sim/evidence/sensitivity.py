"""Global sensitivity of headline KPIs to the assumptions: Morris screening, then Sobol.

Two steps, both with SALib: Morris' elementary effects over every parameter of the plan (a
few runs per parameter) find the ones that matter; Sobol's variance decomposition then gives,
for those few, the share of each KPI's variance each explains alone (S1) and with its
interactions (ST). Both run on common random numbers: every design point is run for the same
replications of one seed, so two points differ by their parameters, not by their draws.

Noise is measured, not assumed away. The replications of each point give the KPI's seed-to-
seed spread at a fixed setting (`noise_sd`); the elementary effects of the replications'
deviations from their point's mean give the size of effect noise alone would produce
(`noise_floor`, in the units of mu*). A parameter whose mu* does not clear twice the floor is
reported as indistinguishable from noise, whatever its rank.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.evidence.design_runs import Point, run_design
from sim.evidence.params import Param, apply, check_params, params_from, with_overrides
from sim.scenario.models import Scenario

PLAN_KEYS = ("set", "seed", "replications", "kpis", "morris", "sobol", "parameters")
NOISE_FACTOR = 2.0  # mu* must clear this many noise floors to count as an effect


@dataclass(frozen=True)
class Plan:
    """What a sensitivity study runs: the base scenario, parameters, KPIs and budgets."""

    scenario: Scenario
    params: tuple[Param, ...]
    kpis: tuple[str, ...]
    seed: int
    replications: int
    trajectories: int
    levels: int
    top: int
    base_samples: int
    source: str
    overrides: dict[str, Any] = field(default_factory=dict)

    def runs(self) -> int:
        """Runs of the whole study (Morris points + Sobol points) x replications."""
        k = min(self.top, len(self.params))
        return (self.trajectories * (len(self.params) + 1)
                + self.base_samples * (k + 2)) * self.replications


def _int(src: str, key: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InputError(src, key, f"a whole number from {lo} to {hi}, got {value!r}")
    return value


def default_params_file() -> Path:
    from sim.scenario.shipped import scenarios_dir

    return scenarios_dir() / "sensitivity" / "default.yaml"


def load_plan(scenario: Scenario, params_file: Path | None,
              kpis: Sequence[str] | None = None) -> Plan:
    """Read a parameter file (default: the shipped one) and check it against the scenario."""
    from sim.measure.registry import find
    from sim.scenario.load import read_yaml

    path = Path(params_file) if params_file is not None else default_params_file()
    src = str(path)
    if not path.is_file():
        raise InputError(path, None, "a sensitivity parameter file (YAML); not found")
    data = read_yaml(path, "a sensitivity parameter file")
    unknown = sorted(set(data) - set(PLAN_KEYS))
    if unknown:
        raise InputError(src, unknown[0], f"one of {', '.join(PLAN_KEYS)}")
    overrides = data.get("set") or {}
    if not isinstance(overrides, dict):
        raise InputError(src, "set", "a mapping of dotted keys to values")
    base = with_overrides(scenario, overrides, src)
    params = params_from(data.get("parameters"), src)
    check_params(base, params, src)
    names = list(kpis) if kpis else list(data.get("kpis") or [])
    if not names:
        raise InputError(src, "kpis", "at least one KPI name")
    for n in names:
        if find(n) is None:
            raise InputError("--kpis" if kpis else src, "kpis" if not kpis else None,
                             f"KPI names from summary.json; {n!r} is not one")
    morris = data.get("morris") or {}
    sobol = data.get("sobol") or {}
    base_samples = _int(src, "sobol.base_samples", sobol.get("base_samples", 32), 2, 4096)
    if base_samples & (base_samples - 1):
        raise InputError(src, "sobol.base_samples", f"a power of 2 (Sobol sequences need one), "
                         f"got {base_samples}")
    return Plan(
        scenario=base, params=tuple(params), kpis=tuple(names),
        seed=_int(src, "seed", data.get("seed", scenario.seed), 0, 2**63 - 1),
        replications=_int(src, "replications", data.get("replications", 2), 2, 1000),
        trajectories=_int(src, "morris.trajectories", morris.get("trajectories", 6), 2, 1000),
        levels=_int(src, "morris.levels", morris.get("levels", 4), 2, 20),
        top=_int(src, "sobol.top", sobol.get("top", 4), 1, 50),
        base_samples=base_samples, source=src, overrides=dict(overrides))


def _problem(params: Sequence[Param]) -> dict[str, Any]:
    return {"num_vars": len(params), "names": [p.name for p in params],
            "bounds": [[p.low, p.high] for p in params]}


def _points(plan: Plan, params: Sequence[Param], x: np.ndarray) -> list[Point]:
    return [Point.of(apply(plan.scenario, dict(zip(params, row, strict=True)), plan.source))
            for row in x]


def _by_point(df: pd.DataFrame, n_points: int, reps: int, kpi: str) -> np.ndarray:
    """A KPI as an array (design row, replication), in design order."""
    return df[kpi].to_numpy(dtype=float).reshape(n_points, reps)


@dataclass
class Result:
    table: pd.DataFrame  # kpi, parameter, method, index, value, low, high
    noise: pd.DataFrame  # kpi, mean, noise_sd, effect_sd, noise_share
    plan: Plan
    sobol_params: list[str]
    skipped: dict[str, str]  # KPI -> why it is left out
    runs: int
    wall_s: float = 0.0


def _morris(plan: Plan, x: np.ndarray, y: np.ndarray) -> list[dict[str, Any]]:
    """mu*, its bootstrap interval and sigma per parameter, and the noise floor of mu*."""
    from SALib.analyze import morris

    problem = _problem(plan.params)
    mean = y.mean(axis=1)
    res = morris.analyze(problem, x, mean, num_levels=plan.levels, conf_level=0.95,
                         num_resamples=500, seed=plan.seed)
    r = y.shape[1]
    resid = [morris.analyze(problem, x, y[:, k] - mean, num_levels=plan.levels,
                            num_resamples=10, seed=plan.seed)["mu_star"] for k in range(r)]
    floor = np.mean(resid, axis=0) / math.sqrt(r - 1)
    rows = []
    for i, p in enumerate(plan.params):
        mu, half = float(res["mu_star"][i]), float(res["mu_star_conf"][i])
        rows.append({"parameter": p.name, "method": "morris", "index": "mu_star", "value": mu,
                     "low": max(mu - half, 0.0), "high": mu + half})
        rows.append({"parameter": p.name, "method": "morris", "index": "sigma",
                     "value": float(res["sigma"][i]), "low": np.nan, "high": np.nan})
        rows.append({"parameter": p.name, "method": "morris", "index": "noise_floor",
                     "value": float(floor[i]), "low": np.nan, "high": np.nan})
    return rows


def _chosen(plan: Plan, table: pd.DataFrame) -> list[Param]:
    """The parameters carried to the Sobol step: each KPI's strongest effects above noise,
    taken in turn (every KPI's first, then every KPI's second, ...) up to `top`."""
    ranked: list[list[str]] = []
    for kpi in plan.kpis:
        t = table[(table["kpi"] == kpi) & (table["method"] == "morris")]
        if t.empty:
            continue
        wide = t.pivot(index="parameter", columns="index", values="value")
        real = wide[wide["mu_star"] > NOISE_FACTOR * wide["noise_floor"]]
        ranked.append(list(real.sort_values("mu_star", ascending=False).index))
    picked: list[str] = []
    depth = 0
    while len(picked) < min(plan.top, len(plan.params)) and any(
            depth < len(r) for r in ranked):
        for r in ranked:
            if depth < len(r) and r[depth] not in picked and len(picked) < plan.top:
                picked.append(r[depth])
        depth += 1
    by_name = {p.name: p for p in plan.params}
    return [by_name[n] for n in picked]


def _sobol(plan: Plan, params: list[Param], x: np.ndarray, y: np.ndarray
           ) -> list[dict[str, Any]]:
    from SALib.analyze import sobol

    mean = y.mean(axis=1)
    if float(np.var(mean)) == 0.0:
        return []
    res = sobol.analyze(_problem(params), mean, calc_second_order=False, num_resamples=500,
                        conf_level=0.95, seed=plan.seed)
    rows = []
    for i, p in enumerate(params):
        for index in ("S1", "ST"):
            v, half = float(res[index][i]), float(res[f"{index}_conf"][i])
            rows.append({"parameter": p.name, "method": "sobol", "index": index, "value": v,
                         "low": v - half, "high": v + half})
    return rows


def _noise(kpi: str, y: np.ndarray, step: str) -> dict[str, Any]:
    """Seed-to-seed spread at a fixed point against the spread the parameters make.

    `noise_sd` is the replications' scatter at one setting. On common random numbers that
    scatter is largely shared by all points, so what blurs a comparison between points is
    smaller: the across-point variance of the replications' deviations from their point's
    mean, over (R - 1), estimates the noise variance of the point means; `noise_share` is that
    over the variance of the point means across the design."""
    means = y.mean(axis=1)
    within = float(np.sqrt(np.mean(np.var(y, axis=1, ddof=1))))
    between = float(np.std(means, ddof=1))
    resid = y - means[:, None]
    noise_var = float(np.mean(np.var(resid, axis=0, ddof=1))) / (y.shape[1] - 1)
    share = min(noise_var / between**2, 1.0) if between > 0 else float("nan")
    return {"kpi": kpi, "step": step, "mean": float(y.mean()), "noise_sd": within,
            "effect_sd": between, "noise_share": share}


def run_sensitivity(
    plan: Plan, out: Path, *, workers: int = 1, scheduler: str | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> Result:
    """Morris over every parameter, then Sobol over the few that matter; resumable in `out`."""
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    def progress(step: str) -> Callable[[int, int], None] | None:
        if on_progress is None:
            return None
        return lambda done, total: on_progress(step, done, total)

    reps = plan.replications
    x_m = morris_sample.sample(_problem(plan.params), N=plan.trajectories,
                               num_levels=plan.levels, seed=plan.seed)
    df_m = run_design(_points(plan, plan.params, x_m), plan.seed, reps, out,
                      workers=workers, scheduler=scheduler, on_progress=progress("morris"))
    runs = len(x_m) * reps
    rows: list[dict[str, Any]] = []
    noise: list[dict[str, Any]] = []
    skipped: dict[str, str] = {}
    ys: dict[str, np.ndarray] = {}
    for kpi in plan.kpis:
        y = _by_point(df_m, len(x_m), reps, kpi)
        if np.isnan(y).all():
            skipped[kpi] = "not simulated in this scenario"
            continue
        if np.isnan(y).any():
            skipped[kpi] = "undefined at some design points (a share of nothing)"
            continue
        ys[kpi] = y
        rows += [{"kpi": kpi, **r} for r in _morris(plan, x_m, y)]
        noise.append(_noise(kpi, y, "morris"))
    table = pd.DataFrame(rows, columns=["kpi", "parameter", "method", "index", "value", "low",
                                        "high"])
    chosen = _chosen(plan, table)
    if chosen:
        x_s = sobol_sample.sample(_problem(chosen), N=plan.base_samples,
                                  calc_second_order=False, seed=plan.seed)
        df_s = run_design(_points(plan, chosen, x_s), plan.seed, reps, out, workers=workers,
                          scheduler=scheduler, on_progress=progress("sobol"))
        runs += len(x_s) * reps
        for kpi in ys:
            y = _by_point(df_s, len(x_s), reps, kpi)
            if np.isnan(y).any():
                continue
            rows += [{"kpi": kpi, **r} for r in _sobol(plan, chosen, x_s, y)]
            noise.append(_noise(kpi, y, "sobol"))
    table = pd.DataFrame(rows, columns=table.columns)
    return Result(table, pd.DataFrame(noise), plan, [p.name for p in chosen], skipped, runs)
