"""Side-by-side timing: the machines are shared and noisy, so ratios are measured in one loop.

Each round runs every contender once, in turn, and the reported figure is the median over rounds.
A drift in machine load during the run then hits both sides of a ratio alike.
"""
from __future__ import annotations

import statistics
import time
from typing import Callable


def side_by_side(contenders: dict[str, Callable[[], object]], rounds: int, warmup: int = 1) -> dict[str, float]:
    """Median wall-clock seconds per call of each contender, interleaved over ``rounds`` rounds."""
    for _ in range(warmup):
        for fn in contenders.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}
