"""The activation layers (layer_activation_relu(), _leaky_relu(), _elu(), _selu(), _softmax(),
_parametric_relu(), _thresholded_relu()): an element-wise function (softmax: over an axis),
no weights but PReLU's slopes, any input rank.

Keras 3 renamed LeakyReLU's ``alpha`` to ``negative_slope`` (and refuses a negative one) and
removed ThresholdedReLU: rbridge makes Keras 3's LeakyReLU with R keras's ``alpha`` and
Keras 3's ReLU with ``threshold = theta`` (``x`` where ``x > theta``, else 0: Keras 2.15's
ThresholdedReLU), and each layer's config shows R keras 2.15's arguments.
"""

from __future__ import annotations

from ..errors import RArgumentError
from ..reference import activation_layers as ref
from ..rvalues import r_repr
from . import register
from .base import Kind, on_keras3

# Each Keras class's NumPy reference, given the R arguments (as keras_arguments() gives them).
_REFERENCES = {
    "ReLU": lambda x, a, w: ref.relu(x, a.get("max_value"), a.get("negative_slope", 0.0), a.get("threshold", 0.0)),
    "LeakyReLU": lambda x, a, w: ref.leaky_relu(x, a.get("alpha", 0.3)),
    "ELU": lambda x, a, w: ref.elu(x, a.get("alpha", 1.0)),
    "Activation": lambda x, a, w: ref.selu(x),
    "Softmax": lambda x, a, w: ref.softmax(x, a.get("axis", -1)),
    "PReLU": lambda x, a, w: ref.prelu(x, w[0]),
    "ThresholdedReLU": lambda x, a, w: ref.thresholded_relu(x, a.get("theta", 1.0)),
}

# Arguments Keras refuses below 0 (R keras 2.15 passes them on as they are).
_NON_NEGATIVE = {"ReLU": ("max_value", "negative_slope", "threshold"), "ThresholdedReLU": ("theta",)}


@register
class ActivationLayer(Kind):
    name = "activation_layer"
    has_weights = True  # PReLU's slopes (the others take `weights` and have none)

    def min_input_rank(self, spec) -> int:
        return 1

    def example_arguments(self, spec):
        return {}

    def complete_arguments(self, spec, kwargs):
        # layer_activation_selu() is R keras's Activation("selu").
        return {"activation": "selu", **kwargs} if spec.keras_class == "Activation" else kwargs

    def check_arguments(self, spec, kwargs):
        # Keras 2.15 (and Keras 3) refuse these when the layer is made; R keras passes them on.
        for name in _NON_NEGATIVE.get(spec.keras_class, ()):
            value = kwargs.get(name)
            if isinstance(value, (int, float)) and value < 0:
                raise RArgumentError(name, r_repr(value), "must not be negative",
                                     f"Keras's {spec.keras_class} refuses a negative {name}")

    def keras3_arguments(self, spec, kwargs):
        if spec.keras_class == "LeakyReLU" and "alpha" in kwargs:
            alpha = kwargs.pop("alpha")
            if isinstance(alpha, (int, float)) and alpha < 0:
                # Keras 3 refuses a negative slope that Keras 2.15 computed: made with 0, then set.
                kwargs["negative_slope"] = 0.0
                return {"negative_slope": alpha}
            kwargs["negative_slope"] = alpha
        if spec.keras3_class and spec.keras_class == "ThresholdedReLU":
            theta = kwargs.pop("theta", 1.0)
            kwargs["threshold"] = theta
            return {"theta": theta}
        return {}

    def config(self, spec, layer, config):
        if not on_keras3():
            return config
        config = dict(config)
        if spec.keras_class == "LeakyReLU":
            config["alpha"] = config.pop("negative_slope")
        elif spec.keras_class == "ELU":
            config["alpha"] = layer.alpha  # Keras 3's ELU leaves it out of its config
        elif spec.keras_class == "ThresholdedReLU":
            for key in ("max_value", "negative_slope", "threshold"):
                config.pop(key, None)
            config["theta"] = layer.theta
        return config

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        axis = getattr(layer, "axis", None) if spec.keras_class == "Softmax" else None
        ndim = len(input_shape)
        for a in (axis if isinstance(axis, (list, tuple)) else [] if axis is None else [axis]):
            if not -ndim <= a < ndim:
                raise RArgumentError("axis", str(a), f"is not an axis of a {ndim}-d input (Keras counts from 0)",
                                     f"input {shown}")

    def keras_config(self, spec, config):
        if not on_keras3():
            return config
        config = dict(config)
        if spec.keras_class == "LeakyReLU":
            config["negative_slope"] = config.pop("alpha")
        elif spec.keras_class == "ThresholdedReLU":
            config["threshold"] = config.pop("theta")
        return config

    def expected_weights(self, spec, layer, input_shape):
        if spec.keras_class != "PReLU":
            return []
        if any(d is None for d in input_shape[1:]):
            return None
        return [ref.prelu_alpha_shape(input_shape, getattr(layer, "shared_axes", None))]

    def reference(self, spec, r_args, x, weights):
        return _REFERENCES[spec.keras_class](x, r_args, weights)
