"""Dense (layer_dense()): ``activation(x . kernel + bias)`` over the input's last axis, any
input rank from 2.

Keras 2.15 makes a Dense of 0 units (an empty output axis; R keras's ``as.integer(units)``
passes 0 on), which Keras 3 refuses: made with 1 unit for Keras 3's constructor and set to
0, Keras 3 then builds and computes it as Keras 2.15 does.
"""

from __future__ import annotations

from ..errors import RArgumentError
from ..reference.core import dense
from . import register
from .base import Kind, on_keras3, r_shape


@register
class Dense(Kind):
    name = "dense"
    has_weights = True
    size_argument = "units"

    def example_arguments(self, spec):
        return {"units": 4}

    def keras3_arguments(self, spec, kwargs):
        if kwargs.get("units") == 0:
            kwargs["units"] = 1
            return {"units": 0}
        return {}

    def config(self, spec, layer, config):
        if not on_keras3():
            return config
        # Keras 2.15's keys: activity_regularizer shown, no quantization_config.
        from ..engine import get_engine

        config = {k: v for k, v in config.items() if k != "quantization_config"}
        regularizer = getattr(layer, "activity_regularizer", None)
        config["activity_regularizer"] = None if regularizer is None else \
            get_engine().keras.regularizers.serialize(regularizer)
        return config

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        if input_shape[-1] is None:
            raise RArgumentError(argument, shown, "needs a known last axis: Dense's kernel is (last axis, units)",
                                 f"input {r_shape(input_shape)}")

    def expected_weights(self, spec, layer, input_shape):
        if input_shape[-1] is None:
            return None
        return [(input_shape[-1], layer.units)] + ([(layer.units,)] if layer.use_bias else [])

    def reference(self, spec, r_args, x, weights):
        bias = weights[1] if r_args.get("use_bias", True) and len(weights) > 1 else None
        return dense(x, weights[0], bias, r_args.get("activation"))
