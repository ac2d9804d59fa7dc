"""Depthwise and separable convolutions, 1-D and 2-D (DepthwiseConv1D/2D, SeparableConv1D/2D).

TensorFlow's CPU depthwise kernel refuses the channels-first layout ("Depthwise
convolution on CPU is only supported for NHWC format") and unequal strides along the two
axes ("Current implementation only supports equal length strides in the row and column
dimensions"), except oneDNN in float32. Elsewhere an exact equivalent:

* ``channels_first``: transposes to channels-last and back;
* unequal strides ``(s1, s2)``: the input padded as TensorFlow's "same" pads it for those
  strides (nothing for "valid"), the depthwise convolution at the equal stride
  ``g = gcd(s1, s2)``, then every ``s1/g``-th row and ``s2/g``-th column gathered: the same
  windows, each the same multiply-adds (and ``s1*s2/g**2`` times the windows computed);
* ``padding = "causal"`` (SeparableConv1D, which R keras 2.15 computes and Keras 3 refuses):
  ``(k - 1) * d`` zeros before the steps, then "valid", as Keras 2 does.

1-D layers run as 2-D with a row axis of length 1 (as both Keras engines do). The separable
layer's pointwise step is the 1x1 convolution ``tf.nn.separable_conv2d`` itself performs.
The bias is added on the channel axis.
"""

from __future__ import annotations

import math
from typing import Any

import tensorflow as tf

from ._common import (finish, native_computes, pad_axis, run_equivalent, same_padding, spatial_axis,
                      static_or_dynamic, to_channels_first, to_channels_last)


def depthwise(inputs: Any, depthwise_kernel: Any, pointwise_kernel: Any = None, *, strides: tuple,
              padding: str, dilation: tuple, channels_first: bool, force_equivalent: bool = False) -> Any:
    """A Keras ``DepthwiseConvND`` (``pointwise_kernel`` None) or ``SeparableConvND`` without bias
    and activation. ``depthwise_kernel`` ``(*kernel_size, in, depth_multiplier)``,
    ``pointwise_kernel`` ``(*1s, in*depth_multiplier, filters)``."""
    rank = len(strides)
    dtype = inputs.dtype
    depthwise_kernel = tf.cast(depthwise_kernel, dtype)
    padding = padding.lower()
    if padding == "causal":
        inputs = pad_axis(inputs, spatial_axis(0, channels_first),
                          (depthwise_kernel.shape[0] - 1) * dilation[0], 0)
        padding = "valid"
    strides, dilation = tuple(strides), tuple(dilation)
    if rank == 1:  # as 2-D, with a row axis of length 1
        inputs = tf.expand_dims(inputs, 2 if channels_first else 1)
        depthwise_kernel = tf.expand_dims(depthwise_kernel, 0)
        strides, dilation = (1, *strides), (1, *dilation)
    weights = (depthwise_kernel,)
    if pointwise_kernel is not None:
        pointwise_kernel = tf.cast(pointwise_kernel, dtype)
        if rank == 1:
            pointwise_kernel = tf.expand_dims(pointwise_kernel, 0)
        weights += (pointwise_kernel,)
    settings = dict(strides=strides, padding=padding, dilation=dilation, channels_first=channels_first)
    plain = not channels_first and strides[0] == strides[1]
    if not force_equivalent and native_computes(inputs, plain=plain):
        outputs = _native(inputs, *weights, **settings)
    else:
        outputs = run_equivalent(_equivalent, inputs, weights, **settings)
    return tf.squeeze(outputs, 2 if channels_first else 1) if rank == 1 else outputs


def _native(inputs: Any, depthwise_kernel: Any, pointwise_kernel: Any = None, *, strides: tuple, padding: str,
            dilation: tuple, channels_first: bool) -> Any:
    fmt = "NCHW" if channels_first else "NHWC"
    full_strides = [1, 1, *strides] if channels_first else [1, *strides, 1]
    outputs = tf.nn.depthwise_conv2d(inputs, depthwise_kernel, full_strides, padding.upper(), data_format=fmt,
                                     dilations=list(dilation))
    if pointwise_kernel is not None:
        outputs = tf.nn.conv2d(outputs, pointwise_kernel, 1, "VALID", data_format=fmt)
    return outputs


