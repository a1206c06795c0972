"""What produced a run: Python, the platform and the versions of the libraries behind the numbers.

A result that cannot say which numpy, simpy or PyVRP made it cannot be reproduced a year later.
The lookup must stay cheap (a run is timed in tenths of a second): versions come from modules
already imported, else from the `*.dist-info` folder names on `sys.path` (one directory listing
each), and only a library found neither way is asked of importlib.metadata.
"""

from __future__ import annotations

import os
import platform
import re
import sys
from functools import cache
from typing import Any

# distribution name -> import name; the libraries whose code computes or writes a result
LIBRARIES = {
    "simpy": "simpy", "numpy": "numpy", "pandas": "pandas", "pyarrow": "pyarrow",
    "pyvrp": "pyvrp", "shapely": "shapely", "pydantic": "pydantic", "scipy": "scipy",
    "networkx": "networkx", "PyYAML": "yaml", "geopandas": "geopandas", "pyogrio": "pyogrio",
    "pyproj": "pyproj", "matplotlib": "matplotlib",
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _installed() -> dict[str, str]:
    """Versions by normalised distribution name, from the dist-info folders on sys.path."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for n in names:
            if n.endswith(".dist-info"):
                name, _, version = n.removesuffix(".dist-info").partition("-")
                found.setdefault(_norm(name), version)
    return found


def library_versions() -> dict[str, str | None]:
    """The installed version of each library in LIBRARIES (None if it is not installed)."""
    out: dict[str, str | None] = {}
    for dist, module in LIBRARIES.items():
        loaded = sys.modules.get(module)
        version = getattr(loaded, "__version__", None) if loaded else None
        if not isinstance(version, str):
            version = _installed().get(_norm(dist))
        if version is None:
            from importlib import metadata

            try:
                version = metadata.version(dist)
            except metadata.PackageNotFoundError:
                version = None
        out[dist] = version
    return out


def environment() -> dict[str, Any]:
    """Python, platform and library versions, as summary.json keeps them."""
    from sim.version import __version__

    uname = platform.uname()
    return {
        "venster": __version__,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        # not platform.platform(): it reads the interpreter binary for the libc version
        "platform": f"{uname.system}-{uname.release}-{uname.machine}",
        "libraries": library_versions(),
    }
