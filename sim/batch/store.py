"""A batch folder on disk: one small file per finished task, run folders, the combined CSV.

Layout of `DIR`::

    DIR/.runs/sweep.json              the sweep's key (hash) and variants: guards against mixing
    DIR/.runs/<variant>/<k>.json      one per task: its KPIs, or its error (written atomically)
    DIR/<variant>/                    a normal run folder once all its replications succeeded
    DIR/kpis.csv                      every finished run: variant, replication, KPIs
    DIR/batch.json                    the sweep, variants and overrides, counts, failures

Each task file is written to a temporary name and renamed into place, so it is either complete
or absent: Ctrl-C, a killed worker or a power cut loses at most the runs in flight. Rerunning
the batch reads these files to skip what is done. Everything the batch reports is rebuilt from
them in sweep order (variant, then replication), which is why the result does not depend on
the backend, the worker count or the order in which tasks happened to finish.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from sim.batch.sweep import Sweep, Variant
from sim.batch.tasks import Record
from sim.errors import InputError
from sim.files import atomic_write, file_mode
from sim.measure.registry import kpi_names
from sim.runfolder.layout import KPIS_CSV
from sim.runfolder.summary import read_summary
from sim.runfolder.write import write_csv_text, write_run_folder
from sim.runner import RunResult

RUNS = ".runs"
LOCK = ".lock"  # a variant name cannot start with a dot, so this never clashes
MANIFEST = "sweep.json"
BATCH_JSON = "batch.json"


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same folder and a rename."""
    atomic_write(path, text)


