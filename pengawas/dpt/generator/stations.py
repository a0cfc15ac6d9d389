"""Whole families into polling stations (TPS), with TPS_OVER_CAPACITY and FAMILY_SPLIT."""

import math
import random

from pengawas.dpt.generator.households import Household


def assign(
    rng: random.Random, households: list[Household], maximum: int, problems_rate: float
) -> tuple[list[list[Household]], list[int]]:
    """Whole families into TPS in order, each TPS near an even share of the village.

    Now and then (TPS_OVER_CAPACITY) a TPS keeps taking families past the maximum.
    """
    remaining = sum(len(h.members) for h in households)
    usual = min(maximum, math.ceil(remaining / math.ceil(remaining / maximum)) + 5)
    stations: list[list[Household]] = []
    counts: list[int] = []
    current: list[Household] = []
    count = 0
    overfill = False
    for household in households:
        size = len(household.members)
        if not current:
            overfill = remaining > maximum and rng.random() < problems_rate
        limit = maximum + max(1, maximum // 20) if overfill else usual
        if count + size > limit and not (overfill and count <= maximum):
            stations.append(current)
            counts.append(count)
            current, count = [], 0
            overfill = remaining > maximum and rng.random() < problems_rate
        current.append(household)
        count += size
        remaining -= size
    stations.append(current)
    counts.append(count)
    return stations, counts


def split_families(
    rng: random.Random,
    stations: list[list[Household]],
    counts: list[int],
    splits: int,
    maximum: int,
) -> None:
    """FAMILY_SPLIT: some members of a family moved to the next TPS of the same desa."""
    if len(stations) < 2:
        return
    for _ in range(splits):
        for _ in range(40):
            here = rng.randrange(len(stations))
            family = rng.choice(stations[here])
            there = (
                here + 1
                if here == 0 or (here + 1 < len(stations) and rng.random() < 0.5)
                else here - 1
            )
            moved = rng.randint(1, max(1, len(family.members) - 1))
            if (
                family.split
                or len(family.members) < 2
                or any(m.nkk is not None for m in family.members)
                or counts[here] > maximum
                or counts[there] + moved > maximum
            ):
                continue
            part = Household(
                family.nkk, family.address, family.rt, family.rw, family.members[-moved:]
            )
            del family.members[-moved:]
            family.split = part.split = True
            stations[there].insert(rng.randrange(len(stations[there]) + 1), part)
            counts[here] -= moved
            counts[there] += moved
            break
