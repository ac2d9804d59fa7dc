"""The Keras 2 engine (TensorFlow 2.15, the Keras R keras 2.15 runs on).

Keras 2 takes every one of R keras's arguments natively (``input_shape``,
``batch_input_shape``, ``batch_size``, ``weights``), so the layer is Keras's own
``Conv1DTranspose`` with one method changed: ``call`` computes on every TensorFlow
kernel (``conv_transpose.py``). Its ``get_config()`` is exactly what R keras records,
and it is saved under Keras's own name, so a saved model loads in plain Keras (and R
keras) too. This engine adds rbridge's checks before anything is built.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

from . import preflight
from .base import BaseEngine
from .conv_transpose import layer_call


def _make_layer_class(keras: Any) -> type:
    class Conv1DTranspose(keras.layers.Conv1DTranspose):
        """Keras 2's ``Conv1DTranspose``, computing channels_first and dilation on every
        TensorFlow kernel. Not registered: Keras saves it as its own ``Conv1DTranspose``."""

        def build(self, input_shape):
            # rbridge's checks on every build, also of a layer made first and called later
            # (Keras 2 would fail inside TensorFlow on padding = "causal", say).
            preflight.check_layer(self, tuple(input_shape), weights=getattr(self, "_initial_weights", None))
            super().build(input_shape)

        def call(self, inputs):
            outputs = layer_call(self, inputs)
            if not tf.executing_eagerly():  # as Keras 2's own call: the static shape, for graphs
                outputs.set_shape(self.compute_output_shape(inputs.shape))
            return outputs

    Conv1DTranspose.__qualname__ = "Conv1DTranspose"
    return Conv1DTranspose


class Keras2Engine(BaseEngine):
    name = "keras2"

    def __init__(self, keras: Any):
        import tensorflow as tf

        super().__init__(keras)
        self.tf = tf
        self.layer_class = _make_layer_class(keras)

    def check_dtype(self, dtype: str) -> None:
        self.tf.as_dtype(dtype)

    def make_layer(self, kwargs: dict[str, Any]) -> Any:
        layer = self.layer_class(**kwargs)
        # Which R argument the batch shape came from, so that errors can name it: a plain
        # attribute, set around Keras's attribute tracking (which costs ~30 us a layer).
        object.__setattr__(layer, "_rbridge_shape_argument",
                           "batch_input_shape" if "batch_input_shape" in kwargs else "input_shape")
        return layer

    def preflight(self, layer: Any, shape, argument: str = "object", received: str | None = None) -> None:
        # Keras 2 keeps the `weights` argument as _initial_weights until it builds.
        preflight.check_layer(layer, shape, weights=getattr(layer, "_initial_weights", None),
                              argument=argument, received=received)

    def start_model(self, model: Any, layer: Any) -> None:
        batch_shape = getattr(layer, "_batch_input_shape", None)
        if batch_shape is not None:
            self.preflight(layer, batch_shape, argument=layer._rbridge_shape_argument)
        model.add(layer)  # Keras 2 makes the InputLayer from the layer's batch_input_shape

    def is_symbolic(self, obj: Any) -> bool:
        try:
            return self.keras.backend.is_keras_tensor(obj)
        except ValueError:  # Keras 2 raises for anything that is not a tensor at all
            return False

    def is_tensor(self, obj: Any) -> bool:
        return self.tf.is_tensor(obj)

    def transpose(self, tensor: Any, axes: tuple[int, ...]) -> Any:
        return self.tf.transpose(tensor, axes)

    def to_tensor(self, array: Any, dtype: str) -> Any:
        if self.tf.is_tensor(array):
            return self.tf.cast(array, dtype)
        return self.tf.convert_to_tensor(np.asarray(array, dtype=dtype))
