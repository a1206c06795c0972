"""A stand-in for a simulation, for testing the search's logic in milliseconds.

KPIs follow the window's end and the evening window with noise on common random numbers: a
shared draw per (seed, replication), as the model's named streams give, plus a small draw of
the option's own. A later end lowers carriers' cost and raises vans in the street, so the
front is a real trade-off.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

from sim.batch.tasks import Record, Task, ok_record

CALLS: list[tuple[str, int]] = []
STOP_AFTER: list[int] = []  # when set, the n-th call raises KeyboardInterrupt (a Ctrl-C)


def _end_hours(scenario: dict) -> float:
    rule = next(r for r in scenario["policy"]["rules"] if r["name"] == "venstertijden")
    end = rule["hours"][0].split("-")[1]
    h, m = end.split(":")
    return int(h) + int(m) / 60


def fake_task(task: Task) -> Record:
    if STOP_AFTER and len(CALLS) >= STOP_AFTER[0]:
        raise KeyboardInterrupt
    CALLS.append((task.variant, task.replication))
    sc = json.loads(task.scenario_json)
    end = _end_hours(sc)
    ze = next(r for r in sc["policy"]["rules"] if r["name"] == "ze-ontheffing")["enabled"]
    common = np.random.default_rng([task.seed, task.replication]).normal(size=2)
    own_seed = int(hashlib.sha256(task.scenario_key.encode()).hexdigest()[:8], 16)
    own = np.random.default_rng([task.seed, task.replication, own_seed]).normal(size=2)
    cost = 3000 - 400 * (end - 11) + (150 if not ze else 0) + 300 * common[0] + 40 * own[0]
    vans = 30000 + 800 * (end - 11) + 500 * common[1] + 60 * own[1]
    return ok_record(task, {"carrier_extra_cost_eur": cost,
                            "vehicle_minutes_in_zone_open_hours": vans,
                            "ze_share_entries": 0.2 + (0.01 if ze else 0.0)}, 0.0)
