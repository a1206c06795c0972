"""What a sensitivity study leaves in its folder: the indices, the noise, a figure per KPI and
a summary in plain words, each written atomically.

`sensitivity.csv` (kpi, parameter, method, index, value, low, high): Morris `mu_star` with its
95% bootstrap interval, `sigma` and the `noise_floor`; Sobol `S1` and `ST` with their 95%
intervals. `noise.csv`: per KPI and step the seed-to-seed spread at a fixed point against the
spread of the design. `ranking.csv`: per KPI the parameters it depends on, strongest first
(what `venster report --sensitivity` reads).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.evidence.sensitivity import NOISE_FACTOR, Result
from sim.files import atomic_write

RANKING = "ranking.csv"
# a Sobol step whose design variance is mostly noise says nothing about shares of it
SOBOL_NOISE_LIMIT = 0.5
TABLE = "sensitivity.csv"


def ranking(result: Result) -> pd.DataFrame:
    """Per KPI, every parameter, strongest first: those above the noise floor by Morris mu*
    (relative to the KPI's largest), then the rest. Sobol's ST is shown beside, where the
    parameter went through the Sobol step and that step's result is not mostly noise."""
    t = result.table
    noise = result.noise
    rows = []
    for kpi in t["kpi"].unique():
        m = t[(t["kpi"] == kpi) & (t["method"] == "morris")].pivot(
            index="parameter", columns="index", values="value")
        top = float(m["mu_star"].max()) or 1.0
        s = t[(t["kpi"] == kpi) & (t["method"] == "sobol") & (t["index"] == "ST")].set_index(
            "parameter")["value"]
        sn = noise[(noise["kpi"] == kpi) & (noise["step"] == "sobol")]["noise_share"]
        sobol_ok = len(sn) == 1 and float(sn.iloc[0]) < SOBOL_NOISE_LIMIT
        for name, r in m.iterrows():
            real = bool(r["mu_star"] > NOISE_FACTOR * r["noise_floor"])
            st = float(s[name]) if sobol_ok and name in s.index else np.nan
            rows.append({"kpi": kpi, "parameter": name, "mu_star_rel": r["mu_star"] / top,
                         "above_noise": real, "sobol_st": st})
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    df = df.sort_values(["kpi", "above_noise", "mu_star_rel"], ascending=[True, False, False])
    df["rank"] = df.groupby("kpi").cumcount() + 1
    return df[["kpi", "rank", "parameter", "above_noise", "mu_star_rel", "sobol_st"]]


def _csv(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n", float_format="%.6g")


def _figure(result: Result, kpi: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = result.table[result.table["kpi"] == kpi]
    m = t[t["method"] == "morris"].pivot(index="parameter", columns="index", values="value")
    lo = t[(t["method"] == "morris") & (t["index"] == "mu_star")].set_index("parameter")
    m = m.sort_values("mu_star")
    s = t[t["method"] == "sobol"]
    fig, axes = plt.subplots(1, 2 if not s.empty else 1, figsize=(11 if not s.empty else 7,
                             0.32 * len(m) + 1.6), squeeze=False)
    ax = axes[0][0]
    y = np.arange(len(m))
    err = np.vstack([m["mu_star"] - lo.loc[m.index, "low"],
                     lo.loc[m.index, "high"] - m["mu_star"]])
    ax.barh(y, m["mu_star"], xerr=err, color="#4477aa", capsize=2)
    ax.plot(NOISE_FACTOR * m["noise_floor"], y, "k|", markersize=10,
            label=f"{NOISE_FACTOR:g} x noise floor")
    ax.set_yticks(y, m.index, fontsize=8)
    ax.set_xlabel("Morris mu* (KPI units over the parameter's range)")
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(f"{kpi}: screening", fontsize=10)
    if not s.empty:
        ax2 = axes[0][1]
        names = list(dict.fromkeys(s["parameter"]))
        yy = np.arange(len(names))
        for off, index, color in ((-0.18, "S1", "#66ccee"), (0.18, "ST", "#ee6677")):
            d = s[s["index"] == index].set_index("parameter").loc[names]
            ax2.barh(yy + off, d["value"], height=0.35, color=color, label=index,
                     xerr=np.vstack([d["value"] - d["low"], d["high"] - d["value"]]).clip(0),
                     capsize=2)
        ax2.set_yticks(yy, names, fontsize=8)
        ax2.set_xlim(0, 1.05)
        ax2.set_xlabel("Sobol index (share of variance)")
        ax2.legend(fontsize=8)
        ax2.set_title("variance decomposition", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def summary_text(result: Result, rank: pd.DataFrame) -> str:
    from sim.measure.registry import find

    plan = result.plan
    lines = [f"# Which assumptions drive the results of {plan.scenario.name}", "",
             f"{len(plan.params)} assumptions varied over their stated ranges "
             f"({plan.source}); {result.runs:,} runs "
             f"({plan.replications} replications of seed {plan.seed} per setting, common "
             f"random numbers); {result.wall_s / 60:.1f} minutes.", ""]
    if plan.overrides:
        shown = ", ".join(f"{k}: {json.dumps(v)}" for k, v in plan.overrides.items())
        lines += [f"Every run with {shown}.", ""]
    noise = result.noise
    for kpi in plan.kpis:
        if kpi in result.skipped:
            lines += [f"## {kpi}", "", f"Left out: {result.skipped[kpi]}.", ""]
            continue
        r = rank[rank["kpi"] == kpi]
        real = r[r["above_noise"]]
        n = noise[(noise["kpi"] == kpi) & (noise["step"] == "morris")].iloc[0]
        found = find(kpi)
        desc = found.description if found is not None else kpi
        lines += [f"## {kpi}", "", f"{desc[0].upper()}{desc[1:]}: {n['mean']:.4g} on average "
                  f"over the design."]
        if real.empty:
            lines.append("No assumption moves it clearly beyond the noise of the simulation.")
        else:
            parts = []
            for _, row in real.head(3).iterrows():
                st = ("" if np.isnan(row["sobol_st"])
                      else f" (Sobol ST {row['sobol_st']:.2f})")
                parts.append(f"`{row['parameter']}`{st}")
            lines.append("It depends most on " + ", then ".join(parts) + ".")
            rest = r[~r["above_noise"]]["parameter"].tolist()
            if rest:
                lines.append(f"Indistinguishable from noise: {len(rest)} of "
                             f"{len(r)} assumptions.")
        lines += [f"Noise: the replications of one setting scatter with a standard deviation "
                  f"of {n['noise_sd']:.3g}; the assumptions move the mean with a standard "
                  f"deviation of {n['effect_sd']:.3g}; on common random numbers the noise is "
                  f"{n['noise_share']:.0%} of the design's variance.", ""]
    if result.sobol_params:
        lines += ["Sobol step: " + ", ".join(f"`{p}`" for p in result.sobol_params)
                  + f" ({plan.base_samples} base samples).", ""]
    lines += ["Morris mu* is the mean absolute change of the KPI when one assumption moves "
              "across its range; the noise floor is the mu* the replications' own scatter "
              f"would give, and an assumption counts only above {NOISE_FACTOR:g} floors. "
              "Sobol ST is the share of the KPI's variance over the design that the assumption "
              "explains, alone or together with others, with the parameters outside the Sobol "
              "step at their scenario values; it is left out where that step's variance is "
              f"more than {SOBOL_NOISE_LIMIT:.0%} noise.", ""]
    return "\n".join(lines)


def write_outputs(result: Result, out: Path) -> dict[str, Path]:
    out = Path(out)
    rank = ranking(result)
    written = {
        "table": atomic_write(out / TABLE, _csv(result.table)),
        "noise": atomic_write(out / "noise.csv", _csv(result.noise)),
        "ranking": atomic_write(out / RANKING, _csv(rank)),
        "summary": atomic_write(out / "summary.md", summary_text(result, rank)),
    }
    for kpi in result.table["kpi"].unique():
        written[f"figure {kpi}"] = atomic_write(out / "figures" / f"{kpi}.png",
                                                _figure(result, kpi))
    plan = result.plan
    info: dict[str, Any] = {
        "scenario": plan.scenario.name, "params_file": plan.source, "seed": plan.seed,
        "replications": plan.replications, "runs": result.runs,
        "wall_s": round(result.wall_s, 1), "kpis": list(plan.kpis),
        "skipped": result.skipped, "sobol_parameters": result.sobol_params,
        "parameters": [{"name": p.name, "low": p.low, "high": p.high, "source": p.source}
                       for p in plan.params],
        "set": plan.overrides,
    }
    written["info"] = atomic_write(out / "sensitivity.json",
                                   json.dumps(info, indent=2, default=str))
    return written


@dataclass(frozen=True)
class Drivers:
    """What a report needs from a sensitivity folder: per KPI the top assumptions."""

    scenario: str
    runs: int
    n_params: int
    kpis: tuple[str, ...]
    top: dict[str, list[str]]


def read_drivers(folder: Path, per_kpi: int = 3) -> Drivers:
    """The `per_kpi` strongest assumptions above the noise floor for each KPI of a folder
    written by `venster sensitivity`."""
    folder = Path(folder)
    for name in (RANKING, "sensitivity.json"):
        if not (folder / name).is_file():
            raise InputError(folder, name, "a folder written by venster sensitivity; this "
                             "file is missing")
    try:
        info = json.loads((folder / "sensitivity.json").read_text(encoding="utf-8"))
        rank = pd.read_csv(folder / RANKING)
        top = {str(k): g[g["above_noise"].astype(bool)].sort_values("rank")["parameter"]
               .head(per_kpi).astype(str).tolist() for k, g in rank.groupby("kpi")}
        return Drivers(str(info["scenario"]), int(info["runs"]), len(info["parameters"]),
                       tuple(k for k in info["kpis"] if k in top), top)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(folder, RANKING, f"the ranking venster sensitivity writes ({exc})"
                         ) from None
