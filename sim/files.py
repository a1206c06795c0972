"""Writing files so that a reader never sees half of one.

Every output venster writes (run folders, batch files, the report, the workbook, copied
scenarios) goes through a temporary file in the same folder and a rename, which is atomic on
the same file system: an interrupted write leaves the old file or none, never a broken one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def file_mode() -> int:
    """The mode a plain open() would give (0644 under the usual umask), not mkstemp's 0600:
    outputs are often shared with colleagues or read by other users of a cluster."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write `data` (text as UTF-8 with \\n line ends) to `path` via a temporary file in the
    same folder and a rename; returns `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        if isinstance(data, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
