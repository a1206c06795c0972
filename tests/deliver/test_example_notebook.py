"""examples/quick-look.ipynb runs from top to bottom without an error in any cell."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import ROOT

nbformat = pytest.importorskip("nbformat", reason="the test extra installs nbformat")
nbclient = pytest.importorskip("nbclient", reason="the test extra installs nbclient")

NOTEBOOK = ROOT / "examples" / "quick-look.ipynb"


@pytest.mark.slow
def test_quick_look_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the kernel imports the sim under test, whatever else is installed
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    # a copy beside links to the scenarios and geodata, so the folder it saves lands in
    # tmp_path/results rather than in the clone
    (tmp_path / "examples").mkdir()
    for name in ("scenarios", "gis"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "commit the notebook without outputs"
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path / "examples")}})
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    first = nb.cells[3].outputs[0]["data"]["text/plain"]
    assert first.startswith("RunResult('assen-2023'") and len(first) < 300
    summary = json.loads((tmp_path / "results" / "quick-look" / "assen-2023" / "summary.json")
                         .read_text())
    assert summary["scenario"] == "assen-2023" and summary["replications"] == 3
