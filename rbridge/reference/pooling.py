"""Pooling: the largest or the mean value of each window (MaxPooling*D, AveragePooling*D),
and of each whole spatial extent (GlobalMaxPooling*D, GlobalAveragePooling*D).

A window of ``pool_size`` steps moves by ``strides``. "valid" keeps only the windows inside
the input; "same" pads so that ``ceil(n / stride)`` windows fit, the smaller half before
(TensorFlow's rule, as convolutions pad), and the padded places take no part: a max ignores
them, a mean divides by the number of real values in the window.

Where the stride is larger than the window, "same" needs no padding (its total,
``(out - 1) * stride + pool - n``, is negative) and the first window starts at the input's
start, in every rank: oneDNN's kernels and TensorFlow's 1-D/2-D ones compute that (and R
keras 2.15 recorded it, oneDNN on); TensorFlow's plain 3-D kernels (Eigen's) start that many
steps into the input instead, and rbridge computes around them (rbridge/kinds/pooling.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._layout import from_channels_last, per_axis, spatial_rank, to_channels_last
from ._windows import forward_padding

OPERATIONS = ("max", "average")


def pool(x: np.ndarray, op: str, pool_size: Sequence[int], strides: Sequence[int] | None = None,
         padding: str = "valid", *, channels_first: bool = False) -> np.ndarray:
    """Max or average pooling of ``x`` (batch, *spatial, channels; or channels first)."""
    if op not in OPERATIONS:
        raise ValueError(f"op must be one of {OPERATIONS}")
    rank = spatial_rank(x)
    sizes = per_axis(pool_size, rank, "pool_size")
    steps = sizes if strides is None else per_axis(strides, rank, "strides")
    x = to_channels_last(x, channels_first)
    pads = [forward_padding(n, k, s, 1, padding) for n, k, s in zip(x.shape[1:-1], sizes, steps)]
    # NaN marks the padded places, so that both operations can leave them out.
    padded = np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=np.nan)
    out_shape = tuple(max((n - k) // s + 1, 0) for n, k, s in zip(padded.shape[1:-1], sizes, steps))
    out = np.empty((x.shape[0], *out_shape, x.shape[-1]))
    for index in np.ndindex(*out_shape):
        window = padded[(slice(None), *(slice(i * s, i * s + k) for i, s, k in zip(index, steps, sizes)))]
        flat = window.reshape(x.shape[0], -1, x.shape[-1])
        real = ~np.isnan(flat)
        if op == "max":
            value = np.where(real, flat, -np.inf).max(axis=1)
        else:
            value = np.where(real, flat, 0.0).sum(axis=1) / real.sum(axis=1)
        out[(slice(None), *index)] = value
    return from_channels_last(out, channels_first)


def global_pool(x: np.ndarray, op: str, *, channels_first: bool = False, keepdims: bool = False) -> np.ndarray:
    """The max or the mean over every spatial axis, per batch item and channel."""
    if op not in OPERATIONS:
        raise ValueError(f"op must be one of {OPERATIONS}")
    x = np.asarray(x, dtype=np.float64)
    axes = tuple(range(2, x.ndim)) if channels_first else tuple(range(1, x.ndim - 1))
    reduce = np.max if op == "max" else np.mean
    return reduce(x, axis=axes, keepdims=keepdims)
