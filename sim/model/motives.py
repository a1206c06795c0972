"""Why drivers comply: knowing a rule, following it, and what a warning letter announces.

Purely economic drivers make a warning period pointless: a warning costs only its hassle, so a
driver who knows the cameras work keeps driving in until fines start. Real warning periods do
more (DATA.md section 2: Utrecht's ZE-zone warnings fell by about 40% before any fine; in
Dordrecht most drivers with one official warning did not offend again; the Brink evaluation
found that many offenders had not known they were in the wrong). Three things carry that here:

- knowing the rule: a keeper (a firm, or a driver of another car) knows a rule or not; a letter
  (warning or fine), the sign at the entrance or a campaign teaches it;
- following it: a share of drivers follows a rule once they know it, whatever the fine (goods:
  a segment's `always_compliant_share`; other cars: `other_traffic.normative_share`); the rest
  weigh the expected cost, as before;
- what a warning says: fines will follow. A keeper who got a warning weighs the fine, not the
  warning's hassle, from the day the letter names (or `fines_expected_after_days` after it
  when it names none; at once when the rule is "first offence a warning, then fines").

And drivers are not all at the mean: each firm and driver has a lasting taste for driving in
anyway (normal, `taste_sd_eur`), and a settled regime spreads beliefs between firms the way
the learning rule itself does (see `stationary_beliefs`). The functions here are pure; the
simulation (sim.model.world, sim.model.othertraffic) keeps the state and calls them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.deterrence import settled_belief

WINDOW = "window"  # the window times (and the cameras that enforce them)
ZE_ZONE = "ze_zone"  # the zero-emission zone
RULES = (WINDOW, ZE_ZONE)
NEVER = math.inf  # a keeper who expects no fines

# steps of the learning rule drawn to reach its stationary spread: each step shrinks the
# starting point's weight by (1 - rate), so 40 steps at the slowest rate of 0.3 leave 6e-7
SPREAD_STEPS = 40


def stationary_beliefs(q: np.ndarray, rate_letter: float, rate_silence: float,
                       u: np.ndarray) -> np.ndarray:
    """Beliefs per keeper and gate drawn from the spread the learning rule settles into.

    A keeper's belief after a long series of violations, each bringing a letter with chance q,
    forgets where it started: it is a random weighted sum of that keeper's own recent letters
    and silences. Its mean is the fixed point (`deterrence.settled_belief`), and keepers differ
    around it because their luck differs. `u` holds uniforms of shape (keepers, steps): each
    step is one more letter (u < q) or silence, applied from the fixed point, oldest first.
    With SPREAD_STEPS steps the start no longer matters.

    One keeper's luck is shared by its gates (the same uniforms at every gate): a letter from
    one camera speaks for the others (`behaviour.generalisation`), and a keeper tests few of
    the thirteen entrances. Independent luck per gate would hand every keeper one entrance it
    happened to think unwatched, which the cheapest-entrance choice would then find.
    """
    q = np.asarray(q, dtype=float)
    b = np.broadcast_to(np.asarray(settled_belief(q, rate_letter, rate_silence)),
                        (u.shape[0], len(q))).copy()
    for k in range(u.shape[1]):
        caught = u[:, k, None] < q[None, :]
        b = np.where(caught, b + rate_letter * (1.0 - b), b - rate_silence * b)
    return b


def stationary_variance(q: float, rate: float) -> float:
    """Variance of the stationary spread with equal rates r: r q (1 - q) / (2 - r).

    The belief is r times a geometric sum of independent letter indicators, so its variance
    is r^2 q (1 - q) / (1 - (1 - r)^2). Used by the tests to check `stationary_beliefs`.
    """
    return rate * q * (1.0 - q) / (2.0 - rate)


def fines_expected_from(letter_min: float, first_offence: bool, named_start_min: float | None,
                        soon_days: float) -> float:
    """From which minute a keeper who just got a warning weighs the fine instead of a warning.

    Under "first offence a warning" the letter says the next offence is fined: at once. A
    letter that names the day fines start: that day. One that only says fines will follow:
    `soon_days` after the letter.
    """
    if first_offence:
        return letter_min
    if named_start_min is not None:
        return max(letter_min, named_start_min)
    return letter_min + soon_days * MINUTES_PER_DAY


def weighed_penalty(parts: Sequence[tuple[float, bool, bool]], warning_cost: float) -> float:
    """What a driver who drives in anyway expects to pay if caught.

    `parts` holds, per rule the entry would break: the fine, whether it would really be a
    warning only, and whether this keeper already expects fines for it (a warning announced
    them). A rule counts with its fine if it is fined or the keeper expects it to be; if no
    rule counts, a letter would be a warning, and the keeper weighs only its hassle.
    """
    fined = [amount for amount, warning, expected in parts if not warning or expected]
    return float(sum(fined)) if fined else warning_cost


def warning_due(period_warning: bool, first_offence_rule: bool, plate_has_record: bool) -> bool:
    """Whether a detected offence brings a warning instead of a fine.

    In the warning period, always; under "first offence a warning, fines from the second", when
    the plate has had no letter before.
    """
    return period_warning or (first_offence_rule and not plate_has_record)


def follows_rule(normative: bool, knows: bool, deaf: bool = False) -> bool:
    """A driver who follows rules once known stays out when the rule is known; a driver who
    ignores signs and letters (a non-responder) never does."""
    return normative and knows and not deaf


def lasting_tastes(rng: np.random.Generator, n: int, sd_eur: float) -> np.ndarray:
    """Each keeper's lasting preference for driving in anyway, in euros (normal, mean 0).

    Added to the cost of driving in: a keeper with a negative taste drives in more than the
    average at the same believed fine. With the per-trip noise alone every keeper would be the
    same on average, and nobody would offend again and again (Den Bosch: 247 drivers fined
    twice, 53 three times in six months, DATA.md section 2).
    """
    return rng.normal(0.0, sd_eur, size=n) if sd_eur > 0 else np.zeros(n)


def day_exemption_reserve(warning_only: bool, expects_fine: bool, fined_entry_eur: float) -> float:
    """What a driver who weighs costs gives up by spending a day exemption now, in euros.

    A vehicle has a few paid day exemptions a year (12, EUR 30 each: autoreview.nl 2024-07).
    While entering brings only a warning (the zone's fine-free months, and the keeper does not
    yet expect fines), an exemption spent today is one fewer for a day when entering would be
    fined: it is worth what that fined entry would cost (`fined_entry_eur`, the believed
    chance of a letter times the fine at the cheapest entrance). Once fines are real or
    expected, one fined day is as good as another, and only the fee counts. Drivers who follow
    a known rule do not weigh this: they use an exemption when they need one.
    """
    return fined_entry_eur if warning_only and not expects_fine else 0.0
