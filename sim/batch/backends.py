"""Where tasks run: in this process, a local process pool, or a Dask distributed cluster.

Every backend has the same shape: `run(tasks, fn)` takes a lazy iterator of tasks and yields
one record per task as they finish, in any order. Only a bounded number of tasks is in flight
at a time (twice the worker count), so neither the parent nor the scheduler holds thousands of
pending futures or results: memory stays flat however many runs a batch has. Results do not
depend on the backend, because a task depends only on its own arguments; the store sorts
them when it writes.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any

from sim.batch.tasks import Record, Task, error_record, worker_init
from sim.errors import InputError

TaskFn = Callable[[Task], Record]
MAX_ATTEMPTS = 3  # a task whose worker process dies is tried again, up to this many times


class WorkerDied(RuntimeError):
    """The process running a task died (killed, out of memory, crashed in C code)."""


class Backend:
    """Serial, in this process: `--workers 1`, the Python API's default, and the reference."""

    name = "serial (in this process)"

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(interrupted=et is not None)

    def close(self, interrupted: bool = False) -> None:
        """Release workers; `interrupted` stops running tasks instead of waiting for them."""

    def run(self, tasks: Iterable[Task], fn: TaskFn) -> Iterator[Record]:
        for task in tasks:
            try:
                record = fn(task)
            except Exception as exc:  # a task function that raises instead of recording
                record = error_record(task, exc)
            yield record


class PoolBackend(Backend):
    """A local process pool. Workers are spawned (not forked) so they start clean whatever
    threads the parent runs, and ignore Ctrl-C, which the parent handles for them."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.name = f"local processes ({workers} workers)"
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=worker_init, initargs=(os.getpid(),))
        return self._pool

    def close(self, interrupted: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if interrupted:
            # do not wait for running tasks: they are lost anyway and rerun on resume
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
        pool.shutdown(wait=not interrupted, cancel_futures=True)

    def run(self, tasks: Iterable[Task], fn: TaskFn) -> Iterator[Record]:
        pool = self._pool or self._start()
        source = iter(tasks)
        retry: deque[tuple[Task, int]] = deque()
        pending: dict[Future[Record], tuple[Task, int]] = {}
        limit = 2 * self.workers

        def fill() -> None:
            while len(pending) < limit:
                if retry:
                    task, attempt = retry.popleft()
                else:
                    nxt = next(source, None)
                    if nxt is None:
                        return
                    task, attempt = nxt, 1
                with _sigint_blocked():  # submit may spawn a worker
                    pending[pool.submit(fn, task)] = (task, attempt)

        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for fut in sorted(done, key=lambda f: (pending[f][0].variant,
                                                   pending[f][0].replication)):
                task, attempt = pending.pop(fut)
                try:
                    record = fut.result()
                except BrokenProcessPool:
                    broken = True
                    if attempt >= MAX_ATTEMPTS:
                        record = error_record(task, WorkerDied(
                            f"the worker process running this task died {attempt} times"))
                    else:
                        retry.append((task, attempt + 1))
                        continue
                except Exception as exc:  # e.g. a result that cannot be sent back
                    record = error_record(task, exc)
                yield record
            if broken:
                # one dead worker breaks the whole pool: start a new one and resubmit what was
                # in flight (finished records are already on disk)
                for task, attempt in pending.values():
                    retry.append((task, attempt + 1))
                pending.clear()
                self.close(interrupted=True)
                pool = self._start()
            fill()


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Processes spawned in here start with Ctrl-C blocked.

    A worker still importing venster when the user presses Ctrl-C would otherwise print a
    KeyboardInterrupt traceback of its own before its initializer could ignore the signal.
    The parent loses nothing: the signal is held for this thread only, and delivered when the
    block ends (or at once to another thread, which hands it to the main one).
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class DaskBackend(Backend):
    """A Dask distributed cluster: `--scheduler tcp://host:port`, or `local` for a
    LocalCluster on this machine. Workers need venster installed (same version)."""

    def __init__(self, scheduler: str, workers: int) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self._cluster: Any = None
        self._client: Any = None
        self.name = f"dask ({scheduler})"

    def __enter__(self) -> DaskBackend:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError("command line", "--scheduler", "dask[distributed] installed "
                             "(pip install 'venster[dask]')") from None
        if self.scheduler == "local":
            self._cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
            self.name = f"dask LocalCluster ({self.workers} workers)"
        else:
            try:
                self._client = Client(self.scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError("command line", "--scheduler", "the address of a running Dask "
                                 f"scheduler, like tcp://host:8786; {exc}") from None
            n = sum(self._client.nthreads().values())
            self.name = f"dask {self.scheduler} ({n} worker threads)"
        return self

    def close(self, interrupted: bool = False) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def run(self, tasks: Iterable[Task], fn: TaskFn) -> Iterator[Record]:
        from distributed import as_completed

        client = self._client
        source = iter(tasks)
        limit = max(2, 2 * sum(client.nthreads().values()))
        by_key: dict[str, Task] = {}
        ac = as_completed()

        def submit() -> bool:
            task = next(source, None)
            if task is None:
                return False
            key = f"venster-{task.variant}-{task.replication}-{task.scenario_key[:12]}"
            fut = client.submit(fn, task, key=key, pure=False)
            by_key[fut.key] = task
            ac.add(fut)
            return True

        for _ in range(limit):
            if not submit():
                break
        for fut in ac:
            task = by_key.pop(fut.key)
            try:
                record = fut.result()
            except Exception as exc:  # KilledWorker after Dask's own retries, and the like
                record = error_record(task, exc)
            fut.release()
            yield record
            submit()


def make_backend(workers: int, scheduler: str | None, n_tasks: int) -> Backend:
    """The backend a batch asked for: Dask if a scheduler is given, else processes or serial."""
    if scheduler:
        return DaskBackend(scheduler, workers)
    workers = max(1, min(workers, n_tasks))
    return Backend() if workers == 1 else PoolBackend(workers)
