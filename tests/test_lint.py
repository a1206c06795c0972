"""The code base stays ruff clean: checked with the suite so CI and contributors see it."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_ruff_is_clean() -> None:
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
