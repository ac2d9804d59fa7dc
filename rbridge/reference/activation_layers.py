"""Keras 2.15's activation layers (what R keras 2.15's layer_activation_*() compute), in NumPy.

Written from Keras 2.15's ``backend.relu``/``elu`` and its layer classes:

- ``ReLU(max_value, negative_slope, threshold)``: ``x`` where ``x > threshold`` (strictly,
  when a threshold is set), else 0; capped at ``max_value``; below the threshold,
  ``negative_slope * (x - threshold)``. With no threshold and no cap it is a leaky ReLU
  (``x >= 0`` kept).
- ``LeakyReLU(alpha)``: ``x`` where ``x >= 0``, else ``alpha * x`` (R keras's default 0.3).
- ``ELU(alpha)``: ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``.
- ``Activation("selu")``: scale * (x, or alpha * (exp(x) - 1) below 0).
- ``Softmax(axis)``: ``exp(x) / sum(exp(x))`` over ``axis`` (one axis or several).
- ``PReLU``: ``x`` where ``x >= 0``, else ``alpha * x`` with ``alpha`` a weight of the
  input's shape without the batch (1 along ``shared_axes``).
- ``ThresholdedReLU(theta)`` (removed in Keras 3): ``x`` where ``x > theta``, else 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .activations import activation as _activation


def relu(x, max_value: float | None = None, negative_slope: float = 0.0, threshold: float = 0.0) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if threshold != 0:
        kept = np.where(x > threshold, x, 0.0)
    else:
        kept = np.maximum(x, 0.0)
    if max_value is not None:
        kept = np.clip(kept, 0.0, max_value)
    return kept - negative_slope * np.maximum(threshold - x, 0.0)


def leaky_relu(x, alpha: float = 0.3) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, alpha * x)


def elu(x, alpha: float = 1.0) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def selu(x) -> np.ndarray:
    return _activation("selu")(x)


def softmax(x, axis: int | Sequence[int] = -1) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    e = np.exp(x - np.max(x, axis=axes, keepdims=True))
    return e / np.sum(e, axis=axes, keepdims=True)


def prelu(x, alpha) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, np.asarray(alpha, dtype=np.float64) * x)


def prelu_alpha_shape(input_shape: Sequence[int], shared_axes: Sequence[int] | None = None) -> tuple[int, ...]:
    """PReLU's weight shape: the input's without the batch, 1 along ``shared_axes``
    (Keras's numbering: 1 is the first axis after the batch)."""
    shape = list(input_shape[1:])
    for a in shared_axes or ():
        shape[a - 1] = 1
    return tuple(shape)


def thresholded_relu(x, theta: float = 1.0) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > theta, x, 0.0)
