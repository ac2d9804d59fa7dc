"""Keras 2.15's meaning of the names Keras 3 refuses or computes differently, on Keras 3.

Each object here computes what Keras 2.15 computes for one name R keras 2.15
accepts (``rbridge/data/keras215_names.json`` holds the numbers, the test checks
them) and is registered with ``keras.saving.register_keras_serializable(package=
"rbridge")`` so that a model holding it saves and loads. Made by :func:`build`,
inside a function so that Keras is imported only when the Keras 3 engine is used.

Only the names that the recorded data shows to differ are here; every other name
is Keras 3's own object built from Keras 2.15's configuration
(``r_names.keras3_value``).

The initializers here are Keras 3's classes made exact in float64 (the
``"float64"`` entry of the data, checked by ``tests/python/test_float64_objects.py``):
Keras 3 turns a Python number into a float32 tensor before casting it to the
weight's dtype, so ``Constant(-0.05)`` gives -0.05000000074505806 in a float64
layer, and the uniform draws' bounds (``RandomUniform``, and the variance-scaling
family's ``uniform`` limit) are rounded the same way. Keras 2.15 (R keras 2.15)
puts the number into the weight's dtype directly, rounding once. Every other
number-holding object (normal and truncated-normal draws, ``Orthogonal`` and
``Identity`` gains, the L1/L2 factors, the constraints' values) computes Keras
2.15's float64 numbers on Keras 3 as it is (the data shows it), except
``OrthogonalRegularizer``, which fails on a float64 weight on Keras 3. One
deliberate difference: Keras 2.15's ``NonNeg`` fails on a float64 weight (it
multiplies by a float32 mask), so an R keras 2.15 float64 layer with
``constraint_nonneg()`` fails when trained; Keras 3's computes the constraint's
meaning, and rbridge keeps that.
"""

from __future__ import annotations

import functools
import math
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

    @register(name="OrthogonalRegularizer")
    class OrthogonalRegularizer(keras.regularizers.OrthogonalRegularizer):
        """Keras 3's ``OrthogonalRegularizer`` computing as Keras 2.15's on any float dtype
        (Keras 3's holds its factor as a float32 tensor and fails on a float64 weight).
        Keras 2.15 holds the factor as a float32 number (``cast_to_floatx``), as L1/L2 do."""

        def __call__(self, inputs):
            import tensorflow as tf

            if len(inputs.shape) != 2:
                raise ValueError(f"Inputs to OrthogonalRegularizer must have rank 2. Received: "
                                 f"inputs.shape == {inputs.shape}")
            if self.mode == "rows":
                inputs = tf.math.l2_normalize(inputs, axis=1)
                product = tf.matmul(inputs, tf.transpose(inputs))
                size = inputs.shape[0]
            else:
                inputs = tf.math.l2_normalize(inputs, axis=0)
                product = tf.matmul(tf.transpose(inputs), inputs)
                size = inputs.shape[1]
            product_no_diagonal = product * (1.0 - tf.eye(size, dtype=inputs.dtype))
            num_pairs = size * (size - 1.0) / 2.0
            half_factor = np.float32(np.float32(float(self.factor)) * np.float32(0.5))
            return tf.cast(half_factor, inputs.dtype) * tf.reduce_sum(tf.abs(product_no_diagonal)) / num_pairs

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

    # -- initializers made exact in float64 -------------------------------------------------
    @register(name="Constant")
    class Constant(keras.initializers.Constant):
        """Keras 3's ``Constant`` with Keras 2.15's float64 value: the number put in the
        weight's dtype directly (Keras 3 rounds it through float32)."""

        def __call__(self, shape, dtype=None):
            dtype = keras.backend.standardize_dtype(dtype)
            return _in_dtype(self.value, dtype) * ops.ones(shape, dtype=dtype)

    @register(name="RandomUniform")
    class RandomUniform(keras.initializers.RandomUniform):
        """Keras 3's ``RandomUniform`` (the same draws for a seed) with its bounds in the
        weight's dtype, not rounded through float32."""

        def __call__(self, shape, dtype=None):
            dtype = keras.backend.standardize_dtype(dtype)
            return keras.random.uniform(shape, minval=_in_dtype(self.minval, dtype),
                                        maxval=_in_dtype(self.maxval, dtype), dtype=dtype, seed=self.seed)

    class ExactUniformLimit:
        """The variance-scaling family's ``uniform`` draw with its limit in the weight's
        dtype (Keras 3 rounds it through float32); the fans as Keras 2.15 computes them.
        The normal distributions are Keras 3's own, which are exact."""

        def __call__(self, shape, dtype=None):
            if self.distribution != "uniform" or self.input_axes is not None or self.output_axes is not None:
                return super().__call__(shape, dtype=dtype)
            dtype = keras.backend.standardize_dtype(dtype)
            limit = math.sqrt(3.0 * _scaled(self.scale, self.mode, shape))
            return keras.random.uniform(shape, minval=_in_dtype(-limit, dtype), maxval=_in_dtype(limit, dtype),
                                        dtype=dtype, seed=self.seed)

    uniform_family = {}
    for base in (keras.initializers.VarianceScaling, keras.initializers.GlorotUniform,
                 keras.initializers.HeUniform, keras.initializers.LecunUniform):
        cls = type(base.__name__, (ExactUniformLimit, base),
                   {"__doc__": f"Keras 3's ``{base.__name__}``, exact in float64 (``ExactUniformLimit``).",
                    "__module__": __name__, "__qualname__": base.__name__})
        uniform_family[base.__name__] = register(name=base.__name__)(cls)

    return {"activation": activations,
            "regularizer": {"Regularizer": Regularizer, "OrthogonalRegularizer": OrthogonalRegularizer},
            "constraint": {"RadialConstraint": RadialConstraint},
            "initializer": {"Constant": Constant, "RandomUniform": RandomUniform, **uniform_family}}


def _in_dtype(value: Any, dtype: str) -> Any:
    """``value`` (a Python or NumPy number or array, or a tensor) as a tensor of ``dtype``,
    rounded once: a number goes through float64 (exact for an R double), never float32."""
    import tensorflow as tf

    if tf.is_tensor(value):
        return tf.cast(value, dtype)
    array = np.asarray(value)
    if array.dtype.kind in "fiub":
        array = array.astype("float64") if array.dtype.kind == "f" else array
    return tf.cast(tf.constant(array), dtype)


def _scaled(scale: float, mode: str, shape: tuple) -> float:
    """Keras 2.15's ``VarianceScaling`` scale divided by the fan of ``mode``, in Python floats."""
    shape = tuple(int(s) for s in shape)
    if len(shape) < 1:
        fan_in = fan_out = 1
    elif len(shape) == 1:
        fan_in = fan_out = shape[0]
    elif len(shape) == 2:
        fan_in, fan_out = shape
    else:
        receptive = math.prod(shape[:-2])
        fan_in, fan_out = shape[-2] * receptive, shape[-1] * receptive
    fan = {"fan_in": fan_in, "fan_out": fan_out}.get(mode, (fan_in + fan_out) / 2.0)
    return scale / max(1.0, fan)


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
