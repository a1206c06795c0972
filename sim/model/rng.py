"""Named random streams: one generator per part of the model, derived from (seed, replication).

Each stream's seed depends only on the run's seed, the replication number and the stream's
name, never on the order in which streams are asked for. Changing one part of a scenario (say
the camera read rate) therefore changes only the draws of that part: demand, dwell times and
driver noise stay the same (common random numbers), and any comparison between two scenarios
with the same seed is a paired one.
"""

from __future__ import annotations

import zlib

import numpy as np

from sim.scenario.vocab import SEED_RANGE, seed_fits

STREAMS = (
    "demand",  # orders per shop and day, carrier assignment, tour arrival times
    "demand_replan",  # when a dropped delivery is planned to come back
    "dwell",  # minutes per stop
    "fleet",  # vehicle classes, foreign plates and permits of carriers' fleets
    "behaviour",  # driver noise, always-compliant drivers
    "camera",  # plate reads
    "outages",  # random camera breakdowns
    "processing",  # lost cases and delays at the fines agency
    "other_traffic",  # non-delivery cars meeting the cameras
    "parking",  # visitors' cars, their stays, destinations and choices
    "rounds",  # carriers' regional stops per day and the routing solver's seeds
    "motives",  # lasting traits of carriers (tastes, belief spread, knowing the rules), campaigns
    "motives_other",  # the same for the other cars' drivers
    "ze_exemption",  # which barred vehicles qualify for a long-term ZE-zone exemption
)


def stream_key(name: str) -> int:
    """A stable 32-bit number for a stream name (crc32, the same on every platform)."""
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """Generators by name for one (seed, replication); unknown names are an error."""

    def __init__(self, seed: int, replication: int = 0) -> None:
        if not seed_fits(int(seed)):
            # SeedSequence would take it, but the run's tables could not be written: refuse it
            # before the simulation rather than after (the CLI and the scenario refuse it too)
            raise ValueError(f"seed: expected {SEED_RANGE}, got {seed}")
        self.seed = int(seed)
        self.replication = int(replication)
        self._cache: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        if name not in STREAMS:
            raise KeyError(f"unknown random stream {name!r}; known: {', '.join(STREAMS)}")
        gen = self._cache.get(name)
        if gen is None:
            seq = np.random.SeedSequence(
                entropy=self.seed, spawn_key=(self.replication, stream_key(name))
            )
            gen = np.random.Generator(np.random.PCG64(seq))
            self._cache[name] = gen
        return gen

    def part(self, name: str, part: str) -> np.random.Generator:
        """A generator for one part of a named stream (a segment of the 'fleet' stream, say):
        seeded by (seed, replication, stream, part), so how many numbers one part draws
        never shifts another part's draws, nor the stream's own generator (`self[name]`).
        Each call starts the part afresh: ask once per run."""
        if name not in STREAMS:
            raise KeyError(f"unknown random stream {name!r}; known: {', '.join(STREAMS)}")
        seq = np.random.SeedSequence(
            entropy=self.seed,
            spawn_key=(self.replication, stream_key(name), stream_key(f"part:{part}")),
        )
        return np.random.Generator(np.random.PCG64(seq))
