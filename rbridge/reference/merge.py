"""Keras's merge layers (Add ... Dot), in NumPy. Inputs are a list of arrays of one shape
(batch axis first), except Concatenate (equal but along ``axis``) and Dot (two inputs).

``dot`` is Keras's ``Dot``: per sample, the sum of products along ``axes`` (one axis for
both inputs, or one each; negative axes count from the end), after L2-normalizing each
input along its axis with ``normalize`` (``x / sqrt(max(sum(x^2), 1e-12))``). The result
has the first input's remaining axes, then the second's; a per-sample scalar is (batch, 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

import numpy as np


def _arrays(inputs: Sequence) -> list[np.ndarray]:
    arrays = [np.asarray(x, dtype=np.float64) for x in inputs]
    if not arrays:
        raise ValueError("a merge needs at least one input")
    return arrays


def add(inputs):
    return reduce(np.add, _arrays(inputs))


def subtract(inputs):
    arrays = _arrays(inputs)
    if len(arrays) != 2:
        raise ValueError(f"Subtract takes exactly 2 inputs. Received: {len(arrays)}")
    return arrays[0] - arrays[1]


def multiply(inputs):
    return reduce(np.multiply, _arrays(inputs))


def average(inputs):
    arrays = _arrays(inputs)
    return add(arrays) / len(arrays)


def maximum(inputs):
    return reduce(np.maximum, _arrays(inputs))


def minimum(inputs):
    return reduce(np.minimum, _arrays(inputs))


def concatenate(inputs, axis: int = -1):
    return np.concatenate(_arrays(inputs), axis=axis)


def _l2_normalize(x: np.ndarray, axis: int) -> np.ndarray:
    return x / np.sqrt(np.maximum(np.sum(x * x, axis=axis, keepdims=True), 1e-12))


def dot(inputs, axes: int | Sequence[int], normalize: bool = False):
    a, b = _arrays(inputs) if len(inputs) == 2 else (None, None)
    if a is None:
        raise ValueError(f"Dot takes exactly 2 inputs. Received: {len(inputs)}")
    pair = (axes, axes) if isinstance(axes, (int, np.integer)) else tuple(axes)
    ax = [int(p) % x.ndim for p, x in zip(pair, (a, b))]
    if 0 in ax:
        raise ValueError("Dot cannot sum over the batch axis")
    if normalize:
        a, b = _l2_normalize(a, ax[0]), _l2_normalize(b, ax[1])
    out = np.stack([np.tensordot(a[i], b[i], axes=(ax[0] - 1, ax[1] - 1)) for i in range(a.shape[0])])
    return out.reshape(a.shape[0], 1) if out.ndim == 1 else out
