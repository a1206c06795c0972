"""Per-gate counts for every hour of the simulated period, means over replications.

The run folder's `tables/by_gate.csv` sums the whole period and `tables/by_hour.csv` folds
every day onto one; a map that plays through the week needs both at once, hour by hour.
A pure function of the events, like the KPIs: summed over hours and gates it gives back
`zone_entries_total`, `violations_total`, `fines_issued` and their `other_*` counterparts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# column -> (event kind, party, extra test on the events of that kind)
COUNTS: dict[str, tuple[str, str, str | None]] = {
    "goods_entries": ("entry", "goods", None),
    "goods_violations": ("entry", "goods", "violation"),
    "goods_fines": ("case", "goods", "fine"),
    "other_entries": ("entry", "other", None),
    "other_violations": ("entry", "other", "violation"),
    "other_fines": ("case", "other", "fine"),
}
MINUTES_PER_HOUR = 60


@dataclass(frozen=True)
class GateHours:
    """`counts[name]` has shape (gates, hours): mean events per replication at each gate in
    each hour since Monday 00:00 of the first simulated week."""

    gates: tuple[str, ...]
    hours: int
    counts: dict[str, np.ndarray]


def gate_hours(events: Mapping[int, pd.DataFrame], gates: Sequence[str],
               period_hours: int) -> GateHours:
    """Count entries, violations and fines per gate and hour, averaged over the replications.

    Events after the period's last hour (a car still arriving at midnight on the last day)
    get hours of their own rather than being folded back, so the sums still match the KPIs.
    """
    index = {g: i for i, g in enumerate(gates)}
    selected: list[tuple[str, np.ndarray, np.ndarray]] = []
    last = period_hours - 1
    for _, ev in sorted(events.items()):
        ev = ev.loc[ev["kind"].isin(("entry", "case")).to_numpy(dtype=bool),
                    ["t", "kind", "party", "gate", "allowed", "outcome"]]
        kind = ev["kind"].to_numpy(dtype=object)
        party = ev["party"].to_numpy(dtype=object)
        gate = ev["gate"].to_numpy(dtype=object)
        unknown = set(gate) - index.keys()
        if unknown:
            raise ValueError(f"events name gates the geography lacks: {sorted(unknown)}")
        g_all = np.fromiter((index[x] for x in gate), dtype=np.int64, count=len(gate))
        h_all = (ev["t"].to_numpy(dtype=float) // MINUTES_PER_HOUR).astype(np.int64)
        violation = ~ev["allowed"].to_numpy(dtype=bool)
        fine = ev["outcome"].to_numpy(dtype=object) == "fine"
        for name, (k, p, test) in COUNTS.items():
            mask = (kind == k) & (party == p)
            if test == "violation":
                mask &= violation
            elif test == "fine":
                mask &= fine
            g, h = g_all[mask], h_all[mask]
            if len(h):
                last = max(last, int(h.max()))
            selected.append((name, g, h))
    hours = last + 1
    n_reps = max(1, len(events))
    counts = {name: np.zeros((len(gates), hours)) for name in COUNTS}
    for name, g, h in selected:
        counts[name] += np.bincount(g * hours + h, minlength=len(gates) * hours).reshape(
            len(gates), hours)
    for name in counts:
        counts[name] /= n_reps
    return GateHours(tuple(gates), hours, counts)
