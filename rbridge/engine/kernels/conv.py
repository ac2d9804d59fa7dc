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

from ._common import (data_format, finish, native_computes, pad_axis, run_equivalent, same_padding,
                      spatial_axis, to_channels_first, to_channels_last)


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
    single = single_window_axes(inputs, tuple(kernel.shape[:rank]), strides, padding, dilation, channels_first)
    if single:
        return _first_windows(inputs, kernel, single, strides=tuple(strides), padding=padding,
                              dilation=tuple(dilation), groups=groups, channels_first=channels_first,
                              force_equivalent=force_equivalent)
    settings = dict(strides=tuple(strides), padding=padding, dilation=tuple(dilation),
                    channels_first=channels_first)
    if groups > 1:
        return _grouped(tuple(kernel.shape), tuple(sorted(settings.items())))(inputs, kernel)
    if not force_equivalent and native_computes(inputs, plain=not channels_first):
        return tf.nn.convolution(inputs, kernel, list(strides), padding.upper(),
                                 data_format=data_format(rank, channels_first), dilations=list(dilation))
    return run_equivalent(_equivalent, inputs, (kernel,), **settings)


def single_window_axes(inputs: Any, kernel_size: tuple, strides: tuple, padding: str, dilation: tuple,
                       channels_first: bool) -> tuple[int, ...]:
    """The spatial axes with a stride > 1 whose output is one window long (known before run
    time). TensorFlow 2.21's oneDNN float32 Conv2D computes such an axis wrong (zeros or
    uninitialised memory in all but the first row, with one input channel and a batch of 2
    or more: 1,356 of 44,928 settings measured, every one of them this case); there the stride
    does not matter, so rbridge computes the axis at stride 1 and keeps the first window."""
    axes = []
    for axis, (k, s, d) in enumerate(zip(kernel_size, strides, dilation)):
        n = inputs.shape[spatial_axis(axis, channels_first)]
        if s == 1 or n is None:
            continue
        length = (n + s - 1) // s if padding == "same" else (n - (k - 1) * d - 1) // s + 1
        if length == 1:
            axes.append(axis)
    return tuple(axes)


def _first_windows(inputs: Any, kernel: Any, axes: tuple, *, strides: tuple, padding: str, dilation: tuple,
                   groups: int, channels_first: bool, force_equivalent: bool) -> Any:
    """The convolution with stride 1 on ``axes`` (single-window axes), its first window kept:
    the same multiply-adds. "same" becomes the explicit padding TensorFlow would use at the
    original strides, so the window is where it would have been."""
    rank = len(strides)
    if padding == "same":
        for axis in range(rank):
            tensor_axis = spatial_axis(axis, channels_first)
            before, after = same_padding(inputs.shape[tensor_axis], kernel.shape[axis], strides[axis], dilation[axis])
            inputs = pad_axis(inputs, tensor_axis, before, after)
    unit = tuple(1 if axis in axes else s for axis, s in enumerate(strides))
    outputs = conv(inputs, kernel, strides=unit, padding="valid", dilation=dilation, groups=groups,
                   channels_first=channels_first, force_equivalent=force_equivalent)
    index = [slice(None)] * len(outputs.shape)
    for axis in axes:
        index[spatial_axis(axis, channels_first)] = slice(0, 1)
    return outputs[tuple(index)]


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
