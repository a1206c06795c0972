"""The page's simulations run in one worker process, not in the web server.

Simulating holds a core; in the server's own process it would starve the page (no progress,
no clicks) while rounds are planned. The worker loads each scenario and its geodata once,
keeps the base scenario's replications for every later variant, and plans rounds on all cores
(`VENSTER_PLAN_WORKERS`) as a `venster run` does. It reports each pair of replications as it
finishes, so the page fills in while the rest is computed, and drops a job as soon as a newer
one arrives. It ends with the server, however the server ends.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import os
import queue
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.app.logic import Base, BaseRuns, Choices, Comparison, replicate_one
from sim.errors import InputError


@dataclass
class Job:
    """What the page knows of a job: filled in by the reader thread as messages arrive."""

    id: int
    kind: str
    started: float = field(default_factory=time.monotonic)
    total: int = 0
    comparison: Comparison = field(default_factory=Comparison)
    status: str = ""
    done: bool = False
    error: str = ""
    result: Any = None

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


class Simulator:
    """The parent's handle on the worker process."""

    def __init__(self) -> None:
        ctx = mp.get_context("spawn")
        self._requests: Any = ctx.Queue()
        self._replies: Any = ctx.Queue()
        self._proc = ctx.Process(target=serve, args=(self._requests, self._replies, os.getpid()),
                                 name="venster-app-worker")
        self._proc.start()
        self._ids = itertools.count(1)
        self._jobs: dict[int, Job] = {}
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True, name="venster-app-read")
        self._reader.start()

    def submit(self, kind: str, scenario: str | Path, choices: Choices,
               extra: dict[str, Any] | None = None) -> Job:
        job = Job(next(self._ids), kind, total=choices.replications)
        with self._lock:
            self._jobs[job.id] = job
        self._requests.put((kind, job.id, str(scenario), choices.model_dump(mode="json"),
                            extra or {}))
        return job

    def _read(self) -> None:
        while True:
            try:
                msg = self._replies.get()
            except (EOFError, OSError):
                return
            if msg is None:
                return
            kind, job_id, payload = msg
            with self._lock:
                job = self._jobs.get(job_id)
            if job is None:
                continue
            if kind == "pair":
                base, variant = payload
                job.comparison.base.append(base)
                job.comparison.variant.append(variant)
            elif kind == "status":
                job.status = payload
            elif kind == "error":
                job.error, job.done = payload, True
            elif kind == "done":
                job.result, job.done = payload, True

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._requests.put(None)
        self._proc.join(timeout=3)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(timeout=3)
        for q in (self._requests, self._replies):  # release their locks before exit
            with contextlib.suppress(Exception):
                q.close()
                q.join_thread()


def serve(requests: Any, replies: Any, parent_pid: int) -> None:
    """The worker's loop: one job at a time, the newest first."""
    from sim.batch.tasks import worker_init

    worker_init(parent_pid)  # ignore Ctrl-C (the server handles it) and die with the server
    os.environ.setdefault("VENSTER_PLAN_WORKERS", str(max(1, min(os.cpu_count() or 1, 8))))
    bases: dict[str, Base] = {}
    runs = BaseRuns()
    pending: list[Any] = []
    while True:
        msg = pending.pop(0) if pending else requests.get()
        if msg is None:
            return
        kind, job_id, scenario, choices_data, extra = msg
        try:
            base = bases.get(scenario)
            if base is None:
                base = bases[scenario] = Base.load(scenario)
            choices = Choices.model_validate(choices_data)
            if kind == "compare":
                _compare(base, choices, runs, job_id, replies, requests, pending)
            elif kind == "warm":  # the base's replications, before anyone asks for them
                reference = base.reference(choices)
                for k in range(choices.replications):
                    if _newer(requests, pending):
                        break
                    runs.get(reference, base.geo, base.scenario.seed, k)
                replies.put(("done", job_id, None))
            elif kind == "report":
                from sim.app.reporting import full_report

                replies.put(("status", job_id, "report"))
                replies.put(("done", job_id, str(full_report(base, choices, **extra))))
        except InputError as exc:
            replies.put(("error", job_id, exc.message))
        except Exception as exc:  # shown on the page; the worker goes on
            tb = traceback.format_exc(limit=3)
            replies.put(("error", job_id, f"{type(exc).__name__}: {exc}\n{tb}"))


def _compare(base: Base, choices: Choices, runs: BaseRuns, job_id: int, replies: Any,
             requests: Any, pending: list[Any]) -> None:
    variant = base.variant(choices)
    reference = base.reference(choices)
    seed = base.scenario.seed
    plans = "planning" if base.needs_planning(choices) else "simulating"
    for k in range(choices.replications):
        if _newer(requests, pending):
            replies.put(("error", job_id, "replaced by a newer request"))
            return
        replies.put(("status", job_id, f"{plans}:{k + 1}"))
        b = runs.get(reference, base.geo, seed, k)
        v = replicate_one(variant, base.geo, seed, k)
        replies.put(("pair", job_id, (b, v)))
    replies.put(("done", job_id, None))


def _newer(requests: Any, pending: list[Any]) -> bool:
    """Whether a newer request is waiting (it is kept in `pending` to be served next)."""
    with contextlib.suppress(queue.Empty):
        while True:
            pending.append(requests.get_nowait())
    return bool(pending)
