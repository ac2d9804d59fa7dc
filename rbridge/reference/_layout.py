"""Shared bookkeeping of the references: argument checks, data layout, and the layer's tail.

Every reference computes channels-last in float64. This module moves a channels-first
input to channels-last and back, checks that each integer tuple has one entry per
spatial axis, and applies what every Keras layer does after its operation: the bias on
the channel axis, then the activation on the tensor *as the layer returns it* (so that
``softmax`` normalises Keras's last axis, which is a spatial one in channels_first).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .activations import activation as _resolve_activation


def spatial_rank(x: np.ndarray, ranks: Sequence[int] = (1, 2, 3)) -> int:
    """The number of spatial axes of ``x`` (batch and channels excluded), checked."""
    rank = np.ndim(x) - 2
    if rank not in ranks:
        raise ValueError(f"expected an input with {sorted(r + 2 for r in ranks)} axes; "
                         f"Received: shape {np.shape(x)}")
    return rank


def per_axis(value: Sequence[int], rank: int, name: str) -> tuple[int, ...]:
    """``value`` as a tuple of ``rank`` integers; the references never broadcast a scalar."""
    if not isinstance(value, (tuple, list)) or len(value) != rank:
        raise ValueError(f"`{name}` must be a tuple of {rank} integers. Received: {name}={value!r}")
    return tuple(int(v) for v in value)


def to_channels_last(x: np.ndarray, channels_first: bool) -> np.ndarray:
    """``x`` as float64 with channels on the last axis."""
    x = np.asarray(x, dtype=np.float64)
    return np.moveaxis(x, 1, -1) if channels_first else x


def from_channels_last(y: np.ndarray, channels_first: bool) -> np.ndarray:
    """The inverse of :func:`to_channels_last` (channels back on axis 1 when asked)."""
    return np.moveaxis(y, -1, 1) if channels_first else y


def finish(y: np.ndarray, bias: np.ndarray | None, activation: str | Callable | None,
           channels_first: bool) -> np.ndarray:
    """A channels-last result plus ``bias`` (per channel), in the caller's layout, activated."""
    if bias is not None:
        y = y + np.asarray(bias, dtype=np.float64)
    y = from_channels_last(y, channels_first)
    return _resolve_activation(activation)(y)
