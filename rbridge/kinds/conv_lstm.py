"""Convolutional LSTMs (Keras's ``ConvLSTM``): layer_conv_lstm_2d(). The input has a time
axis before the spatial ones."""

from __future__ import annotations

from ..errors import RArgumentError
from . import register
from ._convolution import Convolution, is_causal, no_channels, reference_settings, refuse_negative
from .base import on_keras3


@register
class ConvLSTM(Convolution):
    name = "conv_lstm"
    time_axis = True
    # Keras's RNN call sets its outputs' static shapes itself (with return_state, several).
    sets_static_shape = False

    def example_input_shape(self, spec):
        return {1: [4, 8, 2], 2: [4, 8, 8, 2], 3: [4, 6, 6, 6, 2]}[spec.rank]

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        super().check_built(spec, layer, input_shape, argument=argument, shown=shown)
        if spec.causal_refused_when_built and is_causal(layer):
            raise RArgumentError("padding", '"causal"', f'must be "valid" or "same" for a {spec.keras_class}',
                                 "R keras 2.15 makes the layer, and Keras fails when it runs (Invalid padding: causal)")

    def complete_arguments(self, spec, kwargs):
        # layer_conv_lstm_1d/3d() send recurrent_activation only when typed, so Keras's default
        # applies: "hard_sigmoid" in Keras 2.15 (clip(0.2x + 0.5)), "sigmoid" in Keras 3. R
        # keras 2.15's is given explicitly (Keras 2.15's meaning of the name on Keras 3).
        if spec.only_supplied and "recurrent_activation" not in kwargs:
            kwargs["recurrent_activation"] = "hard_sigmoid"
        return kwargs

    def check_computable(self, spec, layer):
        # filters = 0 is computed (no_channels); a negative one fails in TensorFlow everywhere.
        refuse_negative("filters", layer.filters)

    def weights_for(self, spec, layer, channels):
        k, f = tuple(layer.kernel_size), layer.filters  # input kernel, recurrent kernel, bias: four gates each
        return [(*k, channels, 4 * f), (*k, f, 4 * f)] + ([(4 * f,)] if layer.use_bias else [])

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        if layer.filters < 1:
            return no_channels(layer, inputs)
        if on_keras3():
            from ..engine.kernels import conv_lstm

            conv_lstm.prepare(layer)  # the cell's convolutions on every kernel
        return keras_call(inputs, *args, **kwargs)

    def reference(self, spec, r_args, x, weights):
        from ..reference import conv_lstm as ref

        bias = weights[2] if r_args.get("use_bias", True) and len(weights) > 2 else None
        return ref.conv_lstm(x, weights[0], weights[1], bias, activation=r_args.get("activation", "tanh"),
                                recurrent_activation=r_args.get("recurrent_activation", "hard_sigmoid"),
                                return_sequences=bool(r_args.get("return_sequences")),
                                return_state=bool(r_args.get("return_state")),
                                go_backwards=bool(r_args.get("go_backwards")),
                                **reference_settings(spec, r_args, spec.rank))
