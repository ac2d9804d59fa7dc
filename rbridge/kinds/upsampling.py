"""Resampling (Keras's UpSampling1D/2D/3D): layer_upsampling_{1,2,3}d()."""

from __future__ import annotations

from ..errors import RArgumentError
from . import register
from .base import FAILS_WHEN_RUN, FAILS_WHEN_SYMBOLIC, Kind, r_int

# Keras 3's UpSampling2D methods; R keras 2.15 (Keras 2.15) takes every tf.image.resize
# method (specs/reshaping.py INTERPOLATIONS): the others are made "bilinear" for Keras 3's
# constructor, restored, and computed by rbridge (kernels/upsampling.py).
_KERAS3_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def _sizes(layer) -> tuple:
    return (layer.size,) if isinstance(layer.size, int) else tuple(layer.size)


@register
class Upsampling(Kind):
    name = "upsampling"
    size_argument = "size"

    def keras3_arguments(self, spec, kwargs):
        restore = {}
        size = kwargs.get("size")
        if isinstance(size, int) and size < 1:  # layer_upsampling_1d(size = 0): as.integer(), made
            restore["size"], kwargs["size"] = size, 1
        interpolation = kwargs.get("interpolation")
        if interpolation is not None and interpolation not in _KERAS3_INTERPOLATIONS:
            restore["interpolation"], kwargs["interpolation"] = interpolation, "bilinear"
        return restore

    def check_computable(self, spec, layer):
        for size in _sizes(layer):
            if size < 1:
                raise RArgumentError("size", r_int(size), "must be a strictly positive integer", FAILS_WHEN_RUN)

    def output_shape(self, spec, layer, input_shape):
        spatial = self.spatial(spec, layer, input_shape)
        if not (spec.unknown_size_hides_known_sizes and None in spatial):
            return None
        # R keras 2.15's meaning (recorded): every spatial size unknown, the channels kept.
        shape = list(input_shape)
        first = 2 if self.channels_first(layer) else 1
        shape[first:first + spec.rank] = [None] * spec.rank
        return tuple(shape)

    def check_symbolic(self, spec, layer):
        for size in _sizes(layer):  # layer_upsampling_1d(size = 0): TensorFlow refuses it in the graph
            if size < 1:
                raise RArgumentError("size", r_int(size), "must be a strictly positive integer", FAILS_WHEN_SYMBOLIC)

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        from ..engine.kernels import upsampling

        if getattr(layer, "interpolation", None) in upsampling.KERAS3_REFUSES:
            return upsampling.layer_call(layer, inputs)
        return keras_call(inputs, *args, **kwargs)

    def reference(self, spec, r_args, x, weights):
        from .. import reference as ref

        size = r_args.get("size", 2)
        size = tuple(size) if isinstance(size, (list, tuple)) else (int(size),) * spec.rank
        return ref.upsampling(x, size, channels_first=r_args.get("data_format") == "channels_first",
                              interpolation=r_args.get("interpolation", "nearest"))
