"""What a calibration leaves in its folder, each file written atomically:

- `posterior.csv`: the last generation's particles (weight, one column per parameter, distance);
- `posterior_summary.csv`: per parameter the posterior mean, its 90% interval and a verdict;
- `calibrated.yaml`: a scenario extending the one calibrated, with the posterior means;
- `figures/prior_posterior.png` and `figures/observed_vs_simulated.png`;
- `summary.md`: what the log could and could not pin down.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from sim.evidence.calibrate import Generation, Setup, describe, posterior_summary
from sim.evidence.params import matching_paths, value_at
from sim.files import atomic_write


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def _prior_posterior(setup: Setup, g: Generation, truth: dict[str, float] | None) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    k = len(setup.params)
    fig, axes = plt.subplots(1, k, figsize=(4.2 * k, 3.2), squeeze=False)
    for i, p in enumerate(setup.params):
        ax = axes[0][i]
        bins = np.linspace(p.low, p.high, 21)
        ax.hist(g.particles[:, i], bins=bins, weights=g.weights, density=True, color="#4477aa",
                alpha=0.8, label="posterior")
        ax.axhline(1.0 / (p.high - p.low), color="0.4", ls="--", label="prior (uniform)")
        if truth and p.name in truth:
            ax.axvline(truth[p.name], color="#ee6677", lw=2, label="truth")
        ax.set_xlabel(p.name, fontsize=8)
        ax.legend(fontsize=7)
    axes[0][0].set_ylabel("density")
    return _png(fig)


def _observed_vs_simulated(setup: Setup, g: Generation) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = sorted(setup.observed)
    sim = np.array([[s.get(k, 0.0) for k in keys] for s in g.stats])
    mean = g.weights @ sim
    obs = np.array([setup.observed[k] for k in keys])
    kinds = sorted({k.split("|", 1)[0] for k in keys})
    fig, axes = plt.subplots(1, len(kinds), figsize=(4 * len(kinds), 3.6), squeeze=False)
    for ax, kind in zip(axes[0], kinds, strict=True):
        sel = np.array([k.split("|", 1)[0] == kind for k in keys])
        ax.scatter(obs[sel], mean[sel], s=10, color="#4477aa")
        top = max(float(obs[sel].max()), float(mean[sel].max()), 1e-9) * 1.05
        ax.plot([0, top], [0, top], color="0.5", lw=1)
        ax.set_title(kind.replace("_", " "), fontsize=9)
        ax.set_xlabel("observed per day", fontsize=8)
    axes[0][0].set_ylabel("simulated per day (posterior mean)", fontsize=8)
    return _png(fig)


def calibrated_scenario(setup: Setup, summary: pd.DataFrame, extends: Path) -> str:
    """A scenario file: the calibrated one with the posterior means set."""
    data = setup.scenario.model_dump()
    nested: dict[str, Any] = {}
    for p, mean in zip(setup.params, summary["mean"], strict=True):
        for path in matching_paths(data, p.key.split(".")):
            v = float(mean) * value_at(data, path) if p.scale else float(mean)
            node = nested
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = round(v) if p.integer else round(v, 6)
    head = (f"# {setup.scenario.name} calibrated by venster calibrate (SMC-ABC) to a camera "
            "log: the posterior means of\n# " + ", ".join(p.name for p in setup.params)
            + ". See posterior.csv and summary.md beside this file.\n")
    body = {"extends": str(Path(extends).resolve()), "name": f"{setup.scenario.name}-calibrated",
            **nested}
    return head + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)


def summary_text(setup: Setup, gens: list[Generation], summary: pd.DataFrame,
                 wall_s: float) -> str:
    g = gens[-1]
    lines = [f"# Calibration of {setup.scenario.name}", "",
             f"{len(setup.observed)} summary statistics of the log; {g.simulations} "
             f"simulations in {len(gens)} generations of {setup.population} particles "
             f"(final tolerance {g.eps:.3g}, distance: Pearson chi-square per "
             f"statistic, averaged per kind of statistic); {wall_s / 60:.1f} minutes.", ""]
    for _, r in summary.iterrows():
        lines.append(f"- `{r['parameter']}`: {r['mean']:.4g}, 90% interval "
                     f"{r['low_90']:.4g} to {r['high_90']:.4g} (prior {r['prior_low']:g} to "
                     f"{r['prior_high']:g}; the interval is {r['width_vs_prior']:.0%} of the "
                     f"prior's): {r['verdict']}.")
    pinned = summary[summary["verdict"] != "not identified"]["parameter"].tolist()
    loose = summary[summary["verdict"] == "not identified"]["parameter"].tolist()
    lines.append("")
    if pinned:
        lines.append("The log constrains " + ", ".join(f"`{p}`" for p in pinned) + ".")
    if loose:
        lines.append("It cannot pin down " + ", ".join(f"`{p}`" for p in loose)
                     + ": the counts look alike across its range, so its value still rests "
                     "on the assumption (or needs other data).")
    lines.append("")
    return "\n".join(lines)


def write_outputs(setup: Setup, gens: list[Generation], out: Path, extends: Path,
                  wall_s: float, truth: dict[str, float] | None = None) -> dict[str, Path]:
    out = Path(out)
    g = gens[-1]
    post = pd.DataFrame(g.particles, columns=[p.name for p in setup.params])
    post.insert(0, "weight", g.weights)
    post["distance"] = g.distances
    summary = posterior_summary(g, setup.params)
    written = {
        "posterior": atomic_write(out / "posterior.csv",
                                  post.to_csv(index=False, lineterminator="\n",
                                              float_format="%.6g")),
        "posterior_summary": atomic_write(out / "posterior_summary.csv", summary.to_csv(
            index=False, lineterminator="\n", float_format="%.6g")),
        "calibrated": atomic_write(out / "calibrated.yaml",
                                   calibrated_scenario(setup, summary, extends)),
        "prior_posterior": atomic_write(out / "figures" / "prior_posterior.png",
                                        _prior_posterior(setup, g, truth)),
        "observed": atomic_write(out / "figures" / "observed_vs_simulated.png",
                                 _observed_vs_simulated(setup, g)),
        "summary": atomic_write(out / "summary.md",
                                summary_text(setup, gens, summary, wall_s)),
    }
    info = {**describe(setup), "generations": [
        {"t": x.t, "eps": x.eps, "simulations": x.simulations} for x in gens],
        "wall_s": round(wall_s, 1)}
    written["info"] = atomic_write(out / "calibration-result.json",
                                   json.dumps(info, indent=2, default=str))
    return written
