"""Convolutional LSTMs (Keras's ``ConvLSTM``): layer_conv_lstm_2d(). The input has a time
axis before the spatial ones.

An unknown spatial size (``input_shape = c(3, NA, 8, 1)``) computes in R keras 2.15 (Keras
2.15's ConvRNN makes its initial state from the input: a zero convolution of one step).
Keras 3's cell refuses it when built ("ConvLSTM layers only support static input shapes for
the spatial dimension") and makes its initial state from the static sizes; on Keras 3
rbridge builds the cell's weights (which do not depend on the spatial sizes) with the
unknown sizes standing in as 1, keeps them unknown, and gives the layer Keras 2.15's
initial state."""

from __future__ import annotations

from ..errors import RArgumentError
from . import register
from ._convolution import (Convolution, is_causal, no_channels, reference_settings, refuse_below_one_on_tensor,
                           refuse_negative)
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

    def check_symbolic(self, spec, layer):
        refuse_below_one_on_tensor("filters", layer.filters)

    def before_build(self, spec, layer, input_shape):
        if on_keras3() and None in self.spatial(spec, layer, input_shape):
            _build_cell_on_unknown_sizes(layer.cell)

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
            if None in tuple(getattr(layer.cell, "spatial_dims", ())) and kwargs.get("initial_state") is None \
                    and not layer.stateful:
                kwargs["initial_state"] = _keras2_initial_state(layer.cell, inputs)
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


def _build_cell_on_unknown_sizes(cell) -> None:
    """Let Keras 3's ConvLSTM cell build on unknown spatial sizes, as Keras 2.15's does: its
    weights are built with each unknown size as 1, then the sizes are unknown again (the
    cell's ``spatial_dims`` and the input spec its calls are checked against)."""
    from keras import InputSpec

    keras_build = cell.build  # Keras's build wrapper (names, built flag) around the cell's build

    def build(inputs_shape, states_shape=None):
        shape = tuple(inputs_shape)
        axes = range(2, len(shape)) if cell.data_format == "channels_first" else range(1, len(shape) - 1)
        keras_build(tuple(1 if i in axes and d is None else d for i, d in enumerate(shape)))
        object.__setattr__(cell, "spatial_dims", tuple(shape[i] for i in axes))
        cell.input_spec = InputSpec(ndim=cell.rank + 2, shape=(None,) + shape[1:])

    object.__setattr__(cell, "build", build)


def _keras2_initial_state(cell, sequences) -> list:
    """Keras 2.15's ConvRNN initial state: the convolution of a zero step with a zero kernel of
    ``filters`` outputs (its output shape is the state's, whatever the spatial sizes)."""
    import tensorflow as tf

    step = tf.reduce_sum(tf.zeros_like(sequences), axis=1)
    kernel = tf.zeros(tuple(cell.kernel_size) + (cell.input_dim, cell.filters), dtype=step.dtype)
    state = cell.input_conv(step, kernel, padding=cell.padding)
    return [state, state]
