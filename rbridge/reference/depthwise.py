"""Keras's depthwise and separable convolutions (1-D and 2-D layers; any rank here), in NumPy.

A depthwise convolution convolves each input channel ``c`` on its own with
``depth_multiplier`` kernels; output channel ``c * depth_multiplier + m`` is channel
``c`` through kernel ``m``. That is a grouped convolution with one group per input
channel, whose kernel (*k, 1, in*dm) is the depthwise kernel (*k, in, dm) reshaped: the
reshape puts ``(c, m)`` at ``c*dm + m``, exactly Keras's order. A separable convolution
is a depthwise one (no bias) followed by a 1x1 convolution (the pointwise kernel), then
the bias and activation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._layout import finish, per_axis, spatial_rank, to_channels_last
from ._windows import correlate, forward_padding


def _depthwise(x: np.ndarray, kernel: np.ndarray, strides, padding, dilation,
               depth_multiplier: int) -> np.ndarray:
    """Channels-last depthwise convolution, no bias."""
    rank = x.ndim - 2
    kernel = np.asarray(kernel, dtype=np.float64)
    sizes, channels = kernel.shape[:rank], kernel.shape[rank]
    if kernel.shape[rank + 1] != depth_multiplier or channels != x.shape[-1]:
        raise ValueError(f"depthwise kernel {kernel.shape} does not fit {x.shape[-1]} channels "
                         f"with depth_multiplier={depth_multiplier}")
    if padding.lower() == "causal" and rank != 1:
        raise ValueError(f"causal padding is 1-D only. Received: padding={padding!r}, rank {rank}")
    pads = [forward_padding(n, k, s, d, padding)
            for n, k, s, d in zip(x.shape[1:-1], sizes, strides, dilation)]
    grouped = kernel.reshape(*sizes, 1, channels * depth_multiplier)
    return correlate(x, grouped, strides, dilation, pads, groups=channels)


def depthwise_conv(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None = None, *,
                   strides: Sequence[int], padding: str, dilation: Sequence[int],
                   depth_multiplier: int, channels_first: bool = False,
                   activation: str | Callable | None = None) -> np.ndarray:
    """``DepthwiseConvND``: ``kernel`` (*kernel_size, in, depth_multiplier), ``bias`` (in*dm,).

    ``padding`` "valid" or "same"; "causal" is computed for 1-D as its definition
    (left zeros), although Keras refuses it for DepthwiseConv1D.
    """
    rank = spatial_rank(x)
    strides = per_axis(strides, rank, "strides")
    dilation = per_axis(dilation, rank, "dilation")
    x = to_channels_last(x, channels_first)
    y = _depthwise(x, kernel, strides, padding, dilation, int(depth_multiplier))
    return finish(y, bias, activation, channels_first)


def separable_conv(x: np.ndarray, depthwise_kernel: np.ndarray, pointwise_kernel: np.ndarray,
                   bias: np.ndarray | None = None, *, strides: Sequence[int], padding: str,
                   dilation: Sequence[int], depth_multiplier: int, channels_first: bool = False,
                   activation: str | Callable | None = None) -> np.ndarray:
    """``SeparableConvND``: depthwise (``depthwise_kernel`` (*k, in, dm)), then pointwise
    (``pointwise_kernel`` (*1s, in*dm, filters)), then ``bias`` (filters,) and activation.

    ``padding`` "valid", "same", or for 1-D "causal" (R keras 2.15 computes it).
    """
    rank = spatial_rank(x)
    strides = per_axis(strides, rank, "strides")
    dilation = per_axis(dilation, rank, "dilation")
    x = to_channels_last(x, channels_first)
    depthwise = _depthwise(x, depthwise_kernel, strides, padding, dilation, int(depth_multiplier))
    ones = (1,) * rank
    y = correlate(depthwise, pointwise_kernel, ones, ones, [(0, 0)] * rank)
    return finish(y, bias, activation, channels_first)
