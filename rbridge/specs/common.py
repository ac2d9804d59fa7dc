"""Rows shared by the family's specs, made by factories that take what differs (the rank,
the R default, how R keras reads the value). A spec module lists its rows in R's order.

R's defaults are written as R deparses them (``c(1L, 1L)``, ``1``), since the drift test
compares them with R keras 2.15's own formals.
"""

from __future__ import annotations

import re

from .. import coercers
from .base import ACTIVATION, CONSTRAINT, INITIALIZER, MISSING, REGULARIZER, RArgument

_KERAS_OBJ = "str | dict | Callable | None"
_INTS = "int | Sequence[int]"


def _py(r_default: str):
    """A simple R default as the Python value it stands for (``c(1L, 1L)`` -> ``(1, 1)``)."""
    text = re.sub(r"(\d)L\b", r"\1", r_default)
    if text == "NULL":
        return None
    if text in ("TRUE", "FALSE"):
        return text == "TRUE"
    if text.startswith('"'):
        return text.strip('"')
    if text.startswith("c("):
        return tuple(int(float(x)) for x in text[2:-1].split(","))
    if text.startswith("list("):
        inner = text[5:-1]
        return tuple(tuple(int(x) for x in part.strip(" c()").split(",")) for part in inner.split("), "))
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def obj() -> RArgument:
    return RArgument("object", None, MISSING, None)


def filters() -> RArgument:
    return RArgument("filters", None, MISSING, coercers.positive_integer, annotation="int")


def integers(name: str, rank: int, r_default: str | None, *, list_is_tuple: bool = True, minimum: int = 1,
             nullable: bool = False) -> RArgument:
    """``kernel_size``, ``strides``, ``dilation_rate``, ``size``, ``output_padding``."""
    coercer = coercers.integer_tuple(rank, minimum=minimum, list_is_tuple=list_is_tuple, nullable=nullable)
    default = MISSING if r_default is None else _py(r_default)
    return RArgument(name, r_default, default, coercer, annotation=_INTS + (" | None" if nullable else ""))


def integer(name: str, r_default: str | None, *, checked_when_built: bool = False) -> RArgument:
    """An integer read with ``as.integer``: ``groups`` (strictly positive). ``checked_when_built``:
    R keras 2.15 makes the layer with any integer (``depth_multiplier = 0``, ConvLSTM2D's
    ``filters = 0``) and TensorFlow fails when it runs; rbridge refuses such a value when the
    layer is built (engine/preflight.py)."""
    coercer = coercers.any_integer if checked_when_built else coercers.positive_integer
    return RArgument(name, r_default, MISSING if r_default is None else _py(r_default), coercer, annotation="int")


def padding_mode(*, causal: bool) -> RArgument:
    return RArgument("padding", '"valid"', "valid", coercers.padding_mode(causal=causal), annotation="str")


def data_format(r_default: str = "NULL") -> RArgument:
    return RArgument("data_format", r_default, _py(r_default), coercers.data_format, annotation="str | None")


def keras_object(name: str, kind: str, r_default: str = "NULL") -> RArgument:
    """An activation, initializer, regularizer or constraint: a name, a Keras object, a config.
    R keras drops a NULL constraint (its ``as_constraint()``) and passes the other NULLs."""
    return RArgument(name, r_default, _py(r_default), coercers.keras_object, drop_if_null=kind == CONSTRAINT,
                     annotation=_KERAS_OBJ, keras_kind=kind)


def logical(name: str, r_default: str) -> RArgument:
    return RArgument(name, r_default, _py(r_default), coercers.logical, annotation="bool")


def initializer(prefix: str, r_default: str) -> RArgument:
    return keras_object(f"{prefix}_initializer", INITIALIZER, r_default)


def regularizer(prefix: str) -> RArgument:
    return keras_object(f"{prefix}_regularizer", REGULARIZER)


def constraint(prefix: str) -> RArgument:
    return keras_object(f"{prefix}_constraint", CONSTRAINT)


def activation(r_default: str = "NULL", name: str = "activation") -> RArgument:
    return keras_object(name, ACTIVATION, r_default)


def use_bias() -> RArgument:
    return logical("use_bias", "TRUE")


# --- R keras's standard layer arguments (create_layer() drops them when NULL) ---------------

def input_shape() -> RArgument:
    return RArgument("input_shape", "NULL", None, coercers.shape, drop_if_null=True,
                     annotation="Sequence[int | None] | None")


def batch_input_shape() -> RArgument:
    return RArgument("batch_input_shape", "NULL", None, coercers.shape, drop_if_null=True,
                     annotation="Sequence[int | None] | None")


def batch_size() -> RArgument:
    return RArgument("batch_size", "NULL", None, coercers.nullable_positive_integer, drop_if_null=True,
                     annotation="int | None")


def dtype() -> RArgument:
    return RArgument("dtype", "NULL", None, coercers.string_or_null, drop_if_null=True, annotation="str | None")


def name() -> RArgument:
    return RArgument("name", "NULL", None, coercers.string_or_null, drop_if_null=True, annotation="str | None")


def trainable() -> RArgument:
    return RArgument("trainable", "NULL", None, coercers.nullable_logical, drop_if_null=True,
                     annotation="bool | None")


def weights() -> RArgument:
    return RArgument("weights", "NULL", None, coercers.weights, drop_if_null=True,
                     annotation="Sequence[Any] | None")


def standard_tail() -> tuple[RArgument, ...]:
    """``input_shape`` to ``weights``: the last seven formals of most convolutions."""
    return (input_shape(), batch_input_shape(), batch_size(), dtype(), name(), trainable(), weights())


def short_tail() -> tuple[RArgument, ...]:
    """``batch_size``, ``name``, ``trainable``, ``weights``: the resampling, padding and
    cropping layers' last formals."""
    return (batch_size(), name(), trainable(), weights())


def kernel_block(prefix: str = "kernel") -> tuple[RArgument, ...]:
    """activation .. bias_constraint of a convolution with one kernel (R's order)."""
    return (
        activation(), use_bias(),
        initializer(prefix, '"glorot_uniform"'), initializer("bias", '"zeros"'),
        regularizer(prefix), regularizer("bias"), regularizer("activity"),
        constraint(prefix), constraint("bias"),
    )


def family(*specs):
    """The family's twenty functions (issue 16): beside a loaded R keras, rbridge's own layer
    answers, not R keras's (LayerSpec.r_keras_answers_when_loaded)."""
    from dataclasses import replace

    return [replace(spec, r_keras_answers_when_loaded=False) for spec in specs]
