"""Figures to inline images for the page, with PNG and SVG copies next to the report.

The report writes only to its own output: the HTML file and, beside it, a folder
`<report>-figures/` with each figure as PNG (for memos) and SVG (for print). Run folders are
its input and are never written to, so a report can be made from folders on a read-only share
and two people can report on the same runs without stepping on each other.

Every file is written under a hidden temporary name in its final folder and renamed into
place, so an interrupted report never leaves a half-written file under the name a reader
opens. A figures folder that cannot be written does not stop the report: the figure is still
inlined, and the page says the files were not saved.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from sim.deliver.report.charts import style
from sim.files import atomic_write
from sim.geo.model import Geography

FIGURES_SUFFIX = "-figures"
PNG_DPI = 150
CSS_PX_PER_INCH = 96


@dataclass(frozen=True)
class Image:
    """An image ready for the page: its bytes, type and the size to show it at (CSS px)."""

    data: bytes
    mime: str
    width: int
    height: int

    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def _svg_size(svg: bytes) -> tuple[int, int]:
    """The SVG's own width and height in CSS px (matplotlib writes them in points)."""
    head = svg[:2000].decode("utf-8", "replace")
    found = [re.search(rf'{k}="([0-9.]+)pt"', head) for k in ("width", "height")]
    if not all(found):
        return 900, 500
    w, h = (float(m.group(1)) * CSS_PX_PER_INCH / 72 for m in found if m)
    return round(w), round(h)


def _png_size(png: bytes) -> tuple[int, int]:
    """The PNG's size in CSS px at the resolution it was saved with (its pHYs chunk)."""
    w = int.from_bytes(png[16:20], "big")
    h = int.from_bytes(png[20:24], "big")
    dpi = 100.0  # matplotlib's default when the file does not say
    at = png.find(b"pHYs")
    if at > 0 and png[at + 12] == 1:  # unit: metre
        dpi = int.from_bytes(png[at + 4:at + 8], "big") * 0.0254
    scale = CSS_PX_PER_INCH / dpi
    return round(w * scale), round(h * scale)


def figures_folder(out: Path) -> Path:
    """Where the report's figure files go: `report.html` -> `report-figures/` beside it."""
    return out.parent / f"{out.stem}{FIGURES_SUFFIX}"


def slug(text: str) -> str:
    """A file-name-safe form of a scenario name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._") or "run"


class FigureWriter:
    """Hands back what the page inlines and saves copies into the report's figures folder
    (or nowhere, when `folder` is None)."""

    def __init__(self, lang: str, folder: Path | None = None) -> None:
        self.lang = lang
        self.folder = folder
        self.problems: dict[Path, str] = {}
        self.saved: set[Path] = set()  # the folder, once it got figures, for the final message

    def _save(self, owner: str, files: Mapping[str, bytes]) -> None:
        if self.folder is None or self.folder in self.problems:
            return
        try:
            for name, data in files.items():
                atomic_write(self.folder / f"{slug(owner)}_{name}", data)
        except OSError as exc:
            self.problems[self.folder] = exc.strerror or str(exc)
        else:
            self.saved.add(self.folder)

    def chart(self, fig: Figure, owner: str, stem: str) -> Image:
        """Save `fig` as `<owner>_<stem>_<lang>.png|svg`; return it as SVG for the page."""
        svg = io.BytesIO()
        with style():
            fig.savefig(svg, format="svg", metadata={"Date": None})
            files = {f"{stem}_{self.lang}.svg": svg.getvalue()}
            if self.folder is not None:
                png = io.BytesIO()
                fig.savefig(png, format="png", dpi=PNG_DPI)
                files[f"{stem}_{self.lang}.png"] = png.getvalue()
        self._save(owner, files)
        w, h = _svg_size(svg.getvalue())
        return Image(svg.getvalue(), "image/svg+xml", w, h)

    def map(self, geo: Geography, owner: str, stem: str, *,
            gate_counts: Mapping[str, Mapping[str, float]], camera_gates: Collection[str],
            title: str) -> Image:
        """The planner's map with per-gate counts; inlined as PNG, saved as PNG and SVG.

        draw_map writes files itself, so it draws into a private temporary folder first; the
        PNG is what the page shows because the map's SVG (every street and label as paths)
        is larger; the SVG is kept next to it for print.
        """
        from sim.deliver.mapping import draw_map

        tmp = Path(tempfile.mkdtemp(prefix=".venster-map-"))
        try:
            draw_map(geo, tmp / "map.svg", gate_counts=gate_counts,
                     camera_gates=camera_gates, title=title, lang=self.lang)
            svg = (tmp / "map.svg").read_bytes()
            png = (tmp / "map.png").read_bytes()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        name = f"{stem}_{self.lang}"
        self._save(owner, {f"{name}.svg": svg, f"{name}.png": png})
        w, h = _png_size(png)
        return Image(png, "image/png", w, h)
