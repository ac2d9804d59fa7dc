"""Keras 2.15's activation functions (what R keras 2.15 means by each name), in NumPy.

Written from Keras 2.15's ``keras/src/activations.py`` and ``backend.py``. The names are
the functions Keras 2.15's ``activations.get`` resolves from a string; its layer classes
(``"ReLU"``, ``"Softmax"``...) are left out: Keras 2.15 returns the class itself for them,
which is not an activation. Where Keras 3 changed a meaning, Keras 2.15's is kept:
``hard_sigmoid`` is ``clip(0.2x + 0.5, 0, 1)`` (Keras 3: ``clip(x/6 + 0.5, 0, 1)``).
``softmax`` and ``log_softmax`` work on the last axis, as Keras's do.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

# tf.nn.selu's constants (Klambauer et al. 2017).
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _sigmoid(x):
    # exp of a non-positive number only: no overflow for large |x|.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softplus(x):
    return np.logaddexp(0.0, x)


def _softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _log_softmax(x):
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))


_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0.0),
    "relu6": lambda x: np.clip(x, 0.0, 6.0),
    "leaky_relu": lambda x: np.where(x >= 0, x, 0.2 * x),  # tf.nn.leaky_relu's alpha
    "elu": _elu,
    "selu": lambda x: _SELU_SCALE * np.where(x > 0, x, _SELU_ALPHA * np.expm1(np.minimum(x, 0.0))),
    "gelu": lambda x: 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0))),  # exact form: approximate=False
    "sigmoid": _sigmoid,
    "hard_sigmoid": lambda x: np.clip(0.2 * x + 0.5, 0.0, 1.0),
    "tanh": np.tanh,
    "exponential": np.exp,
    "softplus": _softplus,
    "softsign": lambda x: x / (1.0 + np.abs(x)),
    "swish": lambda x: x * _sigmoid(x),
    "silu": lambda x: x * _sigmoid(x),
    "mish": lambda x: x * np.tanh(_softplus(x)),
    "softmax": _softmax,
    "log_softmax": _log_softmax,
}

ACTIVATION_NAMES: tuple[str, ...] = tuple(sorted(_FUNCTIONS))


def activation(name: str | Callable | None) -> Callable[[np.ndarray], np.ndarray]:
    """The NumPy function Keras 2.15 applies for ``name`` (float64 in, float64 out).

    ``None`` is the identity (Keras's ``linear``); a callable is returned as it is; a
    string must be one of :data:`ACTIVATION_NAMES` (case-sensitive, as in Keras).
    """
    if name is None:
        return _FUNCTIONS["linear"]
    if callable(name):
        return name
    try:
        function = _FUNCTIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation; expected None, a callable or one of "
                         f"{list(ACTIVATION_NAMES)}. Received: activation={name!r}") from None

    def applied(x: np.ndarray) -> np.ndarray:
        return function(np.asarray(x, dtype=np.float64))

    applied.__name__ = name
    return applied
