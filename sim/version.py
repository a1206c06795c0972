"""venster's version, read once from the installed package's metadata.

It sits at the bottom of the package, beside errors and files, because run folders, batches
and the report all stamp it on what they write: were it in `sim/__init__.py`, those layers
would import the top of the package, which imports them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("venster")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
