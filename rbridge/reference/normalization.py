"""Batch and layer normalization as Keras 2.15 computes them (what R keras 2.15 means), in NumPy.

Batch normalization normalizes each position of the ``axis`` (the features) over every
other axis::

    inference:  y = gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta
    training:   y = gamma * (x - m) / sqrt(v + epsilon) + beta, m, v the batch's mean and
                (biased) variance, and the moving statistics move towards them:
                moving = momentum * moving + (1 - momentum) * batch statistic

Keras 2.15's *fused* kernel (4-D input with the features on axis 1 or 3, 5-D on 1 or 4,
float16/bfloat16/float32, no ``renorm``/``virtual_batch_size``/``adjustment``, not
``synchronized``, ``fused`` not FALSE) moves the variance towards the *unbiased* batch
variance, ``v * n / (n - 1)`` with ``n`` the number of values per feature
(:func:`keras215_fused`); every other case, and Keras 3 always, towards the biased one.

Layer normalization normalizes each sample over ``axis`` (biased variance), then scales
and shifts with ``gamma``/``beta`` of the shape of those axes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _axes(axis: int | Sequence[int], ndim: int) -> tuple[int, ...]:
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = tuple(sorted({int(a) % ndim for a in axes}))
    if any(not -ndim <= int(a) < ndim for a in axes):
        raise ValueError(f"axis {axis} is out of range for an input of {ndim} axes")
    return out


def _broadcast(values: np.ndarray | None, feature_axes: tuple[int, ...], shape: tuple[int, ...]):
    """A parameter of the feature axes' shape, shaped to broadcast against the input."""
    if values is None:
        return None
    target = [shape[a] if a in feature_axes else 1 for a in range(len(shape))]
    return np.asarray(values, dtype=np.float64).reshape(target)


def keras215_fused(ndim: int, axis: int | Sequence[int], dtype: str = "float32", *, fused=None,
                   renorm: bool = False, virtual_batch_size=None, adjustment=None,
                   synchronized: bool = False) -> bool:
    """Whether Keras 2.15's BatchNormalization takes its fused kernel (and so updates the
    moving variance with the unbiased batch variance)."""
    if fused is False or renorm or virtual_batch_size is not None or adjustment is not None or synchronized:
        return False
    if dtype not in ("float16", "bfloat16", "float32"):
        return False
    axes = _axes(axis, ndim)
    return (ndim == 4 and axes in ((1,), (3,))) or (ndim == 5 and axes in ((1,), (4,)))


def batch_normalization(x: np.ndarray, gamma, beta, moving_mean, moving_variance, *,
                        axis: int | Sequence[int] = -1, epsilon: float = 1e-3) -> np.ndarray:
    """Inference: normalize with the moving statistics. ``gamma``/``beta`` None for
    ``scale``/``center`` FALSE; parameters have the shape of the feature axes."""
    x = np.asarray(x, dtype=np.float64)
    features = _axes(axis, x.ndim)
    mean = _broadcast(moving_mean, features, x.shape)
    variance = _broadcast(moving_variance, features, x.shape)
    y = (x - mean) / np.sqrt(variance + epsilon)
    if gamma is not None:
        y = y * _broadcast(gamma, features, x.shape)
    if beta is not None:
        y = y + _broadcast(beta, features, x.shape)
    return y


def batch_normalization_training(x: np.ndarray, gamma, beta, moving_mean, moving_variance, *,
                                 axis: int | Sequence[int] = -1, epsilon: float = 1e-3,
                                 momentum: float = 0.99, unbiased: bool = False):
    """One call in training mode: ``(output, new moving mean, new moving variance)``.
    ``unbiased``: the moving variance moves towards ``v * n / (n - 1)`` (Keras 2.15's fused
    kernel; with one value per feature, ``n / (n - 1)`` is taken as 1)."""
    x = np.asarray(x, dtype=np.float64)
    features = _axes(axis, x.ndim)
    reduce = tuple(a for a in range(x.ndim) if a not in features)
    mean = x.mean(axis=reduce, keepdims=True)
    variance = x.var(axis=reduce, keepdims=True)
    y = (x - mean) / np.sqrt(variance + epsilon)
    if gamma is not None:
        y = y * _broadcast(gamma, features, x.shape)
    if beta is not None:
        y = y + _broadcast(beta, features, x.shape)
    n = int(np.prod([x.shape[a] for a in reduce]))
    update = variance * (n / (n - 1) if unbiased and n > 1 else 1.0)
    shape = np.shape(moving_mean)
    new_mean = momentum * np.asarray(moving_mean, dtype=np.float64) + (1 - momentum) * mean.reshape(shape)
    new_variance = momentum * np.asarray(moving_variance, dtype=np.float64) + (1 - momentum) * update.reshape(shape)
    return y, new_mean, new_variance


def layer_normalization(x: np.ndarray, gamma=None, beta=None, *, axis: int | Sequence[int] = -1,
                        epsilon: float = 1e-3) -> np.ndarray:
    """Normalize each sample over ``axis`` (biased variance); ``gamma``/``beta`` have the
    shape of those axes, None for ``scale``/``center`` FALSE."""
    x = np.asarray(x, dtype=np.float64)
    axes = _axes(axis, x.ndim)
    mean = x.mean(axis=axes, keepdims=True)
    variance = x.var(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(variance + epsilon)
    if gamma is not None:
        y = y * _broadcast(gamma, axes, x.shape)
    if beta is not None:
        y = y + _broadcast(beta, axes, x.shape)
    return y
