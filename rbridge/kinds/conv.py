"""Convolutions (Keras's ``BaseConv``): layer_conv_{1,2,3}d()."""

from __future__ import annotations

from ..errors import RArgumentError
from . import register
from ._convolution import Convolution, reference_settings


@register
class Conv(Convolution):
    name = "conv"

    def check_arguments(self, spec, kwargs):
        super().check_arguments(spec, kwargs)
        if kwargs["filters"] % kwargs.get("groups", 1):
            raise RArgumentError("groups", str(kwargs["groups"]), "must divide filters",
                                 f"filters = {kwargs['filters']}")

    def check_channels(self, spec, layer, channels, shown):
        if channels % layer.groups:
            raise RArgumentError("groups", str(layer.groups), "must divide the input's channels",
                                 f"{channels} channels in {shown}")

    def weights_for(self, spec, layer, channels):
        k = tuple(layer.kernel_size)
        return [(*k, channels // layer.groups, layer.filters)] + ([(layer.filters,)] if layer.use_bias else [])

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        from ..engine.kernels import conv

        # channels_first: TensorFlow's CPU kernels refuse it; a strided axis one window long:
        # TensorFlow 2.21's oneDNN float32 Conv2D computes it wrong (kernels/conv.py).
        if layer.data_format == "channels_first" or conv.single_window_axes(
                inputs, tuple(layer.kernel_size), tuple(layer.strides), layer.padding, tuple(layer.dilation_rate),
                False):
            return conv.layer_call(layer, inputs)
        return keras_call(inputs, *args, **kwargs)

    def reference(self, spec, r_args, x, weights):
        from .. import reference as ref

        bias = weights[1] if r_args.get("use_bias", True) and len(weights) > 1 else None
        return ref.conv(x, weights[0], bias, groups=int(r_args.get("groups") or 1),
                        activation=r_args.get("activation"), **reference_settings(spec, r_args, spec.rank))
