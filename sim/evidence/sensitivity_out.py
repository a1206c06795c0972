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
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.evidence.sensitivity import NOISE_FACTOR, Result
from sim.files import atomic_write

RANKING = "ranking.csv"
TABLE = "sensitivity.csv"


def ranking(result: Result) -> pd.DataFrame:
    """Per KPI, the parameters above the noise floor, strongest first: by Sobol ST where the
    parameter had a Sobol step, then by Morris mu* (relative to the KPI's largest)."""
    t = result.table
    rows = []
    for kpi in t["kpi"].unique():
        m = t[(t["kpi"] == kpi) & (t["method"] == "morris")].pivot(
            index="parameter", columns="index", values="value")
        top = float(m["mu_star"].max()) or 1.0
        s = t[(t["kpi"] == kpi) & (t["method"] == "sobol") & (t["index"] == "ST")].set_index(
            "parameter")["value"]
        for name, r in m.iterrows():
            real = bool(r["mu_star"] > NOISE_FACTOR * r["noise_floor"])
            rows.append({"kpi": kpi, "parameter": name, "mu_star_rel": r["mu_star"] / top,
                         "above_noise": real,
                         "sobol_st": float(s[name]) if name in s.index else np.nan})
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    df["key"] = df["sobol_st"].fillna(-1.0)
    df = df.sort_values(["kpi", "above_noise", "key", "mu_star_rel"],
                        ascending=[True, False, False, False])
    df["rank"] = df.groupby("kpi").cumcount() + 1
    return df.drop(columns="key")[["kpi", "rank", "parameter", "above_noise", "sobol_st",
                                   "mu_star_rel"]]


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
    from sim.measure.kpis import KPI_BY_NAME

    plan = result.plan
    lines = [f"# Which assumptions drive the results of {plan.scenario.name}", "",
             f"{len(plan.params)} assumptions varied over their stated ranges "
             f"({plan.source}); {result.runs:,} runs "
             f"({plan.replications} replications of seed {plan.seed} per setting, common "
             f"random numbers); {result.wall_s / 60:.1f} minutes.", ""]
    if plan.overrides:
        shown = ", ".join(f"{k}: {v}" for k, v in plan.overrides.items())
        lines += [f"Every run with {shown}.", ""]
    noise = result.noise
    for kpi in plan.kpis:
        if kpi in result.skipped:
            lines += [f"## {kpi}", "", f"Left out: {result.skipped[kpi]}.", ""]
            continue
        r = rank[rank["kpi"] == kpi]
        real = r[r["above_noise"]]
        n = noise[(noise["kpi"] == kpi) & (noise["step"] == "morris")].iloc[0]
        desc = KPI_BY_NAME[kpi].description if kpi in KPI_BY_NAME else kpi
        lines += [f"## {kpi}", "", f"{desc[0].upper()}{desc[1:]}: {n['mean']:.4g} on average "
                  f"over the design."]
        if real.empty:
            lines.append("No assumption moves it clearly beyond the noise of the simulation.")
        else:
            parts = []
            for _, row in real.head(3).iterrows():
                st = ("" if np.isnan(row["sobol_st"])
                      else f", explaining {row['sobol_st']:.0%} of its variance with interactions")
                parts.append(f"`{row['parameter']}`{st}")
            lines.append("It depends most on " + "; then ".join(parts) + ".")
            rest = r[~r["above_noise"]]["parameter"].tolist()
            if rest:
                lines.append(f"Indistinguishable from noise: {len(rest)} of "
                             f"{len(r)} assumptions.")
        lines += [f"Noise: two replications of one setting differ by a standard deviation of "
                  f"{n['noise_sd']:.3g}; the assumptions spread the mean by {n['effect_sd']:.3g} "
                  f"(noise is {n['noise_share']:.0%} of that spread's variance).", ""]
    if result.sobol_params:
        lines += ["Sobol step: " + ", ".join(f"`{p}`" for p in result.sobol_params)
                  + f" ({plan.base_samples} base samples).", ""]
    lines += ["Morris mu* is the mean absolute change of the KPI when one assumption moves "
              "across its range; the noise floor is the mu* the replications' own scatter "
              f"would give, and an assumption counts only above {NOISE_FACTOR:g} floors. "
              "Sobol ST is the share of the KPI's variance over the design that the assumption "
              "explains, alone or together with others.", ""]
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
