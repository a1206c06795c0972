"""What drivers believe about the cameras, how they learn it, and where that belief settles.

A belief is the perceived chance that driving in without being allowed, at one entrance, brings
a letter (a warning or a fine). Goods carriers hold one belief per gate, shared by the firm's
drivers: the letters go to the keeper of the vehicle, which is the firm. Other drivers hold
their own.

The learning rule (see docs/deterrence.md): after a violation at gate g the keeper either gets
a letter, after the processing delay, and the belief at g moves towards 1 by `learning_rate`
(and at the other entrances with a camera sign by a share `generalisation` of that step), or
hears nothing for `no_news_days` and the belief at g moves towards 0 by
`silence_learning_rate`.
If a violation at g brings a letter with chance q, the expected step is zero at

    b* = q r_letter / (q r_letter + (1 - q) r_silence),

which is where a regime that has been in force for a while leaves its drivers: with equal rates
b* = q, people believe what the cameras actually do. That is why a settled run starts there
instead of at a typed-in belief. Only a regime that has just started starts from a stated
prior: the sign at a watched entrance tells a driver there is a camera, not how well it works.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from sim.model.calendar import MINUTES_PER_DAY, merge_spans
from sim.model.enforcement import camera_gates
from sim.scenario.models import Behaviour, Enforcement


def settled_belief(q: float | np.ndarray, rate_letter: float,
                   rate_silence: float) -> float | np.ndarray:
    """The fixed point of the learning rule for a letter chance `q` per violation."""
    q = np.asarray(q, dtype=float)
    num = q * rate_letter
    den = num + (1.0 - q) * rate_silence
    out = np.where(den > 0, num / np.where(den > 0, den, 1.0), q)
    return float(out) if out.ndim == 0 else out


def scheduled_uptime(enf: Enforcement, gate: str, start: dt.date, horizon_min: float) -> float:
    """Share of the simulated period that a gate's camera is not removed by a scheduled outage."""
    spans = []
    for outage in enf.scheduled_outages:
        if gate not in outage.gates:
            continue
        a = (outage.start - start).days * MINUTES_PER_DAY
        b = (outage.end - start).days * MINUTES_PER_DAY
        lo, hi = max(a, 0.0), min(b, horizon_min)
        if hi > lo:
            spans.append((lo, hi))
    down = sum(b - a for a, b in merge_spans(spans))
    return 1.0 - down / horizon_min if horizon_min > 0 else 1.0


def random_uptime(enf: Enforcement) -> float:
    """Long-run share of time a camera works between random breakdowns."""
    ro = enf.random_outages
    if ro is None:
        return 1.0
    return ro.mean_hours_between / (ro.mean_hours_between + ro.mean_hours_down)


def letter_chances(enf: Enforcement, gate_ids: list[str], start: dt.date,
                   horizon_min: float) -> np.ndarray:
    """Per gate: the chance that one violation by a domestic plate brings a letter.

    Camera at the gate x share of the period it is up (scheduled removals as planned, random
    breakdowns at their long-run rate) x read rate x (1 - cases lost in processing). Foreign
    plates get no letters at all; callers multiply by zero for them.
    """
    watched = set(camera_gates(enf, gate_ids))
    chain = enf.read_rate * (1.0 - enf.processing.loss_rate) * random_uptime(enf)
    return np.array([
        chain * scheduled_uptime(enf, g, start, horizon_min) if g in watched else 0.0
        for g in gate_ids
    ])


def prior_beliefs(b: Behaviour, enf: Enforcement, gate_ids: list[str]) -> np.ndarray:
    """A new regime: the stated prior where a camera sign stands, a lower one where none does."""
    watched = set(camera_gates(enf, gate_ids))
    return np.array([b.perceived_detection_prior if g in watched else b.prior_without_sign
                     for g in gate_ids])


def starting_beliefs(b: Behaviour, enf: Enforcement, gate_ids: list[str], start: dt.date,
                     horizon_min: float, foreign: bool) -> np.ndarray:
    """Beliefs per gate at the first minute of the run, for one keeper (carrier or driver)."""
    if b.start_state == "prior":
        return prior_beliefs(b, enf, gate_ids)
    q = letter_chances(enf, gate_ids, start, horizon_min) * (0.0 if foreign else 1.0)
    return np.asarray(settled_belief(q, b.learning_rate, b.silence_learning_rate))


def learn(belief: float, caught: bool, rate_letter: float, rate_silence: float) -> float:
    """One step of the learning rule: a letter pulls towards 1, silence towards 0."""
    if caught:
        return belief + rate_letter * (1.0 - belief)
    return belief - rate_silence * belief


def learn_gates(beliefs: np.ndarray, gate: int, caught: bool, signed: np.ndarray,
                rate_letter: float, rate_silence: float, generalisation: float) -> None:
    """Update one keeper's beliefs (in place) after news about a violation at `gate`.

    A letter says that cameras work: the belief about that entrance takes the full step, and
    every other entrance with a camera sign a share `generalisation` of it. Silence speaks
    only of the entrance where it happened.
    """
    beliefs[gate] = learn(float(beliefs[gate]), caught, rate_letter, rate_silence)
    if caught and generalisation > 0:
        others = signed.copy()
        others[gate] = False
        beliefs[others] += generalisation * rate_letter * (1.0 - beliefs[others])


def settled_unaware_share(turnover_per_day: float, trips_per_driver_day: float,
                          closed_share: float, learn_per_closed_trip: float) -> float:
    """Share of a returning population that does not know the rule, in steady state.

    People who do not know the zone replace known ones at `turnover_per_day` (moving house,
    new taxi drivers, a new navigation app); each trip at a closed hour teaches an unaware
    driver the rule with `learn_per_closed_trip` (the sign, a letter, or by themselves).
    Balance of the two flows: u = tau / (tau + trips x closed share x learning).
    """
    flow_out = trips_per_driver_day * closed_share * learn_per_closed_trip
    total = turnover_per_day + flow_out
    return turnover_per_day / total if total > 0 else 1.0


def logistic(x: float) -> float:
    """1 / (1 + e^-x), without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
