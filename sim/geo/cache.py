"""Checked geographies kept on disk, so a run need not import geopandas or rebuild the street
distance matrices each time (about a second of every `venster run` and every batch worker).

A stored geography is found only for the same GeoPackage bytes, the same depot detour, the same
loader code and the same versions of the libraries whose objects it holds; anything else loads
and checks the file again. The folder is `$VENSTER_GEO_CACHE`, else `$XDG_CACHE_HOME/venster/geo`
(`~/.cache/venster/geo`); `VENSTER_GEO_CACHE=off` always loads. Files are written atomically,
and one that cannot be read is loaded again and replaced. It is a cache of this machine's own
work, never shipped or shared.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from sim.cachedir import cache_folder
from sim.geo.model import DEFAULT_DEPOT_DETOUR, Geography

_MEMO: dict[str, Geography] = {}
_CODE = ("load.py", "model.py", "network.py")


def _folder() -> Path | None:
    return cache_folder("VENSTER_GEO_CACHE", "geo")


def _key(path: Path, depot_detour: float) -> str:
    import numpy
    import shapely

    h = hashlib.sha256(path.read_bytes())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        h.update((here / name).read_bytes())
    h.update(f"{sys.version_info[:2]}|{numpy.__version__}|{shapely.__version__}".encode())
    h.update(f"|detour={depot_detour!r}".encode())
    return h.hexdigest()


def cached_geography(path: str | Path, depot_detour: float = DEFAULT_DEPOT_DETOUR) -> Geography:
    """`sim.geo.load.load_geography(path, depot_detour)`, from the disk cache when the file and
    the detour are unchanged."""
    p = Path(path)
    folder = _folder()
    key = None
    if folder is not None and p.is_file():
        try:
            key = _key(p, depot_detour)
        except OSError:
            key = None
    if key is not None:
        hit = _MEMO.get(key) or _read(folder / f"{key}.pickle")  # type: ignore[operator]
        if hit is not None:
            _MEMO[key] = hit
            # the key is the content: an equal file elsewhere (an installed copy, a copy made
            # by `venster init`) must still be named by its own path in messages
            return hit if hit.source == str(p) else dataclasses.replace(hit, source=str(p))
    from sim.geo.load import load_geography

    geo = load_geography(p, depot_detour)  # checks the file; bad input raises its InputError here
    if key is not None:
        _MEMO[key] = geo
        _write(folder / f"{key}.pickle", geo)  # type: ignore[operator]
    return geo


def _read(path: Path) -> Geography | None:
    try:
        with path.open("rb") as fh:
            geo = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError,
            TypeError):
        return None
    return geo if isinstance(geo, Geography) else None


def _write(path: Path, geo: Geography) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(geo, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full disk only costs a load next time
