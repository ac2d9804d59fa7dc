"""Forward convolutions, 1-D to 3-D (Conv1D, Conv2D, Conv3D; groups; causal padding).

TensorFlow's CPU convolution kernels refuse the channels-first layout ("The Conv2D op
currently only supports the NHWC tensor format on the CPU"; Conv3D likewise) except
oneDNN in float32. Elsewhere the input is transposed to channels-last, convolved, and
the output transposed back. Grouped convolutions are compiled with XLA, as both Keras
engines do (in the layer's own layout: XLA takes channels-first on every CPU). The bias
is added on the channel axis (Keras 3 adds a channels-first bias on the last axis when
that axis's length equals the number of filters).
"""

from __future__ import annotations

import functools
from typing import Any

import tensorflow as tf

from ._common import (data_format, finish, native_computes, pad_axis, run_equivalent, spatial_axis,
                      to_channels_first, to_channels_last)


def conv(inputs: Any, kernel: Any, *, strides: tuple, padding: str, dilation: tuple, groups: int = 1,
         channels_first: bool, force_equivalent: bool = False) -> Any:
    """A Keras ``ConvND`` without bias and activation: ``inputs`` ``(batch, *spatial, in)`` or
    ``(batch, in, *spatial)``, ``kernel`` ``(*kernel_size, in/groups, filters)``; ``padding``
    "valid", "same" or (1-D) "causal"."""
    rank = len(strides)
    kernel = tf.cast(kernel, inputs.dtype)
    padding = padding.lower()
    if padding == "causal":  # (k - 1) * d zeros before the steps, then "valid"
        inputs = pad_axis(inputs, spatial_axis(0, channels_first), (kernel.shape[0] - 1) * dilation[0], 0)
        padding = "valid"
    settings = dict(strides=tuple(strides), padding=padding, dilation=tuple(dilation),
                    channels_first=channels_first)
    if groups > 1:
        return _grouped(tuple(kernel.shape), tuple(sorted(settings.items())))(inputs, kernel)
    if not force_equivalent and native_computes(inputs, plain=not channels_first):
        return tf.nn.convolution(inputs, kernel, list(strides), padding.upper(),
                                 data_format=data_format(rank, channels_first), dilations=list(dilation))
    return run_equivalent(_equivalent, inputs, (kernel,), **settings)


def _equivalent(inputs: Any, kernel: Any, *, strides: tuple, padding: str, dilation: tuple,
                channels_first: bool) -> Any:
    """channels_first through transposes (the layouts' multiply-adds are the same)."""
    rank = len(strides)
    x = to_channels_last(inputs) if channels_first else inputs
    y = tf.nn.convolution(x, kernel, list(strides), padding.upper(), data_format=data_format(rank, False),
                          dilations=list(dilation))
    return to_channels_first(y) if channels_first else y


@functools.lru_cache(maxsize=256)
def _grouped(kernel_shape: tuple, settings: tuple) -> Any:
    """A grouped convolution compiled with XLA (TensorFlow's CPU kernels have none; Keras 2 and
    Keras 3 compile it the same way)."""
    keywords = dict(settings)
    rank = len(keywords["strides"])

    def grouped(inputs: Any, kernel: Any) -> Any:
        return tf.nn.convolution(inputs, kernel, list(keywords["strides"]), keywords["padding"].upper(),
                                 data_format=data_format(rank, keywords["channels_first"]),
                                 dilations=list(keywords["dilation"]))

    return tf.function(grouped, jit_compile=True, autograph=False)


def layer_call(layer: Any, inputs: Any) -> Any:
    """``ConvND.call`` for either engine's layer: the convolution above, the bias on the
    channel axis, the activation."""
    channels_first = layer.data_format == "channels_first"
    outputs = conv(inputs, layer.kernel, strides=tuple(layer.strides), padding=layer.padding,
                   dilation=tuple(layer.dilation_rate), groups=getattr(layer, "groups", 1) or 1,
                   channels_first=channels_first)
    return finish(layer, outputs, channels_first)
