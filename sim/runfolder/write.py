"""Writing a run folder: atomically, and never over what a user put there.

A folder is written next to its final place under a `.partial` name and renamed into place only
when complete, so a reader never sees half a run: either the finished folder, or a visibly
unfinished `.<name>.partial-*` one left by an interrupted run. What a run may replace is decided
by `check_out_folder`: an earlier run folder, yes; a user's own files, never.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from sim.errors import InputError
from sim.runfolder.layout import (
    EVENTS,
    FIGURES,
    FILES_LIST,
    GATES_GPKG,
    KPIS_CSV,
    OWN,
    REPORT_FIGURES,
    RESOLVED,
    SUMMARY,
    TABLES,
)
from sim.runfolder.runlog import write_run_log
from sim.runfolder.summary import read_summary, summarise
from sim.runner import RunResult
from sim.scenario.load import scenario_to_yaml


def write_csv_text(df: pd.DataFrame) -> str:
    """CSV with full float precision and a fixed layout, so equal runs give equal bytes."""
    return df.to_csv(index=False, float_format="%.12g", lineterminator="\n")


def write_events(result: RunResult, path: Path) -> None:
    """All kept replications' events in one Parquet file with a `replication` column, written
    from the log's columns (text stays dictionary-encoded) when the logs were kept."""
    if result.logs:
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = [log.to_arrow(replication=r) for r, log in sorted(result.logs.items())]
        pq.write_table(pa.concat_tables(tables), str(path))
        return
    frames = [df.assign(replication=r) for r, df in sorted(result.events.items())]
    if frames:
        pd.concat(frames, ignore_index=True).to_parquet(path, index=False)


def foreign_entries(folder: Path) -> list[str]:
    """Paths in a run folder that no venster run or report wrote (a user's notes, say).

    A folder written since the file list existed is checked file by file; an older one by its
    top-level names only.
    """
    try:
        listed: set[str] | None = set(
            (folder / FILES_LIST).read_text(encoding="utf-8").splitlines())
    except OSError:
        listed = None
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.name not in OWN:
            found.append(entry.name + ("/" if entry.is_dir() else ""))
        elif entry.is_dir() and listed is not None:
            for f in sorted(entry.rglob("*")):
                rel = f.relative_to(folder).as_posix()
                if f.is_file() and rel not in listed and not rel.startswith(REPORT_FIGURES):
                    found.append(rel)
    return found


def _shown(paths: list[str], n: int = 5) -> str:
    more = f" and {len(paths) - n} more" if len(paths) > n else ""
    return ", ".join(paths[:n]) + more


def check_out_folder(
    out: Path, replications: int | None = None, overwrite: bool = False
) -> Path:
    """The folder a run may write to: new, empty, or an earlier run folder it replaces.

    Nothing a user put there is ever deleted: a folder that is not a run folder is refused; a
    run folder that also holds other files is refused unless `overwrite`, and then those
    files are carried over into the new run folder. Replacing a run of more replications by
    one of fewer (a 10-replication result by a quick 1-replication try) also needs
    `overwrite`.
    """
    out = Path(out).resolve()
    if not out.name:
        raise InputError("command line", "--out", "a folder name, not the file system root")
    for parent in out.parents:
        if parent.exists() and not parent.is_dir():
            raise InputError(out, "--out", f"a path inside folders; {parent} is a file")
    if not out.exists():
        return out
    if not out.is_dir():
        raise InputError(out, "--out", "a folder for the run; this is a file")
    entries = sorted(e.name + ("/" if e.is_dir() else "") for e in out.iterdir())
    if not entries:
        return out
    if not (out / SUMMARY).is_file():
        raise InputError(out, "--out", "a new or empty folder, or an earlier run folder (with "
                         f"summary.json); this folder holds {_shown(entries)}, which venster "
                         "did not write. Choose another --out")
    foreign = foreign_entries(out)
    if foreign and not overwrite:
        raise InputError(out, "--out", "a run folder holding only a run's own files; it also "
                         f"holds {_shown(foreign)}. Choose another --out, or give --overwrite "
                         "to replace the run and keep those files")
    if replications is not None and not overwrite:
        try:
            held = read_summary(out).replications
        except (OSError, InputError):
            held = 0
        if held > replications:
            raise InputError(out, "--out", f"a folder without a larger run; it holds a run of "
                             f"{held} replications, which this run of {replications} would "
                             "replace. Choose another --out, or give --overwrite")
    return out


def write_run_folder(
    result: RunResult,
    out: Path,
    *,
    events: bool = False,
    figures: Callable[[RunResult, Path], None] | None = None,
) -> Path:
    """Write the folder for `result` at `out` atomically; an earlier run folder is replaced."""
    out = check_out_folder(out, overwrite=True)  # the caller checked what it may replace
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; a run folder is an ordinary folder
    try:
        summary = summarise(result)
        (tmp / KPIS_CSV).write_text(write_csv_text(result.kpis), encoding="utf-8")
        (tmp / RESOLVED).write_text(
            "# Everything this run used, defaults filled in.\n" + scenario_to_yaml(result.scenario),
            encoding="utf-8",
        )
        if events:
            write_events(result, tmp / EVENTS)
        if result.events:
            from sim.measure.breakdowns import write_tables
            from sim.runfolder.gpkg import write_gates_gpkg

            write_tables(result.events, result.scenario, tmp / TABLES)
            write_gates_gpkg(result, tmp / GATES_GPKG, summary)
        if figures is not None:
            # made only for figures to go into: an empty figures/ (no events kept, or
            # --no-figures) looks like figures that failed to draw
            (tmp / FIGURES).mkdir()
            figures(result, tmp / FIGURES)
            with contextlib.suppress(OSError):  # not empty: keep it
                (tmp / FIGURES).rmdir()
        (tmp / SUMMARY).write_text(summary.text(), encoding="utf-8")
        write_run_log(result, tmp, out)
        written = sorted(f.relative_to(tmp).as_posix() for f in tmp.rglob("*") if f.is_file())
        (tmp / FILES_LIST).write_text("\n".join([*written, FILES_LIST]) + "\n",
                                      encoding="utf-8")
        _replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _replace_dir(new: Path, target: Path) -> None:
    """Move `new` to `target`; an older `target` is moved aside first, then removed.

    Files in `target` that venster did not write are moved into `new` first, so removing the
    old folder only ever removes what an earlier run wrote; if that fails half-way, the ones
    already moved go back.
    """
    old = None
    if target.exists():
        moved: list[tuple[Path, Path]] = []
        try:
            for rel in foreign_entries(target):
                src, dst = target / rel.rstrip("/"), new / rel.rstrip("/")
                if dst.exists():
                    dst = dst.with_name(f"{dst.name}.kept")
                dst.parent.mkdir(parents=True, exist_ok=True)
                src.rename(dst)
                moved.append((src, dst))
        except BaseException:
            for src, dst in reversed(moved):
                dst.rename(src)
            raise
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

