"""The fuzz corpus (tests/robustness/fuzzing.py), short profile: every case ends in a sane run, an
accepted input, or exit 2 with a message naming the file; never a traceback or a silent exit.

`VENSTER_FUZZ=long pytest tests/robustness/test_fuzz.py` (or
`python tests/robustness/fuzzing.py`) runs the long profile, about a thousand cases with
every accepted scenario run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.robustness import fuzzing

CASES = fuzzing.all_cases()
RUNS_LEFT = [fuzzing.PROFILES[fuzzing.PROFILE][1]]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(fuzzing.ROOT)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fuzz_case(case: fuzzing.Case, tmp_path: Path) -> None:
    result = fuzzing.judge(case, tmp_path, RUNS_LEFT)
    assert result.outcome in ("run", "valid", "refused"), result.detail


def test_the_corpus_covers_every_kind_and_reaches_runs_and_refusals() -> None:
    kinds = {c.kind for c in CASES}
    assert kinds == {"scenario", "sweep", "cli", "gpkg"}
    assert len({c.id for c in CASES}) == len(CASES)
