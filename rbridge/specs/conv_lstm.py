"""The convolutional LSTM (Keras's ``ConvLSTM2D``): layer_conv_lstm_2d()."""

from __future__ import annotations

from .. import coercers
from . import common as c
from .base import LayerSpec, RArgument


def _fraction(name: str) -> RArgument:
    return RArgument(name, "0", 0.0, coercers.fraction, annotation="float")


def _flag(name: str, r_default: str) -> RArgument:
    # R keras passes these on as they are and Keras tests their truth ("yes" is TRUE).
    return RArgument(name, r_default, r_default == "TRUE", coercers.truthy, annotation="bool")


def _recurrent_rows() -> tuple[RArgument, ...]:
    """activation .. recurrent_dropout, in the same order in all three ConvLSTM functions."""
    return (
        c.activation('"tanh"'),
        c.activation('"hard_sigmoid"', name="recurrent_activation"),
        c.use_bias(),
        c.initializer("kernel", '"glorot_uniform"'), c.initializer("recurrent", '"orthogonal"'),
        c.initializer("bias", '"zeros"'),
        _flag("unit_forget_bias", "TRUE"),
        c.regularizer("kernel"), c.regularizer("recurrent"), c.regularizer("bias"), c.regularizer("activity"),
        c.constraint("kernel"), c.constraint("recurrent"), c.constraint("bias"),
        _flag("return_sequences", "FALSE"), _flag("return_state", "FALSE"),
        _flag("go_backwards", "FALSE"), _flag("stateful", "FALSE"),
        _fraction("dropout"), _fraction("recurrent_dropout"),
    )


def conv_lstm_2d() -> LayerSpec:
    # No dtype and no batch_input_shape, and input_shape last: as R keras 2.15 has it.
    return LayerSpec(
        "layer_conv_lstm_2d", "ConvLSTM2D", "conv_lstm", 2, (
            # filters = 0 and padding = "causal": made, and refused when built, as in R keras.
            c.obj(), c.integer("filters", None, checked_when_built=True),
            c.integers("kernel_size", 2, None),
            c.integers("strides", 2, "c(1L, 1L)"),
            c.padding_mode(causal=True),
            c.data_format(),
            c.integers("dilation_rate", 2, "c(1L, 1L)", list_is_tuple=False),
            *_recurrent_rows(),
            *c.short_tail(),
            c.input_shape(),
        ), causal_refused_when_built=True, keras3_refuses_causal=True)


def conv_lstm(rank: int) -> LayerSpec:
    """layer_conv_lstm_1d() and layer_conv_lstm_3d() (``ConvLSTM1D``/``ConvLSTM3D``): made with
    R keras's ``capture_args()``, so only the arguments typed reach Keras and ``...`` passes
    the standard ones on. An untyped ``recurrent_activation`` is therefore Keras's default:
    Keras 2.15's ``"hard_sigmoid"`` (``clip(0.2x + 0.5)``), which rbridge keeps on Keras 3
    (whose default is ``"sigmoid"``) through the kind."""
    ones = "1L" if rank == 1 else "c(" + ", ".join(["1L"] * rank) + ")"
    return LayerSpec(
        f"layer_conv_lstm_{rank}d", f"ConvLSTM{rank}D", "conv_lstm", rank, (
            c.obj(), c.integer("filters", None, checked_when_built=True),
            c.integers("kernel_size", rank, None),
            c.integers("strides", rank, ones),
            c.padding_mode(causal=True),
            c.data_format(),
            c.integers("dilation_rate", rank, ones, list_is_tuple=False),
            *_recurrent_rows(),
        ), only_supplied=True, causal_refused_when_built=True, keras3_refuses_causal=True,
        # `...`: capture_args() converts input_shape (normalize_shape) and batch_size
        # (as_nullable_integer); the other standard arguments pass unconverted.
        dots_arguments=(c.input_shape(), c.batch_size()))


SPECS = [*c.family(conv_lstm_2d()), conv_lstm(1), conv_lstm(3)]
