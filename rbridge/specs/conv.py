"""Convolutions and transposed convolutions, 1-D to 3-D (Keras's ``BaseConv`` and
``BaseConvTranspose``): R keras 2.15's layer_conv_{1,2,3}d() and
layer_conv_{1,2,3}d_transpose()."""

from __future__ import annotations

from . import common as c
from .base import LayerSpec

# R keras's defaults differ by function in type and spelling: `strides = 1L` against `1`,
# `c(1L, 1L)` against `c(1, 1)`. They are written as R keras 2.15's source has them.
_CONV_DEFAULTS = {1: "1L", 2: "c(1L, 1L)", 3: "c(1L, 1L, 1L)"}
_TRANSPOSE_STRIDES = {1: "1", 2: "c(1, 1)", 3: "c(1, 1, 1)"}
_TRANSPOSE_DILATION = {1: "1", 2: "c(1, 1)", 3: "c(1L, 1L, 1L)"}


def conv(rank: int) -> LayerSpec:
    ones = _CONV_DEFAULTS[rank]
    return LayerSpec(
        f"layer_conv_{rank}d", f"Conv{rank}D", "conv", rank, (
            c.obj(), c.filters(),
            c.integers("kernel_size", rank, None),
            c.integers("strides", rank, ones),
            c.padding_mode(causal=rank == 1),
            c.data_format('"channels_last"' if rank == 1 else "NULL"),
            c.integers("dilation_rate", rank, ones),
            c.integer("groups", "1L"),
            *c.kernel_block(),
            *c.standard_tail(),
        ))


def conv_transpose(rank: int) -> LayerSpec:
    # layer_conv_1d_transpose() reads its integers with as.integer() (a length-1 list is a
    # number); the 2-D and 3-D ones with as_integer_tuple() (an R list is a tuple).
    as_tuple = rank > 1
    return LayerSpec(
        f"layer_conv_{rank}d_transpose", f"Conv{rank}DTranspose", "conv_transpose", rank, (
            c.obj(), c.filters(),
            c.integers("kernel_size", rank, None, list_is_tuple=as_tuple),
            c.integers("strides", rank, _TRANSPOSE_STRIDES[rank], list_is_tuple=as_tuple),
            # "causal" is accepted when the layer is made, as R keras does, and refused when
            # it is built: a transposed convolution cannot be causal.
            c.padding_mode(causal=rank == 1),
            c.integers("output_padding", rank, "NULL", list_is_tuple=as_tuple, minimum=0, nullable=True),
            c.data_format(),
            c.integers("dilation_rate", rank, _TRANSPOSE_DILATION[rank], list_is_tuple=as_tuple),
            *c.kernel_block(),
            *c.standard_tail(),
        ),
        # R keras 2.15: Conv1DTranspose takes "causal" and fails when called (Keras 3 refuses it
        # when made); Conv2DTranspose refuses unequal dilation rates; Conv3DTranspose ignores
        # its dilation_rate.
        causal_refused_when_built=rank == 1, keras3_refuses_causal=rank == 1,
        refuses_unequal_dilation=rank == 2, ignores_dilation=rank == 3)


SPECS = c.family(conv(1), conv(2), conv(3), conv_transpose(1), conv_transpose(2), conv_transpose(3))
