"""The Keras 3 engine (TensorFlow >= 2.16).

Keras 3 refuses three R keras 2.15 arguments (``batch_input_shape``,
``batch_size``, ``weights``), only warns on ``input_shape``, and refuses
``padding = "causal"`` where Keras 2 accepted it until the layer was called.
:class:`Conv1DTranspose` below is Keras's own layer taught those R keras
meanings, so that a layer made by rbridge behaves as R keras's does wherever it
goes (a Sequential model, a functional graph, ``get_config()``/``from_config()``),
and computing on every TensorFlow kernel (``conv_transpose.py``).
"""

from __future__ import annotations

from typing import Any

from ..errors import RBridgeError
from . import preflight
from .base import BaseEngine
from .conv_transpose import layer_call


def _make_layer_class(keras: Any) -> type:
    base = keras.layers.Conv1DTranspose

    @keras.saving.register_keras_serializable(package="rbridge")
    class Conv1DTranspose(base):
        """``keras.layers.Conv1DTranspose`` with R keras 2.15's extra arguments.

        * ``input_shape`` / ``batch_input_shape`` / ``batch_size``: remembered as
          ``batch_input_shape`` (in ``get_config()``); a Sequential model the layer
          is first added to by rbridge starts with that batch shape.
        * ``weights``: set as soon as the layer is built.
        * ``padding = "causal"``: accepted here, refused when the layer is built.
        * computes ``channels_first`` and dilation on every TensorFlow kernel.
        * ``get_config()`` names the activation as given ("swish", which Keras 3 calls "silu").
        """

        def __init__(self, filters, kernel_size, *, padding="valid", input_shape=None,
                     batch_input_shape=None, batch_size=None, weights=None, **kwargs):
            causal = isinstance(padding, str) and padding.lower() == "causal"
            super().__init__(filters, kernel_size, padding="valid" if causal else padding, **kwargs)
            if causal:
                self.padding = "causal"
            # R keras's own state: plain attributes, set around Keras's attribute tracking
            # (which would cost more than the rest of rbridge's work on a layer).
            plain = object.__setattr__
            # Which R argument the shape came from, so that errors can name it.
            plain(self, "_r_from_input_shape", batch_input_shape is None and input_shape is not None)
            if self._r_from_input_shape:
                batch_input_shape = (batch_size, *input_shape)
            plain(self, "batch_input_shape", None if batch_input_shape is None else tuple(batch_input_shape))
            if self.batch_input_shape is not None:
                # Keras 3's own Sequential.add() reads this when the layer comes first.
                plain(self, "_input_shape_arg", self.batch_input_shape[1:])
            plain(self, "_r_initial_weights", weights)
            # The activation's name as given: Keras 3 serialises "swish" as "silu" (one
            # function, two names), and R keras 2.15's config says "swish".
            activation = kwargs.get("activation")
            plain(self, "_r_activation_name", activation if isinstance(activation, str) else None)

        def r_preflight(self, input_shape, argument="object", received=None) -> None:
            preflight.check_layer(self, input_shape, weights=self._r_initial_weights,
                                  argument=argument, received=received)

        def build(self, input_shape):
            self.r_preflight(input_shape)
            super().build(input_shape)
            if self._r_initial_weights is not None:
                weights = self._r_initial_weights
                object.__setattr__(self, "_r_initial_weights", None)
                self.set_weights(weights)

        def call(self, inputs):
            # On every TensorFlow kernel (channels_first and dilation included), with the bias
            # added by bias_add and the data format: Keras 3's own ops.add guesses the bias axis
            # from the shapes and, when the output length equals `filters`, adds it along the
            # wrong axis (no error). Keras 2, under R keras, used bias_add as here.
            return layer_call(self, inputs)

        def get_config(self):
            config = super().get_config()
            if self.batch_input_shape is not None:
                config["batch_input_shape"] = self.batch_input_shape
            if self.padding == "causal":
                config["padding"] = "causal"
            name = self._r_activation_name
            if name and config.get("activation") != name and keras.activations.get(name) is self.activation:
                config["activation"] = name
            return config

    # Made inside a function so Keras is imported lazily; named as if made at module level.
    Conv1DTranspose.__qualname__ = "Conv1DTranspose"
    Conv1DTranspose.__module__ = __name__
    return Conv1DTranspose


class Keras3Engine(BaseEngine):
    name = "keras3"

    def __init__(self, keras: Any):
        if keras.backend.backend() != "tensorflow":
            raise RBridgeError(
                f"rbridge runs on Keras's TensorFlow backend, and Keras is set to "
                f"{keras.backend.backend()!r}: unset KERAS_BACKEND or set it to \"tensorflow\"."
            )
        super().__init__(keras)
        self.layer_class = _make_layer_class(keras)

    def check_dtype(self, dtype: str) -> None:
        self.keras.backend.standardize_dtype(dtype)

    def preflight(self, layer: Any, shape, argument: str = "object", received: str | None = None) -> None:
        layer.r_preflight(tuple(shape), argument=argument, received=received)

    def start_model(self, model: Any, layer: Any) -> None:
        # Keras 3 refuses batch_input_shape: the model starts with an Input of that shape.
        if layer.batch_input_shape is not None:
            argument = "input_shape" if layer._r_from_input_shape else "batch_input_shape"
            layer.r_preflight(layer.batch_input_shape, argument=argument)
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
        return r_keras_config(config)


# -- how a Keras 3 config differs from R keras 2.15's (Keras 2) ----------------------------
# Each rule is an engine difference, not a behaviour difference:
#  * dtype: Keras 3 serialises a DTypePolicy; Keras 2 the dtype's name.
#  * groups: Keras 2's Conv1DTranspose reports groups = 1 (it inherits Conv1D's config);
#    Keras 3's transposed convolutions have no groups at all.
#  * initializer configs: Keras 3 adds keys Keras 2 never had (GlorotUniform's
#    input_axes/output_axes); they are dropped when they hold their default None.
_KERAS3_ONLY_NONE_KEYS = ("input_axes", "output_axes")


def r_keras_config(config: dict) -> dict:
    """A Keras 3 ``get_config()`` in the form R keras 2.15 (Keras 2) records it."""
    out = dict(config)
    dtype = out.get("dtype")
    if isinstance(dtype, dict):
        out["dtype"] = dtype.get("config", {}).get("name")
    out.setdefault("groups", 1)
    for key, value in out.items():
        if isinstance(value, dict) and isinstance(value.get("config"), dict):
            inner = {k: v for k, v in value["config"].items()
                     if not (k in _KERAS3_ONLY_NONE_KEYS and v is None)}
            out[key] = {**value, "config": inner}
    return out
