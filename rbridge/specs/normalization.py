"""Normalization layers: layer_batch_normalization() (Keras's ``BatchNormalization``) and
layer_layer_normalization() (``LayerNormalization``).

R keras 2.15 makes them differently. layer_batch_normalization() uses ``capture_args()``:
only the arguments typed reach Keras (its defaults apply to the rest), ``axis`` is 1-based
(``as_axis()``: ``axis = 2`` is Keras's 1), and ``...`` takes Keras 2.15's other arguments
(``fused``, ``renorm``, ``virtual_batch_size``, ``adjustment``, the standard ones).
layer_layer_normalization() sends every argument, ``axis`` as ``as.integer()`` (0-based,
as Keras counts), ``trainable`` always, and has no ``input_shape``.
"""

from __future__ import annotations

from .. import coercers
from . import common as c
from .base import LayerSpec, RArgument


def _number(name: str, r_default: str) -> RArgument:
    return RArgument(name, r_default, float(r_default), coercers.number, annotation="float")


def _flag(name: str, r_default: str) -> RArgument:
    # Passed on as it is: Keras tests its truth.
    return RArgument(name, r_default, r_default == "TRUE", coercers.truthy, annotation="bool")


# What layer_batch_normalization()'s `...` passes on to Keras 2.15's BatchNormalization,
# each as R keras's capture_args() converts it (its modifiers: normalize_shape for the
# shapes, as_nullable_integer for batch_size and virtual_batch_size; the rest as they are).
BATCH_NORMALIZATION_DOTS = (
    c.input_shape(), c.batch_input_shape(), c.batch_size(), c.dtype(), c.name(), c.trainable(), c.weights(),
    RArgument("virtual_batch_size", "NULL", None, coercers.nullable_integer, annotation="int | None"),
    RArgument("fused", "NULL", None, coercers.as_is, annotation="bool | None"),
    RArgument("renorm", "FALSE", False, coercers.truthy, annotation="bool"),
    RArgument("renorm_clipping", "NULL", None, coercers.as_is, annotation="dict | None"),
    RArgument("renorm_momentum", "0.99", 0.99, coercers.number, annotation="float"),
    RArgument("adjustment", "NULL", None, coercers.as_is, annotation="Callable | None"),
)


def batch_normalization() -> LayerSpec:
    return LayerSpec(
        "layer_batch_normalization", "BatchNormalization", "batch_normalization", 0, (
            c.obj(),
            RArgument("axis", "-1L", -1, coercers.one_based_axis, annotation="int | Sequence[int]"),
            _number("momentum", "0.99"), _number("epsilon", "0.001"),
            _flag("center", "TRUE"), _flag("scale", "TRUE"),
            c.initializer("beta", '"zeros"'), c.initializer("gamma", '"ones"'),
            c.initializer("moving_mean", '"zeros"'), c.initializer("moving_variance", '"ones"'),
            c.regularizer("beta"), c.regularizer("gamma"),
            c.constraint("beta"), c.constraint("gamma"),
            _flag("synchronized", "FALSE"),
        ), only_supplied=True, dots_arguments=BATCH_NORMALIZATION_DOTS)


def layer_normalization() -> LayerSpec:
    return LayerSpec(
        "layer_layer_normalization", "LayerNormalization", "layer_normalization", 0, (
            c.obj(),
            RArgument("axis", "-1", -1, coercers.python_axis, annotation="int | Sequence[int]"),
            _number("epsilon", "0.001"),
            _flag("center", "TRUE"), _flag("scale", "TRUE"),
            c.initializer("beta", '"zeros"'), c.initializer("gamma", '"ones"'),
            c.regularizer("beta"), c.regularizer("gamma"),
            c.constraint("beta"), c.constraint("gamma"),
            # create_layer() drops a NULL trainable and name; TRUE is always sent.
            RArgument("trainable", "TRUE", True, coercers.nullable_logical, drop_if_null=True,
                      annotation="bool | None"),
            c.name(),
        ))


SPECS = [batch_normalization(), layer_normalization()]
