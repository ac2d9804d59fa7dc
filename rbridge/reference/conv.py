"""Keras's forward convolution (Conv1D, Conv2D, Conv3D, grouped or not), in NumPy."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._layout import finish, per_axis, spatial_rank, to_channels_last
from ._windows import correlate, forward_padding


def conv(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None = None, *,
         strides: Sequence[int], padding: str, dilation: Sequence[int], groups: int = 1,
         channels_first: bool = False, activation: str | Callable | None = None) -> np.ndarray:
    """``ConvND`` of ``x`` (batch, *spatial, in) or, channels_first, (batch, in, *spatial).

    ``kernel`` is (*kernel_size, in/groups, filters), as Keras stores it; ``bias``
    (filters,) or None; ``padding`` "valid", "same" or (1-D only) "causal". Returns
    float64 in the input's layout.
    """
    rank = spatial_rank(x)
    strides = per_axis(strides, rank, "strides")
    dilation = per_axis(dilation, rank, "dilation")
    if padding.lower() == "causal" and rank != 1:
        raise ValueError(f"causal padding is 1-D only. Received: padding={padding!r}, rank {rank}")
    x = to_channels_last(x, channels_first)
    sizes = np.shape(kernel)[:rank]
    pads = [forward_padding(n, k, s, d, padding)
            for n, k, s, d in zip(x.shape[1:-1], sizes, strides, dilation)]
    y = correlate(x, kernel, strides, dilation, pads, groups)
    return finish(y, bias, activation, channels_first)
