"""What a search leaves for people: search.csv, pareto.csv, the front figure, the summaries.

- `search.csv`: every option evaluated: its decisions, status (front, dominated, dropped,
  infeasible, failed), replications, each objective's (and constraint's) mean and 95% interval
  over replications, and the paired difference from the base with its 95% interval.
- `pareto.csv`: the options not clearly beaten, same columns.
- `front_nl.png|svg`, `front_en.png|svg`: each pair of objectives, the base marked.
- `summary_nl.md|html`, `summary_en.md|html`: the front in plain words; the HTML page is
  self-contained (inline style, the figure inline), like the report.

Every file is written atomically.
"""

from __future__ import annotations

import base64
import math
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.batch.store import write_atomic
from sim.deliver.i18n import fmt_number, tr
from sim.measure.kpis import interval95
from sim.runfolder.write import write_csv_text
from sim.search.outcome import FRONT, Entry, SearchOutcome
from sim.search.words import describe, kpi_name, w

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SEARCH_CSV = "search.csv"
PARETO_CSV = "pareto.csv"
LANGS = ("nl", "en")


def kpis_of(outcome: SearchOutcome) -> list[str]:
    spec = outcome.search.spec
    out = [o.kpi for o in spec.objectives]
    return out + [c.kpi for c in spec.constraints if c.kpi not in out]


def table(outcome: SearchOutcome) -> pd.DataFrame:
    """One row per option: decisions, status, replications, means, intervals, differences."""
    ev, search = outcome.evaluator, outcome.search
    base = outcome.base.candidate
    rows = []
    for e in outcome.entries:
        c = e.candidate
        row: dict[str, Any] = {"option": c.name, "base": c.is_base, "status": e.status,
                               "dominated_by": e.dominated_by,
                               "dropped_after": e.dropped_after,
                               "replications": ev.replications(c)}
        for f in search.factors:
            value = c.decisions.get(f.name)
            row[f.name] = _cell(value)
        for kpi in kpis_of(outcome):
            x = ev.values(c, kpi)
            mean, lo, hi = interval95(x) if len(x) else (math.nan,) * 3
            row[f"{kpi}_mean"], row[f"{kpi}_low"], row[f"{kpi}_high"] = mean, lo, hi
            b = ev.values(base, kpi)
            n = min(len(x), len(b))
            if c.is_base or n == 0:
                d = (0.0, 0.0, 0.0) if c.is_base else (math.nan,) * 3
            else:
                d = interval95(x[:n] - b[:n])
            row[f"{kpi}_vs_base"], row[f"{kpi}_vs_base_low"], row[f"{kpi}_vs_base_high"] = d
        rows.append(row)
    return pd.DataFrame(rows)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list | dict):
        return str(value)
    return value


def write_outputs(outcome: SearchOutcome) -> list[Path]:
    """Write the tables, figures and summaries into the search folder; return their paths."""
    out = outcome.out
    df = table(outcome)
    written = [write_atomic(out / SEARCH_CSV, write_csv_text(df)),
               write_atomic(out / PARETO_CSV, write_csv_text(df[df["status"] == FRONT]))]
    pngs: dict[str, bytes] = {}
    for lang in LANGS:
        fig = front_figure(outcome, df, lang)
        for ext in ("png", "svg"):
            import io

            buf = io.BytesIO()
            fig.savefig(buf, format=ext, dpi=110)
            data = buf.getvalue()
            if ext == "png":
                pngs[lang] = data
            written.append(write_atomic(out / f"front_{lang}.{ext}", data))
        import matplotlib.pyplot as plt

        plt.close(fig)
        md = summary_markdown(outcome, df, lang)
        written.append(write_atomic(out / f"summary_{lang}.md", md))
        written.append(write_atomic(out / f"summary_{lang}.html",
                                    summary_html(md, lang, pngs[lang])))
    return written


# --------------------------------------------------------------------------- the figure


