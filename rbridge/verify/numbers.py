"""How two arrays of numbers are compared: the tolerances, the largest errors, and where
they first differ (for people)."""

from __future__ import annotations

import numpy as np

FLOAT32_RTOL = 1e-5
FLOAT32_ATOL = 1e-6
FLOAT64_RTOL = 1e-9


def _max_errors(expected: dict, actual: dict) -> tuple[float, float]:
    e = np.asarray(expected["data"], dtype=np.float64)
    a = np.asarray(actual["data"], dtype=np.float64)
    if e.size == 0:
        return 0.0, 0.0
    abs_err = np.abs(e - a)
    return float(abs_err.max()), float((abs_err / np.maximum(np.abs(e), FLOAT32_ATOL)).max())


def first_difference(expected: dict, actual: dict, rtol: float, atol: float, truth: str = "R keras") -> str | None:
    """Where two arrays ({shape, data}) differ beyond the tolerance, for people: the worst
    element's index (NumPy's, from 0), both values and how many elements differ; None where
    they agree."""
    e = np.asarray(expected["data"], dtype=np.float64)
    a = np.asarray(actual["data"], dtype=np.float64)
    bad = ~np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    errors = np.where(bad, np.abs(np.nan_to_num(a - e, nan=np.inf)), -1.0)
    worst = int(np.argmax(errors))
    index = list(np.unravel_index(worst, expected["shape"])) if expected["shape"] else []
    return (f"at [{', '.join(str(int(i)) for i in index)}]: {truth} {e[worst]:.6g}, rbridge {a[worst]:.6g} "
            f"({int(bad.sum())} of {bad.size} elements differ)")
