"""Timing helpers: median of repeated runs after warm-up, and ratios within one run."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def median_seconds(fn: Callable[[], object], *, number: int, repeat: int, warmup: int = 3) -> float:
    """Median over ``repeat`` runs of the mean time of ``number`` calls, after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)


def interleaved(fns: dict[str, Callable[[], object]], *, number: int, repeat: int) -> dict[str, float]:
    """Like :func:`median_seconds` for several functions, alternating them run by run so that
    drift in the machine's speed (other load, frequency) hits all of them alike."""
    for fn in fns.values():
        for _ in range(3):
            fn()
    runs: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(number):
                fn()
            runs[name].append((time.perf_counter() - start) / number)
    return {name: statistics.median(values) for name, values in runs.items()}
