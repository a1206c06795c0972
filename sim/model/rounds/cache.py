"""Plans reused across runs whose carrier-day is unchanged.

A plan depends only on its instance (stops, service times, loads, distances, vehicles, the
zone's window for those vehicles, receiving hours, expected fines), the solver budget and the
seed; the key is a digest of exactly these. A camera sweep, or any variant that leaves a
carrier's day alone, therefore finds its plans here instead of solving again. The cache lives
in the process (least recently used entries go first), so each batch worker keeps its own.
"""

from __future__ import annotations

from collections import OrderedDict

from sim.model.rounds.plan import Instance, Plan, solve

MAX_PLANS = 20_000  # a week of Assen has about 100 carrier-days; plans are small


class PlanCache:
    def __init__(self, max_plans: int = MAX_PLANS) -> None:
        self.max_plans = max_plans
        self._plans: OrderedDict[str, Plan] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get_or_solve(self, inst: Instance, iterations: int, seed: int) -> Plan:
        key = inst.key(iterations, seed)
        plan = self._plans.get(key)
        if plan is not None:
            self._plans.move_to_end(key)
            self.hits += 1
            return plan
        self.misses += 1
        plan = solve(inst, iterations, seed)
        self._plans[key] = plan
        if len(self._plans) > self.max_plans:
            self._plans.popitem(last=False)
        return plan

    def clear(self) -> None:
        self._plans.clear()
        self.hits = self.misses = 0


PLANS = PlanCache()  # the process's cache
