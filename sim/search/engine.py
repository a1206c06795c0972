"""A search: the options to race, the race, and what it leaves behind.

Options come from enumeration when the space is small and from NSGA-II when it is not. Then
they race: every option has the first replications; after each round an option clearly
dominated by another (paired intervals, sim.search.stats) or clearly breaking a constraint
drops out, and the options still in the race get more replications, up to the maximum. So
replications go where they decide something: to the options near the front. The base scenario
stays in the race to the end, since every comparison is made against it.

Every decision is a function of the stored records, so a search that is run again after an
interruption takes the same path and runs only what was missing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from sim.batch.backends import Backend, TaskFn, make_backend
from sim.batch.store import write_atomic
from sim.search.outcome import (
    DOMINATED,
    DROPPED,
    FAILED,
    FRONT,
    INFEASIBLE,
    SEARCH_JSON,
    Entry,
    SearchOutcome,
)
from sim.search.space import Candidate, Search
from sim.search.spec import spec_key
from sim.search.stats import clearly_dominates, clearly_infeasible, feasible
from sim.search.store import Evaluator, Reporter, SearchStore
from sim.version import __version__


def method_of(search: Search) -> str:
    m = search.spec.method
    if m == "auto":
        return "enumerate" if search.size <= search.spec.enumerate_up_to else "nsga2"
    return m


def planned_runs(search: Search) -> int:
    """An upper bound of the replications a search runs (every option to the maximum)."""
    r = search.spec.racing
    n = (search.size if method_of(search) == "enumerate"
         else search.spec.nsga2.population * search.spec.nsga2.generations)
    return (n + 1) * r.max


def run_search(search: Search, out: str | Path, *, workers: int | None = None,
               scheduler: str | None = None, reporter: Reporter | None = None,
               task_fn: TaskFn | None = None) -> SearchOutcome:
    """Run the search into the folder `out` (resuming what an earlier session left there).

    `workers` defaults to the CPU count (1 runs in this process), `scheduler` is a Dask
    scheduler address or "local", as for `venster batch`. `task_fn` replaces the task
    function (tests). The tables, figures and summaries are written from the outcome by
    `sim.search.outputs.write_outputs`.
    """
    started = time.perf_counter()
    begun = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    store = SearchStore.check(out)
    workers = (os.cpu_count() or 1) if workers is None else workers
    backend: Backend = make_backend(workers, scheduler, planned_runs(search))
    method = method_of(search)
    outcome = SearchOutcome(Path(out), search, method, [], Evaluator(store, backend))
    with backend:
        store.create({"search": search.source, "name": search.name})
        with store.lock():
            ev = Evaluator(store, backend, task_fn, reporter)
            outcome.evaluator = ev
            outcome.backend = backend.name
            status = "interrupted"
            try:
                cands, outcome.skipped = _candidates(search, ev, method)
                outcome.entries = race(search, ev, cands)
                status = "complete"
            except BaseException as exc:
                if not isinstance(exc, KeyboardInterrupt):
                    status = f"stopped ({type(exc).__name__})"
                raise
            finally:
                outcome.status = status
                outcome.runtime_s = time.perf_counter() - started
                _write_info(outcome, begun)
    return outcome


def _candidates(search: Search, ev: Evaluator, method: str) -> tuple[list[Candidate], int]:
    base = search.base_candidate()
    if method == "nsga2":
        from sim.search.optimise import nsga2_candidates

        found = nsga2_candidates(search, ev)
        return [base, *(c for c in found if c.option != base.option)], 0
    cands, skipped = [base], 0
    for option in search.options():
        if option == base.option:
            continue
        cand = search.candidate(option)
        if isinstance(cand, Candidate):
            cands.append(cand)
        else:
            skipped += 1
    return cands, skipped


def race(search: Search, ev: Evaluator, cands: list[Candidate]) -> list[Entry]:
    """Race the candidates (the base first); return each one's entry, in their order."""
    spec = search.spec
    r = spec.racing
    entries = {c.name: Entry(c) for c in cands}
    alive = list(cands)
    n = r.first
    ev.ensure([(c, n) for c in alive], f"round 1: {len(alive)} options")
    rnd = 1
    while True:
        alive = _drop(search, ev, cands, alive, entries)
        if n >= r.max:
            break
        n = min(n + r.step, r.max)
        rnd += 1
        ev.ensure([(c, n) for c in alive], f"round {rnd}: {len(alive)} options left")
    _final(search, ev, cands, entries)
    return [entries[c.name] for c in cands]


