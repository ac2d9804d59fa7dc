"""The activation layers: layer_activation_relu(), _leaky_relu(), _elu(), _selu(),
_softmax(), _parametric_relu(), _thresholded_relu() (Keras's ``ReLU``, ``LeakyReLU``,
``ELU``, ``Activation("selu")``, ``Softmax``, ``PReLU``, ``ThresholdedReLU``).

R keras 2.15 sends every argument (``create_layer()``), numbers as they are, the
standard seven last (dropped when NULL). ``softmax``'s ``axis`` is ``as.integer()``
(0-based, Keras's own); ``shared_axes`` is sent only when not NULL, as a list of integers
(Keras's 1-based axis numbers). layer_activation_selu() is ``Activation("selu")``.
"""

from __future__ import annotations

from .. import coercers
from . import common as c
from .base import LayerSpec, RArgument


def _number(name: str, r_default: str) -> RArgument:
    return RArgument(name, r_default, c._py(r_default) * 1.0, coercers.number, annotation="float")


def _spec(r_name: str, keras_class: str, *rows: RArgument, **quirks) -> LayerSpec:
    return LayerSpec(r_name, keras_class, "activation_layer", 0, (c.obj(), *rows, *c.standard_tail()), **quirks)


SPECS = [
    _spec("layer_activation_relu", "ReLU",
          RArgument("max_value", "NULL", None, coercers.nullable_number, annotation="float | None"),
          _number("negative_slope", "0"), _number("threshold", "0")),
    _spec("layer_activation_leaky_relu", "LeakyReLU", _number("alpha", "0.3")),
    _spec("layer_activation_elu", "ELU", _number("alpha", "1")),
    _spec("layer_activation_selu", "Activation"),
    _spec("layer_activation_softmax", "Softmax",
          RArgument("axis", "-1", -1, coercers.python_axis, annotation="int | Sequence[int]")),
    _spec("layer_activation_parametric_relu", "PReLU",
          c.initializer("alpha", '"zeros"'), c.regularizer("alpha"), c.constraint("alpha"),
          RArgument("shared_axes", "NULL", None, coercers.shared_axes, drop_if_null=True,
                    annotation="Sequence[int] | None")),
    # Keras 3 has no ThresholdedReLU: its ReLU with threshold = theta computes the same.
    _spec("layer_activation_thresholded_relu", "ThresholdedReLU", _number("theta", "1"), keras3_class="ReLU"),
]
