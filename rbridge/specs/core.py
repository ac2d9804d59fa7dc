"""Core layers: layer_dense(), layer_activation(), layer_reshape(), layer_permute(),
layer_repeat_vector(), layer_activity_regularization(), layer_masking() (Keras's
``Dense``, ``Activation``, ``Reshape``, ``Permute``, ``RepeatVector``,
``ActivityRegularization``, ``Masking``). layer_flatten() is rbridge/specs/flatten.py.

R keras 2.15 sends every argument (``create_layer()``, the standard seven dropped when
NULL). ``units`` and ``n`` are ``as.integer()``; ``target_shape`` is ``normalize_shape()``
(NA is an unknown size); ``dims`` is ``as_integer_tuple(force_tuple = TRUE)``, Keras's own
1-based axis numbers, not shifted; ``l1``, ``l2`` and ``mask_value`` are passed as they are.
"""

from __future__ import annotations

from .. import coercers
from . import common as c
from .base import ACTIVATION, MISSING, LayerSpec, RArgument


def _number(name: str, r_default: str) -> RArgument:
    return RArgument(name, r_default, float(r_default), coercers.number, annotation="float")


def dense() -> LayerSpec:
    return LayerSpec("layer_dense", "Dense", "dense", 0, (
        c.obj(),
        # as.integer(units); Keras 2.15 makes a Dense of 0 units (refuses negatives).
        RArgument("units", None, MISSING, coercers.non_negative_integer, annotation="int"),
        *c.kernel_block(), *c.standard_tail(),
    ))


def activation() -> LayerSpec:
    return LayerSpec("layer_activation", "Activation", "activation", 0, (
        c.obj(),
        RArgument("activation", None, MISSING, coercers.keras_object, annotation="str | dict | Callable | None",
                  keras_kind=ACTIVATION),
        *c.standard_tail(),
    ))


def reshape() -> LayerSpec:
    return LayerSpec("layer_reshape", "Reshape", "reshape", 0, (
        c.obj(),
        RArgument("target_shape", None, MISSING, coercers.target_shape, annotation="Sequence[int | None]"),
        *c.standard_tail(),
    ))


def permute() -> LayerSpec:
    return LayerSpec("layer_permute", "Permute", "permute", 0, (
        c.obj(),
        RArgument("dims", None, MISSING, coercers.permutation, annotation="Sequence[int]"),
        *c.standard_tail(),
    ))


def repeat_vector() -> LayerSpec:
    return LayerSpec("layer_repeat_vector", "RepeatVector", "repeat_vector", 0, (
        c.obj(),
        RArgument("n", None, MISSING, coercers.non_negative_integer, annotation="int"),
        *c.short_tail(),
    ))


def activity_regularization() -> LayerSpec:
    return LayerSpec("layer_activity_regularization", "ActivityRegularization", "activity_regularization", 0, (
        c.obj(), _number("l1", "0"), _number("l2", "0"), *c.standard_tail(),
    ))


def masking() -> LayerSpec:
    return LayerSpec("layer_masking", "Masking", "masking", 0, (
        c.obj(), _number("mask_value", "0"), *c.standard_tail(),
    ))


SPECS = [dense(), activation(), reshape(), permute(), repeat_vector(), activity_regularization(),
                 masking()]
