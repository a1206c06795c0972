"""What a search found: each option's status, and the outcome the outputs are written from.

Kept apart from the engine that runs the race and from the outputs that describe it, so both
read the same record without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sim.search.space import Candidate, Search
from sim.search.store import Evaluator

FRONT, DOMINATED, DROPPED, INFEASIBLE, FAILED = (
    "front", "dominated", "dropped", "infeasible", "failed")
SEARCH_JSON = "search.json"


@dataclass
class Entry:
    """How an option fared: its status, who beat it, after how many replications."""

    candidate: Candidate
    status: str = FRONT
    dominated_by: str = ""
    dropped_after: int | None = None


@dataclass
class SearchOutcome:
    out: Path
    search: Search
    method: str
    entries: list[Entry]
    evaluator: Evaluator
    skipped: int = 0  # options that are no options (a window ending before it starts)
    runtime_s: float = 0.0
    status: str = "complete"
    backend: str = ""
    written: list[Path] = field(default_factory=list)

    @property
    def base(self) -> Entry:
        return next(e for e in self.entries if e.candidate.is_base)

    def front(self) -> list[Entry]:
        return [e for e in self.entries if e.status == FRONT]
