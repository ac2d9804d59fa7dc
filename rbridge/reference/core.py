"""The core layers: Dense, Reshape, Permute, RepeatVector, ActivityRegularization, Masking
(Activation is :func:`rbridge.reference.activations.activation`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from .activations import activation as _activation


def dense(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None = None,
          activation: str | Callable | None = None) -> np.ndarray:
    """``activation(x . kernel + bias)`` over the last axis of ``x`` (any rank from 2)."""
    y = np.tensordot(np.asarray(x, dtype=np.float64), np.asarray(kernel, dtype=np.float64), axes=([-1], [0]))
    if bias is not None:
        y = y + np.asarray(bias, dtype=np.float64)
    return _activation(activation)(y)


def reshape(x: np.ndarray, target_shape: Sequence[int]) -> np.ndarray:
    """Each batch item's values (in C order) laid out as ``target_shape``; one ``-1`` takes
    what the others leave."""
    x = np.asarray(x, dtype=np.float64)
    target = list(target_shape)
    per_item = math.prod(x.shape[1:])
    if target.count(-1) > 1:
        raise ValueError("target_shape can have at most one -1")
    known = math.prod(t for t in target if t != -1)
    if -1 in target:
        if known == 0 or per_item % known:
            raise ValueError(f"cannot reshape {x.shape[1:]} to {tuple(target_shape)}")
        target[target.index(-1)] = per_item // known
    elif known != per_item:
        raise ValueError(f"cannot reshape {x.shape[1:]} to {tuple(target_shape)}")
    return x.reshape(x.shape[0], *target)


def permute(x: np.ndarray, dims: Sequence[int]) -> np.ndarray:
    """The axes after the batch reordered: output axis ``i`` (from 1) is input axis ``dims[i-1]``."""
    x = np.asarray(x, dtype=np.float64)
    if sorted(dims) != list(range(1, x.ndim)):
        raise ValueError(f"dims {tuple(dims)} is not a permutation of the {x.ndim - 1} axes after the batch")
    return np.transpose(x, (0, *dims))


def repeat_vector(x: np.ndarray, n: int) -> np.ndarray:
    """(batch, features) -> (batch, n, features): each item repeated ``n`` times."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError("RepeatVector takes (batch, features)")
    return np.repeat(x[:, None, :], n, axis=1)


def activity_regularization(x: np.ndarray) -> np.ndarray:
    """The output: the input itself (the layer only adds a loss)."""
    return np.asarray(x, dtype=np.float64)


def activity_loss(x: np.ndarray, l1: float = 0.0, l2: float = 0.0, *, per_batch_item: bool = True) -> float:
    """The loss the layer adds: ``l1 * sum|x| + l2 * sum x^2``; Keras 2.15 divides it by the
    batch size (``per_batch_item``), Keras 3 does not."""
    x = np.asarray(x, dtype=np.float64)
    loss = l1 * np.abs(x).sum() + l2 * np.square(x).sum()
    return float(loss / x.shape[0]) if per_batch_item else float(loss)


def masking(x: np.ndarray, mask_value: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(output, mask): a step (the last axis's vector at one place) whose every value equals
    ``mask_value`` is masked, and its values are zeroed; the mask is True where kept."""
    x = np.asarray(x, dtype=np.float64)
    keep = np.any(x != mask_value, axis=-1)
    return x * keep[..., None], keep
