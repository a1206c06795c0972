"""Running a design: many parameter settings x replications, on the batch backends, resumable.

A sensitivity design or an ABC generation is a list of scenario settings ("points"); each is
run for replications 0..R-1 of one master seed, so every point sees the same orders, vehicles
and driver draws (common random numbers) and a difference between points is the parameters'
effect, not the dice. The unit of work is the batch's (`sim.batch.tasks.run_task`), run on its
backends (this process, local processes, or Dask), so results do not depend on where they ran.

Each finished run is a small JSON file under `DIR/.runs/<point>/<k>.json`, written atomically;
running the same design into the same folder again skips what is there. A point's id is a
hash of its scenario, so a changed design never picks up another design's results.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sim.batch.backends import TaskFn, make_backend
from sim.batch.sweep import scenario_json
from sim.batch.tasks import Record, Task, run_task
from sim.files import atomic_write
from sim.scenario.models import Scenario

if TYPE_CHECKING:
    import pandas as pd

RUNS = ".runs"


@dataclass(frozen=True)
class Point:
    """One setting of a design: its scenario and a folder-safe id derived from it."""

    id: str
    scenario_json: str

    @classmethod
    def of(cls, scenario: Scenario) -> Point:
        text = scenario_json(scenario)
        return cls("p" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], text)


class DesignFailed(RuntimeError):
    """Some runs of a design raised; the message lists the first."""


def _path(out: Path, point: str, rep: int) -> Path:
    return out / RUNS / point / f"{rep}.json"


def _read(path: Path) -> Record | None:
    try:
        rec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return rec if isinstance(rec, dict) and rec.get("ok") else None


def run_design(
    points: Sequence[Point], seed: int, replications: int, out: Path, *,
    workers: int = 1, scheduler: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """KPIs of every (point, replication): one row each, columns `point`, `replication` and
    the KPIs, in the order of `points`. Runs only what `out` does not hold yet."""
    import pandas as pd

    items = [(p, rep) for p in points for rep in range(replications)]
    have = run_items(items, seed, out, workers=workers, scheduler=scheduler,
                     on_progress=on_progress)
    return pd.DataFrame([{"point": p.id, "replication": rep, **have[(p.id, rep)]["kpis"]}
                         for p, rep in items])


def run_items(
    items: Sequence[tuple[Point, int]], seed: int, out: Path, *,
    workers: int = 1, scheduler: str | None = None, task_fn: TaskFn = run_task,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[str, int], Record]:
    """The record of every (point, replication) in `items` (each run once, however often it
    is listed), from `out` where it is there already, else run on a backend and stored.
    `task_fn` is the batch's task by default (KPIs); it must be importable by workers."""
    out = Path(out)
    unique = list(dict.fromkeys(items))  # a design may repeat a point (Morris, Sobol)
    have: dict[tuple[str, int], Record] = {}
    todo: list[Task] = []
    for p, rep in unique:
        rec = _read(_path(out, p.id, rep))
        if rec is not None and rec.get("seed") == seed:
            have[(p.id, rep)] = rec
        else:
            todo.append(Task.make(p.id, rep, seed, p.scenario_json))
    total = len(unique)
    done = len(have)
    if on_progress is not None:
        on_progress(done, total)
    failures: list[Record] = []
    if todo:
        with make_backend(workers, scheduler, len(todo)) as backend:
            for rec in backend.run(iter(todo), task_fn):
                if rec["ok"]:
                    atomic_write(_path(out, rec["variant"], rec["replication"]),
                                 json.dumps(rec, sort_keys=True))
                    have[(rec["variant"], rec["replication"])] = rec
                else:
                    failures.append(rec)
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
    if failures:
        err = failures[0]["error"]
        raise DesignFailed(f"{len(failures)} of {len(todo)} runs failed; the first: "
                           f"{err['type']}: {err['message']}")
    return have
