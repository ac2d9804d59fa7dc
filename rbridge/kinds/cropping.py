"""Cropping (Keras's Cropping1D/2D/3D): layer_cropping_{1,2,3}d(). On Keras 3, computed as
Keras 2.15 does (plain slices), so that cropping a whole axis away gives an empty output
where Keras 3 raises (``spec.refuses_whole_axis_crop``: where Keras 2.15 refuses that too)."""

from __future__ import annotations

from ..errors import RArgumentError
from . import register
from ._amounts import amount_pairs, keras3_negative_amount
from .base import Kind, on_keras3, r_shape


@register
class Cropping(Kind):
    name = "cropping"
    size_argument = "cropping"

    def keras3_arguments(self, spec, kwargs):
        return keras3_negative_amount(spec, kwargs, "cropping")

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        if not spec.refuses_whole_axis_crop:
            return
        spatial = self.spatial(spec, layer, input_shape)
        for axis, (size, (start, end)) in enumerate(zip(spatial, amount_pairs(layer.cropping, spec.rank))):
            if size is not None and start + end >= size:
                raise RArgumentError("cropping", r_shape([start, end]),
                                     f"must leave something of axis {axis + 1} of the input ({size} long)",
                                     f"input {shown}")

    def _first_axis(self, layer) -> int:
        return 2 if self.channels_first(layer) else 1

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        if not on_keras3():
            return keras_call(inputs, *args, **kwargs)
        index = [slice(None)] * len(inputs.shape)
        first = self._first_axis(layer)
        for axis, (start, end) in enumerate(amount_pairs(layer.cropping, spec.rank)):
            index[first + axis] = slice(start, -end if end else None)
        return inputs[tuple(index)]

    def output_shape(self, spec, layer, input_shape):
        if not on_keras3():
            return None
        shape = list(input_shape)
        first = self._first_axis(layer)
        for axis, (start, end) in enumerate(amount_pairs(layer.cropping, spec.rank)):
            size = shape[first + axis]
            shape[first + axis] = None if size is None else max(size - start - end, 0)
        return tuple(shape)

    def reference(self, spec, r_args, x, weights):
        from .. import reference as ref

        return ref.cropping(x, amount_pairs(r_args.get("cropping"), spec.rank),
                            channels_first=r_args.get("data_format") == "channels_first")
