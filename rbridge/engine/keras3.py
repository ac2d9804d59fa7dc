"""The Keras 3 engine (TensorFlow >= 2.16).

Keras 3 refuses three R keras 2.15 arguments (``batch_input_shape``, ``batch_size``,
``weights``), only warns on ``input_shape``, and refuses or redefines a few settings R
keras 2.15 computed. :func:`layer_class` makes, for each spec, Keras's own class taught
those R keras meanings by one mixin (:class:`RKerasLayer`), with the factory both engines
share (``layer_class.py``), so that a layer made by rbridge behaves as R keras's does
wherever it goes (a Sequential model, a functional graph, ``get_config()``/
``from_config()``, saving), and computes on every TensorFlow kernel (its kind's ``call``).
"""

from __future__ import annotations

import functools
from typing import Any

from ..errors import RBridgeError
from ..specs import SPECS, LayerSpec
from ..specs.base import ACTIVATION
from . import keras215_objects, preflight, r_names
from .base import BaseEngine
from .layer_class import make_layer_class, plain_shape


class RKerasLayer:
    """What every rbridge layer on Keras 3 adds to Keras's class (put first in the bases).

    * ``input_shape`` / ``batch_input_shape`` / ``batch_size``: remembered as
      ``batch_input_shape`` (in ``get_config()``); a Sequential model the layer is first
      added to by rbridge starts with that batch shape.
    * ``weights``: set as soon as the layer is built.
    * R keras 2.15's meaning of settings Keras 3 refuses (``padding = "causal"`` where the
      spec says ``keras3_refuses_causal``; what the kind's ``keras3_arguments`` replaces, such
      as ``interpolation = "gaussian"``) or redefines (names such as ``"hard_sigmoid"``,
      through ``r_names``).
    * ``get_config()`` names activations as given ("swish", which Keras 3 calls "silu").
    """

    _r_spec: LayerSpec

    def __init__(self, *args, padding=None, input_shape=None, batch_input_shape=None,
                 batch_size=None, weights=None, **kwargs):
        spec = self._r_spec
        plain = object.__setattr__  # plain attributes, around Keras's (costly) attribute tracking
        names = {}
        for argument in spec.arguments:
            if argument.keras_kind and argument.name in kwargs:
                value = kwargs[argument.name]
                if isinstance(value, str):
                    names[argument.name] = value
                kwargs[argument.name] = _keras3_value(argument.keras_kind, value, argument.name)
        causal = spec.keras3_refuses_causal and isinstance(padding, str) and padding.lower() == "causal"
        if padding is not None:
            kwargs["padding"] = "valid" if causal else padding
        # Values R keras 2.15 made the layer with and Keras 3 refuses: made with a value
        # Keras 3 takes, then restored (computed by the kind, or refused when built).
        restore = spec.operation.keras3_arguments(spec, kwargs)
        super().__init__(*args, **kwargs)
        plain(self, "_r_causal", causal)
        if causal and not isinstance(getattr(type(self), "padding", None), property):
            self.padding = "causal"  # (ConvLSTM2D's padding is its cell's, read-only: _r_causal)
        for attribute, value in restore.items():
            setattr(self, attribute, value)
        plain(self, "_r_names", names)
        # Which R argument the shape came from, so that errors can name it.
        plain(self, "_r_from_input_shape", batch_input_shape is None and input_shape is not None)
        if self._r_from_input_shape:
            batch_input_shape = (batch_size, *input_shape)
        plain(self, "batch_input_shape", None if batch_input_shape is None else tuple(batch_input_shape))
        if self.batch_input_shape is not None:
            # Keras 3's own Sequential.add() reads this when the layer comes first.
            plain(self, "_input_shape_arg", self.batch_input_shape[1:])
        plain(self, "_r_initial_weights", weights)

    def r_preflight(self, input_shape, argument="object", received=None) -> None:
        preflight.check_layer(self._r_spec, self, input_shape, weights=self._r_initial_weights,
                              argument=argument, received=received)

    def build(self, input_shape):
        self.r_preflight(input_shape)
        self._r_spec.operation.before_build(self._r_spec, self, plain_shape(input_shape))
        super().build(input_shape)
        if self._r_initial_weights is not None:
            weights = self._r_initial_weights
            object.__setattr__(self, "_r_initial_weights", None)
            self.set_weights(weights)

    def get_config(self):
        config = super().get_config()
        if self.batch_input_shape is not None:
            config["batch_input_shape"] = self.batch_input_shape
        if self._r_causal:
            config["padding"] = "causal"
        for argument, name in self._r_names.items():
            if self._r_spec.by_name[argument].keras_kind == ACTIVATION:
                # Keras 2.15's name for it ("swish" where Keras 3 says "silu")
                config[argument] = r_names.r_keras_name(ACTIVATION, name) or name
        return config


