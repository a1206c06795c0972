"""The colours of every figure, map and the report page, in one place.

Okabe and Ito's palette (Okabe & Ito 2008, "Color Universal Design") stays distinguishable
with the common colour-vision deficiencies; a planner printing a figure in grey still tells
the bars apart by lightness. The run figures, the report's charts, the map's shop types and
the page's accents take their colours from here, so a colour means the same everywhere.
"""

from __future__ import annotations

OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
