"""Timing helpers: medians and p99 of many runs, contenders measured interleaved.

Every sample is one call timed with ``perf_counter_ns``. Contenders compared in a ratio are run
in the same process, one after the other for each input, in an order that rotates every
repetition, so drift and noise on a shared machine fall on all of them alike.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any


def summary(samples_ns: Sequence[int]) -> dict[str, Any]:
    """``n``, median, p99 (nearest rank), mean and min, in milliseconds."""
    if not samples_ns:
        return {"n": 0, "median_ms": None, "p99_ms": None, "mean_ms": None, "min_ms": None}
    ordered = sorted(samples_ns)
    p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "median_ms": statistics.median(ordered) / 1e6,
        "p99_ms": p99 / 1e6,
        "mean_ms": statistics.fmean(ordered) / 1e6,
        "min_ms": ordered[0] / 1e6,
    }


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator``, or None when either is missing or zero."""
    if not numerator or not denominator:
        return None
    return numerator / denominator


def interleaved(
    contenders: dict[str, Callable[[Any], object]],
    inputs: Sequence[Any],
    *,
    budget_s: float,
    min_reps: int,
    max_reps: int,
    warmup: int = 1,
) -> dict[str, list[int]]:
    """Time each contender on every input, ``reps`` times, interleaved; samples in ns.

    A warm-up pass (not recorded) also measures what one pass over ``inputs`` costs each
    contender; each then gets as many repetitions as ``budget_s`` allows, between ``min_reps``
    and ``max_reps``. A slow contender (difflib over 10,000 names) gets fewer samples, never
    none; in the repetitions it takes part in, it runs between the others.
    """
    names = list(contenders)
    cost: dict[str, float] = dict.fromkeys(names, 0.0)
    for _ in range(max(1, warmup)):
        for name in names:
            start = time.perf_counter()
            for item in inputs:
                contenders[name](item)
            cost[name] = time.perf_counter() - start
    reps = {n: max(min_reps, min(max_reps, int(budget_s / max(cost[n], 1e-9)))) for n in names}
    samples: dict[str, list[int]] = {n: [] for n in names}
    clock = time.perf_counter_ns
    for rep in range(max(reps.values())):
        order = names[rep % len(names):] + names[: rep % len(names)]
        for item in inputs:
            for name in order:
                if rep >= reps[name]:
                    continue
                call = contenders[name]
                start = clock()
                call(item)
                samples[name].append(clock() - start)
    return samples


async def interleaved_async(
    contenders: dict[str, Callable[[], Awaitable[object]]],
    *,
    reps: int,
    warmup: int,
) -> dict[str, list[int]]:
    """Like ``interleaved`` for coroutines without inputs: ``reps`` samples each, in ns."""
    names = list(contenders)
    for _ in range(warmup):
        for name in names:
            await contenders[name]()
    samples: dict[str, list[int]] = {n: [] for n in names}
    clock = time.perf_counter_ns
    for rep in range(reps):
        order = names[rep % len(names):] + names[: rep % len(names)]
        for name in order:
            start = clock()
            await contenders[name]()
            samples[name].append(clock() - start)
    return samples
