"""Plans reused across runs whose carrier-day is unchanged.

A plan depends only on its instance (stops, service times, loads, distances, vehicles, the
zone's window for those vehicles, receiving hours, expected fines), the solver budget, the
solver's settings and version, and the seed; the key is a digest of exactly these. A camera
sweep, or any variant that leaves a carrier's day alone, therefore finds its plans instead of
solving again.

Two levels: an in-process store (least recently used entries go first) and a folder of small
JSON files shared by every process on the machine (batch workers, repeated runs). The folder is
`$VENSTER_PLAN_CACHE`, else `$XDG_CACHE_HOME/venster/plans` (`~/.cache/venster/plans`);
`VENSTER_PLAN_CACHE=off` keeps plans in the process only. Files are written atomically, so
workers planning the same day at once cannot leave a broken file; an unreadable file is
solved again and replaced.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

from sim.cachedir import cache_folder
from sim.model.rounds.plan import Instance, Plan, plan_from_dict, plan_to_dict, solve


class Plannable(Protocol):
    """An instance, or a carrier-day that makes its instance only when it must be solved
    (`sim.model.rounds.build.Built`): a run from stored plans then never makes one."""

    def key(self, iterations: int, seed: int) -> str: ...

    @property
    def instance(self) -> Instance: ...

MAX_PLANS = 20_000  # a week of Assen has about 100 carrier-days; plans are small


def default_folder() -> Path | None:
    return cache_folder("VENSTER_PLAN_CACHE", "plans")


class PlanCache:
    def __init__(self, max_plans: int = MAX_PLANS, folder: Path | str | None = "default"
                 ) -> None:
        self.max_plans = max_plans
        self._folder = folder
        self._plans: OrderedDict[str, Plan] = OrderedDict()
        self.hits = 0  # found in the process
        self.disk_hits = 0  # found in the folder
        self.misses = 0  # solved

    @property
    def folder(self) -> Path | None:
        return default_folder() if self._folder == "default" else self._folder  # type: ignore

    def get_or_solve(self, inst: Instance, iterations: int, seed: int) -> Plan:
        return self.plan_for(inst, iterations, seed)

    def plan_for(self, job: Plannable, iterations: int, seed: int) -> Plan:
        """The plan of a job: from the process, else the folder, else solved now."""
        key = job.key(iterations, seed)
        plan = self._plans.get(key)
        if plan is not None:
            self._plans.move_to_end(key)
            self.hits += 1
            return plan
        plan = self._read(key)
        if plan is not None:
            self.disk_hits += 1
        else:
            self.misses += 1
            plan = solve(job.instance, iterations, seed)
            self._write(key, plan)
        self._plans[key] = plan
        if len(self._plans) > self.max_plans:
            self._plans.popitem(last=False)
        return plan

    def _path(self, key: str) -> Path | None:
        folder = self.folder
        return None if folder is None else folder / key[:2] / f"{key}.json"

    def _read(self, key: str) -> Plan | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            return plan_from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write(self, key: str, plan: Plan) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(plan_to_dict(plan), fh, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only or full disk only costs a re-plan next time

    def solve_missing(self, jobs: list[tuple[Plannable, int, int]]) -> int:
        """Solve, side by side on this machine's cores, every job (instance, iterations, seed)
        not yet in the cache, and store the plans; `get_or_solve` then finds them all.

        A plan depends only on its job, so solving in other processes gives the same plans
        as solving here, in any order. Inside a batch worker (which already keeps a core
        busy) or with `VENSTER_PLAN_WORKERS=1`, nothing is done here. Returns the number of
        plans solved.
        """
        workers = plan_workers()
        missing: dict[str, tuple[Instance, int, int]] = {}
        for job, iterations, seed in jobs:
            key = job.key(iterations, seed)
            if key in self._plans or key in missing:
                continue
            plan = self._read(key)
            if plan is not None:
                self.disk_hits += 1
                self._remember(key, plan)
                continue
            missing[key] = (job.instance, iterations, seed)
        if workers < 2 or len(missing) < 4:
            return 0
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        try:
            with ProcessPoolExecutor(max_workers=workers,
                                     mp_context=mp.get_context("fork")) as pool:
                plans = list(pool.map(_solve_job, missing.values(), chunksize=4))
        except (OSError, RuntimeError, ValueError):
            return 0  # no processes to be had here: get_or_solve solves them one by one
        for key, plan in zip(missing, plans, strict=True):
            self.misses += 1
            self._write(key, plan)
            self._remember(key, plan)
        return len(plans)

    def _remember(self, key: str, plan: Plan) -> None:
        self._plans[key] = plan
        if len(self._plans) > self.max_plans:
            self._plans.popitem(last=False)

    def clear(self) -> None:
        """Forget the plans of this process (the folder stays) and reset the counters."""
        self._plans.clear()
        self.hits = self.disk_hits = self.misses = 0


def _solve_job(job: tuple[Instance, int, int]) -> Plan:
    return solve(*job)


def plan_workers() -> int:
    """Processes to plan with: `VENSTER_PLAN_WORKERS`, else every core when this is a main
    process, else one (a batch or Dask worker already has its core; a daemonic process may
    not start children)."""
    import multiprocessing as mp

    env = os.environ.get("VENSTER_PLAN_WORKERS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            return 1
    if mp.parent_process() is not None or mp.current_process().daemon:
        return 1
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


PLANS = PlanCache()  # the process's cache
