"""Keras 2.15's meaning of the names Keras 3 refuses or computes differently, on Keras 3.

Each object here computes what Keras 2.15 computes for one name R keras 2.15
accepts (``rbridge/data/keras215_names.json`` holds the numbers, the test checks
them) and is registered with ``keras.saving.register_keras_serializable(package=
"rbridge")`` so that a model holding it saves and loads. Made by :func:`build`,
inside a function so that Keras is imported only when the Keras 3 engine is used.

Only the names that the recorded data shows to differ are here; every other name
is Keras 3's own object built from Keras 2.15's configuration
(``r_names.keras3_value``).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np


@functools.lru_cache(maxsize=None)
def build(keras: Any) -> dict[str, dict[str, Any]]:
    """The Keras 2.15 objects, by kind: activations by R name, classes by Keras 2.15 class name."""
    ops = keras.ops
    register = functools.partial(keras.saving.register_keras_serializable, package="rbridge")

    # -- activations: R name -> function ------------------------------------------------
    @register(name="hard_sigmoid")
    def hard_sigmoid(x):
        """Keras 2.15's hard sigmoid, ``clip(0.2 x + 0.5, 0, 1)`` (Keras 3: ``relu6(x + 3) / 6``)."""
        return ops.clip(0.2 * x + 0.5, 0.0, 1.0)

    # Keras 2.15 accepts its activation *layer* classes by name and makes a layer with
    # the defaults below; Keras 3 refuses the names (and renamed LeakyReLU's argument).
    @register(name="ELU")
    def elu_layer(x):
        """``keras.layers.ELU()`` of Keras 2.15: ELU with alpha 1."""
        return keras.activations.elu(x, alpha=1.0)

    @register(name="LeakyReLU")
    def leaky_relu_layer(x):
        """``keras.layers.LeakyReLU()`` of Keras 2.15: slope 0.3 below 0 (Keras 3's default is 0.2)."""
        return keras.activations.leaky_relu(x, negative_slope=0.3)

    @register(name="ReLU")
    def relu_layer(x):
        """``keras.layers.ReLU()`` of Keras 2.15."""
        return keras.activations.relu(x)

    @register(name="Softmax")
    def softmax_layer(x):
        """``keras.layers.Softmax()`` of Keras 2.15: softmax over the last axis."""
        return keras.activations.softmax(x, axis=-1)

    @register(name="ThresholdedReLU")
    def thresholded_relu_layer(x):
        """``keras.layers.ThresholdedReLU()`` of Keras 2.15 (removed in Keras 3): ``x`` where ``x > 1``, else 0."""
        return x * ops.cast(ops.greater(x, 1.0), x.dtype)

    activations = {"hard_sigmoid": hard_sigmoid, "ELU": elu_layer, "LeakyReLU": leaky_relu_layer,
                   "ReLU": relu_layer, "Softmax": softmax_layer,
                   "ThresholdedReLU": thresholded_relu_layer}

    # -- classes Keras 3 does not have ------------------------------------------------
    @register(name="Regularizer")
    class Regularizer(keras.regularizers.Regularizer):
        """Keras 2.15's base ``Regularizer``, which R keras accepts by name: no penalty."""

        def __call__(self, x):
            return ops.convert_to_tensor(0.0, dtype=x.dtype)

        def get_config(self):
            return {}

    @register(name="RadialConstraint")
    class RadialConstraint(keras.constraints.Constraint):
        """Keras 2.15's ``RadialConstraint`` (removed in Keras 3), for a 4-D kernel.

        Keras 2.15 rebuilds each ``(n, n)`` kernel slice from its centre outwards:
        the centre (one value when ``n`` is odd, 2 x 2 when even) takes the diagonal
        value at ``s - 1`` (``s = n // 2``); each ring ``k`` around it takes the
        diagonal value at ``s + k - 1`` (odd ``n``) or ``s + k`` (even ``n``).
        """

        def __call__(self, w):
            shape = tuple(w.shape)
            if len(shape) != 4:
                raise ValueError(f"The weight tensor must have rank 4. Received weight tensor with shape: {shape}")
            height, width, channels, kernels = shape
            source = _radial_source(height)
            if width != height:
                raise ValueError(f"RadialConstraint needs a square kernel. Received weight tensor with shape: {shape}")
            flat = ops.reshape(w, (height * width, channels * kernels))
            picked = ops.take(flat, ops.convert_to_tensor(source.ravel() * (width + 1)), axis=0)
            return ops.reshape(picked, shape)

        def get_config(self):
            return {}

    return {"activation": activations,
            "regularizer": {"Regularizer": Regularizer},
            "constraint": {"RadialConstraint": RadialConstraint},
            "initializer": {}}


def _radial_source(n: int) -> np.ndarray:
    """For each position of an ``(n, n)`` slice, the diagonal index Keras 2.15's
    ``RadialConstraint`` copies there."""
    start = n // 2
    if start < 1:
        raise ValueError(f"RadialConstraint needs a kernel of at least 2 x 2. Received: {n} x {n}")
    positions = np.arange(n)
    if n % 2:
        ring = np.abs(positions - start)
        offset = -1
    else:
        ring = np.where(positions < start, start - 1 - positions, positions - start)
        offset = 0
    rings = np.maximum.outer(ring, ring)
    return np.where(rings == 0, start - 1, start + rings + offset).astype("int64")