def _objective_values(search: Search, ev: Evaluator, c: Candidate) -> list[np.ndarray]:
    return [ev.values(c, o.kpi) for o in search.spec.objectives]


def _feasible(search: Search, ev: Evaluator, c: Candidate) -> bool:
    cons = search.spec.constraints
    return feasible([float(np.nanmean(ev.values(c, k.kpi))) for k in cons], cons)


def _dominator(search: Search, ev: Evaluator, c: Candidate, pool: list[Candidate],
               values: dict[str, list[np.ndarray]], ok: dict[str, bool]) -> str:
    conf = search.spec.racing.confidence
    for b in pool:
        if b.name == c.name or not ok[b.name]:
            continue
        if clearly_dominates(values[b.name], values[c.name], search.spec.objectives, conf):
            return b.name
    return ""


def _usable(ev: Evaluator, cands: list[Candidate]) -> list[Candidate]:
    return [c for c in cands if ev.failed(c) is None and ev.replications(c) >= 2]


def _drop(search: Search, ev: Evaluator, cands: list[Candidate], alive: list[Candidate],
          entries: dict[str, Entry]) -> list[Candidate]:
    """The candidates still in the race after this round's evidence."""
    spec = search.spec
    pool = _usable(ev, cands)
    values = {c.name: _objective_values(search, ev, c) for c in pool}
    ok = {c.name: _feasible(search, ev, c) for c in pool}
    keep = []
    for c in alive:
        e = entries[c.name]
        if ev.failed(c) is not None:
            e.status, e.dropped_after = FAILED, ev.replications(c)
            continue
        if c.is_base or c.name not in values:
            keep.append(c)
            continue
        cons = spec.constraints
        if cons and clearly_infeasible([ev.values(c, k.kpi) for k in cons], cons,
                                       spec.racing.confidence):
            e.status, e.dropped_after = INFEASIBLE, ev.replications(c)
            continue
        by = _dominator(search, ev, c, pool, values, ok)
        if by:
            e.status, e.dominated_by, e.dropped_after = DROPPED, by, ev.replications(c)
            continue
        keep.append(c)
    return keep


def _final(search: Search, ev: Evaluator, cands: list[Candidate],
           entries: dict[str, Entry]) -> None:
    """Statuses of the options that ran the whole race (and of the base)."""
    pool = _usable(ev, cands)
    values = {c.name: _objective_values(search, ev, c) for c in pool}
    ok = {c.name: _feasible(search, ev, c) for c in pool}
    for c in cands:
        e = entries[c.name]
        if e.status != FRONT and not c.is_base:
            continue
        if ev.failed(c) is not None:
            e.status = FAILED
            continue
        if c.name not in values:
            e.status = FAILED
            continue
        if not ok[c.name]:
            e.status = INFEASIBLE
            continue
        by = _dominator(search, ev, c, pool, values, ok)
        e.status, e.dominated_by = (DOMINATED, by) if by else (FRONT, "")


def _write_info(outcome: SearchOutcome, begun: str) -> None:
    search, ev = outcome.search, outcome.evaluator
    counts: dict[str, Any] = {"options": len(outcome.entries), "skipped": outcome.skipped,
                              "replications_run_now": ev.ran,
                              "replications_resumed": ev.resumed,
                              "replications_total": sum(ev.replications(e.candidate)
                                                        for e in outcome.entries)}
    for status in (FRONT, DOMINATED, DROPPED, INFEASIBLE, FAILED):
        counts[status] = sum(e.status == status for e in outcome.entries)
    info = {
        "search": search.source,
        "name": search.name,
        "description": search.spec.description,
        "base": str(search.base_path),
        "seed": search.spec.seed,
        "method": outcome.method,
        "space": search.size,
        "spec_key": spec_key(search.spec),
        "spec": search.spec.model_dump(mode="json", by_alias=True),
        "status": outcome.status,
        "version": __version__,
        "backend": outcome.backend,
        "started": begun,
        "runtime_s": round(outcome.runtime_s, 2),
        "counts": counts,
        "failures": [{"option": e.candidate.name,
                      "type": (ev.failed(e.candidate) or {}).get("type"),
                      "message": (ev.failed(e.candidate) or {}).get("message")}
                     for e in outcome.entries if e.status == FAILED],
    }
    outcome.out.mkdir(parents=True, exist_ok=True)
    write_atomic(outcome.out / SEARCH_JSON,
                 json.dumps(info, indent=2, ensure_ascii=False, default=str) + "\n")
