"""The unit of work of a batch: one replication of one variant, run wherever a worker is.

A task carries its variant's resolved scenario as JSON text, not a pickled object, so any
process with venster installed can run it (a local pool or a Dask worker on another machine).
Each worker process validates a scenario once and loads the geodata once (the loader caches),
however many tasks it runs. A task returns only a small record with its KPIs, never the event
log, so the parent's memory does not grow with the number of runs.

A task that raises is not an error of the batch: its record says what went wrong (type,
message, traceback) and the batch goes on, like a desmod simulation that records its
exception in its result.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
import traceback
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sim.scenario.models import Scenario

Record = dict[str, Any]

_SCENARIOS: OrderedDict[str, Scenario] = OrderedDict()
_SCENARIO_CACHE = 32


@dataclass(frozen=True)
class Task:
    """One (variant, replication): the variant's scenario as JSON, the master seed, k."""

    variant: str
    replication: int
    seed: int
    scenario_json: str
    scenario_key: str  # sha256 of scenario_json: the per-process cache key

    @classmethod
    def make(cls, variant: str, replication: int, seed: int, scenario_json: str) -> Task:
        key = hashlib.sha256(scenario_json.encode("utf-8")).hexdigest()
        return cls(variant, replication, seed, scenario_json, key)


def scenario_of(task: Task) -> Scenario:
    """The task's scenario, validated once per process and kept in a small cache."""
    sc = _SCENARIOS.get(task.scenario_key)
    if sc is None:
        sc = Scenario.model_validate_json(task.scenario_json)
        _SCENARIOS[task.scenario_key] = sc
        if len(_SCENARIOS) > _SCENARIO_CACHE:
            _SCENARIOS.popitem(last=False)
    else:
        _SCENARIOS.move_to_end(task.scenario_key)
    return sc


def ok_record(task: Task, kpis: dict[str, float], runtime_s: float) -> Record:
    return {
        "variant": task.variant,
        "replication": task.replication,
        "seed": task.seed,
        "ok": True,
        "runtime_s": round(runtime_s, 4),
        "kpis": {k: float(v) for k, v in kpis.items()},
    }


def error_record(task: Task, exc: BaseException, runtime_s: float = 0.0) -> Record:
    """What a failed task leaves behind: enough to see what broke without rerunning it."""
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {
        "variant": task.variant,
        "replication": task.replication,
        "seed": task.seed,
        "ok": False,
        "runtime_s": round(runtime_s, 4),
        "error": {
            "type": type(exc).__name__,
            "message": str(exc) or type(exc).__name__,
            "traceback": tb[-4000:],
        },
    }


def run_task(task: Task) -> Record:
    """Run one replication of one variant; return its KPIs, or its error, as a record.

    The seed is the sweep's master seed and the replication number is k for every variant, so
    replication k of two variants draws the same demand (common random numbers).
    """
    from sim.runner import load_geo, replicate

    started = time.perf_counter()
    try:
        scenario = scenario_of(task)
        geo = load_geo(scenario)
        kpis, log = replicate(scenario, geo, task.seed, task.replication)
        del log  # only KPIs leave the worker
        return ok_record(task, kpis, time.perf_counter() - started)
    except Exception as exc:
        return error_record(task, exc, time.perf_counter() - started)


def ignore_sigint() -> None:
    """Pool worker initializer: Ctrl-C is the parent's to handle (it stops the pool), so a
    worker does not die mid-task with a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_init(parent_pid: int) -> None:
    """Pool worker initializer: ignore Ctrl-C (see ignore_sigint) and die with the parent.

    A pool worker waits on a pipe whose other end its siblings also hold, so when the batch
    parent is killed (kill -9, an out-of-memory kill, a closed terminal) the worker would sit
    idle forever. A daemon thread watches the parent instead and ends the worker once it is
    gone; the worker's task is lost anyway, and a resumed batch runs it again.
    """
    ignore_sigint()
    if os.getppid() != parent_pid:
        os._exit(0)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True,
                     name="venster-parent-watch").start()


def _watch_parent(parent_pid: int, every_s: float = 0.5) -> None:
    while os.getppid() == parent_pid:
        time.sleep(every_s)
    os._exit(0)