def front_figure(outcome: SearchOutcome, df: pd.DataFrame, lang: str) -> Figure:
    """Every pair of objectives: options (grey), the front (with margins), the base (star)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.deliver.palette import OKABE_ITO

    objs = [o.kpi for o in outcome.search.spec.objectives]
    pairs = [(a, b) for i, a in enumerate(objs) for b in objs[i + 1:]] or [(objs[0], objs[0])]
    cols = min(len(pairs), 3 if len(pairs) in (3, 6, 9) else 4 if len(pairs) > 4 else
               len(pairs))
    rows = math.ceil(len(pairs) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.6 * rows), squeeze=False)
    # each option placed at the base's mean plus its paired difference from the base: an
    # option that dropped out after fewer replications is then shown on the same footing
    # (common random numbers) instead of at the mean of its few replications
    df = df.copy()
    base_row = df[df["base"]].iloc[0]
    for k in objs:
        df[f"{k}_mean"] = np.where(df["base"], df[f"{k}_mean"],
                                   float(base_row[f"{k}_mean"]) + df[f"{k}_vs_base"])
    front = df[df["status"] == FRONT]
    base = df[df["base"]]
    for ax, (a, b) in zip(axes.flat, pairs, strict=False):
        ax.scatter(df[f"{a}_mean"], df[f"{b}_mean"], s=12, color="#b8b8b8",
                   label=w(lang, "legend_all"), zorder=1)
        # means only: the spread between replications is wide, but options are compared on
        # paired differences, whose margins the summary's table gives
        ax.scatter(front[f"{a}_mean"], front[f"{b}_mean"], s=22, color=OKABE_ITO["blue"],
                   label=w(lang, "legend_front"), zorder=2)
        ax.scatter(base[f"{a}_mean"], base[f"{b}_mean"], marker="*", s=180,
                   color=OKABE_ITO["vermillion"],
                   edgecolor="black", linewidth=0.6, label=w(lang, "legend_base"), zorder=3)
        ax.set_xlabel(_wrap(kpi_name(lang, a)), fontsize=8)
        ax.set_ylabel(_wrap(kpi_name(lang, b)), fontsize=8)
        ax.tick_params(labelsize=7)
        _tick_labels(ax, lang)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(pairs):]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle(w(lang, "heading", name=outcome.search.name), fontsize=10)
    fig.tight_layout(rect=(0, 0.05, 1, 0.97))
    return fig


def _tick_labels(ax: Any, lang: str) -> None:
    """Tick labels in the reader's language with as many decimals as the ticks' step needs
    (118 / 118,5 / 119 on a narrow axis, not 118 / 118 / 119)."""
    from matplotlib.ticker import FuncFormatter

    for axis in (ax.xaxis, ax.yaxis):
        def label(v: float, _pos: int, axis: Any = axis) -> str:
            locs = axis.get_majorticklocs()
            step = float(np.min(np.diff(locs))) if len(locs) > 1 else 1.0
            d = min(3, max(0, -math.floor(math.log10(step)))) if step > 0 else 0
            return fmt_number(lang, v, d)

        axis.set_major_formatter(FuncFormatter(label))


def _wrap(text: str, width: int = 38) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


# --------------------------------------------------------------------------- summaries


def _t(lang: str) -> Any:
    return lambda key, **v: tr(lang, key, **v)


def _value(lang: str, kpi: str, x: float) -> str:
    from sim.deliver.report.lead import value_text

    return value_text(lang, kpi, x) if not math.isnan(x) else "–"


def _diff(lang: str, kpi: str, row: pd.Series) -> str:
    from sim.deliver.report.lead import diff_and_margin

    r = pd.Series({"difference": row[f"{kpi}_vs_base"], "ci95_low": row[f"{kpi}_vs_base_low"],
                   "ci95_high": row[f"{kpi}_vs_base_high"]})
    diff, margin = diff_and_margin(lang, _t(lang), kpi, r)
    return f"{diff}; {margin}"


def _describe(outcome: SearchOutcome, e: Entry | pd.Series, lang: str) -> str:
    search = outcome.search
    if isinstance(e, Entry):
        decisions = e.candidate.decisions
    else:
        decisions = next(x.candidate.decisions for x in outcome.entries
                         if x.candidate.name == e["option"])
    return describe(lang, decisions, search.window_days, search.same_as)


def _worth_a_look(outcome: SearchOutcome, front: pd.DataFrame) -> tuple[dict[str, str], str]:
    """The best front option per objective, and the one nowhere far from the best (the
    smallest largest shortfall, each objective scaled from the front's best to its worst)."""
    objs = outcome.search.spec.objectives
    best: dict[str, str] = {}
    if front.empty:
        return best, ""
    scaled = []
    for o in objs:
        x = front[f"{o.kpi}_mean"].to_numpy(dtype=float)
        x = x if o.direction == "min" else -x
        best[o.kpi] = str(front["option"].iloc[int(np.nanargmin(x))])
        span = np.nanmax(x) - np.nanmin(x)
        scaled.append((x - np.nanmin(x)) / span if span > 0 else np.zeros_like(x))
    worst = np.nanmax(np.vstack(scaled), axis=0)
    return best, str(front["option"].iloc[int(np.nanargmin(worst))])


def summary_markdown(outcome: SearchOutcome, df: pd.DataFrame, lang: str) -> str:
    search, spec = outcome.search, outcome.search.spec
    objs = spec.objectives
    front = df[df["status"] == FRONT]
    base_row = df[df["base"]].iloc[0]
    objectives = ", ".join(w(lang, o.direction, kpi=kpi_name(lang, o.kpi)) for o in objs)
    lines = [f"# {w(lang, 'title', name=search.name)}", ""]
    lines.append(w(lang, "intro", base=f"{search.base_scenario.name} "
                   f"({_describe(outcome, outcome.base, lang)})", objectives=objectives))
    if spec.constraints:
        items = ", ".join(
            w(lang, "at_least" if c.at_least is not None else "at_most",
              kpi=kpi_name(lang, c.kpi),
              v=_value(lang, c.kpi, float(c.at_least if c.at_least is not None
                                          else c.at_most)))  # type: ignore[arg-type]
            for c in spec.constraints)
        lines += ["", w(lang, "constraints", items=items)]
    r = spec.racing
    method = w(lang, "enumerate") if outcome.method == "enumerate" else w(lang, "nsga2")
    skipped = (w(lang, "skipped", n=outcome.skipped) if outcome.skipped
               else w(lang, "none_skipped"))
    runs = int(df["replications"].sum())
    how = w(lang, "how", method=method, options=len(df), skipped=skipped, first=r.first,
            step=r.step, max=r.max, conf=f"{round(r.confidence * 100)}%", runs=runs,
            minutes=w(lang, "minutes", m=fmt_number(lang, outcome.evaluator.compute_s / 60, 1)))
    lines += ["", how, ""]
    status = base_row["status"]
    base_text = (w(lang, "base_front") if status == FRONT else
                 w(lang, "base_infeasible") if status == "infeasible" else
                 w(lang, "base_beaten", by=base_row["dominated_by"]))
    lines.append(w(lang, "result", front=len(front), options=len(df), base=base_text))
    lines += ["", f"## {w(lang, 'front_head')}", "", w(lang, "front_note"), ""]
    head = [w(lang, "option"), *(kpi_name(lang, o.kpi) for o in objs), w(lang, "col.reps")]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    shown = pd.concat([front, df[df["base"] & (df["status"] != FRONT)]])
    for _, row in shown.iterrows():
        name = row["option"] + (f" ({w(lang, 'current')})" if row["base"] else "")
        cells = [f"**{name}**<br>{_describe(outcome, row, lang)}"]
        for o in objs:
            value = _value(lang, o.kpi, float(row[f"{o.kpi}_mean"]))
            cells.append(value if row["base"] else f"{value} ({_diff(lang, o.kpi, row)})")
        cells.append(str(int(row["replications"])))
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    best, balanced = _worth_a_look(outcome, front)
    if best:
        lines += ["", f"## {w(lang, 'look_head')}", ""]
        for o in objs:
            name = best[o.kpi]
            row = front[front["option"] == name].iloc[0]
            text = w(lang, "best_for", kpi=kpi_name(lang, o.kpi), option=name,
                     desc=_describe(outcome, row, lang))
            lines.append(f"- {text}")
        row = front[front["option"] == balanced].iloc[0]
        text = w(lang, "balanced", option=balanced, desc=_describe(outcome, row, lang))
        lines.append(f"- {text}")
    lines += ["", f"![{w(lang, 'caption')}](front_{lang}.png)", "", w(lang, "caption"), "",
              w(lang, "files"), ""]
    return "\n".join(lines)


def summary_html(markdown: str, lang: str, png: bytes) -> str:
    """The Markdown summary as a self-contained page: a small converter for the few forms
    the summary uses (headings, paragraphs, a table, a list, bold, the figure)."""
    body: list[str] = []
    table: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if table:
            rows = [r.strip("|").split(" | ") for r in table if not r.startswith("|---")]
            head = "".join(f"<th>{_inline(c)}</th>" for c in rows[0])
            rest = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>"
                           for r in rows[1:])
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rest}</tbody></table>")
            table.clear()
        if items:
            body.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in markdown.splitlines():
        if line.startswith("|"):
            table.append(line.strip())
            continue
        if line.startswith("- "):
            items.append(line[2:])
            continue
        flush()
        if line.startswith("# "):
            body.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{_inline(line[3:])}</h2>")
        elif line.startswith("!["):
            alt = line[2:line.index("]")]
            uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
            body.append(f'<figure><img src="{uri}" alt="{escape(alt)}" '
                        'style="max-width:100%"></figure>')
        elif line.strip():
            body.append(f"<p>{_inline(line)}</p>")
    flush()
    css = ("body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;"
           "padding:0 1rem;line-height:1.45;color:#222}table{border-collapse:collapse;"
           "font-size:.85rem}td,th{border:1px solid #ccc;padding:.3rem .5rem;"
           "vertical-align:top;text-align:left}th{background:#f2f2f2}")
    title = markdown.splitlines()[0].removeprefix("# ")
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{css}</style></head><body>"
            + "".join(body) + "</body></html>\n")


def _inline(text: str) -> str:
    """Bold, emphasis and line breaks of the summary's Markdown, the rest escaped."""
    import re

    out = escape(text).replace("&lt;br&gt;", "<br>")
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", out)
