"""Issue 12: batch faults. Two batches into one folder, a killed parent, Ctrl-C at the start.

The process-level cases run real `venster batch` processes, because the contract under test is
that of the process (its exit status, its children, its stderr). They wait for events (a line
printed, a file written, a process gone) with generous bounds, never for a fixed time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sim.batch.store import BatchStore
from sim.batch.sweep import load_sweep
from sim.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
REAL_2023 = ROOT / "scenarios" / "assen-2023.yaml"
BOUND_S = 120  # how long to wait for something that takes a second or two


def tiny_sweep(folder: Path) -> Path:
    path = folder / "tiny.yaml"
    path.write_text(f"base: {REAL_2023}\nreplications: 2\nset: {{weeks: 1}}\n"
                    "variants:\n  - name: a\n  - name: b\n    set: {enforcement.read_rate: 0.5}\n",
                    encoding="utf-8")
    return path


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + BOUND_S
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """Running (a zombie nobody reaped yet counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def test_two_batches_into_one_folder_do_not_both_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sweep_path = tiny_sweep(tmp_path)
    out = tmp_path / "out"
    store = BatchStore.check(out, load_sweep(sweep_path))
    store.create()
    with store.lock():  # another session holds the folder
        status = main(["batch", str(sweep_path), "--out", str(out), "--workers", "1"])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert "another venster batch" in err and str(os.getpid()) in err
    assert not list((out / ".runs").glob("*/*.json"))  # it ran nothing


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    """The parent is killed with SIGKILL while its two workers are busy: they must end too."""
    (tmp_path / "blocking_task.py").write_text(textwrap.dedent("""\
        import os, time
        from pathlib import Path

        def task(t):
            Path(os.environ["PIDS"], str(os.getpid())).write_text("busy")
            time.sleep(600)
        """), encoding="utf-8")
    pids = tmp_path / "pids"
    pids.mkdir()
    script = textwrap.dedent(f"""\
        from sim.batch.engine import run_batch
        from sim.batch.sweep import load_sweep
        from blocking_task import task
        run_batch(load_sweep({str(tiny_sweep(tmp_path))!r}), {str(tmp_path / 'out')!r},
                  workers=2, task_fn=task)
        """)
    env = {**os.environ, "PIDS": str(pids),
           "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    parent = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        wait_for(lambda: len(list(pids.iterdir())) == 2, "two busy workers")
    finally:
        parent.kill()
        parent.wait()
    workers = [int(p.name) for p in pids.iterdir()]
    try:
        wait_for(lambda: not any(alive(w) for w in workers), "the workers to end")
    finally:
        for w in workers:
            if alive(w):
                os.kill(w, signal.SIGKILL)


def test_an_interrupt_caught_after_code_run_from_a_string_still_exits_130(tmp_path: Path
                                                                           ) -> None:
    """`python -m` ends with SIGINT (-2) instead of the status venster returns when the
    KeyboardInterrupt passed through exec/eval (dataclasses are built so while modules
    import), unless the handler clears that mark: ignore_further_interrupts does."""
    probe = tmp_path / "interrupted_probe.py"
    probe.write_text(
        "import os, signal, threading\n"
        "from sim.errors import ignore_further_interrupts\n"
        # as from a terminal, whatever the test process itself does with Ctrl-C
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT)).start()\n"
        "try:\n"
        "    exec('while True: pass')\n"
        "except KeyboardInterrupt:\n"
        "    ignore_further_interrupts()\n"
        "raise SystemExit(130)\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    done = subprocess.run([sys.executable, "-m", "interrupted_probe"], cwd=tmp_path, env=env,
                          timeout=BOUND_S, capture_output=True, text=True)
    assert done.returncode == 130, done.stderr


def test_ctrl_c_while_a_batch_starts_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C right after the sweep is read: whatever is starting then (the estimate, the
    pool, its workers importing venster) must end in a short message and status 130."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "batch", str(tiny_sweep(tmp_path)), "--out",
         str(tmp_path / "out"), "--workers", "2"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.stderr is not None
    first = proc.stderr.readline()
    assert first.startswith("sweep tiny"), first
    os.killpg(proc.pid, signal.SIGINT)  # like a terminal: the whole process group
    rest = proc.stderr.read()
    status = proc.wait(timeout=BOUND_S)
    assert status == 130, first + rest
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest, rest
    assert "interrupted" in rest
