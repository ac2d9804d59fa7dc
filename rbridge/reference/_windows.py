"""The forward convolution's two definitions: how much each padding mode pads, and the sum.

A forward convolution (Keras's, i.e. a cross-correlation) of a zero-padded input ``x``
gives at output position ``o`` and output channel ``f``::

    y[o, f] = sum over taps t and in-group channels c of x[o*s + t*d, g*C + c] * W[t, c, f]

per spatial axis, where ``g = f // (filters / groups)`` is the group of ``f`` and ``C``
the channels per group. Everything here is channels-last and float64.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

PADDINGS = ("valid", "same", "causal")


def span(kernel_size: int, dilation: int) -> int:
    """How many input steps one dilated kernel covers."""
    return (kernel_size - 1) * dilation + 1


def forward_padding(length: int, kernel_size: int, stride: int, dilation: int,
                    padding: str) -> tuple[int, int]:
    """(before, after) zeros that ``padding`` adds to an axis of ``length`` steps.

    "valid" adds none; "same" is TensorFlow's rule, total
    ``max((ceil(n/s) - 1)*s + span - n, 0)`` with the smaller half before; "causal" puts
    ``span - 1`` zeros before, so output step ``o`` sees only inputs up to ``o``.
    """
    padding = padding.lower()
    covered = span(kernel_size, dilation)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        total = max((math.ceil(length / stride) - 1) * stride + covered - length, 0)
        return total // 2, total - total // 2
    if padding == "causal":
        return covered - 1, 0
    raise ValueError(f"`padding` must be one of {PADDINGS}. Received: padding={padding!r}")


def correlate(x: np.ndarray, kernel: np.ndarray, strides: Sequence[int],
              dilation: Sequence[int], pads: Sequence[tuple[int, int]], groups: int = 1) -> np.ndarray:
    """The forward convolution of channels-last ``x`` with ``kernel`` (*k, in/groups, filters).

    ``pads`` are (before, after) zeros per spatial axis. An axis whose padded length is
    shorter than the kernel's span gives an empty output axis.
    """
    x = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    rank = x.ndim - 2
    sizes = kernel.shape[:rank]
    per_group, filters = kernel.shape[rank], kernel.shape[rank + 1]
    if per_group * groups != x.shape[-1] or filters % groups:
        raise ValueError(f"kernel {kernel.shape} does not fit {x.shape[-1]} input channels "
                         f"in {groups} groups")
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    out_shape = tuple(max((n - span(k, d)) // s + 1, 0)
                      for n, k, d, s in zip(x.shape[1:-1], sizes, dilation, strides))
    out = np.zeros((x.shape[0], *out_shape, filters))
    if 0 in out_shape:
        return out
    # Split the channels into groups: x (..., groups, C), kernel (*k, C, groups, filters/groups).
    grouped_x = x.reshape(*x.shape[:-1], groups, per_group)
    grouped_w = kernel.reshape(*sizes, per_group, groups, filters // groups)
    for tap in np.ndindex(*sizes):
        # The input steps tap `t` meets at each output step: t*d, t*d + s, ...
        window = tuple(slice(t * d, t * d + (o - 1) * s + 1, s)
                       for t, d, o, s in zip(tap, dilation, out_shape, strides))
        contribution = np.einsum("...gc,cgf->...gf", grouped_x[(slice(None), *window)], grouped_w[tap])
        out += contribution.reshape(out.shape)
    return out
