"""A search folder on disk, and the evaluator that fills it.

Layout of `DIR`::

    DIR/.runs/search.json                 marks the folder as a search folder
    DIR/.runs/<scenario key>/<k>.json     one record per replication of an option (batch's
                                          record format), written atomically
    DIR/search.csv, pareto.csv            the results (sim.search.tables)
    DIR/search.json                       the spec, counts, status, wall time

Records are filed under a digest of the option's resolved scenario (which holds the seed), not
under the option's name, so a record can only ever be read back for the scenario that made it:
an edited spec or base scenario reuses what still holds and reruns the rest. A search replays
its decisions from these records, so rerunning an interrupted search redoes only the
replications that were in flight.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from sim.batch.backends import Backend, TaskFn
from sim.batch.store import _folder_lock, write_atomic
from sim.batch.tasks import Record, Task, run_task
from sim.errors import InputError
from sim.search.space import Candidate

RUNS = ".runs"
MARK = "search.json"
LOCK = ".lock"
KEY_CHARS = 24


class SearchStore:
    """The folder of one search's records."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.runs = self.out / RUNS

    @classmethod
    def check(cls, out: str | Path) -> SearchStore:
        """The folder, if it is new, empty or a search folder; InputError otherwise."""
        store = cls(out)
        if store.out.exists() and not store.out.is_dir():
            raise InputError(out, None, "a folder for the search; this is a file")
        if (store.out.is_dir() and any(store.out.iterdir())
                and not (store.runs / MARK).is_file()):
            raise InputError(out, None, "an empty or new folder for the search (or one an "
                             "earlier run of a search wrote); this one holds other files")
        return store

    def create(self, info: dict[str, Any]) -> None:
        self.runs.mkdir(parents=True, exist_ok=True)
        if not (self.runs / MARK).is_file():
            write_atomic(self.runs / MARK, json.dumps(info, indent=2) + "\n")

    def lock(self) -> contextlib.AbstractContextManager[None]:
        """Held while the search runs: a second search into the same folder is refused."""
        return _folder_lock(self.runs / LOCK, self.out)

    def path(self, task: Task, replication: int) -> Path:
        return self.runs / task.scenario_key[:KEY_CHARS] / f"{replication}.json"

    def read(self, task: Task, replication: int) -> Record | None:
        try:
            rec = json.loads(self.path(task, replication).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if rec.get("replication") != replication or rec.get("seed") != task.seed:
            return None
        return rec  # type: ignore[no-any-return]

    def write(self, task: Task, record: Record) -> None:
        write_atomic(self.path(task, record["replication"]),
                     json.dumps(record, ensure_ascii=False) + "\n")


class Reporter:
    """Progress hooks of a search (silent); the CLI's draws a progress bar."""

    def stage(self, text: str, tasks: int) -> None:
        """A round begins: `tasks` replications to run for it."""

    def advance(self, record: Record) -> None:
        """One replication finished (ok or failed)."""


class Evaluator:
    """Replications of candidates: read from the store, or run on the backend and stored."""

    def __init__(self, store: SearchStore, backend: Backend, task_fn: TaskFn | None = None,
                 reporter: Reporter | None = None) -> None:
        self.store = store
        self.backend = backend
        self.fn = task_fn or run_task
        self.reporter = reporter or Reporter()
        self._kpis: dict[str, dict[int, dict[str, float]]] = {}
        self._errors: dict[str, dict[str, Any]] = {}
        self.ran = 0
        self.resumed = 0
        self.compute_s = 0.0  # the replications' own run times, read or run (all sessions)

    def ensure(self, wanted: Iterable[tuple[Candidate, int]], stage: str,
               on_record: Callable[[Record], None] | None = None) -> None:
        """Give each candidate at least n replications (0..n-1); run only what is missing."""
        todo: list[tuple[Candidate, Task]] = []
        seen: set[tuple[str, int]] = set()
        for cand, n in wanted:
            have = self._kpis.setdefault(cand.task.scenario_key, {})
            for k in range(n):
                if k in have or (cand.task.scenario_key, k) in seen:
                    continue
                rec = self.store.read(cand.task, k)
                if rec is not None and rec.get("ok"):
                    have[k] = rec["kpis"]
                    self.resumed += 1
                    self.compute_s += float(rec.get("runtime_s", 0.0))
                    continue
                seen.add((cand.task.scenario_key, k))
                todo.append((cand, cand.task_for(k)))
        self.reporter.stage(stage, len(todo))
        if not todo:
            return
        # records carry the variant name and the replication; names are unique among the
        # candidates of a search (they are made from the decisions)
        by_name = {(c.name, t.replication): (c, t) for c, t in todo}
        for record in self.backend.run((t for _, t in todo), self.fn):
            found = by_name.get((record["variant"], record["replication"]))
            if found is None:
                continue
            cand, task = found
            self.store.write(task, record)
            self.ran += 1
            self.compute_s += float(record.get("runtime_s", 0.0))
            if record.get("ok"):
                self._kpis[task.scenario_key][task.replication] = record["kpis"]
            else:
                self._errors[cand.name] = record.get("error", {})
            self.reporter.advance(record)
            if on_record is not None:
                on_record(record)

    def replications(self, cand: Candidate) -> int:
        """Replications 0..n-1 all finished: n."""
        have = self._kpis.get(cand.task.scenario_key, {})
        n = 0
        while n in have:
            n += 1
        return n

    def failed(self, cand: Candidate) -> dict[str, Any] | None:
        return self._errors.get(cand.name)

    def values(self, cand: Candidate, kpi: str, n: int | None = None) -> np.ndarray:
        """The KPI in replications 0..n-1 (all finished ones when n is None)."""
        have = self._kpis.get(cand.task.scenario_key, {})
        n = self.replications(cand) if n is None else n
        return np.array([float(have[k].get(kpi, np.nan)) for k in range(n)], dtype=float)

    def kpi_names(self) -> list[str]:
        for reps in self._kpis.values():
            for kpis in reps.values():
                return list(kpis)
        return []