def _equivalent(inputs: Any, depthwise_kernel: Any, pointwise_kernel: Any = None, *, strides: tuple,
                padding: str, dilation: tuple, channels_first: bool) -> Any:
    x = to_channels_last(inputs) if channels_first else inputs
    if strides[0] != strides[1]:
        y = _unequal_strides(x, depthwise_kernel, strides=strides, padding=padding, dilation=dilation)
    else:
        y = tf.nn.depthwise_conv2d(x, depthwise_kernel, [1, *strides, 1], padding.upper(),
                                   dilations=list(dilation))
    if pointwise_kernel is not None:
        y = tf.nn.conv2d(y, pointwise_kernel, 1, "VALID")
    return to_channels_first(y) if channels_first else y


def _unequal_strides(x: Any, kernel: Any, *, strides: tuple, padding: str, dilation: tuple) -> Any:
    """A channels-last depthwise convolution at strides ``(s1, s2)``, ``s1 != s2``: the input
    padded as "same" pads it for these strides, the op at the equal stride ``g = gcd(s1, s2)``
    ("valid"), then every ``s1/g``-th row and ``s2/g``-th column kept (gathered). Measured
    slower (bench/RESULTS.md): each output row's input rows gathered into blocks convolved at
    ``(s2, s2)``, 4-25x native; the ``lcm(s1, s2)/s`` phases of the output each computed at the
    equal stride ``lcm(s1, s2)`` on a shifted input and interleaved (no extra window, but
    the input read once per phase), 1.5-11x; a strided gather of patches
    (``tf.image.extract_patches``) and a multiply-add, 1.4-300x."""
    if padding == "same":
        for axis in range(2):
            before, after = same_padding(static_or_dynamic(x, axis + 1), kernel.shape[axis], strides[axis],
                                         dilation[axis])
            x = pad_axis(x, axis + 1, before, after)
    step = math.gcd(*strides)
    y = tf.nn.depthwise_conv2d(x, kernel, [1, step, step, 1], "VALID", dilations=list(dilation))
    for axis in (1, 2):
        y = _every(y, axis, strides[axis - 1] // step)
    return y


def _every(y: Any, axis: int, step: int) -> Any:
    """``y``'s indices ``0, step, 2*step, ...`` along ``axis``, by a gather of whole rows or
    columns: TensorFlow's strided slice ``y[:, ::step]`` copies element by element, measured
    at 20-30x a depthwise convolution's own time on 8 x 96 x 96 x 64 (the gather: under 1x)."""
    if step == 1:
        return y
    return tf.gather(y, tf.range(0, static_or_dynamic(y, axis), step), axis=axis)


def _depthwise_kernel(layer: Any) -> Any:
    # Keras 2 names a depthwise layer's kernel `depthwise_kernel`, Keras 3 `kernel`.
    kernel = getattr(layer, "depthwise_kernel", None)
    return layer.kernel if kernel is None else kernel


def layer_call(layer: Any, inputs: Any) -> Any:
    """``DepthwiseConvND.call`` / ``SeparableConvND.call`` for either engine's layer."""
    channels_first = layer.data_format == "channels_first"
    outputs = depthwise(inputs, _depthwise_kernel(layer), getattr(layer, "pointwise_kernel", None),
                        strides=tuple(layer.strides), padding=layer.padding, dilation=tuple(layer.dilation_rate),
                        channels_first=channels_first)
    return finish(layer, outputs, channels_first)


def needs_rbridge(layer: Any) -> bool:
    """Whether Keras's own call would be refused or wrong: channels_first (refused by the CPU
    kernel in Keras 2; in Keras 3 the bias on the wrong axis), unequal strides, causal."""
    strides = tuple(layer.strides)
    return (layer.data_format == "channels_first" or layer.padding == "causal"
            or (len(strides) == 2 and strides[0] != strides[1]))
