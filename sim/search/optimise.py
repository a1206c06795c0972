"""Options worth racing, when the space is too large to try them all: Optuna's NSGA-II.

Each decision is a categorical parameter (the index of its level). A generation's options are
asked for together, evaluated on the racing's first replications as one round (so they run
side by side on the workers), and told back with their objective means; constraints go to
NSGA-II as its constraint values (at most 0: kept). The sampler is seeded and asked and told in
a fixed order, so the same spec and records give the same options: an interrupted search
replays the generations from its stored records and runs only what was missing.
"""

from __future__ import annotations

import math

import numpy as np

from sim.search.space import Candidate, Search
from sim.search.store import Evaluator


def nsga2_candidates(search: Search, ev: Evaluator) -> list[Candidate]:
    """Every distinct valid option NSGA-II tried, in the order it tried them."""
    import optuna
    from optuna.distributions import CategoricalDistribution
    from optuna.trial import TrialState

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    spec = search.spec
    objectives, constraints = spec.objectives, spec.constraints
    first = spec.racing.first
    seed = spec.nsga2.seed if spec.nsga2.seed is not None else spec.seed

    def constraint_values(trial: optuna.trial.FrozenTrial) -> list[float]:
        return list(trial.user_attrs.get("constraint", [0.0] * len(constraints)))

    sampler = optuna.samplers.NSGAIISampler(
        population_size=spec.nsga2.population, seed=seed,
        constraints_func=constraint_values if constraints else None)
    study = optuna.create_study(
        directions=["minimize" if o.direction == "min" else "maximize" for o in objectives],
        sampler=sampler)
    dists = {f"x{i}": CategoricalDistribution(list(range(len(f.values))))
             for i, f in enumerate(search.factors)}
    found: dict[str, Candidate] = {}
    for gen in range(spec.nsga2.generations):
        trials = [study.ask(dists) for _ in range(spec.nsga2.population)]
        options = [tuple(int(t.params[f"x{i}"]) for i in range(len(search.factors)))
                   for t in trials]
        cands = [search.candidate(o) for o in options]
        ev.ensure([(c, first) for c in cands if isinstance(c, Candidate)],
                  f"NSGA-II generation {gen + 1} of {spec.nsga2.generations}")
        for trial, cand in zip(trials, cands, strict=True):
            if not isinstance(cand, Candidate) or ev.replications(cand) < first:
                study.tell(trial, state=TrialState.FAIL)
                continue
            found.setdefault(cand.name, cand)
            means = [_mean(ev.values(cand, o.kpi, first)) for o in objectives]
            if any(math.isnan(m) for m in means):
                study.tell(trial, state=TrialState.FAIL)
                continue
            if constraints:
                trial.set_user_attr("constraint", [
                    -c.slack(_mean(ev.values(cand, c.kpi, first))) for c in constraints])
            study.tell(trial, means)
    return list(found.values())


def _mean(x: np.ndarray) -> float:
    x = x[~np.isnan(x)]
    return float(x.mean()) if len(x) else math.nan
