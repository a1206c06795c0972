"""A map of the zone for a planner's memo: zone, streets, gates, shops, bays and parking.

Drawn with matplotlib's Agg renderer on a bare :class:`~matplotlib.figure.Figure` (no pyplot
state, no internet, no basemap tiles), so it works in batch workers and CI and gives the same
picture every time. It shows only what the model uses; the note at the bottom says how rough
the geometry is, because a map looks more certain than hand-digitised data deserves.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from matplotlib.text import Text

from sim.deliver.i18n import LANGS, TEXTS, fmt_number
from sim.deliver.palette import OKABE_ITO
from sim.errors import InputError
from sim.geo.model import Geography

#: one Okabe-Ito colour per shop type (sim.deliver.palette)
SHOP_COLOURS: dict[str, str] = {
    "fashion": OKABE_ITO["purple"],
    "other_retail": OKABE_ITO["sky"],
    "food_retail": OKABE_ITO["green"],
    "supermarket": OKABE_ITO["blue"],
    "department_store": OKABE_ITO["black"],
    "pharmacy": OKABE_ITO["yellow"],
    "horeca": OKABE_ITO["vermillion"],
    "services": OKABE_ITO["orange"],
}
#: the map's words, from the report's one dictionary (sim.deliver.i18n, "mapw.*")
MAP_WORDS: dict[str, dict[str, str]] = {
    lang: {k.removeprefix("mapw."): v[lang] for k, v in TEXTS.items() if k.startswith("mapw.")}
    for lang in LANGS
}
_ZONE_FILL = "#F3E9D2"
_ZONE_EDGE = "#8C6D31"
_GATE = "#222222"
_BAY = "#117733"
_GARAGE = "#44546A"
_ENTRIES = OKABE_ITO["sky"]
_VIOLATIONS = OKABE_ITO["vermillion"]
_WIDTH_IN = 12.0
_WIDTH_PX = 1600
_MARGIN_M = 170.0


def draw_map(
    geo: Geography,
    out: Path,
    *,
    gate_counts: Mapping[str, Mapping[str, float]] | None = None,
    title: str | None = None,
    camera_gates: Collection[str] | None = None,
    lang: str = "en",
) -> Path:
    """Draw `geo` to `out` (.png; for .svg also a .png next to it) and return `out`.

    `gate_counts` maps a gate id to {"entries": n, "violations": m}; each gate then gets a
    pair of circles (area proportional to the count, same scale for all gates) and the numbers,
    which is how run figures show where traffic meets the cameras. `camera_gates`, when given,
    says which gates have a camera in the scenario (the 2018 regime had three); otherwise a gate
    has one when the geodata gives it a camera id. `lang` ("en" or "nl") picks the words of
    the legend, labels and notes.
    """
    if lang not in MAP_WORDS:
        raise InputError("command line", "--lang", f"one of {', '.join(MAP_WORDS)}")
    words = MAP_WORDS[lang]
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise InputError(out, None, "a map file name ending in .png or .svg")
    out.parent.mkdir(parents=True, exist_ok=True)

    fig = Figure(figsize=(_WIDTH_IN, 9.0), dpi=_WIDTH_PX / _WIDTH_IN)
    ax = fig.add_axes((0.01, 0.06, 0.72, 0.86))
    x0, y0, x1, y1 = geo.zone.bounds
    ax.set_xlim(x0 - _MARGIN_M, x1 + _MARGIN_M)
    ax.set_ylim(y0 - _MARGIN_M * 0.8, y1 + _MARGIN_M * 0.8)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#FBFBF8")

    has_camera = {
        g.id: (g.id in camera_gates) if camera_gates is not None else bool(g.camera_id)
        for g in geo.gates
    }
    handles = _draw_base(ax, geo, has_camera, words)
    if gate_counts:
        handles += _draw_counts(ax, geo, gate_counts, words)
    texts = _gate_labels(ax, geo, gate_counts or {}, words, lang)
    texts += _garage_labels(ax, geo)
    _place_labels(fig, ax, geo, texts)
    _scale_bar(ax, lang)
    _north_arrow(ax)

    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.74, 0.92),
        frameon=False,
        fontsize=9,
        title=words["legend"],
        title_fontsize=10,
        alignment="left",
    )
    _depot_note(fig, geo, words, lang)
    fig.suptitle(
        title or words["title"],
        x=0.01,
        y=0.975,
        ha="left",
        fontsize=13,
        fontweight="bold",
    )
    fig.text(
        0.01,
        0.02,
        f"{words['source']} · " + words["footer"].format(
            ha=fmt_number(lang, geo.zone_area_m2 / 1e4, 1), gates=len(geo.gates),
            shops=len(geo.shops),
            data=Path(geo.source).name),
        fontsize=8,
        color="#555555",
    )
    if suffix == ".svg":
        fig.savefig(out, format="svg", metadata={"Date": None})
        fig.savefig(out.with_suffix(".png"), format="png")
    else:
        fig.savefig(out, format="png")
    return out


def _draw_base(
    ax: Axes, geo: Geography, has_camera: Mapping[str, bool], words: Mapping[str, str]
) -> list:
    zx, zy = geo.zone.exterior.xy
    ax.fill(zx, zy, color=_ZONE_FILL, zorder=1)
    ax.plot(zx, zy, color=_ZONE_EDGE, lw=1.6, ls=(0, (5, 2)), zorder=2)

    styles = {
        "inside": {"color": "#9A9A9A", "lw": 2.6},
        "ring_road": {"color": "#4D4D4D", "lw": 4.5},
        "other": {"color": "#7A7A7A", "lw": 1.6},
    }
    for st in geo.streets:
        style = (
            styles["inside"]
            if st.inside_zone
            else styles["ring_road"]
            if st.kind == "ring_road"
            else styles["other"]
        )
        xs, ys = zip(*st.coords, strict=True)
        ax.plot(xs, ys, solid_capstyle="round", zorder=3, **style)
    _street_names(ax, geo)

    street_parking = [p for p in geo.parking if p.kind == "street"]
    if street_parking:
        ax.scatter(
            [p.x for p in street_parking],
            [p.y for p in street_parking],
            s=[8 + p.spaces * 0.6 for p in street_parking],
            facecolors="none",
            edgecolors="#777777",
            linewidths=1.0,
            zorder=4,
        )
    for p in geo.parking:
        if p.kind != "garage":
            continue
        side = 8 + math.sqrt(p.spaces) * 1.0  # metres: area grows with capacity
        ax.add_patch(
            Rectangle(
                (p.x - side / 2, p.y - side / 2),
                side,
                side,
                facecolor=_GARAGE,
                edgecolor="white",
                lw=1.0,
                zorder=6,
            )
        )

    for kind, colour in SHOP_COLOURS.items():
        pts = [(s.x, s.y) for s in geo.shops if s.type == kind]
        if not pts:
            continue
        big = kind in ("supermarket", "department_store")
        xs, ys = zip(*pts, strict=True)
        ax.scatter(xs, ys, s=70 if big else 16, c=colour, edgecolors="#333333", lw=0.4, zorder=7)

    if geo.bays:
        ax.scatter(
            [b.x for b in geo.bays],
            [b.y for b in geo.bays],
            s=[30 + 25 * b.capacity for b in geo.bays],
            marker="h",
            c=_BAY,
            edgecolors="white",
            lw=0.8,
            zorder=8,
        )

    for g in geo.gates:
        ax.scatter(
            [g.x],
            [g.y],
            s=80,
            marker="D",
            c=_GATE if has_camera[g.id] else "white",
            edgecolors=_GATE,
            lw=1.4,
            zorder=14,
        )

    handles: list = [
        Rectangle((0, 0), 1, 1, fc=_ZONE_FILL, ec=_ZONE_EDGE, ls="--", label=words["zone"]),
        Line2D([], [], color="#9A9A9A", lw=2.6, label=words["street_in"]),
        Line2D([], [], color="#4D4D4D", lw=4.5, label=words["ring"]),
        Line2D([], [], color="#7A7A7A", lw=1.6, label=words["street_out"]),
        Line2D([], [], marker="D", ls="", color=_GATE, ms=8, label=words["gate_cam"]),
    ]
    if not all(has_camera.values()):
        handles.append(
            Line2D([], [], marker="D", ls="", mfc="white", mec=_GATE, ms=8,
                   label=words["gate_nocam"])
        )
    handles += [
        Line2D([], [], marker="h", ls="", color=_BAY, ms=9, label=words["bay"]),
        Line2D([], [], marker="s", ls="", color=_GARAGE, ms=10, label=words["garage"]),
        Line2D(
            [], [], marker="o", ls="", mfc="none", mec="#777777", ms=8,
            label=words["street_parking"],
        ),
    ]
    counts = {k: sum(1 for s in geo.shops if s.type == k) for k in SHOP_COLOURS}
    for kind, colour in SHOP_COLOURS.items():
        if counts[kind]:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    ls="",
                    mfc=colour,
                    mec="#333333",
                    ms=6,
                    label=f"{words[kind]} ({counts[kind]})",
                )
            )
    return handles


def _street_names(ax: Axes, geo: Geography) -> None:
    """One label per named street (inside the zone or ring road), mid its longest piece."""
    best: dict[str, tuple[float, tuple[tuple[float, float], ...], bool]] = {}
    for st in geo.streets:
        if not st.name or st.kind == "alley" or not (st.inside_zone or st.kind == "ring_road"):
            continue
        pts = np.asarray(st.coords)
        length = float(np.hypot(*np.diff(pts, axis=0).T).sum())
        if length > best.get(st.name, (0.0, (), False))[0]:
            best[st.name] = (length, st.coords, st.inside_zone)
    for name, (_, coords, inside) in sorted(best.items()):
        pts = np.asarray(coords)
        seg = np.hypot(*np.diff(pts, axis=0).T)
        i = int(np.argmax(seg))
        (xa, ya), (xb, yb) = pts[i], pts[i + 1]
        angle = math.degrees(math.atan2(yb - ya, xb - xa))
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        ax.text(
            (xa + xb) / 2,
            (ya + yb) / 2,
            name,
            rotation=angle,
            rotation_mode="anchor",
            ha="center",
            va="center",
            fontsize=7,
            style="italic",
            color="#3A3A3A",
            zorder=5,
            bbox={
                "boxstyle": "round,pad=0.1",
                "fc": _ZONE_FILL if inside else "#FBFBF8",
                "ec": "none",
                "alpha": 0.7,
            },
        )


def _draw_counts(
    ax: Axes, geo: Geography, gate_counts: Mapping[str, Mapping[str, float]],
    words: Mapping[str, str],
) -> list:
    """Bubbles centred on the gates: area proportional to the count, one scale for all."""
    values = [float(c.get(k, 0.0)) for c in gate_counts.values() for k in ("entries", "violations")]
    peak = max([*values, 0.0]) or 1.0
    r_max = 40.0  # metres for the largest count
    for g in geo.gates:
        c = gate_counts.get(g.id)
        if not c:
            continue
        # entries under the gate marker; violations over it, outlined, so a small count still
        # shows on top of the diamond instead of hiding under it
        for key, colour, alpha, z in (("entries", _ENTRIES, 0.5, 12),
                                      ("violations", _VIOLATIONS, 0.85, 16)):
            value = float(c.get(key, 0.0))
            if value > 0:
                r = max(r_max * math.sqrt(value / peak), 5.0 if key == "violations" else 0.0)
                ax.add_patch(Circle((g.x, g.y), r, fc=colour, ec="white", lw=1.2,
                                    alpha=alpha, zorder=z))
    return [
        Line2D([], [], marker="o", ls="", color=_ENTRIES, ms=10, alpha=0.6, label=words["entries"]),
        Line2D([], [], marker="o", ls="", color=_VIOLATIONS, ms=7, label=words["violations"]),
    ]


def _gate_labels(
    ax: Axes, geo: Geography, gate_counts: Mapping[str, Mapping[str, float]],
    words: Mapping[str, str], lang: str,
) -> list[Text]:
    """Gate names set outward from the zone centre; with counts, the numbers under them."""
    cx, cy = geo.zone.centroid.x, geo.zone.centroid.y
    push = 45.0 if gate_counts else 25.0  # metres
    texts = []
    for g in geo.gates:
        ux, uy = _outward(g.x - cx, g.y - cy)
        text = g.name
        c = gate_counts.get(g.id)
        if c:
            text += (
                f"\n{_fmt(lang, float(c.get('entries', 0.0)))} {words['in']}"
                f" · {_fmt(lang, float(c.get('violations', 0.0)))} {words['viol']}"
            )
        texts.append(ax.text(
            g.x + ux * push, g.y + uy * push, text,
            ha="left" if ux > 0.35 else "right" if ux < -0.35 else "center",
            va="bottom" if uy > 0.35 else "top" if uy < -0.35 else "center",
            fontsize=9, fontweight="bold", color=_GATE, zorder=18, linespacing=1.1,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        ))
    return texts


def _garage_labels(ax: Axes, geo: Geography) -> list[Text]:
    """"P Name" and the number of spaces beside each garage."""
    cx, cy = geo.zone.centroid.x, geo.zone.centroid.y
    texts = []
    for p in geo.parking:
        if p.kind != "garage":
            continue
        ux, uy = _outward(p.x - cx, p.y - cy)
        texts.append(ax.text(
            p.x + ux * 20, p.y + uy * 20,
            f"P {p.name.removeprefix('Parkeergarage ')}\n{p.spaces}",
            ha="left" if ux > 0.35 else "right" if ux < -0.35 else "center",
            va="bottom" if uy > 0.35 else "top" if uy < -0.35 else "center",
            fontsize=7, color=_GARAGE, zorder=17,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
        ))
    return texts


def _place_labels(fig: Figure, ax: Axes, geo: Geography, texts: list[Text]) -> None:
    """Move gate and garage labels apart and off the gate and garage markers (adjustText),
    with a thin leader line where a label moved away from its point. Deterministic: the
    same map gives the same placement."""
    from adjustText import adjust_text
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not texts:
        return
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    points = [(g.x, g.y) for g in geo.gates] + [
        (p.x, p.y) for p in geo.parking if p.kind == "garage"]
    xs, ys = zip(*points, strict=True)
    adjust_text(texts, x=list(xs), y=list(ys), ax=ax, expand=(1.1, 1.25),
                ensure_inside_axes=True, iter_lim=100,
                arrowprops={"arrowstyle": "-", "color": "#666666", "lw": 0.6})


def _scale_bar(ax: Axes, lang: str) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = 200.0
    bx, by = x0 + 0.04 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    h = 0.008 * (y1 - y0)
    for i in range(4):
        ax.add_patch(
            Rectangle(
                (bx + i * length / 4, by),
                length / 4,
                h,
                fc="black" if i % 2 == 0 else "white",
                ec="black",
                lw=0.8,
                zorder=20,
            )
        )
    for d in (0, 100, 200):
        ax.text(bx + d, by + h * 1.6, fmt_number(lang, d, 0), ha="center", va="bottom",
                fontsize=8, zorder=20)
    ax.text(bx + length + 8, by, "m", ha="left", va="bottom", fontsize=8, zorder=20)


def _north_arrow(ax: Axes) -> None:
    ax.annotate(
        "N",
        xy=(0.95, 0.95),
        xytext=(0.95, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=12,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 2},
        zorder=20,
    )


def _depot_note(fig: Figure, geo: Geography, words: Mapping[str, str], lang: str) -> None:
    if not geo.depots:
        return
    lines = words["depots"].split("\n")
    for d in geo.depots:
        km = float(np.min(geo.depot_gate_m[d.key])) / 1000 if geo.gates else float("nan")
        lines.append(f"  {d.name}: {fmt_number(lang, km, 1)}")
    fig.text(0.745, 0.08, "\n".join(lines), fontsize=8, va="bottom", color="#333333")


def _outward(dx: float, dy: float) -> tuple[float, float]:
    n = math.hypot(dx, dy) or 1.0
    return dx / n, dy / n


def _fmt(lang: str, value: float) -> str:
    """A gate's count per day on the map: at most one decimal, none from 10. Not the value
    rule of `sim.deliver.decimals` (one decimal up to 100, two below 1), because the label
    sits in a few millimetres beside the gate's marker, two numbers to a line, and a reader
    compares gates by size there; the exact means are in tables/by_gate.csv."""
    return fmt_number(lang, value, 0 if value >= 10 or float(value).is_integer() else 1)
