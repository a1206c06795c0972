"""An independent check of a plan: recomputed from the instance, without the solver.

Used by the tests (and cheap enough to run on every plan): every stop served exactly once,
each trip's load (a vehicle may go back to the depot to load again) within capacity, no more
of the carrier's own vehicles than it has, each route within the depot's hours and the shift,
times consistent with the driving, loading and service times, and
every visit inside its zone (or town) window and the receiver's hours unless the plan marks it
as deliberately outside.
"""

from __future__ import annotations

from collections import Counter

from sim.model.rounds.plan import (
    BOTH,
    OUTSIDE_RECEIVING,
    OUTSIDE_WINDOW,
    Instance,
    Plan,
    legs,
)


def _inside(spans: tuple[tuple[int, int], ...], t: int) -> bool:
    return any(a <= t < b for a, b in spans)


def violations(inst: Instance, plan: Plan) -> list[str]:
    """What is wrong with the plan, in words; an empty list for a feasible plan."""
    errs: list[str] = []
    served = Counter(v.stop for r in plan.routes for v in r.visits)
    for i, stop in enumerate(inst.stops):
        if served[i] != 1:
            errs.append(f"stop {stop.name} served {served[i]} times")
    used = Counter(r.vehicle for r in plan.routes)
    for k, n in used.items():
        if n > inst.vehicles[k].count:
            errs.append(f"{n} routes of vehicle kind {k} but only {inst.vehicles[k].count}")
    early, late = inst.depot_open_s
    for ri, r in enumerate(plan.routes):
        kind = inst.vehicles[r.vehicle]
        loads = Counter()
        for v in r.visits:
            loads[v.trip] += inst.stops[v.stop].load
        for trip, load in sorted(loads.items()):
            if load > kind.capacity:
                errs.append(f"route {ri}, trip {trip}: load {load} > capacity {kind.capacity}")
        if r.trips > 1 + inst.reloads:
            errs.append(f"route {ri}: {r.trips} trips, at most {1 + inst.reloads}")
        if r.depart_s < early or r.return_s > late:
            errs.append(f"route {ri}: {r.depart_s}-{r.return_s} outside depot hours")
        if r.return_s - r.depart_s > inst.shift_s:
            errs.append(f"route {ri}: {r.return_s - r.depart_s} s > shift {inst.shift_s} s")
        t, here, trip = r.depart_s + inst.reload_s, 0, 0
        for v in r.visits:
            stop = inst.stops[v.stop]
            if v.trip != trip:  # back to the depot and load again
                t += int(inst.dur_s[here, 0]) + inst.reload_s
                here, trip = 0, v.trip
            t += int(inst.dur_s[here, stop.location])
            if v.start_s < t:
                errs.append(f"route {ri}: {stop.name} starts at {v.start_s} before arrival {t}")
            t = max(t, v.start_s) + stop.service_s
            here = stop.location
            if v.breaks not in (OUTSIDE_WINDOW, BOTH) and not _inside(stop.window_s, v.start_s):
                errs.append(f"route {ri}: {stop.name} at {v.start_s} outside its window "
                            f"without being planned so")
            if (v.breaks not in (OUTSIDE_RECEIVING, BOTH)
                    and not _inside(stop.receiving_s, v.start_s)):
                errs.append(f"route {ri}: {stop.name} at {v.start_s} outside receiving hours "
                            f"without being planned so")
        t += int(inst.dur_s[here, 0])
        if t > r.return_s:
            errs.append(f"route {ri}: back at {t}, after the planned {r.return_s}")
        dist = sum(int(inst.dist_m[a, b]) for a, b in legs(inst, r))
        if dist != r.distance_m:
            errs.append(f"route {ri}: distance {r.distance_m} m, recomputed {dist} m")
    return errs
