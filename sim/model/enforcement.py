"""Cameras and what follows a read plate, as plain functions the simulation calls.

A violation becomes a fine only through a chain: a camera at that gate, working at that moment,
reads the plate, the plate is domestic (foreign keepers cannot be traced in practice), the case
survives processing, and the warnings-only period is over. Each link is a separate outcome in
the event log so a planner can see where enforcement leaks.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

import numpy as np

from sim.model.calendar import MINUTES_PER_DAY, merge_spans
from sim.scenario.models import Enforcement

# Case outcomes, in the order of the chain above.
NO_CAMERA = "no_camera"
CAMERA_DOWN = "camera_down"
NOT_READ = "not_read"
FOREIGN = "foreign"
LOST = "lost"
WARNING = "warning"
FINE = "fine"
DETECTED = (LOST, WARNING, FINE)  # read and traceable to a keeper


@dataclass(frozen=True)
class CameraSchedule:
    """For each camera gate, the sorted down intervals [start, end) in simulated minutes."""

    down: dict[str, tuple[tuple[float, float], ...]]

    def has_camera(self, gate: str) -> bool:
        return gate in self.down

    def is_up(self, gate: str, t: float) -> bool:
        spans = self.down.get(gate)
        if spans is None:
            return False
        i = bisect.bisect_right(spans, (t, float("inf"))) - 1
        return not (i >= 0 and spans[i][0] <= t < spans[i][1])


def camera_gates(enf: Enforcement, gate_ids: list[str]) -> list[str]:
    return list(gate_ids) if enf.camera_gates == "all" else list(enf.camera_gates)


def build_schedule(
    enf: Enforcement, gate_ids: list[str], start: dt.date, horizon: float,
    rng: np.random.Generator,
) -> CameraSchedule:
    """Scheduled removals plus random breakdowns (exponential up and down times) per camera."""
    down: dict[str, list[tuple[float, float]]] = {g: [] for g in camera_gates(enf, gate_ids)}
    for outage in enf.scheduled_outages:
        a = (outage.start - start).days * MINUTES_PER_DAY
        b = (outage.end - start).days * MINUTES_PER_DAY
        for g in outage.gates:
            if g in down and b > 0 and a < horizon:
                down[g].append((max(a, 0.0), min(b, horizon)))
    if enf.random_outages is not None:
        up_mean = enf.random_outages.mean_hours_between * 60.0
        down_mean = enf.random_outages.mean_hours_down * 60.0
        for g in sorted(down):
            t = float(rng.exponential(up_mean))
            while t < horizon:
                d = float(rng.exponential(down_mean))
                down[g].append((t, min(t + d, horizon)))
                t += d + float(rng.exponential(up_mean))
    return CameraSchedule({g: merge_spans(spans) for g, spans in down.items()})


def case_outcome(
    enf: Enforcement,
    schedule: CameraSchedule,
    gate: str,
    t: float,
    foreign: bool,
    u_read: float,
    u_lost: float,
    warning_only: bool,
) -> str:
    """What becomes of one violation, given the pre-drawn uniforms for reading and losing.

    `warning_only` is true when every rule broken is still in its warnings-only period.
    """
    if not schedule.has_camera(gate):
        return NO_CAMERA
    if not schedule.is_up(gate, t):
        return CAMERA_DOWN
    if u_read >= enf.read_rate:
        return NOT_READ
    if foreign:
        return FOREIGN
    if u_lost < enf.processing.loss_rate:
        return LOST
    return WARNING if warning_only else FINE


def window_warning_only(enf: Enforcement, date: dt.date) -> bool:
    """Whether window violations on this date still get a warning instead of a fine."""
    if enf.warnings_until is None or date >= enf.warnings_until:
        return False
    return enf.warnings_from is None or date >= enf.warnings_from


def fine_amount(enf: Enforcement, category: str) -> float:
    """The fine for a category plus the administration fee."""
    return float(enf.fines_eur.get(category, 0.0)) + enf.admin_fee_eur


def notice_delay_min(enf: Enforcement, u: float) -> float:
    """Minutes until the keeper receives the letter (uniform between the stated bounds)."""
    p = enf.processing
    return (p.delay_days_min + u * (p.delay_days_max - p.delay_days_min)) * MINUTES_PER_DAY