def _keras3_value(kind: str, value: Any, argument: str) -> Any:
    """R keras 2.15's meaning of a name on Keras 3 (engine/r_names.py), where it differs."""
    return r_names.keras3_value(kind, value, argument)


@functools.lru_cache(maxsize=None)
def layer_class(keras: Any, r_name: str) -> type:
    """Keras's class of ``r_name``'s spec, taught R keras 2.15's meanings; registered for
    saving as ``rbridge>ClassName``."""
    spec = SPECS[r_name]
    cls = make_layer_class(
        spec, getattr(keras.layers, spec.keras3_class or spec.keras_class), mixins=(RKerasLayer,), module=__name__,
        doc=f"``keras.layers.{spec.keras_class}`` with R keras 2.15's arguments and meanings ({spec.r_name}()).")
    return keras.saving.register_keras_serializable(package="rbridge", name=spec.keras_class)(cls)


class Keras3Engine(BaseEngine):
    name = "keras3"

    def __init__(self, keras: Any):
        if keras.backend.backend() != "tensorflow":
            raise RBridgeError(
                f"rbridge runs on Keras's TensorFlow backend, and Keras is set to "
                f"{keras.backend.backend()!r}: unset KERAS_BACKEND or set it to \"tensorflow\"."
            )
        super().__init__(keras)
        # Keras 2.15's objects for the names Keras 3 lacks or redefined, registered before
        # any model is loaded (a saved model may name them).
        keras215_objects.build(keras)

    def layer_class_for(self, spec: LayerSpec) -> type:
        return layer_class(self.keras, spec.r_name)

    def take_layer_name(self, spec: LayerSpec) -> str:
        """The name Keras 3 would give the next layer of ``spec`` (Operation.__init__'s
        auto_name()), taken now: R keras 2.15 made a layer, and named it, before evaluating the
        ``object`` it composes with (R/layers-generated.R)."""
        from keras.src.utils.naming import auto_name

        return auto_name(self.layer_class_for(spec).__name__)

    def check_dtype(self, dtype: str) -> None:
        self.keras.backend.standardize_dtype(dtype)

    def resolve_name(self, kind: str, value: Any, argument: str) -> Any:
        return _keras3_value(kind, value, argument)

    def preflight(self, layer: Any, shape, argument: str = "object", received: str | None = None) -> None:
        layer.r_preflight(tuple(shape), argument=argument, received=received)

    def start_model(self, model: Any, layer: Any) -> None:
        # Keras 3 refuses batch_input_shape: the model starts with an Input of that shape.
        if layer.batch_input_shape is not None:
            argument = "input_shape" if layer._r_from_input_shape else "batch_input_shape"
            layer.r_preflight(layer.batch_input_shape, argument=argument)
            preflight.check_symbolic(layer._r_spec, layer)  # Keras calls it on the Input
            model.add(self.keras.Input(batch_shape=layer.batch_input_shape,
                                       dtype=layer.dtype_policy.variable_dtype))
        model.add(layer)

    def model_is_empty(self, model: Any) -> bool:
        return not model._layers  # unlike .layers, includes an InputLayer the user added

    def is_tensor(self, obj: Any) -> bool:
        return self.keras.ops.is_tensor(obj)

    def to_tensor(self, array: Any, dtype: str) -> Any:
        return self.keras.ops.convert_to_tensor(array, dtype=dtype)

    def transpose(self, tensor: Any, axes: tuple[int, ...]) -> Any:
        return self.keras.ops.transpose(tensor, axes)

    def r_keras_config(self, config: dict) -> dict:
        from .r_config import r_keras_config

        return r_keras_config(config)
