"""Transposed convolutions (Keras's ``BaseConvTranspose``): layer_conv_{1,2,3}d_transpose().

Always computed by rbridge (kernels/conv_transpose.py): TensorFlow's CPU kernels refuse
dilation and channels_first, and Keras 2's Conv3DTranspose ignores dilation
(``spec.ignores_dilation``), which rbridge applies, as the argument documents."""

from __future__ import annotations

import warnings

from ..errors import RArgumentError, RBridgeWarning
from . import register
from ._convolution import Convolution, is_causal, reference_settings
from .base import on_keras3, r_ints


@register
class ConvTranspose(Convolution):
    name = "conv_transpose"
    kernel_must_fit = False

    def check_arguments(self, spec, kwargs):
        super().check_arguments(spec, kwargs)
        strides = kwargs.get("strides", (1,) * spec.rank)
        dilation = kwargs.get("dilation_rate", (1,) * spec.rank)
        if spec.refuses_unequal_dilation and len(set(dilation)) > 1:
            raise RArgumentError("dilation_rate", r_ints(dilation), "must be equal along both axes",
                                 "Keras 2.15, under R keras 2.15, refuses unequal dilation rates here")
        if spec.ignores_dilation and any(d > 1 for d in dilation):
            warnings.warn(
                f"{spec.r_name}(): dilation_rate = {r_ints(dilation)} is applied. R keras 2.15 "
                f"ignores dilation_rate here without a word (Keras 2.15's {spec.keras_class} never passes it on); "
                "rbridge computes the dilated transposed convolution the argument documents, as Keras 3 does.",
                RBridgeWarning, stacklevel=5)  # the caller of the layer function (via preflight)
        output_padding = kwargs.get("output_padding")
        if output_padding is None:
            return
        for pad, stride in zip(output_padding, strides):
            if pad >= stride:
                raise RArgumentError("output_padding", r_ints(output_padding), "must be lower than strides",
                                     f"strides = {r_ints(strides)}")
        for k, d, pad in zip(kwargs["kernel_size"], dilation, output_padding):
            span = (k - 1) * d + 1
            if kwargs.get("padding") == "same" and span % 2 == 0 and pad == 0:
                # Keras's output length is then (steps - 1) * strides, one stride short of what
                # the convolution it transposes maps back to `steps`: TensorFlow fails inside the
                # kernel.
                raise RArgumentError(
                    "output_padding", r_ints(output_padding),
                    'must be NULL or at least 1 with padding = "same" and an even kernel span',
                    f"kernel_size = {r_ints(kwargs['kernel_size'])}, dilation_rate = {r_ints(dilation)}: span {span}",
                )

    def check_channels(self, spec, layer, channels, shown):
        if spec.causal_refused_when_built and is_causal(layer):
            raise RArgumentError(
                "padding", '"causal"',
                'a transposed convolution cannot be computed with padding = "causal"; use "valid" or "same"',
                "R keras 2.15 accepts it when the layer is made and fails when it is called",
            )

    def weights_for(self, spec, layer, channels):
        k = tuple(layer.kernel_size)
        return [(*k, layer.filters, channels)] + ([(layer.filters,)] if layer.use_bias else [])

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        from ..engine.kernels import conv_transpose

        return conv_transpose.layer_call(layer, inputs)

    def _applies_ignored_dilation(self, spec, layer) -> bool:
        return spec.ignores_dilation and any(d > 1 for d in layer.dilation_rate)

    def output_shape(self, spec, layer, input_shape):
        # Keras 2.15's Conv3DTranspose leaves dilation out of its shape; Keras 3's has it.
        if self._applies_ignored_dilation(spec, layer) and not on_keras3():
            from ..engine.kernels import conv_transpose

            return conv_transpose.compute_output_shape(layer, input_shape)
        return None

    def config(self, spec, layer, config):
        # Keras 2.15's Conv3DTranspose pops dilation_rate from its config: put back where it is
        # not 1, so that the layer made from the config computes as this one does (an
        # undilated layer's config stays exactly R keras's).
        if self._applies_ignored_dilation(spec, layer) and "dilation_rate" not in config:
            config = dict(config)
            config["dilation_rate"] = tuple(layer.dilation_rate)
        return config

    def reference(self, spec, r_args, x, weights):
        from .. import reference as ref

        bias = weights[1] if r_args.get("use_bias", True) and len(weights) > 1 else None
        extra = r_args.get("output_padding")
        return ref.conv_transpose(x, weights[0], bias, activation=r_args.get("activation"),
                                  output_padding=None if extra is None else tuple(extra),
                                  **reference_settings(spec, r_args, spec.rank))
