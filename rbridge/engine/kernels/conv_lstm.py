"""ConvLSTM1D/2D/3D's convolutions on Keras 3: ``channels_first``, and single-window strided axes.

Keras 3's ``ConvLSTMCell`` convolves with ``ops.conv`` in the layer's layout, and
TensorFlow's CPU kernels refuse channels-first ("The Conv2D op currently only supports
the NHWC tensor format on the CPU") except oneDNN in float32. Keras 2's cell computes it
(its ``backend.conv2d`` transposes). rbridge gives the Keras 3 cell convolutions that
compute everywhere: the native op where it computes, else transposes to channels-last and
back (``kernels.conv``); the cell's input bias added on the channel axis. Everything else
(gates, dropout masks, states, ``stateful``, ``return_state``, ``go_backwards``) is the
cell's own, in the layer's layout.
"""

from __future__ import annotations

import types
from typing import Any

import tensorflow as tf

from .conv import conv


def _input_conv(cell: Any, x: Any, w: Any, b: Any = None, padding: str = "valid") -> Any:
    channels_first = cell.data_format == "channels_first"
    outputs = conv(x, w, strides=tuple(cell.strides), padding=padding, dilation=tuple(cell.dilation_rate),
                   channels_first=channels_first)
    if b is not None:
        # any rank (ConvLSTM1D/2D/3D): TensorFlow's "NC..."/"N...C"
        outputs = tf.nn.bias_add(outputs, tf.cast(b, outputs.dtype), data_format="NC..." if channels_first else "N...C")
    return outputs


def _recurrent_conv(cell: Any, x: Any, w: Any) -> Any:
    ones = (1,) * len(cell.strides)
    return conv(x, w, strides=ones, padding="same", dilation=ones,
                channels_first=cell.data_format == "channels_first")


def prepare(layer: Any) -> None:
    """Give a Keras 3 ConvLSTM2D's cell convolutions that compute on every kernel (once per
    layer; plain attributes, around Keras's attribute tracking): channels_first, and a
    strided axis one window long (kernels.conv.single_window_axes)."""
    cell = layer.cell
    if getattr(cell, "_rbridge_convs", False):
        return
    object.__setattr__(cell, "input_conv", types.MethodType(_input_conv, cell))
    object.__setattr__(cell, "recurrent_conv", types.MethodType(_recurrent_conv, cell))
    object.__setattr__(cell, "_rbridge_convs", True)
