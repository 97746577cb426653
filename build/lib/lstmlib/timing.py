"""Side-by-side timing, shared by the chapters that measure speed and by benchmarks/.

The machines this book is built on are shared and noisy, so a lone timing says little and two timings
taken minutes apart say less. ``side_by_side`` runs every contender once per round, in turn, so a
change in load during the measurement hits all of them alike; callers report medians over rounds and,
where it matters, the spread of the rounds.
"""
from __future__ import annotations

import time
from typing import Callable

import numpy as np


def side_by_side(contenders: dict[str, Callable[[], object]], rounds: int, warmup: int = 1) -> dict[str, np.ndarray]:
    """Wall-clock seconds of every call: name -> array (rounds,), the contenders interleaved round by round."""
    if rounds < 1:
        raise ValueError(f"rounds must be a positive integer, got {rounds!r}")
    for _ in range(warmup):
        for fn in contenders.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: np.array(s) for name, s in samples.items()}


def medians(samples: dict[str, np.ndarray]) -> dict[str, float]:
    """name -> median seconds, from :func:`side_by_side`."""
    return {name: float(np.median(s)) for name, s in samples.items()}
