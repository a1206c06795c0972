"""Fitting stated parameters to an hourly camera log: approximate Bayesian computation with
sequential Monte Carlo (SMC-ABC, the population Monte Carlo scheme of Beaumont et al. 2009).

No likelihood of a camera log is available, but the model can simulate one. ABC keeps the
parameter values whose simulated log lies close to the observed one; SMC does that in
generations with a shrinking tolerance: each generation proposes values by perturbing the
previous one's particles (a Gaussian kernel with twice their weighted covariance), simulates a
log for each, keeps those within the tolerance, and weights them by prior over proposal
density. The tolerance of a generation is a quantile of the previous generation's distances.

Why hand-written rather than pyabc: pyabc 0.13 installs and runs offline, but it draws its
proposals from numpy's global random state (reproducible only by global seeding, which venster
forbids and which does not carry to Dask workers) and brings eight further packages (scikit-
learn, redis, gitpython, ...). The scheme is a hundred lines on numpy with an explicit
`Generator`: a fixed seed gives the same posterior, every generation is stored as it finishes,
and the simulations run as batch tasks on processes or Dask.

Distance: over the summary statistics of sim.evidence.log_stats (per day), the Pearson
chi-square (simulated - observed)^2 / (observed + 1) of each statistic, which weighs each count
by its Poisson scale so busy cameras do not drown quiet ones, averaged within each kind of
statistic and then over the kinds, so each kind weighs the same.

Every simulation gets a replication number of its own (its index in the run), so the
posterior carries the model's noise rather than one draw of it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.evidence.design_runs import Point, run_items
from sim.evidence.log_stats import run_stats_task
from sim.evidence.params import Param, apply
from sim.files import atomic_write
from sim.scenario.models import Scenario

GENERATIONS = "generations"
QUANTILE = 0.5  # each tolerance: this quantile of the previous generation's distances


def distance(sim: Mapping[str, float], obs: Mapping[str, float]) -> float:
    """Mean over the kinds of statistic (entries by camera, by hour, not allowed, letters) of
    the mean Pearson chi-square (sim - obs)^2 / (obs + 1) of its statistics: each kind weighs
    the same, so 48 hourly counts do not outvote 13 counts of violations."""
    groups: dict[str, list[float]] = {}
    for k in set(obs) | set(sim):
        o = obs.get(k, 0.0)
        groups.setdefault(k.split("|", 1)[0], []).append((sim.get(k, 0.0) - o) ** 2 / (o + 1.0))
    return float(np.mean([np.mean(v) for v in groups.values()])) if groups else 0.0


@dataclass(frozen=True)
class Setup:
    scenario: Scenario
    params: tuple[Param, ...]
    observed: dict[str, float]
    seed: int
    budget: int  # simulations in all
    population: int
    source: str = "--param"


@dataclass
class Generation:
    t: int
    eps: float
    particles: np.ndarray  # (P, k)
    weights: np.ndarray  # (P,) summing to 1
    distances: np.ndarray
    stats: list[dict[str, float]]
    simulations: int  # used up to and including this generation


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def _prior_draw(rng: np.random.Generator, params: Sequence[Param], n: int) -> np.ndarray:
    lo = np.array([p.low for p in params])
    hi = np.array([p.high for p in params])
    return lo + rng.random((n, len(params))) * (hi - lo)


def _inside(x: np.ndarray, params: Sequence[Param]) -> np.ndarray:
    lo = np.array([p.low for p in params])
    hi = np.array([p.high for p in params])
    return ((x >= lo) & (x <= hi)).all(axis=1)


def _simulate(setup: Setup, x: np.ndarray, first_rep: int, out: Path, workers: int,
              scheduler: str | None, progress: Callable[[int, int], None] | None
              ) -> tuple[list[dict[str, float]], np.ndarray]:
    """Simulate each row of x with replication first_rep + i; statistics and distances."""
    items = [(Point.of(apply(setup.scenario, dict(zip(setup.params, row, strict=True)),
                             setup.source)), first_rep + i) for i, row in enumerate(x)]
    recs = run_items(items, setup.seed, out, workers=workers, scheduler=scheduler,
                     task_fn=run_stats_task, on_progress=progress)
    stats = [{k: v for k, v in recs[(p.id, r)]["kpis"].items() if _wanted(k, setup.observed)}
             for p, r in items]
    return stats, np.array([distance(s, setup.observed) for s in stats])


def _wanted(key: str, observed: Mapping[str, float]) -> bool:
    """Only the kinds of statistic the observed log has (its optional columns)."""
    kind = key.split("|", 1)[0]
    return any(k.split("|", 1)[0] == kind for k in observed)


def _save(out: Path, g: Generation, params: Sequence[Param]) -> None:
    df = pd.DataFrame(g.particles, columns=[p.name for p in params])
    df.insert(0, "weight", g.weights)
    df["distance"] = g.distances
    data = {"t": g.t, "eps": g.eps, "simulations": g.simulations,
            "particles": df.to_dict(orient="list"), "stats": g.stats}
    atomic_write(out / GENERATIONS / f"{g.t}.json", json.dumps(data))


def _load(out: Path, t: int, params: Sequence[Param]) -> Generation | None:
    path = out / GENERATIONS / f"{t}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    df = pd.DataFrame(data["particles"])
    return Generation(data["t"], data["eps"], df[[p.name for p in params]].to_numpy(),
                      df["weight"].to_numpy(), df["distance"].to_numpy(), data["stats"],
                      data["simulations"])


def run_abc(setup: Setup, out: Path, *, workers: int = 1, scheduler: str | None = None,
            on_progress: Callable[[str, int, int], None] | None = None) -> list[Generation]:
    """Generations until the budget is spent; every finished one is kept in `out`."""
    out = Path(out)
    params = setup.params
    k = len(params)
    p_size = setup.population

    def progress(step: str) -> Callable[[int, int], None] | None:
        return None if on_progress is None else (lambda d, n: on_progress(step, d, n))

    gens: list[Generation] = []
    g = _load(out, 0, params)
    if g is None:
        x = _prior_draw(_rng(setup.seed, 0), params, p_size)
        stats, d = _simulate(setup, x, 0, out, workers, scheduler, progress("generation 0"))
        g = Generation(0, math.inf, x, np.full(p_size, 1.0 / p_size), d, stats, p_size)
        _save(out, g, params)
    gens.append(g)
    while True:
        prev = gens[-1]
        nxt = _load(out, prev.t + 1, params)
        if nxt is not None:
            gens.append(nxt)
            continue
        if setup.budget - prev.simulations < p_size:
            break
        eps = float(np.quantile(prev.distances, QUANTILE))
        cov = 2.0 * np.atleast_2d(np.cov(prev.particles.T, aweights=prev.weights))
        cov += np.eye(k) * 1e-12 * np.maximum(np.diag(cov).max(), 1.0)
        chol = np.linalg.cholesky(cov)
        inv = np.linalg.inv(cov)
        acc_x: list[np.ndarray] = []
        acc_d: list[float] = []
        acc_s: list[dict[str, float]] = []
        used = prev.simulations
        batch_no = 0
        while len(acc_x) < p_size and used < setup.budget:
            rng = _rng(setup.seed, prev.t + 1, batch_no)
            n = min(max(p_size - len(acc_x), 4) * 2, setup.budget - used)
            picks = rng.choice(len(prev.weights), size=n * 4, p=prev.weights)
            cand = prev.particles[picks] + rng.standard_normal((n * 4, k)) @ chol.T
            cand = cand[_inside(cand, params)][:n]
            if not len(cand):
                batch_no += 1
                continue
            stats, d = _simulate(setup, cand, used, out, workers, scheduler,
                                 progress(f"generation {prev.t + 1}"))
            used += len(cand)
            for row, dist, s in zip(cand, d, stats, strict=True):
                if dist <= eps and len(acc_x) < p_size:
                    acc_x.append(row)
                    acc_d.append(float(dist))
                    acc_s.append(s)
            batch_no += 1
        if len(acc_x) < p_size:
            break  # the budget ran out inside this generation: the previous one stands
        x = np.array(acc_x)
        # weight: prior density (uniform, a constant inside) over the proposal's density
        diff = x[:, None, :] - prev.particles[None, :, :]
        kern = np.exp(-0.5 * np.einsum("ijk,kl,ijl->ij", diff, inv, diff))
        w = 1.0 / (kern @ prev.weights)
        w /= w.sum()
        g = Generation(prev.t + 1, eps, x, w, np.array(acc_d), acc_s, used)
        _save(out, g, params)
        gens.append(g)
    return gens


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x)
    cw = np.cumsum(w[order])
    return float(np.interp(q * cw[-1], cw - w[order] / 2, x[order]))


def posterior_summary(g: Generation, params: Sequence[Param]) -> pd.DataFrame:
    """Per parameter: posterior mean, 90% interval, and its width against the prior's."""
    rows = []
    for i, p in enumerate(params):
        x = g.particles[:, i]
        lo, hi = weighted_quantile(x, g.weights, 0.05), weighted_quantile(x, g.weights, 0.95)
        ratio = (hi - lo) / (0.9 * (p.high - p.low))
        verdict = ("pinned down" if ratio < 0.5 else "narrowed" if ratio < 0.8
                   else "not identified")
        rows.append({"parameter": p.name, "mean": float(np.sum(g.weights * x)),
                     "low_90": lo, "high_90": hi, "prior_low": p.low, "prior_high": p.high,
                     "width_vs_prior": ratio, "verdict": verdict})
    return pd.DataFrame(rows)


def check_budget(budget: int, population: int) -> None:
    if population < 5:
        raise InputError("command line", "--population", "5 or more particles")
    if budget < 2 * population:
        raise InputError("command line", "--budget", f"at least twice the population "
                         f"({2 * population}) simulations: one generation from the prior and "
                         f"one to improve on it; got {budget}")


def describe(setup: Setup) -> dict[str, Any]:
    return {"scenario": setup.scenario.name, "seed": setup.seed, "budget": setup.budget,
            "population": setup.population,
            "params": [{"name": p.name, "low": p.low, "high": p.high} for p in setup.params],
            "statistics": len(setup.observed)}
