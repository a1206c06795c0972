"""Running a batch: the tasks not yet done, on a backend, streamed to the batch folder.

The parent process does the bookkeeping only: it hands out tasks lazily, writes each record to
disk as it arrives, writes a variant's run folder as soon as all its replications are in, and
at the end (also after Ctrl-C) rebuilds `kpis.csv` and `batch.json` from the task files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.batch import tasks as _tasks
from sim.batch.backends import Backend, TaskFn, make_backend
from sim.batch.store import BatchStore
from sim.batch.sweep import Sweep, scenario_json
from sim.batch.tasks import Record, Task
from sim.version import __version__


class Reporter:
    """Progress hooks of a batch; this one is silent (the CLI's draws a rich progress bar)."""

    def start(self, total: int, done: int, backend: str) -> None:
        """`total` tasks in the sweep, `done` of them finished in an earlier session."""

    def advance(self, record: Record) -> None:
        """One task finished (ok or failed)."""


@dataclass
class BatchOutcome:
    """What a batch session did; `failures` lists the tasks without KPIs at its end."""

    out: Path
    total: int
    finished: int
    resumed: int
    failures: list[dict[str, Any]] = field(default_factory=list)
    runtime_s: float = 0.0
    status: str = "complete"
    backend: str = ""

    @property
    def exit_code(self) -> int:
        return 0 if self.status == "complete" else 1


def run_batch(
    sweep: Sweep,
    out: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    reporter: Reporter | None = None,
    task_fn: TaskFn | None = None,
) -> BatchOutcome:
    """Run every (variant, replication) of `sweep` not finished yet into the folder `out`.

    `workers` defaults to the number of CPUs (1 runs serially in this process); `scheduler` is
    a Dask scheduler address or "local". `task_fn` replaces the task function (a hook for
    tests and fault injection; it must be importable by the workers). Raises
    KeyboardInterrupt after saving the outputs when interrupted; everything finished is kept.
    """
    started = time.perf_counter()
    begun = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    reporter = reporter or Reporter()
    fn = task_fn or _tasks.run_task
    store = BatchStore.check(out, sweep)
    total = len(sweep.variants) * sweep.replications
    todo = total - len(store.finished())
    workers = (os.cpu_count() or 1) if workers is None else workers
    backend = make_backend(workers, scheduler, todo) if todo else Backend()
    with backend:  # starting a cluster or connecting may fail: nothing is written before
        store.create()
        with store.lock():
            # read again under the lock: a session that just ended may have finished more
            done = store.finished()
            backend_name = backend.name if total - len(done) else "nothing to run"
            summary = _run_locked(sweep, store, backend, fn, reporter, done, backend_name,
                                       started, begun)
    failures = summary["failures"]
    return BatchOutcome(
        out=Path(out), total=total, finished=summary["counts"]["finished"], resumed=len(done),
        failures=failures, runtime_s=time.perf_counter() - started,
        status="failures" if failures or summary["counts"]["not_run"] else "complete",
        backend=summary["backend"])


def _run_locked(sweep: Sweep, store: BatchStore, backend: Backend, fn: TaskFn,
                reporter: Reporter, done: set[tuple[str, int]], backend_name: str,
                started: float, begun: str) -> dict[str, Any]:
    """The batch proper, while this process holds the folder's lock; returns the summary."""
    total = len(sweep.variants) * sweep.replications
    ok_count = Counter(v for v, _ in done)
    written: set[str] = set()
    status = "interrupted"
    ran = 0
    try:
        reporter.start(total, len(done), backend_name)
        for record in backend.run(_pending(sweep, done), fn):
            store.write_record(record)
            ran += 1
            reporter.advance(record)
            name = record["variant"]
            if record["ok"]:
                ok_count[name] += 1
                if ok_count[name] == sweep.replications:
                    store.write_variant_folder(sweep.variant(name))
                    written.add(name)
        status = "complete"
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        status = f"stopped ({type(exc).__name__})"
        raise
    finally:
        for v in sweep.variants:  # complete variants an earlier session left without folder
            if (ok_count[v.name] == sweep.replications and v.name not in written
                    and not store.variant_folder_current(v)):
                store.write_variant_folder(v)
        summary = store.write_outputs({
            "status": status,
            "version": __version__,
            "backend": backend_name,
            "started": begun,
            "runtime_s": round(time.perf_counter() - started, 3),
            "counts": {"resumed": len(done), "run_now": ran},
        })
    return summary


def _pending(sweep: Sweep, done: set[tuple[str, int]]) -> Iterator[Task]:
    """Tasks not finished yet, variant by variant, so variants complete (and get their
    folders) early; built lazily, so a huge sweep is never a huge list."""
    for v in sweep.variants:
        first = Task.make(v.name, 0, sweep.seed, scenario_json(v.scenario))
        for rep in range(sweep.replications):
            if (v.name, rep) not in done:
                yield dataclasses.replace(first, replication=rep)
