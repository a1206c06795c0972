"""Issue 12: files a tester would try that once crashed, hung or were silently misread.

Each case must end in exit status 2 with a message naming the file, the field (or line) and
what was expected; never a traceback. They run the CLI in-process (`main`) except where the
contract of the process itself is under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.deliver.cli import main
from sim.scenario import load as scenario_load

ROOT = Path(__file__).resolve().parents[1]
REAL_2023 = ROOT / "scenarios" / "assen-2023.yaml"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def refused(capsys: pytest.CaptureFixture[str], argv: list[str | Path], *fragments: str) -> str:
    """Run the CLI, check exit 2, no traceback and that the message holds `fragments`."""
    status = main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert status == 2, f"exit {status}: {err}"
    assert err.startswith("venster: error: ") and "Traceback" not in err, err
    missing = [f for f in fragments if f not in err]
    assert not missing, f"message lacks {missing}:\n{err}"
    return err


def scenario(tmp_path: Path, body: str, name: str = "bad.yaml") -> Path:
    path = tmp_path.resolve() / name
    path.write_text(f"extends: {REAL_2023}\n{body}", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- YAML reading
YAML_CASES = {
    "duplicate_key": ("weeks: 1\nweeks: 2\n", ["line 3", "'weeks' is given again", "line 2"]),
    "duplicate_nested_key": (
        "enforcement:\n  read_rate: 0.9\n  read_rate: 0.5\n", ["line 4", "'read_rate'"]),
    "deep_nesting": ("description: " + "[" * 3000 + "]" * 3000 + "\n",
                     ["line 2", "nesting at most"]),
    "alias_bomb": ("".join(
        f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" if i else "x0: &a0 [1]\n"
        for i in range(9)), ["at most", "values"]),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_yaml_that_parses_but_is_refused(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, fragments = YAML_CASES[case]
    path = scenario(tmp_path, body)
    refused(capsys, ["validate", path], str(path), *fragments)


def test_an_oversized_file_is_refused_before_it_is_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scenario_load, "MAX_FILE_BYTES", 1000)
    path = scenario(tmp_path, "description: " + "x" * 2000 + "\n")
    refused(capsys, ["validate", path], str(path), "at most", "MB")


def test_a_folder_given_as_the_scenario_is_called_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(capsys, ["validate", tmp_path], str(tmp_path), "not a folder")
    assert "not found" not in err


def test_a_scenario_given_to_batch_is_called_a_scenario(
    capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(capsys, ["batch", REAL_2023], "a sweep file", "looks like a scenario",
                  "venster run")
    assert "unknown key" not in err
