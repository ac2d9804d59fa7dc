"""Depthwise and separable convolutions (Keras's ``BaseDepthwiseConv`` and
``BaseSeparableConv``): layer_depthwise_conv_{1,2}d(), layer_separable_conv_{1,2}d()."""

from __future__ import annotations

from . import register
from ._convolution import Convolution, no_channels, reference_settings, refuse_below_one_on_tensor, refuse_negative


class _Depthwise(Convolution):
    """What depthwise and separable layers share: ``depth_multiplier``, which R keras 2.15
    makes with 0 (computed, an empty depthwise step) and negatives (refused when computed),
    and which Keras 3 refuses below 1 at construction."""

    def keras3_arguments(self, spec, kwargs):
        if kwargs.get("depth_multiplier", 1) < 1:
            value, kwargs["depth_multiplier"] = kwargs["depth_multiplier"], 1
            return {"depth_multiplier": value}
        return {}

    def check_computable(self, spec, layer):
        refuse_negative("depth_multiplier", layer.depth_multiplier)

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        from ..engine.kernels import depthwise

        if layer.depth_multiplier < 1:
            return no_channels(layer, inputs, then_bias=self.name == "separable")
        if depthwise.needs_rbridge(layer):  # channels_first, unequal strides, causal
            return depthwise.layer_call(layer, inputs)
        return keras_call(inputs, *args, **kwargs)


@register
class Depthwise(_Depthwise):
    name = "depthwise"
    size_argument = "depth_multiplier"

    def weights_for(self, spec, layer, channels):
        k = tuple(layer.kernel_size)
        out = channels * layer.depth_multiplier
        return [(*k, channels, layer.depth_multiplier)] + ([(out,)] if layer.use_bias else [])

    def reference(self, spec, r_args, x, weights):
        from .. import reference as ref

        bias = weights[1] if r_args.get("use_bias", True) and len(weights) > 1 else None
        return ref.depthwise_conv(x, weights[0], bias, depth_multiplier=int(r_args.get("depth_multiplier", 1)),
                                  activation=r_args.get("activation"), **reference_settings(spec, r_args, spec.rank))


@register
class Separable(_Depthwise):
    name = "separable"

    def check_symbolic(self, spec, layer):
        # (a depthwise layer's depth_multiplier = 0 gives a tensor of 0 channels in R keras 2.15;
        # a separable layer's pointwise step then fails on them: recorded)
        refuse_below_one_on_tensor("depth_multiplier", layer.depth_multiplier)

    def memory_argument(self, spec, layer):
        return "depth_multiplier" if layer.depth_multiplier > layer.filters else "filters"

    def weights_for(self, spec, layer, channels):
        k = tuple(layer.kernel_size)
        ones = (1,) * spec.rank
        return [(*k, channels, layer.depth_multiplier), (*ones, channels * layer.depth_multiplier, layer.filters)] \
            + ([(layer.filters,)] if layer.use_bias else [])

    def reference(self, spec, r_args, x, weights):
        from .. import reference as ref

        bias = weights[2] if r_args.get("use_bias", True) and len(weights) > 2 else None
        return ref.separable_conv(x, weights[0], weights[1], bias,
                                  depth_multiplier=int(r_args.get("depth_multiplier", 1)),
                                  activation=r_args.get("activation"), **reference_settings(spec, r_args, spec.rank))
