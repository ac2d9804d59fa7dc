"""Dropout and noise: layer_dropout(), layer_spatial_dropout_{1,2,3}d(),
layer_gaussian_noise(), layer_gaussian_dropout(), layer_alpha_dropout() (Keras's
``Dropout``, ``SpatialDropout*D``, ``GaussianNoise``, ``GaussianDropout``,
``AlphaDropout``). Each is the identity in inference mode.

R keras 2.15 passes ``rate`` and ``stddev`` as they are. layer_dropout() passes ``seed``
as it is (an R double: ``seed = 42`` reaches Keras as 42.0, which Keras 2.15 takes and
Keras 3 refuses) and ``noise_shape`` through ``normalize_shape()``. The noise layers and
layer_alpha_dropout() use ``capture_args()``: only the arguments typed reach Keras,
``seed`` ``as_nullable_integer()``, the standard shapes and batch size converted, and
layer_alpha_dropout()'s ``noise_shape`` passed as R gives it.
"""

from __future__ import annotations

from .. import coercers
from . import common as c
from .base import MISSING, LayerSpec, RArgument


def _required_number(name: str) -> RArgument:
    return RArgument(name, None, MISSING, coercers.number, annotation="float")


def _typed_seed() -> RArgument:
    return RArgument("seed", "NULL", None, coercers.nullable_any_integer, annotation="int | None")


# capture_args()'s modifiers for `...` (standard_layer_arg_modifiers): the shapes and the batch
# size converted; dtype, name, trainable, weights as they are.
_CONVERTED_DOTS = (c.input_shape(), c.batch_input_shape(), c.batch_size())


def dropout() -> LayerSpec:
    return LayerSpec("layer_dropout", "Dropout", "dropout", 0, (
        c.obj(), _required_number("rate"),
        RArgument("noise_shape", "NULL", None, coercers.shape, annotation="Sequence[int | None] | None"),
        RArgument("seed", "NULL", None, coercers.nullable_number, annotation="int | float | None"),
        c.input_shape(), c.batch_input_shape(), c.batch_size(), c.name(), c.trainable(), c.weights(),
    ))


def spatial_dropout(rank: int) -> LayerSpec:
    middle = () if rank == 1 else (c.data_format(),)
    return LayerSpec(f"layer_spatial_dropout_{rank}d", f"SpatialDropout{rank}D", "dropout", rank, (
        c.obj(), _required_number("rate"), *middle, *c.short_tail(),
    ))


def gaussian_noise() -> LayerSpec:
    return LayerSpec("layer_gaussian_noise", "GaussianNoise", "dropout", 0, (
        c.obj(), _required_number("stddev"), _typed_seed(),
    ), only_supplied=True, dots_arguments=_CONVERTED_DOTS)


def gaussian_dropout() -> LayerSpec:
    return LayerSpec("layer_gaussian_dropout", "GaussianDropout", "dropout", 0, (
        c.obj(), _required_number("rate"), _typed_seed(),
    ), only_supplied=True, dots_arguments=_CONVERTED_DOTS)


def alpha_dropout() -> LayerSpec:
    return LayerSpec("layer_alpha_dropout", "AlphaDropout", "dropout", 0, (
        c.obj(), _required_number("rate"),
        RArgument("noise_shape", "NULL", None, coercers.nullable_numbers, annotation="Sequence[int | None] | None"),
        _typed_seed(),
    ), only_supplied=True, dots_arguments=_CONVERTED_DOTS)


SPECS = [dropout(), spatial_dropout(1), spatial_dropout(2), spatial_dropout(3), gaussian_noise(),
                 gaussian_dropout(), alpha_dropout()]
