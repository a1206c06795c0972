"""Batch throughput and memory: runs per second on 1 and 2 workers, and the parent's peak RSS.

Run: python bench/bench_batch.py [--quick] [--scenario PATH]. Each measurement runs in a fresh
child process (so imports, geodata and pools start cold, as for a user) that runs a sweep of
one-week runs through `sim.batch.engine.run_batch` into a temporary folder and reports:
wall time, runs per second, its own peak RSS (the parent's memory, which must stay flat however
many runs there are), the largest worker's peak RSS, the mean time of one run inside a worker
and the share of the wall time the workers were busy. The last two split a low parallel
efficiency into its causes: runs that get slower when two run at once (the machine: shared
cores, memory bandwidth) versus time the workers sit idle (start-up, the parent's bookkeeping).

Full mode: 100 runs on 1 worker, 100 and 1,000 runs on 2 workers (about 5 minutes on two
cores). --quick: 40 runs on 1 and 2 workers, and 200 runs on 2 workers.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def sweep_for(scenario: Path, runs: int) -> dict[str, Any]:
    """Two variants (read rate 0.9 and 0.95) of the scenario, runs/2 replications each."""
    return {
        "name": "bench",
        "base": str(scenario),
        "seed": 1,
        "replications": max(1, runs // 2),
        "set": {"weeks": 1},
        "grid": {"enforcement.read_rate": [0.9, 0.95]},
    }


def child(args: argparse.Namespace) -> None:
    """Run one batch in this process and print its figures as one JSON line."""
    import psutil

    from sim.batch.engine import run_batch
    from sim.batch.sweep import load_sweep

    me = psutil.Process()
    sweep = load_sweep(sweep_for(Path(args.scenario), args.runs))
    rss_setup = me.memory_info().rss
    peak = {"parent": rss_setup, "worker": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            try:
                peak["parent"] = max(peak["parent"], me.memory_info().rss)
                for c in me.children(recursive=True):
                    peak["worker"] = max(peak["worker"], c.memory_info().rss)
            except psutil.Error:
                pass
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.TemporaryDirectory(prefix="venster-bench-") as tmp:
        t0 = time.perf_counter()
        outcome = run_batch(sweep, Path(tmp) / "out", workers=args.workers)
        wall = time.perf_counter() - t0
        task_s = [json.loads(f.read_text())["runtime_s"]
                  for f in (Path(tmp) / "out" / ".runs").glob("*/*.json")]
    stop.set()
    sampler.join()
    n = len(sweep.variants) * sweep.replications
    print(json.dumps({
        "runs": n, "workers": args.workers, "wall_s": wall, "runs_per_s": n / wall,
        "failed": len(outcome.failures),
        "task_s_mean": sum(task_s) / len(task_s),
        "workers_busy": sum(task_s) / (wall * args.workers),
        "parent_rss_setup_mb": rss_setup / 2**20,
        "parent_rss_peak_mb": max(peak["parent"], resource.getrusage(
            resource.RUSAGE_SELF).ru_maxrss * 1024) / 2**20,
        "worker_rss_peak_mb": peak["worker"] / 2**20,
    }))


def _spin() -> float:
    t0 = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - t0


def machine_scaling() -> float:
    """What two processes get out of this machine: a pure-Python loop's throughput on two
    processes at once over one, halved. The batch's parallel efficiency cannot beat it (a
    shared or throttled VM scores well below 1.0)."""
    cmd = [sys.executable, "-c", "import bench_batch as b; print(b._spin())"]

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True,
                                cwd=Path(__file__).resolve().parent)

    alone = float(start().communicate()[0])
    pair = [start(), start()]
    both = max(float(p.communicate()[0]) for p in pair)
    return (2 / both) / (1 / alone) / 2


def measure(scenario: Path, runs: int, workers: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", "--runs", str(runs), "--workers", str(workers),
         "--scenario", str(scenario)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"  {result['runs']:5d} runs, {workers} worker(s): {result['wall_s']:7.1f} s, "
          f"{result['runs_per_s']:5.2f} runs/s, parent RSS {result['parent_rss_setup_mb']:.0f} "
          f"MB after setup, peak {result['parent_rss_peak_mb']:.0f} MB; largest worker "
          f"{result['worker_rss_peak_mb']:.0f} MB; failed runs {result['failed']}\n"
          f"  {'':5s} one run takes {result['task_s_mean']:.3f} s inside a worker; workers "
          f"busy {100 * result['workers_busy']:.0f}% of the wall time", flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs (about a minute)")
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "assen-2023.yaml"))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--runs", type=int, default=100, help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    scenario = Path(args.scenario).resolve()
    small, large = (40, 200) if args.quick else (100, 1000)
    print(f"batch benchmark: {Path(scenario).name}, one simulated week per run")
    machine = machine_scaling()
    print(f"  this machine, pure-Python loop on 2 processes vs 1: efficiency {machine:.2f}")
    one = measure(scenario, small, 1)
    two = measure(scenario, small, 2)
    big = measure(scenario, large, 2)
    eff = (two["runs_per_s"] / one["runs_per_s"]) / 2
    print(f"runs/s: 1 worker {one['runs_per_s']:.2f}, 2 workers {two['runs_per_s']:.2f} "
          f"({small} runs; {big['runs_per_s']:.2f} at {large} runs)")
    print(f"parallel efficiency (rate2/rate1)/2 = {eff:.2f} at {small} runs, "
          f"{(big['runs_per_s'] / one['runs_per_s']) / 2:.2f} at {large} runs "
          f"(the machine itself: {machine:.2f})")
    print(f"parent peak RSS: {two['parent_rss_peak_mb']:.0f} MB at {small} runs, "
          f"{big['parent_rss_peak_mb']:.0f} MB at {large} runs (2 workers)")


if __name__ == "__main__":
    main()
