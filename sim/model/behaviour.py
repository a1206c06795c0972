"""The driver at a closed gate: wait, come back, drive in anyway, drop, bay, exemption or hub.

The choice is a random-utility (logit) model over euros: each option's cost, plus Gumbel noise
of scale `choice_noise_eur`, lowest total wins. Entering anyway costs the *perceived* chance of
being caught at the cheapest entrance times the penalty, plus the detour to that entrance; the
perception moves with experience (sim.model.deterrence). Always-compliant drivers never
consider entering. Shares of each response therefore come out of costs and experience, not out
of fixed inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

WAIT = "wait"  # wait at the gate for the window to open
LATER = "later"  # drive away and come back when it opens, later the same day
ENTER = "enter"  # drive in anyway (a violation)
DROP = "drop"  # give up for today, deliver another day
BAY = "bay"  # unload at a loading bay outside the zone and walk the goods in
DAYEX = "dayex"  # use one of the vehicle's yearly day exemptions for the ZE zone
HUB = "hub"  # hand the goods to a consolidation hub; cargo bikes do the last leg
OPTIONS = (WAIT, LATER, ENTER, DROP, BAY, DAYEX, HUB)


def gumbel(u: float) -> float:
    """A standard Gumbel draw from a uniform one (inverse CDF)."""
    u = min(max(u, 1e-12), 1 - 1e-12)
    return -math.log(-math.log(u))


def choose(costs: Mapping[str, float], noise_eur: float, uniforms: Sequence[float]) -> str:
    """The option with the lowest cost minus noise; `uniforms` holds one draw per OPTIONS."""
    best, best_value = DROP, math.inf
    for option, u in zip(OPTIONS, uniforms, strict=True):
        cost = costs.get(option, math.inf)
        if math.isinf(cost):
            continue
        value = cost - noise_eur * gumbel(float(u))
        if value < best_value:
            best, best_value = option, value
    return best


def choice_probabilities(costs: Mapping[str, float], noise_eur: float) -> dict[str, float]:
    """The logit probabilities `choose` realises, for reports and tests."""
    finite = {o: c for o, c in costs.items() if not math.isinf(c)}
    if not finite:
        return {DROP: 1.0}
    low = min(finite.values())
    weights = {o: math.exp(-(c - low) / noise_eur) for o, c in finite.items()}
    total = sum(weights.values())
    return {o: w / total for o, w in weights.items()}
