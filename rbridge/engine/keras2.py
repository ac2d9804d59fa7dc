"""The Keras 2 engine (TensorFlow 2.15, the Keras R keras 2.15 runs on).

Keras 2 takes every one of R keras's arguments natively (``input_shape``,
``batch_input_shape``, ``batch_size``, ``weights``), so each layer is Keras's own class
with two methods changed: ``build`` runs rbridge's checks first, and ``call`` computes on
every TensorFlow kernel (its kind's ``call``; the class made by the factory both engines
share, ``layer_class.py``). Its ``get_config()`` is exactly what R keras
records, and it is saved under Keras's own name, so a saved model loads in plain Keras
(and R keras) too. This engine adds rbridge's checks before anything is built.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import tensorflow as tf

from ..specs import SPECS, LayerSpec
from . import preflight
from .base import BaseEngine
from .layer_class import make_layer_class, plain_shape


def _static_shape(layer: Any, inputs: Any, outputs: Any) -> Any:
    """As Keras 2's own calls: the static shape, for graphs (rbridge's computations lose it)."""
    if (not tf.executing_eagerly() and layer._r_spec.operation.sets_static_shape and tf.is_tensor(inputs)
            and tf.is_tensor(outputs)):
        try:
            static = layer.compute_output_shape(inputs.shape)
        except ValueError:
            # An input less known than the layer was built for (batches from a generator
            # come as (None, None)): TensorFlow's own shape of the result stands.
            return outputs
        outputs.set_shape(static)
    return outputs


def _build(self, input_shape):
    # rbridge's checks on every build, also of a layer made first and called later (Keras 2
    # would fail inside TensorFlow on padding = "causal", say).
    shape = plain_shape(input_shape)
    preflight.check_layer(self._r_spec, self, shape, weights=getattr(self, "_initial_weights", None))
    self._r_spec.operation.before_build(self._r_spec, self, shape)
    getattr(self._r_keras_layers, self._r_spec.keras_class).build(self, input_shape)


@functools.lru_cache(maxsize=None)
def layer_class(keras: Any, r_name: str) -> type:
    """Keras 2's class of ``r_name``'s spec, checked before it builds and computing on every
    kernel. Not registered: Keras saves it under its own name."""
    spec = SPECS[r_name]
    return make_layer_class(
        spec, getattr(keras.layers, spec.keras_class), module=__name__,
        namespace={"_r_keras_layers": keras.layers, "build": _build},
        doc=f"Keras 2's ``{spec.keras_class}``, checked by rbridge before it builds and computing every setting "
            "on every TensorFlow kernel.",
        to_shape=tf.TensorShape, after_call=_static_shape)


class Keras2Engine(BaseEngine):
    name = "keras2"

    def __init__(self, keras: Any):
        super().__init__(keras)
        self.tf = tf

    def layer_class_for(self, spec: LayerSpec) -> type:
        return layer_class(self.keras, spec.r_name)

    def take_layer_name(self, spec: LayerSpec) -> str:
        """The name Keras 2.15 would give the next layer of ``spec`` (Layer._init_set_name()),
        taken now: R keras 2.15 made a layer, and named it, before evaluating the ``object`` it
        composes with (R/layers-generated.R)."""
        from keras.src import backend
        from keras.src.utils import generic_utils

        return backend.unique_object_name(
            generic_utils.to_snake_case(self.layer_class_for(spec).__name__), zero_based=True)

    def check_dtype(self, dtype: str) -> None:
        self.tf.as_dtype(dtype)

    def make_layer(self, spec: LayerSpec, kwargs: dict[str, Any]) -> Any:
        layer = self.layer_class_for(spec)(**kwargs)
        # Which R argument the batch shape came from, so that errors can name it: a plain
        # attribute, set around Keras's attribute tracking (which costs ~30 us a layer).
        object.__setattr__(layer, "_rbridge_shape_argument",
                           "batch_input_shape" if "batch_input_shape" in kwargs else "input_shape")
        return layer

    def preflight(self, layer: Any, shape, argument: str = "object", received: str | None = None) -> None:
        # Keras 2 keeps the `weights` argument as _initial_weights until it builds.
        preflight.check_layer(layer._r_spec, layer, shape, weights=getattr(layer, "_initial_weights", None),
                              argument=argument, received=received)

    def start_model(self, model: Any, layer: Any) -> None:
        batch_shape = getattr(layer, "_batch_input_shape", None)
        if batch_shape is not None:
            self.preflight(layer, batch_shape, argument=layer._rbridge_shape_argument)
            preflight.check_symbolic(layer._r_spec, layer)  # Keras calls it on the InputLayer
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
