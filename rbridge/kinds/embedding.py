"""Embedding (layer_embedding()): integer inputs (0-based rows: R keras 2.15 does not shift
them), one weight (input_dim, output_dim), any input rank.

What Keras 3 changed and rbridge keeps as R keras 2.15 had it:

* ``input_length`` (Keras 3 warns and ignores it) sets the layer's input shape
  ``(input_length)`` (with ``batch_size``, the batch shape), and with neither it nor
  ``input_shape`` the input shape is ``(NA)``, as Keras 2.15's Embedding sets: a Sequential
  model starting with it is built at once;
* ``sparse`` (refused by Keras 3) only changes the gradient's representation in Keras 2.15,
  not its values: made without it, kept in the config;
* index -1 (and any index outside ``0 .. input_dim - 1``) is an error, as in Keras 2.15
  (Keras 3 returns the last row for -1).
"""

from __future__ import annotations

import numpy as np

from ..errors import RArgumentError
from ..reference import embedding as ref
from . import register
from .base import Kind, on_keras3


@register
class Embedding(Kind):
    name = "embedding"
    integer_inputs = True
    has_weights = True
    size_argument = "input_dim"

    def min_input_rank(self, spec) -> int:
        return 1

    def example_arguments(self, spec):
        return {"input_dim": 10, "output_dim": 4}

    def keras3_arguments(self, spec, kwargs):
        restore = {}
        if "sparse" in kwargs:
            restore["sparse"] = kwargs.pop("sparse")
        length = kwargs.pop("input_length", None)
        restore["input_length"] = length
        return restore

    def complete_arguments(self, spec, kwargs):
        """Keras 2.15's Embedding sets ``input_shape = (input_length,)`` (``(NA)`` without a
        length) when no shape is given, so a model it starts is built at once; rbridge gives
        that shape to either engine."""
        shape = kwargs.get("input_shape")
        if shape is not None and not isinstance(shape, (list, tuple)):
            raise RArgumentError("input_shape", str(shape), "must be a vector of dimensions, given with c() or list()",
                                 "layer_embedding() passes `...` on unconverted, and Keras cannot read one number "
                                 "as a shape: write list(" + str(shape) + ")")
        if shape is None and kwargs.get("batch_input_shape") is None:
            kwargs = {**kwargs, "input_shape": (kwargs.get("input_length"),)}
        return kwargs

    def check_eager_input(self, spec, layer, arrays):
        """Every index a row: Keras 2.15 fails on any other (-1 included, which Keras 3 would
        read as the last row)."""
        rows = np.trunc(np.asarray(arrays[0], dtype=np.float64))
        bad = rows[(rows < 0) | (rows >= layer.input_dim)]
        if bad.size:
            raise RArgumentError("object", f"an array holding {bad.ravel()[0]:g}",
                                 f"must hold indices 0 to {layer.input_dim - 1} (rows of the embedding, 0-based: R "
                                 "keras 2.15 passes them on to Keras unshifted)",
                                 "Keras 2.15 fails on any other index, -1 included")

    def config(self, spec, layer, config):
        if on_keras3():
            # Keras 2.15's keys: input_length, no quantization_config; sparse is not shown.
            config = {k: v for k, v in config.items() if k not in ("quantization_config", "sparse")}
            config["input_length"] = getattr(layer, "input_length", None)
        return config

    def keras_config(self, spec, config):
        return {k: v for k, v in config.items() if k != "input_length"} if on_keras3() else config

    def expected_weights(self, spec, layer, input_shape):
        return [(layer.input_dim, layer.output_dim)]

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        if on_keras3():
            import tensorflow as tf

            # Keras 3 takes -1 as the last row; Keras 2.15 (R keras 2.15's engine) fails.
            indices = tf.cast(inputs, "int64") if not inputs.dtype.is_integer else inputs
            with tf.control_dependencies([tf.debugging.assert_non_negative(
                    indices, message="Embedding: an index is negative (R keras 2.15's Keras fails on it)")]):
                inputs = tf.identity(inputs)
        return keras_call(inputs, *args, **kwargs)

    def reference(self, spec, r_args, x, weights):
        return ref.embedding(x, weights[0])
