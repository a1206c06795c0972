"""Where venster keeps what it can compute again (plans, checked geodata): one rule for all.

`$<ENV>` names the folder, or switches the cache off with `off` (also `0`, `no` or empty);
without it, `$XDG_CACHE_HOME/venster/<name>`, else `~/.cache/venster/<name>`.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder(env: str, name: str) -> Path | None:
    """The folder of one cache, or None when the user switched it off."""
    value = os.environ.get(env)
    if value is not None:
        return None if value.strip().lower() in ("", "off", "0", "no") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "venster" / name
