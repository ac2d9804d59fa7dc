"""Pooling: the largest or the mean value of each window (MaxPooling*D, AveragePooling*D),
and of each whole spatial extent (GlobalMaxPooling*D, GlobalAveragePooling*D).

A window of ``pool_size`` steps moves by ``strides``. "valid" keeps only the windows inside
the input; "same" pads so that ``ceil(n / stride)`` windows fit, the smaller half before
(TensorFlow's rule, as convolutions pad), and the padded places take no part: a max ignores
them, a mean divides by the number of real values in the window.

One quirk is TensorFlow's, and so R keras 2.15's (and Keras 3's): its 3-D pooling kernels
(Eigen's) compute "same" padding as ``((out - 1) * stride + pool - n) / 2`` before, without the
floor at 0, so where the stride is larger than the window the windows start that many steps
*into* the input (measured on both engines: pool 1, stride 3 over 3 steps takes the middle
step, where 1-D and 2-D pooling take the first).
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
    if rank == 3 and padding.lower() == "same":
        return from_channels_last(_pool_3d_same(x, op, sizes, steps), channels_first)
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


def _pool_3d_same(x: np.ndarray, op: str, sizes: tuple, steps: tuple) -> np.ndarray:
    """3-D "same" pooling as TensorFlow's kernels compute it: ``ceil(n / s)`` windows, the first
    starting at ``-int(((out - 1) * s + k - n) / 2)`` (C's division, towards 0), which is after
    the input's start where that total is negative."""
    outs = tuple(-(-n // s) for n, s in zip(x.shape[1:-1], steps))
    starts = tuple(-int(((o - 1) * s + k - n) / 2) for o, s, k, n in zip(outs, steps, sizes, x.shape[1:-1]))
    out = np.empty((x.shape[0], *outs, x.shape[-1]))
    for index in np.ndindex(*outs):
        window = x[(slice(None), *(slice(max(b + i * s, 0), max(b + i * s + k, 0))
                                   for b, i, s, k in zip(starts, index, steps, sizes)))]
        flat = window.reshape(x.shape[0], -1, x.shape[-1])
        out[(slice(None), *index)] = flat.max(axis=1) if op == "max" else flat.mean(axis=1)
    return out


def global_pool(x: np.ndarray, op: str, *, channels_first: bool = False, keepdims: bool = False) -> np.ndarray:
    """The max or the mean over every spatial axis, per batch item and channel."""
    if op not in OPERATIONS:
        raise ValueError(f"op must be one of {OPERATIONS}")
    x = np.asarray(x, dtype=np.float64)
    axes = tuple(range(2, x.ndim)) if channels_first else tuple(range(1, x.ndim - 1))
    reduce = np.max if op == "max" else np.mean
    return reduce(x, axis=axes, keepdims=keepdims)
