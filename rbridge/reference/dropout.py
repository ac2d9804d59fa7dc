"""Dropout and noise. In inference mode each of these layers is the identity; in training
mode its numbers depend on random draws, so the references take the draws as arguments
(``keep``: 1 where a value is kept, broadcast as ``noise_shape`` says; ``noise``: the
Gaussian draws), and what is defined without them is the identity, the scaling and the
shape of the mask.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# SELU's constants (Klambauer et al. 2017), which AlphaDropout keeps the activations to.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
ALPHA_P = -SELU_ALPHA * SELU_SCALE  # the value a dropped unit takes before the affine correction


def identity(x: np.ndarray) -> np.ndarray:
    """Every one of these layers in inference mode (predict, an eager call)."""
    return np.asarray(x, dtype=np.float64)


def noise_shape(x_shape: Sequence[int], noise: Sequence[int | None] | None) -> tuple[int, ...]:
    """The mask's shape: ``noise`` with each None taken from the input (None: the input's)."""
    if noise is None:
        return tuple(x_shape)
    if len(noise) != len(x_shape):
        raise ValueError(f"noise_shape {tuple(noise)} has {len(noise)} axes, the input {len(x_shape)}")
    shape = tuple(int(d) if n is None else int(n) for n, d in zip(noise, x_shape))
    for n, d in zip(shape, x_shape):
        if n not in (1, d):
            raise ValueError(f"noise_shape {shape} does not broadcast to the input's {tuple(x_shape)}")
    return shape


def spatial_noise_shape(x_shape: Sequence[int], *, channels_first: bool = False) -> tuple[int, ...]:
    """SpatialDropout's mask: one draw per batch item and channel, shared along the spatial axes."""
    rank = len(x_shape)
    if channels_first:
        return (x_shape[0], x_shape[1], *([1] * (rank - 2)))
    return (x_shape[0], *([1] * (rank - 2)), x_shape[-1])


def dropout(x: np.ndarray, rate: float, keep: np.ndarray) -> np.ndarray:
    """Training mode: the kept values scaled by ``1 / (1 - rate)``, the others 0 (rate 1: all 0)."""
    x = np.asarray(x, dtype=np.float64)
    if rate >= 1:
        return np.zeros_like(x)
    return x * np.broadcast_to(np.asarray(keep, dtype=np.float64), x.shape) / (1.0 - rate)


def gaussian_noise(x: np.ndarray, stddev: float, noise: np.ndarray) -> np.ndarray:
    """Training mode: ``x + stddev * noise`` (``noise`` standard normal draws)."""
    return np.asarray(x, dtype=np.float64) + stddev * np.asarray(noise, dtype=np.float64)


def gaussian_dropout(x: np.ndarray, rate: float, noise: np.ndarray) -> np.ndarray:
    """Training mode: ``x * (1 + sqrt(rate / (1 - rate)) * noise)``; the identity outside
    ``0 < rate < 1`` (Keras 2.15 applies it only there)."""
    x = np.asarray(x, dtype=np.float64)
    if not 0 < rate < 1:
        return x
    return x * (1.0 + np.sqrt(rate / (1.0 - rate)) * np.asarray(noise, dtype=np.float64))


def alpha_dropout_coefficients(rate: float) -> tuple[float, float]:
    """(a, b) of AlphaDropout: ``a * (dropped-or-kept value) + b`` keeps a SELU-normalised
    input's mean 0 and variance 1."""
    a = ((1 - rate) * (1 + rate * ALPHA_P ** 2)) ** -0.5
    b = -a * ALPHA_P * rate
    return a, b


def alpha_dropout(x: np.ndarray, rate: float, keep: np.ndarray) -> np.ndarray:
    """Training mode, ``0 < rate < 1``: dropped values set to ``ALPHA_P``, then ``a * . + b``;
    the identity outside (Keras 2.15 applies it only there)."""
    x = np.asarray(x, dtype=np.float64)
    if not 0 < rate < 1:
        return x
    keep = np.broadcast_to(np.asarray(keep, dtype=np.float64), x.shape)
    a, b = alpha_dropout_coefficients(rate)
    return a * (x * keep + ALPHA_P * (1 - keep)) + b