def _json(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n"


class BatchStore:
    """The batch folder of one sweep; opening it checks it holds this sweep or nothing."""

    def __init__(self, out: Path, sweep: Sweep) -> None:
        self.out = Path(out)
        self.sweep = sweep
        self.runs = self.out / RUNS

    @classmethod
    def check(cls, out: str | Path, sweep: Sweep) -> BatchStore:
        """The batch folder `out` for `sweep`, checked but not touched yet (see `create`).

        Refuses, with InputError, a folder that holds a batch of another sweep (or of the same
        sweep after its base scenario or venster's model changed), and a non-empty folder that
        is not a batch folder: mixing results of different scenarios would be silent and wrong.
        """
        store = cls(Path(out), sweep)
        manifest = store.runs / MANIFEST
        if manifest.is_file():
            try:
                held = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                held = {}
            if held.get("sweep_key") != sweep.key:
                same = held.get("source") == sweep.source
                what = ("an earlier version of this sweep" if same else
                        f"the sweep {held.get('source', '(unknown)')!r}")
                raise InputError(out, None, (
                    f"a new folder, or the batch folder of this sweep as it is now; it holds a "
                    f"batch of {what}, whose variants or scenarios differ (the sweep file, its "
                    "base scenario or venster's model changed since). Choose another --out, "
                    "or remove the folder to start again"))
        elif store.out.exists() and not store.out.is_dir():
            raise InputError(out, None, "a folder for the batch; this is a file")
        elif store.out.exists() and any(store.out.iterdir()):
            raise InputError(out, None, "an empty or new folder for the batch (or one a "
                             "previous run of this batch wrote); this one holds other files")
        return store

    def create(self) -> None:
        """Make the folder and mark it as this sweep's, so a later session can resume it."""
        self.runs.mkdir(parents=True, exist_ok=True)
        manifest = self.runs / MANIFEST
        if not manifest.is_file():
            write_atomic(manifest, _json({
                "sweep_key": self.sweep.key, "source": self.sweep.source,
                "name": self.sweep.name, "seed": self.sweep.seed,
                "variants": [v.name for v in self.sweep.variants]}))

    def lock(self) -> contextlib.AbstractContextManager[None]:
        """Hold the batch folder for this session, or raise InputError if another holds it.

        Two batches into one folder would both run every task and overwrite each other's
        outputs. The lock is an advisory lock on `.runs/.lock` held by this process: it ends
        with the process however that ends (Ctrl-C, kill -9), so a stale lock never blocks
        a resume.
        """
        return _folder_lock(self.runs / LOCK, self.out)

    # ---------------------------------------------------------------- task records

    def record_path(self, variant: str, replication: int) -> Path:
        return self.runs / variant / f"{replication}.json"

    def write_record(self, record: Record) -> None:
        write_atomic(self.record_path(record["variant"], record["replication"]),
                     json.dumps(record, ensure_ascii=False) + "\n")

    def read_record(self, variant: str, replication: int) -> Record | None:
        """A task's record, or None if it has none (or an unreadable one: run it again)."""
        path = self.record_path(variant, replication)
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None
        if rec.get("variant") != variant or rec.get("replication") != replication:
            return None
        return rec

    def finished(self) -> set[tuple[str, int]]:
        """(variant, replication) of every task that succeeded in an earlier session."""
        done = set()
        for v in self.sweep.variants:
            folder = self.runs / v.name
            if not folder.is_dir():
                continue
            for rep in range(self.sweep.replications):
                rec = self.read_record(v.name, rep)
                if rec is not None and rec.get("ok"):
                    done.add((v.name, rep))
        return done

    def records(self, variant: Variant) -> Iterator[tuple[int, Record | None]]:
        for rep in range(self.sweep.replications):
            yield rep, self.read_record(variant.name, rep)

    # ---------------------------------------------------------------- outputs

    def variant_frame(self, variant: Variant) -> tuple[pd.DataFrame, float]:
        """The variant's finished replications as a run's KPI table, and their summed time."""
        rows, runtime = [], 0.0
        for rep, rec in self.records(variant):
            if rec is not None and rec.get("ok"):
                rows.append({"replication": rep, **rec["kpis"]})
                runtime += float(rec.get("runtime_s", 0.0))
        return pd.DataFrame(rows), runtime

    def variant_folder_current(self, variant: Variant) -> bool:
        """Whether `DIR/<variant>/` is a finished run folder with this sweep's replications."""
        try:
            summary = read_summary(self.out / variant.name)
        except (OSError, InputError):
            return False
        return (summary.replications == self.sweep.replications
                and summary.seed == self.sweep.seed)

    def write_variant_folder(self, variant: Variant) -> Path:
        """`DIR/<variant>/` as a normal run folder (no figures): what compare and report read."""
        kpis, runtime = self.variant_frame(variant)
        result = RunResult(variant.scenario, self.sweep.seed, kpis, runtime)
        return write_run_folder(result, self.out / variant.name)

    def write_outputs(self, info: dict[str, Any]) -> dict[str, Any]:
        """Write `DIR/kpis.csv` and `DIR/batch.json` from the task files; return the summary.

        Streams variant by variant, so only one variant's table is in memory at a time.
        """
        header: list[str] | None = None
        # every variant's KPIs: variants may differ in planning segments (rounds.segments)
        names = dict.fromkeys(n for v in self.sweep.variants for n in kpi_names(v.scenario))
        variants, failures = [], []
        finished = failed = 0
        fd, tmp = tempfile.mkstemp(prefix=".kpis.csv.", suffix=".tmp", dir=self.out)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                for v in self.sweep.variants:
                    n_ok = n_failed = 0
                    for rep, rec in self.records(v):
                        if rec is None or rec.get("ok"):
                            continue
                        n_failed += 1
                        err = rec.get("error", {})
                        failures.append({"variant": v.name, "replication": rep,
                                         "type": err.get("type"), "message": err.get("message")})
                    kpis, _ = self.variant_frame(v)
                    n_ok = len(kpis)
                    if n_ok:
                        kpis.insert(0, "variant", v.name)
                        if header is None:
                            header = ["variant", "replication", *names]
                            fh.write(write_csv_text(kpis.iloc[:0]))
                        fh.write(write_csv_text(kpis.reindex(columns=header)).split("\n", 1)[1])
                    complete = n_ok == self.sweep.replications
                    folder = self.out / v.name
                    variants.append({
                        "name": v.name,
                        "scenario": v.scenario.name,
                        "overrides": v.overrides,
                        "finished": n_ok,
                        "failed": n_failed,
                        "folder": v.name if complete and (folder / KPIS_CSV).is_file() else None,
                    })
                    finished += n_ok
                    failed += n_failed
            os.chmod(tmp, file_mode())
            os.replace(tmp, self.out / KPIS_CSV)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        total = len(self.sweep.variants) * self.sweep.replications
        summary = {
            "sweep": self.sweep.source,
            "name": self.sweep.name,
            "description": self.sweep.description,
            "base": str(self.sweep.base),
            "seed": self.sweep.seed,
            "replications": self.sweep.replications,
            "sweep_key": self.sweep.key,
            **info,
            "counts": {"runs": total, "finished": finished, "failed": failed,
                       "not_run": total - finished - failed,
                       **info.get("counts", {})},
            "variants": variants,
            "failures": failures,
        }
        write_atomic(self.out / BATCH_JSON, _json(_finite(summary)))
        return summary


@contextlib.contextmanager
def _folder_lock(path: Path, out: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, file_mode())
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise InputError(out, None, "a batch folder no other batch is writing to; another "
                             f"venster batch (process {holder}) is running into it. Wait for it "
                             "to finish, or choose another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _finite(obj: Any) -> Any:
    """JSON has no NaN: write None instead (override values may hold floats)."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj
