"""Loading bays just outside the zone, shared by delivery vans and cars that take them.

Vans queue for a bay (for a while); a car that finds its street full takes a bay only if one
is free and otherwise drives on, so for cars a bay group is a loss system (Erlang B), which the
tests check it against.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import simpy


class BayPool:
    """One simpy Resource per bay, with the two ways of using it."""

    def __init__(self, env: simpy.Environment, capacities: list[int]) -> None:
        self.env = env
        self.resources = [simpy.Resource(env, capacity=c) for c in capacities]

    def __len__(self) -> int:
        return len(self.resources)

    def __bool__(self) -> bool:
        return bool(self.resources)

    def free(self, i: int) -> int:
        r = self.resources[i]
        return r.capacity - r.count

    def try_take(self, i: int, hold_min: float) -> bool:
        """Occupy a place in bay `i` for `hold_min` if one is free now; never queue."""
        r = self.resources[i]
        if r.count >= r.capacity:
            return False
        req = r.request()  # granted at once: a place is free
        self.env.process(self._hold(r, req, hold_min))
        return True

    def _hold(
        self, r: simpy.Resource, req: simpy.resources.resource.Request, minutes: float
    ) -> Generator[simpy.events.Event, Any, None]:
        yield self.env.timeout(minutes)
        r.release(req)

    def request(self, i: int) -> simpy.resources.resource.Request:
        """A queued request for bay `i`; `release` it when done, or `cancel` it to give up."""
        return self.resources[i].request()

    def release(self, i: int, req: simpy.resources.resource.Request) -> None:
        self.resources[i].release(req)
