"""Keras's transposed convolutions (Conv1D/2D/3DTranspose), in NumPy, from the definition.

A transposed convolution scatters each input position: input position ``i``, kernel tap
``t`` (dilation ``d``) adds ``x[i] @ W[t].T`` at full-output position ``i*s + t*d``, per
axis. The layer's output is a window of that full output whose length and offset follow
Keras's rules per axis (``deconv_output_length``, and the padding of the forward
convolution it is the gradient of); positions past the full output (``output_padding``)
are zeros.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._layout import finish, per_axis, spatial_rank, to_channels_last
from ._windows import span


def output_length(steps: int, kernel_size: int, strides: int, padding: str,
                  output_padding: int | None, dilation: int = 1) -> int:
    """The output length of one axis, Keras's ``deconv_output_length``."""
    kernel = span(kernel_size, dilation)
    if output_padding is None:
        if padding == "valid":
            return steps * strides + max(kernel - strides, 0)
        return steps * strides  # same
    pad = 0 if padding == "valid" else kernel // 2
    return (steps - 1) * strides + kernel - 2 * pad + output_padding


def conv_transpose(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None = None, *,
                   strides: Sequence[int], padding: str, output_padding: Sequence[int] | None = None,
                   dilation: Sequence[int], channels_first: bool = False,
                   activation: str | Callable | None = None) -> np.ndarray:
    """``ConvNDTranspose`` of ``x`` (batch, *spatial, in) or (batch, in, *spatial).

    ``kernel`` is (*kernel_size, filters, in), as Keras stores it; ``padding`` "valid"
    or "same"; ``output_padding`` None or one integer per axis.
    """
    rank = spatial_rank(x)
    strides = per_axis(strides, rank, "strides")
    dilation = per_axis(dilation, rank, "dilation")
    extra = (None,) * rank if output_padding is None else per_axis(output_padding, rank, "output_padding")
    padding = padding.lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"`padding` must be 'valid' or 'same'. Received: padding={padding!r}")
    x = to_channels_last(x, channels_first)
    kernel = np.asarray(kernel, dtype=np.float64)
    steps, sizes, filters = x.shape[1:-1], kernel.shape[:rank], kernel.shape[rank]
    full_shape = tuple((n - 1) * s + span(k, d) for n, s, k, d in zip(steps, strides, sizes, dilation))
    full = np.zeros((x.shape[0], *full_shape, filters))
    if 0 not in steps:
        for tap in np.ndindex(*sizes):
            # Input position i lands on i*s + t*d: a strided window of the full output.
            window = tuple(slice(t * d, t * d + (n - 1) * s + 1, s)
                           for t, d, n, s in zip(tap, dilation, steps, strides))
            full[(slice(None), *window)] += np.einsum("...c,fc->...f", x, kernel[tap])
    lengths = tuple(output_length(n, k, s, padding, p, d)
                    for n, k, s, p, d in zip(steps, sizes, strides, extra, dilation))
    out = np.zeros((x.shape[0], *lengths, filters))
    # "same" drops the forward convolution's padding, the smaller half before.
    starts = [0 if padding == "valid" else max(f - n, 0) // 2 for f, n in zip(full_shape, lengths)]
    available = full[(slice(None), *(slice(b, b + n) for b, n in zip(starts, lengths)))]
    out[(slice(None), *(slice(0, a) for a in available.shape[1:-1]))] = available
    return finish(out, bias, activation, channels_first)


def conv1d_transpose(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None, *,
                     strides: int = 1, padding: str = "valid", output_padding: int | None = None,
                     dilation: int = 1, channels_first: bool = False,
                     activation: str | Callable | None = None) -> np.ndarray:
    """``Conv1DTranspose`` with scalar settings: x (batch, steps, in) (or (batch, in, steps));
    kernel (kernel_size, filters, in), as Keras. The 1-D form of :func:`conv_transpose`."""
    return conv_transpose(x, kernel, bias, strides=(strides,), padding=padding,
                          output_padding=None if output_padding is None else (output_padding,),
                          dilation=(dilation,), channels_first=channels_first, activation=activation)
