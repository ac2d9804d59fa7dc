"""Keras's ZeroPadding, Cropping and UpSampling layers (1-D, 2-D, 3-D), in NumPy.

Zero padding adds zeros before and after each spatial axis; cropping removes steps
from both ends; nearest upsampling repeats each step ``size`` times. Bilinear
upsampling (UpSampling2D only) is ``tf.image.resize``'s: half-pixel centres, no
antialiasing, so output step ``j`` of an axis scaled by ``s`` reads the input at
``(j + 0.5)/s - 0.5``, interpolating linearly between its two neighbours, each clamped
into the axis.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._layout import from_channels_last, per_axis, spatial_rank, to_channels_last

INTERPOLATIONS = ("nearest", "bilinear")


def _pairs(value: Sequence[Sequence[int]], rank: int, name: str) -> list[tuple[int, int]]:
    """``value`` as ``rank`` (before, after) pairs of non-negative integers."""
    if not isinstance(value, (tuple, list)) or len(value) != rank:
        raise ValueError(f"`{name}` must be {rank} pairs. Received: {name}={value!r}")
    pairs = [(before, after) for before, after in (per_axis(pair, 2, name) for pair in value)]
    if any(v < 0 for pair in pairs for v in pair):
        raise ValueError(f"`{name}` must not be negative. Received: {name}={value!r}")
    return pairs


def zero_padding(x: np.ndarray, padding: Sequence[Sequence[int]], *,
                 channels_first: bool = False) -> np.ndarray:
    """``ZeroPaddingND``: ``padding`` is one (before, after) pair per spatial axis."""
    rank = spatial_rank(x)
    pairs = _pairs(padding, rank, "padding")
    y = np.pad(to_channels_last(x, channels_first), [(0, 0), *pairs, (0, 0)])
    return from_channels_last(y, channels_first)


def cropping(x: np.ndarray, cropping: Sequence[Sequence[int]], *,
             channels_first: bool = False) -> np.ndarray:
    """``CroppingND``: ``cropping`` is one (start, end) pair of steps to drop per spatial axis.

    Cropping as many steps as an axis has, or more, leaves it empty, as in Keras 2.15
    (R keras records a (2, 0, 0, 0, 2) output); Keras 3 refuses it.
    """
    rank = spatial_rank(x)
    pairs = _pairs(cropping, rank, "cropping")
    x = to_channels_last(x, channels_first)
    # Python slicing gives the empty axis when start >= n - end.
    y = x[(slice(None), *(slice(start, n - end) for n, (start, end) in zip(x.shape[1:-1], pairs)))]
    return from_channels_last(y, channels_first)


def _bilinear_weights(steps: int, scale: int) -> np.ndarray:
    """The (steps*scale, steps) matrix of tf.image.resize's half-pixel bilinear weights."""
    source = (np.arange(steps * scale) + 0.5) / scale - 0.5
    below = np.floor(source)
    fraction = source - below
    weights = np.zeros((steps * scale, steps))
    rows = np.arange(steps * scale)
    # Neighbours outside the axis are clamped to its ends (which then carry all the weight).
    np.add.at(weights, (rows, np.clip(below, 0, steps - 1).astype(int)), 1.0 - fraction)
    np.add.at(weights, (rows, np.clip(below + 1, 0, steps - 1).astype(int)), fraction)
    return weights


def upsampling(x: np.ndarray, size: Sequence[int], *, channels_first: bool = False,
               interpolation: str = "nearest") -> np.ndarray:
    """``UpSamplingND``: every spatial axis scaled by its ``size``; "bilinear" for 2-D only."""
    rank = spatial_rank(x)
    size = per_axis(size, rank, "size")
    if interpolation not in INTERPOLATIONS or (interpolation == "bilinear" and rank != 2):
        raise ValueError(f"interpolation must be 'nearest' (any rank) or 'bilinear' (2-D). "
                         f"Received: interpolation={interpolation!r}, rank {rank}")
    y = to_channels_last(x, channels_first)
    for axis, scale in enumerate(size, start=1):
        if interpolation == "nearest":
            y = np.repeat(y, scale, axis=axis)
        else:
            moved = np.moveaxis(y, axis, -1) @ _bilinear_weights(y.shape[axis], scale).T
            y = np.moveaxis(moved, -1, axis)
    return from_channels_last(y, channels_first)
