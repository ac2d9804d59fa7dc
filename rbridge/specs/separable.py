"""Depthwise and separable convolutions (Keras's ``BaseDepthwiseConv`` and
``BaseSeparableConv``): layer_separable_conv_{1,2}d() and layer_depthwise_conv_{1,2}d()."""

from __future__ import annotations

from . import common as c
from .base import LayerSpec


def separable(rank: int) -> LayerSpec:
    return LayerSpec(
        f"layer_separable_conv_{rank}d", f"SeparableConv{rank}D", "separable", rank, (
            c.obj(), c.filters(),
            c.integers("kernel_size", rank, None),
            c.integers("strides", rank, "1" if rank == 1 else "c(1, 1)"),
            c.padding_mode(causal=rank == 1),  # R keras 2.15 computes a causal SeparableConv1D
            c.data_format('"channels_last"' if rank == 1 else "NULL"),
            # as.integer(), not as_integer_tuple(), and after data_format, as R keras has it.
            c.integers("dilation_rate", rank, "1", list_is_tuple=False),
            c.integer("depth_multiplier", "1", checked_when_built=True),
            c.activation(), c.use_bias(),
            c.initializer("depthwise", '"glorot_uniform"'), c.initializer("pointwise", '"glorot_uniform"'),
            c.initializer("bias", '"zeros"'),
            c.regularizer("depthwise"), c.regularizer("pointwise"), c.regularizer("bias"),
            c.regularizer("activity"),
            c.constraint("depthwise"), c.constraint("pointwise"), c.constraint("bias"),
            *c.standard_tail(),
        ), keras3_refuses_causal=rank == 1)


def _depthwise_block() -> tuple:
    return (
        c.activation(), c.use_bias(),
        c.initializer("depthwise", '"glorot_uniform"'), c.initializer("bias", '"zeros"'),
        c.regularizer("depthwise"), c.regularizer("bias"), c.regularizer("activity"),
        c.constraint("depthwise"), c.constraint("bias"),
    )


def depthwise_1d() -> LayerSpec:
    # R keras 2.15 makes this one with capture_args(): as.integer() on four arguments, only
    # the arguments the caller supplied go to Keras, and `...` passes any other.
    return LayerSpec(
        "layer_depthwise_conv_1d", "DepthwiseConv1D", "depthwise", 1, (
            c.obj(),
            c.integers("kernel_size", 1, None, list_is_tuple=False),
            c.integers("strides", 1, "1L", list_is_tuple=False),
            c.padding_mode(causal=False),
            c.integer("depth_multiplier", "1L", checked_when_built=True),
            c.data_format(),
            c.integers("dilation_rate", 1, "1L", list_is_tuple=False),
            *_depthwise_block(),
        ), only_supplied=True)


def depthwise_2d() -> LayerSpec:
    return LayerSpec(
        "layer_depthwise_conv_2d", "DepthwiseConv2D", "depthwise", 2, (
            c.obj(),
            c.integers("kernel_size", 2, None),
            c.integers("strides", 2, "c(1, 1)"),
            c.padding_mode(causal=False),
            c.integer("depth_multiplier", "1", checked_when_built=True),
            c.data_format(),
            c.integers("dilation_rate", 2, "c(1, 1)"),
            *_depthwise_block(),
            *c.standard_tail(),
        ))


SPECS = c.family(separable(1), separable(2), depthwise_1d(), depthwise_2d())
